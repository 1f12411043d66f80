"""The loopback Threads API (``tests/channels/servers/threads_server.py``) with its
sign-in, for the connect flow's tests.

Written from developers.facebook.com/docs/threads (Get Access Tokens and Permissions,
Long-Lived Tokens): the authorization window ``GET /oauth/authorize`` (on threads.net)
with ``client_id``, ``redirect_uri`` (one of the app's Redirect Callback URLs),
``scope``, ``response_type=code`` and ``state``, answered with a redirect carrying
``code`` and ``state``, or ``error=access_denied``, ``error_reason=user_denied`` and
``error_description``; the code exchange ``POST /oauth/access_token``
(``client_id``, ``client_secret``, ``grant_type=authorization_code``,
``redirect_uri``, ``code``) answering ``{"access_token", "user_id"}`` (a short-lived
token); the long-lived exchange ``/access_token?grant_type=th_exchange_token`` with
``client_secret`` and the short-lived token, answering ``{"access_token",
"token_type", "expires_in": 5184000}``.
"""

from __future__ import annotations

from typing import Any

from tests.channels.servers.facebook_server import graph_error
from tests.channels.servers.scripted_http import Request, Response
from tests.channels.servers.threads_server import ThreadsApp
from tests.connect.servers.authorization import Codes, Grant


class ThreadsOAuthApp(ThreadsApp):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.codes = Codes()
        self.short_lived: set[str] = set()

    def handle(self, request: Request) -> Response:
        if request.method == "GET" and request.path == "/oauth/authorize":
            return self._window(request)
        if request.method == "POST" and request.path == "/oauth/access_token":
            return self._code(request.form())
        if request.path == "/access_token":
            return self._long_lived(request)
        return super().handle(request)

    def _window(self, request: Request) -> Response:
        query = request.query
        if query.get("client_id") != self.client_id:
            return graph_error("Invalid platform app", 1)
        grant = Grant(self.client_id, query.get("redirect_uri", ""), "", query.get("scope", ""),
                      self.user_id, self.codes.expires_at())  # fmt: skip
        location = self.codes.redirect(
            grant.redirect_uri,
            query.get("state", ""),
            grant,
            error="access_denied",
            error_reason="user_denied",
            error_description="Permissions error",
        )
        return Response(302, b"", {"Location": location}, plain=True)

    def _code(self, form: dict[str, str]) -> Response:
        if form.get("client_id") != self.client_id or form.get("client_secret") != (
            self.client_secret
        ):
            return graph_error("Error validating client secret.", 1)
        grant = self.codes.redeem(form.get("code", ""), self.client_id,
                                  form.get("redirect_uri", ""), "")  # fmt: skip
        if grant is None or form.get("grant_type") != "authorization_code":
            return graph_error("Invalid verification code format.", 100, 36007)
        short = self.issue(lifetime=3600, age=0)
        self.short_lived.add(short)
        return Response.of(200, {"access_token": short, "user_id": int(self.user_id)})

    def _long_lived(self, request: Request) -> Response:
        values = {**request.query, **(request.form() if request.method == "POST" else {})}
        if values.get("grant_type") != "th_exchange_token":
            return graph_error("Unsupported grant_type.", 100)
        if values.get("client_secret") != self.client_secret:
            return graph_error("Error validating client secret.", 1)
        short = request.bearer() or values.get("access_token", "")
        if short not in self.short_lived:
            return graph_error("Invalid OAuth access token - Cannot parse access token", 190)
        lasting = self.issue(age=0)
        return Response.of(200, {"access_token": lasting, "token_type": "bearer",
                                 "expires_in": 5184000})  # fmt: skip
