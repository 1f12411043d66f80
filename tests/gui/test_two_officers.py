"""Two officers, one post or conversation, on both kinds of store: the officer whose
screen showed the older state is told who changed it and when, and nothing of theirs
overwrites the other's change.

The refused officer works through the real window (the composer, the queue's cancel,
the inbox pane's close, the queue's approve and reject, the reply composer), each with
a dialog open (or a reply being written) while Sgt Patel, signed in on another console
(a store of their own on the same file or database), makes a change."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import pytest_asyncio
from PySide6.QtWidgets import QAbstractButton, QDialog, QLabel, QMessageBox
from pytestqt.qtbot import QtBot

from console import approval
from console import users as user_admin
from console.channels.base import InboxItem
from console.inbox import replies, work
from console.posts import create_post, edit_post
from console.queue import cancel_targets, reschedule_targets
from console.session import Session, SignInThrottle, sign_in
from incident import engage, review
from incident.engage import Details
from storage import conversations, incidents, posts
from storage.conversations import ConversationState
from storage.incidents import Scope
from storage.posts import Post, Target
from storage.records import ApprovalState, ContentKind, IncidentMode, Role, TargetStatus
from storage.store import Transaction
from storage.timeutil import to_iso
from tests.gui.sync_window import admin_with_channels
from tests.gui.waiting import ok_button, shown, until
from tests.helpers import FAST_KDF, PASSWORD, make_store
from ui.common.prompts import PROMPTS, ReasonDialog
from ui.frame.main_window import MainWindow
from ui.incident.incident_dialogs import IncidentDialog, ReleaseDialog
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


async def _opened_conversation(alice: Session, qtbot: QtBot) -> MainWindow:
    """A question from the public arrives; Alice's window opens its conversation."""

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
    PROMPTS.answer_next("Answering a question from the public")
    view.open_selected()
    await until(lambda: view.pane.opened is not None and view.pane.composer.item is not None)
    return window


async def _refused(alice: Session, said: QLabel, post_id: int) -> Target:
    """The view's line names who changed the post meanwhile; its target as it is now."""
    await until(lambda: bool(said.text()))
    assert CHANGED.match(said.text()), said.text()
    found = await alice.store.run(lambda db: posts.get(db, post_id))
    assert found is not None
    [now] = found.targets
    return now


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
    now = await _refused(alice, queue.result, post.id)
    assert now.status is TargetStatus.QUEUED and now.scheduled_utc != target.scheduled_utc
    window.close_for_good()


async def test_closing_a_conversation_a_colleague_took_meanwhile_is_refused(
    officers: tuple[Session, Session], qtbot: QtBot
) -> None:
    alice, patel = officers
    window = await _opened_conversation(alice, qtbot)
    view = window.inbox_view
    cid = view.selected_id()
    assert cid is not None
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
    now = await _refused(alice, view.result, post.id)
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


async def _deciding(
    alice: Session, store_where: Path | str, qtbot: QtBot, body: str, button: str
) -> tuple[Session, Post, MainWindow, QDialog]:
    """Sgt Patel (a duty officer) wrote a post that needs an approver; Alice (an
    approver) chose it in her queue and pressed approve or reject (``button``): she is
    asked why. Patel's console is signed in again with the roles as they now are."""
    await user_admin.set_roles(alice, "alice", [Role.ADMINISTRATOR, Role.APPROVER,
                               Role.DUTY_OFFICER], reason="approver tonight")  # fmt: skip
    await approval.set_rule(alice, 1, ContentKind.POST, True, reason="press office policy")
    patel = await sign_in(
        store_where, "patel", PATEL_PASSWORD, via="test", throttle=SignInThrottle()
    )
    post = await create_post(patel, body=body, channel_ids=[1], scheduled_utc=_at(60))
    window = await _window(alice, qtbot)
    queue = window.queue_view
    await until(lambda: (r := queue.model.record_at(0)) is not None and r.approval == "awaiting")
    queue.table.selectRow(0)
    getattr(queue, button).click()
    return patel, post, window, await _open_reason()


async def test_approving_from_the_queue_over_a_colleagues_edit_is_refused(
    officers: tuple[Session, Session], store_where: Path | str, qtbot: QtBot
) -> None:
    """Alice is asked why the post is fit to publish; meanwhile its author changes
    the words. Nothing she did not read is approved; the queue shows the new words,
    and approving those goes in."""
    alice = officers[0]
    patel, post, window, dialog = await _deciding(
        alice, store_where, qtbot, "Road closed at the bridge", "approve_button"
    )
    queue = window.queue_view

    await edit_post(patel, post.id, "Road closed at the bridge: use the bypass")

    _answer(dialog, "checked with the roads team")
    now = await _refused(alice, queue.result, post.id)
    assert now.approval is ApprovalState.AWAITING

    # The queue shows the words as they are now; approved afresh, they go in.
    await until(lambda: (r := queue.model.record_at(0)) is not None and "bypass" in r.text)
    queue.table.selectRow(0)
    queue.approve_button.click()
    _answer(await _open_reason(), "read the new words")
    await until(lambda: queue.result.text() == "Approved.")
    [now] = (await alice.store.run(lambda db: posts.get(db, post.id))).targets  # type: ignore[union-attr]
    assert now.approval is ApprovalState.APPROVED
    window.close_for_good()
    await patel.sign_out()


async def test_approving_from_a_filtered_queue_words_it_does_not_show_is_refused(
    officers: tuple[Session, Session], store_where: Path | str, qtbot: QtBot
) -> None:
    """Alice's queue shows North only; Sgt Patel's post has its own words on South.
    Approving from the filtered queue (asked why through the real dialog) approves
    nothing and names South; with every channel shown, choosing one row of the post
    approves it on both, since both its words are on her screen."""
    alice = officers[0]
    await user_admin.set_roles(alice, "alice", [Role.ADMINISTRATOR, Role.APPROVER,
                               Role.DUTY_OFFICER], reason="approver tonight")  # fmt: skip
    for channel_id in (1, 2):
        await approval.set_rule(alice, channel_id, ContentKind.POST, True, reason="policy")
    patel = await sign_in(
        store_where, "patel", PATEL_PASSWORD, via="test", throttle=SignInThrottle()
    )
    post = await create_post(
        patel, body="Road closed at the bridge", channel_ids=[1, 2], scheduled_utc=_at(60),
        variants={2: "Road shut at the bridge: use the bypass"},
    )  # fmt: skip
    window = await _window(alice, qtbot)
    queue = window.queue_view
    await until(lambda: queue.channel_filter.count() == 3)
    queue.channel_filter.setCurrentIndex(queue.channel_filter.findData(1))
    await until(lambda: queue.model.rowCount() == 1 and queue.model.record_at(0) is not None)
    queue.table.selectRow(0)
    queue.approve_button.click()
    _answer(await _open_reason(), "checked with the roads team")
    await until(lambda: bool(queue.result.text()))
    assert queue.result.text() == (
        f"Post {post.id} also goes to South in words your queue does not show: show that "
        "channel in the queue and approve again. Nothing was approved."
    )
    found = await alice.store.run(lambda db: posts.get(db, post.id))
    assert found is not None
    assert all(t.approval is ApprovalState.AWAITING for t in found.targets)

    queue.channel_filter.setCurrentIndex(queue.channel_filter.findData(0))
    await until(
        lambda: (
            queue.model.rowCount() == 2
            and all(queue.model.record_at(r) is not None for r in (0, 1))
        )
    )
    queue.table.selectRow(0)
    queue.approve_button.click()
    _answer(await _open_reason(), "read both")
    await until(lambda: queue.result.text() == "Approved.")
    found = await alice.store.run(lambda db: posts.get(db, post.id))
    assert found is not None
    assert all(t.approval is ApprovalState.APPROVED for t in found.targets)
    window.close_for_good()
    await patel.sign_out()


async def test_rejecting_from_the_queue_a_post_cancelled_meanwhile_is_refused(
    officers: tuple[Session, Session], store_where: Path | str, qtbot: QtBot
) -> None:
    alice = officers[0]
    patel, post, window, dialog = await _deciding(
        alice, store_where, qtbot, "Fun day at the park", "reject_button"
    )
    queue = window.queue_view
    [target] = post.targets

    await cancel_targets(patel, [target.id], reason="the fun day is off")

    _answer(dialog, "names the wrong park")
    now = await _refused(alice, queue.result, post.id)
    assert now.status is TargetStatus.CANCELLED and now.approval is ApprovalState.AWAITING
    await until(
        lambda: (r := queue.model.record_at(0)) is not None and r.status is TargetStatus.CANCELLED
    )
    window.close_for_good()
    await patel.sign_out()


def _button(box: QMessageBox, text: str) -> QAbstractButton:
    [button] = [b for b in box.buttons() if b.text() == text]
    return button


async def test_a_reply_to_an_item_a_colleague_answered_meanwhile_asks_first(
    officers: tuple[Session, Session], qtbot: QtBot
) -> None:
    """Alice writes a reply while Sgt Patel answers the same item on his console.
    Sending, she is shown his reply and asked; keeping her draft sends nothing and
    loses nothing; sending hers as well records it once."""
    alice, patel = officers
    window = await _opened_conversation(alice, qtbot)
    pane = window.inbox_view.pane
    item_id = pane.composer.item.id  # type: ignore[union-attr]
    await until(lambda: bool(pane.item_view.toPlainText()))
    pane.tabs.setCurrentWidget(pane.composer)
    composer = pane.composer
    composer.after.setCurrentIndex(composer.after.findData("open"))
    draft = "Yes: it opened at 9 am."
    composer.text.setPlainText(draft)

    # Meanwhile Sgt Patel answers on his console; Alice's pane hears of it.
    await replies.reply(patel, item_id, "The A140 is open again.")
    await until(lambda: len(pane.replies) == 1)

    composer.send_button.click()
    box = await _open_reason()
    assert isinstance(box, QMessageBox)
    assert re.match(r"^Sgt Patel replied to this \d+ s ago\.", box.text()), box.text()
    assert "Sgt Patel, in public: “The A140 is open again.”" in box.text()
    _button(box, "Keep my draft").click()
    await until(lambda: composer.message.text() == "Not sent: your reply is kept here as it was.")
    assert composer.text.toPlainText() == draft
    assert [r.text for r in await replies.replies_to(alice.store, item_id)] == [
        "The A140 is open again."
    ]

    # She has read his reply now: sending hers is not asked about again.
    composer.send_button.click()
    await until(lambda: composer.message.text() == composer.recorded_text())
    assert not PROMPTS.showing() and composer.text.toPlainText() == ""

    # He answers again while she writes a second one: asked, she sends hers as well.
    composer.text.setPlainText("It was closed overnight for repairs.")
    await replies.reply(patel, item_id, "Drive carefully: the road is wet.")
    composer.send_button.click()
    box = await _open_reason()
    assert isinstance(box, QMessageBox) and "the road is wet" in box.text()
    _button(box, "Send mine as well").click()
    await until(lambda: composer.message.text() == composer.recorded_text())
    assert [r.text for r in await replies.replies_to(alice.store, item_id)] == [
        "The A140 is open again.", "Yes: it opened at 9 am.",
        "Drive carefully: the road is wet.", "It was closed overnight for repairs.",
    ]  # fmt: skip
    assert PROMPTS.pending() == 0
    window.close_for_good()


async def test_naming_an_incident_over_a_colleagues_naming_is_refused(
    officers: tuple[Session, Session], qtbot: QtBot
) -> None:
    """Alice has "Name and scope…" open; Sgt Patel corrects the reference on his
    console. Alice's OK (she only added the street to the name) put back the
    reference her dialog was opened with, unseen; now it is refused with who and when,
    and the view shows the incident as it is."""
    alice, patel = officers
    details = Details("Eastbridge market", "OP-TALON", "Ch Supt Gold", "Shots reported")
    incident = await engage.engage(alice, details=details, scope=Scope.everything(),
                                   mode=IncidentMode.REVIEW)  # fmt: skip
    window = await _window(alice, qtbot)
    window.show_area("incident")
    view = window.incident_view
    await until(lambda: view.incident is not None and view.incident.name == "Eastbridge market")
    view.details_button.click()
    dialog = await shown(IncidentDialog)

    # Meanwhile, on Sgt Patel's console:
    corrected = Details("Eastbridge market", "OP-TALON-2", "Ch Supt Gold", "Shots reported")
    await engage.describe(patel, incident.id, corrected)

    dialog.name.setText("Eastbridge market, High Street")
    ok_button(dialog).click()
    await until(lambda: bool(view.result.text()))
    assert CHANGED.match(view.result.text()), view.result.text()
    now = await alice.store.run(incidents.active)
    assert now is not None
    assert (now.name, now.reference) == ("Eastbridge market", "OP-TALON-2")
    await until(lambda: view.incident is not None and view.incident.reference == "OP-TALON-2")

    # Opened again on what is there now, the name goes in.
    view.details_button.click()
    again = await shown(IncidentDialog)
    assert again is not dialog and again.reference.text() == "OP-TALON-2"
    again.name.setText("Eastbridge market, High Street")
    ok_button(again).click()
    await until(lambda: view.result.text() == "Incident details saved.")
    now = await alice.store.run(incidents.active)
    assert now is not None
    assert (now.name, now.reference) == ("Eastbridge market, High Street", "OP-TALON-2")
    window.close_for_good()


async def test_acknowledging_an_alert_a_colleague_acknowledged_meanwhile_names_them_plainly(
    officers: tuple[Session, Session], qtbot: QtBot
) -> None:
    """A threat-to-life alert shows on both consoles; Alice presses Acknowledge… and,
    while she says why, Sgt Patel acknowledges it on his. Her OK is refused naming him
    and the time as the window shows times (it said 'by patel at
    2026-12-07T12:59:11.950963Z')."""
    from console.inbox import threats, watch

    alice, patel = officers

    def arrives(tx: Transaction) -> None:
        words = "I am going to kill myself tonight"
        item = InboxItem(remote_id="m-9", kind="mention", author_handle="sam", author_name="Sam",
                         text=words, created_utc=tx.now())  # fmt: skip
        collected = conversations.collect(tx.db, 1, [item], tx.now())
        watch.items_stored(tx, 1, collected.items)

    await alice.store.write(arrives)
    window = await _window(alice, qtbot)
    banner = window.threat_alerts.banner
    await until(banner.isVisible)
    banner.acknowledge_button.click()
    dialog = await _open_reason()

    # Meanwhile, on Sgt Patel's console:
    [alert] = await threats.open_alerts(patel.store)
    await threats.acknowledge(patel, alert.id, justification="Assessing a threat to life")

    _answer(dialog, "Assessing a threat to life")
    await until(lambda: any(isinstance(d, QMessageBox) for d in PROMPTS.showing()))
    [box] = [d for d in PROMPTS.showing() if isinstance(d, QMessageBox)]
    assert re.fullmatch(
        r"Alert \d+ was already acknowledged by Sgt Patel at \d\d/\d\d/\d{4} "
        r"\d\d:\d\d:\d\d (GMT|BST): they have the message\. Nothing of yours was recorded\.",
        box.text(),
    ), box.text()
    box.accept()
    assert window.threat_alerts.reply_dialog is None  # the message is not shown to her
    window.close_for_good()
