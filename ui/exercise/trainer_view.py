"""The trainer's panel (an exercise store's Exercise area): the exercise clock and
its controls, and the inject timeline with what the team did about each inject.

The trainer (``Action.CONTROL_EXERCISE``) starts, pauses and resumes the clock,
sets its speed (1x to 10x), jumps it forward, ends the exercise and hands out the
debrief (PDF or CSV, recorded as a disclosure). An observer sees the same panel
read only. Every control goes through ``incident.exercise.service``, which checks
the role and audits the change; the panel only shows what it reads.

The panel reads the exercise's status and its debrief (``incident.exercise.debrief``)
after commits (throttled: at most one read every half second) and moves the clock's
reading every second from the store's own clock, which is the exercise clock. The
debrief comes from a ``DebriefReader`` kept with the panel: each read takes only the
audit entries written since the last one, not the whole trail.

Signals: ``goldInstructions(object)``: the list of ``widgets.gold_notice.GoldInstruction``
gold has given so far, after each read (for the notice the whole team sees).
``exerciseFound(bool)``: whether the store holds an exercise (the demo store is an
exercise store without one), after the first read.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from console import timezone
from console.file_names import suggested_name
from console.permissions import Action, may
from console.session import Session
from console.timezone import FORCE_ZONE, DurationStyle, local_text
from incident.exercise import debrief as debriefs
from incident.exercise import debrief_out, service
from incident.exercise.clock import ClockState
from incident.exercise.debrief import Debrief, InjectDebrief
from incident.exercise.debrief_out import duration_text, offset_text
from incident.exercise.scenario import InjectKind, format_offset, kind_words, parse_span
from incident.exercise.service import ExerciseStatus, NoExercise
from storage.timeutil import to_iso
from ui.common.prompts import PROMPTS
from ui.common.tasks import Tasks
from ui.common.translations import QT_TRANSLATE_NOOP
from widgets.gold_notice import GoldInstruction

Index = QModelIndex | QPersistentModelIndex
SPEEDS = tuple(range(1, 11))
_STATE_WORDS = {
    ClockState.NOT_STARTED: QT_TRANSLATE_NOOP("TrainerView", "Not started"),
    ClockState.RUNNING: QT_TRANSLATE_NOOP("TrainerView", "Running"),
    ClockState.PAUSED: QT_TRANSLATE_NOOP("TrainerView", "Paused"),
    ClockState.ENDED: QT_TRANSLATE_NOOP("TrainerView", "Ended"),
}


def _clock_text(moment: datetime) -> str:
    """Exercise time in UK time, to the second."""
    return local_text(to_iso(moment))


class TrainerWords(QObject):
    """The trainer's counting sentences (on a QObject, so that they are extracted with
    their plural forms)."""

    def progress(self, elapsed: timedelta, duration: timedelta, fired: int, total: int) -> str:
        """``2 h 10 min of 10 h gone; 3 of 12 injects fired.``"""
        return self.tr(
            "{elapsed} of {duration} gone; {fired} of %n inject(s) fired.", "", total
        ).format(
            elapsed=timezone.duration_text(elapsed),
            duration=timezone.duration_text(duration),
            fired=fired,
        )


class InjectModel(QAbstractTableModel):
    """The scenario's injects in time order: each with whether it has fired and what
    the team did about it."""

    HEADERS = (
        QT_TRANSLATE_NOOP("InjectModel", "At"),
        QT_TRANSLATE_NOOP("InjectModel", "Kind"),
        QT_TRANSLATE_NOOP("InjectModel", "Channel"),
        QT_TRANSLATE_NOOP("InjectModel", "Summary"),
        QT_TRANSLATE_NOOP("InjectModel", "Expected"),
        QT_TRANSLATE_NOOP("InjectModel", "Fired / due"),
        QT_TRANSLATE_NOOP("InjectModel", "Team's response"),
    )

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[InjectDebrief] = []
        self.now: datetime | None = None
        self.starts: datetime | None = None

    def show(self, rows: list[InjectDebrief], starts: datetime, now: datetime) -> None:
        self.beginResetModel()
        self.rows, self.starts, self.now = rows, starts, now
        self.endResetModel()

    def clear(self) -> None:
        self.show([], datetime.min, datetime.min)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if 0 <= section < len(self.HEADERS):
                return QCoreApplication.translate("InjectModel", self.HEADERS[section])
            return None
        return None

    def fired_text(self, row: InjectDebrief) -> str:
        if row.arrived is not None:
            return local_text(to_iso(row.arrived))[-12:-4]  # the exercise's time of day
        if self.starts is None or self.now is None:
            return self.tr("due")
        left = self.starts + row.at - self.now
        if left <= timedelta(0):
            return self.tr("due now")
        # Packed like the other times in the table; the seconds only under an hour.
        return self.tr("in {span}").format(span=timezone.duration_text(left, DurationStyle.CLOCK))

    def response_text(self, row: InjectDebrief) -> str:
        """Who picked the inject up first, what they did and how long it took."""
        first = row.picked_up
        if row.arrived is None:
            return ""
        if first is None:
            if row.kind == InjectKind.GOLD_INSTRUCTION:
                return self.tr("shown to the team")
            return self.tr("nobody yet")
        more = len(row.responses) - 1
        if more > 0:
            return self.tr("{who} {what} after {took} (+%n more)", "", more).format(
                who=first.actor, what=first.what, took=duration_text(row.took)
            )
        return self.tr("{who} {what} after {took}").format(
            who=first.actor, what=first.what, took=duration_text(row.took)
        )

    def data(self, index: Index, role: int = 0) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            values = (
                offset_text(row.at),
                kind_words(row.kind),
                row.channel,
                row.summary,
                row.expect,
                self.fired_text(row),
                self.response_text(row),
            )
            if role == Qt.ItemDataRole.ToolTipRole:
                if column == 6 and row.responses:
                    return "\n".join(
                        f"{local_text(to_iso(r.at), compact=True)} {r.actor} {r.what}"
                        for r in row.responses
                    )
                return values[column] if column in (3, 4) else None
            return values[column]
        if role == Qt.ItemDataRole.ForegroundRole and row.arrived is None:
            from PySide6.QtGui import QColor

            return QColor("#6b7280")
        if role == Qt.ItemDataRole.FontRole and row.first_sign and column == 3:
            from PySide6.QtGui import QFont

            font = QFont()
            font.setBold(True)
            return font
        return None


class TrainerView(QWidget):
    goldInstructions = Signal(object)
    exerciseFound = Signal(bool)

    def __init__(self, session: Session, tasks: Tasks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._tasks = tasks
        self.status: ExerciseStatus | None = None
        self.debrief: Debrief | None = None
        self.reader = debriefs.DebriefReader(session.store)
        self.has_exercise: bool | None = None
        self._reading = False
        self._again = False

        self.heading = QLabel(self.tr("Exercise"), self)
        self.heading.setObjectName("areaHeading")
        self.heading.setWordWrap(True)
        self.clock_label = QLabel("–", self)
        self.clock_label.setObjectName("exerciseClock")
        self.clock_label.setAccessibleName(self.tr("Exercise time"))
        self.state_label = QLabel(self)
        self.state_label.setObjectName("exerciseState")
        self.progress_label = QLabel(self)
        self.engage_label = QLabel(self)
        self.engage_label.setWordWrap(True)

        self.start_button = QPushButton(self.tr("&Start"), self)
        self.pause_button = QPushButton(self.tr("&Pause"), self)
        self.speed_box = QComboBox(self)
        for speed in SPEEDS:
            self.speed_box.addItem(f"{speed}x", speed)
        self.speed_box.setAccessibleName(self.tr("Speed"))
        self.jump_button = QPushButton(self.tr("&Jump to…"), self)
        self.end_button = QPushButton(self.tr("&End…"), self)
        self.debrief_button = QPushButton(self.tr("&Debrief…"), self)
        self.debrief_button.setObjectName("primary")
        self.controls = (
            self.start_button,
            self.pause_button,
            self.speed_box,
            self.jump_button,
            self.end_button,
            self.debrief_button,
        )
        self.start_button.clicked.connect(self.start)
        self.pause_button.clicked.connect(self.pause_or_resume)
        self.speed_box.activated.connect(self._speed_chosen)
        self.jump_button.clicked.connect(self.jump)
        self.end_button.clicked.connect(self.end)
        self.debrief_button.clicked.connect(self.export_debrief)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        # While a jump runs (the engine plays what falls due on the way, in order):
        # how far the exercise clock has got, from where it was to where it goes.
        self.jump_progress = QProgressBar(self)
        self.jump_progress.setObjectName("jumpProgress")
        self.jump_progress.hide()
        self._jump: tuple[timedelta, timedelta] | None = None  # from, to (after the start)

        self.model = InjectModel(self)
        self.table = QTableView(self)
        self.table.setTabKeyNavigation(False)  # Tab leaves it; arrows move in it
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        # The team's response (the last column) keeps room on a 1280 px screen.
        for column, width in enumerate((76, 110, 120, 193, 196, 150)):  # "Taniwyd / dyledus"
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)

        clock_row = QHBoxLayout()
        clock_row.addWidget(self.clock_label)
        clock_row.addSpacing(16)
        state_column = QVBoxLayout()
        state_column.addWidget(self.state_label)
        state_column.addWidget(self.progress_label)
        clock_row.addLayout(state_column)
        clock_row.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.pause_button)
        buttons.addWidget(QLabel(self.tr("Speed"), self))
        buttons.addWidget(self.speed_box)
        buttons.addWidget(self.jump_button)
        buttons.addWidget(self.end_button)
        buttons.addStretch(1)
        buttons.addWidget(self.debrief_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 12)
        layout.addWidget(self.heading)
        layout.addLayout(clock_row)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.jump_progress)
        layout.addWidget(self.engage_label)
        layout.addWidget(self.table, 1)

        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(500)
        self._refresh_timer.timeout.connect(lambda: self._tasks.spawn(self.refresh()))
        self._tick_timer = QTimer(self)
        self._tick_timer.timeout.connect(self._tick)
        self._tick_timer.start(1000)
        session.store.add_commit_listener(self._store_changed)
        self.adopt(session)

    # -- who may do what ------------------------------------------------------------------

    def controls_allowed(self) -> bool:
        return may(self.session.user, Action.CONTROL_EXERCISE)

    def may_view(self) -> bool:
        """The panel shows the scenario's plan: for the trainer and observers only, not
        for the team it is testing."""
        from storage.records import Role

        return self.controls_allowed() or Role.OBSERVER in self.session.user.roles

    def adopt(self, session: Session) -> None:
        self.session = session
        if self.reader.store is not session.store:
            self.reader = debriefs.DebriefReader(session.store)
        self._show_controls()

    def _show_controls(self) -> None:
        allowed = self.controls_allowed()
        status = self.status
        state = status.state if status is not None else None
        why = "" if allowed else self.tr("Only the exercise's trainer controls it.")
        self.start_button.setEnabled(allowed and state is ClockState.NOT_STARTED)
        self.pause_button.setEnabled(allowed and state in (ClockState.RUNNING, ClockState.PAUSED))
        self.pause_button.setText(
            self.tr("&Resume") if state is ClockState.PAUSED else self.tr("&Pause")
        )
        live = state is not None and state is not ClockState.ENDED
        self.speed_box.setEnabled(allowed and live)
        self.jump_button.setEnabled(allowed and live and self._jump is None)
        self.end_button.setEnabled(allowed and live)
        self.debrief_button.setEnabled(allowed and status is not None)
        for control in self.controls:
            control.setToolTip(why)

    # -- reading ----------------------------------------------------------------------------

    def _store_changed(self) -> None:
        if not self._refresh_timer.isActive():
            self._refresh_timer.start()

    async def refresh(self) -> None:
        if self._reading:  # never two reads at once; one more after this one
            self._again = True
            return
        self._reading = True
        try:
            store = self.session.store
            try:
                status = await service.status(store)
            except NoExercise:
                self._no_exercise()
                return
            if self.reader.store is not store:
                self.reader = debriefs.DebriefReader(store)
            debrief = await self.reader.refresh(status) if self.may_view() else None
            self._show(status, debrief)
        finally:
            self._reading = False
        if self._again:
            self._again = False
            self._store_changed()

    def _no_exercise(self) -> None:
        self.status = None
        if self.has_exercise is not False:
            self.has_exercise = False
            self.exerciseFound.emit(False)
        self.heading.setText(self.tr("This exercise store holds no scenario."))
        self._show_controls()

    def _show(self, status: ExerciseStatus, debrief: Debrief | None) -> None:
        self.status, self.debrief = status, debrief
        if self.has_exercise is not True:
            self.has_exercise = True
            self.exerciseFound.emit(True)
        self.heading.setText(self.tr("Exercise: {title}").format(title=status.title))
        index = self.speed_box.findData(round(status.speed))
        if index >= 0:
            self.speed_box.setCurrentIndex(index)
        if debrief is not None:
            self.model.show(list(debrief.injects), status.starts_utc, status.exercise_now)
            self.engage_label.setText(self._engage_text(debrief))
        self._show_clock()
        self._show_controls()
        self.goldInstructions.emit(
            [
                GoldInstruction(
                    i.id, local_text(i.fired_exercise_utc or "", compact=True), i.summary
                )
                for i in status.gold_instructions
            ]
        )

    def _engage_text(self, d: Debrief) -> str:
        if d.first_sign is None:
            return self.tr("No first sign of the incident yet.")
        sign = local_text(to_iso(d.first_sign), compact=True)
        if d.engaged is None:
            return self.tr("First sign {at} ({inject}); incident mode not engaged yet.").format(
                at=sign, inject=d.first_sign_inject
            )
        # Each count a sentence of its own, so each takes its own plural form.
        return " ".join((
            self.tr("First sign {at} ({inject}); incident mode engaged by {who} after {after}.")
            .format(at=sign, inject=d.first_sign_inject, who=d.engaged_by,
                    after=duration_text(d.engage_delay)),
            self.tr("%n post(s) went out that should have been held.", "",
                    len(d.should_have_been_held)),
            self.tr("%n holding statement(s) sent.", "", len(d.statements)),
            self.tr("%n report(s) raised.", "", len(d.reports)),
        ))  # fmt: skip

    def _now(self) -> datetime | None:
        status = self.status
        if status is None:
            return None
        if status.state is ClockState.RUNNING:
            return self.session.store.clock()
        return status.exercise_now

    def _show_clock(self) -> None:
        status = self.status
        now = self._now()
        if status is None or now is None:
            return
        self.clock_label.setText(_clock_text(now))
        state = QCoreApplication.translate("TrainerView", _STATE_WORDS[status.state])
        elapsed = max(now - status.starts_utc, timedelta(0))
        if status.state is ClockState.RUNNING:
            state = self.tr("{state} at {speed:g}x").format(state=state, speed=status.speed)
        elif status.state is ClockState.NOT_STARTED and elapsed:
            # Jumped before the start (injects on the way fired): Start runs it from there.
            state = self.tr("Not started: Start runs it from {offset} at {speed:g}x").format(
                offset=offset_text(elapsed), speed=status.speed
            )
        elif status.state is ClockState.NOT_STARTED:
            state = self.tr("Not started: Start runs it at {speed:g}x").format(speed=status.speed)
        self.state_label.setText(state)
        if self._jump is not None:
            start, _to = self._jump
            self.jump_progress.setValue(max(0, int((elapsed - start).total_seconds())))
        self.progress_label.setText(
            TrainerWords().progress(
                elapsed,
                status.duration,
                sum(1 for i in status.injects if i.fired_exercise_utc),
                len(status.injects),
            )
        )
        if self.model.rows:
            self.model.now = now
            top, bottom = self.model.index(0, 5), self.model.index(len(self.model.rows) - 1, 5)
            self.model.dataChanged.emit(top, bottom, [Qt.ItemDataRole.DisplayRole])

    def _tick(self) -> None:
        if self.isVisible() and self.status is not None:
            self._show_clock()

    # -- the controls -----------------------------------------------------------------------

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setObjectName("errorText" if error else "")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setText(text)

    def _run(self, what: str, call: Any) -> None:
        self._say("")

        def done(_row: object) -> None:
            self._say(what)
            self._tasks.spawn(self.refresh())

        self._tasks.spawn(call, done=done, error=lambda sentence: self._say(sentence, error=True))

    def start(self) -> None:
        self._run(self.tr("The exercise has started."), service.start(self.session))

    def pause_or_resume(self) -> None:
        if self.status is not None and self.status.state is ClockState.PAUSED:
            self._run(self.tr("The exercise clock runs again."), service.resume(self.session))
        else:
            self._run(self.tr("The exercise clock is paused."), service.pause(self.session))

    def _speed_chosen(self, index: int) -> None:
        speed = float(self.speed_box.itemData(index))
        self.set_speed(speed)

    def set_speed(self, speed: float) -> None:
        started = self.status is None or self.status.state is not ClockState.NOT_STARTED
        self._run(
            (
                self.tr("The exercise clock runs at {speed:g}x.")
                if started
                else self.tr("The exercise clock will run at {speed:g}x once started.")
            ).format(speed=speed),
            service.set_speed(self.session, speed),
        )

    def jump(self) -> None:
        async def ask() -> None:
            answer = await PROMPTS.text(
                self,
                self.tr("Jump the exercise clock"),
                self.tr("Jump forward to (time after the start, e.g. +2h30m):"),
            )
            if answer is None:
                return
            span = parse_span(answer.strip())
            if span is None:
                self._say(
                    self.tr("“{text}” is not a time after the start: write it as +2h30m.").format(
                        text=answer
                    ),
                    error=True,
                )
                return
            await self._jumping(span)

        self._tasks.spawn(ask(), error=lambda sentence: self._say(sentence, error=True))

    async def _jumping(self, span: timedelta) -> None:
        """Jump, showing how far the clock has got while the engine steps through
        what falls due on the way (a jump of hours can take a while)."""
        status = self.status
        start = status.elapsed if status is not None else timedelta(0)
        self._jump = (start, span)
        self.jump_progress.setRange(0, max(1, int((span - start).total_seconds())))
        self.jump_progress.setValue(0)
        self.jump_progress.setFormat(
            self.tr("Jumping to {to}: %p% (injects and posts on the way happen in order)").format(
                to=format_offset(span))
        )  # fmt: skip
        self.jump_progress.show()
        self.jump_button.setEnabled(False)
        self._say(self.tr("Jumping to {to}…").format(to=format_offset(span)))
        try:
            await service.jump(self.session, span)
        finally:
            self._jump = None
            self.jump_progress.hide()
            self._show_controls()
        self._say(self.tr("The exercise clock jumped to {at}.").format(at=format_offset(span)))
        await self.refresh()

    def end(self) -> None:
        async def ask() -> None:
            if await PROMPTS.confirm(
                self,
                self.tr("End the exercise"),
                self.tr("End the exercise now? Its clock stops for good; the debrief stays."),
                yes=self.tr("End the exercise"),
                no=self.tr("Keep it running"),
            ):
                self._run(self.tr("The exercise has ended."), service.end(self.session))

        self._tasks.spawn(ask(), error=lambda sentence: self._say(sentence, error=True))

    def export_debrief(self) -> None:
        status = self.status
        if status is None:
            return
        # Its name and the exercise's day (in exercise time).
        named = suggested_name(
            "debrief", status.title, status.starts_utc.astimezone(FORCE_ZONE).date()
        )

        async def write() -> Path | None:
            path = await PROMPTS.save_path(
                self,
                self.tr("Export the debrief"),
                Path.home() / named,
                self.tr("PDF (*.pdf);;CSV (*.csv)"),
            )
            if path is None:
                return None
            answers = await PROMPTS.disclosure(self, self.tr("Handing out the debrief"))
            if answers is None:
                return None
            reason, recipient = answers
            self._say(self.tr("Writing the debrief…"))
            done = await debrief_out.export_debrief(
                self.session, path, reason=reason, recipient=recipient
            )
            return done.path

        def written(out: Path | None) -> None:
            if out is not None:
                self._say(self.tr("Debrief written to {file}.").format(file=out))

        self._tasks.spawn(
            write(), done=written, error=lambda sentence: self._say(sentence, error=True)
        )

    # -- lifecycle --------------------------------------------------------------------------

    def clear(self) -> None:
        """Locked: show nothing of the store."""
        self.model.clear()
        self.status = None
        self.debrief = None
        # What the reader kept of the audit trail goes too (a read still in flight
        # finishes on the old one, which is dropped).
        self.reader = debriefs.DebriefReader(self.session.store)
        self.clock_label.setText("–")
        self.state_label.clear()
        self.progress_label.clear()
        self.engage_label.clear()
        self.message.clear()
        self._show_controls()

    def detach(self) -> None:
        self.session.store.remove_commit_listener(self._store_changed)
        self._refresh_timer.stop()
        self._tick_timer.stop()
