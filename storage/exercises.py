"""An exercise store's exercise: the scenario, the clock, the injects (the rows).

``ExerciseClock`` is here, beside its row, because the store runs on it: an exercise
store opened for work tells the time by the exercise clock (``Store.open`` adopts
it), so everything that says "now" (scheduling, the publisher, audit entries,
report clocks) speaks exercise time.
"""

from __future__ import annotations

import contextlib
import json
import threading
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from storage.i18n import N_, _
from storage.timeutil import Clock, from_iso, system_clock, to_iso


class ClockState(StrEnum):
    NOT_STARTED = "not_started"
    RUNNING = "running"
    PAUSED = "paused"
    ENDED = "ended"

    @property
    def label(self) -> str:
        """The state in words, in the officer's language (``value`` is the key)."""
        return _(_CLOCK_STATE_LABELS[self])


_CLOCK_STATE_LABELS = {
    ClockState.NOT_STARTED: N_("Not started"),
    ClockState.RUNNING: N_("Running"),
    ClockState.PAUSED: N_("Paused"),
    ClockState.ENDED: N_("Ended"),
}


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

    def moved(self, real_now: datetime, **changes: Any) -> ClockRow:
        """The clock re-anchored at ``real_now`` (so far unchanged), then ``changes``."""
        here = replace(self, anchor_real=real_now, anchor_exercise=self.exercise_time(real_now))
        return replace(here, **changes)


class ExerciseClock:
    """Exercise time: a ``Clock`` (``() -> datetime``, UTC) for the store and the engine.

    It never goes back: a real clock set back, or two readings in the same
    microsecond, give the last time again; nor below ``floor`` (the newest audit
    entry's time when the store was opened). ``real`` is the real clock (a test's fake).

    Other consoles and commands may change the clock of the same store. Bound to the
    store's connection (``bind``, by ``clock_for``), a reading taken on the store's
    thread (every ``tx.now()``, so every audit entry) first rereads the row if another
    connection committed since (``PRAGMA data_version``: one cheap query); elsewhere
    ``refresh(db)`` does it (the runner and the scheduler call it as they go).
    While ``holding`` (a jump steps the clock in memory) it rereads nothing.
    """

    def __init__(
        self, row: ClockRow, real: Clock = system_clock, *, floor: datetime | None = None
    ) -> None:
        self.real = real
        self._row = row
        self._last = row.anchor_exercise if floor is None else max(row.anchor_exercise, floor)
        self._lock = threading.RLock()  # read from the store's thread and the loop
        self._db: Any = None
        self._thread: threading.Thread | None = None
        self._version: int | None = None
        self.holding = False
        self.unplayed: ClockRow | None = None  # see ``clock_for``

    def __call__(self) -> datetime:
        if self._db is not None and threading.current_thread() is self._thread:
            with contextlib.suppress(Exception):  # a closed connection: the row as it is
                self.refresh(self._db)
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

    def stand_at(self, row: ClockRow) -> None:
        """Stand at ``row`` even if earlier than the last reading: only for a runner
        stepping through what fell due while nothing was recorded (a sleep, a crash),
        never earlier than the newest entry in the store."""
        with self._lock:
            self._row = row
            self._last = row.anchor_exercise

    def bind(self, db: Any) -> None:
        """Reread the row on ``db``'s thread when another connection changed it."""
        self._db = db
        self._thread = threading.current_thread()
        self._version = _data_version(db)

    def refresh(self, db: Any) -> bool:
        """Adopt the stored row if another connection committed since the last look;
        True if the clock changed. Run it on the store's thread."""
        if self.holding:
            return False
        version = _data_version(db)
        if version == self._version:
            return False
        self._version = version
        found = exercise(db)
        if found is None or found.clock == self._row:
            return False
        self.adopt(found.clock)
        return True

    def real_delay_until(self, exercise_time: datetime) -> float | None:
        """Real seconds until the clock reads ``exercise_time`` (0 if passed); None if it
        is not running (it will not get there by itself)."""
        now = self()
        if exercise_time <= now:
            return 0.0
        if self._row.state is not ClockState.RUNNING:
            return None
        return (exercise_time - now).total_seconds() / self._row.speed


def _data_version(db: Any) -> int:
    return int(db.execute("PRAGMA data_version").fetchone()[0])


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
    """The store's exercise clock, bound to ``db`` (call it on the store's thread);
    it never reads earlier than the newest audit entry.

    A clock stored as running that no runner plays (the console that played it was
    killed: its lease is stale or gone) stands where the record ends, so nothing
    that opens the store marks the time in between as passed; the runner that
    takes the lease steps through it at its own times (``unplayed`` is the stored
    row it catches up to)."""
    found = exercise(db)
    if found is None:
        return None
    newest = latest_audit_at(db)
    floor = None if newest is None else from_iso(newest)
    row = found.clock
    unplayed: ClockRow | None = None
    real_now = real()
    if row.state is ClockState.RUNNING and not _lease_fresh(db, real_now):
        reading = row.exercise_time(real_now)
        here = reading if floor is None else min(max(floor, row.anchor_exercise), reading)
        unplayed, row = row, replace(row, state=ClockState.PAUSED, anchor_real=real_now,
                                     anchor_exercise=here)  # fmt: skip
    clock = ExerciseClock(row, real, floor=floor)
    clock.unplayed = unplayed
    clock.bind(db)
    return clock


def latest_audit_at(db: Any) -> str | None:
    """The time of the newest audit entry (exercise time in an exercise store)."""
    row = db.execute("SELECT at_utc FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    return None if row is None else str(row[0])


# -- the runner's lease: one console or command plays the scenario at a time -----------

LEASE_SECONDS = 90.0  # a runner not heard of for this long (real time) has gone


def _lease_fresh(db: Any, real_now: datetime) -> bool:
    row = db.execute("SELECT runner, runner_seen_utc FROM exercise WHERE id = 1").fetchone()
    if row is None or not row[0] or not row[1]:
        return False
    return bool(from_iso(row[1]) > real_now - timedelta(seconds=LEASE_SECONDS))


def take_lease(db: Any, runner: str, real_now: datetime) -> str | None:
    """Take the runner's lease; the real time the other runner last renewed it if it
    is held and fresh (then nothing changes)."""
    row = db.execute("SELECT runner, runner_seen_utc FROM exercise WHERE id = 1").fetchone()
    if row is None:
        return None
    holder, seen = row
    if holder and holder != runner and _lease_fresh(db, real_now):
        return str(seen)
    db.execute(
        "UPDATE exercise SET runner = ?, runner_seen_utc = ? WHERE id = 1",
        (runner, to_iso(real_now)),
    )
    return None


def renew_lease(db: Any, runner: str, real_now: datetime) -> bool:
    """Renew the lease; False if another runner took it meanwhile."""
    cursor = db.execute(
        "UPDATE exercise SET runner_seen_utc = ? WHERE id = 1 AND runner = ?",
        (to_iso(real_now), runner),
    )
    return int(cursor.rowcount) == 1


def holds_lease(db: Any, runner: str) -> bool:
    row = db.execute("SELECT runner FROM exercise WHERE id = 1").fetchone()
    return row is not None and row[0] == runner


def release_lease(db: Any, runner: str) -> None:
    db.execute(
        "UPDATE exercise SET runner = NULL, runner_seen_utc = NULL WHERE id = 1 AND runner = ?",
        (runner,),
    )


def uncollected(db: Any) -> list[tuple[str, list[tuple[int, str]]]]:
    """Fired injects with messages sync never stored (they waited in a simulator that
    has gone): (inject id, [(the message's place in the inject, its remote id)]).
    Read only."""
    found: list[tuple[str, list[tuple[int, str]]]] = []
    rows = db.execute(
        "SELECT e.inject_id, e.remote_ids, c.id FROM exercise_injects e"
        " JOIN channels c ON c.name = e.channel"
        " WHERE e.fired_exercise_utc IS NOT NULL AND e.remote_ids != '[]' ORDER BY e.ord"
    ).fetchall()
    for inject_id, remote_json, channel_id in rows:
        remote_ids = [str(r) for r in json.loads(remote_json)]
        marks = ",".join("?" * len(remote_ids))
        stored = {
            str(r[0])
            for r in db.execute(
                "SELECT remote_id FROM inbox_items"
                f" WHERE channel_id = ? AND remote_id IN ({marks})",
                (channel_id, *remote_ids),
            )
        }
        missing = [(n, r) for n, r in enumerate(remote_ids) if r not in stored]
        if missing:
            found.append((inject_id, missing))
    return found


def replace_remote_ids(db: Any, inject_id: str, changes: dict[str, str]) -> None:
    """Messages delivered again under new remote ids (old id -> new id)."""
    row = db.execute(
        "SELECT remote_ids FROM exercise_injects WHERE inject_id = ?", (inject_id,)
    ).fetchone()
    if row is None:
        return
    ids = [changes.get(str(r), str(r)) for r in json.loads(row[0])]
    db.execute(
        "UPDATE exercise_injects SET remote_ids = ? WHERE inject_id = ?",
        (json.dumps(ids), inject_id),
    )


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


def highest_simulator_seq(db: Any) -> int:
    """The highest inbox number the simulator gave that this store has seen (stored
    items ``in-N``, sync cursors, the injects' messages whether collected or not): a
    new simulator must number after it."""
    row = db.execute(
        "SELECT max(CAST(substr(i.remote_id, 4) AS INTEGER)) FROM inbox_items i"
        " JOIN channels c ON c.id = i.channel_id"
        " WHERE c.network = 'simulator' AND i.remote_id LIKE 'in-%'"
    ).fetchone()
    cursors = db.execute(
        "SELECT max(CAST(s.inbox_cursor AS INTEGER)) FROM sync_state s"
        " JOIN channels c ON c.id = s.channel_id WHERE c.network = 'simulator'"
    ).fetchone()
    given = db.execute(
        "SELECT max(CAST(substr(j.value, 4) AS INTEGER)) FROM exercise_injects e,"
        " json_each(e.remote_ids) j WHERE j.value LIKE 'in-%'"
    ).fetchone()
    return max(int(row[0] or 0), int(cursors[0] or 0), int(given[0] or 0))
