"""What each network accepts, in one place, and how each counts a post's length.

* **Bluesky**: 300 graphemes (what a reader sees as one character: "é" written as
  e + combining accent is one; a family emoji made of five code points is one).
* **X**: 280 *weighted* characters (twitter-text v3): most Latin, Greek, Cyrillic
  and common punctuation weigh 1, other scripts (CJK, for instance) 2, every emoji 2
  however many code points make it, and every link 23, whatever its length.
* **Mastodon**: 500 graphemes unless the instance says otherwise; links count 23;
  a remote mention counts only its ``@user`` part.
* **Facebook Pages**: 63,206 characters.
* **Simulator**: counts like Mastodon, with the limit its settings give.

``check_text`` returns the sentence an officer needs when a text will not go.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

import regex

URL = regex.compile(r"(?i)\b(?:https?://|www\.)[^\s<>\"']+[^\s<>\"'.,;:!?)\]]")
REMOTE_MENTION = regex.compile(r"(?<![\w@])(@\w+)@[\w.-]+\.\w+")
GRAPHEME = regex.compile(r"\X")
PICTOGRAPHIC = regex.compile(r"\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20e3")

# twitter-text v3: code point ranges that weigh 1 (100 on its scale); all else 2.
_LIGHT = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))
LINK_LENGTH = 23


def graphemes(text: str) -> int:
    return len(GRAPHEME.findall(text))


def x_weighted_length(text: str) -> int:
    """The length X counts, in characters (twitter-text v3's weighted length)."""
    text = unicodedata.normalize("NFC", text)
    total = 0
    position = 0
    for link in URL.finditer(text):
        total += _weigh(text[position : link.start()])
        total += LINK_LENGTH * 100
        position = link.end()
    total += _weigh(text[position:])
    return (total + 99) // 100


def _weigh(text: str) -> int:
    weight = 0
    for cluster in GRAPHEME.findall(text):
        if PICTOGRAPHIC.search(cluster):
            weight += 200  # an emoji counts as two, however it is built
            continue
        for char in cluster:
            point = ord(char)
            weight += 100 if any(lo <= point <= hi for lo, hi in _LIGHT) else 200
    return weight


def mastodon_length(text: str) -> int:
    """Mastodon's count: graphemes, links as 23, remote mentions as ``@user``."""
    countable = URL.sub("x" * LINK_LENGTH, text)
    countable = REMOTE_MENTION.sub(r"\1", countable)
    return graphemes(countable)


@dataclass(frozen=True)
class Network:
    key: str
    label: str
    limit: int
    count: Callable[[str], int]
    unit: str
    images_max: int
    image_max_bytes: int
    alt_text_required: bool
    native_scheduling: bool
    can_delete: bool


NETWORKS: dict[str, Network] = {
    n.key: n
    for n in (
        Network(
            "bluesky", "Bluesky", 300, graphemes, "characters", 4, 1_000_000, True, False, True
        ),
        Network("x", "X", 280, x_weighted_length, "characters", 4, 5_000_000, True, False, True),
        Network(
            "mastodon",
            "Mastodon",
            500,
            mastodon_length,
            "characters",
            4,
            16_000_000,
            True,
            True,
            True,
        ),
        Network(
            "facebook", "Facebook Page", 63_206, len, "characters", 10, 10_000_000, True, True, True
        ),
        Network(
            "simulator",
            "Simulator",
            500,
            mastodon_length,
            "characters",
            4,
            5_000_000,
            True,
            True,
            True,
        ),
    )
}


def network(key: str) -> Network:
    try:
        return NETWORKS[key]
    except KeyError:
        raise ValueError(f"Cordon does not know the network {key!r}.") from None


def remaining(key: str, text: str, limit: int | None = None) -> int:
    """How many characters are left (negative: how many too many)."""
    spec = network(key)
    return (limit or spec.limit) - spec.count(text)


def check_text(key: str, text: str, limit: int | None = None) -> str | None:
    """A sentence saying what to change, or None when the network will take it."""
    spec = network(key)
    if not text.strip():
        return f"The post for {spec.label} is empty: write something first."
    over = -remaining(key, text, limit)
    if over > 0:
        word = "character" if over == 1 else "characters"
        return (
            f"{spec.label} allows {limit or spec.limit} {spec.unit}: this is {over} {word} "
            "too long. Shorten it, or give this channel its own shorter version."
        )
    return None


IMAGE_TYPES = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/gif": ".gif",
    "image/webp": ".webp",
}


def image_type(data: bytes) -> str | None:
    """The image's type from its first bytes (never from its name)."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def check_images(key: str, images: list[tuple[str, bytes, str]]) -> str | None:
    """``images`` as (file name, bytes, alt text): a sentence if the network would
    refuse them or an officer forgot the alt text, else None."""
    spec = network(key)
    if len(images) > spec.images_max:
        extra = len(images) - spec.images_max
        return f"{spec.label} takes at most {spec.images_max} images: remove {extra}."
    for name, data, alt in images:
        if not alt.strip():
            return f"{name} has no alt text: describe the image for people who cannot see it."
        if image_type(data) is None:
            return f"{name} is not a JPEG, PNG, GIF or WebP image."
        if len(data) > spec.image_max_bytes:
            limit = spec.image_max_bytes / 1_000_000
            return f"{name} is larger than {spec.label}'s {limit:g} MB limit: make it smaller."
    return None
