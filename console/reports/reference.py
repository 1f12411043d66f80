"""Report references in the force's format, and the settings behind them and the clocks.

A reference is made from a pattern (``{prefix}-{yyyy}{mm}{dd}-{seq:05d}`` by
default) with these fields: ``prefix`` (a setting, e.g. ``NP``), ``yyyy``, ``yy``,
``mm``, ``dd`` (the force's local date when the report was made) and ``seq`` (a
number per local day, from 1, never issued twice). A pattern must carry the whole
date and the number, so two reports can never share a reference.
"""

from __future__ import annotations

import re
import string
from datetime import date, timedelta
from typing import Any

from console import settings
from console.reports.grading import Grade
from console.settings import Setting

FIELDS = frozenset({"prefix", "yyyy", "yy", "mm", "dd", "seq"})
_PREFIX = re.compile(r"^[A-Z0-9][A-Z0-9/-]{0,11}$")


def _prefix_problem(value: str) -> str | None:
    if not _PREFIX.match(value):
        return (
            "A reference prefix is 1 to 12 capital letters, digits, hyphens or slashes,"
            " starting with a letter or digit (for example NP)."
        )
    return None


def pattern_problem(pattern: str) -> str | None:
    """A sentence saying what is wrong with a reference pattern, or ``None``."""
    example = " For example: {prefix}-{yyyy}{mm}{dd}-{seq:05d}."
    try:
        names = {name for _text, name, _spec, _conv in string.Formatter().parse(pattern)
                 if name is not None}  # fmt: skip
    except ValueError:
        return "The reference format has an unmatched { or }." + example
    unknown = sorted(names - FIELDS)
    if unknown:
        return (
            f"The reference format may use only {{prefix}}, {{yyyy}}, {{yy}}, {{mm}}, {{dd}}"
            f" and {{seq}}, not {', '.join('{' + n + '}' for n in unknown)}." + example
        )
    if not {"seq", "mm", "dd"} <= names or not names & {"yyyy", "yy"}:
        return "The reference format must hold the year, month, day and {seq}." + example
    try:
        sample = format_reference(pattern, "NP", date(2026, 12, 31), 99999)
    except (ValueError, TypeError, KeyError, IndexError):
        return "The reference format cannot be filled in." + example
    if len(sample) > 40 or not sample.strip() or sample != sample.strip():
        return "A reference must be 1 to 40 characters without spaces at either end." + example
    return None


def format_reference(pattern: str, prefix: str, day: date, seq: int) -> str:
    return pattern.format(
        prefix=prefix,
        yyyy=f"{day.year:04d}",
        yy=f"{day.year % 100:02d}",
        mm=f"{day.month:02d}",
        dd=f"{day.day:02d}",
        seq=seq,
    )


REFERENCE_PREFIX: Setting[str] = Setting(
    key="reports.reference_prefix",
    label="Prefix of report references (e.g. NP)",
    default="NP",
    parse=str,
    check=_prefix_problem,
)

REFERENCE_PATTERN: Setting[str] = Setting(
    key="reports.reference_pattern",
    label="Format of report references",
    default="{prefix}-{yyyy}{mm}{dd}-{seq:05d}",
    parse=str,
    check=pattern_problem,
)


def _clock_problem(value: int) -> str | None:
    if not 1 <= value <= 60 * 24 * 30:
        return "Choose a response time between 1 minute and 30 days."
    return None


def _clock(grade: Grade, minutes: int) -> Setting[int]:
    return Setting(
        key=f"reports.clock_minutes.{grade.value}",
        label=f"Response time for a {grade.label.lower()} report (minutes)",
        default=minutes,
        parse=int,
        check=_clock_problem,
    )


CLOCK_MINUTES: dict[Grade, Setting[int]] = {
    Grade.IMMEDIATE: _clock(Grade.IMMEDIATE, 15),
    Grade.PRIORITY: _clock(Grade.PRIORITY, 60),
    Grade.SCHEDULED: _clock(Grade.SCHEDULED, 24 * 60),
    Grade.RESOLUTION_WITHOUT_DEPLOYMENT: _clock(Grade.RESOLUTION_WITHOUT_DEPLOYMENT, 72 * 60),
}

_OURS: tuple[Setting[Any], ...] = (REFERENCE_PREFIX, REFERENCE_PATTERN, *CLOCK_MINUTES.values())
settings.REGISTRY.update({s.key: s for s in _OURS})


def allowance(db: Any, grade: Grade) -> timedelta:
    return timedelta(minutes=settings.read(db, CLOCK_MINUTES[grade]))


def next_reference_parts(db: Any) -> tuple[str, str]:
    """The pattern and prefix in force (a stored value that no longer passes its
    check, say from a hand-edited store, falls back to the default)."""
    pattern = settings.read(db, REFERENCE_PATTERN)
    if pattern_problem(pattern):
        pattern = REFERENCE_PATTERN.default
    prefix = settings.read(db, REFERENCE_PREFIX)
    if _prefix_problem(prefix):
        prefix = REFERENCE_PREFIX.default
    return pattern, prefix
