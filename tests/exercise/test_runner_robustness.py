"""The exercise clock and runner survive what a real exercise does to them: a console
closed or killed, a machine that sleeps, a jump cut short, a second console or a
command on the same store, a store write that fails. The real clock is the test's
(``FakeRealClock``): nothing is timed."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from console.engine import Engine
from console.posts import create_post
from console.scheduler import JOB
from console.session import Session
from incident.exercise import service
from incident.exercise.clock import ClockState
from incident.exercise.delivery import Delivery
from incident.exercise.runner import ExerciseRunner, RunnerBusy
from storage import audit, exercises
from storage.errors import StoreError
from storage.records import AuditEntry
from tests.exercise.conftest import (
    TRAINER,
    FakeRealClock,
    add_officer,
    targets,
    trainer_session,
)
from tests.helpers import PASSWORD

pytestmark = pytest.mark.asyncio
STARTS = datetime(2026, 3, 14, 9, 0, tzinfo=UTC)


def at(**kwargs: float) -> datetime:
    return STARTS + timedelta(**kwargs)


def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


async def entries(session: Session) -> list[AuditEntry]:
    return await session.store.run(lambda db: list(audit.iter_entries(db)))


async def fired(session: Session) -> dict[str, str | None]:
    return {i.id: i.fired_exercise_utc for i in (await service.status(session.store)).injects}


@dataclass
class Console:
    """One console on the store: a session, its engine and (maybe) its runner."""

    session: Session
    engine: Engine
    runner: ExerciseRunner | None

    async def close(self) -> None:
        if self.runner is not None:
            await self.runner.stop()
        await self.engine.stop()
        await self.session.store.close()


async def open_console(
    path: Path, real: FakeRealClock, *, run: bool = True, **options: Any
) -> Console:
    session = await trainer_session(path, real)
    engine = Engine(session.store)
    await engine.start()
    runner = None
    if run:
        runner = ExerciseRunner(session.store, engine, **options)
        try:
            await runner.start(play=False)
        except BaseException:
            await engine.stop()
            await session.store.close()
            raise
    return Console(session, engine, runner)


@pytest_asyncio.fixture
async def console(exercise_path: Path, real: FakeRealClock) -> AsyncIterator[Console]:
    opened = await open_console(exercise_path, real)
    try:
        yield opened
    finally:
        await opened.close()


def assert_in_time_order(found: list[AuditEntry]) -> None:
    times = [e.at_utc for e in found]
    assert times == sorted(times), "the audit trail went back in time"


# -- closing pauses; what a crash or a sleep left overdue steps at its times --


async def test_closing_the_console_pauses_the_clock_and_reopening_resumes_there(
    exercise_path: Path, real: FakeRealClock
) -> None:
    first = await open_console(exercise_path, real)
    await service.start(first.session)
    await service.set_speed(first.session, 10)
    real.advance(minutes=2)  # twenty exercise minutes
    await first.close()
    real.advance(minutes=9)  # closed for ninety exercise minutes
    second = await open_console(exercise_path, real)
    try:
        trainer = second.session
        assert service.exercise_clock(trainer.store).state is ClockState.PAUSED
        assert trainer.store.clock() == at(minutes=20)
        assert all(time is None for time in (await fired(trainer)).values())
        pause = [e for e in await entries(trainer) if e.action == "exercise.clock"][-1]
        assert pause.actor == "exercise"
        assert json.loads(pause.after or "{}")["change"] == "pause"
        await service.resume(trainer)
        real.advance(minutes=1)  # 09:30: the first report (09:10) is long due
        assert second.runner is not None
        await second.runner.tick()
        assert (await fired(trainer))["first-report"] is not None
        assert trainer.store.clock() == at(minutes=30)
    finally:
        await second.close()


async def test_what_fell_due_while_no_console_played_it_steps_at_its_own_times(
    exercise_path: Path, real: FakeRealClock
) -> None:
    # The clock runs, but no console plays the exercise (one was killed).
    trainer = await trainer_session(exercise_path, real)
    await service.start(trainer)
    await service.set_speed(trainer, 10)
    await trainer.store.close()
    real.advance(minutes=9)  # ninety exercise minutes
    reopened = await open_console(exercise_path, real)
    try:
        trainer = reopened.session
        assert reopened.engine.scheduler is not None
        await reopened.engine.scheduler.run_now()
        assert await fired(trainer) == {
            "first-report": iso(at(minutes=10)),
            "unsafe-rumour": iso(at(minutes=40)),
            "gold-holding": iso(at(minutes=45)),
            "press": iso(at(minutes=50)),
            "worried-residents": iso(at(hours=1)),
            "kingsford-down": iso(at(hours=1, minutes=20)),
            "kingsford-back": None,
            "token-gone": None,
        }
        posts = await targets(trainer)
        assert posts[0][:2] == ("published", "2026-03-14T09:30:00.000000Z")  # not missed
        assert_in_time_order(await entries(trainer))
        assert service.exercise_clock(trainer.store).state is ClockState.RUNNING
        assert trainer.store.clock() == at(hours=1, minutes=30)
    finally:
        await reopened.close()


class FakeMonotonic:
    """The monotonic clock, which stands still while the machine sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_after_a_sleep_the_runner_steps_through_what_fell_due(
    exercise_path: Path, real: FakeRealClock
) -> None:
    monotonic = FakeMonotonic()
    opened = await open_console(exercise_path, real, monotonic=monotonic)
    try:
        trainer, runner = opened.session, opened.runner
        assert runner is not None
        await service.start(trainer)
        real.advance(seconds=2)
        monotonic.now += 2
        await runner.tick()
        real.advance(minutes=55)  # the lid closed: the monotonic clock stood still
        await runner.tick()
        found = await fired(trainer)
        assert found["first-report"] == iso(at(minutes=10))
        assert found["unsafe-rumour"] == iso(at(minutes=40))
        assert found["press"] == iso(at(minutes=50))
        assert trainer.store.clock() == at(minutes=55, seconds=2)
        assert_in_time_order(await entries(trainer))
    finally:
        await opened.close()


# -- fired but never collected, delivered again --------------------------------


async def test_an_inject_fired_but_never_collected_is_delivered_again_once(
    exercise_path: Path, real: FakeRealClock
) -> None:
    first = await open_console(exercise_path, real)
    trainer = first.session
    await service.start(trainer)
    # Kingsford's network does not answer, so sync cannot collect the report yet.
    first.engine.simulator.set_account_offline("kingsfordpolice", True)
    real.advance(minutes=11)
    assert first.runner is not None
    await first.runner.tick()
    assert (await fired(trainer))["first-report"] == iso(at(minutes=11))
    await first.close()  # the console closes with the report still on the network

    def stored(db: Any) -> int:
        return int(
            db.execute(
                "SELECT count(*) FROM inbox_items WHERE text LIKE 'Water pouring%'"
            ).fetchone()[0]
        )

    for _ in range(2):  # opened twice: delivered again the first time only
        again = await open_console(exercise_path, real)
        try:
            kingsford = again.engine.simulator.state.inbox
            assert again.engine.sync is not None
            for channel_id in (1, 2):
                await again.engine.sync.sync_once(channel_id)
            assert again.runner is not None
            await again.runner.link_items()
            assert await again.session.store.run(stored) == 1
            state = {i.id: i for i in (await service.status(again.session.store)).injects}
            assert len(state["first-report"].item_ids) == 1
            redelivered = [
                e for e in await entries(again.session) if e.action == "exercise.inject_redelivered"
            ]
        finally:
            await again.close()
        assert len(redelivered) == 1 and redelivered[0].object_id == "first-report"
        assert redelivered[0].actor == "exercise"
    assert kingsford == []  # the second time, nothing was sent again


async def test_a_new_simulator_never_reuses_an_uncollected_injects_number(
    console: Console,
) -> None:
    trainer, runner = console.session, console.runner
    assert runner is not None
    await service.start(trainer)
    console.engine.simulator.set_account_offline("kingsfordpolice", True)
    await service.jump(trainer, timedelta(minutes=11))
    given = await trainer.store.run(lambda db: exercises.inject(db, "first-report"))
    assert given is not None
    number = int(given.remote_ids[0].removeprefix("in-"))
    assert await trainer.store.run(exercises.highest_simulator_seq) >= number


# -- a jump cut short ----------------------------------------------------------


async def test_a_jump_cut_short_saves_the_clock_where_it_got_to(
    exercise_path: Path, real: FakeRealClock
) -> None:
    opened = await open_console(exercise_path, real)
    trainer, runner = opened.session, opened.runner
    assert runner is not None
    await service.start(trainer)
    await service.pause(trainer)
    happen = runner._happen
    calls = {"n": 0}

    async def flaky(now: datetime, *, step: bool) -> None:
        calls["n"] += 1
        if calls["n"] == 6:
            raise RuntimeError("the console was killed mid-jump")
        await happen(now, step=step)

    runner._happen = flaky  # type: ignore[method-assign]
    with pytest.raises(RuntimeError):
        await service.jump(trainer, timedelta(hours=2))
    got_to = trainer.store.clock()
    assert at(minutes=40) <= got_to < at(hours=2)
    await opened.close()
    reopened = await trainer_session(exercise_path, real)
    try:
        found = await entries(reopened)
        assert reopened.store.clock() == got_to  # saved: the clock did not go back
        assert max(e.at_utc for e in found) <= iso(got_to)
        assert_in_time_order(found)
        jumps = [
            json.loads(e.after or "{}")
            for e in found
            if e.action == "exercise.clock" and json.loads(e.after or "{}")["change"] == "jump"
        ]
        assert jumps and jumps[-1]["interrupted"] is True
        assert jumps[-1]["exercise_utc"] == iso(got_to)
    finally:
        await reopened.store.close()


# -- two consoles (or a console and a command) on one store ----------------------


async def test_a_second_runner_is_refused_with_a_sentence(
    exercise_path: Path, real: FakeRealClock
) -> None:
    # The headless run below reads the system clock: the lease's times are compared
    # with it, so this test's real clock stands at the system's time.
    real.now = datetime.now(UTC)
    playing = await open_console(exercise_path, real)
    try:
        with pytest.raises(RunnerBusy, match="already playing this exercise"):
            await open_console(exercise_path, real)
        # A headless run from the command line is refused the same way.
        with pytest.raises(RunnerBusy, match="already playing this exercise"):
            await service.run_headless(exercise_path, TRAINER, PASSWORD)
    finally:
        await playing.close()
    # Once the first console closed, another may play it.
    again = await open_console(exercise_path, real)
    await again.close()


async def test_two_consoles_agree_on_the_clock(
    exercise_path: Path, real: FakeRealClock, console: Console
) -> None:
    other = await open_console(exercise_path, real, run=False)  # a second window, or a CLI
    try:
        a, b = console.session, other.session
        assert console.runner is not None
        await service.start(a)
        real.advance(minutes=11)
        # B's clock was read before A started it: the change still applies to the row
        # as stored (running), not to B's memory of it (not started).
        await service.pause(b)
        clock_entry = [e for e in await entries(b) if e.action == "exercise.clock"][-1]
        assert json.loads(clock_entry.before or "{}")["state"] == "running"
        real.advance(minutes=30)
        await console.runner.tick()  # A sees the pause: nothing fires
        assert service.exercise_clock(a.store).state is ClockState.PAUSED
        assert a.store.clock() == at(minutes=11)
        assert (await fired(a))["unsafe-rumour"] is None
        await service.resume(a)  # A resumes what B paused
        real.advance(minutes=30)
        await console.runner.tick()
        assert (await service.status(b.store)).exercise_now == at(minutes=41)  # B looks
        assert b.store.clock() == a.store.clock() == at(minutes=41)
        assert service.exercise_clock(b.store).state is ClockState.RUNNING
        assert_in_time_order(await entries(a))
    finally:
        await other.close()


async def test_an_inject_that_fired_already_writes_no_second_entry(console: Console) -> None:
    trainer, runner = console.session, console.runner
    assert runner is not None and runner.scenario is not None
    await service.start(trainer)
    console.engine.simulator.set_account_offline("kingsfordpolice", True)  # keep it there
    await service.jump(trainer, timedelta(minutes=11))
    report = runner.scenario.injects[0]
    # A runner that believed it still had to fire it (its memory out of date).
    runner.deliveries.pending.insert(0, Delivery(at(minutes=10), (0, 0), report, 0))
    await runner.tick()
    shots = [e for e in await entries(trainer) if e.action == "exercise.inject"]
    assert [e.object_id for e in shots].count("first-report") == 1
    texts = [e.text for e in console.engine.simulator.state.inbox]
    assert texts.count(report.text) == 1
    assert runner.counts.fired.count("first-report") == 1


# -- the jump's entry says where it started ------------------------------------


async def test_the_jumps_entry_records_where_it_started(console: Console) -> None:
    trainer = console.session
    await service.start(trainer)
    await service.jump(trainer, timedelta(minutes=20))
    await service.pause(trainer)
    await service.jump(trainer, timedelta(hours=1))
    jump = [e for e in await entries(trainer) if e.action == "exercise.clock"][-1]
    assert json.loads(jump.before or "{}")["exercise_utc"] == iso(at(minutes=20))
    assert json.loads(jump.after or "{}")["exercise_utc"] == iso(at(hours=1))


# -- while the clock is paused a post sent now goes at once ---------------------


async def test_a_post_sent_now_while_paused_goes_at_once(console: Console) -> None:
    trainer = console.session
    scheduler = console.engine.scheduler
    assert scheduler is not None
    officer = await add_officer(trainer)
    await service.start(trainer)
    await service.pause(trainer)
    await scheduler.run_now()  # an idle pass while the clock stands at 09:00
    await create_post(
        officer,
        body="Police are aware of flooding on the high street.",
        channel_ids=[1],
        scheduled_utc=iso(trainer.store.clock()),
    )
    await scheduler.rebuild()
    job = scheduler._scheduler.get_job(JOB)
    assert job is not None
    wait = (job.next_run_time - datetime.now(UTC)).total_seconds()
    assert wait < 1.0  # not the five seconds of a pass that could not send


# -- a failed store write leaves nothing on the network -----------------------


async def test_an_inject_whose_record_fails_is_taken_back_and_fires_later(
    console: Console, real: FakeRealClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    trainer, runner = console.session, console.runner
    assert runner is not None
    await service.start(trainer)
    console.engine.simulator.set_account_offline("kingsfordpolice", True)
    real.advance(minutes=11)
    real_mark = exercises.mark_fired

    def broken(*args: Any, **kwargs: Any) -> bool:
        raise StoreError("The disk is full.")

    monkeypatch.setattr(exercises, "mark_fired", broken)
    with pytest.raises(StoreError):
        await runner.tick()
    assert console.engine.simulator.state.inbox == []  # taken back off the network
    assert (await fired(trainer))["first-report"] is None
    monkeypatch.setattr(exercises, "mark_fired", real_mark)
    await runner.tick()
    assert (await fired(trainer))["first-report"] == iso(at(minutes=11))
    assert len(console.engine.simulator.state.inbox) == 1
