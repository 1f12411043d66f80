"""The scenarios shipped in resources/scenarios: each loads, is worth running as an
exercise (every kind of inject, content falling due during the incident, alerts that
really fire), makes an exercise store, and plays headless to its end."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from console.inbox.matching import found, normalise
from console.inbox.threats import shipped
from incident.exercise import service
from incident.exercise.scenario import PUBLIC_KINDS, InjectKind, Scenario
from incident.exercise.scenario_file import load_scenario, shipped_scenarios
from storage import queue
from storage.lifecycle import open_store
from storage.timeutil import to_iso
from tests.exercise.conftest import TRAINER, FakeRealClock
from tests.helpers import FAST_KDF, PASSWORD

SHIPPED = shipped_scenarios()
NAMES = [path.name for path in SHIPPED]


def test_the_three_scenarios_are_shipped() -> None:
    assert {"flooding.toml", "market_firearms.toml", "missing_child.toml"} <= set(NAMES)


@pytest.fixture(params=SHIPPED, ids=NAMES)
def scenario(request: pytest.FixtureRequest) -> Scenario:
    return load_scenario(request.param)


def test_it_is_the_size_of_an_exercise(scenario: Scenario) -> None:
    assert timedelta(hours=6) <= scenario.duration <= timedelta(hours=10)
    assert 3 <= len(scenario.channels) <= 6
    assert 15 <= len(scenario.posts) <= 30
    assert 35 <= len(scenario.injects) <= 60
    assert all(c.followers > 0 and c.areas for c in scenario.channels)


def test_it_has_every_kind_of_inject(scenario: Scenario) -> None:
    assert {i.kind for i in scenario.injects} == set(InjectKind)


def test_one_first_sign_from_the_public_and_scheduled_posts_fall_due_after_it(
    scenario: Scenario,
) -> None:
    signs = [i for i in scenario.injects if i.first_sign]
    assert len(signs) == 1
    assert signs[0].kind in PUBLIC_KINDS
    later = [p for p in scenario.posts if p.at > signs[0].at]
    assert len(later) >= 10, "incident mode needs scheduled content to hold"


def test_every_outage_is_restored_later(scenario: Scenario) -> None:
    down: dict[str, timedelta] = {}
    for inject in scenario.injects:  # in firing order
        if inject.kind is InjectKind.OUTAGE:
            assert inject.channel not in down
            down[inject.channel] = inject.at
        elif inject.kind is InjectKind.RESTORE:
            assert down.pop(inject.channel) < inject.at
    assert down == {}


def test_public_texts_fit_their_channel_and_surges_vary(scenario: Scenario) -> None:
    for inject in scenario.injects:
        limit = scenario.channel(inject.channel).limit if inject.channel else 500
        for text in (inject.text, *inject.texts):
            assert len(text) <= limit, (inject.id, len(text), limit)
        if inject.kind is InjectKind.SURGE:
            assert len(set(inject.texts)) >= 8, inject.id
            assert inject.expect
        if inject.kind is InjectKind.GOLD_INSTRUCTION:
            assert inject.text.startswith("GOLD:"), inject.id


def test_every_threat_to_life_raises_the_shipped_alert(scenario: Scenario) -> None:
    phrases = shipped().phrases
    threats = [i for i in scenario.injects if i.kind is InjectKind.THREAT_TO_LIFE]
    assert threats
    for inject in threats:
        assert found(normalise(inject.text), phrases), inject.id


def test_every_inject_tells_the_trainer_what_to_expect(scenario: Scenario) -> None:
    missing = [i.id for i in scenario.injects if not i.expect]
    assert missing == []


@pytest.mark.asyncio
@pytest.mark.parametrize("path", SHIPPED, ids=NAMES)
async def test_it_makes_an_exercise_store(tmp_path: Path, path: Path) -> None:
    scenario = load_scenario(path)
    made = await service.create_exercise(
        tmp_path / "ex.cordon", path, TRAINER, PASSWORD, kdf=FAST_KDF, real=FakeRealClock()
    )
    store, _ = await open_store(made, TRAINER, PASSWORD)
    try:
        status = await service.status(store)
        assert status.title == scenario.title
        assert status.duration == scenario.duration
        assert [i.id for i in status.injects] == [i.id for i in scenario.injects]
        assert all(i.fired_exercise_utc is None for i in status.injects)

        def scheduled(db: object) -> list[str]:
            ids = queue.matching(db, queue.QueueFilter())
            return sorted(r.scheduled_utc or "" for r in queue.rows(db, ids).values())

        wanted = sorted(
            to_iso(scenario.starts_utc + post.at) for post in scenario.posts for _ in post.channels
        )
        assert await store.run(scheduled) == wanted
    finally:
        await store.close()


@pytest.mark.asyncio
@pytest.mark.parametrize("path", SHIPPED, ids=NAMES)
async def test_it_plays_headless_to_its_end(tmp_path: Path, path: Path) -> None:
    scenario = load_scenario(path)
    made = await service.create_exercise(
        tmp_path / "ex.cordon", path, TRAINER, PASSWORD, kdf=FAST_KDF
    )
    summary = await service.run_headless(made, TRAINER, PASSWORD, None)
    assert summary.injects_fired == summary.injects_total == len(scenario.injects)
    assert summary.messages > len(scenario.injects)  # the surges came in
    assert sum(summary.targets.values()) == sum(len(p.channels) for p in scenario.posts)
    assert summary.targets.get("published", 0) > 0
    store, _ = await open_store(made, TRAINER, PASSWORD)
    try:
        status = await service.status(store)
        assert status.elapsed >= status.duration
        assert [i.id for i in status.injects if i.fired_exercise_utc is None] == []
    finally:
        await store.close()
