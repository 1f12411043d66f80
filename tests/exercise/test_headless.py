"""``run_headless`` plays a whole scenario, event to event, and nothing it does
leaves the machine: every connection it makes is to the loopback simulator."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from incident.exercise import service
from incident.exercise.clock import ClockState
from incident.exercise.headless import run_headless
from incident.exercise.scenario import Inject
from storage import audit
from storage.errors import StoreError
from storage.lifecycle import open_store
from tests.exercise.conftest import TRAINER
from tests.helpers import PASSWORD

pytestmark = pytest.mark.asyncio
LOOPBACK = {"127.0.0.1", "::1", "localhost"}


@pytest.fixture
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """Refuse (and remember) any connection to an address that is not loopback."""
    refused: list[Any] = []
    reached: list[Any] = []
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def guard(address: Any) -> None:
        if isinstance(address, tuple):
            reached.append(address)
            if str(address[0]) not in LOOPBACK:
                refused.append(address)
                raise ConnectionRefusedError(f"the test refuses {address[0]}")

    def connect(self: socket.socket, address: Any) -> None:
        guard(address)
        real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        guard(address)
        return real_connect_ex(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    yield refused
    assert reached, "the guard saw no connection at all: it guards nothing"


async def test_the_guard_refuses_a_real_address(loopback_only: list[Any]) -> None:
    probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        with pytest.raises(ConnectionRefusedError):
            probe.connect(("192.0.2.1", 443))  # TEST-NET-1: never routed
    finally:
        probe.close()
    assert loopback_only == [("192.0.2.1", 443)]
    loopback_only.clear()


async def test_a_headless_run_plays_the_scenario_to_its_end_on_loopback_only(
    exercise_path: Path, loopback_only: list[Any]
) -> None:
    fired: list[str] = []
    told: list[str] = []

    def on_fire(inject: Inject, when: Any) -> None:
        fired.append(inject.id)

    summary = await run_headless(
        exercise_path, TRAINER, PASSWORD, on_fire=on_fire, on_line=told.append
    )
    assert loopback_only == []
    # Told as they happened, in exercise time: each post going out, each reply from
    # the public, the channel whose token went; never the machinery behind them.
    assert len([line for line in told if "  Published “" in line]) == 3
    replies = [line for line in told if " from the public to a post on " in line]
    assert len(replies) == summary.reactions  # one line per reply here: one at a time
    assert any("The access token expired: reconnect the channel in Cordon." in line
               for line in told)  # fmt: skip
    assert not any("claim" in line.lower() or "collect" in line.lower() for line in told)
    stamps = [line[:25] for line in told]
    assert all(" GMT " in stamp for stamp in stamps)
    assert fired == [
        "first-report", "unsafe-rumour", "gold-holding", "press", "worried-residents",
        "kingsford-down", "kingsford-back", "token-gone",
    ]  # fmt: skip
    assert (summary.injects_fired, summary.injects_total) == (8, 8)
    assert summary.targets == {"published": 3}
    assert summary.messages == 3 + 6  # three public injects and a surge of six
    assert summary.reactions > 0 and summary.items_collected >= 9
    assert summary.exercise_ended_utc == "2026-03-14T12:00:00.000000Z"
    store, _ = await open_store(exercise_path, TRAINER, PASSWORD)
    try:
        state = await service.status(store)
        assert state.state is ClockState.ENDED
        assert all(i.fired_exercise_utc for i in state.injects)
        entries = await store.run(lambda db: list(audit.iter_entries(db)))
        actions = [e.action for e in entries]
        assert actions.count("exercise.inject") == 8
        changes = [json.loads(e.after or "{}") for e in entries if e.action == "exercise.clock"]
        assert [c["change"] for c in changes] == ["start", "jump", "end"]
        times = [e.at_utc for e in entries]
        assert times == sorted(times)  # exercise time only moves forward
    finally:
        await store.close()
    with pytest.raises(Exception, match="has ended"):
        await run_headless(exercise_path, TRAINER, PASSWORD)


async def test_a_headless_run_at_a_pace_tells_as_it_goes_and_refuses_an_impossible_one(
    exercise_path: Path,
) -> None:
    with pytest.raises(StoreError, match="from 1 to 3600 times real time"):
        await run_headless(exercise_path, TRAINER, PASSWORD, 3601)
    fired: list[str] = []
    told: list[str] = []
    summary = await run_headless(
        exercise_path, TRAINER, PASSWORD, 3600,
        on_fire=lambda inject, _when: fired.append(inject.id), on_line=told.append,
    )  # fmt: skip
    assert len(fired) == summary.injects_total == 8
    assert len([line for line in told if "  Published “" in line]) == 3
    assert summary.targets == {"published": 3}
