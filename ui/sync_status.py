"""The status bar's one line on background sync: "Sync: 5 ok · 1 needs reconnect".

It shows what the bridge last read of every channel's sync (as the engine recorded
it in the store), at most four times a second while changes come in; red when a
channel needs reconnecting or the engine is not running (then nothing is synced
and it says so instead of counting), amber when one is offline, degraded or late.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QWidget

from console.channel_health import overdue, summary
from storage.sync_state import SyncState
from storage.timeutil import system_clock
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
        now = system_clock()  # lateness is judged by the real clock
        statuses = [s for s in bridge.statuses if s.channel.enabled]
        healths = [s.health for s in statuses]
        counts = summary(healths)
        late = [s for s in statuses if overdue(s.health, now) is not None]
        if not statuses:
            text = self.tr("Sync: no channels to sync")
        elif not bridge.publishing:
            # Nothing is read while the engine is down: the counts would be stale.
            text = self.tr("Sync: stopped (the engine is not running)")
            severity = "bad"
        else:
            parts = [f"{n} {self.tr(STATE_WORDS[state])}" for state, n in counts]
            if late:
                parts.append(self.tr("{n} late").format(n=len(late)))
            text = self.tr("Sync: ") + " · ".join(parts)
        states = {state for state, _n in counts}
        if SyncState.NEEDS_RECONNECT in states:
            severity = "bad"
        elif not severity and (states & {SyncState.OFFLINE, SyncState.DEGRADED} or late):
            severity = "warn"
        tip = "\n".join(
            f"{h.name}: {self.tr(STATE_WORDS[h.state])}"
            + (self.tr(" (late)") if overdue(h, now) is not None else "")
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
