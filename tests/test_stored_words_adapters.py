"""The channel adapters' sentences are kept in English and shown in Welsh.

An adapter's outcome (``Rejected``, ``Transient``, ``NeedsReconnect``) is kept in the
store (a post's ``last_error``, a channel's) and read later, maybe by a Welsh console.
So every sentence an adapter writes is ``english(...)`` from the catalogue, and
``stored_words.shown`` gives it back in the reader's language with the same values.

The first test reads the adapters' source: no outcome is built from a bare string.
The others run the real adapters against the loopback servers their own tests use
(``tests/channels/servers/``) and show what came back, in Welsh.
"""

from __future__ import annotations

import ast
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
import pytest_asyncio

from console.channels.base import Account, NeedsReconnect, Rejected, Transient
from console.channels.facebook import FacebookAdapter
from console.channels.mastodon import MastodonAdapter
from console.channels.x import XAdapter
from storage import i18n
from storage.stored_words import shown
from storage.timeutil import to_iso
from tests.channels.kit import claim_for
from tests.channels.mastodon_fixtures import start_stub
from tests.channels.servers.facebook_server import FacebookApp
from tests.channels.servers.mastodon_stub import Fault, StubServer
from tests.channels.servers.scripted_http import App, LoopbackServer, Response, run
from tests.channels.servers.x_server import XApp

ROOT = Path(__file__).resolve().parent.parent
CHANNELS = ROOT / "console" / "channels"
OUTCOMES = {"Rejected", "Transient", "NeedsReconnect"}

x_claimed = claim_for("x", "1500000000000000001")
facebook_claimed = claim_for("facebook", "1000001")
mastodon_claimed = claim_for("mastodon", "cordon")


# -- the source ------------------------------------------------------------------------


def _bare_sentences(path: Path) -> list[str]:
    """Where ``path`` builds an outcome from a string literal or an f-string."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        called = node.func
        name = called.id if isinstance(called, ast.Name) else getattr(called, "attr", "")
        first = node.args[0]
        if name in OUTCOMES and isinstance(first, ast.Constant | ast.JoinedStr):
            found.append(f"{path.name}:{node.lineno}: {ast.unparse(first)[:70]}")
    return found


def test_no_adapter_builds_an_outcome_from_a_bare_string() -> None:
    sources = sorted(CHANNELS.glob("*.py"))
    assert len(sources) > 10  # the adapters are where this test looks for them
    # and everything else in the core that says why a send failed (the publisher, the
    # adapters' source, sync, incident mode's pull-back)
    sources += [
        path
        for folder in ("console", "incident", "storage")
        for path in sorted((ROOT / folder).rglob("*.py"))
        if CHANNELS not in path.parents
    ]

    bare = [where for path in sources for where in _bare_sentences(path)]

    assert bare == [], "write these with storage.stored_words.english(...):\n" + "\n".join(bare)


def test_the_source_check_sees_a_bare_string(tmp_path: Path) -> None:
    written = tmp_path / "adapter.py"
    written.write_text(
        "def go(name):\n"
        "    a = Rejected('No.')\n"
        "    b = Transient(f'{name} is down.', 3)\n"
        "    c = base.NeedsReconnect(english('Reconnect {name}.', name=name))\n"
        "    d = Rejected(message)\n"
    )

    assert [where.split(":")[1] for where in _bare_sentences(written)] == ["2", "3"]


# -- the adapters, shown in Welsh --------------------------------------------------------


def in_welsh(message: str, *welsh_words: str, keeps: tuple[str, ...] = ()) -> str:
    """``message`` as a Welsh console shows it, checked: not the English, with the
    Welsh of the catalogue (``welsh_words``) and the values the English had (``keeps``)."""
    assert i18n.language() == i18n.WELSH
    text = shown(message)
    assert text != message, f"not translated: {message!r}"
    for words in welsh_words:
        assert words in text, (words, text)
    for value in keeps:
        assert value in message, (value, message)
        assert value in text, (value, text)
    return text


def served(app: App) -> Iterator[LoopbackServer]:
    """``app`` on a loopback server for one test."""
    running = run(app)
    yield running
    running.stop()


@pytest.fixture
def x_server() -> Iterator[LoopbackServer]:
    yield from served(XApp())


@pytest.fixture
def x_app(x_server: LoopbackServer) -> XApp:
    assert isinstance(x_server.app, XApp)
    return x_server.app


def x_account(server: LoopbackServer, app: XApp) -> Account:
    access, refresh = app.issue()
    secrets = {"access_token": access, "refresh_token": refresh, "client_id": app.client_id}
    return Account(server.url, app.user_id, secrets)


@pytest_asyncio.fixture
async def x(x_server: LoopbackServer, x_app: XApp) -> AsyncIterator[XAdapter]:
    made = XAdapter(x_account(x_server, x_app), timeout=httpx.Timeout(2.0))
    yield made
    await made.aclose()


@pytest.mark.asyncio
async def test_a_server_failure_is_shown_in_welsh(
    welsh: None, x: XAdapter, x_server: LoopbackServer
) -> None:
    x_server.answer(Response.of(500, {"title": "Internal Server Error"}), "POST", "/2/tweets")

    outcome = await x.publish(x_claimed("Server error"))

    assert isinstance(outcome, Transient)
    assert outcome.message == "X failed (HTTP 500): Internal Server Error."  # kept in English
    assert in_welsh(outcome.message, "Methodd", keeps=("X", "500", "Internal Server Error")) == (
        "Methodd X (HTTP 500): Internal Server Error."
    )


@pytest.mark.asyncio
async def test_a_rate_limit_is_shown_in_welsh(
    welsh: None, x: XAdapter, x_server: LoopbackServer
) -> None:
    problem = {"title": "Too Many Requests", "detail": "Too Many Requests", "status": 429}
    x_server.answer(Response.of(429, problem, {"Retry-After": "30"}), "POST", "/2/tweets")

    outcome = await x.publish(x_claimed("Rate limited"))

    assert isinstance(outcome, Transient) and outcome.retry_after == 30
    in_welsh(outcome.message, "yn cyfyngu ar Cordon am y tro", keeps=("X", "Too Many Requests"))


@pytest.mark.asyncio
async def test_a_timeout_and_an_unreachable_network_are_shown_in_welsh(
    welsh: None, x_server: LoopbackServer, x_app: XApp
) -> None:
    quick = XAdapter(x_account(x_server, x_app), timeout=httpx.Timeout(0.3))
    x_server.slow(3.0, "GET", "/2/users/")
    try:
        slow = await quick.fetch_inbox(None)
    finally:
        await quick.aclose()
    gone_server = run(x_app)
    gone_server.stop()
    gone = XAdapter(x_account(gone_server, x_app))
    try:
        unreachable = await gone.publish(x_claimed("Nobody home"))
    finally:
        await gone.aclose()

    assert slow == Transient("X did not answer in time.")
    assert in_welsh(slow.message, keeps=("X",)) == "Ni atebodd X mewn pryd."
    assert isinstance(unreachable, Transient) and unreachable.unreachable
    in_welsh(unreachable.message, "Nid oedd modd cyrraedd X (", keeps=("Error",))


@pytest.mark.asyncio
async def test_an_unreadable_answer_is_shown_in_welsh(
    welsh: None, x: XAdapter, x_server: LoopbackServer
) -> None:
    x_server.malformed("GET", "/2/users/")

    outcome = await x.fetch_inbox(None)

    assert outcome == Transient("The answer from X could not be read.")
    assert in_welsh(outcome.message, keeps=("X",)) == "Nid oedd modd darllen yr ateb gan X."


@pytest.mark.asyncio
async def test_a_revoked_token_is_shown_in_welsh(welsh: None, x: XAdapter, x_app: XApp) -> None:
    x_app.revoke_all()

    outcome = await x.publish(x_claimed("Revoked"))

    assert isinstance(outcome, NeedsReconnect)
    assert in_welsh(outcome.message, "ailgysylltwch", keeps=("X",)) == (
        "Gwrthododd X adnewyddu mynediad Cordon: ailgysylltwch y cyfrif X."
    )


@pytest.mark.asyncio
async def test_a_sentence_inside_a_sentence_is_shown_in_welsh_too(
    welsh: None, x: XAdapter, x_server: LoopbackServer, x_app: XApp
) -> None:
    x_server.commit_then_drop("POST", "/2/tweets")
    first = x_claimed("Lost answer, and the timeline is rate limited")
    assert isinstance(await x.publish(first), Transient)
    limited = Response.of(429, {"title": "Too Many Requests"}, {"Retry-After": "60"})
    x_server.answer(limited, "GET", f"/2/users/{x_app.user_id}/tweets", times=2)

    again = await x.publish(x_claimed(first.text, attempts=2, key=first.idempotency_key))

    assert again == Transient(
        "X says this post is already there; X is limiting Cordon for now: Too Many Requests."
    )
    assert in_welsh(again.message) == (
        "Mae X yn dweud bod y neges hon yno eisoes; "
        "Mae X yn cyfyngu ar Cordon am y tro: Too Many Requests."
    )


@pytest.mark.asyncio
async def test_a_refusal_in_the_networks_words_stays_as_it_is(welsh: None, x: XAdapter) -> None:
    outcome = await x.publish(x_claimed("x" * 281))

    assert outcome == Rejected("Your Tweet text is too long")
    assert shown(outcome.message) == "Your Tweet text is too long"


# -- Facebook: the Page token -------------------------------------------------------------


@pytest.fixture
def facebook_server() -> Iterator[LoopbackServer]:
    yield from served(FacebookApp())


@pytest.fixture
def facebook_app(facebook_server: LoopbackServer) -> FacebookApp:
    assert isinstance(facebook_server.app, FacebookApp)
    return facebook_server.app


def facebook(
    server: LoopbackServer, app: FacebookApp, token: str, expires_utc: str | None = None
) -> FacebookAdapter:
    account = Account(server.url, app.page_id, {"page_access_token": token}, expires_utc)
    return FacebookAdapter(account, timeout=httpx.Timeout(2.0))


@pytest.mark.asyncio
async def test_an_expired_page_token_is_shown_in_welsh(
    welsh: None, facebook_server: LoopbackServer, facebook_app: FacebookApp
) -> None:
    token = facebook_app.issue_page_token()
    adapter = facebook(facebook_server, facebook_app, token)
    facebook_app.expire(token)
    try:
        outcome = await adapter.publish(facebook_claimed("Expired"))
    finally:
        await adapter.aclose()

    assert isinstance(outcome, NeedsReconnect)
    assert outcome.message.startswith("Facebook no longer accepts the Page token (Error")
    text = in_welsh(
        outcome.message, "tocyn y Dudalen", "ailgysylltwch y Dudalen", keeps=("Facebook",)
    )
    assert text.startswith("Nid yw Facebook yn derbyn tocyn y Dudalen mwyach (Error")


@pytest.mark.asyncio
async def test_a_page_token_about_to_expire_is_shown_in_welsh(
    welsh: None, facebook_server: LoopbackServer, facebook_app: FacebookApp
) -> None:
    soon = datetime.now(UTC) + timedelta(minutes=3)
    token = facebook_app.issue_page_token()
    adapter = facebook(facebook_server, facebook_app, token, to_iso(soon))
    try:
        outcome = await adapter.refresh()
    finally:
        await adapter.aclose()

    assert outcome == NeedsReconnect(
        f"The Facebook Page token expires {soon:%d/%m/%Y at %H:%M} UTC: reconnect the Page."
    )
    assert in_welsh(outcome.message, keeps=(f"{soon:%d/%m/%Y}", f"{soon:%H:%M}")) == (
        f"Mae tocyn Tudalen Facebook yn dod i ben ar {soon:%d/%m/%Y} am {soon:%H:%M} UTC: "
        "ailgysylltwch y Dudalen."
    )


# -- Mastodon: its own constants -----------------------------------------------------------


@pytest.fixture
def mastodon_stub() -> Iterator[StubServer]:
    server = start_stub()
    yield server
    server.stop()


def mastodon(stub: StubServer) -> MastodonAdapter:
    return MastodonAdapter(Account(stub.url, "cordon", {"access_token": "good-token"}))


@pytest.mark.asyncio
async def test_mastodons_own_sentences_are_shown_in_welsh(
    welsh: None, mastodon_stub: StubServer
) -> None:
    adapter = mastodon(mastodon_stub)
    try:
        mastodon_stub.fault("POST /api/v1/statuses", Fault(status=401, body={"error": "no"}))
        revoked = await adapter.publish(mastodon_claimed("Revoked"))
        mastodon_stub.fault("POST /api/v1/statuses", Fault(status=500, body={"error": "Boom"}))
        failed = await adapter.publish(mastodon_claimed("Server error"))
        mastodon_stub.fault("POST /api/v1/statuses", Fault(status=429))
        limited = await adapter.publish(mastodon_claimed("Rate limited"))
    finally:
        await adapter.aclose()

    assert isinstance(revoked, NeedsReconnect)
    assert in_welsh(revoked.message, "ailgysylltwch y sianel") == (
        "Cafodd tocyn Mastodon ei ddirymu neu mae wedi dod i ben: ailgysylltwch y sianel."
    )
    assert failed == Transient("Mastodon failed (HTTP 500): Boom.")
    assert in_welsh(failed.message, keeps=("Mastodon", "500", "Boom")) == (
        "Methodd Mastodon (HTTP 500): Boom."
    )
    assert isinstance(limited, Transient)
    in_welsh(limited.message, "Cyrhaeddwyd terfyn cyfradd Mastodon")
