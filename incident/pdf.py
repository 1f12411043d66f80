"""The incident report as a PDF (fpdf2: pure Python, no Qt, so the command line
and the window make the same document).

DejaVu Sans (Debian's fonts-dejavu-core, installed by scripts/bootstrap.sh) carries
the curly quotes, accents and symbols officers' posts contain; without it the
report falls back to Helvetica and replaces what Latin-1 cannot show.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from fpdf import FPDF
from fpdf.fonts import FontFace

from console.timezone import local_text

if TYPE_CHECKING:
    from incident.report import Report

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))
RED = (176, 0, 32)
GREY = (90, 90, 90)


class _Document(FPDF):
    def __init__(self, report: Report) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.report = report
        self.family = "Helvetica"
        self.unicode = False
        for folder in FONT_DIRS:
            regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
            if regular.exists() and bold.exists():
                self.add_font("DejaVu", "", str(regular))
                self.add_font("DejaVu", "B", str(bold))
                self.family, self.unicode = "DejaVu", True
                break
        self.set_auto_page_break(auto=True, margin=18)
        self.set_title(f"Incident report: {report.incident.title}")
        self.set_creator("Cordon")

    def text_of(self, value: str) -> str:
        if self.unicode:
            return value
        return value.encode("latin-1", "replace").decode("latin-1")

    def header(self) -> None:
        if self.report.exercise:
            self.set_font(self.family, "B", 12)
            self.set_text_color(*RED)
            self.cell(0, 7, "EXERCISE EXERCISE EXERCISE", align="C", new_x="LMARGIN", new_y="NEXT")
            self.set_text_color(0, 0, 0)

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font(self.family, "", 7)
        self.set_text_color(*GREY)
        cp = self.report.checkpoint
        mark = "EXERCISE · " if self.report.exercise else ""
        self.cell(
            0,
            5,
            self.text_of(
                f"{mark}Audit checkpoint: store {cp.store_id}, entry {cp.seq}, hash {cp.hash}"
                f" · page {self.page_no()}/{{nb}}"
            ),
            align="C",
        )
        self.set_text_color(0, 0, 0)

    def heading(self, text: str, size: int = 13) -> None:
        self.ln(2)
        self.set_font(self.family, "B", size)
        self.multi_cell(0, 7, self.text_of(text), new_x="LMARGIN", new_y="NEXT")
        self.set_font(self.family, "", 9)

    def pair(self, label: str, value: str) -> None:
        self.set_font(self.family, "B", 9)
        self.cell(42, 5.5, self.text_of(label))
        self.set_font(self.family, "", 9)
        self.multi_cell(0, 5.5, self.text_of(value or "-"), new_x="LMARGIN", new_y="NEXT")

    def grid(
        self, widths: tuple[int, ...], head: tuple[str, ...], body: list[tuple[str, ...]]
    ) -> None:
        self.set_font(self.family, "", 8)
        with self.table(
            col_widths=widths,
            headings_style=FontFace(emphasis="BOLD", fill_color=(235, 235, 235)),
            line_height=4.5,
            text_align="LEFT",
            first_row_as_headings=True,
        ) as grid:
            grid.row([self.text_of(h) for h in head])
            for values in body:
                grid.row([self.text_of(v) for v in values])


def render(report: Report, out: Path) -> None:
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
    doc.output(str(out))
