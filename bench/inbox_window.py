"""The inbox window with 100,000 items: open the area, filter by keyword, scroll,
and how long the event loop is kept waiting meanwhile (target: p99 under 50 ms).

    .venv/bin/python bench/inbox_window.py [--items N]

Runs offscreen on one encrypted store. Items go in the way sync stores them
(pages of 600, filed into conversations in the same transaction): about a third
start a conversation of their own, the rest answer one, on three channels; a
fifth of the conversations are assigned, a tenth closed, and 200 made
reports (so the reference and clock columns show). Then the Inbox area
(``ui.inbox.inbox_view.InboxView``, its lazy list and the detail pane) is opened
(model ready, first paint), filtered by a keyword and cleared again, and
scrolled page by page from top to bottom and back. A 5 ms heartbeat records
how late each beat fires: that lateness is the lag an officer would feel.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import qasync
from PySide6.QtWidgets import QApplication

from bench.inbox_workflow import items_threaded  # the same threaded inbox
from console import channel_admin
from console import users as user_admin
from console.channels.base import InboxItem
from console.reports.grading import Category, Grade, Thrive
from console.reports.service import create_report
from console.session import Session, SignInThrottle, sign_in
from storage import conversations
from storage.keyslots import KdfParams
from storage.lifecycle import create_store
from storage.records import Role
from storage.store import Transaction
from ui.common.lazy_model import LOADING
from ui.common.sync_bridge import SyncBridge
from ui.common.tasks import Tasks
from ui.frame.app import style_sheet
from ui.inbox.inbox_model import PREVIEW
from ui.inbox.inbox_view import InboxView

PASSWORD = "benchmark password"
PAGE = 200


class Heartbeat:
    """A task on the loop every 5 ms, recording how late each beat is, per phase."""

    def __init__(self) -> None:
        self.phase = "idle"
        self.lateness: dict[str, list[float]] = {}
        self._running = False
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._running = True
        self._task = asyncio.ensure_future(self._beat())

    async def stop(self) -> None:
        self._running = False
        if self._task is not None:
            await self._task

    async def _beat(self) -> None:
        beat = 0.005
        expected = time.perf_counter() + beat
        while self._running:
            await asyncio.sleep(beat)
            now = time.perf_counter()
            self.lateness.setdefault(self.phase, []).append(max(0.0, now - expected))
            expected = now + beat


async def until(condition: Callable[[], bool], seconds: float = 120.0) -> None:
    deadline = time.perf_counter() + seconds
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the inbox did not get there in time")
        await asyncio.sleep(0.002)


async def timed(label: str, step: Callable[[], Awaitable[None]]) -> float:
    began = time.perf_counter()
    await step()
    spent = time.perf_counter() - began
    print(f"  {label:<44} {spent * 1000:8.0f} ms")
    return spent


async def bench_session(path: Path | str) -> Session:
    """A new store at ``path`` (a fast key cost), signed in as alice (administrator and
    duty officer), with three simulator channels: North, South, East."""
    await (await create_store(path, user="alice", password=PASSWORD, kdf=KdfParams(1, 64))).close()
    session = await sign_in(path, "alice", PASSWORD, via="bench", throttle=SignInThrottle())
    await user_admin.set_roles(
        session, "alice", [Role.ADMINISTRATOR, Role.DUTY_OFFICER], reason="bench"
    )
    for name in ("North", "South", "East"):
        await channel_admin.add_channel(session, name=name, network="simulator", account=name)
    return session


async def file_items(session: Session, count: int) -> None:
    """``count`` threaded items on channels 1 to 3, stored and filed as sync does."""
    made = items_threaded(
        count, datetime.now(UTC) - timedelta(seconds=30 * count), random.Random(7)
    )
    for first in range(0, len(made), PAGE * 3):
        chunk = made[first : first + PAGE * 3]

        def page(tx: Transaction, chunk: list[tuple[int, InboxItem]] = chunk) -> None:
            for channel in (1, 2, 3):
                conversations.collect(tx.db, channel, [i for c, i in chunk if c == channel],
                                      tx.now())  # fmt: skip

        await session.store.write(page)


async def run(count: int, path: Path | str) -> None:
    """``path``: a new store file, or an empty team database's URL."""
    session = await bench_session(path)
    began = time.perf_counter()
    await file_items(session, count)

    def some_worked(tx: Transaction) -> int:
        tx.execute("UPDATE inbox_conversations SET state = 'closed' WHERE id % 10 = 0")
        tx.execute(
            "UPDATE inbox_conversations SET state = 'assigned', assignee_user_id = 1"
            " WHERE id % 5 = 1"
        )
        return int(tx.db.execute("SELECT count(*) FROM inbox_conversations").fetchone()[0])

    total = await session.store.write(some_worked)
    thrive = Thrive(*["none identified"] * 6)
    for item_id in range(count, 0, -max(count // 200, 1)):
        await create_report(session, [item_id], category=Category.CRIME, grade=Grade.PRIORITY,
                            thrive=thrive)  # fmt: skip
    print(f"{count:,} items in {total:,} conversations, stored and filed in "
          f"{time.perf_counter() - began:.1f} s")  # fmt: skip

    tasks = Tasks()
    view = InboxView(session, tasks, SyncBridge(session, tasks, None))
    view.resize(1300, 800)
    view.show()
    beat = Heartbeat()
    beat.start()

    def previews() -> list[str]:
        first = max(view.table.rowAt(0), 0)
        return [str(view.model.data(view.model.index(first + r, PREVIEW))) for r in range(5)]

    async def open_area() -> None:
        await view.refresh()

    async def first_paint() -> None:
        await until(lambda: LOADING not in previews())

    print("timings:")
    beat.phase = "open"
    await timed("open: the list ready (ids, counts)", open_area)
    await timed("open: first rows painted", first_paint)
    beat.phase = "filter"
    for word in ("crash flood", "#99999"):

        async def keyword(word: str = word) -> None:
            view.search.setText(word)
            await until(lambda: view.model.filter.keyword == word and not view._refreshing)
            await until(lambda: view.model.rowCount() == 0 or LOADING not in previews())

        await timed(f"filter by keyword {word!r} (300 ms typing pause)", keyword)
        print(f"  {'':<44} {view.model.rowCount():>8,} conversations")

    async def cleared() -> None:
        view.search.clear()
        await until(lambda: not view.model.filter.keyword and not view._refreshing)
        await until(lambda: LOADING not in previews())

    await timed("keyword cleared: the whole list again", cleared)

    beat.phase = "scroll"

    async def scroll() -> None:
        bar = view.table.verticalScrollBar()
        steps = 400
        for direction in (1, -1):
            for step in range(steps + 1):
                fraction = step / steps if direction == 1 else 1 - step / steps
                bar.setValue(int(bar.maximum() * fraction))
                await asyncio.sleep(0.01)
        await until(lambda: LOADING not in previews())

    await timed("scroll top to bottom and back (800 steps)", scroll)
    await beat.stop()
    view.detach()
    await tasks.cancel_all()
    await session.sign_out()

    print("event-loop lag (5 ms heartbeat):")
    every: list[float] = []
    for phase, found in beat.lateness.items():
        every += found
        found.sort()
        p99 = found[max(0, int(len(found) * 0.99) - 1)] * 1000
        median = statistics.median(found) * 1000
        print(f"  {phase:<8} {len(found):>6} beats: median {median:5.1f} ms,"
              f" p99 {p99:6.1f} ms, max {found[-1] * 1000:6.1f} ms")  # fmt: skip
    every.sort()
    p99 = every[max(0, int(len(every) * 0.99) - 1)] * 1000
    print(f"  {'overall':<8} {len(every):>6} beats: p99 {p99:.1f} ms  [target p99 < 50 ms]")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--url", help="an empty team database (postgresql://...), not a file")
    options = parser.parse_args()
    count = options.items
    app = QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)
    app.setStyleSheet(style_sheet())
    with (
        tempfile.TemporaryDirectory() as folder,
        asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner,
    ):
        runner.run(run(count, options.url or Path(folder) / "inbox.cordon"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
