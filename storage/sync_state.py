"""Where each channel's background sync stands (the rows), and the targets that
wait for their channel to be reconnected."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from storage.stored_words import english


class SyncState(StrEnum):
    OK = "ok"
    DEGRADED = "degraded"  # the network answered, but not well (5xx, 429, unreadable)
    OFFLINE = "offline"  # the network could not be reached at all
    NEEDS_RECONNECT = "needs_reconnect"  # the credentials expired or were revoked
    PAUSED = "paused"  # an officer paused it (kept in its own column)


@dataclass(frozen=True)
class SyncRow:
    channel_id: int
    state: SyncState  # never PAUSED here: see ``paused``
    paused: bool
    inbox_cursor: str | None
    last_sync_utc: str | None
    next_sync_utc: str | None
    next_sync_real_utc: str | None  # the same in real time (lateness is judged by it)
    last_error: str
    budget_limit: int | None
    budget_remaining: int | None
    budget_reset_utc: str | None
    failures: int
    metrics_utc: str | None
    generation: int


_COLUMNS = (
    "channel_id, state, paused, inbox_cursor, last_sync_utc, next_sync_utc, last_error,"
    " budget_limit, budget_remaining, budget_reset_utc, failures, metrics_utc, generation,"
    " next_sync_real_utc"
)


def _row(row: tuple[Any, ...]) -> SyncRow:
    return SyncRow(
        channel_id=int(row[0]),
        state=SyncState(row[1]),
        paused=bool(row[2]),
        inbox_cursor=row[3],
        last_sync_utc=row[4],
        next_sync_utc=row[5],
        last_error=row[6],
        budget_limit=row[7],
        budget_remaining=row[8],
        budget_reset_utc=row[9],
        failures=int(row[10]),
        metrics_utc=row[11],
        generation=int(row[12]),
        next_sync_real_utc=row[13],
    )


def ensure(db: Any, channel_id: int) -> None:
    db.execute(
        "INSERT INTO sync_state (channel_id) VALUES (?) ON CONFLICT DO NOTHING", (channel_id,)
    )


def get(db: Any, channel_id: int) -> SyncRow:
    """The channel's row (a fresh one, unsaved, if it has never synced)."""
    row = db.execute(f"SELECT {_COLUMNS} FROM sync_state WHERE channel_id = ?", (channel_id,))
    found = row.fetchone()
    if found is None:
        return _row((channel_id, "ok", 0, None, None, None, "", None, None, None, 0, None, 0, None))
    return _row(found)


def all_rows(db: Any) -> dict[int, SyncRow]:
    return {r.channel_id: r for r in map(_row, db.execute(f"SELECT {_COLUMNS} FROM sync_state"))}


def set_state(db: Any, channel_id: int, state: SyncState, error: str) -> None:
    if state is SyncState.PAUSED:
        raise ValueError("pausing is set_paused()")
    ensure(db, channel_id)
    db.execute(
        "UPDATE sync_state SET state = ?, last_error = ? WHERE channel_id = ?",
        (state.value, error, channel_id),
    )


def set_paused(db: Any, channel_id: int, paused: bool) -> None:
    ensure(db, channel_id)
    db.execute("UPDATE sync_state SET paused = ? WHERE channel_id = ?", (int(paused), channel_id))


def set_cursor(db: Any, channel_id: int, cursor: str) -> None:
    # One statement (sync sets it with every page it stores).
    db.execute(
        "INSERT INTO sync_state (channel_id, inbox_cursor) VALUES (?, ?)"
        " ON CONFLICT (channel_id) DO UPDATE SET inbox_cursor = excluded.inbox_cursor",
        (channel_id, cursor),
    )


def set_metrics_time(db: Any, channel_id: int, now: str) -> None:
    ensure(db, channel_id)
    db.execute("UPDATE sync_state SET metrics_utc = ? WHERE channel_id = ?", (now, channel_id))


@dataclass(frozen=True)
class PassRecord:
    """What one sync pass leaves behind (bookkeeping: when, the budget, failures)."""

    state: SyncState
    last_error: str
    failures: int
    last_sync_utc: str | None
    next_sync_utc: str | None
    budget_limit: int | None
    budget_remaining: int | None
    budget_reset_utc: str | None
    next_sync_real_utc: str | None = None  # when, by the real clock (exercise time runs apart)


def record_pass(db: Any, channel_id: int, record: PassRecord) -> None:
    ensure(db, channel_id)
    db.execute(
        "UPDATE sync_state SET state = ?, last_error = ?, failures = ?,"
        " last_sync_utc = coalesce(?, last_sync_utc), next_sync_utc = ?, budget_limit = ?,"
        " budget_remaining = ?, budget_reset_utc = ?, next_sync_real_utc = ?"
        " WHERE channel_id = ?",
        (
            record.state.value,
            record.last_error,
            record.failures,
            record.last_sync_utc,
            record.next_sync_utc,
            record.budget_limit,
            record.budget_remaining,
            record.budget_reset_utc,
            record.next_sync_real_utc,
            channel_id,
        ),
    )


def reset_after_connect(db: Any, channel_id: int) -> int:
    """A (re)connected channel starts afresh; returns its new generation."""
    ensure(db, channel_id)
    db.execute(
        "UPDATE sync_state SET state = 'ok', last_error = '', failures = 0,"
        " next_sync_utc = NULL, generation = generation + 1 WHERE channel_id = ?",
        (channel_id,),
    )
    return int(
        db.execute(
            "SELECT generation FROM sync_state WHERE channel_id = ?", (channel_id,)
        ).fetchone()[0]
    )


def bump_generation(db: Any, channel_id: int) -> None:
    ensure(db, channel_id)
    db.execute(
        "UPDATE sync_state SET generation = generation + 1 WHERE channel_id = ?", (channel_id,)
    )


# -- targets waiting for their channel to be reconnected ---------------------------------


def await_reconnect(db: Any, target_id: int, channel_id: int, now: str) -> None:
    db.execute(
        "INSERT INTO awaiting_reconnect (target_id, channel_id, failed_utc) VALUES (?, ?, ?)"
        " ON CONFLICT (target_id) DO UPDATE SET channel_id = excluded.channel_id,"
        " failed_utc = excluded.failed_utc",
        (target_id, channel_id, now),
    )


def take_awaiting(db: Any, channel_id: int) -> list[int]:
    """The channel's targets failed for want of a connection that are still failed
    (an officer may have cancelled or rescheduled some meanwhile); forgets them all."""
    ids = [
        int(row[0])
        for row in db.execute(
            "SELECT a.target_id FROM awaiting_reconnect a JOIN targets t ON t.id = a.target_id"
            " WHERE a.channel_id = ? AND t.status = 'failed'"
            # a holding statement of an incident that has stood down stays failed
            " AND NOT EXISTS (SELECT 1 FROM incidents i WHERE i.id = t.cleared_incident_id"
            " AND i.stood_down_utc IS NOT NULL) ORDER BY a.target_id",
            (channel_id,),
        )
    ]
    db.execute("DELETE FROM awaiting_reconnect WHERE channel_id = ?", (channel_id,))
    return ids


_MISSED = english(
    "Its time passed while the channel needed reconnecting: reschedule it if it should still go."
)


def miss_stale(db: Any, target_ids: list[int], stale_before: str, now: str) -> list[int]:
    """Of the targets waiting for a reconnect, those whose time passed before
    ``stale_before`` become ``missed``: nothing stale goes out by itself, a person
    reschedules it. Returns them."""
    missed = []
    for target_id in target_ids:
        cursor = db.execute(
            "UPDATE targets SET status = 'missed', next_attempt_utc = NULL, updated_utc = ?,"
            " last_error = ? WHERE id = ? AND status = 'failed' AND scheduled_utc < ?",
            (now, _MISSED, target_id, stale_before),
        )
        if cursor.rowcount == 1:
            missed.append(target_id)
    return missed


def awaiting(db: Any, channel_id: int) -> list[int]:
    return [
        int(row[0])
        for row in db.execute(
            "SELECT a.target_id FROM awaiting_reconnect a JOIN targets t ON t.id = a.target_id"
            " WHERE a.channel_id = ? AND t.status = 'failed' ORDER BY a.target_id",
            (channel_id,),
        )
    ]


def requeue_failed(db: Any, target_ids: list[int], now: str) -> list[int]:
    """Failed targets back to queued, due at once. Their time and idempotency key are
    kept; ``attempts`` restarts at one, so the usual retries apply again (and an
    adapter that looks before it sends a retry still looks)."""
    requeued = []
    for target_id in target_ids:
        cursor = db.execute(
            "UPDATE targets SET status = 'queued', next_attempt_utc = NULL, last_error = NULL,"
            " attempts = 1, updated_utc = ? WHERE id = ? AND status = 'failed'",
            (now, target_id),
        )
        if cursor.rowcount == 1:
            requeued.append(target_id)
    return requeued
