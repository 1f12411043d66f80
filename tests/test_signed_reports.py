"""Signed reports: each store signs its incident reports, debriefs and reports from
the public (PAdES, with its own certificate, made with the store); a PDF reader's
check (pyHanko's validator, trusting the store's exported certificate) finds them
signed over the whole file and unmodified, and the standalone verifier checks the
signature with nothing but Python."""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from asn1crypto import pem, x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import async_validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from console import audit_trail, pdf_sign
from console.reports import export
from incident import engage, report
from storage import audit, signing
from tests.desk import Desk
from tests.helpers import make_store, raw_db
from tests.reports.helpers import add_items, entries, item, report_from
from tests.reports.pdftext import pdf_text
from tests.team import Team

pytestmark = pytest.mark.asyncio


async def _reader_says(pdf: bytes, certificate_pem: bytes) -> tuple[bool, bool, str, str]:
    """What a PDF reader that trusts the store's published certificate shows."""
    _kind, _headers, der = pem.unarmor(certificate_pem)
    context = ValidationContext(trust_roots=[x509.Certificate.load(der)])
    signature = PdfFileReader(io.BytesIO(pdf)).embedded_signatures[0]
    status = await async_validate_pdf_signature(signature, context)
    coverage, modified = status.coverage, status.modification_level
    assert coverage is not None
    assert modified is not None
    return status.intact, status.valid, coverage.name, modified.name


def _verify(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-I", "-S", str(folder / "verify_cordon.py"), *args],
        capture_output=True, text=True, cwd=folder, timeout=120, check=False,
    )  # fmt: skip


async def _signed_report(desk: Desk, folder: Path) -> tuple[Path, Path]:
    store = desk.officer.store
    incident = await engage.engage(desk.officer, details=engage.Details("Flood", "", "", "r"))
    built = await report.build(store, incident.id)
    folder.mkdir()
    pdf = folder / "report.pdf"
    await report.export(store, built, pdf, actor="alice", reason="inquiry", recipient="IOPC")
    certificate = folder / "force.pem"
    await audit_trail.export_certificate(store, certificate, actor="alice")
    return pdf, certificate


async def test_a_store_is_made_with_its_own_certificate(
    tmp_path: Path, store_where: Path | str
) -> None:
    store = await make_store(store_where)
    other = await make_store(tmp_path / "t.cordon")
    mine = await store.run(signing.identity_of)
    theirs = await other.run(signing.identity_of)
    assert mine is not None and theirs is not None
    assert mine.fingerprint != theirs.fingerprint
    created = await store.run(lambda db: next(audit.iter_entries(db)))
    assert created.action == "store.create"
    assert json.loads(created.after or "{}")["certificate_sha256"] == mine.fingerprint
    assert "key" not in repr(mine).lower().replace("identity", "")
    await store.close()
    await other.close()


async def test_an_incident_report_is_signed_and_a_reader_shows_it_unmodified(
    desk: Desk, tmp_path: Path
) -> None:
    pdf, certificate = await _signed_report(desk, tmp_path / "bundle")
    data = pdf.read_bytes()
    assert await _reader_says(data, certificate.read_bytes()) == (True, True, "ENTIRE_FILE", "NONE")
    entry = json.loads((tmp_path / "bundle" / "report.pdf.checkpoint.json").read_text())["entry"]
    who = await desk.officer.store.run(signing.identity_of)
    assert who is not None
    assert json.loads(entry["after"])["certificate_sha256"] == who.fingerprint
    done = _verify(tmp_path / "bundle", "--report", "report.pdf", "--certificate", "force.pem")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "unchanged, signed with the store's certificate" in done.stdout


async def test_the_verifier_refuses_a_forged_or_foreign_signature(
    desk: Desk, tmp_path: Path
) -> None:
    pdf, _certificate = await _signed_report(desk, tmp_path / "bundle")
    folder = pdf.parent
    data = pdf.read_bytes()
    # A signed attribute changed inside the signature: the file's digest still matches,
    # the signature over the attributes does not.
    start = data.index(b"/Contents <") + len(b"/Contents <")
    cms = bytearray(bytes.fromhex(data[start : data.index(b">", start)].decode()))
    certificate_hash = cms.index(bytes.fromhex("060b2a864886f70d010910022f"))  # ESS cert v2
    cms[certificate_hash + 24] ^= 0x01  # a byte of the certificate's hash it names
    forged = data[:start] + cms.hex().encode() + data[start + 2 * len(cms) :]
    _bless(folder, forged)
    done = _verify(folder, "--report", "report.pdf")
    assert done.returncode == 1, done.stdout
    assert "signature does not verify with the store's certificate" in done.stdout
    # The real report, but the force published another store's certificate.
    _bless(folder, data)
    other = await make_store(tmp_path / "other.cordon")
    await audit_trail.export_certificate(other, folder / "other.pem", actor="alice")
    await other.close()
    done = _verify(folder, "--report", "report.pdf", "--certificate", "other.pem")
    assert done.returncode == 1
    assert "not the one the force published" in done.stdout


def _bless(folder: Path, data: bytes) -> None:
    """Write ``data`` as the report and make its checkpoint record that digest, as a
    forger with no way to re-hash the chain cannot; so only the signature can tell."""
    (folder / "report.pdf").write_bytes(data)
    cp_path = folder / "report.pdf.checkpoint.json"
    cp = json.loads(cp_path.read_text())
    after = json.loads(cp["entry"]["after"])
    after["sha256"] = hashlib.sha256(data).hexdigest()
    cp["entry"]["after"] = audit.canonical_json(after)
    fields = [cp["entry"][k] for k in audit.COLUMNS[1:11]]
    cp["entry"]["hash"] = cp["hash"] = audit.entry_hash(cp["entry"]["prev_hash"], tuple(fields))
    cp_path.write_text(json.dumps(cp))


async def test_a_store_made_before_signing_gets_its_certificate_once(
    tmp_path: Path, store_where: Path | str
) -> None:
    store = await make_store(store_where)
    with raw_db(store.where) as db:
        db.execute("DELETE FROM meta WHERE key IN ('signing_key', 'signing_certificate')")
    first = await pdf_sign.identity(store, actor="alice")
    again = await pdf_sign.identity(store, actor="alice")
    assert first == again
    actions = await store.run(lambda db: [e.action for e in audit.iter_entries(db)])
    assert actions.count("store.signing_certificate") == 1
    await store.close()


async def _public_report(team: Team, folder: Path, name: str = "handover.pdf") -> Path:
    """A report from the public (one post, its remote id the file's name), handed over
    as a PDF into ``folder``."""
    ids = await add_items(team.admin.store, item(name, "He took my bike — it’s red"))
    ref = (await report_from(team["dora"], ids)).reference
    folder.mkdir(exist_ok=True)
    out = folder / name
    await export.export_report(team["dora"], ref, out, reason="crime", recipient="Bureau")
    return out


async def test_a_report_from_the_public_is_signed_and_verifies(team: Team, tmp_path: Path) -> None:
    store = team.admin.store
    pdf = await _public_report(team, tmp_path / "bundle")
    certificate = tmp_path / "bundle" / "force.pem"
    await audit_trail.export_certificate(store, certificate, actor="alice")
    data = pdf.read_bytes()
    assert await _reader_says(data, certificate.read_bytes()) == (True, True, "ENTIRE_FILE", "NONE")
    assert "He took my bike — it’s red" in pdf_text(data)  # still read as it was drawn
    disclosure = (await entries(store, "report.export"))[-1]
    who = await store.run(signing.identity_of)
    assert who is not None
    after = json.loads(disclosure.after or "{}")
    assert after == {"version": 1, "format": "pdf", "file": "handover.pdf",
                     "certificate_sha256": who.fingerprint}  # fmt: skip
    beside = json.loads((pdf.parent / "handover.pdf.checkpoint.json").read_text())
    assert (beside["seq"], beside["hash"]) == (disclosure.seq, disclosure.hash)
    for pinned in ((), ("--certificate", "force.pem")):
        done = _verify(pdf.parent, "--report", "handover.pdf", *pinned)
        assert done.returncode == 0, done.stdout + done.stderr
        assert f"disclosed in entry #{disclosure.seq}" in done.stdout
        assert "unchanged, signed with the store's certificate" in done.stdout


async def test_a_report_from_the_public_changed_after_signing_does_not_verify(
    team: Team, tmp_path: Path
) -> None:
    pdf = await _public_report(team, tmp_path / "bundle")
    data = pdf.read_bytes()
    at = data.index(b"stream\n") + len(b"stream\n")  # a byte of the file's first stream
    pdf.write_bytes(data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :])
    done = _verify(pdf.parent, "--report", "handover.pdf")
    assert done.returncode == 1, done.stdout
    assert "handover.pdf does not match its signature: it changed after signing." in done.stdout
    # Another signed report of the same store, put in its place: signed, but it names
    # another disclosure than the checkpoint beside it carries.
    other = await _public_report(team, tmp_path / "bundle", "other.pdf")
    pdf.write_bytes(other.read_bytes())
    done = _verify(pdf.parent, "--report", "handover.pdf")
    assert done.returncode == 1, done.stdout
    assert "it does not name that entry" in done.stdout


async def test_a_store_made_before_signing_signs_its_first_report_from_the_public(
    team: Team, tmp_path: Path
) -> None:
    store = team.admin.store
    with raw_db(store.where) as db:
        db.execute("DELETE FROM meta WHERE key IN ('signing_key', 'signing_certificate')")
    pdf = await _public_report(team, tmp_path / "bundle")
    who = await store.run(signing.identity_of)
    assert who is not None
    made = await entries(store, "store.signing_certificate")
    assert len(made) == 1 and made[0].actor == "dora"
    disclosure = (await entries(store, "report.export"))[-1]
    assert json.loads(disclosure.after or "{}")["certificate_sha256"] == who.fingerprint
    done = _verify(pdf.parent, "--report", "handover.pdf")
    assert done.returncode == 0, done.stdout + done.stderr
