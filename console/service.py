"""The engine service: publishing, sync and everything that must happen on time, in a
process of its own (``cordon serve STORE``), so no window can stop it.

``EngineService`` wraps a ``console.engine.Engine`` with what a process on its own
needs:

* **a lease**: one service per store (``storage.engine_service``). A second is
  refused with ``EngineBusy`` while the first is alive; a service whose process is
  gone (same host) or whose heartbeat is stale is taken over, and the take-over is
  in the audit trail (``engine.start`` names the one it replaced);
* **a heartbeat** every ``BEAT_SECONDS`` (a quiet write: no view wakes for it), from
  which every window tells whether publishing is really on. A heartbeat that finds
  the lease taken by another service stops this one at once: two never publish side
  by side for long, and a claim is one transaction, so none sends twice even then;
* **requests** from windows and commands (``stop``, ``catch_up``, and what the layers
  above add: the exercise's ``jump``), taken in order when a commit announces them;
* **companions**: what the layers above run beside the engine (the exercise runner),
  added with ``add_companion`` by the composition root's imports;
* **sleep**: when the real clock jumps ahead of the monotonic one (the machine
  slept), a publishing pass runs at once and companions catch up.

It runs the same in the ``serve`` process and in a test's or benchmark's process.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from console.engine_health import boot_id, engine_alive, process_mark, this_host
from console.timezone import local_text
from storage import engine_service as rows
from storage.engine_service import (
    BEAT_SECONDS,
    Request,
    RequestKind,
    ServiceRow,
    ServiceState,
)
from storage.errors import StoreError, StoreTooNew
from storage.i18n import _
from storage.records import AuditCategory
from storage.store import Store, Transaction
from storage.stored_words import english
from storage.timeutil import Clock, system_clock

if TYPE_CHECKING:
    from console.engine import Engine

log = logging.getLogger(__name__)
ACTOR = "engine"
SLEEP_JUMP_SECONDS = 30.0  # the real clock ahead of the monotonic one by this much: a sleep
KEEP_REQUESTS = timedelta(days=1)  # finished requests are forgotten after this
REQUEST_POLL_SECONDS = 5.0  # a request is noticed by its commit; this is the fallback


class EngineBusy(StoreError):
    """Another engine service holds this store's lease and is alive."""


class Companion(Protocol):
    """Something the layers above run beside the engine (the exercise runner)."""

    async def stop(self) -> None: ...

    async def catch_up(self) -> int: ...


CompanionFactory = Callable[["EngineService"], Awaitable[Companion | None]]
Handler = Callable[["EngineService", Request], Awaitable[str]]
_COMPANIONS: list[CompanionFactory] = []
_HANDLERS: dict[RequestKind, Handler] = {}


def add_companion(factory: CompanionFactory) -> None:
    """Run ``factory(service)`` once the engine has started; it returns what to stop
    with the service (or None: nothing to run in this store)."""
    if factory not in _COMPANIONS:
        _COMPANIONS.append(factory)


def handle(kind: RequestKind, handler: Handler) -> None:
    """Requests of ``kind`` are answered by ``handler(service, request)``, which
    returns a sentence for the asker (or raises ``StoreError`` with one)."""
    _HANDLERS[kind] = handler


def busy_sentence(row: ServiceRow, real_now: datetime) -> str:
    return english(
        "Cordon's engine is already running for this store (process {pid} on {host}, started"
        " {started}, heard from {seconds} s ago): it publishes and syncs for every window."
        " Stop it first if you want another.",
        pid=row.pid,
        host=row.host,
        started=local_text(row.started_utc, compact=True),  # figures: any language reads them
        seconds=max(0, round(row.beat_age(real_now))),
    )


class EngineService:
    def __init__(
        self,
        store: Store,
        engine: Engine | None = None,
        *,
        real_clock: Clock = system_clock,
        monotonic: Callable[[], float] = time.monotonic,
        beat_seconds: float = BEAT_SECONDS,
        started_by: str = "",
    ) -> None:
        if engine is None:
            from console.engine import Engine  # the window imports this module, not the engine

            engine = Engine(store)
        self.store = store
        self.engine = engine
        self.real_clock = real_clock
        self._monotonic = monotonic
        self.beat_seconds = beat_seconds
        self.started_by = started_by  # whose key started it ("" when unknown)
        self.holder = uuid.uuid4().hex
        self.pid = os.getpid()
        self.host = this_host()
        self.companions: list[Companion] = []
        self.notes: list[str] = []  # sentences for the status ("another window plays it")
        self._stopped = asyncio.Event()
        self._stop_reason = ""
        self.final_state: ServiceState | None = None  # how it ended (stopped or failed)
        self._stopping = False
        self._wake_requests = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self._marks: tuple[float, datetime] | None = None
        self.beats = 0

    # -- starting --------------------------------------------------------------------------

    async def start(self) -> None:
        """Take the lease, start the engine and its companions, and begin beating.
        ``EngineBusy`` if another service is alive on this store."""
        try:
            await self._take_lease()
        except BaseException:
            await self.engine.stop()  # it never started: this frees its simulator's port
            raise
        # Beat from the start: starting can take a while (the first publishing pass
        # asks the networks about what a crash left in flight), and a window must not
        # take a slow start for a dead engine.
        self._marks = (self._monotonic(), self.real_clock())
        self._tasks = [asyncio.ensure_future(self._beat_loop())]
        self.engine.lease_holder = self.holder  # it claims and sends only while it holds it
        try:
            await self.engine.start()
            for factory in list(_COMPANIONS):
                try:
                    companion = await factory(self)
                except StoreError as refused:
                    self.notes.append(refused.english)  # kept: a window reads it
                    continue
                if companion is not None:
                    self.companions.append(companion)
            await self.store.write(
                lambda tx: rows.beat(
                    tx.db, self.holder, self.real_clock(), ServiceState.RUNNING,
                    "\n".join(self.notes),  # one a line: each read back on its own
                )
            )  # fmt: skip
        except BaseException as error:
            await self._fail_start(error)
            raise
        self.store.add_commit_listener(self._wake_requests.set)
        self._tasks.append(asyncio.ensure_future(self._request_loop()))

    async def _take_lease(self) -> None:
        real_now = self.real_clock()

        def take(tx: Transaction) -> ServiceRow | None:
            live = [row for row in rows.read_all(tx.db) if row.state.live]
            gone = frozenset(
                row.holder for row in live if row.host == self.host and not engine_alive(row)
            )
            busy = rows.take(
                tx.db, holder=self.holder, pid=self.pid, host=self.host, real_now=real_now,
                gone=gone, several=self.store.team, proc_start=process_mark(self.pid),
                boot_id=boot_id(),
            )  # fmt: skip
            if busy is not None:
                return busy
            after: dict[str, Any] = {"pid": self.pid, "host": self.host}
            if self.started_by:
                after["started_by"] = self.started_by
            # Those it replaced never said they stopped: they crashed, were killed, or froze.
            replaced = [row for row in live if not self.store.team or row.holder in gone]
            for found in replaced:
                after.setdefault("replaced", {
                    "pid": found.pid,
                    "host": found.host,
                    "state": found.state.value,
                    "last_beat_utc": found.beat_utc,
                    "gone": found.holder in gone,
                })  # fmt: skip
                _release_exercise(tx, found.holder)
            others = [row for row in live if row not in replaced]
            if others:  # a team store's other services, still running
                after["beside"] = [{"pid": r.pid, "host": r.host} for r in others]
            abandoned = (
                0
                if self.store.team
                else rows.abandon_unfinished(
                    tx.db,
                    real_now,
                    english("The engine it was asked of has gone: ask again if need be."),
                )
            )  # (on a team store another service may be answering one now)
            if abandoned:
                after["requests_abandoned"] = abandoned
            tx.audit(
                actor=ACTOR,
                action="engine.start",
                category=AuditCategory.SYSTEM,
                object_type="engine",
                object_id=self.holder,
                after=after,
            )
            return None

        busy = await self.store.write(take)
        if busy is not None:
            raise EngineBusy(busy_sentence(busy, real_now))

    async def _fail_start(self, error: BaseException) -> None:
        sentence = error.english if isinstance(error, StoreError) else english(
            "The engine could not start ({name}); the details are in its log.",
            name=error.__class__.__name__,
        )  # fmt: skip
        self._stopping = True
        for task in self._tasks:  # the heartbeat, begun with the lease
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        for companion in reversed(self.companions):
            with contextlib.suppress(Exception):
                await companion.stop()
        self.companions.clear()
        with contextlib.suppress(Exception):
            await self.engine.stop()
        if not self.store.closed:
            with contextlib.suppress(StoreError):
                await self._release(ServiceState.FAILED, sentence, by=ACTOR)
        self._stop_reason = sentence
        self.final_state = ServiceState.FAILED
        self._stopped.set()

    # -- running ---------------------------------------------------------------------------

    async def wait(self) -> str:
        """Until the service has stopped; returns why."""
        await self._stopped.wait()
        return self._stop_reason

    @property
    def stopped(self) -> bool:
        return self._stopped.is_set()

    @property
    def stopping(self) -> bool:
        return self._stopping

    async def _beat_loop(self) -> None:
        while not self._stopping:
            await asyncio.sleep(self.beat_seconds)
            if self.stopping:
                return
            try:
                kept = await self.store.write(
                    lambda tx: rows.beat(tx.db, self.holder, self.real_clock()), quiet=True
                )
            except StoreTooNew:
                # A newer Cordon upgraded the store: nothing this engine writes can be
                # saved (claims included, so nothing is sent); it stops for the newer one.
                log.error("a newer Cordon upgraded this store; this engine stops")
                self._spawn_stop(
                    english("A newer version of Cordon upgraded the store: this engine stopped."),
                    state=ServiceState.FAILED,
                    release=False,
                )
                return
            except StoreError as error:
                # The window shows the beat growing late; keep trying.
                log.warning("the engine's heartbeat could not be written: %s", error)
                continue
            self.beats += 1
            if not kept:
                log.error("another engine took this store's lease over; this one stops")
                self._spawn_stop(
                    english(
                        "Another engine took over this store (this one had stopped answering)."
                    ),
                    state=ServiceState.FAILED,
                    release=False,
                )
                return
            if self._slept():
                await self.catch_up()

    def _slept(self) -> bool:
        last = self._marks
        self._marks = (self._monotonic(), self.real_clock())
        if last is None:
            return False
        real_gap = (self._marks[1] - last[1]).total_seconds()
        return real_gap - (self._marks[0] - last[0]) > SLEEP_JUMP_SECONDS

    async def catch_up(self) -> None:
        """After a sleep (or when asked): a publishing pass now, companions catch up."""
        scheduler = self.engine.scheduler
        if scheduler is not None:
            await scheduler.run_now()
        for companion in list(self.companions):
            try:
                await companion.catch_up()
            except StoreError:
                log.exception("catching up after a sleep failed")

    async def _request_loop(self) -> None:
        pruned = 0.0
        while not self._stopping:
            self._wake_requests.clear()
            try:
                await self._answer_requests()
                if self._monotonic() - pruned > 3600:
                    pruned = self._monotonic()
                    await self._prune(self.real_clock() - KEEP_REQUESTS)
            except StoreError as error:
                if self.store.closed:
                    return
                log.warning("the engine could not read its requests: %s", error)
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(REQUEST_POLL_SECONDS):
                    await self._wake_requests.wait()

    async def _answer_requests(self) -> None:
        for request in await self.store.run(rows.pending):
            if self._stopping:
                return
            if request.kind is RequestKind.STOP:
                meant_for = request.args.get("holder")
                if meant_for and meant_for != self.holder:
                    # Asked of an engine that has gone: not this one's to obey.
                    if await self._claim(request.id):
                        await self._finish(
                            request.id,
                            False,
                            english("The engine it was asked of had already gone."),
                        )
                    continue
                reason = str(request.args.get("reason", ""))
                await self._claim(request.id)
                await self.stop(
                    # The officer's own words: never translated (not a SENTENCE_FIELDS name).
                    english("Stopped by {user}: {words}", user=request.requested_by, words=reason)
                    if reason
                    else english("Stopped by {user}.", user=request.requested_by),
                    by=request.requested_by,
                    request_id=request.id,
                )
                return
            if not await self._claim(request.id):
                continue
            ok, sentence = True, ""
            try:
                if request.kind is RequestKind.CATCH_UP:
                    await self.catch_up()
                    sentence = english("Caught up.")
                elif request.kind is RequestKind.SYNC_NOW:
                    sentence = self._sync_now(request)
                else:
                    handler = _HANDLERS.get(request.kind)
                    if handler is None:
                        raise StoreError.kept(
                            english("This engine cannot do {what}.", what=request.kind.value)
                        )
                    sentence = await handler(self, request)
            except StoreError as refused:
                # Kept as the request's answer, in English: the asker may speak another
                # language (a refusal raised with StoreError.kept).
                ok, sentence = False, refused.english
            except Exception as error:
                log.exception("a request to the engine failed")
                ok, sentence = (
                    False,
                    english(
                        "The engine failed doing this ({name}); the details are in its log.",
                        name=error.__class__.__name__,
                    ),
                )
            await self._finish(request.id, ok, sentence)

    def _sync_now(self, request: Request) -> str:
        sync = self.engine.sync
        if sync is None:
            raise StoreError.kept(
                english("Sync is not running in the engine yet: try again in a moment.")
            )
        channel_id = request.args.get("channel_id")
        sync.wake(int(channel_id) if channel_id is not None else None)
        return english("Sync started.")

    async def _claim(self, request_id: int) -> bool:
        return await self.store.write(lambda tx: rows.claim(tx.db, request_id))

    async def _finish(self, request_id: int, ok: bool, sentence: str) -> None:
        real_now = self.real_clock()
        await self.store.write(
            lambda tx: rows.finish(tx.db, request_id, ok=ok, result=sentence, real_now=real_now)
        )

    async def _prune(self, before: datetime) -> None:
        def prune(tx: Transaction) -> None:
            rows.prune(tx.db, before)
            rows.forget_stopped(tx.db, before)

        await self.store.write(prune)

    # -- stopping --------------------------------------------------------------------------

    def _spawn_stop(self, why: str, *, state: ServiceState, release: bool) -> None:
        task = asyncio.ensure_future(self.stop(why, state=state, release=release))
        task.add_done_callback(_log_failure)

    async def stop(
        self,
        why: str = "",
        *,
        by: str = ACTOR,
        state: ServiceState = ServiceState.STOPPED,
        release: bool = True,
        request_id: int | None = None,
    ) -> None:
        """Stop the companions and the engine, then give the lease up with ``why``
        (audited as ``engine.stop`` by ``by``; "Stopped." when not given)."""
        why = why or english("The engine was stopped.")
        if self._stopping:
            await self._stopped.wait()
            return
        self._stopping = True
        self.store.remove_commit_listener(self._wake_requests.set)
        current = asyncio.current_task()
        for task in self._tasks:
            if task is not current:
                task.cancel()
        with contextlib.suppress(StoreError):
            if release and not self.store.closed:
                await self.store.write(
                    lambda tx: rows.beat(
                        tx.db, self.holder, self.real_clock(), ServiceState.STOPPING, why
                    )
                )
        for companion in reversed(self.companions):
            try:
                await companion.stop()
            except Exception:
                log.exception("a companion of the engine failed to stop")
        self.companions.clear()
        await self.engine.stop()
        if release and not self.store.closed:
            try:
                await self._release(state, why, by=by, request_id=request_id)
            except StoreError as error:
                log.error("the engine stopped but could not say so in the store: %s", error)
        others = [t for t in self._tasks if t is not current]
        if others:
            await asyncio.gather(*others, return_exceptions=True)
        self._stop_reason = why
        self.final_state = state
        self._stopped.set()

    async def _release(
        self, state: ServiceState, why: str, *, by: str, request_id: int | None = None
    ) -> None:
        real_now = self.real_clock()

        def release(tx: Transaction) -> None:
            if not rows.release(tx.db, self.holder, real_now, state=state, detail=why):
                return  # another service holds the lease now: its row is not ours to end
            if request_id is not None:
                rows.finish(tx.db, request_id, ok=True, result=why, real_now=real_now)
            tx.audit(
                actor=by,
                action="engine.stop",
                category=AuditCategory.SYSTEM,
                object_type="engine",
                object_id=self.holder,
                after={"state": state.value, "reason": why, "pid": self.pid},
            )

        await self.store.write(release)


def _release_exercise(tx: Transaction, holder: str) -> None:
    """A service that died held the exercise runner's lease under its own id: free it,
    so the new service's runner plays on at once (not after the lease times out)."""
    with contextlib.suppress(Exception):  # a store with no exercise table row
        tx.execute(
            "UPDATE exercise SET runner = NULL, runner_seen_utc = NULL WHERE id = 1 AND runner = ?",
            (holder,),
        )


def _log_failure(task: asyncio.Task[None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("stopping the engine failed", exc_info=task.exception())


# -- asking the running service -----------------------------------------------------------


async def status(store: Store) -> ServiceRow | None:
    """The service that speaks for the store's publishing (``rows.speaker``)."""
    return await store.run(rows.read)


async def statuses(store: Store) -> list[ServiceRow]:
    """Every service of the store (a team store may run several), newest first."""
    return await store.run(rows.read_all)


async def ask(
    store: Store,
    kind: RequestKind,
    by: str,
    args: dict[str, Any] | None = None,
    *,
    real_clock: Clock = system_clock,
) -> int:
    """Put a request to the engine service; returns its id (``wait_for`` follows it)."""
    real_now = real_clock()
    return await store.write(lambda tx: rows.ask(tx.db, kind, by, real_now, args))


async def wait_for(store: Store, request_id: int, timeout: float) -> Request:
    """The request once the service has finished it. ``StoreError`` with a sentence
    if it is not finished within ``timeout`` seconds (the service may be down)."""
    changed = asyncio.Event()
    store.add_commit_listener(changed.set)
    try:
        async with asyncio.timeout(timeout):
            while True:
                changed.clear()
                found = await store.run(lambda db: rows.request(db, request_id))
                if found is None:
                    raise StoreError(_("The request to the engine was lost: ask again."))
                if found.finished:
                    return found
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(1.0):
                        await changed.wait()
    except TimeoutError:
        # Nobody acts on it later: not a jump long after the window gave up, not a
        # stop for the next engine to start.
        real_now = system_clock()
        taken = not await store.write(lambda tx: rows.give_up(tx.db, request_id, real_now))
        raise StoreError(
            _(
                "The engine did not answer in time (it is still working on it): check its"
                " state in the status bar (it may have stopped), then try again."
            )
            if taken
            else _(
                "The engine did not answer in time: check its state in the status bar (it may"
                " have stopped), then try again."
            )
        ) from None
    finally:
        store.remove_commit_listener(changed.set)


async def request_stop(store: Store, by: str, reason: str, *, timeout: float = 20.0) -> bool:
    """Ask the running service to stop and wait until it has; False if none was
    running (nothing to stop)."""
    row = await status(store)
    if row is None or not row.fresh(system_clock()):
        return False
    if row.host == this_host() and not engine_alive(row):
        # Killed within the last few beats: nobody would answer (the command line
        # waited 20 s, then spoke of a status bar it does not have).
        return False
    request_id = await ask(store, RequestKind.STOP, by, {"reason": reason, "holder": row.holder})
    await wait_for(store, request_id, timeout)
    return True
