"""The clock time a holding statement promises its next update at, as typed into
its ``{next_update}`` field, and the moment it means."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from incident import statements


@pytest.mark.parametrize(
    ("text", "promised"),
    [
        ("13:30", time(13, 30)),
        ("by 13.30 today", time(13, 30)),
        ("1:30pm", time(13, 30)),
        ("1.30 p.m.", time(13, 30)),
        ("2 pm", time(14, 0)),
        ("12am", time(0, 0)),
        ("09:05", time(9, 5)),
        ("within the hour", None),
        ("2 amended", None),
        ("25:00", None),
        ("", None),
    ],
)
def test_the_time_a_statement_promises(text: str, promised: time | None) -> None:
    assert statements.promised_time(text) == promised


def test_a_promised_time_is_today_or_else_tomorrow() -> None:
    now = datetime(2026, 12, 7, 10, 0, tzinfo=ZoneInfo("Europe/London"))
    assert statements.promised_moment(time(13, 30), now) == datetime(2026, 12, 7, 13, 30)
    assert statements.promised_moment(time(10, 0), now) == datetime(2026, 12, 8, 10, 0)
    assert statements.promised_moment(time(9, 0), now) == datetime(2026, 12, 8, 9, 0)
