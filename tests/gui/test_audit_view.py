"""The audit area: a lazy model over the real log, verify, tamper, export."""

from __future__ import annotations

import asyncio
import csv
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLineEdit, QMessageBox
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from console import audit_trail
from console.session import Session, SignInThrottle, sign_in
from storage.audit import AuditFilter
from tests.gui.waiting import button, ok_button, shown, until
from tests.helpers import PASSWORD, add_entries, raw_db, tamperable
from tests.test_state_columns import an_old_store
from ui.audit.audit_model import LOADING, PAGE_SIZE, AuditTableModel, summarise
from ui.audit.audit_view import AuditView
from ui.common.prompts import PROMPTS, DisclosureDialog
from ui.common.tasks import Tasks

pytestmark = pytest.mark.asyncio


def _model(session: Session) -> AuditTableModel:
    store = session.store
    return AuditTableModel(
        lambda flt: audit_trail.matching_seqs(store, flt),
        lambda seqs: audit_trail.entries(store, seqs),
        Tasks(),
    )


async def test_model_passes_qt_model_tester(session: Session, qtmodeltester: ModelTester) -> None:
    await add_entries(session.store, 450)
    model = _model(session)
    await model.reload()
    assert model.rowCount() == 453  # creation (2), sign-in (1), and the 450
    await until(lambda: model.data(model.index(0, 2)) != LOADING)
    qtmodeltester.check(model)  # type: ignore[no-untyped-call]


async def test_rows_load_a_page_at_a_time_newest_first(session: Session) -> None:
    await add_entries(session.store, 3 * PAGE_SIZE)
    model = _model(session)
    loaded: list[int] = []
    model.pageLoaded.connect(loaded.append)
    await model.reload()
    assert model.data(model.index(0, 0)) == str(3 * PAGE_SIZE + 3)
    assert model.data(model.index(0, 3)) == LOADING  # asked for: page 0 is on its way
    await until(lambda: loaded == [0])
    assert model.data(model.index(0, 3)) == "test.note"
    last = model.rowCount() - 1
    assert model.data(model.index(last, 3)) == LOADING
    await until(lambda: 3 in loaded)
    assert model.data(model.index(last, 3)) == "store.create"
    assert loaded == [0, 3]  # the pages in between were never fetched


async def test_filters_reload_the_model(session: Session) -> None:
    await add_entries(session.store, 5, actor="bob")
    model = _model(session)
    assert await model.reload(AuditFilter(actor="bob")) == 5
    assert await model.reload(AuditFilter(action="session.")) == 1
    assert await model.reload(AuditFilter()) == 8


async def test_details_summarise_before_and_after() -> None:
    assert summarise('{"a":1,"b":2}', '{"a":1,"b":3,"c":[4,5]}') == "a: 1; b: 2 → 3; c: 4, 5"
    assert summarise(None, None) == ""
    assert summarise('{"gone":1}', "{}") == "gone: 1 → (removed)"
    # the row digests an entry carries are the trail's own: not in the one-line summary
    assert summarise(None, '{"_rows":"9adb","reason":"flood"}') == "reason: flood"


async def _view(session: Session, qtbot: QtBot) -> AuditView:
    view = AuditView(session.store, session.user.name, Tasks(), None)
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    await view.refresh()
    return view


async def test_view_verifies_with_progress_and_says_intact(session: Session, qtbot: QtBot) -> None:
    await add_entries(session.store, 100)
    view = await _view(session, qtbot)
    assert view.count_label.text() == "103 entries"
    verdict = await view.verify()
    assert verdict is not None and verdict.ok
    assert view.verdict_label.text().startswith("Intact: 103 entries, newest hash ")
    assert view.progress.value() == view.progress.maximum() == 103
    assert view.verify_button.isEnabled()


async def test_view_names_a_row_changed_outside_cordon(session: Session, qtbot: QtBot) -> None:
    with raw_db(session.store.path) as db:
        db.execute("UPDATE users SET display_name = 'Someone else' WHERE id = 1")
    view = await _view(session, qtbot)
    verdict = await view.verify()
    assert verdict is not None and verdict.ok  # the chain itself is whole
    text = view.verdict_label.text()
    assert "State: NOT as the audit trail says: user 1 is not what entry #" in text
    assert view.verdict_label.objectName() == "errorText"


async def test_view_says_what_moving_to_the_new_columns_found(
    tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A row changed outside Cordon before the store began checking more columns,
    and changed by Cordon since: the row agrees now, but the entry that moved the
    store says what it found, and the view says so as a problem."""
    path = tmp_path / "old.cordon"
    await an_old_store(path, monkeypatch)
    with raw_db(path) as db:
        db.execute("UPDATE posts SET body = 'Forged' WHERE id = 2")
    session = await sign_in(path, "alice", PASSWORD, via="test", throttle=SignInThrottle())
    try:
        await session.store.write(
            lambda tx: tx.execute("UPDATE posts SET review_note = 'seen' WHERE id = 2")
        )
        view = await _view(session, qtbot)
        verdict = await view.verify()
        assert verdict is not None and verdict.ok
        text = view.verdict_label.text()
        assert "which began checking more of each row's columns, first found that post 2" in text
        assert view.verdict_label.objectName() == "errorText"
    finally:
        await session.sign_out()


async def test_view_names_the_tampered_entry_and_selects_it(session: Session, qtbot: QtBot) -> None:
    await add_entries(session.store, 20)
    with tamperable(session.store.path) as db:
        db.execute("UPDATE audit_log SET actor = 'mallory' WHERE seq = 9")
    view = await _view(session, qtbot)
    verdict = await view.verify()
    assert verdict is not None and not verdict.ok
    assert view.verdict_label.text() == (
        "NOT intact. Entry #9 was altered: its contents no longer match its hash."
    )
    assert view.model.seq_at(view.table.currentIndex().row()) == 9


async def test_view_exports_with_a_recorded_disclosure(
    session: Session, qtbot: QtBot, tmp_path: Path
) -> None:
    view = await _view(session, qtbot)
    out = tmp_path / "export.csv"
    PROMPTS.answer_next(str(out), ("Subject access request", "Information Unit"))
    view.export_button.click()
    await until(lambda: view.verdict_label.text().startswith("Exported"))
    rows = list(csv.DictReader(out.read_text(encoding="utf-8").splitlines()))
    assert rows[-1]["action"] == "audit.export"
    assert rows[-1]["recipient"] == "Information Unit"
    assert Path(str(out) + ".checkpoint.json").exists()
    await until(lambda: view.count_label.text() == "4 entries")


async def test_an_export_named_without_an_extension_asks_before_replacing(
    session: Session, qtbot: QtBot, tmp_path: Path
) -> None:
    """ "audit-out" is audit-out.csv under CSV: the replace question is asked of it;
    under JSON lines it is audit-out.jsonl, written as JSON lines."""
    there = tmp_path / "audit-out.csv"
    there.write_text("kept")
    view = await _view(session, qtbot)
    view.export_button.click()
    chooser = await shown(QFileDialog)
    name = chooser.findChild(QLineEdit, "fileNameEdit")
    assert isinstance(name, QLineEdit)
    name.setText(str(tmp_path / "audit-out"))  # set, not typed: typing pops up its completer
    button(chooser, "Save").click()
    replace = await shown(QMessageBox)
    assert replace.text() == "audit-out.csv already exists. Replace it?"
    button(replace, "Choose another name").click()
    again = await shown(QFileDialog)
    again.selectNameFilter("JSON lines (*.jsonl)")
    name = again.findChild(QLineEdit, "fileNameEdit")
    assert isinstance(name, QLineEdit)
    name.setText(str(tmp_path / "audit-out"))
    button(again, "Save").click()
    disclosure = await shown(DisclosureDialog)
    for edit, words in zip(
        disclosure.findChildren(QLineEdit), ("Audit", "Professional Standards"), strict=True
    ):
        edit.setText(words)
    ok_button(disclosure).click()
    await until(lambda: view.verdict_label.text().startswith("Exported"))
    assert there.read_text() == "kept"
    lines = (tmp_path / "audit-out.jsonl").read_text(encoding="utf-8").splitlines()
    assert lines and all(line.startswith("{") for line in lines)
    assert not (tmp_path / "audit-out").exists()


async def test_cancelling_the_disclosure_exports_nothing(
    session: Session, qtbot: QtBot, tmp_path: Path
) -> None:
    view = await _view(session, qtbot)
    PROMPTS.answer_next(str(tmp_path / "x.csv"), None)
    view.export_button.click()
    await asyncio.sleep(0.05)
    assert not (tmp_path / "x.csv").exists()
    assert (
        await session.store.run(
            lambda db: db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
        )
        == 3
    )


async def test_export_failure_is_a_sentence_in_the_view(
    session: Session, qtbot: QtBot, tmp_path: Path
) -> None:
    view = await _view(session, qtbot)
    PROMPTS.answer_next(str(tmp_path / "missing" / "x.csv"), ("why", "whom"))
    view.export_button.click()
    await until(lambda: view.verdict_label.text().startswith("Export failed"))
    assert "does not exist: create it first" in view.verdict_label.text()


async def test_selecting_a_row_shows_the_whole_entry(session: Session, qtbot: QtBot) -> None:
    view = await _view(session, qtbot)
    await until(lambda: view.model.data(view.model.index(0, 3)) != LOADING)
    view.table.selectRow(0)
    await until(lambda: "session.sign_in" in view.detail.toPlainText())
    text = view.detail.toPlainText()
    assert "Entry #3" in text and "Previous hash:" in text


async def test_filter_widgets_drive_the_model(session: Session, qtbot: QtBot) -> None:
    await add_entries(session.store, 4, actor="bob")
    view = await _view(session, qtbot)
    view.officer.setCurrentIndex(view.officer.findData("bob"))
    await until(lambda: view.count_label.text() == "4 entries")
    view.reset_filters()
    await until(lambda: view.count_label.text() == "7 entries")
    view.action.setCurrentIndex(view.action.findData("user."))
    await until(lambda: view.count_label.text() == "1 entry")
    assert view.model.data(view.model.index(0, 0), Qt.ItemDataRole.DisplayRole) == "2"


async def test_from_after_to_says_so_and_clear_puts_the_dates_back(
    session: Session, qtbot: QtBot
) -> None:
    view = await _view(session, qtbot)
    since, until_ = view.since.dateTime(), view.until.dateTime()
    assert since < until_
    view.use_since.setChecked(True)
    view.use_until.setChecked(True)
    view.since.setDateTime(until_.addDays(2))  # typed the wrong way round
    await until(lambda: view.count_label.text() == "No entries: From is after To")
    view.clear_filters.click()
    await until(lambda: view.count_label.text() == "3 entries")
    assert not view.use_since.isChecked() and not view.use_until.isChecked()
    # a day back and an hour ahead again (read at Clear: the minute may have turned)
    assert abs(view.since.dateTime().secsTo(since)) <= 60
    assert abs(view.until.dateTime().secsTo(until_)) <= 60


async def test_a_hundred_thousand_entries_load_only_what_is_on_screen(
    session: Session, qtbot: QtBot
) -> None:
    await add_entries(session.store, 100_000)
    view = await _view(session, qtbot)
    model = view.model
    assert model.rowCount() == 100_003
    fetched: list[int] = []
    model.pageLoaded.connect(fetched.append)
    await until(lambda: 0 in fetched)  # the first screenful
    view.table.scrollToBottom()
    await until(lambda: (model.rowCount() - 1) // PAGE_SIZE in fetched)
    view.table.scrollTo(model.index(50_000, 0))
    await until(lambda: 50_000 // PAGE_SIZE in fetched)
    # Three screens visited, three (or a few neighbouring) pages fetched, not 500.
    assert len(set(fetched)) <= 6
    assert model.data(model.index(model.rowCount() - 1, 3)) == "store.create"


async def test_the_window_s_trail_shows_new_entries_and_keeps_the_one_being_read(
    session: Session, qtbot: QtBot
) -> None:
    """Entries written while the audit area is on screen (the engine's, another
    console's) show within a second or so, the entry being read stays selected;
    written while it is hidden, they show when it is shown again."""
    from ui.frame.main_window import MainWindow

    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    await until(lambda: window.loaded)
    window.show_area("audit")
    view = window.audit_view
    newest = await audit_trail.current_checkpoint(session.store)
    await until(lambda: view.model.rowCount() == newest.seq)
    view.table.selectRow(0)
    reading = view.model.id_at(0)

    await add_entries(session.store, 3)
    await until(lambda: view.model.rowCount() == newest.seq + 3)
    assert view.model.id_at(0) == newest.seq + 3  # newest first
    assert [view.model.id_at(i.row()) for i in view.table.selectionModel().selectedRows()] == [
        reading
    ]

    window.show_area("queue")
    await add_entries(session.store, 2)
    await asyncio.sleep(1.5)  # the checkpoint timer has run: the hidden list is stale
    window.show_area("audit")
    await until(lambda: view.model.rowCount() == newest.seq + 5)
    window.close_for_good()
