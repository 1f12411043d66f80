"""The publishing engine: claim before send, record what happened, never twice.

For each due target:

1. **Claim** it in one transaction: it moves to ``publishing`` (with its persisted
   idempotency key) only if it is still queued, approved, and no incident holds its
   channel (``storage.queue.claim``). Nothing unclaimed is ever sent.
2. **Send** it through its network's adapter.
3. **Record** the outcome: ``published`` (remote id and URL); a transient failure
   goes back to ``queued`` with a retry time (the network's ``Retry-After`` or an
   exponential backoff) until ``max_attempts``, then ``failed``; rejections are
   ``failed`` at once with the network's message.

Adapters are looked up per channel (``console.adapters.AdapterSource``). When a
channel's credentials no longer work (``NeedsReconnect``: expired or revoked, a
refresh refused, or no connection set up), its target is ``failed`` with a sentence
naming the channel and saying it goes out once the channel is reconnected; the
channel's sync state becomes ``needs_reconnect`` in the same transaction, and the
target is remembered (``awaiting_reconnect``) so that connecting the channel again
puts it back on the queue (``console.credentials.connect``).

Before any of that, targets left ``publishing`` by a crash are **reconciled**: the
network is asked whether it has the post (by idempotency key); if so it is recorded
as published, if not it is queued again under the same key. And targets whose time
passed more than the grace ago without ever being tried (the app was closed, the
machine asleep) become ``missed`` and wait for a person: nothing stale goes out by
itself.

A reply (a target linked to an inbox item, ``storage.replies``) goes through the
same claim, record and retry, sent with the adapter's ``reply`` instead of
``publish``.

A bilingual post sent as **two linked posts** (``console.bilingual``) is one target
with a second text: the first post is sent, its id recorded at once (the target stays
``publishing``), then the second, as a reply to the first where the network has
replies (``THREADED``) and under a key of its own. The target is ``published`` once
both are out, with both ids. When the second fails, the retry sends only the second:
the first's id is kept, so it never goes twice.

Every transition is written with its audit entry, by the actor ``publisher``.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial

from console import backoff
from console.adapters import AdapterSource
from console.bilingual import THREADED, second_post
from console.channels.base import (
    ChannelAdapter,
    InboxItem,
    NeedsReconnect,
    Outcome,
    Published,
    Rejected,
    Replier,
    Transient,
)
from console.sync.state import mark_needs_reconnect
from storage import channels, incidents, queue, replies, sync_state
from storage import engine_service as engine_rows
from storage.queue import Claimed
from storage.records import AuditCategory
from storage.replies import LinkedItem
from storage.store import Store, Transaction
from storage.stored_words import english, english_n
from storage.timeutil import Clock, system_clock, to_iso

ACTOR = "publisher"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PublishPolicy:
    grace: timedelta = timedelta(minutes=5)
    max_attempts: int = 5
    first_backoff: timedelta = timedelta(seconds=30)
    max_backoff: timedelta = timedelta(minutes=15)
    batch: int = 500  # targets claimed per pass
    concurrency: int = 8  # sends in flight at once on one channel (be a polite client)

    def backoff(self, attempts: int) -> timedelta:
        return backoff.wait(attempts, self.first_backoff, self.max_backoff)


@dataclass(frozen=True)
class Result:
    target_id: int
    status: str  # published | retry | failed | missed | requeued | left (another engine took over)
    detail: str = ""


class Publisher:
    def __init__(
        self,
        store: Store,
        adapters: AdapterSource,
        *,
        clock: Clock = system_clock,
        policy: PublishPolicy | None = None,
        lease_holder: str | None = None,
    ) -> None:
        """``lease_holder``: the engine service this publisher works for; it then claims
        a target only in a transaction that finds the lease still that service's, and
        sends one only after looking again (a service frozen past its lease, whose
        place another took, must neither claim nor send when it wakes)."""
        self.store = store
        self.adapters = adapters
        self.lease_holder = lease_holder
        self.clock = clock
        # Whose claims these are (the service's lease holder; its own name otherwise):
        # the targets it leaves publishing are its own to settle, never another live
        # service's (a team store may run several).
        self.claimer = lease_holder or uuid.uuid4().hex
        self.policy = policy or PublishPolicy()
        self._running = asyncio.Lock()
        # Per channel: a network's limits are per account, and a holding statement
        # to ten channels goes out on all ten at once.
        self._sending: dict[int, asyncio.Semaphore] = {}

    async def wait_idle(self) -> None:
        """Return once no pass is under way (a send in flight is recorded first)."""
        async with self._running:
            return

    def _now(self) -> str:
        return to_iso(self.clock())

    # -- one pass ------------------------------------------------------------------------

    async def publish_due(self) -> list[Result]:
        """Reconcile, mark what was missed, then claim and send everything due."""
        async with self._running:  # one pass at a time: the scheduler and a resume may race
            results = await self.reconcile()
            results += await self.sweep_missed()
            now = self.clock()
            due = await self.store.run(
                lambda db: queue.due(
                    db, to_iso(now), to_iso(now - self.policy.grace), self.policy.batch
                )
            )
            claims = await asyncio.gather(*(self._claim(target_id) for target_id in due))
            sent = await asyncio.gather(*(self._send(c) for c in claims if c is not None))
            return results + list(sent)

    async def _claim(self, target_id: int) -> Claimed | None:
        key = uuid.uuid4().hex

        def claim(tx: Transaction) -> Claimed | None:
            if self.lease_holder is not None and not engine_rows.holds(tx.db, self.lease_holder):
                return None
            claimed = queue.claim(tx.db, target_id, key, tx.now(), self.claimer)
            if claimed is not None:
                tx.audit(
                    actor=ACTOR,
                    action="target.claim",
                    category=AuditCategory.ALTERATION,
                    object_type="target",
                    object_id=target_id,
                    before={"status": "queued"},
                    after={"status": "publishing", "attempt": claimed.attempts},
                )
            return claimed

        return await self.store.write(claim)

    async def _send(self, claimed: Claimed) -> Result:
        holder = self.lease_holder
        if holder is not None and not await self.store.run(
            lambda db: engine_rows.holds(db, holder)
        ):
            # Another engine took the lease since the claim: it reconciles this target
            # (asks the network by its key) rather than this one sending it as well.
            return Result(claimed.target_id, "left", "another engine took over")
        adapter = await self.adapters.for_channel(claimed.channel_id, claimed.network)
        # A reply (a target linked to an inbox item) goes with the adapter's ``reply``.
        answering = await self.store.run(partial(replies.linked_item, target_id=claimed.target_id))
        outcome: Outcome
        if isinstance(adapter, NeedsReconnect):
            outcome = adapter
        elif answering is not None:
            item = _inbox_item(answering)
            outcome = await self._guarded(claimed, adapter, item, public=answering.public)
        elif claimed.second_text is not None:
            outcome = await self._send_pair(claimed, adapter)
        else:
            outcome = await self._guarded(claimed, adapter, None)
        return await self._record(claimed, outcome)

    async def _guarded(
        self,
        claimed: Claimed,
        adapter: ChannelAdapter,
        answering: InboxItem | None,
        *,
        public: bool = True,
    ) -> Outcome:
        """Send through the channel's gate: a reply to ``answering``, or a post."""
        gate = self._sending.setdefault(
            claimed.channel_id, asyncio.Semaphore(self.policy.concurrency)
        )
        try:
            async with gate:
                if answering is None:
                    return await adapter.publish(claimed)
                if not isinstance(adapter, Replier):
                    return Rejected(english("Cordon cannot answer messages through this channel."))
                return await adapter.reply(claimed, answering, public=public)
        except Exception as error:  # an adapter bug must not strand the target
            log.exception("adapter %s failed", claimed.network)
            return Transient(
                english("Cordon could not send it ({name}).", name=error.__class__.__name__)
            )

    async def _send_pair(self, claimed: Claimed, adapter: ChannelAdapter) -> Outcome:
        """Two linked posts: the first (unless an earlier try sent it), its id recorded
        at once, then the second, a reply to the first where the network has replies.
        The outcome is the second's (the first's when the first did not go)."""
        first_id = claimed.first_remote_id
        if first_id is None:
            first = await self._guarded(claimed, adapter, None)
            if not isinstance(first, Published):
                return first
            await self.store.write(partial(_first_sent, claimed=claimed, first=first))
            first_id = first.remote_id
        answering = _own_post(first_id) if claimed.network in THREADED else None
        return await self._guarded(second_post(claimed), adapter, answering)

    async def _record(self, claimed: Claimed, outcome: Outcome) -> Result:
        policy = self.policy
        now = self.clock()

        def record(tx: Transaction) -> Result:
            stamp = to_iso(now)
            if isinstance(outcome, Published):
                _mark_published(tx, claimed, outcome, stamp)
                result = Result(claimed.target_id, "published", outcome.url)
                after: dict[str, object] = {"status": "published", "remote_id": outcome.remote_id,
                                            "url": outcome.url}  # fmt: skip
                if claimed.second_text is not None:  # the second of two linked posts
                    after = {"status": "published", "second_remote_id": outcome.remote_id,
                             "second_url": outcome.url}  # fmt: skip
            elif isinstance(outcome, Transient) and claimed.attempts < policy.max_attempts:
                wait = policy.backoff(claimed.attempts)
                if outcome.retry_after is not None:
                    wait = max(wait, timedelta(seconds=outcome.retry_after))
                retry_at = to_iso(now + wait)
                queue.mark_retry(tx.db, claimed.target_id, retry_at, outcome.message, stamp)
                held = incidents.hold_if_active(tx.db, [claimed.target_id], stamp)
                result = Result(claimed.target_id, "retry", outcome.message)
                after = {"status": "held" if held else "queued", "retry_at": retry_at,
                         "error": outcome.message}  # fmt: skip
            elif isinstance(outcome, NeedsReconnect):
                channel = channels.get(tx.db, claimed.channel_id)
                name = channel.name if channel is not None else f"Channel {claimed.channel_id}"
                message = _reconnect_sentence(name, outcome.message)
                queue.mark_failed(tx.db, claimed.target_id, message, stamp)
                sync_state.await_reconnect(tx.db, claimed.target_id, claimed.channel_id, stamp)
                mark_needs_reconnect(tx, claimed.channel_id, outcome.message, ACTOR)
                result = Result(claimed.target_id, "failed", message)
                after = {"status": "failed", "error": message, "awaiting_reconnect": True}
            else:
                message = _failure_sentence(outcome, claimed.attempts)
                queue.mark_failed(tx.db, claimed.target_id, message, stamp)
                result = Result(claimed.target_id, "failed", message)
                after = {"status": "failed", "error": message}
            tx.audit(
                actor=ACTOR,
                action=f"target.{result.status}",
                category=AuditCategory.ALTERATION,
                object_type="target",
                object_id=claimed.target_id,
                before={"status": "publishing"},
                after=after,
            )
            return result

        return await self.store.write(record)

    # -- after a crash, and after time passed unattended ------------------------------------

    async def reconcile(self) -> list[Result]:
        """Settle targets left ``publishing`` by this publisher or by a service that is
        no longer alive (on a team store another live service's sends are its own):
        published if the network has them, queued again (same key) if it does not.
        Never sends anything itself."""
        real_now = datetime.now(UTC)  # heartbeats are real time, whatever the clock says
        left = await self.store.run(partial(queue.orphaned, me=self.claimer, real_now=real_now))
        others = sorted({claimer for _id, claimer in left if claimer and claimer != self.claimer})
        if others:
            await self.store.write(partial(_take_over, holders=others, real_now=real_now))
        results = []
        for target_id, _claimer in left:
            claimed = await self.store.run(partial(queue.claimed, target_id=target_id))
            if claimed is None:
                continue
            adapter = await self.adapters.for_channel(claimed.channel_id, claimed.network)
            if isinstance(adapter, NeedsReconnect):
                continue  # asked again once the channel is connected
            pair = claimed.second_text is not None
            # Two linked posts whose first is out: the network is asked for the second.
            probe = second_post(claimed) if pair and claimed.first_remote_id else claimed
            try:
                found = await adapter.find(probe)
            except Exception:  # the network is down: leave it publishing, ask again later
                log.warning("could not reconcile target %s yet", target_id, exc_info=True)
                continue
            if pair and claimed.first_remote_id is None and found is not None:
                # The first went out before the stop: kept, so a retry sends the second.
                await self.store.write(partial(_first_sent, claimed=claimed, first=found))
                found = None
            results.append(await self._settle(claimed, found))
        return results

    async def _settle(self, claimed: Claimed, found: Published | None) -> Result:
        too_late = claimed.scheduled_utc < to_iso(self.clock() - self.policy.grace)

        def settle(tx: Transaction) -> Result:
            now = tx.now()
            if found is not None:
                _mark_published(tx, claimed, found, now)
                status, after = "published", {"status": "published", "url": found.url}
            elif too_late:  # the network never got it, and its time is long gone
                queue.mark_missed(tx.db, [claimed.target_id], now, was="publishing")
                status, after = "missed", {"status": "missed"}
            else:
                queue.mark_retry(
                    tx.db, claimed.target_id, now, "was sending when Cordon stopped", now
                )
                held = incidents.hold_if_active(tx.db, [claimed.target_id], now)
                status, after = "requeued", {"status": "held" if held else "queued"}
            tx.audit(
                actor=ACTOR,
                action=f"target.reconcile_{status}",
                category=AuditCategory.ALTERATION,
                object_type="target",
                object_id=claimed.target_id,
                before={"status": "publishing"},
                after=after,
                justification=english(
                    "a send was in flight when Cordon stopped; the network was asked"
                ),
            )
            return Result(claimed.target_id, status)

        return await self.store.write(settle)

    async def sweep_missed(self) -> list[Result]:
        """Queued targets never tried whose time passed more than the grace ago."""
        cutoff = to_iso(self.clock() - self.policy.grace)
        stale = await self.store.run(lambda db: queue.stale(db, cutoff))
        if not stale:
            return []

        def miss(tx: Transaction) -> None:
            queue.mark_missed(tx.db, stale, tx.now())
            for target_id in stale:
                tx.audit(
                    actor=ACTOR,
                    action="target.missed",
                    category=AuditCategory.ALTERATION,
                    object_type="target",
                    object_id=target_id,
                    before={"status": "queued"},
                    after={"status": "missed"},
                    justification=english(
                        "its time passed while Cordon was not running; a person decides"
                    ),
                )

        await self.store.write(miss)
        return [Result(target_id, "missed") for target_id in stale]


def _own_post(remote_id: str) -> InboxItem:
    """The channel's own first post, as the item the second of two linked posts answers
    (no author: nobody is mentioned)."""
    return InboxItem(
        remote_id=remote_id, kind="post", author_handle="", author_name="", text="",
        created_utc="",
    )  # fmt: skip


def _first_sent(tx: Transaction, *, claimed: Claimed, first: Published) -> None:
    queue.mark_first_sent(tx.db, claimed.target_id, first.remote_id, first.url, tx.now())
    tx.audit(
        actor=ACTOR,
        action="target.first_published",
        category=AuditCategory.ALTERATION,
        object_type="target",
        object_id=claimed.target_id,
        after={"status": "publishing", "remote_id": first.remote_id, "url": first.url},
        justification=english("the first of two linked posts is out; the second follows"),
    )


def _mark_published(tx: Transaction, claimed: Claimed, outcome: Published, now: str) -> None:
    """Published: one post, or (two linked posts) the second, beside the first."""
    if claimed.second_text is None:
        queue.mark_published(tx.db, claimed.target_id, outcome.remote_id, outcome.url, now)
    else:
        queue.mark_pair_published(tx.db, claimed.target_id, outcome.remote_id, outcome.url, now)


def _inbox_item(linked: LinkedItem) -> InboxItem:
    return InboxItem(
        remote_id=linked.remote_id,
        kind=linked.kind,
        author_handle=linked.author_handle,
        author_name=linked.author_name,
        text=linked.text,
        created_utc=linked.created_utc,
        url=linked.url,
        conversation_id=linked.conversation_id,
        in_reply_to=linked.in_reply_to,
        raw=linked.raw,
    )


def _reconnect_sentence(channel: str, message: str) -> str:
    return english(
        "{channel} needs reconnecting ({why}). It goes out once the channel is reconnected"
        " in Cordon.",
        channel=channel,
        why=message.strip().rstrip("."),
    )


def _failure_sentence(outcome: Outcome, attempts: int) -> str:
    if isinstance(outcome, Rejected):
        return english("The network refused it: {message}", message=outcome.message)
    if isinstance(outcome, Transient):
        return english_n(
            "Gave up after {n} try: {message}",
            "Gave up after {n} tries: {message}",
            attempts,
            message=outcome.message,
        )
    return english("It failed, for a reason the network did not give.")


def _take_over(tx: Transaction, *, holders: list[str], real_now: datetime) -> None:
    """Before settling the sends of services that are no longer alive: each is marked
    failed, so one that was only frozen stops at its next heartbeat, never sends on."""
    for holder in holders:
        if engine_rows.mark_gone(
            tx.db, holder, real_now, "Another engine settled its sends: it had stopped answering."
        ):
            tx.audit(
                actor=ACTOR,
                action="engine.taken_over",
                category=AuditCategory.SYSTEM,
                object_type="engine",
                object_id=holder,
                after={"state": "failed", "why": "its sends were settled by another engine"},
            )
