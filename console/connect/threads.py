"""Connecting a Threads account: Threads sign-in in the browser, then (for images) the
force's Facebook Page.

References (developers.facebook.com/docs/threads: Get Access Tokens and Permissions,
Long-Lived Tokens):

* The authorization window ``https://threads.net/oauth/authorize`` with
  ``client_id`` (the Threads app id), ``redirect_uri`` (one of the app's Redirect
  Callback URLs, exactly), ``scope`` (comma separated), ``response_type=code`` and
  ``state``; a refusal comes back as ``error=access_denied``.
* The code is exchanged with ``POST https://graph.threads.net/oauth/access_token``
  (``client_id``, ``client_secret``, ``grant_type=authorization_code``,
  ``redirect_uri``, ``code``) for a short-lived token and the ``user_id``; then ``GET
  /access_token?grant_type=th_exchange_token`` (with ``client_secret``) gives a token
  good for 60 days (``expires_in``), which the adapter renews before it ends.
* ``GET /v1.0/me?fields=id,username,name`` names the account.
* Permissions: ``threads_basic``, ``threads_content_publish``,
  ``threads_manage_replies``, ``threads_read_replies``, ``threads_manage_insights``,
  ``threads_manage_mentions``: the calls ``console.channels.threads`` makes.

Threads fetches images from a public address; Cordon gives it one through the force's
Facebook Page (``console.channels.meta.PageImageHost``). The officer may give that
Page's id and token (from the Facebook channel's connection, or IT): ``page_id`` and
``page_access_token`` are kept with the Threads token; without them the channel posts
text only and says so when a post has images.

The secret and the codes go in POST forms or the ``Authorization`` header, never in a
URL (URLs end up in logs). The result is what ``ThreadsAdapter`` reads: the user id as
the handle, ``https://graph.threads.net`` as the base URL, ``access_token`` and its
expiry.
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
from console.connect.oauth import CHECKING_THE_ACCOUNT, SIGNING_IN, OAuthFlow, Step
from storage.i18n import N_, _
from storage.timeutil import Clock, system_clock

AUTHORIZE_URL = "https://threads.net"
GRAPH_URL = "https://graph.threads.net"
VERSION = "v1.0"
SCOPES = (
    "threads_basic",
    "threads_content_publish",
    "threads_manage_replies",
    "threads_read_replies",
    "threads_manage_insights",
    "threads_manage_mentions",
)

MAKING_THE_SIGN_IN_LAST = Step(
    N_(
        "{network} had a problem while making the sign-in last (HTTP {status}): try again in a few "
        "minutes."
    ),
    N_("{network} refused Cordon while making the sign-in last ({reason}): nothing was connected."),
)


class ThreadsConnect(OAuthFlow):
    """Sign in to Threads in the browser; ``finish`` gives the ``ConnectResult``."""

    network = "threads"
    label = "Threads"
    FIELDS: ClassVar[tuple[FieldSpec, ...]] = (
        FieldSpec(
            "app_id",
            N_("Threads app ID of the force's Meta app"),
            hint=N_("In the Meta app dashboard: Use cases, Access the Threads API, Settings."),
        ),
        FieldSpec(
            "app_secret",
            N_("Threads app secret"),
            hint=N_("Beside the Threads app ID. Kept encrypted."),
            secret=True,
        ),
        FieldSpec(
            "page_id",
            N_("Facebook Page ID for images (optional)"),
            hint=N_("Threads takes images from a public address: Cordon makes one on this Page."),
            required=False,
        ),
        FieldSpec(
            "page_access_token",
            N_("That Page's access token (optional)"),
            hint=N_("Kept encrypted. Without a Page, this channel posts text only."),
            secret=True,
            required=False,
        ),
    )

    def __init__(
        self,
        app_id: str,
        app_secret: str,
        page_id: str = "",
        page_access_token: str = "",
        *,
        redirect_port: int = 0,
        authorize_url: str = AUTHORIZE_URL,
        graph_url: str = GRAPH_URL,
        clock: Clock = system_clock,
    ) -> None:
        app_id, app_secret = app_id.strip(), app_secret.strip()
        page_id, page_token = page_id.strip(), page_access_token.strip()
        if not app_id.isdigit() or not app_secret:
            raise ConnectFailed(
                _(
                    "Enter the Threads app ID (a number) and the Threads app "
                    "secret of the force's Meta app, from the Threads use case's "
                    "settings in the Meta app dashboard."
                ),
                "bad_input",
            )
        if bool(page_id) != bool(page_token) or (page_id and not page_id.isdigit()):
            raise ConnectFailed(
                _(
                    "For images, give both the Facebook Page's ID (a number) and "
                    "its access token, or leave both empty to post text only."
                ),
                "bad_input",
            )
        super().__init__(redirect_port=redirect_port, clock=clock)
        self._app_id, self._app_secret = app_id, app_secret
        self._page = {"page_id": page_id, "page_access_token": page_token} if page_id else {}
        self._authorize = authorize_url.rstrip("/")
        self.graph_url = graph_url.rstrip("/")
        self._tokens: list[str] = []

    def __repr__(self) -> str:
        return f"ThreadsConnect(app {self._app_id})"

    def _secrets_in_play(self) -> list[str]:
        return [*super()._secrets_in_play(), self._app_secret, *self._tokens,
                self._page.get("page_access_token", "")]  # fmt: skip

    def _authorize_url(self) -> str:
        query = {
            "client_id": self._app_id,
            "redirect_uri": self.redirect_uri,
            "scope": ",".join(SCOPES),
            "response_type": "code",
            "state": self._state,
        }
        return f"{self._authorize}/oauth/authorize?{urlencode(query)}"

    async def finish(self, redirect: Redirect) -> ConnectResult:
        code = self._check(redirect)
        short = await self._request(
            "POST",
            "/oauth/access_token",
            SIGNING_IN,
            data={
                "client_id": self._app_id,
                "client_secret": self._app_secret,
                "grant_type": "authorization_code",
                "redirect_uri": self.redirect_uri,
                "code": code,
            },
            expired_code=True,
        )
        short_token = text(short.get("access_token"))
        if not short_token:
            raise ConnectFailed(_("Threads' answer to signing in could not be read: start again."))
        self._tokens.append(short_token)
        lasting = await self._request(
            "POST",
            "/access_token",
            MAKING_THE_SIGN_IN_LAST,
            data={"grant_type": "th_exchange_token", "client_secret": self._app_secret},
            headers={"Authorization": f"Bearer {short_token}"},
        )
        token = text(lasting.get("access_token"))
        if not token:
            raise ConnectFailed(_("Threads' answer to signing in could not be read: start again."))
        self._tokens.append(token)
        me = await self._request(
            "GET",
            f"/{VERSION}/me",
            CHECKING_THE_ACCOUNT,
            params={"fields": "id,username,name"},
            headers={"Authorization": f"Bearer {token}"},
        )
        user_id = text(me.get("id"))
        if not user_id:
            raise ConnectFailed(_("Threads did not say which account signed in: start again."))
        username = text(me.get("username"))
        return ConnectResult(
            network=self.network,
            handle=user_id,
            display_name=text(me.get("name")) or (f"@{username}" if username else user_id),
            base_url=self.graph_url,
            secrets={"access_token": token, **self._page},
            expires_utc=expiry(lasting.get("expires_in"), self._clock),
        )

    async def _request(
        self, method: str, path: str, step: Step, *, expired_code: bool = False, **kwargs: Any
    ) -> dict[str, Any]:
        try:
            answer = await self._client().request(method, f"{self.graph_url}{path}", **kwargs)
        except httpx.HTTPError as error:
            raise transport_failure(error, "Threads") from None
        body = json_object(answer) or {}
        if answer.is_success:
            return body
        problem = body.get("error")
        code = problem.get("code") if isinstance(problem, dict) else None
        if expired_code and code == 100:
            raise ConnectFailed(
                _(
                    "Threads did not accept the sign-in code: it was already "
                    "used or has expired. Start again."
                ),
                "expired_code",
            )
        if code == 1:
            raise ConnectFailed(
                _(
                    "Threads did not accept the app ID and app secret together: "
                    "check both in the Meta app dashboard, then start again."
                ),
                "refused",
            )
        raise self._unexpected(answer, step)
