"""What background sync adds to the main window, built in one place.

* the bridge from sync's records (and the engine's health) to Qt signals;
* the Channels area (health and connections above the set-up table);
* the Inbox area (the basic list);
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
        channels_view: ChannelsView,
        window: QWidget,
    ) -> None:
        super().__init__(window)
        self.session = session
        self._tasks = tasks
        self.open_url = open_in_browser
        self.connect_options: dict[str, dict[str, Any]] = {}
        self.connect_dialog: ConnectDialog | None = None
        self.bridge = SyncBridge(session, tasks, keeper, self)
        self.health_view = HealthView(session, tasks, self.bridge, window)
        self.channels_area = ChannelsArea(self.health_view, channels_view, window)
        self.inbox_view = InboxView(
            session, tasks, self.bridge, window, open_url=lambda url: self.open_url(url)
        )
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
        self.health_view.connectRequested.connect(self.open_connect)

    def _show_engine(self) -> None:
        self.engine_label.show_health(self.bridge.engine)
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

    async def refresh(self) -> None:
        await self.health_view.refresh()
        await self.inbox_view.refresh()

    def clear(self) -> None:
        """The console locked: show nothing, and close a connect dialog."""
        if self.connect_dialog is not None:
            self.connect_dialog.reject()
            self.connect_dialog = None
        self.health_view.clear()
        self.inbox_view.clear()

    def adopt(self, session: Session) -> None:
        self.session = session
        self.bridge.adopt(session)
        self.health_view.adopt(session)
        self.inbox_view.adopt(session)

    def detach(self) -> None:
        if self.connect_dialog is not None:
            self.connect_dialog.reject()
            self.connect_dialog = None
        self.bridge.detach()
        self.health_view.detach()
        self.inbox_view.detach()
