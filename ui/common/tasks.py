"""Running core coroutines from the window without losing their failures.

Every coroutine the UI starts goes through ``Tasks.spawn``: the task is kept
(so it cannot be garbage-collected mid-flight), its exception is always
retrieved, a ``StoreError`` becomes its sentence, and anything else is logged as
the bug it is and reported in a sentence too. No fire-and-forget.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, Signal

from console.logs import current_log
from storage.errors import StoreError

T = TypeVar("T")
log = logging.getLogger(__name__)


class Tasks(QObject):
    """Signals: ``failed(str)``: a task ended with an error nobody else handled;
    the string is the sentence to show."""

    failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._running: set[asyncio.Task[Any]] = set()

    def spawn(
        self,
        coro: Coroutine[Any, Any, T],
        *,
        done: Callable[[T], None] | None = None,
        error: Callable[[str], None] | None = None,
    ) -> asyncio.Task[T]:
        task = asyncio.ensure_future(coro)
        self._running.add(task)

        def finished(finished_task: asyncio.Task[T]) -> None:
            self._running.discard(finished_task)
            if finished_task.cancelled():
                return
            failure = finished_task.exception()
            try:
                if failure is None:
                    if done is not None:
                        done(finished_task.result())
                    return
                sentence = describe(failure)
                if error is not None:
                    error(sentence)
                else:
                    self.failed.emit(sentence)
            except RuntimeError as gone:
                # The widget that asked was closed while the work was under way:
                # there is nobody left to show the result to.
                if "already deleted" not in str(gone) and "has been deleted" not in str(gone):
                    raise

        task.add_done_callback(finished)
        return task

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def cancel_pending(self) -> None:
        """Cancel every task still running (their owner is going away)."""
        for task in list(self._running):
            task.cancel()

    async def cancel_all(self) -> None:
        tasks = list(self._running)
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)


def describe(failure: BaseException) -> str:
    if isinstance(failure, StoreError):
        return str(failure)
    log.error("unexpected failure", exc_info=failure)
    return QCoreApplication.translate(
        "Tasks",
        "Something went wrong that Cordon did not expect ({kind}). Nothing was changed by "
        "the step that failed; the details are in {log}.",
    ).format(
        kind=failure.__class__.__name__,
        log=current_log() or QCoreApplication.translate("Tasks", "the log"),
    )
