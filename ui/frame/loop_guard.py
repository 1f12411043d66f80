"""Catching a nested event loop started while an asyncio task runs.

Under qasync each step of a task runs inside Qt's event loop. A nested loop
started from such a step (``QDialog.exec()``, Qt's static ``QMessageBox`` /
``QFileDialog`` / ``QInputDialog`` helpers, ``QMenu.exec``, ``QDrag.exec``,
``QEventLoop.exec``, ``processEvents``) runs while that task is "current", and
every other task that wakes meanwhile fails in ``task_wakeup`` ("Cannot enter
into task … while another task … is being executed") and is never resumed:
sync, publishing and refreshes stop for good. Dialogs are opened with ``open()``
and awaited instead (``ui.common.prompts``).

``LoopGuard`` catches the mistake two ways:

* the Python entry points above are wrapped: called while a task is current,
  the call is reported, naming it and the line that made it; a strict guard
  (tests) then refuses it with ``NestedLoopError`` instead of entering the loop;
* a loop started from C++ (or from ``QMenu.exec()`` on a menu: Shiboken calls
  that one past any Python wrapper) is caught by a short repeating timer. A Qt timer
  fires only from an event loop, so one that fires while a task is current
  means events are being processed inside that task's step; the report gives
  the Qt loop level and the Python line that entered Qt. A strict guard then
  rejects the modal dialog or closes the popup on top, so a test ends.

The window tests install a strict guard around every test
(``tests/gui/conftest.py``); ``CORDON_LOOP_GUARD=1`` installs a lenient one in
the app (a debug mode: each report is logged as an error).
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, QThread, QTimer
from PySide6.QtGui import QDrag, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QColorDialog,
    QDialog,
    QFileDialog,
    QFontDialog,
    QInputDialog,
    QMenu,
    QMessageBox,
)

log = logging.getLogger(__name__)

ENV = "CORDON_LOOP_GUARD"

# Every Python entry point to a nested loop. QMessageBox.exec, QFileDialog.exec
# and QInputDialog.exec are QDialog.exec (inherited), so wrapping it covers them.
ENTRY_POINTS: dict[type, tuple[str, ...]] = {
    QDialog: ("exec", "exec_"),
    QMenu: ("exec", "exec_"),
    QDrag: ("exec", "exec_"),
    QEventLoop: ("exec", "exec_", "processEvents"),
    QCoreApplication: ("exec", "exec_", "processEvents"),
    QGuiApplication: ("exec", "exec_"),
    QApplication: ("exec", "exec_"),
    QMessageBox: ("question", "information", "warning", "critical", "about", "aboutQt"),
    QFileDialog: (
        "getOpenFileName",
        "getOpenFileNames",
        "getSaveFileName",
        "getExistingDirectory",
        "getOpenFileUrl",
        "getOpenFileUrls",
        "getSaveFileUrl",
        "getExistingDirectoryUrl",
    ),
    QInputDialog: ("getText", "getMultiLineText", "getInt", "getDouble", "getItem"),
    QColorDialog: ("getColor",),
    QFontDialog: ("getFont",),
}


class NestedLoopError(RuntimeError):
    """A nested event loop was about to start inside an asyncio task."""


def current_task() -> asyncio.Task[Any] | None:
    """The asyncio task now running on this thread, if any."""
    try:
        return asyncio.current_task()
    except RuntimeError:  # no loop running
        return None


def _task_name(task: asyncio.Task[Any]) -> str:
    coro = task.get_coro()
    name = getattr(coro, "__qualname__", None) or repr(coro)
    return f"{task.get_name()} ({name})"


def _where(frame: traceback.FrameSummary) -> str:
    return f"{frame.filename}:{frame.lineno} (in {frame.name})"


class LoopGuard(QObject):
    """Install with ``install()``, remove with ``uninstall()``; ``caught`` lists
    what it found, one sentence each."""

    def __init__(
        self,
        *,
        strict: bool,
        report: Callable[[str], None] | None = None,
        interval_ms: int = 10,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.strict = strict
        self.caught: list[str] = []
        self._report_to = report
        self._originals: list[tuple[type, str, Any]] = []
        self._reported: set[tuple[int, str]] = set()  # (task, where): once per nested loop
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)

    # -- installing ------------------------------------------------------------------

    def install(self) -> None:
        if self._originals:
            return
        for cls, names in ENTRY_POINTS.items():
            for name in names:
                original = cls.__dict__.get(name)
                if original is None:
                    continue
                self._originals.append((cls, name, original))
                setattr(cls, name, self._wrapped(cls, name, original))
        self._timer.start()

    def uninstall(self) -> None:
        self._timer.stop()
        for cls, name, original in reversed(self._originals):
            setattr(cls, name, original)
        self._originals.clear()

    def original(self, cls: type, name: str) -> Any:
        """The unwrapped entry point (to start a loop the way C++ code would)."""
        for owner, found, original in self._originals:
            if owner is cls and found == name:
                return original.__func__ if isinstance(original, staticmethod) else original
        return getattr(cls, name)

    def _wrapped(self, cls: type, name: str, original: Any) -> Any:
        guard = self
        if isinstance(original, staticmethod):
            function = original.__func__

            def static_call(*args: Any, **kwargs: Any) -> Any:
                guard._entered(f"{cls.__name__}.{name}")
                return function(*args, **kwargs)

            return staticmethod(static_call)

        def method_call(this: Any, *args: Any, **kwargs: Any) -> Any:
            guard._entered(f"{type(this).__name__}.{name}")
            return original(this, *args, **kwargs)

        return method_call

    # -- catching ----------------------------------------------------------------------

    def _entered(self, call: str) -> None:
        task = current_task()
        if task is None:
            return
        caller = traceback.extract_stack(sys._getframe(2), limit=1)[-1]
        sentence = (
            f"{call}() was called inside the asyncio task {_task_name(task)} at "
            f"{_where(caller)}: a nested event loop there stops every other task that "
            "wakes meanwhile. Open the dialog with open() and await its answer (ui.common.prompts)."
        )
        self._report(sentence)
        if self.strict:
            raise NestedLoopError(sentence)

    def _tick(self) -> None:
        task = current_task()
        if task is None:
            self._reported.clear()  # back in the loop's own level
            return
        level = QThread.currentThread().loopLevel()
        stack = [f for f in traceback.extract_stack() if f.filename != __file__]
        entered = _where(stack[-1]) if stack else "an unknown place"
        if (id(task), entered) in self._reported:
            return
        self._reported.add((id(task), entered))
        self._report(
            f"Qt processed events (loop level {level}) while the asyncio task "
            f"{_task_name(task)} was running: a nested event loop was started at "
            f"{entered}. Open dialogs with open() and await their answer (ui.common.prompts)."
        )
        if self.strict:
            self._close_the_loop()

    @staticmethod
    def _close_the_loop() -> None:
        popup = QApplication.activePopupWidget()
        if popup is not None:
            popup.close()
        modal = QApplication.activeModalWidget()
        if isinstance(modal, QDialog):
            modal.reject()

    def _report(self, sentence: str) -> None:
        self.caught.append(sentence)
        if self._report_to is not None:
            self._report_to(sentence)


def install_from_environment(app: QObject) -> LoopGuard | None:
    """The app's debug mode: with ``CORDON_LOOP_GUARD=1`` a lenient guard (kept
    by ``app``) logs every nested loop started inside a task."""
    if os.environ.get(ENV) != "1":
        return None
    guard = LoopGuard(strict=False, report=lambda s: log.error("%s", s), parent=app)
    guard.install()
    log.warning("nested event loop guard on (%s=1)", ENV)
    return guard
