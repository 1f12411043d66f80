"""What Cordon ships beside its code: the style sheet, the icon, the fonts, the shipped
scenarios, holding statements and threat phrases, the translations and the systemd
unit. Read as package resources (``importlib.resources``), so a checkout, an
installed wheel and a frozen build (PyInstaller puts them beside the code) all find
them the same way; nothing is looked up relative to a checkout.

The fonts (``fonts/``, with their licences): DejaVu Sans and DejaVu Sans Bold (the
window's and the PDFs' text) and Noto Color Emoji (emoji in the window and in the
PDFs), as Debian 12 packages them (fonts-dejavu-core 2.37, fonts-noto-color-emoji
2.042).
"""

from __future__ import annotations

from importlib import resources as _resources
from pathlib import Path

FONTS = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "NotoColorEmoji.ttf")
TEXT_FONT, BOLD_FONT, EMOJI_FONT = FONTS
TEXT_FAMILY, EMOJI_FAMILY = "DejaVu Sans", "Noto Color Emoji"


def folder() -> Path:
    """The folder the resources are in (a real folder: Cordon is never run zipped)."""
    found = _resources.files(__name__)
    if not isinstance(found, Path):
        raise RuntimeError("Cordon's resources are not in a folder: reinstall Cordon.")
    return found


def path(*parts: str) -> Path:
    """A shipped file, e.g. ``path("scenarios", "flooding.toml")``."""
    return folder().joinpath(*parts)


def font(name: str) -> Path:
    return path("fonts", name)
