"""Incident mode in the window, as the duty officer and gold use it: one click
holds everything and turns the window red, the officer names the incident, sends
a holding statement to two channels, gold takes over at the lock screen, releases
one post and cancels the rest, stands down, and saves the report."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from console import users as user_admin
from console.adapters import ByNetwork, ChannelAdapters
from console.channels.simulator import SimulatorAdapter
from console.posts import create_post
from console.publisher import Publisher
from console.pullback import PullBackWorker
from console.session import Session
from console.simulator import SimulatorServer
from incident import report, statements
from incident.engage import Details
from storage import audit, channels, incidents, users
from storage.incidents import Scope
from storage.records import IncidentMode, Role
from storage.store import Transaction
from storage.timeutil import to_iso
from tests.gui.waiting import ok_button, shown, until
from tests.helpers import FAST_KDF
from ui.common.prompts import PROMPTS, ReasonDialog
from ui.frame.main_window import MainWindow
from ui.incident.incident_dialogs import (
    IncidentAnswer,
    IncidentDialog,
    ReleaseAnswer,
    StatementAnswer,
)
from ui.incident.incident_view import IncidentView
from ui.incident.statements_panel import StatementsPanel
from widgets.mode_banner import ConsoleMode

pytestmark = pytest.mark.asyncio


def _at(minutes: float) -> str:
    return to_iso(datetime.now(UTC) + timedelta(minutes=minutes))


async def _desk(session: Session) -> Session:
    await user_admin.set_roles(
        session, "alice", [Role.ADMINISTRATOR, Role.DUTY_OFFICER], reason="test"
    )
    gold = await user_admin.add_user(
        session, name="gold", password="gold commander phrase", roles=[Role.APPROVER],
        display_name="Ch Supt Gold", kdf=FAST_KDF,
    )  # fmt: skip

    def add(tx: Transaction) -> None:
        for name, account, area in (("Force X", "force", "North"), ("Force South", "south",
                                                                     "South")):  # fmt: skip
            channels.insert(tx.db, name=name, network="simulator", account=account, area=area,
                            now=tx.now())  # fmt: skip

    await session.store.write(add)
    for minutes in (60, 120):
        await create_post(session, body=f"Fun day post {minutes}", channel_ids=[1, 2],
                          scheduled_utc=_at(minutes))  # fmt: skip
    return Session(session.store, gold, via="test")


async def engage_in_window(window: MainWindow, details: Details) -> None:
    """Engage incident mode (in review, over everything) with the window's own action."""
    PROMPTS.answer_next(IncidentAnswer(details, Scope.everything(), IncidentMode.REVIEW))
    window.engage_action.trigger()
    await until(lambda: window.banner.mode is ConsoleMode.INCIDENT)
    # The details are asked once the hold has committed: until they are saved, the
    # answer queued for them would go to whichever question came first.
    await until(lambda: PROMPTS.pending() == 0)
    assert "incident details" in PROMPTS.shown
    # and until the details are saved (or refused): the view says so once it has read
    # them again, which could otherwise overwrite what a test's next step says there.
    await until(lambda: window.incident_view.result.text() != "")


async def test_the_whole_incident_from_one_click_to_the_report(
    session: Session, qtbot: QtBot, tmp_path: Path
) -> None:
    gold = await _desk(session)
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    await until(lambda: window.incident_view.pages.currentIndex() == 0)
    assert window.banner.mode is ConsoleMode.NORMAL
    assert window.engage_action.shortcut().toString() == "Ctrl+Shift+E"

    await engage_in_window(
        window, Details("Eastbridge market", "OP-TALON", "Ch Supt Gold", "Shots reported")
    )
    await until(lambda: PROMPTS.pending() == 0 and window.incident_counts.held == 4)
    await until(lambda: "Eastbridge market" in window.banner.title())
    assert window.current_area() == "incident"
    assert window.engage_button.text() == "Incident area"
    view = window.incident_view
    await until(lambda: view.model.rowCount() == 4)
    assert "mode review" in view.summary.text()

    await statements.ensure_shipped(session.store)
    flooding = next(t for t in await statements.templates(session.store) if t.name == "Flooding")
    await statements.pre_approve(gold, flooding.id, reason="agreed wording")
    values = {"location": "Eastbridge", "reference": "OP-TALON", "next_update": "13:00"}
    PROMPTS.answer_next(StatementAnswer(flooding.id, values, [1, 2], None))
    view.statement_button.click()
    await until(lambda: view.statements_panel.table.rowCount() == 2)
    assert "sent to 2 channels" in view.result.text()
    server = SimulatorServer().start()  # the engine's part: the statements go out
    adapter = SimulatorAdapter(server.url)
    engine_adapters = ChannelAdapters(session.store, simulator=adapter)
    pins = PullBackWorker(session.store, engine_adapters)
    try:
        results = await Publisher(session.store, ByNetwork({"simulator": adapter})).publish_due()
        assert [r.status for r in results] == ["published", "published"]
        await until(lambda: window.incident_counts.statements_sent == 2)
        view.statements_panel.table.selectRow(0)
        view.statements_panel.pin_button.click()
        await until(lambda: "Pinning 1" in view.result.text())
        await pins.pass_once()
        await until(lambda: "pinned" in _cell(view, 0, 1))
        assert len(server.state.pinned) == 1
        await _stand_down_unpinning(window, view, gold)
        await pins.pass_once()
        assert server.state.pinned == {}
    finally:
        await engine_adapters.aclose()
        await adapter.aclose()
        server.stop()

    out = tmp_path / "eastbridge.pdf"
    view.past.setCurrentRow(0)
    PROMPTS.answer_next(out, ("public inquiry", "Inquiry secretariat"))  # where, why and to whom
    view.past_report.click()
    await until(lambda: out.exists() and "Report saved" in view.idle_result.text())
    assert out.read_bytes().startswith(b"%PDF")
    window.close_for_good()


def _cell(view: IncidentView, row: int, column: int) -> str:
    item = view.statements_panel.table.item(row, column)
    return item.text() if item is not None else ""


async def _stand_down_unpinning(window: MainWindow, view: IncidentView, gold: Session) -> None:
    """Gold takes over, decides every held post and stands down, unpinning."""
    window.lock_button.click()
    assert window.locked and view.model.rowCount() == 0 and view.summary.text() == ""
    window.lock_screen.user_edit.setText("gold")
    window.lock_screen.password_edit.setText("gold commander phrase")
    window.lock_screen.attempt()
    await until(lambda: not window.locked and window.session.user.name == "gold")
    assert gold.user.name == "gold"
    await until(lambda: view.model.rowCount() == 4)

    view.table.selectRow(0)
    PROMPTS.answer_next(ReleaseAnswer("original", None, "harmless community news"))
    view.release_button.click()
    await until(lambda: window.incident_counts.released == 1)
    view.table.selectAll()
    PROMPTS.answer_next("insensitive during the incident")
    view.cancel_button.click()
    await until(lambda: window.incident_counts.cancelled == 3 and window.incident_counts.held == 0)

    PROMPTS.answer_next("suspect arrested, scene released")
    PROMPTS.answer_next(0)  # unpin the statement pinned during the incident
    view.stand_down_button.click()
    await until(lambda: window.banner.mode is ConsoleMode.NORMAL)
    await until(lambda: view.past.count() == 1)
    assert window.engage_button.text() == "Engage incident mode"
    assert PROMPTS.pending() == 0


async def test_the_wall_display_shows_the_incident_and_hides_it_when_locked(
    session: Session, qtbot: QtBot
) -> None:
    await _desk(session)
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    PROMPTS.answer_next(None)  # the officer closes the details dialog: the hold stays
    window.engage_button.click()
    await until(lambda: window.incident_counts.held == 4 and PROMPTS.pending() == 0)
    assert window.banner.title() == "INCIDENT MODE — Incident 1 (not named yet)"
    window.incident_view.wall_button.click()
    wall = window.wall
    assert wall is not None and wall.isVisible()
    window._show_wall()
    assert wall.title.text() == "Incident 1 (not named yet)"
    assert wall.figures["held"].text() == "4"
    # The mode in words, not its key ("Mode: suspend").
    assert wall.detail.text().endswith("Suspended until gold decides"), wall.detail.text()
    window.lock("test")
    window._show_wall()
    assert wall.title.text() == "Console locked" and wall.figures["held"].text() == "–"
    window.close_for_good()


async def test_a_promised_update_that_is_due_leads_the_banner_on_a_1280_screen(
    session: Session, qtbot: QtBot
) -> None:
    """On a 1280 px screen the banner's line is cut at its end: the promised update to
    the public, once due, is said first, where it is seen; before that it comes last."""
    await _desk(session)
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    await engage_in_window(
        window,
        Details("Eastbridge market firearms incident", "OP-TALON-24", "Ch Supt R. Okafor", ""),
    )
    await until(lambda: window.incident_counts.held == 4)
    assert window.banner.detail().startswith("engaged under a minute ago · 4 held"), (
        window.banner.detail()
    )
    assert window.wall is None or "under a minute" in window.wall.since.text()

    async def promise(minutes: float) -> None:
        def promised(tx: Transaction) -> None:
            incident = incidents.active(tx.db)
            assert incident is not None
            incidents.update(tx.db, incident.id, next_update_utc=_at(minutes))

        await session.store.write(promised)
        await window.incident_view.refresh()

    await promise(30)
    await until(lambda: "next update" in window.banner.detail())
    assert window.banner.detail().startswith("engaged under a minute ago")
    await promise(-1)
    await until(lambda: window.banner.detail().startswith("NEXT UPDATE DUE"))
    assert window.banner.detail_shown().startswith("NEXT UPDATE DUE (promised for ")
    assert window.banner.detail_shown().endswith("…")  # the rest is cut here: its tooltip
    window.close_for_good()


async def test_a_post_published_now_during_the_incident_says_it_is_held(
    session: Session, qtbot: QtBot
) -> None:
    """Publish now while the incident holds everything: the post is held at once, and
    the officer is told so (the composer closing on a red pill said nothing)."""
    await _desk(session)
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    await engage_in_window(window, Details("Eastbridge market", "OP-TALON", "Gold", ""))
    await until(lambda: window.incident_counts.held == 4)
    window.compose()
    await until(lambda: window.composer is not None and window.composer.isVisible())
    composer = window.composer
    assert composer is not None
    composer.choose_channels([1, 2])
    composer.text.setPlainText("Fun run this Saturday")
    composer.now_button.setChecked(True)
    composer.submit(draft=False)
    await until(lambda: window.current_area() == "queue")
    result = window.queue_view.result.text()
    assert result.startswith("Saved, and held at once by the incident in progress on 2 channels")
    assert "until gold releases it" in result
    await until(lambda: window.incident_counts.held == 6)
    window.close_for_good()


async def test_gold_approves_a_statement_in_the_incident_area(
    session: Session, qtbot: QtBot
) -> None:
    """A statement awaiting approval is approved where gold works, in the incident
    area, through the real reason dialog; the officer who wrote it is not offered it."""
    gold = await _desk(session)
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    await engage_in_window(window, Details("Eastbridge market", "OP-TALON", "Gold", ""))
    await until(lambda: window.incident_counts.held == 4)
    await statements.ensure_shipped(session.store)
    flooding = next(t for t in await statements.templates(session.store) if t.name == "Flooding")
    values = {"location": "Eastbridge", "reference": "OP-TALON", "next_update": "13:00"}
    await statements.send(session, flooding.id, values, [1, 2])
    panel = window.incident_view.statements_panel
    await until(lambda: panel.table.rowCount() == 2)
    assert not panel.approve_button.isVisibleTo(window)  # a duty officer: not an approver

    gold_window = MainWindow(gold)
    qtbot.addWidget(gold_window)
    gold_window.show()
    gold_window.show_area("incident")
    gold_panel = gold_window.incident_view.statements_panel
    await until(lambda: gold_panel.table.rowCount() == 2)
    assert gold_panel.approve_button.isVisibleTo(gold_window)
    assert "awaiting approval" in _cell_of(gold_panel, 0, 1)
    assert gold_panel.table.height() >= gold_panel.table.minimumHeight() > 3 * 26
    gold_panel.approve_button.click()  # nothing selected: told what to do
    await until(lambda: "Select a statement awaiting approval" in gold_window.incident_view
                .result.text())  # fmt: skip
    gold_panel.table.selectRow(0)
    gold_panel.approve_button.click()
    asked = await shown(ReasonDialog)
    box = asked.findChild(QDialogButtonBox)
    assert box is not None
    ok = box.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    QTest.keyClicks(asked.line, "agreed with gold's wording")
    ok.click()
    await until(lambda: "Approved" in gold_window.incident_view.result.text())
    rows = await report.statement_rows(session.store, 1)
    assert [r.approval for r in rows] == ["approved", "approved"]
    await until(lambda: "awaiting approval" not in _cell_of(gold_panel, 0, 1))
    gold_window.close_for_good()
    window.close_for_good()


def _cell_of(panel: StatementsPanel, row: int, column: int) -> str:
    item = panel.table.item(row, column)
    return item.text() if item is not None else ""


async def test_a_later_change_of_mode_asks_its_own_reason_for_the_trail(
    session: Session, qtbot: QtBot
) -> None:
    """Once the incident is named, changing its mode in "Name and scope…" asks why,
    through the real reason dialog; that reason, not the incident's, is in the trail.
    Cancelled, the details are saved and the mode is left as it was, said so."""
    await _desk(session)
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    await engage_in_window(
        window, Details("Eastbridge market", "OP-TALON", "Gold", "Shots reported")
    )
    await until(lambda: window.incident_view.result.text() == "Incident details saved.")
    view = window.incident_view
    # "Name and scope…" starts from what is stored, not from what the view last read
    # (its refresh after the naming may still be on its way, or another console changed
    # it): here the view still holds the incident as it was before it was named.
    assert view.incident is not None
    view.incident = replace(view.incident, name="", reference="")
    view.details_button.click()
    stale = await shown(IncidentDialog)
    assert (stale.name.text(), stale.reference.text()) == ("Eastbridge market", "OP-TALON")
    stale.reject()
    await until(lambda: not stale.isVisible())

    async def change_mode(reason: str | None) -> None:
        view.result.clear()
        view.details_button.click()
        dialog = await shown(IncidentDialog)
        (dialog.suspend if dialog.review.isChecked() else dialog.review).click()
        ok_button(dialog).click()
        asked = await shown(ReasonDialog)
        assert asked.windowTitle() == "Change what is held"
        if reason is None:
            button = asked._buttons.button(QDialogButtonBox.StandardButton.Cancel)
            assert button is not None
            button.click()
        else:
            QTest.keyClicks(asked.line, reason)
            ok_button(asked).click()
        await until(lambda: view.result.text().startswith("Incident details saved"))

    await change_mode(None)
    assert view.result.text() == (
        "Incident details saved; the scope and mode are unchanged (no reason was given for"
        " changing them)."
    )
    engaged = await session.store.run(incidents.active)
    assert engaged is not None and engaged.mode is IncidentMode.REVIEW

    await change_mode("gold wants nothing out until the scene is secure")
    engaged = await session.store.run(incidents.active)
    assert engaged is not None and engaged.mode is IncidentMode.SUSPEND
    entries = await session.store.run(lambda db: list(audit.iter_entries(db)))
    changed = [e for e in entries if e.action == "incident.mode"]
    # The first naming (right after the one click) took the incident's reason; the
    # later change its own.
    assert [e.justification for e in changed] == [
        "Shots reported",
        "gold wants nothing out until the scene is secure",
    ]
    window.close_for_good()


async def test_an_observer_is_told_who_can_engage(session: Session, qtbot: QtBot) -> None:
    await user_admin.set_roles(session, "alice", [Role.ADMINISTRATOR, Role.OBSERVER],
                               reason="test")  # fmt: skip
    record = await session.store.run(lambda db: users.by_name(db, "alice"))
    assert record is not None
    window = MainWindow(Session(session.store, record, via="test"))
    qtbot.addWidget(window)
    PROMPTS.answer_next(True)
    window.engage_incident()
    await until(lambda: PROMPTS.pending() == 0)
    assert PROMPTS.shown[-1].startswith(
        "Engage incident mode: Engaging incident mode needs the Duty officer or Approver role"
    )
    assert window.incident is None
    window.close_for_good()


async def test_gold_manages_the_template_library(session: Session, qtbot: QtBot) -> None:
    from ui.common.tasks import Tasks
    from ui.incident.template_dialog import TemplateLibrary

    gold = await _desk(session)
    library = TemplateLibrary(gold, Tasks())
    qtbot.addWidget(library)
    await library.load()
    assert library.listing.count() == 6
    library._new()
    library.name.setText("Gas leak")
    library.kind.setText("Gas")
    library.body.setPlainText("A gas leak in {location}: keep away. Ref {reference}.")
    assert library.fields.text() == "{location}, {reference}"
    library.variants["x"].setPlainText("Gas leak in {location}. Ref {reference}.")
    library.save()
    await until(lambda: library.message.text() == "Saved.")
    assert library.listing.count() == 7
    saved = next(t for t in await statements.templates(session.store) if t.name == "Gas leak")
    assert not saved.pre_approved
    assert saved.variants == {"x": "Gas leak in {location}. Ref {reference}."}
    PROMPTS.answer_next("agreed wording")
    library.pre_approve_button.click()
    await until(lambda: "another approver must pre-approve" in library.message.text())
    library.body.setPlainText("Broken {brace")
    assert "braces do not pair up" in library.fields.text()
    PROMPTS.answer_next("merged into the critical incident template")
    library._retire()
    await until(lambda: library.listing.count() == 6)
    library.close()


async def test_a_second_press_while_engaging_just_shows_the_incident(
    session: Session, qtbot: QtBot
) -> None:
    await _desk(session)
    window = MainWindow(session)
    qtbot.addWidget(window)
    PROMPTS.answer_next(None)  # the details dialog, closed
    window.engage_button.click()
    window.engage_action.trigger()  # pressed again before the hold has committed
    await until(lambda: window.incident_counts.held == 4 and PROMPTS.pending() == 0)
    assert not any(shown.startswith("Cordon:") for shown in PROMPTS.shown)  # no error
    assert window.current_area() == "incident"
    window.close_for_good()


async def test_a_misspelt_area_keeps_the_real_dialog_open_and_says_which_areas_there_are(
    session: Session, qtbot: QtBot
) -> None:
    """The exploratory tester's "Kingsbrige": refused in the dialog, with what was
    typed left to correct; nothing is saved until an area a channel is in is named."""
    await user_admin.set_roles(
        session, "alice", [Role.ADMINISTRATOR, Role.DUTY_OFFICER], reason="test"
    )

    def add(tx: Transaction) -> None:
        for name, account, area in (("Force", "force", "Force-wide"),
                                    ("Kingsbridge", "kings", "Kingsbridge"),
                                    ("Marlow", "marlow", "Marlow Vale")):  # fmt: skip
            channels.insert(tx.db, name=name, network="simulator", account=account, area=area,
                            now=tx.now())  # fmt: skip

    await session.store.write(add)
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    window.engage_button.click()
    dialog = await shown(IncidentDialog)
    QTest.keyClicks(dialog.name, "Kingsbridge flooding")
    QTest.keyClicks(dialog.reason, "River Lenn over its banks")
    dialog.scope_areas.click()
    QTest.keyClicks(dialog.areas, "Kingsbrige")
    ok_button(dialog).click()
    assert dialog.isVisible()
    assert dialog.problem.text() == (
        "No channel is in the area “Kingsbrige”. The areas are: Force-wide, Kingsbridge, "
        "Marlow Vale."
    )
    assert dialog.areas.text() == "Kingsbrige"
    engaged = await session.store.run(incidents.active)
    assert engaged is not None and engaged.scope == Scope.everything() and engaged.name == ""

    # The channels' areas are offered as the officer types, after a comma too.
    completer = dialog.areas.completer()
    completer.setCompletionPrefix("Kingsbridge, mar")
    assert completer.currentCompletion() == "Kingsbridge, Marlow Vale"

    dialog.areas.clear()
    QTest.keyClicks(dialog.areas, " kingsbridge ")
    ok_button(dialog).click()
    await until(lambda: window.incident_view.result.text() == "Incident details saved.")
    assert not dialog.isVisible()
    engaged = await session.store.run(incidents.active)
    assert engaged is not None and engaged.scope == Scope.of_areas(["Kingsbridge"])
    await until(lambda: "Scope: areas: Kingsbridge<br>" in window.incident_view.summary.text())
    window.close_for_good()
