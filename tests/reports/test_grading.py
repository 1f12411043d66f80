"""THRIVE grading and the response clock: the allowance per grade (settings), and
the clock's state at its boundaries (a pure function: no store, no waiting)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from console import settings
from console.reports import service
from console.reports.grading import ClockState, Grade, ReportState, Thrive, response_clock
from console.reports.reference import CLOCK_MINUTES
from storage.errors import StoreError
from tests.reports.helpers import THRIVE, add_items, item, report_from
from tests.team import Team

pytestmark = pytest.mark.asyncio

START = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)


def _at(seconds: float, allowed: timedelta = HOUR) -> ClockState:
    return response_clock(START, allowed, START + timedelta(seconds=seconds)).state


async def test_the_clock_is_ok_then_amber_under_a_quarter_then_red_when_due() -> None:
    assert _at(0) is ClockState.OK
    assert _at(45 * 60) is ClockState.OK  # exactly a quarter left: not yet under
    assert _at(45 * 60 + 0.001) is ClockState.AMBER
    assert _at(3599) is ClockState.AMBER
    assert _at(3600) is ClockState.RED  # due now: nothing left
    assert _at(3600 * 30) is ClockState.RED
    assert _at(11 * 60 + 15, timedelta(minutes=15)) is ClockState.OK
    assert _at(11 * 60 + 16, timedelta(minutes=15)) is ClockState.AMBER


async def test_the_clock_says_how_long_is_left_or_how_late_it_is() -> None:
    def text(seconds: int, allowed: timedelta = HOUR) -> str:
        return response_clock(START, allowed, START + timedelta(seconds=seconds)).text

    # To the minute (cut, never rounded up): the windows repaint the clocks every 30 s.
    assert text(1) == "59 min left"
    assert text(3540) == "1 min left"
    assert text(3541) == "under a minute left"
    assert text(3600) == "under a minute left"  # due now
    assert text(3601) == "overdue by under a minute"
    assert text(3660) == "overdue by 1 min"
    # A stopped clock (the report answered) does not go stale: to the second.
    answered_late = response_clock(
        START, HOUR, START + 3 * HOUR, stopped_at=START + timedelta(seconds=3630)
    )
    assert answered_late.text == "overdue by 30 s" and answered_late.span == "30 s"
    assert text(0, timedelta(hours=24)) == "1 day left"
    assert text(60, timedelta(hours=3)) == "2 h 59 min left"
    assert text(3600 * 30) == "overdue by 1 day 5 h"
    clock = response_clock(
        START, HOUR, START + 3 * HOUR, stopped_at=START + 50 * timedelta(minutes=1)
    )
    assert clock.stopped and clock.state is ClockState.AMBER and clock.text == "10 min left"
    assert clock.due == START + HOUR
    with pytest.raises(ValueError, match="positive allowance"):
        response_clock(START, timedelta(0), START)


async def test_each_grade_sets_its_allowance_from_the_settings(team: Team) -> None:
    ids = await add_items(team.admin.store, item("1", "He has a knife"))
    expected = {Grade.IMMEDIATE: 15, Grade.PRIORITY: 60, Grade.SCHEDULED: 1440,
                Grade.RESOLUTION_WITHOUT_DEPLOYMENT: 4320}  # fmt: skip
    for grade, minutes in expected.items():
        row = await report_from(team["dora"], ids, grade=grade)
        assert (row.grade, row.allowed_minutes) == (grade.value, minutes)
        assert row.clock_start_utc == row.created_utc
    await settings.change(team.admin, CLOCK_MINUTES[Grade.IMMEDIATE], 10, reason="new policy")
    newer = await report_from(team["dora"], ids, grade=Grade.IMMEDIATE)
    assert newer.allowed_minutes == 10
    first = (await service.list_reports(team["dora"]))[-1]
    assert first.allowed_minutes == 15  # a report keeps the allowance it was graded with
    with pytest.raises(StoreError, match="between 1 minute and 30 days"):
        await settings.change(team.admin, CLOCK_MINUTES[Grade.PRIORITY], 0, reason="no")


async def test_the_report_clock_runs_from_creation_and_stops_when_answered(team: Team) -> None:
    ids = await add_items(team.admin.store, item("1", "Car on fire"))
    row = await report_from(team["dora"], ids, grade=Grade.IMMEDIATE)
    now = team.clock.now
    assert service.clock_of(row, now).state is ClockState.OK
    assert service.clock_of(row, now + timedelta(minutes=12)).state is ClockState.AMBER
    assert service.clock_of(row, now + timedelta(minutes=15)).state is ClockState.RED
    team.clock.advance(minutes=5)
    answered = await service.set_state(
        team["dora"], row.reference, ReportState.ANSWERED, reason="replied with 999 advice"
    )
    later = service.clock_of(answered, now + timedelta(days=2))
    assert later.stopped and later.state is ClockState.OK
    assert later.left == timedelta(minutes=10)


async def test_every_part_of_thrive_must_say_something(team: Team) -> None:
    ids = await add_items(team.admin.store, item("1", "Help"))
    empty = Thrive(**{**THRIVE.as_dict(), "harm": " ", "engagement": ""})
    with pytest.raises(StoreError, match="say something under harm, engagement"):
        await report_from(team["dora"], ids, thrive=empty)
    long = Thrive(**{**THRIVE.as_dict(), "risk": "x" * 2001})
    with pytest.raises(StoreError, match="under 2000 characters"):
        await report_from(team["dora"], ids, thrive=long)
