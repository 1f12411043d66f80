"""The browser's way back to Cordon: a one-shot OAuth redirect listener on 127.0.0.1.

A desktop app cannot keep a client secret or own a web address, so it signs in the
way RFC 8252 ("OAuth 2.0 for Native Apps", https://www.rfc-editor.org/rfc/rfc8252)
describes: the system browser does the sign-in, and the network sends it back to a
loopback address the app listens on (section 7.3: ``http://127.0.0.1:{port}/...``,
the IP literal rather than ``localhost``, any port), with PKCE (RFC 7636,
https://www.rfc-editor.org/rfc/rfc7636, ``S256`` only) so that a code caught by
anything else on the machine is useless, and a ``state`` value (RFC 6749 section
10.12) so that a page elsewhere cannot push a code of its own choosing.

``RedirectListener``:

* binds 127.0.0.1 only (never all interfaces), on a free port unless one is given
  (a network that wants the exact callback registered, X and Facebook, needs a fixed
  one);
* answers requests for other paths 404, and serves exactly one redirect on its path;
* checks ``state`` against the one it was given in constant time; a mismatch is a
  ``ConnectFailed`` (``state_mismatch``), never a code;
* answers the browser with a small plain HTML page (no scripts, no links, no
  referrer) saying the officer can close the window;
* gives up after ``timeout`` seconds with a sentence (``timeout``), and closes.

Nothing here logs a URL, a code or a state.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import errno
import hashlib
import html
import logging
import secrets
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

from console.connect.base import ConnectFailed
from storage.i18n import _

log = logging.getLogger(__name__)

CLOSE_WINDOW = "You can close this window and return to Cordon."
READ_TIMEOUT = 10.0  # seconds a connection may take to send its request
DEFAULT_TIMEOUT = 300.0  # seconds the officer has to sign in


# -- PKCE and state (RFC 7636) ----------------------------------------------------------------


def new_state() -> str:
    """An unguessable ``state`` value for one attempt."""
    return secrets.token_urlsafe(32)


def new_verifier() -> str:
    """A PKCE code verifier: 64 characters of the unreserved set (43 to 128 allowed)."""
    return secrets.token_urlsafe(48)


def challenge_s256(verifier: str) -> str:
    """``BASE64URL(SHA256(ASCII(code_verifier)))`` without padding (RFC 7636 4.2)."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


# -- the redirect -------------------------------------------------------------------------


@dataclass(frozen=True)
class Redirect:
    """The query of the one redirect the browser brought back.

    ``code`` is a secret until it is exchanged: it is kept out of ``repr``.
    """

    params: dict[str, str] = field(repr=False)

    @classmethod
    def from_url(cls, url: str) -> Redirect:
        """A redirect from the full URL the browser was sent to (or just its query)."""
        query = urlsplit(url).query if "?" in url or "://" in url else url
        parsed = parse_qs(query, keep_blank_values=True)
        return cls({name: values[-1] for name, values in parsed.items()})

    @property
    def code(self) -> str:
        return self.params.get("code", "")

    @property
    def state(self) -> str:
        return self.params.get("state", "")

    @property
    def error(self) -> str:
        return self.params.get("error", "")

    @property
    def error_reason(self) -> str:  # Facebook adds this (``user_denied``)
        return self.params.get("error_reason", "")

    @property
    def error_description(self) -> str:
        return self.params.get("error_description", "")

    def __repr__(self) -> str:
        shown = f"error={self.error!r}" if self.error else f"code={'yes' if self.code else 'no'}"
        return f"Redirect({shown})"


def state_matches(redirect: Redirect, expected: str) -> bool:
    return bool(redirect.state) and secrets.compare_digest(
        redirect.state.encode(), expected.encode()
    )


# -- the listener -------------------------------------------------------------------------


def _page(status: str, heading: str, body: str) -> bytes:
    document = (
        '<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8">'
        "<title>Cordon</title></head>"
        '<body style="font-family: sans-serif; max-width: 36em; margin: 4em auto">'
        f"<h1>{html.escape(heading)}</h1><p>{html.escape(body)}</p></body></html>\n"
    ).encode()
    head = (
        f"HTTP/1.1 {status}\r\n"
        "Content-Type: text/html; charset=utf-8\r\n"
        f"Content-Length: {len(document)}\r\n"
        "Cache-Control: no-store\r\n"
        "Referrer-Policy: no-referrer\r\n"
        "Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline'\r\n"
        "X-Content-Type-Options: nosniff\r\n"
        "Connection: close\r\n\r\n"
    ).encode()
    return head + document


def _waited(seconds: float) -> str:
    if seconds >= 120:
        return f"{round(seconds / 60)} minutes"
    if seconds >= 60:
        return "a minute"
    whole = max(1, round(seconds))
    return "1 second" if whole == 1 else f"{whole} seconds"


class RedirectListener:
    """Listens on 127.0.0.1 for the one OAuth redirect of one connection attempt.

    Use it as ``async with RedirectListener(state) as listener:``; ``redirect_uri`` is
    what the network must send the browser back to, and ``await listener.wait()``
    gives the ``Redirect`` (its ``state`` already checked) or raises ``ConnectFailed``.
    """

    def __init__(
        self, expected_state: str, *, port: int = 0, path: str = "/callback", network: str = ""
    ) -> None:
        if not path.startswith("/"):
            raise ValueError("the callback path starts with /")
        self._expected_state = expected_state
        self._port = port
        self._path = path
        self._network = network or "the network"
        self._server: asyncio.Server | None = None
        self._bound_port: int | None = None
        self._done = asyncio.Event()
        self._redirect: Redirect | None = None
        self._failure: ConnectFailed | None = None

    def __repr__(self) -> str:
        return f"RedirectListener({self.redirect_uri if self._bound_port else 'not started'})"

    @property
    def port(self) -> int:
        """The port it listens (or listened) on; kept after it closes."""
        if self._bound_port is None:
            raise RuntimeError("the listener is not started")
        return self._bound_port

    @property
    def redirect_uri(self) -> str:
        return f"http://127.0.0.1:{self.port}{self._path}"

    async def start(self) -> None:
        if self._server is not None:
            return
        try:
            self._server = await asyncio.start_server(
                self._serve, host="127.0.0.1", port=self._port, reuse_address=True
            )
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise ConnectFailed(
                    _(
                        "Port {self._port} on this computer is already in use, so "
                        "Cordon cannot receive {self._network}'s answer: close the "
                        "program using it (or another Cordon window that is "
                        "connecting), then try again."
                    ).format(self=self),
                    "port_in_use",
                ) from None
            raise ConnectFailed(
                _(
                    "Cordon could not open a local port to receive the sign-in: "
                    "restart Cordon and try again."
                ),
                "port_in_use",
            ) from None
        self._bound_port = int(self._server.sockets[0].getsockname()[1])

    async def wait(self, timeout: float = DEFAULT_TIMEOUT) -> Redirect:
        """The redirect, once the browser brings it; the listener is closed after."""
        if self._server is None:
            await self.start()
        try:
            await asyncio.wait_for(self._done.wait(), timeout)
        except TimeoutError:
            raise ConnectFailed(
                _(
                    "Cordon waited {value} for the sign-in to {self._network} to "
                    "finish in the browser, and stopped waiting: nothing was "
                    "connected. Start again, and finish signing in within "
                    "{value}."
                ).format(value=_waited(timeout), self=self),
                "timeout",
            ) from None
        finally:
            await self.aclose()
        if self._failure is not None:
            raise self._failure
        assert self._redirect is not None
        return self._redirect

    async def aclose(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            server.close()
            with contextlib.suppress(Exception):
                await server.wait_closed()

    async def __aenter__(self) -> RedirectListener:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    # -- one connection ---------------------------------------------------------------

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), READ_TIMEOUT)
            writer.write(self._answer(head))
            await writer.drain()
        except (TimeoutError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            pass  # a connection that never sent a request: nothing to answer
        except (ConnectionError, OSError):
            pass  # the browser went away before the answer was written
        finally:
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()

    def _answer(self, head: bytes) -> bytes:
        request_line = head.split(b"\r\n", 1)[0].decode("latin-1")
        parts = request_line.split(" ")
        if len(parts) != 3 or not parts[2].startswith("HTTP/"):
            return _page("400 Bad Request", "Cordon", CLOSE_WINDOW)
        method, target = parts[0], parts[1]
        split = urlsplit(target)
        if split.path != self._path:
            return _page("404 Not Found", "Not found", CLOSE_WINDOW)
        if method != "GET":
            return _page("405 Method Not Allowed", "Cordon", CLOSE_WINDOW)
        if self._done.is_set():
            return _page("409 Conflict", "This sign-in has already finished", CLOSE_WINDOW)
        redirect = Redirect.from_url(split.query)
        if not state_matches(redirect, self._expected_state):
            log.warning("a redirect with the wrong state was refused")
            self._failure = ConnectFailed(
                "The answer that came back to Cordon was not for this connection attempt, "
                "so Cordon ignored it and connected nothing. Start again from Cordon; if "
                "this happens again, tell your IT security team.",
                "state_mismatch",
            )
            page = _page(
                "400 Bad Request",
                "Cordon did not connect the account",
                "This answer did not come from the sign-in Cordon started, so it was "
                "ignored. " + CLOSE_WINDOW,
            )
        elif redirect.error:
            self._redirect = redirect
            page = _page("200 OK", "Cordon did not connect the account", CLOSE_WINDOW)
        else:
            self._redirect = redirect
            page = _page("200 OK", "Signed in", CLOSE_WINDOW)
        self._done.set()
        if self._server is not None:
            self._server.close()  # exactly one redirect: accept nothing more
        return page
