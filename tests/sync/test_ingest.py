"""Reading the inbox: every item once, in order, across restarts, overlaps and a
process killed between the fetch and the commit."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from console import credentials
from console.channels.base import InboxPage, NeedsReconnect, NetworkAdapter
from console.sync import SyncEngine
from storage import channels, inbox, sync_state
from storage.sync_state import SyncState
from tests.channels.mastodon_fixtures import start_stub
from tests.sync.conftest import NORTH, SOUTH, Station

pytestmark = pytest.mark.asyncio


def expected(first: int, last: int) -> list[str]:
    return [f"in-{n}" for n in range(first, last + 1)]


async def test_items_arrive_once_with_their_cursor_across_restarts(station: Station) -> None:
    for n in range(5):
        station.simulator.inject("north", f"Is the A1 open yet? ({n})", author_handle="jo")
    station.simulator.inject("south", "Thank you", kind="reply", author_handle="sam")

    assert await station.sync.sync_once(NORTH) == station.policy.interval
    assert await station.inbox_ids(NORTH) == expected(1, 5)
    row = await station.store.run(lambda db: sync_state.get(db, NORTH))
    assert row.inbox_cursor == "5" and row.last_sync_utc is not None

    await station.restart()
    assert await station.sync.sync_once(NORTH) is not None
    assert await station.inbox_ids(NORTH) == expected(1, 5)  # nothing twice

    station.clock.advance(minutes=1)
    for n in range(3):
        station.simulator.inject("north", f"Later ({n})")
    await station.restart()
    await station.sync.sync_once(NORTH)
    await station.sync.sync_once(SOUTH)
    assert await station.inbox_ids(NORTH) == expected(1, 5) + expected(7, 9)  # nothing skipped
    assert await station.inbox_ids(SOUTH) == ["in-6"]

    newest = await station.store.run(lambda db: inbox.matching(db, inbox.InboxFilter()))
    rows = await station.store.run(lambda db: inbox.rows(db, newest[:1]))
    assert rows[newest[0]].text == "Later (2)" and rows[newest[0]].channel == "North"
    collected = await station.afters("inbox.collect")
    assert [(channel, after["new_items"]) for channel, after in collected] == [
        ("1", 5), ("1", 3), ("2", 1)
    ]  # fmt: skip


async def test_many_pages_are_read_in_one_pass(station: Station) -> None:
    station.simulator.inject_many("north", 450)
    await station.sync.sync_once(NORTH)
    assert await station.inbox_ids(NORTH) == expected(1, 450)
    assert len(await station.audit("inbox.collect")) == 3  # 200 + 200 + 50, one commit each


async def test_a_page_read_again_stores_nothing_twice(station: Station) -> None:
    station.simulator.inject_many("north", 30)
    await station.sync.sync_once(NORTH)
    # The cursor lost (an older backup, a network that replays): everything comes again.
    await station.store.write(
        lambda tx: tx.execute("UPDATE sync_state SET inbox_cursor = NULL WHERE channel_id = 1")
    )
    await station.sync.sync_once(NORTH)
    assert await station.inbox_ids(NORTH) == expected(1, 30)
    assert len(await station.audit("inbox.collect")) == 1  # the replay collected nothing


class KilledAfterFetch:
    """The channel's adapter, but the process 'dies' after its ``kill_on``-th fetch:
    the task is cancelled before the page it fetched can be stored."""

    def __init__(self, inner: NetworkAdapter, kill_on: int) -> None:
        self.inner = inner
        self.kill_on = kill_on
        self.fetches = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    async def fetch_inbox(self, cursor: str | None) -> object:
        page = await self.inner.fetch_inbox(cursor)
        self.fetches += 1
        if self.fetches == self.kill_on:
            task = asyncio.current_task()
            assert task is not None
            task.cancel()
        return page


@pytest.mark.parametrize("kill_on", [1, 2, 3])
async def test_a_kill_between_fetch_and_store_neither_duplicates_nor_skips(
    station: Station, kill_on: int
) -> None:
    station.simulator.inject_many("north", 450)
    real = await station.adapters.network_adapter(NORTH)
    assert not isinstance(real, NeedsReconnect)
    killer = KilledAfterFetch(real, kill_on)

    async def dying(channel_id: int) -> object:
        return killer

    station.adapters.network_adapter = dying  # type: ignore[assignment, method-assign]
    doomed = asyncio.ensure_future(station.sync.sync_once(NORTH))
    with pytest.raises(asyncio.CancelledError):
        await doomed
    stored = await station.inbox_ids(NORTH)
    row = await station.store.run(lambda db: sync_state.get(db, NORTH))
    # Whatever was committed, the cursor says exactly how far: items and cursor agree.
    assert stored == expected(1, len(stored))
    assert row.inbox_cursor == (str(len(stored)) if stored else None)
    assert len(stored) in (200 * (kill_on - 1), min(200 * kill_on, 450))

    await station.restart()  # the next run of Cordon
    await station.sync.sync_once(NORTH)
    assert await station.inbox_ids(NORTH) == expected(1, 450)


async def test_a_kill_while_the_engine_runs_loses_nothing(station: Station) -> None:
    """The loop itself cancelled mid-pass (sign-out, a crash): the next run resumes."""
    station.simulator.inject_many("north", 1000)
    engine = station.sync
    await engine.start()
    await asyncio.sleep(0)
    await engine.stop()  # cancels the loops wherever they were
    await station.restart()
    await station.sync.sync_once(NORTH)
    assert await station.inbox_ids(NORTH) == expected(1, 1000)


async def test_the_loops_run_by_themselves_and_tell_listeners(station: Station) -> None:
    station.simulator.inject("north", "Smoke near the retail park")
    fast = SyncEngine(station.store, station.adapters, policy=station.policy)
    events: list[object] = []
    fast.add_listener(events.append)
    await fast.start()
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 10
    while await station.inbox_count(NORTH) < 1 and loop.time() < deadline:
        await asyncio.sleep(0.02)
    health = fast.health()
    await fast.stop()
    assert await station.inbox_ids(NORTH) == ["in-1"]
    assert {e.kind for e in events} >= {"inbox", "health"}  # type: ignore[attr-defined]
    assert set(health) == {NORTH, SOUTH}
    assert not fast.offline


async def test_an_item_without_a_time_gets_the_time_it_arrived(station: Station) -> None:
    from console.channels.base import InboxItem

    page = InboxPage((InboxItem("a1", "mention", "jo", "Jo", "Hello", ""),), "c1")
    await station.sync._store_page(NORTH, page)
    (row,) = (await station.store.run(lambda db: inbox.rows(db, inbox.matching(db)))).values()
    assert row.created_utc == row.received_utc


async def test_a_mastodon_channel_syncs_against_the_stub(station: Station) -> None:
    """The same loop over a real network's adapter: our Mastodon stub on loopback."""
    stub = start_stub()
    try:
        channel = await station.store.write(
            lambda tx: channels.insert(
                tx.db, name="Masto", network="mastodon", account="cordon", area="", now=tx.now()
            )
        )
        await credentials.connect(
            station.admin, channel, secrets={"access_token": "good-token"}, base_url=stub.url
        )
        with stub.state.lock:
            first = [stub.state.mention(f"@cordon is the A1 open? {n}")["id"] for n in range(3)]
        await station.sync.sync_once(channel)
        with stub.state.lock:
            later = [stub.state.mention(f"@cordon thanks {n}")["id"] for n in range(2)]
        await station.restart()
        await station.sync.sync_once(channel)
        await station.sync.sync_once(channel)
        assert await station.inbox_ids(channel) == first + later
        health = station.sync.health()[channel]
        assert health.state is SyncState.OK and health.budget.limit == 300
    finally:
        stub.stop()
