"""Engaging incident mode: hold first, ask afterwards.

``hold_now`` is the one click. It commits the incident and its hold in one small
transaction (the same cost whatever the queue holds); from that commit the
publisher's claim refuses every target in scope. ``console.holds.hold_targets`` then moves the
targets' own states to ``held`` in one UPDATE so every list shows them, and the
officer names the incident and sets its scope and mode with ``describe``.

A target the publisher had claimed before the hold committed is already on its
way: its id is kept with the incident and reported by name with its outcome
(``in_flight``), so an officer can delete it from the network if need be.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from console import concurrency
from console.holds import hold_targets
from console.permissions import Action, require
from console.session import Session
from console.timezone import local_text
from storage import changes, queue
from storage import incidents as rows
from storage import pullbacks as pullback_rows
from storage.errors import ChangedMeanwhile, StoreError
from storage.i18n import _
from storage.incidents import Counts, Incident, Scope
from storage.pullbacks import Listing, PullBack
from storage.queue import QueueRow
from storage.records import AuditCategory, IncidentMode
from storage.store import Store, Transaction


class AlreadyEngaged(StoreError):
    """Incident mode is already engaged: the sentence names the incident."""


class PartlyEngaged(StoreError):
    """The incident and its hold committed; moving the targets to held did not."""


@dataclass(frozen=True)
class Details:
    name: str = ""
    reference: str = ""
    gold_commander: str = ""
    reason: str = ""


async def hold_now(
    session: Session,
    *,
    scope: Scope | None = None,
    mode: IncidentMode = IncidentMode.SUSPEND,
    details: Details | None = None,
) -> Incident:
    """The one click: commit the incident and its hold. Nothing in scope is claimed
    for sending after this returns."""
    require(session.user, Action.ENGAGE_INCIDENT)
    scope = scope or Scope.everything()
    _check_scope(scope)
    details = details or Details()

    def write(tx: Transaction) -> Incident:
        current = rows.active(tx.db)
        if current is not None:
            raise AlreadyEngaged(
                _(
                    "Incident mode is already engaged for {current.title} (since "
                    "{value}): everything in its scope is held."
                ).format(current=current, value=local_text(current.engaged_utc))
            )
        held = rows.match_areas(scope, rows.channel_areas(tx.db))
        now = tx.now()
        incident_id = rows.insert(tx.db, mode=mode, engaged_by=session.user.id, now=now)
        rows.insert_hold(tx.db, incident_id, held, now)
        in_flight = rows.sending_in_scope(tx.db)
        # Written before its entry, so the entry records what the incident became.
        rows.update(
            tx.db,
            incident_id,
            engage_seq=tx.next_seq,
            in_flight=json.dumps(in_flight),
            name=details.name.strip(),
            reference=details.reference.strip(),
            gold_commander=details.gold_commander.strip(),
            reason=details.reason.strip(),
        )
        tx.audit(
            actor=session.user.name,
            action="incident.engage",
            category=AuditCategory.ALTERATION,
            object_type="incident",
            object_id=incident_id,
            after={
                "mode": mode.value,
                **held.as_json(),
                "in_flight": in_flight,
                **({"name": details.name} if details.name else {}),
                **({"reference": details.reference} if details.reference else {}),
                **({"gold_commander": details.gold_commander} if details.gold_commander else {}),
            },
            justification=details.reason.strip(),
        )
        incident = rows.get(tx.db, incident_id)
        assert incident is not None
        return incident

    return await session.store.write(write)


async def engage(
    session: Session,
    *,
    details: Details | None = None,
    scope: Scope | None = None,
    mode: IncidentMode = IncidentMode.SUSPEND,
) -> Incident:
    """Hold, then move the targets to held: what the command line does in one go.

    If the hold commits but the move does not (a full disk), the officer is told
    exactly that: the incident stands and its hold keeps everything in scope from
    being sent; the posts' own states move when Cordon next starts or the move is
    tried again."""
    incident = await hold_now(session, scope=scope, mode=mode, details=details)
    try:
        await hold_targets(session.store, incident.id, actor=session.user.name)
    except StoreError as error:
        raise PartlyEngaged(
            _(
                "Incident mode IS engaged ({incident.title}, recorded in the "
                "audit trail): from that moment nothing in its scope is "
                "sent. Marking the queued posts as held did not finish: "
                "{error} Cordon finishes it when it next starts."
            ).format(incident=incident, error=error)
        ) from None
    found = await current(session.store)
    assert found is not None
    return found


def _looks(incident: Incident) -> tuple[object, ...]:
    return (incident.name, incident.reference, incident.gold_commander, incident.reason,
            incident.scope, incident.mode)  # fmt: skip


async def describe(
    session: Session, incident_id: int, details: Details, *, seen: Incident | None = None
) -> Incident:
    """Name the incident: name, reference, gold commander and reason.

    ``seen``: the incident as the officer's dialog showed it; named, scoped or
    switched since on another console, the change is refused with who and when
    (``console.concurrency``) rather than putting back what the dialog was opened on."""
    require(session.user, Action.ENGAGE_INCIDENT)
    if not details.name.strip():
        raise StoreError(_("Give the incident a name: it heads the banner and the report."))
    if not details.reason.strip():
        raise StoreError(_("Say why incident mode is engaged: it goes in the audit trail."))

    def write(tx: Transaction) -> Incident:
        incident = _active(tx, incident_id)
        if seen is not None and _looks(incident) != _looks(seen):
            change = changes.of_object(tx.db, "incident", incident_id)
            raise ChangedMeanwhile(concurrency.sentence(tx, change))
        before = {
            "name": incident.name,
            "reference": incident.reference,
            "gold_commander": incident.gold_commander,
            "reason": incident.reason,
        }
        after = {
            "name": details.name.strip(),
            "reference": details.reference.strip(),
            "gold_commander": details.gold_commander.strip(),
            "reason": details.reason.strip(),
        }
        if before != after:
            rows.update(tx.db, incident_id, **after)
            tx.audit(
                actor=session.user.name,
                action="incident.describe",
                category=AuditCategory.ALTERATION,
                object_type="incident",
                object_id=incident_id,
                before=before,
                after=after,
                justification=details.reason.strip(),
            )
        found = rows.get(tx.db, incident_id)
        assert found is not None
        return found

    return await session.store.write(write)


async def change_scope(session: Session, incident_id: int, scope: Scope, *, reason: str) -> int:
    """A new hold with the new scope replaces the old in one transaction; queued
    targets the new scope covers are held. Targets already held stay held even if
    the new scope leaves them out: only gold's review releases a held post (with a
    second pair of eyes). An area no channel is in is refused by name
    (``storage.incidents.match_areas``), on engaging too. Returns how many more
    targets are held."""
    require(session.user, Action.ENGAGE_INCIDENT)
    _check_scope(scope)
    if not reason.strip():
        raise StoreError(_("Say why the scope changes: it goes in the audit trail."))

    def write(tx: Transaction) -> int:
        incident = _active(tx, incident_id)
        wanted = rows.match_areas(scope, rows.channel_areas(tx.db))
        if incident.scope == wanted:
            return 0
        now = tx.now()
        rows.end_holds(tx.db, incident_id, now)
        rows.insert_hold(tx.db, incident_id, wanted, now)
        flying = rows.sending_in_scope(tx.db)
        held = rows.hold_targets(tx.db, incident_id, now)
        tx.audit(
            actor=session.user.name,
            action="incident.scope",
            category=AuditCategory.ALTERATION,
            object_type="incident",
            object_id=incident_id,
            before=incident.scope.as_json(),
            after={**wanted.as_json(), "held": held, "in_flight": flying},
            justification=reason.strip(),
        )
        if flying:
            known = list(incident.in_flight)
            rows.update(
                tx.db,
                incident_id,
                in_flight=json.dumps(known + [f for f in flying if f not in known]),
            )
        return held

    return await session.store.write(write)


async def change_mode(
    session: Session, incident_id: int, mode: IncidentMode, *, reason: str = ""
) -> Incident:
    """Suspend (nothing is released until the mode changes) or review (approvers
    release held posts one by one)."""
    require(session.user, Action.ENGAGE_INCIDENT)

    def write(tx: Transaction) -> Incident:
        incident = _active(tx, incident_id)
        if incident.mode is not mode:
            rows.update(tx.db, incident_id, mode=mode.value)
            tx.audit(
                actor=session.user.name,
                action="incident.mode",
                category=AuditCategory.ALTERATION,
                object_type="incident",
                object_id=incident_id,
                before={"mode": incident.mode.value},
                after={"mode": mode.value},
                justification=reason.strip(),
            )
        found = rows.get(tx.db, incident_id)
        assert found is not None
        return found

    return await session.store.write(write)


# -- reading ------------------------------------------------------------------------------


async def current(store: Store) -> Incident | None:
    return await store.run(rows.active)


async def get(store: Store, incident_id: int) -> Incident | None:
    return await store.run(lambda db: rows.get(db, incident_id))


async def history(store: Store) -> list[Incident]:
    return await store.run(rows.all_incidents)


async def pulled_back(store: Store, incident_id: int) -> list[PullBack]:
    """What the engine found in the networks' own schedulers, and how each ended."""
    return await store.run(lambda db: pullback_rows.of_incident(db, incident_id))


async def scheduler_checks(store: Store, incident_id: int) -> list[Listing]:
    """Each channel's native scheduler: when it was read, or why it could not be."""
    return await store.run(lambda db: pullback_rows.listings(db, incident_id))


async def counts(store: Store, incident_id: int) -> Counts:
    return await store.run(lambda db: rows.counts(db, incident_id))


@dataclass(frozen=True)
class InFlight:
    """A post that was already sending when the hold committed, and how it ended."""

    row: QueueRow

    def sentence(self) -> str:
        where = self.row.channel
        status = self.row.status.value
        text = " ".join(self.row.text.split())
        if len(text) > 60:
            text = text[:59] + "…"
        if status == "published":
            return f"“{text}” on {where} went out: {self.row.remote_url or 'sent'}."
        if status == "publishing":
            return f"“{text}” on {where} is still being sent."
        return f"“{text}” on {where} did not go out ({status})."


async def in_flight(store: Store, incident: Incident) -> list[InFlight]:
    if not incident.in_flight:
        return []
    found = await store.run(lambda db: queue.rows(db, list(incident.in_flight)))
    return [InFlight(found[i]) for i in incident.in_flight if i in found]


def in_flight_summary(items: list[InFlight]) -> str:
    if not items:
        return ""
    count = len(items)
    noun = "post was" if count == 1 else "posts were"
    return f"{count} {noun} already sending when incident mode started: " + " ".join(
        item.sentence() for item in items
    )


def _active(tx: Transaction, incident_id: int) -> Incident:
    incident = rows.get(tx.db, incident_id)
    if incident is None:
        raise StoreError(_("That incident is not in this store."))
    if not incident.active:
        when = local_text(incident.stood_down_utc) if incident.stood_down_utc else ""
        raise StoreError(
            _("{incident.title} was stood down at {when}.").format(incident=incident, when=when)
        )
    return incident


def _check_scope(scope: Scope) -> None:
    if scope.kind == "channels" and not scope.channel_ids:
        raise StoreError(
            _("Choose at least one channel for the incident's scope, or all channels.")
        )
    if scope.kind == "areas" and not scope.areas:
        raise StoreError(_("Name at least one area for the incident's scope, or all channels."))
    if scope.kind not in ("all", "channels", "areas"):
        raise StoreError(_("Unknown scope {scope.kind!r}.").format(scope=scope))
