"""The exercise clock, and how real time maps to exercise time after the event.

``ExerciseClock`` (kept in ``storage.exercises`` beside its row, because the store
itself runs on it) is a ``storage.timeutil.Clock``: exercise time, UTC. While it
runs, exercise time = anchor_exercise + (real now - anchor_real) x speed; not
started, paused or ended, it stands still. Opened for work, an exercise store tells
the time by it (``Store.open``), so audit entries, scheduled times and every "now"
in the core are exercise time.

Each change of the clock is an ``exercise.clock`` audit entry whose ``after`` holds
``real_utc`` (the real time of the change), ``exercise_utc`` (the clock's reading
from then on), ``speed`` and ``state``. ``clock_segments`` reads them back, and
``exercise_time_of`` maps any real time (a file's timestamp, a note taken on paper
by the real clock) to exercise time.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from storage import audit
from storage.audit import AuditFilter
from storage.exercises import ClockRow, ClockState, ExerciseClock
from storage.store import Store
from storage.timeutil import from_iso

__all__ = [
    "ClockRow",
    "ClockSegment",
    "ClockState",
    "ExerciseClock",
    "clock_of",
    "clock_segments",
    "exercise_time_of",
]


def clock_of(store: Store) -> ExerciseClock | None:
    """The exercise clock the store runs on (None: not an exercise with a clock)."""
    return store.clock if isinstance(store.clock, ExerciseClock) else None


@dataclass(frozen=True)
class ClockSegment:
    """From ``real_from`` on (until the next segment) the clock read ``exercise_from``
    plus the real time since, times ``speed`` if ``running``."""

    real_from: datetime
    exercise_from: datetime
    speed: float
    running: bool
    change: str  # start, pause, resume, speed, jump, end, run


def exercise_time_of(segments: Sequence[ClockSegment], real_utc: datetime) -> datetime:
    """The exercise time at ``real_utc``. Before the first segment: its exercise time."""
    if not segments:
        raise ValueError("the exercise clock has no history yet")
    current = segments[0]
    for segment in segments:
        if segment.real_from <= real_utc:
            current = segment
        else:
            break
    if not current.running or real_utc <= current.real_from:
        return current.exercise_from
    return current.exercise_from + (real_utc - current.real_from) * current.speed


async def clock_segments(store: Store) -> list[ClockSegment]:
    """Every change of the clock, oldest first, from the audit trail."""

    def read(db: object) -> list[ClockSegment]:
        found = []
        for entry in audit.iter_entries(db, AuditFilter(action="exercise.clock")):
            after = json.loads(entry.after or "{}")
            found.append(
                ClockSegment(
                    real_from=from_iso(after["real_utc"]),
                    exercise_from=from_iso(after["exercise_utc"]),
                    speed=float(after["speed"]),
                    running=after["state"] == ClockState.RUNNING.value,
                    change=str(after.get("change", "")),
                )
            )
        return found

    return await store.run(read)
