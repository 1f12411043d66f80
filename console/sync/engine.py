"""The sync engine: one asyncio loop per enabled channel, plain asyncio, no Qt.

Each pass on a channel (``sync_once``):

1. reads the channel's row and sync state; a paused channel, or one that needs
   reconnecting, waits to be woken (a commit, ``wake``, or every ``recheck`` s);
2. asks the adapter to renew its token if it expires soon (``refresh``: the
   adapter keeps new tokens through ``console.credentials.secrets_sink``);
3. reads the inbox forward from the stored cursor, page after page, storing each
   page's new items **and the cursor in one transaction**: a process killed
   between the fetch and the commit stores neither, and reads the page again
   (the items are unique per channel, so nothing is stored twice or skipped);
4. every ``metrics_every`` s, counts the channel's recent published posts;
5. where the server says what it accepts (``LimitsReader``: Mastodon-compatible
   servers), reads its software and limits and keeps them on the channel when they
   changed (audited), so posts are counted the way that server counts; a failed read
   keeps what was known and does not fail the pass;
6. records the pass: ok, or degraded / offline with a backoff that doubles per
   failure in a row (with jitter, capped), never shorter than a ``Retry-After``.

Before every call it looks at the network's rate budget (``adapter.budget()``):
once the remaining calls fall to the reserve kept for publishing, it waits for the
reset instead of meeting a 429. ``NeedsReconnect`` from any step marks the channel
``needs_reconnect`` until it is connected again.

When every channel being synced failed because its network could not be reached,
``offline`` turns true (the window shows a banner); the first success clears it.
Store work goes through ``store.run``/``store.write``: nothing blocks the loop.

The window reads ``health()`` (a snapshot per channel) and ``offline``, and
listens with ``add_listener`` (called on the loop with a ``SyncEvent``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

from console.adapters import ChannelAdapters
from console.channel_admin import keep_limits
from console.channels.base import (
    Failure,
    InboxPage,
    LimitsReader,
    NeedsReconnect,
    NetworkAdapter,
    RateBudget,
    Rejected,
    Transient,
)
from console.inbox import watch
from console.inbox.work import audit_reopened
from console.session import Session
from console.sync import state as transitions
from console.sync.health import ChannelHealth, SyncEvent
from console.sync.policy import SyncPolicy
from storage import channels, conversations, metrics, sync_state
from storage import credentials as stored
from storage.errors import StoreError
from storage.records import MANUAL_NETWORKS, AuditCategory, Channel, ServerLimits
from storage.store import Store, Transaction
from storage.stored_words import english
from storage.sync_state import PassRecord, SyncRow, SyncState
from storage.timeutil import Clock, system_clock, to_iso

ACTOR = transitions.ACTOR
log = logging.getLogger(__name__)
BLOCKED = (SyncState.PAUSED, SyncState.NEEDS_RECONNECT)
Sleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True)
class _Loaded:
    channel: Channel
    row: SyncRow
    expires_utc: str | None


def _load(db: Any, channel_id: int) -> _Loaded | None:
    channel = channels.get(db, channel_id)
    if channel is None:
        return None
    return _Loaded(channel, sync_state.get(db, channel_id), stored.expiry_of(db, channel_id))


def _parse_time(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class SyncEngine:
    """Background sync for every enabled channel of one store.

    ``clock`` and ``sleep`` (used for rate-limit waits) are injectable so tests
    can run passes on a fake clock; ``rng`` draws the backoff jitter.
    """

    def __init__(
        self,
        store: Store,
        adapters: ChannelAdapters,
        *,
        policy: SyncPolicy | None = None,
        clock: Clock = system_clock,
        sleep: Sleep = asyncio.sleep,
        rng: random.Random | None = None,
    ) -> None:
        self.store = store
        self.adapters = adapters
        self.policy = policy or SyncPolicy()
        self.clock = clock
        self._sleep = sleep
        self._rng = rng or random.Random()  # noqa: S311 - jitter, not a secret
        self._loops: dict[int, asyncio.Task[None]] = {}
        self._wakes: dict[int, asyncio.Event] = {}
        self._health: dict[int, ChannelHealth] = {}
        self._expiries: dict[int, str | None] = {}
        self._reachable: dict[int, bool] = {}  # per channel: did the last pass reach it
        self._offline = False
        self._listeners: list[Callable[[SyncEvent], None]] = []
        self._helpers: set[asyncio.Task[None]] = set()
        self._refresh_pending = False
        self._running = False

    # -- the window's API ----------------------------------------------------------------

    def health(self) -> dict[int, ChannelHealth]:
        """Each synced channel's health now (``token_expires_in`` counted at this call)."""
        now = self.clock()
        snapshot = {}
        for channel_id, health in self._health.items():
            expires = _parse_time(self._expiries.get(channel_id))
            left = None if expires is None else (expires - now).total_seconds()
            snapshot[channel_id] = replace(health, token_expires_in=left)
        return snapshot

    @property
    def offline(self) -> bool:
        """True while every channel being synced failed to reach its network."""
        return self._offline

    def add_listener(self, listener: Callable[[SyncEvent], None]) -> None:
        """Call ``listener(event)`` on the loop after each change (see ``SyncEvent``)."""
        self._listeners.append(listener)

    def remove_listener(self, listener: Callable[[SyncEvent], None]) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def wake(self, channel_id: int | None = None) -> None:
        """Sync a channel (or every channel) now instead of at its next time."""
        for known, event in self._wakes.items():
            if channel_id is None or known == channel_id:
                event.set()

    async def pause(self, session: Session, channel_id: int, *, reason: str) -> None:
        await transitions.set_paused(session, channel_id, True, reason=reason)
        self.wake(channel_id)

    async def resume(self, session: Session, channel_id: int, *, reason: str) -> None:
        await transitions.set_paused(session, channel_id, False, reason=reason)
        self.wake(channel_id)

    # -- starting and stopping -----------------------------------------------------------

    async def start(self) -> None:
        """Start a loop for every enabled channel (and later for new ones)."""
        self._running = True
        self.store.add_commit_listener(self._store_changed)
        await self._refresh_channels()

    async def stop(self) -> None:
        self._running = False
        self.store.remove_commit_listener(self._store_changed)
        tasks = list(self._loops.values()) + list(self._helpers)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._loops.clear()
        self._helpers.clear()

    async def load(self) -> None:
        """Read every enabled channel's health as the store last recorded it (what
        ``health()`` shows before the first pass), without asking any network."""
        found = await self.store.run(channels.all_channels)
        for channel in found:
            if _synced(channel) and channel.id not in self._health:
                loaded = await self.store.run(partial(_load, channel_id=channel.id))
                if loaded is not None:
                    self._note(loaded)

    async def _refresh_channels(self) -> None:
        if not self._running or self.store.closed:
            return
        await self.load()
        found = await self.store.run(channels.all_channels)
        wanted = {channel.id for channel in found if _synced(channel)}
        for channel_id in sorted(wanted - set(self._loops)):
            self._wakes.setdefault(channel_id, asyncio.Event())
            task = asyncio.ensure_future(self._loop(channel_id))
            self._loops[channel_id] = task
        for channel_id in set(self._loops) - wanted:
            self._loops.pop(channel_id).cancel()
            self._forget(channel_id)

    def _store_changed(self) -> None:
        """After any commit: blocked channels look again (a reconnect, a resume), and
        a channel added or enabled gets its loop."""
        for channel_id, health in self._health.items():
            if health.state in BLOCKED:
                self._wakes.get(channel_id, asyncio.Event()).set()
        if self._refresh_pending or not self._running:
            return
        self._refresh_pending = True

        async def later() -> None:
            self._refresh_pending = False
            await self._refresh_channels()

        task = asyncio.ensure_future(later())
        self._helpers.add(task)
        task.add_done_callback(self._helper_done)

    def _helper_done(self, task: asyncio.Task[None]) -> None:
        self._helpers.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("looking for new channels failed", exc_info=task.exception())

    async def _loop(self, channel_id: int) -> None:
        wake = self._wakes.setdefault(channel_id, asyncio.Event())
        while True:
            wake.clear()
            try:
                delay = await self.sync_once(channel_id)
            except StoreError:
                if self.store.closed:
                    return
                log.exception("sync of channel %s could not use the store", channel_id)
                delay = self.policy.max_backoff
            except Exception:  # a bug: never spin on it
                log.exception("sync of channel %s failed", channel_id)
                delay = self.policy.max_backoff
            # asyncio.timeout, not wait_for: on Python 3.11 wait_for swallows a
            # cancellation that lands with the wake (stop() would then never return).
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self.policy.recheck if delay is None else delay):
                    await wake.wait()

    # -- one pass ------------------------------------------------------------------------

    async def sync_once(self, channel_id: int) -> float | None:
        """One pass on one channel. Returns the seconds until the next pass, or None
        when the channel waits to be woken (paused, needs reconnecting, gone)."""
        loaded = await self.store.run(partial(_load, channel_id=channel_id))
        if loaded is None or not loaded.channel.enabled:
            self._forget(channel_id)
            return None
        self._note(loaded)
        if loaded.row.paused or loaded.row.state is SyncState.NEEDS_RECONNECT:
            return None
        adapter = await self.adapters.network_adapter(channel_id)
        if isinstance(adapter, NeedsReconnect):
            await self._needs_reconnect(channel_id, adapter.message)
            return None
        failure = await adapter.refresh()
        if failure is not None:
            return await self._failed(loaded, adapter, failure)
        failure = await self._read_inbox(loaded, adapter)
        if failure is not None:
            return await self._failed(loaded, adapter, failure)
        if self._metrics_due(loaded.row):
            failure = await self._refresh_metrics(loaded, adapter)
            if failure is not None:
                return await self._failed(loaded, adapter, failure)
        if isinstance(adapter, LimitsReader):
            await self._read_limits(loaded.channel, adapter)
        return await self._succeeded(loaded, adapter)

    async def _read_limits(self, channel: Channel, adapter: LimitsReader) -> None:
        limits = await adapter.server_limits()
        if not isinstance(limits, ServerLimits):
            log.info("sync of channel %s: limits not read: %s", channel.id, limits.message)
            return
        await self.store.write(lambda tx: keep_limits(tx, channel, limits, actor=ACTOR))

    async def _read_inbox(self, loaded: _Loaded, adapter: NetworkAdapter) -> Failure | None:
        channel_id = loaded.channel.id
        cursor = loaded.row.inbox_cursor
        for _ in range(self.policy.pages_per_pass):
            await self._respect_budget(channel_id, adapter)
            page = await adapter.fetch_inbox(cursor)
            if not isinstance(page, InboxPage):
                return page
            moved = page.cursor is not None and page.cursor != cursor
            if page.items or moved:
                await self._store_page(channel_id, page)
            if page.cursor is not None:
                cursor = page.cursor
            if not page.items or not moved:
                break
        return None

    async def _store_page(self, channel_id: int, page: InboxPage) -> None:
        """The page's new items and its cursor, in one transaction."""
        received = to_iso(self.clock())
        # Normalised for the threat phrases and listening rules before the write, so
        # the transaction only matches them.
        known = watch.normalised_texts(item.text for item in page.items)

        def write(tx: Transaction) -> tuple[int, watch.Watched]:
            collected = conversations.collect(tx.db, channel_id, page.items, received)
            new = collected.new
            audit_reopened(tx, collected.reopened, actor=ACTOR)
            if page.cursor is not None:
                sync_state.set_cursor(tx.db, channel_id, page.cursor)
            if new:
                tx.audit(
                    actor=ACTOR,
                    action="inbox.collect",
                    category=AuditCategory.COLLECTION,
                    object_type="channel",
                    object_id=channel_id,
                    after={"new_items": new, "fetched": len(page.items)},
                )
            # Listening rules and threat-to-life phrases read the new items, in this
            # same transaction (console.inbox.watch).
            return new, watch.items_stored(tx, channel_id, collected.items, known)

        new, watched = await self.store.write(write)
        if new:
            self._emit(SyncEvent("inbox", channel_id, new))
        if watched.flagged:
            self._emit(SyncEvent("flagged", channel_id, watched.flagged))
        if watched.alerts:
            self._emit(SyncEvent("threat", channel_id, len(watched.alerts)))

    def _metrics_due(self, row: SyncRow) -> bool:
        last = _parse_time(row.metrics_utc)
        return last is None or (self.clock() - last).total_seconds() >= self.policy.metrics_every

    async def _refresh_metrics(self, loaded: _Loaded, adapter: NetworkAdapter) -> Failure | None:
        channel_id = loaded.channel.id
        now = self.clock()
        since = to_iso(now - self.policy.metrics_window)
        stale = to_iso(now - timedelta(seconds=self.policy.metrics_every))
        batch = self.policy.metrics_batch
        candidates = await self.store.run(
            lambda db: metrics.due_for_refresh(db, channel_id, since, stale, batch)
        )
        counted: dict[str, Any] = {}
        if candidates:
            await self._respect_budget(channel_id, adapter)
            answer = await adapter.metrics([remote_id for _, remote_id in candidates])
            if not isinstance(answer, dict):
                return answer
            counted = answer
        stamp = to_iso(now)

        def write(tx: Transaction) -> int:
            rows = [
                (target_id, m.likes, m.replies, m.reposts, m.reach)
                for target_id, remote_id in candidates
                if (m := counted.get(remote_id)) is not None
            ]
            changed = metrics.save(tx.db, rows, stamp)
            gone = [target_id for target_id, remote_id in candidates if remote_id not in counted]
            metrics.touch(tx.db, gone, stamp)
            sync_state.set_metrics_time(tx.db, channel_id, stamp)
            if changed:
                tx.audit(
                    actor=ACTOR,
                    action="metrics.refresh",
                    category=AuditCategory.ALTERATION,
                    object_type="channel",
                    object_id=channel_id,
                    after={"posts_changed": changed, "posts_asked": len(candidates)},
                )
            return changed

        changed = await self.store.write(write)
        if changed:
            self._emit(SyncEvent("metrics", channel_id, changed))
        return None

    async def _respect_budget(self, channel_id: int, adapter: NetworkAdapter) -> None:
        """Wait for the rate limit's reset once the budget left is down to the reserve."""
        budget = adapter.budget()
        if budget.remaining is None or budget.remaining > self.policy.reserve(budget.limit):
            return
        reset = _parse_time(budget.reset_utc)
        if reset is None:
            return
        now = self.clock()
        wait = (reset - now).total_seconds() + self.policy.budget_margin
        if wait <= 0:
            return  # the window has reset since the last answer
        wait = min(wait, self.policy.max_budget_wait)
        self._update(channel_id, waiting_until_utc=to_iso(now + timedelta(seconds=wait)))
        try:
            await self._sleep(wait)
        finally:
            self._update(channel_id, waiting_until_utc=None)

    # -- results -------------------------------------------------------------------------

    async def _succeeded(self, loaded: _Loaded, adapter: NetworkAdapter) -> float | None:
        channel_id = loaded.channel.id
        now = self.clock()
        expires = await self.store.run(lambda db: stored.expiry_of(db, channel_id))
        self._expiries[channel_id] = expires
        delay = self.policy.interval
        expiry = _parse_time(expires)
        if expiry is not None:
            before_expiry = (expiry - now).total_seconds() - self.policy.refresh_lead
            delay = min(delay, max(before_expiry, 5.0))
        record = self._record(SyncState.OK, "", 0, now, delay, adapter, synced=True)
        self._reachable[channel_id] = True
        return await self._keep(channel_id, record, delay)

    async def _failed(
        self, loaded: _Loaded, adapter: NetworkAdapter, failure: Failure
    ) -> float | None:
        channel_id = loaded.channel.id
        if isinstance(failure, NeedsReconnect):
            await self._needs_reconnect(channel_id, failure.message)
            return None
        failures = loaded.row.failures + 1
        unreachable = isinstance(failure, Transient) and failure.unreachable
        delay = self.policy.backoff(failures, self._rng)
        if isinstance(failure, Transient) and failure.retry_after is not None:
            delay = max(delay, failure.retry_after)
        state = SyncState.OFFLINE if unreachable else SyncState.DEGRADED
        sentence = _sentence(loaded.channel, failure)
        record = self._record(state, sentence, failures, self.clock(), delay, adapter, synced=False)
        self._reachable[channel_id] = not unreachable
        log.warning("sync of channel %s: %s", channel_id, sentence)
        return await self._keep(channel_id, record, delay)

    def _record(
        self,
        state: SyncState,
        error: str,
        failures: int,
        now: datetime,
        delay: float,
        adapter: NetworkAdapter,
        *,
        synced: bool,
    ) -> PassRecord:
        budget = adapter.budget()
        return PassRecord(
            state=state,
            last_error=error,
            failures=failures,
            last_sync_utc=to_iso(now) if synced else None,
            next_sync_utc=to_iso(now + timedelta(seconds=delay)),
            budget_limit=budget.limit,
            budget_remaining=budget.remaining,
            budget_reset_utc=budget.reset_utc,
            # The delay is real seconds: so is the time a window judges lateness by.
            next_sync_real_utc=to_iso(system_clock() + timedelta(seconds=delay)),
        )

    async def _keep(self, channel_id: int, record: PassRecord, delay: float) -> float | None:
        now_state = await self.store.write(
            lambda tx: transitions.record_pass(tx, channel_id, record)
        )
        await self._reload(channel_id)
        return None if now_state is SyncState.NEEDS_RECONNECT else delay

    async def _needs_reconnect(self, channel_id: int, message: str) -> None:
        await self.store.write(
            lambda tx: transitions.mark_needs_reconnect(tx, channel_id, message, ACTOR)
        )
        await self._reload(channel_id)

    async def _reload(self, channel_id: int) -> None:
        loaded = await self.store.run(partial(_load, channel_id=channel_id))
        if loaded is None:
            self._forget(channel_id)
        else:
            self._note(loaded)

    # -- health --------------------------------------------------------------------------

    def _note(self, loaded: _Loaded) -> None:
        row = loaded.row
        previous = self._health.get(loaded.channel.id)
        health = ChannelHealth(
            channel_id=loaded.channel.id,
            name=loaded.channel.name,
            network=loaded.channel.network,
            state=SyncState.PAUSED if row.paused else row.state,
            last_sync_utc=row.last_sync_utc,
            next_sync_utc=None if row.paused else row.next_sync_utc,
            next_sync_real_utc=None if row.paused else row.next_sync_real_utc,
            last_error=row.last_error,
            budget=_budget(row),
            failures=row.failures,
            waiting_until_utc=previous.waiting_until_utc if previous else None,
        )
        self._expiries[loaded.channel.id] = loaded.expires_utc
        if health.state in BLOCKED:
            self._reachable.pop(loaded.channel.id, None)
        self._set(health)

    def _update(self, channel_id: int, **changes: Any) -> None:
        health = self._health.get(channel_id)
        if health is not None:
            self._set(replace(health, **changes))

    def _set(self, health: ChannelHealth) -> None:
        if self._health.get(health.channel_id) != health:
            self._health[health.channel_id] = health
            self._emit(SyncEvent("health", health.channel_id))
        self._check_offline()

    def _forget(self, channel_id: int) -> None:
        if self._health.pop(channel_id, None) is not None:
            self._emit(SyncEvent("health", channel_id))
        self._reachable.pop(channel_id, None)
        self._expiries.pop(channel_id, None)
        self._check_offline()

    def _check_offline(self) -> None:
        active = [cid for cid, health in self._health.items() if health.state not in BLOCKED]
        offline = bool(active) and all(self._reachable.get(cid) is False for cid in active)
        if offline != self._offline:
            self._offline = offline
            self._emit(SyncEvent("offline", None))

    def _emit(self, event: SyncEvent) -> None:
        for listener in list(self._listeners):
            try:
                listener(event)
            except Exception:  # a listener's bug must not stop sync
                log.exception("a sync listener failed")


def _budget(row: SyncRow) -> RateBudget:
    return RateBudget(row.budget_limit, row.budget_remaining, row.budget_reset_utc)


def _sentence(channel: Channel, failure: Failure) -> str:
    if isinstance(failure, Rejected):
        return english(
            "{channel}: the network refused what Cordon asked ({message}).",
            channel=channel.name,
            message=failure.message,
        )
    message = failure.message.strip()
    if not message.endswith("."):
        message += "."
    if isinstance(failure, Transient) and failure.retry_after is not None:
        return english(
            "{message} Cordon waits {seconds} s before asking again.",
            message=message,
            seconds=round(failure.retry_after),
        )
    return message


def _synced(channel: Channel) -> bool:
    """An enabled channel with a network to read (a manual one has none)."""
    return channel.enabled and channel.network not in MANUAL_NETWORKS
