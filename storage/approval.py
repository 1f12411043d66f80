"""Approval rules per channel and kind, and the blocked-words list (the rows)."""

from __future__ import annotations

from typing import Any

from storage.records import ContentKind


def rule(db: Any, channel_id: int, kind: ContentKind) -> bool:
    row = db.execute(
        "SELECT required FROM approval_rules WHERE channel_id = ? AND kind = ?",
        (channel_id, kind.value),
    ).fetchone()
    return bool(row and row[0])


def set_rule(db: Any, channel_id: int, kind: ContentKind, required: bool) -> None:
    db.execute(
        "INSERT INTO approval_rules (channel_id, kind, required) VALUES (?, ?, ?)"
        " ON CONFLICT (channel_id, kind) DO UPDATE SET required = excluded.required",
        (channel_id, kind.value, int(required)),
    )


def blocked_phrases(db: Any) -> list[str]:
    return [row[0] for row in db.execute("SELECT phrase FROM blocked_words ORDER BY lower(phrase)")]


def add_blocked(db: Any, phrase: str, actor: str, now: str) -> bool:
    cursor = db.execute(
        "INSERT INTO blocked_words (phrase, added_by, added_utc) VALUES (?, ?, ?)"
        " ON CONFLICT DO NOTHING",
        (phrase, actor, now),
    )
    return bool(cursor.rowcount)


def remove_blocked(db: Any, phrase: str) -> bool:
    cursor = db.execute("DELETE FROM blocked_words WHERE lower(phrase) = lower(?)", (phrase,))
    return bool(cursor.rowcount)


def channel_exists(db: Any, channel_id: int) -> bool:
    return db.execute("SELECT 1 FROM channels WHERE id = ?", (channel_id,)).fetchone() is not None
