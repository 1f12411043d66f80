"""Small charts painted with QPainter: bars (side by side, stacked, or lying down) and
lines over an axis of labelled ticks, for the Dashboard.

They show what they are given and call no service. Every label is measured before it
is drawn and the widget asks the layout for the room its labels need
(``minimumSizeHint``), so none is cut or left out: a category's name wraps at its
spaces, never to "…". What each chart shows is also readable as data (``series``,
``categories``, ``ticks``, ``value_ticks``), as text for a screen reader
(``accessibleDescription``) and, under the pointer, as a tooltip of the bar or
hour; ``labels`` holds where the last paint put each label, for tests.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

TEXT = QColor("#1e2330")
AXIS = QColor("#9aa1ad")
GRID = QColor("#e3e6eb")
BACKGROUND = QColor("#ffffff")
PAD = 6.0  # between the widget's edge and anything drawn
SWATCH = 10.0  # a legend entry's square
LEGEND_GAP = 16.0  # between two legend entries
MIN_PLOT = 48.0  # the least width a lying bar chart's bars get
WRAP = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap


@dataclass(frozen=True)
class Series:
    """One named run of values in one colour ("#rrggbb"): a line, or a set of bars
    with one value per category."""

    name: str
    colour: str
    values: tuple[float, ...]


def count_ticks(top: float) -> tuple[int, ...]:
    """Five whole-number ticks from 0 to a ceiling at or above ``top``: a multiple of
    four, and at least 4, so every tick is a whole count."""
    whole = max(0, math.ceil(top))
    ceiling = max(4, whole + (-whole % 4))
    return tuple(ceiling * k // 4 for k in range(5))


def number(value: float) -> str:
    """A count as people write it: 3, not 3.0."""
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


class Chart(QWidget):
    """What the bar and the line chart share: the font, the count axis, the legend,
    the labels drawn, the tooltip and the description read aloud."""

    def __init__(self, *, legend: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.series: tuple[Series, ...] = ()
        self.legend_visible = legend
        self.labels: list[tuple[QRectF, str]] = []  # where the last paint put each label
        self.shown = False  # False: cleared (locked), nothing is drawn
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        # Tab reaches it, so a screen reader says its name and what it shows.
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)

    # -- what it shows ------------------------------------------------------------------

    @property
    def value_ticks(self) -> tuple[int, ...]:
        return count_ticks(self._top())

    def clear(self) -> None:
        """Show nothing (the console locked)."""
        self.series = ()
        self.shown = False
        self.setAccessibleDescription("")
        self._changed()

    def _changed(self) -> None:
        self.updateGeometry()
        self.update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.updateGeometry()  # the legend (and a bar's name) may wrap to more or fewer lines

    def _top(self) -> float:
        return max((v for s in self.series for v in s.values), default=0)

    def tip_at(self, point: QPointF) -> str:
        """The tooltip for the pointer at ``point``: what lies under it, or ""."""
        return ""

    # -- measuring ----------------------------------------------------------------------

    def small(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
        return font

    def metrics(self) -> QFontMetricsF:
        return QFontMetricsF(self.small())

    def line_height(self) -> float:
        return math.ceil(self.metrics().height())

    def least_plot(self) -> float:
        """The least height of a plot under a count axis: its five labels apart."""
        return 4 * (self.line_height() + 2)

    def count_gutter(self) -> float:
        """The width of the count axis's labels, beside the plot."""
        metrics = self.metrics()
        return max(metrics.horizontalAdvance(str(t)) for t in self.value_ticks) + 6

    def legend_rows(self, width: float) -> list[list[Series]]:
        if not self.legend_visible or not self.series:
            return []
        metrics = self.metrics()
        rows: list[list[Series]] = [[]]
        used = 0.0
        for series in self.series:
            wide = SWATCH + 4 + metrics.horizontalAdvance(series.name)
            if rows[-1] and used + LEGEND_GAP + wide > width:
                rows.append([])
                used = 0.0
            used += (LEGEND_GAP if rows[-1] else 0) + wide
            rows[-1].append(series)
        return rows

    def legend_height(self, width: float) -> float:
        rows = len(self.legend_rows(width))
        return rows * self.line_height() + (4 if rows else 0)

    def legend_width(self) -> float:
        """The widest single entry: the legend wraps between entries, never inside one."""
        if not self.legend_visible:
            return 0
        metrics = self.metrics()
        return max((SWATCH + 4 + metrics.horizontalAdvance(s.name) for s in self.series),
                   default=0)  # fmt: skip

    # -- painting -----------------------------------------------------------------------

    def text(self, painter: QPainter, box: QRectF, flags: int, text: str) -> None:
        """Draw ``text`` in ``box`` and note the room it took."""
        needed = painter.boundingRect(box, flags, text)
        painter.drawText(box, flags, text)
        self.labels.append((needed, text))

    def paint_legend(self, painter: QPainter, area: QRectF) -> None:
        """The legend, centred on the lines at the bottom of ``area``."""
        rows = self.legend_rows(area.width())
        metrics = self.metrics()
        line = self.line_height()
        y = area.bottom() - len(rows) * line
        for row in rows:
            widths = [SWATCH + 4 + metrics.horizontalAdvance(s.name) for s in row]
            x = area.center().x() - (sum(widths) + LEGEND_GAP * (len(row) - 1)) / 2
            for series, wide in zip(row, widths, strict=True):
                swatch = QRectF(x, y + (line - SWATCH) / 2, SWATCH, SWATCH)
                painter.fillRect(swatch, QColor(series.colour))
                painter.setPen(TEXT)
                align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
                self.text(painter, QRectF(x + SWATCH + 4, y, wide - SWATCH - 4, line), align,
                          series.name)  # fmt: skip
                x += wide + LEGEND_GAP
            y += line

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), BACKGROUND)
        self.labels = []
        if self.hasFocus():
            painter.setPen(QPen(self.palette().color(self.palette().ColorRole.Highlight), 2))
            painter.drawRect(QRectF(self.rect()).adjusted(1, 1, -1, -1))
        if not self.shown:
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(self.small())
        self.paint_chart(painter, QRectF(self.rect()).adjusted(PAD, PAD, -PAD, -PAD))

    def paint_chart(self, painter: QPainter, area: QRectF) -> None:
        raise NotImplementedError

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            tip = self.tip_at(QPointF(event.pos())) if self.shown else ""
            if tip:
                QToolTip.showText(event.globalPos(), tip, self)
                return True
        return super().event(event)


class BarChart(Chart):
    """One bar (or a stack, or a group) per category, over a count axis that starts
    at 0. ``horizontal``: the bars lie down, the first category at the top.
    ``stacked``: the series stand on each other. ``values_shown``: each bar's count
    is written on it."""

    def __init__(
        self,
        *,
        horizontal: bool = False,
        stacked: bool = False,
        values_shown: bool = False,
        bar_width: float = 0.6,
        legend: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(legend=legend, parent=parent)
        self.horizontal = horizontal
        self.stacked = stacked
        self.values_shown = values_shown
        self.bar_width = bar_width
        self.categories: tuple[str, ...] = ()
        self.bars: list[tuple[QRectF, Series, int]] = []  # drawn: (rect, series, category)

    def show_bars(self, categories: Sequence[str], series: Sequence[Series]) -> None:
        """Each series holds one value per category."""
        for one in series:
            if len(one.values) != len(categories):
                raise ValueError(f"{one.name} has {len(one.values)} values for "
                                 f"{len(categories)} categories")  # fmt: skip
        self.categories = tuple(categories)
        self.series = tuple(series)
        self.shown = True
        self.setAccessibleDescription(self.describe())
        self._changed()

    def _top(self) -> float:
        if self.stacked:
            return max((sum(s.values[i] for s in self.series)
                        for i in range(len(self.categories))), default=0)  # fmt: skip
        return super()._top()

    def describe(self) -> str:
        """Every category with its values, for a screen reader and the tooltips."""
        return "; ".join(self.tip_of(i) for i in range(len(self.categories)))

    def tip_of(self, index: int) -> str:
        values = [(s.name, number(s.values[index])) for s in self.series]
        if len(values) == 1:
            return f"{self.categories[index]}: {values[0][1]}"
        listed = ", ".join(f"{name} {value}" for name, value in values)
        return f"{self.categories[index]}: {listed}"

    def tip_at(self, point: QPointF) -> str:
        for rect, _series, index in self.bars:
            slot = (QRectF(rect.left(), 0, rect.width(), self.height()) if not self.horizontal
                    else QRectF(0, rect.top(), self.width(), rect.height()))  # fmt: skip
            if slot.contains(point):
                return self.tip_of(index)
        return ""

    # -- measuring ----------------------------------------------------------------------

    def _words_width(self) -> float:
        metrics = self.metrics()
        return max((metrics.horizontalAdvance(word) for c in self.categories
                    for word in c.split()), default=0)  # fmt: skip

    def _label_width(self) -> float:
        metrics = self.metrics()
        return max((metrics.horizontalAdvance(c) for c in self.categories), default=0)

    def _category_lines(self, slot: float) -> int:
        """The lines the widest-wrapping category name takes in a slot this wide."""
        metrics = self.metrics()
        box = QRectF(0, 0, max(1.0, slot - 4), 1000)
        return max((round(metrics.boundingRect(box, WRAP, c).height() / metrics.lineSpacing())
                    for c in self.categories), default=1)  # fmt: skip

    def minimumSizeHint(self) -> QSize:
        n = max(1, len(self.categories))
        line = self.line_height()
        if self.horizontal:
            width = self._label_width() + 8 + MIN_PLOT + self.metrics().horizontalAdvance("00")
            height = n * line + line + line / 2
        else:
            width = self.count_gutter() + n * (self._words_width() + 8)
            slot = (max(self.width(), width) - 2 * PAD - self.count_gutter()) / n
            height = line / 2 + self.least_plot() + 4 + self._category_lines(slot) * line
        width = max(width, self.legend_width())
        height += self.legend_height(max(1.0, self.width() - 2 * PAD))
        return QSize(math.ceil(width + 2 * PAD), math.ceil(height + 2 * PAD))

    def sizeHint(self) -> QSize:
        return self.minimumSizeHint().expandedTo(QSize(240, 160))

    # -- painting -----------------------------------------------------------------------

    def paint_chart(self, painter: QPainter, area: QRectF) -> None:
        self.bars = []
        legend = self.legend_height(area.width())
        self.paint_legend(painter, area)
        area = area.adjusted(0, 0, 0, -legend)
        if self.horizontal:
            self._paint_lying(painter, area)
        else:
            self._paint_standing(painter, area)

    def _segments(self, index: int) -> list[tuple[Series, float, float, int, int]]:
        """(series, from, to, group, groups) of the bars of one category: stacked,
        each starts where the last ended; else each its own bar from 0, side by side."""
        out = []
        base = 0.0
        for k, series in enumerate(self.series):
            value = series.values[index]
            if self.stacked:
                out.append((series, base, base + value, 0, 1))
                base += value
            else:
                out.append((series, 0.0, value, k, len(self.series)))
        return out

    def _paint_standing(self, painter: QPainter, area: QRectF) -> None:
        ticks = self.value_ticks
        line = self.line_height()
        gutter = self.count_gutter()
        n = max(1, len(self.categories))
        slot = (area.width() - gutter) / n
        names = self._category_lines(slot) * line
        plot = QRectF(area.left() + gutter, area.top() + line / 2,
                      area.width() - gutter, area.height() - line / 2 - 4 - names)  # fmt: skip
        scale = plot.height() / ticks[-1]
        for tick in ticks:
            y = plot.bottom() - tick * scale
            painter.setPen(QPen(GRID if tick else AXIS, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(TEXT)
            right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            self.text(painter, QRectF(area.left(), y - line / 2, gutter - 6, line), right,
                      str(tick))  # fmt: skip
        for i, name in enumerate(self.categories):
            left = plot.left() + i * slot
            painter.setPen(TEXT)
            self.text(painter, QRectF(left + 2, plot.bottom() + 4, slot - 4, names), WRAP, name)
            width = slot * self.bar_width
            for series, low, high, group, groups in self._segments(i):
                each = width / groups
                x = left + (slot - width) / 2 + group * each
                bar = QRectF(x, plot.bottom() - high * scale, each, (high - low) * scale)
                self.bars.append((bar, series, i))
                if high > low:
                    painter.fillRect(bar, QColor(series.colour))
                if self.values_shown:
                    self._write_value(painter, bar, series.values[i], plot)

    def _write_value(self, painter: QPainter, bar: QRectF, value: float, plot: QRectF) -> None:
        """The count above the bar, or inside its top when there is no room above."""
        line = self.line_height()
        above = QRectF(bar.left() - 8, bar.top() - line - 1, bar.width() + 16, line)
        centre = Qt.AlignmentFlag.AlignCenter
        if above.top() >= plot.top() - line / 2:
            painter.setPen(TEXT)
            self.text(painter, above, centre, number(value))
        else:
            painter.setPen(BACKGROUND)
            self.text(painter, QRectF(bar.left(), bar.top() + 1, bar.width(), line), centre,
                      number(value))  # fmt: skip

    def _paint_lying(self, painter: QPainter, area: QRectF) -> None:
        ticks = self.value_ticks
        metrics = self.metrics()
        line = self.line_height()
        gutter = self._label_width() + 8
        last = metrics.horizontalAdvance(str(ticks[-1])) / 2
        plot = QRectF(area.left() + gutter, area.top(),
                      area.width() - gutter - last, area.height() - line)  # fmt: skip
        scale = plot.width() / ticks[-1]
        for tick in ticks:
            x = plot.left() + tick * scale
            painter.setPen(QPen(GRID if tick else AXIS, 1))
            painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
            painter.setPen(TEXT)
            under = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
            self.text(painter, QRectF(x - 20, plot.bottom(), 40, line), under, str(tick))
        band = plot.height() / max(1, len(self.categories))
        for i, name in enumerate(self.categories):
            top = plot.top() + i * band
            painter.setPen(TEXT)
            right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            self.text(painter, QRectF(area.left(), top, gutter - 8, band), right, name)
            thick = band * self.bar_width
            for series, low, high, group, groups in self._segments(i):
                each = thick / groups
                y = top + (band - thick) / 2 + group * each
                bar = QRectF(plot.left() + low * scale, y, (high - low) * scale, each)
                self.bars.append((bar, series, i))
                if high > low:
                    painter.fillRect(bar, QColor(series.colour))


class LineChart(Chart):
    """A line per series over ``count`` points, the x axis labelled only at the given
    ``ticks`` (index, label), with a title under it; ``point_labels`` name every point
    (for the tooltip and the description)."""

    def __init__(self, *, legend: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(legend=legend, parent=parent)
        self.count = 0
        self.ticks: tuple[tuple[int, str], ...] = ()
        self.point_labels: tuple[str, ...] = ()
        self.x_title = ""
        self.points_shown = True

    def show_lines(
        self,
        series: Sequence[Series],
        *,
        count: int,
        ticks: Sequence[tuple[int, str]],
        point_labels: Sequence[str],
        x_title: str,
        points_shown: bool,
    ) -> None:
        for one in series:
            if len(one.values) != count:
                raise ValueError(f"{one.name} has {len(one.values)} values for {count} points")
        if len(point_labels) != count:
            raise ValueError(f"{len(point_labels)} point labels for {count} points")
        self.series = tuple(series)
        self.count = count
        self.ticks = tuple(ticks)
        self.point_labels = tuple(point_labels)
        self.x_title = x_title
        self.points_shown = points_shown
        self.shown = True
        self.setAccessibleDescription(self.describe())
        self._changed()

    def describe(self) -> str:
        """Each line's total and its highest point, for a screen reader."""
        parts = []
        for series in self.series:
            peak = max(range(len(series.values)), key=lambda i: series.values[i], default=None)
            if peak is None or not series.values[peak]:
                parts.append(self.tr("{name}: none").format(name=series.name))
                continue
            parts.append(
                self.tr("{name}: {total} in all, most {peak} at {at}").format(
                    name=series.name, total=number(sum(series.values)),
                    peak=number(series.values[peak]), at=self.point_labels[peak])
            )  # fmt: skip
        return "; ".join(parts)

    def _plot(self, area: QRectF) -> QRectF:
        line = self.line_height()
        gutter = self.count_gutter()
        metrics = self.metrics()
        last = max((metrics.horizontalAdvance(label) / 2 for index, label in self.ticks
                    if index == self.count - 1), default=4.0)  # fmt: skip
        bottom = line * 1.5 + 2 + (line if self.x_title else 0) + self.legend_height(area.width())
        return QRectF(area.left() + gutter, area.top() + line / 2,
                      area.width() - gutter - last, area.height() - line / 2 - bottom)  # fmt: skip

    def x_of(self, index: int, plot: QRectF) -> float:
        return plot.left() + plot.width() * index / max(1, self.count - 1)

    def column_at(self, index: int) -> QPointF:
        """The middle of the plot at point ``index`` (where its tooltip answers)."""
        plot = self._plot(QRectF(self.rect()).adjusted(PAD, PAD, -PAD, -PAD))
        return QPointF(self.x_of(index, plot), plot.center().y())

    def tip_at(self, point: QPointF) -> str:
        plot = self._plot(QRectF(self.rect()).adjusted(PAD, PAD, -PAD, -PAD))
        if not self.count or not plot.adjusted(-6, -6, 6, 6).contains(point):
            return ""
        step = plot.width() / max(1, self.count - 1)
        index = min(self.count - 1, max(0, round((point.x() - plot.left()) / step)))
        if not self.series:
            return self.point_labels[index]
        listed = ", ".join(f"{s.name} {number(s.values[index])}" for s in self.series)
        return f"{self.point_labels[index]}: {listed}"

    def minimumSizeHint(self) -> QSize:
        metrics = self.metrics()
        line = self.line_height()
        labels = sum(metrics.horizontalAdvance(label) + 12 for _i, label in self.ticks)
        width = max(self.count_gutter() + labels, self.legend_width(),
                    metrics.horizontalAdvance(self.x_title))  # fmt: skip
        height = line / 2 + self.least_plot() + line * 1.5 + 2 + (line if self.x_title else 0)
        height += self.legend_height(max(1.0, self.width() - 2 * PAD))
        return QSize(math.ceil(width + 2 * PAD), math.ceil(height + 2 * PAD))

    def sizeHint(self) -> QSize:
        return self.minimumSizeHint().expandedTo(QSize(480, 200))

    def paint_chart(self, painter: QPainter, area: QRectF) -> None:
        ticks = self.value_ticks
        line = self.line_height()
        plot = self._plot(area)
        scale = plot.height() / ticks[-1]
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for tick in ticks:
            y = plot.bottom() - tick * scale
            painter.setPen(QPen(GRID if tick else AXIS, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(TEXT)
            self.text(painter, QRectF(area.left(), y - line / 2, self.count_gutter() - 6, line),
                      right, str(tick))  # fmt: skip
        metrics = self.metrics()
        for index, label in self.ticks:
            x = self.x_of(index, plot)
            painter.setPen(QPen(GRID, 1))
            painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
            wide = metrics.horizontalAdvance(label) + 2
            left = min(max(area.left(), x - wide / 2), area.right() - wide)
            painter.setPen(TEXT)
            # Below the count axis's "0", which stands half a line under the plot.
            self.text(painter, QRectF(left, plot.bottom() + line / 2 + 2, wide, line),
                      Qt.AlignmentFlag.AlignCenter, label)  # fmt: skip
        if self.x_title:
            title = QRectF(plot.left(), plot.bottom() + line * 1.5 + 2, plot.width(), line)
            self.text(painter, title,
                      Qt.AlignmentFlag.AlignCenter, self.x_title)  # fmt: skip
        self.paint_legend(painter, area)
        for series in self.series:
            colour = QColor(series.colour)
            path = QPainterPath()
            points = [QPointF(self.x_of(i, plot), plot.bottom() - v * scale)
                      for i, v in enumerate(series.values)]  # fmt: skip
            if not points:
                continue
            path.moveTo(points[0])
            for point in points[1:]:
                path.lineTo(point)
            painter.setPen(QPen(colour, 2.0))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(path)
            if self.points_shown:
                painter.setBrush(colour)
                for point in points:
                    painter.drawEllipse(point, 2.5, 2.5)
