"""The Threads adapter against a real HTTP server on 127.0.0.1.

The server (``tests/channels/servers/threads_server.py``) is ours, written from Meta's
Threads reference (Posts, Troubleshooting, Retrieve Threads, Reply Management,
Mentions, Insights, Long-Lived Tokens). Images go through the loopback Facebook Page
(``facebook_server``), from which the Threads server fetches them over HTTP as Threads
does. Each test injects its faults: 429 with and without headers, Meta's own rate
limit, 500, a slow answer, malformed JSON, expired and revoked tokens, an answer lost
after the post was made.

No third-party SDK on PyPI ships recorded Threads answers (``pythreads`` and
``python-facebook-api`` ship none in their distributions), so there is nothing to
replay here.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
import pytest_asyncio

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
from console.channels.threads import ThreadsAdapter
from storage.timeutil import to_iso
from tests.channels.kit import PNG, Sink, check_transport_faults, claim_for, image
from tests.channels.servers.facebook_server import FacebookApp
from tests.channels.servers.scripted_http import LoopbackServer, Response, run
from tests.channels.servers.threads_server import VERSION, ThreadsApp

pytestmark = pytest.mark.asyncio

PUBLISH = f"/{VERSION}/17841400000000001/threads_publish"


@pytest.fixture
def app() -> ThreadsApp:
    return ThreadsApp()


@pytest.fixture
def server(app: ThreadsApp) -> Iterator[LoopbackServer]:
    running = run(app)
    yield running
    running.stop()


def account(
    server: LoopbackServer,
    app: ThreadsApp,
    token: str,
    fb_app: FacebookApp | None = None,
    expires_utc: str | None = None,
) -> Account:
    secrets = {"access_token": token}
    if fb_app is not None:
        secrets |= {"page_id": fb_app.page_id, "page_access_token": fb_app.issue_page_token()}
    return Account(server.url, app.user_id, secrets, expires_utc)


def adapter_for(
    server: LoopbackServer,
    app: ThreadsApp,
    fb: tuple[FacebookApp, LoopbackServer] | None = None,
    *,
    token: str | None = None,
    expires_utc: str | None = None,
    sink: Sink | None = None,
    timeout: float = 2.0,
) -> ThreadsAdapter:
    made = account(server, app, token or app.issue(), fb[0] if fb else None, expires_utc)
    return ThreadsAdapter(
        made,
        sink,
        timeout=httpx.Timeout(timeout),
        facebook_url=fb[1].url if fb else "http://127.0.0.1:9",
        poll_interval=0.0,
    )


@pytest_asyncio.fixture
async def adapter(
    server: LoopbackServer, app: ThreadsApp, fb_app: FacebookApp, fb_server: LoopbackServer
) -> AsyncIterator[ThreadsAdapter]:
    made = adapter_for(server, app, (fb_app, fb_server))
    yield made
    await made.aclose()


claimed = claim_for("threads", "17841400000000001")


# -- publishing ----------------------------------------------------------------------------


async def test_publish_text(adapter: ThreadsAdapter, app: ThreadsApp) -> None:
    outcome = await adapter.publish(claimed("Road closed at the A1 junction."))

    [post] = app.own()
    assert outcome == Published(post.id, f"https://www.threads.net/@cordon_police/post/{post.id}")
    assert (post.text, post.media_type) == ("Road closed at the A1 junction.", "TEXT_POST")


async def test_one_image_goes_through_the_force_page(
    adapter: ThreadsAdapter, app: ThreadsApp, fb_app: FacebookApp
) -> None:
    outcome = await adapter.publish(claimed("Have you seen him?", image("A man in a red coat")))

    assert isinstance(outcome, Published)
    [post] = app.own()
    assert post.media_type == "IMAGE"
    assert post.images == [(PNG, "A man in a red coat")]  # fetched from the Page's address
    [photo] = fb_app.photos.values()
    assert (photo["published"], photo["temporary"]) == (False, True)
    assert fb_app.published() == []  # nothing appeared on the Page itself


async def test_several_images_make_a_carousel(adapter: ThreadsAdapter, app: ThreadsApp) -> None:
    outcome = await adapter.publish(
        claimed("Two views of the scene", image("North side"), image("South side", 1))
    )

    assert isinstance(outcome, Published)
    [post] = app.own()
    assert post.media_type == "CAROUSEL_ALBUM"
    assert [alt for _, alt in post.images] == ["North side", "South side"]


async def test_images_without_a_page_are_refused_before_anything_is_sent(
    server: LoopbackServer, app: ThreadsApp
) -> None:
    plain = adapter_for(server, app)
    try:
        outcome = await plain.publish(claimed("A photo", image("A photo")))
    finally:
        await plain.aclose()

    assert isinstance(outcome, Rejected)
    assert "through the force's Facebook Page" in outcome.message
    assert app.containers == {}


async def test_an_image_threads_cannot_fetch_is_rejected_with_its_reason(
    adapter: ThreadsAdapter, app: ThreadsApp, fb_server: LoopbackServer
) -> None:
    fb_server.answer(Response(404, b"gone", {"Content-Type": "text/plain"}), "GET", "/cdn/")

    outcome = await adapter.publish(claimed("A photo", image("A photo")))

    assert outcome == Rejected("Threads could not use the image (FAILED_DOWNLOADING_IMAGE).")
    assert app.own() == []


async def test_a_text_over_500_is_refused_in_threads_words(adapter: ThreadsAdapter) -> None:
    outcome = await adapter.publish(claimed("😀" * 126))  # 504 by Threads' count

    assert outcome == Rejected("(#100) Param text must be at most 500 characters long.")


async def test_reply_and_delete(adapter: ThreadsAdapter, app: ThreadsApp) -> None:
    own = await adapter.publish(claimed("Appeal for witnesses"))
    assert isinstance(own, Published)
    asked = app.reply_from("resident1", "Which road?", own.remote_id)
    item = InboxItem(
        asked.id, "reply", "resident1", "resident1", asked.text, to_iso(datetime.now(UTC))
    )

    answered = await adapter.reply(claimed("The A1, northbound."), item)
    private = await adapter.reply(claimed("Psst"), item, public=False)

    assert isinstance(answered, Published)
    assert app.posts[answered.remote_id].reply_to == asked.id
    assert isinstance(private, Rejected)
    assert await adapter.delete(answered.remote_id) is None
    assert await adapter.delete(answered.remote_id) is None  # gone already counts
    assert answered.remote_id not in app.posts


async def test_no_scheduler_and_no_pins(adapter: ThreadsAdapter) -> None:
    assert isinstance(await adapter.schedule(claimed("Later"), "2026-12-01T09:00:00Z"), Rejected)
    assert await adapter.scheduled() == []
    assert isinstance(await adapter.pin("1"), Rejected)
    assert isinstance(await adapter.unpin("1"), Rejected)


# -- failures ------------------------------------------------------------------------------


async def test_429_with_retry_after(adapter: ThreadsAdapter, server: LoopbackServer) -> None:
    limited = {"error": {"message": "Too many calls", "code": 4}}
    server.answer(Response.of(429, limited, {"Retry-After": "90"}), "POST")

    outcome = await adapter.publish(claimed("Slow down"))

    assert isinstance(outcome, Transient) and outcome.retry_after == 90
    assert "Too many calls" in outcome.message


async def test_429_without_headers(adapter: ThreadsAdapter, server: LoopbackServer) -> None:
    server.answer(Response.of(429, {"error": {"message": "Slow down"}}, plain=True), "POST")

    outcome = await adapter.publish(claimed("Slow down"))

    assert isinstance(outcome, Transient) and outcome.retry_after is None


async def test_metas_own_rate_limit_when_calls_run_out(
    adapter: ThreadsAdapter, app: ThreadsApp
) -> None:
    app.calls_per_hour = 3

    outcomes = [await adapter.fetch_inbox(None) for _ in range(3)]

    assert isinstance(outcomes[-1], Transient)
    assert "Application request limit reached" in outcomes[-1].message
    assert adapter.budget().remaining == 0


async def test_500(adapter: ThreadsAdapter, server: LoopbackServer) -> None:
    server.answer(Response.of(500, {"error": {"message": "Please retry", "code": 2}}), "POST")

    outcome = await adapter.publish(claimed("Server error"))

    assert outcome == Transient("Threads failed (HTTP 500): Please retry")


async def test_timeout_unreachable_and_malformed(app: ThreadsApp) -> None:
    await check_transport_faults(
        lambda server, timeout: adapter_for(server, app, timeout=timeout), app, "Threads", claimed
    )


# -- a response lost after Threads made the post ---------------------------------------------


async def test_lost_answer_after_the_post_is_found_and_not_posted_twice(
    adapter: ThreadsAdapter, server: LoopbackServer, app: ThreadsApp
) -> None:
    server.commit_then_drop("POST", PUBLISH)
    first = claimed("Lost answer: the post exists")

    assert isinstance(await adapter.publish(first), Transient)
    [post] = app.own()
    found = await adapter.find(first)
    again = await adapter.publish(claimed(first.text, attempts=2, key=first.idempotency_key))

    assert found == Published(post.id, f"https://www.threads.net/@cordon_police/post/{post.id}")
    assert again == found
    assert len(app.own()) == 1


async def test_garbled_answer_after_the_post_cannot_post_twice(
    adapter: ThreadsAdapter, server: LoopbackServer, app: ThreadsApp
) -> None:
    server.commit_then_garble("POST", PUBLISH)
    first = claimed("Garbled answer")

    assert await adapter.publish(first) == Transient("The answer from Threads could not be read.")
    again = await adapter.publish(claimed(first.text, attempts=2))

    [post] = app.own()
    assert isinstance(again, Published) and again.remote_id == post.id


async def test_a_retry_that_cannot_look_first_does_not_post(
    adapter: ThreadsAdapter, server: LoopbackServer, app: ThreadsApp
) -> None:
    server.drop("GET", f"/{VERSION}/17841400000000001/threads")

    outcome = await adapter.publish(claimed("Retry blind", attempts=2))

    assert isinstance(outcome, Transient)
    assert app.containers == {} and app.own() == []


# -- tokens --------------------------------------------------------------------------------


async def test_a_token_in_its_last_week_is_renewed_and_kept(
    server: LoopbackServer, app: ThreadsApp
) -> None:
    sink = Sink()
    token = app.issue(lifetime=3 * 24 * 3600)
    soon = to_iso(datetime.now(UTC) + timedelta(days=3))
    renewing = adapter_for(server, app, token=token, expires_utc=soon, sink=sink)
    try:
        outcome = await renewing.publish(claimed("After renewal"))
    finally:
        await renewing.aclose()

    assert isinstance(outcome, Published)
    [(secrets, expires_utc)] = sink.calls
    assert secrets["access_token"] != token and secrets["access_token"] in app.tokens
    assert expires_utc is not None and expires_utc > to_iso(datetime.now(UTC) + timedelta(days=59))


async def test_an_expired_token_needs_reconnecting(server: LoopbackServer, app: ThreadsApp) -> None:
    token = app.issue()
    app.expire(token)
    past = to_iso(datetime.now(UTC) - timedelta(minutes=1))
    expired = adapter_for(server, app, token=token, expires_utc=past)
    unknown = adapter_for(server, app, token=token)  # expiry not known: Threads says
    try:
        said_by_cordon = await expired.publish(claimed("Never"))
        said_by_threads = await unknown.publish(claimed("Never"))
    finally:
        await expired.aclose()
        await unknown.aclose()

    assert isinstance(said_by_cordon, NeedsReconnect)
    assert isinstance(said_by_threads, NeedsReconnect)
    assert "Session has expired" in said_by_threads.message
    assert app.own() == []


async def test_a_revoked_token_needs_reconnecting(adapter: ThreadsAdapter, app: ThreadsApp) -> None:
    app.revoke_all()

    outcome = await adapter.fetch_inbox(None)

    assert isinstance(outcome, NeedsReconnect)
    assert outcome.message.endswith("reconnect the Threads account.")


async def test_secrets_appear_in_no_message_and_no_log(
    server: LoopbackServer, app: ThreadsApp, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    token = app.issue()
    adapter = adapter_for(server, app, token=token, timeout=0.3)
    echo = {"error": {"message": f"Bad token {token}", "code": 100}}
    server.answer(Response.of(400, echo), "POST")
    server.slow(2.0, "GET")
    outcomes: list[object] = [
        await adapter.publish(claimed("One")),
        await adapter.fetch_inbox(None),
        repr(adapter),
    ]
    app.revoke_all()
    outcomes.append(await adapter.publish(claimed("Two")))
    await adapter.aclose()

    assert all(token not in str(outcome) for outcome in outcomes)
    assert all(token not in record.getMessage() for record in caplog.records)
    assert "[hidden]" in str(outcomes[0])


# -- reading -------------------------------------------------------------------------------


async def test_fetch_inbox_with_cursor(adapter: ThreadsAdapter, app: ThreadsApp) -> None:
    own = await adapter.publish(claimed("Appeal for witnesses"))
    assert isinstance(own, Published)
    first_reply = app.reply_from("resident1", "I saw a blue van", own.remote_id)
    app.mention("resident2", "@cordon_police is the bridge open?")
    ours = await adapter.reply(
        claimed("Thank you: please call 101."),
        InboxItem(first_reply.id, "reply", "resident1", "resident1", "", ""),
    )
    assert isinstance(ours, Published)

    first = await adapter.fetch_inbox(None)
    assert isinstance(first, InboxPage)
    time.sleep(1.01)  # a new second, as Threads' timestamps have no finer grain
    deeper = app.reply_from("resident1", "It was parked", ours.remote_id)
    second = await adapter.fetch_inbox(first.cursor)
    assert isinstance(second, InboxPage)
    third = await adapter.fetch_inbox(second.cursor)

    assert sorted((i.kind, i.text) for i in first.items) == [
        ("mention", "@cordon_police is the bridge open?"),
        ("reply", "I saw a blue van"),
    ]
    reply = next(i for i in first.items if i.kind == "reply")
    assert reply.conversation_id == own.remote_id and reply.in_reply_to == own.remote_id
    assert [(i.remote_id, i.in_reply_to, i.conversation_id) for i in second.items] == [
        (deeper.id, ours.remote_id, own.remote_id)
    ]
    assert third == InboxPage((), None)


async def test_metrics(adapter: ThreadsAdapter, app: ThreadsApp) -> None:
    outcome = await adapter.publish(claimed("Counted"))
    assert isinstance(outcome, Published)
    app.posts[outcome.remote_id].metrics = {"views": 140, "likes": 7, "replies": 2, "reposts": 3}

    metrics = await adapter.metrics([outcome.remote_id, "999"])

    assert metrics == {outcome.remote_id: Metrics(likes=7, replies=2, reposts=3, reach=140)}


async def test_budget_follows_metas_usage_header(adapter: ThreadsAdapter, app: ThreadsApp) -> None:
    app.calls_per_hour = 10

    await adapter.fetch_inbox(None)

    budget = adapter.budget()
    assert budget.limit == 100 and budget.remaining is not None and budget.remaining < 100
