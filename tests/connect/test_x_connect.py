"""Connecting X end to end against the loopback X API with OAuth 2.0 and PKCE.

The server is ``tests/connect/servers/x_oauth.py`` (docs.x.com, OAuth 2.0
Authorization Code Flow with PKCE); the "browser" is httpx.
"""

from __future__ import annotations

import asyncio
import logging
from urllib.parse import parse_qs, urlsplit

import pytest

from console.channels.base import Account
from console.channels.x import XAdapter
from console.connect import ConnectFailed, XConnect
from tests.channels.servers.scripted_http import LoopbackServer
from tests.connect.helpers import (
    assert_no_secret,
    browse,
    free_port,
    log_text,
    sign_in,
)
from tests.connect.servers.x_oauth import XOAuthApp

pytestmark = pytest.mark.asyncio


def flow_for(server: LoopbackServer, client_id: str = "cordon-client", port: int = 0) -> XConnect:
    return XConnect(
        client_id,
        redirect_port=port,
        authorize_url=f"{server.url}/i/oauth2/authorize",
        api_url=server.url,
    )


async def test_connects_an_account(x_server: LoopbackServer, x_app: XOAuthApp) -> None:
    port = free_port()
    x_app.callback = f"http://127.0.0.1:{port}/callback"  # registered exactly, as X wants
    async with flow_for(x_server, port=port) as flow:
        assert flow.redirect_uri == x_app.callback
        query = parse_qs(urlsplit(flow.authorize_url()).query)
        assert query["scope"] == ["tweet.read tweet.write users.read media.write offline.access"]
        assert query["code_challenge_method"] == ["S256"]
        result = await flow.finish(await sign_in(flow))
    assert result.network == "x"
    assert result.handle == x_app.user_id
    assert result.display_name == "Cordon Police (@cordon_police)"
    assert result.base_url == x_server.url
    assert set(result.secrets) == {"access_token", "refresh_token", "client_id"}
    assert result.secrets["client_id"] == "cordon-client"
    assert result.expires_utc is not None
    token = x_server.app.requests[-2]  # the exchange, before /2/users/me
    assert token.path == "/2/oauth2/token" and "authorization" not in token.headers
    # The adapter takes the result as it is, and can renew with the refresh token.
    renewed: list[dict[str, str]] = []

    async def keep(secrets: dict[str, str], expires_utc: str | None) -> None:
        renewed.append(secrets)

    account = Account(result.base_url, result.handle, result.secrets, "2000-01-01T00:00:00Z")
    adapter = XAdapter(account, keep)
    try:
        assert await adapter.refresh() is None
    finally:
        await adapter.aclose()
    assert renewed and renewed[0]["refresh_token"] != result.secrets["refresh_token"]


async def test_the_officer_refuses(x_server: LoopbackServer, x_app: XOAuthApp) -> None:
    x_app.codes.consent = "deny"
    async with flow_for(x_server) as flow:
        with pytest.raises(ConnectFailed) as caught:
            await flow.finish(await sign_in(flow))
    assert caught.value.reason == "refused"
    assert "You did not allow Cordon to use the account on X" in str(caught.value)


async def test_a_forged_state_is_refused(x_server: LoopbackServer, x_app: XOAuthApp) -> None:
    x_app.codes.tamper_state = True
    async with flow_for(x_server) as flow:
        _, outcome = await asyncio.gather(
            browse(flow.authorize_url()), flow.wait_for_redirect(5), return_exceptions=True
        )
    assert isinstance(outcome, ConnectFailed) and outcome.reason == "state_mismatch"
    assert all(r.path != "/2/oauth2/token" for r in x_app.requests)


async def test_an_expired_code(x_server: LoopbackServer, x_app: XOAuthApp) -> None:
    async with flow_for(x_server) as flow:
        redirect = await sign_in(flow)
        x_app.codes.expire_all()
        with pytest.raises(ConnectFailed) as caught:
            await flow.finish(redirect)
    assert caught.value.reason == "expired_code"


async def test_read_only_consent_is_refused(x_server: LoopbackServer, x_app: XOAuthApp) -> None:
    x_app.grant_only = {"tweet.read", "users.read", "offline.access"}
    async with flow_for(x_server) as flow:
        with pytest.raises(ConnectFailed) as caught:
            await flow.finish(await sign_in(flow))
    assert caught.value.reason == "refused"
    assert "missing tweet.write" in str(caught.value)


async def test_without_offline_access_there_is_no_refresh_token(
    x_server: LoopbackServer, x_app: XOAuthApp
) -> None:
    x_app.grant_only = {"tweet.read", "tweet.write", "users.read", "media.write"}
    async with flow_for(x_server) as flow:
        with pytest.raises(ConnectFailed) as caught:
            await flow.finish(await sign_in(flow))
    assert "no refresh token" in str(caught.value)


async def test_the_token_answer_is_lost(x_server: LoopbackServer) -> None:
    async with flow_for(x_server) as flow:
        redirect = await sign_in(flow)
        x_server.drop("POST", "/2/oauth2/token")
        with pytest.raises(ConnectFailed) as caught:
            await flow.finish(redirect)
    assert caught.value.reason == "unreachable"
    assert "X" in str(caught.value)


async def test_x_is_down(x_server: LoopbackServer) -> None:
    from tests.channels.servers.scripted_http import Response

    async with flow_for(x_server) as flow:
        redirect = await sign_in(flow)
        x_server.answer(Response.of(503, {"title": "Service Unavailable"}), "POST")
        with pytest.raises(ConnectFailed) as caught:
            await flow.finish(redirect)
    assert "X had a problem while signing in (HTTP 503)" in str(caught.value)


async def test_an_empty_client_id_is_asked_for_again() -> None:
    with pytest.raises(ConnectFailed) as caught:
        XConnect("  ")
    assert caught.value.reason == "bad_input"


async def test_no_secret_in_exceptions_logs_or_reprs(
    x_server: LoopbackServer, x_app: XOAuthApp, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    shown: list[str] = []
    hidden: list[str] = []
    async with flow_for(x_server) as flow:
        redirect = await sign_in(flow)
        hidden.append(redirect.code)
        result = await flow.finish(redirect)
        shown += [repr(flow), repr(redirect), repr(result)]
    hidden += [result.secrets["access_token"], result.secrets["refresh_token"]]
    x_app.grant_only = {"tweet.read"}
    async with flow_for(x_server) as flow:
        redirect = await sign_in(flow)
        hidden.append(redirect.code)
        with pytest.raises(ConnectFailed) as caught:
            await flow.finish(redirect)
        shown += [str(caught.value), repr(caught.value)]
    shown += log_text(caplog)
    assert_no_secret(shown, hidden)
