"""Post metrics (the rows): what each published target earned on its network."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class PostMetrics:
    target_id: int
    likes: int
    replies: int
    reposts: int
    reach: int | None
    updated_utc: str


def due_for_refresh(
    db: Any, channel_id: int, published_since: str, stale_before: str, limit: int
) -> list[tuple[int, str]]:
    """(target id, remote id) of the channel's recent posts whose metrics are older
    than ``stale_before`` (or missing), newest post first."""
    rows = db.execute(
        "SELECT t.id, t.remote_id FROM targets t LEFT JOIN post_metrics m ON m.target_id = t.id"
        " WHERE t.channel_id = ? AND t.status = 'published' AND t.remote_id IS NOT NULL"
        " AND t.remote_id != '' AND t.published_utc >= ?"
        " AND (m.updated_utc IS NULL OR m.updated_utc < ?)"
        " ORDER BY t.published_utc DESC LIMIT ?",
        (channel_id, published_since, stale_before, limit),
    )
    return [(int(row[0]), str(row[1])) for row in rows]


def save(db: Any, counted: Sequence[tuple[int, int, int, int, int | None]], now: str) -> int:
    """Store (target id, likes, replies, reposts, reach) rows; returns how many changed."""
    changed = 0
    for target_id, likes, replies, reposts, reach in counted:
        old = db.execute(
            "SELECT likes, replies, reposts, reach FROM post_metrics WHERE target_id = ?",
            (target_id,),
        ).fetchone()
        if old is None or tuple(old) != (likes, replies, reposts, reach):
            changed += 1
        db.execute(
            "INSERT INTO post_metrics (target_id, likes, replies, reposts, reach, updated_utc)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (target_id) DO UPDATE SET"
            " likes = excluded.likes, replies = excluded.replies, reposts = excluded.reposts,"
            " reach = excluded.reach, updated_utc = excluded.updated_utc",
            (target_id, likes, replies, reposts, reach, now),
        )
    return changed


def touch(db: Any, target_ids: Sequence[int], now: str) -> None:
    """Mark targets as asked about, so a post the network no longer has (deleted
    there) is not asked about on every pass; it keeps the numbers it had."""
    db.executemany(
        "INSERT INTO post_metrics (target_id, updated_utc) VALUES (?, ?)"
        " ON CONFLICT (target_id) DO UPDATE SET updated_utc = excluded.updated_utc",
        [(target_id, now) for target_id in target_ids],
    )


def of_targets(db: Any, target_ids: Sequence[int]) -> dict[int, PostMetrics]:
    if not target_ids:
        return {}
    marks = ",".join("?" * len(target_ids))
    found = db.execute(
        "SELECT target_id, likes, replies, reposts, reach, updated_utc FROM post_metrics"
        f" WHERE target_id IN ({marks})",
        list(target_ids),
    )
    return {int(r[0]): PostMetrics(int(r[0]), r[1], r[2], r[3], r[4], r[5]) for r in found}
