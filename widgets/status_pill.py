"""A coloured pill for a state (a target's, a channel's sync), drawn in a table cell."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QRectF, Qt
from PySide6.QtGui import QColor, QHelpEvent, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolTip,
)

from storage.records import TargetStatus

# Background colours chosen for contrast with white text (WCAG AA at this size).
COLOURS = {
    TargetStatus.DRAFT.value: "#5b6474",
    TargetStatus.QUEUED.value: "#1d4ed8",
    TargetStatus.PUBLISHING.value: "#7c3aed",
    TargetStatus.PUBLISHED.value: "#1f6f43",
    TargetStatus.HELD.value: "#b00020",
    TargetStatus.MISSED.value: "#9a5b00",
    TargetStatus.FAILED.value: "#b00020",
    TargetStatus.CANCELLED.value: "#5b6474",
}

# A channel's sync health, as the Channels area words it.
HEALTH_COLOURS = {
    "ok": "#1f6f43",
    "degraded": "#9a5b00",
    "offline": "#8a3b12",
    "needs reconnect": "#b00020",
    "paused": "#5b6474",
    "late": "#9a5b00",
    "stopped": "#b00020",
    "disabled": "#3d3f44",
}


# A model that shows a state in words of the officer's language gives its key (the
# English value, e.g. "queued") under this role; the pill's colour follows the key.
PILL_KEY_ROLE = Qt.ItemDataRole.UserRole + 40
PADDING = 16  # the pill's room either side of its text, in all


class StatusPillDelegate(QStyledItemDelegate):
    """Paints the cell's text (a status, perhaps with a note) as a pill, coloured by its
    key (``PILL_KEY_ROLE``), else by the whole text or its first word (``colours``: the
    target states' unless told)."""

    def __init__(self, parent: QObject | None = None, colours: Mapping[str, str] = COLOURS):
        super().__init__(parent)
        self._colours = colours

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        text = str(index.data() or "")
        key = index.data(PILL_KEY_ROLE)
        colour = (
            self._colours.get(str(key))
            if key
            else self._colours.get(text) or self._colours.get(text.split(" ")[0])
        )
        if colour is None:
            super().paint(painter, option, index)
            return
        painter.save()
        rect = option.rect
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(rect, option.palette.highlight())
        metrics = option.fontMetrics
        width = min(metrics.horizontalAdvance(text) + PADDING, rect.width() - 6)
        pill = QRectF(rect.x() + 4, rect.y() + 3, width, rect.height() - 6)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(colour))
        painter.drawRoundedRect(pill, pill.height() / 2, pill.height() / 2)
        painter.setPen(QColor("white"))
        painter.drawText(pill, int(Qt.AlignmentFlag.AlignCenter), self.shown(option, text))
        painter.restore()

    @staticmethod
    def shown(option: QStyleOptionViewItem, text: str) -> str:
        """The text as the pill shows it: whole, or cut with "…" inside the pill when
        the column is too narrow (its tooltip then has it whole), never cut at both
        ends by the pill's edges."""
        room = max(0, option.rect.width() - 6 - PADDING)
        return option.fontMetrics.elidedText(text, Qt.TextElideMode.ElideRight, room)

    def helpEvent(
        self,
        event: QHelpEvent,
        view: QAbstractItemView,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        text = str(index.data() or "")
        if event.type() == QEvent.Type.ToolTip and text and self.shown(option, text) != text:
            QToolTip.showText(event.globalPos(), text, view)
            return True
        return super().helpEvent(event, view, option, index)
