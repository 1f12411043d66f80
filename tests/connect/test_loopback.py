"""The loopback redirect listener and the PKCE helpers (RFC 8252, RFC 7636)."""

from __future__ import annotations

import asyncio
import socket

import httpx
import pytest

from console.connect import ConnectFailed, Redirect, RedirectListener
from console.connect.loopback import challenge_s256, new_state, new_verifier
from tests.connect.helpers import CLOSE_WINDOW, browse, free_port

pytestmark = pytest.mark.asyncio


async def test_pkce_s256_matches_rfc_7636_appendix_b() -> None:
    verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
    assert challenge_s256(verifier) == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
    made = new_verifier()
    assert 43 <= len(made) <= 128
    assert set(made) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
    assert new_verifier() != made and new_state() != new_state()


async def test_serves_one_redirect_on_127_0_0_1_and_closes() -> None:
    state = new_state()
    async with RedirectListener(state) as listener:
        assert listener.redirect_uri.startswith("http://127.0.0.1:")
        assert listener.redirect_uri.endswith("/callback")
        port = listener.port
        page, redirect = await asyncio.gather(
            browse(f"{listener.redirect_uri}?code=the-code&state={state}"), listener.wait(5)
        )
    assert page.status_code == 200
    assert CLOSE_WINDOW in page.text
    assert page.headers["content-type"].startswith("text/html")
    assert page.headers["cache-control"] == "no-store"
    assert "<script" not in page.text
    assert redirect.code == "the-code" and redirect.state == state
    assert "the-code" not in repr(redirect)
    with pytest.raises(httpx.ConnectError):  # closed: nothing listens any more
        await browse(f"http://127.0.0.1:{port}/callback?code=again&state={state}")


async def test_listens_on_the_loopback_interface_only() -> None:
    async with RedirectListener(new_state()) as listener:
        assert listener._server is not None
        addresses = {sock.getsockname()[0] for sock in listener._server.sockets}
        assert addresses == {"127.0.0.1"}
        assert all(sock.family == socket.AF_INET for sock in listener._server.sockets)


async def test_other_paths_are_404_and_do_not_use_up_the_redirect() -> None:
    state = new_state()
    async with RedirectListener(state) as listener:
        base = listener.redirect_uri.removesuffix("/callback")
        favicon = await browse(f"{base}/favicon.ico")
        assert favicon.status_code == 404
        _, redirect = await asyncio.gather(
            browse(f"{listener.redirect_uri}?code=c&state={state}"), listener.wait(5)
        )
    assert redirect.code == "c"


async def test_a_wrong_state_is_refused_and_ends_the_attempt() -> None:
    async with RedirectListener(new_state()) as listener:
        page, outcome = await asyncio.gather(
            browse(f"{listener.redirect_uri}?code=planted&state=forged"),
            listener.wait(5),
            return_exceptions=True,
        )
    assert isinstance(page, httpx.Response) and page.status_code == 400
    assert CLOSE_WINDOW in page.text
    assert isinstance(outcome, ConnectFailed)
    assert outcome.reason == "state_mismatch"
    assert "not for this connection attempt" in str(outcome)
    assert "planted" not in str(outcome) + repr(outcome)


async def test_a_missing_state_is_refused() -> None:
    async with RedirectListener(new_state()) as listener:
        _, outcome = await asyncio.gather(
            browse(f"{listener.redirect_uri}?code=planted"),
            listener.wait(5),
            return_exceptions=True,
        )
    assert isinstance(outcome, ConnectFailed) and outcome.reason == "state_mismatch"


async def test_times_out_with_a_sentence_and_closes() -> None:
    listener = RedirectListener(new_state(), network="X")
    await listener.start()
    port = listener.port
    with pytest.raises(ConnectFailed) as caught:
        await listener.wait(0.2)
    assert caught.value.reason == "timeout"
    assert str(caught.value).startswith("Cordon waited 1 second for the sign-in to X")
    assert "nothing was connected" in str(caught.value)
    with pytest.raises(httpx.ConnectError):
        await browse(f"http://127.0.0.1:{port}/callback")


async def test_minutes_are_said_in_minutes() -> None:
    listener = RedirectListener(new_state(), network="Mastodon")
    await listener.start()
    listener._done.set()  # as if the browser came back at once
    listener._failure = ConnectFailed("stopped", "timeout")
    with pytest.raises(ConnectFailed):
        await listener.wait(300)
    from console.connect.loopback import _waited

    assert _waited(300) == "5 minutes" and _waited(60) == "a minute"


async def test_a_fixed_port_in_use_is_a_sentence() -> None:
    port = free_port()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", port))
        taken.listen()
        with pytest.raises(ConnectFailed) as caught:
            await RedirectListener(new_state(), port=port, network="Facebook").start()
    assert caught.value.reason == "port_in_use"
    assert f"Port {port} on this computer is already in use" in str(caught.value)


async def test_a_fixed_port_is_used_when_free() -> None:
    port = free_port()
    async with RedirectListener(new_state(), port=port) as listener:
        assert listener.redirect_uri == f"http://127.0.0.1:{port}/callback"


async def test_redirect_from_a_pasted_url() -> None:
    redirect = Redirect.from_url("http://127.0.0.1:1/callback?error=access_denied&state=s")
    assert redirect.error == "access_denied" and redirect.state == "s" and not redirect.code
    assert repr(redirect) == "Redirect(error='access_denied')"
