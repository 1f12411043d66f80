"""The incident area: engage, what is held, gold's review, statements, stand-down.

With no incident: the large engage control and past incidents with their reports.
With one: a summary (name, reference, gold, mode, scope, counts, posts that were
already sending), the review list of held posts (a lazy table: a week of content
across twenty channels is fine) with release, amend and cancel, the holding
statements with each channel's result, and stand-down.

Signals: ``engageRequested()``; ``stateChanged(object, object)`` with the active
``Incident`` (or None) and its ``Counts`` after each refresh, for the banner and
the wall display; ``wallRequested()``.
"""

from __future__ import annotations

import asyncio
import functools
from pathlib import Path

from PySide6.QtCore import QRect, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from console import queue as queue_service
from console.file_names import suggested_name
from console.permissions import Action, NotPermitted, may
from console.session import Session
from console.timezone import FORCE_ZONE, Precision, duration_text, local_text
from incident import engage, report, review, stand_down, statements
from incident.review import When
from storage.errors import StoreError
from storage.incidents import Counts, Incident
from storage.queue import QueueFilter
from storage.records import ApprovalState, IncidentMode, TargetStatus
from storage.timeutil import from_iso, to_iso
from ui.common.prompts import PROMPTS
from ui.common.tasks import Tasks
from ui.common.time_entry import utc_or_said
from ui.incident.incident_dialogs import (
    AmendAnswer,
    AmendDialog,
    IncidentDialog,
    ReleaseAnswer,
    ReleaseDialog,
    StatementAnswer,
    StatementDialog,
)
from ui.incident.statements_panel import StatementsPanel
from ui.incident.template_dialog import TemplateLibrary
from ui.queue.queue_view import QueueTableModel
from widgets.status_pill import PADDING, StatusPillDelegate


def since_text(seconds: float) -> str:
    """How long an incident has run, at a glance, to the minute: "12 min", "2 h 05 min"."""
    return duration_text(seconds, precision=Precision.MINUTE)


class IncidentView(QWidget):
    engageRequested = Signal()
    stateChanged = Signal(object, object)  # Incident | None, Counts
    wallRequested = Signal()

    def __init__(self, session: Session, tasks: Tasks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._tasks = tasks
        self.incident: Incident | None = None
        self.counts = Counts()
        store = session.store
        heading = QLabel(self.tr("Incident"), self)
        heading.setObjectName("areaHeading")
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self._idle_page())
        self.pages.addWidget(self._active_page(store))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 12)
        layout.addWidget(heading)
        layout.addWidget(self.pages, 1)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        # Soon after a commit here or in another process (the engine, another console):
        # an engage elsewhere turns this console red within half a second.
        self._refresh_timer.setInterval(100)
        self._refresh_timer.timeout.connect(lambda: self._tasks.spawn(self.refresh()))
        self._reloading = asyncio.Lock()
        # The statement this officer sent for approval, while the result line says it
        # waits: an approver on another console decides, and the line says so.
        self._waiting_said: tuple[frozenset[int], str] | None = None
        store.add_commit_listener(self._store_changed)
        self.adopt(session)

    # -- pages ------------------------------------------------------------------------------

    def _idle_page(self) -> QWidget:
        page = QWidget(self)
        intro = QLabel(
            self.tr(
                "When a critical incident breaks, one click holds every queued post on every "
                "channel at once, before anything else is asked. You then name the incident, "
                "narrow its scope if you need to, and send holding statements; gold command "
                "reviews what is held and decides on each post."
            ),
            page,
        )
        intro.setWordWrap(True)
        intro.setObjectName("areaPurpose")
        self.engage_button = QPushButton(self.tr("Engage incident mode  (Ctrl+Shift+E)"), page)
        self.engage_button.setObjectName("engageLarge")
        self.engage_button.clicked.connect(self.engageRequested.emit)
        past_heading = QLabel(self.tr("Past incidents"), page)
        past_heading.setObjectName("subHeading")
        self.past = QListWidget(page)
        self.past_report = QPushButton(self.tr("&Report of the selected incident…"), page)
        self.past_report.clicked.connect(self._past_report)
        self.idle_templates_button = QPushButton(self.tr("Holding statement &templates…"), page)
        self.idle_templates_button.clicked.connect(self.open_templates)
        self.idle_result = QLabel(page)
        self.idle_result.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.engage_button)
        row.addStretch(1)
        row.addWidget(self.idle_templates_button)
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 8, 0, 0)
        column.addWidget(intro)
        column.addSpacing(12)
        column.addLayout(row)
        column.addSpacing(18)
        column.addWidget(past_heading)
        column.addWidget(self.past, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.past_report)
        bottom.addWidget(self.idle_result, 1)
        column.addLayout(bottom)
        return page

    def _active_page(self, store: object) -> QWidget:
        page = QWidget(self)
        self.summary = QLabel(page)
        self.summary.setObjectName("incidentSummary")
        self.summary.setWordWrap(True)
        self.in_flight = QLabel(page)
        self.in_flight.setObjectName("warningText")
        self.in_flight.setWordWrap(True)
        self.in_flight.hide()
        self.reminder = QLabel(page)
        self.reminder.setObjectName("warningText")
        self.reminder.hide()

        self.details_button = QPushButton(self.tr("&Name and scope…"), page)
        self.details_button.clicked.connect(self.edit_details)
        self.mode_button = QPushButton(page)
        self.mode_button.clicked.connect(self._toggle_mode)
        self.statement_button = QPushButton(self.tr("&Holding statement…"), page)
        self.statement_button.setObjectName("primary")
        self.statement_button.clicked.connect(self.send_statement)
        self.report_button = QPushButton(self.tr("Re&port…"), page)
        self.report_button.clicked.connect(lambda: self.export_report(None))
        self.wall_button = QPushButton(self.tr("&Wall display"), page)
        self.wall_button.clicked.connect(self.wallRequested.emit)
        self.templates_button = QPushButton(self.tr("&Templates…"), page)
        self.templates_button.clicked.connect(self.open_templates)
        self.stand_down_button = QPushButton(self.tr("&Stand down…"), page)
        self.stand_down_button.clicked.connect(self.stand_down)
        top = QHBoxLayout()
        for button in (self.statement_button, self.details_button, self.mode_button,
                       self.report_button, self.wall_button, self.templates_button):  # fmt: skip
            top.addWidget(button)
        top.addStretch(1)
        top.addWidget(self.stand_down_button)

        held_heading = QLabel(self.tr("Held posts: gold's review"), page)
        held_heading.setObjectName("subHeading")
        self.channel_filter = QComboBox(page)
        self.channel_filter.addItem(self.tr("Every channel"), 0)
        self.search = QLineEdit(page)
        self.search.setPlaceholderText(self.tr("Search the held text…"))
        self.search.setClearButtonEnabled(True)
        self.held_count = QLabel(page)
        filters = QHBoxLayout()
        filters.addWidget(held_heading)
        filters.addStretch(1)
        filters.addWidget(self.channel_filter)
        filters.addWidget(self.search)
        filters.addWidget(self.held_count)
        self.model = QueueTableModel(
            lambda flt: queue_service.matching(self.session.store, flt),
            lambda ids: queue_service.fetch(self.session.store, ids),
            self._tasks,
            self,
        )
        self.table = QTableView(page)
        self.table.setTabKeyNavigation(False)  # Tab leaves it; arrows move in it
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(1, StatusPillDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        # Gold's review comes first: five held posts show whatever else the area holds.
        self.table.setMinimumHeight(32 + 26 * 5)
        # The state column as wide as its pill's word in the officer's language (in
        # Welsh, "wedi'i hatal" was cut to "wedi'i h…" on every held row).
        held = self.table.fontMetrics().horizontalAdvance(TargetStatus.HELD.label)
        pill = max(90, held + PADDING + 12)
        for column, width in enumerate((190, pill, 170, 320, 120, 120)):
            self.table.setColumnWidth(column, width)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.release_button = QPushButton(self.tr("&Release…"), page)
        self.release_button.clicked.connect(self.release_selected)
        self.amend_button = QPushButton(self.tr("A&mend…"), page)
        self.amend_button.clicked.connect(self.amend_selected)
        self.cancel_button = QPushButton(self.tr("&Cancel selected…"), page)
        self.cancel_button.clicked.connect(self.cancel_selected)
        self.select_all_button = QPushButton(self.tr("Select a&ll"), page)
        self.select_all_button.clicked.connect(self.table.selectAll)
        self.result = QLabel(page)
        self.result.setWordWrap(True)
        decisions = QHBoxLayout()
        for button in (self.release_button, self.amend_button, self.cancel_button,
                       self.select_all_button):  # fmt: skip
            decisions.addWidget(button)
        decisions.addWidget(self.result, 1)

        stack = QVBoxLayout(page)
        stack.setContentsMargins(0, 8, 0, 0)
        stack.addWidget(self.summary)
        stack.addWidget(self.in_flight)
        stack.addWidget(self.reminder)
        stack.addLayout(top)
        stack.addLayout(filters)
        stack.addWidget(self.table, 3)
        stack.addLayout(decisions)
        self.statements_panel = StatementsPanel(self._tasks, self._say, page)
        stack.addWidget(self.statements_panel, 1)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(300)
        self._search_timer.timeout.connect(lambda: self._tasks.spawn(self._reload_held()))
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.channel_filter.currentIndexChanged.connect(
            lambda _i: self._tasks.spawn(self._reload_held())
        )
        return page

    # -- lifecycle --------------------------------------------------------------------------

    def adopt(self, session: Session) -> None:
        self.session = session
        user = session.user
        engages = may(user, Action.ENGAGE_INCIDENT)
        self.engage_button.setEnabled(engages)
        self.engage_button.setToolTip(
            "" if engages else self.tr("Engaging needs the Duty officer or Approver role.")
        )
        for button in (self.details_button, self.mode_button):
            button.setEnabled(engages)
        self.statement_button.setEnabled(may(user, Action.SEND_PREAPPROVED_STATEMENT))
        self.statements_panel.adopt(session)
        self.release_button.setEnabled(may(user, Action.RELEASE_HELD))
        self.amend_button.setEnabled(may(user, Action.AMEND_HELD))
        self.cancel_button.setEnabled(may(user, Action.CANCEL))
        self.stand_down_button.setEnabled(may(user, Action.STAND_DOWN))
        manages = may(user, Action.MANAGE_TEMPLATES)
        for button in (self.templates_button, self.idle_templates_button):
            button.setEnabled(manages)
            button.setToolTip(
                "" if manages else self.tr("Managing templates needs the Approver role.")
            )
        self.stand_down_button.setToolTip(
            ""
            if may(user, Action.STAND_DOWN)
            else self.tr("Standing down needs the Approver role.")
        )

    def detach(self) -> None:
        self.session.store.remove_commit_listener(self._store_changed)
        self._refresh_timer.stop()
        self._search_timer.stop()

    def clear(self) -> None:
        """Locked: show nothing of the store."""
        self.model.clear()
        self.summary.clear()
        self.statements_panel.clear()
        self.past.clear()
        self.result.clear()
        self.in_flight.hide()

    def _store_changed(self) -> None:
        # Throttled, not debounced: a steady stream of commits (sync passes, an inbox
        # surge) must not put off the banner turning red.
        if not self._refresh_timer.isActive():
            self._refresh_timer.start()

    async def refresh(self) -> None:
        # One reload at a time: two overlapping (a commit's and a caller's) would each
        # clear the list of past incidents, then both fill it.
        async with self._reloading:
            await self._reload()

    async def _reload(self) -> None:
        store = self.session.store
        incident = await engage.current(store)
        self.incident = incident
        if incident is None:
            self.counts = Counts()
            self.pages.setCurrentIndex(0)
            self.past.clear()
            for past in await engage.history(store):
                ended = past.stood_down_utc
                item = QListWidgetItem(
                    self.tr(
                        "{title} · {reference} · engaged {engaged} · stood down {ended}"
                    ).format(
                        title=past.title,
                        reference=past.reference or "-",
                        engaged=local_text(past.engaged_utc, seconds=False),
                        ended=local_text(ended, seconds=False) if ended else "-",
                    )
                )
                item.setData(256, past.id)
                self.past.addItem(item)
            self.stateChanged.emit(None, self.counts)
            return
        self.pages.setCurrentIndex(1)
        self.counts = await engage.counts(store, incident.id)
        listed = await queue_service.channels(store)
        names = {c.id: c.name for c in listed}
        if self.channel_filter.count() == 1:
            for channel_id, name in names.items():
                self.channel_filter.addItem(name, channel_id)
        c = self.counts
        engaged = (
            self.tr("Engaged {when} by {who} · mode suspend: nothing held goes out until gold "
                    "switches to review")
            if incident.mode is IncidentMode.SUSPEND
            else self.tr("Engaged {when} by {who} · mode review: approvers release held posts "
                         "one by one")
        )  # fmt: skip
        lines = (
            self.tr("<b>{title}</b> &nbsp; reference {reference} &nbsp; gold {gold}").format(
                title=_escape(incident.title),
                reference=_escape(incident.reference or "-"),
                gold=_escape(incident.gold_commander or "-"),
            ),
            engaged.format(
                when=local_text(incident.engaged_utc, seconds=False),
                who=_escape(incident.engaged_by),
            ),
            self.tr("Scope: {scope}").format(
                scope=_escape(incident.scope.describe(names, [c.area for c in listed]))
            ),
            self.tr(
                "<b>{held}</b> held · <b>{released}</b> released · <b>{cancelled}</b> "
                "cancelled · statements: <b>{sent}</b> sent, {waiting} waiting, {failed} failed"
            ).format(
                held=c.held,
                released=c.released,
                cancelled=c.cancelled,
                sent=c.statements_sent,
                waiting=c.statements_waiting,
                failed=c.statements_failed,
            ),
        )
        self.summary.setText("<br>".join(lines))
        self.mode_button.setText(
            self.tr("Switch to re&view")
            if incident.mode is IncidentMode.SUSPEND
            else self.tr("Switch to sus&pend")
        )
        flying = engage.in_flight_summary(await engage.in_flight(store, incident))
        self.in_flight.setText(flying)
        self.in_flight.setVisible(bool(flying))
        await self._reload_held()
        await self.statements_panel.show_incident(self.session.store, incident)
        self._waiting_decided()
        self.stateChanged.emit(incident, self.counts)

    def _waiting_decided(self) -> None:
        """The result line said this officer's statement waits for an approver: once
        the list shows it decided (approved on gold's console, rejected, cancelled),
        the line says that instead of waiting beside 'published'."""
        if self._waiting_said is None:
            return
        ids, said = self._waiting_said
        if self.result.text() != said:
            self._waiting_said = None  # the line has moved on to something else
            return
        rows = [row for row in self.statements_panel.rows if row.target_id in ids]
        if not rows or any(row.approval == ApprovalState.AWAITING for row in rows):
            return
        self._waiting_said = None
        if any(row.approval == ApprovalState.APPROVED for row in rows):
            self._say(self.tr("Your holding statement was approved: it goes out to its "
                              "channels (their states are under Holding statements)."))  # fmt: skip
        else:
            self._say(self.tr("Your holding statement is no longer waiting for an approver: "
                              "its state is under Holding statements."))  # fmt: skip

    async def _reload_held(self) -> None:
        flt = QueueFilter(
            status="held",
            channel_id=int(self.channel_filter.currentData() or 0),
            text=self.search.text().strip(),
        )
        position = self.table.verticalScrollBar().value()
        await self.model.reload(flt)
        self.table.verticalScrollBar().setValue(position)
        self.held_count.setText(self.tr("%n shown", "", self.model.rowCount()))

    def show_next_update(self, text: str, due: bool) -> None:
        self.reminder.setText(text)
        self.reminder.setVisible(due)

    # -- actions ------------------------------------------------------------------------------

    def selected_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [i for i in (self.model.id_at(r) for r in rows) if i is not None]

    def edit_details(self) -> None:
        shown = self.incident
        if shown is None:
            return

        async def ask() -> None:
            # As stored now, not as the view last drew it: the view's refresh after a
            # change (its own, or another console's) may still be on its way, and what
            # the dialog shows is what its OK changes over.
            incident = await engage.get(self.session.store, shown.id)
            if incident is None or not incident.active:
                self._say(self.tr("That incident has been stood down."))
                return
            channels = await queue_service.channels(self.session.store)
            answer = await PROMPTS.form(
                "incident details", lambda: IncidentDialog(incident, channels, self)
            )
            if answer is None:
                return
            await engage.describe(self.session, incident.id, answer.details, seen=incident)
            rescoped = answer.scope != incident.scope
            remoded = answer.mode is not incident.mode
            reason: str | None = answer.details.reason
            if (rescoped or remoded) and incident.name:
                # A later change to what is held has its own reason in the trail and the
                # report (the incident's reason says why it was engaged). Right after the
                # one click, the first details' reason is the hold's own.
                reason = await PROMPTS.text(
                    self,
                    self.tr("Change what is held"),
                    self.tr("Why is the hold's scope or mode changing? It goes in the audit "
                            "trail and the incident report."),
                )  # fmt: skip
            # Said once the view shows the saved details (a click on Name and scope…
            # meanwhile would open the incident as it was before).
            if reason is None:
                await self.refresh()
                self.result.setText(
                    self.tr("Incident details saved; the scope and mode are unchanged "
                            "(no reason was given for changing them).")
                )  # fmt: skip
                return
            if rescoped:
                await engage.change_scope(self.session, incident.id, answer.scope, reason=reason)
            if remoded:
                await engage.change_mode(self.session, incident.id, answer.mode, reason=reason)
            await self.refresh()
            self.result.setText(self.tr("Incident details saved."))

        self._tasks.spawn(ask(), error=self._say)

    def _toggle_mode(self) -> None:
        incident = self.incident
        if incident is None:
            return
        wanted = (
            IncidentMode.REVIEW if incident.mode is IncidentMode.SUSPEND else IncidentMode.SUSPEND
        )

        async def switch() -> None:
            reason = await PROMPTS.text(
                self,
                self.tr("Switch to {mode}").format(mode=wanted.value),
                self.tr("Why? (It goes in the audit trail.)"),
            )
            if reason is None:
                return
            await engage.change_mode(self.session, incident.id, wanted, reason=reason)
            self._say(self.tr("Mode is now {m}.").format(m=wanted.value))

        self._tasks.spawn(switch(), error=self._say)

    def release_selected(self) -> None:
        chosen = self.selected_ids()
        if not chosen:
            self._say(self.tr("Select the held posts to release first."))
            return

        avoid = self._selected_area()

        async def release() -> None:
            found = await queue_service.fetch(self.session.store, chosen)
            posts = [
                f"{row.channel}: {' '.join(row.text.split())}"
                for row in (found.get(target_id) for target_id in chosen)
                if row is not None
            ]
            answer: ReleaseAnswer | None = await PROMPTS.form(
                "release held",
                lambda: ReleaseDialog(
                    len(chosen), self, clock=self.session.store.clock, posts=posts, avoid=avoid
                ),
            )
            if answer is None:
                return
            if answer.when == "at":
                assert answer.at_local is not None
                moment = await utc_or_said(self, answer.at_local, self._say)
                if moment is None:
                    return
                when = When.at(to_iso(moment))
            else:
                when = When.now() if answer.when == "now" else When.original()
            n = await review.release(self.session, chosen, when, reason=answer.reason, seen=found)
            self._say(self.tr("Released %n post(s).", "", n))

        self._tasks.spawn(release(), error=self._say)

    def _selected_area(self) -> QRect:
        """Where the selected rows are on screen (global coordinates)."""
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        area = QRect()
        for row in rows:
            band = self.table.visualRect(self.model.index(row, 0))
            band.setWidth(self.table.viewport().width())
            if band.isValid() and self.table.viewport().rect().intersects(band):
                where = QRect(self.table.viewport().mapToGlobal(band.topLeft()), band.size())
                area = area.united(where)
        return area

    def amend_selected(self) -> None:
        chosen = self.selected_ids()
        if len(chosen) != 1:
            self._say(self.tr("Select one held post to amend."))
            return

        async def amend() -> None:
            # The words as they are now (the list may be a moment old), which the
            # amendment replaces: another gold's change meanwhile is told, not lost.
            # Two linked posts (Welsh and English) are amended as two texts.
            # Refused (a colleague's change meanwhile, a text too long), the dialog
            # comes back with the officer's words and why: nothing typed is lost.
            typed: AmendAnswer | None = None
            problem = ""
            while True:
                wording = await review.wording(self.session.store, chosen[0])
                if wording is None:
                    self._say(self.tr("That post is no longer held."))
                    return
                shown = functools.partial(AmendDialog, wording, self, typed=typed, problem=problem)
                answer: AmendAnswer | None = await PROMPTS.form("amend held", shown)
                if answer is None:
                    return
                try:
                    await review.amend(
                        self.session,
                        chosen[0],
                        answer.text,
                        second=answer.second,
                        reason=answer.reason,
                        seen=wording.row,
                    )
                except NotPermitted:
                    raise
                except StoreError as error:
                    typed, problem = answer, str(error)
                    continue
                break
            self._say(self.tr("Amended; it stays held until released."))

        self._tasks.spawn(amend(), error=self._say)

    def cancel_selected(self) -> None:
        chosen = self.selected_ids()
        if not chosen:
            self._say(self.tr("Select the held posts to cancel first."))
            return

        async def cancel() -> None:
            seen = await queue_service.fetch(self.session.store, chosen)
            reason = await PROMPTS.text(
                self,
                self.tr("Cancel %n held post(s)", "", len(chosen)),
                self.tr("Why? (It goes in the audit trail.)"),
                ok=self.tr("Cancel the posts") if len(chosen) != 1 else self.tr("Cancel the post"),
                cancel=self.tr("Keep them held") if len(chosen) != 1 else self.tr("Keep it held"),
            )
            if reason is None:
                return
            n = await review.cancel(self.session, chosen, reason=reason, seen=seen)
            self._say(self.tr("Cancelled %n post(s).", "", n))

        self._tasks.spawn(cancel(), error=self._say)

    def send_statement(self) -> None:
        async def ask() -> None:
            store = self.session.store
            await statements.ensure_shipped(store)
            # Refused by the core (a template retired meanwhile, the reminder passed
            # while it was sent), the dialog comes back with everything the officer
            # chose and why: nothing entered is lost.
            typed: StatementAnswer | None = None
            problem = ""
            while True:
                templates = await statements.templates(store)
                channels = [c for c in await queue_service.channels(store) if c.enabled]
                if not templates or not channels:
                    self._say(self.tr("There are no templates or no enabled channels."))
                    return
                reference = self.incident.reference if self.incident is not None else ""
                shown = functools.partial(
                    StatementDialog, store, templates, channels, self._tasks, self,
                    reference=reference, typed=typed, problem=problem,
                )  # fmt: skip
                answer: StatementAnswer | None = await PROMPTS.form("holding statement", shown)
                if answer is None:
                    return
                moment = answer.next_update_utc
                try:
                    sent = await statements.send(
                        self.session,
                        answer.template_id,
                        answer.values,
                        answer.channel_ids,
                        next_update_utc=to_iso(moment) if moment is not None else None,
                    )
                except NotPermitted:
                    raise
                except StoreError as error:
                    typed, problem = answer, str(error)
                    continue
                break
            if sent.awaiting_approval:
                waiting = self.tr(
                    "Holding statement waiting for an approver (not you): they approve it "
                    "here, under Holding statements, or in the Queue."
                )
                self._say(waiting)
                self._waiting_said = (frozenset(sent.target_ids), waiting)
            else:
                self._say(
                    self.tr("Holding statement sent to %n channel(s).", "", len(sent.target_ids))
                )

        self._tasks.spawn(ask(), error=self._say)

    def stand_down(self) -> None:
        incident = self.incident
        if incident is None:
            return
        if self.counts.held:
            self._say(
                self.tr("{problem} They are listed above.").format(
                    problem=stand_down.StillHeld(self.counts.held)
                )
            )
            return

        async def stand() -> None:
            title = self.tr("Stand down {name}").format(name=incident.title)
            reason = await PROMPTS.text(
                self,
                title,
                self.tr("Why is the incident over? (It goes in the audit trail.)"),
                ok=self.tr("Stand down"),
                cancel=self.tr("Stay in incident mode"),
            )
            if reason is None:
                return
            unpin = False
            pinned = self.statements_panel.pinned
            if pinned:
                choice = await PROMPTS.choose(
                    self,
                    title,
                    self.tr(
                        "Holding statements pinned during the incident: {n}. Left pinned, they "
                        "stay on top of their profiles and Pages."
                    ).format(n=pinned),
                    [self.tr("Unpin them"), self.tr("Leave them pinned")],
                )
                if choice is None:
                    return
                unpin = choice == 0
            self._stood_down(
                await stand_down.stand_down(self.session, incident.id, reason=reason, unpin=unpin)
            )

        self._tasks.spawn(stand(), error=self._say)

    def _stood_down(self, done: Incident) -> None:
        self.idle_result.setText(
            self.tr("{name} stood down. Its report is in the list below.").format(name=done.title)
        )

    def open_templates(self) -> None:
        self.library = TemplateLibrary(self.session, self._tasks, self)
        self._tasks.spawn(self.library.load())
        self.library.open()

    def _past_report(self) -> None:
        chosen = self.past.selectedItems()
        if not chosen:
            self.idle_result.setText(self.tr("Select an incident first."))
            return
        self.export_report(int(chosen[0].data(256)))

    def export_report(self, incident_id: int | None) -> None:
        wanted = incident_id or (self.incident.id if self.incident else None)
        if wanted is None:
            return

        async def write() -> None:
            found = await engage.get(self.session.store, wanted)
            named = (
                suggested_name("incident-report", found.title,
                               from_iso(found.engaged_utc).astimezone(FORCE_ZONE).date())
                if found is not None else f"incident-{wanted}-report.pdf"
            )  # fmt: skip
            path = await PROMPTS.save_path(
                self,
                self.tr("Save the incident report"),
                Path.home() / named,
                self.tr("PDF (*.pdf);;CSV (*.csv)"),
            )
            if path is None:
                return
            answers = await PROMPTS.disclosure(self, self.tr("Handing out the incident report"))
            if answers is None:
                return
            reason, recipient = answers
            built = await report.build(self.session.store, wanted)
            await report.export(
                self.session.store, built, path, actor=self.session.user.name, reason=reason,
                recipient=recipient,
            )  # fmt: skip
            message = self.tr("Report saved to {path}. Audit checkpoint {seq}: {hash}").format(
                path=path, seq=built.checkpoint.seq, hash=built.checkpoint.hash[:16] + "…"
            )
            self._say(message)
            self.idle_result.setText(message)

        self._tasks.spawn(write(), error=self._say)

    def _say(self, text: str) -> None:
        self.result.setText(text)
        self.idle_result.setText(text)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
