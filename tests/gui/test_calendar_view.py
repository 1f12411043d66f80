"""The calendar: a week and a month of posts, counts, and drag to reschedule."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from console import channel_admin
from console import users as user_admin
from console.posts import create_post
from console.session import Session
from console.timezone import local_to_utc_iso, now_local
from storage import audit
from storage.i18n import WELSH
from storage.records import Role
from tests.gui.waiting import until
from ui.common.tasks import Tasks
from ui.common.translations import install
from ui.queue.calendar_view import CalendarView
from widgets.calendar_grids import HEADER, HOUR_HEIGHT, more_text

pytestmark = pytest.mark.asyncio


def _next_week_at(day: int, hour: int, minute: int = 0) -> datetime:
    """A UK wall-clock time in next week (Monday = 0), safely in the future."""
    today = now_local().date()
    monday = today - timedelta(days=today.weekday()) + timedelta(days=7)
    return datetime.combine(monday + timedelta(days=day), datetime.min.time()).replace(
        hour=hour, minute=minute
    )


async def _plan(session: Session) -> None:
    await user_admin.set_roles(
        session, "alice", [Role.ADMINISTRATOR, Role.DUTY_OFFICER], reason="t"
    )
    await channel_admin.add_channel(session, name="Force X", network="simulator", account="fx")
    await channel_admin.add_channel(session, name="Force Sky", network="simulator", account="fs")
    for day, hour, text, channels in (
        (0, 9, "Monday briefing", [1, 2]),
        (2, 14, "Wednesday appeal", [1]),
        (2, 18, "Wednesday evening", [2]),
    ):
        await create_post(
            session, body=text, channel_ids=channels,
            scheduled_utc=local_to_utc_iso(_next_week_at(day, hour)),
        )  # fmt: skip


async def _view(session: Session, qtbot: QtBot) -> CalendarView:
    view = CalendarView(session, Tasks())
    qtbot.addWidget(view)
    view.resize(1300, 800)
    view.show()
    view.next_button.click()  # next week
    await until(lambda: len(view.week.entries) == 4)
    return view


async def test_the_week_shows_each_post_and_counts_per_day(session: Session, qtbot: QtBot) -> None:
    await _plan(session)
    view = await _view(session, qtbot)
    assert view.week.counts_per_day() == [2, 0, 2, 0, 0, 0, 0]
    assert view.title.text().startswith("Week of Monday")
    view.channel_filter.setCurrentIndex(view.channel_filter.findData(2))
    await until(lambda: len(view.week.entries) == 2)
    assert {e.title for e in view.week.entries} == {"Monday briefing", "Wednesday evening"}


async def test_dragging_a_post_reschedules_it_and_audits_the_move(
    session: Session, qtbot: QtBot
) -> None:
    await _plan(session)
    view = await _view(session, qtbot)
    box, entry = next((b, e) for b, e in view.week._boxes if e.title == "Wednesday appeal")
    start = box.center().toPoint()
    column = view.week._column_width()
    target = QPoint(int(start.x() + column), int(HEADER + 16.5 * HOUR_HEIGHT + 2))  # Thu 16:30
    QTest.mousePress(view.week, Qt.MouseButton.LeftButton, pos=start)
    QTest.mouseMove(view.week, target)
    QTest.mouseRelease(view.week, Qt.MouseButton.LeftButton, pos=target)
    await until(lambda: view.result.text().startswith("Moved to"))
    assert view.result.text() == f"Moved to {_next_week_at(3, 16, 30):%a %d %b %H:%M}."
    await until(lambda: view.week.counts_per_day() == [2, 0, 1, 1, 0, 0, 0])
    entries = await session.store.run(lambda db: list(audit.iter_entries(db)))
    assert entries[-1].action == "target.reschedule"
    assert entries[-1].justification == "moved on the calendar"
    assert entries[-1].object_id == str(entry.target_id)


async def test_a_drop_into_the_spring_gap_is_refused(session: Session, qtbot: QtBot) -> None:
    await _plan(session)
    view = await _view(session, qtbot)
    view.move_targets([1], datetime(2030, 3, 31, 1, 15))
    await until(lambda: view.result.text().startswith("There is no 01:15 on Sunday 31 March 2030"))


async def test_the_month_counts_days_and_opens_a_week(session: Session, qtbot: QtBot) -> None:
    await _plan(session)
    view = await _view(session, qtbot)
    view.month = _next_week_at(2, 14).date().replace(day=1)
    view.month_button.click()
    await until(lambda: len(view.month_grid.entries) == 4)
    days = view.month_grid.by_day()
    assert len(days[_next_week_at(2, 0).date()]) == 2
    opened = _next_week_at(2, 0).date()
    view.month_grid.dayActivated.emit(opened)
    await until(lambda: view.pages.currentIndex() == 0)
    assert view.monday == opened - timedelta(days=opened.weekday())


async def test_the_month_is_named_in_the_officers_language(
    session: Session, qtbot: QtBot, qapp: QApplication
) -> None:
    """In Welsh the month's title and a full day's "+N more" were in English (strftime's
    month, a sentence never translated)."""
    await _plan(session)
    monday = _next_week_at(0, 8)
    for minute in range(0, 50, 10):  # five more on the Monday: more than a day shows
        when = local_to_utc_iso(monday.replace(minute=minute))
        await create_post(session, body=f"Extra {minute}", channel_ids=[1], scheduled_utc=when)
    install(qapp, WELSH)  # the autouse fixture puts English back
    view = CalendarView(session, Tasks())
    qtbot.addWidget(view)
    view.resize(1300, 800)
    view.show()
    view.month = monday.date().replace(day=1)
    view.month_button.click()
    await until(lambda: len(view.month_grid.by_day().get(monday.date(), [])) == 7)
    welsh = [
        "Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin",
        "Gorffennaf", "Awst", "Medi", "Hydref", "Tachwedd", "Rhagfyr",
    ]  # fmt: skip
    assert view.title.text() == f"{welsh[monday.month - 1]} {monday.year}"
    assert more_text(4) == "+4 arall"
