"""Background sync: per-channel asyncio loops that read each network's inbox and
metrics, renew tokens before they expire, and report each channel's health.

The window uses ``SyncEngine`` (``console.sync.engine``), started and stopped by
``console.engine.Engine``; ``ChannelHealth`` and ``SyncEvent`` are what it shows and
listens to; ``SyncPolicy`` sets the intervals, backoff and rate-budget reserve.
"""

from console.sync.engine import SyncEngine
from console.sync.health import ChannelHealth, SyncEvent
from console.sync.policy import SyncPolicy

__all__ = ["ChannelHealth", "SyncEngine", "SyncEvent", "SyncPolicy"]
