"""Loopback networks shared by the tests of several packages (a pytest plugin, named
in tests/conftest.py): each network's server from ``tests/channels/servers/`` on a
free port, and an adapter connected to it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
import pytest_asyncio

from console.channels.base import Account
from console.channels.facebook import FacebookAdapter
from tests.channels.servers.facebook_server import FacebookApp
from tests.channels.servers.scripted_http import LoopbackServer, run


@pytest.fixture
def fb_app() -> FacebookApp:
    return FacebookApp()


@pytest.fixture
def fb_server(fb_app: FacebookApp) -> Iterator[LoopbackServer]:
    running = run(fb_app)
    yield running
    running.stop()


@pytest_asyncio.fixture
async def fb_adapter(
    fb_server: LoopbackServer, fb_app: FacebookApp
) -> AsyncIterator[FacebookAdapter]:
    token = fb_app.issue_page_token()
    made = FacebookAdapter(
        Account(fb_server.url, fb_app.page_id, {"page_access_token": token}),
        timeout=httpx.Timeout(2.0),
    )
    yield made
    await made.aclose()
