"""Connecting Bluesky with a handle and an app password, against a loopback entryway,
PLC directory and PDS (``tests/connect/servers/bluesky_server.py``, from the
``com.atproto`` lexicons)."""

from __future__ import annotations

import logging

import pytest

from console.connect import BlueskyConnect, ConnectFailed
from tests.channels.servers.scripted_http import LoopbackServer
from tests.connect.conftest import APP_PASSWORD, BLUESKY_HANDLE, MAIN_PASSWORD
from tests.connect.helpers import assert_no_secret, free_port, log_text
from tests.connect.servers.bluesky_server import BlueskyApp

pytestmark = pytest.mark.asyncio


def flow_for(entryway: LoopbackServer, handle: str, password: str) -> BlueskyConnect:
    return BlueskyConnect(handle, password, entryway=entryway.url, plc_url=entryway.url)


async def test_connects_with_an_app_password(
    bluesky_entryway: LoopbackServer, bluesky_pds: LoopbackServer
) -> None:
    async with flow_for(bluesky_entryway, f"@{BLUESKY_HANDLE.upper()}", APP_PASSWORD) as flow:
        result = await flow.connect()
    assert result.network == "bluesky"
    assert result.handle == BLUESKY_HANDLE and result.display_name == f"@{BLUESKY_HANDLE}"
    assert result.base_url == bluesky_pds.url  # the account's PDS, found from its DID
    assert set(result.secrets) == {"app_password", "access_jwt", "refresh_jwt", "did"}
    assert result.secrets["did"] == "did:plc:ewvi7nxzyoun6zhxrhs64oiz"
    assert result.expires_utc is not None and result.expires_utc.endswith("Z")
    asked_entryway = {r.path for r in bluesky_entryway.app.requests}
    assert asked_entryway == {
        "/xrpc/com.atproto.identity.resolveHandle",
        "/did:plc:ewvi7nxzyoun6zhxrhs64oiz",
    }
    assert [r.path for r in bluesky_pds.app.requests] == ["/xrpc/com.atproto.server.createSession"]


async def test_a_wrong_password(bluesky_entryway: LoopbackServer) -> None:
    async with flow_for(bluesky_entryway, BLUESKY_HANDLE, "aaaa-bbbb-cccc-dddd") as flow:
        with pytest.raises(ConnectFailed) as caught:
            await flow.connect()
    assert caught.value.reason == "wrong_password"
    assert "did not accept that app password" in str(caught.value)
    assert "Settings, Privacy and security, App passwords" in str(caught.value)


async def test_the_main_password_is_refused_and_its_session_ended(
    bluesky_entryway: LoopbackServer, bluesky_pds: LoopbackServer
) -> None:
    async with flow_for(bluesky_entryway, BLUESKY_HANDLE, MAIN_PASSWORD) as flow:
        with pytest.raises(ConnectFailed) as caught:
            await flow.connect()
    assert caught.value.reason == "not_app_password"
    assert str(caught.value).startswith(f"That is the main password of {BLUESKY_HANDLE}")
    assert "create an app password in Bluesky" in str(caught.value)
    pds = bluesky_pds.app
    assert isinstance(pds, BlueskyApp)
    assert pds.deleted and not pds.sessions  # the session it made is gone


async def test_the_main_password_with_email_codes_is_refused(
    bluesky_entryway: LoopbackServer,
) -> None:
    async with flow_for(
        bluesky_entryway, "careful-fire.bsky.test", "another main password"
    ) as flow:
        with pytest.raises(ConnectFailed) as caught:
            await flow.connect()
    assert caught.value.reason == "not_app_password"
    assert "not an app password" in str(caught.value)


async def test_an_unknown_handle(bluesky_entryway: LoopbackServer) -> None:
    async with flow_for(bluesky_entryway, "nobody.bsky.test", APP_PASSWORD) as flow:
        with pytest.raises(ConnectFailed) as caught:
            await flow.connect()
    assert caught.value.reason == "bad_input"
    assert "does not know the handle @nobody.bsky.test" in str(caught.value)


async def test_a_handle_that_is_not_one() -> None:
    with pytest.raises(ConnectFailed) as caught:
        BlueskyConnect("Northshire Police", APP_PASSWORD)
    assert caught.value.reason == "bad_input"


async def test_the_entryway_does_not_answer() -> None:
    address = f"http://127.0.0.1:{free_port()}"
    async with BlueskyConnect(BLUESKY_HANDLE, APP_PASSWORD, entryway=address) as flow:
        with pytest.raises(ConnectFailed) as caught:
            await flow.connect()
    assert caught.value.reason == "unreachable"


async def test_the_entryway_is_not_bluesky(web_page: LoopbackServer) -> None:
    async with BlueskyConnect(BLUESKY_HANDLE, APP_PASSWORD, entryway=web_page.url) as flow:
        with pytest.raises(ConnectFailed) as caught:
            await flow.connect()
    assert caught.value.reason == "not_the_network"


async def test_a_pds_that_is_not_https_is_not_trusted(
    bluesky_entryway: LoopbackServer,
) -> None:
    entryway = bluesky_entryway.app
    assert isinstance(entryway, BlueskyApp)
    entryway.pds_url = "http://pds.example.com"
    async with flow_for(bluesky_entryway, BLUESKY_HANDLE, APP_PASSWORD) as flow:
        with pytest.raises(ConnectFailed) as caught:
            await flow.connect()
    assert "could not find which Bluesky server holds" in str(caught.value)


async def test_no_secret_in_exceptions_logs_or_reprs(
    bluesky_entryway: LoopbackServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    shown: list[str] = []
    hidden = [APP_PASSWORD, MAIN_PASSWORD, "aaaa-bbbb-cccc-dddd"]
    async with flow_for(bluesky_entryway, BLUESKY_HANDLE, APP_PASSWORD) as flow:
        result = await flow.connect()
        shown += [repr(flow), repr(result)]
    hidden += [result.secrets["access_jwt"], result.secrets["refresh_jwt"]]
    for password in (MAIN_PASSWORD, "aaaa-bbbb-cccc-dddd"):
        async with flow_for(bluesky_entryway, BLUESKY_HANDLE, password) as flow:
            with pytest.raises(ConnectFailed) as caught:
                await flow.connect()
            shown += [str(caught.value), repr(caught.value), repr(flow)]
    shown += log_text(caplog)
    assert_no_secret(shown, hidden)
