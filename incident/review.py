"""Gold command's review of what incident mode holds: release, amend, cancel.

Every decision names its reason, which goes in the audit trail with who made it.
Releasing during an incident needs an approver who did not write the post (four
eyes), and, in **suspend** mode, is refused until the incident is switched to
**review**: suspend means nothing goes out until gold has decided that posts may
be looked at one by one. Cancelling is allowed in either mode.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from console.permissions import Action, require
from console.posts import check_length
from console.session import Session
from console.timezone import local_text
from storage import incidents as rows
from storage import posts, queue
from storage.errors import StoreError
from storage.incidents import Incident
from storage.queue import QueueRow
from storage.records import AuditCategory, IncidentMode
from storage.store import Store, Transaction


@dataclass(frozen=True)
class When:
    """When a released post goes out: its original time, now, or a new time."""

    kind: str  # original | now | at
    at_utc: str | None = None

    @classmethod
    def original(cls) -> When:
        return cls("original")

    @classmethod
    def now(cls) -> When:
        return cls("now")

    @classmethod
    def at(cls, at_utc: str) -> When:
        return cls("at", at_utc)


async def held(store: Store, incident_id: int) -> list[QueueRow]:
    """Every target the incident holds, by original time."""

    def read(db: object) -> list[QueueRow]:
        ids = rows.held_ids(db, incident_id)
        found = queue.rows(db, ids)
        return [found[i] for i in ids if i in found]

    return await store.run(read)


async def release(session: Session, target_ids: Sequence[int], when: When, *, reason: str) -> int:
    """Put held targets back on the queue (approved), at their original time if it
    is still ahead, now, or at a new time. Returns how many were released."""
    require(session.user, Action.RELEASE_HELD)
    _need_reason(reason, "released")

    def write(tx: Transaction) -> int:
        incident = _active(tx)
        if incident.mode is IncidentMode.SUSPEND:
            raise StoreError(
                "Incident mode is suspending everything: switch the incident to review "
                "before releasing posts one by one."
            )
        chosen = _held_of(tx, incident, target_ids)
        _four_eyes(tx, session, chosen)
        now = tx.now()
        found = queue.rows(tx.db, chosen)
        times: dict[int, str] = {}
        for target_id in chosen:
            original = found[target_id].scheduled_utc or ""
            if when.kind == "now":
                times[target_id] = now
            elif when.kind == "at":
                if not when.at_utc or when.at_utc <= now:
                    raise StoreError("That time has passed: choose a time in the future.")
                times[target_id] = when.at_utc
            elif original > now:
                times[target_id] = original
            else:
                raise StoreError(
                    f"“{_short(found[target_id].text)}” on {found[target_id].channel} was due "
                    f"at {local_text(original)}, which has passed: release it now or at a new "
                    "time."
                )
        for target_id in chosen:
            rows.release(tx.db, target_id, incident.id, times[target_id], now)
            tx.audit(
                actor=session.user.name,
                action="incident.release",
                category=AuditCategory.ALTERATION,
                object_type="target",
                object_id=target_id,
                before={"status": "held", "scheduled_utc": found[target_id].scheduled_utc},
                after={
                    "status": "queued",
                    "scheduled_utc": times[target_id],
                    "incident": incident.id,
                },
                justification=reason.strip(),
            )
        return len(chosen)

    return await session.store.write(write)


async def amend(session: Session, target_id: int, text: str, *, reason: str) -> None:
    """Change a held post's text on its channel (it stays held until released)."""
    require(session.user, Action.AMEND_HELD)
    _need_reason(reason, "amended")
    if not text.strip():
        raise StoreError("The amended text is empty: write something, or cancel the post.")

    def write(tx: Transaction) -> None:
        incident = _active(tx)
        chosen = _held_of(tx, incident, [target_id])
        row = queue.rows(tx.db, chosen)[target_id]
        channel_id = tx.db.execute(
            "SELECT channel_id FROM targets WHERE id = ?", (target_id,)
        ).fetchone()[0]
        check_length(tx, text, int(channel_id))
        posts.set_target_text(tx.db, target_id, text, tx.now())
        tx.audit(
            actor=session.user.name,
            action="incident.amend",
            category=AuditCategory.ALTERATION,
            object_type="target",
            object_id=target_id,
            before={"text": row.text},
            after={"text": text, "incident": incident.id},
            justification=reason.strip(),
        )

    await session.store.write(write)


async def cancel(session: Session, target_ids: Sequence[int], *, reason: str) -> int:
    """Cancel held targets: they will not go out. Returns how many."""
    require(session.user, Action.CANCEL)
    _need_reason(reason, "cancelled")

    def write(tx: Transaction) -> int:
        incident = _active(tx)
        chosen = _held_of(tx, incident, target_ids)
        now = tx.now()
        for target_id in chosen:
            rows.cancel_held(tx.db, target_id, now)
            tx.audit(
                actor=session.user.name,
                action="incident.cancel",
                category=AuditCategory.ALTERATION,
                object_type="target",
                object_id=target_id,
                before={"status": "held"},
                after={"status": "cancelled", "incident": incident.id},
                justification=reason.strip(),
            )
        return len(chosen)

    return await session.store.write(write)


def _active(tx: Transaction) -> Incident:
    incident = rows.active(tx.db)
    if incident is None:
        raise StoreError("Incident mode is not engaged: nothing is held by an incident.")
    return incident


def _held_of(tx: Transaction, incident: Incident, target_ids: Sequence[int]) -> list[int]:
    chosen = rows.held_of(tx.db, incident.id, target_ids)
    if not chosen:
        raise StoreError("None of the chosen posts is held any more: the list was out of date.")
    return chosen


def _four_eyes(tx: Transaction, session: Session, target_ids: list[int]) -> None:
    authors = rows.authors_of(tx.db, target_ids)
    own = [t for t in target_ids if authors.get(t) == session.user.id]
    if len(own) == 1 and len(target_ids) == 1:
        raise StoreError("You wrote this post: another approver must release it (four eyes).")
    if own:
        raise StoreError(
            f"You wrote {len(own)} of the {len(target_ids)} chosen posts: another approver "
            "must release what you wrote (four eyes)."
        )


def _need_reason(reason: str, done: str) -> None:
    if not reason.strip():
        raise StoreError(f"Say why these posts are {done}: it goes in the audit trail.")


def _short(text: str, length: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"
