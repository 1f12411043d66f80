"""The audit area: the whole log, filtered, verified and exported.

Signals: ``checkpointChanged(str)``: the newest entry's number and hash, for the
status bar, after every reload.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QModelIndex, Qt, QTime, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from console import audit_trail
from console.timezone import FORCE_ZONE, local_text, local_to_utc_iso, now_local
from storage import audit
from storage.audit import AuditFilter, Verdict
from storage.records import AuditEntry, Checkpoint
from storage.store import Store
from storage.stored_words import shown
from ui.audit.audit_model import AuditTableModel
from ui.common.clipboard import TransientClipboard
from ui.common.prompts import PROMPTS
from ui.common.tasks import Tasks

ALL = ""


class AuditView(QWidget):
    checkpointChanged = Signal(str)

    def __init__(
        self,
        store: Store,
        actor: str,
        tasks: Tasks,
        parent: QWidget | None = None,
        clipboard: TransientClipboard | None = None,
    ):
        super().__init__(parent)
        self._clipboard = clipboard or TransientClipboard(self)
        self._store = store
        self._actor = actor
        self._tasks = tasks
        self._verifying = False
        self._stop_requested = False
        self._stale = False  # entries written while hidden: reloaded when shown

        self.model = AuditTableModel(
            lambda flt: audit_trail.matching_seqs(store, flt),
            lambda seqs: audit_trail.entries(store, seqs),
            tasks,
            self,
        )

        heading = QLabel(self.tr("Audit trail"), self)
        heading.setObjectName("areaHeading")

        # Filters
        self.officer = QComboBox(self)
        self.officer.setMinimumWidth(140)
        self.action = QComboBox(self)
        self.action.setMinimumWidth(180)
        self.use_since = QCheckBox(self.tr("&From"), self)
        # The store's now: audit times in an exercise store are the exercise's.
        self.since = self._date_edit()
        self.use_until = QCheckBox(self.tr("&To"), self)
        self.until = self._date_edit()
        self._default_dates()
        self.clear_filters = QPushButton(self.tr("C&lear"), self)
        self.count_label = QLabel(self)
        filters = QHBoxLayout()
        for label, combo in (
            (self.tr("&Officer"), self.officer),
            (self.tr("&Action"), self.action),
        ):
            caption = QLabel(label, self)
            caption.setBuddy(combo)
            filters.addWidget(caption)
            filters.addWidget(combo)
        dates: tuple[QWidget, ...] = (self.use_since, self.since, self.use_until, self.until)
        for widget in (*dates, self.clear_filters):
            filters.addWidget(widget)
        filters.addStretch(1)
        filters.addWidget(self.count_label)

        # The table: fixed row heights, no resize-to-contents (100,000s of rows).
        self.table = QTableView(self)
        self.table.setTabKeyNavigation(False)  # Tab leaves it; arrows move in it
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        for column, width in enumerate((56, 185, 100, 130, 90, 100, 240, 140, 96)):
            self.table.setColumnWidth(column, width)
        header.setMinimumSectionSize(40)
        header.setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)

        self.detail = QPlainTextEdit(self)
        self.detail.setReadOnly(True)
        self.detail.setPlaceholderText(self.tr("Select an entry to see it in full."))
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)

        # Verify and export
        self.verify_button = QPushButton(self.tr("&Verify chain"), self)
        self.verify_button.setObjectName("primary")
        self.verify_against = QPushButton(self.tr("Verify against c&heckpoint…"), self)
        self.stop_button = QPushButton(self.tr("Stop"), self)
        self.stop_button.setEnabled(False)
        self.progress = QProgressBar(self)
        self.progress.setTextVisible(True)
        self.progress.setFormat(self.tr("Not verified in this session"))
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.verdict_label = QLabel(self)
        self.verdict_label.setWordWrap(True)
        self.export_button = QPushButton(self.tr("&Export…"), self)
        self.checkpoint_button = QPushButton(self.tr("&Save checkpoint…"), self)
        self.copy_hash = QPushButton(self.tr("Copy newest hash"), self)
        actions = QHBoxLayout()
        for button in (self.verify_button, self.verify_against, self.stop_button):
            actions.addWidget(button)
        actions.addWidget(self.progress, 1)
        for button in (self.export_button, self.checkpoint_button, self.copy_hash):
            actions.addWidget(button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 12)
        layout.addWidget(heading)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)
        layout.addLayout(actions)
        layout.addWidget(self.verdict_label)

        self.officer.currentIndexChanged.connect(self._filters_changed)
        self.action.currentIndexChanged.connect(self._filters_changed)
        for box, edit in ((self.use_since, self.since), (self.use_until, self.until)):
            edit.setEnabled(False)
            box.toggled.connect(edit.setEnabled)
            box.toggled.connect(self._filters_changed)
        for edit in (self.since, self.until):
            edit.dateTimeChanged.connect(self._filters_changed)
        self.clear_filters.clicked.connect(self.reset_filters)
        self.table.selectionModel().currentRowChanged.connect(self._show_detail)
        self.model.pageLoaded.connect(lambda _page: self._refresh_detail())
        self.model.reloaded.connect(self._show_count)
        self.verify_button.clicked.connect(lambda: self.start_verify(None))
        self.verify_against.clicked.connect(self._verify_against_file)
        self.stop_button.clicked.connect(self._request_stop)
        self.export_button.clicked.connect(self._export)
        self.checkpoint_button.clicked.connect(self._save_checkpoint)
        self.copy_hash.clicked.connect(self._copy_hash)
        self._newest_hash = ""
        self._suspend_filter_events = False

    def _default_dates(self) -> None:
        """From a day ago to an hour ahead (the store's now: audit times in an
        exercise store are the exercise's)."""
        now = now_local(clock=self._store.clock).replace(tzinfo=None)
        for edit, when in ((self.since, now - timedelta(days=1)),
                           (self.until, now + timedelta(hours=1))):  # fmt: skip
            moment = QDateTime(
                QDate(when.year, when.month, when.day), QTime(when.hour, when.minute)
            )
            edit.setDateTime(moment)

    def _date_edit(self) -> QDateTimeEdit:
        edit = QDateTimeEdit(self)
        edit.setDisplayFormat("dd/MM/yyyy HH:mm")
        edit.setCalendarPopup(True)
        edit.setToolTip(self.tr("UK time ({zone})").format(zone=FORCE_ZONE.key))
        return edit

    # -- loading -----------------------------------------------------------------------

    async def refresh(self) -> None:
        """Reload the filter lists, the rows and the checkpoint from the store."""
        officers, actions = await audit_trail.filter_choices(self._store)
        self._suspend_filter_events = True
        try:
            _refill(self.officer, self.tr("All officers"), officers)
            families = sorted({a.split(".")[0] + "." for a in actions if "." in a})
            _refill(self.action, self.tr("All actions"), [*families, *actions])
        finally:
            self._suspend_filter_events = False
        await self.model.reload(self.current_filter())
        await self.refresh_checkpoint()

    async def refresh_checkpoint(self) -> None:
        """Read the newest entry's number and hash (cheap: after every commit)."""
        checkpoint = await audit_trail.current_checkpoint(self._store)
        self._newest_hash = checkpoint.hash
        self.checkpointChanged.emit(checkpoint_text(checkpoint))

    def trail_grew(self) -> None:
        """New entries were written (by this console, the engine or another one): the
        list shows them at once while on screen, keeping the entry being read, and
        when next shown otherwise."""
        if not self.isVisible():
            self._stale = True
            return
        self._tasks.spawn(self._reload_keeping())

    async def _reload_keeping(self) -> None:
        reading = {i for i in (self.model.id_at(r) for r in self._selected_rows()) if i}
        await self.model.reload(self.current_filter())
        for row in self.model.rows_of(reading):
            self.table.selectRow(row)

    def _selected_rows(self) -> list[int]:
        return sorted({index.row() for index in self.table.selectionModel().selectedRows()})

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self._tasks.spawn(self._reload_keeping())

    def clear(self) -> None:
        """Show nothing (the console is locking)."""
        self.model.clear()
        self.detail.clear()
        self.verdict_label.clear()
        self.count_label.clear()
        self._newest_hash = ""

    def adopt(self, actor: str) -> None:
        """Another officer took over: their name goes on what this view writes."""
        self._actor = actor

    def current_filter(self) -> AuditFilter:
        return AuditFilter(
            actor=self.officer.currentData() or ALL,
            action=self.action.currentData() or ALL,
            since_utc=self._utc(self.since) if self.use_since.isChecked() else "",
            until_utc=self._utc(self.until) if self.use_until.isChecked() else "",
        )

    @staticmethod
    def _utc(edit: QDateTimeEdit) -> str:
        value = edit.dateTime().toPython()
        assert isinstance(value, datetime)
        return local_to_utc_iso(value)

    def _filters_changed(self) -> None:
        if self._suspend_filter_events:
            return
        self._tasks.spawn(self.model.reload(self.current_filter()))

    def reset_filters(self) -> None:
        self._suspend_filter_events = True
        self.officer.setCurrentIndex(0)
        self.action.setCurrentIndex(0)
        self.use_since.setChecked(False)
        self.use_until.setChecked(False)
        self._default_dates()
        self._suspend_filter_events = False
        self._filters_changed()

    def _dates_reversed(self) -> bool:
        both = self.use_since.isChecked() and self.use_until.isChecked()
        return both and self.since.dateTime() > self.until.dateTime()

    def _show_count(self, rows: int) -> None:
        if self._dates_reversed():
            self.count_label.setText(self.tr("No entries: From is after To"))
        else:
            self.count_label.setText(self.tr("%Ln entry(s)", "", rows))
        self.detail.clear()

    def _show_detail(self, current: QModelIndex, _previous: QModelIndex | None = None) -> None:
        entry = self.model.entry_at(current.row()) if current.isValid() else None
        self.detail.setPlainText(describe_entry(entry) if entry else "")

    def _refresh_detail(self) -> None:
        index = self.table.currentIndex()
        if index.isValid() and not self.detail.toPlainText():
            self._show_detail(index)

    # -- verifying -------------------------------------------------------------------------

    def start_verify(self, checkpoint_path: Path | None) -> None:
        if self._verifying:
            return
        self._tasks.spawn(self.verify(checkpoint_path), error=self._verify_failed)

    async def verify(self, checkpoint_path: Path | None = None) -> Verdict | None:
        checkpoint = audit.read_checkpoint(checkpoint_path) if checkpoint_path else None
        self._verifying = True
        self._stop_requested = False
        self.progress.setFormat(self.tr("%v of %m entries"))
        self._set_verifying(True)
        self.verdict_label.setObjectName("")
        self.verdict_label.setText(self.tr("Verifying the chain…"))
        try:
            verdict = await audit_trail.verify(
                self._store, checkpoint, self._progress, lambda: self._stop_requested
            )
        finally:
            self._verifying = False
            self._set_verifying(False)
        if verdict is None:
            self._say(self.tr("Verification stopped before the end: nothing was concluded."), "")
        elif verdict.problem is None:
            against = (
                " " + self.tr("It matches the checkpoint (entry #{n}).").format(n=checkpoint.seq)
                if checkpoint
                else ""
            )
            self.verdict_label.setText(self.tr("Intact. Checking the rows against the trail…"))
            found = await audit_trail.check_state(self._store)
            self._say(
                self.tr("Intact: %Ln entry(s), newest hash {h}.", "", verdict.count).format(
                    h=verdict.head.hash
                )
                + against
                + " "
                + " ".join(audit_trail.state_lines(found)),
                "okText"
                if found.first is None and not found.triggers and not found.at_upgrade
                else "errorText",
            )
        else:
            self._say(
                self.tr("NOT intact. {sentence}").format(sentence=verdict.problem.sentence),
                "errorText",
            )
            self._select_seq(verdict.problem.seq)
        return verdict

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(min(done, max(total, 1)))

    def _set_verifying(self, running: bool) -> None:
        self.verify_button.setEnabled(not running)
        self.verify_against.setEnabled(not running)
        self.stop_button.setEnabled(running)

    def _request_stop(self) -> None:
        self._stop_requested = True

    def _verify_failed(self, sentence: str) -> None:
        self._say(sentence, "errorText")

    def _verify_against_file(self) -> None:
        async def choose() -> None:
            path = await PROMPTS.open_path(
                self,
                self.tr("Verify against a checkpoint"),
                Path.home(),
                self.tr("Cordon checkpoints (*.json);;All files (*)"),
            )
            if path is not None:
                self.start_verify(path)

        self._tasks.spawn(choose(), error=self._verify_failed)

    def _select_seq(self, seq: int) -> None:
        if self.model.filter != AuditFilter():
            return
        row = next((r for r in range(self.model.rowCount()) if self.model.seq_at(r) == seq), None)
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def _say(self, text: str, style: str) -> None:
        self.verdict_label.setObjectName(style)
        self.verdict_label.setText(text)
        self.verdict_label.style().unpolish(self.verdict_label)
        self.verdict_label.style().polish(self.verdict_label)

    # -- export and checkpoint -------------------------------------------------------------

    def _export(self) -> None:
        stamp = now_local().strftime("%Y%m%d-%H%M")
        flt = self.model.filter  # the entries shown when the officer asked

        async def export() -> None:
            path = await PROMPTS.save_path(
                self,
                self.tr("Export the audit trail"),
                Path.home() / f"cordon-audit-{stamp}.csv",
                self.tr("CSV (*.csv);;JSON lines (*.jsonl)"),
            )
            if path is None:
                return
            answers = await PROMPTS.disclosure(self, self.tr("Exporting the audit trail"))
            if answers is None:
                return
            reason, recipient = answers
            await self._do_export(path, reason, recipient, flt)

        self._tasks.spawn(export(), error=self._export_failed)

    async def _do_export(self, path: Path, reason: str, recipient: str, flt: AuditFilter) -> None:
        self._say(self.tr("Exporting…"), "")
        written, checkpoint = await audit_trail.export(
            self._store, path, actor=self._actor, reason=reason, recipient=recipient, flt=flt
        )
        self._say(
            self.tr(
                "Exported %Ln entry(s) to {file}; checkpoint #{seq} beside it.", "", written
            ).format(file=str(path), seq=checkpoint.seq),
            "okText",
        )
        await self.refresh()

    def _export_failed(self, sentence: str) -> None:
        self._say(self.tr("Export failed: {s}").format(s=sentence), "errorText")

    def _save_checkpoint(self) -> None:
        stamp = now_local().strftime("%Y%m%d-%H%M")

        async def save() -> None:
            path = await PROMPTS.save_path(
                self,
                self.tr("Save the audit checkpoint"),
                Path.home() / f"cordon-checkpoint-{stamp}.json",
                self.tr("Cordon checkpoints (*.json)"),
            )
            if path is not None:
                await self._do_checkpoint(path)

        self._tasks.spawn(save(), error=self._export_failed)

    async def _do_checkpoint(self, path: Path) -> None:
        checkpoint = await audit_trail.save_checkpoint(self._store, path)
        self._say(
            self.tr("Checkpoint saved to {file}: entry #{seq}. Keep it off this machine.").format(
                file=str(path), seq=checkpoint.seq
            ),
            "okText",
        )

    def _copy_hash(self) -> None:
        if self._newest_hash:
            self._clipboard.copy(self._newest_hash)
            self._say(self.tr("Newest hash copied: {h}").format(h=self._newest_hash), "")


def _refill(combo: QComboBox, everything: str, values: list[str]) -> None:
    current = combo.currentData()
    combo.clear()
    combo.addItem(everything, ALL)
    for value in values:
        label = f"{value}*" if value.endswith(".") else value
        combo.addItem(label, value)
    found = combo.findData(current)
    combo.setCurrentIndex(max(found, 0))


def describe_entry(entry: AuditEntry) -> str:
    """The entry whole, a line per part, labelled in the officer's language (the
    entry's own words, its codes and its JSON, as stored; a reason Cordon wrote also
    in the officer's language)."""
    lines = [
        QCoreApplication.translate("AuditView", "Entry #{seq}   {when}   ({utc} UTC)").format(
            seq=entry.seq, when=local_text(entry.at_utc), utc=entry.at_utc
        ),
        QCoreApplication.translate(
            "AuditView", "Officer: {actor}    Action: {action}    Category: {category}"
        ).format(actor=entry.actor, action=entry.action, category=entry.category.value),
        QCoreApplication.translate("AuditView", "On: {type} {id}").format(
            type=entry.object_type, id=entry.object_id
        ),
    ]
    if entry.justification:
        lines.append(
            QCoreApplication.translate("AuditView", "Why: {why}").format(why=entry.justification)
        )
        said = shown(entry.justification)  # a reason Cordon wrote, in the officer's language
        if said != entry.justification:
            lines.append(
                QCoreApplication.translate("AuditView", "Why, in your language: {why}").format(
                    why=said
                )
            )
    if entry.recipient:
        lines.append(
            QCoreApplication.translate("AuditView", "To whom: {whom}").format(whom=entry.recipient)
        )
    payloads = (
        (QCoreApplication.translate("AuditView", "Before: {json}"), entry.before),
        (QCoreApplication.translate("AuditView", "After: {json}"), entry.after),
    )
    for line, payload in payloads:
        if payload:
            lines.append(line.format(json=json.dumps(json.loads(payload), ensure_ascii=False)))
    lines.append(
        QCoreApplication.translate("AuditView", "Previous hash: {hash}").format(
            hash=entry.prev_hash
        )
    )
    lines.append(
        QCoreApplication.translate("AuditView", "Hash:          {hash}").format(hash=entry.hash)
    )
    return "\n".join(lines)


def checkpoint_text(checkpoint: Checkpoint) -> str:
    """The newest entry's number and the start of its hash, as the status bar shows it."""
    return f"#{checkpoint.seq} · {checkpoint.hash[:8]}"
