"""The status bar's one line on background sync: "Sync: 5 ok · 1 needs reconnect".

It shows what the bridge last read of every channel's sync (as the engine recorded
it in the store), at most four times a second while changes come in; red when a
channel needs reconnecting or the engine is not running (then nothing is synced
and it says so instead of counting), amber when one is offline, degraded or late.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QLabel, QWidget

from console.channel_health import overdue, summary
from console.sync import ChannelHealth
from storage.sync_state import SyncState
from storage.timeutil import system_clock
from ui.common.sync_bridge import SyncBridge
from ui.common.translations import QT_TRANSLATE_NOOP

STATE_WORDS = {
    SyncState.OK: QT_TRANSLATE_NOOP("SyncSummaryLabel", "ok"),
    SyncState.DEGRADED: QT_TRANSLATE_NOOP("SyncSummaryLabel", "degraded"),
    SyncState.OFFLINE: QT_TRANSLATE_NOOP("SyncSummaryLabel", "offline"),
    SyncState.NEEDS_RECONNECT: QT_TRANSLATE_NOOP("SyncSummaryLabel", "needs reconnect"),
    SyncState.PAUSED: QT_TRANSLATE_NOOP("SyncSummaryLabel", "paused"),
}


class SyncSummaryLabel(QLabel):
    """The status bar's sync summary. Its ``severity`` property (``bad``, ``warn`` or
    empty) colours it through the style sheet."""

    def __init__(self, bridge: SyncBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncSummary")
        self._bridge = bridge
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setInterval(250)
        self._later.timeout.connect(self.show_summary)
        bridge.healthChanged.connect(self._soon)
        self.show_summary()

    def _soon(self) -> None:
        if not self._later.isActive():  # a steady stream must not put it off forever
            self._later.start()

    def _counted(self, state: SyncState, n: int) -> str:
        """``n`` channels in ``state``, as one phrase (the count decides the words)."""
        return {
            SyncState.OK: lambda: self.tr("%n ok", "", n),
            SyncState.DEGRADED: lambda: self.tr("%n degraded", "", n),
            SyncState.OFFLINE: lambda: self.tr("%n offline", "", n),
            SyncState.NEEDS_RECONNECT: lambda: self.tr("%n need(s) reconnect", "", n),
            SyncState.PAUSED: lambda: self.tr("%n paused", "", n),
        }[state]()

    def _channel_line(self, health: ChannelHealth, now: datetime) -> str:
        """One channel's line of the tooltip: its name and its state (and if it is late)."""
        state = QCoreApplication.translate("SyncSummaryLabel", STATE_WORDS[health.state])
        if overdue(health, now) is not None:
            return self.tr("{channel}: {state} (late)").format(channel=health.name, state=state)
        return self.tr("{channel}: {state}").format(channel=health.name, state=state)

    def show_summary(self) -> None:
        bridge = self._bridge
        severity = ""
        now = system_clock()  # lateness is judged by the real clock
        statuses = [s for s in bridge.statuses if s.channel.enabled]
        healths = [s.health for s in statuses]
        counts = summary(healths)
        late = [s for s in statuses if overdue(s.health, now) is not None]
        if not statuses:
            text = self.tr("Sync: no channels to sync")
        elif not bridge.reachable:
            # The team store's server does not answer: the states last read may be old.
            text = self.tr("Sync: not known (team store unreachable)")
            severity = "warn"
        elif not bridge.publishing:
            # Nothing is read while the engine is down: the counts would be stale.
            text = self.tr("Sync: stopped (the engine is not running)")
            severity = "bad"
        else:
            parts = [self._counted(state, n) for state, n in counts]
            if late:
                parts.append(self.tr("%n late", "", len(late)))
            text = self.tr("Sync: {states}").format(states=" · ".join(parts))
        states = {state for state, _n in counts}
        if SyncState.NEEDS_RECONNECT in states:
            severity = "bad"
        elif not severity and (states & {SyncState.OFFLINE, SyncState.DEGRADED} or late):
            severity = "warn"
        tip = "\n".join(self._channel_line(h, now) for h in sorted(healths, key=lambda h: h.name))
        if bridge.offline:
            text = self.tr("{summary} · OFFLINE").format(summary=text)
            severity = "bad"
        self.setText(text)
        self.setToolTip(tip or self.tr("Background sync of every channel's inbox and metrics"))
        if self.property("severity") != severity:
            self.setProperty("severity", severity)
            self.style().unpolish(self)
            self.style().polish(self)
