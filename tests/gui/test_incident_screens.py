"""The incident screens as a stressed officer uses them at 1280x800: the release
dialog names the posts and opens beside them, never over them; after stand-down
every area's counts are current at once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QFileDialog, QLineEdit
from pytestqt.qtbot import QtBot

from console import users as user_admin
from console.posts import create_post
from console.session import Session
from console.timezone import FORCE_ZONE
from incident import engage
from incident.engage import Details
from storage import channels
from storage.records import Role
from storage.store import Transaction
from storage.timeutil import to_iso
from tests.gui.waiting import shown, until
from ui.common.prompts import PROMPTS
from ui.frame.main_window import MainWindow
from ui.incident.incident_dialogs import ReleaseDialog
from widgets.mode_banner import ConsoleMode

pytestmark = pytest.mark.asyncio


async def _desk(session: Session, posts: int) -> None:
    await user_admin.set_roles(
        session, "alice", [Role.ADMINISTRATOR, Role.APPROVER, Role.DUTY_OFFICER], reason="test"
    )

    def add(tx: Transaction) -> None:
        channels.insert(tx.db, name="Force X", network="simulator", account="force",
                        area="North", now=tx.now())  # fmt: skip

    await session.store.write(add)
    for n in range(posts):
        later = to_iso(datetime.now(UTC) + timedelta(minutes=60 + n))
        await create_post(session, body=f"Community post {n}", channel_ids=[1],
                          scheduled_utc=later)  # fmt: skip


async def _engaged(session: Session, qtbot: QtBot, posts: int) -> MainWindow:
    await _desk(session, posts)
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    await until(lambda: window.loaded)
    PROMPTS.answer_next(None)  # the details dialog, closed: the hold stays
    window.engage_button.click()
    await until(lambda: window.incident_counts.held == posts and PROMPTS.pending() == 0)
    await until(lambda: window.incident_view.model.rowCount() == posts)
    return window


async def test_the_release_dialog_names_the_post_and_does_not_cover_it(
    session: Session, qtbot: QtBot
) -> None:
    window = await _engaged(session, qtbot, 14)
    view = window.incident_view
    table = view.table
    middle = 7  # a row half-way down the window, where a centred dialog would sit
    table.selectRow(middle)
    row = table.visualRect(view.model.index(middle, 0))
    row.setWidth(table.viewport().width())
    on_screen = QRect(table.viewport().mapToGlobal(row.topLeft()), row.size())
    view.release_button.click()
    dialog = await shown(ReleaseDialog)
    assert "Force X: Community post 7" in dialog.posts.text()
    await until(lambda: not dialog.frameGeometry().intersects(on_screen))
    dialog.reject()
    window.close_for_good()


async def test_after_stand_down_every_area_s_counts_are_current_at_once(
    session: Session, qtbot: QtBot
) -> None:
    window = await _engaged(session, qtbot, 3)
    incident = window.incident
    assert incident is not None
    await engage.describe(session, incident.id, Details("Eastbridge market", reason="shots"))
    queue = window.queue_view
    await until(lambda: "3 held" in queue.counts.text())
    view = window.incident_view
    view.table.selectAll()
    PROMPTS.answer_next("no longer fit to publish")
    view.cancel_button.click()
    await until(lambda: window.incident_counts.held == 0)
    PROMPTS.answer_next("scene released")
    view.stand_down_button.click()
    await until(lambda: window.banner.mode is ConsoleMode.NORMAL)
    assert window.current_area() == "incident"  # the queue is not on screen...
    await until(lambda: "held" not in queue.counts.text())  # ...and is current all the same
    assert "3 cancelled" in queue.counts.text()

    # Its report's suggested file name carries the incident's name and day.
    await until(lambda: view.past.count() == 1)
    view.past.setCurrentRow(0)
    view.past_report.click()
    chooser = await shown(QFileDialog)
    name = chooser.findChild(QLineEdit, "fileNameEdit")
    assert name is not None
    day = datetime.now(FORCE_ZONE).date().isoformat()
    assert name.text() == f"incident-report-eastbridge-market-{day}.pdf"
    chooser.reject()
    window.close_for_good()
