"""A report from the public as a PDF for hand-over (fpdf2, as incident/pdf.py).

Drawn from the same dict as the JSON export (``console.reports.export.document``),
so the two never disagree. DejaVu Sans (fonts-dejavu-core) carries the public's
accents, emoji-free symbols and curly quotes; without it, Helvetica and Latin-1
replacements. An exercise store's report says EXERCISE at the top of every page
and in the footer.
"""

from __future__ import annotations

from typing import Any

from console.marking import EXERCISE_MARK
from console.pdf_base import CordonPdf
from console.timezone import local_text


class _Document(CordonPdf):
    def __init__(self, doc: dict[str, Any]) -> None:
        # Drawn in English only so far: its marking is English too, not a Welsh
        # heading over an English page.
        super().__init__(exercise=bool(doc["exercise"]), mark=EXERCISE_MARK)
        self.doc = doc
        mark = "EXERCISE " if doc["exercise"] else ""
        self.set_title(f"{mark}Report from the public {doc['reference']}")
        self.set_subject(doc["reference"])

    def footer(self) -> None:
        given = self.doc["disclosure"]
        mark = "EXERCISE · " if self.doc["exercise"] else ""
        self.footer_line(
            f"{mark}{self.doc['reference']} · disclosed to {given['to']} · audit entry"
            f" {given['audit_seq']} · page {self.page_no()}/{{nb}}"
        )


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
