"""A sync station: a real encrypted store with an administrator, two simulator
channels (North, South), the simulator network on 127.0.0.1 sharing the test's
fake clock, per-channel adapters, a publisher and a sync engine whose rate-limit
waits advance that clock instead of sleeping. ``restart()`` closes everything and
opens the store again, as a new run of Cordon would."""

from __future__ import annotations

import asyncio
import json
import random
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio

from console import users as user_admin
from console.adapters import ChannelAdapters
from console.channels.simulator import SimulatorAdapter
from console.posts import create_post
from console.publisher import Publisher
from console.session import Session, SignInThrottle, sign_in
from console.simulator import SimulatorServer
from console.sync import SyncEngine, SyncEvent, SyncPolicy
from storage import audit, channels, inbox, queue
from storage.records import AuditEntry, Role, TargetStatus
from storage.store import Store, Transaction
from storage.timeutil import to_iso
from tests.channels.servers.scripted_http import LoopbackServer, run
from tests.channels.servers.x_server import XApp
from tests.helpers import PASSWORD, make_store

NORTH, SOUTH = 1, 2


class FakeClock:
    """Starts at the real time (loopback servers check times against their own
    clocks) and moves only when told."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC).replace(microsecond=0)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)

    def seconds(self) -> float:
        return self.now.timestamp()


class FakeSleep:
    """The engine's sleep for rate-limit waits: the clock moves, nothing waits."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.clock.advance(seconds=seconds)
        await asyncio.sleep(0)


@dataclass
class Station:
    path: Path
    admin: Session
    clock: FakeClock
    simulator: SimulatorServer
    simulator_adapter: SimulatorAdapter
    adapters: ChannelAdapters
    sync: SyncEngine
    publisher: Publisher
    sleep: FakeSleep
    policy: SyncPolicy
    events: list[SyncEvent] = field(default_factory=list)

    @property
    def store(self) -> Store:
        return self.admin.store

    def at(self, minutes: float) -> str:
        return to_iso(self.clock.now + timedelta(minutes=minutes))

    async def post(self, text: str, channel_id: int = NORTH, minutes: float = 1) -> int:
        created = await create_post(
            self.admin, body=text, channel_ids=[channel_id], scheduled_utc=self.at(minutes)
        )
        return created.targets[0].id

    async def status(self, target_id: int) -> TargetStatus:
        return await self.store.run(lambda db: queue.status_of(db, target_id))

    async def inbox_ids(self, channel_id: int) -> list[str]:
        """The channel's stored remote ids, oldest first."""

        def read(db: object) -> list[str]:
            rows = db.execute(  # type: ignore[attr-defined]
                "SELECT remote_id FROM inbox_items WHERE channel_id = ? ORDER BY id",
                (channel_id,),
            )
            return [str(row[0]) for row in rows]

        return await self.store.run(read)

    async def inbox_count(self, channel_id: int = 0) -> int:
        return await self.store.run(lambda db: inbox.count(db, channel_id))

    async def audit(self, prefix: str = "") -> list[AuditEntry]:
        entries = await self.store.run(lambda db: list(audit.iter_entries(db)))
        return [e for e in entries if e.action.startswith(prefix)]

    async def afters(self, prefix: str) -> list[tuple[str, dict[str, Any]]]:
        """(object id, the entry's ``after``) of each audit entry whose action starts so."""
        return [(e.object_id, json.loads(e.after or "{}")) for e in await self.audit(prefix)]

    def _build(self) -> None:
        self.adapters = ChannelAdapters(
            self.admin.store, simulator=self.simulator_adapter, clock=self.clock
        )
        self.sync = SyncEngine(
            self.admin.store, self.adapters, policy=self.policy, clock=self.clock,
            sleep=self.sleep, rng=random.Random(5),
        )  # fmt: skip
        self.sync.add_listener(self.events.append)
        self.publisher = Publisher(self.admin.store, self.adapters, clock=self.clock)

    async def restart(self) -> None:
        """Everything closed, the store opened again: a new run of Cordon."""
        await self.sync.stop()
        await self.adapters.aclose()
        await self.admin.sign_out()
        self.admin = await sign_in(
            self.path, "alice", PASSWORD, via="test", throttle=SignInThrottle(), clock=self.clock
        )
        self._build()

    async def close(self) -> None:
        await self.sync.stop()
        await self.adapters.aclose()
        await self.simulator_adapter.aclose()
        await self.admin.sign_out()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def simulator(clock: FakeClock) -> Iterator[SimulatorServer]:
    server = SimulatorServer(clock=clock.seconds).start()
    yield server
    server.stop()


@pytest_asyncio.fixture
async def station(
    store_where: Path | str, clock: FakeClock, simulator: SimulatorServer
) -> AsyncIterator[Station]:
    path = store_where
    await (await make_store(path)).close()
    admin = await sign_in(
        path, "alice", PASSWORD, via="test", throttle=SignInThrottle(), clock=clock
    )
    await user_admin.set_roles(admin, "alice", [Role.ADMINISTRATOR, Role.DUTY_OFFICER], reason="t")

    def add(tx: Transaction) -> None:
        for name, account, area in (("North", "north", "N"), ("South", "south", "S")):
            channels.insert(
                tx.db, name=name, network="simulator", account=account, area=area, now=tx.now()
            )

    await admin.store.write(add)
    adapter = SimulatorAdapter(simulator.url, timeout=httpx.Timeout(2.0))
    made = Station(
        path, admin, clock, simulator, adapter, None, None, None, FakeSleep(clock),  # type: ignore[arg-type]
        SyncPolicy(),
    )  # fmt: skip
    made._build()
    yield made
    await made.close()


@pytest.fixture
def x_app() -> XApp:
    return XApp()


@pytest.fixture
def x_server(x_app: XApp) -> Iterator[LoopbackServer]:
    running = run(x_app)
    yield running
    running.stop()


async def add_x_channel(station: Station, x_app: XApp) -> int:
    """An X channel (not yet connected) posting as the loopback server's account."""
    added: int = await station.store.write(
        lambda tx: channels.insert(
            tx.db, name="Force X", network="x", account=x_app.user_id, area="", now=tx.now()
        )
    )
    return added
