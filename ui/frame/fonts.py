"""Cordon's own fonts in the window, on every platform: DejaVu Sans for text (the
PDFs' font too) and Noto Color Emoji for emoji, so what the public wrote shows the
same on a managed Windows desktop as on Linux, and nothing shows as an empty box."""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

import resources

log = logging.getLogger(__name__)


def install_fonts(app: QApplication) -> bool:
    """Register the shipped fonts, make DejaVu Sans the window's font and Noto Color
    Emoji its emoji font. False (and a warning in the log) if a font could not be
    read: Qt then uses the system's."""
    every = True
    for name in resources.FONTS:
        if QFontDatabase.addApplicationFont(str(resources.font(name))) < 0:
            log.warning("the shipped font %s could not be read; the system's is used", name)
            every = False
    if resources.EMOJI_FAMILY in QFontDatabase.families():
        QFontDatabase.addApplicationEmojiFontFamily(resources.EMOJI_FAMILY)
    if resources.TEXT_FAMILY in QFontDatabase.families():
        font = QFont(app.font())
        font.setFamilies([resources.TEXT_FAMILY])
        app.setFont(font)
    return every
