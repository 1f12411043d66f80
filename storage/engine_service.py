"""The engine service's row: its lease, its heartbeat, and what it is asked to do.

One engine service (``cordon serve``) runs per store file; a team store may run
several (one per site). Each keeps a row of its own: it takes its lease when it
starts (``take``), renews its heartbeat every ``BEAT_SECONDS`` (``beat``, a quiet
write), and gives the lease up when it stops (``release``). A lease is *fresh* while
its beat is younger than ``STALE_SECONDS``; on a store file a new service may take
over a stale one, or one whose process is known to be gone (same host, the caller
checked the pid).

All times here are real UTC times (the machine's clock), never exercise time: the
heartbeat measures whether a process is alive, not where a scenario has got to.

Requests (``engine_requests``) are how a window or a command asks the running
service for something only it can do: stop, play a jump of the exercise clock, run
a publishing pass now. The service takes pending ones in order and marks each done
or failed with a sentence; the asker watches the row.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from storage.stored_words import english
from storage.timeutil import from_iso, to_iso

BEAT_SECONDS = 2.0  # how often a running service renews its heartbeat
STALE_SECONDS = 8.0  # a beat older than this: the service is late (frozen, killed, cut off)


class ServiceState(StrEnum):
    STARTING = "starting"
    RUNNING = "running"
    STOPPING = "stopping"
    STOPPED = "stopped"
    FAILED = "failed"

    @property
    def live(self) -> bool:
        """The service says it is up (its beat says whether that is still true)."""
        return self in (ServiceState.STARTING, ServiceState.RUNNING, ServiceState.STOPPING)


@dataclass(frozen=True)
class ServiceRow:
    holder: str
    pid: int
    host: str
    proc_start: str  # the process's start mark (see ``console.engine_health``), "" unknown
    boot_id: str  # the machine's boot it started in, "" unknown
    started_utc: str
    beat_utc: str
    state: ServiceState
    detail: str
    stopped_utc: str | None

    def beat_age(self, real_now: datetime) -> float:
        """Seconds since the last heartbeat (real time)."""
        return (real_now - from_iso(self.beat_utc)).total_seconds()

    def fresh(self, real_now: datetime) -> bool:
        return self.state.live and self.beat_age(real_now) < STALE_SECONDS


_COLUMNS = (
    "holder, pid, host, proc_start, boot_id, started_utc, beat_utc, state, detail, stopped_utc"
)
_LIVE = "('starting', 'running', 'stopping')"


def _row(row: tuple[Any, ...]) -> ServiceRow:
    return ServiceRow(
        holder=str(row[0]),
        pid=int(row[1]),
        host=str(row[2]),
        proc_start=str(row[3]),
        boot_id=str(row[4]),
        started_utc=str(row[5]),
        beat_utc=str(row[6]),
        state=ServiceState(row[7]),
        detail=str(row[8]),
        stopped_utc=None if row[9] is None else str(row[9]),
    )


def read_all(db: Any) -> list[ServiceRow]:
    """Every service the store knows of (the running ones, and those that stopped
    recently), the newest first."""
    return [
        _row(row)
        for row in db.execute(
            f"SELECT {_COLUMNS} FROM engine_services ORDER BY started_utc DESC, holder"
        )
    ]


def speaker(found: list[ServiceRow], real_now: datetime) -> ServiceRow | None:
    """The row that speaks for the store's publishing: a live service with a fresh
    beat (the most recently heard), else the one heard from last."""
    fresh = [row for row in found if row.fresh(real_now)]
    pool = fresh or found
    return max(pool, key=lambda row: (row.beat_utc, row.started_utc), default=None)


def read(db: Any, real_now: datetime | None = None) -> ServiceRow | None:
    """The row that speaks for the store (``speaker``)."""
    return speaker(read_all(db), real_now or datetime.now(UTC))


def take(
    db: Any,
    *,
    holder: str,
    pid: int,
    host: str,
    real_now: datetime,
    gone: frozenset[str] = frozenset(),
    several: bool = False,
    proc_start: str = "",
    boot_id: str = "",
) -> ServiceRow | None:
    """Take a lease for ``holder``. One service per store unless ``several`` (a team
    store): then another live service's row is left alone. Otherwise returns the other
    service's row (and changes nothing) while that one's lease is fresh, unless its
    holder is in ``gone`` (the caller knows its process ended); the others it replaces
    are marked failed. Call it inside a write."""
    others = [row for row in read_all(db) if row.holder != holder and row.state.live]
    if not several:
        for row in others:
            if row.fresh(real_now) and row.holder not in gone:
                return row
    now = to_iso(real_now)
    for row in others:
        if not several or row.holder in gone:
            mark_gone(db, row.holder, real_now, "Another engine took over this store.")
    db.execute(
        f"INSERT INTO engine_services ({_COLUMNS})"
        " VALUES (?, ?, ?, ?, ?, ?, ?, 'starting', '', NULL)"
        " ON CONFLICT (holder) DO UPDATE SET pid = excluded.pid, host = excluded.host,"
        " proc_start = excluded.proc_start, boot_id = excluded.boot_id,"
        " started_utc = excluded.started_utc, beat_utc = excluded.beat_utc,"
        " state = 'starting', detail = '', stopped_utc = NULL",
        (holder, pid, host, proc_start, boot_id, now, now),
    )
    return None


def holds(db: Any, holder: str) -> bool:
    """Whether ``holder`` still holds the lease (the publisher asks before it claims
    and before it sends: an engine that was frozen past its lease must do neither)."""
    row = db.execute(
        f"SELECT 1 FROM engine_services WHERE holder = ? AND state IN {_LIVE}", (holder,)
    ).fetchone()
    return row is not None


def beat(
    db: Any, holder: str, real_now: datetime, state: ServiceState | None = None, detail: str = ""
) -> bool:
    """Renew the heartbeat (and set the state, if given); False if the lease is no
    longer ``holder``'s (another service took it over, or settled its sends, while this
    one was frozen or cut off)."""
    if state is None:
        cursor = db.execute(
            f"UPDATE engine_services SET beat_utc = ? WHERE holder = ? AND state IN {_LIVE}",
            (to_iso(real_now), holder),
        )
    else:
        cursor = db.execute(
            "UPDATE engine_services SET beat_utc = ?, state = ?, detail = ?"
            f" WHERE holder = ? AND state IN {_LIVE}",
            (to_iso(real_now), state.value, detail, holder),
        )
    return int(cursor.rowcount) == 1


def release(db: Any, holder: str, real_now: datetime, *, state: ServiceState, detail: str) -> bool:
    """The service ends (``stopped``, or ``failed`` with why); False if it no longer
    held the lease."""
    cursor = db.execute(
        "UPDATE engine_services SET state = ?, detail = ?, stopped_utc = ?, beat_utc = ?"
        f" WHERE holder = ? AND state IN {_LIVE}",
        (state.value, detail, to_iso(real_now), to_iso(real_now), holder),
    )
    return int(cursor.rowcount) == 1


def mark_gone(db: Any, holder: str, real_now: datetime, detail: str) -> bool:
    """Record that ``holder``'s process ended without saying so (a window saw it
    gone), or was taken over: ``failed`` with ``detail``, if it was still live."""
    cursor = db.execute(
        "UPDATE engine_services SET state = 'failed', detail = ?, stopped_utc = ?"
        f" WHERE holder = ? AND state IN {_LIVE}",
        (detail, to_iso(real_now), holder),
    )
    return int(cursor.rowcount) == 1


def live_holders(db: Any, real_now: datetime) -> list[str]:
    """The services alive now (live, with a fresh beat): their claims are theirs."""
    return [row.holder for row in read_all(db) if row.fresh(real_now)]


def forget_stopped(db: Any, before: datetime) -> int:
    """Forget services that ended before ``before`` (their starts and stops are audited)."""
    cursor = db.execute(
        f"DELETE FROM engine_services WHERE state NOT IN {_LIVE} AND stopped_utc < ?",
        (to_iso(before),),
    )
    return int(cursor.rowcount)


# -- requests --------------------------------------------------------------------------


class RequestKind(StrEnum):
    STOP = "stop"
    JUMP = "jump"
    CATCH_UP = "catch_up"
    SYNC_NOW = "sync_now"


class RequestState(StrEnum):
    PENDING = "pending"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


@dataclass(frozen=True)
class Request:
    id: int
    kind: RequestKind
    args: dict[str, Any]
    requested_by: str
    requested_utc: str
    state: RequestState
    result: str

    @property
    def finished(self) -> bool:
        return self.state in (RequestState.DONE, RequestState.FAILED)


_REQUEST_COLUMNS = "id, kind, args, requested_by, requested_utc, state, result"


def _request(row: tuple[Any, ...]) -> Request:
    return Request(
        id=int(row[0]),
        kind=RequestKind(row[1]),
        args=json.loads(row[2]),
        requested_by=str(row[3]),
        requested_utc=str(row[4]),
        state=RequestState(row[5]),
        result=str(row[6]),
    )


def ask(
    db: Any, kind: RequestKind, by: str, real_now: datetime, args: dict[str, Any] | None = None
) -> int:
    cursor = db.execute(
        "INSERT INTO engine_requests (kind, args, requested_by, requested_utc) VALUES (?, ?, ?, ?)"
        " RETURNING id",
        (kind.value, json.dumps(args or {}, sort_keys=True), by, to_iso(real_now)),
    )
    return int(cursor.fetchone()[0])


def request(db: Any, request_id: int) -> Request | None:
    row = db.execute(
        f"SELECT {_REQUEST_COLUMNS} FROM engine_requests WHERE id = ?", (request_id,)
    ).fetchone()
    return None if row is None else _request(row)


def pending(db: Any) -> list[Request]:
    rows = db.execute(
        f"SELECT {_REQUEST_COLUMNS} FROM engine_requests WHERE state = 'pending' ORDER BY id"
    ).fetchall()
    return [_request(row) for row in rows]


def claim(db: Any, request_id: int) -> bool:
    cursor = db.execute(
        "UPDATE engine_requests SET state = 'running' WHERE id = ? AND state = 'pending'",
        (request_id,),
    )
    return int(cursor.rowcount) == 1


def finish(db: Any, request_id: int, *, ok: bool, result: str, real_now: datetime) -> None:
    db.execute(
        "UPDATE engine_requests SET state = ?, result = ?, done_utc = ? WHERE id = ?",
        ("done" if ok else "failed", result, to_iso(real_now), request_id),
    )


def abandon_unfinished(db: Any, real_now: datetime, why: str) -> int:
    """When a new service takes the lease: requests the last one took and never
    finished (it was killed), and stop requests still pending (they were for an
    engine that has gone: a new one must not stop itself for them), failed with why.
    Other pending requests (a window still waiting for a jump) stay for the new one."""
    cursor = db.execute(
        "UPDATE engine_requests SET state = 'failed', result = ?, done_utc = ?"
        " WHERE state = 'running' OR (state = 'pending' AND kind = 'stop')",
        (why, to_iso(real_now)),
    )
    return int(cursor.rowcount)


def give_up(db: Any, request_id: int, real_now: datetime) -> bool:
    """The asker stopped waiting: a request nobody took is failed, so no engine acts
    on it later (a jump played long after the window gave up, a stop for the next
    engine). False if an engine took it meanwhile."""
    cursor = db.execute(
        "UPDATE engine_requests SET state = 'failed', result = ?, done_utc = ?"
        " WHERE id = ? AND state = 'pending'",
        (
            english("Nobody answered in time; the asker stopped waiting."),
            to_iso(real_now),
            request_id,
        ),
    )
    return int(cursor.rowcount) == 1


def prune(db: Any, before: datetime) -> int:
    """Forget finished requests older than ``before`` (their effects are audited)."""
    cursor = db.execute(
        "DELETE FROM engine_requests WHERE state IN ('done', 'failed') AND done_utc < ?",
        (to_iso(before),),
    )
    return int(cursor.rowcount)
