"""The exercise clock drives injects and scheduled posts; pause, speed and jump keep
them in order. The real clock is the test's (``FakeRealClock``): nothing is timed."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import pytest_asyncio

from console import credentials
from console.engine import Engine
from console.scheduler import JOB
from console.session import Session
from incident import engage
from incident.engage import Details
from incident.exercise import service
from incident.exercise.clock import (
    ClockRow,
    ClockState,
    ExerciseClock,
    clock_segments,
    exercise_time_of,
)
from incident.exercise.reactions import ON_ROUTINE, ON_ROUTINE_IN_INCIDENT, ON_UPDATES, pool_for
from incident.exercise.runner import ExerciseRunner, runner_for
from storage import audit, channels, sync_state
from storage.errors import StoreError
from storage.sync_state import SyncState
from storage.timeutil import system_clock
from tests.exercise.conftest import (
    SMALL,
    TRAINER,
    FakeRealClock,
    add_officer,
    targets,
    trainer_session,
)
from tests.helpers import FAST_KDF, PASSWORD, make_store

pytestmark = pytest.mark.asyncio
STARTS = datetime(2026, 3, 14, 9, 0, tzinfo=UTC)


def at(**kwargs: float) -> datetime:
    return STARTS + timedelta(**kwargs)


def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


# -- the clock alone -----------------------------------------------------------------


async def test_running_paused_and_speeded_exercise_time() -> None:
    real = FakeRealClock()
    row = ClockRow(ClockState.NOT_STARTED, 1.0, real(), STARTS)
    clock = ExerciseClock(row, real)
    real.advance(hours=1)
    assert clock() == STARTS  # not started: stands at the start
    assert clock.real_delay_until(at(minutes=5)) is None
    clock.adopt(row.moved(real(), state=ClockState.RUNNING, speed=10.0))
    real.advance(minutes=3)
    assert clock() == at(minutes=30)
    assert clock.real_delay_until(at(minutes=40)) == 60.0  # ten exercise minutes at 10x
    clock.adopt(clock.row.moved(real(), state=ClockState.PAUSED))
    real.advance(hours=5)
    assert clock() == at(minutes=30)
    real.now -= timedelta(days=1)  # the real clock set back: exercise time never is
    clock.adopt(clock.row.moved(real(), state=ClockState.RUNNING))
    assert clock() == at(minutes=30)


async def test_segments_map_real_time_to_exercise_time(
    exercise_path: Path, real: FakeRealClock
) -> None:
    trainer = await trainer_session(exercise_path, real)
    try:
        begun = real()
        await service.start(trainer)
        real.advance(minutes=10)
        await service.set_speed(trainer, 5)
        real.advance(minutes=2)
        await service.pause(trainer)
        real.advance(minutes=30)
        await service.resume(trainer)
        segments = await clock_segments(trainer.store)
        assert [s.change for s in segments] == ["start", "speed", "pause", "resume"]
        assert exercise_time_of(segments, begun + timedelta(minutes=5)) == at(minutes=5)
        assert exercise_time_of(segments, begun + timedelta(minutes=11)) == at(minutes=15)
        assert exercise_time_of(segments, begun + timedelta(minutes=30)) == at(minutes=20)
        assert exercise_time_of(segments, begun + timedelta(minutes=43)) == at(minutes=25)
        entry = (await trainer.store.run(lambda db: list(audit.iter_entries(db))))[-1]
        assert entry.action == "exercise.clock"
        after = json.loads(entry.after or "{}")
        assert after["real_utc"] == iso(real()) and after["exercise_utc"] == iso(at(minutes=20))
    finally:
        await trainer.store.close()


async def test_the_controls_refuse_what_makes_no_sense(
    exercise_path: Path, real: FakeRealClock
) -> None:
    trainer = await trainer_session(exercise_path, real)
    try:
        with pytest.raises(StoreError, match="not running"):
            await service.pause(trainer)
        await service.start(trainer)
        with pytest.raises(StoreError, match="already started"):
            await service.start(trainer)
        for speed in (0.5, 11):
            with pytest.raises(StoreError, match="from 1x to 10x"):
                await service.set_speed(trainer, speed)
        real.advance(hours=1)  # the clock ran an hour
        with pytest.raises(StoreError, match="only jumps forward"):
            await service.jump(trainer, timedelta(minutes=30))
        with pytest.raises(StoreError, match="lasts 3h"):
            await service.jump(trainer, timedelta(hours=4))
        # Nothing plays the exercise (no engine, no runner here): a jump would fire every
        # inject on the way at once, so it is refused until the engine plays it.
        with pytest.raises(StoreError, match="engine is not playing this exercise"):
            await service.jump(trainer, timedelta(hours=2))
        await service.end(trainer)
        with pytest.raises(StoreError, match="has ended"):
            await service.set_speed(trainer, 2)
    finally:
        await trainer.store.close()


# -- the clock with the engine and the runner -------------------------------------------


@dataclass
class Running:
    trainer: Session
    engine: Engine
    runner: ExerciseRunner
    real: FakeRealClock

    async def publish_pass(self) -> None:
        assert self.engine.scheduler is not None
        await self.engine.scheduler.run_now()

    async def fired(self) -> dict[str, str | None]:
        state = await service.status(self.trainer.store)
        return {i.id: i.fired_exercise_utc for i in state.injects}


@pytest_asyncio.fixture
async def running(exercise_path: Path, real: FakeRealClock) -> AsyncIterator[Running]:
    trainer = await trainer_session(exercise_path, real)
    engine = Engine(trainer.store)  # takes the store's exercise clock
    await engine.start()
    runner = ExerciseRunner(trainer.store, engine)
    await runner.start(play=False)  # the test moves the real clock and ticks
    try:
        yield Running(trainer, engine, runner, real)
    finally:
        await runner.stop()
        await engine.stop()
        await trainer.store.close()


async def test_a_scheduled_post_goes_out_when_the_exercise_clock_reaches_it(
    running: Running,
) -> None:
    assert running.engine.clock is running.trainer.store.clock
    await service.start(running.trainer)
    running.real.advance(minutes=29)
    await running.publish_pass()
    assert (await targets(running.trainer))[0][0] == "queued"  # 09:29: not yet
    assert running.engine.simulator.received("kingsfordpolice") == []
    running.real.advance(minutes=1)
    await running.publish_pass()
    assert (await targets(running.trainer))[0] == (
        "published", "2026-03-14T09:30:00.000000Z", "Kingsford Police",
    )  # fmt: skip
    sent = running.engine.simulator.received("kingsfordpolice")
    assert [s.text[:12] for s in sent] == ["Good morning"]
    assert sent[0].at == at(minutes=30).timestamp()  # the network's time is exercise time


async def test_incident_mode_engaged_first_holds_the_scheduled_post(running: Running) -> None:
    officer = await add_officer(running.trainer)
    await service.start(running.trainer)
    running.real.advance(minutes=12)
    await engage.engage(officer, details=Details("Burst main", reason="water on the high street"))
    running.real.advance(minutes=20)  # 09:32: the 09:30 post fell due while held
    await running.publish_pass()
    assert (await targets(running.trainer))[0][0] == "held"
    assert running.engine.simulator.received() == []


async def test_the_date_job_follows_speed_and_pause(running: Running) -> None:
    scheduler = running.engine.scheduler
    assert scheduler is not None
    await running.publish_pass()
    assert scheduler._scheduler.get_job(JOB) is None  # not started: nothing falls due
    await service.start(running.trainer)
    await service.set_speed(running.trainer, 10)
    await running.publish_pass()
    job = scheduler._scheduler.get_job(JOB)
    assert job is not None
    # The 09:30 post is 30 exercise minutes away: three real minutes at 10x.
    wait = (job.next_run_time - datetime.now(UTC)).total_seconds()
    assert 170 < wait <= 180
    await service.pause(running.trainer)
    await running.publish_pass()
    assert scheduler._scheduler.get_job(JOB) is None


async def test_pause_speed_and_jump_keep_injects_and_posts_in_order(running: Running) -> None:
    trainer, real = running.trainer, running.real
    await service.start(trainer)
    real.advance(minutes=11)
    await running.runner.tick()
    fired = await running.fired()
    assert fired["first-report"] == iso(at(minutes=11))
    assert fired["unsafe-rumour"] is None
    await service.pause(trainer)
    real.advance(hours=2)
    await running.runner.tick()
    assert (await running.fired())["unsafe-rumour"] is None  # paused: nothing more
    assert trainer.store.clock() == at(minutes=11)
    await service.resume(trainer)
    await service.set_speed(trainer, 10)
    real.advance(minutes=1)  # ten exercise minutes: 09:21
    await running.runner.tick()
    assert trainer.store.clock() == at(minutes=21)
    assert (await running.fired())["unsafe-rumour"] is None

    await service.jump(trainer, timedelta(hours=2, minutes=30))
    assert trainer.store.clock() == at(hours=2, minutes=30)
    fired = await running.fired()
    # Each inject fired at its own exercise time, not at the end of the jump.
    assert fired == {
        "first-report": iso(at(minutes=11)),
        "unsafe-rumour": iso(at(minutes=40)),
        "gold-holding": iso(at(minutes=45)),
        "press": iso(at(minutes=50)),
        "worried-residents": iso(at(hours=1)),
        "kingsford-down": iso(at(hours=1, minutes=20)),
        "kingsford-back": iso(at(hours=1, minutes=40)),
        "token-gone": iso(at(hours=2, minutes=10)),
    }
    assert [(t[0], t[1]) for t in await targets(trainer)] == [
        ("published", "2026-03-14T09:30:00.000000Z"),
        ("published", "2026-03-14T11:00:00.000000Z"),
        ("published", "2026-03-14T11:00:00.000000Z"),
    ]
    # In the audit trail, injects and publications come in exercise-time order, each
    # at its own time.
    entries = await trainer.store.run(lambda db: list(audit.iter_entries(db)))
    story = [
        (e.at_utc[11:19], e.action, e.object_id)
        for e in entries
        if e.action in ("exercise.inject", "target.published")
    ]
    assert [s[0] for s in story] == sorted(s[0] for s in story)
    assert [(s[0], s[2]) for s in story if s[1] == "exercise.inject"][1:] == [
        ("09:40:00", "unsafe-rumour"), ("09:45:00", "gold-holding"), ("09:50:00", "press"),
        ("10:00:00", "worried-residents"), ("10:20:00", "kingsford-down"),
        ("10:40:00", "kingsford-back"), ("11:10:00", "token-gone"),
    ]  # fmt: skip
    assert [s[0] for s in story if s[1] == "target.published"] == [
        "09:30:00", "11:00:00", "11:00:00",
    ]  # fmt: skip
    # The surge went out over its quarter of an hour, each message at its time.
    surge = [e for e in entries if e.object_id == "worried-residents"]
    spread = [e.at_utc[11:19] for e in surge if e.action in ("exercise.inject", "exercise.surge")]
    assert spread == [
        "10:00:00", "10:02:30", "10:05:00", "10:07:30", "10:10:00", "10:12:30",
    ]  # fmt: skip
    jump = json.loads(entries[-1].after or "{}") if entries[-1].action == "exercise.clock" else {}
    assert jump.get("change") == "jump" and jump.get("steps", 0) > 10


async def test_what_the_injects_do_on_the_network_and_in_the_store(running: Running) -> None:
    trainer, simulator = running.trainer, running.engine.simulator
    await service.start(trainer)
    await service.jump(trainer, timedelta(hours=1, minutes=30))
    # The mention and the direct media enquiry arrived, and sync stored them.
    state = {i.id: i for i in (await service.status(trainer.store)).injects}
    assert len(state["first-report"].item_ids) == 1
    assert len(state["press"].item_ids) == 1
    assert len(state["worried-residents"].item_ids) == 6
    kinds = {e.text[:20]: e.kind for e in simulator.state.inbox}
    assert kinds["Can you confirm how "] == "message"  # direct = true
    assert kinds["Heard the water is c"] == "mention"  # a rumour, in public
    assert "kingsfordpolice" in simulator.state.offline_accounts  # the outage
    await service.jump(trainer, timedelta(hours=2, minutes=20))
    assert "kingsfordpolice" not in simulator.state.offline_accounts  # restored
    # The token expired: the channel needs reconnecting, and reconnecting it works.
    wessex = await trainer.store.run(lambda db: channels.by_name(db, "Wessex Police"))
    assert wessex is not None
    row = await trainer.store.run(lambda db: sync_state.get(db, wessex.id))
    assert row.state is SyncState.NEEDS_RECONNECT and "token expired" in row.last_error
    await credentials.connect(trainer, wessex.id, secrets={})
    row = await trainer.store.run(lambda db: sync_state.get(db, wessex.id))
    assert row.state is SyncState.OK
    # The public answered the team's posts: replies in the inbox, counted in metrics.
    for status in simulator.received():
        replies = [e for e in simulator.state.inbox if e.in_reply_to == status.id]
        assert replies, status.text
        assert simulator.state.metrics_of(status)["replies"] == len(replies)
    entries = await trainer.store.run(lambda db: list(audit.iter_entries(db)))
    reacted = sum(
        json.loads(e.after or "{}")["replies"] for e in entries if e.action == "exercise.reaction"
    )
    assert reacted == running.runner.counts.reactions > 0
    # A gold instruction is there for the window, with when it came.
    gold = (await service.status(trainer.store)).gold_instructions
    assert [g.id for g in gold] == ["gold-holding"] and gold[0].summary.startswith("Gold:")


async def test_a_routine_post_during_an_incident_draws_criticism() -> None:
    routine = "Bike marking at the library this afternoon, bring your bike."
    assert pool_for(routine, incident_active=True) is ON_ROUTINE_IN_INCIDENT
    assert pool_for(routine, incident_active=False) is ON_ROUTINE
    update = "Police are aware of flooding on the high street: please avoid the area."
    assert pool_for(update, incident_active=True) is ON_UPDATES


async def _until(condition: Callable[[], Awaitable[bool]], seconds: float = 20.0) -> None:
    """Wait for a condition (not for a time): fails if it never comes."""
    async with asyncio.timeout(seconds):
        while not await condition():
            await asyncio.sleep(0.02)


async def test_the_runner_plays_by_itself_and_ends_the_exercise(
    exercise_path: Path, real: FakeRealClock
) -> None:
    trainer = await trainer_session(exercise_path, real)
    engine = Engine(trainer.store)
    await engine.start()
    runner = ExerciseRunner(trainer.store, engine, poll_seconds=0.02)
    await runner.start()
    try:
        await service.start(trainer)
        real.advance(minutes=11)

        async def first_fired() -> bool:
            return (await service.status(trainer.store)).injects[0].fired_exercise_utc is not None

        await _until(first_fired)
        state = await service.status(trainer.store)
        assert [i.id for i in state.injects if i.fired_exercise_utc] == ["first-report"]
        real.advance(hours=3)  # past the end: what is left fires, then the clock stops

        async def ended() -> bool:
            return (await service.status(trainer.store)).state is ClockState.ENDED

        await _until(ended)
        state = await service.status(trainer.store)
        assert all(i.fired_exercise_utc for i in state.injects)
        entries = await trainer.store.run(lambda db: list(audit.iter_entries(db)))
        last_clock = [e for e in entries if e.action == "exercise.clock"][-1]
        assert last_clock.actor == "exercise"
        assert json.loads(last_clock.after or "{}")["change"] == "end"
    finally:
        await runner.stop()
        await engine.stop()
        await trainer.store.close()


async def test_the_end_is_not_called_before_what_falls_due_by_it_has_happened(
    exercise_path: Path, real: FakeRealClock
) -> None:
    """The clock passes the scenario's end while a tick plays what was due before
    it: the exercise ends only after the next tick has played the rest."""
    trainer = await trainer_session(exercise_path, real)
    engine = Engine(trainer.store)
    await engine.start()
    runner = ExerciseRunner(trainer.store, engine, poll_seconds=0.02)
    jumped: list[bool] = []

    async def pass_the_end_meanwhile() -> None:
        if not jumped and runner.clock.state is ClockState.RUNNING:
            jumped.append(True)
            real.advance(hours=3)  # while this tick still plays its earlier moment

    runner.after_step = pass_the_end_meanwhile
    await runner.start()
    try:
        await service.start(trainer)

        async def ended() -> bool:
            return (await service.status(trainer.store)).state is ClockState.ENDED

        await _until(ended)
        assert jumped
        state = await service.status(trainer.store)
        assert [i.id for i in state.injects if not i.fired_exercise_utc] == []
    finally:
        await runner.stop()
        await engine.stop()
        await trainer.store.close()


async def test_a_restarted_console_still_collects_what_the_injects_send(
    exercise_path: Path, real: FakeRealClock
) -> None:
    trainer = await trainer_session(exercise_path, real)
    try:
        first, second = timedelta(minutes=40), timedelta(hours=1, minutes=15)
        for until in (first, second):
            # Each sign-in starts a new engine, with a new simulator.
            engine = Engine(trainer.store)
            await engine.start()
            runner = ExerciseRunner(trainer.store, engine)
            await runner.start(play=False)
            try:
                if until == first:
                    await service.start(trainer)
                await service.jump(trainer, until)
            finally:
                await runner.stop()
                await engine.stop()
        # Kingsford's inbox held the first report and replies to the 09:30 post from
        # the first simulator; the second one's surge is collected all the same.
        state = {i.id: i for i in (await service.status(trainer.store)).injects}
        assert len(state["first-report"].item_ids) == 1
        assert len(state["worried-residents"].item_ids) == 6
        surge = state["worried-residents"].item_ids
        marks = ",".join("?" * len(surge))
        texts = await trainer.store.run(
            lambda db: [
                r[0]
                for r in db.execute(f"SELECT text FROM inbox_items WHERE id IN ({marks})", surge)
            ]
        )
        assert set(texts) <= {
            "Is the high street closed?", "Can I still get to the market?",
            "Is our water safe to drink?",
        }  # fmt: skip
    finally:
        await trainer.store.close()


async def test_the_window_starts_a_runner_only_for_an_exercise(
    exercise_path: Path, tmp_path: Path
) -> None:
    live = await make_store(tmp_path / "live.cordon")
    engine = Engine(live)
    await engine.start()
    try:
        assert await runner_for(engine) is None
        assert engine.clock is system_clock
    finally:
        await engine.stop()
        await live.close()
    trainer = await trainer_session(exercise_path)
    engine = Engine(trainer.store)
    await engine.start()
    try:
        runner = await runner_for(engine)
        assert runner is not None and runner.clock is trainer.store.clock
        assert engine.simulator.state.latency > 0
        assert engine.simulator.state.followers == {"wessexpolice": 182000, "kingsfordpolice": 9400}
        assert engine.simulator.state.limits["kingsfordpolice"] == 320
        await runner.stop()
    finally:
        await engine.stop()
        await trainer.store.close()


async def test_nothing_fires_before_the_trainer_starts_the_clock(
    tmp_path: Path, real: FakeRealClock
) -> None:
    early = tmp_path / "early.toml"
    early.write_text(SMALL.read_text(encoding="utf-8").replace('at = "+10m"', 'at = "+0m"'))
    path = await service.create_exercise(
        tmp_path / "early.cordon", early, TRAINER, PASSWORD, kdf=FAST_KDF, real=real
    )
    trainer = await trainer_session(path, real)
    engine = Engine(trainer.store)
    await engine.start()
    runner = ExerciseRunner(trainer.store, engine)
    await runner.start(play=False)
    try:
        real.advance(hours=1)
        await runner.tick()  # the clock stands at the start: the +0m inject waits
        state = await service.status(trainer.store)
        assert state.injects[0].at == timedelta(0)
        assert state.injects[0].fired_exercise_utc is None
        await service.start(trainer)
        await runner.tick()
        state = await service.status(trainer.store)
        assert state.injects[0].fired_exercise_utc == iso(STARTS)
    finally:
        await runner.stop()
        await engine.stop()
        await trainer.store.close()
