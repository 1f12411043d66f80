"""Hand-over: a report exported as PDF or JSON, the export audited as a disclosure.

The disclosure's audit entry and the file are one transaction: a file that cannot
be written (a missing folder, a full disk) records nothing, and a file never goes
out without its entry. The document carries that entry's number and hash, so the
records system can tie what it received to Cordon's audit trail.

A PDF is evidence, signed with the store's own certificate (PAdES, as the incident
report and the debrief: ``console.pdf_sign``); its disclosure entry records the
certificate's SHA-256, and its checkpoint (``FILE.checkpoint.json``, the entry
whole) and the standalone verifier (``verify_cordon.py``) appear beside it. The
entry cannot also record the file's SHA-256, as theirs do: the file prints the
entry's hash, which would then depend on itself. So the PDF names the entry in its
signed metadata (``/Keywords (cordon-disclosure SEQ HASH)``), and
``python3 verify_cordon.py --report FILE`` checks the signature covers the whole
file, verifies with the certificate the entry records, and that the file names
that entry. It is signed inside the disclosing transaction, on the store's thread
(never the event loop's), because the file it signs is only made there.

The JSON schema (``"schema": "cordon.report/1"``; fields are only ever added):

```
{
  "schema": "cordon.report/1",
  "reference": str, "exercise": bool, "store_id": str,
  "marking": "EXERCISE EXERCISE EXERCISE",         # only in an exercise store's export
  "created_utc": str, "created_by": str,          # times: ISO 8601 UTC, ...Z
  "version": int,                                  # the current version
  "state": "open" | "answered" | "handed_over" | "closed",
  "category": str, "category_label": str,          # console.reports.grading.Category
  "grade": str, "grade_label": str,                # console.reports.grading.Grade
  "location": str, "summary": str,
  "thrive": {"threat": str, "harm": str, "risk": str, "investigation": str,
             "vulnerability": str, "engagement": str},
  "clock": {"start_utc": str, "allowed_minutes": int, "due_utc": str,
            "stopped_utc": str | null, "state": "ok" | "amber" | "red",
            "seconds_left": int,                   # negative when overdue
            "at_utc": str},                        # when it was read: the export
  "versions": [{"version": int, "at_utc": str, "by": str, "reason": str,
                "changes": {field: {"before": any, "after": any}},
                "content": {...the fields above...}, "content_sha256": str}],
  "items": [{"position": int, "source_item_id": int,
             "channel": {"id": int, "name": str, "network": str},
             "remote_id": str, "kind": str,
             "author": {"handle": str, "name": str},
             "text": str, "created_utc": str, "received_utc": str, "url": str,
             "conversation_id": str, "in_reply_to": str,
             "links": [str], "media": [str],
             "raw": str,                           # the network's JSON, as received
             "copied_utc": str}],
  "disclosure": {"by": str, "at_utc": str, "to": str, "reason": str,
                 "audit_seq": int, "audit_hash": str}
}
```
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from console import pdf_sign
from console.audit_trail import ship_checkpoint
from console.marking import EXERCISE_MARK
from console.permissions import Action, require
from console.reports.service import ReportView, read_view
from console.session import Session
from storage.errors import StoreError
from storage.files import out_path
from storage.i18n import _
from storage.records import AuditCategory, StoreKind
from storage.signing import Identity
from storage.staging import Staged, write_with_files
from storage.store import Transaction
from storage.timeutil import from_iso, to_iso

SCHEMA = "cordon.report/1"
FORMATS = (".pdf", ".json")


@dataclass(frozen=True)
class Disclosure:
    by: str
    at_utc: str
    to: str
    reason: str
    audit_seq: int
    audit_hash: str


@dataclass(frozen=True)
class Exported:
    path: Path
    reference: str
    version: int
    audit_seq: int


def document(
    view: ReportView, *, exercise: bool, store_id: str, disclosure: Disclosure
) -> dict[str, Any]:
    """The report as the JSON schema above (the PDF is drawn from the same dict)."""
    content, row = view.content, view.row
    clock = view.clock(from_iso(disclosure.at_utc))
    return {
        "schema": SCHEMA,
        **({"marking": EXERCISE_MARK} if exercise else {}),
        "reference": row.reference,
        "exercise": exercise,
        "store_id": store_id,
        "created_utc": row.created_utc,
        "created_by": row.created_by,
        "version": row.version,
        "state": content.state.value,
        "category": content.category.value,
        "category_label": content.category.label,
        "grade": content.grade.value,
        "grade_label": content.grade.label,
        "location": content.location,
        "summary": content.summary,
        "thrive": content.thrive.as_dict(),
        "clock": {
            "start_utc": row.clock_start_utc,
            "allowed_minutes": row.allowed_minutes,
            "due_utc": to_iso(clock.due),
            "stopped_utc": row.clock_stopped_utc,
            "state": clock.state.value,
            "seconds_left": int(clock.left.total_seconds()),
            "at_utc": disclosure.at_utc,
        },
        "versions": [
            {
                "version": v.version,
                "at_utc": v.at_utc,
                "by": v.by_user,
                "reason": v.reason,
                "changes": {k: {"before": b, "after": a} for k, (b, a) in v.changes.items()},
                "content": v.content,
                "content_sha256": v.content_sha256,
            }
            for v in view.history
        ],
        "items": [
            {
                "position": i.position,
                "source_item_id": i.source_item_id,
                "channel": {"id": i.channel_id, "name": i.channel_name, "network": i.network},
                "remote_id": i.remote_id,
                "kind": i.kind,
                "author": {"handle": i.author_handle, "name": i.author_name},
                "text": i.text,
                "created_utc": i.created_utc,
                "received_utc": i.received_utc,
                "url": i.url,
                "conversation_id": i.conversation_id,
                "in_reply_to": i.in_reply_to,
                "links": list(i.links),
                "media": list(i.media),
                "raw": i.raw,
                "copied_utc": i.copied_utc,
            }
            for i in view.items
        ],
        "disclosure": {
            "by": disclosure.by,
            "at_utc": disclosure.at_utc,
            "to": disclosure.to,
            "reason": disclosure.reason,
            "audit_seq": disclosure.audit_seq,
            "audit_hash": disclosure.audit_hash,
        },
    }


async def export_report(
    session: Session, ref: str, out: Path, *, reason: str, recipient: str
) -> Exported:
    """Write report ``ref`` to ``out`` (``.pdf`` or ``.json``) for hand-over to
    ``recipient``, recording the disclosure (who, to whom, why) with the file."""
    require(session.user, Action.EXPORT_REPORTS)
    if not reason.strip() or not recipient.strip():
        raise StoreError(_("Handing over a report is a disclosure: say why, and to whom it goes."))
    out = out_path(out, tuple(FORMATS), "a report")
    # The PDF library loads on the first export, not when the window or the command
    # line starts, and never inside the transaction (on the store's thread). On the
    # loop's thread, not a worker's: an import can run the garbage collector, and a
    # window's Qt objects must not be collected on another thread.
    from console.reports import pdf

    suffix = out.suffix.lower()
    store = session.store
    exercise = store.kind is StoreKind.EXERCISE
    signer: Identity | None = None
    signed: dict[str, str] = {}
    if suffix == ".pdf":  # signed with the store's own certificate (PAdES)
        signer = await pdf_sign.identity(store, actor=session.user.name)
        pdf_sign.load()
        signed = {"certificate_sha256": signer.fingerprint}
    signed_why = _("Report from the public: {reference}").format(reference=ref)  # its reason

    def disclose(tx: Transaction, staged: Staged) -> Exported:
        view = read_view(tx.db, ref)
        entry = tx.audit(
            actor=session.user.name,
            action="report.export",
            category=AuditCategory.DISCLOSURE,
            object_type="report",
            object_id=ref,
            after={
                "version": view.row.version,
                "format": suffix[1:],
                "file": out.name,
                **signed,
            },
            justification=reason.strip(),
            recipient=recipient.strip(),
        )
        given = Disclosure(
            session.user.name, entry.at_utc, recipient.strip(), reason.strip(), entry.seq,
            entry.hash,
        )  # fmt: skip
        doc = document(view, exercise=exercise, store_id=store.store_id, disclosure=given)
        if signer is None:
            data = (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        else:
            data = pdf_sign.sign(pdf.render(doc), signer, reason=signed_why)
        staged.write_bytes(out, data)  # appears once the disclosure commits
        if signer is not None:  # its checkpoint and the verifier, as the incident report's
            ship_checkpoint(staged, out, store.store_id, entry, EXERCISE_MARK if exercise else "")
        return Exported(out, ref, view.row.version, entry.seq)

    return await write_with_files(store, disclose)
