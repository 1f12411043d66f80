"""An inbox cursor for networks that page by time: the newest second seen and the ids
seen in it (``"<unix seconds>|<id>,<id>"``), so nothing comes twice and nothing that
arrived in the same second is skipped. Facebook, Instagram, Threads and LinkedIn read
their inboxes this way."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import quote, unquote

from console.channels.base import InboxItem, InboxPage


def read_cursor(cursor: str | None) -> tuple[int | None, set[str]]:
    """The newest second seen, and the ids seen in it."""
    if not cursor:
        return None, set()
    moment, _, ids = cursor.partition("|")
    if not moment.isdigit():
        return None, set()
    return int(moment), {unquote(i) for i in ids.split(",") if i}


def newer_page(found: Iterable[tuple[int, InboxItem]], cursor: str | None) -> InboxPage:
    """The items (each with its Unix second) newer than ``cursor``, oldest first, and
    the cursor that follows them; ``InboxPage((), None)`` when none is new."""
    seen_at, seen_ids = read_cursor(cursor)
    fresh = [
        (moment, item)
        for moment, item in found
        if seen_at is None
        or moment > seen_at
        or (moment == seen_at and item.remote_id not in seen_ids)
    ]
    if not fresh:
        return InboxPage((), None)
    fresh.sort(key=lambda pair: (pair[0], pair[1].remote_id))
    newest = fresh[-1][0]
    ids = {item.remote_id for moment, item in fresh if moment == newest}
    if newest == seen_at:
        ids |= seen_ids
    listed = ",".join(quote(i, safe="") for i in sorted(ids))  # an id may hold a comma
    return InboxPage(tuple(item for _, item in fresh), f"{newest}|{listed}")
