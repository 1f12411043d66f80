"""The sign-in screen, store creation, the main window's frame, and the controller."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMenu, QMessageBox, QScrollArea
from pytestqt.qtbot import QtBot

from console.session import Session, SignInThrottle
from incident.demo_accounts import DEMO_USER
from storage.keyslots import KeyFile
from storage.records import StoreKind
from tests.gui.waiting import quit_app, until
from tests.gui.waiting import shown as shown_window
from tests.helpers import FAST_KDF, PASSWORD, add_entries, make_store
from ui.common.tasks import Tasks
from ui.frame.app import AppController
from ui.frame.main_window import AREAS, MainWindow
from ui.frame.sign_in import CreateStoreDialog, SignInScreen
from widgets.mode_banner import ConsoleMode
from widgets.placeholder import AreaPlaceholder

pytestmark = pytest.mark.asyncio


# -- sign-in -------------------------------------------------------------------------


async def test_with_no_store_the_screen_offers_to_create_one_or_open_the_demo(
    qtbot: QtBot, tmp_path: Path
) -> None:
    screen = SignInScreen(tmp_path / "none.cordon", Tasks())
    qtbot.addWidget(screen)
    screen.show()
    assert screen.no_store.isVisible()
    assert not screen.form.isVisible()
    assert "There is no store at this path yet" in screen.no_store_text.text()
    asked: list[str] = []
    screen.createRequested.connect(asked.append)
    screen.demoRequested.connect(lambda: asked.append("demo"))
    screen.create_button.click()
    screen.demo_button.click()
    assert asked == [str(tmp_path / "none.cordon"), "demo"]


async def test_wrong_password_shows_the_sentence_then_the_right_one_signs_in(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path = tmp_path / "s.cordon"
    await (await make_store(path)).close()
    screen = SignInScreen(path, Tasks(), throttle=SignInThrottle())
    qtbot.addWidget(screen)
    screen.show()
    assert screen.form.isVisible()
    assert screen.store_info.text() == "Live store, encrypted."
    screen.user_edit.setText("alice")
    screen.password_edit.setText("nope")
    screen.sign_in_button.click()
    await until(lambda: screen.message.text() != "")
    assert screen.message.text() == "Wrong password for alice, or no such user."
    assert screen.password_edit.text() == ""  # never left lying in the field
    sessions: list[Session] = []
    screen.signedIn.connect(sessions.append)
    screen.password_edit.setText(PASSWORD)
    screen.sign_in_button.click()
    await until(lambda: bool(sessions))
    assert sessions[0].user.name == "alice"
    assert screen.password_edit.text() == ""
    await sessions[0].sign_out()


async def test_the_sign_in_button_counts_down_after_repeated_wrong_passwords(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path = tmp_path / "s.cordon"
    await (await make_store(path)).close()
    clock = [0.0]
    screen = SignInScreen(path, Tasks(), throttle=SignInThrottle(monotonic=lambda: clock[0]))
    qtbot.addWidget(screen)
    screen.show()
    screen.user_edit.setText("alice")
    for attempt in range(3):
        screen.password_edit.setText("wrong")
        screen.attempt()
        await until(lambda: screen.message.text() != "" and screen.busy.isHidden())
        if attempt < 2:
            screen.message.setText("")
    assert screen.message.text().endswith("Wait 1 s before the next try.")
    assert not screen.sign_in_button.isEnabled()
    await until(lambda: screen.sign_in_button.text() == "Wait 1 s")
    clock[0] += 1.0
    await until(lambda: screen.sign_in_button.isEnabled())


async def test_exercise_stores_say_so_before_sign_in(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "x.cordon"
    await (await make_store(path, kind=StoreKind.EXERCISE)).close()
    screen = SignInScreen(path, Tasks())
    qtbot.addWidget(screen)
    assert "Exercise store" in screen.store_info.text()


async def test_creating_a_store_checks_the_password_then_makes_it(
    qtbot: QtBot, tmp_path: Path
) -> None:
    dialog = CreateStoreDialog(tmp_path / "new", Tasks(), kdf=FAST_KDF)
    qtbot.addWidget(dialog)
    dialog.user_edit.setText("Sgt Brown")
    dialog.password_edit.setText("short")
    dialog.confirm_edit.setText("short")
    dialog.attempt()
    assert "at least 10 characters" in dialog.message.text()
    dialog.password_edit.setText("a decent pass phrase")
    dialog.confirm_edit.setText("a decent pass phrase!")
    dialog.attempt()
    assert dialog.message.text() == "The two passwords differ: type them again."
    dialog.confirm_edit.setText("a decent pass phrase")
    dialog.exercise_box.setChecked(True)
    created: list[Path] = []
    dialog.created.connect(lambda p, _user, _password: created.append(p))
    dialog.attempt()
    await until(lambda: bool(created))
    path = created[0]
    assert path == tmp_path / "new.cordon"
    assert KeyFile.load(path).kind is StoreKind.EXERCISE


# -- the main window ---------------------------------------------------------------------


async def test_main_window_frame(session: Session, qtbot: QtBot) -> None:
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    assert window.banner.mode is ConsoleMode.NORMAL
    assert window.banner.title() == "Normal operations"
    assert window.user_label.text() == "Signed in: alice (Administrator)"
    assert window.sync_label.text() == "Sync: no channels to sync"
    assert window.engine_label.text() == "Engine: not watched"  # no keeper in this test
    assert window.clock_label.text().startswith("UK ")
    assert window.clock_label.text().endswith(("GMT", "BST"))
    assert [window.navigation.item(i).text() for i in range(window.navigation.count())] == [
        label for _key, label, _purpose in AREAS
    ]
    assert window.current_area() == "queue"  # every sign-in opens on the work
    # Areas that later work fills say in one line what they will hold: no fake data.
    for key, _label, purpose in AREAS:
        window.build_area(key)  # each area is built when first shown or asked for
        holder = window.pages.widget(window.area_index[key])
        assert isinstance(holder, QScrollArea)  # each area scrolls on a short screen
        page = holder.widget()
        if purpose:
            assert isinstance(page, AreaPlaceholder)
            assert page.purpose == purpose
    assert window.current_area() == "queue"  # building an area does not show it
    await until(lambda: window.checkpoint_label.text().startswith("Audit #3 · "))
    window.close_for_good()


async def test_the_audit_head_in_the_status_bar_keeps_up_with_a_steady_stream(
    session: Session, qtbot: QtBot
) -> None:
    """Commits closer together than the status bar's one-second debounce (a busy
    inbox, sync passes) must not keep putting the newest entry off for ever."""
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    await until(lambda: window.checkpoint_label.text().startswith("Audit #3 · "))

    def shown() -> int:
        return int(window.checkpoint_label.text().split("#")[1].split(" ")[0])

    for _ in range(100):  # an entry every fifth of a second, for up to 20 seconds
        await add_entries(session.store, 1)
        await asyncio.sleep(0.2)
        if shown() > 3:
            break
    assert shown() > 3, "the newest entry was never shown while commits kept coming"
    window.close_for_good()


async def test_keyboard_reaches_every_area(session: Session, qtbot: QtBot) -> None:
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    for key, label, _purpose in AREAS:
        go_menu = window.menuBar().actions()[1].menu()
        assert isinstance(go_menu, QMenu)
        action = next(a for a in go_menu.actions() if a.text() == label)
        action.trigger()
        assert window.current_area() == key
    window.close_for_good()


async def test_exercise_store_turns_the_banner_blue_and_says_exercise(
    exercise_session: Session, qtbot: QtBot
) -> None:
    window = MainWindow(exercise_session)
    qtbot.addWidget(window)
    assert window.banner.mode is ConsoleMode.EXERCISE
    assert window.banner.title() == "EXERCISE EXERCISE EXERCISE"
    assert window.windowTitle().endswith("EXERCISE")
    window.close_for_good()


async def test_backup_from_settings(session: Session, qtbot: QtBot, tmp_path: Path) -> None:
    from ui.common.prompts import PROMPTS

    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show_area("settings")
    PROMPTS.answer_next(str(tmp_path / "copy.cordon"))
    window.settings_view.backup_button.click()
    await until(lambda: window.settings_view.backup_result.text().startswith("Backed up to"))
    assert (tmp_path / "copy.cordon").exists()
    assert (tmp_path / "copy.cordon.keys").exists()
    window.close_for_good()


# -- the controller: sign-in -> window -> sign-out -> quit ------------------------------------


async def test_demo_opens_straight_into_the_exercise_window_and_sign_out_returns(
    qtbot: QtBot, tmp_path: Path
) -> None:
    controller = AppController(tmp_path / "nothing.cordon", kdf=FAST_KDF)
    screens: list[str] = []
    controller.screenChanged.connect(screens.append)
    controller.start(demo=True)
    await until(lambda: controller.main_window is not None)
    window = controller.main_window
    assert window is not None
    qtbot.addWidget(window)
    assert window.banner.mode is ConsoleMode.EXERCISE
    signed_in = controller.session
    assert signed_in is not None
    assert signed_in.user.name == DEMO_USER
    controller.sign_out()
    await until(lambda: screens[-1] == "sign-in")
    assert signed_in.store.closed
    await quit_app(controller)


async def test_quitting_from_the_window_signs_out_and_records_it(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path = tmp_path / "s.cordon"
    await (await make_store(path)).close()
    controller = AppController(path, kdf=FAST_KDF)
    controller.start()
    controller.sign_in.prefill(path, "alice", PASSWORD)
    controller.sign_in.attempt()
    await until(lambda: controller.main_window is not None)
    store = controller.session.store if controller.session else None
    finished: list[bool] = []
    controller.finished.connect(lambda: finished.append(True))
    assert controller.main_window is not None
    controller.main_window.close()  # the window's close button
    await until(lambda: bool(finished))
    assert store is not None and store.closed
    from storage.lifecycle import open_store

    reopened, _ = await open_store(path, "alice", PASSWORD)
    actions = await reopened.run(
        lambda db: [r[0] for r in db.execute("SELECT action FROM audit_log ORDER BY seq")]
    )
    await reopened.close()
    assert actions[-2:] == ["session.sign_in", "session.sign_out"]
    controller.sign_in.deleteLater()


async def test_check_from_settings_reports_pages_and_chain(session: Session, qtbot: QtBot) -> None:
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show_area("settings")
    window.settings_view.check_button.click()
    await until(lambda: "Audit trail" in window.settings_view.check_result.text())
    assert window.settings_view.check_result.text() == (
        "Every page's HMAC and the database structure check out. Audit trail intact: 3 entries."
    )
    window.close_for_good()


async def test_the_demo_store_shows_its_published_sign_in(qtbot: QtBot) -> None:
    from console.paths import demo_store_path
    from incident.demo import ensure_demo_store

    path = await ensure_demo_store(kdf=FAST_KDF)
    assert path == demo_store_path()
    screen = SignInScreen(path, Tasks())
    qtbot.addWidget(screen)
    assert screen.store_info.text() == (
        "The demo exercise store: sign in as trainer, password exercise "
        "(gold command: gold, password gold command)."
    )


async def test_a_result_arriving_after_its_widget_closed_is_dropped_quietly(
    qtbot: QtBot,
) -> None:
    from PySide6.QtWidgets import QLabel

    label = QLabel()
    tasks = Tasks()
    gate = asyncio.Event()

    async def slow() -> str:
        await gate.wait()
        return "late"

    task = tasks.spawn(slow(), done=label.setText)
    shiboken6.delete(label)  # the window closed while the work was under way
    gate.set()
    await task
    await asyncio.sleep(0)  # the done-callback met the deleted label, harmlessly


async def test_every_shortcut_is_listed_in_the_help(session: Session, qtbot: QtBot) -> None:

    window = MainWindow(session)
    qtbot.addWidget(window)
    listed = dict(window.shortcuts())
    for keys in ("Ctrl+N", "Ctrl+L", "Ctrl+1", "Ctrl+7", "Ctrl+Return", "Ctrl+C"):
        assert keys in listed, keys
    assert listed["Ctrl+L"] == "Lock"
    # F1's list is a table: every key in one column, what it does beside it, aligned.
    window.show_shortcuts()
    box = await shown_window(QMessageBox)
    label = box.findChild(QLabel, "qt_msgbox_label")
    assert label is not None and label.textFormat() is not Qt.TextFormat.PlainText
    assert label.text().startswith("<table>")
    assert "<td style='padding:2px 16px 2px 0'><b>Ctrl+N</b></td><td" in label.text()
    assert label.text().count("<tr>") == len(listed)
    box.accept()
    window.close_for_good()
