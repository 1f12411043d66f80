"""The window plays an exercise through ``runner_for`` (the simulator answers with a
network's latency), pauses its clock when it quits, and a second window on the same
exercise says in its status line that another one plays it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from incident.exercise import service
from incident.exercise.clock import ClockState
from incident.exercise.runner import LIVE_LATENCY
from storage import audit
from storage.lifecycle import open_store
from tests.exercise.conftest import SMALL, TRAINER
from tests.gui.waiting import until
from tests.helpers import FAST_KDF, PASSWORD

pytestmark = pytest.mark.asyncio


async def _signed_in(qtbot: QtBot, path: Path):  # type: ignore[no-untyped-def]
    from ui.app import AppController

    controller = AppController(path, kdf=FAST_KDF)
    qtbot.addWidget(controller.sign_in)
    controller.start()
    controller.sign_in.prefill(path, TRAINER, PASSWORD)
    controller.sign_in.attempt()
    await until(lambda: controller.main_window is not None)
    window = controller.main_window
    assert window is not None
    await until(lambda: window.publishing_label.text().startswith("Publishing on"))
    return controller


async def _quit(controller) -> None:  # type: ignore[no-untyped-def]
    done: list[bool] = []
    controller.finished.connect(lambda: done.append(True))
    controller.quit()
    await until(lambda: bool(done))


async def test_the_window_plays_with_latency_and_pauses_the_clock_when_it_quits(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path = await service.create_exercise(
        tmp_path / "ex.cordon", SMALL, TRAINER, PASSWORD, kdf=FAST_KDF
    )
    first = await _signed_in(qtbot, path)
    assert first.runner is not None and first.engine is not None
    assert first.engine.simulator.state.latency == LIVE_LATENCY
    assert first.session is not None
    await service.start(first.session)

    second = await _signed_in(qtbot, path)  # the same exercise in a second window
    assert second.runner is None
    assert second.main_window is not None
    assert "already playing this exercise" in second.main_window.publishing_label.text()
    await _quit(second)

    await _quit(first)
    store, _user = await open_store(path, TRAINER, PASSWORD)
    try:
        assert (await service.status(store)).state is ClockState.PAUSED
        found = await store.run(lambda db: list(audit.iter_entries(db)))
        pause = [e for e in found if e.action == "exercise.clock"][-1]
        assert pause.actor == "exercise"
        assert json.loads(pause.after or "{}")["change"] == "pause"
    finally:
        await store.close()
