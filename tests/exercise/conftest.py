"""Exercise fixtures: the small scenario, a fake real clock, an exercise store."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import pytest_asyncio

from console import users as user_admin
from console.session import Session
from incident.exercise.clock import clock_of
from storage.lifecycle import open_store
from storage.records import Role
from tests.helpers import FAST_KDF, PASSWORD

SMALL = Path(__file__).with_name("small.toml")
TRAINER = "tess"


class FakeRealClock:
    """The real clock, moved by the test: tests never time things."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += timedelta(**kwargs)


@pytest.fixture
def real() -> FakeRealClock:
    return FakeRealClock()


@pytest_asyncio.fixture
async def exercise_path(tmp_path: Path, real: FakeRealClock) -> Path:
    from incident.exercise.service import create_exercise

    return await create_exercise(
        tmp_path / "ex.cordon", SMALL, TRAINER, PASSWORD, kdf=FAST_KDF, real=real
    )


async def trainer_session(path: Path, real: FakeRealClock | None = None) -> Session:
    """The trainer signed in; the store's exercise clock on the test's real clock."""
    store, user = await open_store(path, TRAINER, PASSWORD)
    clock = clock_of(store)
    assert clock is not None
    if real is not None:
        clock.real = real
    return Session(store, user, via="test")


async def add_officer(trainer: Session, name: str = "dora") -> Session:
    """A duty officer on the exercise's team, sharing the trainer's open store."""
    user = await user_admin.add_user(
        trainer, name=name, password=PASSWORD, roles=[Role.DUTY_OFFICER], kdf=FAST_KDF
    )
    return Session(trainer.store, user, via="test")


async def targets(session: Session) -> list[tuple[str, str, str]]:
    """Every post on its channel: (status, scheduled time, channel name), by time."""
    rows = await session.store.run(
        lambda db: db.execute(
            "SELECT t.status, t.scheduled_utc, c.name FROM targets t"
            " JOIN channels c ON c.id = t.channel_id ORDER BY t.scheduled_utc, c.name"
        ).fetchall()
    )
    return [(str(r[0]), str(r[1]), str(r[2])) for r in rows]
