"""Basic insights on an external author: what the force's store already holds
about them on one channel (first seen, counts, their earlier items). No network
call is made. Showing it is a consultation, audited with the officer's reason;
the entry names the channel and internal item ids, not the handle, so nothing
about the author outlives retention in the trail.
"""

from __future__ import annotations

from dataclasses import dataclass

from console.permissions import Action, require
from console.session import Session
from storage import conversations as rows
from storage.conversations import AuthorHistory
from storage.errors import StoreError
from storage.i18n import _
from storage.inbox import InboxRow
from storage.inbox import rows as item_rows
from storage.records import AuditCategory
from storage.store import Transaction

EARLIER_LIMIT = 50


@dataclass(frozen=True)
class AuthorInsights:
    history: AuthorHistory
    earlier: list[InboxRow]  # newest first, at most EARLIER_LIMIT


async def author_insights(
    session: Session, channel_id: int, handle: str, *, justification: str,
    limit: int = EARLIER_LIMIT,
) -> AuthorInsights:  # fmt: skip
    require(session.user, Action.READ_INBOX)
    if not justification.strip():
        raise StoreError(
            _("Say why you are looking at this author's history: it is recorded (DPA 2018 s.62).")
        )

    def write(tx: Transaction) -> AuthorInsights:
        history = rows.author_history(tx.db, channel_id, handle, limit)
        if not history.item_count:
            raise StoreError(_("The store holds nothing from this author on this channel."))
        found = item_rows(tx.db, history.item_ids)
        tx.audit(
            actor=session.user.name,
            action="inbox.author_insights",
            category=AuditCategory.CONSULTATION,
            object_type="channel",
            object_id=channel_id,
            after={"items": history.item_ids, "item_count": history.item_count},
            justification=justification.strip(),
        )
        return AuthorInsights(history, [found[i] for i in history.item_ids])

    return await session.store.write(write)
