"""Retention: inbox items (and their authors' data) older than the set period are
erased, the erasure itself audited.

``erase_expired(session, now)`` is an administrator's act; ``erase_expired(store,
now)`` is the console's own (actor ``retention``). One ERASURE entry per run names
the cut-off and the counts, never the data.

``RetentionWorker`` is the console's schedule: the background engine runs it when
the store opens and every hour after, behind a locked screen too. Its runs are
``quiet``: a run that finds nothing past the period changes nothing and writes no
entry (otherwise the trail would gain 24 empty erasures a day); a run that erases
anything is audited like any other. A failed run is logged and the next one comes
an hour later: retention never stops the engine.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta

from console.permissions import Action, require
from console.session import Session
from console.settings import INBOX_RETENTION_DAYS
from console.settings import read as read_setting
from storage import retention
from storage.records import AuditCategory
from storage.retention import Erased
from storage.store import Store, Transaction
from storage.stored_words import english_n
from storage.timeutil import to_iso

SYSTEM_ACTOR = "retention"
EVERY = timedelta(hours=1)
log = logging.getLogger(__name__)


async def erase_expired(
    who: Session | Store, now: datetime | None = None, *, quiet: bool = False
) -> Erased:
    """Erase what is older than the retention setting allows; returns the counts.
    ``quiet``: when nothing is erased, write no audit entry (the scheduled runs)."""
    if isinstance(who, Session):
        require(who.user, Action.ERASE_EXPIRED)
        store, actor = who.store, who.user.name
    else:
        store, actor = who, SYSTEM_ACTOR
    moment = now or store.clock()

    def write(tx: Transaction) -> Erased:
        days = read_setting(tx.db, INBOX_RETENTION_DAYS)
        erased = retention.erase_before(
            tx.db, to_iso(moment - timedelta(days=days)), to_iso(moment)
        )
        if quiet and not (erased.items or erased.conversations or erased.notes):
            return erased
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
                **(
                    {"replies_cancelled": erased.replies_cancelled}
                    if erased.replies_cancelled
                    else {}
                ),
            },
            justification=english_n(
                "Retention: inbox items are kept for {n} day.",
                "Retention: inbox items are kept for {n} days.",
                days,
            ),
        )
        return erased

    return await store.write(write)


class RetentionWorker:
    """Runs ``erase_expired`` for the console at start and every ``every``."""

    def __init__(self, store: Store, every: timedelta = EVERY) -> None:
        self.store = store
        self.every = every
        self.runs = 0  # finished runs, failed ones included
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._task = asyncio.create_task(self._loop())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None

    async def run_once(self) -> Erased | None:
        """One run; a failure is logged (never its data) and answered with None."""
        try:
            erased = await erase_expired(self.store, quiet=True)
        except asyncio.CancelledError:
            raise
        except Exception:  # the store closing, a bug: the next run tries again
            log.exception("the scheduled retention run failed")
            return None
        finally:
            self.runs += 1
        if erased.items:
            log.info(
                "retention erased %d inbox items and %d conversations (%d kept for reports)",
                erased.items, erased.conversations, erased.kept,
            )  # fmt: skip
        return erased

    async def _loop(self) -> None:
        while True:
            await self.run_once()
            await asyncio.sleep(self.every.total_seconds())
