"""Reports from the public in the window: recorded from inbox items (the function
the inbox calls), listed with their running clocks, opened only with a reason
(a consultation, asked once per report per session), changed as new versions,
moved on, and exported as PDF or JSON recorded as a disclosure."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QLineEdit, QMessageBox
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from console import users as user_admin
from console.reports import service
from console.reports.grading import Category, ClockState, Grade, ReportState
from console.session import Session
from storage import channels
from storage.records import AuditCategory, Role
from storage.timeutil import from_iso
from tests.gui.fits import cut_columns
from tests.gui.waiting import button, ok_button, shown, until
from tests.reports.helpers import THRIVE, add_items, entries, item
from ui.common.prompts import PROMPTS, DisclosureDialog
from ui.frame.main_window import MainWindow
from ui.reports.report_dialogs import ReportAnswer, ReportForm, record_report
from ui.reports.reports_view import CLOCK_ROLE, ReportsModel

pytestmark = pytest.mark.asyncio


async def officer_with_items(session: Session) -> list[int]:
    await user_admin.set_roles(
        session, "alice", [Role.ADMINISTRATOR, Role.DUTY_OFFICER], reason="test"
    )
    await session.store.write(
        lambda tx: channels.insert(
            tx.db, name="North", network="simulator", account="north", area="", now=tx.now()
        )
    )
    return await add_items(
        session.store,
        item("1", "My neighbour hit me and I have a bruise", conversation="c1"),
        item("2", "He is shouting outside again now", minutes=5, conversation="c1"),
    )


def window_on(session: Session, qtbot: QtBot) -> MainWindow:
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.resize(1400, 850)
    window.show()
    return window


ANSWER = ReportAnswer(
    Category.CRIME, Grade.PRIORITY, "12 High Street, Northtown", "Assault by a neighbour", THRIVE
)


async def test_the_report_form_checks_thrive_and_says_what_clock_the_grade_sets(
    qtbot: QtBot,
) -> None:
    allowed = {Grade.IMMEDIATE: 15, Grade.PRIORITY: 60, Grade.SCHEDULED: 1440,
               Grade.RESOLUTION_WITHOUT_DEPLOYMENT: 4320}  # fmt: skip
    form = ReportForm(allowed, source="From 1 item")
    qtbot.addWidget(form)
    assert "respond within 1 h" in form.clock.text()
    form.grade.setCurrentIndex(form.grade.findData(Grade.SCHEDULED.value))
    assert "respond within 1 day" in form.clock.text()
    form.thrive["threat"].setPlainText("A neighbour")
    form._accept_if_valid()
    assert form.message.text() == "Choose the report's category: what was reported."
    assert form.result() == 0  # never "Crime report" by default: chosen
    form.category.setCurrentIndex(form.category.findData(Category.ROAD_TRAFFIC.value))
    form._accept_if_valid()
    assert "Complete the THRIVE assessment" in form.message.text()
    assert "harm" in form.message.text()
    assert form.result() == 0
    for part, value in THRIVE.as_dict().items():
        form.thrive[part].setPlainText(value)
    form._accept_if_valid()
    assert form.result() == 1
    assert form.answer().thrive == THRIVE
    assert form.answer().grade is Grade.SCHEDULED
    assert form.answer().category is Category.ROAD_TRAFFIC
    assert not form.answer().whole_conversation  # not offered: not from a conversation

    # Offered for a conversation, and read after the dialog closed (as PROMPTS.form does).
    offered = ReportForm(allowed, conversation=True)
    qtbot.addWidget(offered)
    offered.whole.setChecked(True)
    offered.category.setCurrentIndex(offered.category.findData(Category.CRIME.value))
    assert offered.answer().whole_conversation


async def test_recording_from_inbox_items_gives_a_reference_and_a_clock(
    session: Session, qtbot: QtBot
) -> None:
    ids = await officer_with_items(session)
    window = window_on(session, qtbot)
    PROMPTS.answer_next(ReportAnswer(**{**ANSWER.__dict__, "whole_conversation": True}), None)
    record_report(window, session, window._tasks, 1, ids[:1])
    await until(lambda: PROMPTS.pending() == 0)
    await until(lambda: PROMPTS.shown[-1].startswith("Report recorded"))
    [row] = await service.list_reports(session)
    assert row.item_count == 2  # the whole conversation was taken in
    said = PROMPTS.shown[-1]
    assert f"Report {row.reference} is recorded (Crime report, 2 items" in said
    assert "Priority: respond within 1 h, by " in said
    [created] = await entries(session.store, "report.create")
    assert created.category is AuditCategory.COLLECTION

    # Nothing chosen: said, nothing recorded.
    PROMPTS.answer_next(None)
    record_report(window, session, window._tasks, 1, [])
    await until(lambda: PROMPTS.pending() == 0)
    assert "Choose the message" in PROMPTS.shown[-1]
    # Cancelled: nothing recorded.
    PROMPTS.answer_next(None)
    record_report(window, session, window._tasks, 1, ids)
    await until(lambda: PROMPTS.pending() == 0)
    assert len(await service.list_reports(session)) == 1
    window.close_for_good()


async def test_open_with_a_reason_once_then_change_move_on_and_export(
    session: Session, qtbot: QtBot, qtmodeltester: ModelTester, tmp_path: Path
) -> None:
    ids = await officer_with_items(session)
    first = await service.create_report(
        session, ids[:1], category=Category.CRIME, grade=Grade.PRIORITY, thrive=THRIVE,
        location="12 High Street", summary="Assault by a neighbour",
    )  # fmt: skip
    second = await service.create_report(
        session, ids[1:], category=Category.ANTI_SOCIAL_BEHAVIOUR, grade=Grade.SCHEDULED,
        thrive=THRIVE,
    )  # fmt: skip
    window = window_on(session, qtbot)
    window.show_area("reports")
    view = window.reports_view
    await until(lambda: view.model.rowCount() == 2)
    qtmodeltester.check(view.model)  # type: ignore[no-untyped-call]
    model = view.model
    cells = [[str(model.data(model.index(r, c))) for c in range(4)] for r in range(2)]
    assert [second.reference, "Anti-social behaviour", "Scheduled", "Open"] in cells
    assert [first.reference, "Crime report", "Priority", "Open"] in cells
    assert not view.edit_button.isEnabled()  # not opened yet

    # Listing is not a consultation; opening asks why, and records it.
    assert await entries(session.store, "report.open") == []
    view.select(first.reference)
    assert "Open…" in view.detail.toPlainText()
    PROMPTS.answer_next(None)  # cancelled: nothing read, nothing recorded
    view.open_button.click()
    await until(lambda: PROMPTS.pending() == 0)  # asked and answered before the next try
    assert view.opened is None
    PROMPTS.answer_next("Following up the assault report")
    view.open_button.click()
    await until(lambda: view.opened is not None)
    [opened] = await entries(session.store, "report.open")
    assert opened.category is AuditCategory.CONSULTATION
    assert opened.justification == "Following up the assault report"
    assert opened.object_id == first.reference
    shown = view.detail.toPlainText()
    assert "My neighbour hit me and I have a bruise" in shown  # exactly as received
    assert "https://social.example/@jo/1" in shown
    assert "Response clock:" in shown and "v1" in shown
    assert view.edit_button.isEnabled() and view.state_button.isEnabled()

    # Another report, and back: asked once per report, every reading recorded.
    view.select(second.reference)
    assert view.opened is None and not view.edit_button.isEnabled()
    view.select(first.reference)
    await until(lambda: view.opened is not None)
    assert [e.justification for e in await entries(session.store, "report.open")] == [
        "Following up the assault report"
    ] * 2

    # Change it: a new version with the reason.
    PROMPTS.answer_next(
        ReportAnswer(
            Category.CRIME,
            Grade.IMMEDIATE,
            "12 High Street",
            "A knife was seen",
            THRIVE,
            reason="A knife was mentioned in a later message",
        )
    )
    view.edit_button.click()
    await until(lambda: view.opened is not None and view.opened.row.version == 2)
    [edited] = await entries(session.store, "report.edit")
    assert edited.justification == "A knife was mentioned in a later message"
    assert "A knife was seen" in view.detail.toPlainText()
    assert "v2" in view.detail.toPlainText()
    # What changed, in words: not the store's names for the fields.
    assert (
        ": A knife was mentioned in a later message (grade, time allowed to respond, summary)"
        in (view.detail.toPlainText())
    )
    await until(lambda: "Immediate" in [str(model.data(model.index(r, 2))) for r in range(2)])

    # Move it on: the states it may go to, and why.
    PROMPTS.answer_next(0, "Called the victim back")  # 0: Answered
    view.state_button.click()
    await until(lambda: view.opened is not None and view.opened.row.version == 3)
    current = getattr(view, "opened")  # noqa: B009 - mypy keeps an earlier narrowing to None
    assert current is not None and current.content.state is ReportState.ANSWERED
    assert "Report " in PROMPTS.shown[-2] and "is open" in PROMPTS.shown[-2]
    [moved] = await entries(session.store, "report.state")
    assert moved.justification == "Called the victim back"

    # Export: where, then the disclosure (why, to whom); JSON and PDF.
    out = tmp_path / "handover.json"
    PROMPTS.answer_next(str(out), ("Hand-over for investigation", "Crime Management Unit"), None)
    view.export_button.click()
    await until(out.exists)
    document = json.loads(out.read_text())
    assert document["reference"] == first.reference
    assert document["disclosure"]["to"] == "Crime Management Unit"
    assert document["items"][0]["text"] == "My neighbour hit me and I have a bruise"
    await until(lambda: PROMPTS.shown[-1].startswith("Report exported"))
    assert "Crime Management Unit" in PROMPTS.shown[-1]
    pdf = tmp_path / "handover.pdf"
    PROMPTS.answer_next(str(pdf), ("Records system", "Force records bureau"), None)
    view.export_button.click()
    await until(pdf.exists)
    assert pdf.read_bytes().startswith(b"%PDF")
    await until(lambda: "signed with the store's certificate" in PROMPTS.shown[-1])
    assert (tmp_path / "verify_cordon.py").exists()
    exports = await entries(session.store, "report.export")
    assert [(e.category, e.justification, e.recipient) for e in exports] == [
        (AuditCategory.DISCLOSURE, "Hand-over for investigation", "Crime Management Unit"),
        (AuditCategory.DISCLOSURE, "Records system", "Force records bureau"),
    ]
    # A disclosure refused: nothing written, nothing recorded.
    PROMPTS.answer_next(str(tmp_path / "refused.json"), None)
    view.export_button.click()
    await until(lambda: PROMPTS.pending() == 0)
    assert not (tmp_path / "refused.json").exists()
    assert len(await entries(session.store, "report.export")) == 2

    # Locked: nothing shown, and the reasons given are forgotten.
    window.lock("test")
    assert view.model.rowCount() == 0 and view.opened is None and view.justified == {}
    window.close_for_good()


async def test_a_report_exported_to_a_name_without_an_extension_asks_the_disclosure_once(
    session: Session, qtbot: QtBot, tmp_path: Path
) -> None:
    """The file's name is settled first ("rep-out" under JSON is rep-out.json),
    then why and to whom: asked once, and the export is written."""
    ids = await officer_with_items(session)
    made = await service.create_report(
        session, ids[:1], category=Category.CRIME, grade=Grade.PRIORITY, thrive=THRIVE,
    )  # fmt: skip
    window = window_on(session, qtbot)
    window.show_area("reports")
    view = window.reports_view
    await until(lambda: view.model.rowCount() == 1)
    view.select(made.reference)
    view.export_button.click()
    chooser = await shown(QFileDialog)
    chooser.selectNameFilter("JSON for a records system (*.json)")
    name = chooser.findChild(QLineEdit, "fileNameEdit")
    assert isinstance(name, QLineEdit)
    name.setText(str(tmp_path / "rep-out"))  # set, not typed: typing pops up its completer
    button(chooser, "Save").click()
    disclosure = await shown(DisclosureDialog)
    for edit, words in zip(disclosure.findChildren(QLineEdit), ("Hand-over", "CID"), strict=True):
        edit.setText(words)
    ok_button(disclosure).click()
    done = await shown(QMessageBox)
    assert done.windowTitle().startswith("Report exported")
    assert str(tmp_path / "rep-out.json") in done.text()
    button(done, "OK").click()
    document = json.loads((tmp_path / "rep-out.json").read_text())
    assert document["reference"] == made.reference and document["disclosure"]["to"] == "CID"
    [disclosed] = await entries(session.store, "report.export")
    assert disclosed.recipient == "CID"
    window.close_for_good()


async def test_the_list_shows_whole_references_grades_and_states_on_a_small_screen(
    session: Session, qtbot: QtBot
) -> None:
    ids = await officer_with_items(session)
    for one, grade in zip(ids, (Grade.IMMEDIATE, Grade.RESOLUTION_WITHOUT_DEPLOYMENT), strict=True):
        made = await service.create_report(
            session, [one], category=Category.ANTI_SOCIAL_BEHAVIOUR, grade=grade, thrive=THRIVE
        )
    await service.set_state(session, made.reference, ReportState.HANDED_OVER, reason="To CID")
    window = window_on(session, qtbot)
    window.resize(1280, 800)
    window.show_area("reports")
    view = window.reports_view
    await until(lambda: view.model.rowCount() == 2)
    await until(lambda: view.table.horizontalHeader().sectionSize(0) > 40)
    model, header = view.model, view.table.horizontalHeader()
    metrics = view.table.fontMetrics()
    for column in (0, 2, 3):  # the reference, grade and state: never cut
        for row in range(2):
            text = str(model.data(model.index(row, column)))
            assert metrics.horizontalAdvance(text) + 6 <= header.sectionSize(column), text
    assert cut_columns(window) == []
    window.close_for_good()


async def test_the_clock_turns_amber_then_red_and_stops_when_answered(
    session: Session, qtbot: QtBot
) -> None:
    ids = await officer_with_items(session)
    row = await service.create_report(
        session, ids[:1], category=Category.CRIME, grade=Grade.PRIORITY, thrive=THRIVE
    )
    start = from_iso(row.clock_start_utc)
    model = ReportsModel(lambda: start + timedelta(minutes=10))
    model.set_rows([row])
    clock = model.index(0, ReportsModel.CLOCK)
    assert model.data(clock, CLOCK_ROLE) is ClockState.OK
    assert model.data(clock) == "50 min left"
    assert model.data(clock, 8) is None  # no background while there is time

    changed: list[int] = []
    model.dataChanged.connect(lambda a, b: changed.append(a.column()))
    model.now = lambda: start + timedelta(minutes=50)
    model.tick()
    assert changed == [ReportsModel.CLOCK]
    assert model.data(clock, CLOCK_ROLE) is ClockState.AMBER
    assert model.data(clock) == "10 min left"
    assert model.data(clock, 8).name() == "#fff1c7"  # BackgroundRole
    model.now = lambda: start + timedelta(minutes=61)
    assert model.data(clock, CLOCK_ROLE) is ClockState.RED
    assert model.data(clock) == "overdue by 1 min"
    assert model.data(clock, 9).name() == "#b00020"  # ForegroundRole

    # Answered in time: the clock stops where it was.
    answered = await service.set_state(session, row.reference, ReportState.ANSWERED,
                                       reason="Called back")  # fmt: skip
    model.set_rows([answered])
    assert model.data(clock) == "answered in time"
    assert model.data(clock, 8) is None

    # The window repaints every 30 s; its time is the view's ``now``.
    window = window_on(session, qtbot)
    view = window.reports_view
    await until(lambda: view.model.rowCount() == 1)
    view.now = lambda: start + timedelta(days=2)
    assert view.model.data(view.model.index(0, ReportsModel.CLOCK)) == "answered in time"
    window.close_for_good()


async def test_a_reason_given_as_the_console_locks_is_not_kept_for_the_next_sign_in(
    session: Session, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The read reaches the core after the lock: the core refuses it (nothing is done
    in a locked officer's name), the report is not shown, and its reason is not kept
    (else the next sign-in would open it again without being asked)."""
    import asyncio

    from tests.helpers import PASSWORD

    ids = await officer_with_items(session)
    made = await service.create_report(
        session, ids, category=Category.CRIME, grade=Grade.PRIORITY, thrive=THRIVE
    )
    real = service.open_report
    gate, asked = asyncio.Event(), asyncio.Event()
    finished: list[bool] = []

    async def slow_open(who: Session, ref: str, justification: str) -> service.ReportView:
        asked.set()
        await gate.wait()
        try:
            return await real(who, ref, justification)
        finally:
            finished.append(True)

    monkeypatch.setattr(service, "open_report", slow_open)
    window = window_on(session, qtbot)
    window.show_area("reports")
    view = window.reports_view
    await until(lambda: view.model.rowCount() == 1)
    view.select(made.reference)
    PROMPTS.answer_next("Following up the report")
    view.open_button.click()
    await asked.wait()
    window.lock("test")
    gate.set()
    await until(lambda: bool(finished))
    for _ in range(3):  # the done callback is scheduled as the task ends: let it run
        await asyncio.sleep(0)
    assert view.justified == {} and view.opened is None

    window.lock_screen.password_edit.setText(PASSWORD)
    window.lock_screen.attempt()
    await until(lambda: not window.locked)
    await until(lambda: view.model.rowCount() == 1)
    view.select(made.reference)
    assert view.justified == {} and view.opened is None
    assert await entries(session.store, "report.open") == []  # refused: nothing was read
    window.close_for_good()


async def test_an_administrator_without_a_desk_role_is_told_not_warned(
    session: Session, qtbot: QtBot
) -> None:
    """An administrator who only runs the store signs in: every area loads, no
    warning pops up, and the Reports area says why it is empty and who reads it."""
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    for key in window.area_index:  # each area is built and reads the store when shown
        window.show_area(key)
        await until(lambda: window.loaded)
    assert PROMPTS.shown == []
    window.show_area("reports")
    view = window.reports_view
    assert view.table_or_empty.currentWidget() is view.empty
    assert view.empty.heading.text() == "Reports are read by the desk and command"
    window.close_for_good()


async def test_recording_and_reading_a_report_in_welsh(
    session: Session, qtbot: QtBot, qapp: QApplication
) -> None:
    """The form's THRIVE parts and hints, the sentence that says it is recorded, and the
    opened report's labels in Welsh (they were English)."""
    from storage.i18n import ENGLISH, WELSH
    from ui.common.translations import install

    ids = await officer_with_items(session)
    install(qapp, WELSH)
    window = window_on(session, qtbot)
    try:
        allowed = {Grade.IMMEDIATE: 15, Grade.PRIORITY: 60, Grade.SCHEDULED: 1440,
                   Grade.RESOLUTION_WITHOUT_DEPLOYMENT: 4320}  # fmt: skip
        form = ReportForm(allowed)
        qtbot.addWidget(form)
        labels = [label.text() for label in form.findChildren(QLabel)]
        assert "<b>Bygythiad</b>" in labels and "<b>Bregusrwydd</b>" in labels, labels
        assert form.thrive["risk"].placeholderText().startswith("Pa mor debygol, pa mor fuan")
        assert "1 awr" in form.clock.text() and " h " not in form.clock.text()
        form.category.setCurrentIndex(form.category.findData(Category.CRIME.value))
        form._accept_if_valid()
        assert form.message.text().startswith("Cwblhewch yr asesiad THRIVE"), form.message.text()
        assert "bygythiad" in form.message.text() and "threat" not in form.message.text()

        PROMPTS.answer_next(ANSWER)
        record_report(window, session, window._tasks, 1, ids[:1])
        await until(lambda: PROMPTS.pending() == 0)
        await until(lambda: PROMPTS.shown[-1].startswith("Adroddiad wedi'i gofnodi"))
        said = PROMPTS.shown[-1]
        assert "1 eitem wedi'i chadw" in said and "ymatebwch o fewn 1 awr, erbyn" in said, said
        assert " item" not in said and "respond" not in said

        [row] = await service.list_reports(session)
        window.show_area("reports")
        view = window.reports_view
        await until(lambda: view.model.rowCount() == 1)
        view.select(row.reference)
        PROMPTS.answer_next("Following up")
        view.open_button.click()
        await until(lambda: view.opened is not None)
        text = view.detail.toPlainText()
        changed = ReportAnswer(
            Category.CRIME, Grade.IMMEDIATE, ANSWER.location, ANSWER.summary, THRIVE,
            reason="Cyllell",
        )  # fmt: skip
        PROMPTS.answer_next(changed)
        view.edit_button.click()
        await until(lambda: view.opened is not None and view.opened.row.version == 2)
        assert "Cyllell (gradd, yr amser a ganiateir i ymateb)" in view.detail.toPlainText()
    finally:
        window.close_for_good()
        install(qapp, ENGLISH)
    for welsh in ("Cloc ymateb:", "Lleoliad:", "Crynodeb:", "Fersiynau", "Bygythiad",
                  "Yr eitemau, yn union fel y'u derbyniwyd", "Cofnodwyd gan alice ar",
                  "Fel y'i derbyniwyd o'r rhwydwaith:", " ar ôl"):  # fmt: skip
        assert welsh in text, welsh
    for english in ("Response clock", "Location:", "Summary:", "Versions",
                    "exactly as received", "Recorded by", "written", " left"):  # fmt: skip
        assert english not in text, english
