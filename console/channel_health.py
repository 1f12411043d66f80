"""Every channel's health as the window's Channels area shows it, with or without
a running sync engine.

The sync engine keeps each synced channel's health in memory (``SyncEngine.health``);
a channel it does not sync (disabled, or before the engine has started) is read from
the store as sync last recorded it. Each line also says whether the channel is
connected and when its token expires: keys and times only, never a secret.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from console.channels.base import RateBudget
from console.sync.health import ChannelHealth
from storage import channels, sync_state
from storage import credentials as stored
from storage.records import Channel
from storage.store import Store
from storage.sync_state import SyncRow, SyncState

if TYPE_CHECKING:
    from console.sync.engine import SyncEngine

# The order the status bar names them in: the good news, then the worst first.
STATE_ORDER = (
    SyncState.OK,
    SyncState.NEEDS_RECONNECT,
    SyncState.OFFLINE,
    SyncState.DEGRADED,
    SyncState.PAUSED,
)


@dataclass(frozen=True)
class ChannelStatus:
    """One line of the health table.

    ``expires_utc`` is when the channel's access token expires (None: never, or not
    connected); ``connected`` says whether credentials are stored (a simulator channel
    needs none); ``synced`` whether the sync engine is looking after it now.
    """

    channel: Channel
    health: ChannelHealth
    connected: bool
    expires_utc: str | None
    synced: bool

    @property
    def needs_account(self) -> bool:
        return self.channel.network != "simulator"

    def token_seconds_left(self, now: datetime) -> float | None:
        expires = parse_utc(self.expires_utc)
        return None if expires is None else (expires - now).total_seconds()


def parse_utc(text: str | None) -> datetime | None:
    """A stored or network-given ISO 8601 time as an aware UTC time (None if unreadable)."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@dataclass(frozen=True)
class _Read:
    channels: list[Channel]
    rows: dict[int, SyncRow]
    expiries: dict[int, str | None]


def _read(db: Any) -> _Read:
    return _Read(channels.all_channels(db), sync_state.all_rows(db), stored.expiries(db))


def _from_row(channel: Channel, row: SyncRow | None) -> ChannelHealth:
    if row is None:
        return ChannelHealth(channel.id, channel.name, channel.network, SyncState.OK)
    return ChannelHealth(
        channel_id=channel.id,
        name=channel.name,
        network=channel.network,
        state=SyncState.PAUSED if row.paused else row.state,
        last_sync_utc=row.last_sync_utc,
        next_sync_utc=None if row.paused else row.next_sync_utc,
        next_sync_real_utc=None if row.paused else row.next_sync_real_utc,
        last_error=row.last_error,
        budget=RateBudget(row.budget_limit, row.budget_remaining, row.budget_reset_utc),
        failures=row.failures,
    )


async def statuses(store: Store, sync: SyncEngine | None) -> list[ChannelStatus]:
    """Every channel (by name), its health and connection; one read on the store thread."""
    read = await store.run(_read)
    live = sync.health() if sync is not None else {}
    found = []
    for channel in read.channels:
        health = live.get(channel.id) or _from_row(channel, read.rows.get(channel.id))
        found.append(
            ChannelStatus(
                channel=channel,
                health=health,
                connected=channel.id in read.expiries,
                expires_utc=read.expiries.get(channel.id),
                synced=channel.id in live,
            )
        )
    return found


LATE_GRACE_SECONDS = 30.0  # a pass this far behind its planned time is late, not "ok"


def overdue(health: ChannelHealth, real_now: datetime) -> float | None:
    """Real seconds a channel's next pass is behind its time (None: it is not late, or
    it waits on purpose: paused, or for a reconnect). A channel is never "ok" while
    late: sync may have stopped, and the screen must say so. Judged by the real clock
    (an exercise's clock runs faster and jumps: its lateness would be false)."""
    if health.state in (SyncState.PAUSED, SyncState.NEEDS_RECONNECT):
        return None
    planned = parse_utc(health.next_sync_real_utc)
    if planned is None:
        return None
    behind = (real_now - planned).total_seconds()
    return behind if behind > LATE_GRACE_SECONDS else None


def offline(statuses: Iterable[ChannelStatus]) -> bool:
    """Every channel sync looks after could not reach its network at the last pass."""
    active = [
        s.health
        for s in statuses
        if s.channel.enabled and s.health.state not in (SyncState.PAUSED, SyncState.NEEDS_RECONNECT)
    ]
    return bool(active) and all(h.state is SyncState.OFFLINE for h in active)


def summary(healths: Iterable[ChannelHealth]) -> list[tuple[SyncState, int]]:
    """How many channels are in each state (``STATE_ORDER``), leaving out empty ones."""
    counted = Counter(health.state for health in healths)
    return [(state, counted[state]) for state in STATE_ORDER if counted[state]]
