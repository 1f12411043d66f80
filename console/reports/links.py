"""The links and media references an item carries, read from its text and raw JSON.

A convenience index for the report and its hand-over: the raw JSON itself is kept
exactly as received, so nothing here has to be complete. Links are the URLs in the
text and the networks' link fields (Mastodon's card and content anchors, Bluesky's
link facets and external embeds, X's expanded URLs, Facebook's link); media are the
URLs and references under the networks' media fields (attachments, images, blob
ids, media keys).
"""

from __future__ import annotations

import json
import re
from typing import Any

_URL = re.compile(r"https?://[^\s<>\"'\]\)]+")
_HREF = re.compile(r"<a\s[^>]*?href=\"([^\"]+)\"[^>]*>", re.IGNORECASE)
_NOT_A_LINK = re.compile(r"class=\"[^\"]*\b(mention|hashtag)\b", re.IGNORECASE)

MEDIA_KEYS = frozenset({
    "media_attachments", "media", "images", "image", "video", "videos", "photo", "photos",
    "attachments", "attachment", "thumb", "fullsize", "thumbnail", "media_keys",
})  # fmt: skip
# Keys whose URL values are links the person posted (outside media fields).
LINK_KEYS = frozenset({"expanded_url", "unwound_url", "link"})
# Containers whose ``url`` / ``uri`` is a link the person posted.
LINK_CONTAINERS = frozenset({"card", "external", "features", "urls"})


def links_and_media(text: str, raw: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    links: list[str] = [_trim(u) for u in _URL.findall(text)]
    media: list[str] = []
    try:
        parsed = json.loads(raw) if raw.strip() else None
    except ValueError:
        parsed = None
    if parsed is not None:
        _walk(parsed, "", False, False, links, media)
    return _unique(links), _unique(media)


def _walk(
    node: Any, key: str, in_media: bool, in_link: bool, links: list[str], media: list[str]
) -> None:
    if isinstance(node, dict):
        for child_key, value in node.items():
            _walk(
                value,
                child_key,
                in_media or child_key in MEDIA_KEYS,
                in_link or child_key in LINK_CONTAINERS,
                links,
                media,
            )
        return
    if isinstance(node, list):
        for value in node:
            _walk(value, key, in_media, in_link, links, media)
        return
    if not isinstance(node, str):
        return
    if in_media:
        if key == "$link":  # a Bluesky blob: the reference is its content id
            media.append(f"blob:{node}")
        elif key == "media_keys":  # X: the tweet names its media by key
            media.append(f"media_key:{node}")
        elif _URL.fullmatch(node):
            media.append(node)
    elif key == "content" and "<a" in node:  # Mastodon's HTML: the anchors it holds
        for anchor in _HREF.finditer(node):
            if not _NOT_A_LINK.search(anchor.group(0)):
                links.append(anchor.group(1))
    elif (key in LINK_KEYS or (in_link and key in ("url", "uri"))) and _URL.fullmatch(node):
        links.append(node)


def _trim(url: str) -> str:
    return url.rstrip(".,;:!?")


def _unique(values: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))
