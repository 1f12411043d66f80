"""Background sync and the engine, as Qt signals for the views that show them.

Sync runs in the engine service, another process; what it did reaches the window
as commits to the store (``Store.add_commit_listener`` hears this process's and the
engine's alike). After commits, at most four times a second, the bridge reads every
channel's health as sync recorded it (``console.channel_health.statuses``) and the
newest inbox item's id, and says what changed. The engine's own health comes from
the window's ``EngineKeeper`` (None in tests that run no keeper).

Signals: ``healthChanged()``: the channels' health (``statuses``) or the engine's
(``engine``) was read again. ``inboxArrived(int)``: that many new inbox items were
stored since the last read. ``offlineChanged(bool)``: every synced channel could not
reach its network (or one can again).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from console import channel_health, inbox_list
from console.channel_health import ChannelStatus
from console.engine_health import EngineHealth
from console.engine_keeper import EngineKeeper
from console.session import Session
from ui.common.tasks import Tasks


class SyncBridge(QObject):
    healthChanged = Signal()
    inboxArrived = Signal(int)
    offlineChanged = Signal(bool)

    def __init__(
        self,
        session: Session,
        tasks: Tasks,
        keeper: EngineKeeper | None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self._tasks = tasks
        self.keeper = keeper
        self.statuses: list[ChannelStatus] = []
        self.engine: EngineHealth | None = keeper.health if keeper is not None else None
        self._offline = False
        self.reachable = True  # a team store's server answers (False: what is shown is old)
        self._newest = -1  # the newest inbox item seen (-1: not read yet)
        self._reading = False
        self._detached = False
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setInterval(250)
        self._later.timeout.connect(self._read_now)
        session.store.add_commit_listener(self.soon)
        if keeper is not None:
            keeper.add_listener(self.engine_changed)
        self.soon()

    @property
    def detached(self) -> bool:
        return self._detached

    @property
    def counted(self) -> bool:
        """The newest inbox item has been read once: arrivals after it are counted
        (those before it never raise ``inboxArrived``)."""
        return self._newest >= 0

    @property
    def offline(self) -> bool:
        return self._offline

    @property
    def publishing(self) -> bool:
        """The engine is known to publish and sync now (True without a keeper: a test
        runs the engine in its own process)."""
        return self.engine is None or self.engine.publishing

    def soon(self) -> None:
        """Read again within a quarter of a second; a steady stream of commits cannot
        put it off (the timer is not restarted)."""
        if not self._detached and not self._later.isActive():
            self._later.start()

    def _read_now(self) -> None:
        if not self._detached and not self.session.store.closed:
            self._tasks.spawn(self.read())

    async def read(self) -> None:
        store = self.session.store
        if self._detached or store.closed:
            return
        if self._reading:
            self.soon()
            return
        self._reading = True
        try:
            found = await channel_health.statuses(store, None)
            newest = await inbox_list.newest(store)
        finally:
            self._reading = False
        if self.detached:
            return
        self.statuses = found
        arrived = newest - self._newest if self._newest >= 0 else 0
        self._newest = newest
        self._set_offline(channel_health.offline(found))
        self.healthChanged.emit()
        if arrived > 0:
            self.inboxArrived.emit(arrived)

    def engine_changed(self, health: EngineHealth) -> None:
        if self._detached:
            return
        self.engine = health
        self.healthChanged.emit()

    def set_reachable(self, reachable: bool) -> None:
        """The team store's server stopped (or started again) answering: the engine's
        health and the channels' states last read are no longer known to be true."""
        if reachable != self.reachable:
            self.reachable = reachable
            if not self._detached:
                self.healthChanged.emit()

    def adopt(self, session: Session) -> None:
        """Another officer took over the console (the same store)."""
        self.session = session

    def detach(self) -> None:
        """Stop listening (the window is closing)."""
        self._detached = True
        self._later.stop()
        self.session.store.remove_commit_listener(self.soon)
        if self.keeper is not None:
            self.keeper.remove_listener(self.engine_changed)

    def _set_offline(self, offline: bool) -> None:
        if offline != self._offline:
            self._offline = offline
            self.offlineChanged.emit(offline)
