"""Response clocks for the inbox list: each conversation that became a report, with
its newest report's reference and clock.

The list keeps the ``ReportRow`` and works the clock out at paint time with
``clock_of`` (a pure function), so the column moves without asking the store;
``clocks_for_conversations`` gives the clocks at one moment, for tests and the
command line.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from console.permissions import Action, require
from console.reports.grading import ResponseClock
from console.reports.service import clock_of
from console.session import Session
from storage import conversations
from storage import reports as rows
from storage.reports import ReportRow


def _reports_of(db: Any, conversation_ids: Sequence[int]) -> dict[int, ReportRow]:
    items = conversations.item_ids_of(db, conversation_ids)
    by_item = rows.for_inbox_items(db, [i for ids in items.values() for i in ids])
    found: dict[int, ReportRow] = {}
    for conversation_id, item_ids in items.items():
        made = [by_item[i] for i in item_ids if i in by_item]
        if made:  # the newest report made from any of its items
            found[conversation_id] = max(made, key=lambda r: (r.created_utc, r.id))
    return found


async def reports_for_conversations(
    session: Session, conversation_ids: Sequence[int]
) -> dict[int, ReportRow]:
    """Conversation id -> the newest report made from its items (if any)."""
    require(session.user, Action.READ_INBOX)
    wanted = list(conversation_ids)
    return await session.store.run(lambda db: _reports_of(db, wanted))


async def clocks_for_conversations(
    session: Session, conversation_ids: Sequence[int], now: datetime
) -> dict[int, tuple[str, ResponseClock]]:
    """Conversation id -> (the report's reference, its response clock at ``now``)."""
    found = await reports_for_conversations(session, conversation_ids)
    return {cid: (row.reference, clock_of(row, now)) for cid, row in found.items()}
