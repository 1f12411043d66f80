"""The shared PDF base: what the font cannot draw is written as its code point."""

from __future__ import annotations

import logging

import pytest

from console.pdf_base import CordonPdf
from tests.reports.pdftext import pdf_text


def test_characters_the_font_lacks_are_written_as_code_points(
    caplog: pytest.LogCaptureFixture,
) -> None:
    doc = CordonPdf(exercise=True)
    if not doc.unicode:
        pytest.skip("DejaVu Sans is not installed (scripts/bootstrap.sh installs it)")
    said = "Road shut again 🙄 café “closed” 👍🏽 ⚽"
    assert doc.text_of(said) == (
        "Road shut again [U+1F644] café “closed” [U+1F44D][U+1F3FD] [U+26BD]"
    )
    assert doc.text_of("Plain words, “quotes” and £5") == "Plain words, “quotes” and £5"
    doc.add_page()
    doc.heading("What the public sent")
    doc.pair("Text", said)
    with caplog.at_level(logging.WARNING, logger="fpdf"):
        data = bytes(doc.output())
    assert not [r for r in caplog.records if "missing" in r.getMessage()]
    text = pdf_text(data)
    assert "[U+1F644]" in text and "café “closed”" in text
    assert "EXERCISE EXERCISE EXERCISE" in text
