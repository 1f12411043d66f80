"""The engine's side of incident holds: moving covered targets to ``held``.

The rules of incident mode live in ``incident/``; this is the part the engine
needs on its own: when it starts, it finishes an engage that stopped between
committing its hold and moving the targets (``targets_held_utc`` still NULL).
"""

from __future__ import annotations

from storage import incidents as rows
from storage.records import AuditCategory
from storage.store import Store, Transaction


async def hold_targets(store: Store, incident_id: int, *, actor: str) -> int:
    """Move every queued target in the incident's scope to ``held`` (one UPDATE and
    one audit entry with the count). Safe to run again: it moves what is left."""

    def write(tx: Transaction) -> int:
        incident = rows.get(tx.db, incident_id)
        if incident is None or not incident.active:
            return 0
        now = tx.now()
        moved = rows.hold_targets(tx.db, incident_id, now)
        first = incident.targets_held_utc is None
        if first:  # before the entry, which records what the incident became
            rows.update(tx.db, incident_id, targets_held_utc=now)
        if moved or first:
            tx.audit(
                actor=actor,
                action="incident.hold_targets",
                category=AuditCategory.ALTERATION,
                object_type="incident",
                object_id=incident_id,
                after={"held": moved},
            )
        return moved

    return await store.write(write)


async def resume(store: Store) -> int:
    """On start: finish an engage that stopped between its hold and the move."""
    incident = await store.run(rows.active)
    if incident is None or incident.targets_held_utc is not None:
        return 0
    return await hold_targets(store, incident.id, actor="system")
