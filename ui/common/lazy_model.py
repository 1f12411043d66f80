"""A lazy table over ids (Anki's browser model, in small), for big lists.

The model holds only the ids that match the filter (ints: a million of them is a
few MB) and fetches the records a page at a time, on the store's thread, when
the view first asks for a row. Until a page arrives its cells read "…"; when it
arrives, ``dataChanged`` repaints just those rows. A bounded cache keeps memory
flat however far the officer scrolls. Subclasses say what the columns are.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Coroutine, Iterator
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from ui.common.tasks import Tasks
from widgets.status_pill import PILL_KEY_ROLE

Index = QModelIndex | QPersistentModelIndex
F = TypeVar("F")  # the filter
R = TypeVar("R")  # a record

PAGE_SIZE = 200
MAX_PAGES = 64
LOADING = "…"

DISPLAY = Qt.ItemDataRole.DisplayRole.value
TOOLTIP = Qt.ItemDataRole.ToolTipRole.value
ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole.value
_ANSWERED = frozenset({DISPLAY, TOOLTIP, ALIGNMENT, PILL_KEY_ROLE})
_LEFT = (Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter).value
_RIGHT = (Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value


class LazyTableModel(QAbstractTableModel, Generic[F, R]):
    """Signals: ``reloaded(int)``: the filter was applied; the int is the row count.
    ``pageLoaded(int)``: a page of records arrived (its number)."""

    reloaded = Signal(int)
    pageLoaded = Signal(int)

    # Each column: its header and how to show a record in it. Subclasses set these.
    COLUMNS: tuple[tuple[str, Callable[[Any], str]], ...] = ()
    RecordRole = Qt.ItemDataRole.UserRole + 1
    TOOLTIP_COLUMNS: frozenset[int] = frozenset()
    RIGHT_ALIGNED: frozenset[int] = frozenset()

    def __init__(
        self,
        matching: Callable[[F], Coroutine[Any, Any, list[int]]],
        fetch: Callable[[list[int]], Coroutine[Any, Any, dict[int, R]]],
        tasks: Tasks,
        initial_filter: F,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._matching = matching
        self._fetch = fetch
        self._tasks = tasks
        self._ids: list[int] = []
        self._pages: OrderedDict[int, dict[int, R]] = OrderedDict()
        self._pending: set[int] = set()
        self._generation = 0
        self.filter = initial_filter

    # -- what subclasses say ---------------------------------------------------------

    @property
    def HEADERS(self) -> tuple[str, ...]:
        return tuple(header for header, _show in self.COLUMNS)

    def cell(self, record: R, column: int) -> str:
        return self.COLUMNS[column][1](record)

    def pill_key(self, record: R, column: int) -> str | None:
        """The key a status pill in ``column`` is coloured by (its text is in the
        officer's language); None where no pill is drawn."""
        return None

    def id_text(self, record_id: int, column: int) -> str | None:
        """Text a cell can show before its record arrives (say, the id itself)."""
        return None

    # -- loading -----------------------------------------------------------------------

    async def reload(self, flt: F | None = None) -> int:
        """Apply ``flt`` (or the current filter again) and reset the model."""
        if flt is not None:
            self.filter = flt
        ids = await self._matching(self.filter)
        self.beginResetModel()
        self._generation += 1
        self._ids = ids
        self._pages.clear()
        self._pending.clear()
        self.endResetModel()
        self.reloaded.emit(len(ids))
        return len(ids)

    def clear(self) -> None:
        """Hold nothing until the next reload (the console is locked)."""
        self.beginResetModel()
        self._generation += 1
        self._ids = []
        self._pages.clear()
        self._pending.clear()
        self.endResetModel()

    def _request_page(self, page: int) -> None:
        if page in self._pending:
            return
        self._pending.add(page)
        generation = self._generation
        wanted = self._ids[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]

        def arrived(records: dict[int, R]) -> None:
            if generation != self._generation:
                return  # the filter changed while this page was on its way
            self._pending.discard(page)
            self._pages[page] = records
            while len(self._pages) > MAX_PAGES:
                self._pages.popitem(last=False)
            first = page * PAGE_SIZE
            last = min(first + PAGE_SIZE, len(self._ids)) - 1
            self.dataChanged.emit(self.index(first, 0), self.index(last, self.columnCount() - 1))
            self.pageLoaded.emit(page)

        def failed(sentence: str) -> None:
            if generation == self._generation:
                self._pending.discard(page)
            self._tasks.failed.emit(sentence)

        self._tasks.spawn(self._fetch(wanted), done=arrived, error=failed)

    def record_at(self, row: int) -> R | None:
        if not 0 <= row < len(self._ids):
            return None
        page = row // PAGE_SIZE
        records = self._pages.get(page)
        if records is None:
            self._request_page(page)
            return None
        self._pages.move_to_end(page)
        return records.get(self._ids[row])

    def loaded_records(self) -> Iterator[R]:
        """The records of the pages loaded now (those on screen and near it)."""
        for records in list(self._pages.values()):
            yield from records.values()

    def rows_of(self, record_ids: set[int]) -> list[int]:
        """The rows now holding these ids (a linear scan: call it once per reload)."""
        return [row for row, record_id in enumerate(self._ids) if record_id in record_ids]

    def id_at(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    # -- Qt's model interface --------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.HEADERS)
        ):
            # Each model marks its headers with its own class name as the context.
            return QCoreApplication.translate(type(self).__name__, self.HEADERS[section])
        return None

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        # Asked for every role of every cell in view at each repaint (a scroll step
        # paints hundreds of cells): the roles are plain ints here, and a role no
        # column answers is turned away first.
        if role not in _ANSWERED and role != self.RecordRole:
            return None
        row = index.row()
        if not index.isValid() or row >= len(self._ids):
            return None
        column = index.column()
        if role == ALIGNMENT:
            return _RIGHT if column in self.RIGHT_ALIGNED else _LEFT
        if role == PILL_KEY_ROLE:
            found = self.record_at(row)
            return None if found is None else self.pill_key(found, column)
        if role == DISPLAY:
            early = self.id_text(self._ids[row], column)
            if early is not None:
                return early
        record = self.record_at(row)
        if role == self.RecordRole:
            return record
        if record is None:
            return LOADING if role == DISPLAY else None
        text = self.cell(record, column)
        if role == TOOLTIP:
            return text if column in self.TOOLTIP_COLUMNS else None
        return text
