"""The engine in its own process, measured side by side in one run.

    .venv/bin/python bench/engine_split.py [--question-seconds 60] [--posts 40] [--engages 20]

1. **A question left open**: posts fall due while a real question (a window-modal
   message box opened through ``PROMPTS``) stays open for ``--question-seconds``,
   against the same posts with no question open; the engine runs in its own process
   (``cordon serve``, started by the window's keeper) and, for comparison, on the
   window's own loop. Reported: how late each post went out (worst and median).
   Target: the same within 1 s.
2. **A commit in one process, on the other's screen**: the engine publishes
   ``--posts`` posts, one every 0.25 s; the window's queue view counts them. From each
   publish commit in the engine to the queue on screen counting it: p50 and p99.
   Target: p99 under 500 ms.
3. **Engage with the engine running**: ``hold_now`` on a store with 100 queued targets
   and on one with 100,000 while the engine runs beside it (target: the same time at
   both sizes); then a second console (its own store connection and window) from the
   engage's commit to its banner turning red, ``--engages`` times: p50 and p99
   (target: p99 under 500 ms).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.incident_mode import PASSWORD, desk, reset  # noqa: E402
from console.engine import Engine  # noqa: E402
from console.engine_keeper import EngineKeeper, ProcessLauncher  # noqa: E402
from console.posts import create_post  # noqa: E402
from console.service import EngineService  # noqa: E402
from console.session import Session, SignInThrottle, sign_in  # noqa: E402
from incident import engage  # noqa: E402
from storage.timeutil import from_iso, to_iso  # noqa: E402

COMMAND = [sys.executable, str(ROOT / "main.py")]


def _publishing(keeper: EngineKeeper) -> bool:
    return keeper.health.publishing


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def until(condition: Callable[[], bool], seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met in time")
        await asyncio.sleep(0.005)


async def statuses(session: Session, target_ids: list[int]) -> dict[int, tuple[str, str | None]]:
    marks = ",".join("?" * len(target_ids))
    return await session.store.run(
        lambda db: {
            int(r[0]): (str(r[1]), r[2])
            for r in db.execute(
                f"SELECT id, status, published_utc FROM targets WHERE id IN ({marks})",
                target_ids,
            )
        }
    )


async def lateness(session: Session, spread: float, count: int, ask: bool) -> list[float]:
    """``count`` posts due over ``spread`` seconds from 2 s on, with a real question
    open all the while when ``ask``: how late each went out (seconds)."""
    from PySide6.QtWidgets import QApplication

    from ui.common.prompts import PROMPTS

    start = datetime.now(UTC) + timedelta(seconds=2)
    due: dict[int, datetime] = {}
    for n in range(count):
        when = start + timedelta(seconds=spread * n / max(count - 1, 1))
        post = await create_post(
            session, body=f"Due {n} {time.time()}", channel_ids=[1], scheduled_utc=to_iso(when)
        )
        due[post.targets[0].id] = when
    question = None
    if ask:
        parent = QApplication.activeWindow() or QApplication.topLevelWidgets()[0]
        question = asyncio.ensure_future(
            PROMPTS.confirm(parent, "Left open", "Nobody answers this question.")
        )
    ids = list(due)
    deadline = time.monotonic() + spread + 60

    async def all_out() -> bool:
        found = await statuses(session, ids)
        return all(status == "published" for status, _at in found.values())

    while not await all_out():
        if time.monotonic() > deadline:
            raise TimeoutError("posts did not go out")
        await asyncio.sleep(0.2)
    if question is not None:
        assert not question.done(), "the question was answered"
        PROMPTS.close_all()
        await question
    found = await statuses(session, ids)
    return [(from_iso(str(found[t][1])) - when).total_seconds() for t, when in due.items()]


def late_line(label: str, values: list[float]) -> str:
    return f"{label:<52} worst {ms(max(values))}   median {ms(statistics.median(values))}"


async def question_open(folder: Path, seconds: float) -> None:
    from ui.frame.main_window import MainWindow

    count = max(4, int(seconds / 5))
    for where in ("own process", "window's loop"):
        session = await desk(folder, f"question-{where[:3]}", 0, channels=1)
        window = MainWindow(session)
        window.show()
        keeper: EngineKeeper | None = None
        served: EngineService | None = None
        if where == "own process":
            keeper = EngineKeeper(session.store, ProcessLauncher(COMMAND), started_by="alice")
            await keeper.start()
            await until(partial(_publishing, keeper))
        else:
            served = EngineService(session.store, Engine(session.store), started_by="alice")
            await served.start()
        try:
            idle = await lateness(session, seconds, count, ask=False)
            asked = await lateness(session, seconds, count, ask=True)
        finally:
            window.close_for_good()
            if keeper is not None:
                await keeper.stop_engine("alice", "benchmark over")
                await keeper.close()
            if served is not None:
                await served.stop("benchmark over")
            await session.sign_out()
        print(late_line(f"engine in its {where}, no question open:", idle))
        print(late_line(f"engine in its {where}, a question open {seconds:.0f} s:", asked))
        print(f"{'':<52} difference in the worst: {ms(max(asked) - max(idle))} (target < 1 s)")


async def on_screen(folder: Path, posts: int) -> None:
    from ui.frame.main_window import MainWindow

    session = await desk(folder, "on-screen", 0, channels=1)
    keeper = EngineKeeper(session.store, ProcessLauncher(COMMAND), started_by="alice")
    await keeper.start()
    await until(lambda: keeper.health.publishing)
    window = MainWindow(session)
    window.show()
    window.show_area("queue")
    seen: dict[int, float] = {}  # published count -> when the queue first showed it

    def look() -> None:
        text = window.queue_view.counts.text()
        for part in text.split(" · "):
            number, _space, status = part.partition(" ")
            if status == "published":
                count = int(number.replace(",", ""))
                for k in range(1, count + 1):
                    seen.setdefault(k, time.time())

    timer_task = asyncio.ensure_future(_watch(look))
    start = datetime.now(UTC) + timedelta(seconds=2)
    ids = []
    for n in range(posts):
        post = await create_post(
            session, body=f"Shown {n}", channel_ids=[1],
            scheduled_utc=to_iso(start + timedelta(seconds=0.25 * n)),
        )  # fmt: skip
        ids.append(post.targets[0].id)
    try:
        await until(lambda: len(seen) >= posts, 60 + posts)
    finally:
        timer_task.cancel()
        window.close_for_good()
    found = await statuses(session, ids)
    published = sorted(from_iso(str(at)).timestamp() for _s, at in found.values())
    delays = [seen[k + 1] - published[k] for k in range(posts)]
    await keeper.stop_engine("alice", "benchmark over")
    await keeper.close()
    await session.sign_out()
    print(
        f"engine's publish commit to the window's queue:      p50 {ms(percentile(delays, 0.5))}"
        f"   p99 {ms(percentile(delays, 0.99))}   (target p99 < 500 ms)"
    )


async def _watch(look: Callable[[], None]) -> None:
    while True:
        look()
        await asyncio.sleep(0.002)


async def engaged(folder: Path, big: int, engages: int) -> None:
    from ui.frame.main_window import MainWindow
    from widgets.mode_banner import ConsoleMode

    small = await desk(folder, "engage-small", 100)
    large = await desk(folder, "engage-big", big)
    keepers = []
    for session in (small, large):
        keeper = EngineKeeper(session.store, ProcessLauncher(COMMAND), started_by="alice")
        await keeper.start()
        await until(partial(_publishing, keeper))
        keepers.append(keeper)
    holds: dict[str, list[float]] = {"small": [], "big": []}
    for _ in range(5):
        for label, session in (("small", small), ("big", large)):
            began = time.perf_counter()
            await engage.hold_now(session)
            holds[label].append(time.perf_counter() - began)
            await reset(session)
    few, many = statistics.median(holds["small"]), statistics.median(holds["big"])
    print(f"hold committed, {100:>7,} targets, engine running:  {ms(few)}")
    print(f"hold committed, {big:>7,} targets, engine running:  {ms(many)}   ({many / few:.2f}x)")
    # A second console: its own connection to the big store, its own window.
    other = await sign_in(
        large.store.path, "alice", PASSWORD, via="bench", throttle=SignInThrottle()
    )
    window = MainWindow(other)
    window.show()
    await asyncio.sleep(1)
    red: list[float] = []
    for _ in range(engages):
        await engage.hold_now(large)
        committed = time.perf_counter()
        await until(lambda: window.banner.mode is ConsoleMode.INCIDENT, 10)
        red.append(time.perf_counter() - committed)
        await reset(large)
        await until(lambda: window.banner.mode is not ConsoleMode.INCIDENT, 10)
    window.close_for_good()
    await other.sign_out()
    for keeper, session in zip(keepers, (small, large), strict=True):
        await keeper.stop_engine("alice", "benchmark over")
        await keeper.close()
        await session.sign_out()
    print(
        f"engage committed to another console red:           p50 {ms(percentile(red, 0.5))}"
        f"   p99 {ms(percentile(red, 0.99))}   (target p99 < 500 ms)"
    )


async def main(options: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as folder:
        await question_open(Path(folder), options.question_seconds)
        await on_screen(Path(folder), options.posts)
        await engaged(Path(folder), options.big, options.engages)


def run(options: argparse.Namespace) -> None:
    import qasync
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)
    with tempfile.TemporaryDirectory() as home:
        os.environ["CORDON_HOME"] = home
        with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner:
            runner.run(main(options))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--question-seconds", type=float, default=60.0)
    parser.add_argument("--posts", type=int, default=40)
    parser.add_argument("--engages", type=int, default=20)
    parser.add_argument("--big", type=int, default=100_000)
    run(parser.parse_args())
