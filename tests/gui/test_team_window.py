"""Windows on a team store (PostgreSQL): several consoles live on one database, and a
server that stops answering is said, refused and survived.

Each window is the real ``MainWindow`` on its own ``TeamStore`` (its own connections
and listening connection), so what one console commits reaches the other through
LISTEN/NOTIFY exactly as between two machines."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from console.session import Session, SignInThrottle, sign_in
from incident.engage import Details
from storage.incidents import Scope
from storage.records import IncidentMode
from tests.gui.test_incident_window import _desk
from tests.gui.waiting import until
from tests.helpers import PASSWORD, make_store
from tests.pg import Server
from ui.common.prompts import PROMPTS
from ui.frame.main_window import MainWindow
from ui.incident.incident_dialogs import IncidentAnswer, ReleaseAnswer, StatementAnswer
from widgets.mode_banner import ConsoleMode

pytestmark = pytest.mark.asyncio

ANSWER = IncidentAnswer(
    Details("Eastbridge market", "OP-TALON", "Ch Supt Gold", "Shots reported"),
    Scope.everything(),
    IncidentMode.REVIEW,
)


@pytest_asyncio.fixture
async def desk_and_gold(pg_url: str) -> AsyncIterator[tuple[Session, Session]]:
    """The desk officer and gold, each signed in to the same team store on a console
    of their own; two posts queued on two channels (four targets)."""
    await (await make_store(pg_url)).close()
    desk = await sign_in(pg_url, "alice", PASSWORD, via="test", throttle=SignInThrottle())
    await _desk(desk)
    gold = await sign_in(
        pg_url, "gold", "gold commander phrase", via="test", throttle=SignInThrottle()
    )
    yield desk, gold
    for session in (desk, gold):
        if not session.store.closed:
            await session.sign_out()


async def test_an_engage_on_one_console_turns_the_other_red_and_golds_release_shows_on_both(
    desk_and_gold: tuple[Session, Session], qtbot: QtBot
) -> None:
    desk, gold = desk_and_gold
    desk_window, gold_window = MainWindow(desk), MainWindow(gold)
    for window in (desk_window, gold_window):
        qtbot.addWidget(window)
        window.show()
    await until(lambda: desk_window.loaded and gold_window.loaded)
    assert gold_window.banner.mode is ConsoleMode.NORMAL

    PROMPTS.answer_next(ANSWER)
    desk_window.engage_action.trigger()
    await until(lambda: desk_window.banner.mode is ConsoleMode.INCIDENT)
    # Nobody touched gold's console: the database told it.
    await until(lambda: gold_window.banner.mode is ConsoleMode.INCIDENT)
    await until(lambda: "Eastbridge market" in gold_window.banner.title())
    await until(lambda: gold_window.incident_counts.held == 4)
    gold_view = gold_window.incident_view
    await until(lambda: gold_view.model.rowCount() == 4)

    gold_window.show_area("incident")
    gold_view.table.selectRow(0)
    PROMPTS.answer_next(ReleaseAnswer("original", None, "harmless community news"))
    gold_view.release_button.click()
    await until(lambda: gold_window.incident_counts.released == 1)
    # The desk's console shows gold's decision without being asked.
    await until(lambda: desk_window.incident_counts.released == 1)
    await until(lambda: desk_window.incident_view.model.rowCount() == 3)
    assert PROMPTS.pending() == 0
    for window in (desk_window, gold_window):
        window.close_for_good()


async def test_the_desk_is_told_when_gold_approves_its_statement_on_another_console(
    desk_and_gold: tuple[Session, Session], qtbot: QtBot
) -> None:
    """The desk sends a holding statement that needs an approver; gold approves it on
    the gold console. The desk's line said 'waiting for an approver' beside the list
    showing it published, until the desk's next action."""
    from incident import statements

    desk, _gold = desk_and_gold
    desk_window, gold_window = MainWindow(desk), MainWindow(_gold)
    for window in (desk_window, gold_window):
        qtbot.addWidget(window)
        window.show()
    await until(lambda: desk_window.loaded and gold_window.loaded)
    PROMPTS.answer_next(ANSWER)
    desk_window.engage_action.trigger()
    await until(lambda: gold_window.banner.mode is ConsoleMode.INCIDENT)
    await until(lambda: PROMPTS.pending() == 0 and "Eastbridge" in desk_window.banner.title())
    await statements.ensure_shipped(desk.store)
    flooding = next(t for t in await statements.templates(desk.store) if t.name == "Flooding")
    values = {"location": "Eastbridge", "reference": "OP-TALON", "next_update": "13:00"}
    desk_view = desk_window.incident_view
    desk_view.result.clear()
    PROMPTS.answer_next(StatementAnswer(flooding.id, values, [1, 2], None))
    desk_view.statement_button.click()
    await until(lambda: desk_view.result.text().startswith("Holding statement waiting for an "
                                                           "approver"))  # fmt: skip

    gold_window.show_area("incident")
    gold_panel = gold_window.incident_view.statements_panel
    await until(lambda: gold_panel.table.rowCount() == 2)
    gold_panel.table.selectRow(0)
    PROMPTS.answer_next("agreed wording")
    gold_panel.approve_button.click()
    await until(lambda: "Approved" in gold_window.incident_view.result.text())

    # Nobody touched the desk's console: its line follows gold's decision.
    await until(lambda: desk_view.result.text().startswith("Your holding statement was approved"))
    for window in (desk_window, gold_window):
        window.close_for_good()


async def _warning_text() -> str:
    await until(lambda: any(isinstance(d, QMessageBox) for d in PROMPTS.showing()))
    [box] = [d for d in PROMPTS.showing() if isinstance(d, QMessageBox)]
    text = box.text()
    box.accept()
    return text


async def test_a_server_that_stops_answering_is_said_within_two_seconds_and_survived(
    desk_and_gold: tuple[Session, Session], pg_server: Server, qtbot: QtBot
) -> None:
    desk, _gold = desk_and_gold
    window = MainWindow(desk)
    qtbot.addWidget(window)
    window.show()
    await until(lambda: window.loaded and window.queue_view.model.rowCount() > 0)
    shown_rows = window.queue_view.model.rowCount()
    assert not window.store_label.isVisible() and window.unreachable_banner.isHidden()

    await asyncio.to_thread(pg_server.ctl, "stop")
    try:
        # Said in the status bar and the banner within two seconds of the server going.
        await until(lambda: window.store_label.isVisible(), seconds=2.0)
        assert "Team store unreachable" in window.unreachable_banner.message.text()
        assert window.unreachable_banner.isVisible()

        # A change asked for meanwhile is refused with a sentence; nothing else moves.
        window.engage_action.trigger()
        sentence = await _warning_text()
        assert sentence.startswith("Team store unreachable")
        assert "may not have been done" in sentence and "reconnects by itself" in sentence
        assert window.banner.mode is ConsoleMode.NORMAL
        assert window.queue_view.model.rowCount() == shown_rows  # what was shown stays
    finally:
        await asyncio.to_thread(pg_server.ctl, "start")

    # Back by itself: the banner goes, and the next change goes in.
    await until(lambda: not window.store_label.isVisible(), seconds=15.0)
    assert window.unreachable_banner.isHidden()
    PROMPTS.answer_next(ANSWER)
    window.engage_action.trigger()
    await until(lambda: window.banner.mode is ConsoleMode.INCIDENT)
    await until(lambda: window.incident_counts.held == 4)
    await until(lambda: PROMPTS.pending() == 0 and "Eastbridge market" in window.banner.title())
    window.close_for_good()


async def test_while_the_server_is_away_the_engine_and_sync_are_not_said_to_be_fine(
    desk_and_gold: tuple[Session, Session], pg_server: Server, qtbot: QtBot
) -> None:
    """The engine's row and the channels' states cannot be read while the server is
    away: the status bar said 'Engine: publishing' and 'Sync: 2 ok' beside 'Team store
    unreachable' for as long as it lasted (the engine may well be cut off too)."""
    from console.engine_keeper import EngineKeeper
    from tests.gui.app_engine import launcher

    desk, _gold = desk_and_gold
    keeper = EngineKeeper(desk.store, launcher(), started_by="alice")
    await keeper.start()
    window = MainWindow(desk, keeper)
    qtbot.addWidget(window)
    window.show()
    try:
        await until(lambda: window.loaded and window.engine_label.text() == "Engine: publishing",
                    seconds=30)  # fmt: skip
        await until(lambda: window.sync_label.text().startswith("Sync: 2 "))
        await asyncio.to_thread(pg_server.ctl, "stop")
        try:
            await until(lambda: window.store_label.isVisible(), seconds=2.0)
            await asyncio.sleep(1.5)  # the keeper's next look meets the server gone
            assert window.engine_label.text() == "Engine: not known"
            assert "Last known: Publishing and sync are on" in window.engine_label.toolTip()
            assert window.sync_label.text() == "Sync: not known (team store unreachable)"
            window.lock("no input for a while")
            assert window.lock_screen.engine_note.text() == (
                "Whether publishing and sync carry on is not known: the team store is unreachable."
            )
        finally:
            await asyncio.to_thread(pg_server.ctl, "start")
        await until(lambda: not window.store_label.isVisible(), seconds=15.0)
        await until(lambda: window.engine_label.text() == "Engine: publishing", seconds=15.0)
        await until(lambda: window.sync_label.text().startswith("Sync: 2 "))
        assert window.lock_screen.engine_note.text() == "Publishing and sync carry on while locked."
    finally:
        window.close_for_good()
        await keeper.stop_engine("alice", "test over")
        await keeper.close()


async def test_the_sign_in_screen_takes_a_team_stores_url(pg_url: str, qtbot: QtBot) -> None:
    from ui.common.tasks import Tasks
    from ui.frame.sign_in import SignInScreen

    await (await make_store(pg_url)).close()
    tasks = Tasks()
    screen = SignInScreen(pg_url, tasks, SignInThrottle())
    qtbot.addWidget(screen)
    screen.show()
    assert screen.form.isVisible() and not screen.no_store.isVisible()
    assert screen.store_where() == pg_url
    assert "Team store on postgresql://" in screen.store_info.text()
    assert "sslmode" not in screen.store_info.text()

    screen.path_edit.setText("postgresql://desk@db.force.example/cordon")  # no TLS asked
    assert "sslmode=verify-full" in screen.store_info.text()
    screen.path_edit.setText(pg_url)

    signed: list[Session] = []
    screen.signedIn.connect(signed.append)
    screen.user_edit.setText("alice")
    screen.password_edit.setText("wrong password")
    screen.attempt()
    await until(lambda: "password" in screen.message.text().lower())
    assert not signed
    await until(lambda: screen.sign_in_button.isEnabled(), seconds=15.0)
    screen.password_edit.setText(PASSWORD)
    screen.attempt()
    await until(lambda: bool(signed))
    [session] = signed
    assert session.store.team and session.store.where == pg_url
    await session.sign_out()
