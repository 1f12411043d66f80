"""A lazy table over the whole audit log (Anki's browser model, in small).

The model holds only the entry numbers that match the filter (ints: 1,000,000 of
them is a few MB) and fetches the entries themselves a page at a time, on the
store's thread, when the view first asks for a row. Until a page arrives its
cells read "…"; when it arrives, ``dataChanged`` repaints just those rows. A
bounded cache keeps memory flat however far the officer scrolls.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Callable, Coroutine
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from console.timezone import local_text
from storage.audit import AuditFilter
from storage.records import AuditEntry
from ui.tasks import Tasks

Index = QModelIndex | QPersistentModelIndex
Matching = Callable[[AuditFilter], Coroutine[Any, Any, list[int]]]
Fetch = Callable[[list[int]], Coroutine[Any, Any, dict[int, AuditEntry]]]

PAGE_SIZE = 200
MAX_PAGES = 64
LOADING = "…"


def summarise(before: str | None, after: str | None, limit: int = 140) -> str:
    """``{"a": 1}`` -> ``a: 1``; before and after as ``a: 1 → 2`` where both exist."""
    old = json.loads(before) if before else {}
    new = json.loads(after) if after else {}
    parts = []
    for key in sorted(set(old) | set(new)):
        if key in old and key in new and old[key] != new[key]:
            parts.append(f"{key}: {_short(old[key])} → {_short(new[key])}")
        elif key in new:
            parts.append(f"{key}: {_short(new[key])}")
        else:
            parts.append(f"{key}: {_short(old[key])} → (removed)")
    text = "; ".join(parts)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _short(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


class AuditTableModel(QAbstractTableModel):
    """Signals: ``reloaded(int)``: the filter was applied; the int is the row count.
    ``pageLoaded(int)``: a page of entries arrived (its number)."""

    reloaded = Signal(int)
    pageLoaded = Signal(int)

    HEADERS = (
        "#",
        "Time (UK)",
        "Officer",
        "Action",
        "Category",
        "On",
        "Details",
        "Why / to whom",
        "Hash",
    )
    EntryRole = Qt.ItemDataRole.UserRole + 1

    def __init__(
        self, matching: Matching, fetch: Fetch, tasks: Tasks, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._matching = matching
        self._fetch = fetch
        self._tasks = tasks
        self._seqs: list[int] = []
        self._pages: OrderedDict[int, dict[int, AuditEntry]] = OrderedDict()
        self._pending: set[int] = set()
        self._generation = 0
        self.filter = AuditFilter()

    # -- loading -----------------------------------------------------------------

    async def reload(self, flt: AuditFilter | None = None) -> int:
        """Apply ``flt`` (or the current filter again) and reset the model."""
        if flt is not None:
            self.filter = flt
        seqs = await self._matching(self.filter)
        self.beginResetModel()
        self._generation += 1
        self._seqs = seqs
        self._pages.clear()
        self._pending.clear()
        self.endResetModel()
        self.reloaded.emit(len(seqs))
        return len(seqs)

    def clear(self) -> None:
        """Hold nothing until the next reload (the console is locked)."""
        self.beginResetModel()
        self._generation += 1
        self._seqs = []
        self._pages.clear()
        self._pending.clear()
        self.endResetModel()

    def _request_page(self, page: int) -> None:
        if page in self._pending:
            return
        self._pending.add(page)
        generation = self._generation
        wanted = self._seqs[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]

        def arrived(entries: dict[int, AuditEntry]) -> None:
            if generation != self._generation:
                return  # the filter changed while this page was on its way
            self._pending.discard(page)
            self._pages[page] = entries
            while len(self._pages) > MAX_PAGES:
                self._pages.popitem(last=False)
            first = page * PAGE_SIZE
            last = min(first + PAGE_SIZE, len(self._seqs)) - 1
            self.dataChanged.emit(self.index(first, 0), self.index(last, self.columnCount() - 1))
            self.pageLoaded.emit(page)

        def failed(sentence: str) -> None:
            if generation == self._generation:
                self._pending.discard(page)
            self._tasks.failed.emit(sentence)

        self._tasks.spawn(self._fetch(wanted), done=arrived, error=failed)

    def entry_at(self, row: int) -> AuditEntry | None:
        if not 0 <= row < len(self._seqs):
            return None
        page = row // PAGE_SIZE
        entries = self._pages.get(page)
        if entries is None:
            self._request_page(page)
            return None
        self._pages.move_to_end(page)
        return entries.get(self._seqs[row])

    def seq_at(self, row: int) -> int | None:
        return self._seqs[row] if 0 <= row < len(self._seqs) else None

    # -- Qt's model interface --------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._seqs)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.HEADERS)
        ):
            return self.tr(self.HEADERS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._seqs):
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column == 0:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, self.EntryRole):
            return None
        if column == 0 and role == Qt.ItemDataRole.DisplayRole:
            return str(self._seqs[row])
        entry = self.entry_at(row)
        if role == self.EntryRole:
            return entry
        if entry is None:
            return LOADING if role == Qt.ItemDataRole.DisplayRole else None
        text = self._cell(entry, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return text if column in (6, 7) else None
        return text

    @staticmethod
    def _cell(entry: AuditEntry, column: int) -> str:
        if column == 0:
            return str(entry.seq)
        if column == 1:
            return local_text(entry.at_utc, compact=True)
        if column == 2:
            return entry.actor
        if column == 3:
            return entry.action
        if column == 4:
            return entry.category.value
        if column == 5:
            return f"{entry.object_type} {entry.object_id}"
        if column == 6:
            return summarise(entry.before, entry.after)
        if column == 7:
            if entry.recipient:
                return f"{entry.justification} (to {entry.recipient})"
            return entry.justification
        return entry.hash[:12]
