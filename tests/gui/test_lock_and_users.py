"""Locking (idle, by hand, on wake), unlocking and shift handover, the clipboard,
and managing users from the settings area."""

from __future__ import annotations

import asyncio

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QTableWidget
from pytestqt.qtbot import QtBot

from console import settings
from console import users as user_admin
from console.session import Session, SignInThrottle, sign_in
from storage import audit
from storage.lifecycle import open_store
from storage.records import Role
from tests.gui.waiting import ok_button, shown, until
from tests.helpers import FAST_KDF, PASSWORD
from ui.common.clipboard import TransientClipboard
from ui.common.prompts import PROMPTS
from ui.frame.lock import IdleWatch
from ui.frame.main_window import MainWindow
from ui.settings.settings_view import SettingsView
from ui.settings.user_dialogs import (
    NewPassword,
    NewPasswordDialog,
    NewUser,
    NewUserDialog,
    RoleChange,
)

pytestmark = pytest.mark.asyncio


def locked(window: MainWindow) -> bool:
    return window.locked


def cell(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    return item.text() if item is not None else ""


class Clocks:
    def __init__(self) -> None:
        self.mono = 1000.0
        self.wall = 1_800_000_000.0

    def advance(self, seconds: float, *, asleep: bool = False) -> None:
        self.wall += seconds
        if not asleep:  # Linux's monotonic clock stops while the machine sleeps
            self.mono += seconds


async def _window(session: Session, qtbot: QtBot, clocks: Clocks) -> MainWindow:
    idle = IdleWatch(300, monotonic=lambda: clocks.mono, wall=lambda: clocks.wall)
    window = MainWindow(session, idle=idle)
    qtbot.addWidget(window)
    window.show()
    await until(lambda: window.audit_view.model.rowCount() > 0)
    return window


async def _actions(session: Session) -> list[tuple[str, str]]:
    entries = await session.store.run(lambda db: list(audit.iter_entries(db)))
    return [(e.actor, e.action) for e in entries]


async def _recorded(session: Session, *expected: tuple[str, str]) -> list[tuple[str, str]]:
    """The audit trail once the writes the window started have landed."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 10
    while True:
        actions = await _actions(session)
        if all(item in actions for item in expected) or loop.time() > deadline:
            return actions
        await asyncio.sleep(0.01)


async def test_idle_lock_hides_the_store_and_the_same_officer_unlocks(
    session: Session, qtbot: QtBot
) -> None:
    clocks = Clocks()
    window = await _window(session, qtbot, clocks)
    clocks.advance(299)
    window.idle.check()
    assert not locked(window)
    clocks.advance(2)
    window.idle.check()
    assert locked(window)
    assert window.screens.currentWidget() is window.lock_screen
    assert window.audit_view.model.rowCount() == 0  # nothing of the store is shown
    assert window.user_label.text() == "Locked"
    assert not window.menuBar().isEnabled()
    assert "no input for a while" in window.lock_screen.reason.text()
    assert window.lock_screen.user_edit.text() == "alice"
    assert ("alice", "session.lock") in await _recorded(session, ("alice", "session.lock"))

    window.lock_screen.password_edit.setText("wrong password")
    window.lock_screen.attempt()
    await until(lambda: window.lock_screen.message.text() != "")
    assert window.lock_screen.message.text() == "Wrong password for alice, or no such user."
    assert window.locked

    window.lock_screen.password_edit.setText(PASSWORD)
    window.lock_screen.attempt()
    await until(lambda: not window.locked)
    assert window.screens.currentIndex() == 0
    await until(lambda: window.audit_view.model.rowCount() > 0)
    assert ("alice", "session.unlock") in await _actions(session)
    window.close_for_good()


async def test_another_officer_takes_over_at_the_lock_screen(
    session: Session, qtbot: QtBot
) -> None:
    await user_admin.add_user(
        session, name="night", password="night shift phrase", roles=[Role.DUTY_OFFICER],
        display_name="PC Night", kdf=FAST_KDF,
    )  # fmt: skip
    clocks = Clocks()
    window = await _window(session, qtbot, clocks)
    handed: list[Session] = []
    window.sessionChanged.connect(handed.append)
    window.lock_button.click()
    assert window.locked
    window.lock_screen.user_edit.setText("night")
    window.lock_screen.password_edit.setText("night shift phrase")
    window.lock_screen.attempt()
    await until(lambda: not window.locked)
    assert handed and handed[0].user.name == "night"
    assert window.session.user.name == "night"
    assert window.user_label.text() == "Signed in: PC Night (Duty officer)"
    assert not window.settings_view.add_user_button.isEnabled()  # night is no administrator
    actions = await _actions(session)
    assert actions[-2:] == [("alice", "session.sign_out"), ("night", "session.sign_in")]
    window.close_for_good()


async def test_waking_from_sleep_locks_at_once(session: Session, qtbot: QtBot) -> None:
    clocks = Clocks()
    window = await _window(session, qtbot, clocks)
    clocks.advance(3600, asleep=True)
    window.idle.check()
    assert window.locked
    assert "woke from sleep" in window.lock_screen.reason.text()
    window.close_for_good()


async def test_a_locked_console_cannot_be_quit(session: Session, qtbot: QtBot) -> None:
    clocks = Clocks()
    window = await _window(session, qtbot, clocks)
    quits: list[bool] = []
    window.quitRequested.connect(lambda: quits.append(True))
    window.lock("test")
    window.close()
    assert window.isVisible()
    assert not quits
    assert window.lock_screen.message.text() == (
        "Unlock first to quit: a locked console keeps publishing."
    )
    window.close_for_good()


async def test_copied_text_is_cleared_only_if_still_ours(qtbot: QtBot) -> None:
    clipboard = QGuiApplication.clipboard()
    ours = TransientClipboard(seconds=0.05)
    ours.copy("secret-ish text")
    assert clipboard.text() == "secret-ish text"
    await until(lambda: clipboard.text() == "")
    ours.copy("copied by Cordon")
    clipboard.setText("the officer copied this elsewhere")
    await asyncio.sleep(0.1)
    assert clipboard.text() == "the officer copied this elsewhere"


async def test_locking_clears_what_cordon_copied(session: Session, qtbot: QtBot) -> None:
    clocks = Clocks()
    window = await _window(session, qtbot, clocks)
    await until(lambda: window.audit_view._newest_hash != "")
    window.audit_view.copy_hash.click()
    assert QGuiApplication.clipboard().text() == window.audit_view._newest_hash
    window.lock("test")
    assert QGuiApplication.clipboard().text() == ""
    window.close_for_good()


async def test_administrator_manages_users_from_settings(session: Session, qtbot: QtBot) -> None:
    clocks = Clocks()
    window = await _window(session, qtbot, clocks)
    window.show_area("settings")
    view = window.settings_view
    PROMPTS.answer_next(
        NewUser("sam", "Sgt Sam Lee", "a sensible phrase", frozenset({Role.DUTY_OFFICER}))
    )
    view.add_user_button.click()
    await until(lambda: view.users_result.text() == "Added sam.")
    await until(lambda: view.users_table.rowCount() == 2)
    row = next(r for r in range(2) if cell(view.users_table, r, 0) == "sam")
    view.users_table.selectRow(row)

    PROMPTS.answer_next(RoleChange(frozenset({Role.APPROVER}), "acting inspector"))
    view.roles_button.click()
    await until(lambda: view.users_result.text() == "sam's roles changed.")

    PROMPTS.answer_next(NewPassword("another sensible one", "forgotten"))
    view.reset_button.click()
    await until(lambda: view.users_result.text() == "sam has a new password.")

    view.users_table.selectRow(row)
    PROMPTS.answer_next("posted to another force")
    view.disable_button.click()
    await until(lambda: view.users_result.text() == "sam is disabled.")
    actions = [a for _actor, a in await _recorded(session, ("alice", "user.disable"))]
    assert actions[-4:] == ["user.add", "user.roles", "user.reset_password", "user.disable"]

    view.idle_minutes.setValue(12)
    view.idle_apply.click()
    await until(lambda: window.idle.timeout_seconds == 12 * 60)
    window.close_for_good()


async def test_the_last_administrator_is_refused_in_a_sentence(
    session: Session, qtbot: QtBot
) -> None:
    window = await _window(session, qtbot, Clocks())
    view = window.settings_view
    await until(lambda: view.users_table.rowCount() == 1)
    view.users_table.selectRow(0)
    PROMPTS.answer_next(RoleChange(frozenset({Role.OBSERVER}), "x"))
    view.roles_button.click()
    await until(lambda: "last active administrator" in view.users_result.text())
    window.close_for_good()


async def test_a_post_due_while_locked_is_still_published(session: Session, qtbot: QtBot) -> None:
    """A locked screen in an incident room must never stop a scheduled statement."""
    from datetime import UTC, datetime, timedelta

    from console import channel_admin
    from console.engine import Engine
    from console.posts import create_post
    from storage import queue
    from storage.timeutil import to_iso

    await user_admin.set_roles(
        session, "alice", [Role.ADMINISTRATOR, Role.DUTY_OFFICER], reason="test"
    )
    await channel_admin.add_channel(session, name="Force X", network="simulator", account="fx")
    engine = Engine(session.store)
    await engine.start()
    window = await _window(session, qtbot, Clocks())
    window.lock("locked by hand")
    soon = to_iso(datetime.now(UTC) + timedelta(milliseconds=400))
    await create_post(session, body="Holding statement: road closed", channel_ids=[1],
                      scheduled_utc=soon)  # fmt: skip
    try:
        await until(lambda: bool(engine.simulator.received()), seconds=15)
        await engine.scheduler.publisher.wait_idle() if engine.scheduler else None
    finally:
        await engine.stop()
    assert window.locked
    assert [r.text for r in engine.simulator.received()] == ["Holding statement: road closed"]
    counts = await session.store.run(queue.counts_by_status)
    assert counts == {"published": 1}
    window.close_for_good()


async def test_a_shift_shares_one_console_and_four_eyes_hold_in_the_window(
    session: Session, qtbot: QtBot
) -> None:
    """A duty officer writes, an approver takes over at the lock screen and approves;
    each action is the right person's, and the author cannot approve their own."""
    from datetime import UTC, datetime, timedelta

    from console import approval, channel_admin
    from console.posts import create_post
    from storage.records import ContentKind
    from storage.timeutil import to_iso

    await channel_admin.add_channel(session, name="Force X", network="simulator", account="fx")
    await approval.set_rule(session, 1, ContentKind.POST, True, reason="force policy")
    await user_admin.add_user(session, name="pc.duty", password="duty officer phrase",
                              roles=[Role.DUTY_OFFICER, Role.APPROVER], kdf=FAST_KDF)  # fmt: skip
    await user_admin.add_user(session, name="insp.gold", password="gold command phrase",
                              roles=[Role.APPROVER], kdf=FAST_KDF)  # fmt: skip
    window = await _window(session, qtbot, Clocks())

    async def take_over(name: str, password: str) -> None:
        window.lock("shift change")
        window.lock_screen.user_edit.setText(name)
        window.lock_screen.password_edit.setText(password)
        window.lock_screen.attempt()
        await until(lambda: not window.locked and window.session.user.name == name)

    await take_over("pc.duty", "duty officer phrase")
    await create_post(window.session, body="Appeal: missing person", channel_ids=[1],
                      scheduled_utc=to_iso(datetime.now(UTC) + timedelta(hours=2)))  # fmt: skip
    queue = window.queue_view
    window.show_area("queue")
    await queue.refresh()
    await until(lambda: queue.model.data(queue.model.index(0, 1)) == "awaiting approval")
    queue.table.selectRow(0)
    PROMPTS.answer_next("my own work")
    queue.approve_button.click()  # pc.duty holds the approver role, but wrote it
    await until(lambda: "another approver must approve it" in queue.result.text())

    await take_over("insp.gold", "gold command phrase")
    await queue.refresh()
    queue.table.selectRow(0)
    await until(lambda: queue.model.record_at(0) is not None)
    PROMPTS.answer_next("checked with the SIO")
    queue.approve_button.click()
    await until(lambda: queue.result.text() == "Approved.")
    actions = await _recorded(session, ("insp.gold", "post.approve"))
    assert ("pc.duty", "post.create") in actions
    assert ("insp.gold", "post.approve") in actions
    assert ("pc.duty", "post.approve") not in actions
    window.close_for_good()


async def test_the_lock_screen_counts_down_after_repeated_wrong_passwords(
    session: Session, qtbot: QtBot
) -> None:
    from console.session import SignInThrottle
    from ui.common.tasks import Tasks
    from ui.frame.lock import LockScreen

    clock = [0.0]
    screen = LockScreen(Tasks(), throttle=SignInThrottle(monotonic=lambda: clock[0]))
    qtbot.addWidget(screen)
    screen.show_locked(session, "test", "12:00")
    for _ in range(3):
        screen.password_edit.setText("wrong")
        screen.attempt()
        await until(lambda: screen.message.text() != "")
        if not screen.message.text().endswith("before the next try."):
            await until(lambda: screen.unlock_button.isEnabled())
            screen.message.clear()
    assert screen.message.text() == (
        "Wrong password for alice, or no such user. Wait 1 s before the next try."
    )
    assert not screen.unlock_button.isEnabled()
    assert screen.unlock_button.text() == "Wait 1 s"
    clock[0] += 1.0
    await until(lambda: screen.unlock_button.isEnabled())
    assert screen.unlock_button.text() == "Un&lock"


async def test_the_lock_closes_every_question_and_asks_none_while_locked(
    session: Session, qtbot: QtBot
) -> None:
    """A question open when the console locks (the idle timer fires while the officer
    is being asked) is closed as if cancelled; none is shown while it is locked; and
    one whose answer was on its way when it locked is put to nobody."""
    from PySide6.QtWidgets import QApplication

    from console.reports.grading import Category, Grade
    from storage import channels
    from tests.gui.waiting import shown
    from tests.reports.helpers import THRIVE, add_items, item
    from ui.common.prompts import ReasonDialog
    from ui.reports.report_dialogs import ReportAnswer, record_report

    clocks = Clocks()
    window = await _window(session, qtbot, clocks)
    answers: list[str | None] = []

    async def ask() -> None:  # as a button's slot asks: a real dialog, awaited
        answers.append(await PROMPTS.text(window, "Close the conversation", "Why?"))

    window._tasks.spawn(ask())
    question = await shown(ReasonDialog)
    assert PROMPTS.showing() == [question]
    clocks.advance(301)
    window.idle.check()  # locks while the question is open
    await until(lambda: bool(answers))
    assert locked(window)
    assert answers == [None]
    assert PROMPTS.showing() == []
    assert QApplication.activeModalWidget() is None  # nothing left over the lock screen
    # While locked, nothing is shown: each question is answered "cancelled".
    assert await PROMPTS.text(window, "Why", "Say why") is None
    assert await PROMPTS.confirm(window, "Sure?", "Really?") is False

    window.lock_screen.password_edit.setText(PASSWORD)
    window.lock_screen.attempt()
    await until(lambda: not window.locked)

    # The report form, asked for just before a lock: it opens for nobody after it.
    await session.store.write(
        lambda tx: channels.insert(
            tx.db, name="North", network="simulator", account="north", area="", now=tx.now()
        )
    )
    ids = await add_items(session.store, item("1", "My bike was stolen"))
    answer_form = ReportAnswer(Category.CRIME, Grade.PRIORITY, "", "", THRIVE)
    PROMPTS.answer_next(answer_form)
    asking = record_report(window, session, window._tasks, 1, ids)
    window.lock("test")  # before the allowances it needs were read
    window.lock_screen.password_edit.setText(PASSWORD)
    window.lock_screen.attempt()
    await until(lambda: not window.locked)
    await asking  # it read the allowances, saw the lock, and ended
    assert "record report" not in PROMPTS.shown  # never asked
    PROMPTS.clear()
    assert "report.create" not in [a for _u, a in await _actions(session)]
    window.close_for_good()


# -- the settings area: what the exploratory tester found ----------------------------------------


async def _settings(session: Session, qtbot: QtBot) -> tuple[MainWindow, SettingsView]:
    window = await _window(session, qtbot, Clocks())
    window.show_area("settings")
    return window, window.settings_view


def _select(view: SettingsView, name: str) -> None:
    row = next(
        r for r in range(view.users_table.rowCount()) if cell(view.users_table, r, 0) == name
    )
    view.users_table.selectRow(row)


async def test_a_disabled_user_offers_only_enable_which_brings_them_back(
    session: Session, qtbot: QtBot
) -> None:
    await user_admin.add_user(
        session, name="gold", password="gold command phrase", roles=[Role.APPROVER], kdf=FAST_KDF
    )
    await user_admin.disable_user(session, "gold", "on leave")
    window, view = await _settings(session, qtbot)
    await until(lambda: view.users_table.rowCount() == 2)
    _select(view, "alice")
    assert view.reset_button.isEnabled() and view.disable_button.isEnabled()
    assert not view.enable_button.isEnabled()
    _select(view, "gold")
    for button in (view.reset_button, view.roles_button, view.disable_button):
        assert not button.isEnabled()
        assert button.toolTip() == "gold is disabled: enable them first."
    assert view.enable_button.isEnabled()

    view.enable_button.click()
    form = await shown(NewPasswordDialog)
    form.password.setText("gold is back phrase")
    form.again.setText("gold is back phrase")
    ok_button(form).click()
    assert form.isVisible()
    assert form.message.text() == "Say why the user is enabled: it goes in the audit trail."
    form.reason.setText("back from leave")
    ok_button(form).click()
    await until(lambda: view.users_result.text().startswith("gold is enabled again"))
    assert ("alice", "user.enable") in await _recorded(session, ("alice", "user.enable"))
    await until(lambda: not view.enable_button.isEnabled())  # the list shows gold active
    assert view.reset_button.isEnabled()
    store, _user = await open_store(session.store.where, "gold", "gold is back phrase")
    await store.close()
    window.close_for_good()


async def test_a_wrong_current_password_brings_the_form_back_with_the_new_one_kept(
    session: Session, qtbot: QtBot
) -> None:
    """The current password is checked by the core once the form has closed: refused,
    the form comes back saying why, with the new password (typed twice) kept."""
    window, view = await _settings(session, qtbot)
    view.own_password_button.click()
    form = await shown(NewPasswordDialog)
    form.current.setText("not my password at all")
    form.password.setText("a fresh long phrase")
    form.again.setText("a fresh long phrase")
    ok_button(form).click()
    await until(lambda: not form.isVisible())
    again = await shown(NewPasswordDialog)
    assert again.message.text() == "Your current password is not right: nothing was changed."
    assert again.current.text() == ""
    assert (again.password.text(), again.again.text()) == ("a fresh long phrase",) * 2
    again.current.setText(PASSWORD)
    ok_button(again).click()
    await until(lambda: view.users_result.text() == "Your password is changed.")
    store, _user = await open_store(session.store.where, "alice", "a fresh long phrase")
    await store.close()
    window.close_for_good()


async def test_adding_a_taken_or_unusable_name_is_refused_before_the_form_closes(
    session: Session, qtbot: QtBot
) -> None:
    await user_admin.add_user(
        session, name="gold", password="gold command phrase", roles=[Role.APPROVER], kdf=FAST_KDF
    )
    window, view = await _settings(session, qtbot)
    await until(lambda: view.users_table.rowCount() == 2)
    view.add_user_button.click()
    form = await shown(NewUserDialog)
    form.display_name.setText("Insp Gold")
    form.password.setText("a sensible phrase")
    form.again.setText("a sensible phrase")
    for name, sentence in (
        ("GOLD", "There is already a user called GOLD: choose another name."),
        ("x" * 41, "1 to 40 letters"),
        ("<b>bold</b>", "1 to 40 letters"),
        ("a/b\\c;DROP", "1 to 40 letters"),
    ):
        form.name.setText(name)
        ok_button(form).click()
        assert form.isVisible()
        assert sentence in form.message.text()
    assert form.display_name.text() == "Insp Gold"  # nothing typed is lost
    form.name.setText("gold2")
    ok_button(form).click()
    await until(lambda: view.users_result.text() == "Added gold2.")
    window.close_for_good()


async def test_result_lines_show_markup_as_typed(session: Session, qtbot: QtBot) -> None:
    window, view = await _settings(session, qtbot)
    PROMPTS.answer_next(
        NewUser("<b>bold</b>", "", "a sensible phrase", frozenset({Role.DUTY_OFFICER}))
    )
    view.add_user_button.click()
    await until(lambda: "1 to 40 letters" in view.users_result.text())
    for label in (view.users_result, view.idle_result, view.card_result, view.check_result,
                  view.backup_result, view.language_result, view.blocked_result):  # fmt: skip
        assert label.textFormat() == Qt.TextFormat.PlainText
    window.close_for_good()


async def test_statement_cards_are_applied_whole_or_not_at_all(
    session: Session, qtbot: QtBot
) -> None:
    window, view = await _settings(session, qtbot)
    await until(lambda: view.card_colour.text() == "#0b2545")
    view.card_name.setText("Dyfed-Powys Police")
    view.card_colour.setText("red")
    view.card_apply.click()
    await until(lambda: "Nothing was changed." in view.card_result.text())
    assert "six hexadecimal digits" in view.card_result.text()
    assert await settings.get(session.store, settings.CARD_FORCE_NAME) == ""
    view.card_colour.setText("#aa0000")
    view.card_apply.click()
    await until(lambda: view.card_result.text().startswith("Saved"))
    assert view.card_result.text() == ("Saved: statement cards show Dyfed-Powys Police in #aa0000.")
    assert await settings.get(session.store, settings.CARD_FORCE_NAME) == "Dyfed-Powys Police"
    window.close_for_good()


async def test_only_an_administrator_can_change_statement_cards(
    session: Session, qtbot: QtBot
) -> None:
    await user_admin.add_user(
        session, name="dora", password="duty officer phrase", roles=[Role.DUTY_OFFICER],
        kdf=FAST_KDF,
    )  # fmt: skip
    window, view = await _settings(session, qtbot)
    assert view.card_apply.isEnabled()
    dora = await sign_in(
        session.store.where, "dora", "duty officer phrase", via="test", throttle=SignInThrottle()
    )
    view.adopt(dora)
    for widget in (view.card_apply, view.card_name, view.card_colour):
        assert not widget.isEnabled()
    assert view.card_apply.toolTip() == "Only an administrator can do this."
    view.adopt(session)
    await dora.sign_out()
    window.close_for_good()


async def test_the_idle_lock_says_what_was_saved(session: Session, qtbot: QtBot) -> None:
    window, view = await _settings(session, qtbot)
    view.users_result.setText("Select a user in the list first.")
    view.idle_minutes.setValue(10)
    view.idle_apply.click()
    await until(lambda: view.idle_result.text() != "" and view.idle_result.text() != "Saving…")
    assert view.idle_result.text() == "The console locks after 10 minutes without input."
    view.idle_minutes.setValue(1)
    view.idle_apply.click()
    await until(
        lambda: view.idle_result.text() == "The console locks after 1 minute without input."
    )
    window.close_for_good()
