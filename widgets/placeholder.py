"""What an area of the window shows until the work that fills it lands."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class AreaPlaceholder(QWidget):
    """A heading and one line saying what the area will hold. No fake data."""

    def __init__(self, title: str, purpose: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        heading = QLabel(title, self)
        heading.setObjectName("areaHeading")
        line = QLabel(purpose, self)
        line.setObjectName("areaPurpose")
        line.setWordWrap(True)
        line.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(heading)
        layout.addWidget(line)
        layout.addStretch(1)
        self.purpose = purpose
