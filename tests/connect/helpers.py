"""What the connect tests share: a "browser", free ports, and the check for secrets.

The "browser" is httpx following redirects, as a real one would: it opens the
authorize URL on the loopback network, which answers with a redirect to Cordon's
loopback listener carrying the code and state, and it follows that too. A real
browser keeps no log; httpx logs every URL it fetches (INFO) and httpcore every
header it receives (DEBUG), the redirect's ``Location`` with the code among them, so
the browser's own log lines are switched off while it browses (nothing else uses
httpx meanwhile): the tests look for secrets in Cordon's log lines, not the test
harness's.
"""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import Iterable

import httpx
import pytest

from console.connect import OAuthFlow, Redirect

CLOSE_WINDOW = "You can close this window and return to Cordon."


async def browse(url: str) -> httpx.Response:
    """Open ``url`` the way the officer's browser would, following every redirect."""
    quiet = [
        logging.getLogger(name)
        for name in ["httpx", "httpcore", *logging.root.manager.loggerDict]
        if name.split(".")[0] in ("httpx", "httpcore")
    ]
    were = [logger.disabled for logger in quiet]
    for logger in quiet:
        logger.disabled = True
    try:
        async with httpx.AsyncClient(follow_redirects=True, timeout=10) as browser:
            return await browser.get(url)
    finally:
        for logger, was in zip(quiet, were, strict=True):
            logger.disabled = was


async def sign_in(flow: OAuthFlow, timeout: float = 5) -> Redirect:
    """The officer signs in in the "browser"; the flow's listener takes the redirect."""
    page, redirect = await asyncio.gather(
        browse(flow.authorize_url()), flow.wait_for_redirect(timeout)
    )
    assert page.status_code == 200 and CLOSE_WINDOW in page.text
    return redirect


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def assert_no_secret(texts: Iterable[str], secrets: Iterable[str]) -> None:
    shown = "\n".join(texts)
    for secret in secrets:
        if secret:
            where = [t for t in shown.splitlines() if secret in t]
            assert not where, f"a secret was shown in: {where[0][:60]}…"


def log_text(caplog: pytest.LogCaptureFixture) -> list[str]:
    lines = []
    for record in caplog.records:
        lines.append(record.getMessage())
        if record.exc_text:
            lines.append(record.exc_text)
    return lines
