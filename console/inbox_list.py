"""The basic inbox list: arriving items, newest first, for the window.

The window's lazy table asks for the ids that match a filter, then for the rows
of the ids it paints; both run on the store's thread. The full inbox (states,
assignment, replies, reports) comes with its own issue.
"""

from __future__ import annotations

from storage import inbox
from storage.i18n import N_
from storage.inbox import InboxFilter, InboxRow
from storage.store import Store

# What the networks' items are, as ``InboxItem.kind`` names them, with the words shown.
KINDS = (
    ("mention", N_("Mention")),
    ("reply", N_("Reply")),
    ("comment", N_("Comment")),
    ("message", N_("Direct message")),
)  # labels: translate where shown, with _()


async def matching(store: Store, flt: InboxFilter) -> list[int]:
    return await store.run(lambda db: inbox.matching(db, flt))


async def fetch(store: Store, item_ids: list[int]) -> dict[int, InboxRow]:
    return await store.run(lambda db: inbox.rows(db, item_ids))


async def count(store: Store) -> int:
    return await store.run(lambda db: inbox.count(db))


async def newest(store: Store) -> int:
    """The newest item's id (0 when empty): compared between reads, it counts arrivals."""
    return await store.run(inbox.newest_id)
