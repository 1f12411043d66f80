"""What a report says: its category, its THRIVE assessment and grade, its state,
and the response clock the grade sets.

The clock is a pure function of the report's start, its allowance and the time
now, so the window can call ``response_clock`` every second without the store.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TypeVar

from console.timezone import Precision, duration_text
from storage.errors import StoreError
from storage.i18n import N_, _


class Category(StrEnum):
    """The closed list of what a report from the public is about."""

    CRIME = "crime"
    ANTI_SOCIAL_BEHAVIOUR = "anti_social_behaviour"
    ROAD_TRAFFIC = "road_traffic"
    MISSING_PERSON = "missing_person"
    CONCERN_FOR_WELFARE = "concern_for_welfare"
    INTELLIGENCE = "intelligence"
    LOST_FOUND_PROPERTY = "lost_found_property"
    COMPLAINT = "complaint"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _(_CATEGORY_LABELS[self])


_CATEGORY_LABELS = {
    Category.CRIME: N_("Crime report"),
    Category.ANTI_SOCIAL_BEHAVIOUR: N_("Anti-social behaviour"),
    Category.ROAD_TRAFFIC: N_("Road traffic"),
    Category.MISSING_PERSON: N_("Missing person"),
    Category.CONCERN_FOR_WELFARE: N_("Concern for welfare"),
    Category.INTELLIGENCE: N_("Intelligence / information"),
    Category.LOST_FOUND_PROPERTY: N_("Lost or found property"),
    Category.COMPLAINT: N_("Complaint"),
    Category.OTHER: N_("Other"),
}


class Grade(StrEnum):
    """The response a THRIVE assessment leads to; each sets a clock (settings)."""

    IMMEDIATE = "immediate"
    PRIORITY = "priority"
    SCHEDULED = "scheduled"
    RESOLUTION_WITHOUT_DEPLOYMENT = "resolution_without_deployment"

    @property
    def label(self) -> str:
        return _(_GRADE_LABELS[self])


_GRADE_LABELS = {
    Grade.IMMEDIATE: N_("Immediate"),
    Grade.PRIORITY: N_("Priority"),
    Grade.SCHEDULED: N_("Scheduled"),
    Grade.RESOLUTION_WITHOUT_DEPLOYMENT: N_("Resolution without deployment"),
}


_REPORT_STATE_LABELS = {
    "open": N_("Open"),
    "answered": N_("Answered"),
    "handed_over": N_("Handed over"),
    "closed": N_("Closed"),
}


class ReportState(StrEnum):
    OPEN = "open"
    ANSWERED = "answered"
    HANDED_OVER = "handed_over"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return _(_REPORT_STATE_LABELS[self.value])


# Where a report may go from each state. Answered can go back to open (the person
# wrote again, more is needed); a closed report can be reopened; handed over goes
# only to closed (the records system has it now).
NEXT_STATES: dict[ReportState, frozenset[ReportState]] = {
    ReportState.OPEN: frozenset(
        {ReportState.ANSWERED, ReportState.HANDED_OVER, ReportState.CLOSED}
    ),
    ReportState.ANSWERED: frozenset(
        {ReportState.OPEN, ReportState.HANDED_OVER, ReportState.CLOSED}
    ),
    ReportState.HANDED_OVER: frozenset({ReportState.CLOSED}),
    ReportState.CLOSED: frozenset({ReportState.OPEN}),
}

THRIVE_LIMIT = 2000  # characters in each part: a short text, not a statement


@dataclass(frozen=True)
class Thrive:
    """Threat, harm, risk, investigation, vulnerability, engagement: each a short text
    (``none identified`` is an answer; an empty part is not)."""

    threat: str
    harm: str
    risk: str
    investigation: str
    vulnerability: str
    engagement: str

    def problem(self) -> str | None:
        missing = [f.name for f in fields(self) if not str(getattr(self, f.name)).strip()]
        if missing:
            return _(
                "Complete the THRIVE assessment: say something under {parts}"
                ' ("none identified" will do).'
            ).format(parts=", ".join(thrive_label(part).lower() for part in missing))
        long = [f.name for f in fields(self) if len(getattr(self, f.name)) > THRIVE_LIMIT]
        if long:
            return _(
                "Keep each part of the THRIVE assessment under {limit} characters"
                " ({parts} is longer): put the detail in the summary."
            ).format(limit=THRIVE_LIMIT, parts=", ".join(thrive_label(p).lower() for p in long))
        return None

    def as_dict(self) -> dict[str, str]:
        return {f.name: str(getattr(self, f.name)).strip() for f in fields(self)}


THRIVE_PARTS = tuple(f.name for f in fields(Thrive))
# Each part's name as a document prints it (translated where it is shown).
THRIVE_LABELS = {
    "threat": N_("Threat"),
    "harm": N_("Harm"),
    "risk": N_("Risk"),
    "investigation": N_("Investigation"),
    "vulnerability": N_("Vulnerability"),
    "engagement": N_("Engagement"),
}

_THRIVE_LABELS = {
    "threat": N_("Threat"),
    "harm": N_("Harm"),
    "risk": N_("Risk"),
    "investigation": N_("Investigation"),
    "vulnerability": N_("Vulnerability"),
    "engagement": N_("Engagement"),
}
_THRIVE_HINTS = {
    "threat": N_("Who or what threatens whom, and how"),
    "harm": N_("What harm has been done or may be"),
    "risk": N_("How likely, how soon, how serious"),
    "investigation": N_("Offences, evidence, lines of enquiry"),
    "vulnerability": N_("Who is vulnerable and why"),
    "engagement": N_("What the person wants; how to reach them"),
}


def thrive_label(part: str) -> str:
    """A THRIVE part's name (``threat``: ``Threat``) in the officer's language."""
    return _(_THRIVE_LABELS[part])


def thrive_hint(part: str) -> str:
    """What a THRIVE part asks about, in the officer's language."""
    return _(_THRIVE_HINTS[part])


# -- the response clock --------------------------------------------------------------


class ClockState(StrEnum):
    OK = "ok"
    AMBER = "amber"  # under a quarter of the allowance left
    RED = "red"  # no time left: overdue


AMBER_FRACTION = 0.25


@dataclass(frozen=True)
class ResponseClock:
    state: ClockState
    due: datetime
    left: timedelta  # negative once overdue
    stopped: bool  # the report left 'open': the clock shows where it stopped

    @property
    def text(self) -> str:
        """``14 min left``, ``2 h 05 min left``, ``overdue by 3 days 4 h``, ``under a
        minute left``; ``answered`` is added by the window, which knows the state. A
        running clock is told to the minute: the list and the report repaint it every 30
        seconds, so a second shown would be stale before it was read."""
        late = self.left < timedelta(0)
        if not self.stopped and abs(self.left) < timedelta(minutes=1):
            return _("overdue by under a minute") if late else _("under a minute left")
        if late:
            return _("overdue by {span}").format(span=self.span)
        return _("{span} left").format(span=self.span)

    @property
    def span(self) -> str:
        """How much time is left, or by how much it is overdue: ``2 h 05 min``; where a
        stopped clock stopped, to the second (``late by 0 min`` would say it was not)."""
        precision = Precision.SECOND if self.stopped else Precision.MINUTE
        return duration_text(abs(self.left), precision=precision)


def response_clock(
    start: datetime, allowed: timedelta, now: datetime, stopped_at: datetime | None = None
) -> ResponseClock:
    """Where the clock stands at ``now`` (or where it stopped).

    ok while at least a quarter of ``allowed`` is left; amber when less than a
    quarter is left; red from the moment the time is up (at the due time exactly,
    the clock is red: nothing is left).
    """
    if allowed <= timedelta(0):
        raise ValueError("a response clock needs a positive allowance")
    due = start + allowed
    at = stopped_at if stopped_at is not None else now
    left = due - at
    if left <= timedelta(0):
        state = ClockState.RED
    elif left < allowed * AMBER_FRACTION:
        state = ClockState.AMBER
    else:
        state = ClockState.OK
    return ResponseClock(state, due, left, stopped_at is not None)


E = TypeVar("E", bound=StrEnum)


def parse_choice(kind: type[E], value: str, what: str) -> E:
    """A closed-list value from text, or a sentence listing the choices."""
    try:
        return kind(value)
    except ValueError:
        choices = ", ".join(member.value for member in kind)
        raise StoreError(
            _("{value!r} is not a {what}: choose one of {choices}.").format(
                value=value, what=what, choices=choices
            )
        ) from None
