"""Turning a UK wall-clock time an officer typed into a stored UTC time, asking
which one was meant in the autumn overlap and refusing the spring gap."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QDateTimeEdit, QWidget

from console.timezone import AmbiguousTime, local_to_utc
from ui.prompts import PROMPTS


def typed(edit: QDateTimeEdit) -> datetime:
    """The wall-clock time in a date-time edit (naive: UK time)."""
    value = edit.dateTime().toPython()
    assert isinstance(value, datetime)
    return value


def chosen_utc(parent: QWidget, value: datetime) -> datetime:
    """A UK wall-clock time as UTC. Raises ``TimeInGap`` (its sentence for the
    officer); returns the chosen moment of an overlap, or raises ``LookupError`` if
    the officer would not choose."""
    try:
        return local_to_utc(value)
    except AmbiguousTime as error:
        which = PROMPTS.choose(
            parent,
            parent.tr("Which 01:00-02:00?"),
            str(error),
            [parent.tr("The first (summer time)"), parent.tr("The second (winter time)")],
        )
        if which is None:
            raise LookupError("no choice") from None
        return error.choices[which]
