"""Every window an exercise store's console opens says EXERCISE; a live store's do not."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from console import users as user_admin
from console.marking import EXERCISE_MARK
from console.session import Session
from incident import engage
from storage import users
from storage.incidents import Counts
from storage.records import Role
from tests.gui.waiting import until
from ui.common.prompts import _marked_like
from ui.frame.main_window import MainWindow

pytestmark = pytest.mark.asyncio


async def test_every_dialog_of_an_exercise_store_says_exercise(
    exercise_session: Session, qtbot: QtBot
) -> None:
    window = MainWindow(exercise_session)
    qtbot.addWidget(window)
    window.show()

    dialog = QDialog(window)
    dialog.setWindowTitle("Reschedule 3 targets")
    dialog.show()
    assert dialog.windowTitle() == "Reschedule 3 targets — EXERCISE"
    dialog.setWindowTitle("Edit post")  # a title changed while open keeps the mark
    assert dialog.windowTitle() == "Edit post — EXERCISE"
    dialog.close()

    box = QMessageBox(QMessageBox.Icon.Warning, "Cordon", "Something went wrong.", parent=window)
    box.show()
    assert box.windowTitle() == "Cordon — EXERCISE"
    box.close()

    assert _marked_like(window, "Export the audit trail") == "Export the audit trail — EXERCISE"

    window.show_wall()
    assert window.wall is not None
    assert window.wall.windowTitle().endswith(" — EXERCISE")
    assert window.wall.mode.text().startswith(EXERCISE_MARK)

    window.lock("test")
    assert window.windowTitle() == "Cordon — locked — EXERCISE"
    window.close_for_good()

    after = QDialog()  # the window has gone: nothing is marked any more
    after.setWindowTitle("Cordon — sign in")
    after.show()
    assert after.windowTitle() == "Cordon — sign in"
    after.close()
    after.deleteLater()


async def test_an_incident_in_an_exercise_store_still_says_exercise_on_the_banner(
    exercise_session: Session, qtbot: QtBot
) -> None:
    await user_admin.set_roles(exercise_session, "alice", [Role.ADMINISTRATOR, Role.DUTY_OFFICER],
                               reason="test")  # fmt: skip
    store = exercise_session.store
    user = await store.run(lambda db: users.by_name(db, "alice"))
    assert user is not None
    officer = Session(store, user, via="test")
    window = MainWindow(officer)
    qtbot.addWidget(window)
    window._incident_state(await engage.hold_now(officer), Counts())
    assert window.banner.title().startswith("INCIDENT MODE")
    assert window.banner.accessibleName().count("EXERCISE") == 3
    window.close_for_good()


async def test_a_live_store_marks_nothing(session: Session, qtbot: QtBot) -> None:
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    dialog = QDialog(window)
    dialog.setWindowTitle("Reschedule 3 targets")
    dialog.show()
    await until(dialog.isVisible)
    assert dialog.windowTitle() == "Reschedule 3 targets"
    assert _marked_like(window, "Export") == "Export"
    window.show_wall()
    assert window.wall is not None and "EXERCISE" not in window.wall.windowTitle()
    dialog.close()
    window.close_for_good()
