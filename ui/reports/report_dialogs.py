"""Recording a report from the public, changing it, and moving it on.

* ``record_report(parent, session, tasks, conversation_id, item_ids)``: what the
  inbox calls for its Record report… command: the form (category, location,
  summary, each part of THRIVE, the grade with the response time it sets, and
  whether to take in the whole conversation), then ``service.create_report``, then
  the reference the report got and when the response is due.
* ``edit_report(...)``: the same form filled with the current version, and the
  reason for the change (a new version; refused if someone changed it since).
* ``change_state(...)``: the states the report may go to next, and why.

Every form goes through ``PROMPTS.form`` so tests can answer it; the core checks
everything again when the answer is acted on. Each is one task: what the form
needs is read, the form is awaited (opened window-modal, no nested loop), and a
form asked after that read asks nobody if the console locked meanwhile.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from console import settings
from console.reports import reference, service
from console.reports.grading import (
    NEXT_STATES,
    THRIVE_PARTS,
    Category,
    Grade,
    ReportState,
    Thrive,
    thrive_hint,
    thrive_label,
)
from console.reports.service import Content, ReportView
from console.session import Session
from console.timezone import day_abbr, duration_text, local_text, now_local
from storage.reports import ReportRow
from storage.store import Store
from storage.timeutil import Clock, from_iso, to_iso
from ui.common.prompts import PROMPTS
from ui.common.tasks import Tasks


def span_words(minutes: int) -> str:
    """An allowance of ``minutes``: ``15 min``, ``1 h``, ``1 h 30 min``, ``3 days``, in
    the officer's language."""
    return duration_text(minutes * 60)


class ReportWords(QObject):
    """The report dialogs' counting sentences (on a QObject, so that they are
    extracted with their plural forms)."""

    def source(self, count: int, conversation: int) -> str:
        return self.tr(
            "From %n item(s) of conversation {conversation}, copied exactly as received. "
            "The report gets a reference when it is recorded.",
            "",
            count,
        ).format(conversation=conversation)

    def recorded(self, row: ReportRow) -> str:
        return self.tr(
            "Report {reference} is recorded ({category}, %n item(s) preserved as received). {due}",
            "",
            row.item_count,
        ).format(
            reference=row.reference,
            category=Category(row.category).label,
            due=due_sentence(row),
        )


async def allowances(store: Store) -> dict[Grade, int]:
    """Each grade's response time in minutes, as the settings have it now."""
    return {grade: await settings.get(store, reference.CLOCK_MINUTES[grade]) for grade in Grade}


@dataclass(frozen=True)
class ReportAnswer:
    category: Category
    grade: Grade
    location: str
    summary: str
    thrive: Thrive
    whole_conversation: bool = False
    reason: str = ""  # why it changed (edits only)


class ReportForm(QDialog):
    """The report's fields. ``content``: the version being edited (None: a new one)."""

    def __init__(
        self,
        allowed: dict[Grade, int],
        parent: QWidget | None = None,
        *,
        content: Content | None = None,
        reference_text: str = "",
        source: str = "",
        conversation: bool = False,
        clock: Clock | None = None,
    ) -> None:
        """``clock``: the store's (the exercise clock in an exercise store), for the time
        the response would be due by if recorded now; None: the machine's."""
        super().__init__(parent)
        self.editing = content is not None
        self._clock = clock
        self.allowed = allowed
        self.setWindowTitle(
            self.tr("Change report {ref}").format(ref=reference_text)
            if self.editing
            else self.tr("Record a report from the public")
        )
        self.setMinimumWidth(760)
        layout = QVBoxLayout(self)
        if source:
            intro = QLabel(source, self)
            intro.setWordWrap(True)
            intro.setObjectName("areaPurpose")
            layout.addWidget(intro)
        form = QFormLayout()
        self.category = QComboBox(self)
        # Chosen by the officer, never defaulted: a report filed as the wrong kind
        # goes to the wrong desk.
        self.category.addItem(self.tr("Choose the category…"), "")
        for category in Category:
            self.category.addItem(category.label, category.value)
        self.grade = QComboBox(self)
        for grade in Grade:
            self.grade.addItem(
                self.tr("{grade} (respond within {span})").format(
                    grade=grade.label, span=span_words(allowed[grade])
                ),
                grade.value,
            )
        self.clock = QLabel(self)
        self.clock.setObjectName("fieldHint")
        self.clock.setWordWrap(True)  # the sentence is longer in Welsh: it wraps, never cut
        self.location = QLineEdit(self)
        self.location.setMaxLength(service.LOCATION_LIMIT)
        self.location.setPlaceholderText(self.tr("e.g. outside 12 High Street, Northtown"))
        self.summary = QPlainTextEdit(self)
        self.summary.setPlaceholderText(self.tr("What was reported, in the officer's words"))
        self.summary.setFixedHeight(72)
        form.addRow(self.tr("&Category"), self.category)
        form.addRow(self.tr("&Grade"), self.grade)
        form.addRow(self.clock)
        form.addRow(self.tr("&Location"), self.location)
        form.addRow(self.tr("&Summary"), self.summary)
        layout.addLayout(form)

        box = QGroupBox(self.tr("THRIVE assessment (every part; “none identified” will do)"), self)
        grid = QGridLayout(box)
        self.thrive: dict[str, QPlainTextEdit] = {}
        for index, part in enumerate(THRIVE_PARTS):
            label = QLabel(f"<b>{thrive_label(part)}</b>", box)
            edit = QPlainTextEdit(box)
            edit.setPlaceholderText(thrive_hint(part))
            edit.setFixedHeight(50)
            edit.setTabChangesFocus(True)
            label.setBuddy(edit)
            row, column = divmod(index, 2)
            grid.addWidget(label, row * 2, column)
            grid.addWidget(edit, row * 2 + 1, column)
            self.thrive[part] = edit
        layout.addWidget(box)

        self.whole = QCheckBox(self.tr("Take in &every item of the conversation"), self)
        self.whole.setVisible(conversation and not self.editing)
        layout.addWidget(self.whole)
        self.reason = QLineEdit(self)
        self.reason.setPlaceholderText(self.tr("Why it changes (kept with the new version)"))
        self.reason.setVisible(self.editing)
        if self.editing:
            reason_form = QFormLayout()
            reason_form.addRow(self.tr("&Reason"), self.reason)
            layout.addLayout(reason_form)
        self.message = QLabel(self)
        self.message.setObjectName("errorText")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            self.tr("Save a new version") if self.editing else self.tr("Record the report")
        )
        buttons.accepted.connect(self._accept_if_valid)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        if content is not None:
            self.category.setCurrentIndex(self.category.findData(content.category.value))
            self.grade.setCurrentIndex(self.grade.findData(content.grade.value))
            self.location.setText(content.location)
            self.summary.setPlainText(content.summary)
            for part, value in content.thrive.as_dict().items():
                self.thrive[part].setPlainText(value)
        else:
            self.grade.setCurrentIndex(self.grade.findData(Grade.PRIORITY.value))
        self.grade.currentIndexChanged.connect(lambda _i: self._show_clock())
        self._show_clock()

    def _show_clock(self) -> None:
        minutes = self.allowed[Grade(self.grade.currentData())]
        if self.editing:
            self.clock.setText(
                self.tr("A new grade sets a response time of {span} from when the report was "
                        "recorded (the clock's start does not move).").format(
                    span=span_words(minutes))
            )  # fmt: skip
        else:
            due = now_local(clock=self._clock) + timedelta(minutes=minutes)
            self.clock.setText(
                self.tr("The response clock starts when you record it: respond within {span} "
                        "(by {due} if recorded now).").format(
                    span=span_words(minutes), due=f"{day_abbr(due)} {due:%d/%m %H:%M %Z}")
            )  # fmt: skip

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() == QEvent.Type.LayoutRequest:  # the layout has just been redone
            self._fit_height()
        return handled

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_height()

    def _fit_height(self) -> None:
        """Tall enough for the wrapped clock hint at the dialog's width: Qt sizes a
        window by its contents' one-line heights, so a hint that wraps (in Welsh it
        does) would squeeze the THRIVE boxes. Grows the window when it is shorter."""
        layout = self.layout()
        if layout is not None and layout.hasHeightForWidth():
            self.setMinimumHeight(layout.totalHeightForWidth(self.width()))

    def answer(self) -> ReportAnswer:
        return ReportAnswer(
            Category(self.category.currentData()),
            Grade(self.grade.currentData()),
            self.location.text().strip(),
            self.summary.toPlainText().strip(),
            Thrive(**{part: edit.toPlainText().strip() for part, edit in self.thrive.items()}),
            self.whole.isChecked() and not self.whole.isHidden(),
            self.reason.text().strip(),
        )

    def _accept_if_valid(self) -> None:
        if not self.category.currentData():
            self.message.setText(self.tr("Choose the report's category: what was reported."))
            self.category.setFocus()
            return
        answer = self.answer()
        if problem := answer.thrive.problem():
            self.message.setText(problem)
            return
        if self.editing and not answer.reason:
            self.message.setText(self.tr("Say why the report changes: the reason is kept with it."))
            return
        self.accept()


def due_sentence(row: ReportRow) -> str:
    """``Priority: respond within 1 h, by Sat 28/11/2026 13:00 GMT.``"""
    due = from_iso(row.clock_start_utc) + timedelta(minutes=row.allowed_minutes)
    return QCoreApplication.translate(
        "ReportForm", "{grade}: respond within {span}, by {due}."
    ).format(
        grade=Grade(row.grade).label,
        span=span_words(row.allowed_minutes),
        due=local_text(to_iso(due), seconds=False),
    )


def record_report(
    parent: QWidget,
    session: Session,
    tasks: Tasks,
    conversation_id: int,
    item_ids: list[int],
    on_recorded: Callable[[ReportRow], None] | None = None,
) -> asyncio.Task[None]:
    """Record a report from ``item_ids`` of conversation ``conversation_id`` (the
    inbox's Record report…): ask, record, and say the reference and the clock;
    ``on_recorded`` hears of the new report (the inbox shows the conversation's new
    state and clock). Returns the task that asks (and records)."""
    if not item_ids:
        return tasks.spawn(
            PROMPTS.warn(
                parent,
                QCoreApplication.translate("ReportForm", "Record a report"),
                QCoreApplication.translate(
                    "ReportForm", "Choose the message (or messages) the report is made from first."
                ),
            )
        )
    source = ReportWords().source(len(item_ids), conversation_id)

    epoch = PROMPTS.epoch

    async def ask() -> None:
        allowed = await allowances(session.store)
        if PROMPTS.epoch != epoch:
            return  # the console locked while the allowances were read: ask nobody
        answer: ReportAnswer | None = await PROMPTS.form(
            "record report",
            lambda: ReportForm(
                allowed, parent, source=source, conversation=True, clock=session.store.clock
            ),
        )
        if answer is None:
            return
        row = await service.create_report(
            session, item_ids, category=answer.category, grade=answer.grade,
            thrive=answer.thrive, location=answer.location, summary=answer.summary,
            whole_conversation=answer.whole_conversation,
        )  # fmt: skip
        if on_recorded is not None:
            on_recorded(row)
        await PROMPTS.inform(
            parent,
            QCoreApplication.translate("ReportForm", "Report recorded"),
            ReportWords().recorded(row),
        )

    return tasks.spawn(ask())


def edit_report(
    parent: QWidget,
    session: Session,
    tasks: Tasks,
    view: ReportView,
    done: Callable[[ReportRow], None],
) -> None:
    """Change what the report says, as a new version based on the one shown."""

    epoch = PROMPTS.epoch

    async def ask() -> ReportRow | None:
        allowed = await allowances(session.store)
        if PROMPTS.epoch != epoch:
            return None  # the console locked while the allowances were read: ask nobody
        answer: ReportAnswer | None = await PROMPTS.form(
            f"edit report {view.reference}",
            lambda: ReportForm(
                allowed, parent, content=view.content, reference_text=view.reference
            ),
        )
        if answer is None:
            return None
        return await service.edit_report(
            session, view.reference, reason=answer.reason, based_on=view.row.version,
            category=answer.category, grade=answer.grade, location=answer.location,
            summary=answer.summary, thrive=answer.thrive,
        )  # fmt: skip

    tasks.spawn(ask(), done=lambda row: None if row is None else done(row))


def change_state(
    parent: QWidget,
    session: Session,
    tasks: Tasks,
    view: ReportView,
    done: Callable[[ReportRow], None],
) -> None:
    """Move the report to one of the states it may go to next, with the reason."""
    now = view.content.state
    options = sorted(NEXT_STATES[now], key=lambda s: list(ReportState).index(s))

    async def ask() -> ReportRow | None:
        title = QCoreApplication.translate("ReportForm", "Report {reference}").format(
            reference=view.reference
        )
        chosen = await PROMPTS.choose(
            parent,
            title,
            QCoreApplication.translate(
                "ReportForm", "Report {reference} is {state}. What is it now?"
            ).format(reference=view.reference, state=now.label.lower()),
            [state.label for state in options],
        )
        if chosen is None:
            return None
        state = options[chosen]
        reason = await PROMPTS.text(
            parent,
            title,
            QCoreApplication.translate("ReportForm", "Why is it now {state}?").format(
                state=state.label.lower()
            ),
        )
        if reason is None:
            return None
        return await service.set_state(
            session, view.reference, state, reason=reason, based_on=view.row.version
        )

    tasks.spawn(ask(), done=lambda row: None if row is None else done(row))
