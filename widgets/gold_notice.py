"""The strip under the mode banner that shows gold command's instructions in an
exercise, until each officer dismisses each one.

It only shows what it is given (``show_instructions``) and remembers, for this
window, which instructions were dismissed; it calls no service.

Signals: ``dismissed(str)``: the officer dismissed the instruction with this id.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


@dataclass(frozen=True)
class GoldInstruction:
    id: str
    at: str  # when it arrived, as shown (exercise time)
    text: str


class GoldNotice(QWidget):
    dismissed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("goldNotice")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._rows = QVBoxLayout(self)
        self._rows.setContentsMargins(12, 6, 12, 6)
        self._rows.setSpacing(4)
        self._gone: set[str] = set()
        self._shown: list[GoldInstruction] = []
        self.hide()

    def show_instructions(self, instructions: Sequence[GoldInstruction]) -> None:
        """Show every instruction not yet dismissed, newest first."""
        showing = [i for i in instructions if i.id not in self._gone]
        showing.sort(key=lambda i: i.at, reverse=True)
        if showing == self._shown:
            self.setVisible(bool(showing))
            return
        self._shown = showing
        while self._rows.count():
            item = self._rows.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for instruction in showing:
            self._rows.addWidget(self._row(instruction))
        self.setVisible(bool(showing))

    def visible_ids(self) -> list[str]:
        return [i.id for i in self._shown]

    def dismiss(self, instruction_id: str) -> None:
        self._gone.add(instruction_id)
        self.show_instructions([i for i in self._shown if i.id != instruction_id])
        self.dismissed.emit(instruction_id)

    def _row(self, instruction: GoldInstruction) -> QWidget:
        row = QWidget(self)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        heading = QLabel(self.tr("GOLD COMMAND · EXERCISE · {at}").format(at=instruction.at), row)
        heading.setObjectName("goldHeading")
        text = QLabel(instruction.text, row)
        text.setObjectName("goldText")
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        button = QPushButton(self.tr("Dismiss"), row)
        button.setObjectName("goldDismiss")
        button.setAccessibleName(
            self.tr("Dismiss gold's instruction {id}").format(id=instruction.id)
        )
        button.clicked.connect(lambda: self.dismiss(instruction.id))
        layout.addWidget(heading, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(text, 1)
        layout.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        row.setAccessibleName(f"{heading.text()} {instruction.text}")
        return row
