"""The queue as the window and the command line see it: filter, read, cancel."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from console.concurrency import require_targets_unchanged
from console.networks import NETWORKS, TextRule, rule_for
from console.permissions import Action, require
from console.session import Session
from storage import channels as channel_rows
from storage import incidents, posts
from storage import queue as rows
from storage import users as user_rows
from storage.errors import StoreError
from storage.i18n import N_, _
from storage.queue import QueueFilter, QueueRow
from storage.records import AuditCategory, Channel, TargetStatus
from storage.store import Store, Transaction
from storage.stored_words import english
from storage.timeutil import to_iso

# The reason kept in the audit trail when targets are dragged on the calendar.
MOVED_ON_CALENDAR = english("moved on the calendar")


async def matching(store: Store, flt: QueueFilter) -> list[int]:
    return await store.run(lambda db: rows.matching(db, flt))


async def fetch(store: Store, target_ids: list[int]) -> dict[int, QueueRow]:
    return await store.run(lambda db: rows.rows(db, target_ids))


async def counts(store: Store) -> dict[str, int]:
    return await store.run(rows.counts_by_status)


async def cancel_targets(
    session: Session,
    target_ids: list[int],
    *,
    reason: str,
    seen: Mapping[int, QueueRow] | None = None,
) -> int:
    """Cancel the chosen targets that have not gone out; returns how many. ``seen``:
    the rows as the officer's queue showed them (refused if one changed since)."""
    require(session.user, Action.CANCEL)
    if not reason.strip():
        raise StoreError(_("Say why these posts are cancelled: it goes in the audit trail."))

    def cancel(tx: Transaction) -> int:
        require_targets_unchanged(tx, seen)
        chosen = rows.cancellable(tx.db, target_ids)
        if not chosen:
            _none_chosen(tx, target_ids, "cancelled")
        now = tx.now()
        for target_id in chosen:
            before = rows.status_of(tx.db, target_id)
            posts.set_status(tx.db, target_id, TargetStatus.CANCELLED, now)
            tx.audit(
                actor=session.user.name,
                action="target.cancel",
                category=AuditCategory.ALTERATION,
                object_type="target",
                object_id=target_id,
                before={"status": before.value},
                after={"status": "cancelled"},
                justification=reason.strip(),
            )
        return len(chosen)

    return await session.store.write(cancel)


def _none_chosen(tx: Transaction, target_ids: list[int], done: str) -> None:
    """Say why nothing of the selection could be changed."""
    if any(rows.status_of(tx.db, t) is TargetStatus.HELD for t in target_ids):
        raise StoreError(
            _(
                "The chosen posts are held by incident mode: gold decides on "
                "them in the Incident area (release, amend or cancel)."
            )
        )
    raise StoreError(_(_NONE_CHOSEN[done]))


_NONE_CHOSEN = {
    "cancelled": N_("None of the chosen posts can be cancelled: they have gone out or ended."),
    "rescheduled": N_("None of the chosen posts can be rescheduled: they have gone out or ended."),
}


async def channels(store: Store) -> list[Channel]:
    return await store.run(channel_rows.all_channels)


async def text_rules(store: Store) -> dict[int, TextRule]:
    """How each channel counts a post and how many it takes (its server's, where
    Cordon has read them; else its network's)."""

    def read(db: Any) -> dict[int, TextRule]:
        limits = channel_rows.all_limits(db)
        return {
            channel.id: rule_for(channel.network, limits.get(channel.id))
            for channel in channel_rows.all_channels(db)
            if channel.network in NETWORKS
        }

    return await store.run(read)


async def reschedule_targets(
    session: Session,
    target_ids: list[int],
    scheduled_utc: str,
    *,
    reason: str = "",
    seen: Mapping[int, QueueRow] | None = None,
) -> int:
    """Put drafts, queued, missed and failed targets on the queue at a new time."""
    require(session.user, Action.SCHEDULE)

    def move(tx: Transaction) -> int:
        require_targets_unchanged(tx, seen)
        if scheduled_utc <= tx.now():
            raise StoreError(_("That time has passed: choose a time in the future."))
        chosen = rows.reschedulable(tx.db, target_ids)
        now = tx.now()
        for target_id in chosen:
            before = rows.status_of(tx.db, target_id)
            rows.requeue(tx.db, target_id, scheduled_utc, now)
            # During an incident: held at once if its scope covers it (a post gold
            # released and now moved included).
            held = incidents.unclear(tx.db, [target_id], now)
            tx.audit(
                actor=session.user.name,
                action="target.reschedule",
                category=AuditCategory.ALTERATION,
                object_type="target",
                object_id=target_id,
                before={"status": before.value},
                after={"status": "held" if held else "queued", "scheduled_utc": scheduled_utc},
                justification=reason,
            )
        if not chosen:
            _none_chosen(tx, target_ids, "rescheduled")
        return len(chosen)

    return await session.store.write(move)


async def post(store: Store, post_id: int) -> posts.Post | None:
    return await store.run(lambda db: posts.get(db, post_id))


async def authors(store: Store) -> list[tuple[str, str]]:
    """Everyone who can write posts, as (user name, display name)."""
    people = await store.run(user_rows.all_users)
    return [(u.name, u.display_name) for u in people]


@dataclass(frozen=True)
class WhatStopping:
    """What stopping the engine now would leave undone: an active incident, and the
    posts due within ``hours``."""

    incident: str | None  # the active incident's name
    due: int


async def what_stopping_leaves(store: Store, hours: float = 24.0) -> WhatStopping:
    until = to_iso(store.clock() + timedelta(hours=hours))

    def read(db: Any) -> WhatStopping:
        incident = incidents.active(db)
        due, _first = rows.due_before(db, until)
        name = None if incident is None else incident.title
        return WhatStopping(name, due)

    return await store.run(read)
