"""The status bar's one line on background sync: "Sync: 5 ok · 1 needs reconnect".

It reads the running sync engine's health (in memory, no store access) at most
four times a second while changes come in, and turns red when a channel needs
reconnecting, amber when one is offline or degraded.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QWidget

from console.channel_health import summary
from storage.sync_state import SyncState
from ui.sync_bridge import SyncBridge

STATE_WORDS = {
    SyncState.OK: "ok",
    SyncState.DEGRADED: "degraded",
    SyncState.OFFLINE: "offline",
    SyncState.NEEDS_RECONNECT: "needs reconnect",
    SyncState.PAUSED: "paused",
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

    def show_summary(self) -> None:
        bridge = self._bridge
        severity = ""
        tip = ""
        if bridge.engine is None:
            text = self.tr("Sync: no channels connected")
        elif bridge.sync is None:
            text = self.tr("Sync: starting…")
        else:
            healths = list(bridge.sync.health().values())
            counts = summary(healths)
            if not counts:
                text = self.tr("Sync: no channels to sync")
            else:
                text = self.tr("Sync: ") + " · ".join(
                    f"{n} {self.tr(STATE_WORDS[state])}" for state, n in counts
                )
            states = {state for state, _n in counts}
            if SyncState.NEEDS_RECONNECT in states:
                severity = "bad"
            elif states & {SyncState.OFFLINE, SyncState.DEGRADED}:
                severity = "warn"
            tip = "\n".join(
                f"{h.name}: {self.tr(STATE_WORDS[h.state])}"
                for h in sorted(healths, key=lambda h: h.name)
            )
            if bridge.offline:
                text += self.tr(" · OFFLINE")
                severity = "bad"
        self.setText(text)
        self.setToolTip(tip or self.tr("Background sync of every channel's inbox and metrics"))
        if self.property("severity") != severity:
            self.setProperty("severity", severity)
            self.style().unpolish(self)
            self.style().polish(self)
