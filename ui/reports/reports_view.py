"""The Reports area: reports from the public, their clocks, and hand-over.

* The list (``service.list_reports``: not a consultation) shows each report's
  reference, category, grade, state, when it was recorded and its response clock,
  which turns amber with under a quarter of the time left and red once it has run
  out; the clocks are repainted every 30 seconds (``now`` is an attribute, so tests
  set the time instead of waiting for it).
* Reading a report is a consultation (DPA 2018 s.62): Open… asks why, once per
  report per session, and every opening is recorded with that reason
  (``service.open_report``). The opened report shows its current version, THRIVE,
  every version (who, when, why, what changed) and the items exactly as received.
* Change… (a new version), State… and Export… (PDF or JSON, recorded as a
  disclosure: to whom and why) act on the opened report; Listening and alerts…
  manages listening rules and the threat-to-life phrases.

The list reloads (throttled) when the store commits while the area is on screen,
and once when shown if something changed while it was hidden. Locked, it is
emptied and forgets what it had opened.

Signals (``ReportsView``): ``inboxRequested()``: from the empty list, the officer
asked for the inbox, where reports are recorded from.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from console import inbox_list
from console.permissions import Action, may
from console.reports import export, service
from console.reports.grading import (
    THRIVE_PARTS,
    Category,
    ClockState,
    Grade,
    ReportState,
    ResponseClock,
    thrive_label,
)
from console.reports.service import ReportView
from console.session import Session
from console.timezone import local_text
from storage.i18n import _
from storage.reports import ReportRow
from storage.timeutil import to_iso
from ui.common.permission_tips import needs_role
from ui.common.prompts import PROMPTS
from ui.common.tasks import Tasks
from ui.common.translations import QT_TRANSLATE_NOOP
from ui.inbox.listening_dialog import ListeningDialog
from ui.reports import report_dialogs
from widgets.empty_state import EmptyState

TICK_MS = 30_000
CLOCK_ROLE = Qt.ItemDataRole.UserRole + 1  # the clock's ClockState, for tests and colour
CLOCK_COLOURS = {
    ClockState.AMBER: (QColor("#fff1c7"), QColor("#7a4b00")),
    ClockState.RED: (QColor("#fde0e0"), QColor("#b00020")),
}
Index = QModelIndex | QPersistentModelIndex
KIND_WORDS = dict(inbox_list.KINDS)


def clock_text(row: ReportRow, clock: ResponseClock) -> str:
    if row.state == ReportState.OPEN.value:
        return clock.text
    state = ReportState(row.state).label.lower()
    if clock.left.total_seconds() < 0:
        return QCoreApplication.translate("ReportsModel", "{state}, late by {span}").format(
            state=state, span=clock.span
        )
    return QCoreApplication.translate("ReportsModel", "{state} in time").format(state=state)


def _label(kind: type[Category] | type[Grade] | type[ReportState], value: str) -> str:
    try:
        return kind(value).label
    except ValueError:
        return value


class ReportsModel(QAbstractTableModel):
    HEADERS = (
        QT_TRANSLATE_NOOP("ReportsModel", "Reference"),
        QT_TRANSLATE_NOOP("ReportsModel", "Category"),
        QT_TRANSLATE_NOOP("ReportsModel", "Grade"),
        QT_TRANSLATE_NOOP("ReportsModel", "State"),
        QT_TRANSLATE_NOOP("ReportsModel", "Response clock"),
        QT_TRANSLATE_NOOP("ReportsModel", "Items"),
        QT_TRANSLATE_NOOP("ReportsModel", "Recorded"),
    )
    CLOCK = 4

    def __init__(self, now: Callable[[], datetime], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[ReportRow] = []
        self.now = now

    def set_rows(self, rows: list[ReportRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def tick(self) -> None:
        """The clocks moved on: repaint their column."""
        if self.rows:
            self.dataChanged.emit(
                self.index(0, self.CLOCK), self.index(len(self.rows) - 1, self.CLOCK)
            )

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.HEADERS):
            return QCoreApplication.translate("ReportsModel", self.HEADERS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        column = index.column()
        if column == self.CLOCK and role in (
            CLOCK_ROLE, Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.BackgroundRole,
            Qt.ItemDataRole.ForegroundRole,
        ):  # fmt: skip
            clock = service.clock_of(row, self.now())
            if role == CLOCK_ROLE:
                return clock.state
            if role == Qt.ItemDataRole.DisplayRole:
                return clock_text(row, clock)
            colours = CLOCK_COLOURS.get(clock.state)
            if colours is None or (clock.stopped and clock.state is not ClockState.RED):
                return None
            return colours[0] if role == Qt.ItemDataRole.BackgroundRole else colours[1]
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == 0:
            return row.reference
        if column == 1:
            return _label(Category, row.category)
        if column == 2:
            return _label(Grade, row.grade)
        if column == 3:
            return _label(ReportState, row.state)
        if column == 5:
            return str(row.item_count)
        if column == 6:
            return local_text(row.created_utc, compact=True)
        return None


class ReportsView(QWidget):
    inboxRequested = Signal()

    def __init__(
        self,
        session: Session,
        tasks: Tasks,
        parent: QWidget | None = None,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self._tasks = tasks
        # The store's "now" by default: the exercise clock in an exercise store.
        self.model = ReportsModel(now or (lambda: self.session.store.clock()), self)
        self.opened: ReportView | None = None
        self.justified: dict[str, str] = {}  # reference -> the reason given this session
        self.listening_dialog: ListeningDialog | None = None
        self._dirty = False
        self._loading = False
        self._again = False
        self._locked = False

        heading = QLabel(self.tr("Reports"), self)
        heading.setObjectName("areaHeading")
        note = QLabel(
            self.tr("Crimes and incidents reported to the force on social media, recorded to "
                    "the standard of a 101 call. Opening a report is recorded with your "
                    "reason; handing one over is recorded as a disclosure."),
            self,
        )  # fmt: skip
        note.setObjectName("areaPurpose")
        note.setWordWrap(True)
        self.state_filter = QComboBox(self)
        self.state_filter.addItem(self.tr("Every state"), "")
        for state in ReportState:
            self.state_filter.addItem(state.label, state.value)
        self.state_filter.currentIndexChanged.connect(lambda _i: self.refresh_later())
        self.counts = QLabel(self)
        self.open_button = QPushButton(self.tr("&Open…"), self)
        self.edit_button = QPushButton(self.tr("C&hange…"), self)
        self.state_button = QPushButton(self.tr("S&tate…"), self)
        self.export_button = QPushButton(self.tr("E&xport…"), self)
        self.listening_button = QPushButton(self.tr("&Listening and alerts…"), self)
        self.open_button.clicked.connect(self.open_selected)
        self.edit_button.clicked.connect(self.edit_opened)
        self.state_button.clicked.connect(self.change_state)
        self.export_button.clicked.connect(self.export_selected)
        self.listening_button.clicked.connect(self.show_listening)
        bar = QHBoxLayout()
        bar.addWidget(self.state_filter)
        bar.addWidget(self.counts)
        bar.addStretch(1)
        for button in (self.open_button, self.edit_button, self.state_button,
                       self.export_button, self.listening_button):  # fmt: skip
            bar.addWidget(button)

        self.table = QTableView(self)
        self.table.setTabKeyNavigation(False)  # Tab leaves it; arrows move in it
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(26)
        # Every column in view beside the detail on a 1280 px screen: the reference,
        # grade and state whole (as wide as their longest value), the category and
        # the time recorded sharing what is left.
        header = self.table.horizontalHeader()
        header.setMinimumSectionSize(40)
        fit, share = QHeaderView.ResizeMode.ResizeToContents, QHeaderView.ResizeMode.Stretch
        fixed = QHeaderView.ResizeMode.Interactive
        for column, mode in enumerate((fit, share, fit, fit, fixed, fixed, share)):
            header.setSectionResizeMode(column, mode)
        self.table.setColumnWidth(ReportsModel.CLOCK, 122)
        self.table.setColumnWidth(ReportsModel.CLOCK + 1, 74)  # "Eitemau" in Welsh
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._selected())
        self.detail = QTextBrowser(self)
        self.detail.setObjectName("reportDetail")
        self.detail.setOpenExternalLinks(True)
        # With no report yet, the list says where reports come from.
        self.empty = EmptyState(self)
        self._permitted: bool | None = None  # may this officer read reports (as last shown)
        self._show_no_reports()
        self.empty.actionChosen.connect(lambda _key: self.inboxRequested.emit())
        self.table_or_empty = QStackedWidget(self)
        self.table_or_empty.addWidget(self.table)
        self.table_or_empty.addWidget(self.empty)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.table_or_empty)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([760, 300])  # the list whole; the opened report beside it

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 12)
        layout.addWidget(heading)
        layout.addWidget(note)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)

        self._ticker = QTimer(self)
        self._ticker.setInterval(TICK_MS)
        self._ticker.timeout.connect(self.tick)
        self._ticker.start()
        self._reload = QTimer(self)
        self._reload.setSingleShot(True)
        self._reload.setInterval(500)
        self._reload.timeout.connect(self.refresh_later)
        session.store.add_commit_listener(self._store_changed)
        self._show_detail()
        self._buttons()

    @property
    def now(self) -> Callable[[], datetime]:
        """What time it is, for the clocks (tests set it; kept by the model)."""
        return self.model.now

    @now.setter
    def now(self, now: Callable[[], datetime]) -> None:
        self.model.now = now
        self.tick()

    @property
    def locked(self) -> bool:
        """The console locked while a read was under way: show nothing."""
        return self._locked

    # -- the list -----------------------------------------------------------------------

    def refresh_later(self) -> None:
        self._tasks.spawn(self.refresh())

    def _show_no_reports(self) -> None:
        self.empty.show_state(
            self.tr("No reports yet"),
            self.tr("A report is recorded from a conversation in the Inbox: open the "
                    "conversation and press Record a report…. Each report keeps its grade's "
                    "response clock running here until it is answered."),
            [("inbox", self.tr("Open the inbox"), True)],
        )  # fmt: skip

    def _show_not_permitted(self) -> None:
        """An officer whose roles do not include reading reports (an administrator
        who only runs the store) is told why the area is empty, not warned."""
        self.model.set_rows([])
        self.counts.clear()
        self.empty.show_state(
            self.tr("Reports are read by the desk and command"),
            self.tr("Reports from the public are read by approvers, duty officers, observers "
                    "and trainers; you hold none of those roles. An administrator can give "
                    "you one in Settings."),
        )  # fmt: skip
        self.table_or_empty.setCurrentWidget(self.empty)

    async def refresh(self) -> None:
        if self._locked:
            return
        permitted = may(self.session.user, Action.VIEW_REPORTS)
        if permitted != self._permitted:
            self._permitted = permitted
            if permitted:
                self._show_no_reports()
            else:
                self._show_not_permitted()
        if not permitted:
            self._buttons()
            return
        if self._loading:
            self._again = True
            return
        self._loading = True
        try:
            while True:
                self._again = False
                self._dirty = False
                state = self.state_filter.currentData()
                rows = await service.list_reports(
                    self.session, ReportState(state) if state else None
                )
                if self.locked:
                    return
                keep = self.selected_reference()
                self.model.set_rows(rows)
                self.counts.setText(self.tr("%n report(s)", "", len(rows)))
                none_at_all = not rows and not state
                self.table_or_empty.setCurrentWidget(self.empty if none_at_all else self.table)
                self.select(keep)
                if not self._again:
                    break
        finally:
            self._loading = False
        self._buttons()

    def tick(self) -> None:
        self.model.tick()
        if self.opened is not None:
            self._show_detail()

    def _store_changed(self) -> None:
        if self._locked:
            return
        if not self.isVisible():
            self._dirty = True
        elif not self._reload.isActive():
            self._reload.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty:
            self.refresh_later()

    def selected_reference(self) -> str | None:
        index = self.table.currentIndex()
        if not index.isValid() or index.row() >= len(self.model.rows):
            return None
        return self.model.rows[index.row()].reference

    def select(self, reference: str | None) -> None:
        for number, row in enumerate(self.model.rows):
            if row.reference == reference:
                self.table.selectRow(number)
                return

    def _selected(self) -> None:
        ref = self.selected_reference()
        if self.opened is not None and self.opened.reference != ref:
            self.opened = None
            self._show_detail()
        if ref is not None and self.opened is None and ref in self.justified:
            self._open(ref, self.justified[ref])  # asked once this session: recorded again
        self._buttons()

    def _buttons(self) -> None:
        user = self.session.user
        chosen = self.selected_reference() is not None
        opened = self.opened is not None and self.opened.reference == self.selected_reference()
        for button, action, ready, hint in (
            (self.open_button, Action.VIEW_REPORTS, chosen, self.tr("Choose a report first.")),
            (self.edit_button, Action.RECORD_REPORTS, opened, self.tr("Open the report first.")),
            (self.state_button, Action.RECORD_REPORTS, opened, self.tr("Open the report first.")),
            (self.export_button, Action.EXPORT_REPORTS, chosen, self.tr("Choose a report first.")),
        ):
            allowed = may(user, action)
            button.setEnabled(allowed and ready)
            button.setToolTip(hint if allowed and not ready else "" if allowed
                              else needs_role(action))  # fmt: skip
        self.listening_button.setToolTip(
            self.tr("Listening rules (approvers) and threat-to-life phrases (administrators)")
        )

    # -- opening: a consultation --------------------------------------------------------

    def open_selected(self) -> None:
        ref = self.selected_reference()
        if ref is None:
            return
        known = self.justified.get(ref)
        if known:
            self._open(ref, known)
            return

        async def ask() -> None:
            reason = await PROMPTS.text(
                self,
                self.tr("Open report {ref}").format(ref=ref),
                self.tr("Why are you opening this report? (recorded in the audit trail: "
                        "reading the public's personal data is a consultation)"),
            )  # fmt: skip
            if reason is not None:
                self._open(ref, reason)

        self._tasks.spawn(ask())

    def _open(self, ref: str, reason: str) -> None:
        session = self.session

        def opened(view: ReportView) -> None:
            if self._locked or session is not self.session:
                return  # locked (or another officer) since: their reason is not kept
            self.justified[ref] = reason
            if self.selected_reference() == ref:
                self.opened = view
                self._show_detail()
                self._buttons()

        self._tasks.spawn(service.open_report(session, ref, reason), done=opened)

    def _reopen(self, row: ReportRow) -> None:
        """After a change: the list, and the report read again (recorded again)."""
        self.refresh_later()
        reason = self.justified.get(row.reference)
        if reason is not None:
            self._open(row.reference, reason)

    def _show_detail(self) -> None:
        view = self.opened
        if view is None:
            self.detail.setHtml(
                "<p style='color:#5b6474'>"
                + html.escape(self.tr("Choose a report and press Open… to read it. Your reason "
                                      "is recorded once per report for this session."))
                + "</p>"
            )  # fmt: skip
            return
        self.detail.setHtml(report_html(view, self.now()))

    # -- acting on it -------------------------------------------------------------------

    def edit_opened(self) -> None:
        if self.opened is not None:
            report_dialogs.edit_report(self, self.session, self._tasks, self.opened, self._reopen)

    def change_state(self) -> None:
        if self.opened is not None:
            report_dialogs.change_state(self, self.session, self._tasks, self.opened, self._reopen)

    def export_selected(self) -> None:
        ref = self.selected_reference()
        if ref is None:
            return

        async def hand_over() -> None:
            # The file first (its name settled, .pdf or .json), then why and to whom.
            path = await PROMPTS.save_path(
                self,
                self.tr("Export report {ref}").format(ref=ref),
                Path.home() / f"{ref}.pdf",
                self.tr("PDF (*.pdf);;JSON for a records system (*.json)"),
            )
            if path is None:
                return
            disclosed = await PROMPTS.disclosure(
                self, self.tr("Handing over report {ref}").format(ref=ref)
            )
            if disclosed is None:
                return
            reason, recipient = disclosed
            done = await export.export_report(
                self.session, ref, path, reason=reason, recipient=recipient
            )
            said = self.tr("Report {ref} (version {v}) was written to {path} and recorded as a "
                           "disclosure to {to} (audit entry #{seq}).").format(
                ref=done.reference, v=done.version, path=done.path, to=recipient,
                seq=done.audit_seq,
            )  # fmt: skip
            if done.path.suffix.lower() == ".pdf":
                said += " " + self.tr(
                    "It is signed with the store's certificate; anyone can check it with "
                    "verify_cordon.py, written beside it."
                )
            await PROMPTS.inform(self, self.tr("Report exported"), said)

        self._tasks.spawn(hand_over())

    def show_listening(self) -> None:
        if self.listening_dialog is None:
            self.listening_dialog = ListeningDialog(self.session, self._tasks, self)
        self._tasks.spawn(self.listening_dialog.load())
        self.listening_dialog.show()
        self.listening_dialog.raise_()

    # -- the window's life --------------------------------------------------------------

    def clear(self) -> None:
        """Locked: show nothing and forget what was opened."""
        self._locked = True
        self.opened = None
        self.justified.clear()
        self.model.set_rows([])
        self.counts.clear()
        self._show_detail()
        if self.listening_dialog is not None:
            self.listening_dialog.close()

    def adopt(self, session: Session) -> None:
        self.session = session
        self._locked = False
        self.justified.clear()  # each sign-in gives its own reasons
        if self.listening_dialog is not None:
            self.listening_dialog.deleteLater()
            self.listening_dialog = None
        self._buttons()

    def detach(self) -> None:
        self._ticker.stop()
        self._reload.stop()
        self.session.store.remove_commit_listener(self._store_changed)
        if self.listening_dialog is not None:
            self.listening_dialog.close()


# -- the opened report, as HTML ----------------------------------------------------------


def _e(text: object) -> str:
    return html.escape(str(text))


def _when(iso: str) -> str:
    try:
        return local_text(iso, compact=True)
    except ValueError:
        return iso


# What a version changed, in words (its fields' names are the store's).
FIELD_WORDS = {
    "category": QT_TRANSLATE_NOOP("ReportsView", "category"),
    "grade": QT_TRANSLATE_NOOP("ReportsView", "grade"),
    "allowed_minutes": QT_TRANSLATE_NOOP("ReportsView", "time allowed to respond"),
    "state": QT_TRANSLATE_NOOP("ReportsView", "state"),
    "location": QT_TRANSLATE_NOOP("ReportsView", "location"),
    "summary": QT_TRANSLATE_NOOP("ReportsView", "summary"),
}


def changed_words(changes: Iterable[str]) -> str:
    """The fields a version changed, in the order the report shows them
    ("grade, time allowed to respond, threat")."""
    order = [*FIELD_WORDS, *THRIVE_PARTS]
    words = []
    for field in sorted(changes, key=lambda f: (order.index(f) if f in order else len(order), f)):
        if field in FIELD_WORDS:
            words.append(QCoreApplication.translate("ReportsView", FIELD_WORDS[field]))
        elif field in THRIVE_PARTS:
            words.append(thrive_label(field).lower())
        else:
            words.append(field)
    return ", ".join(words)


def report_html(view: ReportView, now: datetime) -> str:
    row, content = view.row, view.content
    clock = view.clock(now)
    colour = {"ok": "#1f6f43", "amber": "#7a4b00", "red": "#b00020"}[clock.state.value]
    thrive = "".join(
        f"<tr><td><b>{_e(thrive_label(part))}</b></td><td>{_e(value)}</td></tr>"
        for part, value in content.thrive.as_dict().items()
    )
    versions = "".join(
        f"<li><b>v{v.version}</b> {_e(_when(v.at_utc))}, {_e(v.by_user)}: {_e(v.reason)}"
        f"{' (' + _e(changed_words(v.changes)) + ')' if v.version > 1 else ''}</li>"
        for v in view.history
    )
    links = QCoreApplication.translate("ReportsView", "Links")
    media = QCoreApplication.translate("ReportsView", "Media")
    items = []
    for item in view.items:
        extras = "".join(
            f"<br>{_e(what)}: " + ", ".join(f'<a href="{_e(u)}">{_e(u)}</a>' for u in urls)
            for what, urls in ((links, item.links), (media, item.media))
            if urls
        )
        heading = QCoreApplication.translate(
            "ReportsView", "{position}. {kind} from {name} (@{handle})"
        ).format(
            position=item.position,
            kind=_(KIND_WORDS.get(item.kind, item.kind)).lower(),
            name=item.author_name,
            handle=item.author_handle,
        )
        where = QCoreApplication.translate(
            "ReportsView", "on {channel}, written {written}, received {received}"
        ).format(
            channel=item.channel_name,
            written=_when(item.created_utc),
            received=_when(item.received_utc),
        )
        raw = QCoreApplication.translate("ReportsView", "As received from the network: {raw}")
        items.append(
            f"<p><b>{_e(heading)}</b> {_e(where)}<br>"
            f'<a href="{_e(item.url)}">{_e(item.url)}</a>{extras}</p>'
            f"<pre style='white-space:pre-wrap; background:#f4f5f7'>{_e(item.text)}</pre>"
            f"<p style='font-family:monospace; font-size:8pt; color:#5b6474'>"
            f"{_e(raw.format(raw=item.raw))}</p>"
        )
    version = QCoreApplication.translate("ReportsView", "version {n}").format(n=row.version)
    response = QCoreApplication.translate("ReportsView", "Response clock: {clock} (due {due})")
    location = QCoreApplication.translate("ReportsView", "Location:")
    summary = QCoreApplication.translate("ReportsView", "Summary:")
    recorded = QCoreApplication.translate("ReportsView", "Recorded by {who} on {when}.")
    versions_heading = QCoreApplication.translate("ReportsView", "Versions")
    items_heading = QCoreApplication.translate("ReportsView", "The items, exactly as received")
    return (
        f"<h2>{_e(row.reference)}</h2>"
        f"<p>{_e(content.category.label)} · {_e(content.grade.label)} · "
        f"<b>{_e(content.state.label)}</b> · {_e(version)}</p>"
        f"<p style='color:{colour}; font-weight:bold'>"
        f"{_e(response.format(clock=clock_text(row, clock), due=_when(to_iso(clock.due))))}</p>"
        f"<p><b>{_e(location)}</b> {_e(content.location) or '—'}</p>"
        f"<p><b>{_e(summary)}</b> {_e(content.summary) or '—'}</p>"
        f"<h3>THRIVE</h3><table cellspacing='4'>{thrive}</table>"
        f"<h3>{_e(versions_heading)}</h3><ul>{versions}</ul>"
        f"<h3>{_e(items_heading)}</h3>{''.join(items)}"
        f"<p style='color:#5b6474'>"
        f"{_e(recorded.format(who=row.created_by, when=_when(row.created_utc)))}</p>"
    )
