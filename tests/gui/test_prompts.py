"""PROMPTS with real dialogs: each question is awaited, answered through its
widgets; a cancelled asker closes its dialog, a dialog destroyed under its asker
answers "cancelled", and a file that exists is not replaced without asking."""

from __future__ import annotations

from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog, QLineEdit, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from tests.gui.waiting import button, shown, until
from ui.common.prompts import PROMPTS, ReasonDialog
from ui.common.tasks import Tasks

pytestmark = pytest.mark.asyncio


def _window(qtbot: QtBot) -> QWidget:
    window = QWidget()
    window.setWindowTitle("Cordon")
    qtbot.addWidget(window)
    window.show()
    return window


async def test_a_confirm_names_its_actions_and_a_text_is_typed(qtbot: QtBot) -> None:
    window = _window(qtbot)
    tasks = Tasks()
    answers: list[object] = []

    async def ask() -> None:
        answers.append(
            await PROMPTS.confirm(
                window, "End the exercise", "End it now?", yes="End the exercise",
                no="Keep it running",
            )
        )  # fmt: skip
        answers.append(await PROMPTS.confirm(window, "Sure?", "Really?"))
        answers.append(
            await PROMPTS.text(window, "Cancel the post", "Why?", ok="Cancel it", cancel="Keep it")
        )
        answers.append(await PROMPTS.text(window, "Why", "Say why"))

    tasks.spawn(ask())
    box = await shown(QMessageBox)
    assert box.windowModality() is Qt.WindowModality.WindowModal  # open(), not exec()
    assert {b.text() for b in box.buttons()} == {"End the exercise", "Keep it running"}
    button(box, "Keep it running").click()
    await until(lambda: answers == [False])
    plain = await shown(QMessageBox)
    button(plain, "Yes").click()
    await until(lambda: answers == [False, True])
    reason = await shown(ReasonDialog)
    line = reason.findChild(QLineEdit)
    assert isinstance(line, QLineEdit)
    assert not button(reason, "Cancel it").isEnabled()  # a reason is required
    QTest.keyClicks(line, "  posted in error  ")
    button(reason, "Cancel it").click()
    await until(lambda: len(answers) == 3)
    assert answers[2] == "posted in error"
    empty = await shown(ReasonDialog)
    # Nothing typed: OK is greyed out (an empty OK was once taken as a silent cancel).
    assert not button(empty, "OK").isEnabled()
    QTest.keyClicks(empty.line, "   ")
    assert not button(empty, "OK").isEnabled()
    QTest.keyClicks(empty.line, "a reason")
    button(empty, "OK").click()
    await until(lambda: len(answers) == 4)
    assert answers[3] == "a reason"
    assert PROMPTS.showing() == []
    assert PROMPTS.shown == [
        "End the exercise: End it now?", "Sure?: Really?", "Cancel the post: Why?", "Why: Say why"
    ]  # fmt: skip


async def test_cancelling_the_asker_closes_its_dialog(qtbot: QtBot) -> None:
    window = _window(qtbot)
    tasks = Tasks()
    task = tasks.spawn(PROMPTS.inform(window, "Saved", "It is saved."))
    box = await shown(QMessageBox)
    task.cancel()
    await until(lambda: not shiboken6.isValid(box) or not box.isVisible())
    assert task.cancelled() and PROMPTS.showing() == []


async def test_a_dialog_destroyed_under_its_asker_answers_cancelled(qtbot: QtBot) -> None:
    parent = QWidget()
    parent.show()
    tasks = Tasks()
    answers: list[object] = []

    async def ask() -> None:
        answers.append(await PROMPTS.text(parent, "Why", "Say why"))

    tasks.spawn(ask())
    dialog = await shown(ReasonDialog)
    shiboken6.delete(parent)  # its window went, and the dialog with it
    await until(lambda: answers == [None])
    assert not shiboken6.isValid(dialog) and PROMPTS.showing() == []


async def test_a_file_that_exists_is_replaced_only_when_the_officer_says(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = _window(qtbot)
    tasks = Tasks()
    there = tmp_path / "audit.csv"
    there.write_text("kept")
    chosen: list[Path | None] = []

    async def ask() -> None:
        chosen.append(await PROMPTS.save_path(window, "Export", there, "CSV (*.csv)"))

    tasks.spawn(ask())
    chooser = await shown(QFileDialog)
    assert chooser.testOption(QFileDialog.Option.DontUseNativeDialog)
    button(chooser, "Save").click()  # the suggested name, which exists
    replace = await shown(QMessageBox)
    assert replace.text() == "audit.csv already exists. Replace it?"
    button(replace, "Choose another name").click()
    again = await shown(QFileDialog)
    assert again is not chooser
    name = again.findChild(QLineEdit, "fileNameEdit")
    assert isinstance(name, QLineEdit)
    name.setText("audit-2.csv")  # set, not typed: typing pops up its completer
    button(again, "Save").click()
    await until(lambda: chosen == [tmp_path / "audit-2.csv"])
    assert there.read_text() == "kept"
    assert PROMPTS.shown == ["Export"]  # one question; the replace check is part of it
