"""The Facebook Page adapter against a real HTTP server on 127.0.0.1.

The server (``tests/channels/servers/facebook_server.py``) is ours, written from Meta's
references: the node and edge specs in ``facebook/facebook-business-sdk-codegen``
(``api_specs/specs/Page.json``, ``api_specs/specs/PagePost.json``) and
developers.facebook.com (``/docs/pages-api/posts``,
``/docs/graph-api/reference/page/scheduled_posts/``,
``/docs/graph-api/overview/rate-limiting``, ``/docs/graph-api/guides/error-handling``,
``/docs/facebook-login/guides/access-tokens/get-long-lived``). Each test starts it in a
thread on a free port and injects faults: 429, Meta's rate-limit errors, 500, slow and
malformed answers, expired and revoked tokens, an answer lost after the post was made.
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
    InboxPage,
    LookupFailed,
    Metrics,
    NeedsReconnect,
    Published,
    RateBudget,
    Rejected,
    Transient,
)
from console.channels.facebook import FacebookAdapter
from console.channels.meta import GRAPH_VERSION
from storage.timeutil import to_iso
from tests.channels.kit import PNG, Sink, claim_for, image
from tests.channels.servers.facebook_server import (
    BAD_SCHEDULE,
    VERSION,
    FacebookApp,
    graph_error,
)
from tests.channels.servers.scripted_http import LoopbackServer, Response, run

pytestmark = pytest.mark.asyncio

FEED = f"/{VERSION}/1000001/feed"


@pytest.fixture
def app() -> FacebookApp:
    return FacebookApp()


@pytest.fixture
def server(app: FacebookApp) -> Iterator[LoopbackServer]:
    running = run(app)
    yield running
    running.stop()


@pytest.fixture
def token(app: FacebookApp) -> str:
    return app.issue_page_token()


@pytest.fixture
def sink() -> Sink:
    return Sink()


def account(
    server: LoopbackServer,
    app: FacebookApp,
    token: str,
    *,
    renewable: bool = False,
    expires_utc: str | None = None,
) -> Account:
    secrets = {"page_access_token": token}
    if renewable:
        secrets |= {
            "user_access_token": app.issue_user_token(),
            "app_id": app.app_id,
            "app_secret": app.app_secret,
        }
    return Account(server.url, app.page_id, secrets, expires_utc)


@pytest_asyncio.fixture
async def adapter(
    server: LoopbackServer, app: FacebookApp, token: str, sink: Sink
) -> AsyncIterator[FacebookAdapter]:
    made = FacebookAdapter(account(server, app, token), sink, timeout=httpx.Timeout(2.0))
    yield made
    await made.aclose()


claimed = claim_for("facebook", "1000001")


def ahead(**delta: float) -> str:
    return to_iso(datetime.now(UTC) + timedelta(**delta))


# -- publishing ----------------------------------------------------------------------------


async def test_publish_text(adapter: FacebookAdapter, app: FacebookApp) -> None:
    outcome = await adapter.publish(claimed("Road closed on the A1 northbound."))

    [post] = app.published()
    assert outcome == Published(post.id, f"https://www.facebook.com/1000001/posts/{post.id[8:]}")
    assert post.message == "Road closed on the A1 northbound."


async def test_publish_with_images_and_alt_text(adapter: FacebookAdapter, app: FacebookApp) -> None:
    post = claimed(
        "Have you seen him?", image("A man in a red coat"), image("The bus stop on Mill Lane", 1)
    )

    outcome = await adapter.publish(post)

    assert isinstance(outcome, Published)
    [made] = app.published()
    photos = [app.photos[m] for m in made.media]
    assert [p["alt_text_custom"] for p in photos] == [
        "A man in a red coat",
        "The bus stop on Mill Lane",
    ]
    assert all(p["data"] == PNG and not p["published"] and not p["temporary"] for p in photos)


async def test_schedule_and_unschedule(adapter: FacebookAdapter, app: FacebookApp) -> None:
    at = ahead(hours=2)

    outcome = await adapter.schedule(claimed("Later today", image("A map")), at)

    [post] = app.scheduled()
    assert outcome == Published(post.id, "")
    assert post.scheduled_at == int(datetime.fromisoformat(at).timestamp())
    assert app.photos[post.media[0]]["temporary"] is True
    assert app.published() == []
    waiting = await adapter.scheduled()  # what incident mode reads to pull back
    assert isinstance(waiting, list)
    whole_seconds = datetime.fromisoformat(at).replace(microsecond=0)
    assert [(w.remote_id, w.scheduled_utc) for w in waiting] == [(post.id, to_iso(whole_seconds))]
    assert waiting[0].text == "Later today"
    assert await adapter.unschedule(post.id) is None
    assert app.scheduled() == []
    assert await adapter.unschedule(post.id) is None  # gone already counts
    assert await adapter.scheduled() == []


async def test_pin_and_unpin_a_published_post(adapter: FacebookAdapter, app: FacebookApp) -> None:
    outcome = await adapter.publish(claimed("Holding statement to keep on top"))
    assert isinstance(outcome, Published)
    assert await adapter.pin(outcome.remote_id) is None
    assert app.posts[outcome.remote_id].pinned

    assert await adapter.unpin(outcome.remote_id) is None
    assert not app.posts[outcome.remote_id].pinned
    assert await adapter.delete(outcome.remote_id) is None
    assert await adapter.unpin(outcome.remote_id) is None  # gone: nothing left pinned


async def test_an_unpin_facebook_refuses_is_its_own_words(
    adapter: FacebookAdapter, server: LoopbackServer
) -> None:
    refusal = {"error": {"message": "(#200) Permissions error", "code": 200}}
    server.answer(Response.of(403, refusal), "POST")

    outcome = await adapter.unpin("1000001_5")

    assert isinstance(outcome, NeedsReconnect) and "(#200) Permissions error" in outcome.message


@pytest.mark.parametrize("delta", [{"minutes": 5}, {"days": 40}, {"hours": -1}])
async def test_schedule_outside_metas_window_is_refused(
    adapter: FacebookAdapter, app: FacebookApp, delta: dict[str, float]
) -> None:
    outcome = await adapter.schedule(claimed("Too soon or too late"), ahead(**delta))

    assert outcome == Rejected(BAD_SCHEDULE)
    assert app.scheduled() == []


async def test_delete(adapter: FacebookAdapter, app: FacebookApp) -> None:
    outcome = await adapter.publish(claimed("Delete me"))
    assert isinstance(outcome, Published)

    assert await adapter.delete(outcome.remote_id) is None
    assert app.published() == []
    assert await adapter.delete(outcome.remote_id) is None


async def test_a_policy_block_is_rejected_in_metas_words(
    adapter: FacebookAdapter, server: LoopbackServer
) -> None:
    words = "It looks like you were misusing this feature by going too fast."
    server.answer(graph_error(words, 368), "POST", FEED)

    assert await adapter.publish(claimed("Blocked")) == Rejected(words)


async def test_a_missing_permission_needs_reconnecting(
    adapter: FacebookAdapter, server: LoopbackServer
) -> None:
    words = "(#200) The user hasn't authorized the application to perform this action"
    server.answer(graph_error(words, 200, status=403), "POST", FEED)

    outcome = await adapter.publish(claimed("No permission"))

    assert isinstance(outcome, NeedsReconnect)
    assert words in outcome.message


# -- failures ------------------------------------------------------------------------------


async def test_429_with_retry_after(adapter: FacebookAdapter, server: LoopbackServer) -> None:
    server.answer(Response.of(429, {}, {"Retry-After": "120"}, plain=True), "POST", FEED)

    outcome = await adapter.publish(claimed("Rate limited"))

    assert isinstance(outcome, Transient)
    assert outcome.retry_after == 120


async def test_429_without_headers(adapter: FacebookAdapter, server: LoopbackServer) -> None:
    server.answer(Response.of(429, {}, plain=True), "POST", FEED)

    outcome = await adapter.publish(claimed("Rate limited"))

    assert isinstance(outcome, Transient)
    assert outcome.retry_after is None


@pytest.mark.parametrize("code", [4, 17, 32, 613, 80001])
async def test_metas_rate_limits_wait_for_the_time_it_gives(
    adapter: FacebookAdapter, app: FacebookApp, server: LoopbackServer, code: int
) -> None:
    app.regain_minutes = 7
    server.answer(graph_error(f"(#{code}) Request limit reached", code), "POST", FEED)

    outcome = await adapter.publish(claimed("Limited"))

    assert outcome == Transient(
        f"Facebook is limiting Cordon for now: (#{code}) Request limit reached", 420.0
    )


async def test_the_pages_own_limit_when_calls_run_out(
    adapter: FacebookAdapter, app: FacebookApp
) -> None:
    app.calls_per_hour = 2
    app.regain_minutes = 3

    assert isinstance(await adapter.publish(claimed("First")), Published)
    outcome = await adapter.publish(claimed("Second"))

    assert isinstance(outcome, Transient)
    assert outcome.retry_after == 180
    assert adapter.budget().remaining == 0


async def test_500(adapter: FacebookAdapter, server: LoopbackServer) -> None:
    server.answer(graph_error("An unexpected error has occurred.", 2, status=500), "POST", FEED)

    outcome = await adapter.publish(claimed("Server error"))

    assert outcome == Transient("Facebook failed (HTTP 500): An unexpected error has occurred.")


async def test_timeout(server: LoopbackServer, app: FacebookApp, token: str) -> None:
    quick = FacebookAdapter(account(server, app, token), timeout=httpx.Timeout(0.3))
    server.slow(3.0, "GET", FEED)  # it would answer after 3 s: the 0.3 s budget gives up first
    try:
        outcome = await quick.fetch_inbox(None)
    finally:
        await quick.aclose()

    assert outcome == Transient("Facebook did not answer in time.")


async def test_unreachable(app: FacebookApp, token: str) -> None:
    gone = run(app)
    gone.stop()
    adapter = FacebookAdapter(account(gone, app, token))
    try:
        outcome = await adapter.publish(claimed("Nobody home"))
        with pytest.raises(LookupFailed):
            await adapter.find(claimed("Nobody home"))
    finally:
        await adapter.aclose()

    assert isinstance(outcome, Transient)
    assert outcome.message.startswith("Facebook could not be reached")


async def test_malformed_json(adapter: FacebookAdapter, server: LoopbackServer) -> None:
    server.malformed("GET", FEED)

    assert await adapter.fetch_inbox(None) == Transient(
        "The answer from Facebook could not be read."
    )


async def test_malformed_answer_to_a_post_it_made_cannot_post_twice(
    adapter: FacebookAdapter, server: LoopbackServer, app: FacebookApp
) -> None:
    server.commit_then_garble("POST", FEED)
    first = claimed("Garbled answer")

    assert await adapter.publish(first) == Transient("The answer from Facebook could not be read.")
    retry = await adapter.publish(claimed(first.text, attempts=2, key=first.idempotency_key))

    [post] = app.published()
    assert isinstance(retry, Published)
    assert retry.remote_id == post.id


# -- tokens --------------------------------------------------------------------------------


async def test_expired_token_is_renewed_with_the_long_lived_user_token(
    server: LoopbackServer, app: FacebookApp, token: str, sink: Sink
) -> None:
    adapter = FacebookAdapter(account(server, app, token, renewable=True), sink)
    app.expire(token)
    try:
        outcome = await adapter.publish(claimed("After renewal"))
    finally:
        await adapter.aclose()

    assert isinstance(outcome, Published)
    [(secrets, expires_utc)] = sink.calls
    assert secrets["page_access_token"] != token
    assert secrets["page_access_token"] in app.page_tokens
    assert secrets["user_access_token"] in app.user_tokens
    assert expires_utc is None  # a Page token from a long-lived user token does not expire


async def test_expired_token_without_the_means_to_renew_needs_reconnecting(
    adapter: FacebookAdapter, app: FacebookApp, token: str
) -> None:
    app.expire(token)

    outcome = await adapter.publish(claimed("Expired"))

    assert isinstance(outcome, NeedsReconnect)
    assert outcome.message.startswith("Facebook no longer accepts the Page token (Error validating")


async def test_refresh_near_expiry(
    server: LoopbackServer, app: FacebookApp, token: str, sink: Sink
) -> None:
    soon = datetime.now(UTC) + timedelta(minutes=3)
    later = FacebookAdapter(account(server, app, token, expires_utc=ahead(days=2)), sink)
    stuck = FacebookAdapter(account(server, app, token, expires_utc=to_iso(soon)), sink)
    renewable = FacebookAdapter(
        account(server, app, token, renewable=True, expires_utc=to_iso(soon)), sink
    )
    try:
        assert await later.refresh() is None
        assert await stuck.refresh() == NeedsReconnect(
            f"The Facebook Page token expires {soon:%d/%m/%Y at %H:%M} UTC: reconnect the Page."
        )
        assert sink.calls == []
        assert await renewable.refresh() is None
    finally:
        for made in (later, stuck, renewable):
            await made.aclose()

    assert len(sink.calls) == 1


async def test_revoked_token_needs_reconnecting(
    server: LoopbackServer, app: FacebookApp, token: str
) -> None:
    adapter = FacebookAdapter(account(server, app, token, renewable=True))
    app.revoke_all()
    try:
        outcome = await adapter.publish(claimed("Revoked"))
    finally:
        await adapter.aclose()

    assert isinstance(outcome, NeedsReconnect)
    assert outcome.message.startswith("Facebook refused to renew the Page token")


async def test_secrets_appear_in_no_message_and_no_log(
    server: LoopbackServer, app: FacebookApp, token: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    sink = Sink()
    made = account(server, app, token, renewable=True)
    secrets = dict(made.secrets)
    adapter = FacebookAdapter(made, sink, timeout=httpx.Timeout(0.3))
    server.answer(graph_error(f"Bad token {token}", 100), "POST", FEED)
    server.answer(graph_error(f"Oops {secrets['app_secret']}", 2, status=500), "GET", FEED)
    server.slow(2.0, "GET", f"/{VERSION}/")
    outcomes: list[object] = [
        await adapter.publish(claimed("One")),
        await adapter.fetch_inbox(None),
        await adapter.metrics(["1000001_1"]),
    ]
    app.expire(token)
    outcomes.append(await adapter.publish(claimed("Two")))  # renewed
    app.revoke_all()
    outcomes.append(await adapter.publish(claimed("Three")))
    outcomes.append(repr(adapter))
    await adapter.aclose()

    [(renewed, _)] = sink.calls
    everything = {*secrets.values(), *renewed.values()} - {app.app_id}
    assert len(outcomes) == 6
    for secret in everything:
        assert all(secret not in str(outcome) for outcome in outcomes), secret
        assert all(secret not in record.getMessage() for record in caplog.records), secret
    assert "[hidden]" in str(outcomes[0])


# -- a response lost after Facebook made the post --------------------------------------------


async def test_lost_response_after_commit_is_found_and_not_posted_twice(
    adapter: FacebookAdapter, server: LoopbackServer, app: FacebookApp
) -> None:
    server.commit_then_drop("POST", FEED)
    first = claimed("Lost answer: the post exists")

    assert isinstance(await adapter.publish(first), Transient)
    [post] = app.published()
    found = await adapter.find(first)
    again = await adapter.publish(claimed(first.text, attempts=2, key=first.idempotency_key))

    url = f"https://www.facebook.com/1000001/posts/{post.id[8:]}"
    assert found == Published(post.id, url)
    assert again == found
    assert len(app.published()) == 1


async def test_lost_answer_to_a_schedule_is_found_among_the_scheduled(
    adapter: FacebookAdapter, server: LoopbackServer, app: FacebookApp
) -> None:
    server.commit_then_drop("POST", FEED)
    first = claimed("Scheduled, answer lost")
    at = ahead(hours=3)

    assert isinstance(await adapter.schedule(first, at), Transient)
    again = await adapter.schedule(claimed(first.text, attempts=2), at)

    [post] = app.scheduled()
    assert again == Published(post.id, "")


async def test_find_is_none_when_the_post_is_not_there(adapter: FacebookAdapter) -> None:
    assert await adapter.find(claimed("Never sent")) is None


# -- reading -------------------------------------------------------------------------------


async def test_fetch_inbox_with_cursor(adapter: FacebookAdapter, app: FacebookApp) -> None:
    own = await adapter.publish(claimed("Appeal for witnesses"))
    assert isinstance(own, Published)
    question = app.comment(own.remote_id, "Sam Resident", "Which road?", at=time.time() - 60)
    app.comment(own.remote_id, "Alex Neighbour", "The A1", parent=question.id, at=time.time() - 30)
    app.message("t_1", "Jo Public", "I have dashcam footage")
    app.message("t_1", "", "Thank you, we will call you", from_page=True)

    first = await adapter.fetch_inbox(None)
    assert isinstance(first, InboxPage) and first.cursor is not None
    same_second = int(first.cursor.split("|")[0])
    late = app.comment(own.remote_id, "Late Commenter", "Same second", at=same_second + 0.2)
    app.message("t_2", "Chris Caller", "Is it safe now?")
    second = await adapter.fetch_inbox(first.cursor)
    assert isinstance(second, InboxPage)
    third = await adapter.fetch_inbox(second.cursor)

    assert [(i.kind, i.author_name, i.text) for i in first.items] == [
        ("comment", "Sam Resident", "Which road?"),
        ("reply", "Alex Neighbour", "The A1"),
        ("message", "Jo Public", "I have dashcam footage"),
    ]
    comment, reply, message = first.items
    assert comment.conversation_id == own.remote_id and comment.in_reply_to == own.remote_id
    assert reply.in_reply_to == question.id
    assert message.conversation_id == "t_1" and message.created_utc.endswith("Z")
    assert '"from"' in comment.raw and comment.url.endswith(comment.remote_id)
    assert sorted(i.text for i in second.items) == ["Is it safe now?", "Same second"]
    assert late.id in {i.remote_id for i in second.items}
    assert third == InboxPage((), None)


async def test_metrics(adapter: FacebookAdapter, app: FacebookApp) -> None:
    outcome = await adapter.publish(claimed("Counted"))
    gone = await adapter.publish(claimed("Deleted later"))
    assert isinstance(outcome, Published) and isinstance(gone, Published)
    post = app.posts[outcome.remote_id]
    post.reactions, post.shares, post.reach = 12, 3, 950
    app.comment(post.id, "A", "1")
    app.comment(post.id, "B", "2")
    await adapter.delete(gone.remote_id)

    metrics = await adapter.metrics([outcome.remote_id, gone.remote_id])
    app.insights_deprecated = True
    without_reach = await adapter.metrics([outcome.remote_id])

    assert metrics == {outcome.remote_id: Metrics(likes=12, replies=2, reposts=3, reach=950)}
    assert without_reach == {outcome.remote_id: Metrics(likes=12, replies=2, reposts=3)}


async def test_budget_follows_metas_usage_headers(
    adapter: FacebookAdapter, app: FacebookApp
) -> None:
    assert adapter.budget() == RateBudget()
    app.calls_per_hour = 10

    await adapter.publish(claimed("One call"))
    budget = adapter.budget()
    app.regain_minutes = 30
    await adapter.publish(claimed("Another"))
    later = adapter.budget()

    assert budget == RateBudget(100, 90, None)
    assert (later.limit, later.remaining) == (100, 80)
    assert later.reset_utc is not None
    assert later.reset_utc > to_iso(datetime.now(UTC) + timedelta(minutes=29))


async def test_version_is_pinned(adapter: FacebookAdapter, app: FacebookApp) -> None:
    await adapter.publish(claimed("Versioned"))

    assert GRAPH_VERSION == VERSION
    assert {r.path.split("/")[1] for r in app.requests} == {GRAPH_VERSION}
