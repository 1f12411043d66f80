"""Pieces the sign-in screen and the lock screen share."""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from console.session import SignInThrottle
from storage.lifecycle import Where


def centre_card(page: QWidget, card: QWidget) -> None:
    """Lay ``card`` out in the middle of ``page``, a little above centre."""
    outer = QVBoxLayout(page)
    outer.addStretch(1)
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(card)
    row.addStretch(1)
    outer.addLayout(row)
    outer.addStretch(2)


class WaitCountdown(QObject):
    """Keeps a sign-in button disabled, showing "Wait N s", while the growing delay
    after wrong passwords runs; then gives it back its label."""

    def __init__(
        self,
        button: QPushButton,
        label: str,
        throttle: SignInThrottle,
        store_path: Callable[[], Where | None],
    ) -> None:
        super().__init__(button)
        self._button = button
        self._label = label
        self._throttle = throttle
        self._store_path = store_path
        self._timer = QTimer(self)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self._tick)

    def start_if_waiting(self) -> bool:
        """After a failed try: start counting if there is a wait; say whether."""
        path = self._store_path()
        if path is None or self._throttle.remaining(path) <= 0:
            return False
        self._button.setEnabled(False)
        self._timer.start()
        self._tick()
        return True

    def _tick(self) -> None:
        path = self._store_path()
        wait = self._throttle.remaining(path) if path is not None else 0.0
        if wait <= 0:
            self._timer.stop()
            self._button.setEnabled(True)
            self._button.setText(self._label)
        else:
            self._button.setText(self.tr("Wait {n} s").format(n=math.ceil(wait)))
