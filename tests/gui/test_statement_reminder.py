"""The holding statement's "next update" reminder, through the real dialog in the
window: a reminder that will not do (passed, in the hour the clocks skip, an
autumn hour the officer will not say which of) keeps the dialog open with
everything typed and a sentence beside the reminder; a refusal that only the core
can make opens the dialog again with everything typed; and the time the public
reads in the statement and the reminder agree."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
import pytest_asyncio
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox
from pytestqt.qtbot import QtBot

from console import users as user_admin
from console.session import Session
from console.timezone import now_local
from incident import engage, statements
from incident.engage import Details
from storage import channels
from storage.i18n import WELSH
from storage.incidents import Scope
from storage.records import IncidentMode, Role
from storage.store import Transaction
from tests.desk import FakeClock
from tests.gui.waiting import button, ok_button, shown, until
from ui.common.prompts import PROMPTS
from ui.common.time_entry import typed, wall_clock
from ui.common.translations import install
from ui.frame.main_window import MainWindow
from ui.incident.incident_dialogs import StatementDialog

pytestmark = pytest.mark.asyncio


@pytest_asyncio.fixture
async def window(session: Session, qtbot: QtBot) -> AsyncIterator[MainWindow]:
    """alice, a duty officer, in incident mode over two simulator channels."""
    await user_admin.set_roles(
        session, "alice", [Role.ADMINISTRATOR, Role.DUTY_OFFICER], reason="test"
    )

    def add(tx: Transaction) -> None:
        for name in ("North", "South"):
            channels.insert(tx.db, name=name, network="simulator", account=name.lower(),
                            area=name, now=tx.now())  # fmt: skip

    await session.store.write(add)
    await statements.ensure_shipped(session.store)
    await engage.engage(
        session, details=Details("Flood", "OP-1", "Gold", "rising water"),
        scope=Scope.everything(), mode=IncidentMode.REVIEW,
    )  # fmt: skip
    shown_window = MainWindow(session)
    qtbot.addWidget(shown_window)
    shown_window.show()
    yield shown_window
    shown_window.close_for_good()


def _on(store_clock: FakeClock, session: Session, when: datetime) -> FakeClock:
    """The store's clock stopped at ``when`` (UTC)."""
    store_clock.now = when
    session.store.clock = store_clock
    return store_clock


async def _statement(window: MainWindow, next_update: str) -> StatementDialog:
    """The real statement dialog, Flooding chosen, its fields typed, its preview read."""
    view = window.incident_view
    await until(lambda: view.pages.currentIndex() == 1)
    view.statement_button.click()
    dialog = await shown(StatementDialog)
    dialog.template.setCurrentIndex(
        next(i for i in range(dialog.template.count()) if "Flooding" in dialog.template.itemText(i))
    )
    QTest.keyClicks(dialog.fields["location"], "Eastbridge")
    QTest.keyClicks(dialog.fields["next_update"], next_update)
    await until(ok_button(dialog).isEnabled)
    return dialog


def _remind_at(dialog: StatementDialog, wall: datetime) -> None:
    dialog.next_update.setDateTime(wall_clock(wall))


async def _promised(session: Session) -> str | None:
    incident = await engage.current(session.store)
    assert incident is not None
    return incident.next_update_utc


async def _sent(window: MainWindow, dialog: StatementDialog) -> None:
    """Send, and wait until the statement is in the incident's list."""
    view = window.incident_view
    await until(ok_button(dialog).isEnabled)
    ok_button(dialog).click()
    await until(lambda: view.statements_panel.table.rowCount() == 2)
    assert "went wrong" not in view.result.text()
    assert PROMPTS.showing() == []


async def test_a_passed_reminder_keeps_the_dialog_open_with_what_was_typed(
    session: Session, window: MainWindow
) -> None:
    dialog = await _statement(window, "later today")
    an_hour_ago = now_local(clock=session.store.clock) - timedelta(hours=1)
    _remind_at(dialog, an_hour_ago)
    ok_button(dialog).click()
    assert dialog.isVisible()  # refused before it closes
    await until(lambda: dialog.when_problem.isVisible())
    assert dialog.when_problem.text() == "The next update must be promised for a time still ahead."
    assert dialog.fields["location"].text() == "Eastbridge"
    assert dialog.next_update_on.isChecked()
    assert await _promised(session) is None  # nothing sent
    assert window.incident_view.statements_panel.table.rowCount() == 0

    _remind_at(dialog, an_hour_ago + timedelta(hours=3))
    assert not dialog.when_problem.isVisible()  # changed: the sentence goes
    await _sent(window, dialog)
    assert await _promised(session) is not None


async def test_the_hour_the_clocks_skip_is_refused_in_the_dialog(
    session: Session, window: MainWindow
) -> None:
    # 00:20 on the night the clocks go forward (Sunday 28 March 2027).
    _on(FakeClock(), session, datetime(2027, 3, 28, 0, 20, tzinfo=UTC))
    dialog = await _statement(window, "later today")
    # An hour from now is 02:20 BST (on a quarter hour: 02:15), never 01:15.
    assert typed(dialog.next_update) == datetime(2027, 3, 28, 2, 15)

    _remind_at(dialog, datetime(2027, 3, 28, 1, 30))
    ok_button(dialog).click()
    assert dialog.isVisible()
    await until(lambda: dialog.when_problem.isVisible())
    assert dialog.when_problem.text().startswith("There is no 01:30 on Sunday 28 March 2027")
    assert dialog.isVisible() and dialog.fields["location"].text() == "Eastbridge"
    assert await _promised(session) is None

    _remind_at(dialog, datetime(2027, 3, 28, 2, 30))
    await _sent(window, dialog)
    assert await _promised(session) == "2027-03-28T01:30:00.000000Z"


async def test_cancelling_which_autumn_hour_returns_to_the_dialog(
    session: Session, window: MainWindow
) -> None:
    # 00:40 BST on the night the clocks go back (Sunday 31 October 2027).
    _on(FakeClock(), session, datetime(2027, 10, 30, 23, 40, tzinfo=UTC))
    dialog = await _statement(window, "later today")
    _remind_at(dialog, datetime(2027, 10, 31, 1, 45))
    ok_button(dialog).click()
    asked = await shown(QMessageBox)
    assert "01:45 on Sunday 31 October 2027 happens twice" in asked.text()
    assert dialog.isVisible()  # asked over the dialog, not after it closed
    button(asked, "Cancel").click()
    await until(lambda: dialog.when_problem.isVisible())
    assert dialog.when_problem.text() == "Nothing was sent: say which 01:45 the reminder is for."
    assert dialog.isVisible() and dialog.fields["location"].text() == "Eastbridge"
    assert "went wrong" not in window.incident_view.result.text()
    assert await _promised(session) is None

    ok_button(dialog).click()
    asked = await shown(QMessageBox)
    button(asked, "The second (winter time)").click()
    await _sent(window, dialog)
    assert await _promised(session) == "2027-10-31T01:45:00.000000Z"


async def test_a_refusal_by_the_core_opens_the_dialog_again_with_what_was_typed(
    session: Session, window: MainWindow
) -> None:
    clock = _on(FakeClock(), session, datetime(2026, 12, 7, 10, 0, tzinfo=UTC))
    dialog = await _statement(window, "later today")
    _remind_at(dialog, datetime(2026, 12, 7, 10, 1))  # ahead, by a minute
    south = next(
        dialog.channels.item(i) for i in range(dialog.channels.count())
        if dialog.channels.item(i).text().startswith("South")
    )  # fmt: skip
    south.setCheckState(Qt.CheckState.Unchecked)
    await until(ok_button(dialog).isEnabled)
    ok_button(dialog).click()
    assert not dialog.isVisible()  # the dialog found nothing wrong...
    clock.advance(minutes=5)  # ...but the minute passed before the core wrote it
    again = await shown(StatementDialog)
    assert again is not dialog
    assert again.problem.text() == "The next update must be promised for a time still ahead."
    assert "Flooding" in again.template.currentText()
    assert again.fields["location"].text() == "Eastbridge"
    assert again.fields["next_update"].text() == "later today"
    assert again.fields["reference"].text() == "OP-1"
    assert [again.channels.item(i).checkState() == Qt.CheckState.Checked
            for i in range(again.channels.count())] == [True, False]  # fmt: skip
    assert again.next_update_on.isChecked()
    assert typed(again.next_update) == datetime(2026, 12, 7, 10, 1)
    assert await _promised(session) is None

    _remind_at(again, datetime(2026, 12, 7, 11, 0))
    view = window.incident_view
    await until(ok_button(again).isEnabled)
    ok_button(again).click()
    await until(lambda: view.statements_panel.table.rowCount() == 1)
    assert await _promised(session) == "2026-12-07T11:00:00.000000Z"


async def test_the_reminder_follows_the_time_the_statement_promises(
    session: Session, window: MainWindow
) -> None:
    _on(FakeClock(), session, datetime(2026, 12, 7, 10, 0, tzinfo=UTC))
    dialog = await _statement(window, "13:30")
    assert typed(dialog.next_update) == datetime(2026, 12, 7, 13, 30)  # today's 13:30
    dialog.fields["next_update"].setText("09:00")
    assert typed(dialog.next_update) == datetime(2026, 12, 8, 9, 0)  # today's has passed

    # Moved by hand to another time, the two disagree: Send says so, beside it.
    _remind_at(dialog, datetime(2026, 12, 8, 10, 0))
    await until(ok_button(dialog).isEnabled)
    ok_button(dialog).click()
    assert dialog.isVisible()
    await until(lambda: dialog.when_problem.isVisible())
    assert dialog.when_problem.text() == (
        "The statement promises the next update at 09:00, but the reminder is for 10:00: "
        "make them the same."
    )
    assert dialog.isVisible()
    assert await _promised(session) is None

    _remind_at(dialog, datetime(2026, 12, 8, 9, 0))
    await _sent(window, dialog)
    assert await _promised(session) == "2026-12-08T09:00:00.000000Z"


async def test_the_statement_fields_are_named_in_the_officers_language(
    session: Session, qtbot: QtBot, qapp: QApplication
) -> None:
    """In Welsh the fields beside a holding statement were "Location", "Time",
    "Reference" and "Next update" (their names in the template, capitalised)."""
    await user_admin.set_roles(
        session, "alice", [Role.ADMINISTRATOR, Role.DUTY_OFFICER], reason="test"
    )
    await session.store.write(lambda tx: channels.insert(
        tx.db, name="North", network="simulator", account="north", area="North", now=tx.now()
    ))  # fmt: skip
    await statements.ensure_shipped(session.store)
    await engage.engage(
        session, details=Details("Llifogydd", "OP-1", "Aur", "dŵr yn codi"),
        scope=Scope.everything(), mode=IncidentMode.REVIEW,
    )  # fmt: skip
    install(qapp, WELSH)  # the autouse fixture puts English back
    welsh = MainWindow(session)
    qtbot.addWidget(welsh)
    welsh.show()
    try:
        view = welsh.incident_view
        await until(lambda: view.pages.currentIndex() == 1)
        view.statement_button.click()
        dialog = await shown(StatementDialog)
        labels = {}
        for name, edit in dialog.fields.items():
            label = dialog.fields_form.labelForField(edit)
            assert isinstance(label, QLabel)
            labels[name] = label.text()
        assert labels["location"] == "Lleoliad"
        assert labels["reference"] == "Cyfeirnod"
        assert labels["next_update"] == "Diweddariad nesaf"
        dialog.reject()
    finally:
        welsh.close_for_good()
