"""Who last changed a post or a conversation, and when: read from the audit trail.

Two officers working the same post or conversation each act on what their screen
showed. A write that was given what the officer saw compares it with the row as it
is now (``console.concurrency``); when they differ, this says whose change came in
between, so the second officer is told rather than overwriting it unseen.

A post's changes are its own row's and its targets' (the digests ``audit_rows``
keeps, each under the entry that made it, keyed by table and id); a conversation's
are the trail's alteration entries about it (reading one is a consultation, and is
no change).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class LastChange:
    actor: str  # a user name, or "system" and the like for Cordon's own work
    at_utc: str


def _entry(db: Any, seq: int | None) -> LastChange | None:
    if seq is None:
        return None
    row = db.execute("SELECT actor, at_utc FROM audit_log WHERE seq = ?", (seq,)).fetchone()
    return None if row is None else LastChange(str(row[0]), str(row[1]))


def of_post(db: Any, post_id: int, target_ids: Iterable[int]) -> LastChange | None:
    """The newest entry that changed the post or one of its targets."""
    newest: int | None = None
    for table, row_id in [("posts", post_id), *(("targets", t) for t in target_ids)]:
        found = db.execute(
            "SELECT max(seq) FROM audit_rows WHERE tbl = ? AND id = ?", (table, row_id)
        ).fetchone()
        if found is not None and found[0] is not None:
            newest = max(newest or 0, int(found[0]))
    return _entry(db, newest)


def of_object(db: Any, object_type: str, object_id: int) -> LastChange | None:
    """The newest entry that altered the object (the trail, newest first)."""
    row = db.execute(
        "SELECT actor, at_utc FROM audit_log WHERE object_type = ? AND object_id = ?"
        " AND category = 'alteration' ORDER BY seq DESC LIMIT 1",
        (object_type, str(object_id)),
    ).fetchone()
    return None if row is None else LastChange(str(row[0]), str(row[1]))
