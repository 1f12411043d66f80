"""The incident area's dialogs: naming and scoping the incident, releasing and
amending held posts, and sending a holding statement.

Each returns its answer through ``answer()`` (``ui.common.prompts.PROMPTS.form`` shows
it, or a test answers for it) and calls no service itself, except the statement
dialog's live preview, which reads the store through the incident services.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from PySide6.QtCore import QPoint, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QPixmap, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from console.bilingual import First
from console.networks import NETWORKS, network
from console.timezone import FORCE_ZONE, AmbiguousTime, TimeInGap, local_to_utc, now_local
from incident import statements
from incident.engage import Details
from incident.review import Wording
from storage.errors import StoreError
from storage.i18n import _
from storage.incidents import Incident, Scope, Template, match_areas
from storage.records import Channel, IncidentMode
from storage.store import Store
from storage.timeutil import Clock, to_iso
from ui.common.field_labels import field_label
from ui.common.tasks import Tasks
from ui.common.time_entry import chosen_utc, typed, wall_clock, wall_clock_edit
from ui.incident.area_completer import AreaCompleter

CARD_PREVIEW = QSize(216, 270)  # the 1080 by 1350 card, at a fifth


def _buttons(dialog: QDialog, ok: str) -> QDialogButtonBox:
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog
    )
    box.button(QDialogButtonBox.StandardButton.Ok).setText(ok)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


def _soon_local(hours: float = 1, clock: Clock | None = None) -> datetime:
    """``hours`` from now (by ``clock``: the store's, the exercise clock in an exercise),
    on a quarter hour, in UK time (with its zone). Counted in real time, not on the
    wall clock: it is never in the hour the clocks skip in spring (00:30 that night
    and an hour on is 02:30), and says which 01:30 it is in autumn."""
    now = now_local(clock=clock).replace(second=0, microsecond=0)
    start = (now.astimezone(UTC) + timedelta(hours=hours)).astimezone(FORCE_ZONE)
    return start.replace(minute=(start.minute // 15) * 15)


def beside(dialog: QRect, avoid: QRect, screen: QRect) -> QPoint:
    """Where a dialog the size of ``dialog`` goes so as not to cover ``avoid`` (what
    it is about): below it if it fits on ``screen``, else above, else where it is."""
    x = max(screen.left(), min(dialog.x(), screen.right() - dialog.width()))
    if avoid.bottom() + 8 + dialog.height() <= screen.bottom():
        return QPoint(x, avoid.bottom() + 8)
    if avoid.top() - 8 - dialog.height() >= screen.top():
        return QPoint(x, avoid.top() - 8 - dialog.height())
    return dialog.topLeft()


def _channel_list(parent: QWidget, channels: list[Channel], chosen: set[int]) -> QListWidget:
    listing = QListWidget(parent)
    for channel in channels:
        kind = NETWORKS[channel.network].label if channel.network in NETWORKS else channel.network
        item = QListWidgetItem(f"{channel.name}  ·  {kind}  ·  {channel.area or '-'}")
        item.setData(Qt.ItemDataRole.UserRole, channel.id)
        item.setCheckState(
            Qt.CheckState.Checked if channel.id in chosen else Qt.CheckState.Unchecked
        )
        listing.addItem(item)
    # As tall as its channels (up to 150 px): the room left goes to the preview.
    rows = listing.sizeHintForRow(0) if channels else 20
    listing.setMaximumHeight(min(150, rows * max(len(channels), 2) + 2 * listing.frameWidth() + 4))
    return listing


def _checked(listing: QListWidget) -> list[int]:
    return [
        int(listing.item(row).data(Qt.ItemDataRole.UserRole))
        for row in range(listing.count())
        if listing.item(row).checkState() is Qt.CheckState.Checked
    ]


# -- naming and scoping -----------------------------------------------------------------------


@dataclass(frozen=True)
class IncidentAnswer:
    details: Details
    scope: Scope
    mode: IncidentMode


class IncidentDialog(QDialog):
    """Name, reference, gold commander, reason; scope; mode. Shown right after the
    hold has committed: nothing here delays the hold."""

    def __init__(
        self, incident: Incident, channels: list[Channel], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Incident mode is engaged: name the incident"))
        self.setMinimumWidth(560)
        held = QLabel(
            self.tr("Everything in scope is already held. Name the incident and check its scope."),
            self,
        )
        held.setWordWrap(True)
        self.name = QLineEdit(incident.name, self)
        self.name.setPlaceholderText(self.tr("e.g. Eastbridge market firearms incident"))
        self.reference = QLineEdit(incident.reference, self)
        self.gold = QLineEdit(incident.gold_commander, self)
        self.reason = QLineEdit(incident.reason, self)
        form = QFormLayout()
        form.addRow(self.tr("&Name"), self.name)
        form.addRow(self.tr("&Reference"), self.reference)
        form.addRow(self.tr("&Gold commander"), self.gold)
        form.addRow(self.tr("Reas&on"), self.reason)

        scope_box = QGroupBox(self.tr("Scope: what is held"), self)
        self.scope_all = QRadioButton(self.tr("&All channels"), scope_box)
        self.scope_channels = QRadioButton(self.tr("These &channels:"), scope_box)
        self.scope_areas = QRadioButton(self.tr("The channels of these ar&eas:"), scope_box)
        group = QButtonGroup(self)
        for button in (self.scope_all, self.scope_channels, self.scope_areas):
            group.addButton(button)
        current = incident.scope
        self.channels = _channel_list(scope_box, channels, set(current.channel_ids))
        self.areas = QLineEdit(", ".join(sorted(current.areas)), scope_box)
        self._channel_areas = [c.area for c in channels]
        known = sorted({c.area.strip() for c in channels if c.area.strip()}, key=str.casefold)
        self.areas.setPlaceholderText(
            self.tr("comma-separated; known: {areas}").format(areas=", ".join(known) or "-")
        )
        AreaCompleter(known, self.areas)
        {"all": self.scope_all, "channels": self.scope_channels, "areas": self.scope_areas}[
            current.kind
        ].setChecked(True)
        scope_layout = QVBoxLayout(scope_box)
        scope_layout.addWidget(self.scope_all)
        scope_layout.addWidget(self.scope_channels)
        scope_layout.addWidget(self.channels)
        scope_layout.addWidget(self.scope_areas)
        scope_layout.addWidget(self.areas)

        mode_box = QGroupBox(self.tr("Mode"), self)
        self.suspend = QRadioButton(
            self.tr("&Suspend: nothing held goes out until gold decides"), mode_box
        )
        self.review = QRadioButton(
            self.tr("Re&view: approvers release held posts one by one"), mode_box
        )
        (self.suspend if incident.mode is IncidentMode.SUSPEND else self.review).setChecked(True)
        mode_layout = QVBoxLayout(mode_box)
        mode_layout.addWidget(self.suspend)
        mode_layout.addWidget(self.review)

        self.problem = QLabel(self)
        self.problem.setObjectName("errorText")
        self.problem.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(held)
        layout.addLayout(form)
        layout.addWidget(scope_box)
        layout.addWidget(mode_box)
        layout.addWidget(self.problem)
        layout.addWidget(_buttons(self, self.tr("Save")))
        # Wide enough for the modes' words too (a minimum set by hand is not widened by
        # the layout: in Welsh both modes were cut off at the right).
        self.setMinimumWidth(max(560, self.minimumSizeHint().width()))

    def accept(self) -> None:
        if not self.name.text().strip() or not self.reason.text().strip():
            self.problem.setText(self.tr("Give the incident a name and a reason."))
            return
        if self.scope_channels.isChecked() and not _checked(self.channels):
            self.problem.setText(self.tr("Tick at least one channel, or choose all channels."))
            return
        if self.scope_areas.isChecked():
            try:  # the core's own check, so the officer can correct what was typed
                self._typed_areas()
            except StoreError as error:
                self.problem.setText(str(error))
                self.areas.setFocus()
                return
        super().accept()

    def _typed_areas(self) -> Scope:
        """The areas typed, in the channels' spelling (refused: an area no channel is in)."""
        return match_areas(Scope.of_areas(self.areas.text().split(",")), self._channel_areas)

    def answer(self) -> IncidentAnswer:
        if self.scope_channels.isChecked():
            scope = Scope.of_channels(_checked(self.channels))
        elif self.scope_areas.isChecked():
            scope = self._typed_areas()
        else:
            scope = Scope.everything()
        return IncidentAnswer(
            Details(
                self.name.text().strip(),
                self.reference.text().strip(),
                self.gold.text().strip(),
                self.reason.text().strip(),
            ),
            scope,
            IncidentMode.SUSPEND if self.suspend.isChecked() else IncidentMode.REVIEW,
        )


# -- releasing and amending ------------------------------------------------------------------


@dataclass(frozen=True)
class ReleaseAnswer:
    when: str  # original | now | at
    at_local: datetime | None
    reason: str


class ReleaseDialog(QDialog):
    """``clock``: the store's clock (a new time is offered an hour after its now).
    ``posts``: what is released (a line each, shown at the top); ``avoid``: where the
    posts are on screen (global coordinates): the dialog opens beside them, never
    over them."""

    def __init__(
        self,
        count: int,
        parent: QWidget | None = None,
        clock: Clock | None = None,
        *,
        posts: list[str] | None = None,
        avoid: QRect | None = None,
    ) -> None:
        super().__init__(parent)
        self._avoid = avoid
        self.setWindowTitle(self.tr("Release %n held post(s)", "", count))
        shown = posts or []
        self.posts = QLabel("\n".join(shown[:5]) + ("\n…" if len(shown) > 5 else ""), self)
        self.posts.setObjectName("quotedPosts")
        self.posts.setWordWrap(True)
        self.posts.setTextFormat(Qt.TextFormat.PlainText)
        self.posts.setVisible(bool(shown))
        self.original = QRadioButton(self.tr("At its &original time (if still ahead)"), self)
        self.now = QRadioButton(self.tr("&Now"), self)
        self.at = QRadioButton(self.tr("At a new &time (UK):"), self)
        self.original.setChecked(True)
        self.when = wall_clock_edit(_soon_local(1, clock), self)
        self.when.setDisplayFormat("ddd dd/MM/yyyy HH:mm")
        self.when.setCalendarPopup(True)
        self.reason = QLineEdit(self)
        self.reason.setPlaceholderText(self.tr("Why it is fit to go out during the incident"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.posts)
        layout.addWidget(self.original)
        layout.addWidget(self.now)
        row = QHBoxLayout()
        row.addWidget(self.at)
        row.addWidget(self.when, 1)
        layout.addLayout(row)
        form = QFormLayout()
        form.addRow(self.tr("&Why"), self.reason)
        layout.addLayout(form)
        layout.addWidget(_buttons(self, self.tr("Release")))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._avoid is not None and self._avoid.isValid():
            self.move(beside(self.frameGeometry(), self._avoid, self.screen().availableGeometry()))

    def answer(self) -> ReleaseAnswer:
        kind = "now" if self.now.isChecked() else "at" if self.at.isChecked() else "original"
        return ReleaseAnswer(
            kind, typed(self.when) if kind == "at" else None, self.reason.text().strip()
        )


@dataclass(frozen=True)
class AmendAnswer:
    text: str  # the first post's (the only post's) new words
    second: str | None  # two linked posts: the second's new words
    reason: str


class AmendDialog(QDialog):
    """Gold's new words for one held post (``wording``: its words now, the language
    of each, and how its channel counts). A post that goes out as two linked posts,
    one in each language (``console.bilingual``), shows a box for each, Welsh and
    English in the order they go out; each box counts its text against the channel's
    limit as the channel will."""

    def __init__(
        self,
        wording: Wording,
        parent: QWidget | None = None,
        *,
        typed: AmendAnswer | None = None,
        problem: str = "",
    ) -> None:
        """``typed`` and ``problem``: what the officer wrote last time and why the
        core refused it; the boxes start from their words (nothing typed is lost),
        with the post's words now shown beside the sentence when they differ."""
        super().__init__(parent)
        self._rule = wording.rule
        self._unit = network(wording.row.network).unit
        self.setWindowTitle(self.tr("Amend the held post on {c}").format(c=wording.row.channel))
        self.setMinimumWidth(560)
        form = QFormLayout(self)
        # The officer's own words again only while the post has the same shape.
        again = typed is not None and (typed.second is None) == (wording.second is None)
        first = typed.text if again and typed is not None else wording.first
        self.problem = QLabel(problem, self)
        self.problem.setObjectName("errorText")
        self.problem.setWordWrap(True)
        self.problem.setVisible(bool(problem))
        form.addRow(self.problem)
        now = [wording.first] if wording.second is None else [wording.first, wording.second]
        if problem and typed is not None and [typed.text, typed.second][: len(now)] != now:
            self.now = QLabel(
                self.tr("The words on the post now:") + "\n" + "\n—\n".join(now), self
            )
            self.now.setTextFormat(Qt.TextFormat.PlainText)
            self.now.setWordWrap(True)
            form.addRow(self.now)
        self.text = QPlainTextEdit(first, self)
        self.second: QPlainTextEdit | None = None
        self.counts: list[QLabel] = []
        if wording.second is None:
            form.addRow(self.tr("&Text"), self._counted(self.text))
        else:
            second = typed.second if again and typed is not None else None
            self.second = QPlainTextEdit(second or wording.second, self)
            welsh_first = wording.first_language is First.WELSH
            note = QLabel(
                self.tr("Two linked posts: the Welsh goes out first, then the English.")
                if welsh_first
                else self.tr("Two linked posts: the English goes out first, then the Welsh."),
                self,
            )
            note.setWordWrap(True)
            form.addRow(note)
            welsh, english = (self.text, self.second) if welsh_first else (self.second, self.text)
            welsh.setAccessibleName(self.tr("Welsh text"))
            english.setAccessibleName(self.tr("English text"))
            labels = {welsh: self.tr("&Welsh"), english: self.tr("&English")}
            for edit in (self.text, self.second):  # in the order they go out
                edit.setMinimumHeight(90)
                form.addRow(labels[edit], self._counted(edit))
        self.reason = QLineEdit(typed.reason if typed is not None else "", self)
        self.reason.setPlaceholderText(self.tr("Why the words change (it goes in the audit trail)"))
        # Not "&Why": Alt+W is the Welsh box's.
        form.addRow(self.tr("Wh&y"), self.reason)
        self._box = _buttons(self, self.tr("Amend"))
        form.addRow(self._box)
        self._check()

    def _counted(self, edit: QPlainTextEdit) -> QWidget:
        """``edit`` with its count below it, kept up to date as it is typed in."""
        count = QLabel(self)
        count.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.counts.append(count)
        edit.textChanged.connect(lambda: self._count(edit, count))
        edit.textChanged.connect(self._check)
        self._count(edit, count)
        holder = QWidget(self)
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(edit)
        column.addWidget(count)
        return holder

    def _count(self, edit: QPlainTextEdit, count: QLabel) -> None:
        text = edit.toPlainText().strip()
        left = self._rule.remaining(text)
        colour = "#b00020" if left < 0 else ("#9a5b00" if left < 20 else "#1f6f43")
        count.setStyleSheet(f"color: {colour}")
        count.setText(
            self.tr("{used} of {limit} {unit}").format(
                used=self._rule.count(text), limit=self._rule.limit, unit=_(self._unit)
            )
        )

    def _check(self) -> None:
        """Amend only with every box written and within the limit (the core checks
        again, and says why it refuses)."""
        edits = [self.text] if self.second is None else [self.text, self.second]
        fits = all(
            edit.toPlainText().strip() and self._rule.remaining(edit.toPlainText().strip()) >= 0
            for edit in edits
        )
        self._box.button(QDialogButtonBox.StandardButton.Ok).setEnabled(fits)

    def answer(self) -> AmendAnswer:
        second = None if self.second is None else self.second.toPlainText().strip()
        return AmendAnswer(self.text.toPlainText().strip(), second, self.reason.text().strip())


# -- holding statements ----------------------------------------------------------------------


@dataclass(frozen=True)
class StatementAnswer:
    template_id: int
    values: dict[str, str]
    channel_ids: list[int]
    next_update_utc: datetime | None  # the reminder, checked ahead; None: no reminder


class StatementDialog(QDialog):
    """Choose a template, fill its fields, tick the channels; the preview shows each
    channel's text, its length as the channel's network counts it and what the network
    would refuse, before anything is stored. Send stays off until the preview shows
    what would be sent now; it says how many channels the statement goes to.
    ``reference``: the incident's, put in the template's Reference field.

    The reminder ("next update due") is checked before the dialog closes: still
    ahead, not in the hour the clocks skip in spring, and in the autumn hour that
    happens twice, which one (asked then; cancelled, the dialog stays as it was).
    A clock time typed in the template's ``{next_update}`` field (what the public
    reads) moves the reminder to it, today or tomorrow; Send refuses a reminder
    at another time of day."""

    def __init__(
        self,
        store: Store,
        templates: list[Template],
        channels: list[Channel],
        tasks: Tasks,
        parent: QWidget | None = None,
        *,
        reference: str = "",
        typed: StatementAnswer | None = None,
        problem: str = "",
    ) -> None:
        """``typed`` and ``problem``: what the officer chose last time and why the core
        refused it; the dialog starts from their choices, nothing entered is lost."""
        super().__init__(parent)
        self._reference = reference
        self._previewed: tuple[object, ...] | None = None  # what the preview shows
        # Each field's words, kept when the template changes (and from last time).
        self._kept: dict[str, str] = dict(typed.values) if typed is not None else {}
        self._asking = False  # asking which 01:00-02:00 the reminder is
        self._next_update_utc: datetime | None = None  # the reminder, once checked
        self.setWindowTitle(self.tr("Send a holding statement"))
        self.setMinimumSize(720, 640)
        self._store = store
        self._tasks = tasks
        self._templates = templates
        self.template = QComboBox(self)
        for template in templates:
            mark = self.tr(" (pre-approved)") if template.pre_approved else ""
            self.template.addItem(f"{template.incident_type}: {template.name}{mark}", template.id)
        self.fields_box = QGroupBox(self.tr("Fields"), self)
        self.fields_form = QFormLayout(self.fields_box)
        self.fields: dict[str, QLineEdit] = {}
        chosen = set(typed.channel_ids) if typed is not None else {c.id for c in channels}
        self.channels = _channel_list(self, channels, chosen)
        self.next_update_on = QCheckBox(self.tr("Remind me when the next update is due:"), self)
        soon = _soon_local(1, store.clock)
        if typed is not None and typed.next_update_utc is None:
            self.next_update_on.setChecked(False)
        else:
            self.next_update_on.setChecked(True)
            if typed is not None and typed.next_update_utc is not None:
                soon = typed.next_update_utc.astimezone(FORCE_ZONE)
        self.next_update = wall_clock_edit(soon, self)
        self.next_update.setDisplayFormat("ddd dd/MM/yyyy HH:mm")
        # Which moment a wall-clock time in the autumn overlap is (the default's own,
        # or the officer's answer), so it is asked at most once.
        self._chosen = (soon.replace(tzinfo=None), soon.astimezone(UTC))
        # Why the reminder will not do, beside it.
        self.when_problem = QLabel(self)
        self.when_problem.setObjectName("errorText")
        self.when_problem.setWordWrap(True)
        self.when_problem.hide()
        self.preview = QPlainTextEdit(self)
        self.preview.setReadOnly(True)
        # The statement card a network that needs an image gets (Instagram), as it goes.
        self.card = QLabel(self)
        self.card.setObjectName("statementCard")
        self.card.setFixedSize(CARD_PREVIEW)
        self.card.setScaledContents(True)
        self.card.hide()
        self.approval = QLabel(self)
        self.approval.setWordWrap(True)
        self.problem = QLabel(problem, self)
        self.problem.setObjectName("errorText")
        self.problem.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("&Template"), self.template)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.fields_box)
        layout.addWidget(QLabel(self.tr("Channels"), self))
        layout.addWidget(self.channels)
        row = QHBoxLayout()
        row.addWidget(self.next_update_on)
        row.addWidget(self.next_update, 1)
        layout.addLayout(row)
        layout.addWidget(self.when_problem)
        layout.addWidget(QLabel(self.tr("Preview, per channel"), self))
        previews = QHBoxLayout()
        previews.addWidget(self.preview, 1)
        previews.addWidget(self.card, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(previews, 1)
        layout.addWidget(self.approval)
        layout.addWidget(self.problem)
        self.buttons = _buttons(self, self.tr("Send"))
        layout.addWidget(self.buttons)
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(250)
        self._preview_timer.timeout.connect(lambda: self._tasks.spawn(self._update_preview()))
        if typed is not None and (index := self.template.findData(typed.template_id)) >= 0:
            self.template.setCurrentIndex(index)
        self.template.currentIndexChanged.connect(self._template_changed)
        self.next_update.dateTimeChanged.connect(lambda _d: self._say_when(""))
        self.next_update_on.toggled.connect(lambda _on: self._say_when(""))
        self.channels.itemChanged.connect(lambda _i: self._changed())
        self._problems = True
        self._template_changed()

    def chosen(self) -> Template | None:
        template_id = self.template.currentData()
        return next((t for t in self._templates if t.id == template_id), None)

    def _template_changed(self) -> None:
        template = self.chosen()
        self._kept.update({name: edit.text() for name, edit in self.fields.items()})
        kept = self._kept
        while self.fields_form.rowCount():
            self.fields_form.removeRow(0)
        self.fields = {}
        if template is None:
            return
        for name in statements.template_fields(template):
            given = self._reference if name == "reference" else ""
            edit = QLineEdit(kept.get(name) or given, self.fields_box)
            edit.setObjectName(f"field_{name}")
            edit.textChanged.connect(lambda _t: self._changed())
            if name == statements.PROMISE_FIELD:
                edit.textChanged.connect(lambda _t: self._follow_promise())
            self.fields[name] = edit
            self.fields_form.addRow(field_label(name), edit)
        self.approval.setText(
            self.tr("Pre-approved by gold: it goes out as soon as you send it.")
            if template.pre_approved
            else self.tr("Not pre-approved: an approver who is not you must approve it first.")
        )
        self._changed()

    def values(self) -> dict[str, str]:
        return {name: edit.text().strip() for name, edit in self.fields.items()}

    def _promised(self) -> time | None:
        """The time of day the statement promises its next update at, if it names one."""
        edit = self.fields.get(statements.PROMISE_FIELD)
        return statements.promised_time(edit.text()) if edit is not None else None

    def _follow_promise(self) -> None:
        """A time typed where the public reads it: the reminder moves to it (today's,
        or tomorrow's when today's has passed), unless it is already at that time."""
        promised = self._promised()
        if promised is None or typed(self.next_update).time() == promised:
            return
        now = now_local(clock=self._store.clock)
        self.next_update.setDateTime(wall_clock(statements.promised_moment(promised, now)))

    def _say_when(self, text: str) -> None:
        """Why the reminder will not do ("": it may)."""
        self.when_problem.setText(text)
        self.when_problem.setVisible(bool(text))

    def _wanted(self) -> tuple[object, ...]:
        """What would be sent now: the preview must show exactly this first."""
        return (self.template.currentData(), tuple(self.values().items()), *_checked(self.channels))

    def _changed(self) -> None:
        """A field, the template or a channel changed: Send waits for the new preview."""
        self._show_send()
        self._preview_timer.start()

    def _show_send(self) -> None:
        template = self.chosen()
        send = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        n = len(_checked(self.channels))
        if template is not None and template.pre_approved:
            text = self.tr("Send now to %n channel(s)", "", n)
        else:
            text = self.tr("Send for approval (%n channel(s))", "", n)
        send.setText(text)
        current = self._previewed == self._wanted()
        send.setEnabled(current and n > 0 and not self._problems)
        if not current:
            send.setToolTip(self.tr("Waiting for the preview of each channel"))
        elif self._problems:
            send.setToolTip(self.tr("Put right what the preview marks first"))
        else:
            send.setToolTip("")

    async def _update_preview(self) -> None:
        template = self.chosen()
        if template is None:
            return
        wanted = self._wanted()
        found = await statements.preview(
            self._store, template, self.values(), _checked(self.channels)
        )
        blocks = []
        card = next((item for item in found if item.card is not None), None)
        for item in found:
            note = f"\n  ✗ {item.problem}" if item.problem else ""
            if item.card is not None:
                note += "\n  " + self.tr("Goes out as the statement card beside this, with "
                                         "the text as its caption and alt text.")  # fmt: skip
            label = network(item.network).label
            counted = self.tr("{used} of {limit} {unit}").format(
                used=item.used, limit=item.limit, unit=_(item.unit)
            )
            blocks.append(f"— {item.channel} ({label}) · {counted} —\n{item.text}{note}")
        if card is not None and card.card is not None:
            picture = QPixmap()
            picture.loadFromData(card.card)
            self.card.setPixmap(picture)
            self.card.setToolTip(card.text)
        self.card.setVisible(card is not None)
        self.preview.setPlainText("\n\n".join(blocks) or self.tr("Tick at least one channel."))
        self._problems = not found or any(item.problem for item in found)
        self._previewed = wanted
        self._show_send()

    def accept(self) -> None:
        if not _checked(self.channels):
            self.problem.setText(self.tr("Tick at least one channel."))
            return
        if self._previewed != self._wanted():
            self.problem.setText(self.tr("Read the preview of each channel first."))
            return
        missing = [name for name, value in self.values().items() if not value]
        if missing:
            listed = ", ".join(f"{{{n}}}" for n in missing)
            self.problem.setText(self.tr("Fill in {fields}.").format(fields=listed))
            return
        if self._asking:
            return
        if self.next_update_on.isChecked():
            moment = self._reminder()
            if moment is None:
                return  # said beside the reminder, or being asked which
            self._next_update_utc = moment
        else:
            self._next_update_utc = None
        super().accept()

    def _reminder(self) -> datetime | None:
        """The reminder as UTC if it will do; else None, with why said beside it (or
        the autumn question asked, which sends once answered)."""
        wall = typed(self.next_update)
        if problem := statements.promise_problem(self.values(), wall):
            self._say_when(problem)
            return None
        try:
            moment = local_to_utc(wall)
        except TimeInGap as gap:
            self._say_when(str(gap))
            return None
        except AmbiguousTime:
            if self._chosen[0] != wall:
                self._asking = True
                self._tasks.spawn(self._which(wall), error=self._say_when)
                return None
            moment = self._chosen[1]
        try:
            statements.require_ahead(to_iso(moment), to_iso(self._store.clock()))
        except StoreError as passed:
            self._say_when(str(passed))
            return None
        self._say_when("")
        return moment

    async def _which(self, wall: datetime) -> None:
        """Ask which of the two ``wall`` times the reminder is; answered, send again."""
        try:
            moment = await chosen_utc(self, wall)
        except LookupError:
            moment = None
        finally:
            self._asking = False
        if not isValid(self) or not self.isVisible():
            return  # closed meanwhile (the console locked)
        if moment is None:
            self._say_when(
                self.tr("Nothing was sent: say which {time} the reminder is for.").format(
                    time=f"{wall:%H:%M}"
                )
            )
            return
        self._chosen = (wall, moment)
        self.accept()

    def answer(self) -> StatementAnswer:
        template = self.chosen()
        assert template is not None
        return StatementAnswer(
            template.id,
            self.values(),
            _checked(self.channels),
            self._next_update_utc if self.next_update_on.isChecked() else None,
        )
