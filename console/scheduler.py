"""When to publish: APScheduler on the running asyncio loop, rebuilt from the store.

The store is the source of truth. Instead of one job per target (100,000 of them
would be rebuilt on every change), the scheduler keeps one date job at the earliest
time anything may be tried (``storage.queue.next_due``), and rebuilds it at start
and after every committed write. A second, interval job re-checks every
``watch_seconds``: APScheduler trusts the monotonic clock, which stops while the
machine sleeps (upstream issue 794), so after a resume the watch notices due work
within seconds and the publisher marks what passed the grace as missed.

``clock`` is the publisher's clock. When it is an exercise clock (a training exercise), the
date job's real delay is the exercise time to wait divided by the clock's speed, and
while the clock stands still (paused, not started) no date job is set: the runner
calls ``run_now`` when the clock moves again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import UTC, datetime, timedelta
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from console.publisher import Publisher
from storage import queue
from storage.timeutil import Clock, from_iso, system_clock

JOB = "publish-due"
WATCH = "publish-watch"
log = logging.getLogger(__name__)
# A date job falling due while two passes are already running or waiting is skipped by
# design (each pass rebuilds the job when it ends); APScheduler says so as a warning on
# every such skip, which in a stepped exercise run is every few events. Its real errors
# still show.
logging.getLogger("apscheduler.scheduler").setLevel(logging.ERROR)


class PublishingScheduler:
    def __init__(
        self, publisher: Publisher, watch_seconds: float = 15.0, clock: Clock = system_clock
    ) -> None:
        self.publisher = publisher
        self.clock = clock
        self.store = publisher.store
        self._scheduler = AsyncIOScheduler(timezone=UTC)
        self._watch_seconds = watch_seconds
        self._rebuild_pending = False
        self._tasks: set[asyncio.Task[None]] = set()
        self.passes = 0
        # When the last pass that sent nothing started (None: it sent something), and
        # how many commits others had made by its end: a post written since then goes
        # at once, even while an exercise clock stands still (its time does not move).
        self._idle_pass_at: datetime | None = None
        self._commits = 0
        self._idle_commits = 0

    async def start(self) -> None:
        self._scheduler.start()
        self._scheduler.add_job(
            self._run_pass, "interval", seconds=self._watch_seconds, id=WATCH,
            coalesce=True, max_instances=1,
        )  # fmt: skip
        self.store.add_commit_listener(self._store_changed)
        await self.run_now()

    async def run_now(self) -> None:
        """One pass now (start, resume, clock jump), then schedule the next."""
        await self._run_pass()

    async def rebuild(self) -> None:
        if self.store.closed:
            return
        next_due = await self.store.run(self._next_due)
        if next_due is None:
            if self._scheduler.get_job(JOB):
                self._scheduler.remove_job(JOB)
            return
        now = self.clock()
        when = max(from_iso(next_due), now)
        idle_at = self._idle_pass_at
        written_since = self._commits != self._idle_commits
        if (
            idle_at is not None
            and when <= now
            and from_iso(next_due) <= idle_at
            and not written_since
        ):
            # It was due at the last pass, which could not take it (the network is
            # down, say): do not spin; the next try is a few seconds away. What fell
            # due after that pass, or was written since (a reply), goes now.
            delay: float | None = 5.0
        else:
            delay = _real_delay(self.clock, now, when)
        if delay is None:  # the clock stands still: nothing falls due by itself
            if self._scheduler.get_job(JOB):
                self._scheduler.remove_job(JOB)
            return
        run_date = datetime.now(UTC) + timedelta(seconds=delay)
        planned = self._scheduler.get_job(JOB)
        planned_at = planned.next_run_time if planned is not None else None
        if planned_at is not None and planned_at <= run_date:
            # Already planned sooner: a stream of commits (sync writes one per pass)
            # must not keep putting the pass off.
            return
        # Two instances: a pass rebuilds this job at its own end, while APScheduler
        # still counts it as running; with one allowed, a job due at once (the next
        # post already due) was skipped there and the post waited for the watch, up
        # to 15 s. The second instance waits for the first's lock (one pass at a
        # time) and goes at once.
        self._scheduler.add_job(
            self._run_pass, "date", run_date=run_date, id=JOB, replace_existing=True,
            misfire_grace_time=None, coalesce=True, max_instances=2,
        )  # fmt: skip

    async def _run_pass(self) -> None:
        if self.store.closed:
            return
        started = self.clock()
        try:
            results = await self.publisher.publish_due()
            self._idle_pass_at = None if results else started
        except Exception:
            self._idle_pass_at = started
            log.exception("a publishing pass failed; the next one will try again")
        self._idle_commits = self._commits  # the pass's own writes are not news
        self.passes += 1
        await self.rebuild()

    def _next_due(self, db: Any) -> str | None:
        refresh = getattr(self.clock, "refresh", None)
        if refresh is not None:  # an exercise clock another console may have moved
            refresh(db)
        return queue.next_due(db)

    def _store_changed(self) -> None:
        self._commits += 1
        if self._rebuild_pending:
            return
        self._rebuild_pending = True

        async def later() -> None:
            self._rebuild_pending = False
            await self.rebuild()

        task = asyncio.ensure_future(later())
        self._tasks.add(task)
        task.add_done_callback(self._done)

    def _done(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("rebuilding the schedule failed", exc_info=task.exception())

    async def stop(self) -> None:
        """Stop scheduling, and let a pass under way record what it sent (within
        ten seconds: past that, reconciling at the next start settles it)."""
        self.store.remove_commit_listener(self._store_changed)
        self._scheduler.shutdown(wait=False)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.publisher.wait_idle(), timeout=10)
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)


def _real_delay(clock: Clock, now: datetime, when: datetime) -> float | None:
    """Real seconds until ``clock`` reads ``when``; None if it will not get there."""
    real_delay_until = getattr(clock, "real_delay_until", None)
    if real_delay_until is not None:  # an exercise clock: speed and pauses
        found: float | None = real_delay_until(when)
        return found
    return max(0.0, (when - now).total_seconds())
