"""Creating and cancelling posts: the first services on posts and targets.

The compose-and-schedule work builds the composer, validation per network and
the publishing engine on these. Here: who may create and cancel, and whether each
target needs approval (``console.approval``) before the publisher may claim it.
"""

from __future__ import annotations

from collections.abc import Sequence

from console.approval import verdict
from console.networks import check_text
from console.permissions import Action, require
from console.session import Session
from storage import channels, posts
from storage.errors import StoreError
from storage.records import ApprovalState, AuditCategory, ContentKind, TargetStatus
from storage.store import Transaction

OPEN = (
    TargetStatus.DRAFT,
    TargetStatus.QUEUED,
    TargetStatus.HELD,
    TargetStatus.MISSED,
    TargetStatus.FAILED,
)


async def create_post(
    session: Session,
    *,
    body: str,
    channel_ids: Sequence[int],
    scheduled_utc: str | None,
    kind: ContentKind = ContentKind.POST,
    draft: bool = False,
) -> posts.Post:
    """Queue ``body`` on each channel at ``scheduled_utc`` (UTC, stored format), or
    keep it as a draft (no time needed) when ``draft``."""
    require(session.user, Action.COMPOSE)
    if not draft:
        require(session.user, Action.SCHEDULE)
        if scheduled_utc is None:
            raise StoreError("Choose when the post goes out, or save it as a draft.")
    if not body.strip():
        raise StoreError("The post is empty: write something first.")
    if not channel_ids:
        raise StoreError("Choose at least one channel.")
    author = session.user

    def write(tx: Transaction) -> posts.Post:
        _check_lengths(tx, body, channel_ids)
        now = tx.now()
        post_id = posts.insert_post(tx.db, author_id=author.id, kind=kind, body=body, now=now)
        needs = {}
        for channel_id in dict.fromkeys(channel_ids):
            decision = verdict(tx.db, channel_id, kind, body)
            needs[channel_id] = list(decision.reasons)
            posts.insert_target(
                tx.db,
                post_id=post_id,
                channel_id=channel_id,
                status=TargetStatus.DRAFT if draft else TargetStatus.QUEUED,
                approval=ApprovalState.AWAITING if decision.needed else ApprovalState.NOT_REQUIRED,
                scheduled_utc=scheduled_utc,
                now=now,
            )
        tx.audit(
            actor=author.name,
            action="post.create",
            category=AuditCategory.COLLECTION,
            object_type="post",
            object_id=post_id,
            after={
                "kind": kind.value,
                "channels": list(needs),
                "scheduled_utc": scheduled_utc,
                "draft": draft,
                "awaiting_approval": {str(c): r for c, r in needs.items() if r},
            },
        )
        post = posts.get(tx.db, post_id)
        assert post is not None
        return post

    return await session.store.write(write)


def _check_lengths(tx: Transaction, body: str, channel_ids: Sequence[int]) -> None:
    """Refuse, with a sentence, what a channel's network would reject."""
    for channel_id in dict.fromkeys(channel_ids):
        channel = channels.get(tx.db, channel_id)
        if channel is None:
            raise StoreError(f"There is no channel number {channel_id}.")
        limit = channels.settings_of(tx.db, channel_id).get("limit")
        if problem := check_text(channel.network, body, limit):
            raise StoreError(f"{channel.name}: {problem}")


async def cancel_post(session: Session, post_id: int, *, reason: str) -> posts.Post:
    """Cancel every target of the post that has not gone out."""
    require(session.user, Action.CANCEL)

    def write(tx: Transaction) -> posts.Post:
        post = posts.get(tx.db, post_id)
        if post is None:
            raise StoreError(f"There is no post number {post_id}.")
        open_targets = [t for t in post.targets if t.status in OPEN]
        if not open_targets:
            raise StoreError(f"Post {post_id} has nothing left to cancel.")
        now = tx.now()
        for target in open_targets:
            posts.set_status(tx.db, target.id, TargetStatus.CANCELLED, now)
        tx.audit(
            actor=session.user.name,
            action="post.cancel",
            category=AuditCategory.ALTERATION,
            object_type="post",
            object_id=post_id,
            before={str(t.id): t.status.value for t in open_targets},
            after={"status": "cancelled"},
            justification=reason,
        )
        result = posts.get(tx.db, post_id)
        assert result is not None
        return result

    return await session.store.write(write)
