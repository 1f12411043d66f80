"""In an exercise store the window tells the time by the exercise clock.

The small scenario starts on Saturday 14 March 2026 at 09:00; the machine's own
clock stands months away. Everything the window means by "now" (the surge window,
report clocks, the composer's and dialogs' default times, the queue's today, the
calendar's today, the inbox's today) follows the store's clock, so the exercise's
timeline reads as it would live."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import pytest_asyncio
from pytestqt.qtbot import QtBot

from console import queue as queue_service
from console import users as user_admin
from console.channels.base import InboxItem
from console.inbox import listening
from console.reports.grading import ClockState, Grade
from console.session import Session, SignInThrottle, sign_in
from console.timezone import FORCE_ZONE
from incident.exercise import service
from storage import conversations, exercises
from storage.records import Role
from storage.store import Transaction
from storage.timeutil import to_iso
from tests.exercise.conftest import SMALL, TRAINER, FakeRealClock
from tests.gui.waiting import until
from tests.helpers import FAST_KDF, PASSWORD
from tests.reports.helpers import report_from
from ui.common.tasks import Tasks
from ui.common.time_entry import typed
from ui.frame.main_window import MainWindow
from ui.inbox.inbox_model import when
from ui.incident.incident_dialogs import ReleaseDialog
from ui.queue.calendar_view import CalendarView
from ui.queue.composer import ComposerDialog
from ui.queue.queue_view import QueueView, RescheduleDialog
from ui.reports.report_dialogs import ReportForm
from ui.reports.reports_view import CLOCK_ROLE

pytestmark = pytest.mark.asyncio

STARTS = datetime(2026, 3, 14, 9, 0, tzinfo=UTC)  # the small scenario's start (GMT)


@dataclass
class Exercise:
    trainer: Session
    dora: Session  # duty officer and approver: the team


@pytest_asyncio.fixture
async def exercise(tmp_path: Path) -> AsyncIterator[Exercise]:
    real = FakeRealClock()  # 28 November 2026: months after the exercise's day
    path = await service.create_exercise(
        tmp_path / "ex.cordon",
        SMALL, TRAINER, PASSWORD, kdf=FAST_KDF, real=real,
    )  # fmt: skip
    trainer = await sign_in(path, TRAINER, PASSWORD, via="test", throttle=SignInThrottle())
    clock = await trainer.store.run(lambda db: exercises.clock_for(db, real))
    assert clock is not None
    trainer.store.clock = clock
    dora = await user_admin.add_user(
        trainer, name="dora", password=PASSWORD, roles=[Role.DUTY_OFFICER, Role.APPROVER],
        kdf=FAST_KDF,
    )  # fmt: skip
    yield Exercise(trainer, Session(trainer.store, dora, via="test"))
    await trainer.sign_out()


async def test_the_exercise_stands_months_from_the_machine() -> None:
    # What every test here relies on: real time is nowhere near the exercise's day.
    assert abs(datetime.now(UTC) - STARTS) > timedelta(days=3)


async def _items(session: Session, texts: list[str], minutes_ago: int) -> list[int]:
    """Items on the first channel, written minutes before the exercise's now."""
    created = to_iso(session.store.clock() - timedelta(minutes=minutes_ago))
    items = [
        InboxItem(remote_id=f"r{n}", kind="mention", author_handle=f"resident{n}",
                  author_name="A Resident", text=text, created_utc=created)
        for n, text in enumerate(texts)
    ]  # fmt: skip

    def write(tx: Transaction) -> list[int]:
        conversations.collect(tx.db, 1, items, tx.now())
        rows = tx.db.execute("SELECT id FROM inbox_items WHERE channel_id = 1 ORDER BY id")
        return [int(r[0]) for r in rows]

    return await session.store.write(write)


async def _window(session: Session, qtbot: QtBot) -> MainWindow:
    window = MainWindow(session)
    qtbot.addWidget(window)
    view = window.trainer_view
    await until(lambda: view is None or view.status is not None)
    return window


async def test_a_surge_of_injects_raises_the_amber_notice_in_exercise_time(
    exercise: Exercise, qtbot: QtBot
) -> None:
    dora = exercise.dora
    await _items(dora, [f"Water everywhere on the high street {n}" for n in range(6)], 5)
    rule = await listening.add_rule(
        dora, listening.RuleKind.KEYWORD, "water", reason="the burst main"
    )
    window = await _window(dora, qtbot)
    alerts = window.threat_alerts
    assert alerts.now() == STARTS  # the store's clock, not the machine's
    # A refresh already under way (the window's own, on a busy machine) answers this
    # one by reading again when it ends: wait for what it shows.
    await alerts.refresh()
    await until(lambda: rule.id in alerts.surge_notice.lines)
    assert "6 in the last hour" in alerts.surge_notice.lines[rule.id].text()
    window.close_for_good()


async def test_report_clocks_run_in_exercise_time(exercise: Exercise, qtbot: QtBot) -> None:
    dora = exercise.dora
    [item, *_] = await _items(dora, ["Someone is trying car doors on Mill Lane"], 1)
    report = await report_from(dora, [item], grade=Grade.PRIORITY)
    window = await _window(dora, qtbot)
    view = window.reports_view
    await view.refresh()
    await until(lambda: view.model.rowCount() == 1)
    clock = view.model.index(0, view.model.CLOCK)
    # Just recorded, in exercise time: the clock is fresh (by the machine's clock it
    # would be months overdue and red).
    assert view.model.data(clock, CLOCK_ROLE) is ClockState.OK
    assert report.clock_start_utc == to_iso(STARTS)

    # The form's "respond by" is the exercise's time plus the grade's allowance.
    form = ReportForm({g: 60 for g in Grade}, window, clock=dora.store.clock)
    qtbot.addWidget(form)
    assert "by Sat 14/03 10:00 GMT if recorded now" in form.clock.text()
    window.close_for_good()


async def test_the_composer_and_dialogs_offer_exercise_times(
    exercise: Exercise, qtbot: QtBot
) -> None:
    dora = exercise.dora
    channels = await queue_service.channels(dora.store)
    composer = ComposerDialog(dora, channels, Tasks())
    qtbot.addWidget(composer)
    assert typed(composer.when) == datetime(2026, 3, 14, 9, 30)  # now + 30 min, UK time
    release = ReleaseDialog(2, clock=dora.store.clock)
    qtbot.addWidget(release)
    assert typed(release.when) == datetime(2026, 3, 14, 10, 0)
    reschedule = RescheduleDialog(1, clock=dora.store.clock)
    qtbot.addWidget(reschedule)
    assert typed(reschedule.when) == datetime(2026, 3, 14, 10, 0)
    # The inbox's time column: today is the exercise's day (just the time shown).
    assert when(to_iso(STARTS - timedelta(minutes=5)), dora.store.clock()) == "08:55:00"


async def test_the_queue_today_is_the_exercise_day(exercise: Exercise, qtbot: QtBot) -> None:
    dora = exercise.dora
    view = QueueView(dora, Tasks())
    qtbot.addWidget(view)
    await view.refresh()
    assert view.model.rowCount() == 3  # the scenario's posts: one on one channel, one on two
    view.day_filter.setCurrentIndex(view.day_filter.findData(0))  # today
    await view.refresh()
    # All three fall on the exercise's Saturday (by the machine's today: none).
    assert view.model.rowCount() == 3
    view.day_filter.setCurrentIndex(view.day_filter.findData(-2))  # past
    await view.refresh()
    assert view.model.rowCount() == 0
    view.detach()


async def test_the_calendar_opens_on_the_exercise_week_with_its_now_line(
    exercise: Exercise, qtbot: QtBot
) -> None:
    dora = exercise.dora
    view = CalendarView(dora, Tasks())
    qtbot.addWidget(view)
    await view.refresh()
    assert view.monday == datetime(2026, 3, 9).date()  # the week of Saturday 14 March
    assert view.week.now == STARTS.astimezone(FORCE_ZONE).replace(tzinfo=None)
    assert len(view.week.entries) == 3
