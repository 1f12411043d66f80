"""The part every browser sign-in shares: state, PKCE, the loopback listener, the checks.

A network's flow (``MastodonConnect``, ``XConnect``, ``FacebookConnect``) subclasses
``OAuthFlow`` and adds what its network does differently: registering the app
(Mastodon), the authorize URL's parameters, and the code exchange in ``finish``.

The order, for the connect window::

    async with XConnect(client_id="...", redirect_port=8765) as flow:  # start()
        open_in_browser(flow.authorize_url())
        redirect = await flow.wait_for_redirect(timeout=300)
        result = await flow.finish(redirect)

Every step raises ``ConnectFailed`` with a sentence; leaving the ``async with`` closes
the listener and the HTTP client, whatever happened.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any, ClassVar, Self

import httpx

from console.connect.base import ConnectFailed, FieldSpec, client, json_object, scrub
from console.connect.loopback import (
    DEFAULT_TIMEOUT,
    Redirect,
    RedirectListener,
    challenge_s256,
    new_state,
    new_verifier,
    state_matches,
)
from storage.i18n import N_, _
from storage.timeutil import Clock, system_clock


@dataclass(frozen=True)
class Step:
    """What a sign-in was doing when the network said no, as the two whole sentences
    that say so (marked ``N_``, translated and filled where they are shown): one for a
    failure of the network's own (``{status}``), one for a refusal (``{reason}``, the
    network's words)."""

    failed: str
    refused: str


SIGNING_IN = Step(
    N_("{network} had a problem while signing in (HTTP {status}): try again in a few minutes."),
    N_("{network} refused Cordon while signing in ({reason}): nothing was connected."),
)
CHECKING_THE_ACCOUNT = Step(
    N_(
        "{network} had a problem while checking the account (HTTP {status}): try again in a "
        "few minutes."
    ),
    N_("{network} refused Cordon while checking the account ({reason}): nothing was connected."),
)

LISTING_YOUR_PAGES = Step(
    N_(
        "{network} had a problem while listing your Pages (HTTP {status}): try again in a "
        "few minutes."
    ),
    N_("{network} refused Cordon while listing your Pages ({reason}): nothing was connected."),
)


class OAuthFlow(ABC):
    """One browser sign-in to one network, from ``start`` to ``finish``."""

    network: ClassVar[str] = ""
    label: ClassVar[str] = ""  # the network's name in sentences
    account_word: ClassVar[str] = "account"
    FIELDS: ClassVar[tuple[FieldSpec, ...]] = ()

    def __init__(
        self,
        *,
        redirect_port: int = 0,
        callback_path: str = "/callback",
        clock: Clock = system_clock,
    ) -> None:
        self._state = new_state()
        self._verifier = new_verifier()
        self._listener = RedirectListener(
            self._state, port=redirect_port, path=callback_path, network=self.label
        )
        self._clock = clock
        self._http: httpx.AsyncClient | None = None
        self._started = False
        self._finished = False

    def __repr__(self) -> str:
        return f"{type(self).__name__}({'started' if self._started else 'not started'})"

    # -- the steps ------------------------------------------------------------------------

    async def start(self) -> None:
        """Open the loopback listener and do what must happen before the browser opens."""
        if self._started:
            return
        await self._listener.start()
        try:
            await self._prepare()
        except BaseException:
            await self.aclose()
            raise
        self._started = True

    @property
    def redirect_uri(self) -> str:
        """Where the network sends the browser back: ``http://127.0.0.1:{port}/callback``."""
        return self._listener.redirect_uri

    def authorize_url(self) -> str:
        """The address to open in the officer's browser (after ``start``)."""
        if not self._started:
            raise RuntimeError("call start() before authorize_url()")
        return self._authorize_url()

    async def wait_for_redirect(self, timeout: float = DEFAULT_TIMEOUT) -> Redirect:
        """The browser's redirect, its ``state`` checked; ``ConnectFailed`` on a wrong
        state or after ``timeout`` seconds. The listener is closed afterwards."""
        if not self._started:
            raise RuntimeError("call start() before wait_for_redirect()")
        return await self._listener.wait(timeout)

    async def aclose(self) -> None:
        await self._listener.aclose()
        http, self._http = self._http, None
        if http is not None:
            await http.aclose()

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    # -- for subclasses -------------------------------------------------------------------

    async def _prepare(self) -> None:
        """Anything the network needs before the authorize URL (Mastodon registers);
        most need nothing."""
        return None

    @abstractmethod
    def _authorize_url(self) -> str:
        """The network's authorize page, with this flow's client, state and challenge."""

    @property
    def _code_challenge(self) -> str:
        return challenge_s256(self._verifier)

    def _client(self) -> httpx.AsyncClient:
        if self._http is None:
            self._http = client()
        return self._http

    def _secrets_in_play(self) -> list[str]:
        """Every secret this flow holds, to scrub from any text it shows."""
        return [self._state, self._verifier]

    def _scrub(self, message: str, *more: str) -> str:
        return scrub(message, [*self._secrets_in_play(), *more])

    def _check(self, redirect: Redirect) -> str:
        """The code of a redirect that is for this attempt and carries one."""
        if self._finished:
            raise ConnectFailed(
                _("This {self.label} sign-in has already been used: start again.").format(
                    self=self
                ),
                "expired_code",
            )
        if not state_matches(redirect, self._state):
            raise ConnectFailed(
                _(
                    "The answer that came back to Cordon was not for this "
                    "connection attempt, so Cordon ignored it and connected "
                    "nothing. Start again from Cordon."
                ),
                "state_mismatch",
            )
        if redirect.error:
            if redirect.error == "access_denied" or redirect.error_reason == "user_denied":
                raise ConnectFailed(
                    _(
                        "You did not allow Cordon to use the {self.account_word} on "
                        "{self.label}, so nothing was connected. To connect it, "
                        "start again and allow access when the browser asks."
                    ).format(self=self),
                    "refused",
                )
            said = self._scrub(redirect.error_description or redirect.error, redirect.code)
            raise ConnectFailed(
                _(
                    "{self.label} refused the sign-in ({said}): nothing was "
                    "connected. Check the details you entered and start again."
                ).format(self=self, said=said),
                "refused",
            )
        if not redirect.code:
            raise ConnectFailed(
                _(
                    "{self.label} sent the browser back without a sign-in code: "
                    "nothing was connected. Start again."
                ).format(self=self),
                "network",
            )
        self._finished = True
        return redirect.code

    def _unexpected(self, answer: httpx.Response, step: Step, network: str = "") -> ConnectFailed:
        """A sentence for an answer the flow cannot use, at ``step``; ``network`` names
        the network in it (its ``label`` unless given)."""
        network = network or self.label
        if answer.status_code == 429:
            return ConnectFailed(
                _(
                    "{network} is limiting requests from this computer just now: wait a few "
                    "minutes, then start again."
                ).format(network=network),
                "network",
            )
        if answer.status_code >= 500:
            return ConnectFailed(
                _(step.failed).format(network=network, status=answer.status_code), "network"
            )
        body = json_object(answer) or {}
        said = self._scrub(_said(body)) if body else f"HTTP {answer.status_code}"
        return ConnectFailed(_(step.refused).format(network=network, reason=said), "network")


def _said(body: dict[str, Any]) -> str:
    """The human part of an OAuth, Mastodon, X or Graph API error body."""
    error = body.get("error")
    if isinstance(error, dict):  # Graph API
        message = error.get("message")
        return message if isinstance(message, str) else _("no reason given")
    for name in ("error_description", "detail", "message", "title"):
        value = body.get(name)
        if isinstance(value, str) and value:
            return value
    return error if isinstance(error, str) and error else _("no reason given")
