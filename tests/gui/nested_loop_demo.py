"""What a nested event loop inside a task does under qasync, in a process of its own.

``python -m tests.gui.nested_loop_demo`` runs a heartbeat task (a tick every
50 ms), then, inside another task, shows a message box with ``exec()`` for one
second, under a lenient ``LoopGuard`` (it reports and lets the loop run). It
prints one JSON object: the heartbeat's ticks before, during and after the
nested loop, whether the heartbeat task ended, what asyncio reported (the task
that could not be resumed) and what the guard said. Its own process because the
heartbeat it strands can never be finished or cancelled.
"""

from __future__ import annotations

import asyncio
import json
import os
from typing import Any

BEAT = 0.05


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import qasync
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from ui.frame.loop_guard import LoopGuard

    app = QApplication([])
    app.setQuitOnLastWindowClosed(False)  # as ui.frame.app sets it
    guard = LoopGuard(strict=False)
    guard.install()
    ticks: list[int] = []
    asyncio_said: list[str] = []
    out: dict[str, Any] = {}

    async def heartbeat() -> None:
        while True:
            ticks.append(1)
            await asyncio.sleep(BEAT)

    async def asks() -> None:
        box = QMessageBox(QMessageBox.Icon.Question, "Sure?", "Really?")
        QTimer.singleShot(1000, box.accept)
        box.exec()  # the mistake: a nested loop while this task is current

    async def run() -> None:
        loop = asyncio.get_running_loop()
        loop.set_exception_handler(
            lambda _l, context: asyncio_said.append(f"{context['message']}: {context['exception']}")
        )
        beat = asyncio.ensure_future(heartbeat())
        while len(ticks) < 10:
            await asyncio.sleep(BEAT)
        out["before"] = len(ticks)
        await asks()
        out["during"] = len(ticks) - out["before"]
        at_end = len(ticks)
        await asyncio.sleep(20 * BEAT)  # twenty beats' time
        out["after"] = len(ticks) - at_end
        out["heartbeat_done"] = beat.done()
        out["asyncio_said"] = asyncio_said
        out["guard_said"] = guard.caught

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    loop.run_until_complete(run())
    guard.uninstall()
    print(json.dumps(out), flush=True)
    os._exit(0)  # not loop.close(): closing would wait for the stranded heartbeat


if __name__ == "__main__":
    main()
