"""Connecting an X account: OAuth 2.0 Authorization Code with PKCE, as a public client.

References:

* docs.x.com, /resources/fundamentals/authentication/oauth-2-0/authorization-code and
  .../user-access-token: the authorize URL ``https://x.com/i/oauth2/authorize`` with
  ``response_type=code``, ``client_id``, ``redirect_uri`` (exactly as registered on
  the app in the developer portal), ``scope`` (space separated), ``state``,
  ``code_challenge`` and ``code_challenge_method=S256``; the redirect carries
  ``code`` and ``state``, or ``error=access_denied``. The token request is
  ``POST https://api.x.com/2/oauth2/token`` (form) with ``code``,
  ``grant_type=authorization_code``, ``client_id``, ``redirect_uri`` and
  ``code_verifier``; a public client sends no secret (a confidential one would use
  HTTP Basic). An access token lasts two hours; ``offline.access`` adds a refresh
  token, which the adapter uses (and X rotates).
* Scopes: ``tweet.read``, ``tweet.write``, ``users.read`` (X's v2 authentication
  mapping for ``POST /2/tweets``, ``DELETE /2/tweets/:id``, the mentions and user
  timelines), ``offline.access``, and ``media.write`` for ``POST /2/media/upload``,
  which the adapter uses for images (the upload reference at
  docs.x.com/x-api/media/upload-media takes an OAuth 2.0 user token; tokens without
  ``media.write`` are refused there).
* ``GET /2/users/me`` (X's OpenAPI document, ``xdevplatform/xdk``
  ``specs/openapi.json``): ``data.id``, ``data.name``, ``data.username``.

The result is what ``console.channels.x.XAdapter`` reads: ``secrets`` with
``access_token``, ``refresh_token`` and ``client_id``, the user id as the handle, and
``https://api.x.com`` as the base URL.
"""

from __future__ import annotations

from typing import Any, ClassVar
from urllib.parse import urlencode

import httpx

from console.connect.base import (
    ConnectFailed,
    ConnectResult,
    FieldSpec,
    expiry,
    json_object,
    text,
    transport_failure,
)
from console.connect.loopback import Redirect
from console.connect.oauth import CHECKING_THE_ACCOUNT, SIGNING_IN, OAuthFlow
from storage.i18n import N_, _
from storage.timeutil import Clock, system_clock

AUTHORIZE_URL = "https://x.com/i/oauth2/authorize"
API_URL = "https://api.x.com"
SCOPES = ("tweet.read", "tweet.write", "users.read", "media.write", "offline.access")
NEEDED = {"tweet.read", "tweet.write", "users.read"}


class XConnect(OAuthFlow):
    """Sign in to X in the browser. Ask the officer (or IT) for the app's client id."""

    network = "x"
    label = "X"
    FIELDS: ClassVar[tuple[FieldSpec, ...]] = (
        FieldSpec(
            "client_id",
            N_("OAuth 2.0 Client ID of the force's X app"),
            hint=N_(
                "In the X developer portal: the app's Keys and tokens page. The app's "
                "type must be Native App (a public client), and its callback URL exactly "
                "the one Cordon shows."
            ),
        ),
    )

    def __init__(
        self,
        client_id: str,
        *,
        redirect_port: int = 0,
        authorize_url: str = AUTHORIZE_URL,
        api_url: str = API_URL,
        clock: Clock = system_clock,
    ) -> None:
        client_id = client_id.strip()
        if not client_id:
            raise ConnectFailed(
                _(
                    "Enter the OAuth 2.0 Client ID of the force's X app (from "
                    "the X developer portal)."
                ),
                "bad_input",
            )
        super().__init__(redirect_port=redirect_port, clock=clock)
        self._client_id = client_id
        self._authorize_base = authorize_url
        self.api_url = api_url.rstrip("/")

    def __repr__(self) -> str:
        return "XConnect()"

    def _authorize_url(self) -> str:
        query = {
            "response_type": "code",
            "client_id": self._client_id,
            "redirect_uri": self.redirect_uri,
            "scope": " ".join(SCOPES),
            "state": self._state,
            "code_challenge": self._code_challenge,
            "code_challenge_method": "S256",
        }
        return f"{self._authorize_base}?{urlencode(query)}"

    async def finish(self, redirect: Redirect) -> ConnectResult:
        """Exchange the code for tokens and verify the account (``/2/users/me``)."""
        code = self._check(redirect)
        form = {
            "code": code,
            "grant_type": "authorization_code",
            "client_id": self._client_id,
            "redirect_uri": self.redirect_uri,
            "code_verifier": self._verifier,
        }
        answer = await self._request("POST", "/2/oauth2/token", data=form)
        body = json_object(answer) or {}
        if answer.status_code == 400:
            raise ConnectFailed(
                _(
                    "X did not accept the sign-in code: it was already used or "
                    "has expired (X's codes last only seconds). Start again."
                ),
                "expired_code",
            )
        if answer.status_code == 401:
            raise ConnectFailed(
                _(
                    "X did not accept Cordon's client id: check the Client ID, "
                    "and that the X app is a Native App (a public client) with "
                    "OAuth 2.0 switched on."
                ),
                "refused",
            )
        access_token = text(body.get("access_token"))
        if not answer.is_success or not access_token:
            raise self._unexpected(answer, SIGNING_IN)
        granted = set(text(body.get("scope")).split())
        missing = NEEDED - granted if granted else set()
        if missing:
            raise ConnectFailed(
                _(
                    "X did not grant Cordon everything it needs to post (missing "
                    "{names}): start again and allow all the access Cordon asks "
                    "for."
                ).format(names=", ".join(sorted(missing))),
                "refused",
            )
        refresh_token = text(body.get("refresh_token"))
        if not refresh_token:
            raise ConnectFailed(
                _(
                    "X gave Cordon no refresh token, so the connection would "
                    "stop working in two hours: start again and allow Cordon to "
                    "stay connected."
                ),
                "refused",
            )
        me = await self._request(
            "GET", "/2/users/me", headers={"Authorization": f"Bearer {access_token}"}
        )
        user = (json_object(me) or {}).get("data")
        user = user if isinstance(user, dict) else {}
        user_id, username = text(user.get("id")), text(user.get("username"))
        if not me.is_success or not user_id:
            raise self._unexpected(me, CHECKING_THE_ACCOUNT)
        name = text(user.get("name")) or username
        return ConnectResult(
            network=self.network,
            handle=user_id,
            display_name=f"{name} (@{username})" if username else name,
            base_url=self.api_url,
            secrets={
                "access_token": access_token,
                "refresh_token": refresh_token,
                "client_id": self._client_id,
            },
            expires_utc=expiry(body.get("expires_in"), self._clock),
        )

    async def _request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        try:
            return await self._client().request(method, f"{self.api_url}{path}", **kwargs)
        except httpx.HTTPError as error:
            raise transport_failure(error, "X") from None
