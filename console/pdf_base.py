"""What Cordon's PDF documents share (fpdf2: pure Python, no Qt, so the command
line and the window make the same document): the font, the EXERCISE marking, a
heading, a label and its value, and a table.

An exercise's document says EXERCISE ×3 at the top of every page in the language
it is drawn in (``console.marking.printed_mark``: YMARFER ×3 in Welsh, as the
window's banner); a document still drawn only in English passes the English mark.

The fonts are Cordon's own (``resources/fonts``), on every platform: DejaVu Sans for
the curly quotes, accents (Welsh's ŵ and ŷ among them) and symbols officers' and the
public's words contain, and Noto Color Emoji, which fpdf2 falls back to for the
emoji, drawn in colour.
"""

from __future__ import annotations

import unicodedata
from typing import Any, cast

from fpdf import FPDF
from fpdf.fonts import FontFace

import resources
from console.marking import printed_mark

RED = (176, 0, 32)
# The most lines of one table row: about 180 mm of 8-point text, well within a page.
ROW_LINES = 40
FOOTER_LINE = 3.5  # mm: one line of the 7-point footer
GREY = (90, 90, 90)
EMOJI = "NotoColorEmoji"


class CordonPdf(FPDF):
    """An A4 document; ``exercise`` puts ``mark`` (by default EXERCISE ×3 in the
    officer's language) at the top of every page."""

    def __init__(self, *, exercise: bool, mark: str | None = None) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.exercise = exercise
        self.mark = printed_mark() if mark is None else mark
        self._cmap: frozenset[int] | None = None
        self._emoji = False
        self.add_font("DejaVu", "", str(resources.font(resources.TEXT_FONT)))
        self.add_font("DejaVu", "B", str(resources.font(resources.BOLD_FONT)))
        self.family, self.unicode = "DejaVu", True
        self.set_auto_page_break(auto=True, margin=18)
        self.set_creator("Cordon")

    def text_of(self, value: str) -> str:
        """``value`` as the fonts can draw it. Emoji are drawn (in colour); the
        invisible characters that join them into sequences (a zero-width joiner, a
        variation selector, a flag's tags) are left out, so a sequence shows as its
        parts. A character neither font has is written as its code point,
        ``[U+13000]``, rather than left blank: a printed record must not quietly drop
        what someone wrote (the JSON export keeps the text exactly)."""
        drawable = self._drawable()
        if not self._emoji and any(ord(ch) not in drawable for ch in value):
            # The emoji font (11 MB) is read only by a document that needs it.
            self.add_font(EMOJI, "", str(resources.font(resources.EMOJI_FONT)))
            self.set_fallback_fonts([EMOJI], exact_match=False)
            self._emoji, self._cmap = True, None
            drawable = self._drawable()
        if all(ord(ch) in drawable or ch in "\n\t" for ch in value) and not any(
            _invisible(ch) for ch in value
        ):
            return value
        return "".join(
            "" if _invisible(ch) else ch if ord(ch) in drawable or ch in "\n\t" else _code_point(ch)
            for ch in value
        )

    def output(self, *args: Any, **kwargs: Any) -> Any:
        """The document; the font files it read are closed after it (fontTools reads
        them lazily and would keep them open)."""
        try:
            return super().output(*args, **kwargs)
        finally:
            for font in self.fonts.values():
                closing = getattr(getattr(font, "ttfont", None), "close", None)
                if closing is not None:
                    closing()

    def _drawable(self) -> frozenset[int]:
        if self._cmap is None:
            found: set[int] = set()
            for name in ("dejavu", EMOJI.lower()):
                found.update(getattr(self.fonts.get(name), "cmap", None) or {})
            self._cmap = frozenset(found)
        return self._cmap

    def header(self) -> None:
        if self.exercise:
            self.set_font(self.family, "B", 12)
            self.set_text_color(*RED)
            self.cell(0, 7, self.mark, align="C", new_x="LMARGIN", new_y="NEXT")
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
        """A label and its value beside it; a label longer than its column (Welsh
        often is) wraps within it rather than running into the value."""
        self.set_font(self.family, "B", 9)
        label = self.text_of(label)
        lines = len(self.multi_cell(40, 5.5, label, dry_run=True, output="LINES"))
        if self.will_page_break(5.5 * lines):
            self.add_page()
        top, page = self.get_y(), self.page
        self.multi_cell(40, 5.5, label, new_x="RIGHT", new_y="TOP")
        self.set_x(self.l_margin + 42)
        self.set_font(self.family, "", 9)
        self.multi_cell(0, 5.5, self.text_of(value or "-"), new_x="LMARGIN", new_y="NEXT")
        if self.page == page:  # a value that ran onto the next page is past the label
            self.set_y(max(self.get_y(), top + 5.5 * lines))

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


def _invisible(ch: str) -> bool:
    """A character that only shapes the one before it: joiners, variation selectors,
    tags (and the other format characters)."""
    return unicodedata.category(ch) == "Cf" or 0xFE00 <= ord(ch) <= 0xFE0F


def _code_point(ch: str) -> str:
    if 0xFE00 <= ord(ch) <= 0xFE0F or ord(ch) == 0x200D:
        return ""  # a variation selector or joiner: part of the emoji before it
    return f"[U+{ord(ch):04X}]"
