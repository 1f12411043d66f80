"""The loopback X API (``tests/channels/servers/x_server.py``) with OAuth 2.0
Authorization Code with PKCE, for the connect flow's tests.

Written from docs.x.com (/resources/fundamentals/authentication/oauth-2-0/
authorization-code and .../user-access-token):

* ``GET /i/oauth2/authorize`` (on x.com) with ``response_type=code``, ``client_id``,
  ``redirect_uri`` (exactly the registered callback), ``scope``, ``state``,
  ``code_challenge``, ``code_challenge_method`` (``S256`` or ``plain``); the
  officer's answer comes back as a redirect with ``state`` and ``code``, or
  ``error=access_denied``.
* ``POST /2/oauth2/token`` (on api.x.com) with ``grant_type=authorization_code``,
  ``code``, ``client_id``, ``redirect_uri``, ``code_verifier``: ``token_type``,
  ``expires_in`` (7,200), ``access_token``, ``scope`` and, with ``offline.access``,
  ``refresh_token``. A code that is wrong, used or expired is 400
  ``invalid_request`` "Value passed for the authorization code was invalid."; an
  unknown client is 401 ``unauthorized_client``. The refresh grant stays the
  server's own.
"""

from __future__ import annotations

import secrets
import time

from tests.channels.servers.scripted_http import Request, Response
from tests.channels.servers.x_server import Token, XApp
from tests.connect.servers.authorization import Codes, Grant

KNOWN_SCOPES = {
    "tweet.read",
    "tweet.write",
    "users.read",
    "media.write",
    "offline.access",
    "follows.read",
    "like.read",
}


class XOAuthApp(XApp):
    def __init__(self, callback: str = "", **kwargs: str) -> None:
        super().__init__(**kwargs)
        self.callback = callback  # the app's registered callback; "" takes any loopback one
        self.codes = Codes()
        self.grant_only: set[str] | None = None  # scopes the officer leaves ticked

    def handle(self, request: Request) -> Response:
        if request.method == "GET" and request.path == "/i/oauth2/authorize":
            return self._authorize(request)
        if request.path == "/2/oauth2/token" and (
            request.form().get("grant_type") == "authorization_code"
        ):
            return self._exchange(request)
        return super().handle(request)

    def _authorize(self, request: Request) -> Response:
        query = request.query
        redirect_uri = query.get("redirect_uri", "")
        registered = redirect_uri == self.callback or (
            not self.callback and redirect_uri.startswith("http://127.0.0.1:")
        )
        if query.get("client_id") != self.client_id or not registered:
            return Response(
                400, b"<html>Something went wrong</html>", {"Content-Type": "text/html"}
            )
        scopes = set(query.get("scope", "").split())
        if query.get("response_type") != "code" or not scopes or not scopes <= KNOWN_SCOPES:
            return Response(
                400, b"<html>Something went wrong</html>", {"Content-Type": "text/html"}
            )
        if query.get("code_challenge_method") not in ("S256", "plain"):
            return Response(
                400, b"<html>Something went wrong</html>", {"Content-Type": "text/html"}
            )
        granted = scopes if self.grant_only is None else scopes & self.grant_only
        grant = Grant(
            self.client_id,
            redirect_uri,
            query.get("code_challenge", ""),
            " ".join(sorted(granted)),
            self.user_id,
            self.codes.expires_at(),
        )
        location = self.codes.redirect(
            redirect_uri, query.get("state", ""), grant, error="access_denied"
        )
        return Response(302, b"", {"Location": location}, plain=True)

    def _exchange(self, request: Request) -> Response:
        form = request.form()
        if form.get("client_id") != self.client_id:
            return Response.of(
                401,
                {
                    "error": "unauthorized_client",
                    "error_description": "Missing valid authorization header",
                },
            )
        grant = self.codes.redeem(
            form.get("code", ""),
            self.client_id,
            form.get("redirect_uri", ""),
            form.get("code_verifier", ""),
        )
        if grant is None:
            return Response.of(
                400,
                {
                    "error": "invalid_request",
                    "error_description": "Value passed for the authorization code was invalid.",
                },
            )
        access = secrets.token_urlsafe(24)
        self.tokens[access] = Token(grant.subject, time.time() + 7200)
        body: dict[str, object] = {
            "token_type": "bearer",
            "expires_in": 7200,
            "access_token": access,
            "scope": grant.scope,
        }
        if "offline.access" in grant.scope.split():
            refresh = secrets.token_urlsafe(24)
            self.refresh_tokens[refresh] = grant.subject
            body["refresh_token"] = refresh
        return Response.of(200, body)
