"""The channels' areas offered as an officer types an incident's area scope."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QCompleter, QLineEdit


class AreaCompleter(QCompleter):
    """Completes the area being typed after the last comma of ``edit`` (areas are
    comma-separated), whatever its case; the areas before it are kept."""

    def __init__(self, areas: list[str], edit: QLineEdit) -> None:
        super().__init__(areas, edit)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        edit.setCompleter(self)

    def splitPath(self, path: str, /) -> list[str]:
        return [path.rsplit(",", 1)[-1].strip()]

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex, /) -> str:
        typed = self.completionPrefix()
        before = typed.rsplit(",", 1)[0] + ", " if "," in typed else ""
        return before + str(index.data())
