"""Connecting a Bluesky account with a handle and an app password (no browser).

References:

* Lexicons in ``bluesky-social/atproto``: ``com/atproto/identity/resolveHandle.json``
  (``GET /xrpc/com.atproto.identity.resolveHandle?handle=`` gives ``did``; 400
  ``HandleNotFound`` or "Unable to resolve handle"), ``com/atproto/server/
  createSession.json`` (``identifier``, ``password``; gives ``accessJwt``,
  ``refreshJwt``, ``handle``, ``did``; errors ``AccountTakedown`` and
  ``AuthFactorTokenRequired``; a wrong password is 401 ``AuthenticationRequired``),
  ``com/atproto/server/deleteSession.json`` (with the refresh JWT).
* https://atproto.com/specs/did: a ``did:plc`` document comes from the PLC directory
  (``https://plc.directory/{did}``), a ``did:web`` one from
  ``https://{host}/.well-known/did.json``; the account's PDS is the service with id
  ``#atproto_pds`` and type ``AtprotoPersonalDataServer``.
* The PDS's legacy session tokens (``@atproto/pds`` ``auth-verifier``): the access
  JWT's ``scope`` is ``com.atproto.appPass`` or ``com.atproto.appPassPrivileged``
  for a session made with an app password, ``com.atproto.access`` for one made with
  the account's main password. App passwords skip the email sign-in code, so
  ``AuthFactorTokenRequired`` also means a main password was given.
* https://bsky.app/settings/app-passwords (Bluesky: Settings, Privacy and security,
  App passwords) is where the officer creates one.

Cordon refuses the account's main password: the session made with it is deleted
again at once and the officer is told to create an app password. The result is
what ``console.channels.bluesky.BlueskyAdapter`` reads: the PDS as the base URL,
the handle, and ``app_password``, ``access_jwt``, ``refresh_jwt``, ``did``.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
import re
from typing import Any, ClassVar
from urllib.parse import quote, urlsplit

import httpx

from console.connect.base import (
    LOOPBACK_HOSTS,
    ConnectFailed,
    ConnectResult,
    FieldSpec,
    client,
    expiry_at,
    host_of,
    json_object,
    normalise_base_url,
    scrub,
    text,
    transport_failure,
)
from storage.i18n import N_, _

log = logging.getLogger(__name__)

ENTRYWAY = "https://bsky.social"
PLC_URL = "https://plc.directory"
APP_PASSWORD_SCOPES = {"com.atproto.appPass", "com.atproto.appPassPrivileged"}
MAIN_PASSWORD_SCOPE = "com.atproto.access"  # noqa: S105 (a scope name)
HANDLE = re.compile(r"^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$")
MAKE_ONE = (
    "create an app password in Bluesky (Settings, Privacy and security, App passwords) "
    "and enter that here"
)

# What Cordon was doing when the server said no: each a whole sentence.
LOOKING_UP_THE_HANDLE = N_(
    "{where} refused Cordon while looking up the handle ({reason}): nothing was connected. "
    "Try again in a few minutes."
)
SIGNING_IN = N_(
    "{where} refused Cordon while signing in ({reason}): nothing was connected. Try again in "
    "a few minutes."
)


class BlueskyConnect:
    """Connect a Bluesky account from its handle and an app password: ``await connect()``."""

    network: ClassVar[str] = "bluesky"
    label: ClassVar[str] = "Bluesky"
    FIELDS: ClassVar[tuple[FieldSpec, ...]] = (
        FieldSpec("handle", N_("Bluesky handle"), hint=N_("For example policeforce.bsky.social.")),
        FieldSpec(
            "app_password",
            N_("App password"),
            hint=N_(
                "Not the account's password: create an app password in Bluesky under "
                "Settings, Privacy and security, App passwords."
            ),
            secret=True,
        ),
        FieldSpec(
            "entryway",
            N_("Bluesky service"),
            hint=N_("Leave as it is unless the force hosts its own Bluesky server."),
            default=ENTRYWAY,
            required=False,
        ),
    )

    def __init__(
        self,
        handle: str,
        app_password: str,
        *,
        entryway: str = ENTRYWAY,
        plc_url: str = PLC_URL,
    ) -> None:
        self.handle = _normalise_handle(handle)
        if not app_password.strip():
            raise ConnectFailed(
                _("Enter an app password for {self.handle}: {MAKE_ONE}.").format(
                    self=self, MAKE_ONE=MAKE_ONE
                ),
                "bad_input",
            )
        self._password = app_password.strip()
        self.entryway = normalise_base_url(entryway or ENTRYWAY, "Bluesky service")
        self._plc = plc_url.rstrip("/")
        self._http: httpx.AsyncClient | None = None

    def __repr__(self) -> str:
        return f"BlueskyConnect({self.handle!r}, {self.entryway!r})"

    async def aclose(self) -> None:
        http, self._http = self._http, None
        if http is not None:
            await http.aclose()

    async def __aenter__(self) -> BlueskyConnect:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    # -- the one step ---------------------------------------------------------------------

    async def connect(self) -> ConnectResult:
        """Find the account's server, make a session with the app password, check it."""
        did = await self._resolve_handle()
        pds = await self._pds_of(did)
        session = await self._create_session(pds)
        access, refresh = text(session.get("accessJwt")), text(session.get("refreshJwt"))
        claims = _claims(access)
        scope = text(claims.get("scope"))
        if scope == MAIN_PASSWORD_SCOPE:
            await self._delete_session(pds, refresh)
            raise ConnectFailed(
                _(
                    "That is the main password of {self.handle}, not an app "
                    "password. Cordon does not keep main passwords: {MAKE_ONE}."
                ).format(self=self, MAKE_ONE=MAKE_ONE),
                "not_app_password",
            )
        if text(session.get("did")) != did:
            raise ConnectFailed(
                _(
                    "The Bluesky server signed in a different account from "
                    "{self.handle}: nothing was connected. Check the handle and "
                    "try again."
                ).format(self=self),
                "network",
            )
        if scope and scope not in APP_PASSWORD_SCOPES:
            log.warning("Bluesky session with an unexpected scope (%s)", scrub(scope, [], 60))
        handle = text(session.get("handle")) or self.handle
        return ConnectResult(
            network=self.network,
            handle=handle,
            display_name=f"@{handle}",
            base_url=pds,
            secrets={
                "app_password": self._password,
                "access_jwt": access,
                "refresh_jwt": refresh,
                "did": did,
            },
            expires_utc=expiry_at(claims.get("exp")),
        )

    # -- steps ----------------------------------------------------------------------------

    async def _resolve_handle(self) -> str:
        where = host_of(self.entryway)
        answer = await self._get(
            f"{self.entryway}/xrpc/com.atproto.identity.resolveHandle",
            where,
            params={"handle": self.handle},
        )
        body = json_object(answer)
        if body is None:
            raise ConnectFailed(
                _(
                    "{where} answered, but not as a Bluesky service: check the "
                    "service address (usually https://bsky.social)."
                ).format(where=where),
                "not_the_network",
            )
        did = text(body.get("did"))
        if answer.status_code == 400 or (answer.is_success and not did.startswith("did:")):
            raise ConnectFailed(
                _(
                    "Bluesky does not know the handle @{self.handle}: check its "
                    "spelling (as shown on the account's profile, such as "
                    "policeforce.bsky.social)."
                ).format(self=self),
                "bad_input",
            )
        if not answer.is_success:
            raise self._unexpected(answer, where, LOOKING_UP_THE_HANDLE)
        return did

    async def _pds_of(self, did: str) -> str:
        if did.startswith("did:plc:"):
            url, where = f"{self._plc}/{quote(did, safe=':')}", host_of(self._plc)
        elif did.startswith("did:web:"):
            host = did.removeprefix("did:web:").replace("%3A", ":")
            url, where = f"https://{host}/.well-known/did.json", host
        else:
            raise self._no_pds()
        answer = await self._get(url, where)
        document = json_object(answer)
        if not answer.is_success or document is None:
            raise self._no_pds()
        services = document.get("service")
        for service in services if isinstance(services, list) else []:
            if (
                isinstance(service, dict)
                and text(service.get("id")).endswith("#atproto_pds")
                and service.get("type") == "AtprotoPersonalDataServer"
            ):
                endpoint = text(service.get("serviceEndpoint")).rstrip("/")
                parts = urlsplit(endpoint)
                if parts.scheme == "https" or (
                    parts.scheme == "http" and parts.hostname in LOOPBACK_HOSTS
                ):
                    return endpoint
        raise self._no_pds()

    async def _create_session(self, pds: str) -> dict[str, Any]:
        where = host_of(pds)
        try:
            answer = await self._client().post(
                f"{pds}/xrpc/com.atproto.server.createSession",
                json={"identifier": self.handle, "password": self._password},
            )
        except httpx.HTTPError as error:
            raise transport_failure(error, where) from None
        body = json_object(answer) or {}
        said = text(body.get("error"))
        if said == "AuthFactorTokenRequired":
            raise ConnectFailed(
                _(
                    "Bluesky asked for the code it emails at sign-in, which "
                    "means that is the main password of {self.handle}, not an "
                    "app password: {MAKE_ONE}."
                ).format(self=self, MAKE_ONE=MAKE_ONE),
                "not_app_password",
            )
        if said == "AccountTakedown":
            raise ConnectFailed(
                _(
                    "Bluesky has taken down or suspended {self.handle}, so it "
                    "cannot be connected: contact Bluesky's moderation team."
                ).format(self=self),
                "refused",
            )
        if answer.status_code == 401:
            raise ConnectFailed(
                _(
                    "Bluesky did not accept that app password for {self.handle}: "
                    "check it (it looks like xxxx-xxxx-xxxx-xxxx), or {MAKE_ONE}."
                ).format(self=self, MAKE_ONE=MAKE_ONE),
                "wrong_password",
            )
        if answer.is_success and text(body.get("accessJwt")) and text(body.get("refreshJwt")):
            return body
        raise self._unexpected(answer, where, SIGNING_IN)

    async def _delete_session(self, pds: str, refresh: str) -> None:
        """End a session Cordon will not keep (best effort: it expires anyway)."""
        try:
            await self._client().post(
                f"{pds}/xrpc/com.atproto.server.deleteSession",
                headers={"Authorization": f"Bearer {refresh}"},
            )
        except httpx.HTTPError:
            log.info("could not end the refused Bluesky session; it will expire by itself")

    # -- HTTP -----------------------------------------------------------------------------

    def _client(self) -> httpx.AsyncClient:
        if self._http is None:
            self._http = client()
        return self._http

    async def _get(self, url: str, where: str, **kwargs: Any) -> httpx.Response:
        try:
            return await self._client().get(url, **kwargs)
        except httpx.HTTPError as error:
            raise transport_failure(error, where) from None

    def _no_pds(self) -> ConnectFailed:
        return ConnectFailed(
            _(
                "Cordon could not find which Bluesky server holds @{handle}: try again "
                "later, or check the handle."
            ).format(handle=self.handle),
            "network",
        )

    def _unexpected(self, answer: httpx.Response, where: str, refused: str) -> ConnectFailed:
        """A sentence for an answer Cordon cannot use: ``refused`` (marked ``N_``) names
        the step, filled with ``where`` and the network's words."""
        if answer.status_code == 429:
            return ConnectFailed(
                _(
                    "Bluesky is limiting sign-ins from this computer just now: wait five "
                    "minutes, then try again."
                ),
                "network",
            )
        body = json_object(answer) or {}
        said = scrub(text(body.get("message")) or text(body.get("error")), [self._password])
        said = said or f"HTTP {answer.status_code}"
        return ConnectFailed(_(refused).format(where=where, reason=said), "network")


def _normalise_handle(typed: str) -> str:
    handle = typed.strip().removeprefix("@").lower()
    if not HANDLE.match(handle):
        raise ConnectFailed(
            _(
                "Enter the account's Bluesky handle, such as "
                "policeforce.bsky.social (without spaces)."
            ),
            "bad_input",
        )
    return handle


def _claims(jwt: str) -> dict[str, Any]:
    """A JWT's claims, read without checking its signature (only the server can)."""
    parts = jwt.split(".")
    if len(parts) != 3:
        return {}
    try:
        payload = base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4))
        claims = json.loads(payload)
    except (binascii.Error, ValueError):
        return {}
    return claims if isinstance(claims, dict) else {}
