"""The inbox list's model: conversations, newest activity first, lazily.

A ``LazyTableModel`` over conversation ids (``console.inbox.work.matching``); a
page of 200 rows arrives in one task: the rows a list paints, the report each
conversation became (its reference and the ``ReportRow`` its clock is worked out
from) and its marks (an open threat-to-life alert, items listening rules flagged).
The clock column is computed at paint time from the report row and the store's
clock, so ``tick()`` (the view calls it every 30 s) moves it without the store.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from console.channel_health import parse_utc
from console.inbox.marks import Marks
from console.reports.grading import ClockState, ReportState
from console.reports.service import clock_of
from console.timezone import FORCE_ZONE, local_text, now_local
from storage.conversations import ConversationFilter, ConversationRow
from storage.reports import ReportRow
from storage.timeutil import to_iso
from ui.common.lazy_model import TOOLTIP, Index, LazyTableModel
from ui.common.tasks import Tasks
from ui.common.translations import QT_TRANSLATE_NOOP

RED = "#b00020"
AMBER_BACK = "#fde7b0"
AMBER_TEXT = "#7a4800"
QUIET = "#5b6474"
FLAG = "#1d4ed8"

MARKS, TIME, CHANNEL, STATE, ASSIGNEE, AUTHOR, PREVIEW, REFERENCE, CLOCK = range(9)


@dataclass(frozen=True)
class Listed:
    """One conversation as the list shows it."""

    row: ConversationRow
    report: ReportRow | None = None
    marks: Marks | None = None

    @property
    def open_alert(self) -> bool:
        return bool(self.marks and self.marks.open_alerts)


def when(stamp: str, now: datetime | None = None) -> str:
    """UK time: just the time today, with the date before today (today by ``now``,
    the store's clock; the machine's when not given)."""
    moment = parse_utc(stamp)
    if moment is None:
        return stamp
    local = moment.astimezone(FORCE_ZONE)
    today = (now or now_local()).astimezone(FORCE_ZONE).date()
    if local.date() == today:
        return local.strftime("%H:%M:%S")
    if local.year == today.year:
        return local.strftime("%d/%m %H:%M")
    return local.strftime("%d/%m/%Y")


def assignee_text(row: ConversationRow) -> str:
    if row.assignee:
        return row.assignee
    if row.team:
        return QCoreApplication.translate("ConversationTableModel", "Team: {team}").format(
            team=row.team
        )
    return "—"


def marks_text(listed: Listed) -> str:
    marks = listed.marks
    if marks is None:
        return ""
    parts = []
    if marks.open_alerts:
        parts.append("⚠")
    if marks.flagged_items:
        parts.append("⚑")
    return " ".join(parts)


# The roles the clock and the marks are styled by, as the plain ints a view asks with.
_STYLED = frozenset(
    role.value
    for role in (
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.BackgroundRole,
        Qt.ItemDataRole.FontRole,
    )
)


class ConversationTableModel(LazyTableModel[ConversationFilter, Listed]):
    COLUMNS = (
        ("", marks_text),
        (QT_TRANSLATE_NOOP("ConversationTableModel", "Time (UK)"),
         lambda c: when(c.row.latest_utc)),
        (QT_TRANSLATE_NOOP("ConversationTableModel", "Channel"), lambda c: c.row.channel),
        (QT_TRANSLATE_NOOP("ConversationTableModel", "State"), lambda c: c.row.state.label),
        (QT_TRANSLATE_NOOP("ConversationTableModel", "Assignee"),
         lambda c: assignee_text(c.row)),
        (QT_TRANSLATE_NOOP("ConversationTableModel", "Author"),
         lambda c: f"@{c.row.latest_author}" if c.row.latest_author else ""),
        (QT_TRANSLATE_NOOP("ConversationTableModel", "Preview"),
         lambda c: " ".join(c.row.latest_preview.split())),
        (QT_TRANSLATE_NOOP("ConversationTableModel", "Report"),
         lambda c: c.report.reference if c.report else ""),
        # worked out at paint time: see ``cell``
        (QT_TRANSLATE_NOOP("ConversationTableModel", "Clock"), lambda c: ""),
    )  # fmt: skip
    TOOLTIP_COLUMNS = frozenset({CHANNEL, AUTHOR, PREVIEW})

    def __init__(
        self,
        matching: Callable[[ConversationFilter], Coroutine[Any, Any, list[int]]],
        fetch: Callable[[list[int]], Coroutine[Any, Any, dict[int, Listed]]],
        tasks: Tasks,
        now: Callable[[], datetime],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(matching, fetch, tasks, ConversationFilter(), parent)
        self.now = now

    def marks_tip(self, listed: Listed) -> str:
        """What the marks column's symbols mean for this conversation."""
        marks = listed.marks
        if marks is None:
            return ""
        lines = []
        if marks.open_alerts:
            lines.append(
                self.tr(
                    "Threat to life or risk of harm: %n alert(s) not yet acknowledged. "
                    "Read it now.",
                    "",
                    marks.open_alerts,
                )
            )
        elif marks.alerts:
            lines.append(self.tr("%n threat-to-life alert(s), acknowledged.", "", marks.alerts))
        if marks.flagged_items:
            lines.append(
                self.tr("%n item(s) flagged by listening rules: {rules}.", "", marks.flagged_items)
                .format(rules=len(marks.rules))
            )  # fmt: skip
        return "\n".join(lines)

    def clock_text(self, report: ReportRow) -> str:
        clock = clock_of(report, self.now())
        if report.state != ReportState.OPEN.value:
            label = ReportState(report.state).label.lower()
            return f"{label} ({clock.text})"
        return clock.text

    def clock_state(self, report: ReportRow) -> ClockState | None:
        """The colour the clock shows: None once the report left ``open``."""
        if report.state != ReportState.OPEN.value:
            return None
        return clock_of(report, self.now()).state

    def cell(self, record: Listed, column: int) -> str:
        if column == CLOCK:
            return self.clock_text(record.report) if record.report else ""
        if column == TIME:  # "today" is the store's today (the exercise's, in one)
            return when(record.row.latest_utc, self.now())
        return super().cell(record, column)

    def any_report(self, page: int | None = None) -> bool:
        """Whether a loaded row (of ``page``, or of any page) became a report."""
        pages = [self._pages.get(page, {})] if page is not None else self._pages.values()
        return any(record.report is not None for rows in pages for record in rows.values())

    def tick(self) -> None:
        """Repaint the clock column (time passed; nothing in the store changed)."""
        if self.rowCount():
            self.dataChanged.emit(
                self.index(0, CLOCK),
                self.index(self.rowCount() - 1, CLOCK),
                [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.BackgroundRole],
            )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        column = index.column()
        if role in _STYLED and index.isValid():
            record = self.record_at(index.row())
            if record is None:
                return None
            return self._styled(record, column, role)
        if role == TOOLTIP and column in (MARKS, CLOCK) and index.isValid():
            record = self.record_at(index.row())
            if record is None:
                return None
            if column == MARKS:
                return self.marks_tip(record) or None
            if record.report is not None:
                clock = clock_of(record.report, self.now())
                due = local_text(to_iso(clock.due), seconds=False)
                return QCoreApplication.translate(
                    "ConversationTableModel", "{reference}: {grade}, due {due}"
                ).format(reference=record.report.reference, grade=record.report.grade, due=due)
            return None
        return super().data(index, role)

    def _styled(self, record: Listed, column: int, role: int) -> Any:
        if column == CLOCK and record.report is not None:
            state = self.clock_state(record.report)
            if role == Qt.ItemDataRole.BackgroundRole:
                if state is ClockState.RED:
                    return QBrush(QColor(RED))
                if state is ClockState.AMBER:
                    return QBrush(QColor(AMBER_BACK))
                return None
            if role == Qt.ItemDataRole.ForegroundRole:
                if state is ClockState.RED:
                    return QBrush(QColor("white"))
                if state is ClockState.AMBER:
                    return QBrush(QColor(AMBER_TEXT))
                return QBrush(QColor(QUIET)) if state is None else None
            if role == Qt.ItemDataRole.FontRole and state in (ClockState.RED, ClockState.AMBER):
                font = QFont()
                font.setBold(True)
                return font
            return None
        if column == MARKS and record.marks is not None:
            if role == Qt.ItemDataRole.BackgroundRole and record.open_alert:
                return QBrush(QColor(RED))
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(QColor("white" if record.open_alert else FLAG))
            if role == Qt.ItemDataRole.FontRole and record.open_alert:
                font = QFont()
                font.setBold(True)
                return font
            return None
        if column == STATE and role == Qt.ItemDataRole.FontRole and record.row.state.value == "new":
            font = QFont()
            font.setBold(True)
            return font
        return None

    def clock_colour(self, row: int) -> str:
        """The clock cell's colour as a word (``ok``, ``amber``, ``red``, ``stopped``,
        or ``""`` with no report): what tests and the screen reader check."""
        record = self.record_at(row)
        if record is None or record.report is None:
            return ""
        state = self.clock_state(record.report)
        return "stopped" if state is None else state.value
