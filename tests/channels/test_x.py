"""The X adapter against a real HTTP server on 127.0.0.1.

The server (``tests/channels/servers/x_server.py``) is ours, written from X's published
reference: the OpenAPI document in the public ``xdevplatform/xdk`` repository
(``specs/openapi.json``: ``POST /2/tweets``, ``DELETE /2/tweets/{id}``,
``POST /2/media/upload``, ``POST /2/media/metadata``, ``GET /2/users/{id}/mentions``,
``GET /2/users/{id}/tweets``, ``GET /2/tweets``, ``GET /2/users/me``), and docs.x.com
(``/fundamentals/rate-limits``, ``/fundamentals/authentication/oauth-2-0/authorization-code``).
Each test starts it in a thread on a free port and injects faults (429, 500, slow and
malformed answers, expired and revoked tokens, an answer lost after the post was made).

The parsers are also checked against real answers X gave, recorded by tweepy
(``tests/channels/data/x_cassettes/``, MIT licence, see the README there).
"""

from __future__ import annotations

import asyncio
import base64
import gzip
import logging
import re
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

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
    Rejected,
    Transient,
)
from console.channels.x import XAdapter
from storage.timeutil import to_iso
from tests.channels.kit import PNG, Sink, claim_for, image
from tests.channels.servers.scripted_http import LoopbackServer, Response, run
from tests.channels.servers.x_server import DUPLICATE, XApp

pytestmark = pytest.mark.asyncio

CASSETTES = Path(__file__).parent / "data" / "x_cassettes"


@pytest.fixture
def app() -> XApp:
    return XApp()


@pytest.fixture
def server(app: XApp) -> Iterator[LoopbackServer]:
    running = run(app)
    yield running
    running.stop()


@pytest.fixture
def tokens(app: XApp) -> tuple[str, str]:
    return app.issue()


@pytest.fixture
def sink() -> Sink:
    return Sink()


def account(
    server: LoopbackServer, app: XApp, tokens: tuple[str, str], expires_utc: str | None = None
) -> Account:
    secrets = {"access_token": tokens[0], "refresh_token": tokens[1], "client_id": app.client_id}
    return Account(server.url, app.user_id, secrets, expires_utc)


@pytest_asyncio.fixture
async def adapter(
    server: LoopbackServer, app: XApp, tokens: tuple[str, str], sink: Sink
) -> AsyncIterator[XAdapter]:
    made = XAdapter(account(server, app, tokens), sink, timeout=httpx.Timeout(2.0))
    yield made
    await made.aclose()


claimed = claim_for("x", "1500000000000000001")


# -- publishing ----------------------------------------------------------------------------


async def test_publish_text(adapter: XAdapter, app: XApp) -> None:
    outcome = await adapter.publish(claimed("Road closed at the junction of A1 & B2."))

    assert isinstance(outcome, Published)
    assert outcome.url == f"https://x.com/cordon_police/status/{outcome.remote_id}"
    [tweet] = app.own_tweets()
    assert (tweet.id, tweet.text) == (outcome.remote_id, "Road closed at the junction of A1 & B2.")


async def test_publish_with_images_and_alt_text(adapter: XAdapter, app: XApp) -> None:
    post = claimed(
        "Missing person: have you seen him?",
        image("A man in a red coat"),
        image("The bus stop on Mill Lane", 1),
    )

    outcome = await adapter.publish(post)

    assert isinstance(outcome, Published)
    [tweet] = app.own_tweets()
    assert [app.media[m]["alt_text"] for m in tweet.media_ids] == [
        "A man in a red coat",
        "The bus stop on Mill Lane",
    ]
    assert all(app.media[m]["data"] == PNG for m in tweet.media_ids)


async def test_delete(adapter: XAdapter, app: XApp) -> None:
    outcome = await adapter.publish(claimed("Delete me"))
    assert isinstance(outcome, Published)

    assert await adapter.delete(outcome.remote_id) is None
    assert app.own_tweets() == []
    assert await adapter.delete(outcome.remote_id) is None  # already gone counts


async def test_x_does_not_schedule(adapter: XAdapter) -> None:
    outcome = await adapter.schedule(claimed("Later"), "2026-12-01T09:00:00.000000Z")

    assert outcome == Rejected("X does not schedule posts itself; Cordon sends them at their time.")
    assert await adapter.unschedule("123") is None


async def test_x_cannot_pin_or_unpin(adapter: XAdapter) -> None:
    assert isinstance(await adapter.pin("123"), Rejected)
    assert isinstance(await adapter.unpin("123"), Rejected)


async def test_a_refusal_is_xs_own_words(adapter: XAdapter) -> None:
    outcome = await adapter.publish(claimed("x" * 281))

    assert outcome == Rejected("Your Tweet text is too long")


# -- failures ------------------------------------------------------------------------------


async def test_429_with_retry_after(adapter: XAdapter, server: LoopbackServer) -> None:
    problem = {"title": "Too Many Requests", "detail": "Too Many Requests", "status": 429}
    server.answer(Response.of(429, problem, {"Retry-After": "30"}), "POST", "/2/tweets")

    outcome = await adapter.publish(claimed("Rate limited"))

    assert isinstance(outcome, Transient)
    assert outcome.retry_after == 30
    assert "Too Many Requests" in outcome.message


async def test_429_waits_until_the_rate_limit_reset(adapter: XAdapter, app: XApp) -> None:
    app.limits["POST /2/tweets"] = 1
    assert isinstance(await adapter.publish(claimed("First")), Published)

    outcome = await adapter.publish(claimed("Second"))

    assert isinstance(outcome, Transient)
    assert outcome.retry_after is not None
    assert 0 < outcome.retry_after <= 15 * 60
    assert adapter.budget().remaining == 0


async def test_429_without_headers(adapter: XAdapter, server: LoopbackServer) -> None:
    server.answer(Response.of(429, {"title": "Too Many Requests"}, plain=True), "POST")

    outcome = await adapter.publish(claimed("Rate limited"))

    assert isinstance(outcome, Transient)
    assert outcome.retry_after is None


async def test_500(adapter: XAdapter, server: LoopbackServer) -> None:
    server.answer(Response.of(500, {"title": "Internal Server Error"}), "POST", "/2/tweets")

    outcome = await adapter.publish(claimed("Server error"))

    assert isinstance(outcome, Transient)
    assert outcome.message == "X failed (HTTP 500): Internal Server Error."


async def test_timeout(server: LoopbackServer, app: XApp, tokens: tuple[str, str]) -> None:
    quick = XAdapter(account(server, app, tokens), timeout=httpx.Timeout(0.3))
    server.slow(3.0, "GET", "/2/users/")
    try:
        outcome = await quick.fetch_inbox(None)
    finally:
        await quick.aclose()

    assert outcome == Transient("X did not answer in time.")


async def test_unreachable(app: XApp, tokens: tuple[str, str]) -> None:
    gone = run(app)
    gone.stop()
    adapter = XAdapter(account(gone, app, tokens))
    try:
        outcome = await adapter.publish(claimed("Nobody home"))
        with pytest.raises(LookupFailed):
            await adapter.find(claimed("Nobody home"))
    finally:
        await adapter.aclose()

    assert isinstance(outcome, Transient)
    assert outcome.message.startswith("X could not be reached")


async def test_malformed_json(adapter: XAdapter, server: LoopbackServer) -> None:
    server.malformed("GET", "/2/users/")

    assert await adapter.fetch_inbox(None) == Transient("The answer from X could not be read.")


async def test_malformed_answer_to_a_post_it_made_cannot_post_twice(
    adapter: XAdapter, server: LoopbackServer, app: XApp
) -> None:
    server.commit_then_garble("POST", "/2/tweets")
    first = claimed("Garbled answer")

    assert await adapter.publish(first) == Transient("The answer from X could not be read.")
    retry = await adapter.publish(claimed(first.text, attempts=2, key=first.idempotency_key))

    [tweet] = app.own_tweets()
    assert isinstance(retry, Published)
    assert retry.remote_id == tweet.id


# -- tokens --------------------------------------------------------------------------------


async def test_expired_token_is_renewed_once_and_the_post_goes(
    adapter: XAdapter, app: XApp, tokens: tuple[str, str], sink: Sink
) -> None:
    app.expire(tokens[0])

    outcome = await adapter.publish(claimed("After renewal"))

    assert isinstance(outcome, Published)
    [(secrets, expires_utc)] = sink.calls
    assert secrets["access_token"] != tokens[0]
    assert secrets["refresh_token"] != tokens[1]  # X rotates it: the new one is kept
    assert secrets["refresh_token"] in app.refresh_tokens
    assert tokens[1] not in app.refresh_tokens
    assert expires_utc is not None and expires_utc > to_iso(datetime.now(UTC))


async def test_refresh_renews_a_token_about_to_expire(
    server: LoopbackServer, app: XApp, tokens: tuple[str, str], sink: Sink
) -> None:
    soon = to_iso(datetime.now(UTC) + timedelta(minutes=2))
    later = to_iso(datetime.now(UTC) + timedelta(hours=1))
    fresh = XAdapter(account(server, app, tokens, later), sink)
    expiring = XAdapter(account(server, app, tokens, soon), sink)
    try:
        assert await fresh.refresh() is None
        assert sink.calls == []
        assert await expiring.refresh() is None
    finally:
        await fresh.aclose()
        await expiring.aclose()

    assert len(sink.calls) == 1


async def test_two_calls_meeting_an_expired_token_renew_it_once(
    adapter: XAdapter, app: XApp, tokens: tuple[str, str], sink: Sink
) -> None:
    app.expire(tokens[0])

    inbox, metrics = await asyncio.gather(adapter.fetch_inbox(None), adapter.metrics(["1"]))

    assert isinstance(inbox, InboxPage)
    assert metrics == {}
    assert len(sink.calls) == 1
    assert len([r for r in app.requests if r.path == "/2/oauth2/token"]) == 1


async def test_revoked_token_needs_reconnecting(adapter: XAdapter, app: XApp) -> None:
    app.revoke_all()

    outcome = await adapter.publish(claimed("Revoked"))

    assert outcome == NeedsReconnect("X refused to renew Cordon's access: reconnect the X account.")


async def test_no_refresh_token_needs_reconnecting(
    server: LoopbackServer, app: XApp, tokens: tuple[str, str]
) -> None:
    bare = Account(server.url, app.user_id, {"access_token": tokens[0]})
    adapter = XAdapter(bare)
    app.expire(tokens[0])
    try:
        outcome = await adapter.fetch_inbox(None)
    finally:
        await adapter.aclose()

    assert isinstance(outcome, NeedsReconnect)


async def test_secrets_appear_in_no_message_and_no_log(
    server: LoopbackServer, app: XApp, tokens: tuple[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    sink = Sink()
    adapter = XAdapter(account(server, app, tokens), sink, timeout=httpx.Timeout(0.3))
    echo = {"detail": f"Bad token {tokens[0]} / {tokens[1]}"}
    server.answer(Response.of(400, echo), "POST", "/2/tweets")
    server.answer(Response.of(500, echo), "GET", "/2/users/")
    server.slow(2.0, "GET", "/2/tweets")
    outcomes: list[object] = [
        await adapter.publish(claimed("One")),
        await adapter.fetch_inbox(None),
        await adapter.metrics(["1"]),
    ]
    app.expire(tokens[0])
    outcomes.append(await adapter.publish(claimed("Two")))  # renewed
    app.revoke_all()
    outcomes.append(await adapter.publish(claimed("Three")))
    outcomes.append(repr(adapter))
    await adapter.aclose()

    [(renewed, _)] = sink.calls
    assert len(outcomes) == 6
    for secret in {*tokens, renewed["access_token"], renewed["refresh_token"]}:
        assert all(secret not in str(outcome) for outcome in outcomes)
        assert all(secret not in record.getMessage() for record in caplog.records)
    assert "[hidden]" in str(outcomes[0])


# -- a response lost after X made the post ---------------------------------------------------


async def test_lost_response_after_commit_is_found_and_not_posted_twice(
    adapter: XAdapter, server: LoopbackServer, app: XApp
) -> None:
    server.commit_then_drop("POST", "/2/tweets")
    first = claimed("Lost answer: the post exists https://police.example/appeal")

    lost = await adapter.publish(first)
    assert isinstance(lost, Transient)
    [tweet] = app.own_tweets()

    found = await adapter.find(first)
    again = await adapter.publish(claimed(first.text, attempts=2, key=first.idempotency_key))

    assert found == Published(tweet.id, f"https://x.com/cordon_police/status/{tweet.id}")
    assert again == found
    assert len(app.own_tweets()) == 1


async def test_a_lost_post_with_a_bare_link_is_found_under_its_tco_link(
    adapter: XAdapter, server: LoopbackServer, app: XApp
) -> None:
    """X turns a bare ``met.police.uk/closures`` into a t.co link too: ``find`` must
    still know the post, or a retry would post it again."""
    server.commit_then_drop("POST", "/2/tweets")
    first = claimed("Closures & diversions: met.police.uk/closures and bit.ly/abc123")

    assert isinstance(await adapter.publish(first), Transient)
    [tweet] = app.own_tweets()
    assert "met.police.uk" not in tweet.shown_text()

    again = await adapter.publish(claimed(first.text, attempts=2, key=first.idempotency_key))
    assert isinstance(again, Published) and again.remote_id == tweet.id
    assert len(app.own_tweets()) == 1


async def test_duplicate_refusal_guards_a_retry_when_find_cannot_look(
    adapter: XAdapter, server: LoopbackServer, app: XApp
) -> None:
    server.commit_then_drop("POST", "/2/tweets")
    first = claimed("Lost answer, and the timeline is rate limited")
    assert isinstance(await adapter.publish(first), Transient)
    limited = Response.of(429, {"title": "Too Many Requests"}, {"Retry-After": "60"})
    server.answer(limited, "GET", f"/2/users/{app.user_id}/tweets")

    again = await adapter.publish(claimed(first.text, attempts=2, key=first.idempotency_key))

    [tweet] = app.own_tweets()
    assert again == Published(tweet.id, f"https://x.com/cordon_police/status/{tweet.id}")
    posts = [r for r in app.requests if r.method == "POST" and r.path == "/2/tweets"]
    assert len(posts) == 2  # the second was refused as a duplicate, then found


async def test_find_is_none_when_the_post_is_not_there(adapter: XAdapter) -> None:
    assert await adapter.find(claimed("Never sent")) is None


async def test_a_real_duplicate_on_a_first_try_is_refused(adapter: XAdapter) -> None:
    assert isinstance(await adapter.publish(claimed("Same words")), Published)

    outcome = await adapter.publish(claimed("Same words"))

    assert outcome == Rejected(DUPLICATE.rstrip("."))


# -- reading -------------------------------------------------------------------------------


async def test_fetch_inbox_with_cursor(adapter: XAdapter, app: XApp) -> None:
    resident = app.add_user("resident1", "A Resident")
    own = await adapter.publish(claimed("Appeal for witnesses"))
    assert isinstance(own, Published)
    app.mention(resident, "@cordon_police is the road open?")
    app.mention(resident, "I saw something", reply_to=own.remote_id)

    first = await adapter.fetch_inbox(None)
    assert isinstance(first, InboxPage)
    app.mention(resident, "@cordon_police thank you & well done <3")
    second = await adapter.fetch_inbox(first.cursor)
    assert isinstance(second, InboxPage)
    third = await adapter.fetch_inbox(second.cursor)

    assert [(i.kind, i.text) for i in first.items] == [
        ("mention", "@cordon_police is the road open?"),
        ("reply", "I saw something"),
    ]
    mention, reply = first.items
    assert mention.author_handle == "resident1" and mention.author_name == "A Resident"
    assert mention.url == f"https://x.com/resident1/status/{mention.remote_id}"
    assert reply.in_reply_to == own.remote_id and reply.conversation_id == own.remote_id
    assert mention.created_utc.endswith("Z") and '"author_id"' in mention.raw
    assert [i.text for i in second.items] == ["@cordon_police thank you & well done <3"]
    assert second.cursor == second.items[0].remote_id
    assert third == InboxPage((), None)


async def test_metrics(adapter: XAdapter, app: XApp) -> None:
    outcome = await adapter.publish(claimed("Counted"))
    assert isinstance(outcome, Published)
    app.tweets[outcome.remote_id].metrics = {
        "like_count": 7,
        "reply_count": 2,
        "retweet_count": 3,
        "impression_count": 140,
    }

    metrics = await adapter.metrics([outcome.remote_id, "1"])

    assert metrics == {outcome.remote_id: Metrics(likes=7, replies=2, reposts=3, reach=140)}


async def test_budget_follows_the_rate_limit_headers(adapter: XAdapter, app: XApp) -> None:
    assert adapter.budget().limit is None
    app.limits["GET /2/users/:id/mentions"] = 75

    await adapter.fetch_inbox(None)

    budget = adapter.budget()
    assert (budget.limit, budget.remaining) == (75, 74)
    reset = datetime.fromtimestamp(int(app.window_start + 15 * 60), UTC)
    assert budget.reset_utc == to_iso(reset)


# -- real answers X gave (tweepy's recordings) ------------------------------------------------


def recorded(name: str) -> list[Response]:
    """The answers in one of tweepy's cassettes, as X sent them (gzip and all)."""
    text = (CASSETTES / name).read_text()
    answers = []
    for chunk in text.split("\n- request:")[0:]:
        if "!!binary" not in chunk:
            continue
        body = base64.b64decode(
            "".join(chunk.split("!!binary |", 1)[1].split("headers:")[0].split())
        )
        status = int(re.search(r"status:\n\s+code: (\d+)", chunk).group(1))  # type: ignore[union-attr]
        headers = {"Content-Type": "application/json; charset=utf-8", "Content-Encoding": "gzip"}
        for name_ in ("x-rate-limit-limit", "x-rate-limit-remaining", "x-rate-limit-reset"):
            found = re.search(rf"{name_}:\n\s+- '(\d+)'", chunk)
            if found:
                headers[name_] = found.group(1)
        gzip.decompress(body)  # it is what it says
        answers.append(Response(status, body, headers, plain=True))
    return answers


async def test_recorded_create_and_delete(
    server: LoopbackServer, app: XApp, tokens: tuple[str, str]
) -> None:
    created, deleted = recorded("test_client_create_and_delete_tweet.yaml")
    server.answer(created, "POST", "/2/tweets")
    server.answer(deleted, "DELETE", "/2/tweets/")
    adapter = XAdapter(account(server, app, tokens), username="cordon_police")

    outcome = await adapter.publish(claimed("Test Tweet"))
    budget = adapter.budget()
    gone = await adapter.delete("1456012973835788293")
    await adapter.aclose()

    assert outcome == Published(
        "1456012973835788293", "https://x.com/cordon_police/status/1456012973835788293"
    )
    assert (budget.limit, budget.remaining) == (200, 199)
    assert budget.reset_utc == to_iso(datetime.fromtimestamp(1635976418, UTC))
    assert gone is None


async def test_recorded_mentions_and_lookup(adapter: XAdapter, server: LoopbackServer) -> None:
    [mentions] = recorded("test_client_get_users_mentions.yaml")
    [lookup] = recorded("test_client_get_tweets.yaml")
    server.answer(mentions, "GET", "/2/users/")
    server.answer(lookup, "GET", "/2/tweets")

    inbox = await adapter.fetch_inbox(None)
    metrics = await adapter.metrics(["1293593516040269825", "1293595870563381249"])

    assert isinstance(inbox, InboxPage)
    assert len(inbox.items) == 10
    assert inbox.cursor == "1578516295611748353"  # the recording's meta.newest_id
    assert inbox.items[-1].remote_id == "1578516295611748353"
    assert inbox.items[-1].text.startswith("@Twitter @TwitterSupport this is my ENTIRE feed")
    assert metrics == {
        "1293593516040269825": Metrics(),
        "1293595870563381249": Metrics(),
    }


async def test_a_slow_answer_is_given_up_on_at_the_adapter_s_timeout(
    server: LoopbackServer, app: XApp, tokens: tuple[str, str]
) -> None:
    # The server would answer (and publish) after 3 s; an adapter with a 0.3 s budget
    # reports the timeout instead of that answer, so it did not wait for it.
    quick = XAdapter(account(server, app, tokens), timeout=httpx.Timeout(0.3))
    server.slow(3.0, "POST", "/2/tweets")
    try:
        outcome = await quick.publish(claimed("Slow"))
    finally:
        await quick.aclose()

    assert outcome == Transient("X did not answer in time.")
