"""Turning a UK wall-clock time an officer typed into a stored UTC time, asking
which one was meant in the autumn overlap and refusing the spring gap."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QTime, QTimeZone
from PySide6.QtWidgets import QDateTimeEdit, QWidget

from console.timezone import AmbiguousTime, TimeInGap, local_to_utc
from ui.common.prompts import PROMPTS


def wall_clock(moment: datetime) -> QDateTime:
    """A UK wall-clock time (its zone, if any, left out; to the minute) for an edit
    made by ``wall_clock_edit``."""
    return QDateTime(
        QDate(moment.year, moment.month, moment.day),
        QTime(moment.hour, moment.minute),
        QTimeZone.utc(),
    )


def wall_clock_edit(moment: datetime, parent: QWidget | None = None) -> QDateTimeEdit:
    """A date-time edit for a UK wall-clock time, showing ``moment``'s.

    Its times carry no zone rules (UTC has none), whatever the computer's own zone:
    on a desk set to UK time Qt itself would turn 01:30 on the night the clocks go
    forward into 02:30 without a word, so the officer's time would never reach
    ``chosen_utc`` to be refused, and a computer set to UTC shows the same times as
    one set to UK time. The core turns the wall-clock time into a moment."""
    edit = QDateTimeEdit(parent)
    edit.setTimeZone(QTimeZone.utc())
    edit.setDateTime(wall_clock(moment))
    return edit


def typed(edit: QDateTimeEdit) -> datetime:
    """The wall-clock time in a date-time edit (naive: UK time)."""
    shown = edit.dateTime()
    day, time = shown.date(), shown.time()
    return datetime(day.year(), day.month(), day.day(), time.hour(), time.minute())


async def chosen_utc(parent: QWidget, value: datetime) -> datetime:
    """A UK wall-clock time as UTC. Raises ``TimeInGap`` (its sentence for the
    officer); returns the chosen moment of an overlap, or raises ``LookupError`` if
    the officer would not choose."""
    try:
        return local_to_utc(value)
    except AmbiguousTime as error:
        which = await PROMPTS.choose(
            parent,
            QCoreApplication.translate("TimeEntry", "Which 01:00-02:00?"),
            str(error),
            [
                QCoreApplication.translate("TimeEntry", "The first (summer time)"),
                QCoreApplication.translate("TimeEntry", "The second (winter time)"),
            ],
        )
        if which is None:
            raise LookupError("no choice") from None
        return error.choices[which]


async def utc_or_said(
    parent: QWidget, value: datetime, say: Callable[[str], None]
) -> datetime | None:
    """``chosen_utc``, or None: a time in the spring gap has its sentence said
    through ``say``; an overlap the officer would not choose says nothing."""
    try:
        return await chosen_utc(parent, value)
    except TimeInGap as error:
        say(str(error))
    except LookupError:
        pass
    return None
