"""Whether publishing is really on: the engine service's row, read with the clock.

The service says what it is doing (``state``) and proves it is still doing it with
its heartbeat. ``assess`` turns the two into one of five levels and a sentence, and
never calls a service *running* on its own say-so: a state of ``running`` with a
heartbeat older than ``STALE_SECONDS`` is *late* (frozen, cut off, killed on another
machine), and a process that is gone on this machine is *down* at once.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from console.timezone import local_text
from storage.engine_service import STALE_SECONDS, ServiceRow, ServiceState, speaker
from storage.timeutil import from_iso


class EngineLevel(StrEnum):
    RUNNING = "running"  # beating, publishing and syncing
    STARTING = "starting"  # beating, not yet publishing
    LATE = "late"  # it says it runs, but its heartbeat is late
    DOWN = "down"  # crashed, failed, or never started
    STOPPED = "stopped"  # stopped on purpose (by an officer or a signal)


@dataclass(frozen=True)
class EngineHealth:
    level: EngineLevel
    sentence: str
    row: ServiceRow | None
    since: datetime | None = None  # when publishing stopped (or the engine started)
    interrupted: bool = False  # starting again after it stopped: publishing is off meanwhile
    # Every live engine of a team store judged on its own (empty when there is one).
    engines: tuple[EngineHealth, ...] = ()

    @property
    def publishing(self) -> bool:
        """Publishing and sync are known to be on now."""
        return self.level is EngineLevel.RUNNING

    @property
    def bad(self) -> bool:
        """Publishing is off or in doubt, and the officer must be told."""
        return self.interrupted or self.level in (
            EngineLevel.LATE, EngineLevel.DOWN, EngineLevel.STOPPED,
        )  # fmt: skip


def pid_alive(pid: int) -> bool:
    """Whether a process with ``pid`` exists on this machine."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, under another user
    return True


def this_host() -> str:
    return socket.gethostname()


def how_long(seconds: float) -> str:
    """A duration an officer reads at a glance: "40 s", "3 min", "2 h 5 min"."""
    seconds = max(0, round(seconds))
    if seconds < 90:
        return f"{seconds} s"
    minutes = round(seconds / 60)
    if minutes < 90:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min" if minutes else f"{hours} h"


def assess(
    row: ServiceRow | None,
    real_now: datetime,
    *,
    host: str | None = None,
    alive: Callable[[int], bool] = pid_alive,
) -> EngineHealth:
    if row is None:
        return EngineHealth(
            EngineLevel.DOWN,
            "The engine has never run on this store: nothing is published or synced.",
            None,
        )
    here = host if host is not None else this_host()
    beat = from_iso(row.beat_utc)
    age = row.beat_age(real_now)
    if row.state is ServiceState.STOPPED:
        when = from_iso(row.stopped_utc) if row.stopped_utc else beat
        ago = how_long((real_now - when).total_seconds())
        return EngineHealth(
            EngineLevel.STOPPED,
            f"Publishing and sync are off: the engine stopped {ago} ago "
            f"({row.detail or 'stopped'}).",
            row,
            when,
        )
    if row.state is ServiceState.FAILED:
        when = from_iso(row.stopped_utc) if row.stopped_utc else beat
        return EngineHealth(
            EngineLevel.DOWN,
            f"Publishing stopped {how_long((real_now - when).total_seconds())} ago: "
            f"{row.detail or 'the engine failed.'}",
            row,
            when,
        )
    if row.host == here and not alive(row.pid):
        return EngineHealth(
            EngineLevel.DOWN,
            f"Publishing stopped {how_long(age)} ago: the engine (process {row.pid}) ended "
            "without stopping properly.",
            row,
            beat,
        )
    if age >= STALE_SECONDS:
        where = f"process {row.pid}" + ("" if row.host == here else f" on {row.host}")
        return EngineHealth(
            EngineLevel.LATE,
            f"Publishing stopped {how_long(age)} ago: the engine ({where}) has not answered "
            f"since {local_text(row.beat_utc)}.",
            row,
            beat,
        )
    if row.state is ServiceState.STARTING:
        return EngineHealth(EngineLevel.STARTING, "The engine is starting…", row, beat)
    if row.state is ServiceState.STOPPING:
        return EngineHealth(
            EngineLevel.LATE, f"The engine is stopping: {row.detail or 'asked to stop'}.", row, beat
        )
    started = from_iso(row.started_utc)
    note = f" {row.detail}" if row.detail else ""
    return EngineHealth(
        EngineLevel.RUNNING,
        f"Publishing and sync are on (engine process {row.pid}, running since "
        f"{local_text(row.started_utc)}).{note}",
        row,
        started,
    )


def _where(row: ServiceRow, here: str) -> str:
    return f"process {row.pid}" + ("" if row.host == here else f" on {row.host}")


def assess_all(
    found: Sequence[ServiceRow],
    real_now: datetime,
    *,
    host: str | None = None,
    alive: Callable[[int], bool] = pid_alive,
) -> EngineHealth:
    """The store's publishing judged from every service it has (a team store may run
    one per site): the one that speaks for it (a running one, if any runs), with the
    others named in the sentence, so a window never shows one engine as all of them."""
    rows = list(found)
    row = speaker(rows, real_now)
    health = assess(row, real_now, host=host, alive=alive)
    others = [r for r in rows if r is not row and r.state.live]
    if not others:
        return health
    here = host if host is not None else this_host()
    judged = (health, *(assess(r, real_now, host=here, alive=alive) for r in others))
    running = [h.row for h in judged if h.publishing and h.row is not None]
    sentence = health.sentence
    if len(running) > 1:
        sentence = (
            f"Publishing and sync are on ({len(running)} engines: "
            f"{', '.join(_where(r, here) for r in running)}); each due post goes out once."
        )
    for other in judged[1:]:
        if not other.publishing and other.row is not None:
            sentence += f" Another engine ({_where(other.row, here)}): {other.sentence}"
    return replace(health, sentence=sentence, engines=judged)
