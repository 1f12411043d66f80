"""An error nobody caught in the window: logged in full in the log file, and told to
the officer as one sentence naming that file, in a dialog over the window (asked
through PROMPTS, awaited), once however often it repeats."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from console import logs
from tests.gui.waiting import until
from ui.common.prompts import PROMPTS
from ui.frame.faults import tell_in_window

pytestmark = [pytest.mark.asyncio, pytest.mark.qt_no_exception_capture]


@pytest.fixture
def window_logs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("CORDON_HOME", str(tmp_path))
    path = logs.setup("cordon")
    assert path is not None
    yield path
    logs.reset()


async def test_a_slot_that_raises_is_told_in_a_dialog_naming_the_log(
    qtbot: QtBot, window_logs: Path
) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    loop = asyncio.get_running_loop()
    handler = loop.get_exception_handler()
    tell_in_window(loop)
    try:

        def broken() -> None:
            raise KeyError("a fault in a slot")

        PROMPTS.answer_next(None)
        QTimer.singleShot(0, broken)
        QTimer.singleShot(0, broken)  # the same again at once: told once
        await until(lambda: bool(PROMPTS.shown))
        await asyncio.sleep(0.2)
    finally:
        loop.set_exception_handler(handler)
    assert len(PROMPTS.shown) == 1
    told = PROMPTS.shown[0]
    assert "KeyError" in told and str(window_logs) in told and "Traceback" not in told
    text = window_logs.read_text(encoding="utf-8")
    assert text.count("KeyError: 'a fault in a slot'") == 2 and "Traceback" in text
