"""How long things take, said one way on every screen: console.timezone.duration_text."""

from __future__ import annotations

from datetime import timedelta

import pytest

from console.timezone import DurationStyle, Precision, duration_text

CLOCK = DurationStyle.CLOCK
SECOND, MINUTE = Precision.SECOND, Precision.MINUTE
MIN, HOUR, DAY = 60, 3600, 86400


def test_compact_at_a_glance_cuts_at_each_unit() -> None:
    said = {
        0: "0 s", 1: "1 s", 2: "2 s", 59: "59 s",
        MIN: "1 min", MIN + 59: "1 min", 2 * MIN: "2 min", HOUR - 1: "59 min",
        HOUR: "1 h", HOUR + MIN: "1 h 01 min", 2 * HOUR + 5 * MIN + 59: "2 h 05 min",
        DAY - 1: "23 h 59 min",
        DAY: "1 day", DAY + HOUR - 1: "1 day", DAY + HOUR: "1 day 1 h",
        2 * DAY: "2 days", 3 * DAY + 4 * HOUR + 5 * MIN: "3 days 4 h",
    }  # fmt: skip
    assert {seconds: duration_text(seconds) for seconds in said} == said


def test_compact_takes_a_timedelta_or_seconds_and_never_rounds_up() -> None:
    assert duration_text(timedelta(minutes=12, seconds=59.9)) == "12 min"
    assert duration_text(59.9) == "59 s"
    assert duration_text(-timedelta(minutes=3)) == "-3 min"
    assert duration_text(-0.4) == "0 s"  # no "-0 s"


def test_compact_to_the_second_and_to_the_minute() -> None:
    assert duration_text(42, precision=SECOND) == "42 s"
    assert duration_text(4 * MIN + 5, precision=SECOND) == "4 min 05 s"
    assert duration_text(4 * MIN, precision=SECOND) == "4 min"
    assert duration_text(HOUR + 12 * MIN + 30, precision=SECOND) == "1 h 12 min"
    assert duration_text(30, precision=MINUTE) == "0 min"
    assert duration_text(12 * MIN + 30, precision=MINUTE) == "12 min"


def test_clock_packs_every_unit_from_the_hours_down() -> None:
    assert duration_text(0, CLOCK) == "0m 00s"
    assert duration_text(25 * MIN, CLOCK) == "25m 00s"
    assert duration_text(HOUR - 1, CLOCK) == "59m 59s"
    # At a glance the seconds stop mattering at an hour; SECOND keeps them.
    assert duration_text(HOUR + 5 * MIN + 3, CLOCK) == "1h 05m"
    assert duration_text(HOUR + 5 * MIN + 3, CLOCK, precision=SECOND) == "1h 05m 03s"
    assert duration_text(26 * HOUR, CLOCK, precision=SECOND) == "26h 00m 00s"  # no days
    assert duration_text(5 * MIN + 30, CLOCK, precision=MINUTE) == "5m"
    assert duration_text(-timedelta(seconds=65), CLOCK) == "-1m 05s"


@pytest.mark.usefixtures("welsh")
def test_welsh_counts_with_the_singular_after_a_number() -> None:
    said = {
        0: "0 eiliad", 1: "1 eiliad", 2: "2 eiliad", 59: "59 eiliad",
        MIN: "1 munud", 2 * MIN: "2 munud",
        HOUR: "1 awr", 2 * HOUR + 5 * MIN: "2 awr 05 munud",
        DAY: "1 diwrnod", 2 * DAY: "2 diwrnod", 3 * DAY: "3 diwrnod", 6 * DAY: "6 diwrnod",
        11 * DAY: "11 diwrnod", DAY + HOUR: "1 diwrnod 1 awr",
        2 * DAY + 4 * HOUR: "2 diwrnod 4 awr",
    }  # fmt: skip
    assert {seconds: duration_text(seconds) for seconds in said} == said
    assert duration_text(4 * MIN + 5, precision=SECOND) == "4 munud 05 eiliad"
    assert duration_text(30, precision=MINUTE) == "0 munud"
    assert duration_text(25 * MIN, CLOCK) == "25 munud 00 eiliad"
    assert duration_text(HOUR + 5 * MIN, CLOCK) == "1 awr 05 munud"
    assert duration_text(HOUR + 5 * MIN + 3, CLOCK, precision=SECOND) == "1 awr 05 munud 03 eiliad"
    assert duration_text(5 * MIN, CLOCK, precision=MINUTE) == "5 munud"
