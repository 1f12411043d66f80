"""Recording a report: items frozen as received, versions, states, consultation,
roles, and the inbox's own state where the inbox has one."""

from __future__ import annotations

import json
from dataclasses import fields
from datetime import timedelta

import pytest

from console.permissions import NotPermitted
from console.reports import service
from console.reports.grading import Category, ClockState, Grade, ReportState, Thrive
from storage.errors import StoreError
from storage.records import AuditCategory
from storage.reports import ReportRow
from storage.store import Transaction
from storage.timeutil import from_iso
from tests.reports.helpers import MASTODON_RAW, THRIVE, add_items, entries, item, report_from
from tests.team import Team

pytestmark = pytest.mark.asyncio

WHY = "Following up the report for the victim"


async def test_the_items_are_copied_exactly_as_received(team: Team) -> None:
    store = team.admin.store
    ids = await add_items(
        store,
        item("110", "My neighbour hit me https://photos.example/p/1.", raw=MASTODON_RAW,
             kind="reply", in_reply_to="100"),
        item("111", "Still scared — he’s outside again", minutes=5),
    )  # fmt: skip
    row = await report_from(team["dora"], [ids[1], ids[0]])
    assert row.item_count == 2 and row.state == "open" and row.version == 1
    view = await service.open_report(team["dora"], row.reference, WHY)
    first, second = view.items
    assert [first.source_item_id, second.source_item_id] == ids  # oldest first
    assert (first.remote_id, first.kind, first.in_reply_to) == ("110", "reply", "100")
    assert (first.author_handle, first.author_name) == ("@jo@social.example", "Jo Bloggs")
    assert (first.channel_id, first.channel_name, first.network) == (1, "Force X", "simulator")
    assert first.created_utc == "2026-11-28T08:00:00.000000Z"
    assert first.received_utc == first.copied_utc == "2026-11-28T09:00:00.000000Z"
    assert first.url == "https://social.example/@jo/110"
    assert first.raw == MASTODON_RAW
    assert second.text == "Still scared — he’s outside again"
    assert first.links == ("https://photos.example/p/1", "https://news.example/story")
    assert first.media == (
        "https://files.example/media/1.jpg",
        "https://files.example/media/1s.jpg",
    )


async def test_links_and_media_of_bluesky_and_x_items() -> None:
    from console.reports.links import links_and_media

    bluesky = {
        "record": {"text": "see", "facets": [{"features": [
            {"$type": "app.bsky.richtext.facet#link", "uri": "https://evidence.example/v"}]}]},
        "embed": {"images": [{"image": {"ref": {"$link": "bafkreicid"}}, "alt": "car"}]},
        "author": {"avatar": "https://cdn.example/avatar.jpg"},
    }  # fmt: skip
    assert links_and_media("see", json.dumps(bluesky)) == (
        ("https://evidence.example/v",),
        ("blob:bafkreicid",),
    )
    x = {"entities": {"urls": [{"url": "https://t.co/x", "expanded_url": "https://a.example"}]},
         "attachments": {"media_keys": ["3_1"]}}  # fmt: skip
    assert links_and_media("look https://t.co/x", json.dumps(x)) == (
        ("https://t.co/x", "https://a.example"),
        ("media_key:3_1",),
    )
    assert links_and_media("no json", "not json {") == ((), ())


async def test_a_report_survives_changes_to_and_erasure_of_its_inbox_items(team: Team) -> None:
    store = team.admin.store
    ids = await add_items(store, item("1", "Stolen bike from the station racks"))
    row = await report_from(team["dora"], ids)
    before = (await service.open_report(team["dora"], row.reference, WHY)).items

    def retention(tx: Transaction) -> None:
        tx.execute("UPDATE inbox_items SET text = 'edited', raw = '' WHERE id = ?", (ids[0],))
        tx.execute("DELETE FROM inbox_items WHERE id = ?", (ids[0],))

    await store.write(retention)
    after = await service.open_report(team["dora"], row.reference, WHY)
    assert after.items == before
    assert after.items[0].text == "Stolen bike from the station racks"

    def tamper(tx: Transaction) -> None:
        tx.execute("UPDATE report_items SET text = 'changed'")

    with pytest.raises(Exception, match="never changed"):
        await store.write(tamper)


async def test_a_whole_conversation_becomes_one_report(team: Team) -> None:
    store = team.admin.store
    ids = await add_items(
        store,
        item("1", "Someone is following me", conversation="c1", kind="message"),
        item("2", "Unrelated", minutes=1),
        item("3", "He is still there", minutes=2, conversation="c1", kind="message"),
    )
    row = await report_from(team["dora"], [ids[2]], whole_conversation=True)
    view = await service.open_report(team["dora"], row.reference, WHY)
    assert [i.source_item_id for i in view.items] == [ids[0], ids[2]]
    with pytest.raises(StoreError, match="Choose the inbox item"):
        await report_from(team["dora"], [])


async def test_edits_are_versions_with_who_when_what_and_why(team: Team) -> None:
    store = team.admin.store
    ids = await add_items(store, item("1", "Car crashed into a wall"))
    row = await report_from(team["dora"], ids, category=Category.ROAD_TRAFFIC,
                            grade=Grade.SCHEDULED)  # fmt: skip
    team.clock.advance(minutes=10)
    changed = await service.edit_report(
        team["gold"], row.reference, reason="driver may be injured", based_on=1,
        grade=Grade.IMMEDIATE, location="A1 northbound, junction 4",
        thrive=Thrive(**{**THRIVE.as_dict(), "harm": "Driver may be hurt"}),
    )  # fmt: skip
    assert (changed.version, changed.grade, changed.allowed_minutes) == (2, "immediate", 15)
    assert changed.clock_start_utc == row.clock_start_utc  # a regrade keeps the start
    assert changed.updated_by == "gold"
    view = await service.open_report(team["olly"], row.reference, "Reviewing the desk's work")
    assert view.content.location == "A1 northbound, junction 4"
    assert view.content.thrive.harm == "Driver may be hurt"
    assert view.content.summary == "Assault by a neighbour reported by reply"
    first, second = view.history
    assert (first.version, first.by_user, first.reason) == (1, "dora", "recorded from the inbox")
    assert first.content["grade"] == "scheduled" and first.content["location"].startswith("12")
    assert (second.by_user, second.at_utc, second.reason) == (
        "gold", "2026-11-28T09:10:00.000000Z", "driver may be injured",
    )  # fmt: skip
    assert second.changes == {
        "grade": ["scheduled", "immediate"],
        "allowed_minutes": [1440, 15],
        "location": ["12 High Street, Northtown", "A1 northbound, junction 4"],
        "harm": ["Bruising reported; no weapon mentioned", "Driver may be hurt"],
    }
    edit = (await entries(store, "report.edit"))[-1]
    assert edit.justification == "driver may be injured" and edit.object_id == row.reference
    after = json.loads(edit.after or "{}")
    assert after["changed"] == ["allowed_minutes", "grade", "harm", "location"]
    assert after["content_sha256"] == second.content_sha256
    assert "A1 northbound" not in (edit.after or "")  # the public's words stay in the version

    with pytest.raises(StoreError, match=r"gold changed report .* after you opened version 1"):
        await service.edit_report(team["dora"], row.reference, reason="x", based_on=1,
                                  summary="Other")  # fmt: skip
    with pytest.raises(StoreError, match="Nothing changed"):
        await service.edit_report(team["dora"], row.reference, reason="x",
                                  location="A1 northbound, junction 4")  # fmt: skip
    with pytest.raises(StoreError, match="Say why"):
        await service.edit_report(team["dora"], row.reference, reason=" ", summary="y")
    with pytest.raises(StoreError, match="There is no report NP-1"):
        await service.edit_report(team["dora"], "NP-1", reason="x", summary="y")

    def tamper(tx: Transaction) -> None:
        tx.execute("UPDATE report_versions SET reason = 'other'")

    with pytest.raises(Exception, match="never changed"):
        await store.write(tamper)


async def test_states_follow_their_rules_and_each_change_is_a_version(team: Team) -> None:
    ids = await add_items(team.admin.store, item("1", "Graffiti on the school"))
    ref = (await report_from(team["dora"], ids, category=Category.ANTI_SOCIAL_BEHAVIOUR)).reference
    dora = team["dora"]
    answered = await service.set_state(dora, ref, ReportState.ANSWERED, reason="replied")
    assert answered.clock_stopped_utc == "2026-11-28T09:00:00.000000Z"
    reopened = await service.set_state(dora, ref, ReportState.OPEN, reason="they wrote again")
    assert reopened.clock_stopped_utc is None  # running again
    await service.set_state(dora, ref, ReportState.HANDED_OVER, reason="crime recorded")
    with pytest.raises(StoreError, match="is handed over: it can become closed, not open"):
        await service.set_state(dora, ref, ReportState.OPEN, reason="x")
    closed = await service.set_state(dora, ref, ReportState.CLOSED, reason="done")
    assert (closed.state, closed.version) == ("closed", 5)
    with pytest.raises(StoreError, match="is closed: reopen it first"):
        await service.edit_report(dora, ref, reason="late detail", summary="more")
    with pytest.raises(StoreError, match="Say why the report is now open"):
        await service.set_state(dora, ref, ReportState.OPEN, reason="")
    logged = await entries(team.admin.store, "report.state")
    assert [json.loads(e.after or "{}")["state"] for e in logged] == [
        "answered", "open", "handed_over", "closed",
    ]  # fmt: skip
    assert [e.justification for e in logged] == ["replied", "they wrote again", "crime recorded",
                                                 "done"]  # fmt: skip


async def test_every_opening_is_a_consultation_with_its_justification(team: Team) -> None:
    store = team.admin.store
    ids = await add_items(store, item("1", "My son has not come home"))
    row = await report_from(team["dora"], ids, category=Category.MISSING_PERSON)
    created = (await entries(store, "report.create"))[-1]
    assert created.category is AuditCategory.COLLECTION and created.actor == "dora"
    assert json.loads(created.after or "{}")["items"] == ids
    await service.open_report(team["gold"], row.reference, "Supervisor review of the grading")
    await service.open_report(team["olly"], row.reference, "Audit sample")
    opened = await entries(store, "report.open")
    assert [(e.actor, e.category, e.justification, e.object_id) for e in opened] == [
        ("gold", AuditCategory.CONSULTATION, "Supervisor review of the grading", row.reference),
        ("olly", AuditCategory.CONSULTATION, "Audit sample", row.reference),
    ]
    count = len(await entries(store))
    with pytest.raises(StoreError, match="Say why you are opening this report"):
        await service.open_report(team["gold"], row.reference, "  ")
    with pytest.raises(StoreError, match="There is no report"):
        await service.open_report(team["gold"], "NP-20261128-09999", "checking")
    assert len(await entries(store)) == count  # refused: nothing read, nothing recorded


async def test_a_list_shows_only_what_a_list_needs_and_is_not_audited(team: Team) -> None:
    store = team.admin.store
    ids = await add_items(store, item("1", "Drugs dealt outside number 4"))
    first = await report_from(team["dora"], ids, category=Category.INTELLIGENCE)
    team.clock.advance(minutes=1)
    second = await report_from(team["dora"], ids)
    await service.set_state(team["dora"], second.reference, ReportState.ANSWERED, reason="ok")
    count = len(await entries(store))
    listed = await service.list_reports(team["olly"])
    assert [r.reference for r in listed] == [second.reference, first.reference]
    answered = await service.list_reports(team["olly"], ReportState.ANSWERED)
    assert [r.reference for r in answered] == [second.reference]
    assert {f.name for f in fields(ReportRow)}.isdisjoint({"location", "summary", "text", "threat"})
    assert len(await entries(store)) == count
    linked = await service.reports_for_items(team["olly"], [*ids, 999])
    assert linked == {ids[0]: listed[0]}


async def test_who_may_record_read_and_hand_over(team: Team) -> None:
    ids = await add_items(team.admin.store, item("1", "Dog left in a hot car"))
    ref = (await report_from(team["gold"], ids, category=Category.OTHER)).reference
    with pytest.raises(NotPermitted, match="needs the Approver or Duty officer role"):
        await report_from(team["olly"], ids)
    with pytest.raises(NotPermitted):
        await service.edit_report(team["olly"], ref, reason="x", summary="y")
    with pytest.raises(NotPermitted):
        await service.set_state(team["olly"], ref, ReportState.CLOSED, reason="x")
    with pytest.raises(NotPermitted, match="Viewing reports from the public"):
        await service.open_report(team["alice"], ref, "curious")  # an administrator only
    with pytest.raises(NotPermitted):
        await service.list_reports(team["alice"])
    assert (await service.open_report(team["olly"], ref, "Audit sample")).reference == ref


async def test_the_item_s_conversation_becomes_report(team: Team) -> None:
    store = team.admin.store
    ids = await add_items(
        store,
        item("1", "Window smashed", conversation="c1"),
        item("2", "And the car", minutes=1, conversation="c1"),
    )
    row = await report_from(team["dora"], ids[:1])
    states = await store.run(
        lambda db: [tuple(r) for r in db.execute("SELECT id, state FROM inbox_conversations")]
    )
    assert [state for _id, state in states] == ["report"]  # the whole thread
    marked = await entries(store, "inbox.state")
    assert [(e.object_type, json.loads(e.before or "{}")["state"]) for e in marked] == [
        ("conversation", "new"),
    ]
    assert json.loads(marked[0].after or "{}") == {"state": "report", "report": row.reference}
    await report_from(team["dora"], ids)  # already 'report': nothing changes, nothing logged
    assert len(await entries(store, "inbox.state")) == 1


async def test_a_reopened_report_s_clock_runs_again_and_turns_red(team: Team) -> None:
    """Reopened, the clock resumes where it stopped: the time it stood answered or
    closed does not count, and it runs out like any other."""
    dora = team["dora"]
    ids = await add_items(team.admin.store, item("1", "My bike was stolen"))
    row = await report_from(dora, ids, grade=Grade.PRIORITY)  # 60 minutes
    start = from_iso(row.clock_start_utc)
    team.clock.advance(minutes=20)
    answered = await service.set_state(dora, row.reference, ReportState.ANSWERED, reason="ok")
    team.clock.advance(minutes=300)  # five hours answered: not counted
    assert service.clock_of(answered, team.clock()).state is ClockState.OK
    reopened = await service.set_state(dora, row.reference, ReportState.OPEN, reason="more")
    assert reopened.clock_stopped_utc is None
    assert from_iso(reopened.clock_start_utc) == start + timedelta(minutes=300)
    clock = service.clock_of(reopened, team.clock())
    assert (clock.stopped, clock.left) == (False, timedelta(minutes=40))
    team.clock.advance(minutes=35)
    assert service.clock_of(reopened, team.clock()).state is ClockState.AMBER
    team.clock.advance(minutes=5)
    assert service.clock_of(reopened, team.clock()).state is ClockState.RED
    listed = await service.list_reports(dora)
    assert listed[0].clock_stopped_utc is None  # what the inbox and reports view read
    (entry,) = [
        json.loads(e.after or "{}") for e in await entries(team.admin.store, "report.state")
        if json.loads(e.after or "{}")["state"] == "open"
    ]  # fmt: skip
    assert entry["clock_start_utc"] == reopened.clock_start_utc
    # Closed after it ran out: it stays red (stopped late).
    closed = await service.set_state(dora, row.reference, ReportState.CLOSED, reason="done")
    assert service.clock_of(closed, team.clock() + timedelta(days=9)).state is ClockState.RED


async def test_a_conversation_with_an_open_report_cannot_be_marked_answered_or_closed(
    team: Team,
) -> None:
    """ "Answered" is the report's to say: marking only the conversation would take a
    report that is still running out of the inbox's sight."""
    from console.inbox import work
    from storage import conversations

    dora, store = team["dora"], team.admin.store
    ids = await add_items(store, item("1", "Someone is following me", conversation="c1"))
    row = await report_from(dora, ids)
    conversation = await store.run(lambda db: conversations.of_item(db, ids[0]))
    assert conversation is not None
    for state in (conversations.ConversationState.ANSWERED, conversations.ConversationState.CLOSED):
        with pytest.raises(
            StoreError, match=f"Report {row.reference} is still open: answer or close it in Reports"
        ):
            await work.set_state(dora, conversation, state, reason="done")
    await service.set_state(dora, row.reference, ReportState.ANSWERED, reason="Replied")
    marked = await work.set_state(dora, conversation, conversations.ConversationState.ANSWERED)
    assert marked.state is conversations.ConversationState.ANSWERED
