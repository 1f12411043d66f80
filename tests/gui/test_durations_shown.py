"""The window's durations, all from console.timezone.duration_text: each screen still
says what it said (in English and in Welsh)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtWidgets import QApplication

from incident.exercise.debrief import InjectDebrief
from storage.i18n import ENGLISH, WELSH
from ui.channels.health_view import countdown, relative
from ui.common.translations import install
from ui.exercise.trainer_view import InjectModel, TrainerWords
from ui.incident.incident_view import since_text
from ui.reports.dashboard_view import _minutes
from ui.reports.report_dialogs import span_words

START = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


@pytest.fixture
def welsh(qapp: QApplication) -> Iterator[None]:
    install(qapp, WELSH)
    try:
        yield
    finally:
        install(qapp, ENGLISH)


def _due_in(left: timedelta) -> str:
    model = InjectModel()
    model.starts, model.now = START, START
    inject = InjectDebrief("i1", left, "public_post", "", "", "", False, None, ())
    return model.fired_text(inject)


def test_each_screen_keeps_its_english_form(qapp: QApplication) -> None:
    # The report form's allowances: whole days as days.
    assert [span_words(m) for m in (15, 60, 90, 1440, 4320)] == [
        "15 min", "1 h", "1 h 30 min", "1 day", "3 days"
    ]  # fmt: skip
    # How long the incident has run: to the minute.
    assert [since_text(s) for s in (30, 12 * 60 + 30, 125 * 60)] == [
        "0 min",
        "12 min",
        "2 h 05 min",
    ]
    # The dashboard's median response.
    assert [_minutes(m) for m in (0.5, 12.4, 125)] == ["under a minute", "12 min", "2 h 05 min"]
    # The channels' health: at a glance, and the token's countdown to the second.
    assert relative(START + timedelta(minutes=2), START) == "in 2 min"
    assert relative(START - timedelta(hours=26), START) == "1 day 2 h ago"
    assert countdown(4 * 60 + 5) == "expires in 4 min 05 s"
    # The trainer's injects still to come: packed, the seconds only under an hour.
    assert _due_in(timedelta(minutes=5, seconds=30)) == "in 5m 30s"
    assert _due_in(timedelta(hours=1, minutes=5, seconds=30)) == "in 1h 05m"


@pytest.mark.usefixtures("welsh")
def test_each_screen_in_welsh() -> None:
    assert [span_words(m) for m in (15, 60, 4320)] == ["15 munud", "1 awr", "3 diwrnod"]
    assert since_text(125 * 60) == "2 awr 05 munud"
    assert _minutes(125) == "2 awr 05 munud"
    assert countdown(4 * 60 + 5) == "yn dod i ben ymhen 4 munud 05 eiliad"
    assert _due_in(timedelta(hours=1, minutes=5)) == "ymhen 1 awr 05 munud"


def test_the_trainers_progress_is_one_sentence(qapp: QApplication) -> None:
    words = TrainerWords()
    two_hours_in = timedelta(hours=2, minutes=10, seconds=8)
    assert words.progress(two_hours_in, timedelta(hours=10), 3, 12) == (
        "2 h 10 min of 10 h gone; 3 of 12 injects fired."
    )
    assert words.progress(timedelta(seconds=40), timedelta(minutes=90), 0, 1) == (
        "40 s of 1 h 30 min gone; 0 of 1 inject fired."
    )
    install(qapp, WELSH)
    try:
        assert words.progress(two_hours_in, timedelta(hours=10), 3, 12) == (
            "2 awr 10 munud o 10 awr wedi mynd heibio; 3 o 12 mewnbwn wedi'u tanio."
        )
    finally:
        install(qapp, ENGLISH)
