"""Connecting an Instagram account through its Facebook Page, end to end against the
loopback Graph API with Login (``tests/connect/servers/instagram_oauth.py``)."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest

from console.channels.base import Account, InboxPage
from console.channels.instagram import InstagramAdapter
from console.connect import ConnectFailed, FacebookPage, InstagramConnect
from tests.channels.servers.scripted_http import LoopbackServer, run
from tests.connect.helpers import sign_in
from tests.connect.servers.instagram_oauth import InstagramOAuthApp

pytestmark = pytest.mark.asyncio


@pytest.fixture
def ig_app() -> InstagramOAuthApp:
    return InstagramOAuthApp()


@pytest.fixture
def ig_server(ig_app: InstagramOAuthApp) -> Iterator[LoopbackServer]:
    server = run(ig_app)
    yield server
    server.stop()


def flow_for(server: LoopbackServer) -> InstagramConnect:
    return InstagramConnect("555", "app-secret-value", dialog_url=server.url, graph_url=server.url)


async def test_connects_the_account_linked_to_a_page(
    ig_server: LoopbackServer, ig_app: InstagramOAuthApp
) -> None:
    async with flow_for(ig_server) as flow:
        scopes = parse_qs(urlsplit(flow.authorize_url()).query)["scope"][0].split(",")
        assert "instagram_content_publish" in scopes
        accounts = await flow.finish(await sign_in(flow))
        assert accounts == (
            FacebookPage(ig_app.ig_user, "@cordonpolice (through Cordon Police)", True),
        )
        result = await flow.choose_page(ig_app.ig_user)
        with pytest.raises(ConnectFailed) as unknown:
            await flow.choose_page("1000001")  # a Page, not an Instagram account

    assert (result.network, result.handle, result.display_name) == (
        "instagram",
        ig_app.ig_user,
        "@cordonpolice",
    )
    assert result.secrets["page_id"] == ig_app.page_id
    assert {"page_access_token", "user_access_token", "app_id", "app_secret"} <= set(result.secrets)
    assert unknown.value.reason == "bad_input"
    adapter = InstagramAdapter(Account(result.base_url, result.handle, result.secrets))
    try:
        assert isinstance(await adapter.fetch_inbox(None), InboxPage)
    finally:
        await adapter.aclose()


async def test_no_page_with_an_instagram_account(
    ig_server: LoopbackServer, ig_app: InstagramOAuthApp
) -> None:
    ig_app.linked = False
    async with flow_for(ig_server) as flow:
        with pytest.raises(ConnectFailed) as none:
            await flow.finish(await sign_in(flow))
    assert none.value.reason == "no_pages"
    assert "link the force's Instagram account to its Page" in str(none.value)
