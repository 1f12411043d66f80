"""Signing Cordon's PDF documents (PAdES baseline B, with pyHanko) with the store's
own certificate (``storage.signing``), so a PDF reader shows an incident report or
a debrief as signed and unmodified, and ``verify_cordon.py`` checks the signature
without Cordon."""

from __future__ import annotations

import io

from storage import signing
from storage.signing import Identity
from storage.store import Store, Transaction


async def identity(store: Store, *, actor: str) -> Identity:
    """The store's signing identity; a store made before stores had one gets it now
    (kept in the store, its certificate recorded in the audit trail)."""
    found = await store.run(signing.identity_of)
    if found is not None:
        return found
    made = signing.new_identity(store.store_id, store.kind, store.clock())

    def keep(tx: Transaction) -> Identity:
        existing = signing.identity_of(tx.db)  # another process may have made one
        if existing is not None:
            return existing
        signing.keep(tx, made, actor=actor, store_id=store.store_id)
        return made

    return await store.write(keep)


def load() -> None:
    """Import pyHanko now, on the caller's thread: for ``sign`` on another thread (the
    store's, inside a transaction), where an import could run the garbage collector
    and collect a window's Qt objects off the thread that made them."""
    from pyhanko.sign import signers  # noqa: F401


def sign(pdf: bytes, who: Identity, *, reason: str) -> bytes:
    """``pdf`` with an invisible PAdES signature over the whole file. Slow-ish (tens of
    milliseconds): run it off the event loop's thread."""
    from asn1crypto import keys, x509
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.fields import SigSeedSubFilter
    from pyhanko.sign.signers.pdf_signer import PdfSignatureMetadata
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    certificate = x509.Certificate.load(who.certificate_der)
    signer = signers.SimpleSigner(
        signing_cert=certificate,
        signing_key=keys.PrivateKeyInfo.load(who.key_der),
        cert_registry=SimpleCertificateStore.from_certs([certificate]),  # type: ignore[no-untyped-call]
    )
    metadata = PdfSignatureMetadata(
        field_name="Cordon",
        md_algorithm="sha256",
        subfilter=SigSeedSubFilter.PADES,
        reason=reason,
        location="Cordon",
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    signed = signers.sign_pdf(writer, metadata, signer=signer)
    return bytes(signed.getvalue())
