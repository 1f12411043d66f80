"""A small emoji picker: a popup grid of the emoji a force's posts use most.

Shown with ``show()`` as a popup (never ``exec()``: no nested event loop), it closes
when one is picked or when the officer clicks elsewhere. It draws with whatever
colour emoji font the system has. It calls no service.

Signals: ``picked(str)``: the emoji chosen.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QGridLayout, QToolButton, QWidget

EMOJI = (
    "🚨", "👮", "🚓", "🚑", "🚒", "⚠️", "📢", "📞",
    "🚧", "🛑", "🚗", "🚲", "🚶", "🏠", "🏫", "🔒",
    "🌊", "🌧️", "❄️", "🔥", "🌳", "🐕", "👶", "📍",
    "🕐", "📷", "ℹ️", "✅", "❌", "👀", "👍", "👏",
    "🙏", "❤️", "💙", "🙂", "😊", "😢", "🎉", "🎄",
)  # fmt: skip
COLUMNS = 8


def emoji_font(base: QFont) -> QFont:
    """``base`` with the colour emoji fonts a desktop may have as fallbacks."""
    font = QFont(base)
    font.setFamilies([*base.families(), "Noto Color Emoji", "Apple Color Emoji",
                      "Segoe UI Emoji", "Twemoji"])  # fmt: skip
    font.setPointSizeF(max(base.pointSizeF(), 10.0) * 1.4)
    return font


class EmojiPicker(QFrame):
    picked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("emojiPicker")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        grid = QGridLayout(self)
        grid.setContentsMargins(6, 6, 6, 6)
        grid.setSpacing(2)
        font = emoji_font(self.font())
        self.buttons: dict[str, QToolButton] = {}
        for n, emoji in enumerate(EMOJI):
            button = QToolButton(self)
            button.setText(emoji)
            button.setFont(font)
            button.setAutoRaise(True)
            button.setAccessibleName(emoji)
            button.clicked.connect(lambda _checked=False, e=emoji: self._pick(e))
            grid.addWidget(button, n // COLUMNS, n % COLUMNS)
            self.buttons[emoji] = button

    def show_below(self, anchor: QWidget) -> None:
        self.adjustSize()
        self.move(anchor.mapToGlobal(QPoint(0, anchor.height())))
        self.show()

    def _pick(self, emoji: str) -> None:
        self.hide()
        self.picked.emit(emoji)
