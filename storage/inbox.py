"""The inbox (the rows): mentions, replies, comments and messages from every channel.

An item is unique on its channel by the network's id, so a page fetched twice (a
restart, an overlap) stores nothing twice. Listing is newest first, by the
network's time, as ids for a lazy view plus the rows it paints.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol


class InboxFields(Protocol):
    """What an item brings (``console.channels.base.InboxItem`` has exactly this)."""

    @property
    def remote_id(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def author_handle(self) -> str: ...
    @property
    def author_name(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def created_utc(self) -> str: ...
    @property
    def url(self) -> str: ...
    @property
    def conversation_id(self) -> str: ...
    @property
    def in_reply_to(self) -> str: ...
    @property
    def raw(self) -> str: ...


_INSERT = (
    "INSERT INTO inbox_items (channel_id, remote_id, kind, author_handle, author_name, text,"
    " created_utc, url, conversation_id, in_reply_to, raw, received_utc)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (channel_id, remote_id) DO NOTHING"
)


def insert(db: Any, channel_id: int, items: Sequence[InboxFields], received_utc: str) -> int:
    """Store the items not already stored; returns how many were new.

    Sync stores through ``storage.conversations.collect``, which also files the new
    items into their conversations: an item left unfiled shows in no conversation.
    """
    cursor = db.executemany(
        _INSERT,
        [
            (
                channel_id,
                item.remote_id,
                item.kind,
                item.author_handle,
                item.author_name,
                item.text,
                item.created_utc or received_utc,  # a network that gave no time: now
                item.url,
                item.conversation_id,
                item.in_reply_to,
                item.raw,
                received_utc,
            )
            for item in items
        ],
    )
    return max(int(cursor.rowcount), 0)  # the rows inserted (a known one is skipped)


@dataclass(frozen=True)
class InboxFilter:
    channel_id: int = 0
    kind: str = ""
    text: str = ""  # in the text, the author's handle or name (any case)

    def where(self) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if self.channel_id:
            clauses.append("i.channel_id = ?")
            params.append(self.channel_id)
        if self.kind:
            clauses.append("i.kind = ?")
            params.append(self.kind)
        if self.text:
            clauses.append(
                "(instr(lower(i.text), lower(?)) > 0 OR instr(lower(i.author_handle), lower(?)) > 0"
                " OR instr(lower(i.author_name), lower(?)) > 0)"
            )
            params += [self.text] * 3
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


@dataclass(frozen=True)
class InboxRow:
    id: int
    channel_id: int
    channel: str
    network: str
    remote_id: str
    kind: str
    author_handle: str
    author_name: str
    text: str
    created_utc: str
    url: str
    conversation_id: str
    in_reply_to: str
    received_utc: str


def matching(db: Any, flt: InboxFilter | None = None, limit: int | None = None) -> list[int]:
    """Item ids passing ``flt``, newest first (ints only: cheap for 100,000)."""
    where, params = (flt or InboxFilter()).where()
    sql = f"SELECT i.id FROM inbox_items i{where} ORDER BY i.created_utc DESC, i.id DESC"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return [int(row[0]) for row in db.execute(sql, params)]


def rows(db: Any, item_ids: Sequence[int]) -> dict[int, InboxRow]:
    if not item_ids:
        return {}
    marks = ",".join("?" * len(item_ids))
    found = db.execute(
        "SELECT i.id, i.channel_id, c.name, c.network, i.remote_id, i.kind, i.author_handle,"
        " i.author_name, i.text, i.created_utc, i.url, i.conversation_id, i.in_reply_to,"
        " i.received_utc FROM inbox_items i JOIN channels c ON c.id = i.channel_id"
        f" WHERE i.id IN ({marks})",
        list(item_ids),
    )
    return {int(r[0]): InboxRow(int(r[0]), int(r[1]), *r[2:]) for r in found}


def count(db: Any, channel_id: int = 0) -> int:
    if channel_id:
        row = db.execute("SELECT count(*) FROM inbox_items WHERE channel_id = ?", (channel_id,))
    else:
        row = db.execute("SELECT count(*) FROM inbox_items")
    return int(row.fetchone()[0])


def newest_id(db: Any) -> int:
    """The highest inbox item id (0 when empty): a window compares it to see arrivals."""
    row = db.execute("SELECT coalesce(max(id), 0) FROM inbox_items").fetchone()
    return int(row[0])
