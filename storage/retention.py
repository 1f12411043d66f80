"""Erasing inbox items past the retention period (the rows; the service, with its
audit entry, is ``console.inbox.retention``).

An item older than the cut-off goes with everything the store holds about its
author that came with it (handle, name, text, the network's JSON). Kept whatever
their age: items in a conversation marked ``report``, and items a keep rule names.
The first rule keeps every item listed in a ``report_items`` table (column
``item_id``) when the reports part has created one; other parts add theirs to
``KEEP_RULES``. A conversation whose items are all gone goes with its notes; one
that keeps some has its counts and times recomputed. Audit entries are never
deleted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

KeepRule = Callable[[Any], str | None]  # db -> "SELECT <item ids>" or None


def _has_column(db: Any, table: str, column: str) -> bool:
    exists = db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
    ).fetchone()
    if exists is None:
        return False
    return any(row[1] == column for row in db.execute(f"PRAGMA table_info({table})"))


def report_items_rule(db: Any) -> str | None:
    """Items linked to a report (any report: the reports part may narrow it to
    open reports by adding its own rule instead)."""
    if _has_column(db, "report_items", "source_item_id"):
        return "SELECT source_item_id FROM report_items WHERE source_item_id IS NOT NULL"
    if _has_column(db, "report_items", "item_id"):
        return "SELECT item_id FROM report_items"
    return None


KEEP_RULES: list[KeepRule] = [report_items_rule]


@dataclass(frozen=True)
class Erased:
    cutoff_utc: str
    items: int
    conversations: int
    notes: int
    kept: int  # older than the cut-off but kept (reports)


def _kept_clause(db: Any) -> str:
    clauses = ["conversation_ref IN (SELECT id FROM inbox_conversations WHERE state = 'report')"]
    for rule in KEEP_RULES:
        sql = rule(db)
        if sql:
            clauses.append(f"id IN ({sql})")
    return " OR ".join(clauses)


def erase_before(db: Any, cutoff_utc: str) -> Erased:
    """Delete items created before ``cutoff_utc`` that no rule keeps (in the
    caller's transaction)."""
    kept_clause = _kept_clause(db)
    db.execute("DROP TABLE IF EXISTS temp.erasing")
    db.execute("CREATE TEMP TABLE erasing (id INTEGER PRIMARY KEY, conversation_ref INTEGER)")
    try:
        db.execute(
            "INSERT INTO temp.erasing SELECT id, conversation_ref FROM inbox_items"
            f" WHERE created_utc < ? AND NOT ({kept_clause})",
            (cutoff_utc,),
        )
        items = int(db.execute("SELECT count(*) FROM temp.erasing").fetchone()[0])
        kept = (
            int(
                db.execute(
                    "SELECT count(*) FROM inbox_items WHERE created_utc < ?", (cutoff_utc,)
                ).fetchone()[0]
            )
            - items
        )
        db.execute("DELETE FROM inbox_items WHERE id IN (SELECT id FROM temp.erasing)")
        touched = "SELECT DISTINCT conversation_ref FROM temp.erasing"
        empty = (
            f"SELECT c.id FROM inbox_conversations c WHERE c.id IN ({touched})"
            " AND NOT EXISTS (SELECT 1 FROM inbox_items i WHERE i.conversation_ref = c.id)"
        )
        notes = db.execute(f"DELETE FROM inbox_notes WHERE conversation_ref IN ({empty})").rowcount
        conversations = db.execute(
            f"DELETE FROM inbox_conversations WHERE id IN ({empty})"
        ).rowcount
        db.execute(
            "UPDATE inbox_conversations SET"
            " item_count = (SELECT count(*) FROM inbox_items i"
            "   WHERE i.conversation_ref = inbox_conversations.id),"
            " first_utc = (SELECT min(created_utc) FROM inbox_items i"
            "   WHERE i.conversation_ref = inbox_conversations.id),"
            " latest_utc = (SELECT max(created_utc) FROM inbox_items i"
            "   WHERE i.conversation_ref = inbox_conversations.id),"
            " latest_item_id = (SELECT id FROM inbox_items i"
            "   WHERE i.conversation_ref = inbox_conversations.id"
            "   ORDER BY created_utc DESC, id DESC LIMIT 1)"
            f" WHERE id IN ({touched})"
        )
    finally:
        db.execute("DROP TABLE temp.erasing")
    return Erased(cutoff_utc, items, int(conversations), int(notes), kept)
