"""Pulling back what waits in the networks' own schedulers, while an incident runs.

Someone may have scheduled posts with a network's own tools (Meta Business
Suite, Mastodon's web app): Cordon's hold cannot stop those. While an incident
is active, this worker reads the native scheduler of every channel in scope
(again every few minutes, in case someone adds more), and for each item it finds:

1. keeps a **held copy** in Cordon (text, original time, channel) in the same
   transaction that records the item, so gold can still release it later and
   nothing is lost if the next step fails;
2. **unschedules** it on the network;
3. records the result: ``pulled``, or ``failed`` with the network's sentence and a
   retry with backoff. Every step is audited; failures are shown in the incident
   area, never silent.

It also pins the holding statements an officer asked to pin (where the network
can), and unpins them when the officer standing down asks. It runs in the engine
(behind a locked screen too), wakes on every committed write and every 15 seconds.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import timedelta

from console import backoff
from console.adapters import ChannelAdapters
from console.channels.base import Failure, NeedsReconnect, NetworkAdapter
from console.networks import NETWORKS
from storage import incidents, posts, pullbacks
from storage.pullbacks import PinJob
from storage.records import ApprovalState, AuditCategory, ContentKind, TargetStatus
from storage.store import Store, Transaction
from storage.timeutil import Clock, system_clock, to_iso

ACTOR = "incident pull-back"
RELIST = timedelta(minutes=5)
FIRST_BACKOFF = timedelta(seconds=30)
MAX_BACKOFF = timedelta(minutes=15)
log = logging.getLogger(__name__)


def retry_wait(attempts: int) -> timedelta:
    return backoff.wait(attempts, FIRST_BACKOFF, MAX_BACKOFF)


class PullBackWorker:
    def __init__(
        self, store: Store, adapters: ChannelAdapters, *, clock: Clock = system_clock
    ) -> None:
        self.store = store
        self.adapters = adapters
        self.clock = clock
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._running = asyncio.Lock()

    async def start(self) -> None:
        self.store.add_commit_listener(self._wake.set)
        self._task = asyncio.create_task(self._loop())

    async def stop(self) -> None:
        self.store.remove_commit_listener(self._wake.set)
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None

    async def _loop(self) -> None:
        while True:
            try:
                await self.pass_once()
            except asyncio.CancelledError:
                raise
            except Exception:  # a bug here must not stop the next pass
                log.exception("pull-back pass failed")
            self._wake.clear()
            # asyncio.timeout, not wait_for: on Python 3.11 wait_for can swallow a
            # cancellation that arrives together with a wake-up, and stop() would hang.
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(15):
                    await self._wake.wait()

    async def pass_once(self) -> int:
        """List what is due, pull back what is due. Returns how many were pulled."""
        async with self._running:
            await self.pin_requested()
            incident = await self.store.run(incidents.active)
            if incident is None:
                return 0
            now = self.clock()
            stamp = to_iso(now)
            every_before = to_iso(now - RELIST)
            channels = await self.store.run(pullbacks.channels_in_scope)
            for channel_id, network in channels:
                spec = NETWORKS.get(network)
                if spec is None or not spec.native_scheduling:
                    continue
                due = await self.store.run(
                    lambda db, c=channel_id: pullbacks.listing_due(  # type: ignore[misc]
                        db, incident.id, c, stamp, every_before
                    )
                )
                if due:
                    await self._list(incident.id, incident.engaged_by, channel_id)
            pulled = 0
            for pullback_id in await self.store.run(
                lambda db: pullbacks.due(db, incident.id, stamp)
            ):
                pulled += await self._pull(pullback_id)
            return pulled

    async def pin_requested(self) -> int:
        """Pin (or unpin) the holding statements an officer asked to. Returns how many
        were done; a failure is recorded with the network's sentence."""
        done = 0
        for job in await self.store.run(pullbacks.pins_requested):
            adapter = await self._adapter(job.channel_id)
            if isinstance(adapter, NeedsReconnect):
                failure: Failure | None = adapter
            elif job.pin:
                failure = await adapter.pin(job.remote_id)
            else:
                failure = await adapter.unpin(job.remote_id)

            def record(tx: Transaction, job: PinJob = job, f: Failure | None = failure) -> None:
                error = "" if f is None else f.message
                verb = "pin" if job.pin else "unpin"
                (pullbacks.record_pin if job.pin else pullbacks.record_unpin)(
                    tx.db, job.target_id, error
                )
                tx.audit(
                    actor=ACTOR,
                    action=f"target.{verb}" if not error else f"target.{verb}_failed",
                    category=AuditCategory.ALTERATION,
                    object_type="target",
                    object_id=job.target_id,
                    after={f"{verb}ned": not error, **({"error": error} if error else {})},
                )

            await self.store.write(record)
            done += failure is None
        return done

    async def _adapter(self, channel_id: int) -> NetworkAdapter | NeedsReconnect:
        return await self.adapters.network_adapter(channel_id)

    async def _list(self, incident_id: int, engaged_by: str, channel_id: int) -> None:
        adapter = await self._adapter(channel_id)
        found = adapter if isinstance(adapter, NeedsReconnect) else await adapter.scheduled()
        now = self.clock()

        def record(tx: Transaction) -> None:
            stamp = tx.now()
            if not isinstance(found, list):
                attempts = pullbacks.listing_attempts(tx.db, incident_id, channel_id) + 1
                retry = to_iso(now + retry_wait(attempts))
                first = attempts == 1
                pullbacks.record_listing(
                    tx.db, incident_id, channel_id, stamp, error=found.message, retry_utc=retry
                )
                if first:  # the first failure is recorded; retries are not each audited
                    tx.audit(
                        actor=ACTOR,
                        action="incident.pullback_list_failed",
                        category=AuditCategory.SYSTEM,
                        object_type="channel",
                        object_id=channel_id,
                        after={
                            "incident": incident_id,
                            "error": found.message,
                            "retry_utc": retry,
                        },
                    )
                return
            pullbacks.record_listing(tx.db, incident_id, channel_id, stamp)
            author = tx.db.execute(
                "SELECT id FROM users WHERE lower(name) = lower(?)", (engaged_by,)
            ).fetchone()
            for item in found:
                if pullbacks.known(tx.db, incident_id, channel_id, item.remote_id):
                    continue
                post_id = posts.insert_post(
                    tx.db,
                    author_id=int(author[0]),
                    kind=ContentKind.POST,
                    body=item.text or "(no text)",
                    now=stamp,
                )
                target_id = posts.insert_target(
                    tx.db,
                    post_id=post_id,
                    channel_id=channel_id,
                    status=TargetStatus.HELD,
                    approval=ApprovalState.NOT_REQUIRED,
                    scheduled_utc=item.scheduled_utc or stamp,
                    now=stamp,
                )
                incidents.mark_held(tx.db, target_id, incident_id)
                pullback_id = pullbacks.insert(
                    tx.db,
                    incident_id=incident_id,
                    channel_id=channel_id,
                    remote_id=item.remote_id,
                    scheduled_utc=item.scheduled_utc or stamp,
                    text=item.text,
                    target_id=target_id,
                    now=stamp,
                )
                tx.audit(
                    actor=ACTOR,
                    action="incident.pullback_found",
                    category=AuditCategory.COLLECTION,
                    object_type="pullback",
                    object_id=pullback_id,
                    after={
                        "incident": incident_id,
                        "channel": channel_id,
                        "remote_id": item.remote_id,
                        "scheduled_utc": item.scheduled_utc,
                        "text": item.text,
                        "held_copy": target_id,
                    },
                )

        await self.store.write(record)

    async def _pull(self, pullback_id: int) -> int:
        item = await self.store.run(lambda db: pullbacks.get(db, pullback_id))
        if item is None or item.state == "pulled":
            return 0
        adapter = await self._adapter(item.channel_id)
        failure = (
            adapter if isinstance(adapter, NeedsReconnect) else await adapter.unschedule(
                item.remote_id
            )
        )  # fmt: skip
        now = self.clock()

        def record(tx: Transaction) -> int:
            stamp = tx.now()
            if failure is None:
                pullbacks.mark_pulled(tx.db, pullback_id, stamp)
                tx.audit(
                    actor=ACTOR,
                    action="incident.pulled_back",
                    category=AuditCategory.ALTERATION,
                    object_type="pullback",
                    object_id=pullback_id,
                    before={"state": item.state},
                    after={
                        "state": "pulled",
                        "channel": item.channel_id,
                        "remote_id": item.remote_id,
                    },
                )
                return 1
            retry = to_iso(now + retry_wait(item.attempts + 1))
            pullbacks.mark_failed(tx.db, pullback_id, failure.message, retry, stamp)
            tx.audit(
                actor=ACTOR,
                action="incident.pullback_failed",
                category=AuditCategory.ALTERATION,
                object_type="pullback",
                object_id=pullback_id,
                before={"state": item.state},
                after={"state": "failed", "error": failure.message, "retry_utc": retry},
            )
            return 0

        return await self.store.write(record)
