"""A one-line label that never widens its window: when the room is short it ends
in "…" and the whole text shows in its tooltip (and stays its ``text()`` and its
accessible name, for a reader)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QLabel, QWidget


class ElidedLabel(QLabel):
    def __init__(self, parent: QWidget | None = None, *, least: int = 60) -> None:
        """``least``: the narrowest it may be made, in pixels."""
        super().__init__(parent)
        self._least = least

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setAccessibleName(text)
        self._show_tip()

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(min(self._least, hint.width()), hint.height())

    def elided(self) -> bool:
        """Whether the text is cut now (the tooltip then carries it whole)."""
        return self.fontMetrics().horizontalAdvance(self.text()) > self.contentsRect().width()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._show_tip()

    def _show_tip(self) -> None:
        self.setToolTip(self.text() if self.elided() else "")

    def shown(self) -> str:
        """The text as the officer sees it now (ending in "…" when cut)."""
        if not self.elided():
            return self.text()
        width = self.contentsRect().width()
        return self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, width)

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.elided():
            super().paintEvent(event)
            return
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(self.contentsRect(), int(self.alignment()), self.shown())
        painter.end()
