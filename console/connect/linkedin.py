"""Connecting a LinkedIn Page: LinkedIn sign-in in the browser, then the officer picks
the organization.

References (learn.microsoft.com/linkedin/shared/authentication: Authorization Code
Flow, Refresh Tokens; marketing/community-management/organizations: Organization
Access Control, Organization Lookup):

* The authorization page ``https://www.linkedin.com/oauth/v2/authorization`` with
  ``response_type=code``, ``client_id``, ``redirect_uri`` (registered with the app,
  exactly), ``state`` and ``scope`` (space separated); a refusal comes back as
  ``error=user_cancelled_authorize`` (or ``user_cancelled_login``).
* ``POST https://www.linkedin.com/oauth/v2/accessToken`` (``grant_type=
  authorization_code``, ``code``, ``redirect_uri``, ``client_id``, ``client_secret``)
  answers ``access_token`` and ``expires_in`` (60 days), and, for apps LinkedIn
  approved for it, ``refresh_token``.
* ``GET /rest/organizationAcls?q=roleAssignee&role=ADMINISTRATOR&state=APPROVED`` (and
  ``CONTENT_ADMINISTRATOR``) lists the organizations the member may post for; ``GET
  /rest/organizations/{id}`` gives each one's ``localizedName``.
* Scopes: ``r_organization_social``, ``w_organization_social`` (post, comment),
  ``rw_organization_admin`` (the role list and share statistics).

The secret and the code go in a POST form, never in a URL. The result is what
``LinkedInAdapter`` reads: the organization's URN as the handle,
``https://api.linkedin.com`` as the base URL, ``access_token`` (and where given
``refresh_token`` with ``client_id`` and ``client_secret``, to renew it).
"""

from __future__ import annotations

from typing import Any, ClassVar
from urllib.parse import quote, urlencode

import httpx

from console.channels.http import as_dict, as_list
from console.channels.linkedin import VERSION
from console.connect.base import (
    AccountChoice,
    ConnectFailed,
    ConnectResult,
    FieldSpec,
    expiry,
    json_object,
    text,
    transport_failure,
)
from console.connect.loopback import Redirect
from console.connect.oauth import LISTING_YOUR_PAGES, SIGNING_IN, OAuthFlow, Step
from storage.i18n import N_, _
from storage.timeutil import Clock, system_clock

OAUTH_URL = "https://www.linkedin.com/oauth/v2"
API_URL = "https://api.linkedin.com"
SCOPES = ("r_organization_social", "w_organization_social", "rw_organization_admin")
POSTING_ROLES = ("ADMINISTRATOR", "CONTENT_ADMINISTRATOR")
REFUSALS = {"user_cancelled_authorize", "user_cancelled_login", "access_denied"}

READING_A_PAGE_NAME = Step(
    N_(
        "{network} had a problem while reading a Page's name (HTTP {status}): try again in a few "
        "minutes."
    ),
    N_("{network} refused Cordon while reading a Page's name ({reason}): nothing was connected."),
)


class LinkedInConnect(OAuthFlow):
    """Sign in to LinkedIn; ``finish`` lists the Pages (``AccountChoice``) and
    ``choose_page`` gives the ``ConnectResult``."""

    network = "linkedin"
    label = "LinkedIn"
    account_word = "Pages"
    FIELDS: ClassVar[tuple[FieldSpec, ...]] = (
        FieldSpec(
            "client_id",
            N_("Client ID of the force's LinkedIn app"),
            hint=N_("In the LinkedIn developer portal: the app's Auth tab."),
        ),
        FieldSpec(
            "client_secret",
            N_("Client secret of that app"),
            hint=N_("Beside the Client ID. Kept encrypted."),
            secret=True,
        ),
    )

    def __init__(
        self,
        client_id: str,
        client_secret: str,
        *,
        redirect_port: int = 0,
        oauth_url: str = OAUTH_URL,
        api_url: str = API_URL,
        clock: Clock = system_clock,
    ) -> None:
        client_id, client_secret = client_id.strip(), client_secret.strip()
        if not client_id or not client_secret or " " in client_id:
            raise ConnectFailed(
                _(
                    "Enter the Client ID and Client secret of the force's "
                    "LinkedIn app, from its Auth tab in the LinkedIn developer "
                    "portal."
                ),
                "bad_input",
            )
        super().__init__(redirect_port=redirect_port, clock=clock)
        self._client_id, self._client_secret = client_id, client_secret
        self._oauth = oauth_url.rstrip("/")
        self.api_url = api_url.rstrip("/")
        self._token: dict[str, Any] = {}
        self._pages: dict[str, AccountChoice] = {}

    def __repr__(self) -> str:
        return "LinkedInConnect()"

    def _secrets_in_play(self) -> list[str]:
        tokens = [text(self._token.get("access_token")), text(self._token.get("refresh_token"))]
        return [*super()._secrets_in_play(), self._client_secret, *tokens]

    def _authorize_url(self) -> str:
        query = {
            "response_type": "code",
            "client_id": self._client_id,
            "redirect_uri": self.redirect_uri,
            "state": self._state,
            "scope": " ".join(SCOPES),
        }
        return f"{self._oauth}/authorization?{urlencode(query)}"

    async def finish(self, redirect: Redirect) -> tuple[AccountChoice, ...]:
        if redirect.error in REFUSALS:  # LinkedIn's words for "the officer said no"
            redirect = Redirect({**redirect.params, "error": "access_denied"})
        code = self._check(redirect)
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": self.redirect_uri,
            "client_id": self._client_id,
            "client_secret": self._client_secret,
        }
        try:
            answer = await self._client().post(f"{self._oauth}/accessToken", data=form)
        except httpx.HTTPError as error:
            raise transport_failure(error, "LinkedIn") from None
        body = json_object(answer) or {}
        if not answer.is_success or not text(body.get("access_token")):
            if text(body.get("error")) == "invalid_request" and answer.status_code == 400:
                raise ConnectFailed(
                    _(
                        "LinkedIn did not accept the sign-in code: it was already "
                        "used or has expired. Start again."
                    ),
                    "expired_code",
                )
            if answer.status_code == 401:
                raise ConnectFailed(
                    _(
                        "LinkedIn did not accept the Client ID and Client secret "
                        "together: check both in the developer portal, then start "
                        "again."
                    ),
                    "refused",
                )
            raise self._unexpected(answer, SIGNING_IN)
        self._token = body
        for role in POSTING_ROLES:
            acls = await self._api(
                "/rest/organizationAcls",
                {"q": "roleAssignee", "role": role, "state": "APPROVED"},
                LISTING_YOUR_PAGES,
            )
            for acl in as_list(acls.get("elements")):
                urn = text(acl.get("organization"))
                if urn and urn not in self._pages:
                    named = await self._api(
                        f"/rest/organizations/{quote(urn.rsplit(':', 1)[-1], safe='')}",
                        {},
                        READING_A_PAGE_NAME,
                    )
                    name = text(named.get("localizedName")) or text(
                        as_dict(named.get("name")).get("localized")
                    )
                    self._pages[urn] = AccountChoice(urn, name or urn, True)
        if not self._pages:
            raise ConnectFailed(
                _(
                    "LinkedIn lists no Page for which you are an administrator "
                    "or content administrator: ask a Page super admin for that "
                    "role, then start again."
                ),
                "no_pages",
            )
        return tuple(self._pages.values())

    async def choose_page(self, page_id: str) -> ConnectResult:
        page = self._pages.get(page_id)
        if page is None:
            raise ConnectFailed(
                _("That Page is not one of those LinkedIn listed: choose one from the list."),
                "bad_input",
            )
        secrets = {"access_token": text(self._token.get("access_token"))}
        refresh = text(self._token.get("refresh_token"))
        if refresh:
            secrets |= {
                "refresh_token": refresh,
                "client_id": self._client_id,
                "client_secret": self._client_secret,
            }
        return ConnectResult(
            network=self.network,
            handle=page.id,
            display_name=page.name,
            base_url=self.api_url,
            secrets=secrets,
            expires_utc=expiry(self._token.get("expires_in"), self._clock),
        )

    async def _api(self, path: str, params: dict[str, str], step: Step) -> dict[str, Any]:
        headers = {
            "Authorization": f"Bearer {text(self._token.get('access_token'))}",
            "LinkedIn-Version": VERSION,
            "X-Restli-Protocol-Version": "2.0.0",
        }
        try:
            answer = await self._client().get(
                f"{self.api_url}{path}", params=params, headers=headers
            )
        except httpx.HTTPError as error:
            raise transport_failure(error, "LinkedIn") from None
        body = json_object(answer)
        if not answer.is_success or body is None:
            raise self._unexpected(answer, step)
        return body
