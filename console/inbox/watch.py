"""What happens to items as sync stores them: listening rules flag them and threat
phrases raise alerts, in the same transaction as the items themselves.

``console.sync`` calls ``items_stored`` once per page it stores, in the page's
transaction, with the items ``storage.conversations.collect`` has just stored (only
those: a known item is not stored again, so a page read twice flags and alerts
nothing twice), so an item is never stored without being read. It normalises the
page's texts (``normalised_texts``) before it opens the transaction: the reading
inside then only matches, and the store's one writer is held less.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from console.inbox import listening, threats
from console.inbox.matching import normalise
from storage.listening import NewItem
from storage.records import AuditCategory
from storage.store import Transaction

ACTOR = "sync"


@dataclass(frozen=True)
class Watched:
    flagged: int = 0  # flags made by listening rules
    alerts: tuple[int, ...] = ()  # threat-to-life alerts raised


def normalised_texts(texts: Iterable[str]) -> dict[str, str]:
    """Each text and its normalised form (``console.inbox.matching.normalise``)."""
    return {text: normalise(text) for text in texts}


def items_stored(
    tx: Transaction,
    channel_id: int,
    items: Sequence[NewItem],
    known: Mapping[str, str] | None = None,
) -> Watched:
    """Read the channel's just-stored ``items`` against the rules and phrases, in the
    transaction that stored them. ``known``: texts already normalised
    (``normalised_texts``, before the transaction); any other text is normalised here."""
    if not items:
        return Watched()
    # Each text is normalised once, for the rules and the phrases alike.
    known = known or {}
    normalised = [
        known[item.text] if item.text in known else normalise(item.text) for item in items
    ]
    flagged = listening.flag_items(tx, items, normalised=normalised)
    if flagged:
        tx.audit(
            actor=ACTOR,
            action="listening.flag",
            category=AuditCategory.ALTERATION,
            object_type="channel",
            object_id=channel_id,
            after={"flags": flagged, "items_read": len(items)},
        )
    return Watched(flagged, tuple(threats.raise_alerts(tx, items, normalised)))
