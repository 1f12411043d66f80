"""The incident report as a PDF (the shared document: ``console.pdf_base``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from console.pdf_base import CordonPdf
from console.timezone import local_text

if TYPE_CHECKING:
    from incident.report import Report


class _Document(CordonPdf):
    def __init__(self, report: Report) -> None:
        super().__init__(exercise=report.exercise)
        self.report = report
        self.set_title(f"Incident report: {report.incident.title}")

    def footer(self) -> None:
        cp = self.report.checkpoint
        mark = "EXERCISE · " if self.report.exercise else ""
        self.footer_line(
            f"{mark}Audit checkpoint: store {cp.store_id}, entry {cp.seq}, hash {cp.hash}"
            f" · page {self.page_no()}/{{nb}}"
        )


def render(report: Report) -> bytes:
    doc = _Document(report)
    incident = report.incident
    doc.add_page()
    doc.heading(f"Incident report: {incident.title}", 16)
    doc.pair("Reference", incident.reference)
    doc.pair("Gold commander", incident.gold_commander)
    doc.pair("Reason", incident.reason)
    doc.pair("Engaged", f"{local_text(incident.engaged_utc)} by {incident.engaged_by}")
    if incident.stood_down_utc:
        doc.pair("Stood down", f"{local_text(incident.stood_down_utc)} by {incident.stood_down_by}")
    else:
        doc.pair("Stood down", "not yet: the incident is still running")
    doc.pair("Mode", incident.mode.value)
    doc.pair("Scope", report.scope)
    c = report.counts
    doc.pair(
        "Held posts",
        f"{c.held} still held, {c.released} released, {c.cancelled} cancelled",
    )
    doc.pair(
        "Holding statements",
        f"{c.statements_sent} sent, {c.statements_waiting} waiting, {c.statements_failed} failed",
    )

    doc.heading("Holding statements")
    if report.statements:
        doc.grid(
            (30, 18, 80, 62),
            ("Channel", "Status", "Text", "Link"),
            [(r.channel, r.status.value, r.text, r.remote_url) for r in report.statements],
        )
    else:
        doc.multi_cell(0, 5, "None were sent.", new_x="LMARGIN", new_y="NEXT")

    if report.in_flight:
        doc.heading("Already sending when incident mode started")
        doc.grid(
            (30, 18, 80, 62),
            ("Channel", "Outcome", "Text", "Link"),
            [(r.channel, r.status.value, r.text, r.remote_url) for r in report.in_flight],
        )

    if report.pulled_back:
        doc.heading("Pulled back from the networks' own schedulers")
        doc.grid(
            (30, 30, 80, 50),
            ("Channel", "Was due", "Text", "Result"),
            [
                (p.channel, local_text(p.scheduled_utc, compact=True) if p.scheduled_utc else "-",
                 p.text, p.state + (f": {p.last_error}" if p.last_error else ""))
                for p in report.pulled_back
            ],
        )  # fmt: skip

    doc.heading("Timeline")
    doc.grid(
        (26, 22, 88, 54),
        ("Time", "Who", "What", "Why / link"),
        [
            (
                local_text(line.at_utc, compact=True),
                line.actor,
                line.what,
                "\n".join(part for part in (line.why, line.link) if part),
            )
            for line in report.timeline
        ],
    )
    doc.ln(3)
    doc.set_font(doc.family, "", 8)
    cp = report.checkpoint
    doc.multi_cell(
        0,
        4.5,
        doc.text_of(
            f"Made {local_text(cp.at_utc)} from the store's audit trail up to entry {cp.seq}. "
            f"To check this report against the store later, verify the audit trail against "
            f"this checkpoint: store {cp.store_id}, entry {cp.seq}, hash {cp.hash}."
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    doc.alias_nb_pages()
    return bytes(doc.output())
