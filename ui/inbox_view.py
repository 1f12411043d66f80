"""The Inbox area (basic, issue 5): what arrives from every channel, newest first.

A lazy table (``ui.lazy_model``) of mentions, replies, comments and direct
messages: time, channel, kind, author, text; filtered by channel, kind and text;
the selected item's full text, author and link in a pane beside it. It reloads
itself half a second after sync stores new items (only while it is on screen),
keeping the officer's selection and the item at the top of the view in place; an
officer at the very top sees the new items arrive above.

The full inbox (item states, assignment, replies, recorded reports) is a later
issue; the area says so.

Signals: none of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from console import inbox_list
from console import queue as queue_service
from console.channel_health import parse_utc
from console.session import Session
from console.timezone import FORCE_ZONE, local_text, now_local
from storage.inbox import InboxFilter, InboxRow
from ui.connect_dialog import UrlOpener, open_in_browser
from ui.lazy_model import LazyTableModel
from ui.sync_bridge import SyncBridge
from ui.tasks import Tasks

KIND_WORDS = dict(inbox_list.KINDS)


def _author(row: InboxRow) -> str:
    if row.author_name and row.author_name != row.author_handle:
        return f"{row.author_name} (@{row.author_handle})"
    return f"@{row.author_handle}"


def _when(row: InboxRow) -> str:
    """UK time: just the time for today's items, with the date for older ones."""
    moment = parse_utc(row.created_utc)
    if moment is None:
        return row.created_utc
    local = moment.astimezone(FORCE_ZONE)
    if local.date() == now_local().date():
        return local.strftime("%H:%M:%S")
    return local.strftime("%a %d/%m/%Y %H:%M")


def _full_time(row: InboxRow) -> str:
    try:
        return local_text(row.created_utc)
    except ValueError:
        return row.created_utc


class InboxTableModel(LazyTableModel[InboxFilter, InboxRow]):
    COLUMNS = (
        ("Time (UK)", _when),
        ("Channel", lambda r: r.channel),
        ("Kind", lambda r: KIND_WORDS.get(r.kind, r.kind)),
        ("Author", _author),
        ("Text", lambda r: " ".join(r.text.split())),
    )  # fmt: skip
    TOOLTIP_COLUMNS = frozenset({3, 4})

    def __init__(
        self,
        matching: Callable[[InboxFilter], Coroutine[Any, Any, list[int]]],
        fetch: Callable[[list[int]], Coroutine[Any, Any, dict[int, InboxRow]]],
        tasks: Tasks,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(matching, fetch, tasks, InboxFilter(), parent)


class InboxView(QWidget):
    def __init__(
        self,
        session: Session,
        tasks: Tasks,
        bridge: SyncBridge,
        parent: QWidget | None = None,
        open_url: UrlOpener = open_in_browser,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self._tasks = tasks
        self.open_url = open_url
        self.model = InboxTableModel(
            lambda flt: inbox_list.matching(self.session.store, flt),
            lambda ids: inbox_list.fetch(self.session.store, ids),
            tasks,
            self,
        )
        heading = QLabel(self.tr("Inbox"), self)
        heading.setObjectName("areaHeading")
        note = QLabel(
            self.tr("Mentions, replies, comments and direct messages as they arrive from "
                    "every channel, newest first. The full inbox (who is dealing with what, "
                    "replies, and reports recorded to the standard of a 101 call) comes in a "
                    "later release."),
            self,
        )  # fmt: skip
        note.setObjectName("areaPurpose")
        note.setWordWrap(True)
        self.note = note
        self.channel_filter = QComboBox(self)
        self.channel_filter.addItem(self.tr("Every channel"), 0)
        self.kind_filter = QComboBox(self)
        self.kind_filter.addItem(self.tr("Every kind"), "")
        for kind, words in inbox_list.KINDS:
            self.kind_filter.addItem(self.tr(words), kind)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search the text and authors…"))
        self.search.setClearButtonEnabled(True)
        self.counts = QLabel(self)
        filters = QHBoxLayout()
        for widget in (self.channel_filter, self.kind_filter):
            filters.addWidget(widget)
        filters.addWidget(self.search, 1)
        filters.addWidget(self.counts)

        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(26)
        for column, width in enumerate((135, 170, 110, 170, 200)):
            self.table.setColumnWidth(column, width)
        self.table.horizontalHeader().setStretchLastSection(True)

        pane = QWidget(self)
        pane.setObjectName("inboxDetail")
        self.detail_heading = QLabel(pane)
        self.detail_heading.setObjectName("subHeading")
        self.detail_heading.setWordWrap(True)
        self.detail_meta = QLabel(pane)
        self.detail_meta.setWordWrap(True)
        self.detail_meta.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail_text = QPlainTextEdit(pane)
        self.detail_text.setReadOnly(True)
        self.open_button = QPushButton(self.tr("&Open on the network"), pane)
        self.open_button.setToolTip(self.tr("Open the item in your web browser"))
        self.open_button.clicked.connect(self._open_selected)
        pane_layout = QVBoxLayout(pane)
        pane_layout.setContentsMargins(8, 0, 0, 0)
        pane_layout.addWidget(self.detail_heading)
        pane_layout.addWidget(self.detail_meta)
        pane_layout.addWidget(self.detail_text, 1)
        pane_layout.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignLeft)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.table)
        splitter.addWidget(pane)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([880, 320])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 12)
        layout.addWidget(heading)
        layout.addWidget(note)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(300)
        self._search_timer.timeout.connect(self._filters_changed)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.channel_filter.currentIndexChanged.connect(self._filters_changed)
        self.kind_filter.currentIndexChanged.connect(self._filters_changed)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_selected())
        self.model.pageLoaded.connect(lambda _p: self._show_selected())
        self._kept_id: int | None = None
        self._top_id: int | None = None
        self._at_top = True
        self._keep_place = False
        self.model.modelAboutToBeReset.connect(self._remember)
        self.model.modelReset.connect(self._restore)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(500)
        self._refresh_timer.timeout.connect(lambda: self._tasks.spawn(self.refresh(keep=True)))
        self._refreshing = False
        self._stale = False
        self.locked = False
        bridge.inboxArrived.connect(self._arrived)
        self._show_selected()

    def adopt(self, session: Session) -> None:
        self.session = session
        self.locked = False

    def detach(self) -> None:
        self._refresh_timer.stop()
        self._search_timer.stop()

    def clear(self) -> None:
        """Hold nothing until the next refresh (the console is locked)."""
        self.locked = True
        self._refresh_timer.stop()
        self.model.clear()
        self.counts.clear()
        self._show_selected()

    def current_filter(self) -> InboxFilter:
        return InboxFilter(
            channel_id=int(self.channel_filter.currentData() or 0),
            kind=str(self.kind_filter.currentData() or ""),
            text=self.search.text().strip(),
        )

    async def refresh(self, keep: bool = False) -> None:
        """Reload; with ``keep``, the item at the top of the view stays where it was."""
        if self.locked or self.session.store.closed:
            return
        if self._refreshing:
            self._soon()  # one reload at a time; another after this one
            return
        self._refreshing = True
        try:
            self._stale = False
            if self.channel_filter.count() == 1:
                for channel in await queue_service.channels(self.session.store):
                    self.channel_filter.addItem(channel.name, channel.id)
            self._keep_place = keep
            total = await self.model.reload(self.current_filter())
        finally:
            self._refreshing = False
        flt = self.current_filter()
        filtered = bool(flt.channel_id or flt.kind or flt.text)
        self.counts.setText(
            self.tr("{n} items").format(n=f"{total:,}") if not filtered
            else self.tr("{n} match").format(n=f"{total:,}")
        )  # fmt: skip

    def _soon(self) -> None:
        """Reload within half a second: a burst of events makes one reload, and a
        steady stream cannot put it off forever (the timer is not restarted)."""
        if not self._refresh_timer.isActive():
            self._refresh_timer.start()

    def _arrived(self, _count: int) -> None:
        if self.locked:
            return
        if self.isVisible():
            self._soon()
        else:
            self._stale = True  # reloaded when shown

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._stale and not self.locked:
            self._soon()

    def _filters_changed(self) -> None:
        self._tasks.spawn(self.refresh())

    # -- keeping the officer's place -----------------------------------------------------

    def _remember(self) -> None:
        self._kept_id = self.selected_id()
        bar = self.table.verticalScrollBar()
        self._at_top = bar.value() == 0
        top_row = self.table.rowAt(0)
        self._top_id = self.model.id_at(top_row) if top_row >= 0 else None

    def _restore(self) -> None:
        kept, top = self._kept_id, self._top_id
        self._kept_id = self._top_id = None
        wanted = {i for i in (kept, top) if i is not None}
        if not wanted:
            self._show_selected()
            return
        found = {self.model.id_at(row): row for row in self.model.rows_of(wanted)}
        if kept is not None and kept in found:
            selection = self.table.selectionModel()
            index = self.model.index(found[kept], 0)
            selection.setCurrentIndex(
                index,
                selection.SelectionFlag.ClearAndSelect | selection.SelectionFlag.Rows,
            )
        if self._keep_place and not self._at_top and top in found:
            self.table.scrollTo(
                self.model.index(found[top], 0), QAbstractItemView.ScrollHint.PositionAtTop
            )
        elif self._at_top:
            self.table.scrollToTop()
        self._show_selected()

    # -- the detail pane -------------------------------------------------------------------

    def selected_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.id_at(index.row()) if index.isValid() else None

    def selected(self) -> InboxRow | None:
        index = self.table.currentIndex()
        return self.model.record_at(index.row()) if index.isValid() else None

    def _show_selected(self) -> None:
        row = self.selected()
        if row is None:
            self.detail_heading.setText(
                "" if self.locked else self.tr("Select an item to read it in full.")
            )
            self.detail_meta.clear()
            self.detail_text.clear()
            self.open_button.setEnabled(False)
            return
        kind = KIND_WORDS.get(row.kind, row.kind)
        self.detail_heading.setText(
            self.tr("{kind} from {author}").format(kind=kind, author=_author(row))
        )
        meta = [
            self.tr("On {channel}, {when}").format(channel=row.channel, when=_full_time(row)),
        ]
        if row.in_reply_to:
            meta.append(self.tr("In reply to {id}").format(id=row.in_reply_to))
        if row.url:
            meta.append(row.url)
        self.detail_meta.setText("\n".join(meta))
        if self.detail_text.toPlainText() != row.text:
            self.detail_text.setPlainText(row.text)
        self.open_button.setEnabled(bool(row.url))

    def _open_selected(self) -> None:
        row = self.selected()
        if row is not None and row.url:
            self.open_url(row.url)
