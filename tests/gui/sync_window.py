"""What the window tests of background sync share: a desk with two simulator
channels and the real engine (publisher, scheduler, sync, the simulator network on
127.0.0.1) on a quick sync policy, and the main window open on it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import httpx
from pytestqt.qtbot import QtBot

from console import users as user_admin
from console.engine import Engine
from console.publisher import PublishPolicy
from console.service import EngineService
from console.session import Session
from console.simulator import SimulatorServer
from console.sync import SyncPolicy
from storage import channels
from storage.records import Role
from storage.store import Transaction
from tests.gui.waiting import until
from ui.frame.main_window import MainWindow

NORTH, SOUTH = 1, 2
# Passes every half second, quick backoff, blocked channels look again soon.
QUICK = SyncPolicy(interval=0.5, first_backoff=0.3, max_backoff=1.0, recheck=0.5, jitter=0.0)


async def admin_with_channels(session: Session) -> Session:
    await user_admin.set_roles(
        session, "alice", [Role.ADMINISTRATOR, Role.DUTY_OFFICER], reason="test"
    )

    def add(tx: Transaction) -> None:
        for name, account in (("North", "north"), ("South", "south")):
            channels.insert(tx.db, name=name, network="simulator", account=account, area="",
                            now=tx.now())  # fmt: skip

    await session.store.write(add)
    return session


@dataclass
class Desk:
    window: MainWindow
    engine: Engine

    @property
    def simulator(self) -> SimulatorServer:
        return self.engine.simulator


@asynccontextmanager
async def desk(
    session: Session, qtbot: QtBot, policy: PublishPolicy | None = None
) -> AsyncIterator[Desk]:
    """The main window beside a running engine service (in this process, on the same
    loop: it answers the window's requests as ``cordon serve`` does), both stopped
    afterwards."""
    engine = Engine(session.store, policy=policy, sync_policy=QUICK)
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.resize(1400, 850)
    window.show()
    served = EngineService(session.store, engine, started_by=session.user.name)
    await served.start()
    try:
        await until(lambda: engine.sync is not None)
        yield Desk(window, engine)
    finally:
        window.close_for_good()
        await served.stop("test over")


async def inject(d: Desk, *items: dict[str, str]) -> None:
    """Items arrive on the simulator network (``account`` says which channel's)."""
    async with httpx.AsyncClient(base_url=d.simulator.url) as client:
        answer = await client.post("/control", json={"inbox": list(items)})
    assert answer.status_code == 200
