"""Reference numbers: the force's format, one sequence per local day, never issued
twice, taken in the report's own transaction (concurrent creates included)."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime

import pytest

from console import settings
from console.reports.reference import (
    REFERENCE_PATTERN,
    REFERENCE_PREFIX,
    format_reference,
    pattern_problem,
)
from storage.errors import StoreError
from tests.reports.helpers import add_items, item, report_from
from tests.team import Team

pytestmark = pytest.mark.asyncio


async def test_the_default_format_is_prefix_date_and_a_five_digit_number(team: Team) -> None:
    ids = await add_items(team.admin.store, item("1", "Someone is breaking into cars"))
    first = await report_from(team["dora"], ids)
    second = await report_from(team["gold"], ids)
    assert (first.reference, second.reference) == ("NP-20261128-00001", "NP-20261128-00002")


async def test_the_sequence_starts_again_at_the_force_local_midnight(team: Team) -> None:
    ids = await add_items(team.admin.store, item("1", "Loud party"))
    team.clock.now = datetime(2026, 11, 28, 23, 59, 59, tzinfo=UTC)  # GMT: local = UTC
    assert (await report_from(team["dora"], ids)).reference == "NP-20261128-00001"
    team.clock.advance(seconds=1)
    assert (await report_from(team["dora"], ids)).reference == "NP-20261129-00001"
    assert (await report_from(team["dora"], ids)).reference == "NP-20261129-00002"
    # In summer time the local day begins at 23:00 UTC the evening before.
    team.clock.now = datetime(2027, 6, 30, 22, 59, 59, tzinfo=UTC)
    assert (await report_from(team["dora"], ids)).reference == "NP-20270630-00001"
    team.clock.advance(seconds=1)
    assert (await report_from(team["dora"], ids)).reference == "NP-20270701-00001"


async def test_concurrent_creates_take_distinct_numbers_in_order(team: Team) -> None:
    ids = await add_items(team.admin.store, item("1", "Fight outside the pub"))
    made = await asyncio.gather(*(report_from(team["dora"], ids) for _ in range(25)))
    numbers = sorted(int(r.reference.rsplit("-", 1)[1]) for r in made)
    assert numbers == list(range(1, 26))
    assert len({r.reference for r in made}) == 25


async def test_a_create_that_fails_issues_no_number_and_a_new_format_keeps_counting(
    team: Team,
) -> None:
    ids = await add_items(team.admin.store, item("1", "Abandoned car"))
    assert (await report_from(team["dora"], ids)).reference == "NP-20261128-00001"
    with pytest.raises(StoreError, match="no longer in the store"):
        await report_from(team["dora"], [ids[0], 999])
    await settings.change(team.admin, REFERENCE_PREFIX, "WMP", reason="force renamed")
    await settings.change(
        team.admin, REFERENCE_PATTERN, "{prefix}/{yy}{mm}{dd}/{seq}", reason="records system"
    )
    # The failed create took nothing; the day's numbers run on across the change.
    assert (await report_from(team["dora"], ids)).reference == "WMP/261128/2"


async def test_a_format_without_the_whole_date_or_number_is_refused(team: Team) -> None:
    for bad, says in (
        ("{prefix}-{seq}", "must hold the year, month, day and {seq}"),
        ("{prefix}-{yyyy}{mm}{dd}", "must hold the year, month, day and {seq}"),
        ("{prefix}-{yyyy}{mm}{dd}-{n}", "not {n}"),
        ("{prefix}-{yyyy}{mm}{dd}-{seq:05d", "unmatched"),
        ("{prefix}-{yyyy:05d}{mm}{dd}-{seq}", "cannot be filled in"),
        ("{seq.real}{yyyy}{mm}{dd}", "not {seq.real}"),
    ):
        problem = pattern_problem(bad)
        assert problem is not None and says in problem, bad
        with pytest.raises(StoreError):
            await settings.change(team.admin, REFERENCE_PATTERN, bad, reason="try")
    with pytest.raises(StoreError, match="capital letters"):
        await settings.change(team.admin, REFERENCE_PREFIX, "n p", reason="try")
    assert pattern_problem(REFERENCE_PATTERN.default) is None
    assert format_reference("{prefix}{yy}{mm}{dd}{seq:04d}", "AB", date(2027, 1, 2), 7) == (
        "AB2701020007"
    )
