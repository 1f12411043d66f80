"""Playing an exercise: injects onto the simulator network, on the exercise clock.

``ExerciseRunner`` works beside a running ``console.engine.Engine`` (whose simulator
the exercise's channels live on, and whose publisher and scheduler already run on
the exercise clock). It fires each inject when the clock reaches it, in order,
and audits it (``exercise.inject``); a surge's messages go out spread over its span
(``exercise.surge``). It answers the team's posts with replies from the public, more
for a bigger audience and sharper for routine content sent during an incident
(``exercise.reaction``). When sync has stored what an inject became, the inbox item
ids are recorded against it (``exercise.inject_items``). These entries are the
exercise's machinery, not the processing of anyone's data: category ``system``
(sync's own ``inbox.collect`` records the collection, as in a live store).

The runner owns the clock loop, the lease and the catch-up; it composes
``Deliveries`` (``delivery.py``: the injects onto the network) and ``Reactions``
(``reactions.py``: the public's replies).

A jump (``service.jump``) or a headless run steps from event to event: the clock
stands at each inject's, reply's or scheduled post's time in turn while it fires,
publishes and syncs, so everything in between happens in order and at its own
exercise time.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from console.engine import Engine
from console.service import EngineService, add_companion, handle
from console.session import Session
from console.timezone import local_text
from incident.exercise import service
from incident.exercise.clock import clock_of
from incident.exercise.delivery import Deliveries, SimulatedChannels
from incident.exercise.reactions import Reactions
from incident.exercise.scenario import Inject, Scenario
from storage import channels, exercises, queue, users
from storage.engine_service import Request, RequestKind
from storage.errors import StoreError
from storage.exercises import ClockState, ExerciseClock
from storage.records import AuditCategory
from storage.store import Store, Transaction
from storage.stored_words import english
from storage.timeutil import from_iso, system_clock, to_iso

log = logging.getLogger(__name__)
ACTOR = service.ACTOR
POLL_SECONDS = 2.0  # real seconds between looks for the team's new posts
LIVE_LATENCY = 0.15  # seconds the simulated networks take to answer in a live exercise
SLEEP_JUMP_SECONDS = 60.0  # the real clock ahead of the monotonic one by this much: a sleep
RENEW_SECONDS = exercises.LEASE_SECONDS / 3  # how often (real time) the lease is renewed


@dataclass
class RunCounts:
    injects_fired: int = 0
    messages: int = 0
    reactions: int = 0
    steps: int = 0
    fired: list[str] = field(default_factory=list)


class RunnerBusy(StoreError):
    """Another console or command already plays this exercise."""


class ExerciseRunner:
    """Plays ``store``'s scenario on ``engine`` (started) while the clock runs.

    ``on_fire(inject, exercise_time)`` is called as each inject fires (the headless
    run prints it; the window may show it); ``after_step()`` is awaited after
    everything due at a moment has happened (the headless run tells what the trail
    recorded meanwhile).

    One runner plays a store at a time: it holds a lease in the exercise's row
    (renewed as it goes; ``RunnerBusy`` for a second one), and fires nothing once it
    lost it. Stopping pauses the clock (actor ``exercise``), so the exercise waits
    for the console to come back. What fell due while nothing played it (a machine
    that slept; a console killed with the clock running) is stepped through at its
    own times (``catch_up``), and an inject fired but never collected (it waited in
    the simulator of a console that closed) is delivered again at the start.
    ``monotonic`` detects a sleep: it defaults to ``time.monotonic`` with the system
    clock, and to none (no detection) with a test's fake real clock."""

    def __init__(
        self,
        store: Store,
        engine: Engine,
        clock: ExerciseClock | None = None,
        *,
        on_fire: Callable[[Inject, datetime], None] | None = None,
        after_step: Callable[[], Awaitable[None]] | None = None,
        poll_seconds: float = POLL_SECONDS,
        monotonic: Callable[[], float] | None = None,
        lease: str | None = None,
    ) -> None:
        found = clock if clock is not None else clock_of(store)
        if found is None:
            raise service.NoExercise.kept(english("This store holds no exercise to run."))
        self.store = store
        self.engine = engine
        self.clock = found
        self.on_fire = on_fire
        self.after_step = after_step
        self.poll_seconds = poll_seconds
        self.counts = RunCounts()
        self.scenario: Scenario | None = None
        self._wake = asyncio.Event()
        self._busy = asyncio.Lock()  # one firing at a time: the loop, a jump, a step
        self._task: asyncio.Task[None] | None = None
        self._helpers: set[asyncio.Task[Any]] = set()
        self._stopped = False
        # The lease names who plays: the engine service's own id when it runs there, so
        # a service that replaces a dead one frees the dead one's lease at once.
        self.lease = lease or uuid.uuid4().hex
        self._leased = False  # holds the lease (taken at start, until lost or stopped)
        self.channels = SimulatedChannels()
        self.deliveries = Deliveries(
            store, engine, found, self.lease, self.channels,
            leased=lambda: self._leased, lost=self._lost_lease, delivered=self._delivered,
        )  # fmt: skip
        self.reactions = Reactions(store, engine, self.channels)
        self._renewed: datetime | None = None
        if monotonic is None and found.real is system_clock:
            monotonic = time.monotonic
        self._monotonic = monotonic
        self._marks: tuple[float, datetime] | None = None

    # -- starting and stopping --------------------------------------------------------

    async def start(self, *, play: bool = True) -> None:
        """Load and follow the clock. ``play=False``: no loop of its own (a test calls
        ``tick`` after moving its fake real clock). ``RunnerBusy`` if another console
        or command plays the exercise."""
        await self._take_lease()
        try:
            scenario = await self.load()
            await self.deliveries.redeliver(scenario)
            service.attach(self.store, self)
            # A change of the clock made by another process (a window beside the engine
            # service) is read at the next tick: a commit wakes it.
            self.store.add_commit_listener(self._wake.set)
            unplayed, self.clock.unplayed = self.clock.unplayed, None
            await self.catch_up(unplayed)
        except BaseException:
            service.detach(self.store, self)
            self.store.remove_commit_listener(self._wake.set)
            await self._release_lease()
            raise
        self._marks = self._mark()
        if play:
            self._task = asyncio.ensure_future(self._play())

    async def tick(self) -> datetime | None:
        """Everything due by the clock's time now (what the loop does each time);
        returns that time, or None when nothing was played (not started, or another
        console plays). Nothing happens before the trainer starts the clock: an
        inject at +0m waits for the start, not for the store to be opened. It first
        takes in a change of the clock made by another console, and steps through
        what a sleep passed."""
        if await self.store.run(self.clock.refresh):
            self.clock_changed()
        if not await self._keep_lease():
            return None
        if self._slept():
            await self.catch_up()
        async with self._busy:
            if self.clock.state is ClockState.NOT_STARTED:
                return None
            now = self.clock()
            await self._happen(now, step=False)
            return now

    async def load(self) -> Scenario:
        """Read the scenario and what has fired already; set the simulator up."""
        scenario = await service.scenario_of(self.store)
        self.scenario = scenario

        def read(db: Any) -> tuple[list[exercises.InjectRow], dict[str, int], dict[int, int]]:
            return (
                exercises.injects(db),
                {c.name: c.id for c in channels.all_channels(db)},
                exercises.followers(db),
            )

        rows, ids, followers = await self.store.run(read)
        # The engine's simulator is new each time the console starts: it numbers its
        # inbox after what this store has already collected.
        self.engine.simulator.continue_after(await self.store.run(exercises.highest_simulator_seq))
        self.channels.ids = ids
        simulator = self.engine.simulator
        for channel in scenario.channels:
            self.channels.accounts[channel.name] = channel.account
            audience = followers.get(ids.get(channel.name, -1), channel.followers)
            self.channels.followers[channel.account] = audience
            simulator.set_followers(channel.account, audience)
            simulator.set_account_limit(channel.account, channel.limit)
        self.deliveries.load(scenario, rows)
        return scenario

    async def stop(self) -> None:
        """Stop playing: the clock pauses (actor ``exercise``) if it runs, so the
        exercise resumes where it stopped; the lease is given up."""
        self._stopped = True
        service.detach(self.store, self)
        self.store.remove_commit_listener(self._wake.set)
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        for task in list(self._helpers):
            task.cancel()
        if self._helpers:
            await asyncio.gather(*self._helpers, return_exceptions=True)
        if self._leased and not self.store.closed:
            try:
                await self._pause_for_stop()
            except StoreError:
                log.exception("the exercise clock could not be paused as the runner stopped")
            await self._release_lease()

    async def _pause_for_stop(self) -> None:
        def pausing(row: exercises.ClockRow, real_now: datetime) -> exercises.ClockRow:
            if row.state is not ClockState.RUNNING:
                raise _NotRunning
            return row.moved(real_now, state=ClockState.PAUSED)

        with contextlib.suppress(_NotRunning):
            await service.change_clock(
                self.store, "pause", pausing, actor=ACTOR,
                extra={"reason": "the console playing the exercise stopped"},
            )  # fmt: skip

    # -- the lease -----------------------------------------------------------------------

    async def _take_lease(self) -> None:
        real_now = self.clock.real()
        seen = await self.store.write(lambda tx: exercises.take_lease(tx.db, self.lease, real_now))
        if seen is not None:
            # Kept: the engine's note when its runner could not start beside it.
            raise RunnerBusy.kept(
                english(
                    "Another Cordon window or command is already playing this "
                    "exercise (it last answered at {value}): its injects fire "
                    "there. Close it first, or if it stopped without closing, "
                    "try again in a minute.",
                    value=local_text(seen, compact=True),  # figures: read in any language
                )
            )
        self._leased = True
        self._renewed = real_now

    async def _keep_lease(self) -> bool:
        """Renew the lease now and then; False (and nothing more fires) once lost."""
        if not self._leased:
            return False
        real_now = self.clock.real()
        if self._renewed is not None and (real_now - self._renewed).total_seconds() < RENEW_SECONDS:
            return True
        if await self.store.write(lambda tx: exercises.renew_lease(tx.db, self.lease, real_now)):
            self._renewed = real_now
            return True
        self._lost_lease()
        return False

    def _lost_lease(self) -> None:
        if self._leased:
            log.warning("another console took over playing the exercise; this one stops firing")
        self._leased = False

    async def _release_lease(self) -> None:
        if self.store.closed:
            return
        with contextlib.suppress(StoreError):
            await self.store.write(lambda tx: exercises.release_lease(tx.db, self.lease))
        self._leased = False

    # -- a sleep, a crash: what fell due while nothing played ----------------------------

    def _mark(self) -> tuple[float, datetime] | None:
        return None if self._monotonic is None else (self._monotonic(), self.clock.real())

    def _slept(self) -> bool:
        """Whether the machine slept since the last look (the real clock went on, the
        monotonic one stood still)."""
        last, self._marks = self._marks, self._mark()
        if last is None or self._marks is None:
            return False
        real_gap = (self._marks[1] - last[1]).total_seconds()
        return real_gap - (self._marks[0] - last[0]) > SLEEP_JUMP_SECONDS

    async def catch_up(self, stored: exercises.ClockRow | None = None) -> int:
        """Step through what fell due while the clock ran and nothing played it, each
        at its own time (never before the newest entry in the store), then run on
        (on ``stored``, the row as stored, if the clock stood waiting for this).
        Returns the number of steps (0: nothing was overdue)."""
        async with self._busy:
            original = stored if stored is not None else self.clock.row
            if original.state is not ClockState.RUNNING or not self._leased:
                if stored is not None:
                    self.clock.adopt(stored)
                return 0
            now = original.exercise_time(self.clock.real())
            self.clock.holding = True
            try:

                def stand(db: Any) -> datetime:
                    # On the store's thread, so no write comes between the look at
                    # the newest entry and the clock standing there.
                    newest = exercises.latest_audit_at(db)
                    floor = min(from_iso(newest), now) if newest is not None else now
                    self.clock.stand_at(_standing(original, floor, self.clock.real()))
                    return floor

                floor = await self.store.run(stand)
                due = await self._next_event(after=floor)
                if floor >= now or due is None or due >= now:
                    return 0
                steps = await self._steps(original, now)
            finally:
                self.clock.holding = False
                self.clock.adopt(original)  # running: it reads the real time's place again
            log.info("the exercise caught up %d steps that fell due unplayed", steps)
            self.counts.steps += steps
            return steps

    # -- what the clock's services call ------------------------------------------------

    def clock_changed(self) -> None:
        self._wake.set()
        scheduler = self.engine.scheduler
        if scheduler is not None:  # the date job follows the clock's new pace
            self._spawn(scheduler.run_now())

    async def advance_to(self, target: datetime) -> int:
        """Step the clock event by event up to ``target`` (it stands at each event's
        time while it happens), leaving it at ``target`` in its state. Returns the
        number of steps. The caller records the clock's new place (a jump); cut
        short, the clock stays where it got to (the caller records that too)."""
        async with self._busy:
            original = self.clock.row
            self.clock.holding = True
            try:
                steps = await self._steps(original, target)
                self.clock.adopt(
                    replace(original, anchor_real=self.clock.real(), anchor_exercise=target)
                )
                await self._happen(target, step=True)
            except BaseException:
                # Never leave the clock standing at a step: put it where it got to.
                here = self.clock()
                self.clock.adopt(
                    replace(original, anchor_real=self.clock.real(), anchor_exercise=here)
                )
                raise
            finally:
                self.clock.holding = False
            self.counts.steps += steps
            return steps

    async def _steps(self, original: exercises.ClockRow, target: datetime) -> int:
        """Stand the clock at each event's time up to ``target`` while it happens."""
        steps = 0
        last: datetime | None = None
        while True:
            moment = await self._next_event(after=self.clock())
            if moment is not None and last is not None and moment <= last:
                # Something due here cannot happen (a post its channel will
                # not take yet): look past this time.
                moment = await self._next_event(after=last, strictly=True)
            if moment is None or moment > target:
                return steps
            last = moment
            self.clock.adopt(_standing(original, moment, self.clock.real()))
            await self._happen(moment, step=True)
            steps += 1

    # -- the loop while the clock runs ---------------------------------------------------

    async def _play(self) -> None:
        assert self.scenario is not None
        end = self.scenario.starts_utc + self.scenario.duration
        while not self._stopped:
            self._wake.clear()
            try:
                played = await self.tick()
                running = self.clock.state is ClockState.RUNNING
                # Ended only once everything due by the end has happened: by the
                # time this tick played to, not by the clock read again after it
                # (which may have passed the end while the tick ran).
                if running and self._leased and played is not None and played >= end:
                    await self._end()
                    continue
            except StoreError:
                if self.store.closed:
                    return
                log.exception("the exercise could not use the store; it tries again")
            except Exception:
                log.exception("playing the exercise failed; it tries again")
            delay = await self._delay(end)
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(delay):
                    await self._wake.wait()

    async def _delay(self, end: datetime) -> float | None:
        if self.clock.state is not ClockState.RUNNING:
            return None if self.clock.state is ClockState.ENDED else self.poll_seconds
        moment = await self._next_event(after=self.clock(), posts=False)
        moment = end if moment is None else min(moment, end)
        until = self.clock.real_delay_until(moment)
        return self.poll_seconds if until is None else min(until, self.poll_seconds)

    async def _end(self) -> None:
        def ending(row: exercises.ClockRow, real_now: datetime) -> exercises.ClockRow:
            return row.moved(real_now, state=ClockState.ENDED)

        await service.change_clock(self.store, "end", ending, actor=ACTOR)

    # -- events --------------------------------------------------------------------------

    async def _next_event(
        self, *, after: datetime, posts: bool = True, strictly: bool = False
    ) -> datetime | None:
        """The earliest thing still to happen (a delivery, a reply, a scheduled post),
        no earlier than ``after`` (later than it, if ``strictly``)."""
        found = self.deliveries.moments() + self.reactions.moments()
        if posts:
            due = await self.store.run(queue.next_due)
            if due is not None:
                found.append(from_iso(due))
        if strictly:
            found = [moment for moment in found if moment > after]
        if not found:
            return None
        return max(min(found), after)

    async def _happen(self, now: datetime, *, step: bool) -> None:
        """Everything due by ``now``: injects, then the team's posts, then replies."""
        touched = await self.deliveries.fire_due(now)
        if step and self.engine.scheduler is not None:
            await self.engine.scheduler.publisher.publish_due()
        await self.reactions.plan(now)
        reacted, replies = await self.reactions.react(now, leased=self._leased)
        self.counts.reactions += replies
        touched |= reacted
        if step and self.engine.sync is not None:
            for channel_id in sorted(touched):
                with contextlib.suppress(StoreError):
                    await self.engine.sync.sync_once(channel_id)
        elif self.engine.sync is not None:
            for channel_id in touched:
                self.engine.sync.wake(channel_id)
        await self.link_items()
        if self.after_step is not None:
            await self.after_step()

    def _delivered(self, inject: Inject, messages: int, first: bool, now: datetime) -> None:
        self.counts.messages += messages
        if first:
            self.counts.injects_fired += 1
            self.counts.fired.append(inject.id)
            if self.on_fire is not None:
                self.on_fire(inject, now)

    # -- what sync made of the injects ---------------------------------------------------

    async def link_items(self) -> None:
        """Record the inbox items sync stored for fired injects (read first: a quiet
        pass writes nothing)."""
        if not await self.store.run(exercises.unlinked_items):
            return

        def write(tx: Transaction) -> None:
            for inject_id, item_ids in exercises.unlinked_items(tx.db):
                before = exercises.inject(tx.db, inject_id)
                exercises.set_items(tx.db, inject_id, item_ids)
                tx.audit(
                    actor=ACTOR,
                    action="exercise.inject_items",
                    category=AuditCategory.SYSTEM,
                    object_type="inject",
                    object_id=inject_id,
                    before={"item_ids": list(before.item_ids) if before else []},
                    after={"inject": inject_id, "item_ids": item_ids},
                )

        await self.store.write(write)

    def _spawn(self, work: Any) -> None:
        task = asyncio.ensure_future(work)
        self._helpers.add(task)
        task.add_done_callback(self._helper_done)

    def _helper_done(self, task: asyncio.Task[Any]) -> None:
        self._helpers.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("an exercise helper failed", exc_info=task.exception())


class _NotRunning(Exception):
    """The clock was not running when the runner stopped: nothing to pause."""


def _standing(row: exercises.ClockRow, moment: datetime, real_now: datetime) -> exercises.ClockRow:
    """The clock standing at ``moment`` (a step of a jump or a headless run)."""
    return replace(row, state=ClockState.PAUSED, anchor_real=real_now, anchor_exercise=moment)


async def runner_for(engine: Engine, lease: str | None = None) -> ExerciseRunner | None:
    """Start playing the exercise if the engine's store holds one (what the engine
    service does after starting the engine; stop the runner before the engine: that
    pauses the clock). ``RunnerBusy`` if another service or command already plays it."""
    if clock_of(engine.store) is None:
        return None
    engine.simulator.set_latency(LIVE_LATENCY)  # answers take a moment, as a network's do
    runner = ExerciseRunner(engine.store, engine, lease=lease)
    await runner.start()
    return runner


async def _play_beside(engine_service: EngineService) -> ExerciseRunner | None:
    """The engine service's companion: the runner, under the service's own id."""
    return await runner_for(engine_service.engine, lease=engine_service.holder)


async def _jump_for(engine_service: EngineService, request: Request) -> str:
    """A window asked the engine service to jump the exercise clock (only the runner
    beside the engine can step through what falls due on the way)."""
    store = engine_service.store
    user = await store.run(lambda db: users.by_name(db, request.requested_by))
    if user is None or not user.active:
        raise StoreError.kept(
            english("{user} may no longer control this exercise.", user=request.requested_by)
        )
    seconds = float(request.args.get("seconds", -1))
    if seconds < 0:
        raise StoreError.kept(english("The jump asked for no time: choose how far to jump."))
    row = await service.jump(Session(store, user, via="engine service"), timedelta(seconds=seconds))
    # Kept as the request's answer (in English, shown in the asker's language).
    return english(
        "The exercise clock stands at {time}.",
        time=local_text(to_iso(row.anchor_exercise), compact=True),  # figures: any language
    )


add_companion(_play_beside)
handle(RequestKind.JUMP, _jump_for)
