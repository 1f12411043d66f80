"""The band across the top of the window that says which mode the console is in."""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QWidget

from widgets.elided_label import ElidedLabel


class ConsoleMode(StrEnum):
    NORMAL = "normal"
    INCIDENT = "incident"
    EXERCISE = "exercise"


class ModeBanner(QWidget):
    """Shows the console's mode: normal, incident (red) or exercise.

    It only shows what it is given (``show_mode``); it calls no service.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("modeBanner")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        # Both lines end in "…" when the room is short (a long incident name on a
        # 1280 px screen): the banner never makes the window wider than the screen.
        self._title = ElidedLabel(self, least=180)
        self._title.setObjectName("modeTitle")
        self._detail = ElidedLabel(self, least=120)
        self._detail.setObjectName("modeDetail")
        self._detail.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._layout = layout
        layout.addWidget(self._title, 1)
        layout.addWidget(self._detail, 1)
        self.mode = ConsoleMode.NORMAL
        self.show_mode(ConsoleMode.NORMAL)

    def add_trailing(self, widget: QWidget) -> None:
        """A control that stays at the banner's right end in every mode."""
        self._layout.addSpacing(12)
        self._layout.addWidget(widget)

    def show_mode(self, mode: ConsoleMode, detail: str = "", title: str = "") -> None:
        """``title`` is said after the mode's own (an incident's name)."""
        self.mode = mode
        titles = {
            ConsoleMode.NORMAL: self.tr("Normal operations"),
            ConsoleMode.INCIDENT: self.tr("INCIDENT MODE"),
            ConsoleMode.EXERCISE: self.tr("EXERCISE EXERCISE EXERCISE"),
        }
        self._title.setText(f"{titles[mode]} — {title}" if title else titles[mode])
        self._detail.setText(detail)
        self.setProperty("mode", mode.value)
        self.setAccessibleName(f"{self._title.text()} {detail}".strip())
        # Re-apply the style sheet so the [mode=...] selector takes effect.
        self.style().unpolish(self)
        self.style().polish(self)

    def title(self) -> str:
        return self._title.text()

    def detail(self) -> str:
        return self._detail.text()

    def detail_shown(self) -> str:
        """The detail as it is seen now: cut with "…" when the banner is short of room."""
        return self._detail.shown()
