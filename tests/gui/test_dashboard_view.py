"""The Dashboard area: its charts (a line per channel with items, the clocks'
met / missed / running, categories, states) on UK time, the span, Export CSV…
(EXERCISE on an exercise store's first line), and its place in the window."""

from __future__ import annotations

import asyncio
import contextlib
import csv
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot

from console import users as user_admin
from console.channels.base import InboxItem
from console.inbox import dashboard
from console.inbox.dashboard import Dashboard
from console.reports import service
from console.reports.grading import Category, Grade
from console.session import Session
from storage import channels, conversations
from storage.records import Role
from storage.store import Transaction
from storage.timeutil import to_iso
from tests.gui.fits import cut_chart_labels
from tests.gui.waiting import button, until
from tests.gui.waiting import shown as showing
from tests.helpers import FAST_KDF
from tests.reports.helpers import THRIVE
from ui.common.prompts import PROMPTS
from ui.common.tasks import Tasks
from ui.frame.main_window import MainWindow
from ui.reports.dashboard_view import MET, MISSED, PALETTE, RUNNING, DashboardView, _hour_ticks
from widgets.charts import Chart

pytestmark = pytest.mark.asyncio


async def officer_with_work(admin: Session) -> Session:
    """A duty officer on a store with two channels holding items (a third has none)
    and two reports."""
    user = await user_admin.add_user(
        admin, name="dora", password="dora password 1", roles=[Role.DUTY_OFFICER], kdf=FAST_KDF
    )
    dora = Session(admin.store, user, via="test")
    now = admin.store.clock()

    def add(tx: Transaction) -> list[int]:
        made = [
            channels.insert(tx.db, name=name, network="simulator", account=name.lower(),
                            area="", now=tx.now())
            for name in ("North", "South", "Quiet")
        ]  # fmt: skip
        for channel_id, minutes in ((made[0], (5, 65, 125)), (made[1], (10,))):
            conversations.collect(
                tx.db,
                channel_id,
                [
                    InboxItem(remote_id=f"{channel_id}-{m}", kind="mention", author_handle="pat",
                              author_name="Pat", text=f"Item {m}",
                              created_utc=to_iso(now - timedelta(minutes=m)))
                    for m in minutes
                ],
                tx.now(),
            )  # fmt: skip
        return [int(r[0]) for r in tx.db.execute("SELECT id FROM inbox_items ORDER BY id")]

    ids = await admin.store.write(add)
    for item_id, category in ((ids[0], Category.CRIME), (ids[3], Category.ROAD_TRAFFIC)):
        await service.create_report(
            dora, [item_id], category=category, grade=Grade.PRIORITY, thrive=THRIVE
        )
    return dora


@contextlib.asynccontextmanager
async def shown(session: Session, qtbot: QtBot) -> AsyncIterator[DashboardView]:
    view = DashboardView(session, Tasks())
    qtbot.addWidget(view)
    view.resize(1200, 900)
    view.show()
    try:
        await until(lambda: view.board is not None)
        yield view
    finally:
        view.detach()


def drawn(chart: Chart) -> list[tuple[QRectF, str]]:
    """The labels the chart draws, after a paint."""
    chart.grab()
    return chart.labels


async def test_charts_show_the_figures(session: Session, qtbot: QtBot) -> None:
    dora = await officer_with_work(session)
    async with shown(dora, qtbot) as view:
        assert view.summary.text().startswith("4 items · 2 reports · clocks read ")

        items = view.items_chart
        assert [s.name for s in items.series] == ["North", "South"]  # Quiet had nothing
        assert [s.colour for s in items.series] == list(PALETTE[:2])
        north, south = items.series
        assert len(north.values) == 24 and sum(north.values) == 3 and sum(south.values) == 1
        assert max(north.values) == 1 and items.value_ticks == (0, 1, 2, 3, 4)
        assert items.x_title == "Hour (UK time)"
        assert len(items.ticks) == 8  # every three hours over a day, in UK time
        assert all(label.endswith(":00") and int(label[:2]) % 3 == 0 for _i, label in items.ticks)
        assert items.points_shown
        texts = [text for _r, text in drawn(items)]
        assert "Hour (UK time)" in texts and "North" in texts and "South" in texts
        assert {label for _i, label in items.ticks} <= set(texts)
        assert items.accessibleName() == "Items per hour, by channel"
        assert items.accessibleDescription().startswith("North: 3 in all, most 1 at ")
        last = items.point_labels[-1]
        # The newest hour's point, wherever the hour's tick label puts the plot's edge.
        assert items.tip_at(items.column_at(len(items.point_labels) - 1)) == (
            f"{last}: North {int(north.values[-1])}, South {int(south.values[-1])}"
        )

        responses = view.responses_chart
        assert responses.stacked
        assert responses.categories == ("Immediate", "Priority", "Scheduled", "RWD")
        assert [(s.name, s.colour) for s in responses.series] == [
            ("Met", MET), ("Missed", MISSED), ("Running", RUNNING)
        ]  # fmt: skip
        assert responses.series[2].values == (0.0, 2.0, 0.0, 0.0)  # both priority, both running
        assert responses.value_ticks == (0, 1, 2, 3, 4)
        assert "Priority: Met 0, Missed 0, Running 2" in responses.accessibleDescription()
        assert {"Immediate", "Priority", "Scheduled", "RWD", "Met", "4"} <= {
            text for _r, text in drawn(responses)
        }
        running = [rect for rect, series, i in responses.bars if series.name == "Running"]
        assert running[1].height() > 0 and running[0].height() == 0  # the priority stack
        assert running[1].height() == pytest.approx(running[1].bottom() - running[1].top())
        assert responses.tip_at(running[1].center()) == "Priority: Met 0, Missed 0, Running 2"

        categories = view.categories_chart
        assert categories.horizontal
        assert categories.categories[0] == "Crime report"  # the first category at the top
        assert len(categories.categories) == len(Category)
        (reports,) = categories.series
        assert sum(reports.values) == 2
        assert dict(zip(categories.categories, reports.values, strict=True))["Road traffic"] == 1
        bars = {categories.categories[i]: rect for rect, _s, i in categories.bars}
        assert bars["Crime report"].top() < bars["Road traffic"].top()
        assert bars["Crime report"].width() == pytest.approx(bars["Road traffic"].width())
        assert bars["Complaint"].width() == 0

        states = view.states_chart
        assert states.categories == ("New", "Assigned", "Answered", "Closed", "Report")
        assert states.series[0].values == (2.0, 0.0, 0.0, 0.0, 2.0)
        assert states.accessibleDescription() == (
            "New: 2; Assigned: 0; Answered: 0; Closed: 0; Report: 2"
        )
        assert [text for _r, text in drawn(states)].count("2") >= 3  # two bars and the axis

        for chart in (items, responses, categories, states):
            assert cut_chart_labels(chart) == []

        # A longer span: still one line per channel, a point per hour, a tick a UK day.
        view.span.setCurrentIndex(2)  # seven days
        await until(lambda: view.board is not None and len(view.board.hours) == 168)
        await until(lambda: items.count == 168)
        assert len(items.series) == 2 and len(items.series[0].values) == 168
        assert not view.items_chart.points_shown  # a dot an hour would blur a week
        assert len(items.ticks) in (7, 8) and items.ticks[0][1][:3] in {
            "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"
        }  # fmt: skip
        assert cut_chart_labels(items) == []

        view.clear()  # the console locks: the charts show nothing
        assert all(not chart.shown and drawn(chart) == [] for chart in (items, responses))
        assert items.accessibleDescription() == ""


async def test_new_items_show_after_a_commit(session: Session, qtbot: QtBot) -> None:
    dora = await officer_with_work(session)
    async with shown(dora, qtbot) as view:

        def add(tx: Transaction) -> None:
            quiet = channels.by_name(tx.db, "Quiet")
            assert quiet is not None
            item = InboxItem(remote_id="q1", kind="mention", author_handle="al", author_name="Al",
                             text="Hello", created_utc=tx.now())  # fmt: skip
            conversations.collect(tx.db, quiet.id, [item], tx.now())

        await session.store.write(add)
        await until(lambda: len(view.items_chart.series) == 3, seconds=15)


def read_csv(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


async def test_export_csv_of_each_table(session: Session, qtbot: QtBot, tmp_path: Path) -> None:
    dora = await officer_with_work(session)
    async with shown(dora, qtbot) as view:
        PROMPTS.answer_next(str(tmp_path / "states"))  # no suffix: .csv is added
        view.states_box.export_button.click()
        out = tmp_path / "states.csv"
        await until(lambda: view.result.text().startswith("Saved"))
        rows = read_csv(out)
        assert rows[0][0] == "Conversations by state"
        assert rows[1:] == [["state", "conversations"], ["New", "2"], ["Assigned", "0"],
                            ["Answered", "0"], ["Closed", "0"], ["Report", "2"]]  # fmt: skip
        assert PROMPTS.shown[-1] == "Export conversations by state as CSV"

        PROMPTS.answer_next(str(tmp_path / "hours.csv"))
        view.items_box.export_button.click()
        await until(lambda: (tmp_path / "hours.csv").exists())
        assert read_csv(tmp_path / "hours.csv")[1] == ["hour_utc", "hour_uk", "North", "South",
                                                       "total"]  # fmt: skip

        PROMPTS.answer_next(None)  # the officer cancels: nothing written
        view.responses_box.export_button.click()
        assert sorted(p.name for p in tmp_path.glob("*.csv")) == ["hours.csv", "states.csv"]

        PROMPTS.answer_next(str(tmp_path / "nowhere" / "x.csv"))
        view.categories_box.export_button.click()
        await until(lambda: "nowhere" in view.result.text())  # the sentence names the place
        assert not view.result.text().startswith("Saved")


async def test_a_csv_named_without_its_extension_is_not_replaced_unasked(
    session: Session, qtbot: QtBot, tmp_path: Path
) -> None:
    there = tmp_path / "dash.csv"
    there.write_text("kept")
    dora = await officer_with_work(session)
    async with shown(dora, qtbot) as view:
        view.states_box.export_button.click()
        chooser = await showing(QFileDialog)
        name = chooser.findChild(QLineEdit, "fileNameEdit")
        assert isinstance(name, QLineEdit)
        name.setText(str(tmp_path / "dash"))  # set, not typed: typing pops up its completer
        button(chooser, "Save").click()
        replace = await showing(QMessageBox)
        assert replace.text() == "dash.csv already exists. Replace it?"
        assert there.read_text() == "kept"
        button(replace, "Replace it").click()
        await until(lambda: view.result.text().startswith("Saved"))
        assert read_csv(there)[0][0] == "Conversations by state"


async def test_an_exercise_store_marks_its_csv(
    exercise_session: Session, qtbot: QtBot, tmp_path: Path
) -> None:
    dora = await officer_with_work(exercise_session)
    async with shown(dora, qtbot) as view:
        PROMPTS.answer_next(str(tmp_path / "categories.csv"))
        view.categories_box.export_button.click()
        await until(lambda: (tmp_path / "categories.csv").exists())
        rows = read_csv(tmp_path / "categories.csv")
        assert rows[0] == ["EXERCISE EXERCISE EXERCISE"]
        assert ["Crime report", "1"] in rows and ["Road traffic", "1"] in rows


async def test_uk_time_ticks_across_the_clocks_going_back() -> None:
    from datetime import UTC, datetime

    # 25 Oct 2026: BST ends at 02:00 BST (01:00 UTC); a day from 00:00 UTC.
    start = datetime(2026, 10, 24, 23, tzinfo=UTC)
    hours = tuple(start + timedelta(hours=h) for h in range(24))
    ticks = _hour_ticks(hours)
    assert ticks[0] == (0, "00:00")  # 23:00 UTC is midnight BST
    assert [label for _i, label in ticks][:3] == ["00:00", "03:00", "06:00"]
    assert ticks[1][0] == 4  # 01:00 happens twice: 03:00 GMT comes four hours on


async def test_the_window_has_a_dashboard_area(session: Session, qtbot: QtBot) -> None:
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    window.show_area("dashboard")
    assert window.current_area() == "dashboard"
    # alice is an administrator only: the dashboard says which roles see it.
    assert "Duty officer, Approver or Observer" in window.dashboard_view.summary.text()
    assert not window.dashboard_view.span.isEnabled()
    window.lock("test")
    assert window.dashboard_view.board is None
    window.close_for_good()


async def test_a_read_finishing_after_the_lock_shows_nothing(
    session: Session, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    dora = await officer_with_work(session)
    async with shown(dora, qtbot) as view:
        real = dashboard.dashboard
        gate, asked = asyncio.Event(), asyncio.Event()

        async def slow(*args: Any, **kw: Any) -> Dashboard:
            asked.set()
            await gate.wait()
            return await real(*args, **kw)

        monkeypatch.setattr(dashboard, "dashboard", slow)
        reading = asyncio.ensure_future(view.refresh())
        await asked.wait()
        view.clear()  # the console locks
        gate.set()
        await reading
        assert view.board is None and view.summary.text() == ""
        await view.refresh()  # while locked: nothing is read
        assert view.board is None
        view.adopt(dora)  # unlocked
        await view.refresh()
        assert view.board is not None


async def test_the_dashboard_speaks_welsh(
    session: Session, qtbot: QtBot, qapp: QApplication
) -> None:
    """The grades on the response chart, the median sentence and the days on a week's
    axis in Welsh (they were English: "Amser canolrif i ymateb: Scheduled under a
    minute.")."""
    from datetime import UTC, datetime

    from console.reports.grading import ReportState
    from storage.i18n import ENGLISH, WELSH
    from ui.common.translations import install

    dora = await officer_with_work(session)
    [first, _second] = await service.list_reports(dora)
    await service.set_state(dora, first.reference, ReportState.ANSWERED, reason="Rang them",
                            based_on=first.version)  # fmt: skip
    install(qapp, WELSH)
    try:
        async with shown(dora, qtbot) as view:
            categories = view.responses_chart.categories
            caption = view.responses_box.caption.text()
            week = _hour_ticks(
                tuple(datetime(2026, 12, 7, tzinfo=UTC) + timedelta(hours=h) for h in range(24 * 7))
            )
            points = view.items_chart.point_labels
    finally:
        install(qapp, ENGLISH)
    assert categories == ("Ar unwaith", "Blaenoriaeth", "Wedi'i amserlennu", "RWD")
    assert "Blaenoriaeth llai na munud" in caption, caption
    assert [label for _i, label in week][:2] == ["Llun 07 Rhag", "Maw 08 Rhag"]
    for word in ("Priority", "under a minute", "Mon", "Dec"):
        assert word not in caption + " ".join(label for _i, label in week), word
    assert not any(label.split()[0] in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
                   for label in points)  # fmt: skip
