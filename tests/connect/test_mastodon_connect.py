"""Connecting Mastodon end to end against a loopback Mastodon (the stub plus OAuth).

The server is ``tests/connect/servers/mastodon_oauth.py`` (docs.joinmastodon.org:
/methods/apps, /methods/oauth, /spec/oauth); the "browser" is httpx following the
authorize URL's redirect back to the flow's loopback listener.
"""

from __future__ import annotations

import asyncio
import logging

import pytest

from console.channels.base import Account
from console.channels.mastodon import MastodonAdapter
from console.connect import ConnectFailed, MastodonConnect, Redirect
from storage.records import ServerLimits
from tests.channels.servers.scripted_http import LoopbackServer
from tests.connect.helpers import (
    assert_no_secret,
    browse,
    free_port,
    log_text,
    sign_in,
)
from tests.connect.servers.mastodon_oauth import MastodonOAuthServer

pytestmark = pytest.mark.asyncio


async def test_connects_an_account(mastodon: MastodonOAuthServer) -> None:
    async with MastodonConnect(mastodon.url) as flow:
        redirect = await sign_in(flow)
        result = await flow.finish(redirect)
    assert result.network == "mastodon"
    assert result.handle == "cordon" and result.display_name == "Cordon"
    assert result.base_url == mastodon.url
    assert set(result.secrets) == {"access_token", "client_id", "client_secret"}
    assert result.expires_utc is None
    assert len(mastodon.requests_to("POST", "/api/v1/apps")) == 1
    [authorize] = mastodon.requests_to("GET", "/oauth/authorize")
    assert authorize["code_challenge_method"] == ["S256"]
    assert authorize["scope"] == ["read write"]
    assert authorize["force_login"] == ["true"]
    assert authorize["redirect_uri"][0].startswith("http://127.0.0.1:")
    # The adapter takes the result as it is.
    adapter = MastodonAdapter(Account(result.base_url, result.handle, result.secrets))
    try:
        assert await adapter.refresh() is None
    finally:
        await adapter.aclose()
    assert mastodon.state.tokens[result.secrets["access_token"]] == "1"


async def test_an_address_without_a_scheme_means_https() -> None:
    flow = MastodonConnect(" Mastodon.Social/ ")
    assert flow.instance_url == "https://mastodon.social"
    await flow.aclose()


async def test_plain_http_is_refused_for_a_real_server() -> None:
    with pytest.raises(ConnectFailed) as caught:
        MastodonConnect("http://mastodon.example")
    assert caught.value.reason == "bad_input"
    assert "only over https" in str(caught.value)


async def test_the_officer_refuses(mastodon: MastodonOAuthServer) -> None:
    mastodon.oauth.codes.consent = "deny"
    async with MastodonConnect(mastodon.url) as flow:
        redirect = await sign_in(flow)
        with pytest.raises(ConnectFailed) as caught:
            await flow.finish(redirect)
    assert caught.value.reason == "refused"
    assert str(caught.value).startswith("You did not allow Cordon to use the account on Mastodon")


async def test_a_forged_state_is_refused(mastodon: MastodonOAuthServer) -> None:
    mastodon.oauth.codes.tamper_state = True
    async with MastodonConnect(mastodon.url) as flow:
        _, outcome = await asyncio.gather(
            browse(flow.authorize_url()), flow.wait_for_redirect(5), return_exceptions=True
        )
    assert isinstance(outcome, ConnectFailed) and outcome.reason == "state_mismatch"
    assert not mastodon.requests_to("POST", "/oauth/token")  # the code was never used


async def test_finish_checks_the_state_too(mastodon: MastodonOAuthServer) -> None:
    async with MastodonConnect(mastodon.url) as flow:
        with pytest.raises(ConnectFailed) as caught:
            await flow.finish(Redirect({"code": "c", "state": "someone else's"}))
    assert caught.value.reason == "state_mismatch"


async def test_an_expired_code(mastodon: MastodonOAuthServer) -> None:
    async with MastodonConnect(mastodon.url) as flow:
        redirect = await sign_in(flow)
        mastodon.oauth.codes.expire_all()
        with pytest.raises(ConnectFailed) as caught:
            await flow.finish(redirect)
        assert caught.value.reason == "expired_code"
        assert "already used or has expired" in str(caught.value)
        with pytest.raises(ConnectFailed) as again:  # a redirect is good for one try
            await flow.finish(redirect)
        assert again.value.reason == "expired_code"


async def test_a_used_code_on_gotosocial_is_the_same_sentence(
    mastodon: MastodonOAuthServer,
) -> None:
    """GoToSocial refuses a used code with a 400 whose text is an internal SQL error:
    the officer reads "start again", never the server's words."""
    mastodon.state.play_gotosocial()
    async with MastodonConnect(mastodon.url) as flow:
        redirect = await sign_in(flow)
        mastodon.oauth.codes.expire_all()
        with pytest.raises(ConnectFailed) as caught:
            await flow.finish(redirect)
    assert caught.value.reason == "expired_code"
    assert "already used or has expired. Start again." in str(caught.value)
    assert "SQL" not in str(caught.value) and "tokens" not in str(caught.value)


async def test_connecting_reads_what_the_server_accepts(mastodon: MastodonOAuthServer) -> None:
    mastodon.state.play_gotosocial()
    async with MastodonConnect(mastodon.url) as flow:
        result = await flow.finish(await sign_in(flow))
    assert result.limits == ServerLimits(
        "code_points", 5000, 25, 6, 41_943_040, "gotosocial 0.17.3"
    )


async def test_the_browser_never_comes_back(mastodon: MastodonOAuthServer) -> None:
    async with MastodonConnect(mastodon.url) as flow:
        with pytest.raises(ConnectFailed) as caught:
            await flow.wait_for_redirect(0.2)
    assert caught.value.reason == "timeout"
    assert "for the sign-in to Mastodon" in str(caught.value)


async def test_nothing_answers_at_the_address() -> None:
    address = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(ConnectFailed) as caught:
        async with MastodonConnect(address):
            pass
    assert caught.value.reason == "unreachable"
    assert str(caught.value).startswith("Cordon could not reach 127.0.0.1:")
    assert "check the address" in str(caught.value)


async def test_the_address_is_a_web_site_not_mastodon(web_page: LoopbackServer) -> None:
    with pytest.raises(ConnectFailed) as caught:
        async with MastodonConnect(web_page.url):
            pass
    assert caught.value.reason == "not_the_network"
    assert "answered, but not as a Mastodon server" in str(caught.value)


async def test_the_address_is_another_api(x_server: LoopbackServer) -> None:
    with pytest.raises(ConnectFailed) as caught:
        async with MastodonConnect(x_server.url):
            pass
    assert caught.value.reason == "not_the_network"


async def test_a_pasted_profile_address_connects_to_its_server(
    mastodon: MastodonOAuthServer,
) -> None:
    async with MastodonConnect(mastodon.url + "/@cordon") as flow:
        assert flow.instance_url == mastodon.url
        result = await flow.finish(await sign_in(flow))
    assert result.handle == "cordon"


async def test_the_server_fails_while_registering(mastodon: MastodonOAuthServer) -> None:
    from tests.channels.servers.mastodon_stub import Fault

    mastodon.fault("POST /api/v1/apps", Fault(status=503, body={"error": "down"}))
    with pytest.raises(ConnectFailed) as caught:
        async with MastodonConnect(mastodon.url):
            pass
    assert caught.value.reason == "network"
    assert "had a problem while registering Cordon (HTTP 503)" in str(caught.value)


async def test_no_secret_in_exceptions_logs_or_reprs(
    mastodon: MastodonOAuthServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    shown: list[str] = []
    hidden: list[str] = []
    async with MastodonConnect(mastodon.url) as flow:
        shown.append(repr(flow))
        redirect = await sign_in(flow)
        hidden.append(redirect.code)
        shown.append(repr(redirect))
        result = await flow.finish(redirect)
        shown.append(repr(flow))
    hidden += result.secrets.values()
    shown.append(repr(result))
    mastodon.oauth.codes.expire_all()
    async with MastodonConnect(mastodon.url) as flow:
        redirect = await sign_in(flow)
        hidden.append(redirect.code)
        mastodon.oauth.codes.expire_all()
        with pytest.raises(ConnectFailed) as caught:
            await flow.finish(redirect)
        shown += [str(caught.value), repr(caught.value)]
        hidden.append(flow._client_secret)
    shown += log_text(caplog)
    assert_no_secret(shown, hidden)
