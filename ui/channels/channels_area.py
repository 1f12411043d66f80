"""The Channels area: each channel's health and connection on top, its set-up
(adding, enabling, approval rules) underneath, with a splitter between."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from ui.channels.channels_view import ChannelsView
from ui.channels.health_view import HealthView


class ChannelsArea(QWidget):
    def __init__(
        self, health: HealthView, setup: ChannelsView, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.health = health
        self.setup = setup
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(health)
        splitter.addWidget(setup)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
