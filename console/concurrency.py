"""Two officers, one post or conversation: the second is told, never overwrites.

Each console acts on what its screen showed. A change that may not be made over
someone else's unseen change takes ``seen`` (the ``Post`` or ``ConversationRow`` the
officer was looking at) and, inside its write (under the store's write lock, so no
third change can slip in between), compares it with the row as it is now. If they
differ the write is refused with ``ChangedMeanwhile``: "Sgt Patel changed this 20 s
ago: reload it and decide again. Nothing of yours was saved." Both kinds of store
behave alike (two windows on one file through the engine split, or many consoles on
a team store).

Approving or rejecting from the queue carries the queue rows as shown, as cancelling
and rescheduling do. A reply to an inbox item carries the replies the officer was
shown under it: one recorded since by someone else refuses it with
``RepliedMeanwhile`` ("Sgt Patel replied to this 20 s ago"), which carries that
reply, so the window can show it and ask whether to send theirs too.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import replace
from datetime import datetime, timedelta

from console.timezone import duration_text
from storage import changes, users
from storage import queue as queue_rows
from storage import replies as reply_rows
from storage.conversations import ConversationRow
from storage.errors import ChangedMeanwhile
from storage.i18n import _, ngettext
from storage.posts import Post
from storage.records import TargetStatus
from storage.replies import ReplyRow
from storage.store import Transaction
from storage.timeutil import from_iso

CONVERSATION = "inbox_conversation"


def ago(then: datetime, now: datetime) -> str:
    """How long before ``now`` ``then`` was, at a glance: "20 s", "3 min", "2 h 05 min"."""
    return duration_text(max(timedelta(0), now - then))


def sentence(tx: Transaction, change: changes.LastChange | None) -> str:
    """Who changed it and how long ago (their display name, as the window shows it)."""
    if change is None:
        return _(
            "Someone else changed this meanwhile: reload it and decide again. "
            "Nothing of yours was saved."
        )
    now = from_iso(tx.now())
    return _(
        "{who} changed this {ago} ago: reload it and decide again. Nothing of yours was saved."
    ).format(who=_who(tx, change.actor), ago=ago(from_iso(change.at_utc), now))


def _who(tx: Transaction, actor: str) -> str:
    """The actor as the window shows them: an officer's display name; else Cordon's
    own work (the engine, sync, an incident's hold)."""
    user = users.by_name(tx.db, actor)
    return user.display_name if user is not None else f"Cordon ({actor})"


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
    # ``text`` holds both of two linked posts; the second on its own as well, so that
    # moving words from one post to the other is a change too.
    return (row.status, row.scheduled_utc, row.approval, row.text, row.second_text)


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


def require_words_seen(
    tx: Transaction,
    post_id: int,
    target_ids: Collection[int],
    seen: Mapping[int, queue_rows.QueueRow] | None,
) -> None:
    """Refuse to approve words the approver's queue did not show: a target of the post
    (``target_ids``, those the approval would settle) not among the ``seen`` rows, whose
    words are not the words of one that is (say the queue was filtered to one channel
    and a colleague reworded the post's text for another meanwhile)."""
    if seen is None:
        return
    unseen = [target_id for target_id in target_ids if target_id not in seen]
    if not unseen:
        return
    shown = {row.text for row in seen.values() if row.post_id == post_id}
    other = sorted(
        {row.channel for row in queue_rows.rows(tx.db, unseen).values() if row.text not in shown}
    )
    if other:
        raise ChangedMeanwhile(
            ngettext(
                "Post {post_id} also goes to {channels} in words your queue does not show: "
                "show that channel in the queue and approve again. Nothing was approved.",
                "Post {post_id} also goes to {channels} in words your queue does not show: "
                "show those channels in the queue and approve again. Nothing was approved.",
                len(other),
            ).format(post_id=post_id, channels=", ".join(other))
        )


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


class RepliedMeanwhile(ChangedMeanwhile):
    """Someone else replied to the item after this officer's screen showed its
    replies: nothing of theirs was sent. ``replies``: the replies they had not seen,
    oldest first, each with its author's display name, to show them before they
    decide whether to send theirs too."""

    def __init__(self, sentence: str, replies: tuple[ReplyRow, ...]) -> None:
        super().__init__(sentence)
        self.replies = replies


# A reply that will not go out (cancelled, or sent back to its author) answers nobody.
_NOT_GOING = (TargetStatus.CANCELLED, TargetStatus.DRAFT)


def require_no_unseen_reply(tx: Transaction, item_id: int, seen: Collection[int] | None) -> None:
    """Refuse when the item has a reply (still going, or gone) that is not among
    ``seen`` (the replies' target ids the officer's screen showed): "Sgt Patel replied
    to this 20 s ago", so that nobody answers the public twice by accident."""
    if seen is None:
        return
    unseen = tuple(
        replace(r, author=_who(tx, r.author))
        for r in reply_rows.of_item(tx.db, item_id)
        if r.target_id not in seen and r.status not in _NOT_GOING
    )
    if not unseen:
        return
    newest = unseen[-1]
    raise RepliedMeanwhile(
        _(
            "{who} replied to this {ago} ago. Nothing of yours was sent: read their "
            "reply, then send yours only if it is still needed."
        ).format(who=newest.author, ago=ago(from_iso(newest.created_utc), from_iso(tx.now()))),
        unseen,
    )
