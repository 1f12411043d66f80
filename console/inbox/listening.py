"""Listening rules: what approvers listen for, the items flagged, and sudden rises.

A rule is a keyword, a phrase, a hashtag, a name or an area (an incident's area
when it names the incident), on every channel or on one. Items are read against
the rules in force when sync stores them (``flag_items``, in the same transaction,
through ``console.inbox.watch``); a new rule also looks back over the last
``LOOK_BACK`` so its counts start with what is already in the inbox.

Matching uses ``console.inbox.matching``: whole words, whatever the case,
punctuation or spacing. A keyword, phrase, name or area matches its words; a
name also matches its possessive ("Smith's"); a hashtag matches only the hashtag
itself (``#A1closure``, any case), not the same words in plain text.

``surges(store, now)`` reports each rule whose last hour is a sudden rise: at
least ``factor`` times the median of the 24 hours before it, and at least
``minimum`` items. The window raises an alert for each.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from console.inbox.matching import FormIndex, normalise, phrase
from console.permissions import Action, require
from console.session import Session
from storage import channels, incidents
from storage import listening as rows
from storage.errors import StoreError
from storage.i18n import N_, _
from storage.listening import NewItem, Rule
from storage.records import AuditCategory
from storage.store import Store, Transaction
from storage.timeutil import to_iso

LOOK_BACK = timedelta(hours=24)
ACTOR = "sync"


class RuleKind(StrEnum):
    KEYWORD = "keyword"
    PHRASE = "phrase"
    HASHTAG = "hashtag"
    NAME = "name"
    AREA = "area"

    @property
    def word(self) -> str:
        """The kind in a sentence, in the officer's language."""
        return _(_KIND_WORDS[self.value])


_KIND_WORDS = {
    "keyword": N_("keyword"),
    "phrase": N_("phrase"),
    "hashtag": N_("hashtag"),
    "name": N_("name"),
    "area": N_("area"),
}


# -- matching ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Matcher:
    rule: Rule
    forms: tuple[str, ...] = ()  # normalised, padded: for words
    hashtag: re.Pattern[str] | None = None

    def matches(self, text: str, normalised: str) -> bool:
        if self.hashtag is not None:
            return self.hashtag.search(text) is not None
        return any(form in normalised for form in self.forms)


def matcher(rule: Rule) -> Matcher:
    if rule.kind == RuleKind.HASHTAG:
        tag = rule.value.lstrip("#＃")
        return Matcher(rule, hashtag=re.compile(rf"[#＃]{re.escape(tag)}(?!\w)", re.IGNORECASE))
    variants = [f"{rule.value}s"] if rule.kind == RuleKind.NAME else []
    return Matcher(rule, phrase(rule.value, variants).forms)


def _applies(rule: Rule, channel_id: int) -> bool:
    return rule.channel_id is None or rule.channel_id == channel_id


class RuleIndex:
    """Every rule's matcher, the word forms in one ``FormIndex`` (a text is checked
    against the rules whose key word it holds, not against every rule)."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.matchers = [matcher(r) for r in rules]
        self._words: FormIndex[int] = FormIndex()
        self._hashtags: list[int] = []
        for number, m in enumerate(self.matchers):
            if m.hashtag is not None:
                self._hashtags.append(number)
            else:
                self._words.add(number, m.forms)

    def matching(self, text: str, normalised: str, channel_id: int) -> list[Rule]:
        """The rules that match the text on ``channel_id``, in the rules' order."""
        hits = self._words.tags_in(normalised)
        for number in self._hashtags:
            if self.matchers[number].matches(text, normalised):
                hits.add(number)
        found = (self.matchers[n].rule for n in sorted(hits))
        return [rule for rule in found if _applies(rule, channel_id)]


def flag_items(
    tx: Transaction,
    items: Sequence[NewItem],
    rules: Sequence[Rule] | None = None,
    normalised: Sequence[str] | None = None,
) -> int:
    """Flag the items the rules in force (or ``rules``) match; returns flags made.
    ``normalised``: the items' texts already normalised (one per item), if at hand."""
    if not items:
        return 0
    index = RuleIndex(rows.active_rules(tx.db) if rules is None else rules)
    if not index.matchers:
        return 0
    texts = normalised if normalised is not None else [normalise(i.text) for i in items]
    pairs = [
        (item.id, rule.id, item.created_utc)
        for item, text in zip(items, texts, strict=True)
        for rule in index.matching(item.text, text, item.channel_id)
    ]
    return rows.flag(tx.db, pairs)


# -- approvers manage the rules ----------------------------------------------------------


async def add_rule(
    session: Session,
    kind: RuleKind,
    value: str,
    *,
    channel_id: int | None = None,
    incident_id: int | None = None,
    reason: str = "",
) -> Rule:
    """Listen for ``value``; returns the rule (its look-back already flagged)."""
    require(session.user, Action.MANAGE_LISTENING)
    kind = RuleKind(kind)
    value = " ".join(value.split())
    if kind is RuleKind.HASHTAG:
        value = "#" + value.lstrip("#＃")
        if not re.fullmatch(r"#\w+", value):
            raise StoreError(_("A hashtag is one word after the #, without spaces or punctuation."))
    elif not normalise(value).strip():
        raise StoreError(_("Type the words to listen for: words, not only punctuation."))
    if incident_id is not None and kind is not RuleKind.AREA:
        raise StoreError(_("Only an area rule belongs to an incident."))

    def write(tx: Transaction) -> Rule:
        if channel_id is not None and channels.get(tx.db, channel_id) is None:
            raise StoreError(
                _("There is no channel number {channel_id}.").format(channel_id=channel_id)
            )
        if incident_id is not None and incidents.get(tx.db, incident_id) is None:
            raise StoreError(
                _("There is no incident number {incident_id}.").format(incident_id=incident_id)
            )
        for existing in rows.active_rules(tx.db):
            same = (existing.kind, existing.value.casefold(), existing.channel_id)
            if same == (kind.value, value.casefold(), channel_id):
                raise StoreError(
                    _("Cordon already listens for {kind.value} “{value}”.").format(
                        kind=kind, value=value
                    )
                )
        now = tx.now()
        rule_id = rows.insert_rule(
            tx.db,
            kind=kind.value,
            value=value,
            channel_id=channel_id,
            incident_id=incident_id,
            created_by=session.user.name,
            now=now,
        )
        rule = rows.rule(tx.db, rule_id)
        assert rule is not None
        since = to_iso(_parse(now) - LOOK_BACK)
        flagged = flag_items(tx, rows.items_since(tx.db, since, channel_id), [rule])
        tx.audit(
            actor=session.user.name,
            action="listening.add_rule",
            category=AuditCategory.ALTERATION,
            object_type="listening_rule",
            object_id=rule_id,
            after={
                "kind": kind.value,
                "value": value,
                "channel": channel_id,
                "incident": incident_id,
                "flagged_from_last_24h": flagged,
            },
            justification=reason,
        )
        return rule

    return await session.store.write(write)


async def remove_rule(session: Session, rule_id: int, *, reason: str = "") -> None:
    """Stop listening (the rule's flags and counts stay readable)."""
    require(session.user, Action.MANAGE_LISTENING)

    def write(tx: Transaction) -> None:
        rule = rows.rule(tx.db, rule_id)
        if rule is None or not rows.remove_rule(tx.db, rule_id, tx.now()):
            raise StoreError(
                _("There is no listening rule number {rule_id} in force.").format(rule_id=rule_id)
            )
        tx.audit(
            actor=session.user.name,
            action="listening.remove_rule",
            category=AuditCategory.ALTERATION,
            object_type="listening_rule",
            object_id=rule_id,
            before={"kind": rule.kind, "value": rule.value, "channel": rule.channel_id},
            justification=reason,
        )

    await session.store.write(write)


async def rules(store: Store) -> list[Rule]:
    """The rules in force."""
    return await store.run(rows.active_rules)


async def flags_of(store: Store, item_ids: Sequence[int]) -> dict[int, list[int]]:
    """Item id -> the rules that flagged it (the inbox marks these)."""
    return await store.run(lambda db: rows.flags_of(db, item_ids))


async def hourly_counts(
    store: Store, rule_id: int, since: datetime, until: datetime
) -> dict[str, int]:
    """Items the rule flagged per hour (``YYYY-MM-DDTHH``, UTC), by the items' time."""
    return await store.run(lambda db: rows.hourly_counts(db, rule_id, to_iso(since), to_iso(until)))


# -- sudden rises --------------------------------------------------------------------------


@dataclass(frozen=True)
class Surge:
    """A rule whose last hour rose sharply: the window raises an alert for it."""

    rule: Rule
    last_hour: int
    median: float  # of the 24 hours before

    @property
    def sentence(self) -> str:
        kind = RuleKind(self.rule.kind).word if self.rule.kind in _KIND_WORDS else self.rule.kind
        if self.median:
            return _(
                "A sudden rise in items about {kind} “{value}”: {n} in the last hour, "
                "against {median:g} an hour over the day before."
            ).format(kind=kind, value=self.rule.value, n=self.last_hour, median=self.median)
        return _(
            "A sudden rise in items about {kind} “{value}”: {n} in the last hour, "
            "against almost none over the day before."
        ).format(kind=kind, value=self.rule.value, n=self.last_hour)


async def surges(
    store: Store, now: datetime, *, factor: float = 3.0, minimum: int = 5
) -> list[Surge]:
    """Rules whose last hour has at least ``minimum`` items and at least ``factor``
    times the median of the previous 24 hours (hour by hour, by the items' time)."""
    return await store.run(lambda db: _surges(db, now, factor, minimum))


def _surges(db: Any, now: datetime, factor: float, minimum: int) -> list[Surge]:
    found = []
    start = now - timedelta(hours=25)
    for rule in rows.active_rules(db):
        times = rows.flagged_times(db, rule.id, to_iso(start), to_iso(now))
        buckets = [0] * 25  # 0: the last hour; 1..24: the hours before it
        for stamp in times:
            try:
                hours_ago = int((now - _parse(stamp)).total_seconds() // 3600)
            except ValueError:
                continue
            if 0 <= hours_ago < 25:
                buckets[hours_ago] += 1
        last, before = buckets[0], buckets[1:]
        median = statistics.median(before)
        if last >= minimum and last >= factor * median:
            found.append(Surge(rule, last, median))
    return found


def _parse(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00"))
