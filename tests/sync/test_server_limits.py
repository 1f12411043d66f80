"""A Mastodon-compatible channel counts its posts the way its own server does.

The server is our Mastodon stub playing GoToSocial (as a real GoToSocial behaves: 5,000
characters, every code point and every link in full, ``Idempotency-Key`` ignored). The
sync pass reads its software (NodeInfo) and limits (``/api/v2/instance``) and keeps them
on the channel; composing then checks against them, and agrees with the server on
every text near the limit.
"""

from __future__ import annotations

from dataclasses import replace

import httpx
import pytest

from console import credentials
from console.channels.base import Account, Published
from console.channels.mastodon import MastodonAdapter
from storage import channels
from storage.errors import StoreError
from storage.records import ServerLimits
from tests.channels.mastodon_fixtures import start_stub
from tests.channels.servers.mastodon_stub import Fault, StubServer
from tests.channels.test_mastodon import claimed
from tests.sync.conftest import Station

pytestmark = pytest.mark.asyncio

GOTOSOCIAL = ServerLimits("code_points", 5000, 25, 6, 41_943_040, "gotosocial 0.17.3")


async def _gotosocial_channel(station: Station, stub: StubServer) -> int:
    stub.state.play_gotosocial()
    channel = await station.store.write(
        lambda tx: channels.insert(
            tx.db, name="Fedi", network="mastodon", account="cordon", area="", now=tx.now()
        )
    )
    await credentials.connect(
        station.admin, channel, secrets={"access_token": "good-token"}, base_url=stub.url
    )
    return channel


async def test_a_sync_pass_keeps_what_the_server_accepts(station: Station) -> None:
    stub = start_stub()
    try:
        channel = await _gotosocial_channel(station, stub)
        with pytest.raises(StoreError, match="Mastodon allows 500 characters"):
            await station.post("a" * 600, channel)  # not read yet: Mastodon's default

        await station.sync.sync_once(channel)
        await station.sync.sync_once(channel)

        assert await station.store.run(lambda db: channels.limits_of(db, channel)) == GOTOSOCIAL
        changes = await station.afters("channel.limits")
        assert changes == [
            (
                str(channel),
                {
                    "counting": "code_points",
                    "max_characters": 5000,
                    "url_length": 25,
                    "images_max": 6,
                    "image_max_bytes": 41_943_040,
                    "software": "gotosocial 0.17.3",
                },
            )
        ]  # once: the second pass found nothing new
        assert await station.post("a" * 4000, channel)  # GoToSocial takes 5,000
    finally:
        stub.stop()


async def test_cordon_and_the_server_agree_near_the_limit(station: Station) -> None:
    stub = start_stub()
    try:
        channel = await _gotosocial_channel(station, stub)
        await station.sync.sync_once(channel)
        link = "https://www.met.police.uk/news/road-closure"
        texts = [
            "a" * 5000,
            "a" * 5001,
            "a" * (4999 - len(link)) + " " + link,  # 5,000 code points
            "a" * (5000 - len(link)) + " " + link,  # 5,001: Mastodon's way would pass it
            "\U0001f6a8" * 5000,  # one code point each
            "\U0001f44d\U0001f3fd" * 2501,  # 2,501 graphemes, 5,002 code points
        ]
        async with httpx.AsyncClient(base_url=stub.url) as client:
            for text in texts:
                try:
                    await station.post(text, channel)
                    cordon_takes = True
                except StoreError as refused:
                    assert "Mastodon allows 5000 characters" in str(refused)
                    cordon_takes = False
                answer = await client.post(
                    "/api/v1/statuses",
                    data={"status": text},
                    headers={"Authorization": "Bearer good-token"},
                )
                assert cordon_takes == answer.is_success, (len(text), answer.text)
    finally:
        stub.stop()


async def test_gotosocial_ignores_the_key_so_find_guards_the_retry() -> None:
    """GoToSocial posts again under a key it has seen: only ``find`` keeps a retry
    after a lost answer from posting twice."""
    stub = start_stub()
    try:
        stub.state.play_gotosocial()
        stub.fault("POST /api/v1/statuses", Fault(commit=True, drop=True))
        adapter = MastodonAdapter(Account(stub.url, "cordon", {"access_token": "good-token"}))
        try:
            first = claimed("Road closed at J4")
            lost = await adapter.publish(first)
            assert not isinstance(lost, Published)
            again = await adapter.publish(replace(first, attempts=2))
        finally:
            await adapter.aclose()
        assert isinstance(again, Published)
        with stub.state.lock:
            made = [s for s in stub.state.statuses.values() if "Road closed" in s["content"]]
        assert [s["id"] for s in made] == [again.remote_id]
    finally:
        stub.stop()
