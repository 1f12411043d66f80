"""The window fits a 1280x800 screen (and a 1920x1080 one) on every area, in
normal and in incident mode, with the red engine strip, a threat-to-life alert and
gold's notice all showing: nothing lies outside the window and nothing pushes it
wider than the screen, however long the incident's name is."""

from __future__ import annotations

import functools

import pytest
from PySide6.QtCore import QSize
from pytestqt.qtbot import QtBot

from console import users as user_admin
from console.engine_health import EngineHealth, EngineLevel
from console.session import Session
from incident import engage, stand_down
from incident.engage import Details
from storage import channels
from storage.records import Role
from storage.store import Transaction
from tests.gui.fits import SCREENS, beyond
from tests.gui.waiting import until
from ui.main_window import MainWindow
from widgets.gold_notice import GoldInstruction
from widgets.mode_banner import ConsoleMode

pytestmark = pytest.mark.asyncio

LONG_NAME = (
    "Eastbridge market firearms incident with road closures across the Lenn valley and the "
    "A140 shut both ways between Kingsbridge and Marlow Vale"
)


async def _desk(session: Session) -> None:
    await user_admin.set_roles(
        session, "alice", [Role.ADMINISTRATOR, Role.APPROVER, Role.DUTY_OFFICER], reason="test"
    )

    def add(tx: Transaction) -> None:
        for n in range(4):
            channels.insert(tx.db, name=f"Northshire Police – Kingsbridge and district {n}",
                            network="simulator", account=f"np{n}", area="North",
                            now=tx.now())  # fmt: skip

    await session.store.write(add)


def _alarms(window: MainWindow) -> None:
    """Everything that can stand between the banner and the areas, at once."""
    window.sync_parts.engine_strip.show_health(
        EngineHealth(
            EngineLevel.STOPPED,
            "Publishing stopped 40 s ago: the engine was stopped "
            "by gold (end of the exercise). Nothing is published or synced until it "
            "is started again.",
            None,
        )
    )
    window.threat_alerts.banner.show_alert(
        "THREAT TO LIFE on Northshire Police – Kingsbridge: “end my life tonight”",
        "Received 14:02 from K (@anon_kb): I can't do this any more, I want to end my life",
        2,
        can_acknowledge=True,
    )
    window.gold_notice.show_instructions(
        [GoldInstruction("1", "14:05", "Gold: hold every post on every channel until the "
                         "press conference at 15:00, and send the firearms holding statement.")]
    )  # fmt: skip


async def _every_area_fits(window: MainWindow, screen: QSize) -> None:
    window.resize(screen)
    for key in window.area_index:
        window.show_area(key)
        await until(functools.partial(lambda k: window.current_area() == k, key))
        try:
            await until(lambda: not beyond(window, screen), seconds=3)
        except AssertionError:
            raise AssertionError(f"{key} at {screen}: {beyond(window, screen)}") from None


async def test_every_area_fits_in_normal_and_incident_mode(
    exercise_session: Session, qtbot: QtBot
) -> None:
    session = exercise_session
    await _desk(session)
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.resize(SCREENS[0])
    window.show()
    _alarms(window)
    try:
        await _check(window, session)
    finally:
        window.close_for_good()


async def _check(window: MainWindow, session: Session) -> None:
    for screen in SCREENS:
        await _every_area_fits(window, screen)
        assert beyond(window, screen) == []

    await engage.hold_now(session, details=Details(LONG_NAME, "OP-TALON-24-LENN", "Ch Supt Gold"))
    await until(lambda: window.banner.mode is ConsoleMode.INCIDENT)
    await until(lambda: LONG_NAME in window.banner.title())
    for screen in SCREENS:
        await _every_area_fits(window, screen)
        assert beyond(window, screen) == [], screen
    # The banner keeps the whole sentence for the eye that hovers and for a reader.
    assert LONG_NAME in window.banner.accessibleName()
    window.show_wall()
    wall = window.wall
    assert wall is not None
    await until(lambda: LONG_NAME in wall.title.text())
    assert beyond(wall, SCREENS[0]) == []
    wall.close()

    incident = await engage.current(session.store)
    assert incident is not None
    await stand_down.stand_down(session, incident.id, reason="over")
    await until(lambda: window.banner.mode is ConsoleMode.EXERCISE)
    for screen in SCREENS:
        await _every_area_fits(window, screen)
