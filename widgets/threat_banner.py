"""The red band that says a message may hold a threat to life, and the amber notice
of a sudden rise in what a listening rule hears.

Both only show what they are told; they call no service.

``ThreatBanner`` signals: ``acknowledgeRequested()``: the officer pressed
Acknowledge… (the oldest open alert is meant).
``SurgeNotice`` signals: ``dismissed(object)``: the officer dismissed the surge shown
with that key.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


class ThreatBanner(QWidget):
    """Hidden while no alert is open; red, with the oldest alert and a count of
    the rest, while any is. ``set_flash`` alternates its shade to draw the eye."""

    acknowledgeRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("threatBanner")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.setSpacing(12)
        text = QVBoxLayout()
        text.setSpacing(1)
        self.headline = QLabel(self)
        self.headline.setObjectName("threatHeadline")
        self.headline.setWordWrap(True)
        self.detail = QLabel(self)
        self.detail.setObjectName("threatDetail")
        self.detail.setWordWrap(True)
        text.addWidget(self.headline)
        text.addWidget(self.detail)
        layout.addLayout(text, 1)
        self.more = QLabel(self)
        self.more.setObjectName("threatMore")
        layout.addWidget(self.more)
        self.acknowledge_button = QPushButton(self.tr("&Acknowledge…"), self)
        self.acknowledge_button.setObjectName("threatAcknowledge")
        self.acknowledge_button.setToolTip(
            self.tr("Read the message (recorded with your reason) and answer it")
        )
        self.acknowledge_button.clicked.connect(self.acknowledgeRequested.emit)
        layout.addWidget(self.acknowledge_button)
        self.setProperty("flash", "false")
        self.hide()

    def show_alert(self, headline: str, detail: str, more: int, *, can_acknowledge: bool) -> None:
        """``more``: open alerts besides the one shown."""
        self.headline.setText(headline)
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))
        self.more.setText(self.tr("+ {n} more").format(n=more) if more else "")
        self.more.setVisible(more > 0)
        self.acknowledge_button.setEnabled(can_acknowledge)
        self.setAccessibleName(f"{headline} {detail}".strip())
        self.show()

    def clear(self) -> None:
        self.set_flash(False)
        self.hide()

    def set_flash(self, on: bool) -> None:
        value = "true" if on else "false"
        if self.property("flash") == value:
            return
        self.setProperty("flash", value)
        self.style().unpolish(self)
        self.style().polish(self)


class SurgeNotice(QWidget):
    """An amber strip, one line per surge, each with its own Dismiss."""

    dismissed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("surgeNotice")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(12, 4, 12, 4)
        self._layout.setSpacing(2)
        self.lines: dict[Hashable, QLabel] = {}
        self._rows: list[QWidget] = []
        self.hide()

    def show_surges(self, surges: Sequence[tuple[Hashable, str]]) -> None:
        """(key, sentence) for each surge to show; none hides the strip."""
        for row in self._rows:
            row.deleteLater()
        self._rows.clear()
        self.lines.clear()
        for key, sentence in surges:
            row = QWidget(self)
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            label = QLabel(sentence, row)
            label.setObjectName("surgeText")
            label.setWordWrap(True)
            button = QPushButton(self.tr("Dismiss"), row)
            button.setObjectName("surgeDismiss")
            button.setToolTip(self.tr("Hide this notice (it comes back if a new rise starts)"))
            button.clicked.connect(lambda _c=False, k=key: self.dismissed.emit(k))
            line.addWidget(label, 1)
            line.addWidget(button)
            self._layout.addWidget(row)
            self._rows.append(row)
            self.lines[key] = label
        self.setVisible(bool(surges))
