"""An exercise store's exercise: the scenario, the clock, the injects (the rows).

``ExerciseClock`` is here, beside its row, because the store runs on it: an exercise
store opened for work tells the time by the exercise clock (``Store.open`` adopts
it), so everything that says "now" (scheduling, the publisher, audit entries,
report clocks) speaks exercise time.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from storage.timeutil import Clock, from_iso, system_clock, to_iso


class ClockState(StrEnum):
    NOT_STARTED = "not_started"
    RUNNING = "running"
    PAUSED = "paused"
    ENDED = "ended"


@dataclass(frozen=True)
class ClockRow:
    state: ClockState
    speed: float
    anchor_real: datetime
    anchor_exercise: datetime

    def exercise_time(self, real_now: datetime) -> datetime:
        if self.state is not ClockState.RUNNING:
            return self.anchor_exercise
        return self.anchor_exercise + max(real_now - self.anchor_real, timedelta(0)) * self.speed

    def real_time_of(self, exercise_time: datetime) -> datetime | None:
        """When (real time) the clock will read ``exercise_time``; None if stopped."""
        if self.state is not ClockState.RUNNING:
            return None
        return self.anchor_real + (exercise_time - self.anchor_exercise) / self.speed

    def moved(self, real_now: datetime, **changes: Any) -> ClockRow:
        """The clock re-anchored at ``real_now`` (so far unchanged), then ``changes``."""
        here = replace(self, anchor_real=real_now, anchor_exercise=self.exercise_time(real_now))
        return replace(here, **changes)


class ExerciseClock:
    """Exercise time: a ``Clock`` (``() -> datetime``, UTC) for the store and the engine.

    It never goes back: a real clock set back, or two readings in the same
    microsecond, give the last time again. ``real`` is the real clock (a test's fake).
    """

    def __init__(self, row: ClockRow, real: Clock = system_clock) -> None:
        self.real = real
        self._row = row
        self._last = row.anchor_exercise
        self._lock = threading.Lock()  # read from the store's thread and the loop

    def __call__(self) -> datetime:
        moment = self._row.exercise_time(self.real())
        with self._lock:
            if moment < self._last:
                return self._last
            self._last = moment
            return moment

    @property
    def row(self) -> ClockRow:
        return self._row

    @property
    def state(self) -> ClockState:
        return self._row.state

    @property
    def speed(self) -> float:
        return self._row.speed

    def adopt(self, row: ClockRow) -> None:
        """Take a committed change (start, pause, speed, jump)."""
        with self._lock:
            self._row = row
            if row.anchor_exercise > self._last or row.state is ClockState.RUNNING:
                self._last = max(self._last, row.anchor_exercise)

    def real_delay_until(self, exercise_time: datetime) -> float | None:
        """Real seconds until the clock reads ``exercise_time`` (0 if passed); None if it
        is not running (it will not get there by itself)."""
        now = self()
        if exercise_time <= now:
            return 0.0
        if self._row.state is not ClockState.RUNNING:
            return None
        return (exercise_time - now).total_seconds() / self._row.speed


@dataclass(frozen=True)
class ExerciseRow:
    title: str
    scenario_file: str
    source_text: str
    starts_utc: str
    duration_seconds: int
    clock: ClockRow


@dataclass(frozen=True)
class InjectRow:
    inject_id: str
    ord: int
    at_seconds: int
    kind: str
    channel: str
    summary: str
    expect: str
    first_sign: bool
    fired_exercise_utc: str | None
    fired_real_utc: str | None
    remote_ids: tuple[str, ...]
    item_ids: tuple[int, ...]


def insert_exercise(
    db: Any,
    *,
    title: str,
    scenario_file: str,
    source_text: str,
    starts_utc: str,
    duration_seconds: int,
    real_now: str,
    now: str,
) -> None:
    db.execute(
        "INSERT INTO exercise (id, title, scenario_file, source_text, starts_utc,"
        " duration_seconds, anchor_real_utc, anchor_exercise_utc, created_utc)"
        " VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            title,
            scenario_file,
            source_text,
            starts_utc,
            duration_seconds,
            real_now,
            starts_utc,
            now,
        ),
    )


def exercise(db: Any) -> ExerciseRow | None:
    """The store's exercise; None for a store made without one (or a live store)."""
    row = db.execute(
        "SELECT title, scenario_file, source_text, starts_utc, duration_seconds, state,"
        " speed, anchor_real_utc, anchor_exercise_utc FROM exercise WHERE id = 1"
    ).fetchone()
    if row is None:
        return None
    clock = ClockRow(ClockState(row[5]), float(row[6]), from_iso(row[7]), from_iso(row[8]))
    return ExerciseRow(row[0], row[1], row[2], row[3], int(row[4]), clock)


def set_clock(db: Any, clock: ClockRow) -> None:
    db.execute(
        "UPDATE exercise SET state = ?, speed = ?, anchor_real_utc = ?, anchor_exercise_utc = ?"
        " WHERE id = 1",
        (clock.state.value, clock.speed, to_iso(clock.anchor_real), to_iso(clock.anchor_exercise)),
    )


def set_followers(db: Any, channel_id: int, followers: int) -> None:
    db.execute(
        "INSERT INTO exercise_channels (channel_id, followers) VALUES (?, ?)"
        " ON CONFLICT (channel_id) DO UPDATE SET followers = excluded.followers",
        (channel_id, followers),
    )


def followers(db: Any) -> dict[int, int]:
    return {
        int(r[0]): int(r[1])
        for r in db.execute("SELECT channel_id, followers FROM exercise_channels")
    }


def insert_inject(
    db: Any,
    *,
    inject_id: str,
    ord: int,
    at_seconds: int,
    kind: str,
    channel: str,
    summary: str,
    expect: str,
    first_sign: bool,
) -> None:
    db.execute(
        "INSERT INTO exercise_injects (inject_id, ord, at_seconds, kind, channel, summary, expect,"
        " first_sign) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (inject_id, ord, at_seconds, kind, channel, summary, expect, int(first_sign)),
    )


_INJECT = (
    "SELECT inject_id, ord, at_seconds, kind, channel, summary, expect, first_sign,"
    " fired_exercise_utc, fired_real_utc, remote_ids, item_ids FROM exercise_injects"
)


def _inject(row: tuple[Any, ...]) -> InjectRow:
    return InjectRow(
        row[0], int(row[1]), int(row[2]), row[3], row[4], row[5], row[6], bool(row[7]),
        row[8], row[9], tuple(json.loads(row[10])), tuple(int(i) for i in json.loads(row[11])),
    )  # fmt: skip


def injects(db: Any) -> list[InjectRow]:
    return [_inject(r) for r in db.execute(f"{_INJECT} ORDER BY ord")]


def inject(db: Any, inject_id: str) -> InjectRow | None:
    row = db.execute(f"{_INJECT} WHERE inject_id = ?", (inject_id,)).fetchone()
    return None if row is None else _inject(row)


def mark_fired(
    db: Any, inject_id: str, *, exercise_utc: str, real_utc: str, remote_ids: list[str]
) -> bool:
    """Record that an inject fired; False if it had already (nothing fires twice)."""
    cursor = db.execute(
        "UPDATE exercise_injects SET fired_exercise_utc = ?, fired_real_utc = ?, remote_ids = ?"
        " WHERE inject_id = ? AND fired_exercise_utc IS NULL",
        (exercise_utc, real_utc, json.dumps(remote_ids), inject_id),
    )
    return int(cursor.rowcount) == 1


def unlinked_items(db: Any) -> list[tuple[str, list[int]]]:
    """Fired injects whose inbox items sync has stored since they were last linked:
    (inject id, all its items so far). Read only."""
    found: list[tuple[str, list[int]]] = []
    rows = db.execute(
        "SELECT e.inject_id, e.remote_ids, e.item_ids, c.id FROM exercise_injects e"
        " LEFT JOIN channels c ON c.name = e.channel"
        " WHERE e.fired_exercise_utc IS NOT NULL AND e.remote_ids != '[]'"
    ).fetchall()
    for inject_id, remote_json, items_json, channel_id in rows:
        remote_ids = list(json.loads(remote_json))
        known = list(json.loads(items_json))
        if len(known) >= len(remote_ids) or channel_id is None:
            continue
        marks = ",".join("?" * len(remote_ids))
        items = [
            int(r[0])
            for r in db.execute(
                f"SELECT id FROM inbox_items WHERE channel_id = ? AND remote_id IN ({marks})"
                " ORDER BY id",
                (channel_id, *remote_ids),
            )
        ]
        if len(items) > len(known):
            found.append((inject_id, items))
    return found


def set_items(db: Any, inject_id: str, item_ids: list[int]) -> None:
    db.execute(
        "UPDATE exercise_injects SET item_ids = ? WHERE inject_id = ?",
        (json.dumps(item_ids), inject_id),
    )


def clock_for(db: Any, real: Clock = system_clock) -> ExerciseClock | None:
    found = exercise(db)
    return None if found is None else ExerciseClock(found.clock, real)


def add_remote_ids(db: Any, inject_id: str, remote_ids: list[str]) -> None:
    """More of a surge's messages went out."""
    row = db.execute(
        "SELECT remote_ids FROM exercise_injects WHERE inject_id = ?", (inject_id,)
    ).fetchone()
    if row is None:
        return
    db.execute(
        "UPDATE exercise_injects SET remote_ids = ? WHERE inject_id = ?",
        (json.dumps([*json.loads(row[0]), *remote_ids]), inject_id),
    )


def target_counts(db: Any) -> dict[str, int]:
    """Posts on their channels (targets), by state: a run's summary."""
    return {
        str(r[0]): int(r[1])
        for r in db.execute("SELECT status, count(*) FROM targets GROUP BY status")
    }


def inbox_count(db: Any) -> int:
    return int(db.execute("SELECT count(*) FROM inbox_items").fetchone()[0])
