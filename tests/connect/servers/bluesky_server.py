"""A loopback Bluesky entryway, PLC directory and PDS (the parts a sign-in touches).

Written from the lexicons in ``bluesky-social/atproto`` and the PDS's behaviour:

* ``GET /xrpc/com.atproto.identity.resolveHandle?handle=``: ``{"did"}``; an unknown
  handle is 400 ``{"error": "InvalidRequest", "message": "Unable to resolve handle"}``.
* ``GET /{did}`` (the PLC directory, https://web.plc.directory/api/redoc): the DID
  document, whose ``service`` holds ``{"id": "#atproto_pds", "type":
  "AtprotoPersonalDataServer", "serviceEndpoint": ...}``; unknown is 404.
* ``POST /xrpc/com.atproto.server.createSession`` (``identifier``, ``password``):
  ``accessJwt``, ``refreshJwt``, ``handle``, ``did``, ``email``, ``emailConfirmed``,
  ``emailAuthFactor``, ``active``. The access JWT's ``scope`` is
  ``com.atproto.appPass`` for an app password and ``com.atproto.access`` for the main
  password (``@atproto/pds`` ``auth-verifier``). A wrong password is 401
  ``AuthenticationRequired`` "Invalid identifier or password"; the main password of
  an account with email sign-in codes switched on is 401 ``AuthFactorTokenRequired``.
* ``POST /xrpc/com.atproto.server.deleteSession`` with the refresh JWT.

One ``BlueskyApp`` plays every part; the tests run two (an entryway with the PLC
directory, and the account's PDS) so that they see which one was asked what.
"""

from __future__ import annotations

import base64
import json
import secrets
import time
from dataclasses import dataclass, field
from typing import Any

from tests.channels.servers.scripted_http import App, Request, Response


@dataclass
class BlueskyAccount:
    handle: str
    did: str
    password: str  # the main password
    app_passwords: set[str] = field(default_factory=set)
    email_auth_factor: bool = False


def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


def jwt(claims: dict[str, Any]) -> str:
    header = {"typ": "at+jwt", "alg": "HS256"}
    return f"{_b64(header)}.{_b64(claims)}.{secrets.token_urlsafe(32)}"


def _error(status: int, error: str, message: str) -> Response:
    return Response.of(status, {"error": error, "message": message})


class BlueskyApp(App):
    def __init__(self, accounts: list[BlueskyAccount], pds_url: str = "") -> None:
        super().__init__()
        self.accounts = accounts
        self.pds_url = pds_url
        self.sessions: dict[str, str] = {}  # refresh JWT -> did
        self.deleted: list[str] = []  # refresh JWTs of sessions ended

    def handle(self, request: Request) -> Response:
        if request.method == "GET" and request.path.startswith("/did:plc:"):
            return self._did_document(request.path[1:])
        routes = {
            ("GET", "/xrpc/com.atproto.identity.resolveHandle"): self._resolve,
            ("POST", "/xrpc/com.atproto.server.createSession"): self._create_session,
            ("POST", "/xrpc/com.atproto.server.deleteSession"): self._delete_session,
        }
        handler = routes.get((request.method, request.path))
        if handler is None:
            return _error(501, "MethodNotImplemented", "Method Not Implemented")
        return handler(request)

    def _find(self, identifier: str) -> BlueskyAccount | None:
        identifier = identifier.lower()
        return next((a for a in self.accounts if identifier in (a.handle, a.did)), None)

    def _resolve(self, request: Request) -> Response:
        account = self._find(request.query.get("handle", ""))
        if account is None:
            return _error(400, "InvalidRequest", "Unable to resolve handle")
        return Response.of(200, {"did": account.did})

    def _did_document(self, did: str) -> Response:
        account = self._find(did)
        if account is None:
            return Response.of(404, {"message": f"DID not registered: {did}"})
        return Response.of(
            200,
            {
                "@context": ["https://www.w3.org/ns/did/v1"],
                "id": account.did,
                "alsoKnownAs": [f"at://{account.handle}"],
                "verificationMethod": [],
                "service": [
                    {
                        "id": "#atproto_pds",
                        "type": "AtprotoPersonalDataServer",
                        "serviceEndpoint": self.pds_url,
                    }
                ],
            },
        )

    def _create_session(self, request: Request) -> Response:
        try:
            body = request.json()
            identifier, password = body["identifier"], body["password"]
        except (ValueError, KeyError, TypeError):
            return _error(400, "InvalidRequest", 'Input must have the property "identifier"')
        account = self._find(identifier)
        if account is None:
            return _error(401, "AuthenticationRequired", "Invalid identifier or password")
        if password in account.app_passwords:
            scope = "com.atproto.appPass"
        elif password == account.password:
            if account.email_auth_factor:
                return _error(
                    401,
                    "AuthFactorTokenRequired",
                    "A sign in code has been sent to your email address",
                )
            scope = "com.atproto.access"
        else:
            return _error(401, "AuthenticationRequired", "Invalid identifier or password")
        now = int(time.time())
        access = jwt({"scope": scope, "sub": account.did, "iat": now, "exp": now + 7200,
                      "aud": "did:web:pds.test"})  # fmt: skip
        refresh = jwt({"scope": "com.atproto.refresh", "sub": account.did, "iat": now,
                       "exp": now + 90 * 86400, "jti": secrets.token_urlsafe(16)})  # fmt: skip
        self.sessions[refresh] = account.did
        return Response.of(
            200,
            {
                "accessJwt": access,
                "refreshJwt": refresh,
                "handle": account.handle,
                "did": account.did,
                "email": f"comms@{account.handle}",
                "emailConfirmed": True,
                "emailAuthFactor": account.email_auth_factor,
                "active": True,
            },
        )

    def _delete_session(self, request: Request) -> Response:
        token = request.bearer() or ""
        if self.sessions.pop(token, None) is None:
            return _error(401, "InvalidToken", "Token could not be verified")
        self.deleted.append(token)
        return Response(200, b"", {})
