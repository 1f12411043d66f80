"""Copying text out of Cordon without leaving it on the clipboard.

Text an officer copies (from a post, a message, a credential) is cleared after
``CLEAR_AFTER_SECONDS`` if the clipboard still holds what Cordon put there, and at
once when the console locks or quits (KeePassXC's ``Clipboard.cpp`` does the same).
Something the officer copied from elsewhere since is left alone.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QClipboard, QGuiApplication

CLEAR_AFTER_SECONDS = 30


class TransientClipboard(QObject):
    def __init__(self, parent: QObject | None = None, seconds: float = CLEAR_AFTER_SECONDS):
        super().__init__(parent)
        self._ours: str | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(int(seconds * 1000))
        self._timer.timeout.connect(self.clear_if_ours)

    def copy(self, text: str) -> None:
        self._clipboard().setText(text)
        self._ours = text
        self._timer.start()

    def clear_if_ours(self) -> None:
        """Clear the clipboard if it still holds what Cordon put there."""
        self._timer.stop()
        if self._ours is not None and self._clipboard().text() == self._ours:
            self._clipboard().clear()
        self._ours = None

    @staticmethod
    def _clipboard() -> QClipboard:
        return QGuiApplication.clipboard()
