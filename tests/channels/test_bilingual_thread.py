"""Two linked posts (a bilingual post's Welsh and English) on the real Bluesky PDS:
the publisher sends the first, then the second as a reply to it (its ``reply`` names
the first as parent and root), and keeps both posts' URIs."""

from __future__ import annotations

import pytest

from console import settings
from console.adapters import ByNetwork
from console.bilingual import Choice, First, Form
from console.channels.base import Account
from console.channels.bluesky import BlueskyAdapter
from console.posts import create_post
from console.publisher import Publisher
from storage import channels
from storage.store import Transaction
from tests.channels.conftest import Pds
from tests.desk import Desk

pytestmark = pytest.mark.asyncio


async def test_the_second_of_two_linked_posts_replies_to_the_first_on_bluesky(
    desk: Desk, pds: Pds
) -> None:
    account = pds.create_account()
    adapter = BlueskyAdapter(
        Account(pds.url, account.handle, {"app_password": pds.app_password(account)}), None
    )

    def bluesky(tx: Transaction) -> None:
        channels.insert(
            tx.db, name="Force Sky", network="bluesky", account=account.handle, area="North",
            now=tx.now(),
        )  # fmt: skip

    await desk.officer.store.write(bluesky)
    await settings.change(desk.officer, settings.BILINGUAL, Choice(Form.TWO, First.ENGLISH))
    post = await create_post(
        desk.officer, body="", welsh="Mae'r ffordd ar gau.", english="The road is closed.",
        channel_ids=[3], scheduled_utc=desk.at(1),
    )  # fmt: skip
    desk.clock.advance(minutes=2)
    try:
        publisher = Publisher(desk.officer.store, ByNetwork({"bluesky": adapter}), clock=desk.clock)
        assert [r.status for r in await publisher.publish_due()] == ["published"]
    finally:
        await adapter.aclose()
    first_uri, second_uri = await desk.officer.store.run(
        lambda db: tuple(db.execute(
            "SELECT remote_id, second_remote_id FROM targets WHERE post_id = ?", (post.id,)
        ).fetchone())
    )  # fmt: skip
    records = {str(r["uri"]): r["value"] for r in pds.list_posts(account.did)}
    assert set(records) == {first_uri, second_uri}
    first, second = records[first_uri], records[second_uri]
    assert isinstance(first, dict) and isinstance(second, dict)
    assert (first["text"], second["text"]) == ("The road is closed.", "Mae'r ffordd ar gau.")
    assert "reply" not in first
    assert second["reply"]["parent"]["uri"] == first_uri
    assert second["reply"]["root"]["uri"] == first_uri
