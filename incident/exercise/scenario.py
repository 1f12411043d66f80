"""Exercise scenarios: what a scenario holds (its setting, simulated channels,
scheduled posts and injects), the kinds of inject, and the ``+2h30m`` offsets they
are written in. Reading and checking a scenario's TOML file is ``scenario_file.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from storage.i18n import N_, _, ngettext

SIMULATOR_LIMIT = 500  # the simulator's own text limit (console.simulator.DEFAULT_LIMIT)


class InjectKind(StrEnum):
    MENTION = "mention"
    REPLY = "reply"
    MESSAGE = "message"
    RUMOUR = "rumour"
    MISINFORMATION = "misinformation"
    MEDIA_ENQUIRY = "media_enquiry"
    CRIME_REPORT = "crime_report"
    THREAT_TO_LIFE = "threat_to_life"
    SURGE = "surge"
    OUTAGE = "outage"
    RESTORE = "restore"
    TOKEN_EXPIRED = "token_expired"  # noqa: S105 - a kind of inject, not a secret
    GOLD_INSTRUCTION = "gold_instruction"

    @property
    def public(self) -> bool:
        """An item from a member of the public (author and text)."""
        return self in PUBLIC_KINDS

    @property
    def label(self) -> str:
        """The kind in words, in the officer's language (``value`` is the key the
        scenario file writes)."""
        return _(_KIND_LABELS[self])


_KIND_LABELS = {
    InjectKind.MENTION: N_("Mention"),
    InjectKind.REPLY: N_("Reply"),
    InjectKind.MESSAGE: N_("Message"),
    InjectKind.RUMOUR: N_("Rumour"),
    InjectKind.MISINFORMATION: N_("Misinformation"),
    InjectKind.MEDIA_ENQUIRY: N_("Media enquiry"),
    InjectKind.CRIME_REPORT: N_("Crime report"),
    InjectKind.THREAT_TO_LIFE: N_("Threat to life"),
    InjectKind.SURGE: N_("Surge"),
    InjectKind.OUTAGE: N_("Outage"),
    InjectKind.RESTORE: N_("Restore"),
    InjectKind.TOKEN_EXPIRED: N_("Token expired"),
    InjectKind.GOLD_INSTRUCTION: N_("Gold instruction"),
}


def kind_words(kind: str) -> str:
    """A stored kind (the key) in words; a key this Cordon does not know, as it is."""
    try:
        return InjectKind(kind).label
    except ValueError:
        return kind


PUBLIC_KINDS = frozenset(
    {
        InjectKind.MENTION, InjectKind.REPLY, InjectKind.MESSAGE, InjectKind.RUMOUR,
        InjectKind.MISINFORMATION, InjectKind.MEDIA_ENQUIRY, InjectKind.CRIME_REPORT,
        InjectKind.THREAT_TO_LIFE,
    }
)  # fmt: skip
CHANNEL_KINDS = PUBLIC_KINDS | {
    InjectKind.SURGE, InjectKind.OUTAGE, InjectKind.RESTORE, InjectKind.TOKEN_EXPIRED,
}  # fmt: skip
TEXT_KINDS = PUBLIC_KINDS | {InjectKind.GOLD_INSTRUCTION}
# Kinds that arrive as a mention unless ``direct = true`` makes them a direct message.
DIRECT_KINDS = PUBLIC_KINDS - {InjectKind.MENTION, InjectKind.REPLY, InjectKind.MESSAGE}


@dataclass(frozen=True)
class ScenarioChannel:
    name: str
    account: str
    followers: int
    areas: tuple[str, ...]
    limit: int  # the simulator's text limit for this channel

    @property
    def area(self) -> str:
        """The channel's area in the store (it keeps one; the loader refuses more)."""
        return self.areas[0] if self.areas else ""


@dataclass(frozen=True)
class ScenarioPost:
    at: timedelta
    channels: tuple[str, ...]
    text: str


@dataclass(frozen=True)
class Inject:
    id: str
    at: timedelta
    kind: InjectKind
    channel: str
    author: str
    author_name: str
    text: str
    first_sign: bool
    expect: str
    direct: bool
    count: int
    over: timedelta
    texts: tuple[str, ...]

    @property
    def summary(self) -> str:
        """One line for a timeline."""
        if self.kind is InjectKind.SURGE:
            return f"{self.count} messages over {format_offset(self.over, plus=False)}"
        own = _OWN_LINES.get(self.kind)
        if own is not None:  # in English, as the store keeps it (``summary_words``)
            return own.format(channel=self.channel)
        who = f"@{self.author}: " if self.author else ""
        return f"{who}{self.text}"


# The line Cordon writes for an inject with no text of its own. ``Inject.summary``
# keeps it in English in the store (as when the exercise was made); ``summary_words``
# says it again in the reader's language.
_OWN_LINES: dict[str, str] = {  # by kind (a StrEnum is its key)
    InjectKind.OUTAGE: N_("{channel} stops answering"),
    InjectKind.RESTORE: N_("{channel} answers again"),
    InjectKind.TOKEN_EXPIRED: N_("{channel}'s token expires"),
}
_SURGE_LINE = re.compile(r"^(\d+) messages? over (\S+)$")


def summary_words(kind: str, channel: str, summary: str) -> str:
    """An inject's one line (``Inject.summary`` as stored) in the reader's language:
    Cordon's own words for a surge, an outage, a restore or an expired token said
    again; a scenario's text (a post, gold's instruction) exactly as written."""
    if kind == InjectKind.SURGE:
        found = _SURGE_LINE.match(summary)
        if found is None:
            return summary
        count = int(found.group(1))
        return ngettext(
            "{count} message over {span}", "{count} messages over {span}", count
        ).format(count=count, span=found.group(2))
    words = _OWN_LINES.get(kind)
    return _(words).format(channel=channel) if words else summary


@dataclass(frozen=True)
class Scenario:
    title: str
    summary: str
    force: str
    area: str
    starts_utc: datetime
    duration: timedelta
    channels: tuple[ScenarioChannel, ...]
    posts: tuple[ScenarioPost, ...]
    injects: tuple[Inject, ...]  # in the order they fire (time, then file order)
    source_text: str

    def channel(self, name: str) -> ScenarioChannel:
        return next(c for c in self.channels if c.name == name)


# -- times ---------------------------------------------------------------------------

_SPAN = re.compile(r"^\+?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$")


def parse_span(text: str) -> timedelta | None:
    """``+2h30m``, ``1d``, ``45s`` as a timedelta; None if it is not one."""
    found = _SPAN.match(text.strip())
    if found is None or not any(found.groups()):
        return None
    days, hours, minutes, seconds = (int(g or 0) for g in found.groups())
    try:
        return timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)
    except OverflowError:  # more days than a timedelta holds: longer than any limit
        return timedelta.max


def format_offset(span: timedelta, *, plus: bool = True) -> str:
    """The reverse of ``parse_span``: ``+2h30m``."""
    seconds = int(span.total_seconds())
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    parts = [
        f"{n}{unit}" for n, unit in ((days, "d"), (hours, "h"), (minutes, "m"), (seconds, "s")) if n
    ]
    return ("+" if plus else "") + ("".join(parts) or "0m")
