"""The incident room on one team store: three consoles and a service.

The desk officer, a second desk officer and gold each have a window on the same
PostgreSQL database (a store of their own each: their own connections, as on three
machines); one real ``cordon serve`` process publishes to a simulator network that
counts every send. The desk engages and every console turns red; gold releases a held
post from the gold console while the desk sends a holding statement; the database
server is restarted in the middle; everything decided goes out exactly once, nothing
committed is lost, and ``cordon audit verify`` and ``cordon store check`` pass on the
team store."""

from __future__ import annotations

import asyncio
import signal
from collections import Counter
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from pytestqt.qtbot import QtBot

from console import users as user_admin
from console.session import Session, SignInThrottle, sign_in
from console.simulator import SimulatorServer
from incident import statements
from storage.records import Role, TargetStatus
from tests.gui.test_incident_window import _desk
from tests.gui.test_team_window import ANSWER
from tests.gui.waiting import until
from tests.helpers import FAST_KDF, PASSWORD, make_store
from tests.pg import Server
from tests.service_fixtures import cordon
from tests.test_team_engines import _serve
from ui.common.prompts import PROMPTS
from ui.frame.main_window import MainWindow
from ui.incident.incident_dialogs import ReleaseAnswer, StatementAnswer
from widgets.mode_banner import ConsoleMode

pytestmark = [pytest.mark.asyncio, pytest.mark.slow]


@pytest_asyncio.fixture
async def room(pg_url: str) -> AsyncIterator[tuple[Session, Session, Session]]:
    """Alice (duty officer), Dora (duty officer) and gold, each signed in on a console."""
    await (await make_store(pg_url)).close()
    alice = await sign_in(pg_url, "alice", PASSWORD, via="test", throttle=SignInThrottle())
    await _desk(alice)  # two channels, two posts queued on both, gold added
    await user_admin.add_user(
        alice, name="dora", password="dora password 1", roles=[Role.DUTY_OFFICER],
        display_name="PC Dora", kdf=FAST_KDF,
    )  # fmt: skip
    dora = await sign_in(pg_url, "dora", "dora password 1", via="test", throttle=SignInThrottle())
    gold = await sign_in(
        pg_url, "gold", "gold commander phrase", via="test", throttle=SignInThrottle()
    )
    sessions = (alice, dora, gold)
    yield sessions
    for session in sessions:
        if not session.store.closed:
            await session.sign_out()


async def test_three_consoles_and_a_service_through_an_incident_and_a_server_restart(
    room: tuple[Session, Session, Session], pg_url: str, pg_server: Server, qtbot: QtBot
) -> None:
    alice, _dora, gold = room
    await statements.ensure_shipped(alice.store)
    flooding = next(t for t in await statements.templates(alice.store) if t.name == "Flooding")
    await statements.pre_approve(gold, flooding.id, reason="agreed wording")
    windows = [MainWindow(session) for session in room]
    desk, _second, gold_window = windows  # the second desk only watches
    for window in windows:
        qtbot.addWidget(window)
        window.show()
    await until(lambda: all(w.loaded for w in windows))
    simulator = SimulatorServer().start()
    engine = _serve(pg_url, simulator)
    try:
        # The desk engages: every console turns red without being touched.
        PROMPTS.answer_next(ANSWER)
        desk.engage_action.trigger()
        await until(lambda: all(w.banner.mode is ConsoleMode.INCIDENT for w in windows))
        await until(lambda: all(w.incident_counts.held == 4 for w in windows))
        await until(lambda: PROMPTS.pending() == 0)

        await until(lambda: "mode review" in gold_window.incident_view.summary.text())

        # Gold releases a held post (now) while the desk sends a holding statement,
        # and the database server is restarted in the middle of it.
        gold_view = gold_window.incident_view
        gold_window.show_area("incident")
        await until(lambda: gold_view.model.rowCount() == 4)
        values = {"location": "Eastbridge", "reference": "OP-TALON", "next_update": "13:00"}
        restart = asyncio.create_task(asyncio.to_thread(pg_server.ctl, "restart"))
        refused: list[str] = []

        async def until_saved(window: MainWindow, answer: object, done: str) -> None:
            """As an officer does: ask; if the store was unreachable (said in a
            sentence, nothing saved), ask again once it is back."""
            view = window.incident_view
            while True:
                view.result.clear()
                PROMPTS.answer_next(answer)
                if view is gold_view:
                    view.table.selectRow(0)
                    view.release_button.click()
                else:
                    view.statement_button.click()
                await until(lambda: bool(view.result.text()), seconds=30)
                if done in view.result.text():
                    return
                assert view.result.text().startswith("Team store unreachable"), view.result.text()
                refused.append(view.result.text())
                PROMPTS.clear()  # refused before the question was put, maybe
                await until(lambda: not window.store_label.isVisible(), seconds=30)
                await asyncio.sleep(0.2)

        await until_saved(gold_window, ReleaseAnswer("now", None, "harmless news"), "Released 1")
        await until_saved(desk, StatementAnswer(flooding.id, values, [1, 2], None), "sent to 2")
        await restart
        await until(lambda: all(w.incident_counts.released == 1 for w in windows), 60)

        # The service sends the released post and both statements, once each.
        def sent() -> Counter[tuple[str, str]]:
            with simulator.state.lock:
                return Counter((r.account, r.text) for r in simulator.state.statuses)

        await until(lambda: sum(sent().values()) >= 3, seconds=90)  # 1 post, 2 statements
        await until(lambda: all(w.incident_counts.statements_sent == 2 for w in windows), 60)
        await asyncio.sleep(2)  # a second send of anything would have arrived by now
        assert sum(sent().values()) == 3 and all(n == 1 for n in sent().values()), sent()
        statuses = await alice.store.run(
            lambda db: Counter(str(r[0]) for r in db.execute("SELECT status FROM targets"))
        )
        assert statuses[TargetStatus.PUBLISHED.value] == 3
        assert statuses[TargetStatus.HELD.value] == 3
    finally:
        engine.send_signal(signal.SIGTERM)
        await asyncio.to_thread(engine.wait, 60)
        simulator.stop()
        for window in windows:
            window.close_for_good()
    for verb in (("audit", "verify"), ("store", "check")):
        done = cordon(*verb, pg_url, "--user", "alice", stdin=PASSWORD + "\n")
        assert done.returncode == 0, done.stdout + done.stderr
        assert "HMAC" not in done.stdout  # a team store has no SQLCipher pages to vouch for
