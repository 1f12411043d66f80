"""Every question the window asks goes through here, so tests can answer it.

As KeePassXC's ``MessageBox::setNextAnswer``: a test queues answers with
``PROMPTS.answer_next(...)``; with none queued, the real dialog is shown.

Every question is a coroutine. The dialog is opened with ``open()``
(window-modal) and the asker awaits a future that the dialog's ``finished``
signal completes: no nested event loop ever runs (``exec()`` inside a task would
stop every other task that wakes meanwhile: sync, publishing, refreshes; see
``ui.frame.loop_guard``). If the dialog is destroyed first the answer is "cancelled";
if the asking task is cancelled the dialog is closed.

``hold(True)`` (the console locks) rejects every dialog shown from here that is
still open and shows none until ``hold(False)``: nothing the officer was asked
stays over the lock screen, and every asker gets the answer "cancelled". A
question asked after an await compares ``epoch`` (one more at each lock) with
the one it started under, so it is never put to whoever signs in next.

File choosers are Qt's own (``DontUseNativeDialog``), not the desktop's: a Qt
dialog is a widget this module can reject when the console locks (a desktop
portal's chooser is another process, and could show the file system over the
lock screen), the exercise marker can put EXERCISE on its title, it is
window-modal the same way on every desktop, and tests answer it through its
widgets.
"""

from __future__ import annotations

import asyncio
import re
from collections import deque
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from console.marking import title_suffix

ACCEPTED = QDialog.DialogCode.Accepted.value


@runtime_checkable
class AnswerDialog(Protocol):
    """A form for ``Prompts.form``: a ``QDialog`` whose ``answer()`` is read once
    it is accepted."""

    def answer(self) -> Any: ...


class Prompts:
    def __init__(self) -> None:
        self._answers: deque[Any] = deque()
        self.shown: list[str] = []  # what was asked or said, newest last (for tests and logs)
        self._showing: list[QDialog] = []  # our dialogs now open, innermost last
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

    def showing(self) -> list[QDialog]:
        """The dialogs shown from here that are waiting for an answer, innermost last."""
        return list(self._showing)

    def _scripted(self, what: str) -> tuple[bool, Any]:
        self.shown.append(what)
        if self._answers:
            return True, self._answers.popleft()
        if self.held:
            return True, None  # locked: answered as if cancelled, nothing shown
        return False, None

    async def _shown(self, dialog: QDialog) -> int | None:
        """Open ``dialog`` window-modal and wait until it finishes: its result code,
        or None if it was destroyed first (its window closed under it). Cancelling
        the waiting task closes the dialog."""
        finished: asyncio.Future[int | None] = asyncio.get_running_loop().create_future()

        def finish(code: int) -> None:
            if not finished.done():
                finished.set_result(code)

        def gone() -> None:
            if not finished.done():
                finished.set_result(None)

        dialog.finished.connect(finish)
        dialog.destroyed.connect(gone)
        self._showing.append(dialog)
        dialog.open()
        try:
            code = await finished
        finally:
            self._showing.remove(dialog)
            if finished.cancelled() and isValid(dialog):  # the asker was cancelled
                dialog.reject()
        return code if code is not None and isValid(dialog) else None

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
            if isValid(dialog):
                dialog.reject()
                closed += 1
        return closed

    # -- the questions ---------------------------------------------------------

    async def save_path(
        self, parent: QWidget, title: str, suggested: Path, filters: str
    ) -> Path | None:
        scripted, answer = self._scripted(title)
        if scripted:
            return None if answer is None else settled_name(Path(answer), filters, "")
        return await self._file(parent, title, suggested, filters, save=True)

    async def open_path(
        self, parent: QWidget, title: str, start: Path, filters: str
    ) -> Path | None:
        scripted, answer = self._scripted(title)
        if scripted:
            return None if answer is None else Path(answer)
        return await self._file(parent, title, start, filters, save=False)

    async def _file(
        self, parent: QWidget, title: str, start: Path, filters: str, *, save: bool
    ) -> Path | None:
        while not self.held:  # the lock answers "cancelled", whichever step is open
            picked = await self._chooser(parent, title, start, filters, save=save)
            chosen = None if picked is None else picked[0]
            if save and picked is not None:
                # The name as it will be written, before asking whether to replace it.
                chosen = settled_name(picked[0], filters, picked[1])
            if chosen is None or self.held or not save or not chosen.exists():
                return None if self.held else chosen
            # Qt's own question here would be a nested loop (QMessageBox::warning).
            replace = await self._yes_no(
                parent,
                title,
                QCoreApplication.translate("Prompts", "{name} already exists. Replace it?").format(
                    name=chosen.name
                ),
                yes=QCoreApplication.translate("Prompts", "Replace it"),
                no=QCoreApplication.translate("Prompts", "Choose another name"),
            )
            if replace and not self.held:
                return chosen
            start = chosen
        return None

    async def _chooser(
        self, parent: QWidget, title: str, start: Path, filters: str, *, save: bool
    ) -> tuple[Path, str] | None:
        """The file chosen, and the filter it was chosen under."""
        dialog = QFileDialog(parent, _marked_like(parent, title), str(start), filters)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        if save:
            dialog.setOption(QFileDialog.Option.DontConfirmOverwrite)  # asked by _file
            dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
            dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        else:
            dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
            dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        code = await self._shown(dialog)
        if code is None:
            return None
        files = dialog.selectedFiles()
        picked = dialog.selectedNameFilter()
        dialog.deleteLater()
        return (Path(files[0]), picked) if code == ACCEPTED and files else None

    async def disclosure(self, parent: QWidget, what: str) -> tuple[str, str] | None:
        """Ask why and to whom ``what`` is disclosed; both are required."""
        scripted, answer = self._scripted(f"disclosure: {what}")
        if scripted:
            return None if answer is None else (str(answer[0]), str(answer[1]))
        dialog = DisclosureDialog(what, parent)
        code = await self._shown(dialog)
        if code is None:
            return None
        answers = (dialog.reason(), dialog.recipient())
        dialog.deleteLater()
        return answers if code == ACCEPTED else None

    async def form(self, what: str, dialog: Callable[[], QDialog]) -> Any:
        """Show a form (built by ``dialog``: a ``QDialog`` with ``answer()``) and
        return its answer, or None if cancelled."""
        scripted, answer = self._scripted(what)
        if scripted:
            return answer
        form = dialog()
        if not isinstance(form, AnswerDialog):
            raise TypeError(f"{type(form).__name__} has no answer()")
        # Not deleted afterwards: a form may have work of its own still running
        # (a preview); it goes with its parent, as it always did.
        return form.answer() if await self._shown(form) == ACCEPTED else None

    async def text(
        self,
        parent: QWidget,
        title: str,
        label: str,
        *,
        ok: str | None = None,
        cancel: str | None = None,
        picks: Sequence[str] = (),
    ) -> str | None:
        """One line of text, required (a reason, a phrase). ``ok`` and ``cancel``
        name the two buttons where OK and Cancel would be ambiguous (the reason
        for cancelling a post: "Cancel the post" / "Keep it"). ``picks``: the common
        answers, offered as quick picks above the line (free text is kept)."""
        scripted, answer = self._scripted(f"{title}: {label}")
        if scripted:
            return None if answer is None else str(answer)
        # Its OK stays greyed out until something is typed: a required answer is
        # never taken as a cancel without a word (QInputDialog would take an empty one).
        reason = ReasonDialog(title, label, picks, parent, ok=ok, cancel=cancel)
        code = await self._shown(reason)
        if code is None:
            return None
        value = reason.value()
        reason.deleteLater()
        return value if code == ACCEPTED and value else None

    async def choose(
        self, parent: QWidget, title: str, text: str, options: list[str]
    ) -> int | None:
        """One of ``options`` (its index), or None if the officer cancels."""
        scripted, answer = self._scripted(f"{title}: {text}")
        if scripted:
            return None if answer is None else int(answer)
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
        buttons = [box.addButton(option, QMessageBox.ButtonRole.AcceptRole) for option in options]
        box.addButton(QMessageBox.StandardButton.Cancel)
        clicked = await self._clicked(box)
        return next((i for i, button in enumerate(buttons) if button is clicked), None)

    async def inform(self, parent: QWidget, title: str, text: str) -> None:
        await self._say(parent, QMessageBox.Icon.Information, title, text)

    async def warn(self, parent: QWidget, title: str, text: str) -> None:
        await self._say(parent, QMessageBox.Icon.Warning, title, text)

    async def _say(self, parent: QWidget, icon: QMessageBox.Icon, title: str, text: str) -> None:
        scripted, _ = self._scripted(f"{title}: {text}")
        if not scripted:
            box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
            await self._clicked(box)

    async def confirm(
        self,
        parent: QWidget,
        title: str,
        text: str,
        *,
        yes: str | None = None,
        no: str | None = None,
        details: str = "",
    ) -> bool:
        """Yes or no; ``yes`` and ``no`` name the two actions on their buttons
        ("Cancel the post" / "Keep it") where Yes and No would be ambiguous.
        ``details``: the whole of a long list ``text`` shows only the start of, in
        the box's scrolled details."""
        scripted, answer = self._scripted(f"{title}: {text}")
        if scripted:
            return bool(answer)
        return await self._yes_no(parent, title, text, yes=yes, no=no, details=details)

    async def _yes_no(
        self,
        parent: QWidget,
        title: str,
        text: str,
        *,
        yes: str | None,
        no: str | None,
        details: str = "",
    ) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
        if details:
            box.setDetailedText(details)
        if yes is None:
            yes_button = box.addButton(QMessageBox.StandardButton.Yes)
        else:
            yes_button = box.addButton(yes, QMessageBox.ButtonRole.YesRole)
        if no is None:
            no_button = box.addButton(QMessageBox.StandardButton.No)
        else:
            no_button = box.addButton(no, QMessageBox.ButtonRole.NoRole)
        box.setEscapeButton(no_button)
        return await self._clicked(box) is yes_button

    async def _clicked(self, box: QMessageBox) -> object | None:
        """The button that closed ``box`` (None if it was closed otherwise)."""
        if await self._shown(box) is None:
            return None
        clicked = box.clickedButton()
        box.deleteLater()
        return clicked


def _suffixes(name_filter: str) -> list[str]:
    """The extensions a filter names ("CSV (*.csv)" -> [".csv"]; none for "*")."""
    return [found.lower() for found in re.findall(r"\*(\.[\w.]+)", name_filter)]


def settled_name(chosen: Path, filters: str, picked: str) -> Path:
    """The file a save will write: a name without any of the offered extensions
    gets the one of the filter picked ("audit-out" under JSON lines is
    audit-out.jsonl), so the format is the one picked and the replace question
    is asked of the file that will be written."""
    offered = _suffixes(filters)
    name = chosen.name.lower()
    if any(name.endswith(suffix) and len(name) > len(suffix) for suffix in offered):
        return chosen
    wanted = _suffixes(picked) if picked else offered[:1]
    return chosen.with_name(chosen.name + wanted[0]) if wanted else chosen


def _marked_like(parent: QWidget, title: str) -> str:
    """A file chooser's title: " — EXERCISE" when its window has it, set before the
    chooser shows (the exercise marker, ui.exercise.exercise_mark, would add it on show)."""
    suffix = title_suffix()
    return title + suffix if parent.window().windowTitle().endswith(suffix) else title


class ReasonDialog(QDialog):
    """A reason: the common ones as quick picks, and a line of free text. A pick
    fills the line; what the officer typed there is kept after it."""

    def __init__(
        self,
        title: str,
        label: str,
        picks: Sequence[str],
        parent: QWidget | None = None,
        *,
        ok: str | None = None,
        cancel: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(480)
        column = QVBoxLayout(self)
        question = QLabel(label, self)
        question.setWordWrap(True)
        column.addWidget(question)
        self.line = QLineEdit(self)
        self.picks: list[QPushButton] = []
        row = QHBoxLayout()
        row.setSpacing(6)
        for text in picks:
            pick = QPushButton(text, self)
            pick.setObjectName("quickPick")
            pick.setAutoDefault(False)
            pick.clicked.connect(lambda _checked=False, t=text: self.pick(t))
            self.picks.append(pick)
            row.addWidget(pick)
        row.addStretch(1)
        if picks:
            column.addLayout(row)
        column.addWidget(self.line)
        self._buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        if ok is not None:
            self._buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok)
        if cancel is not None:
            self._buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(cancel)
        self._buttons.accepted.connect(self.accept)
        self._buttons.rejected.connect(self.reject)
        column.addWidget(self._buttons)
        self.line.textChanged.connect(self._update)
        self._update()
        self.line.setFocus()

    def pick(self, text: str) -> None:
        """Put a quick pick first on the line, keeping any free text after it."""
        typed = self.line.text().strip()
        for other in (p.text() for p in self.picks):
            if typed == other or typed.startswith(other + ": "):
                typed = typed[len(other) :].lstrip(": ").strip()
                break
        self.line.setText(f"{text}: {typed}" if typed else text)
        self.line.setFocus()

    def _update(self) -> None:
        self._buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.value()))

    def value(self) -> str:
        return self.line.text().strip()


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
        form.addRow(self.tr("To wh&om"), self._recipient)
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
