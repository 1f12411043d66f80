"""The console with the keyboard only: where the focus lands when the main window
opens or comes back from the lock screen, and that a stray key there does nothing
an officer did not mean."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QLabel,
    QListWidget,
    QMenu,
    QWidget,
)
from pytestqt.qtbot import QtBot

from console.session import Session
from incident import engage
from incident.engage import Details
from storage.i18n import ENGLISH, WELSH
from storage.records import Role
from tests.gui.waiting import quit_app, until
from tests.helpers import FAST_KDF, PASSWORD, make_store
from ui.common.prompts import DisclosureDialog
from ui.common.tasks import Tasks
from ui.common.translations import install
from ui.frame.app import AppController
from ui.frame.lock import LockScreen
from ui.frame.main_window import MainWindow
from ui.frame.sign_in import CreateStoreDialog
from ui.inbox.saved_replies_dialog import SavedRepliesDialog
from ui.incident.incident_dialogs import IncidentDialog, ReleaseDialog
from ui.incident.template_dialog import TemplateLibrary
from ui.settings.user_dialogs import NewUserDialog

pytestmark = pytest.mark.asyncio


async def _space_on_focus(window: MainWindow) -> None:
    focused = QApplication.focusWidget()
    assert focused is not None and focused.window() is window
    assert focused is not window.engage_button
    QTest.keyClick(focused, Qt.Key.Key_Space)
    await until(lambda: window.loaded)
    assert window.incident is None


async def test_signing_in_puts_the_focus_on_the_areas_not_on_engage(
    session: Session, qtbot: QtBot
) -> None:
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    await until(lambda: window.loaded and QApplication.focusWidget() is not None)
    assert QApplication.focusWidget() is window.navigation
    await _space_on_focus(window)
    window.close_for_good()


async def test_unlocking_puts_the_focus_back_on_the_areas(session: Session, qtbot: QtBot) -> None:
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    await until(lambda: window.loaded)
    window.lock("by hand")
    window.lock_screen.password_edit.setFocus()
    window.lock_screen.password_edit.setText(PASSWORD)
    window.lock_screen.attempt()
    await until(lambda: not window.locked and window.loaded)
    assert QApplication.focusWidget() is window.navigation
    await _space_on_focus(window)
    window.close_for_good()


async def test_tab_leaves_every_table_of_every_area(session: Session, qtbot: QtBot) -> None:
    """A table took Tab to go from cell to cell and wrapped round at its end: once in
    the queue or the audit trail, Tab never reached the buttons under it."""
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    tried = 0
    for key in ("queue", "incident", "inbox", "reports", "channels", "audit", "settings"):
        window.show_area(key)
        await until(lambda: window.loaded)
        for table in window.findChildren(QAbstractItemView):
            if isinstance(table, QListWidget) or not table.isVisible():
                continue
            assert not table.tabKeyNavigation(), (key, table.objectName())
            model = table.model()
            if model is None or model.rowCount() == 0:
                continue
            table.setFocus()
            table.setCurrentIndex(model.index(model.rowCount() - 1, 0))
            QTest.keyClick(table, Qt.Key.Key_Tab)
            assert QApplication.focusWidget() is not table, key
            tried += 1
    assert tried >= 2  # the audit trail and the users at least have rows
    window.close_for_good()


async def test_tab_goes_through_the_queue_s_filters_in_the_order_they_stand(
    session: Session, qtbot: QtBot
) -> None:
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    await until(lambda: window.loaded)
    queue = window.queue_view
    queue.status_filter.setFocus()
    met = []
    for _step in range(4):
        focused = QApplication.focusWidget()
        assert focused is not None
        QTest.keyClick(focused, Qt.Key.Key_Tab)
        met.append(QApplication.focusWidget())
    assert met == [queue.channel_filter, queue.author_filter, queue.day_filter, queue.search]
    window.close_for_good()


def _clashes(dialog: QWidget) -> dict[str, list[str]]:
    """The Alt+letters that more than one visible button or form label of ``dialog``
    answers to (Qt then only moves the focus between them, and acts on none)."""
    texts = [b.text() for b in dialog.findChildren(QAbstractButton) if b.isVisible()]
    texts += [
        label.text()
        for label in dialog.findChildren(QLabel)
        if label.buddy() is not None and label.isVisible()
    ]
    keys: dict[str, list[str]] = {}
    for text in texts:
        found = re.search(r"&([^&\s])", text.replace("&&", ""))
        if found:
            keys.setdefault(found.group(1).lower(), []).append(text)
    return {key: texts for key, texts in keys.items() if len(texts) > 1}


@pytest.mark.parametrize("language", [ENGLISH, WELSH])
async def test_no_two_fields_of_a_dialog_share_an_alt_key(
    session: Session, qtbot: QtBot, qapp: QApplication, language: str
) -> None:
    from console import users as user_admin

    await user_admin.set_roles(session, "alice", [Role.ADMINISTRATOR, Role.DUTY_OFFICER,
                                                  Role.APPROVER], reason="test")  # fmt: skip
    incident = await engage.hold_now(session, details=Details("Eastbridge market"))
    install(qapp, language)
    dialogs: list[QWidget] = [
        DisclosureDialog("The export"),
        ReleaseDialog(2),
        LockScreen(Tasks()),
        IncidentDialog(incident, []),
        TemplateLibrary(session, Tasks()),
        SavedRepliesDialog(session, Tasks()),
    ]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        dialog.show()
        assert _clashes(dialog) == {}, type(dialog).__name__


async def test_a_store_path_typed_on_the_sign_in_screen_stays_in_its_field(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """The focus jumped to Create at the first letter typed in the store field, so the
    rest of the path went to that button (a space in it clicking Create)."""
    other = tmp_path / "another folder"
    other.mkdir()
    await (await make_store(other / "north.cordon")).close()
    controller = AppController(tmp_path / "nothing.cordon", kdf=FAST_KDF)
    controller.start()
    screen = controller.sign_in
    screen.activateWindow()
    screen.message.setText("Wrong password for alice, or no such user.")
    screen.path_edit.setFocus()
    await until(lambda: QApplication.focusWidget() is screen.path_edit)
    screen.path_edit.selectAll()
    typed = str(other / "north.cordon")
    for letter in typed:
        focused = QApplication.focusWidget()
        assert focused is screen.path_edit
        QTest.keyClicks(focused, letter)
    assert screen.path_edit.text() == typed
    assert screen.store_info.text() == "Live store, encrypted."
    assert screen.message.text() == ""  # about another store
    assert not any(isinstance(w, CreateStoreDialog) for w in QApplication.topLevelWidgets())
    QTest.keyClick(screen.path_edit, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is screen.user_edit
    assert _clashes(screen) == {}
    QTest.keyClick(screen.user_edit, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    await until(lambda: QApplication.focusWidget() is screen.path_edit)  # back to the store
    await quit_app(controller)


def _menu_clashes(window: MainWindow) -> dict[str, list[str]]:
    bar = window.menuBar().actions()
    menus = [bar] + [menu.actions() for menu in window.menuBar().findChildren(QMenu)]
    found: dict[str, list[str]] = {}
    for actions in menus:
        keys: dict[str, list[str]] = {}
        for action in actions:
            hit = re.search(r"&([^&\s])", action.text().replace("&&", ""))
            if hit and not action.isSeparator():
                keys.setdefault(hit.group(1).lower(), []).append(action.text())
        found |= {key: texts for key, texts in keys.items() if len(texts) > 1}
    return found


@pytest.mark.parametrize("language", [ENGLISH, WELSH])
async def test_no_two_controls_of_an_area_or_a_menu_share_an_alt_key(
    session: Session, qtbot: QtBot, qapp: QApplication, language: str
) -> None:
    from console import users as user_admin

    await user_admin.set_roles(session, "alice", [Role.ADMINISTRATOR, Role.DUTY_OFFICER,
                                                  Role.APPROVER], reason="test")  # fmt: skip
    install(qapp, language)
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    assert _menu_clashes(window) == {}
    for key in ("queue", "calendar", "incident", "inbox", "reports", "dashboard", "channels",
                "audit", "settings"):  # fmt: skip
        window.show_area(key)
        await until(lambda: window.loaded)
        assert _clashes(window) == {}, key
    adding = NewUserDialog(window)
    qtbot.addWidget(adding)
    adding.show()
    assert _clashes(adding) == {}
    window.close_for_good()
