"""The Mastodon stub (``tests/channels/servers/mastodon_stub.py``) with app registration
and the authorization code grant, for the connect flow's tests.

Written from docs.joinmastodon.org (the ``mastodon/documentation`` repository):

* /methods/apps/#create: ``POST /api/v1/apps`` (form: ``client_name``,
  ``redirect_uris``, ``scopes``, ``website``) answers an Application with ``id``,
  ``name``, ``website``, ``scopes``, ``redirect_uri``, ``redirect_uris``,
  ``client_id``, ``client_secret``; 422 ``{"error": "Validation failed: ..."}`` when
  a field is missing or the redirect URI is not absolute.
* /methods/oauth/#authorize: ``GET /oauth/authorize`` (``response_type=code``,
  ``client_id``, ``redirect_uri`` one of the registered ones, ``scope`` a subset of
  the registered scopes, ``state``, ``code_challenge``, ``code_challenge_method`` =
  ``S256``, ``force_login``); after the officer's answer, a redirect with ``code`` and
  ``state``, or with Doorkeeper's ``error=access_denied`` and ``error_description``.
* /methods/oauth/#token: ``POST /oauth/token`` with ``grant_type=authorization_code``:
  401 ``invalid_client`` for a wrong client id or secret, 400 ``invalid_grant`` for a
  code that is unknown, used, expired, for another redirect URI or whose PKCE
  verifier does not match; else a Token (``access_token``, ``token_type``, ``scope``,
  ``created_at``). The refresh grant stays the stub's own.

The token it issues works on the stub's other routes (``verify_credentials`` etc.).
"""

from __future__ import annotations

import itertools
import secrets
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.channels.servers.mastodon_stub import StubServer, _Handler
from tests.connect.servers.authorization import Codes, Grant

DENIED = "The resource owner or authorization server denied the request."
INVALID_GRANT = (
    "The provided authorization grant is invalid, expired, revoked, does not match the "
    "redirection URI used in the authorization request, or was issued to another client."
)

GOTOSOCIAL_USED_CODE = (
    'ERROR: insert or update on table "tokens" violates foreign key constraint (SQLSTATE 23503)'
)


@dataclass
class App:
    client_id: str
    client_secret: str
    redirect_uris: list[str]
    scopes: set[str]


@dataclass
class OAuthState:
    apps: dict[str, App] = field(default_factory=dict)
    codes: Codes = field(default_factory=Codes)
    signed_in: str = "1"  # the stub account the officer signs in as
    ids: itertools.count[int] = field(default_factory=lambda: itertools.count(563419))


class MastodonOAuthServer(StubServer):
    def __init__(self) -> None:
        super().__init__()
        self.RequestHandlerClass = _OAuthHandler
        self.oauth = OAuthState()


class _OAuthHandler(_Handler):
    server: MastodonOAuthServer

    def _route(
        self, method: str, path: str, query: dict[str, list[str]], body: bytes
    ) -> tuple[int, Any, dict[str, str]]:
        form = {k: v[-1] for k, v in parse_qs(body.decode(), keep_blank_values=True).items()}
        if method == "POST" and path == "/api/v1/apps":
            return self._register(form)
        if method == "GET" and path == "/oauth/authorize":
            return self._authorize({k: v[-1] for k, v in query.items()})
        if (
            method == "POST"
            and path == "/oauth/token"
            and (form.get("grant_type") == "authorization_code")
        ):
            return self._exchange(form)
        return super()._route(method, path, query, body)

    def _register(self, form: dict[str, str]) -> tuple[int, Any, dict[str, str]]:
        name, uris = form.get("client_name", ""), form.get("redirect_uris", "").split()
        if not name:
            return 422, {"error": "Validation failed: Application name can't be blank"}, {}
        if not uris or any(not urlsplit(uri).scheme for uri in uris):
            return 422, {"error": "Validation failed: Redirect URI must be an absolute URI."}, {}
        oauth = self.server.oauth
        app = App(
            secrets.token_urlsafe(32),
            secrets.token_urlsafe(32),
            uris,
            set((form.get("scopes") or "read").split()),
        )
        oauth.apps[app.client_id] = app
        return (
            200,
            {
                "id": str(next(oauth.ids)),
                "name": name,
                "website": form.get("website") or None,
                "scopes": sorted(app.scopes),
                "redirect_uri": "\n".join(uris),
                "redirect_uris": uris,
                "client_id": app.client_id,
                "client_secret": app.client_secret,
                "client_secret_expires_at": 0,
            },
            {},
        )

    def _authorize(self, query: dict[str, str]) -> tuple[int, Any, dict[str, str]]:
        oauth = self.server.oauth
        app = oauth.apps.get(query.get("client_id", ""))
        redirect_uri = query.get("redirect_uri", "")
        if app is None or redirect_uri not in app.redirect_uris:
            return 400, {"error": "invalid_client"}, {}  # Doorkeeper shows an error page
        scope = query.get("scope") or "read"
        if query.get("response_type") != "code" or not set(scope.split()) <= app.scopes:
            return 400, {"error": "invalid_request"}, {}
        challenge = query.get("code_challenge", "")
        if challenge and query.get("code_challenge_method") != "S256":
            return 400, {"error": "invalid_request"}, {}
        grant = Grant(
            app.client_id, redirect_uri, challenge, scope, oauth.signed_in, oauth.codes.expires_at()
        )
        location = oauth.codes.redirect(
            redirect_uri,
            query.get("state", ""),
            grant,
            error="access_denied",
            error_description=DENIED,
        )
        return 302, {}, {"Location": location}

    def _exchange(self, form: dict[str, str]) -> tuple[int, Any, dict[str, str]]:
        oauth, state = self.server.oauth, self.server.state
        app = oauth.apps.get(form.get("client_id", ""))
        if app is None or app.client_secret != form.get("client_secret"):
            return (
                401,
                {
                    "error": "invalid_client",
                    "error_description": "Client authentication failed due to unknown client, "
                    "no client authentication included, or unsupported authentication method.",
                },
                {},
            )
        grant = oauth.codes.redeem(
            form.get("code", ""),
            app.client_id,
            form.get("redirect_uri", ""),
            form.get("code_verifier", ""),
        )
        if grant is None and state.gotosocial:
            # GoToSocial's answer to a used code (seen on a real one): its database's words.
            return 400, {"error": f"Bad Request: {GOTOSOCIAL_USED_CODE}"}, {}
        if grant is None:
            return 400, {"error": "invalid_grant", "error_description": INVALID_GRANT}, {}
        access = secrets.token_urlsafe(32)
        state.tokens[access] = grant.subject
        return (
            200,
            {
                "access_token": access,
                "token_type": "Bearer",
                "scope": grant.scope,
                "created_at": int(time.time()),
            },
            {},
        )


def start() -> MastodonOAuthServer:
    server = MastodonOAuthServer()
    server.start()
    return server
