"""The calendar: a week or a month of scheduled targets, per channel or all.

Dragging a post in the week view reschedules it (through the core, audited, the
DST gap refused and the overlap asked); today is shaded and the time now is a red
line; each day shows its count. Double-clicking a day in the month opens its week.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from console import queue as queue_service
from console.permissions import Action, may
from console.session import Session
from console.timezone import (
    FORCE_ZONE,
    local_to_utc_iso,
    long_day_text,
    month_text,
    now_local,
    short_day_text,
)
from storage.queue import QueueFilter
from storage.records import TargetStatus
from storage.timeutil import from_iso, to_iso
from ui.common.tasks import Tasks
from ui.common.time_entry import utc_or_said
from widgets.calendar_grids import HOUR_HEIGHT, Entry, MonthGrid, WeekGrid, WeekHeader

MOVABLE = {TargetStatus.QUEUED, TargetStatus.DRAFT, TargetStatus.MISSED, TargetStatus.FAILED}


class CalendarView(QWidget):
    def __init__(self, session: Session, tasks: Tasks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._tasks = tasks
        today = self._now().date()
        self.monday = today - timedelta(days=today.weekday())
        self.month = today.replace(day=1)

        heading = QLabel(self.tr("Calendar"), self)
        heading.setObjectName("areaHeading")
        self.week_button = QPushButton(self.tr("&Week"), self)
        self.month_button = QPushButton(self.tr("&Month"), self)
        for button in (self.week_button, self.month_button):
            button.setCheckable(True)
        self.week_button.setChecked(True)
        modes = QButtonGroup(self)
        modes.addButton(self.week_button)
        modes.addButton(self.month_button)
        self.previous_button = QPushButton("‹", self)
        self.next_button = QPushButton("›", self)
        self.today_button = QPushButton(self.tr("&Today"), self)
        self.channel_filter = QComboBox(self)
        self.channel_filter.addItem(self.tr("Every channel"), 0)
        self.title = QLabel(self)
        self.title.setObjectName("areaPurpose")
        self.result = QLabel(self)
        self.result.setWordWrap(True)
        bar = QHBoxLayout()
        for widget in (self.week_button, self.month_button, self.previous_button,
                       self.today_button, self.next_button, self.channel_filter):  # fmt: skip
            bar.addWidget(widget)
        bar.addSpacing(12)
        bar.addWidget(self.title, 1)

        self.week = WeekGrid(self)
        self.week_scroll = QScrollArea(self)
        self.week_scroll.setWidgetResizable(True)
        self.week_scroll.setWidget(self.week)
        self.week_header = WeekHeader(self.week, self)
        week_page = QWidget(self)
        week_column = QVBoxLayout(week_page)
        week_column.setContentsMargins(0, 0, 0, 0)
        week_column.setSpacing(0)
        week_column.addWidget(self.week_header)
        week_column.addWidget(self.week_scroll, 1)
        self.month_grid = MonthGrid(self)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(week_page)
        self.pages.addWidget(self.month_grid)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 12)
        layout.addWidget(heading)
        layout.addLayout(bar)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.result)

        self.week_button.clicked.connect(lambda: self._set_mode(week=True))
        self.month_button.clicked.connect(lambda: self._set_mode(week=False))
        self.previous_button.clicked.connect(lambda: self._step(-1))
        self.next_button.clicked.connect(lambda: self._step(1))
        self.today_button.clicked.connect(self._today)
        self.channel_filter.currentIndexChanged.connect(lambda _i: self._reload())
        self.week.moveRequested.connect(self.move_targets)
        self.month_grid.dayActivated.connect(self._open_week)
        self._tick = QTimer(self)
        self._tick.timeout.connect(self._reload)
        self._tick.start(60_000)  # the red line moves with the time
        self._scrolled = False

    def adopt(self, session: Session) -> None:
        self.session = session

    def _now(self) -> datetime:
        """UK time now by the store's clock (an exercise's own time in an exercise)."""
        return now_local(clock=self.session.store.clock).replace(tzinfo=None)

    def clear(self) -> None:
        now = self._now()
        self.week.show_week(self.monday, [], now)
        self.month_grid.show_month(self.month, [], now.date())
        self.result.clear()

    # -- navigation ---------------------------------------------------------------------

    def _set_mode(self, *, week: bool) -> None:
        self.pages.setCurrentIndex(0 if week else 1)
        self._reload()

    def _step(self, direction: int) -> None:
        if self.pages.currentIndex() == 0:
            self.monday += timedelta(days=7 * direction)
        else:
            moved = self.month + timedelta(days=32 * direction if direction > 0 else -1)
            self.month = moved.replace(day=1)
        self._reload()

    def _today(self) -> None:
        today = self._now().date()
        self.monday = today - timedelta(days=today.weekday())
        self.month = today.replace(day=1)
        self._reload()

    def _open_week(self, day: date) -> None:
        self.monday = day - timedelta(days=day.weekday())
        self.week_button.setChecked(True)
        self._set_mode(week=True)

    def _reload(self) -> None:
        if self.isVisible() or not self._scrolled:
            self._tasks.spawn(self.refresh())

    # -- loading -------------------------------------------------------------------------

    async def refresh(self) -> None:
        if self.channel_filter.count() == 1:
            for channel in await queue_service.channels(self.session.store):
                self.channel_filter.addItem(channel.name, channel.id)
        now = self._now()
        if self.pages.currentIndex() == 0:
            start = datetime.combine(self.monday, datetime.min.time())
            end = start + timedelta(days=7)
            self.title.setText(self.tr("Week of {day}").format(day=long_day_text(self.monday)))
        else:
            start = datetime.combine(self.month_grid_start(), datetime.min.time())
            end = start + timedelta(days=42)
            self.title.setText(month_text(self.month))
        entries = await self.entries_between(start, end)
        if self.pages.currentIndex() == 0:
            self.week.show_week(self.monday, entries, now)
            self.week_header.update()
            if not self._scrolled:
                self.week_scroll.verticalScrollBar().setValue(7 * HOUR_HEIGHT)  # the working day
                self._scrolled = True
        else:
            self.month_grid.show_month(self.month, entries, now.date())

    def month_grid_start(self) -> date:
        return self.month - timedelta(days=self.month.weekday())

    async def entries_between(self, start: datetime, end: datetime) -> list[Entry]:
        flt = QueueFilter(
            channel_id=int(self.channel_filter.currentData() or 0),
            since_utc=local_to_utc_iso(start),
            until_utc=local_to_utc_iso(end),
        )
        ids = await queue_service.matching(self.session.store, flt)
        rows = await queue_service.fetch(self.session.store, ids)
        movable = may(self.session.user, Action.SCHEDULE)
        entries = []
        for target_id in ids:
            row = rows[target_id]
            if row.scheduled_utc is None or row.status is TargetStatus.CANCELLED:
                continue
            when = from_iso(row.scheduled_utc).astimezone(FORCE_ZONE).replace(tzinfo=None)
            entries.append(
                Entry(
                    target_id=target_id,
                    when=when,
                    title=" ".join(row.text.split()),
                    channel=row.channel,
                    status=row.status.value,
                    movable=movable and row.status in MOVABLE,
                )
            )
        return entries

    # -- moving ---------------------------------------------------------------------------

    def move_targets(self, target_ids: list[int], when: datetime) -> None:
        """Reschedule dragged targets to ``when`` (UK wall-clock time)."""

        async def reschedule() -> None:
            moment = await utc_or_said(self, when, self.result.setText)
            if moment is None:
                return
            moved = await queue_service.reschedule_targets(
                self.session, target_ids, to_iso(moment), reason=queue_service.MOVED_ON_CALENDAR
            )
            self.result.setText(
                self.tr("Moved to {when}.").format(when=short_day_text(when, hours=True))
                if moved
                else self.tr("That post can no longer be moved.")
            )
            await self.refresh()

        self._tasks.spawn(reschedule(), error=self.result.setText)
