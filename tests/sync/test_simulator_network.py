"""What the simulator network gained for sync and exercises, through its adapter:
an inbox (injected over /control, or made-up chatter), metrics, native scheduling."""

from __future__ import annotations

import httpx
import pytest

from console.channels.base import InboxPage, Metrics, Published, ScheduledItem, Transient
from console.channels.simulator import SimulatorAdapter
from storage import metrics
from storage.queue import Claimed
from tests.sync.conftest import NORTH, FakeClock, Station

pytestmark = pytest.mark.asyncio


def claimed(text: str, key: str = "k1", account: str = "north") -> Claimed:
    return Claimed(1, 1, 1, "simulator", account, text, key, 1, "2026-01-01T00:00:00.000000Z")


async def test_a_scenario_injects_over_control_and_the_inbox_reads_it(station: Station) -> None:
    async with httpx.AsyncClient(base_url=station.simulator.url) as client:
        answer = await client.post("/control", json={"inbox": [
            {"account": "north", "kind": "message", "author_handle": "pat", "author_name": "Pat",
             "text": "I saw him by the station"},
            {"account": "north", "kind": "reply", "author_handle": "jo", "text": "Me too",
             "in_reply_to": "in-1"},
        ]})  # fmt: skip
    assert answer.status_code == 200
    adapter = station.simulator_adapter.bound("north")
    page = await adapter.fetch_inbox(None)
    assert isinstance(page, InboxPage) and page.cursor == "2"
    message, reply = page.items
    assert (message.kind, message.author_name, message.text) == (
        "message", "Pat", "I saw him by the station"
    )  # fmt: skip
    assert (reply.kind, reply.in_reply_to, reply.conversation_id) == ("reply", "in-1", "in-1")
    assert await adapter.fetch_inbox("2") == InboxPage((), None)


async def test_chatter_follows_the_simulated_clock(station: Station, clock: FakeClock) -> None:
    async with httpx.AsyncClient(base_url=station.simulator.url) as client:
        await client.post("/control", json={"chatter": {"north": 60}})
    adapter = station.simulator_adapter.bound("north")
    first = await adapter.fetch_inbox(None)
    assert first == InboxPage((), None)
    clock.advance(minutes=5)
    page = await adapter.fetch_inbox(None)
    assert isinstance(page, InboxPage) and len(page.items) == 5
    assert all(item.author_handle and item.text for item in page.items)


async def test_native_scheduling_and_delete(station: Station, clock: FakeClock) -> None:
    adapter = station.simulator_adapter.bound("north")
    at = station.at(30)
    outcome = await adapter.schedule(claimed("Later today"), at)
    assert isinstance(outcome, Published) and outcome.url == ""
    again = await adapter.schedule(claimed("Later today"), at)  # same key: the same one
    assert again == outcome
    waiting = await adapter.scheduled()
    assert waiting == [ScheduledItem(outcome.remote_id, at, "Later today")]
    assert await adapter.unschedule(outcome.remote_id) is None
    assert await adapter.scheduled() == []
    assert await adapter.unschedule(outcome.remote_id) is None  # gone counts

    kept = await adapter.schedule(claimed("Goes out by itself", key="k2"), station.at(10))
    assert isinstance(kept, Published)
    clock.advance(minutes=11)
    assert [s.text for s in station.simulator.received("north")] == ["Goes out by itself"]
    assert await adapter.delete(kept.remote_id) is None
    assert station.simulator.received("north") == []
    past = await adapter.schedule(claimed("Too late", key="k3"), station.at(-1))
    assert not isinstance(past, Published)


async def test_metrics_grow_with_age_and_a_scenario_can_set_them(
    station: Station, clock: FakeClock
) -> None:
    adapter = station.simulator_adapter.bound("north")
    sent = await adapter.publish(claimed("Appeal"))
    assert isinstance(sent, Published)
    station.simulator.inject("north", "Shared it", kind="reply", in_reply_to=sent.remote_id)
    young = await adapter.metrics([sent.remote_id, "unknown"])
    clock.advance(hours=2)
    old = await adapter.metrics([sent.remote_id])
    assert isinstance(young, dict) and isinstance(old, dict)
    assert set(young) == {sent.remote_id}  # an unknown post is left out
    assert young[sent.remote_id].replies == 1
    assert old[sent.remote_id].likes > young[sent.remote_id].likes
    assert (old[sent.remote_id].reach or 0) > 0
    async with httpx.AsyncClient(base_url=station.simulator.url) as client:
        await client.post("/control", json={"metrics": {sent.remote_id: {"likes": 7}}})
    assert await adapter.metrics([sent.remote_id]) == {sent.remote_id: Metrics(likes=7)}


async def test_the_engine_keeps_metrics_of_recent_posts(station: Station) -> None:
    target = await station.post("Witness appeal")
    station.clock.advance(minutes=2)
    assert [r.status for r in await station.publisher.publish_due()] == ["published"]
    await station.sync.sync_once(NORTH)
    first = await station.store.run(lambda db: metrics.of_targets(db, [target]))
    assert first[target].reach is not None
    station.clock.advance(minutes=20)  # past metrics_every
    await station.sync.sync_once(NORTH)
    later = await station.store.run(lambda db: metrics.of_targets(db, [target]))
    assert later[target].likes >= first[target].likes and later[target].reach is not None
    assert (later[target].reach or 0) > (first[target].reach or 0)
    assert len(await station.audit("metrics.refresh")) == 2
    assert any(e.kind == "metrics" for e in station.events)


async def test_rate_limit_headers_and_an_outage(station: Station) -> None:
    station.simulator.set_rate_limit(2, window=60)
    adapter = station.simulator_adapter.bound("north")
    assert isinstance(await adapter.fetch_inbox(None), InboxPage)
    assert adapter.budget().limit == 2 and adapter.budget().remaining == 1
    await adapter.fetch_inbox(None)
    limited = await adapter.fetch_inbox(None)
    assert isinstance(limited, Transient) and limited.retry_after == 60
    assert station.simulator.state.rate_limited == 1
    station.simulator.set_rate_limit(None)
    station.simulator.set_offline(True)
    down = await adapter.fetch_inbox(None)
    assert isinstance(down, Transient) and down.unreachable


async def test_the_publisher_still_works_without_credentials(station: Station) -> None:
    """Simulator channels need no connection: the shared adapter serves them all."""
    target = await station.post("No credentials needed")
    station.clock.advance(minutes=2)
    assert [r.status for r in await station.publisher.publish_due()] == ["published"]
    assert await station.status(target) is not None
    assert isinstance(await station.adapters.network_adapter(NORTH), SimulatorAdapter)
