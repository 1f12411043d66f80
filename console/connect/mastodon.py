"""Connecting a Mastodon account: register Cordon on the server, sign in, verify.

References (the ``mastodon/documentation`` repository, published at
docs.joinmastodon.org):

* /methods/apps/#create: ``POST /api/v1/apps`` with ``client_name``,
  ``redirect_uris`` (here the loopback URL of this attempt), ``scopes`` and
  ``website``; answers an Application with ``client_id`` and ``client_secret``
  (422 for a malformed redirect URI). A fresh registration per attempt is needed
  because the loopback port changes.
* /methods/oauth/#authorize: ``GET /oauth/authorize`` with ``response_type=code``,
  ``client_id``, ``redirect_uri``, ``scope`` (a subset of the registered scopes),
  ``state`` (passed through to the redirect), ``code_challenge`` and
  ``code_challenge_method=S256`` (PKCE, Mastodon 4.3.0 and later; older servers
  ignore them) and ``force_login`` (so the officer signs in as the force's account,
  not whoever is signed in to that browser).
* /methods/oauth/#token: ``POST /oauth/token`` with ``grant_type=authorization_code``,
  ``code``, ``client_id``, ``client_secret``, ``redirect_uri``, ``code_verifier``;
  400 ``invalid_grant`` for a code that is wrong, used or expired; 401
  ``invalid_client``. The Token may carry ``refresh_token`` and ``expires_in``.
  Other servers refuse a used code in their own way (GoToSocial: a 400 whose text is
  an internal SQL error), so any 4xx there is "the sign-in expired or was already
  used: start again", and the server's text is never shown.
* what the server accepts (NodeInfo's software, ``/api/v2/instance``'s limits), read
  once signed in: ``console.channels.mastodon_server``.
* /spec/oauth/: Mastodon's OAuth is Doorkeeper's; ``scopes`` at registration,
  ``scope`` at the OAuth endpoints.
* /methods/accounts/#verify_credentials: ``GET /api/v1/accounts/verify_credentials``
  gives the signed-in account (``acct``, ``username``, ``display_name``).

The result is what ``console.channels.mastodon.MastodonAdapter`` reads:
``secrets["access_token"]``, and ``client_id``, ``client_secret``,
``refresh_token`` so that an expiring token can be refreshed.
"""

from __future__ import annotations

from typing import ClassVar
from urllib.parse import urlencode

import httpx

from console.channels.mastodon_server import read_server_limits
from console.connect.base import (
    ConnectFailed,
    ConnectResult,
    FieldSpec,
    expiry,
    host_of,
    json_object,
    normalise_base_url,
    text,
    transport_failure,
)
from console.connect.loopback import Redirect
from console.connect.oauth import CHECKING_THE_ACCOUNT, SIGNING_IN, OAuthFlow, Step
from storage.i18n import N_, _
from storage.records import ServerLimits
from storage.timeutil import Clock, system_clock

SCOPES = "read write"

REGISTERING_CORDON = Step(
    N_(
        "{network} had a problem while registering Cordon (HTTP {status}): try again in a few "
        "minutes."
    ),
    N_("{network} refused Cordon while registering Cordon ({reason}): nothing was connected."),
)


class MastodonConnect(OAuthFlow):
    """Sign in to a Mastodon server in the browser. Ask the officer for the server."""

    network = "mastodon"
    label = "Mastodon"
    FIELDS: ClassVar[tuple[FieldSpec, ...]] = (
        FieldSpec(
            "instance_url",
            N_("Mastodon server"),
            hint=N_(
                "The address the force's account signs in at, for example mastodon.social "
                "or https://social.police.example."
            ),
        ),
    )

    def __init__(
        self,
        instance_url: str,
        *,
        client_name: str = "Cordon",
        website: str = "",
        redirect_port: int = 0,
        clock: Clock = system_clock,
    ) -> None:
        self.instance_url = normalise_base_url(instance_url, "Mastodon server")
        super().__init__(redirect_port=redirect_port, clock=clock)
        self._client_name = client_name
        self._website = website
        self._client_id = ""
        self._client_secret = ""
        self._where = host_of(self.instance_url)

    def __repr__(self) -> str:
        return f"MastodonConnect({self.instance_url!r})"

    def _secrets_in_play(self) -> list[str]:
        return [*super()._secrets_in_play(), self._client_secret]

    # -- before the browser -----------------------------------------------------------

    async def _prepare(self) -> None:
        form = {
            "client_name": self._client_name,
            "redirect_uris": self.redirect_uri,
            "scopes": SCOPES,
        }
        if self._website:
            form["website"] = self._website
        answer = await self._post("/api/v1/apps", form)
        body = json_object(answer)
        refused = 400 <= answer.status_code < 500 and answer.status_code not in (422, 429)
        if refused or (answer.is_success and body is None):
            raise self._not_mastodon()  # registering is open to anyone on a Mastodon server
        if not answer.is_success or body is None:
            raise self._unexpected(answer, REGISTERING_CORDON)
        self._client_id, self._client_secret = (
            text(body.get("client_id")),
            text(body.get("client_secret")),
        )
        if not self._client_id or not self._client_secret:
            raise self._not_mastodon()

    def _authorize_url(self) -> str:
        query = {
            "response_type": "code",
            "client_id": self._client_id,
            "redirect_uri": self.redirect_uri,
            "scope": SCOPES,
            "state": self._state,
            "code_challenge": self._code_challenge,
            "code_challenge_method": "S256",
            "force_login": "true",
        }
        return f"{self.instance_url}/oauth/authorize?{urlencode(query)}"

    # -- after the browser ------------------------------------------------------------

    async def finish(self, redirect: Redirect) -> ConnectResult:
        """Exchange the code for a token and verify the account it belongs to."""
        code = self._check(redirect)
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "client_id": self._client_id,
            "client_secret": self._client_secret,
            "redirect_uri": self.redirect_uri,
            "code_verifier": self._verifier,
            "scope": SCOPES,
        }
        answer = await self._post("/oauth/token", form)
        body = json_object(answer) or {}
        # Any refusal of the code means the same to the officer, whatever the server's
        # words: GoToSocial answers a used code with a 400 whose text is an internal
        # database error, which must never reach the officer.
        if 400 <= answer.status_code < 500 and answer.status_code not in (404, 405, 429):
            raise ConnectFailed(
                _(
                    "{self._where} did not accept the sign-in code: it was "
                    "already used or has expired. Start again."
                ).format(self=self),
                "expired_code",
            )
        access_token = text(body.get("access_token"))
        if not answer.is_success or not access_token:
            raise self._unexpected(answer, SIGNING_IN)
        try:
            me = await self._client().get(
                f"{self.instance_url}/api/v1/accounts/verify_credentials",
                headers={"Authorization": f"Bearer {access_token}"},
            )
        except httpx.HTTPError as error:
            raise transport_failure(error, self._where) from None
        account = json_object(me) or {}
        acct = text(account.get("acct")) or text(account.get("username"))
        if not me.is_success or not acct:
            raise self._unexpected(me, CHECKING_THE_ACCOUNT)
        secrets = {
            "access_token": access_token,
            "client_id": self._client_id,
            "client_secret": self._client_secret,
        }
        refresh_token = text(body.get("refresh_token"))
        if refresh_token:
            secrets["refresh_token"] = refresh_token
        # What the server accepts; if it cannot be read now, the first sync pass reads it.
        limits = await read_server_limits(self._client(), self.instance_url, self._where)
        return ConnectResult(
            network=self.network,
            handle=acct,
            display_name=text(account.get("display_name")) or acct,
            base_url=self.instance_url,
            secrets=secrets,
            expires_utc=expiry(body.get("expires_in"), self._clock),
            limits=limits if isinstance(limits, ServerLimits) else None,
        )

    # -- HTTP -----------------------------------------------------------------------------

    async def _post(self, path: str, form: dict[str, str]) -> httpx.Response:
        try:
            return await self._client().post(f"{self.instance_url}{path}", data=form)
        except httpx.HTTPError as error:
            raise transport_failure(error, self._where) from None

    def _not_mastodon(self) -> ConnectFailed:
        return ConnectFailed(
            _(
                "{where} answered, but not as a Mastodon server: check the address (the "
                "one the force's account signs in at, such as mastodon.social)."
            ).format(where=self._where),
            "not_the_network",
        )

    def _unexpected(self, answer: httpx.Response, step: Step, network: str = "") -> ConnectFailed:
        if answer.status_code in (404, 405) or "json" not in answer.headers.get("content-type", ""):
            return self._not_mastodon()
        return super()._unexpected(answer, step, network or self._where)
