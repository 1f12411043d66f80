"""Threat to life or risk of harm: a maintained list of phrases, and urgent alerts.

* The list: the phrases shipped in ``resources/threat_phrases.toml`` (each with
  its variants), less those an administrator removed, plus those one added
  (``add_phrase``, ``remove_phrase``: audited). ``phrases`` gives the list in force.
* Every item stored by sync is read against it (``raise_alerts``, called in the
  transaction that stores the page, through ``console.inbox.watch``): an item that
  matches raises one URGENT alert (the item, the phrases, the time), audited.
* An alert stays open until an officer acknowledges it (``acknowledge``): who saw
  it and when is recorded, and since acknowledging means reading the person's
  words, it is audited as a CONSULTATION with the officer's justification.
* ``standard_reply`` is the text that directs the person to 999 (the setting
  ``inbox.threat_standard_reply``, else the text shipped with the phrases).
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import resources
from console import settings
from console.inbox.matching import Phrase, PhraseIndex, normalise, phrase
from console.permissions import Action, require
from console.session import Session
from console.timezone import local_text
from storage import inbox, users
from storage import listening as rows
from storage.errors import StoreError
from storage.i18n import _
from storage.inbox import InboxRow
from storage.listening import AlertRow, NewItem
from storage.records import AuditCategory
from storage.store import Store, Transaction

SHIPPED = resources.path("threat_phrases.toml")
ACTOR = "sync"


@dataclass(frozen=True)
class Shipped:
    phrases: tuple[Phrase, ...]
    standard_reply: str


@cache
def shipped(path: Path = SHIPPED) -> Shipped:
    """The phrases and the standard reply shipped with Cordon (read once)."""
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    listed = tuple(
        phrase(str(entry["text"]), [str(v) for v in entry.get("variants", [])])
        for entry in data.get("phrase", [])
    )
    reply = str(data.get("standard_reply", {}).get("text", "")).strip()
    return Shipped(listed, reply)


def phrases_in_force(db: Any) -> list[Phrase]:
    """The shipped phrases less those removed, plus those added (in that order)."""
    changes = rows.phrase_changes(db)
    kept = [p for p in shipped().phrases if changes.get(p.text) != "removed"]
    known = {p.text for p in kept}
    added = [
        phrase(text)
        for text, state in sorted(changes.items())
        if state == "added" and text not in known
    ]
    return kept + added


async def phrases(store: Store) -> list[str]:
    """The phrases in force, as listed."""
    return [p.text for p in await store.run(phrases_in_force)]


# -- administrators keep the list ------------------------------------------------------------


def _tidy(text: str) -> str:
    return " ".join(text.split())


async def add_phrase(session: Session, text: str, *, reason: str = "") -> None:
    require(session.user, Action.MANAGE_THREAT_PHRASES)
    text = _tidy(text)
    if not normalise(text).strip():
        raise StoreError(_("Type the phrase to listen for: words, not only punctuation."))

    def write(tx: Transaction) -> None:
        listed = {p.text for p in phrases_in_force(tx.db)}
        if text in listed:
            raise StoreError(_("“{text}” is already on the threat-to-life list.").format(text=text))
        if any(p.text == text for p in shipped().phrases):
            rows.clear_phrase_change(tx.db, text)  # a shipped phrase, removed, comes back
        else:
            rows.set_phrase_change(tx.db, text, "added", session.user.name, tx.now())
        tx.audit(
            actor=session.user.name,
            action="threat_phrase.add",
            category=AuditCategory.ALTERATION,
            object_type="threat_phrase",
            object_id=text,
            after={"phrase": text},
            justification=reason,
        )

    await session.store.write(write)


async def remove_phrase(session: Session, text: str, *, reason: str) -> None:
    require(session.user, Action.MANAGE_THREAT_PHRASES)
    if not reason.strip():
        raise StoreError(
            _("Say why this phrase no longer raises an alert: it goes in the audit trail.")
        )
    text = _tidy(text)

    def write(tx: Transaction) -> None:
        if text not in {p.text for p in phrases_in_force(tx.db)}:
            raise StoreError(_("“{text}” is not on the threat-to-life list.").format(text=text))
        if any(p.text == text for p in shipped().phrases):
            rows.set_phrase_change(tx.db, text, "removed", session.user.name, tx.now())
        else:
            rows.clear_phrase_change(tx.db, text)
        tx.audit(
            actor=session.user.name,
            action="threat_phrase.remove",
            category=AuditCategory.ALTERATION,
            object_type="threat_phrase",
            object_id=text,
            before={"phrase": text},
            justification=reason.strip(),
        )

    await session.store.write(write)


# -- raising alerts (inside the transaction that stores the items) ----------------------------


@lru_cache(maxsize=4)
def _index(phrases: tuple[Phrase, ...]) -> PhraseIndex:
    """The phrases in force, indexed: built again only when the list changes (sync
    reads every page it stores against it)."""
    return PhraseIndex(phrases)


def raise_alerts(
    tx: Transaction, items: Sequence[NewItem], normalised: Sequence[str] | None = None
) -> list[int]:
    """An alert for every item that holds a phrase in force; returns the alert ids.
    ``normalised``: the items' texts already normalised (one per item), if at hand."""
    if not items:
        return []
    listed = _index(tuple(phrases_in_force(tx.db)))
    texts = normalised if normalised is not None else [normalise(i.text) for i in items]
    raised = []
    for item, text in zip(items, texts, strict=True):
        matched = listed.found(text)
        if not matched:
            continue
        alert_id = rows.raise_alert(tx.db, item.id, matched, tx.now())
        if alert_id is None:
            continue
        raised.append(alert_id)
        tx.audit(
            actor=ACTOR,
            action="threat.alert",
            category=AuditCategory.ALTERATION,
            object_type="inbox_item",
            object_id=item.id,
            after={"alert": alert_id, "phrases": matched, "channel": item.channel_id},
        )
    return raised


# -- officers see them -------------------------------------------------------------------------


async def open_alerts(store: Store) -> list[AlertRow]:
    """Alerts not yet acknowledged, oldest first (the window keeps these in view)."""
    return await store.run(rows.open_alerts)


async def alerts_of_items(store: Store, item_ids: Sequence[int]) -> dict[int, AlertRow]:
    return await store.run(lambda db: rows.alerts_of_items(db, item_ids))


@dataclass(frozen=True)
class Acknowledged:
    alert: AlertRow
    item: InboxRow  # what the person wrote: reading it is the consultation


async def acknowledge(session: Session, alert_id: int, *, justification: str) -> Acknowledged:
    """Record that this officer saw the alert, when, and why they read the item."""
    require(session.user, Action.ACKNOWLEDGE_ALERT)
    if not justification.strip():
        raise StoreError(
            _(
                "Say why you are reading this message (for example: "
                "assessing a threat to life): reading personal data is "
                "recorded with its reason."
            )
        )

    def write(tx: Transaction) -> Acknowledged:
        before = rows.alert(tx.db, alert_id)
        if before is None:
            raise StoreError(_("There is no alert number {alert_id}.").format(alert_id=alert_id))
        if before.seen_utc is not None:
            # Another console's officer acknowledged it meanwhile: named as the window
            # names them, at the force's local time (it said the login name and the
            # stored UTC timestamp, microseconds and all).
            found = users.by_name(tx.db, before.seen_by or "")
            raise StoreError(
                _(
                    "Alert {alert_id} was already acknowledged by {who} at {when}: they "
                    "have the message. Nothing of yours was recorded."
                ).format(
                    alert_id=alert_id,
                    who=found.display_name if found is not None else before.seen_by,
                    when=local_text(before.seen_utc, compact=True),
                )
            )
        now = tx.now()
        rows.acknowledge(tx.db, alert_id, session.user.name, justification.strip(), now)
        tx.audit(
            actor=session.user.name,
            action="threat.acknowledge",
            category=AuditCategory.CONSULTATION,
            object_type="inbox_item",
            object_id=before.item_id,
            before={"alert": alert_id, "seen": False},
            after={"alert": alert_id, "seen": True, "seen_utc": now},
            justification=justification.strip(),
        )
        seen = rows.alert(tx.db, alert_id)
        item = inbox.rows(tx.db, [before.item_id]).get(before.item_id)
        assert seen is not None
        assert item is not None
        return Acknowledged(seen, item)

    return await session.store.write(write)


async def standard_reply(store: Store) -> str:
    """The standard text directing the person to 999."""
    chosen = (await settings.get(store, settings.THREAT_STANDARD_REPLY)).strip()
    return chosen or shipped().standard_reply
