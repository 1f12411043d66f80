"""The loopback Graph API (``tests/channels/servers/facebook_server.py``) with Facebook
Login and the Page list, for the connect flow's tests.

Written from developers.facebook.com:

* /docs/facebook-login/guides/advanced/manual-flow: ``GET /{version}/dialog/oauth``
  (on www.facebook.com) with ``client_id``, ``redirect_uri`` (one of the app's Valid
  OAuth Redirect URIs), ``state``, ``response_type``, ``scope`` (comma separated);
  a refusal comes back as ``error=access_denied&error_code=200&error_description=
  Permissions+error&error_reason=user_denied&state=...``. The code is exchanged at
  ``/{version}/oauth/access_token`` (``client_id``, ``redirect_uri``,
  ``client_secret``, ``code``) for ``{"access_token", "token_type", "expires_in"}``;
  a wrong secret is error code 1 "Error validating client secret.", a used or
  expired code code 100 (subcode 36009 "This authorization code has been used.").
* /docs/facebook-login/guides/access-tokens/get-long-lived: the long-lived exchange
  (``grant_type=fb_exchange_token``) stays the server's own.
* ``GET /me/accounts`` (the User ``accounts`` edge, Graph API reference): ``data`` of
  Pages with ``id``, ``name``, ``access_token``, ``tasks`` (``MANAGE``,
  ``CREATE_CONTENT``, ``MODERATE``, ``ADVERTISE``, ``ANALYZE``) and ``paging``.
* ``GET /{page-id}?fields=id,name`` with the Page's own token.

Besides the server's one Page (which the signed-in person can post to) it lists a
second Page on which they may only read insights.
"""

from __future__ import annotations

import secrets
from typing import Any

from tests.channels.servers.facebook_server import VERSION, FacebookApp, graph_error
from tests.channels.servers.scripted_http import Request, Response
from tests.connect.servers.authorization import Codes, Grant

ANALYST_PAGE = {"id": "1000002", "name": "Cordon Fire (insights only)"}


class FacebookOAuthApp(FacebookApp):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.codes = Codes()
        self.short_lived: set[str] = set()
        self.list_pages = True  # False: the person ticked no Page in the dialog

    def handle(self, request: Request) -> Response:
        prefix = f"/{VERSION}"
        path = request.path.removeprefix(prefix) if request.path.startswith(prefix) else ""
        if request.method == "GET" and path == "/dialog/oauth":
            return self._dialog(request)
        values = {**request.query, **(request.form() if request.method == "POST" else {})}
        if path == "/oauth/access_token" and "code" in values:
            return self._code(values)
        token = request.bearer() or request.query.get("access_token", "")
        if request.method == "GET" and path == "/me/accounts" and token in self.user_tokens:
            return self._accounts()
        if (
            request.method == "GET"
            and path == f"/{self.page_id}"
            and token in self.page_tokens
            and request.query.get("fields") == "id,name"
            and self._refused(token) is None
        ):
            return Response.of(200, self.page)
        return super().handle(request)

    def _dialog(self, request: Request) -> Response:
        query = request.query
        redirect_uri = query.get("redirect_uri", "")
        if query.get("client_id") != self.app_id:
            return graph_error(
                "Invalid App ID: The provided app ID does not look like a valid app ID.", 101
            )
        if not redirect_uri.startswith("http://127.0.0.1:"):
            return graph_error(
                "URL blocked: This redirect failed because the redirect URI is not "
                "whitelisted in the app's client OAuth settings.",
                191,
            )
        grant = Grant(
            self.app_id,
            redirect_uri,
            "",
            query.get("scope", ""),
            "user-1",
            self.codes.expires_at(),
        )
        location = self.codes.redirect(
            redirect_uri,
            query.get("state", ""),
            grant,
            error="access_denied",
            error_code="200",
            error_description="Permissions error",
            error_reason="user_denied",
        )
        return Response(302, b"", {"Location": location}, plain=True)

    def _code(self, values: dict[str, str]) -> Response:
        if values.get("client_id") != self.app_id or values.get("client_secret") != self.app_secret:
            return graph_error("Error validating client secret.", 1)
        grant = self.codes.redeem(
            values.get("code", ""), self.app_id, values.get("redirect_uri", ""), ""
        )
        if grant is None:
            return graph_error("This authorization code has been used.", 100, 36009)
        token = self.issue_user_token(lifetime=3600)
        self.short_lived.add(token)
        return Response.of(200, {"access_token": token, "token_type": "bearer", "expires_in": 3600})

    def _accounts(self) -> Response:
        if not self.list_pages:
            return Response.of(200, {"data": []})
        pages = [
            {
                **self.page,
                "access_token": self.issue_page_token(),
                "category": "Police Station",
                "tasks": [
                    "ADVERTISE",
                    "ANALYZE",
                    "CREATE_CONTENT",
                    "MESSAGING",
                    "MODERATE",
                    "MANAGE",
                ],
            },
            {
                **ANALYST_PAGE,
                "access_token": "EAAP" + secrets.token_urlsafe(24),
                "category": "Fire Station",
                "tasks": ["ANALYZE"],
            },
        ]
        cursors = {"before": "QVFIUmFi", "after": "QVFIUmxY"}
        return Response.of(200, {"data": pages, "paging": {"cursors": cursors}})
