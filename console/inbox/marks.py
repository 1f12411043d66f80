"""What the inbox list marks on a conversation: an open threat-to-life alert on
any of its items, and items listening rules flagged. Read for a page of
conversations at a time (one trip to the store); not a consultation (no words of
the public, only that there is something to look at)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from console.permissions import Action, require
from console.session import Session
from storage import conversations
from storage import listening as rows


@dataclass(frozen=True)
class Marks:
    open_alerts: int = 0  # alerts not yet acknowledged
    alerts: int = 0  # every alert raised on its items
    flagged_items: int = 0  # items a listening rule flagged
    rules: tuple[int, ...] = ()  # the rules that flagged them


def _marks(db: Any, conversation_ids: Sequence[int]) -> dict[int, Marks]:
    items = conversations.item_ids_of(db, conversation_ids)
    every = [i for ids in items.values() for i in ids]
    alerts = rows.alerts_of_items(db, every)
    flags = rows.flags_of(db, every)
    found: dict[int, Marks] = {}
    for conversation_id, item_ids in items.items():
        raised = [alerts[i] for i in item_ids if i in alerts]
        flagged = [i for i in item_ids if i in flags]
        if raised or flagged:
            found[conversation_id] = Marks(
                open_alerts=sum(1 for a in raised if a.seen_utc is None),
                alerts=len(raised),
                flagged_items=len(flagged),
                rules=tuple(sorted({r for i in flagged for r in flags[i]})),
            )
    return found


async def marks_of(session: Session, conversation_ids: Sequence[int]) -> dict[int, Marks]:
    """Conversation id -> its marks (conversations with none are left out)."""
    require(session.user, Action.READ_INBOX)
    wanted = list(conversation_ids)
    return await session.store.run(lambda db: _marks(db, wanted))
