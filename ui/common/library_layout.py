"""The layout two library dialogs share (holding-statement templates, saved replies):
the list with New and Retire under it on the left; the form, a message line and Save
on the right; Close at the foot.

``library_layout`` makes the message label and the Save button (returned for the
dialog to keep and connect) and lays everything out on ``dialog``. ``UnsavedEdits``
keeps what the form showed when an entry was chosen, so that choosing another,
New, or closing asks before the changes typed since are lost; and, at the lock,
keeps the dialog for the same officer (``put_away``, ``bring_back``).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.common.prompts import PROMPTS
from ui.common.tasks import Tasks


def library_layout(
    dialog: QDialog,
    listing: QWidget,
    new_button: QPushButton,
    retire_button: QPushButton,
    form: QFormLayout,
) -> tuple[QLabel, QPushButton]:
    message = QLabel(dialog)
    message.setWordWrap(True)
    save_button = QPushButton(QCoreApplication.translate("LibraryLayout", "&Save"), dialog)
    save_button.setObjectName("primary")
    close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    close.rejected.connect(dialog.reject)

    left = QVBoxLayout()
    left.addWidget(listing, 1)
    buttons = QHBoxLayout()
    buttons.addWidget(new_button)
    buttons.addWidget(retire_button)
    left.addLayout(buttons)
    right = QVBoxLayout()
    right.addLayout(form, 1)
    row = QHBoxLayout()
    row.addWidget(message, 1)
    row.addWidget(save_button)
    right.addLayout(row)
    body = QHBoxLayout()
    body.addLayout(left)
    body.addLayout(right, 1)
    layout = QVBoxLayout(dialog)
    layout.addLayout(body, 1)
    layout.addWidget(close)
    return message, save_button


class UnsavedEdits:
    """What a library's form showed when its entry was chosen: changes typed since
    are asked about before choosing another entry (``chosen``, wired to the list),
    New (``new``) or closing (``close``) would lose them.

    ``values`` reads the form; ``name`` is the saved name of the entry being edited
    ("" for a new one); ``show`` fills the form from a row of the list and ``blank``
    empties it for a new entry, each calling ``shown`` when done."""

    def __init__(
        self,
        dialog: QDialog,
        tasks: Tasks,
        listing: QListWidget,
        *,
        values: Callable[[], tuple[object, ...]],
        name: Callable[[], str],
        show: Callable[[int], None],
        blank: Callable[[], None],
    ) -> None:
        self._dialog, self._tasks, self._listing = dialog, tasks, listing
        self._values, self._name, self._show, self._blank = values, name, show, blank
        self._marked = values()
        self.row = -1  # the row the form shows (-1: a new entry)
        self.away = False  # put away at the lock, for the same officer
        listing.currentRowChanged.connect(self.chosen)

    def shown(self, row: int) -> None:
        """The form now shows ``row``'s entry as saved (-1: a new, empty one)."""
        self.row = row
        self._marked = self._values()

    def changed(self) -> bool:
        return self._values() != self._marked

    def chosen(self, row: int) -> None:
        """Another entry chosen in the list: shown, once unsaved changes are dealt with."""
        if row == self.row or not self.changed():
            self._show(row)
            return
        self.select(self.row)  # the list goes on showing what the form holds

        async def ask() -> None:
            if await self.may_discard():
                self.select(row)
                self._show(row)

        self._tasks.spawn(ask())

    def new(self) -> None:
        self._after_asking(self._blank)

    def close(self, reject: Callable[[], None]) -> None:
        """Close, Esc or the window's X: ``reject`` once nothing unsaved is in the way.
        Put away (being dropped for another officer) or locking, it closes at once:
        no question is shown over the lock screen."""
        if self.away or PROMPTS.held:
            reject()
        else:
            self._after_asking(reject)

    def _after_asking(self, then: Callable[[], None]) -> None:
        if not self.changed():
            then()
            return

        async def ask() -> None:
            if await self.may_discard():
                then()

        self._tasks.spawn(ask())

    def select(self, row: int) -> None:
        """Show ``row`` as the list's choice without choosing it (-1: none)."""
        self._listing.blockSignals(True)
        self._listing.setCurrentRow(row)
        if row < 0:
            self._listing.clearSelection()
        self._listing.blockSignals(False)

    async def may_discard(self) -> bool:
        """True when nothing unsaved would be lost, or the officer chose to lose it."""
        if not self.changed():
            return True
        name = self._name()
        text = (
            QCoreApplication.translate(
                "LibraryLayout", "Your changes to “{name}” are not saved. Discard them?"
            ).format(name=name)
            if name
            else QCoreApplication.translate(
                "LibraryLayout", "The new entry is not saved. Discard it?"
            )
        )
        return await PROMPTS.confirm(
            self._dialog,
            self._dialog.windowTitle(),
            text,
            yes=QCoreApplication.translate("LibraryLayout", "Discard the changes"),
            no=QCoreApplication.translate("LibraryLayout", "Keep editing"),
        )

    # -- the lock keeps unsaved changes for the same officer (ui.frame.main_window) --

    def put_away(self) -> None:
        """The console locked: hidden, taking no input, until the same officer is back."""
        self.away = True
        self._dialog.setEnabled(False)
        self._dialog.hide()

    def bring_back(self) -> None:
        self.away = False
        self._dialog.setEnabled(True)
        self._dialog.open()


class LibraryDialog(QDialog):
    """A library's dialog, whose form's ``unsaved`` edits (set by the dialog) are
    asked about at Close, Esc and X, and kept through the lock for the same officer
    (``ui.frame.lock.Keepable``)."""

    unsaved: UnsavedEdits

    def holds_words(self) -> bool:
        return self.unsaved.changed()

    def put_away(self) -> None:
        self.unsaved.put_away()

    def bring_back(self) -> None:
        self.unsaved.bring_back()

    def reject(self) -> None:
        self.unsaved.close(super().reject)
