"""EXERCISE on every window of an exercise store.

The main window of an exercise store installs one ``ExerciseMarker`` on the
application while it is open. Every top-level window shown meanwhile (a dialog, a
message box, a file chooser, the composer, the wall display) gets " — EXERCISE"
after its title, and keeps it when its title changes later, so no screen of an
exercise can be taken for a live one, whichever module opened it. File choosers
asked through ``ui.common.prompts.PROMPTS`` are Qt's own dialogs, so this filter reaches
them too (and ``PROMPTS`` marks their title when their parent window is marked).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget

from console.marking import title_suffix

_TITLE_EVENTS = (QEvent.Type.Show, QEvent.Type.WindowTitleChange)


def marked(title: str) -> str:
    """``title`` with the exercise suffix, once."""
    suffix = title_suffix()
    return title if title.endswith(suffix) else title + suffix


class ExerciseMarker(QObject):
    """An application-wide event filter that marks every window's title."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.installed = False

    def install(self) -> None:
        app = QApplication.instance()
        if app is None or self.installed:
            return
        app.installEventFilter(self)
        self.installed = True

    def remove(self) -> None:
        app = QApplication.instance()
        if app is not None and self.installed:
            app.removeEventFilter(self)
        self.installed = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _TITLE_EVENTS and isinstance(watched, QWidget) and watched.isWindow():
            self._mark(watched)
        return False

    @staticmethod
    def _mark(widget: QWidget) -> None:
        title = widget.windowTitle()
        # A window without a title of its own (a tool tip, a menu) is left alone.
        if title and not title.endswith(title_suffix()):
            widget.setWindowTitle(marked(title))
