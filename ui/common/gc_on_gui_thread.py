"""Python's cycle collector, run only on the GUI thread.

Python collects cycles on whichever thread happens to allocate when a threshold is
crossed: in the window's process that can be the store's worker thread or an
``asyncio.to_thread`` worker, and a Qt object freed there (a widget kept in a cycle by a
closure, a dialog a finished task still held) is destroyed on the wrong thread: Qt says
"Timers cannot be stopped from another thread", or the process crashes. So while the
window runs the automatic collector is off and this object collects on a timer on the
GUI thread instead, the oldest generation whose threshold was crossed, as Spyder,
pyqtgraph and qutebrowser do. ``stop()`` collects once more and turns the automatic
collector back on.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer


class GuiThreadCollector(QObject):
    INTERVAL_MS = 500

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._threshold = gc.get_threshold()
        self._timer = QTimer(self)
        self._timer.setInterval(self.INTERVAL_MS)
        self._timer.timeout.connect(self.collect_due)

    def start(self) -> None:
        gc.disable()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        gc.collect()
        gc.enable()

    def collect_due(self) -> int:
        """Collects the oldest generation past its threshold; returns what it freed."""
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if counts[generation] > self._threshold[generation]:
                return gc.collect(generation)
        return 0
