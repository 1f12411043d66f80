"""What background sync adds to the main window, built in one place.

* the bridge from sync's records (and the engine's health) to Qt signals;
* the Channels area (health and connections above the set-up table) and the Inbox
  area (the basic list), each built when the window first shows it
  (``build_channels``, ``build_inbox``);
* the status bar's sync summary and the offline strip under the mode banner;
* the engine's health: a word in the status bar, a red strip when it is not running,
  with the button that starts it again;
* the connect dialog, opened from the health view.

The main window places these widgets and passes on lock, unlock and close.
``open_url`` (the browser) and ``connect_options`` (per network, keyword arguments
for the connect flow) are attributes so tests can point them at loopback servers.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from console.engine_keeper import EngineKeeper
from console.session import Session
from storage.records import Channel
from ui.channels.channels_area import ChannelsArea
from ui.channels.channels_view import ChannelsView
from ui.channels.connect_dialog import ConnectDialog, open_in_browser
from ui.channels.health_view import HealthView
from ui.channels.sync_status import SyncSummaryLabel
from ui.common.sync_bridge import SyncBridge
from ui.common.tasks import Tasks
from ui.frame.engine_status import EngineLabel, EngineStrip
from ui.inbox.inbox_view import InboxView
from widgets.offline_banner import OfflineBanner


class SyncParts(QObject):
    def __init__(
        self,
        session: Session,
        tasks: Tasks,
        keeper: EngineKeeper | None,
        window: QWidget,
    ) -> None:
        super().__init__(window)
        self.session = session
        self._tasks = tasks
        self.open_url = open_in_browser
        self.connect_options: dict[str, dict[str, Any]] = {}
        self.connect_dialog: ConnectDialog | None = None
        self.bridge = SyncBridge(session, tasks, keeper, self)
        self._health: HealthView | None = None
        self._inbox: InboxView | None = None
        self.summary = SyncSummaryLabel(self.bridge, window)
        self.offline_banner = OfflineBanner(window)
        self.bridge.offlineChanged.connect(self.offline_banner.show_offline)
        # The engine's health: a word in the status bar, a red strip when it is down.
        self.keeper = keeper
        self.engine_label = EngineLabel(window)
        self.engine_strip = EngineStrip(window)
        self.engine_strip.restartRequested.connect(self.restart_engine)
        self.bridge.healthChanged.connect(self._show_engine)
        self._show_engine()

    def _window(self) -> QWidget:
        # The parent, asked each time: a reference kept here would tie the window's
        # wrapper to this child's and outlive the window.
        window = self.parent()
        assert isinstance(window, QWidget)
        return window

    def build_channels(self, channels_view: ChannelsView) -> ChannelsArea:
        """The Channels area: the health view above ``channels_view``."""
        window = self._window()
        self._health = HealthView(self.session, self._tasks, self.bridge, window)
        self._health.connectRequested.connect(self.open_connect)
        return ChannelsArea(self._health, channels_view, window)

    def build_inbox(self) -> InboxView:
        self._inbox = InboxView(
            self.session, self._tasks, self.bridge, self._window(),
            open_url=lambda url: self.open_url(url),
        )  # fmt: skip
        return self._inbox

    @property
    def health_view(self) -> HealthView:
        if self._health is None:
            raise RuntimeError("the health view is built with the Channels area")
        return self._health

    @property
    def inbox_view(self) -> InboxView:
        if self._inbox is None:
            raise RuntimeError("the inbox view is built with the Inbox area")
        return self._inbox

    def _built(self) -> list[HealthView | InboxView]:
        return [view for view in (self._health, self._inbox) if view is not None]

    def _show_engine(self) -> None:
        self.engine_label.show_health(self.bridge.engine, reachable=self.bridge.reachable)
        self.engine_strip.show_health(self.bridge.engine)

    def restart_engine(self) -> None:
        keeper = self.keeper
        if keeper is None:
            return
        self.engine_strip.restarting()
        self._tasks.spawn(keeper.restart(), error=self.engine_strip.text.setText)

    def open_connect(self, channel: Channel) -> ConnectDialog:
        """The guided connect dialog for ``channel`` (window-modal, not blocking)."""
        if self.connect_dialog is not None:
            self.connect_dialog.reject()
        dialog = ConnectDialog(
            self.session,
            channel,
            self._tasks,
            self.health_view.window(),
            open_url=lambda url: self.open_url(url),
            options=self.connect_options.get(channel.network, {}),
        )
        dialog.channelConnected.connect(self.health_view.connected)
        dialog.finished.connect(lambda _r: self._dialog_closed(dialog))
        self.connect_dialog = dialog
        dialog.open()
        return dialog

    def _dialog_closed(self, dialog: ConnectDialog) -> None:
        if self.connect_dialog is dialog:
            self.connect_dialog = None
        dialog.deleteLater()

    def clear(self) -> None:
        """The console locked: show nothing, and close a connect dialog."""
        if self.connect_dialog is not None:
            self.connect_dialog.reject()
            self.connect_dialog = None
        for view in self._built():
            view.clear()

    def adopt(self, session: Session) -> None:
        self.session = session
        self.bridge.adopt(session)
        for view in self._built():
            view.adopt(session)

    def detach(self) -> None:
        if self.connect_dialog is not None:
            self.connect_dialog.reject()
            self.connect_dialog = None
        self.bridge.detach()
        for view in self._built():
            view.detach()
