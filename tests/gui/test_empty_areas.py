"""Empty areas say what fills them and offer the action; an officer who may read
the inbox but not work it (an exercise's trainer) is told why and how; exercises
ship the desk's saved replies, the 999 reply first."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from console import users as user_admin
from console.inbox import saved_replies
from console.session import Session, SignInThrottle, sign_in
from incident.exercise import service
from storage import saved_replies as reply_rows
from storage.records import Role
from tests.exercise.conftest import SMALL, TRAINER
from tests.gui.waiting import until
from tests.helpers import FAST_KDF, PASSWORD
from ui.frame.main_window import MainWindow

pytestmark = pytest.mark.asyncio


async def test_the_empty_inbox_and_reports_say_what_fills_them_and_lead_there(
    session: Session, qtbot: QtBot
) -> None:
    await user_admin.set_roles(session, "alice", [Role.ADMINISTRATOR, Role.DUTY_OFFICER],
                               reason="test")  # fmt: skip
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    window.show_area("reports")
    reports = window.reports_view
    await until(lambda: reports.table_or_empty.currentWidget() is reports.empty)
    assert "recorded from a conversation in the Inbox" in reports.empty.sentence.text()
    reports.empty.buttons["inbox"].click()
    assert window.current_area() == "inbox"
    inbox = window.inbox_view
    await until(lambda: inbox.table_or_empty.currentWidget() is inbox.empty)
    assert inbox.empty.heading.text() == "Nothing has arrived yet"
    inbox.empty.buttons["channels"].click()
    assert window.current_area() == "channels"
    assert not inbox.role_notice.isVisibleTo(window)  # alice works the inbox: no notice
    window.close_for_good()


async def test_the_trainer_is_told_how_to_work_the_inbox_and_the_999_reply_ships(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path = await service.create_exercise(
        tmp_path / "ex.cordon", SMALL, TRAINER, PASSWORD, kdf=FAST_KDF
    )
    trainer = await sign_in(path, TRAINER, PASSWORD, via="test", throttle=SignInThrottle())
    try:
        window = MainWindow(trainer)
        qtbot.addWidget(window)
        window.show()
        window.show_area("inbox")
        notice = window.inbox_view.role_notice
        await until(notice.isVisible)
        assert "trainer" in notice.text() and "sign in with their name" in notice.text()
        found = await trainer.store.run(lambda db: reply_rows.all_replies(db, active_only=True))
        names = [reply.name for reply in found]
        assert {name for name, _text in saved_replies.shipped()} <= set(names)
        assert "call 999" in next(r.body for r in found if r.name == "Emergency: call 999")
        window.close_for_good()
    finally:
        await trainer.sign_out()
