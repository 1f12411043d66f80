"""What the window shows of background sync: per-channel health, and change events."""

from __future__ import annotations

from dataclasses import dataclass, field

from console.channels.base import RateBudget
from storage.sync_state import SyncState


@dataclass(frozen=True)
class ChannelHealth:
    """One channel's sync, as of the last pass (a snapshot: it does not change).

    ``state`` is ok, degraded (the network answered badly), offline (it could not
    be reached), needs_reconnect or paused; ``last_error`` says what went wrong in
    plain words ("" when all is well); ``token_expires_in`` is seconds until the
    access token expires (negative once it has; None when the network gave no
    expiry); ``waiting_until_utc`` is set while sync waits for the rate limit to reset.
    """

    channel_id: int
    name: str
    network: str
    state: SyncState
    last_sync_utc: str | None = None
    next_sync_utc: str | None = None
    next_sync_real_utc: str | None = None  # the same by the real clock: lateness is judged by it
    last_error: str = ""
    budget: RateBudget = field(default_factory=RateBudget)
    token_expires_in: float | None = None
    failures: int = 0
    waiting_until_utc: str | None = None

    @property
    def budget_left(self) -> int | None:
        return self.budget.remaining


@dataclass(frozen=True)
class SyncEvent:
    """What changed: ``health`` (a channel's health), ``inbox`` (``count`` new items
    stored for the channel), ``flagged`` (``count`` items flagged by listening
    rules), ``threat`` (``count`` new threat-to-life alerts: urgent), ``metrics``
    (``count`` posts' numbers changed) or ``offline`` (the console-wide flag
    changed; ``channel_id`` is None)."""

    kind: str
    channel_id: int | None
    count: int = 0
