"""A signed-in window's side of the engine service: start it, watch it, restart it.

``EngineKeeper`` reads the service's row once a second (one primary-key read on the
store's thread) and tells its listeners the engine's health (``EngineHealth``). When
a window signs in and no engine runs for its store, the keeper starts one
(``ProcessLauncher``: ``cordon serve`` in a new session of its own, so closing or
killing the window never stops it, with the data key handed over a socket pair).
When the engine dies (its process is gone, or it failed), the keeper starts it again
at once, then more slowly if it keeps failing, and says so; an engine stopped on
purpose (``cordon engine stop``, a window quitting) is left stopped until an officer
starts it. A *late* engine (alive but not answering) is only restarted on request:
``restart`` stops it first.

Nothing here imports Qt: the window's status bar, the lock screen and the quit
questions listen to it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import socket
import subprocess
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from console import service
from console.engine_health import (
    EngineHealth,
    EngineLevel,
    assess,
    assess_all,
    engine_alive,
    this_host,
)
from console.key_handover import send_key
from console.paths import log_dir
from storage import pg
from storage.engine_service import ServiceRow
from storage.errors import StoreError
from storage.i18n import _
from storage.lifecycle import Where, is_team
from storage.store import Store
from storage.timeutil import Clock, system_clock

log = logging.getLogger(__name__)
CHECK_SECONDS = 1.0
START_TIMEOUT_SECONDS = 30.0  # a launched engine that has not started by then failed
STOP_TIMEOUT_SECONDS = 20.0
RETRY_AFTER_SECONDS = (0.0, 5.0, 30.0, 120.0)  # waits after the 1st, 2nd... failed start
RETRY_WINDOW_SECONDS = 300.0  # failures further apart than this start the count again
LOG_LIMIT_BYTES = 5_000_000


class Launched(Protocol):
    """A started engine process (``subprocess.Popen`` has all of this)."""

    pid: int

    def poll(self) -> int | None: ...


class Launcher(Protocol):
    async def launch(self, store: Store, started_by: str) -> Launched: ...

    def last_words(self, store: Store) -> str: ...


def log_path(store: Store | Where) -> Path:
    """Where the engine of ``store`` writes its log (no secrets, no personal data),
    named after the store file, or a team store's database."""
    if isinstance(store, Path):
        name = store.stem
    elif isinstance(store, str):
        name = (
            (pg.display(store).rsplit("/", 1)[-1] or "team-store")
            if is_team(store)
            else (Path(store).stem)
        )
    else:
        name = store.label
    return log_dir() / f"{name}-engine.log"


def output_path(store: Store | Where) -> Path:
    """Where a window's engine writes what it would print on a terminal: the line it
    runs, the line it stops, its warnings and errors one line each, and whatever a
    process says as it dies before its log is open."""
    return log_path(store).with_suffix(".out")


STORE_URL_ENV = "CORDON_STORE_URL"  # a window's engine: the team store's whole URL


class ProcessLauncher:
    """Starts ``command + ["serve", STORE, "--key-fd", N]`` detached from the window,
    and hands it the store's key on the socket pair ``N`` belongs to."""

    def __init__(self, command: list[str], extra: list[str] | None = None) -> None:
        self.command = command
        self.extra = extra or []  # more arguments for ``serve`` (tests: --simulator-url)

    async def launch(self, store: Store, started_by: str) -> Launched:
        return await asyncio.to_thread(self._launch, store, started_by)

    def _launch(self, store: Store, started_by: str) -> Launched:
        path = output_path(store)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        _rotate(path)
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        environment = {
            name: value for name, value in os.environ.items() if not name.startswith("CORDON_PASS")
        }
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        where = str(store.where)
        if is_team(where):
            # The full URL (password, TLS options) goes in the environment, which only
            # this machine user can read; the arguments, which anyone can see in `ps`,
            # name the store without its password.
            environment[STORE_URL_ENV] = where
            where = pg.display(where)
        try:
            arguments = [*self.command, "serve", where]
            arguments += ["--key-fd", str(theirs.fileno()), "--started-by", started_by]
            arguments += self.extra
            process = subprocess.Popen(  # noqa: S603 - our own program, no shell
                arguments,
                pass_fds=(theirs.fileno(),),
                stdin=subprocess.DEVNULL,
                stdout=descriptor,
                stderr=descriptor,
                start_new_session=True,  # its own session: the window's end is not its end
                env=environment,
                close_fds=True,
            )
        except BaseException:
            ours.close()
            raise
        finally:
            theirs.close()
            os.close(descriptor)
        # Known at once, in this thread: a keeper closed while this launch was under
        # way never gets the process back, and it must not be dropped while it runs.
        _STARTED.append(process)
        try:
            key = store.lend_key()
        except BaseException:
            ours.close()
            raise
        try:
            send_key(ours, store.store_id, key)
        except OSError:
            log.warning("the engine process ended before it took the key")
        finally:
            key[:] = bytes(len(key))
        return process

    def last_words(self, store: Store) -> str:
        """The last line the engine wrote before it ended (its sentence, usually)."""
        return _last_line(output_path(store))


def _rotate(path: Path) -> None:
    with contextlib.suppress(OSError):
        if path.stat().st_size > LOG_LIMIT_BYTES:
            path.replace(path.with_name(path.name + ".1"))


def _last_line(path: Path) -> str:
    try:
        with path.open("rb") as handle:
            handle.seek(0, os.SEEK_END)
            handle.seek(max(0, handle.tell() - 4096))
            lines = handle.read().decode("utf-8", "replace").strip().splitlines()
    except OSError:
        return ""
    return lines[-1].removeprefix("cordon: ").strip() if lines else ""


# Every engine process this program started. An engine outlives the keeper (and the
# window) that started it, so the list is the program's: until one ends, nothing
# forgets it (Python warns of a child dropped while running), and once it ends,
# polling it reaps it (a child that died stays a zombie, "alive" to a pid check,
# until its parent polls it).
_STARTED: list[Launched] = []


def reap() -> None:
    _STARTED[:] = [child for child in _STARTED if child.poll() is None]


@dataclass
class _Attempt:
    process: Launched
    at: float  # monotonic
    sentence: str  # what the status bar says until it runs
    interrupted: bool  # it replaces an engine that died: publishing is off until it runs


class EngineKeeper:
    """Listeners get ``EngineHealth`` after every check (once a second) and after
    each start, restart or stop; ``health`` is the latest."""

    def __init__(
        self,
        store: Store,
        launcher: Launcher,
        *,
        started_by: str,
        real_clock: Clock = system_clock,
        monotonic: Callable[[], float] = time.monotonic,
        check_seconds: float = CHECK_SECONDS,
        auto_restart: bool = True,
    ) -> None:
        self.store = store
        self.launcher = launcher
        self.started_by = started_by
        self.real_clock = real_clock
        self._monotonic = monotonic
        self.check_seconds = check_seconds
        self.auto_restart = auto_restart
        self.health = EngineHealth(EngineLevel.STARTING, "Looking for the engine…", None)
        self.launches = 0  # how many engines this keeper started (tests, the status tip)
        self._listeners: list[Callable[[EngineHealth], None]] = []
        self._attempt: _Attempt | None = None
        self._failures: deque[float] = deque(maxlen=len(RETRY_AFTER_SECONDS) + 1)
        self._task: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()
        self._busy = asyncio.Lock()  # one start, restart or stop at a time
        self._closed = False
        self._note = ""  # why the last start failed, in the launcher's words

    def add_listener(self, listener: Callable[[EngineHealth], None]) -> None:
        self._listeners.append(listener)

    def remove_listener(self, listener: Callable[[EngineHealth], None]) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    # -- the loop --------------------------------------------------------------------------

    async def start(self) -> EngineHealth:
        """Look once (starting an engine if none runs), then keep looking."""
        await self.check(opening=True)
        self._task = asyncio.ensure_future(self._loop())
        return self.health

    async def close(self) -> None:
        """Stop watching (the window signs out or quits): the engine goes on."""
        self._closed = True
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        self._reap()

    async def _loop(self) -> None:
        while not self._closed:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self.check_seconds):
                    await self._wake.wait()
            self._wake.clear()
            try:
                await self.check()
            except StoreError as error:
                if self.store.closed:
                    return
                log.warning("the engine's state could not be read: %s", error)
            except Exception:
                log.exception("checking the engine failed")

    async def check(self, *, opening: bool = False) -> EngineHealth:
        """Read the row, judge it, start an engine if one is due, tell the listeners."""
        if self.store.closed:
            return self.health
        # One look, and the start it may lead to, at a time: a Restart pressed meanwhile
        # waits, then this look sees the engine it started (never a second launch).
        async with self._busy:
            found = await service.statuses(self.store)  # a team store may run several
            health = self._judge(found)
            if self._should_start(health, opening=opening):
                self._tell(health)  # what happened first (it died), then the new start
                health = await self._launch_now(after=health)
        self._tell(health)
        return health

    def _judge(self, found: list[ServiceRow]) -> EngineHealth:
        self._reap()  # an engine of ours that died is a zombie until polled
        real_now = self.real_clock()
        health = assess_all(found, real_now)  # a team store may run several
        row = health.row
        attempt = self._attempt
        if attempt is None:
            return health
        code = attempt.process.poll()
        # The engine this keeper launched, judged on its own: on a team store another
        # console's engine may speak for the store (``health.row``) while this one starts.
        mine = next(
            (r for r in found if r.pid == attempt.process.pid and r.host == this_host()), None
        )
        own = assess(mine, real_now) if mine is not None else None
        if code is not None:
            self._attempt = None
            if own is not None and own.level is EngineLevel.STOPPED:
                return health  # it ran, and was stopped on purpose
            words = self.launcher.last_words(self.store) or _("it ended with code {code}.").format(
                code=code
            )
            return self._failed(_could_not_start(words), words, row)
        if own is not None and own.publishing:
            self._attempt = None  # it runs: from now on its row tells its story
            self._note = ""
            self._failures.clear()
            return health
        starting = EngineHealth(
            EngineLevel.STARTING, attempt.sentence, row, None, interrupted=attempt.interrupted
        )
        if health.publishing:
            starting = health  # another engine publishes for the store while this one starts
        if own is not None and own.level is EngineLevel.STARTING:
            # It beats while it starts (a first pass asking slow networks takes time):
            # judged by its heartbeat, never by how long since it was launched.
            return starting
        if self._monotonic() - attempt.at < START_TIMEOUT_SECONDS:
            return starting
        self._attempt = None
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(attempt.process.pid, signal.SIGTERM)
        words = _("it did not start within {seconds} s.").format(
            seconds=round(START_TIMEOUT_SECONDS)
        )
        return self._failed(_could_not_start(words), words, row)

    def _failed(self, sentence: str, words: str, row: ServiceRow | None) -> EngineHealth:
        self._note = words
        self._failures.append(self._monotonic())
        return EngineHealth(EngineLevel.DOWN, sentence, row, None)

    def _should_start(self, health: EngineHealth, *, opening: bool) -> bool:
        if self._closed or self._attempt is not None or not self.auto_restart:
            return False
        if health.level is EngineLevel.STOPPED:
            return opening  # stopped on purpose: only a window opening starts it again
        if health.level is not EngineLevel.DOWN:
            return False
        if opening:
            return True
        now = self._monotonic()
        while self._failures and now - self._failures[0] > RETRY_WINDOW_SECONDS:
            self._failures.popleft()
        if not self._failures:
            return True  # it ran and died (killed, crashed): start it again at once
        if len(self._failures) > len(RETRY_AFTER_SECONDS):
            return False  # it keeps failing: an officer decides (the Restart button)
        return now - self._failures[-1] >= RETRY_AFTER_SECONDS[len(self._failures) - 1]

    async def _launch_now(self, after: EngineHealth | None = None) -> EngineHealth:
        try:
            process = await self.launcher.launch(self.store, self.started_by)
        except (OSError, StoreError) as error:
            self._failures.append(self._monotonic())
            return EngineHealth(
                EngineLevel.DOWN,
                _("The engine could not be started: {error}").format(error=error),
                None,
                None,
            )
        self.launches += 1
        if not any(process is known for known in _STARTED):  # another kind of launcher
            _STARTED.append(process)
        sentence = _("Starting the engine…")
        interrupted = (
            after is not None and after.level is EngineLevel.DOWN and after.row is not None
        )
        if interrupted:
            assert after is not None
            sentence = _("{problem} Starting it again…").format(problem=after.sentence)
        self._attempt = _Attempt(process, self._monotonic(), sentence, interrupted)
        return EngineHealth(EngineLevel.STARTING, sentence, None, None, interrupted=interrupted)

    def _tell(self, health: EngineHealth) -> None:
        if health.level is EngineLevel.DOWN and self._note and self._note not in health.sentence:
            retrying = self.auto_restart and len(self._failures) <= len(RETRY_AFTER_SECONDS)
            told = (
                _("{problem} Last start: {note} Cordon tries again shortly.")
                if retrying
                else _("{problem} Last start: {note}")
            )
            health = EngineHealth(
                health.level,
                told.format(problem=health.sentence, note=self._note),
                health.row,
                health.since,
            )
        self.health = health
        for listener in list(self._listeners):
            try:
                listener(health)
            except Exception:
                log.exception("an engine health listener failed")

    def _reap(self) -> None:
        reap()

    # -- what an officer asks --------------------------------------------------------------

    async def restart(self) -> EngineHealth:
        """Start the engine now (the strip's button): a late engine of this program's is
        ended first (one that is not, the force's own or another's, is taken over once
        its heartbeat is stale); the automatic retries start counting again."""
        async with self._busy:
            found = await service.statuses(self.store)
            health = assess_all(found, self.real_clock())
            row = health.row
            if health.publishing or health.level is EngineLevel.STARTING:
                self._tell(health)
                return health
            if row is not None and row.state.live and self.owns(row):
                await self._end_engine(row)
            self._failures.clear()
            self._note = ""
            self._attempt = None
            health = await self._launch_now()
        self._tell(health)
        return health

    def owns(self, row: ServiceRow) -> bool:
        """Whether the engine of ``row`` is a process this program started and that is
        still that process (so this program may signal it)."""
        self._reap()
        if row.host != this_host() or not engine_alive(row):
            return False
        return any(child.pid == row.pid for child in _STARTED)

    async def engine_is_ours(self) -> bool:
        """Whether the running engine, or one being started, is this program's (quitting
        may stop only such an engine: never the force's boot-time engine, or another's)."""
        if self._attempt is not None and self._attempt.process.poll() is None:
            return True
        return await self._ours() is not None

    async def _ours(self) -> ServiceRow | None:
        """The live engine this program started, among the store's (a team store may
        run several, some of them other machines')."""
        found = await service.statuses(self.store)
        return next((row for row in found if row.state.live and self.owns(row)), None)

    async def stop_engine(self, by: str, reason: str) -> bool:
        """Stop the engine this program started (the officer chose not to keep it
        publishing), and one it is starting: ask it, end its process if it does not
        answer, and wait until it has gone. False (nothing done) if none runs or it is
        not this program's."""
        async with self._busy:
            self.auto_restart = False
            stopped = False
            row = await self._ours()
            if row is not None:
                try:
                    stopped = await service.request_stop(
                        self.store, by, reason, timeout=STOP_TIMEOUT_SECONDS
                    )
                except StoreError:
                    stopped = await self._end_engine(row)
                # It said it stopped: it is on its way out. Wait, so no process is left
                # behind when the window goes; end it if it lingers.
                for _ in range(100):
                    if not self._alive(row):
                        break
                    await asyncio.sleep(0.1)
                else:
                    stopped = await self._end_engine(row)
            attempt, self._attempt = self._attempt, None
            if attempt is not None and attempt.process.poll() is None:
                # Still starting: a signal stops it once it has started (audited).
                stopped = await _end_child(attempt.process) or stopped
        await self.check()
        return stopped

    def _alive(self, row: ServiceRow) -> bool:
        self._reap()  # a child of ours that died is a zombie until polled
        return engine_alive(row)

    async def _end_engine(self, row: ServiceRow) -> bool:
        """SIGTERM, then SIGKILL after five seconds, to this program's own engine only;
        True if it has gone."""
        if not self.owns(row):
            return False
        for signum, tenths in ((signal.SIGTERM, 50), (signal.SIGKILL, 20)):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(row.pid, signum)
            for _tenth in range(tenths):
                await asyncio.sleep(0.1)
                if not self._alive(row):
                    return True
        return False


async def _end_child(process: Launched) -> bool:
    """SIGTERM to an engine process this program started, then SIGKILL after ten
    seconds; True once it has ended."""
    for signum, tenths in ((signal.SIGTERM, 100), (signal.SIGKILL, 20)):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(process.pid, signum)
        for _tenth in range(tenths):
            await asyncio.sleep(0.1)
            if process.poll() is not None:
                return True
    return False


def started_engines_running() -> bool:
    """Whether an engine this program started still runs (a window signed out of its
    store and is quitting from the sign-in screen)."""
    reap()
    return bool(_STARTED)


async def stop_started_engines() -> None:
    """Stop every engine this program started: SIGTERM (each stops as asked, audited),
    then SIGKILL for one that has not ended within ten seconds."""
    reap()
    await asyncio.gather(*(_end_child(child) for child in list(_STARTED)))
    reap()


def _could_not_start(words: str) -> str:
    return _("The engine could not start: {words}").format(words=words)
