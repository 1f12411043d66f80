"""Secrets sealed with the store's data key before they reach a team store's server.

A SQLCipher store is encrypted whole, so a channel's tokens and the store's signing
key sit in it as they are. A team store's database is read by whoever administers
the server, so there each secret is sealed column by column: AES-256-GCM under a key
derived from the data key (HKDF-SHA256, its own purpose label), a fresh 96-bit nonce
per value, and associated data naming the store, the table, the column and the row,
so a sealed value copied to another row, column or store does not open. Only a
signed-in officer (whose key slot gave the data key) or a service handed the key can
open them; the database administrator sees ``sealed:v1:...``.
"""

from __future__ import annotations

import base64
import os
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from storage import pg
from storage.errors import StoreDamaged
from storage.i18n import _

PREFIX = "sealed:v1:"
_PURPOSE = b"cordon-team-store-secrets/v1"


class Sealer:
    """Seals and opens secrets for one store with its data key."""

    def __init__(self, data_key: bytes, store_id: str) -> None:
        key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_PURPOSE).derive(data_key)
        self._aead = AESGCM(key)
        self._store_id = store_id

    def _aad(self, context: str) -> bytes:
        return f"{self._store_id}|{context}".encode()

    def seal(self, text: str, context: str) -> str:
        nonce = os.urandom(12)
        sealed = self._aead.encrypt(nonce, text.encode("utf-8"), self._aad(context))
        return PREFIX + base64.b64encode(nonce + sealed).decode("ascii")

    def open(self, value: str, context: str) -> str:
        if not value.startswith(PREFIX):
            raise StoreDamaged(
                _(
                    "A secret of the team store ({context}) is not sealed: it "
                    "was written outside Cordon. Connect the channel again."
                ).format(context=context)
            )
        try:
            raw = base64.b64decode(value[len(PREFIX) :], validate=True)
            return self._aead.decrypt(raw[:12], raw[12:], self._aad(context)).decode("utf-8")
        except (ValueError, InvalidTag):
            raise StoreDamaged(
                _(
                    "A secret of the team store ({context}) does not open with "
                    "the store's key: it was changed or copied outside Cordon. "
                    "Connect the channel again."
                ).format(context=context)
            ) from None


def seal(db: Any, text: str, context: str) -> str:
    """``text`` as the store keeps it: sealed on a team store, as it is in SQLCipher."""
    if pg.is_postgres(db):
        return _sealer(db).seal(text, context)
    return text


def unseal(db: Any, value: str, context: str) -> str:
    """The secret ``seal`` kept as ``value``."""
    if pg.is_postgres(db):
        return _sealer(db).open(value, context)
    return value


def _sealer(db: Any) -> Sealer:
    sealer = getattr(db, "sealer", None)
    if not isinstance(sealer, Sealer):
        raise RuntimeError("a team store's connection has no sealer: open it through Store")
    return sealer
