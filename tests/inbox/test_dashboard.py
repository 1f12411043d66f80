"""The dashboard's figures against counts made by hand: items per hour per channel,
response times against the clocks (met, missed, running) by grade, reports by
category, conversations by state; and the CSV of each table."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from console.inbox import dashboard, work
from console.inbox.dashboard import Outcome, Table
from console.permissions import NotPermitted
from console.reports import service
from console.reports.grading import Category, Grade, ReportState
from storage.conversations import ConversationState
from storage.errors import StoreError
from storage.records import StoreKind
from tests.inbox.conftest import Inbox
from tests.reports.helpers import THRIVE

pytestmark = pytest.mark.asyncio
DAY = 24 * 60.0


async def _id(inbox: Inbox, channel_id: int, remote_id: str) -> int:
    def read(db: Any) -> int:
        row = db.execute(
            "SELECT id FROM inbox_items WHERE channel_id = ? AND remote_id = ?",
            (channel_id, remote_id),
        ).fetchone()
        return int(row[0])

    return await inbox.store.run(read)


async def _report(inbox: Inbox, item_id: int, category: Category, grade: Grade) -> str:
    row = await service.create_report(
        inbox.team["dora"], [item_id], category=category, grade=grade, thrive=THRIVE
    )
    return row.reference


async def _busy_day(inbox: Inbox) -> None:
    """At 09:00 UTC on 28 Nov 2026: items on Mastodon and Bluesky (none on X), five
    reports, then 70 minutes pass (the clock stands at 10:10)."""
    m = inbox.mastodon
    await inbox.item(m, "m1", minutes_ago=10, conversation_id="t1")  # 08:50
    await inbox.item(m, "m2", minutes_ago=20, conversation_id="t1")  # 08:40
    await inbox.item(m, "m3", minutes_ago=70)  # 07:50
    b1 = await inbox.item(inbox.bluesky, "b1", minutes_ago=5)  # 08:55
    await inbox.item(inbox.bluesky, "b0", minutes_ago=DAY + 60)  # 27 Nov 08:00: before
    m1, m2 = await _id(inbox, m, "m1"), await _id(inbox, m, "m2")
    b0 = await _id(inbox, inbox.bluesky, "b0")
    await work.assign(inbox.team["dora"], b1, officer="dora")
    dora = inbox.team["dora"]
    quick = await _report(inbox, m1, Category.CRIME, Grade.IMMEDIATE)  # 15 min
    slow = await _report(inbox, m2, Category.ROAD_TRAFFIC, Grade.PRIORITY)  # 60 min
    await _report(inbox, m1, Category.CRIME, Grade.IMMEDIATE)  # never answered
    inbox.team.clock.advance(minutes=10)
    await service.set_state(dora, quick, ReportState.ANSWERED, reason="Replied with advice")
    inbox.team.clock.advance(minutes=60)
    await service.set_state(dora, slow, ReportState.ANSWERED, reason="Replied late")
    await _report(inbox, b0, Category.MISSING_PERSON, Grade.PRIORITY)  # at 10:10, running


async def _board(inbox: Inbox, hours: int = 24) -> dashboard.Dashboard:
    now = inbox.team.clock.now
    start, end = dashboard.span_ending(now, hours)
    return await dashboard.dashboard(inbox.team["dora"], start, end)


async def test_items_per_hour_per_channel(inbox: Inbox) -> None:
    await _busy_day(inbox)
    board = await _board(inbox)
    assert board.start_utc == datetime(2026, 11, 27, 11, tzinfo=UTC)
    assert board.end_utc == datetime(2026, 11, 28, 11, tzinfo=UTC)
    assert len(board.hours) == 24 and board.hours[-1] == datetime(2026, 11, 28, 10, tzinfo=UTC)
    # X had nothing; the channels come by name.
    assert [s.name for s in board.channels] == ["Force Bluesky", "Force Mastodon"]
    bluesky, mastodon = board.channels
    at = {hour: i for i, hour in enumerate(board.hours)}
    seven, eight = (
        at[datetime(2026, 11, 28, 7, tzinfo=UTC)],
        at[datetime(2026, 11, 28, 8, tzinfo=UTC)],
    )
    assert mastodon.counts[seven] == 1 and mastodon.counts[eight] == 2 and mastodon.total == 3
    assert bluesky.counts[eight] == 1 and bluesky.total == 1  # b0 is before the span
    assert board.items == 4

    wider = await _board(inbox, hours=48)
    assert [s.total for s in wider.channels] == [2, 3]


async def test_response_times_against_the_clocks_by_grade(inbox: Inbox) -> None:
    await _busy_day(inbox)
    board = await _board(inbox)
    by_grade = {r.grade: r for r in board.responses}
    assert list(by_grade) == [g.value for g in Grade]
    immediate = by_grade["immediate"]
    # Answered in 10 of 15 minutes: met. Still open 70 minutes on: missed.
    assert (immediate.met, immediate.missed, immediate.running) == (1, 1, 0)
    assert immediate.median_minutes == pytest.approx(10.0)
    priority = by_grade["priority"]
    # Answered after 70 of 60 minutes: missed. Made just now: running.
    assert (priority.met, priority.missed, priority.running) == (0, 1, 1)
    assert priority.median_minutes == pytest.approx(70.0)
    assert by_grade["scheduled"].total == 0 and by_grade["scheduled"].median_minutes is None

    # Two hours on, the running priority report has missed its clock too.
    later = await dashboard.dashboard(
        inbox.team["dora"], board.start_utc, board.end_utc,
        now=inbox.team.clock.now + timedelta(hours=2),
    )  # fmt: skip
    priority = next(r for r in later.responses if r.grade == "priority")
    assert (priority.met, priority.missed, priority.running) == (0, 2, 0)


async def test_a_report_exactly_at_its_due_time_has_missed(inbox: Inbox) -> None:
    await inbox.item(inbox.mastodon, "m1")
    ref = await _report(inbox, await _id(inbox, inbox.mastodon, "m1"), Category.OTHER,
                        Grade.IMMEDIATE)  # fmt: skip
    row = next(r for r in await service.list_reports(inbox.team["dora"]) if r.reference == ref)
    now = inbox.team.clock.now
    assert dashboard.outcome(row, now + timedelta(minutes=14, seconds=59)) is Outcome.RUNNING
    assert dashboard.outcome(row, now + timedelta(minutes=15)) is Outcome.MISSED


async def test_reports_by_category_and_conversations_by_state(inbox: Inbox) -> None:
    await _busy_day(inbox)
    board = await _board(inbox)
    categories = dict(board.categories)
    assert list(categories) == [c.value for c in Category]
    assert categories == {**dict.fromkeys(categories, 0), "crime": 2, "road_traffic": 1,
                          "missing_person": 1}  # fmt: skip
    assert board.reports == 4
    # Active in the span: t1 (report), m3 (new), b1 (assigned). b0's conversation
    # became a report but was last active before the span.
    states = dict(board.states)
    assert list(states) == list(ConversationState)
    assert states == {ConversationState.NEW: 1, ConversationState.ASSIGNED: 1,
                      ConversationState.ANSWERED: 0, ConversationState.CLOSED: 0,
                      ConversationState.REPORT: 1}  # fmt: skip


async def test_an_empty_store_has_zeros_and_no_series(inbox: Inbox) -> None:
    board = await _board(inbox)
    assert board.channels == () and board.items == 0 and board.reports == 0
    assert all(r.total == 0 for r in board.responses)
    assert sum(n for _s, n in board.states) == 0
    heads, rows = dashboard.table(board, Table.ITEMS_PER_HOUR)
    assert heads == ["hour_utc", "hour_uk", "total"] and len(rows) == 24


async def test_who_may_see_it_and_the_longest_span(inbox: Inbox) -> None:
    now = inbox.team.clock.now
    start, end = dashboard.span_ending(now, 24)
    await dashboard.dashboard(inbox.team["olly"], start, end)  # observers read the inbox
    with pytest.raises(NotPermitted):
        await dashboard.dashboard(inbox.team.admin, start, end)  # administrator only
    with pytest.raises(StoreError, match="at most 31 days"):
        await dashboard.dashboard(inbox.team["dora"], end - timedelta(days=32), end)


def _csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


async def test_csv_of_each_table(inbox: Inbox) -> None:
    await _busy_day(inbox)
    board = await _board(inbox)
    hourly = _csv(dashboard.csv_text(board, Table.ITEMS_PER_HOUR, StoreKind.LIVE))
    assert hourly[0] == ["Items per hour", "from 27/11/2026 11:00 GMT", "to 28/11/2026 11:00 GMT",
                         "clocks read 28/11/2026 10:10 GMT"]  # fmt: skip
    assert hourly[1] == ["hour_utc", "hour_uk", "Force Bluesky", "Force Mastodon", "total"]
    eight = next(r for r in hourly[2:] if r[0] == "2026-11-28T08:00:00.000000Z")
    assert eight == ["2026-11-28T08:00:00.000000Z", "28/11/2026 08:00 GMT", "1", "2", "3"]
    assert len(hourly) == 2 + 24

    responses = _csv(dashboard.csv_text(board, Table.RESPONSE_TIMES, StoreKind.LIVE))
    assert responses[1] == ["grade", "met", "missed", "running", "median_minutes_to_respond"]
    assert responses[2] == ["Immediate", "1", "1", "0", "10.0"]
    assert responses[3] == ["Priority", "0", "1", "1", "70.0"]
    assert responses[4] == ["Scheduled", "0", "0", "0", ""]

    categories = _csv(dashboard.csv_text(board, Table.REPORTS_BY_CATEGORY, StoreKind.LIVE))
    assert ["Crime report", "2"] in categories and ["Complaint", "0"] in categories

    exercise = _csv(dashboard.csv_text(board, Table.CONVERSATIONS_BY_STATE, StoreKind.EXERCISE))
    assert exercise[0] == ["EXERCISE EXERCISE EXERCISE"]
    assert exercise[3:] == [["New", "1"], ["Assigned", "1"], ["Answered", "0"], ["Closed", "0"],
                            ["Report", "1"]]  # fmt: skip
    live = dashboard.csv_text(board, Table.CONVERSATIONS_BY_STATE, StoreKind.LIVE)
    assert "EXERCISE" not in live


async def test_a_channel_name_cannot_become_a_spreadsheet_formula(inbox: Inbox) -> None:
    def rename(tx: Any) -> None:
        tx.execute("UPDATE channels SET name = '=HYPERLINK(1)' WHERE id = ?", (inbox.x,))

    await inbox.store.write(rename)
    await inbox.item(inbox.x, "x1", minutes_ago=1)
    board = await _board(inbox)
    heads = _csv(dashboard.csv_text(board, Table.ITEMS_PER_HOUR, StoreKind.LIVE))[1]
    assert heads[2] == "'=HYPERLINK(1)"


async def test_reopened_and_closed_without_answer_are_not_met(inbox: Inbox) -> None:
    """A report answered and reopened runs again (and misses when it runs out); one
    closed without an answer or hand-over is met nowhere."""
    dora = inbox.team["dora"]
    for name in ("reopened", "closed", "closed-late", "answered-closed"):
        await inbox.item(inbox.mastodon, name)
    ref = {
        name: await _report(inbox, await _id(inbox, inbox.mastodon, name), Category.CRIME,
                            Grade.IMMEDIATE)
        for name in ("reopened", "closed", "closed-late", "answered-closed")
    }  # fmt: skip
    inbox.team.clock.advance(minutes=5)
    await service.set_state(dora, ref["reopened"], ReportState.ANSWERED, reason="Replied")
    await service.set_state(dora, ref["reopened"], ReportState.OPEN, reason="They wrote again")
    await service.set_state(dora, ref["closed"], ReportState.CLOSED, reason="Duplicate")
    await service.set_state(dora, ref["answered-closed"], ReportState.ANSWERED, reason="Replied")
    await service.set_state(dora, ref["answered-closed"], ReportState.CLOSED, reason="Done")
    inbox.team.clock.advance(minutes=20)  # 25 of 15 minutes
    await service.set_state(dora, ref["closed-late"], ReportState.CLOSED, reason="No answer")
    board = await _board(inbox)
    immediate = next(r for r in board.responses if r.grade == "immediate")
    # answered-closed met in 5; reopened ran out; closed-late ran out; closed: left out.
    assert (immediate.met, immediate.missed, immediate.running) == (1, 2, 0)
    assert immediate.median_minutes == pytest.approx(5.0)
