"""Retention: inbox items (and their authors' data) older than the set period are
erased, the erasure itself audited.

``erase_expired(session, now)`` is an administrator's act; ``erase_expired(store,
now)`` is the console's own (actor ``retention``), for a daily run at start-up.
One ERASURE entry per run names the cut-off and the counts, never the data.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from console.permissions import Action, require
from console.session import Session
from console.settings import INBOX_RETENTION_DAYS
from console.settings import read as read_setting
from storage import retention
from storage.records import AuditCategory
from storage.retention import Erased
from storage.store import Store, Transaction
from storage.timeutil import to_iso

SYSTEM_ACTOR = "retention"


async def erase_expired(who: Session | Store, now: datetime | None = None) -> Erased:
    """Erase what is older than the retention setting allows; returns the counts."""
    if isinstance(who, Session):
        require(who.user, Action.ERASE_EXPIRED)
        store, actor = who.store, who.user.name
    else:
        store, actor = who, SYSTEM_ACTOR
    moment = now or store.clock()

    def write(tx: Transaction) -> Erased:
        days = read_setting(tx.db, INBOX_RETENTION_DAYS)
        erased = retention.erase_before(tx.db, to_iso(moment - timedelta(days=days)))
        tx.audit(
            actor=actor,
            action="inbox.erase_expired",
            category=AuditCategory.ERASURE,
            object_type="inbox",
            object_id="retention",
            after={
                "cutoff_utc": erased.cutoff_utc,
                "retention_days": days,
                "items": erased.items,
                "conversations": erased.conversations,
                "notes": erased.notes,
                "kept_for_reports": erased.kept,
            },
            justification=f"Retention: inbox items are kept for {days} days.",
        )
        return erased

    return await store.write(write)
