"""Background sync: per-channel asyncio loops that read each network's inbox and
metrics, renew tokens before they expire, and report each channel's health.

The window uses ``SyncEngine`` (``console.sync.engine``), started and stopped by
``console.engine.Engine``; ``ChannelHealth`` and ``SyncEvent`` are what it shows and
listens to; ``SyncPolicy`` sets the intervals, backoff and rate-budget reserve.
"""

from typing import TYPE_CHECKING

from console.sync.health import ChannelHealth, SyncEvent
from console.sync.policy import SyncPolicy

if TYPE_CHECKING:
    from console.sync.engine import SyncEngine

__all__ = ["ChannelHealth", "SyncEngine", "SyncEvent", "SyncPolicy"]


def __getattr__(name: str) -> object:
    """``SyncEngine`` (with every network's adapter) is imported when first asked
    for: the window shows health without loading the adapters."""
    if name == "SyncEngine":
        from console.sync.engine import SyncEngine

        return SyncEngine
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
