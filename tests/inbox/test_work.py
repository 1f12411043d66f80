"""Working the inbox: states and assignment (officers and teams) with their audit,
notes, filters and counts, and opening a conversation as an audited consultation."""

from __future__ import annotations

import json

import pytest

from console import users as user_admin
from console.inbox import teams, work
from console.permissions import NotPermitted
from storage import i18n
from storage.conversations import ConversationFilter, ConversationState
from storage.errors import StoreError
from storage.i18n import ENGLISH, WELSH
from storage.records import AuditCategory
from tests.inbox.conftest import FACEBOOK, SIMULATOR, Inbox

pytestmark = pytest.mark.asyncio
State = ConversationState


async def test_the_life_of_a_conversation_is_on_the_record(inbox: Inbox) -> None:
    dora, gold = inbox.team["dora"], inbox.team["gold"]
    conversation = await inbox.item(SIMULATOR, "a1", text="Someone is shouting in the park")

    row = await work.assign(dora, conversation, officer="dora")
    assert (row.state, row.assignee, row.team) == (State.ASSIGNED, "dora", "")
    with pytest.raises(StoreError, match="why the conversation is reassigned"):
        await work.assign(dora, conversation, officer="gold")
    row = await work.assign(dora, conversation, officer="gold", reason="Gold knows the area")
    assert (row.state, row.assignee) == (State.ASSIGNED, "gold")
    row = await work.set_state(gold, conversation, State.ANSWERED)
    assert row.state is State.ANSWERED and row.assignee == "gold"
    with pytest.raises(StoreError, match="The conversation is already answered"):
        await work.set_state(gold, conversation, State.ANSWERED)
    with pytest.raises(StoreError, match="Say why the conversation is marked closed"):
        await work.set_state(gold, conversation, State.CLOSED)
    await work.set_state(gold, conversation, State.CLOSED, reason="Resolved by patrol")
    with pytest.raises(StoreError, match="A closed conversation cannot be marked answered: reopen"):
        await work.set_state(gold, conversation, State.ANSWERED)
    row = await work.reopen(dora, conversation, reason="They wrote again by phone")
    assert row.state is State.ASSIGNED  # it still has gold
    row = await work.unassign(dora, conversation, reason="Gold went off shift")
    assert (row.state, row.assignee) == (State.NEW, "")
    row = await work.set_state(dora, conversation, State.REPORT, reason="Recorded as a crime")
    assert row.state is State.REPORT

    entries = await inbox.audit("inbox.")
    trail = [(e.actor, e.action, e.justification) for e in entries if e.action != "inbox.consult"]
    assert trail == [
        ("dora", "inbox.assign", ""),
        ("dora", "inbox.reassign", "Gold knows the area"),
        ("gold", "inbox.state", ""),
        ("gold", "inbox.state", "Resolved by patrol"),
        ("dora", "inbox.state", "They wrote again by phone"),
        ("dora", "inbox.unassign", "Gold went off shift"),
        ("dora", "inbox.state", "Recorded as a crime"),
    ]
    assert all(e.category is AuditCategory.ALTERATION for e in entries)
    assert all(e.object_id == str(conversation) for e in entries)
    reassign = entries[1]
    assert json.loads(reassign.before or "") == {"officer": "dora", "team": None,
                                                 "state": "assigned"}  # fmt: skip
    assert json.loads(reassign.after or "") == {"officer": "gold", "team": None,
                                                "state": "assigned"}  # fmt: skip
    assert [json.loads(e.after or "")["state"] for e in entries[2:5]] == [
        "answered", "closed", "assigned"
    ]  # fmt: skip


async def test_assignment_to_a_team_and_its_refusals(inbox: Inbox) -> None:
    admin, dora = inbox.team.admin, inbox.team["dora"]
    conversation = await inbox.item(SIMULATOR, "b1")
    with pytest.raises(NotPermitted, match="Managing inbox teams needs the Administrator role"):
        await teams.add_team(dora, "Neighbourhood North")
    await teams.add_team(admin, "Neighbourhood  North")
    with pytest.raises(StoreError, match="already a team called Neighbourhood North"):
        await teams.add_team(admin, "neighbourhood north")
    with pytest.raises(StoreError, match="No team is called Roads"):
        await work.assign(dora, conversation, team="Roads")
    with pytest.raises(StoreError, match="one officer or one team"):
        await work.assign(dora, conversation, officer="dora", team="Neighbourhood North")
    with pytest.raises(StoreError, match="olly cannot work the inbox"):
        await work.assign(dora, conversation, officer="olly")
    with pytest.raises(StoreError, match="No officer is called nobody"):
        await work.assign(dora, conversation, officer="nobody")
    row = await work.assign(dora, conversation, team="neighbourhood north")
    assert (row.state, row.assignee, row.team) == (State.ASSIGNED, "", "Neighbourhood North")
    with pytest.raises(StoreError, match="already assigned to Neighbourhood North"):
        await work.assign(dora, conversation, team="Neighbourhood North", reason="again")

    await teams.retire_team(admin, "Neighbourhood North", reason="Merged into Response")
    other = await inbox.item(SIMULATOR, "b2")
    with pytest.raises(StoreError, match="team is retired"):
        await work.assign(dora, other, team="Neighbourhood North")
    assert (await inbox.row(conversation)).team == "Neighbourhood North"  # keeps its work
    assert [t.name for t in await teams.list_teams(dora, active_only=True)] == []

    # An officer disabled after being chosen cannot be given new work.
    await user_admin.disable_user(admin, "gold", reason="left the force")
    with pytest.raises(StoreError, match="account is disabled: choose another officer"):
        await work.assign(dora, other, officer="gold")
    actions = [e.action for e in await inbox.audit("inbox.team")]
    assert actions == ["inbox.team_add", "inbox.team_retire"]


async def test_who_may_do_what_in_the_inbox(inbox: Inbox) -> None:
    olly, admin = inbox.team["olly"], inbox.team.admin
    conversation = await inbox.item(SIMULATOR, "c1")
    assert await work.matching(olly) == [conversation]  # an observer reads
    with pytest.raises(NotPermitted, match="needs the Approver or Duty officer role"):
        await work.assign(olly, conversation, officer="dora")
    with pytest.raises(NotPermitted, match="Reading the inbox needs"):
        await work.matching(admin)  # administrators run the inbox, they do not read it
    with pytest.raises(NotPermitted):
        await work.add_note(olly, conversation, "I saw this")
    with pytest.raises(StoreError, match="Assign the conversation"):
        await work.set_state(inbox.team["dora"], conversation, State.ASSIGNED)
    with pytest.raises(StoreError, match="Assign the conversation"):
        await work.set_state(inbox.team["dora"], conversation, State.NEW)
    with pytest.raises(StoreError, match="Only an answered or closed conversation"):
        await work.reopen(inbox.team["dora"], conversation, reason="x")
    with pytest.raises(StoreError, match="not assigned to anyone"):
        await work.unassign(inbox.team["dora"], conversation, reason="x")
    with pytest.raises(StoreError, match="erased under the retention rules"):
        await work.assign(inbox.team["dora"], 999, officer="dora")


async def test_notes_are_appended_audited_and_never_changed(inbox: Inbox) -> None:
    dora, gold = inbox.team["dora"], inbox.team["gold"]
    conversation = await inbox.item(SIMULATOR, "d1")
    with pytest.raises(StoreError, match="Write the note"):
        await work.add_note(dora, conversation, "   ")
    first = await work.add_note(dora, conversation, "Called the caller back, no answer")
    await work.add_note(gold, conversation, "Tried again at 10:00")
    opened = await work.open_conversation(dora, conversation, "Following up the call-back")
    assert [(n.author, n.text) for n in opened.notes] == [
        ("dora", "Called the caller back, no answer"), ("gold", "Tried again at 10:00")
    ]  # fmt: skip
    notes = await inbox.audit("inbox.note")
    assert [(e.actor, json.loads(e.after or "")) for e in notes] == [
        ("dora", {"note": first.id, "characters": 33}),
        ("gold", {"note": first.id + 1, "characters": 20}),
    ]
    with pytest.raises(Exception, match="notes cannot be changed"):
        await inbox.store.write(
            lambda tx: tx.execute("UPDATE inbox_notes SET text = 'x' WHERE id = ?", (first.id,))
        )


async def test_filters_and_counts(inbox: Inbox) -> None:
    dora = inbox.team["dora"]
    await teams.add_team(inbox.team.admin, "Roads")
    road = await inbox.item(SIMULATOR, "f1", minutes_ago=50, text="Crash on the A1 at Junction 4")
    dm = await inbox.item(SIMULATOR, "f2", minutes_ago=40, kind="message",
                          author_handle="ann", text="A private worry")  # fmt: skip
    fb = await inbox.item(FACEBOOK, "f3", minutes_ago=30, kind="comment", text="Great work")
    masto = await inbox.item(inbox.mastodon, "f4", minutes_ago=20, author_name="Jo Bloggs",
                             text="Lights out on the high street")  # fmt: skip
    later = await inbox.item(SIMULATOR, "f5", minutes_ago=10, conversation_id="f1-thread",
                             text="Another crash?")  # fmt: skip
    await work.assign(dora, road, officer="dora")
    await work.assign(dora, masto, team="Roads")
    await work.set_state(dora, fb, State.CLOSED, reason="Thanks only")

    async def ids(**kw: object) -> list[int]:
        return await work.matching(dora, ConversationFilter(**kw))  # type: ignore[arg-type]

    assert await ids() == [later, masto, fb, dm, road]
    assert await ids(channel_ids=(SIMULATOR,)) == [later, dm, road]
    assert await ids(kind="message") == [dm]
    assert await ids(states=(State.NEW,)) == [later, dm]
    assert await ids(states=(State.ASSIGNED, State.CLOSED)) == [masto, fb, road]
    assert await ids(officer_id=inbox.team["dora"].user.id) == [road]
    roads = (await teams.list_teams(dora))[0].id
    assert await ids(team_id=roads) == [masto]
    assert await ids(unassigned=True) == [later, fb, dm]
    assert await ids(keyword="CRASH") == [later, road]
    assert await ids(keyword="bloggs") == [masto]  # the author's name
    assert await ids(keyword="ANN") == [dm]  # the author's handle
    assert await ids(since_utc=inbox.ago(35), until_utc=inbox.ago(15)) == [masto, fb]
    assert await ids(keyword="crash", states=(State.ASSIGNED,)) == [road]
    assert await work.matching(dora, None, limit=2) == [later, masto]

    counts = await work.counts(dora, ConversationFilter(channel_ids=(SIMULATOR,),
                                                        states=(State.NEW,)))  # fmt: skip
    assert counts == {State.NEW: 2, State.ASSIGNED: 1, State.ANSWERED: 0, State.CLOSED: 0,
                      State.REPORT: 0}  # fmt: skip
    page = await work.conversation_rows(dora, [masto, dm])
    assert (page[masto].team, page[masto].latest_preview) == (
        "Roads",
        "Lights out on the high street",
    )
    assert page[dm].latest_author == "ann"


async def test_opening_is_a_consultation_with_the_officers_reason(inbox: Inbox) -> None:
    dora, olly = inbox.team["dora"], inbox.team["olly"]
    conversation = await inbox.item(SIMULATOR, "g1", minutes_ago=2, conversation_id="G",
                                    text="I think my neighbour is in danger")  # fmt: skip
    await inbox.item(SIMULATOR, "g2", minutes_ago=1, conversation_id="G", text="Please hurry",
                     raw='{"id": "g2"}')  # fmt: skip
    with pytest.raises(StoreError, match="Say why you are opening it"):
        await work.open_conversation(dora, conversation, "  ")
    opened = await work.open_conversation(dora, conversation, "Assessing risk to the caller")
    assert [i.row.text for i in opened.items] == ["I think my neighbour is in danger",
                                                  "Please hurry"]  # fmt: skip
    assert opened.items[1].raw == '{"id": "g2"}'
    item = await work.open_item(olly, opened.items[0].row.id, "Audit of desk handling")
    assert item.row.remote_id == "g1"
    with pytest.raises(StoreError, match="Inbox item 999 is not in the store"):
        await work.open_item(olly, 999, "Looking")

    consulted = await inbox.audit("inbox.consult")
    assert [(e.actor, e.category, e.object_type, e.justification) for e in consulted] == [
        ("dora", AuditCategory.CONSULTATION, "inbox_conversation", "Assessing risk to the caller"),
        ("olly", AuditCategory.CONSULTATION, "inbox_item", "Audit of desk handling"),
    ]
    assert json.loads(consulted[0].after or "") == {"items": [i.row.id for i in opened.items]}
    # The trail names ids, never the public's words or handles.
    recorded = consulted[0].after or ""
    assert "danger" not in recorded and "resident" not in recorded
    # Listing is not a consultation.
    await work.conversation_rows(dora, await work.matching(dora))
    assert len(await inbox.audit("inbox.consult")) == 2


async def test_a_move_the_state_does_not_allow_is_refused_in_the_officers_language(
    inbox: Inbox,
) -> None:
    """The refusals named the states by their keys, in an English sentence."""
    gold = inbox.team["gold"]
    conversation = await inbox.item(SIMULATOR, "w1", text="Diolch am y diweddariad")
    await work.set_state(gold, conversation, State.CLOSED, reason="Dim angen ateb")
    try:
        i18n.use(WELSH)
        with pytest.raises(StoreError) as closed:
            await work.set_state(gold, conversation, State.ANSWERED)
        assert str(closed.value) == (
            "Ni ellir marcio sgwrs sydd ar gau fel wedi'i ateb: ailagorwch hi yn gyntaf."
        )
        with pytest.raises(StoreError) as already:
            await work.set_state(gold, conversation, State.CLOSED, reason="Eto")
        assert str(already.value) == "Mae'r sgwrs eisoes wedi'i marcio fel ar gau."
    finally:
        i18n.use(ENGLISH)
