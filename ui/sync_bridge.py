"""Background sync's events as Qt signals, for the views that show them.

The engine (``console.engine.Engine``) makes its ``SyncEngine`` when it starts, after
the window opens, and drops it when it stops; the bridge looks for it every half
second and listens to whichever one is running. The sync engine calls listeners on
the event loop, which under qasync is the UI thread, so the signals are emitted
there directly.

Signals: ``healthChanged()``: a channel's health or the console-wide offline flag
changed, or a sync engine started or stopped (not debounced: listeners debounce).
``inboxArrived(int)``: new inbox items were stored (how many). ``offlineChanged(bool)``:
the offline flag, when it changes.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from console.engine import Engine
from console.sync import SyncEngine, SyncEvent


class SyncBridge(QObject):
    healthChanged = Signal()
    inboxArrived = Signal(int)
    offlineChanged = Signal(bool)

    def __init__(self, engine: Engine | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.engine = engine
        self._listening: SyncEngine | None = None
        self._offline = False
        self._follow = QTimer(self)
        self._follow.setInterval(500)
        self._follow.timeout.connect(self.follow)
        if engine is not None:
            self._follow.start()
            self.follow()

    @property
    def sync(self) -> SyncEngine | None:
        """The sync engine now running, if any."""
        return self._listening

    @property
    def offline(self) -> bool:
        return self._offline

    def follow(self) -> None:
        """Listen to the engine's current sync engine (it comes and goes)."""
        current = self.engine.sync if self.engine is not None else None
        if current is self._listening:
            return
        if self._listening is not None:
            self._listening.remove_listener(self._event)
        self._listening = current
        if current is not None:
            current.add_listener(self._event)
        self._set_offline(current is not None and current.offline)
        self.healthChanged.emit()

    def detach(self) -> None:
        """Stop listening (the window is closing)."""
        self._follow.stop()
        if self._listening is not None:
            self._listening.remove_listener(self._event)
        self._listening = None

    def _event(self, event: SyncEvent) -> None:
        if event.kind == "inbox":
            self.inboxArrived.emit(event.count)
        elif event.kind in ("health", "offline"):
            if self._listening is not None:
                self._set_offline(self._listening.offline)
            self.healthChanged.emit()

    def _set_offline(self, offline: bool) -> None:
        if offline != self._offline:
            self._offline = offline
            self.offlineChanged.emit(offline)
