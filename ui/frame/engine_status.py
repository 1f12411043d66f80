"""Whether publishing and sync are really on: the engine's health, on every area.

Both widgets show the ``EngineKeeper``'s latest ``EngineHealth`` (the keeper reads
the engine's row every second, so "how long ago" moves on its own):

* ``EngineLabel``, in the status bar: "Engine: publishing" while the engine beats,
  "Engine: starting…", or "Engine: STOPPED" in red ("Engine: not known" while a team
  store's server does not answer: the row cannot be read);
* ``EngineStrip``, a red strip under the mode banner, shown only while the engine is
  late, down or stopped, or being started again after it died: the whole sentence
  ("Publishing stopped 40 s ago: …") and one button to start it again.

Signals (``EngineStrip``): ``restartRequested()``: the officer pressed its button.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from console.engine_health import EngineHealth, EngineLevel


def _severity(widget: QWidget, severity: str) -> None:
    if widget.property("severity") != severity:
        widget.setProperty("severity", severity)
        widget.style().unpolish(widget)
        widget.style().polish(widget)


class EngineLabel(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("engineStatus")
        self.show_health(None)

    def show_health(self, health: EngineHealth | None, *, reachable: bool = True) -> None:
        """``reachable``: False while the team store's server does not answer, so the
        engine's row cannot be read: its last health is not said as if it were now."""
        if health is None:
            self.setText(self.tr("Engine: not watched"))
            self.setToolTip(self.tr("This window neither starts nor watches the engine."))
            _severity(self, "")
            return
        if not reachable:
            self.setText(self.tr("Engine: not known"))
            self.setToolTip(
                self.tr(
                    "The team store is unreachable: whether the engine is publishing is not "
                    "known until it answers. Last known: {sentence}"
                ).format(sentence=health.sentence)
            )
            _severity(self, "warn")
            return
        if health.level is EngineLevel.RUNNING:
            text, severity = self.tr("Engine: publishing"), ""
        elif health.level is EngineLevel.STARTING:
            text, severity = self.tr("Engine: starting…"), "bad" if health.interrupted else "warn"
        elif health.level is EngineLevel.LATE:
            text, severity = self.tr("Engine: NOT ANSWERING"), "bad"
        else:
            text, severity = self.tr("Engine: STOPPED"), "bad"
        self.setText(text)
        self.setToolTip(health.sentence)
        _severity(self, severity)


class EngineStrip(QFrame):
    restartRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("engineBanner")
        self.text = QLabel(self)
        self.text.setObjectName("engineBannerText")
        self.text.setWordWrap(True)
        self.button = QPushButton(self.tr("Restart the engine"), self)
        self.button.setObjectName("engineRestart")
        self.button.clicked.connect(self.restartRequested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 6, 16, 6)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.button)
        self.health: EngineHealth | None = None
        self.hide()

    def show_health(self, health: EngineHealth | None) -> None:
        self.health = health
        if health is None or not health.bad:
            self.hide()
            return
        self.text.setText(health.sentence)
        self.button.setText(
            self.tr("Start the engine")
            if health.level is EngineLevel.STOPPED
            else self.tr("Restart the engine")
        )
        self.button.setEnabled(health.level is not EngineLevel.STARTING)
        self.show()

    def restarting(self) -> None:
        """The button was pressed: no second press until the keeper has answered."""
        self.button.setEnabled(False)
