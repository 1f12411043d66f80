"""Every question the window asks goes through here, so tests can answer it.

As KeePassXC's ``MessageBox::setNextAnswer``: a test queues answers with
``PROMPTS.answer_next(...)``; with none queued, the real dialog is shown.

``hold(True)`` (the console locks) rejects every dialog shown from here that is
still open and shows none until ``hold(False)``: nothing the officer was asked
stays over the lock screen, and every asker gets the answer "cancelled". A
question asked after an await compares ``epoch`` (one more at each lock) with
the one it started under, so it is never put to whoever signs in next.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QWidget,
)

from console.marking import TITLE_SUFFIX


class AnswerDialog(Protocol):
    def exec(self) -> int: ...

    def answer(self) -> Any: ...


class Prompts:
    def __init__(self) -> None:
        self._answers: deque[Any] = deque()
        self.shown: list[str] = []  # what was asked or said, newest last (for tests and logs)
        self._showing: list[QDialog] = []  # our dialogs now open, innermost last
        self._static = 0  # Qt's own static dialogs now open (file, text, message boxes)
        self.held = False  # the console is locked: no dialog is shown, each is "cancelled"
        self.epoch = 0  # one more at each lock: a question asked after an await checks it

    def answer_next(self, *answers: Any) -> None:
        self._answers.extend(answers)

    def pending(self) -> int:
        return len(self._answers)

    def clear(self) -> None:
        self._answers.clear()
        self.shown.clear()
        self.held = False

    def _scripted(self, what: str) -> tuple[bool, Any]:
        self.shown.append(what)
        if self._answers:
            return True, self._answers.popleft()
        if self.held:
            return True, None  # locked: answered as if cancelled, nothing shown
        return False, None

    def _exec(self, dialog: Any) -> int:
        if not isinstance(dialog, QDialog):
            return int(dialog.exec())
        self._showing.append(dialog)
        try:
            return int(dialog.exec())
        finally:
            self._showing.remove(dialog)

    @contextmanager
    def _qt_static(self) -> Iterator[None]:
        self._static += 1
        try:
            yield
        finally:
            self._static -= 1

    def hold(self, held: bool) -> None:
        """The console locks (True): close every dialog and show none until it is
        unlocked (False)."""
        self.held = held
        if held:
            self.epoch += 1
            self.close_all()

    def close_all(self) -> int:
        """Reject every dialog shown from here that is still open, innermost first;
        returns how many. Each asker then gets what a cancel gives (None, False)."""
        closed = 0
        for dialog in reversed(list(self._showing)):
            if dialog.isVisible():
                dialog.reject()
                closed += 1
        for _ in range(self._static):  # Qt's static dialogs: the modal ones on top
            top = QApplication.activeModalWidget()
            if not isinstance(top, QDialog) or top in self._showing:
                break
            top.reject()
            closed += 1
        return closed

    # -- the questions ---------------------------------------------------------

    def save_path(self, parent: QWidget, title: str, suggested: Path, filters: str) -> Path | None:
        scripted, answer = self._scripted(title)
        if scripted:
            return None if answer is None else Path(answer)
        with self._qt_static():
            name, _ = QFileDialog.getSaveFileName(
                parent, _marked_like(parent, title), str(suggested), filters
            )
        return Path(name) if name else None

    def open_path(self, parent: QWidget, title: str, start: Path, filters: str) -> Path | None:
        scripted, answer = self._scripted(title)
        if scripted:
            return None if answer is None else Path(answer)
        with self._qt_static():
            name, _ = QFileDialog.getOpenFileName(
                parent, _marked_like(parent, title), str(start), filters
            )
        return Path(name) if name else None

    def disclosure(self, parent: QWidget, what: str) -> tuple[str, str] | None:
        """Ask why and to whom ``what`` is disclosed; both are required."""
        scripted, answer = self._scripted(f"disclosure: {what}")
        if scripted:
            return None if answer is None else (str(answer[0]), str(answer[1]))
        dialog = DisclosureDialog(what, parent)
        if self._exec(dialog) != QDialog.DialogCode.Accepted:
            return None
        return dialog.reason(), dialog.recipient()

    def form(self, what: str, dialog: Callable[[], AnswerDialog]) -> Any:
        """Show a form (built by ``dialog``) and return its answer, or None if cancelled."""
        scripted, answer = self._scripted(what)
        if scripted:
            return answer
        form = dialog()
        if self._exec(form) != QDialog.DialogCode.Accepted:
            return None
        return form.answer()

    def text(self, parent: QWidget, title: str, label: str) -> str | None:
        """One line of text, required (a reason, a phrase)."""
        scripted, answer = self._scripted(f"{title}: {label}")
        if scripted:
            return None if answer is None else str(answer)
        with self._qt_static():
            value, ok = QInputDialog.getText(parent, title, label)
        return value.strip() if ok and value.strip() else None

    def choose(self, parent: QWidget, title: str, text: str, options: list[str]) -> int | None:
        """One of ``options`` (its index), or None if the officer cancels."""
        scripted, answer = self._scripted(f"{title}: {text}")
        if scripted:
            return None if answer is None else int(answer)
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
        buttons = [box.addButton(option, QMessageBox.ButtonRole.AcceptRole) for option in options]
        box.addButton(QMessageBox.StandardButton.Cancel)
        self._exec(box)
        clicked = box.clickedButton()
        return next((i for i, button in enumerate(buttons) if button is clicked), None)

    def inform(self, parent: QWidget, title: str, text: str) -> None:
        scripted, _ = self._scripted(f"{title}: {text}")
        if not scripted:
            with self._qt_static():
                QMessageBox.information(parent, title, text)

    def warn(self, parent: QWidget, title: str, text: str) -> None:
        scripted, _ = self._scripted(f"{title}: {text}")
        if not scripted:
            with self._qt_static():
                QMessageBox.warning(parent, title, text)

    def confirm(self, parent: QWidget, title: str, text: str) -> bool:
        scripted, answer = self._scripted(f"{title}: {text}")
        if scripted:
            return bool(answer)
        buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
        with self._qt_static():
            answer = QMessageBox.question(parent, title, text, buttons)
        return answer == QMessageBox.StandardButton.Yes


def _marked_like(parent: QWidget, title: str) -> str:
    """A native file chooser's title: " — EXERCISE" when its window has it (the
    exercise marker, ui.exercise_mark, cannot reach a chooser that is not Qt's)."""
    if parent.window().windowTitle().endswith(TITLE_SUFFIX):
        return title + TITLE_SUFFIX
    return title


class DisclosureDialog(QDialog):
    """Why, and to whom: what DPA 2018 s.62 asks of every disclosure."""

    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Record the disclosure"))
        form = QFormLayout(self)
        intro = QLabel(
            self.tr("{what} is a disclosure and goes in the audit trail.").format(what=what), self
        )
        intro.setWordWrap(True)
        form.addRow(intro)
        self._reason = QLineEdit(self)
        self._reason.setPlaceholderText(self.tr("e.g. Subject access request SAR-2026-114"))
        self._recipient = QLineEdit(self)
        self._recipient.setPlaceholderText(self.tr("e.g. Information Management Unit"))
        form.addRow(self.tr("&Why"), self._reason)
        form.addRow(self.tr("To &whom"), self._recipient)
        self._buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self._buttons.accepted.connect(self.accept)
        self._buttons.rejected.connect(self.reject)
        form.addRow(self._buttons)
        for edit in (self._reason, self._recipient):
            edit.textChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        ok = bool(self.reason()) and bool(self.recipient())
        self._buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def reason(self) -> str:
        return self._reason.text().strip()

    def recipient(self) -> str:
        return self._recipient.text().strip()


PROMPTS = Prompts()
