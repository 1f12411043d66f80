"""Sync ingesting 10,000 inbox items while the main window shows the inbox: items
per second, and how late the UI event loop runs meanwhile (target: p99 under 50 ms).

    .venv/bin/python bench/sync_window.py [--items N] [--profile FILE]

Runs offscreen. The main window is open on a fresh store with four simulator
channels and the real engine (publisher, scheduler, sync, the simulator network on
127.0.0.1), the Inbox area on screen. The items are injected through the
simulator's ``/control`` endpoint in batches of 500, spread over the channels, as an
exercise's injects would arrive; sync reads them (its normal pass, pages of 100)
and the inbox list follows live. A ``QTimer`` ticking every 10 ms records how late
each tick fires: that lateness is the lag an officer would feel. ``--profile`` writes
a cProfile of the run (the UI thread) for ``python -m pstats``.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx
import qasync
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from console import channel_admin
from console import users as user_admin
from console.engine import Engine
from console.session import SignInThrottle, sign_in
from console.sync import SyncPolicy
from storage import inbox
from storage.keyslots import KdfParams
from storage.lifecycle import create_store
from storage.records import Role
from ui.frame.app import style_sheet
from ui.frame.main_window import MainWindow

PASSWORD = "benchmark password"
ACCOUNTS = ("north", "south", "east", "west")
BATCH = 500
TICK_MS = 10


class Heartbeat:
    """A QTimer every 10 ms on the UI thread, recording how late each tick is."""

    def __init__(self) -> None:
        self.lateness: list[float] = []
        self._timer = QTimer()
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)
        self._last = 0.0

    def start(self) -> None:
        self._last = time.perf_counter()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.lateness.append(max(0.0, now - self._last - TICK_MS / 1000))
        self._last = now


async def run(count: int, folder: Path) -> tuple[float, float, list[float]]:
    path = folder / "window.cordon"
    await (await create_store(path, user="alice", password=PASSWORD, kdf=KdfParams(1, 64))).close()
    session = await sign_in(path, "alice", PASSWORD, via="bench", throttle=SignInThrottle())
    await user_admin.set_roles(
        session, "alice", [Role.ADMINISTRATOR, Role.DUTY_OFFICER], reason="b"
    )
    for account in ACCOUNTS:
        await channel_admin.add_channel(
            session, name=account.capitalize(), network="simulator", account=account
        )
    engine = Engine(session.store, sync_policy=SyncPolicy(interval=1.0, pages_per_pass=1000))
    window = MainWindow(session)
    window.resize(1400, 850)
    window.show()
    await engine.start()
    window.show_area("inbox")
    view = window.inbox_view
    await asyncio.sleep(1.5)  # the first passes (empty inboxes) are done
    assert engine.sync is not None

    beat = Heartbeat()
    beat.start()
    started = time.perf_counter()
    async with httpx.AsyncClient(base_url=engine.simulator.url) as client:
        for first in range(0, count, BATCH):
            items = [
                {"account": ACCOUNTS[n % len(ACCOUNTS)], "kind": ("mention", "reply")[n % 2],
                 "author_handle": f"resident{n % 97}",
                 "text": f"Is the road by the school open yet? Message {n}"}
                for n in range(first, min(first + BATCH, count))
            ]  # fmt: skip
            answer = await client.post("/control", json={"inbox": items})
            answer.raise_for_status()
    engine.sync.wake()

    async def stored() -> int:
        return await session.store.run(lambda db: inbox.count(db))

    while await stored() < count:
        await asyncio.sleep(0.05)
    ingested = time.perf_counter() - started
    while view.model.rowCount() < count:
        await asyncio.sleep(0.01)
    shown = time.perf_counter() - started
    await asyncio.sleep(1.0)  # the view's last reload and repaint, still measured
    beat.stop()
    window.close_for_good()
    await engine.stop()
    await session.sign_out()
    return ingested, shown, beat.lateness


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--profile", type=Path)
    arguments = parser.parse_args()
    app = QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)
    app.setStyleSheet(style_sheet())
    profiler = cProfile.Profile() if arguments.profile else None
    with (
        tempfile.TemporaryDirectory() as folder,
        asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner,
    ):
        if profiler is not None:
            profiler.enable()
        ingested, shown, lateness = runner.run(run(arguments.items, Path(folder)))
        if profiler is not None:
            profiler.disable()
            profiler.dump_stats(str(arguments.profile))
    lateness.sort()
    p99 = lateness[max(0, int(len(lateness) * 0.99) - 1)] * 1000
    count = arguments.items
    print(
        f"{count:,} items: all stored after {ingested:.2f} s ({count / ingested:,.0f} items/s), "
        f"all in the inbox list after {shown:.2f} s"
    )
    print(
        f"UI event-loop lag ({len(lateness)} ticks of {TICK_MS} ms): median "
        f"{statistics.median(lateness) * 1000:.1f} ms, p99 {p99:.1f} ms, "
        f"max {lateness[-1] * 1000:.1f} ms  [target p99 < 50 ms]"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
