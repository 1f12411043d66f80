"""Rows of incident mode's pull-back from the networks' own schedulers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from storage.queue import SAME_AREA


@dataclass(frozen=True)
class PullBack:
    id: int
    incident_id: int
    channel_id: int
    channel: str
    remote_id: str
    scheduled_utc: str
    text: str
    target_id: int | None
    state: str  # pulling | pulled | failed
    attempts: int
    last_error: str
    next_attempt_utc: str | None


@dataclass(frozen=True)
class Listing:
    channel_id: int
    channel: str
    listed_utc: str | None
    last_error: str
    attempts: int


def channels_in_scope(db: Any) -> list[tuple[int, str]]:
    """Enabled channels an active hold covers, as (id, network): the channel half of
    ``storage.queue.HELD``."""
    rows = db.execute(
        "SELECT c.id, c.network FROM channels c WHERE c.enabled = 1 AND EXISTS ("
        " SELECT 1 FROM holds h WHERE h.released_utc IS NULL AND ("
        " h.scope = 'all'"
        " OR (h.scope = 'channels' AND EXISTS (SELECT 1 FROM hold_channels hc"
        "     WHERE hc.hold_id = h.id AND hc.channel_id = c.id))"
        " OR (h.scope = 'areas' AND EXISTS (SELECT 1 FROM hold_areas ha"
        f"     WHERE ha.hold_id = h.id AND {SAME_AREA})))) ORDER BY c.id"
    )
    return [(int(r[0]), str(r[1])) for r in rows]


def listing_due(db: Any, incident_id: int, channel_id: int, now: str, every_before: str) -> bool:
    """Whether the channel's scheduler should be read now: never read for this
    incident, read before ``every_before``, or a failed read whose retry time came."""
    row = db.execute(
        "SELECT listed_utc, next_attempt_utc FROM native_listings"
        " WHERE incident_id = ? AND channel_id = ?",
        (incident_id, channel_id),
    ).fetchone()
    if row is None:
        return True
    listed, retry = row
    if retry is not None:
        return bool(retry <= now)
    return listed is None or listed < every_before


def record_listing(
    db: Any,
    incident_id: int,
    channel_id: int,
    now: str,
    *,
    error: str = "",
    retry_utc: str | None = None,
) -> None:
    db.execute(
        "INSERT INTO native_listings (incident_id, channel_id, listed_utc, last_error,"
        " attempts, next_attempt_utc) VALUES (?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (incident_id, channel_id) DO UPDATE SET"
        " listed_utc = coalesce(excluded.listed_utc, native_listings.listed_utc),"
        " last_error = excluded.last_error,"
        " attempts = CASE WHEN excluded.last_error = '' THEN 0"
        " ELSE native_listings.attempts + 1 END,"
        " next_attempt_utc = excluded.next_attempt_utc",
        (
            incident_id,
            channel_id,
            None if error else now,
            error,
            1 if error else 0,
            retry_utc,
        ),
    )


def listing_attempts(db: Any, incident_id: int, channel_id: int) -> int:
    row = db.execute(
        "SELECT attempts FROM native_listings WHERE incident_id = ? AND channel_id = ?",
        (incident_id, channel_id),
    ).fetchone()
    return 0 if row is None else int(row[0])


def known(db: Any, incident_id: int, channel_id: int, remote_id: str) -> bool:
    return (
        db.execute(
            "SELECT 1 FROM native_pullbacks WHERE incident_id = ? AND channel_id = ?"
            " AND remote_id = ?",
            (incident_id, channel_id, remote_id),
        ).fetchone()
        is not None
    )


def insert(
    db: Any,
    *,
    incident_id: int,
    channel_id: int,
    remote_id: str,
    scheduled_utc: str,
    text: str,
    target_id: int,
    now: str,
) -> int:
    cursor = db.execute(
        "INSERT INTO native_pullbacks (incident_id, channel_id, remote_id, scheduled_utc,"
        " text, target_id, state, updated_utc) VALUES (?, ?, ?, ?, ?, ?, 'pulling', ?)"
        " RETURNING id",
        (incident_id, channel_id, remote_id, scheduled_utc, text, target_id, now),
    )
    return int(cursor.fetchone()[0])


def due(db: Any, incident_id: int, now: str) -> list[int]:
    """Pull-backs to try now: new ones, and failed ones whose retry time came."""
    rows = db.execute(
        "SELECT id FROM native_pullbacks WHERE incident_id = ? AND state != 'pulled'"
        " AND (next_attempt_utc IS NULL OR next_attempt_utc <= ?) ORDER BY id",
        (incident_id, now),
    )
    return [int(r[0]) for r in rows]


_SELECT = (
    "SELECT p.id, p.incident_id, p.channel_id, c.name, p.remote_id, p.scheduled_utc, p.text,"
    " p.target_id, p.state, p.attempts, p.last_error, p.next_attempt_utc"
    " FROM native_pullbacks p JOIN channels c ON c.id = p.channel_id"
)


def _pullback(r: tuple[Any, ...]) -> PullBack:
    return PullBack(
        int(r[0]), int(r[1]), int(r[2]), str(r[3]), str(r[4]), str(r[5]), str(r[6]),
        r[7], str(r[8]), int(r[9]), str(r[10]), r[11],
    )  # fmt: skip


def get(db: Any, pullback_id: int) -> PullBack | None:
    row = db.execute(f"{_SELECT} WHERE p.id = ?", (pullback_id,)).fetchone()
    return None if row is None else _pullback(row)


def of_incident(db: Any, incident_id: int) -> list[PullBack]:
    rows = db.execute(f"{_SELECT} WHERE p.incident_id = ? ORDER BY p.id", (incident_id,))
    return [_pullback(r) for r in rows]


def listings(db: Any, incident_id: int) -> list[Listing]:
    rows = db.execute(
        "SELECT l.channel_id, c.name, l.listed_utc, l.last_error, l.attempts"
        " FROM native_listings l JOIN channels c ON c.id = l.channel_id"
        " WHERE l.incident_id = ? ORDER BY l.channel_id",
        (incident_id,),
    )
    return [Listing(int(r[0]), str(r[1]), r[2], str(r[3]), int(r[4])) for r in rows]


def mark_pulled(db: Any, pullback_id: int, now: str) -> None:
    db.execute(
        "UPDATE native_pullbacks SET state = 'pulled', last_error = '', next_attempt_utc = NULL,"
        " attempts = attempts + 1, updated_utc = ? WHERE id = ?",
        (now, pullback_id),
    )


def mark_failed(db: Any, pullback_id: int, error: str, retry_utc: str, now: str) -> None:
    db.execute(
        "UPDATE native_pullbacks SET state = 'failed', last_error = ?, next_attempt_utc = ?,"
        " attempts = attempts + 1, updated_utc = ? WHERE id = ?",
        (error, retry_utc, now, pullback_id),
    )


# -- pinning holding statements ----------------------------------------------------------


def request_pin(db: Any, target_ids: list[int]) -> list[int]:
    """Ask for published targets to be pinned; returns those that can be."""
    return _each_changed(
        db,
        "UPDATE targets SET pin_state = 'requested', pin_error = '' WHERE id = ?"
        " AND status = 'published' AND remote_id IS NOT NULL",
        target_ids,
    )


def _each_changed(db: Any, update: str, target_ids: list[int]) -> list[int]:
    """Run ``update`` for each target id; the ids it changed."""
    return [t for t in target_ids if db.execute(update, (t,)).rowcount == 1]


@dataclass(frozen=True)
class PinJob:
    """A pin or an unpin an officer asked for, for the engine to carry out."""

    target_id: int
    channel_id: int
    remote_id: str
    pin: bool  # False: unpin


def pins_requested(db: Any) -> list[PinJob]:
    """Every pin and unpin asked for and not yet carried out, oldest first."""
    rows = db.execute(
        "SELECT id, channel_id, remote_id, pin_state = 'requested' FROM targets"
        " WHERE pin_state = 'requested' OR unpin_state = 'requested' ORDER BY id"
    )
    return [PinJob(int(r[0]), int(r[1]), str(r[2]), bool(r[3])) for r in rows]


def record_pin(db: Any, target_id: int, error: str = "") -> None:
    db.execute(
        "UPDATE targets SET pin_state = ?, pin_error = ? WHERE id = ?",
        ("failed" if error else "pinned", error, target_id),
    )


def still_pinned(db: Any, incident_id: int) -> list[int]:
    """The incident's holding statements that are pinned and not (being) unpinned."""
    rows = db.execute(
        "SELECT t.id FROM targets t JOIN posts p ON p.id = t.post_id"
        " WHERE t.cleared_incident_id = ? AND p.kind = 'holding_statement'"
        " AND t.pin_state = 'pinned' AND (t.unpin_state IS NULL OR t.unpin_state = 'failed')"
        " ORDER BY t.id",
        (incident_id,),
    )
    return [int(r[0]) for r in rows]


def request_unpin(db: Any, target_ids: list[int]) -> list[int]:
    """Ask for pinned targets to be unpinned (again, after a failure); returns those
    that can be."""
    return _each_changed(
        db,
        "UPDATE targets SET unpin_state = 'requested', unpin_error = '' WHERE id = ?"
        " AND pin_state = 'pinned' AND remote_id IS NOT NULL"
        " AND (unpin_state IS NULL OR unpin_state = 'failed')",
        target_ids,
    )


def record_unpin(db: Any, target_id: int, error: str = "") -> None:
    db.execute(
        "UPDATE targets SET unpin_state = ?, unpin_error = ? WHERE id = ?",
        ("failed" if error else "unpinned", error, target_id),
    )


# unpin_state as pin_states() names it beside pin_state's own values
UNPIN_STATES = {"requested": "unpinning", "unpinned": "unpinned", "failed": "unpin_failed"}


def pin_states(db: Any, target_ids: list[int]) -> dict[int, tuple[str, str]]:
    """(state, the network's sentence) per target ever asked to pin: requested,
    pinned or failed, then unpinning, unpinned or unpin_failed."""
    if not target_ids:
        return {}
    marks = ",".join("?" * len(target_ids))
    rows = db.execute(
        f"SELECT id, pin_state, pin_error, unpin_state, unpin_error FROM targets"
        f" WHERE id IN ({marks}) AND pin_state IS NOT NULL",
        target_ids,
    )
    found = {}
    for target_id, pin, pin_error, unpin, unpin_error in rows:
        if unpin is None:
            found[int(target_id)] = (str(pin), str(pin_error))
        else:
            found[int(target_id)] = (UNPIN_STATES[str(unpin)], str(unpin_error))
    return found
