"""A publishing desk: a store with an officer and gold, two simulator channels
(North and South), the simulator network on 127.0.0.1 and a publisher on a fake
clock. Used by the publisher and incident tests."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
import pytest_asyncio

from console import users as user_admin
from console.adapters import ByNetwork
from console.channels.simulator import SimulatorAdapter
from console.posts import create_post
from console.publisher import Publisher
from console.session import Session, SignInThrottle, sign_in
from console.simulator import SimulatorServer
from storage import channels, queue
from storage.records import Role, TargetStatus
from storage.store import Transaction
from storage.timeutil import to_iso
from tests.helpers import FAST_KDF, PASSWORD, make_store


class FakeClock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass
class Desk:
    officer: Session
    gold: Session
    clock: FakeClock
    simulator: SimulatorServer
    publisher: Publisher
    adapter: SimulatorAdapter

    def at(self, minutes: float) -> str:
        return to_iso(self.clock.now + timedelta(minutes=minutes))

    async def post(
        self, text: str = "Road closed on the A1", minutes: float = 1, **kw: object
    ) -> int:
        created = await create_post(
            self.officer,
            body=text,
            channel_ids=[1],
            scheduled_utc=self.at(minutes),
            **kw,  # type: ignore[arg-type]
        )
        return created.targets[0].id

    async def status(self, target_id: int) -> TargetStatus:
        return await self.officer.store.run(lambda db: queue.status_of(db, target_id))


@pytest.fixture
def simulator() -> Iterator[SimulatorServer]:
    server = SimulatorServer().start()
    yield server
    server.stop()


@pytest_asyncio.fixture
async def desk(store_where: Path | str, simulator: SimulatorServer) -> AsyncIterator[Desk]:
    path = store_where
    await (await make_store(path)).close()
    clock = FakeClock()
    admin = await sign_in(
        path, "alice", PASSWORD, via="test", throttle=SignInThrottle(), clock=clock
    )
    await user_admin.set_roles(admin, "alice", [Role.ADMINISTRATOR, Role.DUTY_OFFICER], reason="t")
    gold_user = await user_admin.add_user(
        admin, name="gold", password="gold commander 1", roles=[Role.APPROVER], kdf=FAST_KDF
    )

    def channel(tx: Transaction) -> None:
        channels.insert(
            tx.db, name="Force X", network="simulator", account="force", area="North", now=tx.now()
        )
        channels.insert(
            tx.db, name="Force South", network="simulator", account="south", area="South",
            now=tx.now(),
        )  # fmt: skip

    await admin.store.write(channel)
    adapter = SimulatorAdapter(simulator.url, timeout=httpx.Timeout(1.0))
    publisher = Publisher(admin.store, ByNetwork({"simulator": adapter}), clock=clock)
    yield Desk(
        admin, Session(admin.store, gold_user, via="test"), clock, simulator, publisher, adapter
    )
    await adapter.aclose()
    await admin.sign_out()
