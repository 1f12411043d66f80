"""What a published target was, for the exercise debrief: its post's kind, its
channel and area, its text, and whether an incident cleared it (a release by gold
or a holding statement)."""

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


def targets(db: Any, target_ids: Sequence[int]) -> dict[int, PublishedTarget]:
    found: dict[int, PublishedTarget] = {}
    ids = sorted(set(target_ids))
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for row in db.execute(
            "SELECT t.id, t.post_id, p.kind, t.channel_id, c.name, c.area,"
            " COALESCE(t.body_override, p.body), t.cleared_incident_id"
            " FROM targets t JOIN posts p ON p.id = t.post_id"
            f" JOIN channels c ON c.id = t.channel_id WHERE t.id IN ({marks})",
            chunk,
        ):
            found[int(row[0])] = PublishedTarget(
                int(row[0]), int(row[1]), str(row[2]), int(row[3]), str(row[4]), str(row[5]),
                str(row[6]), None if row[7] is None else int(row[7]),
            )  # fmt: skip
    return found
