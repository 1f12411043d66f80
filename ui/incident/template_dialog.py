"""The holding statement library, for approvers: add, change and retire templates.

A template is a text with named ``{fields}``, its Welsh (sent beside the English
when the force posts in both languages), an optional shorter text per network,
and whether gold has pre-approved it (a pre-approved statement goes out
on a duty officer's click). Every change is audited with its before and after.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from console.fields import fields_of
from console.networks import NETWORKS
from console.session import Session
from incident import statements
from storage.incidents import Template
from ui.common.library_layout import LibraryDialog, UnsavedEdits, library_layout
from ui.common.prompts import PROMPTS
from ui.common.tasks import Tasks

VARIANT_NETWORKS = ("x", "bluesky", "mastodon", "facebook", "threads")


class TemplateLibrary(LibraryDialog):
    def __init__(self, session: Session, tasks: Tasks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Holding statement templates"))
        self.resize(980, 640)
        self.session = session
        self._tasks = tasks
        self.templates: list[Template] = []
        self.listing = QListWidget(self)
        self.listing.setMinimumWidth(280)
        self.new_button = QPushButton(self.tr("&New template"), self)
        self.retire_button = QPushButton(self.tr("&Retire…"), self)
        self.retire_button.clicked.connect(self._retire)
        self.name = QLineEdit(self)
        self.kind = QLineEdit(self)
        self.kind.setPlaceholderText(self.tr("e.g. Flooding, Firearms, Road closure"))
        self.approval = QLabel(self)
        self.approval.setWordWrap(True)
        self.pre_approve_button = QPushButton(self.tr("&Pre-approve…"), self)
        self.pre_approve_button.setToolTip(
            self.tr("A duty officer may then send it without an approver. Never the approver "
                    "who last changed its words.")
        )  # fmt: skip
        self.pre_approve_button.clicked.connect(self._toggle_pre_approval)
        self.body = QPlainTextEdit(self)
        self.body.setPlaceholderText(
            self.tr("The statement, with fields in braces: {location}, {reference}, {next_update}")
        )
        self.welsh = QPlainTextEdit(self)
        self.welsh.setMaximumHeight(110)
        self.welsh.setPlaceholderText(
            self.tr("The statement in Welsh, with the same fields (sent beside the English "
                    "when the force posts in both languages)")
        )  # fmt: skip
        self.variants: dict[str, QPlainTextEdit] = {}
        form = QFormLayout()
        form.addRow(self.tr("N&ame"), self.name)
        form.addRow(self.tr("Incident t&ype"), self.kind)
        approval_row = QHBoxLayout()
        approval_row.addWidget(self.approval, 1)
        approval_row.addWidget(self.pre_approve_button)
        form.addRow(self.tr("Approval"), approval_row)
        form.addRow(self.tr("&Text (every network)"), self.body)
        form.addRow(self.tr("&Welsh text"), self.welsh)
        for key in VARIANT_NETWORKS:
            edit = QPlainTextEdit(self)
            edit.setMaximumHeight(70)
            edit.setPlaceholderText(self.tr("Only if the text above is too long for it"))
            self.variants[key] = edit
            form.addRow(self.tr("{network} text").format(network=NETWORKS[key].label), edit)
        self.fields = QLabel(self)
        self.fields.setWordWrap(True)
        form.addRow(self.tr("Fields"), self.fields)
        self.body.textChanged.connect(self._show_fields)
        self.message, self.save_button = library_layout(
            self, self.listing, self.new_button, self.retire_button, form
        )
        self.save_button.clicked.connect(self.save)
        self._editing: int | None = None
        self.unsaved = UnsavedEdits(
            self, tasks, self.listing,
            values=self._form, name=self._saved_name, show=self._show, blank=self._new,
        )  # fmt: skip
        self.new_button.clicked.connect(self.unsaved.new)

    def _form(self) -> tuple[object, ...]:
        variants = tuple(edit.toPlainText() for edit in self.variants.values())
        texts = (self.name.text(), self.kind.text(), self.body.toPlainText())
        return (*texts, self.welsh.toPlainText(), *variants)

    def _saved_name(self) -> str:
        return next((t.name for t in self.templates if t.id == self._editing), "")

    async def load(self, select: int | None = None) -> None:
        await statements.ensure_shipped(self.session.store)
        self.templates = await statements.templates(self.session.store)
        self.listing.blockSignals(True)
        self.listing.clear()
        for template in self.templates:
            mark = " ✓" if template.pre_approved else ""
            item = QListWidgetItem(f"{template.incident_type}: {template.name}{mark}")
            item.setData(Qt.ItemDataRole.UserRole, template.id)
            self.listing.addItem(item)
        self.listing.blockSignals(False)
        row = next((i for i, t in enumerate(self.templates) if t.id == select), 0)
        if self.templates:
            self.unsaved.select(row)  # read afresh (saved, retired): nothing left to ask
            self._show(row)

    def _show(self, row: int) -> None:
        if not 0 <= row < len(self.templates):
            return
        template = self.templates[row]
        self._editing = template.id
        self.name.setText(template.name)
        self.kind.setText(template.incident_type)
        self._show_approval(template)
        self.body.setPlainText(template.body)
        self.welsh.setPlainText(template.welsh)
        for key, edit in self.variants.items():
            edit.setPlainText(template.variants.get(key, ""))
        self.unsaved.shown(row)
        self.message.clear()

    def _new(self) -> None:
        self._editing = None
        self.unsaved.select(-1)
        for edit in (self.name, self.kind):
            edit.clear()
        self.body.clear()
        self.welsh.clear()
        for variant in self.variants.values():
            variant.clear()
        self._show_approval(None)
        self.unsaved.shown(-1)
        self.name.setFocus()
        self.message.setText(self.tr("A new template: fill it in and save."))

    def _show_fields(self) -> None:
        try:
            found = fields_of(self.body.toPlainText(), whose="template")
        except Exception as error:  # a sentence from the core: braces that do not pair
            self.fields.setText(str(error))
            return
        self.fields.setText(", ".join(f"{{{n}}}" for n in found) or self.tr("none"))

    def save(self) -> None:
        editing = self._editing

        async def write() -> None:
            saved = await statements.save_template(
                self.session,
                template_id=editing,
                name=self.name.text(),
                incident_type=self.kind.text(),
                body=self.body.toPlainText(),
                variants={k: e.toPlainText() for k, e in self.variants.items()},
                welsh=self.welsh.toPlainText(),
            )
            await self.load(select=saved)
            self.message.setText(self.tr("Saved."))

        self._tasks.spawn(write(), error=self.message.setText)

    def _show_approval(self, template: Template | None) -> None:
        if template is None:
            self.approval.setText(self.tr("Not pre-approved (save it first)."))
            self.pre_approve_button.setEnabled(False)
            return
        self.pre_approve_button.setEnabled(True)
        if template.pre_approved:
            self.approval.setText(
                self.tr("Pre-approved by {name}: a duty officer sends it at once.").format(
                    name=template.approved_by or "-"
                )
            )
            self.pre_approve_button.setText(self.tr("With&draw pre-approval…"))
        else:
            self.approval.setText(
                self.tr("Not pre-approved: each statement from it needs an approver.")
            )
            self.pre_approve_button.setText(self.tr("&Pre-approve…"))

    def _toggle_pre_approval(self) -> None:
        template = next((t for t in self.templates if t.id == self._editing), None)
        if template is None:
            return
        if self.unsaved.changed():  # what gold approves is the words saved
            self.message.setText(
                self.tr("Save or discard your changes first: pre-approval is of the saved words.")
            )
            return
        approve = not template.pre_approved

        async def write() -> None:
            reason = await PROMPTS.text(
                self,
                self.tr("Pre-approve") if approve else self.tr("Withdraw pre-approval"),
                self.tr("Why? (It goes in the audit trail.)"),
            )
            if reason is None:
                return
            await statements.pre_approve(self.session, template.id, approve=approve, reason=reason)
            await self.load(select=template.id)
            self.message.setText(
                self.tr("Pre-approved.") if approve else self.tr("Pre-approval withdrawn.")
            )

        self._tasks.spawn(write(), error=self.message.setText)

    def _retire(self) -> None:
        if self._editing is None:
            self.message.setText(self.tr("Choose a template to retire."))
            return
        template_id = self._editing

        async def retire() -> None:
            reason = await PROMPTS.text(
                self,
                self.tr("Retire the template"),
                self.tr("Why? (It goes in the audit trail.)"),
                ok=self.tr("Retire it"),
                cancel=self.tr("Keep it"),
            )
            if reason is None:
                return
            await statements.retire_template(self.session, template_id, reason=reason)
            await self.load()
            self.message.setText(self.tr("Retired: it is no longer offered."))

        self._tasks.spawn(retire(), error=self.message.setText)
