"""Rate budgets, Retry-After, backoff with jitter, offline detection, pause/resume."""

from __future__ import annotations

import json
import random

import pytest

from console import credentials
from console.permissions import NotPermitted
from console.session import Session
from console.sync import SyncEvent, SyncPolicy
from storage import sync_state
from storage.records import Role
from storage.sync_state import SyncState
from tests.channels.servers.scripted_http import LoopbackServer, Response
from tests.channels.servers.x_server import XApp
from tests.sync.conftest import NORTH, SOUTH, Station, add_x_channel

pytestmark = pytest.mark.asyncio


async def test_sync_waits_for_the_reset_and_never_meets_a_429(station: Station) -> None:
    station.simulator.set_rate_limit(5, window=60)
    station.simulator.inject_many("north", 1000)  # five pages of 200
    waiting: list[str | None] = []
    station.sync.add_listener(
        lambda event: (
            waiting.append(station.sync.health()[NORTH].waiting_until_utc)
            if event.kind == "health" and event.channel_id == NORTH
            else None
        )
    )

    await station.sync.sync_once(NORTH)

    assert await station.inbox_count(NORTH) == 1000
    assert station.simulator.state.rate_limited == 0  # never a 429
    # Limit 5, reserve 2: three calls, then a wait for the window's reset (plus 1 s).
    assert station.sleep.waits and all(w == pytest.approx(61) for w in station.sleep.waits)
    assert any(waiting)  # the window could say "waiting for the rate limit until ..."
    health = station.sync.health()[NORTH]
    assert health.state is SyncState.OK and health.waiting_until_utc is None
    assert health.budget.limit == 5 and health.budget_left is not None


async def test_a_429_with_retry_after_is_honoured(
    station: Station, x_app: XApp, x_server: LoopbackServer
) -> None:
    channel = await add_x_channel(station, x_app)
    access, refresh = x_app.issue()
    await credentials.connect(
        station.admin, channel, base_url=x_server.url,
        secrets={"access_token": access, "refresh_token": refresh, "client_id": x_app.client_id},
    )  # fmt: skip
    problem = {"title": "Too Many Requests", "detail": "Too Many Requests", "status": 429}
    x_server.answer(Response.of(429, problem, {"Retry-After": "600"}), "GET", "/2/users/")

    delay = await station.sync.sync_once(channel)

    assert delay is not None and delay >= 600  # not the first backoff's 15 s
    health = station.sync.health()[channel]
    assert health.state is SyncState.DEGRADED and health.failures == 1
    assert "Cordon waits 600 s" in health.last_error
    row = await station.store.run(lambda db: sync_state.get(db, channel))
    assert row.next_sync_utc is not None and row.next_sync_utc >= station.at(10)
    x_app.mention(x_app.add_user("resident", "A Resident"), "@cordon_police thank you")
    assert await station.sync.sync_once(channel) == station.policy.interval
    assert await station.inbox_count(channel) == 1
    assert station.sync.health()[channel].state is SyncState.OK


async def test_backoff_doubles_with_jitter_up_to_the_cap() -> None:
    policy = SyncPolicy(first_backoff=15, max_backoff=900, jitter=0.5)
    rng = random.Random(1)
    delays = [policy.backoff(failures, rng) for failures in range(1, 16)]
    ceilings = [min(900.0, 15 * 2.0 ** (n - 1)) for n in range(1, 16)]
    for delay, ceiling in zip(delays, ceilings, strict=True):
        assert ceiling / 2 <= delay <= ceiling
    assert delays[-1] <= 900 and max(delays) <= 900
    assert len({round(d, 6) for d in delays[7:]}) > 1  # capped, and still jittered
    assert delays != ceilings  # jitter
    assert policy.backoff(0, rng) == policy.interval


async def test_errors_back_off_and_one_success_resets(station: Station) -> None:
    station.simulator.fail_next_reads(*["500"] * 8)
    delays = []
    for _ in range(8):
        delay = await station.sync.sync_once(NORTH)
        assert delay is not None
        delays.append(delay)
    health = station.sync.health()[NORTH]
    assert health.state is SyncState.DEGRADED and health.failures == 8
    assert "The simulator failed (500)" in health.last_error
    for n, delay in enumerate(delays, start=1):
        ceiling = min(station.policy.max_backoff, station.policy.first_backoff * 2 ** (n - 1))
        assert ceiling / 2 <= delay <= ceiling
    assert delays[-1] > delays[0] * 8  # it grew

    assert await station.sync.sync_once(NORTH) == station.policy.interval
    health = station.sync.health()[NORTH]
    assert (health.state, health.failures, health.last_error) == (SyncState.OK, 0, "")
    changes = [
        (e.action, json.loads(e.after or "{}")["state"])
        for e in await station.audit("channel.sync")
    ]
    assert changes == [("channel.sync_degraded", "degraded"), ("channel.sync_ok", "ok")]


async def actions(station: Station) -> list[tuple[str, dict[str, str]]]:
    entries = await station.audit("channel.sync")
    return [(e.action, json.loads(e.after or "{}")) for e in entries]


async def test_offline_when_no_channel_is_reached_and_back_on_first_success(
    station: Station,
) -> None:
    def offline() -> bool:
        return station.sync.offline

    flags: list[bool] = []
    station.sync.add_listener(
        lambda event: flags.append(station.sync.offline) if event.kind == "offline" else None
    )
    await station.sync.load()  # as start() does: the engine knows both channels
    station.simulator.set_offline(True)
    await station.sync.sync_once(NORTH)
    assert station.sync.health()[NORTH].state is SyncState.OFFLINE
    assert "could not be reached" in station.sync.health()[NORTH].last_error
    assert not offline()  # South has not failed yet
    await station.sync.sync_once(SOUTH)
    assert offline() and flags == [True]

    station.simulator.set_offline(False)
    await station.sync.sync_once(SOUTH)
    assert not offline() and flags == [True, False]  # the first success clears it
    assert station.sync.health()[SOUTH].state is SyncState.OK
    assert station.sync.health()[NORTH].state is SyncState.OFFLINE  # until its own next pass


async def test_a_network_that_answers_badly_is_not_offline(station: Station) -> None:
    station.simulator.fail_next_reads("500", "500")
    await station.sync.sync_once(NORTH)
    await station.sync.sync_once(SOUTH)
    assert not station.sync.offline
    assert {h.state for h in station.sync.health().values()} == {SyncState.DEGRADED}


async def test_pause_and_resume_are_kept_and_audited(station: Station) -> None:
    await station.sync.pause(station.admin, NORTH, reason="noisy during the exercise")
    station.simulator.inject("north", "Anyone there?")
    assert await station.sync.sync_once(NORTH) is None
    assert station.sync.health()[NORTH].state is SyncState.PAUSED
    assert await station.inbox_count(NORTH) == 0

    await station.restart()
    assert await station.sync.sync_once(NORTH) is None  # still paused after a restart
    await station.sync.resume(station.admin, NORTH, reason="exercise over")
    assert await station.sync.sync_once(NORTH) == station.policy.interval
    assert await station.inbox_count(NORTH) == 1
    entries = await station.audit("channel.sync_")
    assert [(e.action, e.justification) for e in entries] == [
        ("channel.sync_paused", "noisy during the exercise"),
        ("channel.sync_resumed", "exercise over"),
    ]


async def test_only_an_administrator_pauses(station: Station) -> None:
    from console import users as user_admin
    from tests.helpers import FAST_KDF

    observer = await user_admin.add_user(
        station.admin, name="olly", password="observer pass 1", roles=[Role.OBSERVER], kdf=FAST_KDF
    )
    with pytest.raises(NotPermitted, match="Managing channels"):
        await station.sync.pause(Session(station.store, observer, via="test"), NORTH, reason="x")


async def test_a_paused_channel_is_not_counted_for_offline(station: Station) -> None:
    await station.sync.pause(station.admin, SOUTH, reason="quiet")
    await station.sync.sync_once(SOUTH)
    station.simulator.set_offline(True)
    await station.sync.sync_once(NORTH)
    assert station.sync.offline  # the one channel being synced cannot reach its network
    events: list[SyncEvent] = station.events
    assert any(e.kind == "offline" for e in events)
