"""The queue area: a lazy model over the real queue, filters, cancel, live updates."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from console import users as user_admin
from console.adapters import ByNetwork
from console.channels.simulator import SimulatorAdapter
from console.posts import create_post
from console.publisher import Publisher
from console.session import Session
from console.simulator import SimulatorServer
from storage import channels
from storage.i18n import WELSH
from storage.records import Role, TargetStatus
from storage.store import Transaction
from storage.timeutil import to_iso
from tests.gui.waiting import ok_button, shown, until
from tests.helpers import FAST_KDF
from ui.common.lazy_model import LOADING, PAGE_SIZE
from ui.common.prompts import PROMPTS
from ui.common.tasks import Tasks
from ui.common.time_entry import wall_clock
from ui.common.translations import install
from ui.queue.queue_view import QueueView, RescheduleDialog

pytestmark = pytest.mark.asyncio


async def _officer(session: Session) -> Session:
    await user_admin.set_roles(
        session, "alice", [Role.ADMINISTRATOR, Role.DUTY_OFFICER], reason="test"
    )

    def add(tx: Transaction) -> None:
        for name, account in (("Force X", "force"), ("Force South", "south")):
            channels.insert(tx.db, name=name, network="simulator", account=account, area="",
                            now=tx.now())  # fmt: skip

    await session.store.write(add)
    return session


def _at(minutes: float) -> str:
    return to_iso(datetime.now(UTC) + timedelta(minutes=minutes))


async def _view(session: Session, qtbot: QtBot) -> QueueView:
    view = QueueView(session, Tasks())
    qtbot.addWidget(view)
    view.resize(1300, 700)
    view.show()
    await view.refresh()
    return view


async def test_queue_lists_targets_in_time_order_and_filters(
    session: Session, qtbot: QtBot, qtmodeltester: ModelTester
) -> None:
    officer = await _officer(session)
    await create_post(officer, body="Later post", channel_ids=[1, 2], scheduled_utc=_at(90))
    await create_post(officer, body="Sooner post", channel_ids=[1], scheduled_utc=_at(30))
    view = await _view(session, qtbot)
    model = view.model
    assert model.rowCount() == 3
    await until(lambda: model.data(model.index(0, 3)) != LOADING)
    assert [model.data(model.index(r, 3)) for r in range(3)] == [
        "Sooner post", "Later post", "Later post",
    ]  # fmt: skip
    assert model.data(model.index(0, 1)) == "queued"
    assert view.counts.text() == "3 queued"
    qtmodeltester.check(model)  # type: ignore[no-untyped-call]
    view.search.setText("later")
    await until(lambda: model.rowCount() == 2)
    view.search.clear()
    view.channel_filter.setCurrentIndex(view.channel_filter.findData(2))
    await until(lambda: model.rowCount() == 1)
    view.detach()


async def test_cancel_selected_needs_a_reason_and_leaves_others(
    session: Session, qtbot: QtBot
) -> None:
    officer = await _officer(session)
    await create_post(officer, body="Keep me", channel_ids=[1], scheduled_utc=_at(30))
    await create_post(officer, body="Cancel me", channel_ids=[1, 2], scheduled_utc=_at(60))
    view = await _view(session, qtbot)
    view.table.selectRow(1)
    view.table.selectionModel().select(
        view.model.index(2, 0),
        view.table.selectionModel().SelectionFlag.Select
        | view.table.selectionModel().SelectionFlag.Rows,
    )
    PROMPTS.answer_next(None)  # the officer thinks again
    view.cancel_button.click()
    assert view.result.text() == ""
    PROMPTS.answer_next("event called off")
    view.cancel_button.click()
    await until(lambda: view.result.text() == "Cancelled 2 targets.")
    await until(lambda: view.counts.text() == "1 queued · 2 cancelled")
    view.detach()


async def test_the_queue_updates_itself_as_posts_go_out(session: Session, qtbot: QtBot) -> None:
    officer = await _officer(session)
    await create_post(officer, body="Going out now", channel_ids=[1], scheduled_utc=_at(-1))
    view = await _view(session, qtbot)
    assert view.counts.text() == "1 queued"
    simulator = SimulatorServer().start()
    adapter = SimulatorAdapter(simulator.url)
    try:
        await Publisher(session.store, ByNetwork({"simulator": adapter})).publish_due()
        await until(lambda: view.counts.text() == "1 published")
        await until(lambda: str(view.model.data(view.model.index(0, 5))).startswith("https://"))
    finally:
        await adapter.aclose()
        simulator.stop()
        view.detach()


async def test_a_hundred_thousand_targets_load_only_what_is_on_screen(
    session: Session, qtbot: QtBot
) -> None:
    officer = await _officer(session)
    await create_post(officer, body="seed", channel_ids=[1], scheduled_utc=_at(1))

    def bulk(tx: Transaction) -> None:
        now = tx.now()
        tx.db.executemany(
            "INSERT INTO posts (id, author_id, body, created_utc, updated_utc)"
            " VALUES (?, 1, ?, ?, ?)",
            [(n, f"bulk post {n}", now, now) for n in range(2, 100_001)],
        )
        tx.db.executemany(
            "INSERT INTO targets (post_id, channel_id, status, scheduled_utc, updated_utc)"
            " VALUES (?, 1, 'queued', ?, ?)",
            [(n, _at(n), now) for n in range(2, 100_001)],
        )

    await session.store.write(bulk)
    view = await _view(session, qtbot)
    model = view.model
    assert model.rowCount() == 100_000
    fetched: list[int] = []
    model.pageLoaded.connect(fetched.append)
    await until(lambda: 0 in fetched)
    view.table.scrollToBottom()
    await until(lambda: (model.rowCount() - 1) // PAGE_SIZE in fetched)
    assert len(set(fetched)) <= 4
    assert model.data(model.index(model.rowCount() - 1, 3)) == "bulk post 100000"
    view.detach()


async def test_import_calendar_shows_the_report_and_imports_when_accepted(
    session: Session, qtbot: QtBot, tmp_path: object
) -> None:
    from pathlib import Path

    assert isinstance(tmp_path, Path)
    await _officer(session)
    calendar = tmp_path / "week.csv"
    calendar.write_text(
        "time,channels,text\n2030-06-01 09:00,Force X,Good row\n2030-06-01 10:00,Nope,Bad row\n",
        encoding="utf-8",
    )
    view = await _view(session, qtbot)
    PROMPTS.answer_next(str(calendar), True)
    view.import_button.click()
    await until(lambda: view.result.text() == "Imported 1 post.")
    assert any("line 3: there is no channel called 'Nope'" in q for q in PROMPTS.shown)
    await until(lambda: view.model.rowCount() == 1)
    view.detach()


async def test_an_import_with_many_bad_rows_fits_the_screen_and_forgets_the_last_file(
    session: Session, qtbot: QtBot, tmp_path: object
) -> None:
    from pathlib import Path

    assert isinstance(tmp_path, Path)
    await _officer(session)
    latin = tmp_path / "latin.csv"
    latin.write_bytes("time,channels,text\n2030-06-01 09:00,Force X,Caf\xe9\n".encode("latin-1"))
    calendar = tmp_path / "week.csv"
    bad = "".join(f"2030-06-01 10:{m:02d},Nope,Bad row {m}\n" for m in range(59))
    calendar.write_text(
        "time,channels,text\n2030-06-01 09:00,Force X,Good row\n" + bad, encoding="utf-8"
    )
    view = await _view(session, qtbot)
    PROMPTS.answer_next(str(latin))
    view.import_button.click()
    await until(lambda: "latin.csv is not UTF-8" in view.result.text())

    PROMPTS.answer_next(str(calendar))  # the box itself is shown, as to the officer
    view.import_button.click()
    box = await shown(QMessageBox)
    assert view.result.text() == ""  # not the last file's problem
    text = box.text()
    assert "line 3: there is no channel called 'Nope'" in text
    assert "line 12:" in text and "line 13:" not in text
    assert "… and 49 more problems." in text
    assert "line 61:" in box.detailedText()  # the whole list, scrolled in the details
    assert box.width() <= 1280 and box.height() <= 800, f"{box.width()}x{box.height()}"
    yes = next(b for b in box.buttons() if b.text() == "Import 1 row")
    assert yes.isVisible()
    assert yes.mapTo(box, yes.rect().bottomRight()).y() <= box.height()
    yes.click()
    await until(lambda: view.result.text() == "Imported 1 post.")
    view.detach()


async def test_missed_and_failed_posts_are_rescheduled_by_a_person(
    session: Session, qtbot: QtBot
) -> None:
    officer = await _officer(session)
    await create_post(officer, body="Was missed", channel_ids=[1], scheduled_utc=_at(30))
    await create_post(officer, body="Was sent", channel_ids=[2], scheduled_utc=_at(30))
    await session.store.run(lambda db: db.execute(
        "UPDATE targets SET status = 'missed' WHERE id = 1"))  # fmt: skip
    await session.store.run(lambda db: db.execute(
        "UPDATE targets SET status = 'published' WHERE id = 2"))  # fmt: skip
    view = await _view(session, qtbot)
    view.table.selectAll()
    new_time = (datetime.now(UTC) + timedelta(days=3)).replace(tzinfo=None)
    PROMPTS.answer_next(
        (new_time.replace(hour=10, minute=0, second=0, microsecond=0), "still relevant")
    )
    view.reschedule_button.click()
    await until(lambda: view.result.text().startswith("Rescheduled 1 target for"))  # not published
    await until(lambda: view.counts.text() == "1 queued · 1 published")
    view.detach()


async def test_rescheduling_into_the_past_is_refused_in_a_sentence(session: Session) -> None:
    from console import queue as queue_service
    from storage.errors import StoreError

    officer = await _officer(session)
    await create_post(officer, body="x", channel_ids=[1], scheduled_utc=_at(30))
    with pytest.raises(StoreError, match="That time has passed"):
        await queue_service.reschedule_targets(officer, [1], _at(-5))


async def test_a_rejected_post_shows_the_reason_and_text_copies_transiently(
    session: Session, qtbot: QtBot
) -> None:
    from PySide6.QtGui import QGuiApplication

    from console import approval
    from storage.records import ContentKind

    officer = await _officer(session)
    await approval.set_rule(officer, 1, ContentKind.POST, True)
    await create_post(officer, body="Names a suspect", channel_ids=[1], scheduled_utc=_at(60))
    gold = await user_admin.add_user(
        officer, name="gold", password="gold commander 1", roles=[Role.APPROVER], kdf=FAST_KDF
    )
    await approval.reject(Session(session.store, gold, via="test"), 1, reason="Do not name him")
    view = await _view(session, qtbot)
    await until(lambda: view.model.data(view.model.index(0, 5)) == "Sent back: Do not name him")
    assert view.model.data(view.model.index(0, 1)) == "draft · rejected"
    view.table.selectRow(0)
    view.copy_selected_text()
    assert QGuiApplication.clipboard().text() == "Names a suspect"
    view.detach()  # leaving clears what Cordon copied
    assert QGuiApplication.clipboard().text() == ""


async def test_an_approver_rejects_in_the_queue_with_a_reason(
    session: Session, qtbot: QtBot
) -> None:
    from console import approval
    from storage.records import ContentKind

    officer = await _officer(session)
    await approval.set_rule(officer, 1, ContentKind.POST, True)
    gold = await user_admin.add_user(
        officer, name="gold", password="gold commander 1", roles=[Role.APPROVER], kdf=FAST_KDF
    )
    await create_post(officer, body="Too early to say this", channel_ids=[1], scheduled_utc=_at(60))
    view = await _view(session, qtbot)
    view.adopt(Session(session.store, gold, via="test"))
    await until(lambda: view.model.record_at(0) is not None)
    view.table.selectRow(0)
    PROMPTS.answer_next(None)  # no reason given: nothing happens
    view.reject_button.click()
    assert view.result.text() == ""
    PROMPTS.answer_next("Wait for the family to be told")
    view.reject_button.click()
    await until(lambda: view.result.text() == "Sent back to the author.")
    await until(lambda: view.model.data(view.model.index(0, 1)) == "draft · rejected")
    view.detach()


async def test_the_queue_filters_by_author_and_by_day(session: Session, qtbot: QtBot) -> None:
    officer = await _officer(session)
    other = await user_admin.add_user(
        officer, name="dora", password="dora long phrase", roles=[Role.DUTY_OFFICER],
        display_name="PC Dora", kdf=FAST_KDF,
    )  # fmt: skip
    await create_post(officer, body="Mine, soon", channel_ids=[1], scheduled_utc=_at(5))
    await create_post(Session(session.store, other, via="test"), body="Dora's, next month",
                      channel_ids=[1], scheduled_utc=_at(60 * 24 * 20))  # fmt: skip
    view = await _view(session, qtbot)
    assert view.model.rowCount() == 2
    view.author_filter.setCurrentIndex(view.author_filter.findData("dora"))
    await until(lambda: view.model.rowCount() == 1)
    await until(lambda: view.model.data(view.model.index(0, 3)) == "Dora's, next month")
    view.author_filter.setCurrentIndex(0)
    view.day_filter.setCurrentIndex(view.day_filter.findData(7))  # the next 7 days
    await until(lambda: view.model.rowCount() == 1)
    await until(lambda: view.model.data(view.model.index(0, 3)) == "Mine, soon")
    view.day_filter.setCurrentIndex(view.day_filter.findData(30))
    await until(lambda: view.model.rowCount() == 2)
    view.day_filter.setCurrentIndex(view.day_filter.findData(-2))  # past
    await until(lambda: view.model.rowCount() == 0)
    view.detach()


async def test_the_state_filter_names_the_states_in_the_officers_language(
    session: Session, qtbot: QtBot, qapp: QApplication
) -> None:
    officer = await _officer(session)
    await create_post(officer, body="Ar y ciw", channel_ids=[1], scheduled_utc=_at(30))
    install(qapp, WELSH)  # the autouse fixture puts English back
    view = await _view(session, qtbot)
    states = [view.status_filter.itemText(i) for i in range(1, view.status_filter.count())]
    assert states == [status.label for status in TargetStatus]
    assert TargetStatus.QUEUED.label == "yn y ciw"  # as its pill says it, not "queued"
    view.status_filter.setCurrentIndex(view.status_filter.findText("yn y ciw"))
    await until(lambda: view.model.rowCount() == 1)  # it still filters by the state's key
    view.status_filter.setCurrentIndex(view.status_filter.findData("draft"))
    await until(lambda: view.model.rowCount() == 0)
    view.detach()


async def test_the_queue_says_what_it_did_across_its_width_under_the_buttons(
    session: Session, qtbot: QtBot, qapp: QApplication
) -> None:
    """At 1280x800 (the queue area is what the navigation leaves) and in Welsh, whose
    buttons are wider: the sentence after an action reads on a line or two, not in a
    column a word wide beside the buttons."""
    officer = await _officer(session)
    for n in range(3):
        await create_post(officer, body=f"Post {n}", channel_ids=[1, 2], scheduled_utc=_at(30))
    install(qapp, WELSH)
    view = await _view(session, qtbot)
    view.resize(1090, 700)
    view.table.selectAll()
    new_time = (datetime.now(UTC) + timedelta(days=3)).replace(tzinfo=None)
    PROMPTS.answer_next((new_time.replace(hour=10, minute=0, second=0, microsecond=0), "rheswm"))
    view.reschedule_button.click()
    await until(lambda: view.result.text().startswith("Aildrefnwyd 6"))
    await until(lambda: view.result.height() <= 2 * view.result.fontMetrics().lineSpacing() + 4)
    assert view.result.width() > view.width() // 2
    view.detach()


async def test_a_reschedule_time_in_the_spring_gap_is_refused_in_the_dialog(
    session: Session, qtbot: QtBot
) -> None:
    """The dialog says why and stays open with what was typed (it closed, and the
    officer had to choose the posts and write the reason again)."""
    officer = await _officer(session)
    await create_post(officer, body="Clocks change", channel_ids=[1, 2], scheduled_utc=_at(30))
    view = await _view(session, qtbot)
    view.table.selectAll()
    view.reschedule_button.click()
    dialog = await shown(RescheduleDialog)
    QTest.keyClicks(dialog.reason, "after the clocks change")
    dialog.when.setDateTime(wall_clock(datetime(2027, 3, 28, 1, 30)))
    ok_button(dialog).click()
    assert dialog.isVisible()
    assert dialog.problem.text().startswith("There is no 01:30 on Sunday 28 March 2027")
    assert dialog.reason.text() == "after the clocks change"
    dialog.when.setDateTime(wall_clock(datetime(2027, 3, 28, 2, 30)))
    assert not dialog.problem.isVisible()
    ok_button(dialog).click()
    await until(lambda: view.result.text().startswith("Rescheduled 2 targets for Sun 28 Mar"))
    view.detach()


async def test_approving_late_then_not_saying_which_autumn_time_approves_nothing_quietly(
    session: Session, qtbot: QtBot
) -> None:
    """A post approved after its time needs a new one; the officer types 01:30 on the
    night the clocks go back, then cancels the question which: that post is left as
    it was and the queue says so (it said Cordon had met something it did not expect)."""
    from console import approval
    from storage.records import ContentKind

    officer = await _officer(session)
    await approval.set_rule(officer, 1, ContentKind.POST, True)
    gold = await user_admin.add_user(
        officer, name="gold", password="gold commander 1", roles=[Role.APPROVER], kdf=FAST_KDF
    )
    await create_post(officer, body="Was due an hour ago", channel_ids=[1], scheduled_utc=_at(60))
    await session.store.run(lambda db: db.execute(
        "UPDATE targets SET scheduled_utc = ?", (_at(-60),)))  # fmt: skip
    view = await _view(session, qtbot)
    view.adopt(Session(session.store, gold, via="test"))
    await until(lambda: view.model.record_at(0) is not None)
    view.table.selectRow(0)
    PROMPTS.answer_next("Checked with the duty inspector")
    view.approve_button.click()
    dialog = await shown(RescheduleDialog)
    dialog.when.setDateTime(wall_clock(datetime(2027, 10, 31, 1, 30)))
    ok_button(dialog).click()
    which = await shown(QMessageBox)
    assert which.windowTitle() == "Which 01:00-02:00?"
    which.reject()
    await until(lambda: view.result.text() != "")
    assert view.result.text() == "Approved 0 of 1."
    view.detach()


async def test_a_filtered_queue_says_how_many_it_shows_beside_the_totals(
    session: Session, qtbot: QtBot
) -> None:
    """The totals are the whole queue's: filtered, the queue says how many rows it
    shows too (it said "1,200 queued" beside a table of 3)."""
    officer = await _officer(session)
    for n in range(3):
        await create_post(officer, body=f"Post {n}", channel_ids=[1, 2], scheduled_utc=_at(30))
    await create_post(officer, body="Bins", channel_ids=[1], scheduled_utc=_at(40))
    view = await _view(session, qtbot)
    assert view.counts.text() == "7 queued"
    view.channel_filter.setCurrentIndex(view.channel_filter.findData(2))
    await until(lambda: view.counts.text() == "3 shown — 7 queued")
    QTest.keyClicks(view.search, "bins")
    await until(lambda: view.counts.text() == "0 shown — 7 queued")
    view.search.clear()
    view.channel_filter.setCurrentIndex(0)
    await until(lambda: view.counts.text() == "7 queued")
    view.detach()
