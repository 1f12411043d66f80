"""A new store as its maker meets it: asked which roles they hold besides
administrator, landing on a page that says what to do next (add a channel, add the
team, or look round the demo), and every later sign-in opening on the work: the
queue, or the incident area while an incident is engaged."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from console.session import Session
from incident import engage
from incident.demo_accounts import DEMO_USER
from incident.engage import Details
from storage import channels
from storage.i18n import ENGLISH, WELSH
from storage.records import Role
from storage.store import Transaction
from tests.gui.fits import cut_text
from tests.gui.waiting import button, quit_app, shown, until
from tests.helpers import FAST_KDF
from ui.channels.channels_view import NewChannelDialog
from ui.common.tasks import Tasks
from ui.common.translations import install
from ui.exercise.new_exercise import NewExerciseDialog
from ui.frame.app import AppController
from ui.frame.main_window import MainWindow
from ui.frame.sign_in import CreateStoreDialog
from ui.settings.user_dialogs import NewUserDialog

pytestmark = pytest.mark.asyncio


async def test_a_new_store_asks_its_maker_s_roles_and_lands_on_the_next_steps(
    qtbot: QtBot, tmp_path: Path
) -> None:
    controller = AppController(tmp_path / "force.cordon", kdf=FAST_KDF)
    controller.start()
    controller.sign_in.create_button.click()
    dialog = await shown(CreateStoreDialog)
    dialog.user_edit.setText("lead")
    dialog.password_edit.setText("a decent pass phrase")
    dialog.confirm_edit.setText("a decent pass phrase")
    assert [box.isChecked() for box in dialog.role_boxes.values()] == [False, False]
    dialog.role_boxes[Role.DUTY_OFFICER].setChecked(True)
    button(dialog, "Create").click()
    await until(lambda: controller.main_window is not None)
    window = controller.main_window
    assert window is not None
    assert set(window.session.user.roles) == {Role.ADMINISTRATOR, Role.DUTY_OFFICER}
    assert window.current_area() == "queue"
    queue = window.queue_view
    await until(lambda: queue.table_or_empty.currentWidget() is queue.empty)
    assert queue.empty.heading.text() == "Add a channel first"
    assert "demo" in queue.empty.sentence.text()

    queue.empty.buttons["team"].click()
    assert window.current_area() == "settings"
    adding = await shown(NewUserDialog)
    adding.reject()
    window.show_area("queue")
    queue.empty.buttons["channels"].click()
    assert window.current_area() == "channels"
    (await shown(NewChannelDialog)).reject()

    window.show_area("queue")
    first = window.session
    queue.empty.buttons["demo"].click()
    await until(lambda: controller.session is not None and controller.session is not first)
    assert controller.session is not None
    assert controller.session.user.name == DEMO_USER
    assert first.store.closed
    demo = controller.main_window
    assert demo is not None
    qtbot.addWidget(demo)
    assert demo.current_area() == "queue"
    await until(lambda: demo.queue_view.table_or_empty.currentWidget() is demo.queue_view.table)
    await quit_app(controller)


async def _channel(session: Session) -> None:
    def add(tx: Transaction) -> None:
        channels.insert(tx.db, name="Force X", network="simulator", account="force",
                        area="North", now=tx.now())  # fmt: skip

    await session.store.write(add)


async def test_an_empty_queue_with_a_channel_offers_a_new_post(
    session: Session, qtbot: QtBot
) -> None:
    from console import users as user_admin

    await user_admin.set_roles(session, "alice", [Role.ADMINISTRATOR, Role.DUTY_OFFICER],
                               reason="test")  # fmt: skip
    await _channel(session)
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    queue = window.queue_view
    await until(lambda: queue.empty.heading.text() == "Nothing is queued")
    assert queue.table_or_empty.currentWidget() is queue.empty
    asked: list[bool] = []
    queue.composeRequested.connect(lambda: asked.append(True))
    queue.empty.buttons["compose"].click()
    assert asked == [True]
    window.close_for_good()


async def test_signing_in_during_an_incident_opens_the_incident_area(
    session: Session, qtbot: QtBot
) -> None:
    from console import users as user_admin

    await user_admin.set_roles(session, "alice", [Role.ADMINISTRATOR, Role.DUTY_OFFICER],
                               reason="test")  # fmt: skip
    await engage.hold_now(session, details=Details("Eastbridge market"))
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    await until(lambda: window.current_area() == "incident")
    window.close_for_good()


def _mnemonics(dialog: QWidget) -> list[str]:
    """The Alt+letter of each visible button and form label of ``dialog``."""
    texts = [b.text() for b in dialog.findChildren(QAbstractButton) if b.isVisible()]
    texts += [lab.text() for lab in dialog.findChildren(QLabel) if lab.buddy() is not None]
    keys = []
    for text in texts:
        found = re.search(r"&([^&\s])", text.replace("&&", ""))
        if found:
            keys.append(found.group(1).lower())
    return keys


@pytest.mark.parametrize("language", [ENGLISH, WELSH])
async def test_the_create_dialog_shows_its_roles_whole_with_one_key_per_field(
    qtbot: QtBot, qapp: QApplication, tmp_path: Path, language: str
) -> None:
    install(qapp, language)
    controller = AppController(tmp_path / "force.cordon", kdf=FAST_KDF)
    controller.start()
    controller.sign_in.create_button.click()
    dialog = await shown(CreateStoreDialog)
    await until(lambda: dialog.isVisible())
    assert cut_text(dialog) == []
    keys = _mnemonics(dialog)
    assert len(keys) == len(set(keys)), keys
    dialog.reject()
    await quit_app(controller)


async def test_escape_while_the_store_is_made_does_not_pretend_to_cancel(
    qtbot: QtBot, tmp_path: Path
) -> None:
    controller = AppController(tmp_path / "force.cordon", kdf=FAST_KDF)
    controller.start()
    controller.sign_in.create_button.click()
    dialog = await shown(CreateStoreDialog)
    dialog.user_edit.setText("lead")
    dialog.password_edit.setText("a decent pass phrase")
    dialog.confirm_edit.setText("a decent pass phrase")
    button(dialog, "Create").click()
    assert dialog.busy.isVisible()
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible()  # the store is being made: it is not cancelled
    await until(lambda: controller.main_window is not None)
    assert not dialog.isVisible()
    await quit_app(controller)


async def test_escape_while_an_exercise_is_made_does_not_pretend_to_cancel(
    qtbot: QtBot, tmp_path: Path
) -> None:
    tasks = Tasks()
    dialog = NewExerciseDialog(tasks, folder=tmp_path, kdf=FAST_KDF)
    qtbot.addWidget(dialog)
    dialog.open()
    await until(lambda: dialog.create_button.isEnabled())
    dialog.password_edit.setText("a decent pass phrase")
    dialog.confirm_edit.setText("a decent pass phrase")
    made: list[Path] = []
    dialog.created.connect(lambda path, _user, _password: made.append(path))
    dialog.create_button.click()
    assert dialog.busy.isVisible()
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible()
    await until(lambda: bool(made))
    assert not dialog.isVisible()
    await tasks.cancel_all()


async def test_a_folder_named_as_the_store_makes_the_store_in_it(
    qtbot: QtBot, tmp_path: Path
) -> None:
    folder = tmp_path / "comms"
    folder.mkdir()
    controller = AppController(folder, kdf=FAST_KDF)
    controller.start()
    controller.sign_in.create_button.click()
    dialog = await shown(CreateStoreDialog)
    assert dialog.path_edit.text() == str(folder / "cordon.cordon")
    dialog.path_edit.setText(str(folder))  # typed again as the folder
    dialog.user_edit.setText("lead")
    dialog.password_edit.setText("a decent pass phrase")
    dialog.confirm_edit.setText("a decent pass phrase")
    button(dialog, "Create").click()
    await until(lambda: controller.main_window is not None)
    assert (folder / "cordon.cordon").is_file()
    assert not (tmp_path / "comms.cordon").exists()
    await quit_app(controller)
