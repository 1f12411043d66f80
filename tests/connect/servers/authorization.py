"""What every loopback authorization server here does the same way: codes and consent.

An authorization request (RFC 6749 4.1.1) is checked against the registered client and
its redirect URI; the "officer" then allows or refuses (``consent``), and the answer
is a 302 back to ``redirect_uri`` with ``code`` and ``state``, or with
``error=access_denied`` and ``state`` (4.1.2.1). A code is single-use, short-lived
(``expire_codes`` ages them all at once) and bound to its client, redirect URI and
PKCE challenge (RFC 7636 4.6: ``BASE64URL(SHA256(code_verifier)) == code_challenge``).
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode


@dataclass
class Grant:
    client_id: str
    redirect_uri: str
    challenge: str  # "" when the client sent none
    scope: str
    subject: str  # the account that signed in
    expires_at: float


@dataclass
class Codes:
    """The codes one server has handed out, and how its "officer" answers."""

    consent: str = "allow"  # allow | deny
    lifetime: float = 60.0
    issued: dict[str, Grant] = field(default_factory=dict)
    tamper_state: bool = False  # send the browser back with another state (an attack)

    def redirect(self, redirect_uri: str, state: str, grant: Grant, **denial: str) -> str:
        """Where the browser goes after the officer answered."""
        sent_state = "forged-" + state if self.tamper_state else state
        if self.consent == "deny":
            query = {**denial, "state": sent_state}
        else:
            code = secrets.token_urlsafe(24)
            self.issued[code] = grant
            query = {"code": code, "state": sent_state}
        joiner = "&" if "?" in redirect_uri else "?"
        return f"{redirect_uri}{joiner}{urlencode(query)}"

    def redeem(self, code: str, client_id: str, redirect_uri: str, verifier: str) -> Grant | None:
        """The grant behind ``code``, once; ``None`` if anything does not match."""
        grant = self.issued.pop(code, None)
        if grant is None or grant.expires_at < time.time():
            return None
        if grant.client_id != client_id or grant.redirect_uri != redirect_uri:
            return None
        if grant.challenge and s256(verifier) != grant.challenge:
            return None
        return grant

    def expire_all(self) -> None:
        for grant in self.issued.values():
            grant.expires_at = time.time() - 1

    def expires_at(self) -> float:
        return time.time() + self.lifetime


def s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")
