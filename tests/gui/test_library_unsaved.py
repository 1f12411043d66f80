"""The two libraries (holding-statement templates, saved replies) never lose changes
typed into their form without asking: choosing another entry, New, Close, Esc and the
window's X each ask first, through a real question answered by its buttons, while
other work of the window's goes on meanwhile (no nested event loop)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from console import users as user_admin
from console.inbox import saved_replies
from console.session import Session
from incident import statements
from storage.records import Role
from tests.gui.waiting import button, shown, until
from ui.common.tasks import Tasks
from ui.inbox.saved_replies_dialog import SavedRepliesDialog
from ui.incident.template_dialog import TemplateLibrary

pytestmark = pytest.mark.asyncio


@pytest_asyncio.fixture
async def ticks() -> AsyncIterator[list[int]]:
    """Background work due all along (as sync and refreshes are): it must go on
    while a question is open."""
    beats: list[int] = []

    async def beat() -> None:
        while True:
            beats.append(1)
            await asyncio.sleep(0.02)

    task = asyncio.ensure_future(beat())
    yield beats
    task.cancel()


async def _library(session: Session, qtbot: QtBot) -> TemplateLibrary:
    roles = [Role.ADMINISTRATOR, Role.DUTY_OFFICER, Role.APPROVER]
    await user_admin.set_roles(session, "alice", roles, reason="test")
    library = TemplateLibrary(session, Tasks())
    qtbot.addWidget(library)
    await library.load()
    library.open()
    await until(lambda: library.listing.count() > 1)
    return library


async def _answer(text: str, ticks: list[int], choice: str) -> None:
    asked = await shown(QMessageBox)
    assert asked.text() == text
    before = len(ticks)
    await until(lambda: len(ticks) > before + 2)  # the loop runs while it is asked
    button(asked, choice).click()


async def test_choosing_another_template_asks_before_the_changes_go(
    session: Session, qtbot: QtBot, ticks: list[int]
) -> None:
    library = await _library(session, qtbot)
    first, second = library.templates[0], library.templates[1]
    library.body.setPlainText("Changed words for {location}.")
    library.listing.setCurrentRow(1)  # the officer clicks another template
    asked = f"Your changes to “{first.name}” are not saved. Discard them?"
    await _answer(asked, ticks, "Keep editing")
    assert library.body.toPlainText() == "Changed words for {location}."
    assert library.listing.currentRow() == 0  # the list still shows what is being edited

    library.listing.setCurrentRow(1)
    await _answer(asked, ticks, "Discard the changes")
    await until(lambda: library.name.text() == second.name)
    assert library.body.toPlainText() == second.body
    assert library.listing.currentRow() == 1
    # Nothing typed since: another template is shown at once.
    library.listing.setCurrentRow(0)
    assert library.name.text() == first.name
    saved = await statements.templates(session.store)
    assert next(t for t in saved if t.id == first.id).body == first.body


async def test_new_close_and_esc_ask_and_keep_editing_keeps_the_dialog(
    session: Session, qtbot: QtBot, ticks: list[int]
) -> None:
    library = await _library(session, qtbot)
    first = library.templates[0]
    asked = f"Your changes to “{first.name}” are not saved. Discard them?"
    library.name.setText(first.name + " (county)")

    library.new_button.click()
    await _answer(asked, ticks, "Keep editing")
    assert library.name.text() == first.name + " (county)"

    button(library, "Close").click()
    await _answer(asked, ticks, "Keep editing")
    assert library.isVisible()

    QTest.keyClick(library, Qt.Key.Key_Escape)
    await _answer(asked, ticks, "Keep editing")
    assert library.isVisible()

    library.close()  # the window's X
    await _answer(asked, ticks, "Keep editing")
    assert library.isVisible()

    # Pre-approval is of the words saved: not while changes are unsaved.
    library.pre_approve_button.click()
    assert library.message.text() == (
        "Save or discard your changes first: pre-approval is of the saved words."
    )

    library.new_button.click()
    await _answer(asked, ticks, "Discard the changes")
    await until(lambda: library.name.text() == "")
    library.name.setText("Gas leak")  # a new one, not saved
    button(library, "Close").click()
    await _answer("The new entry is not saved. Discard it?", ticks, "Discard the changes")
    await until(lambda: not library.isVisible())


async def test_a_library_with_nothing_changed_closes_without_a_question(
    session: Session, qtbot: QtBot
) -> None:
    library = await _library(session, qtbot)
    library.listing.setCurrentRow(1)
    library.listing.setCurrentRow(0)
    button(library, "Close").click()
    assert not library.isVisible()


async def test_saved_replies_ask_too(session: Session, qtbot: QtBot, ticks: list[int]) -> None:
    await user_admin.set_roles(session, "alice", [Role.ADMINISTRATOR, Role.APPROVER], reason="t")
    await saved_replies.create(session, "Thanks", "Thank you, we have passed this on.", "")
    dialog = SavedRepliesDialog(session, Tasks())
    qtbot.addWidget(dialog)
    await dialog.load()
    dialog.open()
    dialog.body.setPlainText("Thank you: an officer will call you.")
    button(dialog, "Close").click()
    await _answer("Your changes to “Thanks” are not saved. Discard them?", ticks, "Keep editing")
    assert dialog.isVisible() and dialog.body.toPlainText().endswith("will call you.")
    dialog.save_button.click()
    await until(lambda: dialog.message.text() == "Saved.")
    button(dialog, "Close").click()  # saved: nothing to ask
    assert not dialog.isVisible()
    [kept] = await saved_replies.list_replies(session)
    assert kept.body == "Thank you: an officer will call you."
