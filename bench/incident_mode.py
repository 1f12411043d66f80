"""Incident mode, measured side by side in one run.

    .venv/bin/python bench/incident_mode.py [--big 100000] [--repeat 5]

1. **The hold**: ``hold_now`` on a store with 100 queued targets and on one with
   100,000, across 20 channels: time until the hold is committed (the same at
   both sizes is the target, under 20 ms).
2. **Everything shows held**: ``hold_targets`` (one UPDATE and its audit entry)
   against a bare SQL ``UPDATE targets SET status = 'held'`` of the same rows on
   the same store (target at most 1.5x).
3. **Click to banner**: the window's engage control until the banner is red, on
   the 100,000-target store (offscreen Qt; target under 100 ms).
4. **A holding statement to 10 channels** whose server answers after 200 ms,
   against the same statement to one channel: creating it and publishing it
   (target at most 1.5x).

Each figure is the median of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx

from console import users as user_admin
from console.adapters import ByNetwork
from console.channels.simulator import SimulatorAdapter
from console.holds import hold_targets
from console.publisher import Publisher
from console.session import Session, SignInThrottle, sign_in
from console.simulator import SimulatorServer
from incident import engage, statements
from storage.keyslots import KdfParams
from storage.lifecycle import create_store
from storage.records import Role
from storage.store import Transaction
from storage.timeutil import to_iso

PASSWORD = "benchmark password"
CHANNELS = 20


async def desk(folder: Path, name: str, targets: int, channels: int = CHANNELS) -> Session:
    """A store with ``channels`` simulator channels and ``targets`` queued targets."""
    path = folder / f"{name}.cordon"
    await (await create_store(path, user="alice", password=PASSWORD, kdf=KdfParams(1, 64))).close()
    session = await sign_in(path, "alice", PASSWORD, via="bench", throttle=SignInThrottle())
    await user_admin.set_roles(
        session, "alice", [Role.ADMINISTRATOR, Role.APPROVER, Role.DUTY_OFFICER], reason="b"
    )
    await session.store.write(partial(fill_queue, targets=targets, channels=channels))
    return session


def fill_queue(tx: Transaction, *, targets: int, channels: int = CHANNELS) -> None:
    """``channels`` simulator channels and ``targets`` queued targets, due in 3 days."""
    later = to_iso(datetime.now(UTC) + timedelta(days=3))
    now = tx.now()
    tx.db.executemany(
        "INSERT INTO channels (name, network, account, area, created_utc)"
        " VALUES (?, 'simulator', ?, ?, ?)",
        [(f"Channel {n}", f"acct{n}", f"Area {n % 4}", now) for n in range(channels)],
    )
    tx.db.executemany(
        "INSERT INTO posts (id, author_id, kind, body, created_utc, updated_utc)"
        " VALUES (?, 1, 'post', ?, ?, ?)",
        [(n + 1, f"Scheduled post {n}", now, now) for n in range(targets)],
    )
    tx.db.executemany(
        "INSERT INTO targets (post_id, channel_id, status, approval, scheduled_utc,"
        " updated_utc) VALUES (?, ?, 'queued', 'not_required', ?, ?)",
        [(n + 1, n % channels + 1, later, now) for n in range(targets)],
    )


async def reset(session: Session) -> None:
    """Undo an engage (benchmark only): end the incident, queue the targets again."""

    def undo(tx: Transaction) -> None:
        now = tx.now()
        tx.db.execute("UPDATE holds SET released_utc = ? WHERE released_utc IS NULL", (now,))
        tx.db.execute(
            "UPDATE incidents SET stood_down_utc = ?, stood_down_by = 1"
            " WHERE stood_down_utc IS NULL",
            (now,),
        )
        tx.db.execute(
            "UPDATE targets SET status = 'queued', held_incident_id = NULL WHERE status = 'held'"
        )

    await session.store.write(undo)


async def timed(work: Callable[[], Awaitable[object]]) -> float:
    started = time.perf_counter()
    await work()
    return time.perf_counter() - started


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


async def hold_figures(small_desk: Session, big_desk: Session, repeat: int) -> dict[str, float]:
    """Medians of the hold at both sizes, every target held, and the bare UPDATE."""
    results: dict[str, list[float]] = {"hold 100": [], "hold big": [], "move": [], "bare": []}
    for _ in range(repeat):
        for label, session in (("hold 100", small_desk), ("hold big", big_desk)):
            results[label].append(await timed(partial(engage.hold_now, session)))
            await reset(session)
        incident = await engage.hold_now(big_desk)
        results["move"].append(
            await timed(partial(hold_targets, big_desk.store, incident.id, actor="alice"))
        )
        await reset(big_desk)
        results["bare"].append(
            await timed(
                lambda: big_desk.store.write(
                    lambda tx: tx.db.execute(
                        "UPDATE targets SET status = 'held' WHERE status = 'queued'"
                    )
                )
            )
        )
        await reset(big_desk)
    return {k: statistics.median(v) for k, v in results.items()}


def print_holds(med: dict[str, float], big: int, on: str = "") -> None:
    print(f"{on}hold committed, {100:>7,} queued targets: {ms(med['hold 100'])}")
    print(f"{on}hold committed, {big:>7,} queued targets: {ms(med['hold big'])}"
          f"   ({med['hold big'] / med['hold 100']:.2f}x the small store)")  # fmt: skip
    print(f"{on}every target shows held ({big:,}):      {ms(med['move'])}")
    print(f"{on}bare SQL UPDATE of the same rows:        {ms(med['bare'])}"
          f"   (engage / bare: {med['move'] / med['bare']:.2f}x)")  # fmt: skip


async def holds(folder: Path, big: int, repeat: int) -> None:
    small_desk = await desk(folder, "small", 100)
    big_desk = await desk(folder, "big", big)
    print_holds(await hold_figures(small_desk, big_desk, repeat), big)
    await banner(big_desk, repeat)
    await small_desk.sign_out()
    await big_desk.sign_out()


async def banner(session: Session, repeat: int) -> None:
    from ui.common.prompts import PROMPTS
    from ui.frame.main_window import MainWindow
    from widgets.mode_banner import ConsoleMode

    window = MainWindow(session)
    window.show()
    await asyncio.sleep(0.5)
    times = []
    for _ in range(repeat):
        PROMPTS.answer_next(None)  # the details dialog, closed
        started = time.perf_counter()
        window.engage_incident()
        while window.banner.mode is not ConsoleMode.INCIDENT:
            await asyncio.sleep(0)
        window.banner.repaint()  # painted red now (no event processing inside a task)
        times.append(time.perf_counter() - started)
        while PROMPTS.pending():
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.2)
        await reset(session)
        await window.incident_view.refresh()
    window.close_for_good()
    print(f"click until the banner is red:           {ms(statistics.median(times))}")


async def fan_out(folder: Path, repeat: int) -> None:
    server = SimulatorServer().start()
    server.state.latency = 0.2
    session = await desk(folder, "fanout", 0, channels=10)
    await statements.ensure_shipped(session.store)
    shipped = await statements.templates(session.store)
    flooding = next(t for t in shipped if t.name == "Flooding")
    # Gold's pre-approval, so the statement goes on the duty officer's click.
    await statements.pre_approve(session, flooding.id, reason="bench")
    template = next(t for t in await statements.templates(session.store) if t.id == flooding.id)
    values = {
        name: "Eastbridge 13:00"
        for name in statements.template_fields(template)  # short enough for every network
    }
    adapter = SimulatorAdapter(server.url, timeout=httpx.Timeout(30.0))
    publisher = Publisher(session.store, ByNetwork({"simulator": adapter}))
    await engage.engage(session, details=engage.Details("Bench"))
    times: dict[int, list[float]] = {1: [], 10: []}
    try:
        for _ in range(repeat):
            for count in (1, 10):

                async def send(n: int = count) -> None:
                    await statements.send(session, template.id, values, list(range(1, n + 1)))
                    results = await publisher.publish_due()
                    assert sum(r.status == "published" for r in results) == n, results

                times[count].append(await timed(send))
    finally:
        await adapter.aclose()
        server.stop()
        await session.sign_out()
    one, ten = (statistics.median(times[n]) for n in (1, 10))
    print(f"holding statement to 1 channel (200 ms): {ms(one)}")
    print(f"holding statement to 10 channels:        {ms(ten)}   ({ten / one:.2f}x one channel)")


async def main(big: int, repeat: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        await holds(Path(folder), big, repeat)
        await fan_out(Path(folder), repeat)


def run(big: int, repeat: int) -> None:
    import qasync
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)
    with tempfile.TemporaryDirectory() as home:
        os.environ["CORDON_HOME"] = home
        with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner:
            runner.run(main(big, repeat))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--big", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()
    run(options.big, options.repeat)
