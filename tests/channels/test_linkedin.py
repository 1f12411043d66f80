"""The LinkedIn adapter against a real HTTP server on 127.0.0.1.

The server (``tests/channels/servers/linkedin_server.py``) is ours, written from
LinkedIn's Community Management reference (Posts, Images, MultiImage, "little" text,
Comments, Organization Share Statistics, errors and refresh tokens). Each test injects
its faults: 429 with and without headers (LinkedIn's own throttle sends none), 500, a
slow answer, malformed JSON, expired and revoked tokens, an answer lost after the post
was made.

No SDK on PyPI ships recorded answers of the Community Management API (``linkedin-api``
speaks LinkedIn's private web API; ``python-linkedin-v2`` predates the Posts API), so
there is nothing to replay here.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
import pytest_asyncio

from console.channels.base import (
    Account,
    InboxPage,
    Metrics,
    NeedsReconnect,
    Published,
    Rejected,
    Transient,
)
from console.channels.linkedin import LinkedInAdapter, little, unlittle
from storage.timeutil import to_iso
from tests.channels.kit import PNG, Sink, check_transport_faults, claim_for, image
from tests.channels.servers.linkedin_server import LinkedInApp
from tests.channels.servers.scripted_http import LoopbackServer, Response, run

pytestmark = pytest.mark.asyncio

ORG = "urn:li:organization:2414183"
claimed = claim_for("linkedin", ORG)


@pytest.fixture
def app() -> LinkedInApp:
    return LinkedInApp()


@pytest.fixture
def server(app: LinkedInApp) -> Iterator[LoopbackServer]:
    running = run(app)
    yield running
    running.stop()


def adapter_for(
    server: LoopbackServer,
    app: LinkedInApp,
    *,
    refreshable: bool = True,
    expires_utc: str | None = None,
    sink: Sink | None = None,
    timeout: float = 2.0,
    token: tuple[str, str] | None = None,
) -> LinkedInAdapter:
    access, refresh = token or app.issue()
    secrets = {"access_token": access}
    if refreshable:
        secrets |= {"refresh_token": refresh, "client_id": app.client_id,
                    "client_secret": app.client_secret}  # fmt: skip
    account = Account(server.url, ORG, secrets, expires_utc)
    return LinkedInAdapter(account, sink, timeout=httpx.Timeout(timeout),
                           oauth_url=f"{server.url}/oauth/v2")  # fmt: skip


@pytest_asyncio.fixture
async def adapter(server: LoopbackServer, app: LinkedInApp) -> AsyncIterator[LinkedInAdapter]:
    made = adapter_for(server, app)
    yield made
    await made.aclose()


async def test_little_text_escapes_what_linkedin_reserves() -> None:
    text = "Road (A1) closed #Eastbridge @police_uk [ref] 50% <now> *_~ \\ {x} |"
    assert unlittle(little(text)) == text
    assert little("(A1)") == "\\(A1\\)"


# -- publishing ----------------------------------------------------------------------------


async def test_publish_text_keeps_every_character(
    adapter: LinkedInAdapter, app: LinkedInApp
) -> None:
    text = "Road closed (A1, northbound) #Eastbridge: details at 101 * ref_23 ~ thanks"

    outcome = await adapter.publish(claimed(text))

    [post] = app.posts.values()
    assert outcome == Published(post.urn, f"https://www.linkedin.com/feed/update/{post.urn}/")
    assert app.shown() == [text]  # not cut at the first bracket


async def test_images_one_and_several(adapter: LinkedInAdapter, app: LinkedInApp) -> None:
    one = await adapter.publish(claimed("One picture", image("A man in a red coat")))
    two = await adapter.publish(claimed("Two pictures", image("North"), image("South", 1)))

    assert isinstance(one, Published) and isinstance(two, Published)
    assert app.posts[one.remote_id].images == [(PNG, "A man in a red coat")]
    assert [alt for _, alt in app.posts[two.remote_id].images] == ["North", "South"]


async def test_delete_and_what_linkedins_api_cannot_do(
    adapter: LinkedInAdapter, app: LinkedInApp
) -> None:
    outcome = await adapter.publish(claimed("Delete me"))
    assert isinstance(outcome, Published)

    assert await adapter.delete(outcome.remote_id) is None
    assert await adapter.delete(outcome.remote_id) is None  # gone already counts
    assert app.posts == {}
    assert isinstance(await adapter.schedule(claimed("Later"), "2026-12-01T09:00:00Z"), Rejected)
    assert await adapter.scheduled() == []
    assert isinstance(await adapter.pin("x"), Rejected)
    assert isinstance(await adapter.unpin("x"), Rejected)


async def test_a_refusal_is_linkedins_words(adapter: LinkedInAdapter) -> None:
    outcome = await adapter.publish(claimed("x" * 3001))

    assert outcome == Rejected("/commentary :: length 3000 exceeded")


# -- failures ------------------------------------------------------------------------------


async def test_429_without_headers_waits_an_hour(
    adapter: LinkedInAdapter, app: LinkedInApp
) -> None:
    app.daily_calls = 0

    outcome = await adapter.publish(claimed("Throttled"))

    assert isinstance(outcome, Transient) and outcome.retry_after == 3600
    assert "APPLICATION DAY limit" in outcome.message


async def test_429_with_retry_after(adapter: LinkedInAdapter, server: LoopbackServer) -> None:
    throttled = {"status": 429, "message": "Too many requests"}
    server.answer(Response.of(429, throttled, {"Retry-After": "30"}), "POST", "/rest/posts")

    outcome = await adapter.publish(claimed("Throttled"))

    assert isinstance(outcome, Transient) and outcome.retry_after == 30


async def test_500(adapter: LinkedInAdapter, server: LoopbackServer) -> None:
    server.answer(Response.of(500, {"status": 500, "message": "Internal Server Error"}), "POST")

    outcome = await adapter.publish(claimed("Server error"))

    assert outcome == Transient("LinkedIn failed (HTTP 500): Internal Server Error.")


async def test_timeout_unreachable_and_malformed(app: LinkedInApp) -> None:
    await check_transport_faults(
        lambda server, timeout: adapter_for(server, app, timeout=timeout), app, "LinkedIn", claimed
    )


# -- a response lost after LinkedIn made the post --------------------------------------------


async def test_lost_answer_after_the_post_is_found_and_not_posted_twice(
    adapter: LinkedInAdapter, server: LoopbackServer, app: LinkedInApp
) -> None:
    server.commit_then_drop("POST", "/rest/posts")
    first = claimed("Lost answer: the post (A1) exists")

    assert isinstance(await adapter.publish(first), Transient)
    [post] = app.posts.values()
    found = await adapter.find(first)
    again = await adapter.publish(claimed(first.text, attempts=2, key=first.idempotency_key))

    assert found == Published(post.urn, f"https://www.linkedin.com/feed/update/{post.urn}/")
    assert again == found
    assert len(app.posts) == 1


async def test_a_retry_that_cannot_look_first_does_not_post(
    adapter: LinkedInAdapter, server: LoopbackServer, app: LinkedInApp
) -> None:
    server.drop("GET", "/rest/posts")

    outcome = await adapter.publish(claimed("Retry blind", attempts=2))

    assert isinstance(outcome, Transient) and app.posts == {}


# -- tokens --------------------------------------------------------------------------------


async def test_a_token_in_its_last_week_is_renewed_with_the_refresh_token(
    server: LoopbackServer, app: LinkedInApp
) -> None:
    sink = Sink()
    soon = to_iso(datetime.now(UTC) + timedelta(days=2))
    adapter = adapter_for(server, app, expires_utc=soon, sink=sink)
    try:
        outcome = await adapter.publish(claimed("After renewal"))
    finally:
        await adapter.aclose()

    assert isinstance(outcome, Published)
    [(secrets, expires_utc)] = sink.calls
    assert secrets["access_token"] in app.tokens and secrets["refresh_token"] in app.refresh_tokens
    assert expires_utc is not None and expires_utc > to_iso(datetime.now(UTC) + timedelta(days=59))


async def test_expired_without_a_refresh_token_and_revoked_need_reconnecting(
    server: LoopbackServer, app: LinkedInApp
) -> None:
    token = app.issue()
    app.expire(token[0])
    past = to_iso(datetime.now(UTC) - timedelta(minutes=1))
    expired = adapter_for(server, app, refreshable=False, expires_utc=past, token=token)
    told = adapter_for(server, app, refreshable=False, token=token)  # expiry not known
    revoked = adapter_for(server, app)
    try:
        by_cordon = await expired.publish(claimed("Never"))
        by_linkedin = await told.publish(claimed("Never"))
        app.revoke_all()
        after_revoking = await revoked.fetch_inbox(None)
    finally:
        for made in (expired, told, revoked):
            await made.aclose()

    assert isinstance(by_cordon, NeedsReconnect) and isinstance(by_linkedin, NeedsReconnect)
    assert "has expired" in by_linkedin.message
    assert isinstance(after_revoking, NeedsReconnect) and "revoked" in after_revoking.message
    assert app.posts == {}


async def test_secrets_appear_in_no_message_and_no_log(
    server: LoopbackServer, app: LinkedInApp, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    token = app.issue()
    adapter = adapter_for(server, app, token=token, timeout=0.3)
    echo = {"status": 400, "message": f"Bad token {token[0]} {token[1]}"}
    server.answer(Response.of(400, echo), "POST", "/rest/posts")
    outcomes: list[object] = [await adapter.publish(claimed("One")), repr(adapter)]
    await adapter.aclose()

    for secret in token:
        assert all(secret not in str(outcome) for outcome in outcomes)
        assert all(secret not in record.getMessage() for record in caplog.records)
    assert "[hidden]" in str(outcomes[0])


# -- reading and answering -----------------------------------------------------------------


async def test_comments_with_cursor_and_an_answer(
    adapter: LinkedInAdapter, app: LinkedInApp
) -> None:
    own = await adapter.publish(claimed("Appeal for witnesses"))
    assert isinstance(own, Published)
    asked = app.comment(own.remote_id, "urn:li:person:abc", "Which road (A1 or A2)?")

    first = await adapter.fetch_inbox(None)
    assert isinstance(first, InboxPage)
    [item] = first.items
    answer = await adapter.reply(claimed("The A1 (northbound)."), item)
    again = await adapter.reply(claimed("The A1 (northbound).", attempts=2), item)
    private = await adapter.reply(claimed("Psst"), item, public=False)
    second = await adapter.fetch_inbox(first.cursor)

    assert (item.remote_id, item.kind, item.text) == (asked.urn, "comment", asked.text)
    assert item.conversation_id == own.remote_id
    assert isinstance(answer, Published) and again == answer
    [ours] = [c for c in app.comments if c.actor == ORG]
    assert (ours.parent, unlittle(ours.text)) == (asked.urn, "The A1 (northbound).")
    assert isinstance(private, Rejected)
    assert second == InboxPage((), None)


async def test_metrics(adapter: LinkedInAdapter, app: LinkedInApp) -> None:
    own = await adapter.publish(claimed("Counted"))
    assert isinstance(own, Published)
    app.posts[own.remote_id].statistics = {"likeCount": 12, "commentCount": 3, "shareCount": 2,
                                           "uniqueImpressionsCount": 480}  # fmt: skip

    metrics = await adapter.metrics([own.remote_id, "urn:li:share:1"])

    assert metrics == {own.remote_id: Metrics(likes=12, replies=3, reposts=2, reach=480)}
