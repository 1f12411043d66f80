"""A report from the public as a PDF for hand-over (fpdf2, as incident/pdf.py).

Drawn from the same dict as the JSON export (``console.reports.export.document``),
so the two never disagree. DejaVu Sans (fonts-dejavu-core) carries the public's
accents, emoji-free symbols and curly quotes; without it, Helvetica and Latin-1
replacements. An exercise store's report says EXERCISE at the top of every page
and in the footer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fpdf import FPDF
from fpdf.fonts import FontFace

from console.timezone import local_text

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))
RED = (176, 0, 32)
GREY = (90, 90, 90)
EXERCISE = "EXERCISE EXERCISE EXERCISE"


class _Document(FPDF):
    def __init__(self, doc: dict[str, Any]) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.doc = doc
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
        mark = "EXERCISE " if doc["exercise"] else ""
        self.set_title(f"{mark}Report from the public {doc['reference']}")
        self.set_subject(doc["reference"])
        self.set_creator("Cordon")

    def text_of(self, value: str) -> str:
        if self.unicode:
            return value
        return value.encode("latin-1", "replace").decode("latin-1")

    def header(self) -> None:
        if self.doc["exercise"]:
            self.set_font(self.family, "B", 12)
            self.set_text_color(*RED)
            self.cell(0, 7, EXERCISE, align="C", new_x="LMARGIN", new_y="NEXT")
            self.set_text_color(0, 0, 0)

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font(self.family, "", 7)
        self.set_text_color(*GREY)
        given = self.doc["disclosure"]
        mark = "EXERCISE · " if self.doc["exercise"] else ""
        self.cell(
            0,
            5,
            self.text_of(
                f"{mark}{self.doc['reference']} · disclosed to {given['to']} · audit entry"
                f" {given['audit_seq']} · page {self.page_no()}/{{nb}}"
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


def _clock_text(clock: dict[str, Any]) -> str:
    due = local_text(clock["due_utc"])
    minutes = clock["allowed_minutes"]
    if clock["stopped_utc"]:
        met = "in time" if clock["seconds_left"] > 0 else "late"
        return f"{minutes} min, due {due}; stopped {local_text(clock['stopped_utc'])} ({met})"
    return f"{minutes} min, due {due}; {clock['state']} when exported"


def render(doc: dict[str, Any]) -> bytes:
    pdf = _Document(doc)
    pdf.add_page()
    pdf.heading(f"Report from the public: {doc['reference']}", 16)
    pdf.pair("Reference", doc["reference"])
    pdf.pair("State", doc["state"].replace("_", " "))
    pdf.pair("Category", doc["category_label"])
    pdf.pair("Grade", doc["grade_label"])
    pdf.pair("Response clock", _clock_text(doc["clock"]))
    pdf.pair("Location", doc["location"])
    pdf.pair("Recorded", f"{local_text(doc['created_utc'])} by {doc['created_by']}")
    pdf.pair("Version", str(doc["version"]))
    pdf.pair("Summary", doc["summary"])

    pdf.heading("THRIVE assessment")
    pdf.grid(
        (42, 148),
        ("Part", "Assessment"),
        [(part.capitalize(), text) for part, text in doc["thrive"].items()],
    )

    pdf.heading("What the public sent (as received)")
    for item in doc["items"]:
        author = item["author"]
        who = f"{author['name']} ({author['handle']})" if author["name"] else author["handle"]
        pdf.set_font(pdf.family, "B", 9)
        pdf.multi_cell(
            0, 5.5,
            pdf.text_of(f"{item['position']}. {item['kind']} on {item['channel']['name']}"
                        f" ({item['channel']['network']}) from {who}"),
            new_x="LMARGIN", new_y="NEXT",
        )  # fmt: skip
        pdf.set_font(pdf.family, "", 9)
        pdf.pair("Sent", local_text(item["created_utc"]))
        pdf.pair("Received", local_text(item["received_utc"]))
        pdf.pair("Text", item["text"])
        pdf.pair("Link", item["url"])
        if item["links"]:
            pdf.pair("Links in it", "\n".join(item["links"]))
        if item["media"]:
            pdf.pair("Media", "\n".join(item["media"]))
        pdf.ln(1)

    pdf.heading("History of the report")
    pdf.grid(
        (12, 32, 24, 50, 72),
        ("No.", "When", "Who", "Why", "What changed"),
        [
            (
                str(v["version"]),
                local_text(v["at_utc"], compact=True),
                v["by"],
                v["reason"],
                ", ".join(sorted(v["changes"])) if v["version"] > 1 else "recorded",
            )
            for v in doc["versions"]
        ],
    )
    given = doc["disclosure"]
    pdf.ln(3)
    pdf.set_font(pdf.family, "", 8)
    pdf.multi_cell(
        0,
        4.5,
        pdf.text_of(
            f"Disclosed to {given['to']} by {given['by']} on {local_text(given['at_utc'])}"
            f" because: {given['reason']}. Recorded in Cordon's audit trail as entry"
            f" {given['audit_seq']} (hash {given['audit_hash']}) of store {doc['store_id']}."
            " The JSON export of the same report carries each item's raw data as received."
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.alias_nb_pages()
    return bytes(pdf.output())
