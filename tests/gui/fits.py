"""Whether a window fits the screen: nothing of it lies outside it, and nothing
forces it wider or taller than the screen (``beyond``); no table's columns run
past its width or cut their names (``cut_columns``), no button or one-line label
cuts its words and no chart's label is cut or lies on another (``cut_text``), in
window tests."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QCheckBox,
    QLabel,
    QRadioButton,
    QScrollArea,
    QTableView,
    QWidget,
)

from widgets.charts import Chart
from widgets.elided_label import ElidedLabel

SCREENS = (QSize(1280, 800), QSize(1920, 1080))


def _scrolled(widget: QWidget, window: QWidget) -> tuple[bool, bool]:
    """Whether ``widget`` is inside a scroll area's viewport (a table's cells, a
    scrolled form: its geometry may run past the window, the scroll area clips it),
    and whether that is an area's own scroll area (``areaScroll``: it may scroll up
    and down on a short screen, never sideways)."""
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        grand = parent.parentWidget()
        if isinstance(grand, QAbstractScrollArea) and parent is grand.viewport():
            if grand.objectName() != "areaScroll":
                return True, False
            return False, True
        parent = grand
    return False, False


def beyond(window: QWidget, screen: QSize) -> list[str]:
    """What does not fit ``screen``: the window's size or smallest size when larger,
    and each visible widget that lies (partly) outside the window."""
    found = []
    least = window.minimumSizeHint().expandedTo(window.minimumSize())
    if least.width() > screen.width() or least.height() > screen.height():
        found.append(f"the window needs at least {least.width()}x{least.height()}")
    if window.width() > screen.width() or window.height() > screen.height():
        found.append(f"the window is {window.width()}x{window.height()}")
    bounds = window.rect()
    for area in window.findChildren(QScrollArea, "areaScroll"):
        page = area.widget()
        wide = page is not None and page.minimumSizeHint().width() > area.viewport().width()
        if area.isVisible() and wide:
            found.append(f"{type(page).__name__} is cut on the right")
    for child in window.findChildren(QWidget):
        if child.isWindow() or not child.isVisibleTo(window):
            continue
        clipped, in_area = _scrolled(child, window)
        if clipped:
            continue
        place = QRect(child.mapTo(window, QPoint(0, 0)), child.size())
        if in_area:  # up and down is the area's to scroll; sideways, nothing may run off
            place = QRect(place.x(), bounds.y(), place.width(), 1)
        if not bounds.contains(place):
            name = child.objectName() or getattr(child, "text", lambda: "")()
            found.append(f"{type(child).__name__} {name!r} at {place.getRect()}")
    return found


def scrolling_areas(window: QWidget) -> list[str]:
    """The areas that need their scroll bar now (the screen is short for them)."""
    return [
        type(area.widget()).__name__
        for area in window.findChildren(QScrollArea, "areaScroll")
        if area.isVisible() and area.verticalScrollBar().isVisible()
    ]


def cut_columns(window: QWidget) -> list[str]:
    """Each visible table whose columns run past its width (a horizontal scroll bar
    where an officer expects the whole row) or whose header names are cut."""
    found = []
    for table in window.findChildren(QTableView):
        if not table.isVisibleTo(window) or not table.isVisible():
            continue
        header = table.horizontalHeader()
        room = table.viewport().width()
        if header.length() > room + 1:
            found.append(f"{table.objectName() or type(table.parent()).__name__}: columns "
                         f"{header.length()} px in {room} px")  # fmt: skip
        model = table.model()
        bold = QFont(header.font())
        bold.setBold(True)  # the style sheet's sections are bold, with 4 px padding
        metrics = QFontMetrics(bold)
        for section in range(header.count()):
            if header.isSectionHidden(section) or model is None:
                continue
            name = str(model.headerData(section, Qt.Orientation.Horizontal) or "")
            if metrics.horizontalAdvance(name) + 8 > header.sectionSize(section):
                found.append(f"{type(table.parent()).__name__}: header {name!r} is cut")
    return found


def cut_chart_labels(chart: Chart) -> list[str]:
    """Each label of a chart (painted now) that runs past the chart's edge or lies on
    another label."""
    chart.grab()
    labels = chart.labels
    inside = QRectF(chart.rect()).adjusted(-0.5, -0.5, 0.5, 0.5)
    found = [f"{text!r} runs past the chart" for rect, text in labels if not inside.contains(rect)]
    for n, (one, text) in enumerate(labels):
        for other, other_text in labels[n + 1 :]:
            common = one.intersected(other)
            if common.width() > 0.5 and common.height() > 0.5:
                found.append(f"{text!r} lies on {other_text!r}")
    return [f"{chart.accessibleName() or type(chart).__name__}: {cut}" for cut in found]


def cut_text(window: QWidget) -> list[str]:
    """Each visible button and one-line label whose words do not fit it ("Last erro",
    "lanage."), and each chart label that is cut or lies on another: an elided label
    (``ElidedLabel``) says it all in its tooltip and is left out."""
    found = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or widget.window() is not window:
            continue
        if isinstance(widget, Chart):
            found += cut_chart_labels(widget)
            continue
        if isinstance(widget, QAbstractButton) and not isinstance(widget, QAbstractItemView):
            text = widget.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
            room = widget.width() - 10  # the button's frame and padding
            if isinstance(widget, QCheckBox | QRadioButton):
                room = widget.width() - 22  # the box or the dot
        elif isinstance(widget, QLabel) and not isinstance(widget, ElidedLabel):
            text = widget.text()
            # (PySide6 gives a label without a picture a null QPixmap, never None.)
            if widget.wordWrap() or "<" in text or "\n" in text or not widget.pixmap().isNull():
                continue
            if widget.buddy() is not None:  # its "&" marks the shortcut and is not drawn
                text = text.replace("&&", "\0").replace("&", "").replace("\0", "&")
            room = widget.contentsRect().width()
        else:
            continue
        if text and widget.fontMetrics().horizontalAdvance(text) > room + 1:
            found.append(f"{type(widget).__name__} {text!r} in {widget.width()} px")
    return found
