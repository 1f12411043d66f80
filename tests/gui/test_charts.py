"""The painted charts (widgets/charts.py): whole-number count axes, bars as long as
their values, names that wrap rather than cut, a legend that wraps between entries,
and a chart that says what it shows to a screen reader and under the pointer."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QHelpEvent, QPalette
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.qtbot import QtBot

from tests.gui.fits import cut_chart_labels
from widgets.charts import BarChart, LineChart, Series, count_ticks, number

LONG = [f"Northshire Police – Kingsbridge and district {n}" for n in range(4)]


def test_count_axis_ticks_are_whole_numbers() -> None:
    assert count_ticks(0) == (0, 1, 2, 3, 4)
    assert count_ticks(4) == (0, 1, 2, 3, 4)
    assert count_ticks(5) == (0, 2, 4, 6, 8)
    assert count_ticks(9) == (0, 3, 6, 9, 12)
    assert count_ticks(2.5) == (0, 1, 2, 3, 4)
    assert number(3.0) == "3" and number(2.25) == "2.2"


def test_bars_are_as_long_as_their_values(qtbot: QtBot) -> None:
    for horizontal in (False, True):
        chart = BarChart(horizontal=horizontal, legend=False)
        qtbot.addWidget(chart)
        chart.resize(400, 260)
        chart.show()
        chart.show_bars(["One", "Two", "Three"], [Series("n", "#3b4660", (2, 8, 0))])
        chart.grab()
        one, two, three = (rect for rect, _s, _i in chart.bars)
        one_long, two_long, three_long = (
            (r.width() if horizontal else r.height()) for r in (one, two, three)
        )
        assert two_long == pytest.approx(4 * one_long) and three_long == 0
        assert chart.value_ticks == (0, 2, 4, 6, 8)
        assert chart.tip_at(two.center()) == "Two: 8"
        at = two.center().toPoint()
        QApplication.sendEvent(chart, QHelpEvent(QEvent.Type.ToolTip, at, chart.mapToGlobal(at)))
        assert QToolTip.text() == "Two: 8"
        assert chart.accessibleDescription() == "One: 2; Two: 8; Three: 0"
        if horizontal:
            assert one.top() < two.top() < three.top()  # the first at the top


def test_stacked_bars_stand_on_each_other(qtbot: QtBot) -> None:
    chart = BarChart(stacked=True)
    qtbot.addWidget(chart)
    chart.resize(300, 220)
    chart.show_bars(["A", "B"], [Series("Met", "#1f6f43", (1, 0)), Series("Missed", "#b00020",
                                                                       (3, 2))])  # fmt: skip
    chart.grab()
    met, missed, _b_met, _b_missed = (rect for rect, _s, _i in chart.bars)
    assert missed.bottom() == pytest.approx(met.top())  # Missed stands on Met
    assert missed.height() == pytest.approx(3 * met.height())
    assert chart.value_ticks == (0, 1, 2, 3, 4)  # the stack is 4 high
    assert chart.tip_at(met.center()) == "A: Met 1, Missed 3"


def test_tab_reaches_a_chart_and_shows_it(qtbot: QtBot) -> None:
    chart = BarChart()
    qtbot.addWidget(chart)
    chart.show_bars(["A"], [Series("n", "#3b4660", (1,))])
    chart.resize(200, 150)
    chart.show()
    qtbot.waitExposed(chart)
    assert chart.grab().toImage().pixelColor(1, 75) == QColor("#ffffff")
    assert chart.focusPolicy() == Qt.FocusPolicy.TabFocus
    chart.activateWindow()
    chart.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(chart.hasFocus)
    ring = chart.palette().color(QPalette.ColorRole.Highlight)
    assert chart.grab().toImage().pixelColor(1, 75) == ring


def test_names_wrap_and_nothing_is_cut_at_the_least_size(qtbot: QtBot) -> None:
    chart = BarChart(values_shown=True)
    qtbot.addWidget(chart)
    chart.show_bars(["Resolution without deployment", "New", "Assigned"],
                    [Series("n", "#3b4660", (12, 0, 3))])  # fmt: skip
    chart.resize(chart.minimumSizeHint())  # narrow: the long name wraps,
    chart.resize(chart.minimumSizeHint())  # so it asks for more height, as in a layout
    assert cut_chart_labels(chart) == []
    assert "Resolution without deployment" in [text for _r, text in chart.labels]
    chart.resize(chart.minimumSizeHint().width() // 2, 80)  # squeezed: the check finds it
    assert cut_chart_labels(chart) != []


def test_a_long_legend_wraps_between_entries(qtbot: QtBot) -> None:
    chart = LineChart()
    qtbot.addWidget(chart)
    hours = [f"{h:02d}:00" for h in range(24)]
    chart.show_lines([Series(name, "#1d4ed8", (0.0,) * 24) for name in LONG], count=24,
                     ticks=[(h, hours[h]) for h in range(0, 24, 3)], point_labels=hours,
                     x_title="Hour (UK time)", points_shown=True)  # fmt: skip
    chart.resize(700, 260)
    assert len(chart.legend_rows(700 - 12)) == 2
    assert cut_chart_labels(chart) == []
    assert set(LONG) <= {text for _r, text in chart.labels}
    assert chart.accessibleDescription().startswith(f"{LONG[0]}: none")


def test_values_must_match_the_categories(qtbot: QtBot) -> None:
    chart = BarChart()
    qtbot.addWidget(chart)
    with pytest.raises(ValueError, match="Met has 1 values for 2 categories"):
        chart.show_bars(["A", "B"], [Series("Met", "#1f6f43", (1,))])
    line = LineChart()
    qtbot.addWidget(line)
    with pytest.raises(ValueError, match="2 point labels for 3 points"):
        line.show_lines([], count=3, ticks=[], point_labels=["a", "b"], x_title="",
                        points_shown=False)  # fmt: skip
