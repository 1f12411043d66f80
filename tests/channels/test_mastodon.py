"""The Mastodon adapter against real HTTP servers on 127.0.0.1.

Two servers:

* ``mastodon-mock`` (PyPI, a third party's stateful Mastodon API; a subprocess started
  once per session): publishing with and without images, deleting, native scheduling
  (create, list, pull back), the inbox (mentions, replies, direct messages, cursor),
  metrics, ``find``, the instance's status length, and a lost answer after the server
  committed (a transport that drops the answer the mock gave).
* Our stub (``servers/mastodon_stub.py``, from the API reference: docs.joinmastodon.org
  /methods/statuses/, /methods/media/, /methods/scheduled_statuses/,
  /methods/notifications/, /methods/conversations/, /api/guidelines/#pagination,
  /api/rate-limits/): what the mock does not do or does differently (202 media
  processing, 422 for a schedule under 5 minutes ahead, rate-limit headers, ``Link``
  headers that keep ``types[]``, token refresh) and every fault (429 with and without
  headers, 500, timeout, an answer that is not JSON, a connection dropped after the
  server committed).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import uuid4

import httpx
import pytest

from console.channels.base import (
    Account,
    InboxPage,
    LookupFailed,
    Metrics,
    NeedsReconnect,
    Published,
    RateBudget,
    Rejected,
    ScheduledItem,
    Transient,
)
from console.channels.mastodon import MastodonAdapter
from console.channels.mastodon_answers import RECONNECT, UNREADABLE
from storage.posts import Image
from storage.queue import Claimed
from storage.records import ServerLimits
from storage.timeutil import to_iso
from tests.channels.mastodon_fixtures import MastodonMock, start_mastodon_mock, start_stub
from tests.channels.servers.mastodon_stub import Fault, StubServer

pytestmark = pytest.mark.asyncio

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(scope="session")
def mastodon_mock(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MastodonMock]:
    server = start_mastodon_mock(tmp_path_factory.mktemp("mastodon-mock"))
    yield server
    server.stop()


@pytest.fixture
def mastodon_stub() -> Iterator[StubServer]:
    server = start_stub()
    yield server
    server.stop()


def claimed(
    text: str,
    *,
    images: tuple[Image, ...] = (),
    attempts: int = 1,
    key: str | None = None,
    scheduled_utc: str | None = None,
) -> Claimed:
    return Claimed(
        target_id=1,
        post_id=1,
        channel_id=1,
        network="mastodon",
        account="cordon",
        text=text,
        idempotency_key=key or uuid4().hex,
        attempts=attempts,
        scheduled_utc=scheduled_utc or to_iso(datetime.now(UTC)),
        images=images,
    )


def image(name: str, alt: str) -> Image:
    return Image(position=0, file_name=name, mime="image/png", data=PNG, alt_text=alt)


@contextlib.asynccontextmanager
async def adapter_for(
    url: str, secrets: dict[str, str] | str, **options: Any
) -> AsyncIterator[MastodonAdapter]:
    if isinstance(secrets, str):
        secrets = {"access_token": secrets}
    expires = options.pop("expires_utc", None)
    account = Account(url, "cordon", dict(secrets), expires)
    adapter = MastodonAdapter(account, options.pop("on_secrets", None), **options)
    try:
        yield adapter
    finally:
        await adapter.aclose()


@contextlib.asynccontextmanager
async def client_as(url: str, token: str) -> AsyncIterator[httpx.AsyncClient]:
    """Plain API calls as another account (the resident writing to the force)."""
    async with httpx.AsyncClient(
        base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=10
    ) as client:
        yield client


async def post_as(client: httpx.AsyncClient, text: str, **form: str) -> dict[str, Any]:
    answer = await client.post("/api/v1/statuses", data={"status": text, **form})
    assert answer.status_code == 200, answer.text
    status: dict[str, Any] = answer.json()
    return status


async def own_statuses(url: str, token: str) -> list[dict[str, Any]]:
    async with client_as(url, token) as client:
        me = (await client.get("/api/v1/accounts/verify_credentials")).json()
        answer = await client.get(f"/api/v1/accounts/{me['id']}/statuses", params={"limit": 40})
        statuses: list[dict[str, Any]] = answer.json()
        return statuses


class LoseAnswer(httpx.AsyncBaseTransport):
    """Sends the request, lets the server answer, then loses that answer (once)."""

    def __init__(self, method: str, path: str) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.method, self.path = method, path
        self.lost = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if not self.lost and request.method == self.method and request.url.path == self.path:
            await response.aread()
            await response.aclose()
            self.lost += 1
            raise httpx.ReadError("the connection dropped after the answer", request=request)
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()


# -- mastodon-mock --------------------------------------------------------------------------


@pytest.mark.slow
async def test_publish_text_on_mastodon_mock(mastodon_mock: MastodonMock) -> None:
    text = f"Road closed at the junction: please avoid the area. {uuid4().hex[:8]}"
    async with adapter_for(mastodon_mock.url, "cordon-token") as adapter:
        outcome = await adapter.publish(claimed(text))

    assert isinstance(outcome, Published)
    assert outcome.url.endswith(outcome.remote_id)
    async with client_as(mastodon_mock.url, "resident-token") as client:
        status = (await client.get(f"/api/v1/statuses/{outcome.remote_id}")).json()
    assert status["visibility"] == "public"
    assert status["language"] == "en"
    assert text.split(":")[0] in status["content"]


@pytest.mark.slow
async def test_publish_with_images_and_alt_text_on_mastodon_mock(
    mastodon_mock: MastodonMock,
) -> None:
    images = (image("map.png", "Map of the closed roads"), image("sign.png", "Diversion sign"))
    async with adapter_for(mastodon_mock.url, "cordon-token") as adapter:
        outcome = await adapter.publish(claimed(f"Diversions {uuid4().hex[:8]}", images=images))

    assert isinstance(outcome, Published)
    async with client_as(mastodon_mock.url, "resident-token") as client:
        status = (await client.get(f"/api/v1/statuses/{outcome.remote_id}")).json()
    assert [m["description"] for m in status["media_attachments"]] == [
        "Map of the closed roads",
        "Diversion sign",
    ]


@pytest.mark.slow
async def test_pin_on_mastodon_mock(mastodon_mock: MastodonMock) -> None:
    async with adapter_for(mastodon_mock.url, "cordon-token") as adapter:
        outcome = await adapter.publish(claimed("Holding statement to keep on top"))
        assert isinstance(outcome, Published)
        assert await adapter.pin(outcome.remote_id) is None
        async with client_as(mastodon_mock.url, "cordon-token") as client:
            status = (await client.get(f"/api/v1/statuses/{outcome.remote_id}")).json()
        assert status["pinned"] is True

        assert await adapter.unpin(outcome.remote_id) is None
        async with client_as(mastodon_mock.url, "cordon-token") as client:
            status = (await client.get(f"/api/v1/statuses/{outcome.remote_id}")).json()
        assert status["pinned"] is False
        assert await adapter.delete(outcome.remote_id) is None
        assert await adapter.unpin(outcome.remote_id) is None  # gone: nothing left pinned


async def test_delete_on_mastodon_mock(mastodon_mock: MastodonMock) -> None:
    async with adapter_for(mastodon_mock.url, "cordon-token") as adapter:
        outcome = await adapter.publish(claimed(f"Posted in error {uuid4().hex[:8]}"))
        assert isinstance(outcome, Published)

        assert await adapter.delete(outcome.remote_id) is None
        assert await adapter.delete(outcome.remote_id) is None  # a 404 counts as gone

    async with client_as(mastodon_mock.url, "resident-token") as client:
        assert (await client.get(f"/api/v1/statuses/{outcome.remote_id}")).status_code == 404


@pytest.mark.slow
async def test_schedule_list_and_pull_back_on_mastodon_mock(mastodon_mock: MastodonMock) -> None:
    at = datetime.now(UTC).replace(microsecond=0) + timedelta(hours=3)
    text = f"Planned closure tomorrow {uuid4().hex[:8]}"
    async with adapter_for(mastodon_mock.url, "cordon-token") as adapter:
        outcome = await adapter.schedule(claimed(text), to_iso(at))
        assert isinstance(outcome, Published)
        assert outcome.url == ""

        waiting = await adapter.scheduled()
        assert isinstance(waiting, list)
        assert ScheduledItem(outcome.remote_id, to_iso(at), text) in waiting

        assert await adapter.unschedule(outcome.remote_id) is None
        assert await adapter.unschedule(outcome.remote_id) is None  # gone already
        after = await adapter.scheduled()
        assert isinstance(after, list)
        assert outcome.remote_id not in [item.remote_id for item in after]


@pytest.mark.slow
async def test_a_schedule_under_five_minutes_is_refused_before_sending(
    mastodon_mock: MastodonMock,
) -> None:
    # mastodon-mock would publish it at once; Mastodon answers 422. Cordon asks neither.
    text = f"Too soon {uuid4().hex[:8]}"
    soon = to_iso(datetime.now(UTC) + timedelta(minutes=3))
    async with adapter_for(mastodon_mock.url, "cordon-token") as adapter:
        outcome = await adapter.schedule(claimed(text), soon)

    assert isinstance(outcome, Rejected)
    assert "5 minutes" in outcome.message
    assert all(
        text not in s["content"] for s in await own_statuses(mastodon_mock.url, "cordon-token")
    )


@pytest.mark.slow
async def test_inbox_mentions_replies_and_messages_on_mastodon_mock(
    mastodon_mock: MastodonMock,
) -> None:
    tag = uuid4().hex[:6]
    async with adapter_for(mastodon_mock.url, "desk-token") as desk:
        start = await desk.fetch_inbox(None)
        assert isinstance(start, InboxPage)
        root = await desk.publish(claimed(f"Incident update {tag}"))
        assert isinstance(root, Published)
        async with client_as(mastodon_mock.url, "resident-token") as resident:
            mention = await post_as(resident, f"@desk is the road open? {tag}")
            reply = await post_as(resident, f"@desk thank you {tag}", in_reply_to_id=root.remote_id)
            deeper = await post_as(resident, f"@desk and later? {tag}", in_reply_to_id=reply["id"])
            direct = await post_as(resident, f"@desk my car was hit {tag}", visibility="direct")
        async with client_as(mastodon_mock.url, "desk-token") as own:
            await post_as(own, f"@resident we will call you {tag}", visibility="direct")

        page = await desk.fetch_inbox(start.cursor)
        assert isinstance(page, InboxPage)
        by_id = {item.remote_id: item for item in page.items}
        assert list(by_id) == [mention["id"], reply["id"], deeper["id"], direct["id"]]
        assert by_id[mention["id"]].kind == "mention"
        assert by_id[mention["id"]].text == f"@desk is the road open? {tag}"
        assert by_id[mention["id"]].conversation_id == mention["id"]
        assert by_id[reply["id"]].kind == "reply"
        assert by_id[reply["id"]].in_reply_to == root.remote_id
        assert by_id[reply["id"]].conversation_id == root.remote_id
        assert by_id[deeper["id"]].conversation_id == root.remote_id  # the thread's root
        assert by_id[direct["id"]].kind == "message"
        assert by_id[direct["id"]].author_handle == "resident"
        assert by_id[direct["id"]].author_name == "A Resident"
        assert page.cursor is not None

        nothing = await desk.fetch_inbox(page.cursor)
        assert nothing == InboxPage((), None)

        async with client_as(mastodon_mock.url, "resident-token") as resident:
            later = await post_as(resident, f"@desk one more thing {tag}")
        again = await desk.fetch_inbox(page.cursor)
        assert isinstance(again, InboxPage)
        assert [item.remote_id for item in again.items] == [later["id"]]


@pytest.mark.slow
async def test_metrics_on_mastodon_mock(mastodon_mock: MastodonMock) -> None:
    async with adapter_for(mastodon_mock.url, "cordon-token") as adapter:
        outcome = await adapter.publish(claimed(f"Appeal for witnesses {uuid4().hex[:8]}"))
        assert isinstance(outcome, Published)
        async with client_as(mastodon_mock.url, "resident-token") as resident:
            await resident.post(f"/api/v1/statuses/{outcome.remote_id}/favourite")
            await resident.post(f"/api/v1/statuses/{outcome.remote_id}/reblog")
            await post_as(resident, "@cordon shared", in_reply_to_id=outcome.remote_id)

        counted = await adapter.metrics([outcome.remote_id, "1"])

    assert counted == {outcome.remote_id: Metrics(likes=1, replies=1, reposts=1)}


@pytest.mark.slow
async def test_find_on_mastodon_mock(mastodon_mock: MastodonMock) -> None:
    text = (
        f"Update {uuid4().hex[:8]} & more: see https://example.org/incidents/2026/11/28/a-very"
        "-long-address-for-the-page\n\nThanks to @resident for the help"
    )
    async with adapter_for(mastodon_mock.url, "cordon-token") as adapter:
        outcome = await adapter.publish(claimed(text))
        assert isinstance(outcome, Published)

        assert await adapter.find(claimed(text)) == outcome
        assert await adapter.find(claimed(f"Never posted {uuid4().hex}")) is None
        # A post made before the target's time (less the margin) is not this target.
        later = to_iso(datetime.now(UTC) + timedelta(hours=1))
        assert await adapter.find(claimed(text, scheduled_utc=later)) is None


@pytest.mark.slow
async def test_an_answer_lost_after_the_post_on_mastodon_mock(mastodon_mock: MastodonMock) -> None:
    text = f"Lost answer {uuid4().hex[:8]}"
    target = claimed(text)
    lose = LoseAnswer("POST", "/api/v1/statuses")
    async with adapter_for(mastodon_mock.url, "cordon-token", transport=lose) as adapter:
        first = await adapter.publish(target)
        assert isinstance(first, Transient)
        assert lose.lost == 1

        found = await adapter.find(target)
        assert isinstance(found, Published)
        # The same key again: mastodon-mock honours Idempotency-Key, as Mastodon does.
        assert await adapter.publish(target) == found
        # The engine's retry (attempt 2) finds it before posting at all.
        assert await adapter.publish(replace_attempts(target, 2)) == found

    posted = [
        s for s in await own_statuses(mastodon_mock.url, "cordon-token") if text in s["content"]
    ]
    assert [s["id"] for s in posted] == [found.remote_id]


@pytest.mark.slow
async def test_the_instance_status_length_on_mastodon_mock(mastodon_mock: MastodonMock) -> None:
    async with adapter_for(mastodon_mock.url, "cordon-token") as adapter:
        limits = await adapter.server_limits()
    assert isinstance(limits, ServerLimits)
    assert (limits.counting, limits.max_characters) == ("mastodon", 500)


@pytest.mark.slow
async def test_a_revoked_token_on_mastodon_mock(mastodon_mock: MastodonMock) -> None:
    async with adapter_for(mastodon_mock.url, "revoked-token") as adapter:
        assert await adapter.publish(claimed("Never sent")) == NeedsReconnect(RECONNECT)
        assert await adapter.fetch_inbox(None) == NeedsReconnect(RECONNECT)


def replace_attempts(target: Claimed, attempts: int) -> Claimed:
    return replace(target, attempts=attempts)


# -- our stub: faults and what the mock does not do ------------------------------------------


async def test_429_with_retry_after(mastodon_stub: StubServer) -> None:
    mastodon_stub.fault("POST /api/v1/statuses", Fault(status=429, headers={"Retry-After": "7"}))
    async with adapter_for(mastodon_stub.url, "good-token") as adapter:
        outcome = await adapter.publish(claimed("Rate limited"))

    assert isinstance(outcome, Transient)
    assert outcome.retry_after == 7.0
    assert "rate limit" in outcome.message


async def test_429_with_only_the_reset_header(mastodon_stub: StubServer) -> None:
    reset = datetime.now(UTC) + timedelta(seconds=90)
    mastodon_stub.fault(
        "POST /api/v1/statuses",
        Fault(status=429, headers={"X-RateLimit-Reset": reset.isoformat()}),
    )
    async with adapter_for(mastodon_stub.url, "good-token") as adapter:
        outcome = await adapter.publish(claimed("Rate limited"))

    assert isinstance(outcome, Transient)
    assert outcome.retry_after is not None and 80 < outcome.retry_after <= 90


async def test_429_without_headers(mastodon_stub: StubServer) -> None:
    mastodon_stub.fault(
        "POST /api/v1/statuses", Fault(status=429, body={"error": "Too many requests"}, bare=True)
    )
    async with adapter_for(mastodon_stub.url, "good-token") as adapter:
        outcome = await adapter.publish(claimed("Rate limited"))

    assert isinstance(outcome, Transient)
    assert outcome.retry_after is None


async def test_500(mastodon_stub: StubServer) -> None:
    mastodon_stub.fault(
        "POST /api/v1/statuses", Fault(status=500, body={"error": "Internal error"})
    )
    async with adapter_for(mastodon_stub.url, "good-token") as adapter:
        outcome = await adapter.publish(claimed("Server down"))

    assert outcome == Transient("Mastodon failed (HTTP 500): Internal error.")
    assert mastodon_stub.state.statuses == {}


async def test_timeout(mastodon_stub: StubServer) -> None:
    mastodon_stub.fault("POST /api/v1/statuses", Fault(delay=3.0))
    async with adapter_for(mastodon_stub.url, "good-token", timeout=httpx.Timeout(0.3)) as adapter:
        outcome = await adapter.publish(claimed("Slow"))

    assert outcome == Transient("Mastodon did not answer in time.")


async def test_an_unreachable_server() -> None:
    async with adapter_for("http://127.0.0.1:9", "good-token") as adapter:
        outcome = await adapter.publish(claimed("Nobody there"))

    assert outcome == Transient("Mastodon could not be reached (ConnectError).")


async def test_an_answer_that_is_not_json_after_the_post(mastodon_stub: StubServer) -> None:
    mastodon_stub.fault("POST /api/v1/statuses", Fault(commit=True, garbage=b"<html>Bad gateway"))
    target = claimed("Answer unreadable")
    async with adapter_for(mastodon_stub.url, "good-token") as adapter:
        first = await adapter.publish(target)
        assert first == Transient(UNREADABLE)

        retried = await adapter.publish(replace_attempts(target, 2))

    assert isinstance(retried, Published)
    assert list(mastodon_stub.state.statuses) == [retried.remote_id]  # posted once
    assert (
        len(mastodon_stub.requests_to("POST", "/api/v1/statuses")) == 1
    )  # found, not posted again


async def test_malformed_json_on_reads(mastodon_stub: StubServer) -> None:
    mastodon_stub.fault("GET /api/v1/notifications", Fault(commit=True, garbage=b"{not json"))
    mastodon_stub.fault("GET /api/v2/instance", Fault(commit=True, garbage=b"[1, 2"))
    async with adapter_for(mastodon_stub.url, "good-token") as adapter:
        assert await adapter.fetch_inbox(None) == Transient(UNREADABLE)
        assert await adapter.server_limits() == Transient(UNREADABLE)


async def test_a_connection_dropped_after_the_post(mastodon_stub: StubServer) -> None:
    mastodon_stub.fault("POST /api/v1/statuses", Fault(commit=True, drop=True))
    target = claimed("Committed, answer lost", images=(image("map.png", "Map"),))
    async with adapter_for(mastodon_stub.url, "good-token") as adapter:
        first = await adapter.publish(target)
        assert isinstance(first, Transient)
        assert "could not be reached" in first.message

        found = await adapter.find(target)
        assert isinstance(found, Published)
        # The same Idempotency-Key: the server answers with the status it made.
        again = await adapter.publish(target)

    assert again == found
    assert list(mastodon_stub.state.statuses) == [found.remote_id]
    keys = {h["idempotency-key"] for h in mastodon_stub.headers_of("POST", "/api/v1/statuses")}
    assert keys == {target.idempotency_key}


async def test_media_processing_is_waited_for(mastodon_stub: StubServer) -> None:
    mastodon_stub.state.media_polls = 2  # 202, then 206, 206, 200
    target = claimed("With a big image", images=(image("map.png", "Map of the cordon"),))
    async with adapter_for(mastodon_stub.url, "good-token", media_poll_interval=0.01) as adapter:
        outcome = await adapter.publish(target)

    assert isinstance(outcome, Published)
    media = mastodon_stub.state.statuses[outcome.remote_id]["media_attachments"]
    assert [m["description"] for m in media] == ["Map of the cordon"]
    assert len([p for p in mastodon_stub.state.requests if p[1].startswith("/api/v1/media/")]) == 3


async def test_media_still_processing_gives_up_in_time(mastodon_stub: StubServer) -> None:
    mastodon_stub.state.media_polls = 50
    target = claimed("With a huge image", images=(image("map.png", "Map"),))
    async with adapter_for(
        mastodon_stub.url, "good-token", media_poll_interval=0.01, media_poll_attempts=3
    ) as adapter:
        outcome = await adapter.publish(target)

    assert outcome == Transient("Mastodon is still processing an image: Cordon will try again.")
    assert mastodon_stub.state.statuses == {}


async def test_a_validation_refusal_keeps_mastodons_words(mastodon_stub: StubServer) -> None:
    async with adapter_for(mastodon_stub.url, "good-token") as adapter:
        outcome = await adapter.publish(claimed("x" * 501))

    assert outcome == Rejected("Validation failed: Text character limit of 500 exceeded")


async def test_a_schedule_mastodon_finds_too_soon_is_rejected(mastodon_stub: StubServer) -> None:
    # Cordon's clock is 10 minutes slow: its own check passes, Mastodon's does not.
    slow_clock = datetime.now(UTC) - timedelta(minutes=10)
    at = to_iso(datetime.now(UTC) + timedelta(minutes=3))
    async with adapter_for(mastodon_stub.url, "good-token", clock=lambda: slow_clock) as adapter:
        outcome = await adapter.schedule(claimed("Soon"), at)

    assert outcome == Rejected(
        "Validation failed: Scheduled at The scheduled date must be in the future"
    )
    assert mastodon_stub.state.scheduled == {}


async def test_schedule_retried_with_the_same_key_makes_one(mastodon_stub: StubServer) -> None:
    target = claimed("Scheduled twice")
    at = to_iso(datetime.now(UTC) + timedelta(hours=1))
    async with adapter_for(mastodon_stub.url, "good-token") as adapter:
        first = await adapter.schedule(target, at)
        second = await adapter.schedule(target, at)
        sent_now = await adapter.publish(target)  # its own key: a status, not the schedule

    assert isinstance(first, Published) and first == second
    assert list(mastodon_stub.state.scheduled) == [first.remote_id]
    assert isinstance(sent_now, Published) and sent_now.url


async def test_scheduled_reads_every_page(mastodon_stub: StubServer) -> None:
    start = datetime.now(UTC).replace(microsecond=0) + timedelta(hours=1)
    async with adapter_for(mastodon_stub.url, "good-token") as adapter:
        made = []
        for number in range(45):
            outcome = await adapter.schedule(
                claimed(f"Scheduled {number}"), to_iso(start + timedelta(minutes=number))
            )
            assert isinstance(outcome, Published)
            made.append(outcome.remote_id)

        waiting = await adapter.scheduled()

    assert isinstance(waiting, list)
    assert [item.remote_id for item in waiting] == made  # in time order
    assert waiting[0] == ScheduledItem(made[0], to_iso(start), "Scheduled 0")
    assert len(mastodon_stub.requests_to("GET", "/api/v1/scheduled_statuses")) == 2


async def test_delete_unschedule_and_metrics_of_what_is_gone(mastodon_stub: StubServer) -> None:
    async with adapter_for(mastodon_stub.url, "good-token") as adapter:
        assert await adapter.delete("110000000000000999") is None
        assert await adapter.unschedule("110000000000000999") is None
        assert await adapter.metrics(["110000000000000999"]) == {}
        mastodon_stub.fault("DELETE /api/v1/statuses/", Fault(status=503, body={"error": "Busy"}))
        assert await adapter.delete("110000000000000999") == Transient(
            "Mastodon failed (HTTP 503): Busy."
        )


async def test_inbox_pages_forward_without_gaps_or_repeats(mastodon_stub: StubServer) -> None:
    for number in range(10):
        mastodon_stub.state.mention(f"@cordon early {number}")
    async with adapter_for(mastodon_stub.url, "good-token") as adapter:
        first = await adapter.fetch_inbox(None)
        assert isinstance(first, InboxPage)
        assert [item.text for item in first.items] == [f"@cordon early {n}" for n in range(10)]

        made = [mastodon_stub.state.mention(f"@cordon wave {n}")["id"] for n in range(95)]
        second = await adapter.fetch_inbox(first.cursor)
        assert isinstance(second, InboxPage)
        assert [item.remote_id for item in second.items] == made

        third = await adapter.fetch_inbox(second.cursor)
        assert third == InboxPage((), None)

    asked = mastodon_stub.requests_to("GET", "/api/v1/notifications")
    assert all(q["types[]"] == ["mention"] for q in asked)
    assert all("since_id" not in q for q in asked)
    assert sum("min_id" in q for q in asked) == 4  # 40 + 40 + 15, then the empty third fetch
    assert all(q["limit"] == ["40"] for q in asked)


async def test_inbox_threads_and_direct_messages_on_the_stub(mastodon_stub: StubServer) -> None:
    async with adapter_for(mastodon_stub.url, "good-token") as adapter:
        start = await adapter.fetch_inbox(None)
        assert start == InboxPage((), None)
        root = await adapter.publish(claimed("Incident update"))
        assert isinstance(root, Published)
        reply = mastodon_stub.state.mention("@cordon thanks", in_reply_to=root.remote_id)
        deeper = mastodon_stub.state.mention("@cordon more", in_reply_to=reply["id"])
        direct = mastodon_stub.state.mention("@cordon a private report", visibility="direct")

        page = await adapter.fetch_inbox(None)

    assert isinstance(page, InboxPage)
    kinds = {item.remote_id: (item.kind, item.conversation_id) for item in page.items}
    assert kinds == {
        reply["id"]: ("reply", root.remote_id),
        deeper["id"]: ("reply", root.remote_id),
        direct["id"]: ("message", direct["id"]),  # once, though notified and a conversation
    }
    assert page.cursor is not None and "conversations:" in page.cursor


async def test_budget_follows_every_answer(mastodon_stub: StubServer) -> None:
    async with adapter_for(mastodon_stub.url, "good-token") as adapter:
        assert adapter.budget() == RateBudget()
        await adapter.publish(claimed("One"))
        first = adapter.budget()
        await adapter.scheduled()

        assert first.limit == 300 and first.reset_utc == "2026-11-28T15:05:00.000000Z"
        assert first.remaining is not None
        assert adapter.budget().remaining == first.remaining - 1


async def test_an_expired_token_is_refreshed_once_and_kept(mastodon_stub: StubServer) -> None:
    mastodon_stub.state.refresh_tokens["refresh-0"] = "1"
    kept: list[tuple[dict[str, str], str | None]] = []

    async def keep(secrets: dict[str, str], expires_utc: str | None) -> None:
        kept.append((secrets, expires_utc))

    secrets = {"access_token": "stale-token", "refresh_token": "refresh-0",
               "client_id": "client-id", "client_secret": "client-secret"}  # fmt: skip
    async with adapter_for(
        mastodon_stub.url, secrets, on_secrets=keep, expires_utc="2026-01-01T00:00:00.000000Z"
    ) as adapter:
        outcome = await adapter.publish(claimed("After a refresh"))

    assert isinstance(outcome, Published)
    assert len(kept) == 1
    renewed, expires_utc = kept[0]
    assert renewed["access_token"] == "fresh-token-1"
    assert renewed["refresh_token"] == "refresh-token-1"
    assert renewed["client_secret"] == "client-secret"
    assert expires_utc is not None and expires_utc > to_iso(datetime.now(UTC))
    assert len(mastodon_stub.requests_to("POST", "/oauth/token")) == 1


async def test_refresh_only_when_the_token_expires_soon(mastodon_stub: StubServer) -> None:
    mastodon_stub.state.refresh_tokens["refresh-0"] = "1"
    kept: list[str | None] = []

    async def keep(secrets: dict[str, str], expires_utc: str | None) -> None:
        kept.append(expires_utc)

    secrets = {"access_token": "good-token", "refresh_token": "refresh-0",
               "client_id": "client-id", "client_secret": "client-secret"}  # fmt: skip
    later = to_iso(datetime.now(UTC) + timedelta(hours=1))
    soon = to_iso(datetime.now(UTC) + timedelta(minutes=2))
    async with adapter_for(mastodon_stub.url, secrets) as no_expiry:
        assert await no_expiry.refresh() is None
    async with adapter_for(mastodon_stub.url, secrets, on_secrets=keep, expires_utc=later) as fresh:
        assert await fresh.refresh() is None
    assert mastodon_stub.requests_to("POST", "/oauth/token") == []

    async with adapter_for(
        mastodon_stub.url, secrets, on_secrets=keep, expires_utc=soon
    ) as expiring:
        assert await expiring.refresh() is None
        assert await expiring.scheduled() == []
    assert len(kept) == 1 and kept[0] is not None and kept[0] > later


async def test_a_revoked_token_needs_a_reconnect(mastodon_stub: StubServer) -> None:
    kept: list[dict[str, str]] = []

    async def keep(secrets: dict[str, str], expires_utc: str | None) -> None:
        kept.append(secrets)

    refused = {"access_token": "revoked-token", "refresh_token": "revoked-refresh",
               "client_id": "client-id", "client_secret": "client-secret"}  # fmt: skip
    async with adapter_for(mastodon_stub.url, refused, on_secrets=keep) as adapter:
        assert await adapter.publish(claimed("Never")) == NeedsReconnect(RECONNECT)
    async with adapter_for(mastodon_stub.url, "revoked-token") as no_refresh:
        assert await no_refresh.delete("1") == NeedsReconnect(RECONNECT)
    async with adapter_for(
        mastodon_stub.url, refused, expires_utc=to_iso(datetime.now(UTC))
    ) as expired:
        assert await expired.refresh() == NeedsReconnect(RECONNECT)

    assert kept == []
    assert mastodon_stub.state.statuses == {}


async def test_find_reads_mastodons_rendering_of_the_text(mastodon_stub: StubServer) -> None:
    text = (
        "Cordon lifted & roads open: https://example.org/incidents/2026/11/28/road-closure-update"
        "\nThanks to @helper@other.example\n\n<Stay safe>"
    )
    async with adapter_for(mastodon_stub.url, "good-token") as adapter:
        assert await adapter.find(claimed(text)) is None
        first = await adapter.publish(claimed(text, attempts=2))  # a retry: nothing to find
        assert isinstance(first, Published)
        assert 'class="invisible"' in mastodon_stub.state.statuses[first.remote_id]["content"]

        assert await adapter.find(claimed(text)) == first
        assert await adapter.find(claimed(text, images=(image("a.png", "A"),))) is None


async def test_find_when_mastodon_cannot_be_asked(mastodon_stub: StubServer) -> None:
    mastodon_stub.fault(
        "GET /api/v1/accounts/verify_credentials", Fault(status=502, body={"error": "x"})
    )
    async with adapter_for(mastodon_stub.url, "good-token") as adapter:
        with pytest.raises(LookupFailed, match="Mastodon failed"):
            await adapter.find(claimed("Anything"))


async def test_no_secret_in_any_outcome_or_log(
    mastodon_stub: StubServer, caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    caplog.set_level(logging.DEBUG)
    secrets = {"access_token": "SECRET-ACCESS-6f1c", "refresh_token": "SECRET-REFRESH-9a2b",
               "client_id": "client-id", "client_secret": "SECRET-CLIENT-77d0"}  # fmt: skip
    mastodon_stub.fault("GET /api/v2/instance", Fault(status=500, body={"error": "boom"}))
    mastodon_stub.fault("POST /api/v1/statuses", Fault(delay=2.0))
    outcomes: list[object] = []
    async with adapter_for(mastodon_stub.url, secrets, timeout=httpx.Timeout(0.3)) as adapter:
        outcomes.append(await adapter.server_limits())
        outcomes.append(await adapter.publish(claimed("Slow")))
        outcomes.append(await adapter.fetch_inbox(None))  # 401, refresh refused
        outcomes.append(await adapter.refresh())
        with pytest.raises(LookupFailed) as failed:
            await adapter.find(claimed("Anything"))
        outcomes.append(failed.value)
        outcomes.append(adapter)
        outcomes.append(adapter._account)
    mastodon_stub.fault("GET /api/v2/instance", Fault(commit=True, garbage=b"SECRET-ACCESS-6f1c"))
    async with adapter_for(mastodon_stub.url, "good-token") as plain:
        outcomes.append(await plain.server_limits())

    assert any(isinstance(o, NeedsReconnect) for o in outcomes)
    said = [repr(o) for o in outcomes] + [str(o) for o in outcomes]
    said += [record.getMessage() for record in caplog.records]
    said += [repr(record.args) for record in caplog.records]
    for secret in ("SECRET-ACCESS-6f1c", "SECRET-REFRESH-9a2b", "SECRET-CLIENT-77d0"):
        assert not [line for line in said if secret in line], secret
    assert caplog.records  # httpx did log its requests: the check above saw them
