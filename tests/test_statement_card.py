"""The statement card: a post's text drawn as an image for networks that take no post
without one (Instagram), and the statement preview that shows it."""

from __future__ import annotations

import io

import pytest
from PIL import Image as PillowImage

from console import settings
from console.statement_card import (
    CUT,
    HEIGHT,
    WIDTH,
    CardStyle,
    _fit,
    as_jpeg,
    card_image,
    render_card,
    text_colour,
)
from incident import statements
from storage import channels
from storage.posts import Image
from storage.store import Transaction
from tests.desk import Desk

STATEMENT = (
    "The A1 is closed both ways near Eastbridge after a serious collision. Please avoid "
    "the area and allow extra time. Ref F-1. Next update by 13:00."
)


def test_the_card_is_a_phone_sized_jpeg_with_the_full_text_as_alt_text() -> None:
    made = card_image(STATEMENT, CardStyle("Northshire Police"))

    picture = PillowImage.open(io.BytesIO(made.data))
    assert (picture.format, picture.size) == ("JPEG", (WIDTH, HEIGHT))
    assert made.mime == "image/jpeg" and made.alt_text == STATEMENT
    assert render_card(STATEMENT, CardStyle("Northshire Police")) == made.data  # the same card


def test_the_band_and_its_text_contrast() -> None:
    assert text_colour((11, 37, 69)) == (255, 255, 255)  # navy: white text
    assert text_colour((255, 210, 0)) == (0, 0, 0)  # yellow: black text
    navy = PillowImage.open(io.BytesIO(render_card("x", CardStyle("N", "#0b2545"))))
    yellow = PillowImage.open(io.BytesIO(render_card("x", CardStyle("N", "#ffd200"))))
    assert navy.getpixel((10, 10)) != yellow.getpixel((10, 10))


def test_a_text_too_long_for_the_card_is_cut_and_says_where_it_goes_on() -> None:
    picture = PillowImage.new("RGB", (WIDTH, HEIGHT))
    from PIL import ImageDraw

    draw = ImageDraw.Draw(picture)
    short_lines, short_font = _fit(draw, STATEMENT, 900)
    long_lines, long_font = _fit(draw, "word " * 600, 900)

    assert short_font.size == 64 and not short_lines[-1].endswith(CUT)
    assert long_font.size == 40 and long_lines[-1].endswith(CUT)


def test_other_images_become_jpeg_for_instagram() -> None:
    png = io.BytesIO()
    PillowImage.new("RGB", (4, 3), (200, 0, 0)).save(png, format="PNG")
    image = Image(0, "map.png", "image/png", png.getvalue(), "A map")

    converted = as_jpeg(image)

    assert (converted.file_name, converted.mime, converted.alt_text) == (
        "map.jpg",
        "image/jpeg",
        "A map",
    )
    assert PillowImage.open(io.BytesIO(converted.data)).format == "JPEG"
    assert as_jpeg(converted) is converted


@pytest.mark.asyncio
async def test_the_statement_preview_shows_the_card_instagram_gets(desk: Desk) -> None:
    def add(tx: Transaction) -> int:
        return channels.insert(tx.db, name="Force Instagram", network="instagram",
                               account="178414", area="North", now=tx.now())  # fmt: skip

    instagram = await desk.officer.store.write(add)
    await settings.change(desk.officer, settings.CARD_FORCE_NAME, "Northshire Police")
    await statements.ensure_shipped(desk.officer.store)
    flooding = next(
        t for t in await statements.templates(desk.officer.store) if t.name == "Flooding"
    )
    values = {"location": "Eastbridge", "reference": "F-1", "next_update": "13:00"}

    found = await statements.preview(desk.officer.store, flooding, values, [1, instagram])

    by_network = {item.network: item for item in found}
    assert by_network["simulator"].card is None
    card = by_network["instagram"].card
    assert card == render_card(by_network["instagram"].text, CardStyle("Northshire Police"))
