"""The store's signing identity: a key pair and a self-signed certificate.

Every store has its own, made when the store is made (a store from before this is
given one the first time it signs). The private key lives only inside the
encrypted store (``meta``); the certificate is exported for the force to publish
or pin (``cordon store certificate``). Incident reports and debriefs are signed
with it (PAdES, ``console.pdf_sign``), and each disclosure records the
certificate's SHA-256, so a report's signature is tied to the store in the chain.

ECDSA on P-256 with SHA-256: small, fast to make (tests make thousands of stores),
read by every PDF reader, and short enough to verify with the standard library
alone (``storage/verify_cordon.py``).
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from storage.records import AuditCategory, StoreKind
from storage.secrets import seal, unseal

KEY, CERTIFICATE = "signing_key", "signing_certificate"
KEY_CONTEXT = "meta.signing_key"
VALID_YEARS = 30


@dataclass(frozen=True)
class Identity:
    key_der: bytes  # PKCS#8, never leaves the store
    certificate_der: bytes

    @property
    def fingerprint(self) -> str:
        """SHA-256 of the certificate (DER), as the audit trail records it."""
        return hashlib.sha256(self.certificate_der).hexdigest()

    def certificate_pem(self) -> bytes:
        certificate = x509.load_der_x509_certificate(self.certificate_der)
        return certificate.public_bytes(serialization.Encoding.PEM)

    def __repr__(self) -> str:  # never the key
        return f"Identity(certificate {self.fingerprint[:16]}…)"


def new_identity(store_id: str, kind: StoreKind, now: datetime.datetime) -> Identity:
    key = ec.generate_private_key(ec.SECP256R1())
    label = "Cordon exercise store" if kind is StoreKind.EXERCISE else "Cordon store"
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, f"{label} {store_id}"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Cordon"),
        ]
    )
    usage = x509.KeyUsage(
        digital_signature=True, content_commitment=True, key_encipherment=False,
        data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
        encipher_only=False, decipher_only=False,
    )  # fmt: skip
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=365 * VALID_YEARS))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(usage, critical=True)
        .sign(key, hashes.SHA256())
    )
    return Identity(
        key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ),
        certificate.public_bytes(serialization.Encoding.DER),
    )


def identity_of(db: Any) -> Identity | None:
    rows = dict(db.execute("SELECT key, value FROM meta WHERE key IN (?, ?)", (KEY, CERTIFICATE)))
    if KEY not in rows or CERTIFICATE not in rows:
        return None
    key = unseal(db, rows[KEY], KEY_CONTEXT)
    return Identity(bytes.fromhex(key), bytes.fromhex(rows[CERTIFICATE]))


def meta_rows(db: Any, identity: Identity) -> list[tuple[str, str]]:
    """The ``meta`` rows that keep ``identity`` (its key sealed on a team store)."""
    return [
        (KEY, seal(db, identity.key_der.hex(), KEY_CONTEXT)),
        (CERTIFICATE, identity.certificate_der.hex()),
    ]


def keep(tx: Any, identity: Identity, *, actor: str, store_id: str) -> None:
    """Inside a write: keep the identity in the store and record its certificate."""
    tx.db.executemany(
        "INSERT INTO meta (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        meta_rows(tx.db, identity),
    )
    tx.audit(
        actor=actor,
        action="store.signing_certificate",
        category=AuditCategory.SYSTEM,
        object_type="store",
        object_id=store_id,
        after={"certificate_sha256": identity.fingerprint},
    )
