"""The trainer's panel: the clock's controls call the exercise service (and so the
audit trail); observers see it read only; the team never sees the plan but does
see gold's instructions; the debrief export; the new-exercise dialog."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from PySide6.QtWidgets import QLabel
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from console import users as user_admin
from console.marking import EXERCISE_MARK
from console.session import Session, SignInThrottle, sign_in
from incident.exercise import service
from incident.exercise.clock import ClockState
from storage import audit, exercises
from storage.keyslots import KeyFile
from storage.records import Role, StoreKind
from storage.store import Transaction
from storage.timeutil import to_iso
from tests.exercise.conftest import SMALL, TRAINER, FakeRealClock
from tests.gui.app_engine import app_signing_in
from tests.gui.waiting import until
from tests.helpers import FAST_KDF, PASSWORD
from ui.common.prompts import PROMPTS
from ui.common.tasks import Tasks
from ui.exercise.new_exercise import NewExerciseDialog
from ui.frame.main_window import MainWindow

pytestmark = pytest.mark.asyncio


@dataclass
class Team:
    trainer: Session
    dora: Session  # duty officer: the team
    olly: Session  # observer
    real: FakeRealClock


@pytest_asyncio.fixture
async def team(tmp_path: Path) -> AsyncIterator[Team]:
    real = FakeRealClock()
    path = await service.create_exercise(
        tmp_path / "ex.cordon", SMALL, TRAINER, PASSWORD, kdf=FAST_KDF, real=real
    )
    trainer = await sign_in(path, TRAINER, PASSWORD, via="test", throttle=SignInThrottle())
    store = trainer.store
    clock = await store.run(lambda db: exercises.clock_for(db, real))
    assert clock is not None
    store.clock = clock
    found = {}
    for name, role in (("dora", Role.DUTY_OFFICER), ("olly", Role.OBSERVER)):
        found[name] = await user_admin.add_user(
            trainer, name=name, password=PASSWORD, roles=[role], kdf=FAST_KDF
        )
    dora, olly = (Session(store, found[n], via="test") for n in ("dora", "olly"))
    yield Team(trainer, dora, olly, real)
    await trainer.sign_out()


async def _window(session: Session, qtbot: QtBot) -> MainWindow:
    window = MainWindow(session)
    qtbot.addWidget(window)
    view = window.trainer_view
    assert view is not None
    await until(lambda: view.status is not None)
    return window


async def _clock_changes(store: object) -> list[tuple[str, str]]:
    entries = await store.run(lambda db: list(audit.iter_entries(db)))  # type: ignore[attr-defined]
    return [
        (e.actor, json.loads(e.after)["change"]) for e in entries if e.action == "exercise.clock"
    ]


async def test_each_control_calls_the_service_and_is_audited(team: Team, qtbot: QtBot) -> None:
    window = await _window(team.trainer, qtbot)
    view = window.trainer_view
    assert view is not None
    assert not window.navigation.item(window.area_index["exercise"]).isHidden()
    window.show_area("exercise")
    assert view.heading.text() == "Exercise: Burst water main in Kingsford"
    assert view.model.rowCount() == len(view.status.injects) > 0  # type: ignore[union-attr]
    assert not view.pause_button.isEnabled() and view.start_button.isEnabled()

    def state() -> ClockState | None:
        return view.status.state if view.status is not None else None

    view.start_button.click()
    await until(lambda: state() is ClockState.RUNNING)
    assert view.pause_button.text() == "&Pause" and not view.start_button.isEnabled()
    view.pause_button.click()
    await until(lambda: state() is ClockState.PAUSED)
    assert view.pause_button.text() == "&Resume"
    view.pause_button.click()
    await until(lambda: state() is ClockState.RUNNING)
    view.speed_box.setCurrentIndex(3)
    view.speed_box.activated.emit(3)
    await until(lambda: view.status is not None and view.status.speed == 4.0)

    PROMPTS.answer_next("soon")
    view.jump_button.click()
    await until(lambda: "is not a time after the start" in view.message.text())
    # No engine plays this exercise here (the app's test jumps with one): a jump would
    # fire every inject on the way at once, so the panel says why it cannot.
    PROMPTS.answer_next("+1h")
    view.jump_button.click()
    await until(lambda: "engine is not playing this exercise" in view.message.text())
    PROMPTS.answer_next(False)  # the trainer thinks again
    view.end_button.click()
    await until(lambda: PROMPTS.pending() == 0)
    assert PROMPTS.shown[-1].startswith("End the exercise: ")
    assert state() is ClockState.RUNNING
    PROMPTS.answer_next(True)
    view.end_button.click()
    await until(lambda: state() is ClockState.ENDED)
    assert not any(c.isEnabled() for c in (view.start_button, view.pause_button, view.jump_button,
                                           view.end_button, view.speed_box))  # fmt: skip
    assert view.debrief_button.isEnabled()  # the debrief stays
    assert await _clock_changes(team.trainer.store) == [
        (TRAINER, change) for change in ("start", "pause", "resume", "speed", "end")
    ]
    window.close_for_good()


async def test_before_the_start_the_panel_says_what_start_will_do(team: Team, qtbot: QtBot) -> None:
    """A speed chosen before the start is said as what Start will do, not as a clock
    already running ("Not started" beside "runs at 4x" contradicted itself)."""
    window = await _window(team.trainer, qtbot)
    view = window.trainer_view
    assert view is not None
    window.show_area("exercise")
    await until(lambda: view.state_label.text() == "Not started: Start runs it at 1x")
    view.speed_box.setCurrentIndex(3)
    view.speed_box.activated.emit(3)
    await until(lambda: view.status is not None and view.status.speed == 4.0)
    assert view.message.text() == "The exercise clock will run at 4x once started."
    await until(lambda: view.state_label.text() == "Not started: Start runs it at 4x")
    view.start_button.click()
    await until(lambda: view.state_label.text() == "Running at 4x")
    view.speed_box.setCurrentIndex(1)
    view.speed_box.activated.emit(1)
    await until(lambda: view.message.text() == "The exercise clock runs at 2x.")
    window.close_for_good()


async def test_the_timeline_model_passes_the_model_tester(
    team: Team, qtbot: QtBot, qtmodeltester: ModelTester
) -> None:
    window = await _window(team.trainer, qtbot)
    assert window.trainer_view is not None
    model = window.trainer_view.model
    qtmodeltester.check(model)  # type: ignore[no-untyped-call]
    first = model.rows[0]
    assert (first.id, model.data(model.index(0, 0)), model.data(model.index(0, 5))) == (
        "first-report",
        "+0h10m",
        "in 10m 00s",
    )
    window.close_for_good()


async def test_each_refresh_reads_only_the_new_audit_entries(team: Team, qtbot: QtBot) -> None:
    """The panel refreshes after commits; it keeps what it read of the audit trail
    and reads only what was written since, however long the trail grows."""
    window = await _window(team.trainer, qtbot)
    view = window.trainer_view
    assert view is not None
    store = team.trainer.store
    count = await store.run(audit.count)
    assert view.reader.entries_read == count
    await service.start(team.trainer)
    await until(lambda: view.status is not None and view.status.state is ClockState.RUNNING)
    await view.refresh()  # and once more with nothing new
    assert view.reader.entries_read == await store.run(audit.count) > count
    window.close_for_good()


async def test_observers_see_it_read_only_and_the_team_not_at_all(team: Team, qtbot: QtBot) -> None:
    window = await _window(team.olly, qtbot)
    view = window.trainer_view
    assert view is not None
    assert not window.navigation.item(window.area_index["exercise"]).isHidden()
    assert view.model.rowCount() > 0  # the plan, to read
    for control in view.controls:
        assert not control.isEnabled()
        assert control.toolTip() == "Only the exercise's trainer controls it."
    with pytest.raises(Exception, match="Trainer"):
        await service.start(team.olly)
    window.close_for_good()

    window = await _window(team.dora, qtbot)
    assert window.navigation.item(window.area_index["exercise"]).isHidden()
    assert window.trainer_view is not None and window.trainer_view.model.rowCount() == 0
    window.close_for_good()


async def test_gold_instructions_reach_the_whole_team_until_each_dismisses(
    team: Team, qtbot: QtBot
) -> None:
    window = await _window(team.dora, qtbot)
    window.show()
    notice = window.gold_notice
    assert not notice.isVisible()
    store = team.trainer.store
    at = to_iso(store.clock())

    def gold(tx: Transaction) -> None:
        exercises.mark_fired(tx.db, "gold-holding", exercise_utc=at, real_utc=at, remote_ids=[])

    await store.write(gold)  # as the runner fires it: a commit, so the window reads again
    await until(notice.isVisible)
    assert notice.visible_ids() == ["gold-holding"]
    texts = [label.text() for label in notice.findChildren(QLabel)]
    assert any("issue the flooding holding statement on both channels" in t for t in texts)
    assert any(t.startswith("GOLD COMMAND · EXERCISE") for t in texts)
    window.lock("test")
    assert not notice.isVisible()  # nothing of the store while locked
    window._unlocked(team.dora)
    await until(notice.isVisible)
    notice.dismiss("gold-holding")
    assert not notice.isVisible()
    await store.write(lambda tx: None)  # another commit: it stays dismissed
    assert window.trainer_view is not None
    await window.trainer_view.refresh()
    assert not notice.isVisible()
    window.close_for_good()


async def test_the_debrief_is_exported_with_its_disclosure(
    team: Team, qtbot: QtBot, tmp_path: Path
) -> None:
    window = await _window(team.trainer, qtbot)
    view = window.trainer_view
    assert view is not None
    out = tmp_path / "debrief.csv"
    PROMPTS.answer_next(str(out), ("hot debrief", "the team"))
    view.debrief_button.click()
    await until(lambda: view.message.text().startswith("Debrief written"))
    assert out.read_text("utf-8").splitlines()[0] == EXERCISE_MARK
    entries = await team.trainer.store.run(lambda db: list(audit.iter_entries(db)))
    assert (entries[-1].action, entries[-1].recipient) == ("exercise.debrief_export", "the team")
    window.close_for_good()


# -- the new-exercise dialog ------------------------------------------------------------


async def test_a_new_exercise_from_a_scenario_file(qtbot: QtBot, tmp_path: Path) -> None:
    tasks = Tasks()
    dialog = NewExerciseDialog(tasks, folder=tmp_path, kdf=FAST_KDF)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle().endswith("EXERCISE")
    broken = tmp_path / "broken.toml"
    broken.write_text(SMALL.read_text("utf-8").replace('duration = "3h"', 'duration = "soon"'))
    PROMPTS.answer_next(str(broken))
    dialog.browse_button.click()
    await until(lambda: dialog.message.text().startswith("broken.toml line 8:"))
    assert not dialog.create_button.isEnabled()
    PROMPTS.answer_next(str(SMALL))
    dialog.browse_button.click()
    await until(lambda: "Wessex Police, Kingsford" in dialog.summary.text())
    assert dialog.path_edit.text() == str(tmp_path / "burst-water-main-in-kingsford.cordon")
    dialog.user_edit.setText("tess")
    dialog.password_edit.setText(PASSWORD)
    dialog.confirm_edit.setText("something else")
    dialog.attempt()
    assert dialog.message.text() == "The two passwords differ: type them again."
    dialog.confirm_edit.setText(PASSWORD)
    made: list[tuple[Path, str, str]] = []
    dialog.created.connect(lambda path, user, password: made.append((path, user, password)))
    dialog.attempt()
    await until(lambda: bool(made))
    path = made[0][0]
    assert made[0][1:] == ("tess", PASSWORD)
    assert KeyFile.load(path).kind is StoreKind.EXERCISE
    session = await sign_in(path, "tess", PASSWORD, via="test", throttle=SignInThrottle())
    try:
        assert (await service.status(session.store)).title == "Burst water main in Kingsford"
        assert Role.TRAINER in session.user.roles
    finally:
        await session.sign_out()
    await tasks.cancel_all()


async def test_the_sign_in_screen_offers_a_new_exercise(qtbot: QtBot, tmp_path: Path) -> None:
    from ui.frame.app import AppController

    controller = AppController(tmp_path / "nothing-here.cordon", kdf=FAST_KDF)
    qtbot.addWidget(controller.sign_in)
    controller.start()
    assert controller.sign_in.exercise_button.isVisible()
    controller.sign_in.exercise_button.click()
    dialog = controller.exercise_dialog
    assert dialog.isVisible() and dialog.windowTitle() == "New training exercise — EXERCISE"
    dialog.reject()
    controller.sign_in.hide()
    await controller.tasks.cancel_all()


async def test_in_the_app_the_runner_plays_injects_as_the_trainer_jumps(
    qtbot: QtBot, tmp_path: Path, apps: list[Any]
) -> None:

    path = await service.create_exercise(
        tmp_path / "ex.cordon", SMALL, TRAINER, PASSWORD, kdf=FAST_KDF
    )
    controller = app_signing_in(qtbot, path, TRAINER, PASSWORD, apps)
    # The runner plays in the engine's own process; the jump below is asked of it.
    await until(lambda: controller.keeper is not None and controller.keeper.health.publishing, 30)
    window = controller.main_window
    assert window is not None and window.trainer_view is not None
    view = window.trainer_view
    await until(lambda: view.status is not None)
    window.show_area("exercise")
    view.start_button.click()
    await until(lambda: view.status is not None and view.status.state is ClockState.RUNNING)
    PROMPTS.answer_next("+46m")
    view.jump_button.click()
    # While the engine plays what falls due on the way, the panel shows the jump going.
    await until(view.jump_progress.isVisible)
    assert "Jumping to +46m" in view.jump_progress.format()
    assert not view.jump_button.isEnabled()  # one jump at a time
    await until(lambda: not view.jump_progress.isVisible(), 30)
    assert view.message.text() == "The exercise clock jumped to +46m."
    await until(window.gold_notice.isVisible, 30)
    assert window.gold_notice.visible_ids() == ["gold-holding"]
    fired = {row.id for row in view.model.rows if row.arrived is not None}
    assert {"first-report", "unsafe-rumour", "gold-holding"} <= fired
    done: list[bool] = []
    controller.finished.connect(lambda: done.append(True))
    PROMPTS.answer_next(1)  # posts are due in the next 24 hours: stop publishing and quit
    controller.quit()
    await until(lambda: bool(done), 30)
