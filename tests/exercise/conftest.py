"""Exercise fixtures: the small scenario, a fake real clock, an exercise store."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

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


@pytest.fixture
async def exercise_path(tmp_path: Path, real: FakeRealClock) -> Path:
    from incident.exercise.service import create_exercise

    return await create_exercise(
        tmp_path / "ex.cordon", SMALL, TRAINER, PASSWORD, kdf=FAST_KDF, real=real
    )
