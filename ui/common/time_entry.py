"""Turning a UK wall-clock time an officer typed into a stored UTC time, asking
which one was meant in the autumn overlap and refusing the spring gap."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDateTimeEdit, QWidget

from console.timezone import AmbiguousTime, TimeInGap, local_to_utc
from ui.common.prompts import PROMPTS


def typed(edit: QDateTimeEdit) -> datetime:
    """The wall-clock time in a date-time edit (naive: UK time)."""
    value = edit.dateTime().toPython()
    assert isinstance(value, datetime)
    return value


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
