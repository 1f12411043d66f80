"""Saved replies, for approvers: add, change and retire (with a reason) the texts
the desk answers the public with. A text may hold named ``{fields}`` that the
officer fills in when using it, as in holding statements. Every change goes
through ``console.inbox.saved_replies`` and is audited with before and after.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from console.fields import fields_of
from console.inbox import saved_replies
from console.session import Session
from storage.saved_replies import SavedReply
from ui.common.library_layout import LibraryDialog, UnsavedEdits, library_layout
from ui.common.prompts import PROMPTS
from ui.common.tasks import Tasks


class SavedRepliesDialog(LibraryDialog):
    def __init__(self, session: Session, tasks: Tasks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Saved replies"))
        self.resize(820, 480)
        self.session = session
        self._tasks = tasks
        self.replies: list[SavedReply] = []
        self.listing = QListWidget(self)
        self.listing.setMinimumWidth(240)
        self.new_button = QPushButton(self.tr("&New saved reply"), self)
        self.retire_button = QPushButton(self.tr("&Retire…"), self)
        self.retire_button.clicked.connect(self.retire)
        self.name = QLineEdit(self)
        self.body = QPlainTextEdit(self)
        self.body.setPlaceholderText(
            self.tr("The reply, with fields in braces: {name}, {reference}, {station}")
        )
        self.welsh = QPlainTextEdit(self)
        self.welsh.setPlaceholderText(
            self.tr("The reply in Welsh, with the same fields (inserted with the English)")
        )
        self.fields = QLabel(self)
        self.fields.setWordWrap(True)
        self.body.textChanged.connect(self._show_fields)
        form = QFormLayout()
        form.addRow(self.tr("N&ame"), self.name)
        form.addRow(self.tr("&Text"), self.body)
        form.addRow(self.tr("&Welsh text"), self.welsh)
        form.addRow(self.tr("Fields"), self.fields)
        self.message, self.save_button = library_layout(
            self, self.listing, self.new_button, self.retire_button, form
        )
        self.save_button.clicked.connect(self.save)
        self._editing: int | None = None
        self._show_fields()
        self.unsaved = UnsavedEdits(
            self, tasks, self.listing,
            values=self._form, name=self._saved_name, show=self._show, blank=self.new,
        )  # fmt: skip
        self.new_button.clicked.connect(self.unsaved.new)

    def _form(self) -> tuple[object, ...]:
        return (self.name.text(), self.body.toPlainText(), self.welsh.toPlainText())

    def _saved_name(self) -> str:
        return next((r.name for r in self.replies if r.id == self._editing), "")

    async def load(self, select: int | None = None) -> None:
        self.replies = await saved_replies.list_replies(self.session)
        self.listing.blockSignals(True)
        self.listing.clear()
        for reply in self.replies:
            item = QListWidgetItem(reply.name)
            item.setData(Qt.ItemDataRole.UserRole, reply.id)
            self.listing.addItem(item)
        self.listing.blockSignals(False)
        if self.replies:
            row = next((i for i, r in enumerate(self.replies) if r.id == select), 0)
            self.unsaved.select(row)  # read afresh (saved, retired): nothing left to ask
            self._show(row)
        else:
            self.new()

    def _show(self, row: int) -> None:
        if not 0 <= row < len(self.replies):
            return
        reply = self.replies[row]
        self._editing = reply.id
        self.name.setText(reply.name)
        self.body.setPlainText(reply.body)
        self.welsh.setPlainText(reply.welsh)
        self.retire_button.setEnabled(True)
        self.unsaved.shown(row)
        self.message.clear()

    def new(self) -> None:
        self._editing = None
        self.unsaved.select(-1)
        self.name.clear()
        self.body.clear()
        self.welsh.clear()
        self.retire_button.setEnabled(False)
        self.unsaved.shown(-1)
        self.name.setFocus()
        self.message.setText(self.tr("A new saved reply: fill it in and save."))

    def _show_fields(self) -> None:
        try:
            found = fields_of(self.body.toPlainText(), whose="reply")
        except Exception as error:  # a sentence from the core: braces that do not pair
            self.fields.setText(str(error))
            return
        self.fields.setText(", ".join(f"{{{n}}}" for n in found) or self.tr("none"))

    def save(self) -> None:
        editing = self._editing
        name, body, welsh = self.name.text(), self.body.toPlainText(), self.welsh.toPlainText()

        async def write() -> None:
            if editing is None:
                saved = await saved_replies.create(self.session, name, body, welsh)
            else:
                saved = await saved_replies.change(
                    self.session, editing, name=name, body=body, welsh=welsh
                )
            await self.load(select=saved.id)
            self.message.setText(self.tr("Saved."))

        self._tasks.spawn(write(), error=self.message.setText)

    def retire(self) -> None:
        reply_id = self._editing
        if reply_id is None:
            self.message.setText(self.tr("Choose a saved reply to retire."))
            return

        async def write() -> None:
            reason = await PROMPTS.text(
                self,
                self.tr("Retire the saved reply"),
                self.tr("Why? (It goes in the audit trail.)"),
                ok=self.tr("Retire it"),
                cancel=self.tr("Keep it"),
            )
            if reason is None:
                return
            await saved_replies.retire(self.session, reply_id, reason=reason)
            await self.load()
            self.message.setText(self.tr("Retired: it is no longer offered."))

        self._tasks.spawn(write(), error=self.message.setText)
