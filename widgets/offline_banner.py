"""The strip under the mode banner that says no channel can be reached."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget


class OfflineBanner(QWidget):
    """Shown while every synced channel's network is out of reach; hidden otherwise.

    It only shows what it is told (``show_offline``); it calls no service.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("offlineBanner")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 5, 12, 5)
        self.message = QLabel(
            self.tr("Offline: no channel can be reached. Posts wait and go out when the "
                    "network is back."),
            self,
        )  # fmt: skip
        self.message.setObjectName("offlineText")
        self.message.setWordWrap(True)
        layout.addWidget(self.message, 1)
        self.setAccessibleName(self.message.text())
        self.hide()

    def show_offline(self, offline: bool) -> None:
        self.setVisible(offline)
