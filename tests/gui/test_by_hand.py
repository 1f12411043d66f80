"""The Queue's "posts to make by hand" panel: a manual channel's post shows when it is
due (or soon), its text is copied, and "Posted it…" records it in the officer's name."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from console import users as user_admin
from console.posts import create_post
from console.session import Session, SignInThrottle, sign_in
from storage import audit, channels, queue
from storage.records import Role, TargetStatus
from storage.store import Transaction
from storage.timeutil import to_iso
from tests.gui.waiting import button, ok_button, shown, until
from tests.helpers import PASSWORD, make_store
from tests.team import FakeClock
from ui.common.prompts import PROMPTS
from ui.common.tasks import Tasks
from ui.common.time_entry import typed, wall_clock
from ui.queue.by_hand import PostedAnswer, PostedDialog
from ui.queue.queue_view import QueueView

pytestmark = pytest.mark.asyncio


async def _manual_channel(session: Session, name: str, network: str, account: str) -> int:
    """A duty officer's desk with one channel posted to by hand; its id."""
    await user_admin.set_roles(
        session, "alice", [Role.ADMINISTRATOR, Role.DUTY_OFFICER], reason="test"
    )

    def add(tx: Transaction) -> int:
        return channels.insert(tx.db, name=name, network=network, account=account,
                               area="North", now=tx.now())  # fmt: skip

    return await session.store.write(add)


async def test_copy_and_record_a_post_made_by_hand(session: Session, qtbot: QtBot) -> None:
    nextdoor = await _manual_channel(session, "Nextdoor Eastbridge", "nextdoor", "eastbridge")
    soon = to_iso(datetime.now(UTC) + timedelta(minutes=5))
    made = await create_post(session, body="Bin collections move to Friday this week",
                             channel_ids=[nextdoor], scheduled_utc=soon)  # fmt: skip
    target = made.targets[0].id
    view = QueueView(session, Tasks())
    qtbot.addWidget(view)
    view.show()

    await view.refresh()
    panel = view.by_hand
    assert panel.isVisible() and panel.table.rowCount() == 1
    assert "0 due now, 1 soon" in panel.heading.text()
    panel.table.selectRow(0)
    panel.copy_button.click()
    clipboard = QApplication.clipboard()
    assert clipboard is not None and clipboard.text() == "Bin collections move to Friday this week"

    posted = to_iso(datetime.now(UTC) - timedelta(minutes=1))
    PROMPTS.answer_next(PostedAnswer(posted, "https://nextdoor.example/p/123"))
    panel.posted_button.click()
    await until(lambda: "Recorded as posted on Nextdoor Eastbridge" in panel.result.text())
    await until(lambda: not panel.isVisible())

    status = await session.store.run(lambda db: queue.status_of(db, target))
    assert status is TargetStatus.PUBLISHED
    actions = await session.store.run(lambda db: [e.action for e in audit.iter_entries(db)])
    assert actions[-1] == "target.posted_by_hand"
    panel.clear()


async def test_two_linked_posts_are_copied_one_at_a_time(session: Session, qtbot: QtBot) -> None:
    from console import settings
    from console.bilingual import Choice, First, Form

    website = await _manual_channel(session, "Force website", "website", "news")
    await settings.change(session, settings.BILINGUAL, Choice(Form.TWO, First.ENGLISH),
                          reason="Welsh")  # fmt: skip
    soon = to_iso(datetime.now(UTC) + timedelta(minutes=5))
    await create_post(session, body="", welsh="Ffyrdd ar gau", english="Roads closed",
                      channel_ids=[website], scheduled_utc=soon)  # fmt: skip
    view = QueueView(session, Tasks())
    qtbot.addWidget(view)
    view.show()
    await view.refresh()
    panel = view.by_hand
    assert panel.table.item(0, 2).text() == "1: Roads closed · 2: Ffyrdd ar gau"  # type: ignore[union-attr]
    panel.table.selectRow(0)
    assert panel.second_button.isVisible() and panel.copy_button.text() == "Copy &first post"
    clipboard = QApplication.clipboard()
    assert clipboard is not None
    panel.copy_button.click()
    assert clipboard.text() == "Roads closed"
    panel.second_button.click()
    assert clipboard.text() == "Ffyrdd ar gau"
    assert panel.result.text().startswith("Second post copied: post it after the first")
    panel.clear()


async def test_posted_it_offers_now_in_uk_time_by_the_stores_clock(
    tmp_path: Path, qtbot: QtBot
) -> None:
    """The time "Posted it…" offers is the store's now (the exercise's in an exercise)
    in UK time: not the computer's own date, nor its clock in its own zone (a desk
    set to UTC would record every summer post an hour early)."""
    clock = FakeClock()
    clock.now = datetime(2027, 7, 1, 14, 20, tzinfo=UTC)  # 15:20 in the UK (BST)
    path = tmp_path / "desk.cordon"
    await (await make_store(path)).close()
    session = await sign_in(
        path, "alice", PASSWORD, via="test", throttle=SignInThrottle(), clock=clock
    )
    try:
        nextdoor = await _manual_channel(session, "Nextdoor Eastbridge", "nextdoor", "eb")
        made = await create_post(session, body="Road reopened", channel_ids=[nextdoor],
                                 scheduled_utc=to_iso(clock.now))  # fmt: skip
        view = QueueView(session, Tasks())
        qtbot.addWidget(view)
        view.show()
        await view.refresh()
        view.by_hand.table.selectRow(0)
        view.by_hand.posted_button.click()
        dialog = await shown(PostedDialog)
        assert typed(dialog.when) == datetime(2027, 7, 1, 15, 20)
        ok_button(dialog).click()
        await until(lambda: "Recorded as posted" in view.by_hand.result.text())
        posted = await session.store.run(lambda db: db.execute(
            "SELECT published_utc FROM targets WHERE id = ?", (made.targets[0].id,)
        ).fetchone()[0])  # fmt: skip
        assert posted.startswith("2027-07-01T14:20")
        view.detach()
    finally:
        await session.sign_out()


async def test_posted_at_a_time_the_clocks_skip_or_repeat_is_refused_or_asked(
    qtbot: QtBot,
) -> None:
    """01:30 on the spring night does not exist: said in the dialog, which stays open.
    01:30 on the autumn night happens twice: asked which (it was taken as the first)."""
    dialog = PostedDialog("Nextdoor Eastbridge")
    qtbot.addWidget(dialog)
    dialog.open()
    dialog.when.setDateTime(wall_clock(datetime(2027, 3, 28, 1, 30)))
    ok_button(dialog).click()
    assert dialog.isVisible()
    assert dialog.problem.text().startswith("There is no 01:30 on ")

    dialog.when.setDateTime(wall_clock(datetime(2027, 10, 31, 1, 30)))
    ok_button(dialog).click()
    which = await shown(QMessageBox)
    assert which.windowTitle() == "Which 01:00-02:00?"
    button(which, "The second (winter time)").click()
    await until(lambda: not dialog.isVisible())
    assert dialog.answer().posted_utc.startswith("2027-10-31T01:30")  # 01:30 GMT
