"""The Dashboard area: items per hour per channel, response times against the
clocks, reports by category and conversations by state, over a chosen span, each
drawn with the painted charts of ``widgets/charts.py`` and exportable as CSV.

The figures come from ``console.inbox.dashboard`` (counts only, no personal
data). The time axis is UK time: every tick is placed and labelled here, from the
force's zone, so the machine's own zone never shows.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from console.inbox import dashboard
from console.inbox.dashboard import Dashboard, Table
from console.permissions import Action, may
from console.reports.grading import Category, Grade
from console.session import Session
from console.timezone import FORCE_ZONE, day_abbr, duration_text, now_local, short_day_text
from storage.i18n import _
from ui.common.prompts import PROMPTS
from ui.common.tasks import Tasks
from widgets.charts import BarChart, Chart, LineChart, Series

# Channel lines: distinct, readable on white, not the state colours.
PALETTE = ("#1d4ed8", "#c2410c", "#0f766e", "#7c3aed", "#a16207", "#be185d", "#334155",
           "#15803d")  # fmt: skip
MET, MISSED, RUNNING = "#1f6f43", "#b00020", "#1d4ed8"
BARS = "#3b4660"

REFRESH_MS = 2000  # at most one reload per two seconds while commits stream in
CLOCK_MS = 60_000  # the clocks run on: read them again every minute


def _hour_ticks(hours: tuple[datetime, ...]) -> list[tuple[int, str]]:
    """(index, UK label) of the hours that get a tick: every 3 hours over a day, every
    6 over two, each UK midnight over a week, every third over a month."""
    n = len(hours)
    local = [h.astimezone(FORCE_ZONE) for h in hours]
    if n <= 30:
        return [(i, t.strftime("%H:%M")) for i, t in enumerate(local) if t.hour % 3 == 0]
    if n <= 60:
        return [(i, f"{day_abbr(t)} {t:%H:%M}") for i, t in enumerate(local) if t.hour % 6 == 0]
    midnights = [(i, t) for i, t in enumerate(local) if t.hour == 0]
    step = 1 if n <= 24 * 8 else 3
    return [(i, short_day_text(t)) for k, (i, t) in enumerate(midnights) if k % step == 0]


class ChartBox(QFrame):
    """A heading, a chart, a caption and the Export CSV… button for one table."""

    def __init__(self, title: str, table: Table, chart: Chart, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("dashboardBox")
        self.table = table
        heading = QLabel(title, self)
        heading.setObjectName("subHeading")
        heading.setWordWrap(True)  # a longer title (Welsh) takes two lines, not more width
        self.export_button = QPushButton(self.tr("Export CSV…"), self)
        self.export_button.setToolTip(self.tr("Save this table as a CSV file"))
        top = QHBoxLayout()
        top.addWidget(heading, 1)
        top.addWidget(self.export_button)
        self.chart = chart
        chart.setParent(self)
        chart.setAccessibleName(title)
        self.caption = QLabel(self)
        self.caption.setObjectName("fieldHint")
        self.caption.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addLayout(top)
        layout.addWidget(chart, 1)
        layout.addWidget(self.caption)


class DashboardView(QWidget):
    """The Dashboard area. It reads the figures when shown, when the span changes,
    after commits (throttled) and every minute while shown (the clocks run)."""

    locked = False  # cleared for the lock: a read finishing after it shows nothing

    def __init__(self, session: Session, tasks: Tasks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._tasks = tasks
        self.board: Dashboard | None = None
        heading = QLabel(self.tr("Dashboard"), self)
        heading.setObjectName("areaHeading")
        self.span = QComboBox(self)
        for label, hours in dashboard.SPANS:
            self.span.addItem(_(label), hours)
        self.span.setToolTip(self.tr("Items and reports made in this span; UK time"))
        self.refresh_button = QPushButton(self.tr("&Refresh"), self)
        self.summary = QLabel(self)
        self.summary.setObjectName("areaPurpose")
        self.summary.setWordWrap(True)
        self.result = QLabel(self)
        self.result.setWordWrap(True)
        # Shown only with something to say: its line is the charts' room on a small screen.
        self.result.hide()
        bar = QHBoxLayout()
        bar.addWidget(heading)
        bar.addSpacing(16)
        span_label = QLabel(self.tr("&Span"), self)
        span_label.setBuddy(self.span)
        bar.addWidget(span_label)
        bar.addWidget(self.span)
        bar.addWidget(self.refresh_button)
        bar.addSpacing(12)
        bar.addWidget(self.summary, 1)

        self.items_chart = LineChart()
        self.responses_chart = BarChart(stacked=True)
        self.categories_chart = BarChart(horizontal=True, bar_width=0.7, legend=False)
        self.states_chart = BarChart(values_shown=True, bar_width=0.5, legend=False)
        self.items_box = ChartBox(
            self.tr("Items per hour, by channel"), Table.ITEMS_PER_HOUR, self.items_chart, self
        )
        self.responses_box = ChartBox(
            self.tr("Response times"), Table.RESPONSE_TIMES, self.responses_chart, self
        )
        self.categories_box = ChartBox(
            self.tr("Reports by category"), Table.REPORTS_BY_CATEGORY, self.categories_chart, self
        )
        self.states_box = ChartBox(
            self.tr("Conversations by state"), Table.CONVERSATIONS_BY_STATE, self.states_chart, self
        )
        self.responses_chart.setToolTip(
            self.tr("Met: answered in time. Missed: answered late, or open and overdue. "
                    "Running: open, time left. RWD: resolution without deployment.")
        )  # fmt: skip
        self.boxes = (self.items_box, self.responses_box, self.categories_box, self.states_box)
        grid = QGridLayout()
        grid.setSpacing(10)
        grid.addWidget(self.items_box, 0, 0, 1, 3)
        grid.addWidget(self.responses_box, 1, 0)
        grid.addWidget(self.categories_box, 1, 1)
        grid.addWidget(self.states_box, 1, 2)
        grid.setRowStretch(0, 1)
        grid.setRowStretch(1, 1)
        # The categories' names need room; the grades and states their labels whole.
        for column, stretch in enumerate((4, 5, 4)):
            grid.setColumnStretch(column, stretch)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 12)
        layout.addLayout(bar)
        layout.addLayout(grid, 1)
        layout.addWidget(self.result)

        for box in self.boxes:
            box.export_button.clicked.connect(lambda _c=False, t=box.table: self.export(t))
        self.span.currentIndexChanged.connect(lambda _i: self._tasks.spawn(self.refresh()))
        self.refresh_button.clicked.connect(lambda: self._tasks.spawn(self.refresh()))
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_MS)
        self._refresh_timer.timeout.connect(self._timed_refresh)
        self._clock_timer = QTimer(self)
        self._clock_timer.setInterval(CLOCK_MS)
        self._clock_timer.timeout.connect(self._timed_refresh)
        self._clock_timer.start()
        session.store.add_commit_listener(self._store_changed)
        self.adopt(session)

    # -- lifecycle -----------------------------------------------------------------------

    def adopt(self, session: Session) -> None:
        self.session = session
        self.locked = False
        allowed = may(session.user, Action.READ_INBOX)
        for widget in (self.span, self.refresh_button):
            widget.setEnabled(allowed)
        if not allowed:
            self.summary.setText(
                self.tr("The dashboard needs the Duty officer, Approver or Observer role.")
            )

    def detach(self) -> None:
        self.session.store.remove_commit_listener(self._store_changed)
        self._refresh_timer.stop()
        self._clock_timer.stop()

    def clear(self) -> None:
        """Locked: show nothing of the store."""
        self.locked = True
        self.board = None
        for box in self.boxes:
            box.chart.clear()
            box.caption.clear()
            box.export_button.setEnabled(False)
        self.summary.clear()
        self._say("")

    def _store_changed(self) -> None:
        # Throttled, not debounced: a steady stream of commits still reloads.
        if not self._refresh_timer.isActive():
            self._refresh_timer.start()

    def _timed_refresh(self) -> None:
        if self.isVisible() and not self.locked and may(self.session.user, Action.READ_INBOX):
            self._tasks.spawn(self.refresh())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._timed_refresh()

    # -- the figures ---------------------------------------------------------------------

    async def refresh(self) -> None:
        session = self.session
        if self.locked or not may(session.user, Action.READ_INBOX):
            return
        hours = int(self.span.currentData())
        start, end = dashboard.span_ending(self.session.store.clock(), hours)
        board = await dashboard.dashboard(session, start, end)
        if self.locked or session is not self.session:
            return  # locked (or another officer) while it was read: show nothing
        self.show_board(board)

    def show_board(self, board: Dashboard) -> None:
        self.board = board
        for box in self.boxes:
            box.export_button.setEnabled(True)
        responses = sum(r.total for r in board.responses)
        at = board.now_utc.astimezone(FORCE_ZONE).strftime("%H:%M %Z")
        self.summary.setText(
            " · ".join(
                (
                    self.tr("%n item(s)", "", board.items),
                    self.tr("%n report(s)", "", board.reports),
                    self.tr("clocks read {at} (UK time)").format(at=at),
                )
            )
        )
        self._draw_items(board)
        self._draw_responses(board, responses)
        self._draw_categories(board)
        self._draw_states(board)

    def _draw_items(self, board: Dashboard) -> None:
        box = self.items_box
        self.items_chart.show_lines(
            [Series(one.name, PALETTE[n % len(PALETTE)], tuple(float(c) for c in one.counts))
             for n, one in enumerate(board.channels)],
            count=len(board.hours),
            ticks=_hour_ticks(board.hours),
            point_labels=[short_day_text(h.astimezone(FORCE_ZONE), hours=True)
                          for h in board.hours],
            x_title=self.tr("Hour (UK time)"),
            # Over a day or two, a dot per hour shows where lines lie on each other.
            points_shown=len(board.hours) <= 48,
        )  # fmt: skip
        box.caption.setText(
            self.tr("Nothing arrived in this span.")
            if not board.channels
            else self.tr("By the time each item was written on its network.")
        )

    def _draw_responses(self, board: Dashboard, total: int) -> None:
        box = self.responses_box
        self.responses_chart.show_bars(
            [_short_grade(r.grade) for r in board.responses],
            [Series(self.tr("Met"), MET, tuple(float(r.met) for r in board.responses)),
             Series(self.tr("Missed"), MISSED, tuple(float(r.missed) for r in board.responses)),
             Series(self.tr("Running"), RUNNING,
                    tuple(float(r.running) for r in board.responses))],
        )  # fmt: skip
        medians = [
            self.tr("{grade} {median}").format(
                grade=_short_grade(r.grade), median=_minutes(r.median_minutes)
            )
            for r in board.responses
            if r.median_minutes is not None
        ]
        box.caption.setText(
            self.tr("No report was made in this span.")
            if not total
            else self.tr("Against each grade's clock. Median time to respond: {medians}.").format(
                medians=" · ".join(medians)
            )
            if medians
            else self.tr("Against each grade's clock. None has been answered yet.")
        )

    def _draw_categories(self, board: Dashboard) -> None:
        box = self.categories_box
        self.categories_chart.show_bars(  # the first category at the top
            [_category_label(c) for c, _n in board.categories],
            [Series(self.tr("Reports"), BARS, tuple(float(n) for _c, n in board.categories))],
        )
        box.caption.setText(self.tr("%n report(s) made in this span.", "", board.reports))

    def _draw_states(self, board: Dashboard) -> None:
        box = self.states_box
        self.states_chart.show_bars(
            [state.label for state, _n in board.states],
            [Series(self.tr("Conversations"), BARS, tuple(float(n) for _s, n in board.states))],
        )
        box.caption.setText(
            self.tr("Conversations with items in this span, in the state they are in now.")
        )

    # -- export --------------------------------------------------------------------------

    def export(self, which: Table) -> None:
        board = self.board
        if board is None:
            return
        stamp = now_local().strftime("%Y%m%d-%H%M")

        async def export() -> None:
            path = await PROMPTS.save_path(
                self,
                self.tr("Export {table} as CSV").format(table=which.label.lower()),
                Path.home() / f"cordon-{which.value.replace('_', '-')}-{stamp}.csv",
                self.tr("CSV (*.csv)"),
            )
            if path is not None:
                await self._write(board, which, path)

        self._tasks.spawn(export(), error=self._say)

    async def _write(self, board: Dashboard, which: Table, path: Path) -> None:
        kind = self.session.store.kind
        written = await asyncio.to_thread(dashboard.export_csv, board, which, kind, path)
        self._say(self.tr("Saved {table} to {file}.").format(table=which.label, file=written))

    def _say(self, sentence: str) -> None:
        self.result.setText(sentence)
        self.result.setVisible(bool(sentence))


def _short_grade(value: str) -> str:
    """A grade's name on the chart, in the officer's language (``RWD`` for the longest)."""
    if value == Grade.RESOLUTION_WITHOUT_DEPLOYMENT.value:
        return QCoreApplication.translate("DashboardView", "RWD")
    try:
        return Grade(value).label
    except ValueError:
        return value


def _minutes(value: float) -> str:
    if value < 1:
        return QCoreApplication.translate("DashboardView", "under a minute")
    return duration_text(round(value) * 60)


def _category_label(value: str) -> str:
    """A category's name on the chart (the CSV export keeps the full one)."""
    if value == Category.INTELLIGENCE.value:
        return QCoreApplication.translate("DashboardView", "Intelligence")
    try:
        return Category(value).label
    except ValueError:
        return value
