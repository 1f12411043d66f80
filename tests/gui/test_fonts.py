"""The window's fonts are Cordon's own: DejaVu Sans for text and Noto Color Emoji for
emoji, which Qt draws in colour (a real render, its pixels looked at)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QImage, QPainter
from PySide6.QtWidgets import QApplication

import resources
from ui.frame.fonts import install_fonts


@pytest.fixture
def app_font(qapp: QApplication) -> Iterator[QFont]:
    before = QFont(qapp.font())
    yield before
    qapp.setFont(before)


def _coloured_pixels(text: str, font: QFont) -> int:
    image = QImage(200, 80, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setFont(font)
    painter.setPen(QColor("black"))
    painter.drawText(image.rect(), Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    coloured = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            colour = image.pixelColor(x, y)
            r, g, b = colour.red(), colour.green(), colour.blue()
            coloured += max(r, g, b) - min(r, g, b) > 60
    return coloured


def test_the_shipped_fonts_are_the_window_s_and_emoji_are_drawn_in_colour(
    qapp: QApplication, app_font: QFont
) -> None:
    assert install_fonts(qapp)
    families = QFontDatabase.families()
    assert resources.TEXT_FAMILY in families and resources.EMOJI_FAMILY in families
    assert qapp.font().families()[0] == resources.TEXT_FAMILY
    font = QFont(qapp.font())
    font.setPointSize(28)
    assert _coloured_pixels("🚧🚒", font) > 50  # a road-works sign and a fire engine
    assert _coloured_pixels("Ffordd ar gau", font) == 0  # text stays black on white
