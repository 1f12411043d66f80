"""What every channel adapter offers, and the few outcomes the engine understands.

An adapter maps its network's answers onto four outcomes: ``Published`` (with the
remote id and URL), ``Transient`` (try again, when), ``NeedsReconnect`` (the
credentials expired or were revoked) and ``Rejected`` (the network's own message,
shown to the officer as it is). The publishing engine knows nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from storage.queue import Claimed


@dataclass(frozen=True)
class Published:
    remote_id: str
    url: str


@dataclass(frozen=True)
class Transient:
    message: str
    retry_after: float | None = None  # seconds, when the network said


@dataclass(frozen=True)
class NeedsReconnect:
    message: str


@dataclass(frozen=True)
class Rejected:
    message: str


Outcome = Published | Transient | NeedsReconnect | Rejected


class ChannelAdapter(Protocol):
    network: str

    async def publish(self, target: Claimed) -> Outcome:
        """Send the target's text; idempotent under ``target.idempotency_key``."""
        ...

    async def find(self, target: Claimed) -> Published | None:
        """Whether the network already has this target (by its idempotency key)."""
        ...

    async def aclose(self) -> None: ...


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
