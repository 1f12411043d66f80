"""Connecting a LinkedIn Page end to end against the loopback LinkedIn API with its
sign-in (``tests/connect/servers/linkedin_oauth.py``); the "browser" is httpx."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest

from console.channels.base import Account, InboxPage
from console.channels.linkedin import LinkedInAdapter
from console.connect.base import AccountChoice, ConnectFailed
from console.connect.linkedin import LinkedInConnect
from tests.channels.servers.scripted_http import LoopbackServer, run
from tests.connect.helpers import sign_in
from tests.connect.servers.linkedin_oauth import LinkedInOAuthApp

pytestmark = pytest.mark.asyncio


@pytest.fixture
def li_app() -> LinkedInOAuthApp:
    return LinkedInOAuthApp()


@pytest.fixture
def li_server(li_app: LinkedInOAuthApp) -> Iterator[LoopbackServer]:
    server = run(li_app)
    yield server
    server.stop()


def flow_for(server: LoopbackServer, secret: str = "linkedin-client-secret") -> LinkedInConnect:
    return LinkedInConnect("78linkedinclient", secret, oauth_url=f"{server.url}/oauth/v2",
                           api_url=server.url)  # fmt: skip


async def test_connects_the_chosen_page(
    li_server: LoopbackServer, li_app: LinkedInOAuthApp
) -> None:
    async with flow_for(li_server) as flow:
        scope = parse_qs(urlsplit(flow.authorize_url()).query)["scope"][0]
        assert "w_organization_social" in scope.split(" ")
        pages = await flow.finish(await sign_in(flow))
        assert pages == (AccountChoice(li_app.organization, "Cordon Police", True),)
        result = await flow.choose_page(li_app.organization)

    assert (result.network, result.handle, result.display_name) == (
        "linkedin",
        li_app.organization,
        "Cordon Police",
    )
    assert set(result.secrets) == {"access_token", "refresh_token", "client_id", "client_secret"}
    assert result.expires_utc is not None
    for request in li_app.requests:
        assert "linkedin-client-secret" not in str(request.query)
    adapter = LinkedInAdapter(Account(result.base_url, result.handle, result.secrets,
                                      result.expires_utc))  # fmt: skip
    try:
        assert isinstance(await adapter.fetch_inbox(None), InboxPage)
    finally:
        await adapter.aclose()


async def test_refusal_no_page_and_a_used_code(
    li_server: LoopbackServer, li_app: LinkedInOAuthApp
) -> None:
    li_app.codes.consent = "deny"
    async with flow_for(li_server) as flow:
        with pytest.raises(ConnectFailed) as denied:
            await flow.finish(await sign_in(flow))
    assert denied.value.reason == "refused"

    li_app.codes.consent, li_app.administers = "allow", False
    async with flow_for(li_server) as flow:
        with pytest.raises(ConnectFailed) as none:
            await flow.finish(await sign_in(flow))
    assert none.value.reason == "no_pages"

    async with flow_for(li_server) as flow:
        redirect = await sign_in(flow)
        li_app.codes.expire_all()
        with pytest.raises(ConnectFailed) as used:
            await flow.finish(redirect)
    assert used.value.reason == "expired_code"
