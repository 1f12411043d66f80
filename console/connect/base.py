"""What every connect flow gives back, how it fails, and what it asks the officer for.

A flow ends in a ``ConnectResult``: the account's handle and name, where its network
is (``base_url``, as the channel adapter's ``Account.base_url`` wants it) and the
``secrets`` the adapter reads from ``Account.secrets``. The caller stores the secrets
in the encrypted store; nothing here writes anything anywhere.

Every failure is a ``ConnectFailed``: a sentence for the officer (what happened and
what to do) and a short ``reason`` the window can branch on. Neither ever carries a
token, a code, a client secret or a password; messages from a network pass through
``scrub`` first, and no exception is chained to an HTTP error (whose request could
carry a code in its URL).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import httpx

from console.channels.http import as_text as text
from console.channels.http import hide_secrets, json_object
from storage.i18n import N_, _
from storage.records import ServerLimits
from storage.timeutil import Clock, to_iso

__all__ = ["json_object", "text"]  # the flows read answers as the adapters do

TIMEOUT = httpx.Timeout(15.0, connect=10.0)
USER_AGENT = "Cordon (incident communications console)"
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}


@dataclass(frozen=True)
class ConnectResult:
    """A connected account, ready to be kept (encrypted) and handed to an adapter.

    ``handle`` is what the adapter's ``Account.handle`` wants: a Mastodon ``acct``, an
    X user id, a Facebook Page id, a Bluesky handle. ``display_name`` is for people.
    """

    network: str  # mastodon | x | facebook | bluesky
    handle: str
    display_name: str
    base_url: str
    secrets: dict[str, str] = field(repr=False, compare=False)
    expires_utc: str | None = None  # when the access token expires, where the network says
    # What the account's server accepts, where it says (Mastodon-compatible servers).
    limits: ServerLimits | None = None

    def __repr__(self) -> str:  # never the secrets
        return f"ConnectResult({self.network!r}, {self.handle!r}, {self.display_name!r})"


class ConnectFailed(Exception):
    """A connection attempt that did not connect, as one sentence for the officer.

    ``reason`` is one of: ``refused`` (the officer declined, or the network refused
    the app), ``state_mismatch`` (an answer that was not for this attempt),
    ``timeout`` (the browser never came back), ``unreachable`` (no answer from the
    address), ``not_the_network`` (something answered, but not the network asked
    for), ``expired_code`` (the sign-in code was used or too old), ``bad_input`` (what
    the officer typed cannot be used), ``wrong_password``, ``not_app_password``,
    ``no_pages``, ``port_in_use``, ``network`` (any other failure of the network).
    """

    def __init__(self, message: str, reason: str = "network") -> None:
        super().__init__(message)
        self.message = message
        self.reason = reason

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"ConnectFailed({self.reason!r}, {self.message!r})"


@dataclass(frozen=True)
class AccountChoice:
    """One of the accounts a sign-in may connect (a Facebook Page, the Instagram account
    linked to one, a LinkedIn Page): the officer picks one. Its token stays inside the
    flow."""

    id: str
    name: str
    can_post: bool  # the signed-in person's role lets them publish there


@dataclass(frozen=True)
class FieldSpec:
    """One thing the connect window asks the officer for, before the flow starts.

    ``name`` is the flow's keyword argument; ``secret`` fields are typed into a
    password box and never shown again.
    """

    name: str
    label: str
    hint: str = ""
    secret: bool = False
    default: str = ""
    required: bool = True


# Asked of a network whose app registers its callback address (the officer gives its port).
CALLBACK_PORT = FieldSpec(
    "redirect_port",
    N_("Callback port"),
    hint=N_(
        "The port of the callback URL registered with the force's app: "
        "http://127.0.0.1:PORT/callback."
    ),
    default="8765",
)


def scrub(text: str, secrets: Iterable[str], limit: int = 200) -> str:
    """``text`` without any of ``secrets`` in it, on one line, at most ``limit`` long."""
    text = " ".join(hide_secrets(text, secrets, shortest=4).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def expiry(expires_in: Any, clock: Clock) -> str | None:
    """An ``expires_in`` (seconds) as an ISO 8601 UTC time, or ``None``."""
    if isinstance(expires_in, bool) or not isinstance(expires_in, int | float | str):
        return None
    try:
        seconds = float(expires_in)
    except ValueError:
        return None
    if seconds <= 0:
        return None
    return to_iso(clock() + timedelta(seconds=seconds))


def expiry_at(unix_seconds: Any) -> str | None:
    if isinstance(unix_seconds, bool) or not isinstance(unix_seconds, int | float):
        return None
    return to_iso(datetime.fromtimestamp(unix_seconds, UTC))


def client(base_url: str = "") -> httpx.AsyncClient:
    """An HTTP client for one flow: TLS verified, no redirects followed, short timeouts."""
    return httpx.AsyncClient(
        base_url=base_url,
        timeout=TIMEOUT,
        verify=True,
        follow_redirects=False,
        headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
    )


def normalise_base_url(typed: str, what: str) -> str:
    """An address the officer typed (``mastodon.example``, ``https://x.example/``) as
    ``https://host[:port]``. Plain http is refused except on this computer (tests)."""
    typed = typed.strip()
    if not typed:
        raise ConnectFailed(
            _("Enter the {what} address, for example https://mastodon.social.").format(what=what),
            "bad_input",
        )
    if "://" not in typed:
        typed = "https://" + typed
    try:
        parts = urlsplit(typed)
        port = parts.port
    except ValueError:
        parts, port = None, None
    if parts is None or not parts.hostname or parts.username or parts.password:
        raise ConnectFailed(
            _(
                "“{value}” is not a {what} address: enter it as, for "
                "example, https://mastodon.social."
            ).format(value=scrub(typed, [], 80), what=what),
            "bad_input",
        )
    host = parts.hostname
    if parts.scheme == "http" and host not in LOOPBACK_HOSTS:
        raise ConnectFailed(
            _(
                "Cordon connects to the {what} only over https: enter the "
                "address with https:// (or without a scheme)."
            ).format(what=what),
            "bad_input",
        )
    if parts.scheme not in ("http", "https"):
        raise ConnectFailed(
            _("Enter the {what} address as an https:// address.").format(what=what), "bad_input"
        )
    netloc = host if port is None else f"{host}:{port}"
    if ":" in host:  # an IPv6 literal
        netloc = f"[{host}]" if port is None else f"[{host}]:{port}"
    return f"{parts.scheme}://{netloc.lower()}"


def host_of(url: str) -> str:
    return urlsplit(url).netloc or url


def transport_failure(error: httpx.HTTPError, where: str) -> ConnectFailed:
    """A sentence for an HTTP request that got no answer (never the error's own text,
    which can hold the request's URL)."""
    if isinstance(error, httpx.ConnectTimeout | httpx.ConnectError):
        return ConnectFailed(
            _(
                "Cordon could not reach {where}: check the address and this computer's "
                "internet connection, then try again."
            ).format(where=where),
            "unreachable",
        )
    if isinstance(error, httpx.TimeoutException):
        return ConnectFailed(
            _("{where} did not answer in time: try again in a few minutes.").format(where=where),
            "unreachable",
        )
    return ConnectFailed(
        _(
            "The connection to {where} failed before it answered: check this computer's "
            "internet connection, then try again."
        ).format(where=where),
        "unreachable",
    )
