"""Erasing inbox items past the retention period (the rows; the service, with its
audit entry, is ``console.inbox.retention``).

An item older than the cut-off goes with everything the store holds about its
author that came with it (handle, name, text, the network's JSON). Kept whatever
their age: items in a conversation marked ``report``, and items a keep rule names.
The first rule keeps every item listed in a ``report_items`` table (column
``item_id``) when the reports part has created one; the next keep items under a
threat-to-life alert nobody has acknowledged yet, and items answered by a reply
still on its way (a draft, queued, sending or held); other parts add theirs to
``KEEP_RULES``. A conversation whose items are all gone goes with its notes; one
that keeps some has its counts and times recomputed. Audit entries are never
deleted.

What else points at an erased item goes with it, in the same transaction (the
audit trail keeps the facts): its listening flags, its acknowledged threat alert,
and the links of replies to it; a failed or missed reply to it is cancelled
first, so it can never be sent again without the item it answered (nor go as a
plain post).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from storage import pg
from storage.sql import has_column
from storage.stored_words import english

KeepRule = Callable[[Any], str | None]  # db -> "SELECT <item ids>" or None


def _has_column(db: Any, table: str, column: str) -> bool:
    return has_column(db, table, column)


def report_items_rule(db: Any) -> str | None:
    """Items linked to a report (any report: the reports part may narrow it to
    open reports by adding its own rule instead)."""
    if _has_column(db, "report_items", "source_item_id"):
        return "SELECT source_item_id FROM report_items WHERE source_item_id IS NOT NULL"
    if _has_column(db, "report_items", "item_id"):
        return "SELECT item_id FROM report_items"
    return None


def open_alerts_rule(db: Any) -> str | None:
    """Items under a threat-to-life alert that no officer has acknowledged yet."""
    if _has_column(db, "threat_alerts", "seen_utc"):
        return "SELECT item_id FROM threat_alerts WHERE seen_utc IS NULL"
    return None


# A reply in one of these states may still go: the item it answers stays.
LIVE_REPLY_STATES = ("draft", "queued", "publishing", "held")
# A reply in one of these can be put back on the queue: cancelled with its item.
RETRYABLE_REPLY_STATES = ("failed", "missed")


def live_replies_rule(db: Any) -> str | None:
    """Items answered by a reply that has not gone yet (nor failed)."""
    if _has_column(db, "reply_links", "item_id"):
        states = ", ".join(f"'{s}'" for s in LIVE_REPLY_STATES)
        return (
            "SELECT l.item_id FROM reply_links l JOIN targets t ON t.id = l.target_id"
            f" WHERE t.status IN ({states})"
        )
    return None


KEEP_RULES: list[KeepRule] = [report_items_rule, open_alerts_rule, live_replies_rule]


@dataclass(frozen=True)
class Erased:
    cutoff_utc: str
    items: int
    conversations: int
    notes: int
    kept: int  # older than the cut-off but kept (reports, open alerts, replies going)
    replies_cancelled: int = 0  # failed or missed replies to erased items


def _detach(db: Any, now_utc: str) -> int:
    """Delete what points at the items in the session's ``erasing`` table; returns how
    many failed or missed replies to them were cancelled."""
    erasing = f"SELECT id FROM {_erasing(db)}"
    cancelled = 0
    if _has_column(db, "reply_links", "item_id"):
        states = ", ".join(f"'{s}'" for s in RETRYABLE_REPLY_STATES)
        cancelled = db.execute(
            "UPDATE targets SET status = 'cancelled', updated_utc = ?, last_error = ?"
            f" WHERE status IN ({states}) AND id IN"
            f" (SELECT target_id FROM reply_links WHERE item_id IN ({erasing}))",
            (now_utc, english("The item it answered was erased under the retention rules.")),
        ).rowcount
        db.execute(f"DELETE FROM reply_links WHERE item_id IN ({erasing})")
    if _has_column(db, "item_flags", "item_id"):
        db.execute(f"DELETE FROM item_flags WHERE item_id IN ({erasing})")
    if _has_column(db, "threat_alerts", "item_id"):  # acknowledged ones: open ones keep
        db.execute(f"DELETE FROM threat_alerts WHERE item_id IN ({erasing})")
    return int(cancelled)


def _erasing(db: Any) -> str:
    """The session's temporary table of the items being erased."""
    return "pg_temp.erasing" if pg.is_postgres(db) else "temp.erasing"


def _kept_clause(db: Any) -> str:
    clauses = ["conversation_ref IN (SELECT id FROM inbox_conversations WHERE state = 'report')"]
    for rule in KEEP_RULES:
        sql = rule(db)
        if sql:
            clauses.append(f"id IN ({sql})")
    return " OR ".join(clauses)


def erase_before(db: Any, cutoff_utc: str, now_utc: str | None = None) -> Erased:
    """Delete items created before ``cutoff_utc`` that no rule keeps, and what
    points at them (in the caller's transaction); ``now_utc`` stamps the replies
    cancelled with them (the cut-off when not given)."""
    kept_clause = _kept_clause(db)
    erasing = _erasing(db)
    db.execute(f"DROP TABLE IF EXISTS {erasing}")
    db.execute("CREATE TEMP TABLE erasing (id BIGINT PRIMARY KEY, conversation_ref BIGINT)")
    try:
        db.execute(
            f"INSERT INTO {erasing} SELECT id, conversation_ref FROM inbox_items"
            f" WHERE created_utc < ? AND NOT ({kept_clause})",
            (cutoff_utc,),
        )
        items = int(db.execute(f"SELECT count(*) FROM {erasing}").fetchone()[0])
        kept = (
            int(
                db.execute(
                    "SELECT count(*) FROM inbox_items WHERE created_utc < ?", (cutoff_utc,)
                ).fetchone()[0]
            )
            - items
        )
        cancelled = _detach(db, now_utc or cutoff_utc)
        db.execute(f"DELETE FROM inbox_items WHERE id IN (SELECT id FROM {erasing})")
        touched = f"SELECT DISTINCT conversation_ref FROM {erasing}"
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
    except BaseException:
        if not pg.is_postgres(db):  # PostgreSQL drops it with the failed transaction
            db.execute(f"DROP TABLE {erasing}")
        raise
    db.execute(f"DROP TABLE {erasing}")
    return Erased(cutoff_utc, items, int(conversations), int(notes), kept, cancelled)
