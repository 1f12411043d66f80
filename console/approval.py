"""Maker-checker: which content needs an approver, and approving or rejecting it.

* Per channel and kind of content, a rule says whether approval is needed.
* Any content containing a blocked word or phrase needs approval, whatever the rule.
* Only a user with the approver role who is **not the author** may approve (four
  eyes), even if the author holds the approver role too.
* Content approved after its scheduled time does not go out at once: approval
  then needs a new time (``ApprovalNeedsNewTime``), so nothing stale is sent.
* Rejection sends the content back to its author (its targets become drafts)
  with the approver's reason.

Every rule change, approval and rejection is in the audit trail with its reason.
The publisher claims only targets whose approval is ``not_required`` or
``approved``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from console.concurrency import require_targets_unchanged, require_words_seen
from console.permissions import Action, require
from console.session import Session
from console.timezone import local_text
from storage import approval as rows
from storage import incidents, posts
from storage.errors import StoreError
from storage.i18n import _
from storage.queue import QueueRow
from storage.records import ApprovalState, AuditCategory, ContentKind, TargetStatus
from storage.store import Transaction


class ApprovalNeedsNewTime(StoreError):
    """Approving now would send content whose time has passed: give a new time."""


@dataclass(frozen=True)
class Verdict:
    """Whether content needs approval on a channel, and why (for the officer)."""

    needed: bool
    reasons: tuple[str, ...]


def matching_phrases(text: str, phrases: list[str]) -> list[str]:
    """The blocked phrases in ``text``, as whole words, ignoring case."""
    found = []
    for phrase in phrases:
        pattern = r"(?<!\w)" + r"\s+".join(map(re.escape, phrase.split())) + r"(?!\w)"
        if re.search(pattern, text, flags=re.IGNORECASE):
            found.append(phrase)
    return found


def verdict(db: object, channel_id: int, kind: ContentKind, text: str) -> Verdict:
    reasons = []
    if rows.rule(db, channel_id, kind):
        kinds = "replies" if kind is ContentKind.REPLY else f"{kind.value.replace('_', ' ')}s"
        reasons.append(f"{kinds} on this channel need approval")
    blocked = matching_phrases(text, rows.blocked_phrases(db))
    if blocked:
        reasons.append("it contains " + ", ".join(f"“{p}”" for p in blocked))
    return Verdict(bool(reasons), tuple(reasons))


# -- rules and blocked words (administrators) ------------------------------------------


async def set_rule(
    session: Session, channel_id: int, kind: ContentKind, required: bool, *, reason: str = ""
) -> None:
    require(session.user, Action.MANAGE_SETTINGS)

    def write(tx: Transaction) -> None:
        if not rows.channel_exists(tx.db, channel_id):
            raise StoreError(
                _("There is no channel number {channel_id}.").format(channel_id=channel_id)
            )
        before = rows.rule(tx.db, channel_id, kind)
        rows.set_rule(tx.db, channel_id, kind, required)
        tx.audit(
            actor=session.user.name,
            action="approval.rule",
            category=AuditCategory.ALTERATION,
            object_type="channel",
            object_id=channel_id,
            before={"kind": kind.value, "required": before},
            after={"kind": kind.value, "required": required},
            justification=reason,
        )

    await session.store.write(write)


async def add_blocked_phrase(session: Session, phrase: str, *, reason: str = "") -> None:
    require(session.user, Action.MANAGE_SETTINGS)
    phrase = " ".join(phrase.split())
    if not phrase:
        raise StoreError(_("Type the word or phrase to block."))

    def write(tx: Transaction) -> None:
        if not rows.add_blocked(tx.db, phrase, session.user.name, tx.now()):
            raise StoreError(_("“{phrase}” is already on the blocked list.").format(phrase=phrase))
        tx.audit(
            actor=session.user.name,
            action="approval.block_phrase",
            category=AuditCategory.ALTERATION,
            object_type="blocked_phrase",
            object_id=phrase,
            after={"phrase": phrase},
            justification=reason,
        )

    await session.store.write(write)


async def remove_blocked_phrase(session: Session, phrase: str, *, reason: str = "") -> None:
    require(session.user, Action.MANAGE_SETTINGS)

    def write(tx: Transaction) -> None:
        if not rows.remove_blocked(tx.db, phrase):
            raise StoreError(_("“{phrase}” is not on the blocked list.").format(phrase=phrase))
        tx.audit(
            actor=session.user.name,
            action="approval.unblock_phrase",
            category=AuditCategory.ALTERATION,
            object_type="blocked_phrase",
            object_id=phrase,
            before={"phrase": phrase},
            justification=reason,
        )

    await session.store.write(write)


async def blocked_phrases(session: Session) -> list[str]:
    require(session.user, Action.READ)
    return await session.store.run(rows.blocked_phrases)


# -- approving and rejecting (approvers) -------------------------------------------------


async def approve(
    session: Session,
    post_id: int,
    *,
    reason: str = "",
    new_time_utc: str | None = None,
    seen: Mapping[int, QueueRow] | None = None,
) -> posts.Post:
    """Approve every target of the post that awaits approval. ``seen``: the post's
    queue rows as the approver's screen showed them; if any was edited, cancelled,
    approved or rejected since, nothing is approved and the sentence says who did it
    and when (``console.concurrency``). Nor is anything approved when a target the
    screen did not show goes out in other words than those it did."""
    require(session.user, Action.APPROVE)
    approver = session.user

    def write(tx: Transaction) -> posts.Post:
        require_targets_unchanged(tx, seen)
        post = _awaiting(tx, post_id)
        if post.author_id == approver.id:
            raise StoreError(
                _("You wrote this post, so another approver must approve it (four eyes).")
            )
        waiting = [t for t in post.targets if t.approval is ApprovalState.AWAITING]
        require_words_seen(tx, post.id, [t.id for t in waiting], seen)
        if post.kind is ContentKind.HOLDING_STATEMENT:
            incident = incidents.of_post(tx.db, post.id)
            if incident is None or not incident.active:
                raise StoreError(
                    _(
                        "This holding statement belongs to an incident that has "
                        "stood down: it will not be sent. Cancel it, or write a new "
                        "post."
                    )
                )
        # A held target's time is gold's to decide (incident mode): approving its
        # words leaves it held and keeps its original time.
        held = [t for t in waiting if t.status is TargetStatus.HELD]
        timed = [t for t in waiting if t.status is not TargetStatus.HELD]
        now = tx.now()
        late = [t for t in timed if t.scheduled_utc is not None and t.scheduled_utc <= now]
        if new_time_utc is not None and new_time_utc <= now:
            raise StoreError(_("The new time has already passed: choose a time in the future."))
        new_time = new_time_utc
        if (
            late
            and new_time is None
            and post.kind
            in (
                ContentKind.HOLDING_STATEMENT,
                ContentKind.REPLY,
            )
        ):
            new_time = now  # a holding statement or a reply goes as soon as it is approved
        elif late and new_time is None:
            due = min(t.scheduled_utc for t in late if t.scheduled_utc)
            raise ApprovalNeedsNewTime(
                _(
                    "This post was due at {value}, before it was approved: "
                    "choose a new time so that nothing goes out late by surprise."
                ).format(value=local_text(due))
            )
        posts.set_review(
            tx.db,
            [t.id for t in timed],
            approval=ApprovalState.APPROVED,
            now=now,
            scheduled_utc=new_time,
        )
        posts.set_review(tx.db, [t.id for t in held], approval=ApprovalState.APPROVED, now=now)
        tx.audit(
            actor=approver.name,
            action="post.approve",
            category=AuditCategory.ALTERATION,
            object_type="post",
            object_id=post.id,
            before={"approval": "awaiting", "targets": [t.id for t in waiting]},
            after={"approval": "approved", **({"new_time": new_time} if new_time else {})},
            justification=reason,
        )
        result = posts.get(tx.db, post.id)
        assert result is not None
        return result

    return await session.store.write(write)


async def reject(
    session: Session, post_id: int, *, reason: str, seen: Mapping[int, QueueRow] | None = None
) -> posts.Post:
    """Send the post back to its author as a draft, with the approver's reason.
    ``seen`` as for ``approve``."""
    require(session.user, Action.APPROVE)
    if not reason.strip():
        raise StoreError(_("Say why the post is rejected: its author will read it."))
    approver = session.user

    def write(tx: Transaction) -> posts.Post:
        require_targets_unchanged(tx, seen)
        post = _awaiting(tx, post_id)
        if any(t.status is TargetStatus.HELD for t in post.targets):
            raise StoreError(
                _(
                    "This post is held by incident mode: gold decides on it in "
                    "the Incident area (release, amend or cancel)."
                )
            )
        waiting = [t.id for t in post.targets if t.approval is ApprovalState.AWAITING]
        now = tx.now()
        posts.set_review(
            tx.db, waiting, approval=ApprovalState.REJECTED, status=TargetStatus.DRAFT, now=now
        )
        posts.set_review_note(tx.db, post.id, reason.strip(), now)
        tx.audit(
            actor=approver.name,
            action="post.reject",
            category=AuditCategory.ALTERATION,
            object_type="post",
            object_id=post.id,
            before={"approval": "awaiting", "targets": waiting},
            after={"approval": "rejected", "status": "draft"},
            justification=reason.strip(),
        )
        result = posts.get(tx.db, post.id)
        assert result is not None
        return result

    return await session.store.write(write)


def _awaiting(tx: Transaction, post_id: int) -> posts.Post:
    post = posts.get(tx.db, post_id)
    if post is None:
        raise StoreError(_("There is no post number {post_id}.").format(post_id=post_id))
    if not any(t.approval is ApprovalState.AWAITING for t in post.targets):
        raise StoreError(_("Post {post_id} is not awaiting approval.").format(post_id=post_id))
    return post


async def rules_for(session: Session, channel_id: int) -> dict[ContentKind, bool]:
    """Which kinds of content on a channel need an approver."""
    require(session.user, Action.READ)
    return await session.store.run(
        lambda db: {kind: rows.rule(db, channel_id, kind) for kind in ContentKind}
    )
