"""UK time entered and shown, with the daylight-saving gap and overlap handled."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from console.timezone import AmbiguousTime, TimeInGap, local_text, local_to_utc, wall_clock_after


def test_ordinary_times_convert_in_winter_and_summer() -> None:
    assert local_to_utc(datetime(2026, 12, 1, 9, 0)) == datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    assert local_to_utc(datetime(2026, 7, 1, 9, 0)) == datetime(2026, 7, 1, 8, 0, tzinfo=UTC)


def test_a_time_in_the_spring_gap_is_refused_with_a_sentence() -> None:
    with pytest.raises(TimeInGap) as caught:
        local_to_utc(datetime(2027, 3, 28, 1, 30))
    assert str(caught.value) == (
        "There is no 01:30 on Sunday 28 March 2027 in the UK: the clocks go forward an hour "
        "at 01:00. Choose another time."
    )
    # Either side of the gap is fine.
    assert local_to_utc(datetime(2027, 3, 28, 0, 59)).hour == 0
    assert local_to_utc(datetime(2027, 3, 28, 2, 0)) == datetime(2027, 3, 28, 1, 0, tzinfo=UTC)


def test_an_autumn_time_that_happens_twice_asks_which() -> None:
    with pytest.raises(AmbiguousTime) as caught:
        local_to_utc(datetime(2027, 10, 31, 1, 30))
    assert str(caught.value) == (
        "01:30 on Sunday 31 October 2027 happens twice in the UK, first in summer time (BST) "
        "and an hour later in GMT: say which."
    )
    first, second = caught.value.choices
    assert first == datetime(2027, 10, 31, 0, 30, tzinfo=UTC)
    assert second == datetime(2027, 10, 31, 1, 30, tzinfo=UTC)
    assert local_to_utc(datetime(2027, 10, 31, 1, 30), fold=0) == first
    assert local_to_utc(datetime(2027, 10, 31, 1, 30), fold=1) == second


def test_times_are_shown_with_the_zone_in_force_then() -> None:
    assert local_text("2027-10-31T00:30:00.000000Z") == "Sun 31 Oct 2027 01:30:00 BST"
    assert local_text("2027-10-31T01:30:00.000000Z") == "Sun 31 Oct 2027 01:30:00 GMT"


def test_a_time_from_now_is_counted_in_real_time_never_in_the_spring_gap() -> None:
    night = datetime(2027, 3, 28, 0, 45, tzinfo=UTC)  # 00:45 GMT: at 01:00 it is 02:00 BST
    assert wall_clock_after(timedelta(minutes=30), clock=lambda: night) == datetime(
        2027, 3, 28, 2, 15
    )
    summer = datetime(2027, 7, 1, 11, 7, 42, tzinfo=UTC)
    assert wall_clock_after(timedelta(hours=1), clock=lambda: summer) == datetime(2027, 7, 1, 13, 7)
