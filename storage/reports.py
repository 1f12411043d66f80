"""Reports from the public (the rows): references, versions and preserved items.

A report is made from one or more inbox items. Its reference number is taken from a
per-day sequence in the same transaction as the report, its content is a chain of
frozen versions, and the items it was made from are copied into ``report_items``
so that nothing the inbox does later (retention, edits) changes the report. The
services (``console.reports``) decide what may change; this module only reads and
writes rows.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

_REPORT_COLUMNS = (
    "r.id, r.reference, r.created_utc, r.created_by, r.clock_start_utc, r.clock_stopped_utc,"
    " r.allowed_minutes, r.version, r.state, r.category, r.grade, r.updated_utc, r.updated_by,"
    " (SELECT count(*) FROM report_items ri WHERE ri.report_id = r.id)"
)


@dataclass(frozen=True)
class ReportRow:
    """What a list of reports needs: no personal data (no location, summary,
    assessment or item), so listing is not a consultation."""

    id: int
    reference: str
    created_utc: str
    created_by: str
    clock_start_utc: str
    clock_stopped_utc: str | None
    allowed_minutes: int
    version: int
    state: str
    category: str
    grade: str
    updated_utc: str
    updated_by: str
    item_count: int


@dataclass(frozen=True)
class VersionRow:
    version: int
    at_utc: str
    by_user: str
    reason: str
    changes: dict[str, list[Any]]  # field -> [before, after]; every field for version 1
    content: dict[str, Any]
    content_sha256: str


@dataclass(frozen=True)
class PreservedItem:
    """An inbox item as it was when the report was made."""

    position: int
    source_item_id: int
    channel_id: int
    channel_name: str
    network: str
    remote_id: str
    kind: str
    author_handle: str
    author_name: str
    text: str
    created_utc: str
    received_utc: str
    url: str
    conversation_id: str
    in_reply_to: str
    links: tuple[str, ...]
    media: tuple[str, ...]
    raw: str
    copied_utc: str


@dataclass(frozen=True)
class InboxSource:
    """An inbox row read for copying (with its channel's name and network)."""

    id: int
    channel_id: int
    channel_name: str
    network: str
    remote_id: str
    kind: str
    author_handle: str
    author_name: str
    text: str
    created_utc: str
    received_utc: str
    url: str
    conversation_id: str
    in_reply_to: str
    raw: str


def _report(row: Sequence[Any]) -> ReportRow:
    return ReportRow(
        int(row[0]), str(row[1]), str(row[2]), str(row[3]), str(row[4]),
        None if row[5] is None else str(row[5]), int(row[6]), int(row[7]), str(row[8]),
        str(row[9]), str(row[10]), str(row[11]), str(row[12]), int(row[13]),
    )  # fmt: skip


# -- references -------------------------------------------------------------------------


def take_sequence(db: Any, day: str) -> int:
    """The next number for ``day`` (1 for the first). Call it inside the write that
    stores the report: the number is issued only if that transaction commits."""
    row = db.execute(
        "INSERT INTO report_sequences (day, last) VALUES (?, 1)"
        " ON CONFLICT (day) DO UPDATE SET last = report_sequences.last + 1 RETURNING last",
        (day,),
    ).fetchone()
    return int(row[0])


def reference_taken(db: Any, reference: str) -> bool:
    found = db.execute("SELECT 1 FROM reports WHERE reference = ?", (reference,)).fetchone()
    return found is not None


# -- writing ----------------------------------------------------------------------------


def insert(
    db: Any,
    *,
    reference: str,
    day: str,
    seq: int,
    at_utc: str,
    by_user: str,
    allowed_minutes: int,
    state: str,
    category: str,
    grade: str,
) -> int:
    """A new report row at version 0: ``add_version`` then writes version 1."""
    cursor = db.execute(
        "INSERT INTO reports (reference, day, seq, created_utc, created_by, clock_start_utc,"
        " allowed_minutes, version, state, category, grade, updated_utc, updated_by)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?) RETURNING id",
        (reference, day, seq, at_utc, by_user, at_utc, allowed_minutes, state, category, grade,
         at_utc, by_user),
    )  # fmt: skip
    return int(cursor.fetchone()[0])


def add_version(
    db: Any,
    report_id: int,
    *,
    at_utc: str,
    by_user: str,
    reason: str,
    changes: dict[str, list[Any]],
    content: dict[str, Any],
    content_sha256: str,
    clock_stopped_utc: str | None,
    clock_start_utc: str | None = None,
) -> int:
    """Write the next version and make it the current one; returns its number.

    ``content`` must carry ``state``, ``category``, ``grade`` and ``allowed_minutes``:
    the report row repeats them for lists and clocks. ``clock_start_utc``, when
    given, moves the clock's start (a reopened report's clock resuming).
    """
    current = db.execute("SELECT version FROM reports WHERE id = ?", (report_id,)).fetchone()
    number = int(current[0]) + 1
    db.execute(
        "INSERT INTO report_versions (report_id, version, at_utc, by_user, reason, changes,"
        " content, content_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (report_id, number, at_utc, by_user, reason, canonical(changes), canonical(content),
         content_sha256),
    )  # fmt: skip
    db.execute(
        "UPDATE reports SET version = ?, state = ?, category = ?, grade = ?, allowed_minutes = ?,"
        " clock_stopped_utc = ?, updated_utc = ?, updated_by = ? WHERE id = ?",
        (number, content["state"], content["category"], content["grade"],
         int(content["allowed_minutes"]), clock_stopped_utc, at_utc, by_user, report_id),
    )  # fmt: skip
    if clock_start_utc is not None:
        db.execute(
            "UPDATE reports SET clock_start_utc = ? WHERE id = ?", (clock_start_utc, report_id)
        )
    return number


def canonical(value: Any) -> str:
    """The JSON every version is stored (and hashed) as."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def insert_items(db: Any, report_id: int, items: Iterable[PreservedItem]) -> None:
    db.executemany(
        "INSERT INTO report_items (report_id, position, source_item_id, channel_id,"
        " channel_name, network, remote_id, kind, author_handle, author_name, text,"
        " created_utc, received_utc, url, conversation_id, in_reply_to, links, media, raw,"
        " copied_utc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (report_id, i.position, i.source_item_id, i.channel_id, i.channel_name, i.network,
             i.remote_id, i.kind, i.author_handle, i.author_name, i.text, i.created_utc,
             i.received_utc, i.url, i.conversation_id, i.in_reply_to, json.dumps(list(i.links)),
             json.dumps(list(i.media)), i.raw, i.copied_utc)
            for i in items
        ],
    )  # fmt: skip


# -- reading ----------------------------------------------------------------------------


def by_reference(db: Any, reference: str) -> ReportRow | None:
    row = db.execute(
        f"SELECT {_REPORT_COLUMNS} FROM reports r WHERE r.reference = ?", (reference,)
    ).fetchone()
    return None if row is None else _report(row)


def listing(db: Any, state: str = "", limit: int | None = None) -> list[ReportRow]:
    """Reports newest first, optionally in one state."""
    sql = f"SELECT {_REPORT_COLUMNS} FROM reports r"
    params: list[Any] = []
    if state:
        sql += " WHERE r.state = ?"
        params.append(state)
    sql += " ORDER BY r.created_utc DESC, r.id DESC"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return [_report(row) for row in db.execute(sql, params)]


def versions(db: Any, report_id: int) -> list[VersionRow]:
    found = db.execute(
        "SELECT version, at_utc, by_user, reason, changes, content, content_sha256"
        " FROM report_versions WHERE report_id = ? ORDER BY version",
        (report_id,),
    )
    return [
        VersionRow(int(r[0]), str(r[1]), str(r[2]), str(r[3]), json.loads(r[4]),
                   json.loads(r[5]), str(r[6]))
        for r in found
    ]  # fmt: skip


def items(db: Any, report_id: int) -> list[PreservedItem]:
    found = db.execute(
        "SELECT position, source_item_id, channel_id, channel_name, network, remote_id, kind,"
        " author_handle, author_name, text, created_utc, received_utc, url, conversation_id,"
        " in_reply_to, links, media, raw, copied_utc FROM report_items WHERE report_id = ?"
        " ORDER BY position",
        (report_id,),
    )
    return [
        PreservedItem(
            int(r[0]), int(r[1]), int(r[2]), str(r[3]), str(r[4]), str(r[5]), str(r[6]),
            str(r[7]), str(r[8]), str(r[9]), str(r[10]), str(r[11]), str(r[12]), str(r[13]),
            str(r[14]), tuple(json.loads(r[15])), tuple(json.loads(r[16])), str(r[17]),
            str(r[18]),
        )
        for r in found
    ]  # fmt: skip


def for_inbox_items(db: Any, item_ids: Sequence[int]) -> dict[int, ReportRow]:
    """For each inbox item that a report was made from, the newest such report
    (for the inbox's reference and clock columns)."""
    if not item_ids:
        return {}
    marks = ",".join("?" * len(item_ids))
    found = db.execute(
        f"SELECT ri.source_item_id, {_REPORT_COLUMNS} FROM report_items ri"
        f" JOIN reports r ON r.id = ri.report_id WHERE ri.source_item_id IN ({marks})"
        " ORDER BY r.created_utc, r.id",
        list(item_ids),
    )
    return {int(row[0]): _report(row[1:]) for row in found}


def open_for_items(db: Any, item_ids: Sequence[int]) -> list[str]:
    """The references of the open reports made from any of these items, oldest first."""
    if not item_ids:
        return []
    marks = ",".join("?" * len(item_ids))
    return [
        str(row[0])
        for row in db.execute(
            "SELECT DISTINCT r.reference, r.created_utc, r.id FROM report_items ri"
            f" JOIN reports r ON r.id = ri.report_id WHERE ri.source_item_id IN ({marks})"
            " AND r.state = 'open' ORDER BY r.created_utc, r.id",
            list(item_ids),
        )
    ]


# -- the inbox side ---------------------------------------------------------------------


def inbox_sources(db: Any, item_ids: Sequence[int]) -> list[InboxSource]:
    """The inbox rows to copy, oldest first (the order the public wrote them)."""
    if not item_ids:
        return []
    marks = ",".join("?" * len(item_ids))
    found = db.execute(
        "SELECT i.id, i.channel_id, c.name, c.network, i.remote_id, i.kind, i.author_handle,"
        " i.author_name, i.text, i.created_utc, i.received_utc, i.url, i.conversation_id,"
        " i.in_reply_to, i.raw FROM inbox_items i JOIN channels c ON c.id = i.channel_id"
        f" WHERE i.id IN ({marks}) ORDER BY i.created_utc, i.id",
        list(item_ids),
    )
    return [InboxSource(int(r[0]), int(r[1]), *(str(v) for v in r[2:])) for r in found]


def conversation_of(db: Any, item_id: int) -> list[int]:
    """Every item in ``item_id``'s conversation on its channel (just the item when it
    names no conversation), oldest first."""
    row = db.execute(
        "SELECT channel_id, conversation_id FROM inbox_items WHERE id = ?", (item_id,)
    ).fetchone()
    if row is None:
        return []
    if not row[1]:
        return [item_id]
    found = db.execute(
        "SELECT id FROM inbox_items WHERE channel_id = ? AND conversation_id = ?"
        " ORDER BY created_utc, id",
        (row[0], row[1]),
    )
    return [int(r[0]) for r in found]


def mark_inbox_items(db: Any, item_ids: Sequence[int], state: str) -> dict[int, str]:
    """Set the state of the items' conversations (the inbox keeps a state per
    conversation); returns the earlier state of each conversation that changed."""
    if not item_ids:
        return {}
    marks = ",".join("?" * len(item_ids))
    before = {
        int(r[0]): str(r[1])
        for r in db.execute(
            "SELECT c.id, c.state FROM inbox_conversations c WHERE c.id IN (SELECT"
            f" conversation_ref FROM inbox_items WHERE id IN ({marks}))"
            " AND c.state IS DISTINCT FROM ?",
            [*item_ids, state],
        )
    }
    if before:
        marks = ",".join("?" * len(before))
        db.execute(
            f"UPDATE inbox_conversations SET state = ? WHERE id IN ({marks})", [state, *before]
        )
    return before
