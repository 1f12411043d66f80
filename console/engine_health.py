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
from pathlib import Path

from console.timezone import duration_text, local_text
from storage.engine_service import STALE_SECONDS, ServiceRow, ServiceState, speaker
from storage.i18n import _
from storage.stored_words import shown
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


def _detail(row: ServiceRow) -> str:
    """What the engine said of its state, in the reader's language: its notes are
    kept one a line (each a kept sentence), shown one after another."""
    return " ".join(shown(note) for note in row.detail.splitlines() if note)


def this_host() -> str:
    return socket.gethostname()


def boot_id() -> str:
    """This boot of the machine ("" where the system does not say): a process recorded
    under another boot has gone, whatever its pid now names."""
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text(encoding="ascii").strip()
    except OSError:
        return ""


def process_mark(pid: int) -> str:
    """When process ``pid`` started, as the kernel counts it ("" where it cannot be
    read): with the pid it names one process, never a later one given the same pid."""
    stat = _stat(pid)
    return "" if stat is None else stat[19]


def _stat(pid: int) -> list[str] | None:
    """/proc/PID/stat's fields after the command name (state first), or None."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    return text[text.rfind(")") + 2 :].split()


def pid_alive(pid: int) -> bool:
    """Whether a process with ``pid`` exists on this machine and has not died (a
    zombie, dead but not yet collected by its parent, has)."""
    if pid <= 0:
        return False
    stat = _stat(pid)
    if stat is not None:
        return stat[0] not in ("Z", "X")
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, under another user
    return True


def engine_alive(row: ServiceRow) -> bool:
    """Whether the engine of ``row`` (recorded on this host) is still the process it
    was: not dead, not a zombie, not its pid given to another process, not recorded
    before the machine last started."""
    if row.boot_id and row.boot_id != boot_id():
        return False
    if not pid_alive(row.pid):
        return False
    return not row.proc_start or process_mark(row.pid) == row.proc_start


def how_long(seconds: float) -> str:
    """A duration an officer reads at a glance: "40 s", "3 min", "2 h 05 min"."""
    return duration_text(max(0.0, seconds))


def assess(
    row: ServiceRow | None,
    real_now: datetime,
    *,
    host: str | None = None,
    alive: Callable[[ServiceRow], bool] = engine_alive,
) -> EngineHealth:
    if row is None:
        return EngineHealth(
            EngineLevel.DOWN,
            _("The engine has never run on this store: nothing is published or synced."),
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
            _("Publishing and sync are off: the engine stopped {ago} ago ({why}).").format(
                ago=ago, why=_detail(row) or _("stopped")
            ),
            row,
            when,
        )
    if row.state is ServiceState.FAILED:
        when = from_iso(row.stopped_utc) if row.stopped_utc else beat
        return EngineHealth(
            EngineLevel.DOWN,
            _("Publishing stopped {ago} ago: {why}").format(
                ago=how_long((real_now - when).total_seconds()),
                why=_detail(row) or _("the engine failed."),
            ),
            row,
            when,
        )
    if row.host == here and not alive(row):
        return EngineHealth(
            EngineLevel.DOWN,
            _(
                "Publishing stopped {ago} ago: the engine (process {pid}) ended without "
                "stopping properly."
            ).format(ago=how_long(age), pid=row.pid),
            row,
            beat,
        )
    if age >= STALE_SECONDS:
        return EngineHealth(
            EngineLevel.LATE,
            _(
                "Publishing stopped {ago} ago: the engine ({where}) has not answered since {time}."
            ).format(ago=how_long(age), where=_where(row, here), time=local_text(row.beat_utc)),
            row,
            beat,
        )
    if row.state is ServiceState.STARTING:
        return EngineHealth(EngineLevel.STARTING, _("The engine is starting…"), row, beat)
    if row.state is ServiceState.STOPPING:
        why = _detail(row) or _("asked to stop")
        return EngineHealth(
            EngineLevel.LATE, _("The engine is stopping: {why}.").format(why=why), row, beat
        )
    started = from_iso(row.started_utc)
    note = f" {_detail(row)}" if row.detail else ""
    return EngineHealth(
        EngineLevel.RUNNING,
        _("Publishing and sync are on (engine process {pid}, running since {time}).").format(
            pid=row.pid, time=local_text(row.started_utc)
        )
        + note,
        row,
        started,
    )


def _where(row: ServiceRow, here: str) -> str:
    if row.host == here:
        return _("process {pid}").format(pid=row.pid)
    return _("process {pid} on {host}").format(pid=row.pid, host=row.host)


def assess_all(
    found: Sequence[ServiceRow],
    real_now: datetime,
    *,
    host: str | None = None,
    alive: Callable[[ServiceRow], bool] = engine_alive,
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
    # In a steady order (host, then process): the speaker is the one heard from last,
    # which changes with every beat, and the sentence read "process 12, process 11" and
    # "process 11, process 12" by turns, once a second.
    running = sorted(
        (h.row for h in judged if h.publishing and h.row is not None),
        key=lambda r: (r.host, r.pid),
    )
    sentence = health.sentence
    if len(running) > 1:
        sentence = _(
            "Publishing and sync are on ({n} engines: {where}); each due post goes out once."
        ).format(n=len(running), where=", ".join(_where(r, here) for r in running))
    for other in judged[1:]:
        if not other.publishing and other.row is not None:
            sentence += " " + _("Another engine ({where}): {sentence}").format(
                where=_where(other.row, here), sentence=other.sentence
            )
    return replace(health, sentence=sentence, engines=judged)
