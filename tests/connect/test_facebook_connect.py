"""Connecting a Facebook Page end to end against the loopback Graph API with Login.

The server is ``tests/connect/servers/facebook_oauth.py`` (Meta's "Manually Build a
Login Flow", long-lived tokens, ``/me/accounts``); the "browser" is httpx.
"""

from __future__ import annotations

import asyncio
import logging
from urllib.parse import parse_qs, urlsplit

import pytest

from console.channels.base import Account, InboxPage
from console.channels.facebook import FacebookAdapter
from console.connect import ConnectFailed, FacebookConnect, FacebookPage
from tests.channels.servers.facebook_server import VERSION
from tests.channels.servers.scripted_http import LoopbackServer
from tests.connect.helpers import assert_no_secret, browse, log_text, sign_in
from tests.connect.servers.facebook_oauth import ANALYST_PAGE, FacebookOAuthApp

pytestmark = pytest.mark.asyncio


def flow_for(server: LoopbackServer, app_secret: str = "app-secret-value") -> FacebookConnect:
    return FacebookConnect("555", app_secret, dialog_url=server.url, graph_url=server.url)


async def test_connects_the_chosen_page(
    facebook_server: LoopbackServer, facebook_app: FacebookOAuthApp
) -> None:
    async with flow_for(facebook_server) as flow:
        url = urlsplit(flow.authorize_url())
        assert url.path == f"/{VERSION}/dialog/oauth"
        assert "pages_manage_posts" in parse_qs(url.query)["scope"][0].split(",")
        pages = await flow.finish(await sign_in(flow))
        assert pages == (
            FacebookPage("1000001", "Cordon Police", can_post=True),
            FacebookPage(ANALYST_PAGE["id"], ANALYST_PAGE["name"], can_post=False),
        )
        result = await flow.choose_page("1000001")
    assert result.network == "facebook"
    assert result.handle == "1000001" and result.display_name == "Cordon Police"
    assert result.base_url == facebook_server.url
    assert set(result.secrets) == {"page_access_token", "user_access_token", "app_id", "app_secret"}
    assert result.expires_utc is None
    user_token = result.secrets["user_access_token"]
    assert user_token in facebook_app.user_tokens
    assert user_token not in facebook_app.short_lived  # the long-lived one is kept
    for request in facebook_app.requests:  # neither the code nor the secret in a URL
        assert "app-secret-value" not in str(request.query)
        assert "code" not in request.query
    # The adapter takes the result as it is.
    adapter = FacebookAdapter(Account(result.base_url, result.handle, result.secrets))
    try:
        assert isinstance(await adapter.fetch_inbox(None), InboxPage)
    finally:
        await adapter.aclose()


async def test_a_page_the_officer_cannot_post_to(facebook_server: LoopbackServer) -> None:
    async with flow_for(facebook_server) as flow:
        await flow.finish(await sign_in(flow))
        with pytest.raises(ConnectFailed) as caught:
            await flow.choose_page(ANALYST_PAGE["id"])
        assert caught.value.reason == "refused"
        assert "does not let you create posts" in str(caught.value)
        with pytest.raises(ConnectFailed) as unknown:
            await flow.choose_page("999")
        assert unknown.value.reason == "bad_input"


async def test_no_pages_ticked(
    facebook_server: LoopbackServer, facebook_app: FacebookOAuthApp
) -> None:
    facebook_app.list_pages = False
    async with flow_for(facebook_server) as flow:
        with pytest.raises(ConnectFailed) as caught:
            await flow.finish(await sign_in(flow))
    assert caught.value.reason == "no_pages"


async def test_the_officer_refuses(
    facebook_server: LoopbackServer, facebook_app: FacebookOAuthApp
) -> None:
    facebook_app.codes.consent = "deny"
    async with flow_for(facebook_server) as flow:
        with pytest.raises(ConnectFailed) as caught:
            await flow.finish(await sign_in(flow))
    assert caught.value.reason == "refused"
    assert "You did not allow Cordon to use the Pages on Facebook" in str(caught.value)


async def test_a_forged_state_is_refused(
    facebook_server: LoopbackServer, facebook_app: FacebookOAuthApp
) -> None:
    facebook_app.codes.tamper_state = True
    async with flow_for(facebook_server) as flow:
        _, outcome = await asyncio.gather(
            browse(flow.authorize_url()), flow.wait_for_redirect(5), return_exceptions=True
        )
    assert isinstance(outcome, ConnectFailed) and outcome.reason == "state_mismatch"


async def test_a_wrong_app_secret(facebook_server: LoopbackServer) -> None:
    async with flow_for(facebook_server, app_secret="not-the-secret") as flow:
        with pytest.raises(ConnectFailed) as caught:
            await flow.finish(await sign_in(flow))
    assert caught.value.reason == "refused"
    assert "App ID and App secret" in str(caught.value)
    assert "not-the-secret" not in str(caught.value)


async def test_an_expired_code(
    facebook_server: LoopbackServer, facebook_app: FacebookOAuthApp
) -> None:
    async with flow_for(facebook_server) as flow:
        redirect = await sign_in(flow)
        facebook_app.codes.expire_all()
        with pytest.raises(ConnectFailed) as caught:
            await flow.finish(redirect)
    assert caught.value.reason == "expired_code"


async def test_facebook_does_not_answer(facebook_server: LoopbackServer) -> None:
    async with flow_for(facebook_server) as flow:
        redirect = await sign_in(flow)
        facebook_server.drop("POST", f"/{VERSION}/oauth/access_token")
        with pytest.raises(ConnectFailed) as caught:
            await flow.finish(redirect)
    assert caught.value.reason == "unreachable"


async def test_the_app_id_is_a_number() -> None:
    with pytest.raises(ConnectFailed) as caught:
        FacebookConnect("my app", "secret")
    assert caught.value.reason == "bad_input"


async def test_no_secret_in_exceptions_logs_or_reprs(
    facebook_server: LoopbackServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    shown: list[str] = []
    hidden = ["app-secret-value"]
    async with flow_for(facebook_server) as flow:
        redirect = await sign_in(flow)
        hidden.append(redirect.code)
        pages = await flow.finish(redirect)
        hidden += [token for _, token in flow._pages.values()]
        with pytest.raises(ConnectFailed) as caught:
            await flow.choose_page(ANALYST_PAGE["id"])
        result = await flow.choose_page("1000001")
        shown += [repr(flow), repr(redirect), repr(pages), repr(result)]
        shown += [str(caught.value), repr(caught.value)]
    hidden += result.secrets.values()
    hidden.remove("555")  # the App ID is not a secret
    async with flow_for(facebook_server, app_secret="a-wrong-secret") as flow:
        redirect = await sign_in(flow)
        hidden += [redirect.code, "a-wrong-secret"]
        with pytest.raises(ConnectFailed) as wrong:
            await flow.finish(redirect)
        shown += [str(wrong.value), repr(wrong.value), repr(flow)]
    shown += log_text(caplog)
    assert_no_secret(shown, hidden)
