"""Whether a window fits the screen: nothing of it lies outside it, and nothing
forces it wider or taller than the screen (``beyond``), in window tests."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtWidgets import QAbstractScrollArea, QWidget

SCREENS = (QSize(1280, 800), QSize(1920, 1080))


def _scrolled(widget: QWidget, window: QWidget) -> bool:
    """Inside a scroll area's viewport (a table's cells, a scrolled form): its own
    geometry may run past the window; the scroll area clips it."""
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        grand = parent.parentWidget()
        if isinstance(grand, QAbstractScrollArea) and parent is grand.viewport():
            return True
        parent = grand
    return False


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
    for child in window.findChildren(QWidget):
        if child.isWindow() or not child.isVisibleTo(window) or _scrolled(child, window):
            continue
        place = QRect(child.mapTo(window, QPoint(0, 0)), child.size())
        if not bounds.contains(place):
            name = child.objectName() or getattr(child, "text", lambda: "")()
            found.append(f"{type(child).__name__} {name!r} at {place.getRect()}")
    return found
