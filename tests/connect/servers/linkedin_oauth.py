"""The loopback LinkedIn API (``tests/channels/servers/linkedin_server.py``) with its
sign-in and the organization list, for the connect flow's tests.

Written from learn.microsoft.com/linkedin (Authorization Code Flow; Organization
Access Control; Organization Lookup): ``GET /oauth/v2/authorization`` (``response_type``,
``client_id``, ``redirect_uri``, ``state``, ``scope``) redirecting with ``code`` and
``state``, or ``error=user_cancelled_authorize``; ``POST /oauth/v2/accessToken`` with
``grant_type=authorization_code`` answering ``access_token``, ``expires_in``,
``refresh_token``, ``refresh_token_expires_in`` (a used code: 400 ``invalid_request``);
``GET /rest/organizationAcls?q=roleAssignee&role=...&state=APPROVED`` answering
``elements`` of ``{"organization", "role", "roleAssignee", "state"}``; ``GET
/rest/organizations/{id}`` with ``localizedName``. The member administers the server's
organization; no other.
"""

from __future__ import annotations

from typing import Any

from tests.channels.servers.linkedin_server import LinkedInApp, li_error
from tests.channels.servers.scripted_http import Request, Response
from tests.connect.servers.authorization import Codes, Grant


class LinkedInOAuthApp(LinkedInApp):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.codes = Codes()
        self.administers = True

    def handle(self, request: Request) -> Response:
        if request.method == "GET" and request.path == "/oauth/v2/authorization":
            return self._authorization(request)
        if request.path == "/oauth/v2/accessToken" and (
            request.form().get("grant_type") == "authorization_code"
        ):
            return self._code(request.form())
        token = request.bearer() or ""
        if request.path == "/rest/organizationAcls" and self._refused(token) is None:
            return self._acls(request)
        if request.path.startswith("/rest/organizations/") and self._refused(token) is None:
            number = request.path.rsplit("/", 1)[-1]
            if f"urn:li:organization:{number}" != self.organization:
                return li_error(403, "ACCESS_DENIED", "Not enough permissions")
            return Response.of(200, {"id": int(number), "localizedName": "Cordon Police"})
        return super().handle(request)

    def _authorization(self, request: Request) -> Response:
        query = request.query
        if query.get("client_id") != self.client_id:
            return Response.of(400, {"error": "invalid_request",
                                     "error_description": "Unknown client_id"})  # fmt: skip
        grant = Grant(self.client_id, query.get("redirect_uri", ""), "", query.get("scope", ""),
                      "member-1", self.codes.expires_at())  # fmt: skip
        location = self.codes.redirect(
            grant.redirect_uri,
            query.get("state", ""),
            grant,
            error="user_cancelled_authorize",
            error_description="The user cancelled the authorization",
        )
        return Response(302, b"", {"Location": location}, plain=True)

    def _code(self, form: dict[str, str]) -> Response:
        if form.get("client_id") != self.client_id or form.get("client_secret") != (
            self.client_secret
        ):
            refused = {"error": "invalid_client", "error_description": "Client auth failed"}
            return Response.of(401, refused)
        grant = self.codes.redeem(form.get("code", ""), self.client_id,
                                  form.get("redirect_uri", ""), "")  # fmt: skip
        if grant is None:
            return Response.of(400, {"error": "invalid_request", "error_description":
                                     "Unable to retrieve access token: authorization code "
                                     "not found"})  # fmt: skip
        token, refresh = self.issue()
        return Response.of(200, {"access_token": token, "expires_in": 5183999,
                                 "refresh_token": refresh,
                                 "refresh_token_expires_in": 31535999})  # fmt: skip

    def _acls(self, request: Request) -> Response:
        role = request.query.get("role")
        elements = []
        if self.administers and role == "ADMINISTRATOR":
            elements.append({"organization": self.organization, "role": role,
                             "roleAssignee": "urn:li:person:member-1",
                             "state": "APPROVED"})  # fmt: skip
        return Response.of(200, {"elements": elements, "paging": {"count": len(elements)}})
