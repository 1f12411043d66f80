"""The window and the engine service (``cordon serve``, a real process started by
the window's keeper): the status bar, the red strip and the lock screen tell the
truth about it; killed, it is started again; stopped on purpose, one click starts
it; quitting asks when posts are due or an incident is engaged, and otherwise
leaves no process behind; signing out during an incident asks first; channel
health never says "ok" for a channel whose sync is overdue. Every question here is
a real dialog, answered through its buttons."""

from __future__ import annotations

import contextlib
import os
import signal
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from console import service as engine_service
from console.engine_health import assess, pid_alive
from console.session import SignInThrottle, sign_in
from incident import engage
from storage import audit, sync_state
from storage.engine_service import ServiceState
from storage.lifecycle import open_store
from storage.store import Transaction
from storage.timeutil import system_clock, to_iso
from tests.gui.app_engine import app_signing_in
from tests.gui.waiting import button, shown, until
from tests.helpers import PASSWORD
from tests.service_fixtures import eventually, is_published, post_due_in, prepare

pytestmark = pytest.mark.asyncio
WAIT = 30.0


async def _app(qtbot: QtBot, path: Path, apps: list[Any]):  # type: ignore[no-untyped-def]
    controller = app_signing_in(qtbot, path, "alice", PASSWORD, apps)
    await until(lambda: controller.main_window is not None, WAIT)
    window = controller.main_window
    assert window is not None
    await until(lambda: window.engine_label.text() == "Engine: publishing", WAIT)
    return controller


async def _finished(controller) -> None:  # type: ignore[no-untyped-def]
    done: list[bool] = []
    controller.finished.connect(lambda: done.append(True))
    await until(lambda: bool(done), WAIT)


async def _stop_engine(path: Path) -> None:
    store, _user = await open_store(path, "alice", PASSWORD)
    try:
        await engine_service.request_stop(store, "alice", "test over", timeout=WAIT)
    finally:
        await store.close()


async def test_the_screen_tells_the_truth_about_the_engine(
    qtbot: QtBot, tmp_path: Path, apps: list[Any]
) -> None:
    path = tmp_path / "truth.cordon"
    await prepare(path)
    controller = await _app(qtbot, path, apps)
    window = controller.main_window
    strip = window.sync_parts.engine_strip
    keeper = controller.keeper
    assert keeper is not None and not strip.isVisible()

    window.lock("test")
    assert window.lock_screen.engine_note.text() == "Publishing and sync carry on while locked."
    first = keeper.health.row
    assert first is not None
    os.kill(first.pid, signal.SIGKILL)
    # Seen at once, said in red (on the lock screen too), and started again.
    await until(lambda: strip.isVisible(), 10)
    assert "Publishing stopped" in strip.text.text()
    assert "carry on" not in window.lock_screen.engine_note.text()
    await until(
        lambda: (
            keeper.health.publishing
            and keeper.health.row is not None
            and keeper.health.row.pid != first.pid
        ),
        WAIT,
    )
    await until(lambda: not strip.isVisible())
    assert window.lock_screen.engine_note.text() == "Publishing and sync carry on while locked."

    # Stopped on purpose from elsewhere ("cordon engine stop"): it stays stopped, and
    # the strip offers to start it.
    await _stop_engine(path)
    await until(lambda: strip.isVisible() and "are off" in strip.text.text(), 10)
    assert window.engine_label.text() == "Engine: STOPPED"
    assert strip.button.text() == "Start the engine"
    assert "Publishing and sync are off" in window.lock_screen.engine_note.text()
    strip.button.click()
    await until(lambda: keeper.health.publishing, WAIT)
    await until(lambda: not strip.isVisible())

    # Nothing is due and no incident: quitting stops the engine, no question asked.
    session = controller.session
    assert session is not None
    running = keeper.health.row
    assert running is not None
    window.lock_screen.user_edit.setText("alice")
    window.lock_screen.password_edit.setText(PASSWORD)
    window.lock_screen.attempt()
    await until(lambda: not window.locked)
    window.close()
    await _finished(controller)
    assert not pid_alive(running.pid)
    store, _user = await open_store(path, "alice", PASSWORD)
    try:
        row = await engine_service.status(store)
        assert row is not None and row.state is ServiceState.STOPPED
    finally:
        await store.close()


async def test_quitting_with_posts_due_asks_and_keeping_leaves_the_engine_publishing(
    qtbot: QtBot, tmp_path: Path, apps: list[Any]
) -> None:
    path = tmp_path / "keep.cordon"
    await prepare(path)
    controller = await _app(qtbot, path, apps)
    session = controller.session
    assert session is not None
    target = await post_due_in(session, 2.5)
    controller.quit()
    box = await shown(QMessageBox)
    assert "1 post is waiting to go out in the next 24 hours" in box.text()
    # The question stays open while the post falls due: the engine sends it anyway.
    store, _user = await open_store(path, "alice", PASSWORD)
    try:
        await eventually(lambda: is_published(store, target), WAIT)
        assert box.isVisible()
        button(box, "Keep publishing and quit").click()
        await _finished(controller)
        row = await engine_service.status(store)
        assert row is not None and row.fresh(system_clock())  # still publishing
        later = await sign_in(path, "alice", PASSWORD, via="test", throttle=SignInThrottle())
        second = await post_due_in(later, 1.0)
        await later.sign_out()
        await eventually(lambda: is_published(store, second), WAIT)
    finally:
        await store.close()
        await _stop_engine(path)


async def test_signing_out_during_an_incident_asks_and_leaves_the_engine_running(
    qtbot: QtBot, tmp_path: Path, apps: list[Any]
) -> None:
    path = tmp_path / "incident.cordon"
    await prepare(path)
    controller = await _app(qtbot, path, apps)
    window = controller.main_window
    session = controller.session
    assert session is not None
    await engage.engage(session, details=engage.Details("Flooding in Eastbridge"))
    window.signOutRequested.emit()
    box = await shown(QMessageBox)
    assert "Flooding in Eastbridge is engaged" in box.text()
    button(box, "Stay signed in").click()
    await until(lambda: not controller.asking)
    assert controller.main_window is window and controller.session is not None

    window.signOutRequested.emit()
    box = await shown(QMessageBox)
    button(box, "Sign out").click()
    await until(lambda: controller.sign_in.isVisible(), WAIT)
    assert controller.main_window is None
    store, _user = await open_store(path, "alice", PASSWORD)
    try:
        row = await engine_service.status(store)
        assert row is not None and row.fresh(system_clock())  # signing out never stops it
        found = await store.run(lambda db: list(audit.iter_entries(db)))
        outs = [e for e in found if e.action == "session.sign_out" and e.actor == "alice"]
        assert outs and outs[-1].seq > next(e.seq for e in found if e.action == "incident.engage")
    finally:
        await store.close()
    # Quitting from the sign-in screen: the engine this window started is still
    # publishing, so the officer is asked.
    controller.quit()
    box = await shown(QMessageBox)
    button(box, "Stop publishing").click()
    await _finished(controller)
    assert row is not None and not pid_alive(row.pid)


async def test_a_channel_whose_sync_is_overdue_is_never_ok(qtbot: QtBot, tmp_path: Path) -> None:
    from ui.frame.main_window import MainWindow

    path = tmp_path / "late.cordon"
    await prepare(path)
    session = await sign_in(path, "alice", PASSWORD, via="test", throttle=SignInThrottle())
    long_ago = datetime.now(UTC) - timedelta(minutes=7)

    def overdue(tx: Transaction) -> None:
        sync_state.ensure(tx.db, 1)
        tx.execute(
            "UPDATE sync_state SET state = 'ok', last_sync_utc = ?, next_sync_utc = ?,"
            " next_sync_real_utc = ? WHERE channel_id = 1",
            (to_iso(long_ago - timedelta(minutes=1)), to_iso(long_ago), to_iso(long_ago)),
        )

    await session.store.write(overdue)
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    window.show_area("channels")
    health = window.health_view
    await until(lambda: health.model.rowCount() == 1)
    state = health.model.index(0, 1).data()
    assert state.startswith("late 7 min"), state
    await until(lambda: "1 late" in window.sync_parts.summary.text())
    # With the engine down, nothing is read at all: every channel says so.
    window.sync_parts.bridge.engine_changed(assess(None, system_clock()))
    await until(lambda: health.model.index(0, 1).data() == "stopped")
    await until(
        lambda: window.sync_parts.summary.text() == "Sync: stopped (the engine is not running)"
    )
    window.close_for_good()
    await session.sign_out()


async def test_quitting_during_an_incident_asks_even_when_the_engine_is_not_answering(
    qtbot: QtBot, tmp_path: Path, apps: list[Any]
) -> None:
    path = tmp_path / "frozen.cordon"
    await prepare(path)
    controller = await _app(qtbot, path, apps)
    session = controller.session
    keeper = controller.keeper
    assert session is not None and keeper is not None
    await engage.engage(session, details=engage.Details("Flooding in Eastbridge"))
    row = keeper.health.row
    assert row is not None
    os.kill(row.pid, signal.SIGSTOP)  # frozen: alive, but its heartbeat stops
    try:
        await until(lambda: not keeper.health.publishing, 20)
        controller.quit()
        box = await shown(QMessageBox)
        assert "Flooding in Eastbridge is engaged" in box.text()
        assert "The engine is not publishing now" in box.text()
        button(box, "Stop publishing and quit").click()
        await _finished(controller)
        assert not pid_alive(row.pid)  # this window's engine: ended, not left behind
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(row.pid, signal.SIGCONT)
