"""Exercise scenarios: what a scenario holds (its setting, simulated channels,
scheduled posts and injects), the kinds of inject, and the ``+2h30m`` offsets they
are written in. Reading and checking a scenario's TOML file is ``scenario_file.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

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
        return self.value.replace("_", " ").capitalize()


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
        if self.kind is InjectKind.OUTAGE:
            return f"{self.channel} stops answering"
        if self.kind is InjectKind.RESTORE:
            return f"{self.channel} answers again"
        if self.kind is InjectKind.TOKEN_EXPIRED:
            return f"{self.channel}'s token expires"
        who = f"@{self.author}: " if self.author else ""
        return f"{who}{self.text}"


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
