"""Waiting for the event loop, in window tests: conditions, never clocks; and
finding a real dialog the window opened (``shown``) and its buttons by their
text (``button``, ``ok_button``)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

import shiboken6
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialogButtonBox, QWidget

if TYPE_CHECKING:
    from ui.frame.app import AppController

W = TypeVar("W", bound=QWidget)


async def until(condition: Callable[[], bool], seconds: float = 10.0) -> None:
    """Let the loop run until ``condition()`` holds (fails after ``seconds``)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while not condition():
        if loop.time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.01)


async def shown(kind: type[W], seconds: float = 10.0) -> W:
    """The visible window of type ``kind`` (a real dialog the window opened), once
    it shows: the active modal one if it is of that type, else any top-level one."""
    found: list[W] = []

    def look() -> bool:
        modal = QApplication.activeModalWidget()
        windows = [modal, *QApplication.topLevelWidgets()]
        found[:] = [w for w in windows if isinstance(w, kind) and w.isVisible()][:1]
        return bool(found)

    await until(look, seconds)
    return found[0]


def button(dialog: QWidget, text: str) -> QAbstractButton:
    """The button of ``dialog`` that reads ``text`` (mnemonic ampersands aside)."""
    found = [b for b in dialog.findChildren(QAbstractButton) if b.text().replace("&", "") == text]
    assert len(found) == 1, [b.text() for b in dialog.findChildren(QAbstractButton)]
    return found[0]


def ok_button(dialog: QWidget) -> QAbstractButton:
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    ok = box.button(QDialogButtonBox.StandardButton.Ok)
    assert ok is not None
    return ok


async def quit_app(controller: AppController) -> None:
    """Quit the app as the officer does, and wait until its sign-in screen is
    deleted by the loop (not by a nested one)."""
    finished: list[bool] = []
    controller.finished.connect(lambda: finished.append(True))
    controller.quit()
    await until(lambda: bool(finished))
    sign_in = controller.sign_in
    sign_in.deleteLater()
    await until(lambda: not shiboken6.isValid(sign_in))
