"""The statement card: a post's text drawn as an image, for networks that take no post
without one (Instagram).

Cordon draws it with Pillow (the core never imports Qt) in DejaVu Sans (shipped in
``resources/fonts``, the font the PDFs use; emoji are not drawn on the card): 1080 by
1350 pixels (Instagram's tallest feed shape, 4:5), a band in the force's colour with the
force's name, the text as large as fits (never smaller than 40 pixels, about 13 points
on a phone showing it 360 points wide), and a line saying what it is. The text's colour
is black or white, whichever contrasts more with the band's colour (WCAG relative
luminance). The post carries the full text as the image's alt text; a text too long for
the card at the smallest size is cut at a word with "… (full text below)", since
Instagram shows the caption under it.

The force's name and colour are settings (``CARD_FORCE_NAME``, ``CARD_COLOUR``) an
administrator sets; the card is the same for the same text and settings, so the
statement dialog's preview shows exactly what goes out.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache

from PIL import Image as PillowImage
from PIL import ImageDraw, ImageFont

import resources
from storage.posts import Image

WIDTH, HEIGHT = 1080, 1350
MARGIN = 72
BAND = 190
LARGEST, SMALLEST = 64, 40  # pixels
FOOTER = "Official statement"

CUT = "… (full text below)"
INK = (20, 20, 20)  # the text on white: a contrast ratio of about 18 to 1


@dataclass(frozen=True)
class CardStyle:
    force_name: str
    colour: str = "#0b2545"  # "#rrggbb"


def parse_colour(value: str) -> tuple[int, int, int] | None:
    """``#rrggbb`` as (r, g, b), or None when it is not one."""
    value = value.strip()
    if len(value) != 7 or not value.startswith("#"):
        return None
    try:
        return int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16)
    except ValueError:
        return None


def _luminance(rgb: tuple[int, int, int]) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def text_colour(background: tuple[int, int, int]) -> tuple[int, int, int]:
    """Black or white: whichever has the higher contrast ratio on ``background``."""
    light = _luminance(background)
    on_white = (1.05) / (light + 0.05)
    on_black = (light + 0.05) / 0.05
    return (255, 255, 255) if on_white >= on_black else (0, 0, 0)


@lru_cache(maxsize=32)
def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    name = resources.BOLD_FONT if bold else resources.TEXT_FONT
    return ImageFont.truetype(str(resources.font(name)), size)


def _wrap(
    draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int
) -> list[str]:
    """The text in lines no wider than ``width``; paragraphs kept; a word longer than
    a line is broken."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for word in paragraph.split():
            trial = f"{line} {word}".strip()
            if draw.textlength(trial, font=font) <= width:
                line = trial
                continue
            if line:
                lines.append(line)
            while draw.textlength(word, font=font) > width:
                low, high = 1, len(word)  # the longest start of the word that fits
                while low < high:
                    middle = (low + high + 1) // 2
                    if draw.textlength(word[:middle], font=font) <= width:
                        low = middle
                    else:
                        high = middle - 1
                lines.append(word[:low])
                word = word[low:]
            line = word
        lines.append(line)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def render_card(text: str, style: CardStyle) -> bytes:
    """The card as JPEG bytes (Instagram takes JPEG only)."""
    background = parse_colour(style.colour) or parse_colour(CardStyle("").colour)
    assert background is not None
    ink = text_colour(background)
    card = PillowImage.new("RGB", (WIDTH, HEIGHT), (255, 255, 255))
    draw = ImageDraw.Draw(card)
    draw.rectangle((0, 0, WIDTH, BAND), fill=background)
    name = " ".join(style.force_name.split()) or "Police"
    name_font = _font(56, bold=True)
    while draw.textlength(name, font=name_font) > WIDTH - 2 * MARGIN and name_font.size > 32:
        name_font = _font(name_font.size - 4, bold=True)
    draw.text((MARGIN, BAND // 2), name, font=name_font, fill=ink, anchor="lm")
    top, bottom = BAND + MARGIN, HEIGHT - MARGIN - 60
    lines, font = _fit(draw, text, bottom - top)
    y = top
    for line in lines:
        draw.text((MARGIN, y), line, font=font, fill=INK)
        y += int(font.size * 1.35)
    draw.line((MARGIN, HEIGHT - MARGIN - 40, WIDTH - MARGIN, HEIGHT - MARGIN - 40),
              fill=background, width=4)  # fmt: skip
    draw.text((MARGIN, HEIGHT - MARGIN), FOOTER, font=_font(32, bold=True), fill=INK,
              anchor="lb")  # fmt: skip
    out = io.BytesIO()
    card.save(out, format="JPEG", quality=90)
    return out.getvalue()


def _fit(
    draw: ImageDraw.ImageDraw, text: str, height: int
) -> tuple[list[str], ImageFont.FreeTypeFont]:
    """The largest size whose lines fit ``height``; at the smallest, the text is cut."""
    width = WIDTH - 2 * MARGIN
    for size in range(LARGEST, SMALLEST - 1, -2):
        font = _font(size)
        lines = _wrap(draw, text, font, width)
        if len(lines) * int(size * 1.35) <= height:
            return lines, font
    font = _font(SMALLEST)
    room = height // int(SMALLEST * 1.35)
    lines = _wrap(draw, text, font, width)[:room]
    last = lines[-1] if lines else ""
    while last and draw.textlength(f"{last} {CUT}", font=font) > width:
        last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
    lines[-1:] = [f"{last} {CUT}".strip()]
    return lines, font


def card_image(text: str, style: CardStyle) -> Image:
    """The card as a post's image, with the full text as its alt text."""
    return Image(0, "statement.jpg", "image/jpeg", render_card(text, style), text)


def as_jpeg(image: Image) -> Image:
    """``image`` as a JPEG (Instagram publishes JPEG only); a JPEG stays as it is."""
    if image.mime == "image/jpeg":
        return image
    with PillowImage.open(io.BytesIO(image.data)) as opened:
        flat = opened.convert("RGB")
    out = io.BytesIO()
    flat.save(out, format="JPEG", quality=92)
    stem = image.file_name.rsplit(".", 1)[0] if image.file_name else "image"
    return Image(image.position, f"{stem}.jpg", "image/jpeg", out.getvalue(), image.alt_text)
