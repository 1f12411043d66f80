"""The window's side of Cordon's logs: Qt's own messages go to the log file, and an
error nobody caught is shown to the officer as a sentence naming the log, in a
dialog asked through ``PROMPTS`` (awaited, never ``exec()``), not lost on a
terminal that a desktop shortcut does not have.
"""

from __future__ import annotations

import asyncio
import logging

from PySide6.QtCore import QCoreApplication, QMessageLogContext, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QWidget

from console import logs
from ui.common.prompts import PROMPTS

qt_log = logging.getLogger("qt")
LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}
# Said by Qt on some platforms for every top-level window; nothing an officer can act on.
BENIGN = ("This plugin does not support propagateSizeHints", "This plugin does not support raise")


def qt_message(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """Qt's warnings (a missing plugin, a font, a bad style sheet) into Cordon's log."""
    if any(message.startswith(benign) for benign in BENIGN):
        return
    category = context.category or "default"
    level = LEVELS.get(kind, logging.WARNING)
    qt_log.log(level if category == "default" else min(level, logging.INFO), "%s: %s",
               category, message)  # fmt: skip


def route_qt_messages() -> None:
    qInstallMessageHandler(qt_message)


class WindowTeller:
    """Tells an unexpected error in a warning dialog over the active window; one at a
    time (an error that repeats is logged each time, and shown once)."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.showing = False
        self._tasks: set[asyncio.Task[None]] = set()

    def __call__(self, sentence: str) -> None:
        if self.loop.is_closed():
            logs.tell_terminal(sentence)
            return
        self.loop.call_soon_threadsafe(self._show, sentence)

    def _show(self, sentence: str) -> None:
        if self.showing:
            return
        self.showing = True
        task = self.loop.create_task(self._say(sentence))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _say(self, sentence: str) -> None:
        try:
            parent = QApplication.activeWindow() or _any_window()
            if parent is None:
                logs.tell_terminal(sentence)
                return
            await PROMPTS.warn(parent, QCoreApplication.translate("faults", "Cordon"), sentence)
        finally:
            self.showing = False


def _any_window() -> QWidget | None:
    shown = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    return shown[0] if shown else None


def tell_in_window(loop: asyncio.AbstractEventLoop) -> WindowTeller:
    """From now on an error nobody caught is shown in the window; also the errors of
    tasks nobody awaited, which asyncio would otherwise only print."""
    teller = WindowTeller(loop)
    logs.set_teller(teller)

    def on_loop_error(loop: asyncio.AbstractEventLoop, context: dict[str, object]) -> None:
        error = context.get("exception")
        if isinstance(error, BaseException):
            logs.unexpected(type(error), error, error.__traceback__)
        else:
            logging.getLogger("cordon.unexpected").error("%s", context.get("message"))

    loop.set_exception_handler(on_loop_error)
    return teller
