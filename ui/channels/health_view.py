"""Channel health: per channel, how background sync stands and what to do about it.

A small table (one row per channel: a handful, so the model holds them all) with
the state as a coloured pill, the last and next sync in UK time and as "2 min ago"
/ "in 3 min", the rate budget left, the token's expiry as a live countdown, and
the last error in plain words; the selected channel's detail underneath; and the
actions: Connect… / Reconnect… (the guided dialog), Disconnect…, Pause… / Resume…
(with a reason) and Sync now.

It reloads (on the store thread, never blocking) within half a second of sync reporting
a change or the store commits, and repaints the time columns every second from
what it holds, so the countdowns move without asking the store.

Signals: ``connectRequested(object)``: the officer asked to connect this
``storage.records.Channel`` (the window opens the dialog).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from console import channel_health, credentials
from console import service as engine_service
from console.channel_health import ChannelStatus, overdue, parse_utc
from console.networks import NETWORKS
from console.permissions import Action, may
from console.session import Session
from console.sync import state as sync_transitions
from console.timezone import FORCE_ZONE, Precision, day_abbr, duration_text
from storage.engine_service import RequestKind
from storage.records import Channel
from storage.stored_words import shown
from storage.sync_state import SyncState
from ui.channels.sync_status import STATE_WORDS
from ui.common.prompts import PROMPTS
from ui.common.sync_bridge import SyncBridge
from ui.common.tasks import Tasks
from ui.common.translations import QT_TRANSLATE_NOOP
from widgets.status_pill import HEALTH_COLOURS, PILL_KEY_ROLE, StatusPillDelegate

Index = QModelIndex | QPersistentModelIndex
Now = Callable[[], datetime]
AMBER = "#9a5b00"
RED = "#b00020"
DAY = 24 * 3600.0


def _utc_now() -> datetime:
    return datetime.now(UTC)


def relative(moment: datetime, now: datetime) -> str:
    """``in 2 min`` or ``2 min ago`` (``now`` within a few seconds)."""
    seconds = (moment - now).total_seconds()
    if abs(seconds) < 5:
        return QCoreApplication.translate("HealthTableModel", "now")
    if seconds > 0:
        return QCoreApplication.translate("HealthTableModel", "in {span}").format(
            span=duration_text(seconds)
        )
    return QCoreApplication.translate("HealthTableModel", "{span} ago").format(
        span=duration_text(-seconds)
    )


def _day_and_time(moment: datetime) -> str:
    """``Sat 28/11 13:00``, the day's name in the officer's language."""
    return f"{day_abbr(moment)} {moment:%d/%m %H:%M}"


def when(text: str | None, now: datetime) -> str:
    """A UTC time as UK time with how far off it is: ``14:02 · in 2 min``."""
    moment = parse_utc(text)
    if moment is None:
        return "—"
    local = moment.astimezone(FORCE_ZONE)
    clock = local.strftime("%H:%M:%S") if local.date() == now.astimezone(FORCE_ZONE).date() \
        else local.strftime("%d/%m %H:%M")  # fmt: skip
    return f"{clock} · {relative(moment, now)}"


def countdown(seconds_left: float | None) -> str:
    """The token's expiry as a live countdown: ``expires in 1 h 12 min``; under an hour
    the seconds too (``expires in 4 min 05 s``); ``expired 3 min ago``."""
    if seconds_left is None:
        return QCoreApplication.translate("HealthTableModel", "no expiry")
    if seconds_left <= 0:
        return QCoreApplication.translate("HealthTableModel", "expired {span} ago").format(
            span=duration_text(-seconds_left)
        )
    return QCoreApplication.translate("HealthTableModel", "expires in {span}").format(
        span=duration_text(seconds_left, precision=Precision.SECOND)
    )


def token_colour(seconds_left: float | None) -> str | None:
    """Red once expired, amber under a day, else the table's own colour."""
    if seconds_left is None:
        return None
    if seconds_left <= 0:
        return RED
    return AMBER if seconds_left < DAY else None


def state_key(status: ChannelStatus, real_now: datetime, engine_running: bool = True) -> str:
    """The state's English key (``HEALTH_COLOURS``), never "ok" when it is not:
    "disabled" for a channel switched off (it neither publishes nor syncs, whatever
    its last pass said), "stopped" while the engine is not running (nothing is read),
    "late" for a pass overdue by the real clock."""
    if not status.channel.enabled:
        return "disabled"
    waiting = status.health.state in (SyncState.PAUSED, SyncState.NEEDS_RECONNECT)
    if not waiting:
        if not engine_running:
            return "stopped"
        if overdue(status.health, real_now) is not None:
            return "late"
    return STATE_WORDS[status.health.state]


def state_text(status: ChannelStatus, real_now: datetime, engine_running: bool = True) -> str:
    """The state in the officer's words: "stopped", "late 3 min", or the sync state."""
    key = state_key(status, real_now, engine_running)
    if key == "disabled":
        return QCoreApplication.translate("HealthTableModel", "disabled")
    if key == "stopped":
        return QCoreApplication.translate("HealthTableModel", "stopped")
    if key == "late":
        behind = overdue(status.health, real_now) or 0.0
        return QCoreApplication.translate("HealthTableModel", "late {span}").format(
            span=duration_text(behind)
        )
    return QCoreApplication.translate("SyncSummaryLabel", key)


def budget_text(status: ChannelStatus) -> str:
    budget = status.health.budget
    if budget.remaining is None:
        return "—"
    if budget.limit is None:
        return QCoreApplication.translate("HealthTableModel", "{n} left").format(
            n=f"{budget.remaining:,}"
        )
    return QCoreApplication.translate("HealthTableModel", "{n} of {limit}").format(
        n=f"{budget.remaining:,}", limit=f"{budget.limit:,}"
    )


def account_text(status: ChannelStatus) -> str:
    channel = status.channel
    if not status.needs_account:
        return QCoreApplication.translate("HealthTableModel", "@{account} · simulator").format(
            account=channel.account
        )
    if not status.connected:
        return QCoreApplication.translate("HealthTableModel", "@{account} · not connected").format(
            account=channel.account
        )
    return f"@{channel.account}"


def next_text(status: ChannelStatus, now: datetime) -> str:
    state = status.health.state
    if state is SyncState.NEEDS_RECONNECT:
        return QCoreApplication.translate("HealthTableModel", "on reconnect")
    if state is SyncState.PAUSED:
        return QCoreApplication.translate("HealthTableModel", "when resumed")
    return when(status.health.next_sync_utc, now)


def token_text(status: ChannelStatus, now: datetime) -> str:
    if not status.needs_account:
        return QCoreApplication.translate("HealthTableModel", "not needed")
    if not status.connected:
        return QCoreApplication.translate("HealthTableModel", "not connected")
    return countdown(status.token_seconds_left(now))


def problem_text(status: ChannelStatus) -> str:
    health = status.health
    if health.state is SyncState.PAUSED:
        return QCoreApplication.translate(
            "HealthTableModel", "Paused by an officer: nothing is read until it is resumed."
        )
    return shown(health.last_error) or ("" if health.state is SyncState.OK else "—")


class HealthTableModel(QAbstractTableModel):
    """One row per channel; the time columns are worked out at paint time from ``now``.

    Signals: none of its own (Qt's model signals)."""

    COLUMNS = (
        (QT_TRANSLATE_NOOP("HealthTableModel", "Channel"), lambda s, _n: s.channel.name),
        (
            QT_TRANSLATE_NOOP("HealthTableModel", "State"),
            lambda s, _n: "",
        ),  # worked out in ``data``
        (QT_TRANSLATE_NOOP("HealthTableModel", "Account"), lambda s, _n: account_text(s)),
        (
            QT_TRANSLATE_NOOP("HealthTableModel", "Last sync (UK)"),
            lambda s, n: when(s.health.last_sync_utc, n),
        ),
        (QT_TRANSLATE_NOOP("HealthTableModel", "Next sync"), lambda s, n: next_text(s, n)),
        (QT_TRANSLATE_NOOP("HealthTableModel", "Token"), lambda s, n: token_text(s, n)),
        (QT_TRANSLATE_NOOP("HealthTableModel", "Budget"), lambda s, _n: budget_text(s)),
        (QT_TRANSLATE_NOOP("HealthTableModel", "Last error"), lambda s, _n: problem_text(s)),
    )
    TIME_COLUMNS = (1, 3, 4, 5)  # the state too: "late" grows
    TOKEN_COLUMN = 5
    RecordRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, now: Now = _utc_now, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ChannelStatus] = []
        self.now = now  # the store's time (an exercise's), for the times shown
        self.real_now: Now = _utc_now  # the real clock, for lateness
        self.engine_running = True

    def set_engine_running(self, running: bool) -> None:
        """The engine started or stopped: the state column says so."""
        if running != self.engine_running:
            self.engine_running = running
            if self._rows:
                self.dataChanged.emit(self.index(0, 1), self.index(len(self._rows) - 1, 1))

    def set_rows(self, rows: list[ChannelStatus]) -> None:
        """Replace the rows: a reset only when the channels themselves changed."""
        same = [r.channel.id for r in rows] == [r.channel.id for r in self._rows]
        if same:
            self._rows = rows
            if rows:
                last = self.index(len(rows) - 1, self.columnCount() - 1)
                self.dataChanged.emit(self.index(0, 0), last)
            return
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def tick(self) -> None:
        """Repaint the time columns (the countdowns move)."""
        if self._rows:
            first, last = self.TIME_COLUMNS[0], self.TIME_COLUMNS[-1]
            self.dataChanged.emit(
                self.index(0, first),
                self.index(len(self._rows) - 1, last),
                [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole],
            )

    def status_at(self, row: int) -> ChannelStatus | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, channel_id: int) -> int | None:
        return next((i for i, s in enumerate(self._rows) if s.channel.id == channel_id), None)

    def statuses(self) -> list[ChannelStatus]:
        return list(self._rows)

    # -- Qt's model interface --------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.COLUMNS)
        ):
            return QCoreApplication.translate("HealthTableModel", self.COLUMNS[section][0])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        status = self.status_at(index.row())
        if status is None:
            return None
        column = index.column()
        if role == self.RecordRole:
            return status
        if role == PILL_KEY_ROLE and column == 1:
            return state_key(status, self.real_now(), self.engine_running)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == 1:
                text = state_text(status, self.real_now(), self.engine_running)
            else:
                text = self.COLUMNS[column][1](status, self.now())
            if role == Qt.ItemDataRole.ToolTipRole:
                return text if column in (2, 7) and text else None
            return text
        if column == self.TOKEN_COLUMN and status.connected and status.needs_account:
            colour = token_colour(status.token_seconds_left(self.now()))
            if role == Qt.ItemDataRole.ForegroundRole and colour:
                return QBrush(QColor(colour))
            if role == Qt.ItemDataRole.FontRole and colour:
                font = QFont()
                font.setBold(True)
                return font
        if role == Qt.ItemDataRole.ForegroundRole and column == 7 and status.health.last_error:
            return QBrush(QColor(RED if status.health.state is SyncState.NEEDS_RECONNECT
                                 else AMBER))  # fmt: skip
        return None


class HealthView(QWidget):
    connectRequested = Signal(object)  # a storage.records.Channel

    def __init__(
        self,
        session: Session,
        tasks: Tasks,
        bridge: SyncBridge,
        parent: QWidget | None = None,
        now: Now | None = None,
    ) -> None:
        """``now``: by default the store's clock (an exercise's own time in an exercise)."""
        super().__init__(parent)
        self.session = session
        self._tasks = tasks
        self.bridge = bridge
        self.model = HealthTableModel(now or (lambda: self.session.store.clock()), self)
        heading = QLabel(self.tr("Channels"), self)
        heading.setObjectName("areaHeading")
        note = QLabel(
            self.tr("How each channel's background sync stands: its inbox and metrics are "
                    "read every minute, within each network's rate limit."),
            self,
        )  # fmt: skip
        note.setObjectName("areaPurpose")
        note.setWordWrap(True)
        self.table = QTableView(self)
        self.table.setTabKeyNavigation(False)  # Tab leaves it; arrows move in it
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(
            1, StatusPillDelegate(self.table, colours=HEALTH_COLOURS)
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(28)
        # Every column in view on a 1280 px screen: the last (the error) takes the rest.
        for column, width in enumerate((160, 130, 150, 135, 105, 95, 80, 180)):
            self.table.setColumnWidth(column, width)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.detail = QLabel(self)
        self.detail.setObjectName("healthDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)

        self.connect_button = QPushButton(self.tr("&Connect…"), self)
        self.connect_button.setObjectName("primary")
        self.disconnect_button = QPushButton(self.tr("&Disconnect…"), self)
        self.pause_button = QPushButton(self.tr("&Pause…"), self)
        self.sync_button = QPushButton(self.tr("S&ync now"), self)
        self.sync_button.setToolTip(self.tr("Read the channel's inbox now, not at its next time"))
        self.result = QLabel(self)
        self.result.setWordWrap(True)
        actions = QHBoxLayout()
        for button in (self.connect_button, self.disconnect_button, self.pause_button,
                       self.sync_button):  # fmt: skip
            actions.addWidget(button)
        actions.addWidget(self.result, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 8)
        layout.addWidget(heading)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addLayout(actions)

        self.connect_button.clicked.connect(self._connect)
        self.disconnect_button.clicked.connect(self._disconnect)
        self.pause_button.clicked.connect(self._pause_or_resume)
        self.sync_button.clicked.connect(self._sync_now)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_selected())
        self._kept: int | None = None
        self.model.modelAboutToBeReset.connect(self._remember)
        self.model.modelReset.connect(self._reselect)

        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(500)
        self._refresh_timer.timeout.connect(lambda: self._tasks.spawn(self.refresh()))
        self._refreshing = False
        self._generation = 0
        self._ticker = QTimer(self)
        self._ticker.setInterval(1000)
        self._ticker.timeout.connect(self._tick)
        self._ticker.start()
        bridge.healthChanged.connect(self.schedule_refresh)
        bridge.healthChanged.connect(lambda: self.model.set_engine_running(bridge.publishing))
        session.store.add_commit_listener(self.schedule_refresh)
        self.locked = False
        self.adopt(session)

    # -- the officer and the store ---------------------------------------------------

    def adopt(self, session: Session) -> None:
        self.session = session
        self.locked = False
        self._show_selected()

    def detach(self) -> None:
        """Stop listening (the window is closing)."""
        self.session.store.remove_commit_listener(self.schedule_refresh)
        self._refresh_timer.stop()
        self._ticker.stop()

    def clear(self) -> None:
        """Show nothing until the next refresh (the console is locked)."""
        self.locked = True
        self._generation += 1
        self._refresh_timer.stop()
        self.model.set_rows([])
        self.detail.clear()
        self.result.clear()
        self._show_selected()

    def schedule_refresh(self) -> None:
        if not self.locked:
            self._soon()

    def _soon(self) -> None:
        """Reload within half a second: a burst of events makes one reload, and a
        steady stream cannot put it off forever (the timer is not restarted)."""
        if not self._refresh_timer.isActive():
            self._refresh_timer.start()

    async def refresh(self) -> None:
        if self.locked or self.session.store.closed:
            return
        if self._refreshing:  # one read at a time; the timer asks again after it
            self._soon()
            return
        self._refreshing = True
        generation = self._generation
        try:
            found = await channel_health.statuses(self.session.store, None)
        finally:
            self._refreshing = False
        if generation != self._generation:
            return  # the console locked while it read
        self.model.set_rows(found)
        self._show_selected()

    def _tick(self) -> None:
        if self.isVisible() and not self.locked:
            self.model.tick()
            self._show_selected()

    # -- selection ---------------------------------------------------------------------

    def selected(self) -> ChannelStatus | None:
        index = self.table.currentIndex()
        return self.model.status_at(index.row()) if index.isValid() else None

    def select_channel(self, channel_id: int) -> None:
        row = self.model.row_of(channel_id)
        if row is not None:
            self.table.selectRow(row)

    def _remember(self) -> None:
        status = self.selected()
        self._kept = status.channel.id if status else None

    def _reselect(self) -> None:
        if self._kept is not None:
            self.select_channel(self._kept)
        self._kept = None

    def _show_selected(self) -> None:
        status = self.selected()
        user = self.session.user
        credentials_ok = may(user, Action.MANAGE_CREDENTIALS)
        channels_ok = may(user, Action.MANAGE_CHANNELS)
        admin_only = self.tr("Only an administrator can do this.")
        chosen = status is not None and not self.locked
        self.connect_button.setEnabled(chosen and credentials_ok)
        self.disconnect_button.setEnabled(chosen and credentials_ok)
        self.pause_button.setEnabled(chosen and channels_ok)
        self.sync_button.setEnabled(chosen and self.bridge.publishing)
        for button, allowed in ((self.connect_button, credentials_ok),
                                (self.disconnect_button, credentials_ok),
                                (self.pause_button, channels_ok)):  # fmt: skip
            button.setToolTip("" if allowed else admin_only)
        self.sync_button.setToolTip(
            self.tr("Read the channel's inbox now, not at its next time")
            if self.bridge.publishing
            else self.tr("Background sync is not running: the engine is not running")
        )
        if status is None:
            self.connect_button.setText(self.tr("&Connect…"))
            self.pause_button.setText(self.tr("&Pause…"))
            self.detail.setText(
                "" if self.locked else self.tr("Select a channel to see its detail.")
            )
            return
        health = status.health
        reconnect = health.state is SyncState.NEEDS_RECONNECT or status.connected
        self.connect_button.setText(self.tr("Re&connect…") if reconnect else self.tr("&Connect…"))
        paused = health.state is SyncState.PAUSED
        self.pause_button.setText(self.tr("&Resume…") if paused else self.tr("&Pause…"))
        self.detail.setText(self._detail_text(status))

    def _detail_text(self, status: ChannelStatus) -> str:
        health = status.health
        now = self.model.now()
        network = NETWORKS[status.channel.network].label \
            if status.channel.network in NETWORKS else status.channel.network  # fmt: skip
        lines = [
            self.tr("{name} on {network}: {state}.").format(
                name=status.channel.name,
                network=network,
                state=state_text(status, self.model.real_now(), self.model.engine_running),
            )
        ]
        if not status.channel.enabled:
            lines.append(self.tr("The channel is disabled: it neither publishes nor syncs."))
        if health.last_error:
            lines.append(shown(health.last_error))
        if health.state is SyncState.NEEDS_RECONNECT:
            lines.append(
                self.tr("Its posts fail as waiting for the reconnection and go back on the "
                        "queue once it is reconnected (Reconnect…).")
            )  # fmt: skip
        waiting = parse_utc(health.waiting_until_utc)
        if waiting is not None:
            lines.append(
                self.tr("Waiting for the network's rate limit to reset: {when}.").format(
                    when=relative(waiting, now)
                )
            )
        if health.failures:
            lines.append(self.tr("{n} failed attempts in a row.").format(n=health.failures))
        if status.needs_account and status.connected:
            expires = parse_utc(status.expires_utc)
            if expires is not None:
                lines.append(
                    self.tr("Access {countdown} ({at} UK); Cordon renews it before then.").format(
                        countdown=countdown(status.token_seconds_left(now)),
                        at=_day_and_time(expires.astimezone(FORCE_ZONE)),
                    )
                )
        return " ".join(lines)

    # -- actions -----------------------------------------------------------------------

    def _chosen(self) -> ChannelStatus | None:
        status = self.selected()
        if status is None:
            self.result.setText(self.tr("Select a channel first."))
        return status

    def _connect(self) -> None:
        status = self._chosen()
        if status is not None:
            self.connectRequested.emit(status.channel)

    def _disconnect(self) -> None:
        status = self._chosen()
        if status is None:
            return
        channel = status.channel

        async def disconnect() -> None:
            reason = await PROMPTS.text(
                self,
                self.tr("Disconnect {name}").format(name=channel.name),
                self.tr("Why? Cordon forgets its access: nothing is published or read on "
                        "this channel until it is connected again."),
                ok=self.tr("Disconnect"),
                cancel=self.tr("Stay connected"),
            )  # fmt: skip
            if reason is None:
                return
            await credentials.disconnect(self.session, channel.id, reason=reason)
            self._after(self.tr("{name} is disconnected.").format(name=channel.name))

        self._tasks.spawn(disconnect(), error=self.result.setText)

    def _pause_or_resume(self) -> None:
        status = self._chosen()
        if status is None:
            return
        channel = status.channel
        resume = status.health.state is SyncState.PAUSED
        title = (
            self.tr("Resume sync of {name}") if resume else self.tr("Pause sync of {name}")
        ).format(name=channel.name)
        question = (
            self.tr("Why? Sync reads its inbox and metrics again at once.")
            if resume
            else self.tr("Why? Nothing is read from this channel until it is resumed; "
                         "publishing carries on.")
        )  # fmt: skip
        done = self.tr("Sync of {name} resumed.") if resume else self.tr("Sync of {name} paused.")

        async def change() -> None:
            reason = await PROMPTS.text(
                self,
                title,
                question,
            )
            if reason is None:
                return
            await sync_transitions.set_paused(self.session, channel.id, not resume,
                                              reason=reason)  # fmt: skip
            # The engine (another process) takes it in at once, not at the next pass.
            await engine_service.ask(
                self.session.store, RequestKind.SYNC_NOW, self.session.user.name,
                {"channel_id": channel.id},
            )  # fmt: skip
            self._after(done.format(name=channel.name))

        self._tasks.spawn(change(), error=self.result.setText)

    def _sync_now(self) -> None:
        status = self._chosen()
        if status is None or not self.bridge.publishing:
            return
        channel = {"channel_id": status.channel.id}
        asked = engine_service.ask(
            self.session.store, RequestKind.SYNC_NOW, self.session.user.name, channel
        )
        said = self.tr("Syncing {name} now.").format(name=status.channel.name)
        self._tasks.spawn(
            asked, done=lambda _id: self.result.setText(said), error=self.result.setText
        )

    def _after(self, text: str) -> None:
        self.result.setText(text)
        self.schedule_refresh()

    def connected(self, channel: Channel, sentence: str) -> None:
        """The connect dialog finished: say so, and show the new state soon."""
        self.result.setText(sentence)
        self.select_channel(channel.id)
        self.schedule_refresh()
