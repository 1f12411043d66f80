"""A channel's sync state changes, each with its audit entry (inside a write).

The publisher, the credentials service and the sync engine all change a
channel's state through these, so every transition is recorded the same way:
``channel.needs_reconnect``, ``channel.sync_degraded``, ``channel.sync_offline``,
``channel.sync_ok``, ``channel.sync_paused``, ``channel.sync_resumed``.

What a pass also writes (when it ran, when the next is due, the rate budget, the
count of failures in a row) is bookkeeping, not a change of state: it is written
without an audit entry, or a quiet channel would add one every minute.
"""

from __future__ import annotations

from console.permissions import Action, require
from console.session import Session
from storage import channels, sync_state
from storage.errors import StoreError
from storage.i18n import _
from storage.records import AuditCategory
from storage.store import Transaction
from storage.stored_words import english
from storage.sync_state import PassRecord, SyncState

ACTOR = "sync"


def reconnect_sentence(message: str) -> str:
    """The network's words, ending with what to do, for the channel's health."""
    message = message.strip().rstrip(".")
    if not message:
        return english(
            "The network no longer accepts Cordon's access: reconnect the channel in Cordon."
        )
    if "reconnect" in message.lower() or "connection is set up" in message.lower():
        return f"{message}."
    return english("{why}: reconnect the channel in Cordon.", why=message)


def mark_needs_reconnect(tx: Transaction, channel_id: int, message: str, actor: str) -> bool:
    """The channel's credentials no longer work; True if that is news."""
    before = sync_state.get(tx.db, channel_id)
    sentence = reconnect_sentence(message)
    if before.state is SyncState.NEEDS_RECONNECT and before.last_error == sentence:
        return False
    sync_state.set_state(tx.db, channel_id, SyncState.NEEDS_RECONNECT, sentence)
    tx.audit(
        actor=actor,
        action="channel.needs_reconnect",
        category=AuditCategory.ALTERATION,
        object_type="channel",
        object_id=channel_id,
        before={"state": before.state.value},
        after={"state": SyncState.NEEDS_RECONNECT.value, "error": sentence},
    )
    return True


_TRANSITIONS = {
    SyncState.OK: "channel.sync_ok",
    SyncState.DEGRADED: "channel.sync_degraded",
    SyncState.OFFLINE: "channel.sync_offline",
}


def record_pass(tx: Transaction, channel_id: int, record: PassRecord) -> SyncState:
    """Keep a pass's result (a change of state is audited); returns the state now.

    A channel that needs reconnecting keeps that state whatever a pass found (a
    pass that began before the publisher learned it must not clear it)."""
    before = sync_state.get(tx.db, channel_id)
    if before.state is SyncState.NEEDS_RECONNECT:
        return before.state
    sync_state.record_pass(tx.db, channel_id, record)
    if before.state is record.state:
        return record.state
    tx.audit(
        actor=ACTOR,
        action=_TRANSITIONS[record.state],
        category=AuditCategory.ALTERATION,
        object_type="channel",
        object_id=channel_id,
        before={"state": before.state.value},
        after={"state": record.state.value, "error": record.last_error},
    )
    return record.state


async def set_paused(session: Session, channel_id: int, paused: bool, *, reason: str) -> None:
    """Pause or resume a channel's background sync (kept across restarts)."""
    require(session.user, Action.MANAGE_CHANNELS)

    def change(tx: Transaction) -> None:
        if channels.get(tx.db, channel_id) is None:
            raise StoreError(
                _("There is no channel number {channel_id}.").format(channel_id=channel_id)
            )
        before = sync_state.get(tx.db, channel_id)
        if before.paused == paused:
            return
        sync_state.set_paused(tx.db, channel_id, paused)
        tx.audit(
            actor=session.user.name,
            action="channel.sync_paused" if paused else "channel.sync_resumed",
            category=AuditCategory.ALTERATION,
            object_type="channel",
            object_id=channel_id,
            before={"paused": before.paused},
            after={"paused": paused},
            justification=reason,
        )

    await session.store.write(change)
