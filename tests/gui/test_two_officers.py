"""Two officers, one post or conversation, on both kinds of store: the officer whose
screen showed the older state is told who changed it and when, and nothing of theirs
overwrites the other's change.

The refused officer works through the real window (the composer, the queue's cancel,
the inbox pane's close), each with a dialog open while Sgt Patel, signed in on another
console (a store of their own on the same file or database), makes a change."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import pytest_asyncio
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from console import users as user_admin
from console.channels.base import InboxItem
from console.inbox import work
from console.posts import create_post, edit_post
from console.queue import reschedule_targets
from console.session import Session, SignInThrottle, sign_in
from incident import engage, review
from storage import conversations, posts
from storage.conversations import ConversationState
from storage.records import IncidentMode, Role, TargetStatus
from storage.store import Transaction
from storage.timeutil import to_iso
from tests.gui.sync_window import admin_with_channels
from tests.gui.waiting import shown, until
from tests.helpers import FAST_KDF, PASSWORD, make_store
from ui.common.prompts import PROMPTS, ReasonDialog
from ui.frame.main_window import MainWindow
from ui.incident.incident_dialogs import ReleaseDialog
from ui.queue.composer import ComposerDialog

pytestmark = pytest.mark.asyncio

PATEL_PASSWORD = "patel duty phrase"
CHANGED = re.compile(r"^Sgt Patel changed this \d+ s ago: reload it and decide again\.")


@pytest_asyncio.fixture
async def officers(store_where: Path | str) -> AsyncIterator[tuple[Session, Session]]:
    """Alice and Sgt Patel, duty officers, each signed in on a console of their own."""
    await (await make_store(store_where)).close()
    alice = await sign_in(store_where, "alice", PASSWORD, via="test", throttle=SignInThrottle())
    await admin_with_channels(alice)
    await user_admin.add_user(
        alice, name="patel", password=PATEL_PASSWORD, roles=[Role.DUTY_OFFICER],
        display_name="Sgt Patel", kdf=FAST_KDF,
    )  # fmt: skip
    patel = await sign_in(
        store_where, "patel", PATEL_PASSWORD, via="test", throttle=SignInThrottle()
    )
    yield alice, patel
    for session in (alice, patel):
        if not session.store.closed:
            await session.sign_out()


def _at(minutes: float) -> str:
    return to_iso(datetime.now(UTC) + timedelta(minutes=minutes))


async def _window(session: Session, qtbot: QtBot) -> MainWindow:
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    await until(lambda: window.loaded)
    return window


async def _open_reason() -> ReasonDialog | QDialog:
    await until(lambda: bool(PROMPTS.showing()))
    return PROMPTS.showing()[-1]


def _answer(dialog: QDialog, text: str) -> None:
    if isinstance(dialog, ReasonDialog):
        dialog.line.setText(text)
    else:
        dialog.setTextValue(text)  # type: ignore[attr-defined]
    dialog.accept()


async def test_an_edit_over_a_colleagues_edit_is_refused_with_who_and_when(
    officers: tuple[Session, Session], qtbot: QtBot
) -> None:
    alice, patel = officers
    post = await create_post(alice, body="Road closed at the bridge", channel_ids=[1, 2],
                             scheduled_utc=_at(60))  # fmt: skip
    window = await _window(alice, qtbot)
    window.compose(post.id, edit=True)
    await until(lambda: isinstance(window.composer, ComposerDialog) and window.composer.isVisible())
    composer = window.composer
    assert composer is not None and composer.editing == post.id

    # Meanwhile, on Sgt Patel's console:
    await edit_post(patel, post.id, "Road closed at the bridge until 6 pm")

    composer.text.setPlainText("Road closed at the bridge: use the bypass")
    composer.queue_button.click()
    await until(lambda: bool(composer.message.text()))
    assert CHANGED.match(composer.message.text()), composer.message.text()
    now = await alice.store.run(lambda db: posts.get(db, post.id))
    assert now is not None and now.body == "Road closed at the bridge until 6 pm"

    # Reopened on what is there now, the edit goes in.
    composer.reject()
    window.compose(post.id, edit=True)
    await until(lambda: window.composer is not composer and window.composer is not None)
    again = window.composer
    assert again is not None
    await until(lambda: again.text.toPlainText() == "Road closed at the bridge until 6 pm")
    again.text.setPlainText("Road closed at the bridge until 6 pm: use the bypass")
    again.queue_button.click()
    await until(lambda: not again.isVisible())
    now = await alice.store.run(lambda db: posts.get(db, post.id))
    assert now is not None and now.body.endswith("use the bypass")
    window.close_for_good()


async def test_cancelling_from_the_queue_over_a_colleagues_change_is_refused(
    officers: tuple[Session, Session], qtbot: QtBot
) -> None:
    alice, patel = officers
    post = await create_post(alice, body="Fun day at the park", channel_ids=[1],
                             scheduled_utc=_at(60))  # fmt: skip
    [target] = post.targets
    window = await _window(alice, qtbot)
    queue = window.queue_view
    await until(lambda: queue.model.rowCount() == 1 and queue.model.record_at(0) is not None)
    queue.table.selectRow(0)
    queue._cancel()
    dialog = await _open_reason()

    # While the reason is asked, Sgt Patel moves the post on another console.
    await reschedule_targets(patel, [target.id], _at(90), reason="later in the day")

    _answer(dialog, "the fun day is off")
    await until(lambda: bool(queue.result.text()))
    assert CHANGED.match(queue.result.text()), queue.result.text()
    [now] = (await alice.store.run(lambda db: posts.get(db, post.id))).targets  # type: ignore[union-attr]
    assert now.status is TargetStatus.QUEUED and now.scheduled_utc != target.scheduled_utc
    window.close_for_good()


async def test_closing_a_conversation_a_colleague_took_meanwhile_is_refused(
    officers: tuple[Session, Session], qtbot: QtBot
) -> None:
    alice, patel = officers

    def arrives(tx: Transaction) -> None:
        item = InboxItem(remote_id="m-1", kind="mention", author_handle="pat", author_name="Pat",
                         text="Is the A140 open yet?", created_utc=tx.now())  # fmt: skip
        conversations.collect(tx.db, 1, [item], tx.now())

    await alice.store.write(arrives)
    window = await _window(alice, qtbot)
    window.show_area("inbox")
    view = window.inbox_view
    await until(lambda: view.model.rowCount() == 1)
    view.table.selectRow(0)
    cid = view.selected_id()
    assert cid is not None
    PROMPTS.answer_next("Answering a question from the public")
    view.open_selected()
    await until(lambda: view.pane.opened is not None)
    view.pane.close_conversation()
    dialog = await _open_reason()

    # Sgt Patel takes the conversation on another console while Alice says why.
    await work.assign(patel, cid, officer="patel")

    _answer(dialog, "No reply needed")
    await until(lambda: bool(view.pane.message.text()))
    assert CHANGED.match(view.pane.message.text()), view.pane.message.text()
    row = await alice.store.run(lambda db: conversations.get(db, cid))
    assert row is not None and row.state is ConversationState.ASSIGNED and row.assignee == "patel"

    # Alice's pane shows the change by itself; closing what she now sees goes in.
    await until(lambda: view.pane.seen() is not None and view.pane.seen().assignee == "patel")  # type: ignore[union-attr]
    view.pane.close_conversation()
    _answer(await _open_reason(), "No reply needed")
    await until(lambda: view.pane.message.text() == "Closed.")
    row = await alice.store.run(lambda db: conversations.get(db, cid))
    assert row is not None and row.state is ConversationState.CLOSED
    assert PROMPTS.pending() == 0
    window.close_for_good()


async def test_releasing_a_held_post_a_colleague_amended_meanwhile_is_refused(
    officers: tuple[Session, Session], store_where: Path | str, qtbot: QtBot
) -> None:
    """Gold reads a held post in the release dialog; meanwhile another approver
    amends its words. The release is refused, naming who and when, so nothing goes
    out that the releasing officer did not read; opened again, it shows the new
    words and goes."""
    alice, patel = officers
    await user_admin.set_roles(alice, "alice", [Role.ADMINISTRATOR, Role.APPROVER,
                               Role.DUTY_OFFICER], reason="gold tonight")  # fmt: skip
    await user_admin.set_roles(alice, "patel", [Role.APPROVER, Role.DUTY_OFFICER],
                               reason="gold tonight")  # fmt: skip
    await patel.sign_out()  # signed in again, as an approver
    patel = await sign_in(
        store_where, "patel", PATEL_PASSWORD, via="test", throttle=SignInThrottle()
    )
    post = await create_post(patel, body="Bake sale at the station", channel_ids=[1],
                             scheduled_utc=_at(60))  # fmt: skip
    [target] = post.targets
    await engage.engage(alice, details=engage.Details("Flooding"), mode=IncidentMode.REVIEW)
    window = await _window(alice, qtbot)
    view = window.incident_view
    await until(lambda: view.model.rowCount() == 1 and view.model.record_at(0) is not None)
    view.table.selectRow(0)
    view.release_button.click()
    dialog = await shown(ReleaseDialog)
    assert "Bake sale at the station" in dialog.posts.text()

    # While gold reads it, another approver changes the words on their console.
    await review.amend(patel, target.id, "Bake sale postponed", reason="flooding")

    dialog.now.setChecked(True)
    dialog.reason.setText("read and fine")
    dialog.accept()
    await until(lambda: bool(view.result.text()))
    assert CHANGED.match(view.result.text()), view.result.text()
    [now] = (await alice.store.run(lambda db: posts.get(db, post.id))).targets  # type: ignore[union-attr]
    assert now.status is TargetStatus.HELD

    # Gold looks again: the list shows the new words; the post chosen afresh.
    await until(lambda: (r := view.model.record_at(0)) is not None and "postponed" in r.text)
    view.table.selectRow(0)
    view.release_button.click()
    again = await shown(ReleaseDialog)
    assert "Bake sale postponed" in again.posts.text()
    again.now.setChecked(True)
    again.reason.setText("read the new words")
    again.accept()
    await until(lambda: view.result.text() == "Released 1 post.")
    window.close_for_good()
    await patel.sign_out()
