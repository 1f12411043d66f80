"""Manual channels: networks with no open posting API (Nextdoor, WhatsApp Channels, the
force website), which an officer posts to by hand.

Cordon keeps the post like any other (queued at its time, approved, held by an incident
whose scope covers the channel, released by gold), never sends it itself (the
publisher's claim leaves manual channels out: ``storage.queue.BY_HAND``) and never
marks it missed. When it is due it is on the officer's list (``due``), whose text the
window copies for pasting; the officer then says they posted it, and when, with the
link if there is one (``mark_posted``): the target becomes ``published`` in one
transaction with the audit entry ``target.posted_by_hand`` naming who said so. So the
queue, the timeline and the incident report cover every channel a force uses.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from console.permissions import Action, require
from console.session import Session
from storage import queue
from storage.errors import StoreError
from storage.i18n import _
from storage.records import AuditCategory
from storage.store import Store, Transaction
from storage.timeutil import from_iso, to_iso

SOON = timedelta(minutes=15)  # listed this long before it is due, so nobody is caught out


@dataclass(frozen=True)
class ByHand:
    """A post an officer is to make by hand."""

    target_id: int
    channel: str
    network: str
    text: str
    scheduled_utc: str
    due: bool  # its time has come (else it is due within ``SOON``)
    # Two linked posts (console.bilingual): ``text`` is the first, this the second, to be
    # posted after it (as a reply or comment where the site has them).
    second: str = ""


async def due(store: Store) -> list[ByHand]:
    """Posts to make by hand that are due, or due within the next quarter of an hour."""
    now = store.clock()

    def read(db: Any) -> list[ByHand]:
        ids = queue.by_hand(db, to_iso(now + SOON))
        found = queue.rows(db, ids)
        stamp = to_iso(now)
        return [
            ByHand(
                i,
                row.channel,
                row.network,
                row.first_text,
                row.scheduled_utc or "",
                (row.scheduled_utc or "") <= stamp,
                second=row.second_text or "",
            )
            for i in ids
            if (row := found.get(i)) is not None
        ]

    return await store.run(read)


async def mark_posted(
    session: Session, target_id: int, *, posted_utc: str | None = None, link: str = ""
) -> None:
    """The officer says they posted it by hand (at ``posted_utc``, now if not given,
    with its ``link`` where the site gives one): the target is published and the audit
    trail says who said so. Refused for a post that is held, awaiting approval, not on
    a manual channel or already recorded."""
    require(session.user, Action.COMPOSE)
    link = link.strip()
    if link and not link.startswith(("https://", "http://")):
        raise StoreError(_("Give the post's link as a web address starting https://, or none."))

    def write(tx: Transaction) -> None:
        now = tx.now()
        when = posted_utc or now
        if from_iso(when) > from_iso(now) + timedelta(minutes=1):
            raise StoreError(_("A post cannot have been made in the future: check the time."))
        if not queue.mark_posted_by_hand(tx.db, target_id, link, when, now):
            raise StoreError(
                _(
                    "Cordon cannot record that post as made by hand: it is held "
                    "by an incident, awaiting approval, already recorded, or not "
                    "on a manual channel."
                )
            )
        tx.audit(
            actor=session.user.name,
            action="target.posted_by_hand",
            category=AuditCategory.ALTERATION,
            object_type="target",
            object_id=target_id,
            before={"status": "queued"},
            after={
                "status": "published",
                "posted_utc": when,
                "url": link,
                "said_by": session.user.name,
            },
        )

    await session.store.write(write)
