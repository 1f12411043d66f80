"""An exercise store: what ``create_exercise`` makes, and what it refuses."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

import pytest

from console import channel_admin, credentials
from console.permissions import NotPermitted
from incident.exercise import service
from incident.exercise.clock import ClockState, clock_of
from incident.exercise.scenario import InjectKind
from incident.exercise.scenario_file import ScenarioError
from storage import audit, channels, exercises
from storage.errors import StoreError
from storage.lifecycle import open_store
from storage.records import Role, ServerLimits, StoreKind
from storage.store import Transaction
from tests.exercise.conftest import (
    SMALL,
    TRAINER,
    FakeRealClock,
    add_officer,
    targets,
    trainer_session,
)
from tests.helpers import FAST_KDF, PASSWORD

pytestmark = pytest.mark.asyncio
STARTS = datetime(2026, 3, 14, 9, 0, tzinfo=UTC)


async def test_the_store_holds_the_scenario_on_simulator_channels(exercise_path: Path) -> None:
    trainer = await trainer_session(exercise_path)
    store = trainer.store
    try:
        assert store.kind is StoreKind.EXERCISE
        assert trainer.user.roles == {Role.ADMINISTRATOR, Role.TRAINER}
        found = await store.run(channels.all_channels)
        assert {(c.name, c.network, c.account, c.area) for c in found} == {
            ("Wessex Police", "simulator", "wessexpolice", "Wessex"),
            ("Kingsford Police", "simulator", "kingsfordpolice", "Kingsford"),
        }
        followers = await store.run(exercises.followers)
        by_name = {c.name: followers[c.id] for c in found}
        assert by_name == {"Wessex Police": 182000, "Kingsford Police": 9400}
        # A channel's own text limit is the core's to check, before the simulator's.
        limits = {}
        for channel in found:
            limits[channel.name] = await store.run(
                partial(channels.limits_of, channel_id=channel.id)
            )
        assert limits == {
            "Wessex Police": None,
            "Kingsford Police": ServerLimits("mastodon", 320, 23),
        }
        row = await store.run(exercises.exercise)
        assert row is not None and row.source_text == SMALL.read_text(encoding="utf-8")
        # The scenario's posts wait on the queue at their exercise times.
        assert await targets(trainer) == [
            ("queued", "2026-03-14T09:30:00.000000Z", "Kingsford Police"),
            ("queued", "2026-03-14T11:00:00.000000Z", "Kingsford Police"),
            ("queued", "2026-03-14T11:00:00.000000Z", "Wessex Police"),
        ]
        # The store runs on the exercise clock, standing at the start.
        clock = clock_of(store)
        assert clock is not None and clock.state is ClockState.NOT_STARTED
        assert store.clock() == STARTS
        state = await service.status(store)
        assert [i.id for i in state.injects][:2] == ["first-report", "unsafe-rumour"]
        assert state.injects[0].kind is InjectKind.MENTION and state.injects[0].first_sign
        assert all(i.fired_exercise_utc is None for i in state.injects)
        entries = await store.run(lambda db: list(audit.iter_entries(db)))
        assert "exercise.create" in [e.action for e in entries]
        assert {e.at_utc for e in entries} == {"2026-03-14T09:00:00.000000Z"}
    finally:
        await store.close()


async def test_an_exercise_store_refuses_a_real_channel_and_real_credentials(
    exercise_path: Path,
) -> None:
    trainer = await trainer_session(exercise_path)
    try:
        with pytest.raises(StoreError, match="takes only simulator channels"):
            await channel_admin.add_channel(
                trainer, name="Real", network="mastodon", account="realforce"
            )

        # Even a real channel that found its way in (written past the services)
        # cannot be given credentials.
        def sneak(tx: Transaction) -> int:
            return channels.insert(
                tx.db, name="Sneaked", network="mastodon", account="real", area="", now=tx.now()
            )

        sneaked = await trainer.store.write(sneak)
        with pytest.raises(StoreError, match="never holds real credentials"):
            await credentials.connect(
                trainer,
                sneaked,
                secrets={"access_token": "a-real-token"},
                base_url="https://mastodon.example",
            )
        assert await credentials.account_for(trainer.store, sneaked) is None
        # A simulator channel may be (re)connected: what a token_expired inject needs.
        wessex = await trainer.store.run(lambda db: channels.by_name(db, "Wessex Police"))
        assert wessex is not None
        # ... but never with a real-looking token or a real server's address.
        for secrets, base_url in (
            ({"access_token": "REAL-mastodon-token-abc"}, ""),
            ({}, "https://mastodon.social"),
            ({"access_token": "t", "client_secret": "s3cret"}, "https://mastodon.social"),
        ):
            with pytest.raises(StoreError, match=r"^This is an exercise store: Wessex Police"):
                await credentials.connect(trainer, wessex.id, secrets=secrets, base_url=base_url)
        assert not (await credentials.connection(trainer.store, wessex.id)).connected
        await credentials.connect(trainer, wessex.id, secrets={})
        kept = await credentials.account_for(trainer.store, wessex.id)
        assert kept is not None and kept.secrets == {} and kept.base_url == ""
        rows = await trainer.store.run(
            lambda db: db.execute("SELECT base_url FROM channel_credentials").fetchall()
        )
        assert [tuple(r) for r in rows] == [("",)]
    finally:
        await trainer.store.close()


async def test_a_bad_scenario_makes_no_store(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(SMALL.read_text(encoding="utf-8").replace('kind = "rumour"', 'kind = "gossip"'))
    with pytest.raises(ScenarioError, match=r"bad.toml line 4\d: kind 'gossip'"):
        await service.create_exercise(tmp_path / "x.cordon", bad, TRAINER, PASSWORD, kdf=FAST_KDF)
    assert not (tmp_path / "x.cordon").exists()
    with pytest.raises(StoreError):  # a weak password, refused before anything is made
        await service.create_exercise(tmp_path / "x.cordon", SMALL, TRAINER, "short", kdf=FAST_KDF)
    assert not (tmp_path / "x.cordon").exists()


async def test_only_the_trainer_controls_the_clock(
    exercise_path: Path, real: FakeRealClock
) -> None:
    trainer = await trainer_session(exercise_path, real)
    try:
        officer = await add_officer(trainer)
        for control in (service.start, service.pause, service.end):
            with pytest.raises(NotPermitted, match="needs the Trainer role"):
                await control(officer)
        with pytest.raises(NotPermitted):
            await service.jump(officer, timedelta(hours=1))
        await service.start(trainer)
        assert (await service.status(trainer.store)).state is ClockState.RUNNING
    finally:
        await trainer.store.close()


async def test_the_clock_survives_closing_the_store(
    exercise_path: Path, real: FakeRealClock
) -> None:
    trainer = await trainer_session(exercise_path, real)
    await service.start(trainer)
    await service.set_speed(trainer, 4)
    real.advance(minutes=10)
    await service.pause(trainer)
    assert trainer.store.clock() == STARTS + timedelta(minutes=40)
    await trainer.store.close()
    store, _ = await open_store(exercise_path, TRAINER, PASSWORD)
    try:
        clock = clock_of(store)
        assert clock is not None
        assert (clock.state, clock.speed) == (ClockState.PAUSED, 4.0)
        assert store.clock() == STARTS + timedelta(minutes=40)
    finally:
        await store.close()
