"""Writing an exercise's debrief out: the CSV and the PDF, drawn from the same
``Debrief`` (``debrief.py`` reads and assembles it), and ``export_debrief``, which
writes one of them and records the export as a disclosure in the same transaction
(as a report's hand-over does, console/reports/export.py).
"""

from __future__ import annotations

import asyncio
import csv
import hashlib
import io
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from console import pdf_sign, timezone
from console.audit_trail import ship_checkpoint
from console.marking import EXERCISE_MARK
from console.permissions import Action, require
from console.session import Session
from console.timezone import DurationStyle, Precision, local_text
from incident.exercise.debrief import Debrief, build_debrief
from incident.report import refuse_disagreement
from storage.errors import StoreError
from storage.files import out_path
from storage.i18n import _
from storage.records import AuditCategory
from storage.staging import Staged, write_with_files
from storage.store import Transaction
from storage.timeutil import to_iso

FORMATS = (".pdf", ".csv")
DEFAULT_REASON = "Debrief of the exercise"
DEFAULT_RECIPIENT = "The exercise's trainer and team"


# -- writing it out ----------------------------------------------------------------------


def duration_text(span: timedelta | None) -> str:
    """``1h 05m 30s``-style in English, ``1 awr 05 munud 30 eiliad`` in Welsh (the
    officer's language), or a dash."""
    if span is None:
        return "-"
    return timezone.duration_text(span, DurationStyle.CLOCK, precision=Precision.SECOND)


def offset_text(span: timedelta) -> str:
    """A scenario offset as ``+2h30m``."""
    minutes = int(span.total_seconds()) // 60
    hours, minutes = divmod(minutes, 60)
    return f"+{hours}h{minutes:02d}m"


def when_text(moment: datetime | None) -> str:
    """An exercise time in UK time, or a dash."""
    return "-" if moment is None else local_text(to_iso(moment))


def _csv_safe(value: str) -> str:
    if value == "-":  # the debrief's dash for "none": no formula
        return value
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def debrief_csv(d: Debrief) -> str:
    """Sections of rows, the first line EXERCISE EXERCISE EXERCISE."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")

    def row(*values: object) -> None:
        w.writerow([_csv_safe(str(v)) for v in values])

    row(EXERCISE_MARK)
    row("debrief", d.title)
    row("state", d.state)
    row("read at (exercise time)", when_text(d.built_at))
    row()
    row("section", "inject", "offset", "kind", "channel", "summary", "expect", "arrived",
        "picked up by", "response", "picked up at", "took", "responses")  # fmt: skip
    for i in d.injects:
        first = i.picked_up
        row(
            "inject", i.id, offset_text(i.at), i.kind, i.channel, i.summary, i.expect,
            when_text(i.arrived), first.actor if first else "", first.what if first else "",
            when_text(first.at if first else None), duration_text(i.took), len(i.responses),
        )  # fmt: skip
    row()
    row("section", "first sign", "first sign inject", "engaged", "engaged by", "after",
        "incident")  # fmt: skip
    row("incident mode", when_text(d.first_sign), d.first_sign_inject, when_text(d.engaged),
        d.engaged_by, duration_text(d.engage_delay), d.incident_name)  # fmt: skip
    row()
    row("section", "sent", "went out", "state", "by", "template", "channels", "post")
    for s in d.statements:
        row("holding statement", when_text(s.sent), when_text(s.at), s.state, s.by, s.template,
            "; ".join(s.channels), s.post_id)  # fmt: skip
    row()
    row("section", "went out", "channel", "target", "why", "text")
    for h in d.should_have_been_held:
        row("should have been held", when_text(h.at), h.channel, h.target_id, h.why, h.text)
    row()
    row("section", "reference", "raised", "by", "category", "THRIVE grade", "first graded",
        "injects")  # fmt: skip
    for r in d.reports:
        row("report", r.reference, when_text(r.at), r.by, r.category, r.grade, r.first_grade,
            "; ".join(r.injects))  # fmt: skip
    return out.getvalue()


def debrief_pdf(d: Debrief) -> bytes:
    """An A4 PDF with EXERCISE EXERCISE EXERCISE at the top of every page."""
    from incident.exercise.debrief_pdf import render

    return render(d)


# -- the export, a disclosure -------------------------------------------------------------


@dataclass(frozen=True)
class ExportedDebrief:
    path: Path
    audit_seq: int


async def export_debrief(
    session: Session,
    out: Path,
    fmt: str = "",
    *,
    reason: str = DEFAULT_REASON,
    recipient: str = DEFAULT_RECIPIENT,
    debrief: Debrief | None = None,
) -> ExportedDebrief:
    """Write the debrief to ``out`` as ``fmt`` ("pdf" or "csv"; by default the
    file's extension), the export recorded as a disclosure (why, to whom) in the
    same transaction as the file: a file that cannot be written records nothing."""
    require(session.user, Action.CONTROL_EXERCISE)
    if not reason.strip() or not recipient.strip():
        raise StoreError(_("Handing out the debrief is a disclosure: say why, and to whom."))
    out = Path(out).expanduser().absolute()
    suffix = f".{fmt.lower().lstrip('.')}" if fmt else out.suffix.lower()
    if suffix not in FORMATS:
        raise StoreError(
            _("Export the debrief as a .pdf or a .csv file, not {out.name}.").format(out=out)
        )
    out = out_path(out, (out.suffix.lower(),), "the debrief")
    built = debrief if debrief is not None else await build_debrief(session)
    # Every post, target, incident, hold and user it could state facts from agrees
    # with the trail, or nothing is handed out.
    await session.store.run(refuse_disagreement)
    data = debrief_pdf(built) if suffix == ".pdf" else debrief_csv(built).encode("utf-8")
    signed: dict[str, str] = {}
    if suffix == ".pdf":  # signed with the store's own certificate (PAdES)
        who = await pdf_sign.identity(session.store, actor=session.user.name)
        pdf_sign.load()  # imported here, not on the worker thread (see load)
        data = await asyncio.to_thread(pdf_sign.sign, data, who, reason=_("Exercise debrief"))
        signed = {"certificate_sha256": who.fingerprint}
    digest = hashlib.sha256(data).hexdigest()

    def disclose(tx: Transaction, staged: Staged) -> ExportedDebrief:
        entry = tx.audit(
            actor=session.user.name,
            action="exercise.debrief_export",
            category=AuditCategory.DISCLOSURE,
            object_type="exercise",
            object_id=1,
            after={
                "format": suffix[1:],
                "file": out.name,
                "injects": len(built.injects),
                "sha256": digest,
                **signed,
            },
            justification=reason.strip(),
            recipient=recipient.strip(),
        )
        staged.write_bytes(out, data)  # appears once the disclosure commits
        ship_checkpoint(staged, out, session.store.store_id, entry, EXERCISE_MARK)
        return ExportedDebrief(out, entry.seq)

    return await write_with_files(session.store, disclose)
