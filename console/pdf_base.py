"""What Cordon's PDF documents share (fpdf2: pure Python, no Qt, so the command
line and the window make the same document): the font, the EXERCISE marking, a
heading, a label and its value, and a table.

DejaVu Sans (Debian's fonts-dejavu-core, installed by scripts/bootstrap.sh) carries
the curly quotes, accents and symbols officers' and the public's words contain;
without it a document falls back to Helvetica and replaces what Latin-1 cannot show.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, cast

from fpdf import FPDF
from fpdf.fonts import FontFace

from console.marking import EXERCISE_MARK

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))
RED = (176, 0, 32)
# The most lines of one table row: about 180 mm of 8-point text, well within a page.
ROW_LINES = 40
FOOTER_LINE = 3.5  # mm: one line of the 7-point footer
GREY = (90, 90, 90)
EXERCISE = EXERCISE_MARK


class CordonPdf(FPDF):
    """An A4 document; ``exercise`` puts EXERCISE at the top of every page."""

    def __init__(self, *, exercise: bool) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.exercise = exercise
        self._cmap: frozenset[int] | None = None
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
        self.set_creator("Cordon")

    def text_of(self, value: str) -> str:
        """``value`` as the font can draw it. A character DejaVu lacks (most emoji)
        is written as its code point, ``[U+1F644]``, rather than left blank: a
        printed record must not quietly drop what someone wrote (the JSON export
        keeps the text exactly)."""
        if not self.unicode:
            return value.encode("latin-1", "replace").decode("latin-1")
        drawable = self._drawable()
        if all(ord(ch) in drawable or ch in "\n\t" for ch in value):
            return value
        return "".join(
            ch if ord(ch) in drawable or ch in "\n\t" else _code_point(ch) for ch in value
        )

    def _drawable(self) -> frozenset[int]:
        if self._cmap is None:
            regular = self.fonts.get("dejavu")
            cmap = getattr(regular, "cmap", None) or {}
            self._cmap = frozenset(cmap)
        return self._cmap

    def header(self) -> None:
        if self.exercise:
            self.set_font(self.family, "B", 12)
            self.set_text_color(*RED)
            self.cell(0, 7, EXERCISE, align="C", new_x="LMARGIN", new_y="NEXT")
            self.set_text_color(0, 0, 0)

    def multi_cell(self, *args: Any, **kwargs: Any) -> Any:
        """As fpdf2's, but left-aligned unless told otherwise: justified text
        stretches the gaps between words of a short line (an address, a hash)."""
        kwargs.setdefault("align", "L")
        return super().multi_cell(*args, **kwargs)

    def footer_line(self, text: str) -> list[str]:
        """Small grey text at the foot of the page, wrapped to the page's width (a
        long hash, an incident's name) and kept above the bottom edge; returns the
        lines drawn."""
        self.set_font(self.family, "", 7)
        # Measured with the page count's placeholder as three digits (filled in later).
        shown = self.text_of(text).replace("{nb}", "999")
        lines = cast(list[str], super().multi_cell(
            self.epw, FOOTER_LINE, shown, align="C", dry_run=True, output="LINES"
        ))  # fmt: skip
        self.set_y(-(8 + FOOTER_LINE * len(lines)))
        self.set_text_color(*GREY)
        super().multi_cell(self.epw, FOOTER_LINE, self.text_of(text), align="C")
        self.set_text_color(0, 0, 0)
        return lines

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
            scale = self.epw / sum(widths)
            for values in body:
                for part in self._page_sized([self.text_of(v) for v in values], widths, scale):
                    grid.row(part)

    def _page_sized(
        self, cells: list[str], widths: tuple[int, ...], scale: float
    ) -> list[list[str]]:
        """One table row, or several when a cell is taller than fits on a page (a
        5,000-character reason, a long message): the text flows on into
        continuation rows instead of failing the document."""
        wrapped: list[list[str]] = [
            cast(list[str], self.multi_cell(w * scale - 2, 4.5, cell, dry_run=True, output="LINES"))
            if len(cell) > 200 or cell.count("\n") > ROW_LINES
            else [cell]
            for cell, w in zip(cells, widths, strict=True)
        ]
        tallest = max(len(lines) for lines in wrapped)
        if tallest <= ROW_LINES:
            return [cells]
        return [
            ["\n".join(lines[start : start + ROW_LINES]) for lines in wrapped]
            for start in range(0, tallest, ROW_LINES)
        ]


def _code_point(ch: str) -> str:
    if 0xFE00 <= ord(ch) <= 0xFE0F or ord(ch) == 0x200D:
        return ""  # a variation selector or joiner: part of the emoji before it
    return f"[U+{ord(ch):04X}]"


def suggested_name(what: str, title: str, day: date, suffix: str = ".pdf") -> str:
    """A file name that says what a document is about and when: "incident-report-
    eastbridge-market-2026-12-06.pdf" (the title cut to 50 characters)."""
    slug = "-".join("".join(c if c.isalnum() else " " for c in title.lower()).split())[:50]
    return f"{what}-{slug.strip('-') or 'untitled'}-{day.isoformat()}{suffix}"
