"""The state pill in a narrow column: its text is cut inside the pill with "…" and
shown whole in its tooltip, never clipped at both ends by the pill's edges."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtGui import QHelpEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QStyleOptionViewItem, QTableView, QToolTip
from pytestqt.qtbot import QtBot

from widgets.status_pill import PADDING, StatusPillDelegate


def test_a_long_state_is_cut_inside_its_pill_and_whole_in_its_tooltip(qtbot: QtBot) -> None:
    model = QStandardItemModel(2, 1)
    model.setItem(0, 0, QStandardItem("held"))
    model.setItem(1, 0, QStandardItem("queued · awaiting approval from gold command"))
    view = QTableView()
    qtbot.addWidget(view)
    delegate = StatusPillDelegate(view)
    view.setModel(model)
    view.setItemDelegateForColumn(0, delegate)
    view.setColumnWidth(0, 120)
    view.show()
    qtbot.waitExposed(view)

    def option(row: int) -> QStyleOptionViewItem:
        made = QStyleOptionViewItem()
        made.initFrom(view)
        made.rect = view.visualRect(model.index(row, 0))
        return made

    first, second = option(0), option(1)
    assert StatusPillDelegate.shown(first, "held") == "held"
    long = str(model.index(1, 0).data())
    cut = StatusPillDelegate.shown(second, long)
    assert cut.endswith("…") and cut != long
    room = second.rect.width() - 6 - PADDING
    assert second.fontMetrics.horizontalAdvance(cut) <= room

    place = view.visualRect(model.index(1, 0)).center()
    tip = QHelpEvent(QEvent.Type.ToolTip, place, view.viewport().mapToGlobal(place))
    assert delegate.helpEvent(tip, view, second, model.index(1, 0))
    qtbot.waitUntil(lambda: QToolTip.text() == long)
    QToolTip.hideText()
    short = view.visualRect(model.index(0, 0)).center()
    plain = QHelpEvent(QEvent.Type.ToolTip, short, view.viewport().mapToGlobal(short))
    delegate.helpEvent(plain, view, first, model.index(0, 0))  # whole: no tip of the pill's
    assert QToolTip.text() != "held"
