"""Fixtures for the connect flows: each network's loopback servers, started per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.channels.servers.scripted_http import App, LoopbackServer, Request, Response, run
from tests.connect.servers.bluesky_server import BlueskyAccount, BlueskyApp
from tests.connect.servers.facebook_oauth import FacebookOAuthApp
from tests.connect.servers.mastodon_oauth import MastodonOAuthServer
from tests.connect.servers.mastodon_oauth import start as start_mastodon
from tests.connect.servers.x_oauth import XOAuthApp


class WebPage(App):
    """A web server that is not any network's API: every path is an HTML page."""

    def handle(self, request: Request) -> Response:
        page = b"<!DOCTYPE html><html><body>Welcome to our website</body></html>"
        return Response(200, page, {"Content-Type": "text/html; charset=utf-8"}, plain=True)


@pytest.fixture
def mastodon() -> Iterator[MastodonOAuthServer]:
    server = start_mastodon()
    yield server
    server.stop()


@pytest.fixture
def x_app() -> XOAuthApp:
    return XOAuthApp()


@pytest.fixture
def x_server(x_app: XOAuthApp) -> Iterator[LoopbackServer]:
    server = run(x_app)
    yield server
    server.stop()


@pytest.fixture
def facebook_app() -> FacebookOAuthApp:
    return FacebookOAuthApp()


@pytest.fixture
def facebook_server(facebook_app: FacebookOAuthApp) -> Iterator[LoopbackServer]:
    server = run(facebook_app)
    yield server
    server.stop()


@pytest.fixture
def web_page() -> Iterator[LoopbackServer]:
    server = run(WebPage())
    yield server
    server.stop()


BLUESKY_HANDLE = "northshire-police.bsky.test"
APP_PASSWORD = "abcd-efgh-ijkl-mnop"
MAIN_PASSWORD = "correct horse battery staple"


@pytest.fixture
def bluesky_accounts() -> list[BlueskyAccount]:
    return [
        BlueskyAccount(
            BLUESKY_HANDLE,
            "did:plc:ewvi7nxzyoun6zhxrhs64oiz",
            MAIN_PASSWORD,
            {APP_PASSWORD},
        ),
        BlueskyAccount(
            "careful-fire.bsky.test",
            "did:plc:q6gjnaw2blty4crticxkmujt",
            "another main password",
            {"wxyz-wxyz-wxyz-wxyz"},
            email_auth_factor=True,
        ),
    ]


@pytest.fixture
def bluesky_pds(bluesky_accounts: list[BlueskyAccount]) -> Iterator[LoopbackServer]:
    server = run(BlueskyApp(bluesky_accounts))
    yield server
    server.stop()


@pytest.fixture
def bluesky_entryway(
    bluesky_accounts: list[BlueskyAccount], bluesky_pds: LoopbackServer
) -> Iterator[LoopbackServer]:
    server = run(BlueskyApp(bluesky_accounts, pds_url=bluesky_pds.url))
    yield server
    server.stop()
