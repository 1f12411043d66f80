"""The calendar's two grids: a week of days by hours, and a month of days.

They only show what they are given (``Entry`` values in UK time) and say what
the officer did with signals; they call no service.

WeekGrid signals: ``moveRequested(list, object)``: entries (their target ids)
were dragged to a new UK wall-clock time (a naive ``datetime``, on a 15-minute
step). ``entryActivated(int)``: a target was double-clicked.
MonthGrid signals: ``dayActivated(object)``: a day (a ``date``) was chosen.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from PySide6.QtCore import QCoreApplication, QPoint, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from widgets.status_pill import COLOURS

HOUR_HEIGHT = 48
HEADER = 8  # a little air above 00:00; the day names live in WeekHeader
GUTTER = 52
STEP_MINUTES = 15


def day_names() -> tuple[str, ...]:
    """The days' short names, Monday first, in the officer's language."""
    return (
        QCoreApplication.translate("CalendarGrids", "Mon"),
        QCoreApplication.translate("CalendarGrids", "Tue"),
        QCoreApplication.translate("CalendarGrids", "Wed"),
        QCoreApplication.translate("CalendarGrids", "Thu"),
        QCoreApplication.translate("CalendarGrids", "Fri"),
        QCoreApplication.translate("CalendarGrids", "Sat"),
        QCoreApplication.translate("CalendarGrids", "Sun"),
    )


def month_names() -> tuple[str, ...]:
    """The months' short names, January first, in the officer's language."""
    return (
        QCoreApplication.translate("CalendarGrids", "Jan"),
        QCoreApplication.translate("CalendarGrids", "Feb"),
        QCoreApplication.translate("CalendarGrids", "Mar"),
        QCoreApplication.translate("CalendarGrids", "Apr"),
        QCoreApplication.translate("CalendarGrids", "May"),
        QCoreApplication.translate("CalendarGrids", "Jun"),
        QCoreApplication.translate("CalendarGrids", "Jul"),
        QCoreApplication.translate("CalendarGrids", "Aug"),
        QCoreApplication.translate("CalendarGrids", "Sep"),
        QCoreApplication.translate("CalendarGrids", "Oct"),
        QCoreApplication.translate("CalendarGrids", "Nov"),
        QCoreApplication.translate("CalendarGrids", "Dec"),
    )


@dataclass(frozen=True)
class Entry:
    target_id: int
    when: datetime  # UK wall-clock time, naive
    title: str
    channel: str
    status: str
    movable: bool


class WeekGrid(QWidget):
    moveRequested = Signal(list, object)
    entryActivated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(QSize(7 * 90 + GUTTER, HEADER + 24 * HOUR_HEIGHT))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMouseTracking(True)
        self.monday = date.today() - timedelta(days=date.today().weekday())
        self.entries: list[Entry] = []
        self.now: datetime | None = None
        self._boxes: list[tuple[QRectF, Entry]] = []
        self._dragging: Entry | None = None
        self._drop: datetime | None = None

    def show_week(self, monday: date, entries: list[Entry], now: datetime) -> None:
        self.monday = monday
        self.entries = entries
        self.now = now
        self._layout()
        self.update()

    def counts_per_day(self) -> list[int]:
        counts = [0] * 7
        for entry in self.entries:
            day = (entry.when.date() - self.monday).days
            if 0 <= day < 7:
                counts[day] += 1
        return counts

    # -- geometry -----------------------------------------------------------------

    def _column_width(self) -> float:
        return (self.width() - GUTTER) / 7

    def _y(self, moment: datetime) -> float:
        return HEADER + (moment.hour + moment.minute / 60) * HOUR_HEIGHT

    def _layout(self) -> None:
        slots: dict[tuple[int, int], list[Entry]] = defaultdict(list)
        for entry in self.entries:
            day = (entry.when.date() - self.monday).days
            if 0 <= day < 7:
                slot = (entry.when.hour * 60 + entry.when.minute) // STEP_MINUTES
                slots[(day, slot)].append(entry)
        width = self._column_width()
        self._boxes = []
        for (day, _slot), group in slots.items():
            share = (width - 6) / len(group)
            for index, entry in enumerate(group):
                x = GUTTER + day * width + 3 + index * share
                self._boxes.append(
                    (QRectF(x, self._y(entry.when), share - 2, HOUR_HEIGHT / 2 - 2), entry)
                )

    def point_to_time(self, point: QPoint) -> datetime | None:
        if point.x() < GUTTER or point.y() < HEADER:
            return None
        day = int((point.x() - GUTTER) // self._column_width())
        minutes = int((point.y() - HEADER) / HOUR_HEIGHT * 60)
        minutes = max(0, min(minutes - minutes % STEP_MINUTES, 24 * 60 - STEP_MINUTES))
        if not 0 <= day < 7:
            return None
        return datetime.combine(self.monday + timedelta(days=day), datetime.min.time()) + timedelta(
            minutes=minutes
        )

    def entry_at(self, point: QPoint) -> Entry | None:
        for box, entry in self._boxes:
            if box.contains(point.toPointF()):
                return entry
        return None

    # -- painting -----------------------------------------------------------------------

    def resizeEvent(self, event: object) -> None:
        self._layout()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        width = self._column_width()
        grid = QPen(QColor("#e3e6eb"))
        today = self.now.date() if self.now else None
        for day in range(7):
            x = int(GUTTER + day * width)
            current = self.monday + timedelta(days=day)
            if current == today:
                painter.fillRect(QRect(x, 0, int(width), self.height()), QColor("#f3f7ff"))
            painter.setPen(grid)
            painter.drawLine(x, 0, x, self.height())
        for hour in range(25):
            y = HEADER + hour * HOUR_HEIGHT
            painter.setPen(grid)
            painter.drawLine(GUTTER, y, self.width(), y)
            if hour < 24:
                painter.setPen(QColor("#5b6474"))
                painter.drawText(QRect(0, y - 2, GUTTER - 6, 16),
                                 int(Qt.AlignmentFlag.AlignRight), f"{hour:02d}:00")  # fmt: skip
        for box, entry in self._boxes:
            colour = QColor(COLOURS.get(entry.status, "#5b6474"))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawRoundedRect(box, 4, 4)
            painter.setPen(QColor("white"))
            text = f"{entry.when:%H:%M} {entry.channel}: {entry.title}"
            painter.drawText(box.adjusted(4, 0, -2, 0),
                             int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                             painter.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight,
                                                              int(box.width()) - 6))  # fmt: skip
        if self.now is not None and today is not None:
            day = (today - self.monday).days
            if 0 <= day < 7:
                line_y = self._y(self.now)
                line_x = GUTTER + day * width
                painter.setPen(QPen(QColor("#b00020"), 2))
                painter.drawLine(int(line_x), int(line_y), int(line_x + width), int(line_y))
        if self._dragging is not None and self._drop is not None:
            drop_y = self._y(self._drop)
            drop_day = (self._drop.date() - self.monday).days
            painter.setPen(QPen(QColor("#1d4ed8"), 2, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(
                QRectF(GUTTER + drop_day * width + 2, drop_y, width - 4, HOUR_HEIGHT / 2 - 2)
            )
        painter.end()

    # -- dragging to reschedule ----------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        entry = self.entry_at(event.position().toPoint())
        if entry is not None and entry.movable and event.button() == Qt.MouseButton.LeftButton:
            self._dragging = entry
            self._drop = entry.when

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._dragging is None:
            entry = self.entry_at(event.position().toPoint())
            self.setToolTip(f"{entry.channel}: {entry.title}" if entry else "")
            return
        self._drop = self.point_to_time(event.position().toPoint())
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        entry, drop = self._dragging, self._drop
        self._dragging, self._drop = None, None
        self.update()
        if entry is not None and drop is not None and drop != entry.when:
            self.moveRequested.emit([entry.target_id], drop)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        entry = self.entry_at(event.position().toPoint())
        if entry is not None:
            self.entryActivated.emit(entry.target_id)


class WeekHeader(QWidget):
    """The day names and each day's count, above the scrolling week."""

    def __init__(self, grid: WeekGrid, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid = grid
        self.setFixedHeight(32)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#e9ecf1"))
        width = (self.grid.width() - GUTTER) / 7
        counts = self.grid.counts_per_day()
        today = self.grid.now.date() if self.grid.now else None
        for day in range(7):
            current = self.grid.monday + timedelta(days=day)
            box = QRect(int(GUTTER + day * width), 0, int(width), self.height())
            font = painter.font()
            font.setBold(current == today)
            painter.setFont(font)
            painter.setPen(QColor("#1e2330"))
            day_name, month = day_names()[current.weekday()], month_names()[current.month - 1]
            words = f"{day_name} {current:%d} {month}"
            label = words + (f"  ·  {counts[day]}" if counts[day] else "")
            painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), label)
        painter.end()


def more_text(hidden: int) -> str:
    """What a month's day says of the entries it has no room for, in the officer's
    language."""
    return QCoreApplication.translate("CalendarGrids", "+{n} more").format(n=hidden)


class MonthGrid(QWidget):
    dayActivated = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Six rows of 60 px at least: the month fits a 1280x800 screen under every alarm.
        self.setMinimumSize(QSize(7 * 100, 6 * 60 + 24))
        self.first = date.today().replace(day=1)
        self.entries: list[Entry] = []
        self.today = date.today()

    def show_month(self, first: date, entries: list[Entry], today: date) -> None:
        self.first, self.entries, self.today = first, entries, today
        self.update()

    def grid_start(self) -> date:
        return self.first - timedelta(days=self.first.weekday())

    def _cell(self, index: int) -> QRect:
        width, height = self.width() / 7, (self.height() - 24) / 6
        return QRect(int(index % 7 * width), int(24 + index // 7 * height), int(width), int(height))

    def by_day(self) -> dict[date, list[Entry]]:
        days: dict[date, list[Entry]] = defaultdict(list)
        for entry in sorted(self.entries, key=lambda e: e.when):
            days[entry.when.date()].append(entry)
        return days

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("white"))
        width = self.width() / 7
        for index, name in enumerate(day_names()):
            painter.drawText(QRect(int(index * width), 0, int(width), 24),
                             int(Qt.AlignmentFlag.AlignCenter), name)  # fmt: skip
        days = self.by_day()
        start = self.grid_start()
        for index in range(42):
            day = start + timedelta(days=index)
            cell = self._cell(index)
            if day == self.today:
                painter.fillRect(cell, QColor("#f3f7ff"))
            painter.setPen(QColor("#e3e6eb"))
            painter.drawRect(cell)
            painter.setPen(QColor("#1e2330" if day.month == self.first.month else "#9aa3b2"))
            found = days.get(day, [])
            head = f"{day.day}" + (f"  ·  {len(found)}" if found else "")
            painter.drawText(cell.adjusted(6, 4, -4, 0), int(Qt.AlignmentFlag.AlignLeft), head)
            for line, entry in enumerate(found[:3]):
                painter.setPen(QColor(COLOURS.get(entry.status, "#5b6474")))
                text = f"{entry.when:%H:%M} {entry.title}"
                rect = cell.adjusted(6, 22 + line * 16, -4, 0)
                painter.drawText(rect, int(Qt.AlignmentFlag.AlignLeft),
                                 painter.fontMetrics().elidedText(
                                     text, Qt.TextElideMode.ElideRight, rect.width()))  # fmt: skip
            if len(found) > 3:
                painter.setPen(QColor("#5b6474"))
                more = more_text(len(found) - 3)
                painter.drawText(
                    cell.adjusted(6, 22 + 3 * 16, -4, 0), int(Qt.AlignmentFlag.AlignLeft), more
                )
        painter.end()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        for index in range(42):
            if self._cell(index).contains(event.position().toPoint()):
                self.dayActivated.emit(self.grid_start() + timedelta(days=index))
                return
