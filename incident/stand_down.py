"""Standing down: the incident ends only when nothing it holds is left undecided.

The holding statements pinned during the incident would otherwise stay on top of
their profiles and Pages for ever: the officer standing down says whether to unpin
them (``unpin``); the engine's pull-back worker does it, each one audited.
"""

from __future__ import annotations

from console.holds import hold_targets
from console.permissions import Action, require
from console.session import Session
from console.timezone import local_text
from incident.statements import ask_unpin
from storage import incidents as rows
from storage import pullbacks
from storage.errors import StoreError
from storage.i18n import _, ngettext
from storage.incidents import Incident
from storage.records import AuditCategory
from storage.store import Store, Transaction


class StillHeld(StoreError):
    """Posts are still held: each must be released, rescheduled or cancelled first."""

    def __init__(self, count: int) -> None:
        self.count = count
        super().__init__(
            ngettext(
                "{count} post is still held: release, reschedule or cancel each one before "
                "standing down.",
                "{count} posts are still held: release, reschedule or cancel each one before "
                "standing down.",
                count,
            ).format(count=count)
        )


async def stand_down(
    session: Session, incident_id: int, *, reason: str, unpin: bool = False
) -> Incident:
    """End the incident: its holds end and its timeline closes. With ``unpin``, the
    statements pinned during it are asked to be unpinned in the same transaction
    (their ``target.unpin_requested`` entries are on the incident's timeline)."""
    require(session.user, Action.STAND_DOWN)
    if not reason.strip():
        raise StoreError(_("Say why the incident stands down: it goes in the audit trail."))

    # An engage cut short before its targets moved to held: finish it first, so what
    # the hold covered is decided like everything else, never released by this.
    await hold_targets(session.store, incident_id, actor=session.user.name)

    def write(tx: Transaction) -> Incident:
        incident = rows.get(tx.db, incident_id)
        if incident is None:
            raise StoreError(_("That incident is not in this store."))
        if not incident.active:
            when = local_text(incident.stood_down_utc) if incident.stood_down_utc else ""
            raise StoreError(
                _("{incident.title} already stood down at {when}.").format(
                    incident=incident, when=when
                )
            )
        if not incident.name:
            raise StoreError(
                _(
                    "Name the incident first (Name and scope…): its report and "
                    "the audit trail need to say which incident stood down."
                )
            )
        now = tx.now()
        left = rows.held_count(tx.db)
        if left:
            raise StillHeld(left)
        waiting = rows.waiting_statements(tx.db, incident_id)
        if waiting:
            raise StoreError(
                ngettext(
                    "{n} holding statement has not gone out yet (awaiting approval or "
                    "sending): approve or cancel it before standing down.",
                    "{n} holding statements have not gone out yet (awaiting approval or "
                    "sending): approve or cancel each before standing down.",
                    waiting,
                ).format(n=waiting)
            )
        pinned = pullbacks.still_pinned(tx.db, incident_id)
        unpinning = ask_unpin(tx, session.user.name, pinned, incident_id) if unpin else []
        rows.end_holds(tx.db, incident_id, now)
        counts = rows.counts(tx.db, incident_id)
        # Written before its entry, so the entry records what the incident became.
        rows.update(
            tx.db,
            incident_id,
            stood_down_by=session.user.id,
            stood_down_utc=now,
            stand_down_seq=tx.next_seq,
        )
        tx.audit(
            actor=session.user.name,
            action="incident.stand_down",
            category=AuditCategory.ALTERATION,
            object_type="incident",
            object_id=incident_id,
            after={
                "released": counts.released,
                "cancelled": counts.cancelled,
                "statements_sent": counts.statements_sent,
                "statements_failed": counts.statements_failed,
                "statements_unpinned": len(unpinning),
                "statements_left_pinned": len(pinned) - len(unpinning),
            },
            justification=reason.strip(),
        )
        found = rows.get(tx.db, incident_id)
        assert found is not None
        return found

    return await session.store.write(write)


async def still_pinned(store: Store, incident_id: int) -> int:
    """How many of the incident's holding statements are pinned (what stand-down
    offers to unpin)."""
    return len(await store.run(lambda db: pullbacks.still_pinned(db, incident_id)))
