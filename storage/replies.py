"""Replies (the rows): which inbox item a reply's target answers, and how.

A reply is an ordinary post of kind ``reply`` with one target; ``reply_links``
ties that target to the inbox item it answers and says whether the answer is
public or a direct message. The publisher reads the link when it sends the
target (``linked_item``), and the inbox shows each item's replies (``of_item``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from storage.records import TargetStatus


@dataclass(frozen=True)
class LinkedItem:
    """The inbox item a target answers, as stored (the fields of an ``InboxItem``)."""

    item_id: int
    public: bool
    remote_id: str
    kind: str
    author_handle: str
    author_name: str
    text: str
    created_utc: str
    url: str
    conversation_id: str
    in_reply_to: str
    raw: str


def link(db: Any, target_id: int, item_id: int, *, public: bool) -> None:
    db.execute(
        "INSERT INTO reply_links (target_id, item_id, public) VALUES (?, ?, ?)",
        (target_id, item_id, int(public)),
    )


def linked_item(db: Any, target_id: int) -> LinkedItem | None:
    """The item the target answers; None for a target that is not a reply."""
    row = db.execute(
        "SELECT i.id, l.public, i.remote_id, i.kind, i.author_handle, i.author_name, i.text,"
        " i.created_utc, i.url, i.conversation_id, i.in_reply_to, i.raw"
        " FROM reply_links l JOIN inbox_items i ON i.id = l.item_id WHERE l.target_id = ?",
        (target_id,),
    ).fetchone()
    if row is None:
        return None
    return LinkedItem(int(row[0]), bool(row[1]), *row[2:])


@dataclass(frozen=True)
class ReplyRow:
    """One reply to an item, as the inbox shows it."""

    target_id: int
    post_id: int
    public: bool
    status: TargetStatus
    approval: str
    text: str
    author: str
    created_utc: str
    last_error: str
    remote_url: str


def of_item(db: Any, item_id: int) -> list[ReplyRow]:
    """Every reply to the item, oldest first."""
    found = db.execute(
        "SELECT t.id, t.post_id, l.public, t.status, t.approval, coalesce(t.body_override, p.body),"
        " u.name, p.created_utc, coalesce(t.last_error, ''), coalesce(t.remote_url, '')"
        " FROM reply_links l JOIN targets t ON t.id = l.target_id"
        " JOIN posts p ON p.id = t.post_id JOIN users u ON u.id = p.author_id"
        " WHERE l.item_id = ? ORDER BY t.id",
        (item_id,),
    )
    return [
        ReplyRow(
            target_id=int(r[0]),
            post_id=int(r[1]),
            public=bool(r[2]),
            status=TargetStatus(r[3]),
            approval=str(r[4]),
            text=str(r[5]),
            author=str(r[6]),
            created_utc=str(r[7]),
            last_error=str(r[8]),
            remote_url=str(r[9]),
        )
        for r in found
    ]
