"""The Bluesky adapter, against a real PDS and, where a PDS cannot be made to
misbehave, against a small loopback stub.

* **Real server** (fixture ``pds``, tests/channels/conftest.py): ``@atproto/pds``
  0.5.35 with an in-memory PLC directory on 127.0.0.1 (scripts/pds/launch.mjs).
  Sessions, refresh, posting with facets and images, delete, the client-chosen
  record key, expired and revoked credentials, rate-limit headers, and a response
  lost after the commit (tests/channels/servers/dropping_proxy.py in front of it).
* **Stub** (tests/channels/servers/xrpc_stub.py, written by us from the lexicons
  of bluesky-social/atproto: ``lexicons/app/bsky/notification/
  listNotifications.json``, ``lexicons/app/bsky/feed/getPosts.json``,
  ``lexicons/com/atproto/repo/createRecord.json``, ``getRecord.json``): 429, 500, a
  hang, malformed JSON, and notifications and post counts, which only an app view
  serves. Tests that use it say STUB in their name.

Facets follow https://docs.bsky.app/docs/advanced-guides/post-richtext and
``lexicons/app/bsky/richtext/facet.json`` (UTF-8 byte offsets); record keys follow
https://atproto.com/specs/tid.
"""

from __future__ import annotations

import logging
import struct
import time
import uuid
import zlib
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import httpx
import pytest

from console.channels.base import (
    Account,
    InboxPage,
    LookupFailed,
    Metrics,
    NeedsReconnect,
    Published,
    Rejected,
    Transient,
)
from console.channels.bluesky import (
    TID,
    BlueskyAdapter,
    facets_for,
    find_spans,
    jwt_expiry,
    rkey_for,
    rkey_of,
)
from storage.posts import Image
from storage.queue import Claimed
from storage.timeutil import from_iso
from tests.channels.conftest import Pds, PdsAccount
from tests.channels.servers.dropping_proxy import DroppingProxy
from tests.channels.servers.xrpc_stub import Reply, Request, StubXrpc, error, notification

pytestmark = pytest.mark.asyncio


# -- helpers -----------------------------------------------------------------------------


def png(width: int = 2, height: int = 1) -> bytes:
    """A small valid PNG (grey pixels)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def claimed(
    text: str, *, key: str | None = None, attempts: int = 1, images: tuple[Image, ...] = ()
) -> Claimed:
    return Claimed(
        target_id=1,
        post_id=1,
        channel_id=1,
        network="bluesky",
        account="force.test",
        text=text,
        idempotency_key=key or uuid.uuid4().hex,
        attempts=attempts,
        scheduled_utc="2026-11-28T15:00:00.000000Z",
        images=images,
    )


class Sink:
    """The SecretsSink: what the adapter asked Cordon to keep."""

    def __init__(self) -> None:
        self.calls: list[tuple[dict[str, str], str | None]] = []

    async def __call__(self, secrets: dict[str, str], expires_utc: str | None) -> None:
        self.calls.append((dict(secrets), expires_utc))


def adapter_for(
    url: str, handle: str, secrets: dict[str, str], sink: Sink | None = None, **options: Any
) -> BlueskyAdapter:
    account = Account(base_url=url, handle=handle, secrets=dict(secrets))
    return BlueskyAdapter(account, sink, **options)


@pytest.fixture
def stub() -> Iterator[StubXrpc]:
    server = StubXrpc()
    with server.running():
        yield server


@pytest.fixture
def proxy(pds: Pds) -> Iterator[DroppingProxy]:
    server = DroppingProxy(pds.url)
    with server.running():
        yield server


async def connected(pds: Pds, sink: Sink | None = None) -> tuple[BlueskyAdapter, PdsAccount]:
    """A new account on the real PDS and an adapter holding only its app password."""
    account = pds.create_account()
    app_password = pds.app_password(account)
    return adapter_for(pds.url, account.handle, {"app_password": app_password}, sink), account


# -- pure functions ------------------------------------------------------------------------


async def test_record_key_is_a_tid_derived_from_the_idempotency_key() -> None:
    keys = [uuid.uuid4().hex for _ in range(500)]
    rkeys = [rkey_for(key) for key in keys]
    assert all(TID.match(rkey) for rkey in rkeys)
    assert len(set(rkeys)) == len(keys)
    assert [rkey_for(key) for key in keys] == rkeys  # the same key, the same record key
    assert rkey_for("same") == rkey_for("same") != rkey_for("Same")


async def test_facets_count_utf8_bytes_not_characters() -> None:
    text = "Flood 🌊 at Café Rouge: see https://example.org/flood. Ask @friend.test #FloodWatch!"
    facets = facets_for(text, {"friend.test": "did:plc:friend"})
    data = text.encode()
    got = {
        facet["features"][0]["$type"].rsplit("#", 1)[1]: data[
            facet["index"]["byteStart"] : facet["index"]["byteEnd"]
        ].decode()
        for facet in facets
    }
    assert got == {
        "link": "https://example.org/flood",
        "mention": "@friend.test",
        "tag": "#FloodWatch",
    }
    # 🌊 is 4 bytes (1 code point) and é is 2: the link starts 4 bytes later in UTF-8.
    assert text.index("https") == 27
    assert facets[0]["index"] == {"byteStart": 31, "byteEnd": 56}
    assert facets[0]["features"][0]["uri"] == "https://example.org/flood"


async def test_spans_leave_emails_and_unknown_domains_alone() -> None:
    kinds = [
        (span.kind, span.value)
        for span in find_spans(
            "Mail info@force.police.uk, see www.gov.uk/floods or force.police.uk/report; "
            "e.g. 3.5 mm (#Flood2026) and #123"
        )
    ]
    assert kinds == [
        ("link", "https://www.gov.uk/floods"),
        ("link", "https://force.police.uk/report"),
    ]


async def test_jwt_expiry_is_read_without_verifying() -> None:
    assert jwt_expiry("not a token") is None
    assert jwt_expiry(None) is None
    assert rkey_of("at://did:plc:x/app.bsky.feed.post/3abc") == "3abc"


# -- the real PDS ------------------------------------------------------------------------


@pytest.mark.slow
async def test_publish_with_links_mentions_and_hashtags(pds: Pds) -> None:
    sink = Sink()
    adapter, account = await connected(pds, sink)
    friend = pds.create_account("friend")
    text = (
        f"Flood 🌊 at Café Rouge: see https://example.org/flood?road=A1. Ask @{friend.handle} "
        "or @ghost-nobody.test #FloodWatch"
    )
    target = claimed(text)
    try:
        outcome = await adapter.publish(target)
    finally:
        await adapter.aclose()

    assert isinstance(outcome, Published)
    rkey = rkey_for(target.idempotency_key)
    assert outcome.remote_id == f"at://{account.did}/app.bsky.feed.post/{rkey}"
    assert outcome.url == f"https://bsky.app/profile/{account.handle}/post/{rkey}"
    record = pds.get_post(account.did, rkey).json()["value"]
    assert record["text"] == text
    assert record["langs"] == ["en-GB"]
    assert record["createdAt"].endswith("Z")
    data = text.encode()
    by_kind = {
        facet["features"][0]["$type"]: (
            facet,
            data[facet["index"]["byteStart"] : facet["index"]["byteEnd"]],
        )
        for facet in record["facets"]
    }
    link, link_text = by_kind["app.bsky.richtext.facet#link"]
    assert link_text == b"https://example.org/flood?road=A1"
    assert link["index"]["byteStart"] == text.index("https") + 3 + 1  # 🌊 +3 bytes, é +1
    mention, mention_text = by_kind["app.bsky.richtext.facet#mention"]
    assert mention_text == f"@{friend.handle}".encode()
    assert mention["features"][0]["did"] == friend.did
    tag, tag_text = by_kind["app.bsky.richtext.facet#tag"]
    assert tag_text == b"#FloodWatch" and tag["features"][0]["tag"] == "FloodWatch"
    assert len(record["facets"]) == 3  # @ghost-nobody.test did not resolve: plain text
    # The adapter made its session from the app password and handed the tokens over.
    assert len(sink.calls) == 1
    kept, expires_utc = sink.calls[0]
    assert set(kept) == {"app_password", "access_jwt", "refresh_jwt", "did"}
    assert kept["did"] == account.did and expires_utc is not None


@pytest.mark.slow
async def test_publish_with_images_and_alt_text(pds: Pds) -> None:
    adapter, account = await connected(pds)
    images = (
        Image(1, "road.png", "image/png", png(2, 1), "The A1 under water at the bridge"),
        Image(2, "map.png", "image/png", png(1, 2), "Map of the closed roads"),
    )
    try:
        outcome = await adapter.publish(claimed("Roads closed, see pictures", images=images))
    finally:
        await adapter.aclose()

    assert isinstance(outcome, Published)
    record = pds.get_post(account.did, rkey_of(outcome.remote_id)).json()["value"]
    embed = record["embed"]
    assert embed["$type"] == "app.bsky.embed.images"
    assert [image["alt"] for image in embed["images"]] == [image.alt_text for image in images]
    for sent, image in zip(embed["images"], images, strict=True):
        assert sent["image"]["mimeType"] == "image/png"
        assert sent["image"]["size"] == len(image.data)
        blob = httpx.get(
            f"{pds.url}/xrpc/com.atproto.sync.getBlob",
            params={"did": account.did, "cid": sent["image"]["ref"]["$link"]},
        )
        assert blob.status_code == 200 and blob.content == image.data


@pytest.mark.slow
async def test_delete(pds: Pds) -> None:
    adapter, account = await connected(pds)
    try:
        outcome = await adapter.publish(claimed("This will be withdrawn"))
        assert isinstance(outcome, Published)
        assert await adapter.delete(outcome.remote_id) is None
        gone = pds.get_post(account.did, rkey_of(outcome.remote_id))
        assert gone.status_code == 400 and gone.json()["error"] == "RecordNotFound"
        assert await adapter.delete(outcome.remote_id) is None  # already gone counts
    finally:
        await adapter.aclose()


@pytest.mark.slow
async def test_pin_sets_the_profile_s_pinned_post(pds: Pds) -> None:
    adapter, account = await connected(pds)
    try:
        outcome = await adapter.publish(claimed("Holding statement: the road is closed"))
        assert isinstance(outcome, Published)
        assert await adapter.pin(outcome.remote_id) is None
        assert await adapter.pin(outcome.remote_id) is None  # again: the same pin
        assert await adapter.scheduled() == []  # Bluesky has no scheduler of its own
    finally:
        await adapter.aclose()
    profile = httpx.get(
        f"{pds.url}/xrpc/com.atproto.repo.getRecord",
        params={"repo": account.did, "collection": "app.bsky.actor.profile", "rkey": "self"},
        timeout=30,
    )
    assert profile.status_code == 200
    assert profile.json()["value"]["pinnedPost"]["uri"] == outcome.remote_id


@pytest.mark.slow
async def test_unpin_removes_only_this_post_from_the_profile(pds: Pds) -> None:
    adapter, account = await connected(pds)

    def pinned() -> object:
        profile = httpx.get(
            f"{pds.url}/xrpc/com.atproto.repo.getRecord",
            params={"repo": account.did, "collection": "app.bsky.actor.profile", "rkey": "self"},
            timeout=30,
        )
        return profile.json()["value"].get("pinnedPost", {}).get("uri")

    try:
        assert await adapter.unpin("at://x/app.bsky.feed.post/3kabc") is None  # no profile yet
        first = await adapter.publish(claimed("Holding statement, first"))
        second = await adapter.publish(claimed("Ordinary post pinned by hand"))
        assert isinstance(first, Published) and isinstance(second, Published)
        assert await adapter.pin(first.remote_id) is None
        assert await adapter.unpin(first.remote_id) is None
        assert pinned() is None
        assert await adapter.unpin(first.remote_id) is None  # again: nothing to do
        assert await adapter.pin(second.remote_id) is None  # someone pinned another post
        assert await adapter.unpin(first.remote_id) is None
    finally:
        await adapter.aclose()
    assert pinned() == second.remote_id


@pytest.mark.slow
async def test_the_same_target_twice_makes_one_post(pds: Pds) -> None:
    adapter, account = await connected(pds)
    target = claimed("Only once, however often it is sent")
    try:
        first = await adapter.publish(target)
        again = await adapter.publish(target)  # the create already succeeded
        retried = await adapter.publish(
            claimed(target.text, key=target.idempotency_key, attempts=2)
        )
        found = await adapter.find(target)
    finally:
        await adapter.aclose()

    assert isinstance(first, Published)
    assert again == first and retried == first and found == first
    assert [r["uri"] for r in pds.list_posts(account.did)] == [first.remote_id]


@pytest.mark.slow
async def test_find_says_none_for_a_post_never_made(pds: Pds) -> None:
    adapter, _ = await connected(pds)
    try:
        assert await adapter.find(claimed("never sent")) is None
    finally:
        await adapter.aclose()


@pytest.mark.slow
async def test_a_response_lost_after_commit_is_not_posted_twice(
    pds: Pds, proxy: DroppingProxy
) -> None:
    account = pds.create_account()
    app_password = pds.app_password(account)
    adapter = adapter_for(proxy.url, account.handle, {"app_password": app_password})
    target = claimed("Sent once, answer lost")
    # The PDS commits the post, the answer is lost, and the network stays down.
    proxy.drop_answers = {"com.atproto.repo.createRecord"}
    proxy.blackout_after_drop = True
    try:
        lost = await adapter.publish(target)
        assert isinstance(lost, Transient)
        assert proxy.dropped == ["com.atproto.repo.createRecord"]
        assert len(pds.list_posts(account.did)) == 1  # it did commit
        with pytest.raises(LookupFailed):  # cannot tell while the network is down
            await adapter.find(target)

        proxy.blackout = proxy.blackout_after_drop = False  # the network is back
        found = await adapter.find(target)
        retried = await adapter.publish(
            claimed(target.text, key=target.idempotency_key, attempts=2)
        )
        same_attempt = await adapter.publish(target)  # even without knowing it is a retry
    finally:
        await adapter.aclose()

    assert isinstance(found, Published)
    assert retried == found and same_attempt == found
    assert [r["uri"] for r in pds.list_posts(account.did)] == [found.remote_id]
    assert proxy.dropped == ["com.atproto.repo.createRecord"] * 2  # the second create too


@pytest.mark.slow
async def test_a_lost_response_is_checked_at_once(pds: Pds, proxy: DroppingProxy) -> None:
    account = pds.create_account()
    adapter = adapter_for(proxy.url, account.handle, {"app_password": pds.app_password(account)})
    proxy.drop_answers = {"com.atproto.repo.createRecord"}
    try:
        outcome = await adapter.publish(claimed("Answer lost, record found"))
    finally:
        await adapter.aclose()
    assert isinstance(outcome, Published)  # getRecord on its key found it
    assert [r["uri"] for r in pds.list_posts(account.did)] == [outcome.remote_id]


@pytest.mark.slow
async def test_an_expired_access_token_is_refreshed_before_the_call(pds: Pds) -> None:
    account = pds.create_account()
    app_password = pds.app_password(account)
    session = pds.session(account.handle, app_password)
    expired = pds.mint_access(account.did, time.time() - 60)
    sink = Sink()
    adapter = adapter_for(
        pds.url,
        account.handle,
        {
            "app_password": app_password,
            "access_jwt": expired,
            "refresh_jwt": session["refreshJwt"],
            "did": account.did,
        },
        sink,
    )
    try:
        outcome = await adapter.publish(claimed("After a refresh"))
    finally:
        await adapter.aclose()
    assert isinstance(outcome, Published)
    assert len(sink.calls) == 1
    kept, expires_utc = sink.calls[0]
    assert kept["access_jwt"] != expired
    assert kept["refresh_jwt"] != session["refreshJwt"]  # refreshSession rotates it
    assert expires_utc is not None and from_iso(expires_utc) > datetime.now(UTC)


@pytest.mark.slow
async def test_the_server_saying_expired_token_refreshes_and_retries_once(pds: Pds) -> None:
    account = pds.create_account()
    app_password = pds.app_password(account)
    session = pds.session(account.handle, app_password)
    expired = pds.mint_access(account.did, time.time() - 60)
    sink = Sink()
    # The adapter's clock is three hours slow, so it believes the token still good:
    # only the server's 400 ExpiredToken tells it otherwise.
    adapter = adapter_for(
        pds.url,
        account.handle,
        {
            "app_password": app_password,
            "access_jwt": expired,
            "refresh_jwt": session["refreshJwt"],
            "did": account.did,
        },
        sink,
        clock=lambda: datetime.now(UTC) - timedelta(hours=3),
    )
    try:
        outcome = await adapter.publish(claimed("Retried after ExpiredToken"))
    finally:
        await adapter.aclose()
    assert isinstance(outcome, Published)
    assert len(sink.calls) == 1 and sink.calls[0][0]["access_jwt"] != expired
    assert len(pds.list_posts(account.did)) == 1


@pytest.mark.slow
async def test_a_refused_refresh_falls_back_to_the_app_password(pds: Pds) -> None:
    account = pds.create_account()
    app_password = pds.app_password(account)
    sink = Sink()
    adapter = adapter_for(
        pds.url,
        account.handle,
        {
            "app_password": app_password,
            "access_jwt": pds.mint_access(account.did, time.time() - 60),
            "refresh_jwt": "not-a-refresh-token",
            "did": account.did,
        },
        sink,
    )
    try:
        outcome = await adapter.publish(claimed("After a new session"))
    finally:
        await adapter.aclose()
    assert isinstance(outcome, Published)
    assert len(sink.calls) == 1 and sink.calls[0][0]["refresh_jwt"] != "not-a-refresh-token"


@pytest.mark.slow
async def test_refresh_renews_a_token_that_expires_within_five_minutes(pds: Pds) -> None:
    account = pds.create_account()
    app_password = pds.app_password(account)
    session = pds.session(account.handle, app_password)
    soon = pds.mint_access(account.did, time.time() + 120)
    sink = Sink()
    secrets = {
        "app_password": app_password,
        "access_jwt": soon,
        "refresh_jwt": session["refreshJwt"],
        "did": account.did,
    }
    adapter = adapter_for(pds.url, account.handle, secrets, sink)
    try:
        assert await adapter.refresh() is None
        assert len(sink.calls) == 1
        new_expiry = jwt_expiry(sink.calls[0][0]["access_jwt"])
        assert new_expiry is not None and new_expiry > datetime.now(UTC) + timedelta(hours=1)
        assert await adapter.refresh() is None  # now good for two hours: nothing to do
        assert len(sink.calls) == 1
    finally:
        await adapter.aclose()


@pytest.mark.slow
async def test_a_revoked_app_password_needs_reconnecting(
    pds: Pds, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    account = pds.create_account()
    app_password = pds.app_password(account)
    session = pds.session(account.handle, app_password)
    # The officer revokes the app password in Bluesky's settings: its sessions end.
    main = pds.session(account.handle, account.password)
    revoked = httpx.post(
        f"{pds.url}/xrpc/com.atproto.server.revokeAppPassword",
        headers={"Authorization": f"Bearer {main['accessJwt']}"},
        json={"name": _app_password_name(pds, main["accessJwt"])},
    )
    assert revoked.status_code == 200
    expired = pds.mint_access(account.did, time.time() - 60)
    secrets = {
        "app_password": app_password,
        "access_jwt": expired,
        "refresh_jwt": session["refreshJwt"],
        "did": account.did,
    }
    adapter = adapter_for(pds.url, account.handle, secrets)
    try:
        outcomes = [
            await adapter.publish(claimed("Will not go")),
            await adapter.delete("at://x/app.bsky.feed.post/3abc"),
            await adapter.refresh(),
        ]
    finally:
        await adapter.aclose()
    messages = []
    for outcome in outcomes:
        assert isinstance(outcome, NeedsReconnect)
        assert "app password" in outcome.message
        messages.append(outcome.message)
    _assert_no_secret(secrets, messages, caplog)
    assert pds.list_posts(account.did) == []


@pytest.mark.slow
async def test_an_invalid_session_and_a_wrong_app_password_need_reconnecting(
    pds: Pds, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    account = pds.create_account()
    secrets = {
        "app_password": "wrong-wrong-wrong-wrong",
        "access_jwt": "eyJ0eXAiOiJhdCtqd3QifQ.eyJleHAiOjQxMDI0NDQ4MDB9.Zm9yZ2Vk",  # exp 2100
        "refresh_jwt": "eyJ0eXAiOiJyZWZyZXNoK2p3dCJ9.eyJleHAiOjQxMDI0NDQ4MDB9.Zm9yZ2Vk",
        "did": account.did,
    }
    adapter = adapter_for(pds.url, account.handle, secrets)
    try:
        outcome = await adapter.publish(claimed("Will not go either"))
    finally:
        await adapter.aclose()
    assert isinstance(outcome, NeedsReconnect)
    _assert_no_secret(secrets, [outcome.message], caplog)


@pytest.mark.slow
async def test_rate_budget_from_the_real_headers(pds: Pds) -> None:
    adapter, _ = await connected(pds)
    try:
        assert adapter.budget().limit is None
        assert isinstance(await adapter.publish(claimed("Counting")), Published)
        budget = adapter.budget()
    finally:
        await adapter.aclose()
    assert budget.limit is not None and budget.remaining is not None
    assert 0 <= budget.remaining < budget.limit
    assert budget.reset_utc is not None
    assert from_iso(budget.reset_utc) > datetime.now(UTC) - timedelta(seconds=1)


@pytest.mark.slow
async def test_a_lone_pds_offers_no_notifications_or_counts(pds: Pds) -> None:
    adapter, _ = await connected(pds)
    try:
        inbox = await adapter.fetch_inbox(None)
        counts = await adapter.metrics(["at://did:plc:x/app.bsky.feed.post/3abc"])
    finally:
        await adapter.aclose()
    assert isinstance(inbox, Transient) and "no app view" in inbox.message
    assert isinstance(counts, Transient) and "no app view" in counts.message


@pytest.mark.slow
async def test_a_post_too_long_is_rejected_with_the_servers_words(pds: Pds) -> None:
    adapter, _ = await connected(pds)
    try:
        outcome = await adapter.publish(claimed("x" * 301))
    finally:
        await adapter.aclose()
    assert isinstance(outcome, Rejected)
    assert "maximum 300, got 301" in outcome.message and "record.text" in outcome.message


async def test_scheduling_is_not_offered() -> None:
    adapter = adapter_for("http://127.0.0.1:9", "force.test", {})
    try:
        assert isinstance(await adapter.schedule(claimed("x"), "2026-12-01T00:00:00Z"), Rejected)
        assert isinstance(await adapter.unschedule("x"), Rejected)
    finally:
        await adapter.aclose()


# -- the STUB: what a real PDS cannot be made to do ---------------------------------------

STUB_SECRETS = {"app_password": "stub-app-password-1234"}


async def test_STUB_429_with_retry_after_seconds_or_date(stub: StubXrpc) -> None:
    adapter = adapter_for(stub.url, "force.test", STUB_SECRETS)
    try:
        stub.routes["com.atproto.repo.createRecord"] = lambda r: error(
            429, "RateLimitExceeded", "Rate Limit Exceeded", **{"Retry-After": "120"}
        )
        seconds = await adapter.publish(claimed("slow down"))
        later = format_datetime(datetime.now(UTC) + timedelta(seconds=90), usegmt=True)
        stub.routes["com.atproto.repo.createRecord"] = lambda r: error(
            429, "RateLimitExceeded", "Rate Limit Exceeded", **{"Retry-After": later}
        )
        dated = await adapter.publish(claimed("slow down"))
    finally:
        await adapter.aclose()
    assert isinstance(seconds, Transient) and seconds.retry_after == 120
    assert isinstance(dated, Transient) and dated.retry_after is not None
    assert 80 <= dated.retry_after <= 90
    assert "Rate Limit Exceeded" in seconds.message


async def test_STUB_429_with_ratelimit_reset_or_no_headers(stub: StubXrpc) -> None:
    adapter = adapter_for(stub.url, "force.test", STUB_SECRETS)
    reset = int(time.time()) + 300
    try:
        stub.routes["com.atproto.repo.createRecord"] = lambda r: error(
            429,
            "RateLimitExceeded",
            "Rate Limit Exceeded",
            **{
                "ratelimit-limit": "5000",
                "ratelimit-remaining": "0",
                "ratelimit-reset": str(reset),
            },
        )
        with_reset = await adapter.publish(claimed("slow down"))
        budget = adapter.budget()
        stub.routes["com.atproto.repo.createRecord"] = lambda r: error(
            429, "RateLimitExceeded", "Rate Limit Exceeded"
        )
        bare = await adapter.publish(claimed("slow down"))
    finally:
        await adapter.aclose()
    assert isinstance(with_reset, Transient) and with_reset.retry_after is not None
    assert 290 <= with_reset.retry_after <= 300
    assert budget.limit == 5000 and budget.remaining == 0
    assert budget.reset_utc == datetime.fromtimestamp(reset, UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    assert isinstance(bare, Transient) and bare.retry_after is None


async def test_STUB_500_is_transient_unless_the_record_is_there(stub: StubXrpc) -> None:
    adapter = adapter_for(stub.url, "force.test", STUB_SECRETS)
    target = claimed("server trouble")
    try:
        stub.routes["com.atproto.repo.createRecord"] = lambda r: error(
            500, "InternalServerError", "Internal Server Error"
        )
        failed = await adapter.publish(target)
        stub.records[rkey_for(target.idempotency_key)] = {"text": target.text}
        committed = await adapter.publish(target)  # the 500 came after the commit
    finally:
        await adapter.aclose()
    assert isinstance(failed, Transient) and "(HTTP 500)" in failed.message
    assert isinstance(committed, Published)
    assert committed.remote_id.endswith(rkey_for(target.idempotency_key))


async def test_STUB_timeout_is_transient(stub: StubXrpc) -> None:
    adapter = adapter_for(stub.url, "force.test", STUB_SECRETS, timeout=httpx.Timeout(0.3))
    stub.routes["com.atproto.repo.createRecord"] = lambda r: Reply(body={}, delay=1.5)
    stub.routes["com.atproto.repo.getRecord"] = lambda r: Reply(body={}, delay=1.5)
    try:
        outcome = await adapter.publish(claimed("too slow"))
    finally:
        await adapter.aclose()
    assert outcome == Transient("Bluesky did not answer in time.")


async def test_STUB_malformed_json_is_transient_and_safe_to_retry(stub: StubXrpc) -> None:
    adapter = adapter_for(stub.url, "force.test", STUB_SECRETS)
    target = claimed("unreadable")
    create = stub.routes["com.atproto.repo.createRecord"]
    get = stub.routes["com.atproto.repo.getRecord"]

    def garbled(request: Request) -> Reply:
        create(request)  # it commits, then answers garbage
        return Reply(body=b"{not json")

    stub.routes["com.atproto.repo.createRecord"] = garbled
    stub.routes["com.atproto.repo.getRecord"] = lambda r: Reply(body=b"<html>oops</html>")
    try:
        first = await adapter.publish(target)
        stub.routes["com.atproto.repo.createRecord"] = create
        stub.routes["com.atproto.repo.getRecord"] = get
        second = await adapter.publish(claimed(target.text, key=target.idempotency_key, attempts=2))
    finally:
        await adapter.aclose()
    assert first == Transient("The answer from Bluesky could not be read.")
    assert isinstance(second, Published)
    assert len(stub.records) == 1 and len(stub.calls_to("com.atproto.repo.createRecord")) == 1


async def test_STUB_validation_error_is_rejected_with_the_networks_message(
    stub: StubXrpc,
) -> None:
    adapter = adapter_for(stub.url, "force.test", STUB_SECRETS)
    stub.routes["com.atproto.repo.createRecord"] = lambda r: error(
        400, "InvalidRequest", "Invalid app.bsky.feed.post record: Record/text must not be longer"
    )
    try:
        outcome = await adapter.publish(claimed("x"))
    finally:
        await adapter.aclose()
    assert outcome == Rejected("Invalid app.bsky.feed.post record: Record/text must not be longer")


async def test_STUB_fetch_inbox_with_cursor_returns_only_new_items(stub: StubXrpc) -> None:
    adapter = adapter_for(stub.url, "force.test", STUB_SECRETS)
    own_post = f"at://{stub.did}/app.bsky.feed.post/3kownpost0000"
    stub.notifications = [
        notification(3, "reply", "2026-11-28T15:03:00.000Z", reply_to=own_post),
        notification(2, "like", "2026-11-28T15:02:00.000Z"),
        notification(1, "mention", "2026-11-28T15:01:00.000Z", text="Road shut? @force.test"),
    ]
    try:
        first = await adapter.fetch_inbox(None)
        assert isinstance(first, InboxPage) and first.cursor is not None
        stub.notifications = [
            notification(5, "quote", "2026-11-28T15:05:00.000Z"),
            notification(4, "mention", "2026-11-28T15:04:00.123Z"),
            *stub.notifications,
        ]
        second = await adapter.fetch_inbox(first.cursor)
        assert isinstance(second, InboxPage) and second.cursor is not None
        third = await adapter.fetch_inbox(second.cursor)
    finally:
        await adapter.aclose()

    assert [(i.kind, i.remote_id.endswith("3kstub0000001")) for i in first.items] == [
        ("mention", True),
        ("reply", False),
    ]
    mention, reply = first.items
    assert mention.text == "Road shut? @force.test"
    assert mention.author_handle == "resident.test" and mention.author_name == "Resident 1"
    assert mention.created_utc == "2026-11-28T15:01:00.000000Z"
    assert mention.url == "https://bsky.app/profile/resident.test/post/3kstub0000001"
    assert mention.conversation_id == mention.remote_id and mention.in_reply_to == ""
    assert reply.in_reply_to == own_post and reply.conversation_id == own_post
    assert '"reason": "reply"' in reply.raw
    assert [(i.kind, i.created_utc) for i in second.items] == [
        ("mention", "2026-11-28T15:04:00.123000Z"),
        ("mention", "2026-11-28T15:05:00.000000Z"),  # a quote is a mention of us
    ]
    assert third == InboxPage((), None)
    asked = stub.calls_to("app.bsky.notification.listNotifications")[0]
    assert sorted(asked.query["reasons"]) == ["mention", "quote", "reply"]


async def test_STUB_fetch_inbox_pages_back_to_the_cursor_without_duplicates(
    stub: StubXrpc,
) -> None:
    adapter = adapter_for(stub.url, "force.test", STUB_SECRETS)
    stub.notifications = [notification(0, "mention", "2026-11-28T15:00:00.000Z")]
    try:
        first = await adapter.fetch_inbox(None)
        assert isinstance(first, InboxPage)
        # 120 new ones, in pairs that share their indexedAt.
        base = datetime(2026, 11, 28, 16, tzinfo=UTC)
        new = [
            notification(
                n,
                "mention",
                (base + timedelta(seconds=n // 2 * 2)).isoformat().replace("+00:00", "Z"),
            )
            for n in range(1, 121)
        ]
        stub.notifications = [*reversed(new), *stub.notifications]
        second = await adapter.fetch_inbox(first.cursor)
    finally:
        await adapter.aclose()
    assert isinstance(second, InboxPage)
    ids = [item.remote_id for item in second.items]
    assert len(ids) == len(set(ids)) == 120
    assert len(stub.calls_to("app.bsky.notification.listNotifications")) == 1 + 3


async def test_STUB_unreadable_notifications_are_transient(stub: StubXrpc) -> None:
    adapter = adapter_for(stub.url, "force.test", STUB_SECRETS)
    stub.routes["app.bsky.notification.listNotifications"] = lambda r: Reply(body=b"[1, 2")
    try:
        outcome = await adapter.fetch_inbox(None)
    finally:
        await adapter.aclose()
    assert outcome == Transient("Bluesky's notifications could not be read.")


async def test_STUB_metrics_from_get_posts(stub: StubXrpc) -> None:
    adapter = adapter_for(stub.url, "force.test", STUB_SECRETS)
    uris = [f"at://{stub.did}/app.bsky.feed.post/3kpost{n:07d}" for n in range(30)]
    for n, uri in enumerate(uris):
        stub.posts[uri] = {
            "uri": uri,
            "cid": "bafyrei",
            "author": {"did": stub.did, "handle": "stub.test"},
            "record": {},
            "likeCount": n,
            "replyCount": 1,
            "repostCount": 2,
            "quoteCount": 3,
            "indexedAt": "2026-11-28T15:00:00.000Z",
        }
    try:
        counts = await adapter.metrics([*uris, "3kunknown0000"])
    finally:
        await adapter.aclose()
    assert isinstance(counts, dict)
    assert counts[uris[7]] == Metrics(likes=7, replies=1, reposts=2)
    assert len(counts) == 30  # the unknown post is simply absent
    assert len(stub.calls_to("app.bsky.feed.getPosts")) == 2  # 25 URIs at most per call


async def test_STUB_secrets_never_appear_in_outcomes_or_logs(
    stub: StubXrpc, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    sink = Sink()
    adapter = adapter_for(stub.url, "force.test", STUB_SECRETS, sink, timeout=httpx.Timeout(0.3))
    messages: list[str] = []
    try:
        for reply in (
            error(500, "InternalServerError", f"boom {STUB_SECRETS['app_password']}"),
            error(429, "RateLimitExceeded", "slow"),
            Reply(body=b"garbage"),
            Reply(body={}, delay=1.0),
            error(400, "InvalidRequest", "bad"),
        ):
            stub.routes["com.atproto.repo.createRecord"] = _always(reply)
            outcome = await adapter.publish(claimed("x"))
            assert not isinstance(outcome, Published)
            messages.append(outcome.message)
        stub.routes["com.atproto.repo.createRecord"] = lambda r: error(
            400, "ExpiredToken", "Token has expired"
        )
        stub.routes["com.atproto.server.refreshSession"] = lambda r: error(
            400, "ExpiredToken", "Token has expired"
        )
        stub.routes["com.atproto.server.createSession"] = lambda r: error(
            401, "AuthenticationRequired", "Invalid identifier or password"
        )
        outcome = await adapter.publish(claimed("x"))
        assert isinstance(outcome, NeedsReconnect)
        messages.append(outcome.message)
        messages.append(repr(adapter))
    finally:
        await adapter.aclose()
    assert sink.calls  # the session was made, so there were tokens to leak
    _assert_no_secret(sink.calls[0][0], messages, caplog)
    assert "[hidden]" in messages[0]


async def test_STUB_a_concurrent_burst_makes_one_session(stub: StubXrpc) -> None:
    import asyncio

    adapter = adapter_for(stub.url, "force.test", STUB_SECRETS)
    try:
        outcomes = await asyncio.gather(*(adapter.publish(claimed(f"n{n}")) for n in range(5)))
    finally:
        await adapter.aclose()
    assert all(isinstance(o, Published) for o in outcomes)
    assert len(stub.calls_to("com.atproto.server.createSession")) == 1


# -- helpers for the tests above -----------------------------------------------------------


def _always(reply: Reply) -> Callable[[Request], Reply]:
    return lambda request: reply


def _app_password_name(pds: Pds, access: str) -> str:
    listed = httpx.get(
        f"{pds.url}/xrpc/com.atproto.server.listAppPasswords",
        headers={"Authorization": f"Bearer {access}"},
    )
    listed.raise_for_status()
    names: list[str] = [p["name"] for p in listed.json()["passwords"]]
    assert len(names) == 1
    return names[0]


def _assert_no_secret(
    secrets: dict[str, str], messages: list[str], caplog: pytest.LogCaptureFixture
) -> None:
    logged = [record.getMessage() for record in caplog.records]
    for name, secret in secrets.items():
        if name == "did":
            continue  # a DID is public
        for text in [*messages, *logged]:
            assert secret not in text, f"the {name} appeared in {text[:80]!r}"
