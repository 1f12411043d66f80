"""The full inbox in the window, on the real engine and the simulator network
(items injected over its /control endpoint, as a scenario does):

* the conversation list: live, newest first, filters (channel, kind, state,
  assignee, keyword, time) and counts per state, marks for threat-to-life alerts,
  the report reference and its response clock's colours;
* opening is a consultation audited with the officer's justification (asked once
  per conversation per session; cancelled or refused shows nothing);
* states, assignment and notes from the window; replies (one that fails is shown
  with the network's sentence and tried again); saved replies filled in and
  managed; "Record a report…" asks the window for the report dialog.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from console import users as user_admin
from console.channels.base import InboxItem
from console.inbox import saved_replies, teams
from console.publisher import PublishPolicy
from console.reports.clocks import clocks_for_conversations
from console.reports.grading import Category, ClockState, Grade, Thrive
from console.reports.service import create_report
from console.session import Session
from storage import audit, conversations
from storage.records import AuditEntry, Role
from storage.store import Transaction
from storage.timeutil import to_iso
from tests.gui.sync_window import NORTH, SOUTH, admin_with_channels, desk, inject
from tests.gui.waiting import until
from tests.helpers import FAST_KDF
from ui.common.lazy_model import LOADING
from ui.common.prompts import PROMPTS
from ui.inbox.inbox_model import CLOCK, MARKS, PREVIEW, REFERENCE
from ui.inbox.inbox_view import JUSTIFY_LABEL, JUSTIFY_TITLE, InboxView

pytestmark = pytest.mark.asyncio
ASKED = f"{JUSTIFY_TITLE}: {JUSTIFY_LABEL}"
WHY = "Answering a question from the public"


def cells(view: InboxView, column: int) -> list[str]:
    model = view.model
    return [str(model.data(model.index(row, column))) for row in range(model.rowCount())]


async def shown(view: InboxView, count: int) -> None:
    await until(lambda: view.model.rowCount() == count)
    await until(lambda: LOADING not in cells(view, PREVIEW))


async def entries(session: Session, action: str) -> list[AuditEntry]:
    found = await session.store.run(lambda db: list(audit.iter_entries(db)))
    return [e for e in found if e.action == action]


async def select_text(view: InboxView, start: str) -> int:
    # The list may be reloading after a commit: wait for the row rather than miss it.
    def row_of() -> int | None:
        found = [i for i, text in enumerate(cells(view, PREVIEW)) if text.startswith(start)]
        return found[0] if found else None

    await until(lambda: row_of() is not None)
    row = row_of()
    assert row is not None
    view.table.selectRow(row)
    conversation = view.selected_id()
    assert conversation is not None
    return conversation


async def opened(view: InboxView, why: str | None = WHY) -> None:
    if why is not None:
        PROMPTS.answer_next(why)
    view.open_selected()
    await until(lambda: view.pane.opened is not None)


async def with_people(session: Session) -> None:
    await admin_with_channels(session)
    await user_admin.set_roles(
        session, "alice", [Role.ADMINISTRATOR, Role.DUTY_OFFICER, Role.APPROVER], reason="test"
    )
    await user_admin.add_user(
        session, name="dora", password="dora password 1", roles=[Role.DUTY_OFFICER],
        kdf=FAST_KDF,
    )  # fmt: skip
    await teams.add_team(session, "Digital desk")


async def test_the_list_filters_counts_and_marks(
    session: Session, qtbot: QtBot, qtmodeltester: ModelTester
) -> None:
    await with_people(session)
    old = to_iso(session.store.clock() - timedelta(days=3))

    def an_old_item(tx: Transaction) -> None:
        item = InboxItem(
            remote_id="old-1",
            kind="comment",
            author_handle="kim",
            author_name="Kim",
            text="Old comment about the bridge",
            created_utc=old,
        )
        conversations.collect(tx.db, SOUTH, [item], tx.now())  # fmt: skip

    await session.store.write(an_old_item)
    async with desk(session, qtbot) as d:
        d.window.show_area("inbox")
        view = d.window.inbox_view
        await inject(
            d,
            {"account": "north", "kind": "mention", "author_handle": "pat",
             "text": "Is the A140 open yet?"},
            {"account": "south", "kind": "message", "author_handle": "jo",
             "text": "I saw a man by the school gates"},
            {"account": "north", "kind": "mention", "author_handle": "sam",
             "text": "Please help me, I have taken too many pills"},
        )  # fmt: skip
        await shown(view, 4)
        qtmodeltester.check(view.model)  # type: ignore[no-untyped-call]
        assert cells(view, PREVIEW)[-1] == "Old comment about the bridge"  # newest first
        assert "New 4" in view.counts.text()

        # The threat-to-life alert is marked, in red; the others are not.
        row = cells(view, PREVIEW).index("Please help me, I have taken too many pills")
        assert cells(view, MARKS)[row] == "⚠"
        assert view.model.data(view.model.index(row, MARKS), 8).color().name() == "#b00020"
        assert [m for i, m in enumerate(cells(view, MARKS)) if i != row] == ["", "", ""]

        view.channel_filter.setCurrentIndex(view.channel_filter.findData(NORTH))
        await shown(view, 2)
        view.channel_filter.setCurrentIndex(0)
        view.kind_filter.setCurrentIndex(view.kind_filter.findData("message"))
        await shown(view, 1)
        assert cells(view, PREVIEW) == ["I saw a man by the school gates"]
        view.kind_filter.setCurrentIndex(0)
        view.search.setText("A140")
        await shown(view, 1)
        view.search.clear()
        await shown(view, 4)
        view.since_filter.setCurrentIndex(2)  # the last 24 hours
        await shown(view, 3)
        assert "Old comment about the bridge" not in cells(view, PREVIEW)
        view.since_filter.setCurrentIndex(0)
        await shown(view, 4)

        # Assign one to me, one to the team: the state and assignee filters follow.
        mine = await select_text(view, "Is the A140")
        await opened(view)
        PROMPTS.answer_next(("officer", "alice", ""))
        view.pane.assign_button.click()
        await until(lambda: view.pane.opened is not None
                    and view.pane.opened.conversation.assignee == "alice")  # fmt: skip
        await select_text(view, "I saw a man")
        await opened(view)
        PROMPTS.answer_next(("team", "Digital desk", ""))
        view.pane.assign_button.click()
        await until(lambda: "Assigned 2" in view.counts.text())
        view.assignee_filter.setCurrentIndex(view.assignee_filter.findData("me"))
        await shown(view, 1)
        assert view.selected_id() in (mine, None)
        await until(lambda: cells(view, PREVIEW) == ["Is the A140 open yet?"])
        view.assignee_filter.setCurrentIndex(view.assignee_filter.findText("Team: Digital desk"))
        await until(lambda: cells(view, PREVIEW) == ["I saw a man by the school gates"])
        view.assignee_filter.setCurrentIndex(view.assignee_filter.findData("none"))
        await shown(view, 2)
        await until(lambda: "Is the A140 open yet?" not in cells(view, PREVIEW))
        view.assignee_filter.setCurrentIndex(0)
        view.state_filter.setCurrentIndex(view.state_filter.findData("assigned"))
        await until(
            lambda: (
                sorted(cells(view, PREVIEW))
                == ["I saw a man by the school gates", "Is the A140 open yet?"]
            )
        )
        assert view.state_filter.currentText() == "Assigned (2)"
        assert view.state_filter.itemText(view.state_filter.findData("new")) == "New (2)"


async def test_opening_is_a_consultation_with_its_justification(
    session: Session, qtbot: QtBot
) -> None:
    await with_people(session)
    async with desk(session, qtbot) as d:
        d.window.show_area("inbox")
        view = d.window.inbox_view
        await inject(d, {"account": "north", "author_handle": "pat", "text": "My car was hit"})
        await shown(view, 1)
        conversation = await select_text(view, "My car")
        assert view.pane.open_button.isVisible()
        assert not view.pane.tabs.isVisible()

        PROMPTS.answer_next(None)  # cancelled: nothing shown, nothing recorded
        view.open_selected()
        await until(lambda: PROMPTS.pending() == 0)
        assert PROMPTS.shown[-1] == ASKED
        assert view.pane.opened is None and view.pane.items.count() == 0
        PROMPTS.answer_next("   ")  # no reason: the core refuses, nothing shown
        view.open_selected()
        await until(lambda: "Say why you are opening it" in view.pane.message.text())
        assert view.pane.opened is None and view.pane.items.count() == 0
        assert await entries(session, "inbox.consult") == []

        await opened(view, "Checking a report of damage")
        assert view.pane.items.count() == 1
        assert "My car was hit" in view.pane.items.item(0).text()
        assert "My car was hit" in view.pane.item_view.toPlainText()
        assert "https://simulator.invalid/@pat/" in view.pane.item_view.toPlainText()
        [first] = await entries(session, "inbox.consult")
        assert (first.actor, first.justification, first.object_id) == (
            "alice", "Checking a report of damage", str(conversation)
        )  # fmt: skip

        # The author's history: recorded with the same reason.
        view.pane.tabs.setCurrentIndex(3)
        view.pane.author_button.click()
        await until(lambda: "First seen" in view.pane.author_view.toPlainText())
        assert "1 item: " in view.pane.author_view.toPlainText()
        assert "In 1 conversation." in view.pane.author_view.toPlainText()
        assert "No report made from their items." in view.pane.author_view.toPlainText()
        [insight] = await entries(session, "inbox.author_insights")
        assert insight.justification == "Checking a report of damage"

        # Later openings: not asked again, recorded again with the same reason.
        asked = len(PROMPTS.shown)
        view.table.clearSelection()
        view.table.setCurrentIndex(view.model.index(-1, 0))
        await until(lambda: view.pane.opened is None)
        await select_text(view, "My car")
        view.open_selected()
        await until(lambda: view.pane.opened is not None)
        assert len(PROMPTS.shown) == asked
        consults = await entries(session, "inbox.consult")
        assert [e.justification for e in consults] == ["Checking a report of damage"] * 2

        # A handover (another officer unlocks): asked again.
        view.adopt(session)
        assert view.justifications == {}


async def test_states_assignment_and_notes_from_the_window(session: Session, qtbot: QtBot) -> None:
    await with_people(session)
    async with desk(session, qtbot) as d:
        d.window.show_area("inbox")
        view = d.window.inbox_view
        await inject(d, {"account": "north", "author_handle": "pat", "text": "Lost dog on Elm St"})
        await shown(view, 1)
        conversation = await select_text(view, "Lost dog")
        await opened(view)
        pane = view.pane

        def state() -> str:
            assert pane.opened is not None
            return pane.opened.conversation.state.value

        PROMPTS.answer_next(("officer", "dora", ""))
        pane.assign_button.click()
        await until(lambda: state() == "assigned")
        await until(lambda: "dora" in cells(view, 4))
        PROMPTS.answer_next(("team", "Digital desk", "dora is off shift"))
        pane.assign_button.click()
        await until(lambda: pane.opened is not None and pane.opened.conversation.team != "")
        pane.answered_button.click()
        await until(lambda: state() == "answered")
        assert not pane.answered_button.isEnabled() and pane.reopen_button.isEnabled()
        PROMPTS.answer_next("Owner found the dog")
        pane.close_button.click()
        await until(lambda: state() == "closed")
        await until(lambda: cells(view, 3) == ["Closed"])
        PROMPTS.answer_next("They wrote again privately")
        pane.reopen_button.click()
        await until(lambda: state() == "assigned")
        PROMPTS.answer_next(None)  # a cancelled close changes nothing
        pane.close_button.click()
        await until(lambda: PROMPTS.pending() == 0)
        assert state() == "assigned"

        pane.note_text.setPlainText("Rang the dog warden: they have it.")
        pane.note_button.click()
        await until(lambda: pane.notes.count() == 1)
        assert "Rang the dog warden" in pane.notes.item(0).text()
        assert pane.tabs.tabText(1) == "Notes (1)"
        pane.note_button.click()  # empty: refused with a sentence
        await until(lambda: pane.message.text() == "Write the note before adding it.")

        assign = await entries(session, "inbox.assign")
        reassign = await entries(session, "inbox.reassign")
        assert [json.loads(e.after or "{}")["officer"] for e in assign] == ["dora"]
        assert [e.justification for e in reassign] == ["dora is off shift"]
        states = await entries(session, "inbox.state")
        assert [json.loads(e.after or "{}")["state"] for e in states] == [
            "answered",
            "closed",
            "assigned",
        ]
        assert states[1].justification == "Owner found the dog"
        assert states[2].justification == "They wrote again privately"
        [note] = await entries(session, "inbox.note")
        assert note.object_id == str(conversation)

        # Record a report…: the window is asked, with the conversation and its items.
        asked: list[tuple[int, list[int]]] = []
        view.reportRequested.connect(lambda c, items: asked.append((c, items)))
        pane.report_button.click()
        assert pane.opened is not None
        assert asked == [(conversation, [full.row.id for full in pane.opened.items])]


async def test_a_reply_goes_out_and_a_failed_one_is_shown_and_retried(
    session: Session, qtbot: QtBot
) -> None:
    await with_people(session)
    async with desk(session, qtbot, PublishPolicy(max_attempts=1)) as d:
        d.window.show_area("inbox")
        view = d.window.inbox_view
        entry = d.simulator.inject("north", "Is the A140 open?", author_handle="pat")
        await shown(view, 1)
        await select_text(view, "Is the A140")
        await opened(view)
        pane = view.pane
        composer = pane.composer
        await until(lambda: composer.item is not None and composer.isEnabled())
        pane.tabs.setCurrentIndex(2)
        assert composer.public.isEnabled() and composer.direct.isEnabled()
        composer.text.setPlainText("Yes, it reopened at 9.")
        assert "22/500" in composer.counter.text()  # the counter counts as it will go
        composer.send_button.click()
        composer.send_button.click()  # a double click: one reply, not two
        assert not composer.send_button.isEnabled()  # until it is recorded
        await until(lambda: pane.tabs.currentIndex() == 0)  # the reply shows under the item
        await until(lambda: "queued" in pane.item_view.toPlainText())
        await until(lambda: "sent" in pane.item_view.toPlainText(), seconds=15)
        await until(lambda: pane.message.text() == "Reply sent.")  # not "in a moment" still
        [sent] = d.simulator.received("north")
        assert (sent.in_reply_to, sent.text) == (entry.remote_id, "Yes, it reopened at 9.")
        assert len(await entries(session, "reply.create")) == 1
        assert composer.send_button.isEnabled()

        d.simulator.fail_next("500")
        pane.tabs.setCurrentIndex(2)
        composer.text.setPlainText("And the diversion is lifted.")
        composer.send_button.click()
        await until(lambda: "failed: Gave up after 1 try:" in pane.item_view.toPlainText())
        assert "The simulator failed (500)" in pane.item_view.toPlainText()
        assert pane.message.text().startswith("The reply failed: ")
        assert pane.retry_button.isVisible()
        pane.retry_button.click()
        pane.retry_button.click()  # a double click: tried again once
        await until(lambda: len(d.simulator.received("north")) == 2)
        await until(lambda: not pane.retry_button.isVisible())
        assert "failed" not in pane.item_view.toPlainText()
        assert [r.text for r in d.simulator.received("north")][-1] == "And the diversion is lifted."
        [retry] = await entries(session, "target.reschedule")
        assert retry.actor == "alice"

        pane.tabs.setCurrentIndex(2)
        composer.text.setPlainText("x" * 501)  # over the limit: refused before it is stored
        assert "501/500" in composer.counter.text()
        composer.send_button.click()
        await until(lambda: "this is 1 character too long" in composer.message.text())


async def test_a_saved_reply_is_filled_in_and_approvers_manage_them(
    session: Session, qtbot: QtBot
) -> None:
    await with_people(session)
    await saved_replies.create(
        session, "Report online", "Thanks {name}: please report it at {site} so we can help."
    )
    async with desk(session, qtbot) as d:
        d.window.show_area("inbox")
        view = d.window.inbox_view
        await inject(d, {"account": "north", "author_handle": "pat", "text": "Bike stolen"})
        await shown(view, 1)
        await select_text(view, "Bike")
        await opened(view)
        composer = view.pane.composer
        await until(lambda: composer.saved_choice.findText("Report online") >= 0)
        PROMPTS.answer_next({"name": "Pat", "site": "northshire.police.uk/report"})
        composer.use_saved.click()
        await until(
            lambda: (
                composer.text.toPlainText()
                == "Thanks Pat: please report it at northshire.police.uk/report so we can help."
            )
        )
        assert PROMPTS.shown[-1] == "Fill in the saved reply: Report online"

        # The manage dialog: add one, change it, retire it with a reason.
        assert composer.manage_saved.isVisibleTo(composer)
        composer.manage_saved_replies()
        dialog = composer.saved_dialog
        await until(lambda: dialog.listing.count() == 1)
        dialog.new()
        dialog.name.setText("Call 101")
        dialog.body.setPlainText("Please call 101 and quote {reference}.")
        assert dialog.fields.text() == "{reference}"
        dialog.save()
        await until(lambda: dialog.listing.count() == 2)
        dialog.body.setPlainText("Please call 101, quoting {reference}.")
        dialog.save()
        await until(lambda: dialog.message.text() == "Saved.")
        PROMPTS.answer_next("Replaced by the online form")
        dialog.retire()
        await until(lambda: dialog.listing.count() == 1)
        dialog.reject()
        await until(lambda: composer.saved_choice.count() == 1)
        [change] = await entries(session, "saved_reply.change")
        assert json.loads(change.after or "{}")["body"] == "Please call 101, quoting {reference}."
        [retire] = await entries(session, "saved_reply.retire")
        assert retire.justification == "Replaced by the online form"


async def test_the_response_clock_shows_and_turns_amber_then_red(
    session: Session, qtbot: QtBot
) -> None:
    await with_people(session)
    async with desk(session, qtbot) as d:
        d.window.show_area("inbox")
        view = d.window.inbox_view
        await inject(d, {"account": "north", "author_handle": "pat", "text": "Someone broke in"})
        await shown(view, 1)
        conversation = await select_text(view, "Someone broke in")
        await opened(view)
        assert view.pane.opened is not None
        item_ids = [full.row.id for full in view.pane.opened.items]
        made = await create_report(
            session, item_ids, category=Category.CRIME, grade=Grade.PRIORITY,
            thrive=Thrive(*["none identified"] * 6),
        )  # fmt: skip
        view.pane.changed.emit(conversation)  # the report dialog says so when it is done
        await until(lambda: cells(view, REFERENCE) == [made.reference])
        assert cells(view, 3) == ["Report"]
        assert view.model.clock_colour(0) == "ok"
        assert cells(view, CLOCK)[0].endswith("left")

        allowed = timedelta(minutes=made.allowed_minutes)
        real = view.model.now
        repainted: list[int] = []
        view.model.dataChanged.connect(lambda top, *_: repainted.append(top.column()))
        view.model.now = lambda: real() + allowed * 0.8  # under a quarter left
        view.model.tick()
        assert repainted == [CLOCK]
        assert view.model.clock_colour(0) == ClockState.AMBER.value
        background = view.model.data(view.model.index(0, CLOCK), 8)
        assert background.color().name() == "#fde7b0"
        view.model.now = lambda: real() + allowed + timedelta(minutes=3)
        view.model.tick()
        assert view.model.clock_colour(0) == ClockState.RED.value
        assert view.model.data(view.model.index(0, CLOCK), 8).color().name() == "#b00020"
        assert cells(view, CLOCK)[0].startswith("overdue by")

        clocks = await clocks_for_conversations(session, [conversation], real())
        assert clocks[conversation][0] == made.reference


async def test_a_report_s_clock_stays_in_sight_and_is_answered_in_reports(
    session: Session, qtbot: QtBot
) -> None:
    """Mark answered on a conversation whose report is open is refused (the report is
    answered in Reports); a report reopened after its conversation was answered keeps
    its clock in the list, though no conversation is a report any more."""
    from console.inbox import work
    from console.reports import service as reports
    from console.reports.grading import ReportState

    await with_people(session)
    async with desk(session, qtbot) as d:
        d.window.show_area("inbox")
        view = d.window.inbox_view
        await inject(d, {"account": "north", "author_handle": "pat", "text": "Someone broke in"})
        await shown(view, 1)
        conversation = await select_text(view, "Someone broke in")
        await opened(view)
        assert view.pane.opened is not None
        item_ids = [full.row.id for full in view.pane.opened.items]
        made = await create_report(
            session, item_ids, category=Category.CRIME, grade=Grade.PRIORITY,
            thrive=Thrive(*["none identified"] * 6),
        )  # fmt: skip
        view.pane.changed.emit(conversation)
        await until(lambda: cells(view, REFERENCE) == [made.reference])
        await until(lambda: view.pane.answered_button.isEnabled())
        view.pane.answered_button.click()
        await until(lambda: "still open" in view.pane.message.text())
        assert view.pane.message.text() == (
            f"Report {made.reference} is still open: answer or close it in Reports first."
        )
        assert cells(view, 3) == ["Report"]

        await reports.set_state(session, made.reference, ReportState.ANSWERED, reason="Replied")
        await work.set_state(session, conversation, conversations.ConversationState.ANSWERED)
        await reports.set_state(session, made.reference, ReportState.OPEN, reason="Wrote again")
        view.pane.changed.emit(conversation)
        await until(lambda: cells(view, 3) == ["Answered"])
        await until(lambda: not view.table.isColumnHidden(CLOCK))
        assert not view.table.isColumnHidden(REFERENCE)
        assert cells(view, CLOCK)[0].endswith("left")  # running again


async def test_the_officers_place_is_kept_while_items_pour_in(
    session: Session, qtbot: QtBot
) -> None:
    await with_people(session)
    async with desk(session, qtbot) as d:
        d.window.show_area("inbox")
        view = d.window.inbox_view
        d.simulator.inject_many("north", 300, text="Early message {n}")
        await until(lambda: view.model.rowCount() == 300)
        bar = view.table.verticalScrollBar()
        await until(lambda: bar.maximum() > 0)  # laid out: 300 rows do not fit
        bar.setValue(bar.maximum() // 2)
        await until(lambda: view.table.rowAt(0) > 0)
        top_id = view.model.id_at(view.table.rowAt(0))
        view.table.selectRow(view.table.rowAt(0) + 2)
        selected = view.selected_id()
        d.simulator.inject_many("north", 50, text="Later message {n}")
        await until(lambda: view.model.rowCount() == 350)
        assert view.model.id_at(view.table.rowAt(0)) == top_id  # the same conversation on top
        assert view.selected_id() == selected

        bar.setValue(0)  # an officer at the top sees new ones arrive above
        d.simulator.inject_many("north", 5, text="Newest {n}")
        await until(lambda: view.model.rowCount() == 355)
        assert bar.value() == 0

        d.window.lock("locked by hand")  # locked: nothing of the public's is held
        assert view.model.rowCount() == 0 and view.pane.opened is None


async def test_a_reply_moves_the_conversation_on_and_reasons_offer_quick_picks(
    session: Session, qtbot: QtBot
) -> None:
    """Sending marks the conversation answered (the choice beside Send); "then close
    it…" asks why with the common reasons as quick picks, keeping free text."""
    from PySide6.QtTest import QTest

    from tests.gui.waiting import button
    from tests.gui.waiting import shown as shown_window
    from ui.common.prompts import ReasonDialog

    await with_people(session)
    async with desk(session, qtbot) as d:
        d.window.show_area("inbox")
        view = d.window.inbox_view
        await inject(d, {"account": "north", "author_handle": "pat", "text": "Is Elm St shut?"})
        await shown(view, 1)
        await select_text(view, "Is Elm St")
        await opened(view)
        pane = view.pane
        composer = pane.composer

        def state() -> str:
            assert pane.opened is not None
            return pane.opened.conversation.state.value

        await until(lambda: composer.item is not None)
        assert composer.after.currentData() == "answered"  # a new conversation moves on
        pane.tabs.setCurrentIndex(2)
        composer.text.setPlainText("Yes, until 6pm.")
        composer.send_button.click()
        await until(lambda: state() == "answered")

        PROMPTS.answer_next("They wrote again")
        pane.reopen_button.click()
        await until(lambda: state() == "new")
        pane.tabs.setCurrentIndex(2)
        composer.after.setCurrentIndex(composer.after.findData("close"))
        composer.text.setPlainText("It is open again now.")
        composer.send_button.click()
        reason = await shown_window(ReasonDialog)
        assert [p.text() for p in reason.picks][:2] == ["Answered", "No reply needed"]
        QTest.keyClicks(reason.line, "told them it reopened")
        button(reason, "Answered").click()  # the quick pick goes first, the words stay
        assert reason.value() == "Answered: told them it reopened"
        button(reason, "OK").click()
        await until(lambda: state() == "closed")
        closed = (await entries(session, "inbox.state"))[-1]
        assert closed.justification == "Answered: told them it reopened"


async def test_the_divider_stays_put_when_a_conversation_opens(
    session: Session, qtbot: QtBot
) -> None:
    await with_people(session)
    async with desk(session, qtbot) as d:
        d.window.resize(1280, 800)
        d.window.show_area("inbox")
        view = d.window.inbox_view
        long = "A very long message about the flooding on the A140 near Kingsbridge " * 6
        await inject(d, {"account": "north", "author_handle": "pat", "text": long})
        await shown(view, 1)
        await select_text(view, "A very long")
        before = view.splitter.sizes()
        await opened(view)
        await until(lambda: view.pane.opened is not None)
        assert view.splitter.sizes() == before
