"""Connecting a Threads account end to end against the loopback Threads API with its
sign-in (``tests/connect/servers/threads_oauth.py``); the "browser" is httpx."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from console.channels.base import Account, InboxPage
from console.channels.threads import ThreadsAdapter
from console.connect import ConnectFailed
from console.connect.threads import ThreadsConnect
from storage.timeutil import to_iso
from tests.channels.servers.scripted_http import LoopbackServer, run
from tests.connect.helpers import assert_no_secret, log_text, sign_in
from tests.connect.servers.threads_oauth import ThreadsOAuthApp

pytestmark = pytest.mark.asyncio


@pytest.fixture
def threads_app() -> ThreadsOAuthApp:
    return ThreadsOAuthApp()


@pytest.fixture
def threads_server(threads_app: ThreadsOAuthApp) -> Iterator[LoopbackServer]:
    server = run(threads_app)
    yield server
    server.stop()


def flow_for(
    server: LoopbackServer, secret: str = "threads-app-secret", page: tuple[str, str] = ("", "")
) -> ThreadsConnect:
    return ThreadsConnect("998877", secret, *page, authorize_url=server.url, graph_url=server.url)


async def test_connects_with_a_token_that_lasts(
    threads_server: LoopbackServer, threads_app: ThreadsOAuthApp
) -> None:
    async with flow_for(threads_server, page=("1000001", "EAAPpage-token")) as flow:
        url = urlsplit(flow.authorize_url())
        assert url.path == "/oauth/authorize"
        assert "threads_content_publish" in parse_qs(url.query)["scope"][0].split(",")
        result = await flow.finish(await sign_in(flow))

    assert (result.network, result.handle) == ("threads", threads_app.user_id)
    assert result.display_name == "Cordon Police" and result.base_url == threads_server.url
    assert set(result.secrets) == {"access_token", "page_id", "page_access_token"}
    token = result.secrets["access_token"]
    assert token in threads_app.tokens and token not in threads_app.short_lived
    assert result.expires_utc is not None
    assert result.expires_utc > to_iso(datetime.now(UTC) + timedelta(days=59))
    for request in threads_app.requests:  # neither the code nor the secret in a URL
        assert "threads-app-secret" not in str(request.query)
        assert "code" not in request.query
    adapter = ThreadsAdapter(Account(result.base_url, result.handle, result.secrets,
                                     result.expires_utc))  # fmt: skip
    try:
        assert isinstance(await adapter.fetch_inbox(None), InboxPage)
    finally:
        await adapter.aclose()


async def test_text_only_without_a_page(threads_server: LoopbackServer) -> None:
    async with flow_for(threads_server) as flow:
        result = await flow.finish(await sign_in(flow))
    assert set(result.secrets) == {"access_token"}


async def test_refusal_a_used_code_and_a_wrong_secret(
    threads_server: LoopbackServer, threads_app: ThreadsOAuthApp, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    threads_app.codes.consent = "deny"
    async with flow_for(threads_server) as flow:
        with pytest.raises(ConnectFailed) as denied:
            await flow.finish(await sign_in(flow))
    assert denied.value.reason == "refused"

    threads_app.codes.consent = "allow"
    async with flow_for(threads_server) as flow:
        redirect = await sign_in(flow)
        threads_app.codes.expire_all()
        with pytest.raises(ConnectFailed) as used:
            await flow.finish(redirect)
    assert used.value.reason == "expired_code"

    async with flow_for(threads_server, secret="not-the-secret") as flow:
        with pytest.raises(ConnectFailed) as wrong:
            await flow.finish(await sign_in(flow))
    assert wrong.value.reason == "refused"
    assert_no_secret([str(wrong.value), *log_text(caplog)], ["not-the-secret"])


async def test_bad_input_is_refused_before_anything_starts() -> None:
    with pytest.raises(ConnectFailed) as no_app:
        ThreadsConnect("not a number", "secret")
    with pytest.raises(ConnectFailed) as half_page:
        ThreadsConnect("998877", "secret", page_id="1000001")
    assert no_app.value.reason == half_page.value.reason == "bad_input"
    assert "give both the Facebook Page's ID" in str(half_page.value)
