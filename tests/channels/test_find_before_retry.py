"""Find before retry, through the publishing engine: a post whose answer was lost after
the network made it is found on the next attempt (or on reconcile after a crash), and
never sent twice. Bluesky against a real PDS behind a proxy that loses answers;
Facebook against the loopback Graph API. (The adapters' own tests show the same at
their level; here it is the engine's retry and reconcile that ask.)"""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any, Protocol

import pytest
import pytest_asyncio

from console import users as user_admin
from console.adapters import ByNetwork
from console.channels.base import Account, ChannelAdapter, Transient
from console.channels.bluesky import BlueskyAdapter
from console.channels.facebook import FacebookAdapter
from console.posts import create_post
from console.publisher import Publisher
from console.session import Session, SignInThrottle, sign_in
from storage import audit, channels, queue
from storage.records import Role, TargetStatus
from storage.store import Transaction
from storage.timeutil import to_iso
from tests.channels.conftest import Pds
from tests.channels.servers.dropping_proxy import DroppingProxy
from tests.channels.servers.facebook_server import VERSION, FacebookApp
from tests.channels.servers.scripted_http import LoopbackServer
from tests.helpers import PASSWORD, make_store

pytestmark = pytest.mark.asyncio

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
FEED = f"/{VERSION}/1000001/feed"


class Clock:
    """The publisher's clock: real time, moved on by a test to pass a backoff."""

    def __init__(self) -> None:
        self.ahead = timedelta()

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.ahead


@dataclass
class Room:
    """A store with one channel, its network's adapter, and the publishing engine."""

    officer: Session
    clock: Clock
    publisher: Publisher

    async def post(self, text: str, images: tuple[tuple[str, bytes, str], ...] = ()) -> int:
        due = to_iso(self.clock() - timedelta(seconds=1))
        made = await create_post(
            self.officer, body=text, channel_ids=[1], scheduled_utc=due, images=images
        )
        return made.targets[0].id

    async def status(self, target_id: int) -> TargetStatus:
        return await self.officer.store.run(lambda db: queue.status_of(db, target_id))

    async def actions(self, target_id: int) -> list[str]:
        def read(db: Any) -> list[str]:
            return [
                e.action
                for e in audit.iter_entries(db)
                if e.object_type == "target" and e.object_id == str(target_id)
            ]

        return await self.officer.store.run(read)

    async def retry_now(self) -> None:
        """Let the clock pass the backoff the engine chose."""
        self.clock.ahead += self.publisher.policy.max_backoff


@pytest_asyncio.fixture
async def room_factory(tmp_path: Path) -> AsyncIterator[_RoomFactory]:
    made: list[Session] = []

    async def build(network: str, account: str, adapter: ChannelAdapter) -> Room:
        path = tmp_path / f"{network}.cordon"
        await (await make_store(path)).close()
        clock = Clock()
        officer = await sign_in(
            path, "alice", PASSWORD, via="test", throttle=SignInThrottle(), clock=clock
        )
        made.append(officer)
        await user_admin.set_roles(
            officer, "alice", [Role.ADMINISTRATOR, Role.DUTY_OFFICER], reason="t"
        )

        def channel(tx: Transaction) -> None:
            channels.insert(
                tx.db, name="Force", network=network, account=account, area="", now=tx.now()
            )

        await officer.store.write(channel)
        publisher = Publisher(officer.store, ByNetwork({network: adapter}), clock=clock)
        return Room(officer, clock, publisher)

    yield build
    for officer in made:
        await officer.sign_out()


class _RoomFactory(Protocol):
    async def __call__(self, network: str, account: str, adapter: ChannelAdapter) -> Room: ...


# -- Facebook --------------------------------------------------------------------------------


async def test_facebook_a_retry_after_a_lost_answer_finds_the_post(
    room_factory: _RoomFactory,
    fb_adapter: FacebookAdapter,
    fb_server: LoopbackServer,
    fb_app: FacebookApp,
) -> None:
    room = await room_factory("facebook", fb_app.page_id, fb_adapter)
    target = await room.post(
        "Road closed at the A1 junction: use the B2", (("map.png", PNG, "A map of the A1"),)
    )
    fb_server.commit_then_drop("POST", FEED)

    [first] = await room.publisher.publish_due()
    assert first.status == "retry"
    [made] = fb_app.published()  # Facebook made it; the answer never arrived
    await room.retry_now()
    [second] = await room.publisher.publish_due()

    assert second.status == "published"
    assert fb_app.published() == [made]
    remote = await room.officer.store.run(
        lambda db: db.execute("SELECT remote_id FROM targets WHERE id = ?", (target,)).fetchone()
    )
    assert remote[0] == made.id
    posts = [r for r in fb_app.requests if r.method == "POST" and r.path == FEED]
    assert len(posts) == 1  # the retry looked first and did not post again
    assert await room.actions(target) == ["target.claim", "target.retry", "target.claim",
                                          "target.published"]  # fmt: skip


async def test_facebook_reconcile_after_a_crash_finds_the_post(
    room_factory: _RoomFactory,
    fb_adapter: FacebookAdapter,
    fb_server: LoopbackServer,
    fb_app: FacebookApp,
) -> None:
    room = await room_factory("facebook", fb_app.page_id, fb_adapter)
    target = await room.post("Sent just before the console crashed")
    # The engine claimed it and sent it, then the process died before the answer.
    await room.officer.store.write(lambda tx: queue.claim(tx.db, target, "key-1", tx.now()))
    claimed = await room.officer.store.run(partial(queue.claimed, target_id=target))
    assert claimed is not None
    fb_server.commit_then_drop("POST", FEED)
    assert isinstance(await fb_adapter.publish(claimed), Transient)
    assert await room.status(target) is TargetStatus.PUBLISHING

    results = await room.publisher.publish_due()  # the restart

    assert [(r.target_id, r.status) for r in results] == [(target, "published")]
    assert len(fb_app.published()) == 1
    posts = [r for r in fb_app.requests if r.method == "POST" and r.path == FEED]
    assert len(posts) == 1


async def test_facebook_a_retry_that_cannot_look_first_does_not_post(
    room_factory: _RoomFactory,
    fb_adapter: FacebookAdapter,
    fb_server: LoopbackServer,
    fb_app: FacebookApp,
) -> None:
    room = await room_factory("facebook", fb_app.page_id, fb_adapter)
    target = await room.post("Lost, and then Facebook is down for a while")
    fb_server.commit_then_drop("POST", FEED)
    assert [r.status for r in await room.publisher.publish_due()] == ["retry"]
    fb_server.drop("GET", f"/{VERSION}/1000001/published_posts")

    await room.retry_now()
    [blind] = await room.publisher.publish_due()
    assert blind.status == "retry"  # could not look, so it did not send
    await room.retry_now()
    [found] = await room.publisher.publish_due()

    assert found.status == "published"
    assert len(fb_app.published()) == 1
    assert await room.status(target) is TargetStatus.PUBLISHED


# -- Bluesky, on a real PDS ----------------------------------------------------------------


@pytest.fixture
def proxy(pds: Pds) -> Iterator[DroppingProxy]:
    server = DroppingProxy(pds.url)
    with server.running():
        yield server


async def _bluesky(pds: Pds, proxy: DroppingProxy) -> tuple[BlueskyAdapter, str]:
    account = pds.create_account()
    secrets = {"app_password": pds.app_password(account)}
    return BlueskyAdapter(Account(proxy.url, account.handle, secrets)), account.did


@pytest.mark.slow
async def test_bluesky_a_retry_after_a_lost_answer_finds_the_post(
    room_factory: _RoomFactory, pds: Pds, proxy: DroppingProxy
) -> None:
    adapter, did = await _bluesky(pds, proxy)
    try:
        room = await room_factory("bluesky", did, adapter)
        target = await room.post("Lost on the way back: the post is there")
        # The PDS commits, the answer is lost, and the network stays down for a while.
        proxy.drop_answers = {"com.atproto.repo.createRecord"}
        proxy.blackout_after_drop = True
        [first] = await room.publisher.publish_due()
        assert first.status == "retry"
        assert len(pds.list_posts(did)) == 1

        proxy.blackout = proxy.blackout_after_drop = False  # back
        await room.retry_now()
        [second] = await room.publisher.publish_due()
    finally:
        await adapter.aclose()

    assert second.status == "published"
    [record] = pds.list_posts(did)
    remote = await room.officer.store.run(
        lambda db: db.execute("SELECT remote_id FROM targets WHERE id = ?", (target,)).fetchone()
    )
    assert remote[0] == record["uri"]
    assert proxy.dropped == ["com.atproto.repo.createRecord"]  # the retry never created


@pytest.mark.slow
async def test_bluesky_reconcile_after_a_crash_finds_the_post(
    room_factory: _RoomFactory, pds: Pds, proxy: DroppingProxy
) -> None:
    adapter, did = await _bluesky(pds, proxy)
    try:
        room = await room_factory("bluesky", did, adapter)
        target = await room.post("Sent just before the console crashed")
        await room.officer.store.write(lambda tx: queue.claim(tx.db, target, "key-1", tx.now()))
        claimed = await room.officer.store.run(partial(queue.claimed, target_id=target))
        assert claimed is not None
        proxy.drop_answers = {"com.atproto.repo.createRecord"}
        proxy.blackout_after_drop = True
        await adapter.publish(claimed)  # the answer is lost: the process 'dies' here
        assert await room.status(target) is TargetStatus.PUBLISHING
        assert await room.publisher.publish_due() == []  # still down: left publishing
        assert await room.status(target) is TargetStatus.PUBLISHING

        proxy.blackout = proxy.blackout_after_drop = False
        results = await room.publisher.publish_due()  # the restart, network back
    finally:
        await adapter.aclose()

    assert [(r.target_id, r.status) for r in results] == [(target, "published")]
    assert len(pds.list_posts(did)) == 1
    assert proxy.dropped == ["com.atproto.repo.createRecord"]
