"""What a published target was, for the exercise debrief: its post's kind, its
channel and area, its text, when its post was written, and whether an incident
cleared it (a release by gold or a holding statement). Also where a holding
statement's targets stand now, and the conversations of inbox items, in bulk."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class PublishedTarget:
    target_id: int
    post_id: int
    kind: str  # storage.records.ContentKind's value
    channel_id: int
    channel: str
    area: str
    text: str
    cleared_incident_id: int | None
    created_utc: str = ""  # when its post was written (stored format)


@dataclass(frozen=True)
class TargetNow:
    """Where one of a post's targets stands now (a holding statement's, per channel)."""

    target_id: int
    post_id: int
    channel: str
    status: str  # storage.records.TargetStatus's value
    approval: str  # storage.records.ApprovalState's value


def _chunks(ids: Sequence[int]) -> list[list[int]]:
    ordered = sorted(set(ids))
    return [ordered[start : start + 500] for start in range(0, len(ordered), 500)]


def targets(db: Any, target_ids: Sequence[int]) -> dict[int, PublishedTarget]:
    found: dict[int, PublishedTarget] = {}
    for chunk in _chunks(target_ids):
        marks = ",".join("?" * len(chunk))
        for row in db.execute(
            "SELECT t.id, t.post_id, p.kind, t.channel_id, c.name, c.area,"
            " COALESCE(t.body_override, p.body), t.cleared_incident_id, p.created_utc"
            " FROM targets t JOIN posts p ON p.id = t.post_id"
            f" JOIN channels c ON c.id = t.channel_id WHERE t.id IN ({marks})",
            chunk,
        ):
            found[int(row[0])] = PublishedTarget(
                int(row[0]), int(row[1]), str(row[2]), int(row[3]), str(row[4]), str(row[5]),
                str(row[6]), None if row[7] is None else int(row[7]), str(row[8]),
            )  # fmt: skip
    return found


def post_targets(db: Any, post_ids: Sequence[int]) -> dict[int, list[TargetNow]]:
    """Each post's targets as they stand now, by channel name."""
    found: dict[int, list[TargetNow]] = {}
    for chunk in _chunks(post_ids):
        marks = ",".join("?" * len(chunk))
        for row in db.execute(
            "SELECT t.id, t.post_id, c.name, t.status, t.approval FROM targets t"
            f" JOIN channels c ON c.id = t.channel_id WHERE t.post_id IN ({marks})"
            " ORDER BY t.id",
            chunk,
        ):
            target = TargetNow(int(row[0]), int(row[1]), str(row[2]), str(row[3]), str(row[4]))
            found.setdefault(target.post_id, []).append(target)
    return found


def item_conversations(db: Any, item_ids: Sequence[int]) -> dict[int, int | None]:
    """The conversation each inbox item is filed in (None: not filed in one)."""
    found: dict[int, int | None] = {}
    for chunk in _chunks(item_ids):
        marks = ",".join("?" * len(chunk))
        for row in db.execute(
            f"SELECT id, conversation_ref FROM inbox_items WHERE id IN ({marks})", chunk
        ):
            found[int(row[0])] = None if row[1] is None else int(row[1])
    return found
