"""Making an exercise store and running its clock: the trainer's services.

Every change is one transaction with its audit entry (``exercise.*``). Controlling
the clock needs ``Action.CONTROL_EXERCISE`` (the trainer); reading the state
(``status``) is open to anyone who can open the store.

While an ``ExerciseRunner`` plays the store (``runner.py``), it registers here, so a
change of the clock wakes it, and a jump plays the injects and scheduled posts in
between, in order, before the clock settles at the new time.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from console import service as engine_service
from console import users as user_admin
from console.inbox import saved_replies
from console.networks import network
from console.passwords import password_problem
from console.permissions import Action, require
from console.posts import NewPost, create_in
from console.session import Session
from incident.exercise.clock import clock_of
from incident.exercise.scenario import SIMULATOR_LIMIT, InjectKind, Scenario, format_offset
from incident.exercise.scenario_file import load_scenario, parse_scenario
from storage import channels, exercises, users
from storage import engine_service as engine_rows
from storage.engine_service import RequestKind, RequestState
from storage.errors import StoreError
from storage.exercises import ClockRow, ClockState, ExerciseClock
from storage.keyslots import KdfParams
from storage.lifecycle import create_store
from storage.records import AuditCategory, Role, ServerLimits, StoreKind
from storage.store import Store, Transaction
from storage.stored_words import english
from storage.timeutil import Clock, from_iso, system_clock, to_iso

if TYPE_CHECKING:
    from incident.exercise.headless import RunSummary

SPEEDS = (1.0, 10.0)  # the trainer's range: real time up to ten times faster
JUMP_TIMEOUT_SECONDS = 600.0  # a jump across a long scenario steps through every event
ACTOR = "exercise"  # the audit actor of what the scenario does (injects, reactions)


class NoExercise(StoreError):
    """The store holds no exercise (a live store, or the demo)."""


def _no_exercise() -> NoExercise:
    # Kept: the engine may refuse a window's jump with it (so may its runner, starting).
    return NoExercise.kept(english("This store holds no exercise."))


# -- what the window shows -------------------------------------------------------------


@dataclass(frozen=True)
class InjectStatus:
    id: str
    at: timedelta  # after the start
    kind: InjectKind
    channel: str
    summary: str  # a gold instruction's summary is its whole text
    expect: str
    first_sign: bool
    fired_exercise_utc: str | None
    item_ids: tuple[int, ...]  # the inbox items it became, once sync stored them


@dataclass(frozen=True)
class ExerciseStatus:
    title: str
    state: ClockState
    speed: float
    exercise_now: datetime
    elapsed: timedelta
    duration: timedelta
    injects: list[InjectStatus]
    starts_utc: datetime
    scenario_file: str

    @property
    def gold_instructions(self) -> list[InjectStatus]:
        """What gold has said so far (fired), for the team's window."""
        return [
            i
            for i in self.injects
            if i.kind is InjectKind.GOLD_INSTRUCTION and i.fired_exercise_utc
        ]


async def status(store: Store) -> ExerciseStatus:
    clock = clock_of(store)

    def read(db: object) -> tuple[exercises.ExerciseRow | None, list[exercises.InjectRow]]:
        if clock is not None:
            clock.refresh(db)  # another console or command may have moved it
        return exercises.exercise(db), exercises.injects(db)

    row, injects = await store.run(read)
    if row is None:
        raise _no_exercise()
    clock_row = clock.row if clock is not None else row.clock
    now = clock() if clock is not None else clock_row.exercise_time(system_clock())
    starts = from_iso(row.starts_utc)
    return ExerciseStatus(
        title=row.title,
        state=clock_row.state,
        speed=clock_row.speed,
        exercise_now=now,
        elapsed=max(now - starts, timedelta(0)),
        duration=timedelta(seconds=row.duration_seconds),
        injects=[_inject_status(i) for i in injects],
        starts_utc=starts,
        scenario_file=row.scenario_file,
    )


def _inject_status(row: exercises.InjectRow) -> InjectStatus:
    return InjectStatus(
        id=row.inject_id,
        at=timedelta(seconds=row.at_seconds),
        kind=InjectKind(row.kind),
        channel=row.channel,
        summary=row.summary,
        expect=row.expect,
        first_sign=row.first_sign,
        fired_exercise_utc=row.fired_exercise_utc,
        item_ids=row.item_ids,
    )


async def scenario_of(store: Store) -> Scenario:
    """The scenario as the store keeps it (the text the trainer loaded)."""
    row = await store.run(exercises.exercise)
    if row is None:
        raise _no_exercise()
    return parse_scenario(row.source_text, row.scenario_file)


# -- making one ------------------------------------------------------------------------


async def create_exercise(
    path: Path,
    scenario_path: Path,
    trainer: str,
    password: str,
    *,
    display_name: str = "",
    kdf: KdfParams | None = None,
    real: Clock = system_clock,
) -> Path:
    """A new exercise store at ``path`` playing ``scenario_path``: the trainer is its
    first administrator (to add the team) and its trainer; the scenario's channels
    (simulator only) with their followers; its posts scheduled at their exercise
    times; the scenario's text kept in the store. Returns the store's path.

    Raises ``ScenarioError`` for a scenario with a mistake (nothing is created)."""
    scenario = load_scenario(Path(scenario_path))
    if problem := password_problem(password):
        raise StoreError(problem)
    starts = scenario.starts_utc
    store = await create_store(
        path,
        user=trainer,
        password=password,
        display_name=display_name or "Exercise trainer",
        kind=StoreKind.EXERCISE,
        kdf=kdf,
        clock=lambda: starts,  # the store's history begins at the exercise's start
    )
    try:
        record = await store.run(lambda db: users.by_name(db, trainer))
        assert record is not None
        session = Session(store, record, via="exercise set-up")
        await user_admin.set_roles(
            session,
            trainer,
            [Role.ADMINISTRATOR, Role.TRAINER],
            reason=english("the trainer runs the exercise and adds its team"),
        )
        await store.write(lambda tx: _fill(tx, session, scenario, Path(scenario_path).name, real))
    finally:
        await store.close()
    return store.path


def _fill(
    tx: Transaction, session: Session, scenario: Scenario, file_name: str, real: Clock
) -> None:
    now = tx.now()
    exercises.insert_exercise(
        tx.db,
        title=scenario.title,
        scenario_file=file_name,
        source_text=scenario.source_text,
        starts_utc=to_iso(scenario.starts_utc),
        duration_seconds=int(scenario.duration.total_seconds()),
        real_now=to_iso(real()),
        now=now,
    )
    ids: dict[str, int] = {}
    for channel in scenario.channels:
        ids[channel.name] = channels.insert(
            tx.db, name=channel.name, network="simulator", account=channel.account,
            area=channel.area, now=now,
        )  # fmt: skip
        exercises.set_followers(tx.db, ids[channel.name], channel.followers)
        if channel.limit != SIMULATOR_LIMIT:
            # The core checks text against the channel's own limit (composer, statements,
            # replies) before it reaches the simulator, as it does a Mastodon instance's.
            rule = network("simulator").rule
            limits = ServerLimits(rule.counting, channel.limit, rule.url_length)
            channels.set_limits(tx.db, ids[channel.name], limits, now)
        tx.audit(
            actor=session.user.name,
            action="channel.add",
            category=AuditCategory.COLLECTION,
            object_type="channel",
            object_id=ids[channel.name],
            after={
                "name": channel.name, "network": "simulator", "account": channel.account,
                "area": channel.area, "followers": channel.followers,
            },
        )  # fmt: skip
    saved_replies.add_shipped(tx, session.user.name)  # the desk's answers, 999 first
    for ord_, inject in enumerate(scenario.injects):
        exercises.insert_inject(
            tx.db, inject_id=inject.id, ord=ord_, at_seconds=int(inject.at.total_seconds()),
            kind=inject.kind.value, channel=inject.channel, summary=inject.summary,
            expect=inject.expect, first_sign=inject.first_sign,
        )  # fmt: skip
    tx.audit(
        actor=session.user.name,
        action="exercise.create",
        category=AuditCategory.SYSTEM,
        object_type="exercise",
        object_id=1,
        after={
            "title": scenario.title,
            "scenario_file": file_name,
            "scenario_sha256": hashlib.sha256(scenario.source_text.encode()).hexdigest(),
            "starts_utc": to_iso(scenario.starts_utc),
            "duration": format_offset(scenario.duration, plus=False),
            "channels": len(scenario.channels),
            "posts": len(scenario.posts),
            "injects": len(scenario.injects),
        },
    )
    for post in scenario.posts:
        create_in(
            tx,
            session,
            NewPost(
                body=post.text,
                channel_ids=[ids[name] for name in post.channels],
                scheduled_utc=to_iso(scenario.starts_utc + post.at),
            ),
        )


# -- the clock -------------------------------------------------------------------------


class ClockListener(Protocol):
    """What the runner playing a store offers the clock's services."""

    def clock_changed(self) -> None: ...

    async def advance_to(self, target: datetime) -> int: ...


_LISTENERS: dict[int, ClockListener] = {}


def attach(store: Store, listener: ClockListener) -> None:
    _LISTENERS[id(store)] = listener


def detach(store: Store, listener: ClockListener) -> None:
    if _LISTENERS.get(id(store)) is listener:
        del _LISTENERS[id(store)]


def exercise_clock(store: Store) -> ExerciseClock:
    """The store's exercise clock; ``NoExercise`` if it runs on none."""
    clock = clock_of(store)
    if clock is None:
        raise NoExercise.kept(
            english("This store holds no exercise: there is no exercise clock to control.")
        )
    return clock


async def start(session: Session) -> ClockRow:
    def starting(row: ClockRow, real_now: datetime) -> ClockRow:
        if row.state is not ClockState.NOT_STARTED:
            raise StoreError.kept(english("The exercise has already started."))
        return row.moved(real_now, state=ClockState.RUNNING)

    return await _change(session, "start", starting)


async def pause(session: Session) -> ClockRow:
    def pausing(row: ClockRow, real_now: datetime) -> ClockRow:
        if row.state is not ClockState.RUNNING:
            raise StoreError.kept(
                english("The exercise clock is not running, so it cannot be paused.")
            )
        return row.moved(real_now, state=ClockState.PAUSED)

    return await _change(session, "pause", pausing)


async def resume(session: Session) -> ClockRow:
    def resuming(row: ClockRow, real_now: datetime) -> ClockRow:
        if row.state is not ClockState.PAUSED:
            raise StoreError.kept(
                english("The exercise clock is not paused, so there is nothing to resume.")
            )
        return row.moved(real_now, state=ClockState.RUNNING)

    return await _change(session, "resume", resuming)


async def set_speed(
    session: Session, speed: float, *, limits: tuple[float, float] = SPEEDS
) -> ClockRow:
    """Run the clock at ``speed`` times real time (within ``limits``: the window's
    trainer has ``SPEEDS``; a headless run goes faster)."""
    low, high = limits
    if not low <= speed <= high:
        raise StoreError.kept(
            english("Choose a speed from {low:g}x to {high:g}x.", low=low, high=high)
        )

    def speeding(row: ClockRow, real_now: datetime) -> ClockRow:
        _not_ended(row)
        return row.moved(real_now, speed=float(speed))

    return await _change(session, "speed", speeding)


async def jump(session: Session, to: timedelta) -> ClockRow:
    """Move the clock forward to ``to`` after the start. What falls due in between
    (injects, scheduled posts) happens in order, each at its own exercise time."""
    require(session.user, Action.CONTROL_EXERCISE)
    store = session.store
    clock = exercise_clock(store)

    def read(db: object) -> exercises.ExerciseRow | None:
        clock.refresh(db)  # another console or command may have moved it
        return exercises.exercise(db)

    row = await store.run(read)
    if row is None:
        raise _no_exercise()
    starts = from_iso(row.starts_utc)
    duration = timedelta(seconds=row.duration_seconds)
    _not_ended(row.clock)
    if to > duration:
        raise StoreError.kept(
            english(
                "The exercise lasts {value}: jump to a time within it.",
                value=format_offset(duration, plus=False),
            )
        )
    target = starts + to
    if target < clock():
        raise StoreError.kept(
            english("The exercise clock only jumps forward: that time has passed.")
        )
    listener = _LISTENERS.get(id(store))
    actor = session.user.name
    steps = 0
    playing = listener is None and await _played_by_engine(store)
    if listener is None and not playing:
        # Stepping through what falls due on the way needs the runner, which plays
        # beside the engine: a plain move of the clock would fire every inject in the
        # span at once and leave the posts in it missed.
        raise StoreError.kept(
            english(
                "The engine is not playing this exercise now: start it again "
                "(the status bar says how), then jump."
            )
        )
    if playing:
        # The runner plays in the engine service's process: only it can step through
        # what falls due on the way, so the jump is asked of it and followed.
        asked = await engine_service.ask(
            store, RequestKind.JUMP, actor, {"seconds": to.total_seconds()}
        )
        done = await engine_service.wait_for(store, asked, timeout=JUMP_TIMEOUT_SECONDS)
        if done.state is RequestState.FAILED:
            raise StoreError.kept(done.result)  # the engine's refusal, kept in English
        found = await store.run(read)
        if found is None:
            raise _no_exercise()
        clock.adopt(found.clock)
        return found.clock
    if listener is not None:
        try:
            steps = await listener.advance_to(target)
        except BaseException:
            # Cut short (an error, Ctrl-C, the console closing): what happened on the
            # way is in the store at its own times, so the clock is saved where the
            # jump got to; it must never read earlier than the audit trail.
            here = clock()

            def partway(current: ClockRow, real_now: datetime) -> ClockRow:
                return current.moved(real_now, anchor_exercise=here)

            with contextlib.suppress(Exception):
                await change_clock(store, "jump", partway, actor=actor, extra={"interrupted": True})
            raise

    def jumping(current: ClockRow, real_now: datetime) -> ClockRow:
        return current.moved(real_now, anchor_exercise=target)

    return await _change(session, "jump", jumping, steps=steps)


async def _played_by_engine(store: Store) -> bool:
    """Whether a running engine service plays this exercise (holds the runner's lease)."""

    def read(db: Any) -> bool:
        row = engine_rows.read(db)
        if row is None or not row.fresh(system_clock()):
            return False
        return exercises.holds_lease(db, row.holder)

    return await store.run(read)


async def end(session: Session) -> ClockRow:
    def ending(row: ClockRow, real_now: datetime) -> ClockRow:
        _not_ended(row)
        return row.moved(real_now, state=ClockState.ENDED)

    return await _change(session, "end", ending)


def _not_ended(row: ClockRow) -> None:
    if row.state is ClockState.ENDED:
        raise StoreError.kept(english("The exercise has ended: its clock no longer moves."))


async def _change(
    session: Session,
    change: str,
    make: Callable[[ClockRow, datetime], ClockRow],
    *,
    steps: int = 0,
    actor: str | None = None,
) -> ClockRow:
    if actor is None:
        require(session.user, Action.CONTROL_EXERCISE)
    return await change_clock(
        session.store, change, make, actor=actor or session.user.name, steps=steps
    )


async def change_clock(
    store: Store,
    change: str,
    make: Callable[[ClockRow, datetime], ClockRow],
    *,
    actor: str,
    steps: int = 0,
    extra: dict[str, object] | None = None,
) -> ClockRow:
    """Commit a change of the clock with its ``exercise.clock`` entry, then run on it.
    (The runner ends the exercise through this, as the actor ``exercise``.)

    The change is made to the row as stored, read in the write's transaction: another
    console or command on the same store may have changed it since this one looked.
    ``make`` gets that row re-anchored at the real time now, never reading earlier
    than this clock has (the audit trail's times)."""
    clock = exercise_clock(store)

    def write(tx: Transaction) -> ClockRow:
        found = exercises.exercise(tx.db)
        if found is None:
            raise _no_exercise()
        before = found.clock
        real_now = clock.real()
        was = before.exercise_time(real_now)
        base = replace(before, anchor_real=real_now, anchor_exercise=max(was, clock()))
        row = make(base, real_now)
        exercises.set_clock(tx.db, row)
        after: dict[str, object] = {
            "change": change,
            "state": row.state.value,
            "speed": row.speed,
            "real_utc": to_iso(real_now),
            "exercise_utc": to_iso(row.anchor_exercise),
        }
        if steps:
            after["steps"] = steps
        after.update(extra or {})
        tx.audit(
            actor=actor,
            action="exercise.clock",
            category=AuditCategory.SYSTEM,
            object_type="exercise",
            object_id=1,
            before={
                "state": before.state.value,
                "speed": before.speed,
                "exercise_utc": to_iso(was),
            },
            after=after,
        )
        return row

    row = await store.write(write)
    clock.adopt(row)
    listener = _LISTENERS.get(id(store))
    if listener is not None:
        listener.clock_changed()
    return row


async def run_headless(
    path: Path, user: str, password: str, speed: float | None = None
) -> RunSummary:
    """Play the whole scenario without a window (``headless.run_headless``)."""
    from incident.exercise.headless import run_headless as play

    return await play(path, user, password, speed)
