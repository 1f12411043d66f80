"""The publishing queue: due targets, the claim, and recording what happened.

The claim is the one guard that matters: in a single UPDATE it moves a target
from ``queued`` to ``publishing`` only if it is still queued, its approval allows
it, and no active hold covers its channel. Because every write goes through the
store's single writer, a claim and an incident hold cannot interleave: whichever
commits first wins, and the other sees it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from storage import engine_service
from storage.posts import SEPARATOR, Image, images_of
from storage.records import MANUAL_NETWORKS, TargetStatus
from storage.sql import later

APPROVED = "('not_required', 'approved')"

# A hold's area (``ha``) is the channel's (``c``) whatever their case or the spaces
# around them, on both kinds of store (``storage.incidents.area_key`` in Python). A
# hold keeps the channels' own spellings (``storage.incidents.match_areas``), so this
# matters only for a channel added later with another; SQLite's lower() folds only
# ASCII letters, which is why the hold keeps every spelling it was given.
SAME_AREA = "lower(trim(ha.area)) = lower(trim(c.area))"

# An active hold covers a target's channel: everything, that channel, or its area;
# unless the hold's own incident cleared the target (gold released it, or it is a
# holding statement sent in that incident).
HELD = f"""EXISTS (
    SELECT 1 FROM holds h WHERE h.released_utc IS NULL
    AND h.incident_id IS DISTINCT FROM t.cleared_incident_id AND (
        h.scope = 'all'
        OR (h.scope = 'channels' AND EXISTS (SELECT 1 FROM hold_channels hc
                WHERE hc.hold_id = h.id AND hc.channel_id = t.channel_id))
        OR (h.scope = 'areas' AND EXISTS (SELECT 1 FROM hold_areas ha
                JOIN channels c ON c.id = t.channel_id
                WHERE ha.hold_id = h.id AND {SAME_AREA}))))"""


# A disabled channel publishes nothing; its queued targets wait. Nor does a manual
# channel (storage.records.MANUAL_NETWORKS): an officer posts those by hand.
_MANUAL = ", ".join(f"'{n}'" for n in MANUAL_NETWORKS)
BY_HAND = f"(SELECT network FROM channels WHERE id = t.channel_id) IN ({_MANUAL})"
ENABLED = (  # one look at the channel per target: this runs over the whole queue
    f"(SELECT enabled = 1 AND network NOT IN ({_MANUAL}) FROM channels WHERE id = t.channel_id)"
)


@dataclass(frozen=True)
class Claimed:
    """A target the publisher now owns, with everything needed to send it."""

    target_id: int
    post_id: int
    channel_id: int
    network: str
    account: str
    text: str
    idempotency_key: str
    attempts: int
    scheduled_utc: str
    images: tuple[Image, ...] = ()
    # Two linked posts (console.bilingual): the second's text, and the first's id
    # once the first is out (a retry then sends only the second).
    second_text: str | None = None
    first_remote_id: str | None = None


def due(db: Any, now: str, not_before: str, limit: int = 500) -> list[int]:
    """Queued, approved, unheld targets whose time (and retry time) has come,
    scheduled no earlier than ``not_before`` unless already being retried."""
    rows = db.execute(
        f"SELECT t.id FROM targets t WHERE t.status = 'queued' AND t.approval IN {APPROVED}"
        " AND t.scheduled_utc <= ? AND (t.next_attempt_utc IS NULL OR t.next_attempt_utc <= ?)"
        " AND (t.scheduled_utc >= ? OR t.attempts > 0)"
        f" AND NOT {HELD} AND {ENABLED} ORDER BY t.scheduled_utc, t.id LIMIT ?",
        (now, now, not_before, limit),
    )
    return [int(row[0]) for row in rows]


NEXT_TRY = later("t.scheduled_utc", "coalesce(t.next_attempt_utc, '')")


def next_due(db: Any) -> str | None:
    """The earliest time a queued, approved, unheld target on an enabled channel may
    next be tried (the scheduler's next wake-up)."""
    row = db.execute(
        f"SELECT min({NEXT_TRY}) FROM targets t"
        f" WHERE t.status = 'queued' AND t.approval IN {APPROVED}"
        f" AND t.scheduled_utc IS NOT NULL AND NOT {HELD} AND {ENABLED}"
    ).fetchone()
    return None if row is None or row[0] is None else str(row[0])


def stale(db: Any, not_before: str) -> list[int]:
    """Queued targets never tried whose time passed more than the grace ago. One
    covered by a hold waits for gold's decision, and one awaiting approval for its
    approver (who is asked for a new time), so neither is marked missed."""
    rows = db.execute(
        "SELECT t.id FROM targets t WHERE t.status = 'queued' AND t.attempts = 0"
        f" AND t.approval IN {APPROVED} AND t.scheduled_utc < ? AND NOT {HELD}"
        f" AND NOT {BY_HAND}",
        (not_before,),
    )
    return [int(row[0]) for row in rows]


def claim(db: Any, target_id: int, key: str, now: str, claimer: str = "") -> Claimed | None:
    """Move one target to publishing, if (and only if) it may go out now; ``claimer``
    (an engine service's lease holder) is kept with the claim."""
    cursor = db.execute(
        "UPDATE targets AS t SET status = 'publishing', claimed_utc = ?, updated_utc = ?,"
        " attempts = attempts + 1, idempotency_key = coalesce(idempotency_key, ?),"
        " claimed_by = ?"
        f" WHERE t.id = ? AND t.status = 'queued' AND t.approval IN {APPROVED} AND NOT {HELD}"
        f" AND {ENABLED}",
        (now, now, key, claimer or None, target_id),
    )
    if cursor.rowcount != 1:
        return None
    return claimed(db, target_id)


def claimed(db: Any, target_id: int) -> Claimed | None:
    row = db.execute(
        "SELECT t.id, t.post_id, t.channel_id, c.network, c.account,"
        " coalesce(t.body_override, p.body), t.idempotency_key, t.attempts, t.scheduled_utc,"
        " t.second_text, t.first_remote_id"
        " FROM targets t JOIN posts p ON p.id = t.post_id JOIN channels c ON c.id = t.channel_id"
        " WHERE t.id = ?",
        (target_id,),
    ).fetchone()
    if row is None:
        return None
    return Claimed(
        images=images_of(db, int(row[1])),
        target_id=row[0],
        post_id=row[1],
        channel_id=row[2],
        network=row[3],
        account=row[4],
        text=row[5],
        idempotency_key=row[6],
        attempts=row[7],
        scheduled_utc=row[8],
        second_text=row[9],
        first_remote_id=row[10],
    )


def orphaned(db: Any, me: str, real_now: datetime) -> list[tuple[int, str]]:
    """Targets left publishing that ``me`` must settle, with who claimed each ("" for
    none): its own (a send cut short by a crash or a lost connection), unclaimed ones,
    and those of services no longer alive. Another live service's sends are its own."""
    live = set(engine_service.live_holders(db, real_now)) - {me}
    found = db.execute("SELECT id, claimed_by FROM targets WHERE status = 'publishing'")
    return [(int(row[0]), str(row[1] or "")) for row in found if row[1] not in live]


def publishing(db: Any) -> list[int]:
    """Targets left in publishing: a send that was in flight when the app stopped."""
    return [int(r[0]) for r in db.execute("SELECT id FROM targets WHERE status = 'publishing'")]


def status_of(db: Any, target_id: int) -> TargetStatus:
    row = db.execute("SELECT status FROM targets WHERE id = ?", (target_id,)).fetchone()
    return TargetStatus(row[0])


def mark_published(db: Any, target_id: int, remote_id: str, url: str, now: str) -> None:
    db.execute(
        "UPDATE targets SET status = 'published', remote_id = ?, remote_url = ?,"
        " published_utc = ?, last_error = NULL, next_attempt_utc = NULL, updated_utc = ?"
        " WHERE id = ? AND status = 'publishing'",
        (remote_id, url, now, now, target_id),
    )


def mark_first_sent(db: Any, target_id: int, remote_id: str, url: str, now: str) -> None:
    """The first of two linked posts is out; the target stays publishing for the second."""
    db.execute(
        "UPDATE targets SET first_remote_id = ?, first_url = ?, updated_utc = ?"
        " WHERE id = ? AND status = 'publishing'",
        (remote_id, url, now, target_id),
    )


def mark_pair_published(db: Any, target_id: int, remote_id: str, url: str, now: str) -> None:
    """Both of two linked posts are out: the first's id and URL are the target's, the
    second's (``remote_id``, ``url``) kept beside them."""
    db.execute(
        "UPDATE targets SET status = 'published', remote_id = first_remote_id,"
        " remote_url = first_url, second_remote_id = ?, second_url = ?, published_utc = ?,"
        " last_error = NULL, next_attempt_utc = NULL, updated_utc = ?"
        " WHERE id = ? AND status = 'publishing' AND first_remote_id IS NOT NULL",
        (remote_id, url, now, now, target_id),
    )


def by_hand(db: Any, until: str) -> list[int]:
    """Targets an officer is to post by hand, due by ``until``: queued on an enabled
    manual channel, approved, not held; in time order."""
    rows = db.execute(  # from the manual channels (few) to their targets (by index)
        f"SELECT t.id FROM targets t WHERE t.channel_id IN (SELECT id FROM channels"
        f" WHERE enabled = 1 AND network IN ({_MANUAL})) AND t.status = 'queued'"
        f" AND t.approval IN {APPROVED} AND t.scheduled_utc IS NOT NULL"
        f" AND t.scheduled_utc <= ? AND NOT {HELD} ORDER BY t.scheduled_utc, t.id",
        (until,),
    )
    return [int(row[0]) for row in rows]


def mark_posted_by_hand(db: Any, target_id: int, url: str, posted_utc: str, now: str) -> bool:
    """An officer posted it: published, if it still may go out (queued, approved, on a
    manual channel, not held). False when it may not."""
    cursor = db.execute(
        "UPDATE targets AS t SET status = 'published', remote_id = 'by-hand', remote_url = ?,"
        " published_utc = ?, last_error = NULL, updated_utc = ?"
        f" WHERE t.id = ? AND t.status = 'queued' AND t.approval IN {APPROVED}"
        f" AND {BY_HAND} AND NOT {HELD}",
        (url, posted_utc, now, target_id),
    )
    return bool(cursor.rowcount == 1)


def mark_retry(db: Any, target_id: int, next_attempt: str, error: str, now: str) -> None:
    db.execute(
        "UPDATE targets SET status = 'queued', next_attempt_utc = ?, last_error = ?,"
        " updated_utc = ? WHERE id = ? AND status = 'publishing'",
        (next_attempt, error, now, target_id),
    )


def mark_failed(db: Any, target_id: int, error: str, now: str) -> None:
    db.execute(
        "UPDATE targets SET status = 'failed', last_error = ?, updated_utc = ?"
        " WHERE id = ? AND status = 'publishing'",
        (error, now, target_id),
    )


def mark_missed(db: Any, target_ids: list[int], now: str, *, was: str = "queued") -> None:
    db.executemany(
        "UPDATE targets SET status = 'missed', updated_utc = ? WHERE id = ? AND status = ?",
        [(now, target_id, was) for target_id in target_ids],
    )


def counts_by_status(db: Any) -> dict[str, int]:
    return {row[0]: int(row[1]) for row in db.execute(
        "SELECT status, count(*) FROM targets GROUP BY status")}  # fmt: skip


# -- the queue as officers see it ---------------------------------------------------------


@dataclass(frozen=True)
class QueueFilter:
    status: str = ""
    channel_id: int = 0
    author: str = ""
    text: str = ""
    since_utc: str = ""
    until_utc: str = ""

    def where(self) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if self.status:
            clauses.append("t.status = ?")
            params.append(self.status)
        if self.channel_id:
            clauses.append("t.channel_id = ?")
            params.append(self.channel_id)
        if self.author:
            clauses.append("lower(u.name) = lower(?)")
            params.append(self.author)
        if self.text:
            clauses.append("instr(lower(coalesce(t.body_override, p.body)), lower(?)) > 0")
            params.append(self.text)
        if self.since_utc:
            clauses.append("t.scheduled_utc >= ?")
            params.append(self.since_utc)
        if self.until_utc:
            clauses.append("t.scheduled_utc < ?")
            params.append(self.until_utc)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


_JOINS = (
    " FROM targets t JOIN posts p ON p.id = t.post_id JOIN channels c ON c.id = t.channel_id"
    " JOIN users u ON u.id = p.author_id"
)


@dataclass(frozen=True)
class QueueRow:
    target_id: int
    post_id: int
    status: TargetStatus
    scheduled_utc: str | None
    channel: str
    network: str
    text: str
    author: str
    approval: str
    attempts: int
    last_error: str
    remote_url: str
    review_note: str = ""
    second_text: str | None = None  # two linked posts: the second's text (``text`` holds both)

    @property
    def first_text(self) -> str:
        """The first post's own text: ``text`` without the second (two linked posts)."""
        if self.second_text is None:
            return self.text
        return self.text.removesuffix(SEPARATOR + self.second_text)


def matching(db: Any, flt: QueueFilter) -> list[int]:
    """Target ids passing ``flt``, in time order (ints only: cheap for 100,000)."""
    where, params = flt.where()
    joins = _JOINS if (flt.author or flt.text) else " FROM targets t"
    if flt.text and not flt.author:
        joins = " FROM targets t JOIN posts p ON p.id = t.post_id"
    return [
        int(row[0])
        for row in db.execute(
            f"SELECT t.id{joins}{where} ORDER BY t.scheduled_utc IS NULL, t.scheduled_utc, t.id",
            params,
        )
    ]


def rows(db: Any, target_ids: list[int]) -> dict[int, QueueRow]:
    if not target_ids:
        return {}
    marks = ",".join("?" * len(target_ids))
    found = db.execute(
        "SELECT t.id, t.post_id, t.status, t.scheduled_utc, c.name, c.network,"
        " coalesce(t.body_override, p.body), u.display_name, t.approval, t.attempts,"
        " coalesce(t.last_error, ''), coalesce(t.remote_url, ''), p.review_note, t.second_text"
        f"{_JOINS} WHERE t.id IN ({marks})",
        target_ids,
    )
    return {
        int(r[0]): QueueRow(
            target_id=int(r[0]),
            post_id=int(r[1]),
            status=TargetStatus(r[2]),
            scheduled_utc=r[3],
            channel=r[4],
            network=r[5],
            text=r[6] if r[13] is None else r[6] + SEPARATOR + r[13],  # two linked posts: both
            author=r[7],
            approval=r[8],
            attempts=int(r[9]),
            last_error=r[10],
            remote_url=r[11],
            review_note=r[12],
            second_text=r[13],
        )
        for r in found
    }


def cancellable(db: Any, target_ids: list[int]) -> list[int]:
    marks = ",".join("?" * len(target_ids))
    return [
        int(r[0])
        for r in db.execute(
            f"SELECT id FROM targets WHERE id IN ({marks}) AND status IN"
            " ('draft', 'queued', 'missed', 'failed')",
            target_ids,
        )
    ]


def reschedulable(db: Any, target_ids: list[int]) -> list[int]:
    """Targets an officer may put (back) on the queue at a new time."""
    marks = ",".join("?" * len(target_ids))
    return [
        int(r[0])
        for r in db.execute(
            f"SELECT id FROM targets WHERE id IN ({marks}) AND status IN"
            " ('draft', 'queued', 'missed', 'failed')",
            target_ids,
        )
    ]


def requeue(db: Any, target_id: int, scheduled_utc: str, now: str) -> None:
    """Queue again at a new time, as a fresh try (the idempotency key is kept, so a
    network that already has it will not post it twice). Rejected content goes back
    to awaiting approval."""
    db.execute(
        "UPDATE targets SET status = 'queued', scheduled_utc = ?, attempts = 0,"
        " next_attempt_utc = NULL, last_error = NULL, updated_utc = ?,"
        " approval = CASE approval WHEN 'rejected' THEN 'awaiting' ELSE approval END"
        " WHERE id = ?",
        (scheduled_utc, now, target_id),
    )


def due_before(db: Any, until: str) -> tuple[int, str | None]:
    """How many targets wait to go out (queued, held or awaiting approval) by ``until``,
    and when the first is due: what a window asks before it lets the engine stop."""
    row = db.execute(
        "SELECT count(*), min(scheduled_utc) FROM targets"
        " WHERE status IN ('queued', 'held', 'publishing') AND scheduled_utc IS NOT NULL"
        " AND scheduled_utc <= ?",
        (until,),
    ).fetchone()
    return int(row[0]), None if row[1] is None else str(row[1])
