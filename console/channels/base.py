"""What every channel adapter offers, and the few outcomes the engine understands.

An adapter maps its network's answers onto four outcomes: ``Published`` (with the
remote id and URL), ``Transient`` (try again, when), ``NeedsReconnect`` (the
credentials expired or were revoked) and ``Rejected`` (the network's own message,
shown to the officer as it is). The publishing engine knows nothing else.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from storage.queue import Claimed
from storage.records import ServerLimits


@dataclass(frozen=True)
class Published:
    remote_id: str
    url: str


@dataclass(frozen=True)
class Transient:
    message: str
    retry_after: float | None = None  # seconds, when the network said
    # True when the network could not be reached at all (a transport error or a
    # timeout, not an answer): the sync engine's offline detection counts these.
    # Not part of equality: it says how the failure came, not what it is.
    unreachable: bool = field(default=False, compare=False)


@dataclass(frozen=True)
class NeedsReconnect:
    message: str


@dataclass(frozen=True)
class Rejected:
    message: str


Outcome = Published | Transient | NeedsReconnect | Rejected


Failure = Transient | NeedsReconnect | Rejected


class LookupFailed(Exception):
    """``find`` could not ask the network, so it cannot say whether a post is there.

    ``find`` answers ``None`` only when it looked and the post is not there: the
    engine then sends it again (under the same idempotency key). When it could not
    look (the network is down, rate-limited, or answered something unreadable) it
    raises this instead, and the engine leaves the target ``publishing`` and asks
    again on its next pass: a post that may have gone out is never sent twice.
    The message is a sentence for the officer and never carries a secret.
    """


class ChannelAdapter(Protocol):
    network: str

    async def publish(self, target: Claimed) -> Outcome:
        """Send the target's text; idempotent under ``target.idempotency_key``."""
        ...

    async def find(self, target: Claimed) -> Published | None:
        """Whether the network already has this target (by its idempotency key).
        Raises ``LookupFailed`` when it could not ask."""
        ...

    async def aclose(self) -> None: ...


# -- what the real networks add (the channel adapters issue) -------------------------------


@dataclass
class Account:
    """One connected channel: where its network is, who it is, and its secrets.

    ``secrets`` holds tokens and app passwords. They come from the encrypted store
    and go back to it only through ``on_secrets`` (after a refresh). They never
    appear in a log line, an exception message, a ``repr`` or a file.
    """

    base_url: str  # e.g. https://bsky.social, https://mastodon.example, https://api.x.com
    handle: str  # the account: a Bluesky handle or DID, a Mastodon acct, an X user id, a Page id
    secrets: dict[str, str] = field(repr=False, default_factory=dict)
    expires_utc: str | None = None  # when the access token expires, where the network says

    def __repr__(self) -> str:  # never the secrets
        return f"Account({self.base_url!r}, {self.handle!r})"


# Called by an adapter after it refreshed its tokens, to keep them (encrypted).
SecretsSink = Callable[[dict[str, str], str | None], Awaitable[None]]


@dataclass(frozen=True)
class InboxItem:
    """A mention, reply, comment or direct message, as the network gave it."""

    remote_id: str  # unique on its channel
    kind: str  # mention | reply | comment | message
    author_handle: str
    author_name: str
    text: str
    created_utc: str  # ISO 8601, UTC, as storage.timeutil.to_iso writes it
    url: str = ""
    conversation_id: str = ""  # threads items: the root post, the DM conversation
    in_reply_to: str = ""  # the remote id it answers, if any
    raw: str = ""  # the network's JSON for this item, kept as received


@dataclass(frozen=True)
class InboxPage:
    items: tuple[InboxItem, ...]
    cursor: str | None  # give back to the next fetch; None when nothing new was seen


@dataclass(frozen=True)
class ScheduledItem:
    """A post waiting in a network's own scheduler (put there by Cordon or by someone
    using the network's own tools): incident mode pulls these back."""

    remote_id: str
    scheduled_utc: str  # ISO 8601 UTC, as storage.timeutil.to_iso writes it
    text: str = ""


@dataclass(frozen=True)
class Metrics:
    likes: int = 0
    replies: int = 0
    reposts: int = 0
    reach: int | None = None  # where the network reports it


@dataclass(frozen=True)
class RateBudget:
    """What the network said about its limits on the last answer."""

    limit: int | None = None
    remaining: int | None = None
    reset_utc: str | None = None


@runtime_checkable
class Replier(Protocol):
    """An adapter that can answer an inbox item (every ``NetworkAdapter``)."""

    async def reply(self, target: Claimed, item: InboxItem, *, public: bool = True) -> Outcome:
        """Answer ``item`` with the target's text: under it in public, or (``public``
        False) by direct message to its author, as the network allows; ``Rejected``
        with a sentence where it does not. Idempotent under ``target.idempotency_key``,
        as ``publish`` is: a retry never answers twice."""
        ...


@runtime_checkable
class LimitsReader(Protocol):
    """An adapter whose server says what it accepts (Mastodon-compatible servers)."""

    async def server_limits(self) -> ServerLimits | Failure:
        """The server's software and limits; the channel counts its posts by them."""
        ...


class NetworkAdapter(ChannelAdapter, Replier, Protocol):
    """A real network's adapter: one per connected channel (``Account``). Besides
    publishing it answers inbox items (``reply``, from ``Replier``).

    Every method maps the network's answer onto the outcomes above and never raises
    for an HTTP status, a timeout, a transport error or JSON it cannot read.
    """

    async def delete(self, remote_id: str) -> Failure | None:
        """Remove a published post. ``None`` when it is gone (a 404 counts)."""
        ...

    async def schedule(self, target: Claimed, at_utc: str) -> Outcome:
        """Schedule natively on the network (Mastodon, Facebook); ``Published``
        carries the network's id for the scheduled item and an empty URL."""
        ...

    async def unschedule(self, scheduled_id: str) -> Failure | None:
        """Pull a natively scheduled item back. ``None`` when it is gone."""
        ...

    async def scheduled(self) -> list[ScheduledItem] | Failure:
        """Everything waiting in the network's own scheduler for this account (an
        empty list where the network has no scheduler)."""
        ...

    async def pin(self, remote_id: str) -> Failure | None:
        """Pin a published post to the top of the account's profile or Page, where
        the network can; ``Rejected`` (with a sentence) where it cannot."""
        ...

    async def unpin(self, remote_id: str) -> Failure | None:
        """Take a post off the top of the profile or Page. ``None`` when it is not
        pinned there any more (a post that is gone, or was never pinned, counts);
        another post pinned meanwhile stays pinned. ``Rejected`` where the network
        cannot pin at all."""
        ...

    async def fetch_inbox(self, cursor: str | None) -> InboxPage | Failure:
        """Mentions, replies, comments and messages newer than ``cursor``."""
        ...

    async def metrics(self, remote_ids: Sequence[str]) -> dict[str, Metrics] | Failure: ...

    async def refresh(self) -> Failure | None:
        """Refresh the access token if it expires soon (and call the sink)."""
        ...

    def budget(self) -> RateBudget: ...


def retry_after_seconds(value: str | None) -> float | None:
    """``Retry-After`` as seconds: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    from datetime import UTC, datetime
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())
