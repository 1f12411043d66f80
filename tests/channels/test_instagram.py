"""The Instagram adapter against a real HTTP server on 127.0.0.1.

The server (``tests/channels/servers/instagram_server.py``) is ours, written from
Meta's Instagram Platform reference (Content Publishing, IG User Media and Media
Publish, Content Publishing Limit, IG Container, IG Comment Replies, Media Insights),
on the loopback Facebook Graph API of the account's Page, whose CDN it "cURLs" images
from. Each test injects its faults: 429 with and without headers, Meta's own limit,
500, a slow answer, malformed JSON, expired and revoked tokens, an answer lost after
the post was made, the daily publishing limit.

``python-facebook-api`` keeps sample Instagram answers in its repository but ships none
in its distribution on PyPI, so there is nothing recorded to replay here.
"""

from __future__ import annotations

import io
import logging
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
import pytest_asyncio
from PIL import Image as PillowImage

from console.channels.base import (
    Account,
    InboxItem,
    InboxPage,
    Metrics,
    NeedsReconnect,
    Published,
    Rejected,
    Transient,
)
from console.channels.instagram import InstagramAdapter
from console.statement_card import HEIGHT, WIDTH, CardStyle
from storage.timeutil import to_iso
from tests.channels.kit import Sink, check_transport_faults, claim_for, image
from tests.channels.servers.facebook_server import VERSION
from tests.channels.servers.instagram_server import InstagramApp
from tests.channels.servers.scripted_http import LoopbackServer, Response, run

pytestmark = pytest.mark.asyncio

claimed = claim_for("instagram", "17841400000000777")
PUBLISH = f"/{VERSION}/17841400000000777/media_publish"
MEDIA = f"/{VERSION}/17841400000000777/media"


@pytest.fixture
def app() -> InstagramApp:
    return InstagramApp()


@pytest.fixture
def server(app: InstagramApp) -> Iterator[LoopbackServer]:
    running = run(app)
    yield running
    running.stop()


async def northshire() -> CardStyle:
    return CardStyle("Northshire Police", "#0b2545")


def adapter_for(
    server: LoopbackServer,
    app: InstagramApp,
    *,
    renewable: bool = False,
    expires_utc: str | None = None,
    sink: Sink | None = None,
    timeout: float = 2.0,
) -> InstagramAdapter:
    secrets = {"page_access_token": app.issue_page_token(), "page_id": app.page_id}
    if renewable:
        secrets |= {"user_access_token": app.issue_user_token(), "app_id": app.app_id,
                    "app_secret": app.app_secret}  # fmt: skip
    account = Account(server.url, app.ig_user, secrets, expires_utc)
    return InstagramAdapter(account, sink, style=northshire, timeout=httpx.Timeout(timeout),
                            poll_interval=0.0)  # fmt: skip


@pytest_asyncio.fixture
async def adapter(server: LoopbackServer, app: InstagramApp) -> AsyncIterator[InstagramAdapter]:
    made = adapter_for(server, app)
    yield made
    await made.aclose()


def decoded(data: bytes) -> PillowImage.Image:
    return PillowImage.open(io.BytesIO(data))


# -- publishing ----------------------------------------------------------------------------


async def test_a_text_goes_out_as_a_statement_card(
    adapter: InstagramAdapter, app: InstagramApp
) -> None:
    text = "Road closed: the A1 is closed both ways near Eastbridge. Next update 13:00."

    outcome = await adapter.publish(claimed(text))

    [media] = app.published_media()
    assert outcome == Published(media.id, f"https://www.instagram.com/p/{media.id}/")
    assert media.caption == text
    [(card, alt)] = media.images
    assert alt == text  # the full text, for people who cannot see the card
    assert decoded(card).format == "JPEG" and decoded(card).size == (WIDTH, HEIGHT)
    [photo] = app.photos.values()
    assert (photo["published"], photo["temporary"]) == (False, True)
    assert app.published() == []  # nothing appeared on the Page itself


async def test_images_are_sent_as_jpeg_and_several_make_a_carousel(
    adapter: InstagramAdapter, app: InstagramApp
) -> None:
    outcome = await adapter.publish(
        claimed("Two views of the scene", image("North side"), image("South side", 1))
    )

    assert isinstance(outcome, Published)
    [media] = app.published_media()
    assert [alt for _, alt in media.images] == ["North side", "South side"]
    assert all(decoded(data).format == "JPEG" for data, _ in media.images)


async def test_the_daily_limit_is_asked_before_publishing(
    adapter: InstagramAdapter, app: InstagramApp
) -> None:
    app.quota_total = 1
    assert isinstance(await adapter.publish(claimed("First of the day")), Published)
    made = len(app.containers)

    outcome = await adapter.publish(claimed("One too many"))

    assert isinstance(outcome, Transient) and outcome.retry_after == 3600
    assert "allows 1 post a day" in outcome.message
    assert len(app.containers) == made and len(app.published_media()) == 1


async def test_a_caption_instagram_refuses_is_its_own_words(adapter: InstagramAdapter) -> None:
    outcome = await adapter.publish(claimed("x" * 2201))

    assert outcome == Rejected("The caption is too long: it can have at most 2,200 characters.")


async def test_what_instagrams_api_cannot_do_says_so(adapter: InstagramAdapter) -> None:
    assert isinstance(await adapter.delete("1"), Rejected)
    assert isinstance(await adapter.schedule(claimed("Later"), "2026-12-01T09:00:00Z"), Rejected)
    assert await adapter.scheduled() == []
    assert isinstance(await adapter.pin("1"), Rejected)
    assert isinstance(await adapter.unpin("1"), Rejected)


# -- failures ------------------------------------------------------------------------------


async def test_429_with_retry_after(adapter: InstagramAdapter, server: LoopbackServer) -> None:
    limited = {"error": {"message": "Too many calls", "code": 4}}
    server.answer(Response.of(429, limited, {"Retry-After": "120"}, plain=True), "GET")

    outcome = await adapter.publish(claimed("Slow down"))

    assert isinstance(outcome, Transient) and outcome.retry_after == 120


async def test_429_without_headers(adapter: InstagramAdapter, server: LoopbackServer) -> None:
    server.answer(Response.of(429, {"error": {"message": "Slow down"}}, plain=True), "GET")

    outcome = await adapter.publish(claimed("Slow down"))

    assert isinstance(outcome, Transient) and outcome.retry_after is None


async def test_metas_own_limit_waits_for_the_time_it_gives(
    adapter: InstagramAdapter, app: InstagramApp
) -> None:
    app.calls_per_hour, app.regain_minutes = 2, 7

    outcomes = [await adapter.fetch_inbox(None) for _ in range(3)]

    assert isinstance(outcomes[-1], Transient) and outcomes[-1].retry_after == 7 * 60


async def test_500(adapter: InstagramAdapter, server: LoopbackServer) -> None:
    server.answer(Response.of(500, {"error": {"message": "Please retry", "code": 2}}), "POST")

    outcome = await adapter.publish(claimed("Server error"))

    assert outcome == Transient("Instagram failed (HTTP 500): Please retry")


async def test_timeout_unreachable_and_malformed(app: InstagramApp) -> None:
    await check_transport_faults(
        lambda server, timeout: adapter_for(server, app, timeout=timeout), app, "Instagram", claimed
    )


# -- a response lost after Instagram published -----------------------------------------------


async def test_lost_answer_after_publishing_is_found_and_not_posted_twice(
    adapter: InstagramAdapter, server: LoopbackServer, app: InstagramApp
) -> None:
    server.commit_then_drop("POST", PUBLISH)
    first = claimed("Lost answer: the post exists")

    assert isinstance(await adapter.publish(first), Transient)
    [media] = app.published_media()
    found = await adapter.find(first)
    again = await adapter.publish(claimed(first.text, attempts=2, key=first.idempotency_key))

    assert found == Published(media.id, f"https://www.instagram.com/p/{media.id}/")
    assert again == found
    assert len(app.published_media()) == 1


async def test_a_retry_that_cannot_look_first_does_not_post(
    adapter: InstagramAdapter, server: LoopbackServer, app: InstagramApp
) -> None:
    server.drop("GET", MEDIA)

    outcome = await adapter.publish(claimed("Retry blind", attempts=2))

    assert isinstance(outcome, Transient)
    assert app.containers == {} and app.published_media() == []


# -- tokens --------------------------------------------------------------------------------


async def test_an_expired_page_token_is_renewed_with_the_user_token(
    server: LoopbackServer, app: InstagramApp
) -> None:
    sink = Sink()
    adapter = adapter_for(server, app, renewable=True, sink=sink)
    app.expire(adapter._secrets["page_access_token"])
    try:
        outcome = await adapter.publish(claimed("After renewal"))
    finally:
        await adapter.aclose()

    assert isinstance(outcome, Published)
    [(secrets, _)] = sink.calls
    assert secrets["page_access_token"] in app.page_tokens


async def test_expired_without_the_means_to_renew_and_revoked_need_reconnecting(
    server: LoopbackServer, app: InstagramApp
) -> None:
    past = to_iso(datetime.now(UTC) - timedelta(minutes=1))
    expired = adapter_for(server, app, expires_utc=past)
    app.expire(expired._secrets["page_access_token"])
    revoked = adapter_for(server, app)
    try:
        first = await expired.publish(claimed("Never"))
        app.revoke_all()
        second = await revoked.fetch_inbox(None)
    finally:
        await expired.aclose()
        await revoked.aclose()

    assert isinstance(first, NeedsReconnect) and isinstance(second, NeedsReconnect)
    assert second.message.endswith("reconnect the Instagram account.")
    assert app.published_media() == []


async def test_secrets_appear_in_no_message_and_no_log(
    server: LoopbackServer, app: InstagramApp, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    adapter = adapter_for(server, app, timeout=0.3)
    token = adapter._secrets["page_access_token"]
    echo = {"error": {"message": f"Bad token {token}", "code": 100}}
    server.answer(Response.of(400, echo), "GET")
    outcomes: list[object] = [await adapter.publish(claimed("One")), repr(adapter)]
    await adapter.aclose()

    assert all(token not in str(outcome) for outcome in outcomes)
    assert all(token not in record.getMessage() for record in caplog.records)
    assert "[hidden]" in str(outcomes[0])


# -- reading and answering -----------------------------------------------------------------


async def test_comments_and_replies_with_cursor_and_an_answer(
    adapter: InstagramAdapter, app: InstagramApp
) -> None:
    own = await adapter.publish(claimed("Appeal for witnesses"))
    assert isinstance(own, Published)
    asked = app.comment_on(own.remote_id, "resident1", "Which road?")

    first = await adapter.fetch_inbox(None)
    assert isinstance(first, InboxPage)
    [item] = first.items
    answer = await adapter.reply(claimed("The A1, northbound."), item)
    again = await adapter.reply(claimed("The A1, northbound.", attempts=2), item)
    private = await adapter.reply(claimed("Psst"), item, public=False)
    second = await adapter.fetch_inbox(first.cursor)

    assert (item.remote_id, item.kind, item.author_handle) == (asked.id, "comment", "resident1")
    assert item.conversation_id == own.remote_id
    assert isinstance(answer, Published) and again == answer  # the retry found it
    assert [app.ig_comments[r].text for r in asked.replies] == ["The A1, northbound."]
    assert isinstance(private, Rejected)
    assert second == InboxPage((), None)  # the account's own reply is not its inbox


async def test_metrics(adapter: InstagramAdapter, app: InstagramApp) -> None:
    own = await adapter.publish(claimed("Counted"))
    assert isinstance(own, Published)
    app.media[own.remote_id].likes, app.media[own.remote_id].reach = 9, 300
    app.comment_on(own.remote_id, "resident1", "Thanks")

    metrics = await adapter.metrics([own.remote_id, "404"])

    assert metrics == {own.remote_id: Metrics(likes=9, replies=1, reposts=0, reach=300)}


async def test_an_inbox_item_with_a_reply_deeper_in_the_thread(
    adapter: InstagramAdapter, app: InstagramApp
) -> None:
    own = await adapter.publish(claimed("Open day on Saturday"))
    assert isinstance(own, Published)
    top = app.comment_on(own.remote_id, "resident1", "What time?")
    reply = app.comment_on(own.remote_id, "resident2", "I'd like to know too", top.id)

    page = await adapter.fetch_inbox(None)

    assert isinstance(page, InboxPage)
    by_id = {i.remote_id: i for i in page.items}
    assert by_id[reply.id].kind == "reply" and by_id[reply.id].in_reply_to == top.id
    assert isinstance(by_id[top.id], InboxItem)
