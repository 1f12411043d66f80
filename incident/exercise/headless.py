"""A whole scenario played without a window (``cordon exercise run --headless``).

``run_headless`` plays an exercise store's scenario to its end: event to event
(as fast as the events allow: a ten-hour scenario in seconds, for checking a
scenario and for tests), or with the clock running at any pace from real time up
(``HEADLESS_SPEEDS``). As it plays it tells, one line each, every inject as it
fires and, after each step, what the trail recorded meanwhile (``Narrator``): the
public's replies, the team's posts going out or failing, alerts, channels failing,
and every action of the team, in the words of the incident report's timeline. The
summary closes the run.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from console.engine import Engine
from console.permissions import Action, require
from console.session import Session
from console.timezone import local_text
from incident import report
from incident.exercise import service
from incident.exercise.runner import ACTOR, ExerciseRunner
from incident.exercise.scenario import Inject, format_offset
from storage import audit, exercises
from storage.errors import StoreError
from storage.exercises import ClockState, ExerciseClock
from storage.i18n import _, ngettext
from storage.lifecycle import open_store
from storage.records import AuditEntry, TargetStatus
from storage.store import Store
from storage.timeutil import from_iso, to_iso

# The fastest pace a headless run takes: an hour of exercise a second (a window's
# trainer chooses from ``service.SPEEDS``; nobody watches a headless run's clock).
HEADLESS_SPEEDS = (1.0, 3600.0)
# What the narrator leaves out: printed already (injects, by ``on_fire``), or the
# machinery behind what it does print (claims, collecting, metrics, the clock).
QUIET = frozenset(
    {
        "exercise.inject",
        "exercise.inject_items",
        "exercise.surge",
        "exercise.clock",
        "inbox.collect",
        "metrics.refresh",
        "target.claim",
        "channel.sync_ok",
    }
)
# Actors that are Cordon's own parts rather than a member of the team.
MACHINERY = frozenset({ACTOR, "publisher", "sync", "engine", "pullback", "retention", "scheduler"})


class Narrator:
    """Tells each new entry of the trail as one line (``say``), from the newest
    entry when it ``start``s. ``starts_utc`` is the scenario's start, for the
    offset column the inject lines have too."""

    def __init__(self, store: Store, starts_utc: datetime, say: Callable[[str], None]) -> None:
        self.store = store
        self.starts_utc = starts_utc
        self.say = say
        self.told = 0
        self._last = 0

    async def start(self) -> None:
        self._last = await self.store.run(audit.count)

    async def tell(self) -> None:
        """Say what the trail recorded since the last call."""

        def read(db: Any) -> list[tuple[AuditEntry, report.Line]]:
            found = audit.entries_between(db, self._last + 1)
            if found:
                self._last = found[-1].seq
            entries = [e for e in found if e.action not in QUIET]
            if not entries:
                return []
            targets = report.target_rows(db, entries)
            names = report.channel_names(db)
            return [(e, report.timeline_line(e, targets, names)) for e in entries]

        for entry, line in await self.store.run(read):
            self.say(self.line(entry, line.what))
            self.told += 1

    def line(self, entry: AuditEntry, what: str) -> str:
        at = from_iso(entry.at_utc)
        who = "" if entry.actor in MACHINERY else f"{entry.actor}: "
        return (
            f"{local_text(entry.at_utc, seconds=False)}  "
            f"{format_offset(at - self.starts_utc):>8}  {who}{what}"
        )


def _ended(clock: ExerciseClock) -> bool:
    return clock.state is ClockState.ENDED


@dataclass(frozen=True)
class RunSummary:
    title: str
    injects_fired: int
    injects_total: int
    messages: int  # items the injects put in the channels' inboxes
    reactions: int  # the public's replies to the team's posts
    targets: dict[str, int]  # the store's posts on their channels, by state
    items_collected: int  # inbox items sync stored
    exercise_started_utc: str
    exercise_ended_utc: str
    steps: int

    def lines(self) -> list[str]:
        states = ", ".join(
            f"{n} {_state(state)}" for state, n in sorted(self.targets.items())
        ) or _("none")
        return [
            _("Exercise: {title}").format(title=self.title),
            _("Played from {start} to {end} (exercise time).").format(
                start=local_text(self.exercise_started_utc, seconds=False),
                end=local_text(self.exercise_ended_utc, seconds=False),
            ),
            " ".join(
                (
                    _("Injects fired: {fired} of {total}.").format(
                        fired=self.injects_fired, total=self.injects_total
                    ),
                    ngettext(
                        "{n} message reached the inboxes.",
                        "{n} messages reached the inboxes.",
                        self.messages,
                    ).format(n=self.messages),
                    ngettext(
                        "{n} inbox item stored.", "{n} inbox items stored.", self.items_collected
                    ).format(n=self.items_collected),
                )
            ),
            _("Replies from the public to the team's posts: {n}.").format(n=self.reactions),
            _("Posts on their channels: {states}.").format(states=states),
        ]


def _state(state: str) -> str:
    """A post's state in words (``published``), in the current language."""
    try:
        return TargetStatus(state).label
    except ValueError:
        return state


async def run_headless(
    path: Path,
    user: str,
    password: str,
    speed: float | None = None,
    *,
    on_fire: Callable[[Inject, datetime], None] | None = None,
    on_line: Callable[[str], None] | None = None,
    engine_factory: Callable[[Store], Engine] | None = None,
) -> RunSummary:
    """Play the exercise store's scenario to its end without a window.

    Without ``speed`` it steps from event to event (a ten-hour scenario plays in
    seconds: for checking a scenario and for tests). With a speed (within
    ``HEADLESS_SPEEDS``) the clock runs at that pace in real time and the run returns
    when the exercise ends. ``on_fire`` hears each inject as it fires, ``on_line``
    every other thing the trail records, told as a line (``Narrator``). The clock's
    changes are made in ``user``'s name, who needs the trainer's role."""
    low, high = HEADLESS_SPEEDS
    if speed is not None and not low <= speed <= high:
        raise StoreError(
            _(
                "Choose a speed from {low:g} to {high:g} times real time, or none to play "
                "as fast as the events allow."
            ).format(low=low, high=high)
        )
    store, record = await open_store(Path(path), user, password)
    try:
        session = Session(store, record, via="command line: exercise run")
        require(record, Action.CONTROL_EXERCISE)
        clock = service.exercise_clock(store)
        if clock.state is ClockState.ENDED:
            raise StoreError(
                _("This exercise has ended: make a new exercise store to play it again.")
            )
        engine = engine_factory(store) if engine_factory else Engine(store, clock=clock)
        await engine.start()
        scenario = await service.scenario_of(store)
        narrator = Narrator(store, scenario.starts_utc, on_line) if on_line else None
        if narrator is not None:
            await narrator.start()
        runner = ExerciseRunner(
            store, engine, clock, on_fire=on_fire,
            after_step=narrator.tell if narrator is not None else None,
        )  # fmt: skip
        try:
            # Stepping, the run drives everything itself; at a speed, the runner's own
            # loop plays and ends the exercise.
            await runner.start(play=speed is not None)
            began = to_iso(clock())
            if speed is not None:
                await service.set_speed(session, speed, limits=HEADLESS_SPEEDS)
            if clock.state is ClockState.NOT_STARTED:
                await service.start(session)
            elif clock.state is ClockState.PAUSED:
                await service.resume(session)
            end = scenario.starts_utc + scenario.duration
            if speed is None:
                await service.jump(session, scenario.duration)
                await service.end(session)
            else:
                while not _ended(clock):  # the runner ends it at the scenario's end
                    wait = clock.real_delay_until(end)
                    await asyncio.sleep(min(wait if wait is not None else 1.0, 1.0))
            await runner.link_items()
        finally:
            await runner.stop()
            await engine.stop()
        if narrator is not None:
            await narrator.tell()  # what the last step and the ending recorded
        counts = runner.counts
        targets, collected = await store.run(
            lambda db: (exercises.target_counts(db), exercises.inbox_count(db))
        )
        return RunSummary(
            title=scenario.title,
            injects_fired=len(counts.fired),
            injects_total=len(scenario.injects),
            messages=counts.messages,
            reactions=counts.reactions,
            targets=targets,
            items_collected=collected,
            exercise_started_utc=began,
            exercise_ended_utc=to_iso(min(clock(), end) if speed is None else clock()),
            steps=counts.steps,
        )
    finally:
        await store.close()
