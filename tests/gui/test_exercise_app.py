"""The app plays an exercise through the engine service (``cordon serve``, the runner
beside the engine), the status bar tells the truth about it, quitting stops it (which
pauses the exercise clock), and a second window on the same store is refused while
the first comes to the front."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from console import service as engine_service
from incident.exercise import service
from incident.exercise.clock import ClockState
from storage import audit
from storage.engine_service import ServiceState
from storage.lifecycle import open_store
from tests.exercise.conftest import SMALL, TRAINER
from tests.gui.app_engine import app_signing_in
from tests.gui.waiting import until
from tests.helpers import FAST_KDF, PASSWORD
from ui.common.prompts import PROMPTS
from ui.frame import app as app_module

pytestmark = pytest.mark.asyncio


async def _signed_in(qtbot: QtBot, path: Path, apps: list[Any]):  # type: ignore[no-untyped-def]
    return app_signing_in(qtbot, path, TRAINER, PASSWORD, apps)


async def _quit(controller) -> None:  # type: ignore[no-untyped-def]
    done: list[bool] = []
    controller.finished.connect(lambda: done.append(True))
    controller.quit()
    await until(lambda: bool(done), 30)


async def test_the_engine_plays_the_exercise_and_quitting_stops_it_and_pauses_the_clock(
    qtbot: QtBot, tmp_path: Path, apps: list[Any]
) -> None:
    path = await service.create_exercise(
        tmp_path / "ex.cordon", SMALL, TRAINER, PASSWORD, kdf=FAST_KDF
    )
    first = await _signed_in(qtbot, path, apps)
    await until(lambda: first.main_window is not None)
    window = first.main_window
    await until(lambda: window.engine_label.text() == "Engine: publishing", 30)
    assert not window.sync_parts.engine_strip.isVisible()
    session = first.session
    assert session is not None
    row = await engine_service.status(session.store)
    assert row is not None and row.pid != 0
    await service.start(session)

    # The scenario has posts due within a day (exercise time): quitting asks.
    PROMPTS.answer_next(1)  # "Stop publishing and quit"
    await _quit(first)
    assert any("Keep the engine publishing" in asked for asked in PROMPTS.shown)
    store, _user = await open_store(path, TRAINER, PASSWORD)
    try:
        stopped = await engine_service.status(store)
        assert stopped is not None and stopped.state is ServiceState.STOPPED
        assert (await service.status(store)).state is ClockState.PAUSED
        found = await store.run(lambda db: list(audit.iter_entries(db)))
        pause = [e for e in found if e.action == "exercise.clock"][-1]
        assert pause.actor == "exercise"
        assert json.loads(pause.after or "{}")["change"] == "pause"
        stop = [e for e in found if e.action == "engine.stop"][-1]
        assert stop.actor == TRAINER
    finally:
        await store.close()


async def test_a_second_window_on_the_same_store_is_refused_and_the_first_comes_forward(
    qtbot: QtBot, tmp_path: Path, apps: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = await service.create_exercise(
        tmp_path / "ex.cordon", SMALL, TRAINER, PASSWORD, kdf=FAST_KDF
    )
    first = await _signed_in(qtbot, path, apps)
    await until(lambda: first.main_window is not None)
    raised: list[bool] = []
    first.instance.raiseRequested.connect(lambda: raised.append(True))

    second = app_signing_in(qtbot, path, TRAINER, PASSWORD, apps)
    assert second.session is None
    assert "already open on ex.cordon in another window" in second.sign_in.message.text()
    await until(lambda: bool(raised))
    # A second window is a program of its own, which started no engine; here both
    # share this program's list of the engines it started, where the first's may be.
    with monkeypatch.context() as only_its_own:
        only_its_own.setattr(app_module, "started_engines_running", lambda: False)
        await _quit(second)  # nothing started there: no question

    keeper = first.keeper
    await until(lambda: keeper is not None and keeper.health.publishing, 30)
    PROMPTS.answer_next(1)  # posts are due within a day: stop publishing and quit
    await _quit(first)
