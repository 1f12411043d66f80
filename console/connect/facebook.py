"""Connecting a Facebook Page: Facebook Login in the browser, then the officer picks a Page.

References (developers.facebook.com):

* /docs/facebook-login/guides/advanced/manual-flow ("Manually Build a Login Flow"):
  the Login dialog ``https://www.facebook.com/{version}/dialog/oauth`` with
  ``client_id`` (the App ID), ``redirect_uri`` (one of the app's Valid OAuth
  Redirect URIs, exactly), ``state`` and ``scope`` (comma separated); a refusal comes
  back as ``error=access_denied&error_reason=user_denied``. The code is exchanged at
  ``/{version}/oauth/access_token`` with ``client_id``, ``redirect_uri``,
  ``client_secret`` and ``code`` for a short-lived user token.
* /docs/facebook-login/guides/access-tokens/get-long-lived: ``grant_type=
  fb_exchange_token`` with ``client_id``, ``client_secret`` and ``fb_exchange_token``
  gives a long-lived (about 60 days) user token; a Page token fetched with it has no
  expiry.
* /docs/pages-api/getting-started and the Graph API reference for
  ``/{user-id}/accounts``: ``GET /me/accounts?fields=id,name,access_token,tasks``
  lists the Pages the person can act for, each with its Page token and the tasks
  they may do on it (``CREATE_CONTENT`` to publish).
* Permissions (the Pages API and permissions reference): ``pages_show_list``,
  ``pages_manage_posts``, ``pages_read_engagement``, ``pages_read_user_content``
  (comments), ``pages_messaging`` (conversations) and ``read_insights`` (reach),
  the calls ``console.channels.facebook`` makes.

Both token requests go as POST forms, so neither the code nor the app secret is ever
in a URL (URLs end up in logs). The result is what
``console.channels.facebook.FacebookAdapter`` reads: the Page id as the handle,
``https://graph.facebook.com`` as the base URL, and ``page_access_token``,
``user_access_token``, ``app_id`` and ``app_secret`` (so it can renew the Page token).
"""

from __future__ import annotations

from typing import Any, ClassVar
from urllib.parse import urlencode

import httpx

from console.channels.meta import GRAPH_VERSION
from console.connect.base import (
    AccountChoice,
    ConnectFailed,
    ConnectResult,
    FieldSpec,
    json_object,
    text,
    transport_failure,
)
from console.connect.loopback import Redirect
from console.connect.oauth import LISTING_YOUR_PAGES, SIGNING_IN, OAuthFlow, Step
from storage.i18n import N_, _
from storage.timeutil import Clock, system_clock

DIALOG_URL = "https://www.facebook.com"
GRAPH_URL = "https://graph.facebook.com"
SCOPES = (
    "pages_show_list",
    "pages_manage_posts",
    "pages_read_engagement",
    "pages_read_user_content",
    "pages_messaging",
    "read_insights",
)
EXPIRED_CODE = {100}  # "This authorization code has expired / has been used" (OAuthException)
BAD_APP = {1, 101}  # "Error validating client secret", "Error validating application"


FacebookPage = AccountChoice  # a Page the signed-in person can act for

CHECKING_THE_PAGE = Step(
    N_(
        "{network} had a problem while checking the Page (HTTP {status}): try again in a few "
        "minutes."
    ),
    N_("{network} refused Cordon while checking the Page ({reason}): nothing was connected."),
)


class FacebookConnect(OAuthFlow):
    """Sign in to Facebook in the browser, list the Pages, connect the one chosen.

    ``finish`` returns the Pages (``FacebookPage``); ``choose_page(page_id)`` gives the
    ``ConnectResult``. Ask the officer (or IT) for the Meta app's App ID and App secret.
    """

    network = "facebook"
    label = "Facebook"
    account_word = "Pages"
    scopes: ClassVar[tuple[str, ...]] = SCOPES
    FIELDS: ClassVar[tuple[FieldSpec, ...]] = (
        FieldSpec(
            "app_id",
            N_("App ID of the force's Meta app"),
            hint=N_("In the Meta app dashboard: App settings, Basic."),
        ),
        FieldSpec(
            "app_secret",
            N_("App secret of the force's Meta app"),
            hint=N_("In the Meta app dashboard: App settings, Basic. Kept encrypted."),
            secret=True,
        ),
    )

    def __init__(
        self,
        app_id: str,
        app_secret: str,
        *,
        redirect_port: int = 0,
        dialog_url: str = DIALOG_URL,
        graph_url: str = GRAPH_URL,
        version: str = GRAPH_VERSION,
        clock: Clock = system_clock,
    ) -> None:
        app_id, app_secret = app_id.strip(), app_secret.strip()
        if not app_id.isdigit() or not app_secret:
            raise ConnectFailed(
                _(
                    "Enter the App ID (a number) and the App secret of the "
                    "force's Meta app, from App settings, Basic, in the Meta app "
                    "dashboard."
                ),
                "bad_input",
            )
        super().__init__(redirect_port=redirect_port, clock=clock)
        self._app_id = app_id
        self._app_secret = app_secret
        self._dialog = dialog_url.rstrip("/")
        self.graph_url = graph_url.rstrip("/")
        self._version = version
        self._user_token = ""
        self._pages: dict[str, tuple[FacebookPage, str]] = {}  # id -> (page, its token)

    def __repr__(self) -> str:
        return f"FacebookConnect(app {self._app_id})"

    def _secrets_in_play(self) -> list[str]:
        tokens = [token for _, token in self._pages.values()]
        return [*super()._secrets_in_play(), self._app_secret, self._user_token, *tokens]

    def _authorize_url(self) -> str:
        query = {
            "client_id": self._app_id,
            "redirect_uri": self.redirect_uri,
            "state": self._state,
            "response_type": "code",
            "scope": ",".join(self.scopes),
        }
        return f"{self._dialog}/{self._version}/dialog/oauth?{urlencode(query)}"

    # -- after the browser ------------------------------------------------------------

    async def finish(self, redirect: Redirect) -> tuple[FacebookPage, ...]:
        """Exchange the code for a long-lived user token and list the person's Pages."""
        code = self._check(redirect)
        short = await self._token(
            {
                "client_id": self._app_id,
                "client_secret": self._app_secret,
                "redirect_uri": self.redirect_uri,
                "code": code,
            }
        )
        self._user_token = await self._token(
            {
                "grant_type": "fb_exchange_token",
                "client_id": self._app_id,
                "client_secret": self._app_secret,
                "fb_exchange_token": short,
            }
        )
        answer = await self._graph(
            "GET",
            "/me/accounts",
            self._user_token,
            params={"fields": "id,name,access_token,tasks", "limit": "100"},
        )
        listed = (json_object(answer) or {}).get("data")
        if not answer.is_success or not isinstance(listed, list):
            raise self._unexpected(answer, LISTING_YOUR_PAGES)
        for entry in listed:
            page = _page(entry)
            if page is not None:
                self._pages[page[0].id] = page
        if not self._pages:
            raise ConnectFailed(
                _(
                    "Facebook lists no Pages that you manage for Cordon: you "
                    "need a Facebook role on the force's Page that lets you "
                    "post, and you must tick that Page when Facebook asks which "
                    "Pages Cordon may use. Start again."
                ),
                "no_pages",
            )
        return tuple(page for page, _ in self._pages.values())

    async def choose_page(self, page_id: str) -> ConnectResult:
        """Connect the chosen Page: its token is checked by asking Facebook for the Page."""
        chosen = self._pages.get(page_id)
        if chosen is None:
            raise ConnectFailed(
                _("That Page is not one of the Pages Facebook listed: choose one from the list."),
                "bad_input",
            )
        page, page_token = chosen
        if not page.can_post:
            raise ConnectFailed(
                _(
                    "Your role on the Page “{page.name}” does not let you create "
                    "posts, so Cordon could not publish there: ask a Page admin "
                    "for a role with full control or content tasks, then start "
                    "again."
                ).format(page=page),
                "refused",
            )
        answer = await self._graph("GET", f"/{page.id}", page_token, params={"fields": "id,name"})
        body = json_object(answer) or {}
        if not answer.is_success or text(body.get("id")) != page.id:
            raise self._unexpected(answer, CHECKING_THE_PAGE)
        return ConnectResult(
            network=self.network,
            handle=page.id,
            display_name=text(body.get("name")) or page.name,
            base_url=self.graph_url,
            secrets={
                "page_access_token": page_token,
                "user_access_token": self._user_token,
                "app_id": self._app_id,
                "app_secret": self._app_secret,
            },
            expires_utc=None,  # a Page token from a long-lived user token does not expire
        )

    # -- HTTP -----------------------------------------------------------------------------

    async def _token(self, form: dict[str, str]) -> str:
        """A user token from ``/oauth/access_token`` (POST, so nothing secret is in a URL)."""
        try:
            answer = await self._client().post(
                f"{self.graph_url}/{self._version}/oauth/access_token", data=form
            )
        except httpx.HTTPError as error:
            raise transport_failure(error, "Facebook") from None
        body = json_object(answer) or {}
        token = text(body.get("access_token"))
        if answer.is_success and token:
            return token
        problem = body.get("error")
        code = problem.get("code") if isinstance(problem, dict) else None
        if code in EXPIRED_CODE and "code" in form:
            raise ConnectFailed(
                _(
                    "Facebook did not accept the sign-in code: it was already "
                    "used or has expired. Start again."
                ),
                "expired_code",
            )
        if code in BAD_APP:
            raise ConnectFailed(
                _(
                    "Facebook did not accept the App ID and App secret together: "
                    "check both in the Meta app dashboard (App settings, Basic), "
                    "then start again."
                ),
                "refused",
            )
        raise self._unexpected(answer, SIGNING_IN)

    async def _graph(self, method: str, path: str, token: str, **kwargs: Any) -> httpx.Response:
        try:
            return await self._client().request(
                method,
                f"{self.graph_url}/{self._version}{path}",
                headers={"Authorization": f"Bearer {token}"},
                **kwargs,
            )
        except httpx.HTTPError as error:
            raise transport_failure(error, "Facebook") from None


def _page(entry: Any) -> tuple[FacebookPage, str] | None:
    if not isinstance(entry, dict):
        return None
    page_id, token = text(entry.get("id")), text(entry.get("access_token"))
    if not page_id or not token:
        return None
    tasks = entry.get("tasks")
    # ``tasks`` is missing for Pages reached through a Business Manager role; let
    # Facebook decide at publish time rather than refuse here.
    can_post = not isinstance(tasks, list) or "CREATE_CONTENT" in tasks
    return FacebookPage(page_id, text(entry.get("name")) or page_id, can_post), token


class InstagramConnect(FacebookConnect):
    """Connect an Instagram professional account through the Facebook Page it is linked
    to: Facebook Login with Instagram's permissions, then the Pages' linked accounts
    (``GET /{page-id}?fields=instagram_business_account{id,username,name}``, Instagram
    Platform overview, "Instagram API with Facebook Login"). ``finish`` lists the
    accounts (as ``FacebookPage``: the Instagram account's id and name); the result's
    handle is the Instagram account's id, and its secrets carry the Page's id and tokens,
    which publish images (``meta.PageImageHost``) and renew as a Page's do."""

    network = "instagram"
    label = "Instagram"
    account_word = "Instagram accounts"
    scopes: ClassVar[tuple[str, ...]] = (
        "pages_show_list",
        "pages_read_engagement",
        "pages_manage_posts",
        "instagram_basic",
        "instagram_content_publish",
        "instagram_manage_comments",
        "instagram_manage_insights",
    )

    def __init__(self, app_id: str, app_secret: str, **options: Any) -> None:
        super().__init__(app_id, app_secret, **options)
        self._linked: dict[str, tuple[FacebookPage, str]] = {}  # Instagram id -> its Page

    async def finish(self, redirect: Redirect) -> tuple[FacebookPage, ...]:
        pages = await super().finish(redirect)
        for page in pages:
            token = self._pages[page.id][1]
            answer = await self._graph(
                "GET",
                f"/{page.id}",
                token,
                params={"fields": "instagram_business_account{id,username,name}"},
            )
            linked = (json_object(answer) or {}).get("instagram_business_account")
            if not answer.is_success or not isinstance(linked, dict) or not text(linked.get("id")):
                continue
            username = text(linked.get("username"))
            shown = f"@{username} (through {page.name})" if username else page.name
            self._linked[text(linked["id"])] = (
                FacebookPage(text(linked["id"]), shown, page.can_post),
                page.id,
            )
        if not self._linked:
            raise ConnectFailed(
                _(
                    "None of your Facebook Pages has an Instagram professional "
                    "account linked to it: link the force's Instagram account to "
                    "its Page (in the Page's settings, Linked accounts), then "
                    "start again."
                ),
                "no_pages",
            )
        return tuple(account for account, _ in self._linked.values())

    async def choose_page(self, page_id: str) -> ConnectResult:
        """Connect the chosen Instagram account (``page_id`` is the account's id)."""
        chosen = self._linked.get(page_id)
        if chosen is None:
            raise ConnectFailed(
                _("That account is not one of those Facebook listed: choose one from the list."),
                "bad_input",
            )
        account, facebook_page = chosen
        page = await super().choose_page(facebook_page)
        return ConnectResult(
            network=self.network,
            handle=account.id,
            display_name=account.name.split(" (through ")[0],
            base_url=page.base_url,
            secrets={**page.secrets, "page_id": facebook_page},
            expires_utc=page.expires_utc,
        )
