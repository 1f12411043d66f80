"""Replying to the public from Cordon, through the channel the item came on.

``reply(session, item_id, text, public=...)`` answers an inbox item in public
(under it) or by direct message to its author, as the network allows:

* what cannot be done is refused with a sentence before anything is stored (a
  direct message on Bluesky; a direct message answered in public; a text over
  the network's limit, counted as it will be sent);
* the reply is recorded as a post of kind ``reply`` with one target on the item's
  channel, queued for now, and linked to the item (``storage.replies``); the
  approval rules apply as to any content (``console.approval.verdict`` with
  ``ContentKind.REPLY``): where an approver is needed it waits for one, and goes
  as soon as it is approved; during an incident it is held like any post, but for
  the reply to a message that raised a threat-to-life alert (``threat_to_life``):
  a person who may be at risk is answered at once, the hold notwithstanding, and
  the trail records that it was not held;
* the publisher sends it with the adapter's ``reply``, with the same claim,
  retries and record as a post: a reply that fails shows as a failed target with
  the network's sentence (``replies_to``), and is tried again by rescheduling it
  (``console.queue.reschedule_targets``), under the same idempotency key.

Every step is in the audit trail.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import timedelta

from console import queue
from console.approval import verdict
from console.channels.mastodon import mention_first
from console.concurrency import require_no_unseen_reply
from console.networks import TextRule, channel_rule, check_text
from console.permissions import Action, require
from console.session import Session
from storage import channels, inbox, incidents, listening, posts
from storage import replies as rows
from storage.errors import StoreError
from storage.i18n import _
from storage.inbox import InboxRow
from storage.records import ApprovalState, AuditCategory, ContentKind, TargetStatus
from storage.replies import ReplyRow
from storage.store import Store, Transaction
from storage.stored_words import english
from storage.timeutil import to_iso

# The reason kept in the audit trail when a failed 999 reply is sent again.
RETRIED_999 = english("the 999 reply failed: sent again")
# Networks whose direct messages Cordon can send.
DIRECT_MESSAGES = frozenset({"mastodon", "x", "facebook", "simulator"})


@dataclass(frozen=True)
class Reply:
    """A reply as recorded: its post and target, and what waits on it."""

    post_id: int
    target_id: int
    item_id: int
    public: bool
    text: str  # as it will be sent
    awaiting_approval: tuple[str, ...] = ()  # why an approver must see it first
    held: bool = False  # incident mode holds its channel
    not_held: bool = False  # a threat-to-life reply that an incident's hold let go


def refusal(network: str, item: InboxRow, public: bool) -> str | None:
    """Why this answer cannot go on this network, or None."""
    if not public and network not in DIRECT_MESSAGES:
        if network == "bluesky":
            return (
                "Bluesky's direct messages are not kept where Cordon can reach them: reply "
                "in public, or answer in the Bluesky app."
            )
        return "Cordon cannot send direct messages on this network: reply in public."
    if public and item.kind == "message":
        return (
            "This is a direct message: answer it by direct message, so that nothing the "
            "person wrote privately is answered in public."
        )
    return None


def as_sent(network: str, item: InboxRow, text: str) -> str:
    """The text as the network will carry it (Mastodon: led by the author's @acct)."""
    if network == "mastodon":
        return mention_first(text, item.author_handle)
    return text


async def reply(
    session: Session,
    item_id: int,
    text: str,
    *,
    public: bool = True,
    seen: Collection[int] | None = None,
    threat_to_life: bool = False,
) -> Reply:
    """Answer the inbox item through its channel; the engine sends it when it may.
    ``seen``: the replies to the item (their target ids) the officer's screen showed;
    if another has been recorded since, nothing is recorded and ``RepliedMeanwhile``
    says who replied and when, with their reply (``console.concurrency``).
    ``threat_to_life``: the answer to a message that raised a threat-to-life alert
    (refused for any other): an incident in progress does not hold it."""
    require(session.user, Action.REPLY)
    text = text.strip()
    if not text:
        raise StoreError(_("The reply is empty: write something first."))
    author = session.user

    def write(tx: Transaction) -> Reply:
        item = inbox.rows(tx.db, [item_id]).get(item_id)
        if item is None:
            raise StoreError(_("There is no inbox item number {item_id}.").format(item_id=item_id))
        require_no_unseen_reply(tx, item_id, seen)
        channel = channels.get(tx.db, item.channel_id)
        assert channel is not None  # an item's channel is never deleted
        if problem := refusal(channel.network, item, public):
            raise StoreError(
                _("{channel.name}: {problem}").format(channel=channel, problem=problem)
            )
        sent = as_sent(channel.network, item, text)
        rule = channel_rule(tx.db, channel.id, channel.network)
        if problem := check_text(channel.network, sent, rule):
            raise StoreError(
                _("{channel.name}: {problem}").format(channel=channel, problem=problem)
            )
        decision = verdict(tx.db, channel.id, ContentKind.REPLY, sent)
        now = tx.now()
        cleared: int | None = None  # the incident whose hold lets it go
        if threat_to_life:
            if not listening.alerts_of_items(tx.db, [item_id]):
                raise StoreError(
                    _("Only the answer to a message that raised a threat-to-life alert goes"
                      " out past an incident's hold.")
                )  # fmt: skip
            active = incidents.active(tx.db)
            cleared = active.id if active is not None else None
        post_id = posts.insert_post(
            tx.db, author_id=author.id, kind=ContentKind.REPLY, body=sent, now=now
        )
        target_id = posts.insert_target(
            tx.db,
            post_id=post_id,
            channel_id=channel.id,
            status=TargetStatus.QUEUED,
            approval=ApprovalState.AWAITING if decision.needed else ApprovalState.NOT_REQUIRED,
            scheduled_utc=now,
            now=now,
            cleared_incident_id=cleared,
        )
        rows.link(tx.db, target_id, item_id, public=public)
        held = cleared is None and incidents.hold_if_active(tx.db, [target_id], now) > 0
        tx.audit(
            actor=author.name,
            action="reply.create",
            category=AuditCategory.COLLECTION,
            object_type="post",
            object_id=post_id,
            after={
                "kind": ContentKind.REPLY.value,
                "item": item_id,
                "channel": channel.id,
                "target": target_id,
                "public": public,
                **({"awaiting_approval": list(decision.reasons)} if decision.needed else {}),
                **({"held_by_incident": True} if held else {}),
                **({"not_held_threat_to_life": cleared} if cleared is not None else {}),
            },
        )
        waits = decision.reasons if decision.needed else ()
        return Reply(post_id, target_id, item_id, public, sent, waits, held, cleared is not None)

    return await session.store.write(write)


async def replies_to(store: Store, item_id: int) -> list[ReplyRow]:
    """Every reply to the item and where it stands (sent, waiting, failed and why)."""
    return await store.run(lambda db: rows.of_item(db, item_id))


async def text_rule(store: Store, channel_id: int, network: str) -> TextRule:
    """How the channel counts a text and how many it takes (its server's, where Cordon
    has read them; else the network's)."""
    return await store.run(lambda db: channel_rule(db, channel_id, network))


RETRY_AFTER = timedelta(seconds=2)


async def retry(session: Session, target_id: int, *, reason: str = "") -> None:
    """Put a reply that failed back on the queue, to go in a moment (same key, so
    the network never gets it twice)."""
    due = to_iso(session.store.clock() + RETRY_AFTER)
    why = reason.strip() or "the reply failed: tried again from the inbox"
    await queue.reschedule_targets(session, [target_id], due, reason=why)
