"""The nested-event-loop guard can fail: it catches ``exec()`` and Qt's static
dialog helpers called inside a coroutine, and a loop started from C++; what it
guards against is real (qasync strands another task); an awaited question is not
caught and strands nothing."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEventLoop, QPoint
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QInputDialog,
    QMenu,
    QMessageBox,
    QPushButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from tests.gui.waiting import shown, until
from ui.common.prompts import PROMPTS
from ui.common.tasks import Tasks
from ui.frame.loop_guard import LoopGuard, NestedLoopError

HERE = Path(__file__).name

CALLS: dict[str, Callable[[], Any]] = {
    "QMessageBox.exec": lambda: QMessageBox(QMessageBox.Icon.Question, "Sure?", "Really?").exec(),
    "QDialog.exec": lambda: QDialog().exec(),
    "QFileDialog.exec": lambda: QFileDialog().exec(),
    "QInputDialog.exec": lambda: QInputDialog().exec(),
    "QMenu.exec": lambda: QMenu.exec([QAction("Copy")], QPoint(0, 0)),  # the static one
    "QEventLoop.exec": lambda: QEventLoop().exec(),
    "QMessageBox.question": lambda: QMessageBox.question(None, "Sure?", "Really?"),
    "QMessageBox.warning": lambda: QMessageBox.warning(None, "Careful", "Look"),
    "QFileDialog.getSaveFileName": lambda: QFileDialog.getSaveFileName(None, "Save"),
    "QFileDialog.getOpenFileName": lambda: QFileDialog.getOpenFileName(None, "Open"),
    "QInputDialog.getText": lambda: QInputDialog.getText(None, "Why", "Say why"),
}


@pytest.mark.asyncio
@pytest.mark.parametrize("call", sorted(CALLS))
async def test_a_nested_loop_called_inside_a_coroutine_is_refused_and_named(
    call: str, loop_guard: LoopGuard
) -> None:
    async def asks() -> None:
        CALLS[call]()

    with pytest.raises(NestedLoopError):
        await asks()
    [said] = loop_guard.caught
    assert said.startswith(f"{call}() was called inside the asyncio task ")
    assert f"{HERE}:" in said  # the line that made the call
    loop_guard.caught.clear()  # caught, as it should be: the test passes


@pytest.mark.asyncio
async def test_the_same_calls_outside_any_task_are_left_alone(loop_guard: LoopGuard) -> None:
    called: list[str] = []

    def outside() -> None:  # a plain callback of the loop: no task is current
        QEventLoop().processEvents()
        called.append("ran")

    asyncio.get_running_loop().call_soon(outside)
    await until(lambda: called == ["ran"])
    assert loop_guard.caught == []


@pytest.mark.asyncio
@pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")  # the menu
async def test_a_loop_started_from_cpp_is_caught_by_the_timer(loop_guard: LoopGuard) -> None:
    QTest.qWait(50)  # Qt's own C++ loop: no Python entry point to wrap
    assert len(loop_guard.caught) == 1
    said = loop_guard.caught[0]
    assert "Qt processed events (loop level 1) while the asyncio task" in said
    assert f"{HERE}:" in said and "test_a_loop_started_from_cpp_is_caught" in said
    loop_guard.caught.clear()

    # exec() entered the way C++ code would enter it (not through the wrapper): the
    # timer names it too, and a strict guard closes the dialog so the test goes on.
    box = QMessageBox(QMessageBox.Icon.Question, "Sure?", "Really?")
    result = loop_guard.original(QDialog, "exec")(box)
    assert result == QDialog.DialogCode.Rejected.value
    [said] = loop_guard.caught
    assert "loop level 2" in said and f"{HERE}:" in said
    loop_guard.caught.clear()

    # A menu's own exec(): Shiboken calls it past any Python wrapper; the timer
    # catches it, and closes the menu.
    menu = QMenu()
    menu.addAction("Copy")
    assert menu.exec(QPoint(10, 10)) is None
    [said] = loop_guard.caught
    assert "loop level 2" in said and f"{HERE}:" in said
    loop_guard.caught.clear()


@pytest.mark.slow
def test_qasync_strands_another_task_while_exec_runs_and_the_guard_says_so() -> None:
    """In a process of its own (the stranded task can never end): a heartbeat
    stops for good once a coroutine runs exec(), asyncio says why, and the guard
    names the call."""
    done = subprocess.run(
        [sys.executable, "-m", "tests.gui.nested_loop_demo"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=True,
    )
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["before"] >= 10
    assert found["during"] <= 1  # the notes saw one tick in five seconds
    assert found["after"] == 0  # and none after: never resumed
    assert found["heartbeat_done"] is False  # not done, not cancelled: stuck
    [stranded] = found["asyncio_said"]
    assert "Cannot enter into task" in stranded and "heartbeat" in stranded
    said = found["guard_said"]
    assert said[0].startswith("QMessageBox.exec() was called inside the asyncio task")
    assert "nested_loop_demo.py:" in said[0]
    assert any("Qt processed events (loop level 2)" in s for s in said[1:])


@pytest.mark.asyncio
async def test_an_awaited_question_strands_nothing(qtbot: QtBot, loop_guard: LoopGuard) -> None:
    """The same second-long question, asked through PROMPTS: the heartbeat keeps
    beating while it is open, and the guard catches nothing."""
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    tasks = Tasks()
    ticks: list[int] = []
    answers: list[bool] = []

    async def heartbeat() -> None:
        while True:
            ticks.append(1)
            await asyncio.sleep(0.05)

    async def asks() -> None:
        answers.append(await PROMPTS.confirm(window, "Sure?", "Really?"))

    tasks.spawn(heartbeat())
    tasks.spawn(asks())
    box = await shown(QMessageBox)
    opened_at = len(ticks)
    await until(lambda: len(ticks) >= opened_at + 10)  # ten beats while it is open
    assert box.isVisible()
    yes = next(b for b in box.findChildren(QPushButton) if b.text().replace("&", "") == "Yes")
    yes.click()
    await until(lambda: answers == [True])
    await tasks.cancel_all()
    assert loop_guard.caught == []
