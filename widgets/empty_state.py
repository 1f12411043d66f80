"""What an empty area says: what fills it, and the buttons that do it.

Shown in place of an empty list (``EmptyState.show_state``); it calls no service.
Signals: ``actionChosen(str)``: the officer pressed the button with that key.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


class EmptyState(QFrame):
    actionChosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emptyState")
        self.heading = QLabel(self)
        self.heading.setObjectName("emptyHeading")
        self.heading.setWordWrap(True)
        self.sentence = QLabel(self)
        self.sentence.setObjectName("emptySentence")
        self.sentence.setWordWrap(True)
        self.sentence.setTextFormat(Qt.TextFormat.PlainText)
        self._row = QHBoxLayout()
        self._row.setSpacing(8)
        self.buttons: dict[str, QPushButton] = {}
        column = QVBoxLayout(self)
        column.setContentsMargins(32, 32, 32, 32)
        column.addStretch(1)
        column.addWidget(self.heading)
        column.addWidget(self.sentence)
        column.addSpacing(12)
        column.addLayout(self._row)
        column.addStretch(2)

    def show_state(
        self, heading: str, sentence: str, actions: Sequence[tuple[str, str, bool]] = ()
    ) -> None:
        """``actions``: (key, button text, enabled) for each button, first the main one."""
        self.heading.setText(heading)
        self.sentence.setText(sentence)
        for button in self.buttons.values():
            self._row.removeWidget(button)
            button.deleteLater()
        self.buttons = {}
        while self._row.count():
            self._row.takeAt(0)
        for n, (key, text, enabled) in enumerate(actions):
            button = QPushButton(text, self)
            button.setEnabled(enabled)
            if n == 0:
                button.setObjectName("primary")
            button.clicked.connect(lambda _checked=False, k=key: self.actionChosen.emit(k))
            self.buttons[key] = button
            self._row.addWidget(button)
        self._row.addStretch(1)
