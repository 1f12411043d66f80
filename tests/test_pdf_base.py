"""The shared PDF base: what the font cannot draw is written as its code point."""

from __future__ import annotations

import logging
import re
import zlib
from pathlib import Path

import pytest

from console.pdf_base import CordonPdf
from incident import engage, report
from incident.engage import Details
from tests.desk import Desk
from tests.reports.pdftext import pdf_text


def test_emoji_are_drawn_and_what_no_font_has_is_written_as_its_code_point(
    caplog: pytest.LogCaptureFixture,
) -> None:
    doc = CordonPdf(exercise=True)
    said = "Road shut again 🙄 café “closed” 👍🏽 ⚽ 𓀀 Rhybudd: ŵyr ŷd 👮\u200d♀\ufe0f"
    assert doc.text_of(said) == (
        "Road shut again 🙄 café “closed” 👍🏽 ⚽ [U+13000] Rhybudd: ŵyr ŷd 👮♀"
    )
    assert doc.text_of("Plain words, “quotes” and £5") == "Plain words, “quotes” and £5"
    doc.add_page()
    doc.heading("What the public sent")
    doc.pair("Text", said)
    with caplog.at_level(logging.WARNING, logger="fpdf"):
        data = bytes(doc.output())
    assert not [r for r in caplog.records if "missing" in r.getMessage()]
    text = pdf_text(data)
    assert "[U+13000]" in text and "café “closed”" in text and "ŵyr ŷd" in text
    assert "EXERCISE EXERCISE EXERCISE" in text
    # The emoji are the colour font's glyphs (a Type 3 font of PNG images), embedded.
    assert b"/Type3" in data and b"NotoColorEmoji" in data


def test_a_cell_taller_than_a_page_flows_on_across_pages() -> None:
    doc = CordonPdf(exercise=False)
    doc.add_page()
    words = " ".join(f"w{n}" for n in range(2500))  # about 14,000 characters
    lines = "\n".join(f"line {n}" for n in range(300))
    doc.grid((26, 22, 88, 54), ("Time", "Who", "What", "Why"), [("09:00", "dora", words, lines)])
    data = bytes(doc.output())
    assert doc.page_no() > 2
    text = " ".join(pdf_text(data).split())
    assert "w0 w1 w2" in text and "w2499" in text
    assert all(f"w{n} " in text + " " for n in range(0, 2500, 97))  # nothing dropped
    assert "line 299" in text


@pytest.mark.asyncio
async def test_an_incident_report_with_a_5000_character_reason_is_written(
    desk: Desk, tmp_path: Path
) -> None:
    reason = ("Gold asked for every post to stop while the scene is assessed. " * 80)[:5000]
    incident = await engage.engage(desk.gold, details=Details("Flood", "", "", reason))
    built = await report.build(desk.officer.store, incident.id)
    out = tmp_path / "report.pdf"
    await report.export(desk.officer.store, built, out, actor="alice", reason="r", recipient="x")
    assert oct(out.stat().st_mode & 0o777) == "0o600"
    text = " ".join(pdf_text(out.read_bytes()).split())
    assert reason.split()[-1] in text


def test_the_footer_wraps_to_the_page_and_stays_above_its_edge() -> None:
    """An incident report's footer (EXERCISE, the checkpoint's store id and hash, the
    page number) is longer than a line of A4: it wraps, every line fits."""
    doc = CordonPdf(exercise=True)
    doc.add_page()
    long = (
        "EXERCISE · Audit checkpoint: store 9e23164a3ce540619444765681c7d2b6, entry 12345, "
        "hash 06b37c167a33c758e715e38465c2da69618e8eb0e61422fc16ccc9363bb249f7 · page 1/{nb}"
    )
    lines = doc.footer_line(long)
    assert len(lines) >= 2
    doc.set_font(doc.family, "", 7)
    assert all(doc.get_string_width(line) <= doc.epw for line in lines)
    assert lines[0].startswith("EXERCISE") and lines[-1].endswith("page 1/999")
    assert doc.get_y() <= doc.h - 5  # the last line ends above the page's bottom edge
    assert bytes(doc.output()).startswith(b"%PDF")


def _justified(data: bytes) -> bool:
    """Whether any text of the PDF is drawn justified (fpdf2 spaces the words of a
    justified line with a TJ array; left-aligned text is drawn with Tj)."""
    for body in re.findall(rb"obj(.*?)endobj", data, re.S):
        found = re.search(rb"stream\r?\n(.*?)\r?\nendstream", body, re.S)
        if found is None:
            continue
        stream = found.group(1)
        if b"/FlateDecode" in body:
            stream = zlib.decompress(stream)
        if b"] TJ" in stream:
            return True
    return False


@pytest.mark.asyncio
async def test_report_text_is_left_aligned_with_no_stretched_gaps(desk: Desk) -> None:
    reason = "Shots reported at the market; gold asked for every post to stop. " * 6
    incident = await engage.engage(desk.gold, details=Details("Eastbridge", "OP-T", "", reason))
    built = await report.build(desk.officer.store, incident.id)
    data = report.pdf_bytes(built)
    assert data.startswith(b"%PDF")
    assert not _justified(data)


def test_a_value_that_runs_onto_the_next_page_is_followed_straight_after() -> None:
    doc = CordonPdf(exercise=False)
    doc.add_page()
    doc.set_y(doc.h - 40)  # near the foot of the page: the value runs onto the next
    doc.pair("Text", " ".join(f"w{n}" for n in range(400)))
    after = doc.get_y()
    doc.pair("Link", "https://social.example/@jo/1")
    # The next pair follows the value's end on its new page, not the label's place
    # on the page before (which left the rest of that page blank).
    assert doc.page_no() == 2
    assert doc.get_y() == pytest.approx(after + 5.5)
    assert after < doc.h / 2
    assert "https://social.example/@jo/1" in pdf_text(bytes(doc.output()))  # fonts closed
