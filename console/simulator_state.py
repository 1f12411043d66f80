"""What the simulator network holds (console/simulator.py): its accounts' posts,
media, native schedules and inboxes, failures and limits asked for, the rate window;
one lock around it all, shared by the HTTP handler's threads."""

from __future__ import annotations

import hashlib
import itertools
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from console.networks import network

DEFAULT_LIMIT = 500
INBOX_PAGE = 100  # items per inbox answer unless asked for fewer
INBOX_PAGE_MAX = 500
CHATTER_BURST = 20  # made-up items per inbox read at most

FAILURE_MODES = frozenset({"429", "500", "401", "timeout", "garbage", "drop"})

# What the public says to a force, for the made-up chatter of the demo and exercises.
CHATTER = (
    ("mention", "Is the A1 still closed northbound? Trying to get to work."),
    ("reply", "Thank you for the update, very helpful."),
    ("mention", "Loud bang heard near the retail park, anyone know what it was?"),
    ("message", "I think I saw the missing man near the bus station an hour ago."),
    ("reply", "Why has nobody answered my call from last night?"),
    ("mention", "Smoke visible from the industrial estate, are you aware?"),
    ("reply", "Which roads should we avoid this evening?"),
    ("message", "My neighbour's car was broken into, how do I report it?"),
)
AUTHORS = (
    ("jo_resident", "Jo Resident"),
    ("commuter_sam", "Sam"),
    ("localnews_desk", "Local News Desk"),
    ("pat.h", "Pat H"),
)


# The simulator counts a text as Cordon counts a simulator channel's (console.networks).
SIMULATOR = network("simulator").rule


@dataclass
class Media:
    id: str
    account: str
    mime: str
    size: int
    alt: str


@dataclass
class Received:
    id: str
    account: str
    text: str
    key: str
    at: float
    media: tuple[Media, ...] = ()
    in_reply_to: str = ""  # the inbox item it answers
    direct: bool = False  # a direct message to that item's author


@dataclass
class Scheduled:
    id: str
    account: str
    text: str
    key: str
    at: float  # when it is to go out
    media: tuple[Media, ...] = ()


@dataclass
class InboxEntry:
    seq: int  # the feed's order: the cursor is the last seq read
    account: str
    kind: str  # mention | reply | comment | message
    author_handle: str
    author_name: str
    text: str
    at: float
    in_reply_to: str = ""
    conversation_id: str = ""

    @property
    def remote_id(self) -> str:
        return f"in-{self.seq}"


@dataclass
class RateWindow:
    limit: int
    window: float  # seconds
    started: dict[str, float] = field(default_factory=dict)  # per account
    used: dict[str, int] = field(default_factory=dict)


@dataclass
class SimulatorState:
    """Everything the simulated network holds. Thread-safe."""

    limit: int = DEFAULT_LIMIT
    latency: float = 0.0
    failures: list[str] = field(default_factory=list)  # for posts
    read_failures: list[str] = field(default_factory=list)  # for inbox, metrics, lists
    statuses: list[Received] = field(default_factory=list)
    scheduled: list[Scheduled] = field(default_factory=list)
    media: dict[str, Media] = field(default_factory=dict)
    inbox: list[InboxEntry] = field(default_factory=list)
    chatter: dict[str, float] = field(default_factory=dict)  # account -> seconds per item
    chatter_since: dict[str, float] = field(default_factory=dict)
    metrics: dict[str, dict[str, int]] = field(default_factory=dict)  # set by /control
    rate: RateWindow | None = None
    offline: bool = False
    requests: int = 0
    rate_limited: int = 0  # 429s given because the rate limit was spent
    pinned: dict[str, str] = field(default_factory=dict)  # account -> its pinned status id
    offline_accounts: set[str] = field(default_factory=set)  # one channel's outage
    expired: set[str] = field(default_factory=set)  # accounts whose token expired
    followers: dict[str, int] = field(default_factory=dict)
    limits: dict[str, int] = field(default_factory=dict)  # an account's own text limit
    lock: threading.Lock = field(default_factory=threading.Lock)
    clock: Callable[[], float] = time.time
    _seq: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def limit_for(self, account: str) -> int:
        return self.limits.get(account, self.limit)

    def by_key(self, account: str, key: str) -> Received | None:
        return next((s for s in self.statuses if s.account == account and s.key == key), None)

    def add_inbox(
        self,
        account: str,
        kind: str,
        author_handle: str,
        text: str,
        *,
        author_name: str = "",
        in_reply_to: str = "",
    ) -> InboxEntry:
        """Call with ``lock`` held."""
        seq = next(self._seq)
        parent = next((s for s in self.statuses if s.id == in_reply_to), None)
        root = in_reply_to if parent is not None else ""
        if not root and in_reply_to:
            earlier = next((e for e in self.inbox if e.remote_id == in_reply_to), None)
            root = earlier.conversation_id if earlier is not None else in_reply_to
        entry = InboxEntry(
            seq, account, kind, author_handle, author_name or author_handle, text,
            self.clock(), in_reply_to, root or f"in-{seq}",
        )  # fmt: skip
        self.inbox.append(entry)
        return entry

    def promote_due(self) -> None:
        """Natively scheduled posts whose time came are published. Call with ``lock``."""
        now = self.clock()
        due = [s for s in self.scheduled if s.at <= now]
        for item in due:
            self.scheduled.remove(item)
            self.statuses.append(
                Received(item.id, item.account, item.text, item.key, item.at, item.media)
            )

    def make_chatter(self, account: str) -> None:
        """Made-up items for the time passed since the last read. Call with ``lock``."""
        every = self.chatter.get(account)
        if not every:
            return
        now = self.clock()
        since = self.chatter_since.setdefault(account, now)
        count = min(int((now - since) // every), CHATTER_BURST)
        if count <= 0:
            return
        self.chatter_since[account] = since + count * every
        own = [s for s in self.statuses if s.account == account]
        for _ in range(count):
            seq = len(self.inbox)
            kind, text = CHATTER[seq % len(CHATTER)]
            handle, name = AUTHORS[seq % len(AUTHORS)]
            reply_to = own[-1].id if kind == "reply" and own else ""
            self.add_inbox(
                account, kind if reply_to or kind != "reply" else "mention", handle, text,
                author_name=name, in_reply_to=reply_to,
            )  # fmt: skip

    def metrics_of(self, status: Received) -> dict[str, int]:
        """Numbers that grow with a post's age (the same every time they are asked),
        plus the replies in the inbox, unless a test or scenario set them."""
        if status.id in self.metrics:
            return dict(self.metrics[status.id])
        minutes = max(0.0, (self.clock() - status.at) / 60)
        seed = int(hashlib.sha256(status.id.encode()).hexdigest()[:6], 16)
        replies = sum(1 for e in self.inbox if e.in_reply_to == status.id)
        audience = self.followers.get(status.account)
        if audience is not None:  # reach climbs towards a share of the followers in 4 hours
            share = (5 + seed % 20) / 100
            reach = int(audience * share * min(1.0, minutes / 240))
            return {
                "likes": reach * (1 + seed % 5) // 100,
                "replies": replies,
                "reposts": reach * (1 + seed % 3) // 400,
                "reach": reach,
            }
        return {
            "likes": int(minutes * (1 + seed % 7) / 4),
            "replies": replies,
            "reposts": int(minutes * (1 + seed % 3) / 10),
            "reach": int(minutes * (20 + seed % 50)),
        }


def iso_of(moment: float) -> str:
    return datetime.fromtimestamp(moment, UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_iso(text: str) -> float | None:
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()
