"""Two officers, one post or conversation: the second is told, never overwrites.

Each console acts on what its screen showed. A change that may not be made over
someone else's unseen change takes ``seen`` (the ``Post`` or ``ConversationRow`` the
officer was looking at) and, inside its write (under the store's write lock, so no
third change can slip in between), compares it with the row as it is now. If they
differ the write is refused with ``ChangedMeanwhile``: "Sgt Patel changed this 20 s
ago: reload it and decide again. Nothing of yours was saved." Both kinds of store
behave alike (two windows on one file through the engine split, or many consoles on
a team store).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from storage import changes, users
from storage import queue as queue_rows
from storage.conversations import ConversationRow
from storage.errors import ChangedMeanwhile
from storage.i18n import _, ngettext
from storage.posts import Post
from storage.store import Transaction
from storage.timeutil import from_iso

CONVERSATION = "inbox_conversation"


def ago(then: datetime, now: datetime) -> str:
    seconds = max(0, round((now - then).total_seconds()))
    if seconds < 90:
        return _("{n} s").format(n=seconds)
    if seconds < 90 * 60:
        return _("{n} min").format(n=round(seconds / 60))
    return _("{n} h").format(n=round(seconds / 3600))


def sentence(tx: Transaction, change: changes.LastChange | None) -> str:
    """Who changed it and how long ago (their display name, as the window shows it)."""
    if change is None:
        return _(
            "Someone else changed this meanwhile: reload it and decide again. "
            "Nothing of yours was saved."
        )
    user = users.by_name(tx.db, change.actor)
    # Not an officer: Cordon's own work (the engine, sync, an incident's hold).
    who = user.display_name if user is not None else f"Cordon ({change.actor})"
    now = from_iso(tx.now())
    return _(
        "{who} changed this {ago} ago: reload it and decide again. Nothing of yours was saved."
    ).format(who=who, ago=ago(from_iso(change.at_utc), now))


def _post_looks(post: Post) -> tuple[object, ...]:
    return (post.body, post.review_note, post.targets)


def require_post_unchanged(tx: Transaction, now: Post, seen: Post | None) -> None:
    """Refuse when the post (its text, review note, or any target's status, approval
    or time) is not as the officer saw it."""
    if seen is None or _post_looks(now) == _post_looks(seen):
        return
    change = changes.of_post(tx.db, now.id, [t.id for t in now.targets])
    raise ChangedMeanwhile(sentence(tx, change))


def _target_looks(row: queue_rows.QueueRow) -> tuple[object, ...]:
    return (row.status, row.scheduled_utc, row.approval, row.text)


def require_targets_unchanged(
    tx: Transaction, seen: Mapping[int, queue_rows.QueueRow] | None
) -> None:
    """Refuse when any of the queue rows the officer chose is not as their queue
    showed it (its status, time, approval or words)."""
    if not seen:
        return
    now = queue_rows.rows(tx.db, list(seen))
    for target_id, was in seen.items():
        row = now.get(target_id)
        if row is None or _target_looks(row) != _target_looks(was):
            change = changes.of_post(tx.db, was.post_id, [target_id])
            raise ChangedMeanwhile(sentence(tx, change))


def _conversation_looks(row: ConversationRow) -> tuple[object, ...]:
    return (row.state, row.assignee, row.team, row.state_utc)


def require_conversation_unchanged(
    tx: Transaction, now: ConversationRow, seen: ConversationRow | None
) -> None:
    """Refuse when the conversation's state or assignee is not as the officer saw it,
    or new items arrived that they have not been shown."""
    if seen is None:
        return
    if _conversation_looks(now) != _conversation_looks(seen):
        raise ChangedMeanwhile(sentence(tx, changes.of_object(tx.db, CONVERSATION, now.id)))
    if now.item_count > seen.item_count:
        new = now.item_count - seen.item_count
        raise ChangedMeanwhile(
            ngettext(
                "{n} new item arrived in this conversation {ago} ago: reload it and decide "
                "again. Nothing of yours was saved.",
                "{n} new items arrived in this conversation {ago} ago: reload it and decide "
                "again. Nothing of yours was saved.",
                new,
            ).format(n=new, ago=ago(from_iso(now.latest_utc), from_iso(tx.now())))
        )
