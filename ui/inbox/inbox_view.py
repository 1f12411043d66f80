"""The Inbox area: every channel's mentions, replies, comments and direct messages,
grouped into conversations and worked by the desk.

On the left, a lazy list of conversations (``ui.inbox.inbox_model``), newest activity
first, smooth with 100,000: its marks (⚠ an open threat-to-life alert, ⚑ items a
listening rule flagged), time (UK), channel, state, assignee, author, the start of
the newest item, and for a conversation that became a report its reference and
response clock, amber and then red as it runs out (repainted every 30 s).
Filters: channel, kind, state (with counts), assignee (me, an officer, a team,
unassigned), keyword and time. It reloads itself half a second after sync stores
new items (only while on screen), and when shown again after anything was written
while it was hidden (a report answered in the Reports area stops its clock here),
keeping the officer's selection and the conversation at the top of the view.

On the right, the conversation (``ui.inbox.inbox_detail``). Its items are shown only
through ``console.inbox.work.open_conversation``, a consultation recorded with
the officer's justification: asked the first time the officer opens a
conversation in this session, given again (and recorded again) on later
openings. Cancelling shows nothing.

An officer who may read the inbox but not work it (an observer, an exercise's
trainer) is told so above the list, and how to work it. An empty inbox says what
fills it.

Signals: ``reportRequested(int, list)``: record a report from the conversation (its
id) and the items (their ids); the main window opens the report dialog.
``channelsRequested()``: from the empty inbox, the officer asked for the Channels area.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from console import inbox_list
from console import queue as queue_service
from console.inbox import teams, work
from console.inbox.marks import marks_of
from console.permissions import Action, may
from console.reports.clocks import reports_for_conversations
from console.reports.grading import ClockState, ResponseClock
from console.session import Session
from storage.conversations import ConversationFilter, ConversationState
from storage.i18n import _
from storage.records import Role, StoreKind
from storage.timeutil import to_iso
from ui.channels.connect_dialog import UrlOpener, open_in_browser
from ui.common.prompts import PROMPTS
from ui.common.sync_bridge import SyncBridge
from ui.common.tasks import Tasks
from ui.common.translations import QT_TRANSLATE_NOOP
from ui.inbox.inbox_detail import ConversationPane
from ui.inbox.inbox_model import (
    ASSIGNEE,
    AUTHOR,
    CHANNEL,
    CLOCK,
    MARKS,
    PREVIEW,
    REFERENCE,
    STATE,
    TIME,
    ConversationTableModel,
    Listed,
)
from widgets.empty_state import EmptyState

State = ConversationState
CLOCK_TICK_MS = 30_000
# The room the preview keeps at the least before columns are left out, and the
# order they go in (the open conversation names the author and the assignee).
MIN_PREVIEW = 80
# Each column's width beside an open conversation on a 1280 px screen: the channel's
# name readable, the preview with what room is left (a heading may widen its column).
WIDTHS = {MARKS: 24, TIME: 84, CHANNEL: 120, STATE: 72, ASSIGNEE: 80, AUTHOR: 90,
          PREVIEW: 200, REFERENCE: 140, CLOCK: 130}  # fmt: skip
DROPPED_FIRST = (AUTHOR, ASSIGNEE, TIME)
# The widest a report's reference and its clock read (the default reference
# pattern, and the clock's longest text), so neither is ever cut.
REFERENCE_SAMPLE = "NP-20261231-00000"
CLOCK_SAMPLE = ResponseClock(
    ClockState.OK, datetime(2026, 1, 1, tzinfo=UTC), timedelta(hours=23, minutes=59), False
).text
SINCE = (
    (QT_TRANSLATE_NOOP("InboxView", "Any time"), None),
    (QT_TRANSLATE_NOOP("InboxView", "Last hour"), timedelta(hours=1)),
    (QT_TRANSLATE_NOOP("InboxView", "Last 24 hours"), timedelta(hours=24)),
    (QT_TRANSLATE_NOOP("InboxView", "Last 7 days"), timedelta(days=7)),
    (QT_TRANSLATE_NOOP("InboxView", "Last 30 days"), timedelta(days=30)),
)
JUSTIFY_TITLE = QT_TRANSLATE_NOOP("InboxView", "Open the conversation")
JUSTIFY_LABEL = QT_TRANSLATE_NOOP(
    "InboxView",
    "Why are you opening it? Reading the public's words is recorded with your reason "
    "(DPA 2018 s.62).",
)


class InboxView(QWidget):
    reportRequested = Signal(int, list)
    channelsRequested = Signal()

    def __init__(
        self,
        session: Session,
        tasks: Tasks,
        bridge: SyncBridge,
        parent: QWidget | None = None,
        open_url: UrlOpener = open_in_browser,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self._tasks = tasks
        self.open_url = open_url
        # Conversation id -> the justification given this session (asked once each).
        self.justifications: dict[int, str] = {}
        self.model = ConversationTableModel(
            lambda flt: work.matching(self.session, flt),
            self._fetch,
            tasks,
            lambda: self.session.store.clock(),
            self,
        )
        heading = QLabel(self.tr("Inbox"), self)
        heading.setObjectName("areaHeading")
        self.channel_filter = QComboBox(self)
        self.channel_filter.addItem(self.tr("Every channel"), 0)
        self.kind_filter = QComboBox(self)
        self.kind_filter.addItem(self.tr("Every kind"), "")
        for kind, words in inbox_list.KINDS:
            self.kind_filter.addItem(_(words), kind)
        self.state_filter = QComboBox(self)
        self.state_filter.addItem(self.tr("Every state"), "")
        for state in State:
            self.state_filter.addItem(state.label, state.value)
        self.assignee_filter = QComboBox(self)
        self._fill_assignees([], [])
        self.since_filter = QComboBox(self)
        for words, span in SINCE:
            self.since_filter.addItem(QCoreApplication.translate("InboxView", words), span)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Keyword in the text or the author…"))
        self.search.setClearButtonEnabled(True)
        self.counts = QLabel(self)
        self.counts.setObjectName("inboxCounts")
        self.counts.setWordWrap(True)  # in Welsh the per-state counts run past the list
        filters = QHBoxLayout()
        for widget in (
            self.channel_filter, self.kind_filter, self.state_filter, self.assignee_filter,
            self.since_filter,
        ):  # fmt: skip
            # Sized to a dozen characters, not to their longest entry (an officer's full
            # name), so the keyword field keeps its room on a 1280 px screen.
            widget.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            widget.setMinimumContentsLength(12)
            filters.addWidget(widget)
        self.search.setMinimumWidth(220)
        filters.addWidget(self.search, 1)

        self.table = QTableView(self)
        self.table.setTabKeyNavigation(False)  # Tab leaves it; arrows move in it
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self._widths = dict(WIDTHS)
        for column, width in self._widths.items():
            self.table.setColumnWidth(column, width)
        self._report_columns = False
        self._dropped: tuple[int, ...] = ()  # columns left out for want of room
        # The preview takes what room is left, so the report's reference and running
        # clock (the last columns) stay in view beside the open conversation.
        self.table.horizontalHeader().setSectionResizeMode(PREVIEW, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setMinimumSectionSize(24)
        self._show_report_columns(False)  # until a conversation is a report
        self.table.viewport().installEventFilter(self)
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        self.table.activated.connect(lambda _i: self.open_selected())

        self.pane = ConversationPane(session, tasks, lambda url: self.open_url(url), self)
        self.pane.openRequested.connect(self.open_selected)
        self.pane.changed.connect(lambda _cid: self._soon())
        self.pane.reportRequested.connect(self.reportRequested)
        self.empty = EmptyState(self)
        self.empty.show_state(
            self.tr("Nothing has arrived yet"),
            self.tr("Mentions, replies, comments and direct messages sent to the force's "
                    "channels arrive here as sync reads them, every minute or so. A channel "
                    "that is not connected is not read: connect it in the Channels area."),
            [("channels", self.tr("Channels…"), True)],
        )  # fmt: skip
        self.empty.actionChosen.connect(lambda _key: self.channelsRequested.emit())
        self.table_or_empty = QStackedWidget(self)
        self.table_or_empty.addWidget(self.table)
        self.table_or_empty.addWidget(self.empty)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table_or_empty, 1)
        left_layout.addWidget(self.counts)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(self.pane)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        # A fixed least width for each side: opening a conversation (wider content)
        # must not move the divider under the officer's eyes.
        left.setMinimumWidth(420)
        self.pane.setMinimumWidth(340)
        splitter.setSizes([600, 440])  # the conversation's pane: room for its reply
        self.splitter = splitter

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 12)
        # Read but not worked (an observer, the exercise's trainer): why, and how to.
        self.role_notice = QLabel(self)
        self.role_notice.setObjectName("roleNotice")
        self.role_notice.setWordWrap(True)
        self.role_notice.hide()
        layout.addWidget(heading)
        layout.addWidget(self.role_notice)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(300)
        self._search_timer.timeout.connect(self._filters_changed)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        for combo in (
            self.channel_filter, self.kind_filter, self.state_filter, self.assignee_filter,
            self.since_filter,
        ):  # fmt: skip
            combo.currentIndexChanged.connect(self._filters_changed)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_selected())
        self.model.pageLoaded.connect(lambda _p: self._show_selected())
        self.model.pageLoaded.connect(self._page_reports)
        self._kept_id: int | None = None
        self._top_id: int | None = None
        self._at_top = True
        self._keep_place = False
        self.model.modelAboutToBeReset.connect(self._remember)
        self.model.modelReset.connect(self._restore)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(500)
        self._refresh_timer.timeout.connect(lambda: self._tasks.spawn(self.refresh(keep=True)))
        self._clock_timer = QTimer(self)
        self._clock_timer.setInterval(CLOCK_TICK_MS)
        self._clock_timer.timeout.connect(self.model.tick)
        self._clock_timer.start()
        self._refreshing = False
        self._again = False
        self._stale = False
        self._lists_loaded = False
        self.locked = False
        bridge.inboxArrived.connect(self._arrived)
        # Work done elsewhere while the inbox is hidden (a report answered in the
        # Reports area stops its conversation's clock) shows when it is shown again.
        session.store.add_commit_listener(self._store_changed)
        self._show_selected()
        self._show_role_notice()

    def _show_role_notice(self) -> None:
        user = self.session.user
        if may(user, Action.WORK_INBOX) or not may(user, Action.READ_INBOX):
            self.role_notice.hide()
            return
        if self.session.store.kind is StoreKind.EXERCISE and Role.TRAINER in user.roles:
            text = self.tr(
                "You are the exercise's trainer: you watch the inbox and the players work "
                "it. To answer, assign or record a report yourself, sign in as a member of "
                "the team: lock the console (Ctrl+L) and sign in with their name (an "
                "administrator adds them in Settings, with the Duty officer role)."
            )
        else:
            text = self.tr(
                "You can read the inbox but not work it (answer, assign, add notes, change "
                "states): that needs the Duty officer or Approver role, which an "
                "administrator gives in Settings. Or lock the console (Ctrl+L) and let an "
                "officer who holds it sign in."
            )
        self.role_notice.setText(text)
        self.role_notice.show()

    # -- the console's life ------------------------------------------------------------------

    def adopt(self, session: Session) -> None:
        """Unlocked (perhaps by another officer: a handover): justifications were
        given by the officer who gave them, so they are asked again."""
        self.session.store.remove_commit_listener(self._store_changed)
        self.session = session
        session.store.add_commit_listener(self._store_changed)
        self.justifications.clear()
        self.locked = False
        self._lists_loaded = False
        self.pane.adopt(session)
        self._show_role_notice()

    def detach(self) -> None:
        self._refresh_timer.stop()
        self._search_timer.stop()
        self._clock_timer.stop()
        self.session.store.remove_commit_listener(self._store_changed)
        self.pane.detach()

    def clear(self) -> None:
        """Hold nothing until the next refresh (the console is locked)."""
        self.locked = True
        self._refresh_timer.stop()
        self.model.clear()
        self.counts.clear()
        self.pane.show_listed(None)

    # -- loading ---------------------------------------------------------------------------

    async def _fetch(self, ids: list[int]) -> dict[int, Listed]:
        """A page: the rows, the reports they became, their marks."""
        found = await work.conversation_rows(self.session, ids)
        reports = await reports_for_conversations(self.session, ids)
        marks = await marks_of(self.session, ids)
        return {cid: Listed(row, reports.get(cid), marks.get(cid)) for cid, row in found.items()}

    def _fill_assignees(
        self, officers: list[tuple[int, str]], team_list: list[tuple[int, str]]
    ) -> None:
        chosen = self.assignee_filter.currentData()
        self.assignee_filter.blockSignals(True)
        self.assignee_filter.clear()
        self.assignee_filter.addItem(self.tr("Anyone"), "")
        self.assignee_filter.addItem(self.tr("Assigned to me"), "me")
        self.assignee_filter.addItem(self.tr("Unassigned"), "none")
        for user_id, name in officers:
            self.assignee_filter.addItem(
                self.tr("Officer: {name}").format(name=name), f"officer:{user_id}"
            )
        for team_id, name in team_list:
            self.assignee_filter.addItem(
                self.tr("Team: {name}").format(name=name), f"team:{team_id}"
            )
        index = self.assignee_filter.findData(chosen) if chosen is not None else 0
        self.assignee_filter.setCurrentIndex(max(index, 0))
        self.assignee_filter.blockSignals(False)

    async def _load_lists(self) -> None:
        if self.channel_filter.count() == 1:
            for channel in await queue_service.channels(self.session.store):
                self.channel_filter.addItem(channel.name, channel.id)
        officers = await teams.assignable_officers(self.session)
        team_list = await teams.list_teams(self.session)
        self._fill_assignees(
            [(u.id, u.display_name or u.name) for u in officers],
            [(t.id, t.name) for t in team_list],
        )
        self._lists_loaded = True

    def current_filter(self) -> ConversationFilter:
        kind, _, number = str(self.assignee_filter.currentData() or "").partition(":")
        chosen_id = int(number or 0)
        officer = self.session.user.id if kind == "me" else (chosen_id if kind == "officer" else 0)
        state = str(self.state_filter.currentData() or "")
        span = self.since_filter.currentData()
        since = to_iso(self.session.store.clock() - span) if span else ""
        return ConversationFilter(
            channel_ids=(int(self.channel_filter.currentData()),)
            if self.channel_filter.currentData() else (),
            kind=str(self.kind_filter.currentData() or ""),
            states=(State(state),) if state else (),
            officer_id=officer,
            team_id=chosen_id if kind == "team" else 0,
            unassigned=kind == "none",
            keyword=self.search.text().strip(),
            since_utc=since,
        )  # fmt: skip

    def conversation_changed(self, conversation_id: int) -> None:
        """Something outside the inbox changed a conversation (a report was recorded
        from it): reload the list soon, keeping the officer's place."""
        del conversation_id  # the whole page reloads; the row keeps its place
        self._soon()

    async def refresh(self, keep: bool = False) -> None:
        """Reload; with ``keep``, the conversation at the top of the view stays there."""
        if (
            self.locked
            or self.session.store.closed
            or not may(self.session.user, Action.READ_INBOX)
        ):
            if not may(self.session.user, Action.READ_INBOX):
                self.counts.setText(self.tr("Reading the inbox needs the Duty officer, Approver "
                                            "or Observer role."))  # fmt: skip
            return
        if self._refreshing:
            self._again = True  # one reload at a time; another after this one
            return
        self._refreshing = True
        try:
            self._stale = False
            if not self._lists_loaded:
                await self._load_lists()
            self._keep_place = keep
            flt = self.current_filter()
            total = await self.model.reload(flt)
            counted = await work.counts(self.session, flt)
        finally:
            self._refreshing = False
        nothing = total == 0 and flt == ConversationFilter()
        self.table_or_empty.setCurrentWidget(self.empty if nothing else self.table)
        self._show_counts(total, counted)
        if self._again:
            self._again = False
            self._soon()

    def _show_counts(self, total: int, counted: dict[ConversationState, int]) -> None:
        for index in range(1, self.state_filter.count()):
            state = State(self.state_filter.itemData(index))
            self.state_filter.setItemText(
                index, self.tr("{state} ({n})").format(state=state.label, n=f"{counted[state]:,}")
            )
        # The report columns only while some conversation is a report, or a listed one
        # has a report (answered or closed while its report runs): room for the text.
        self._show_report_columns(counted[State.REPORT] > 0 or self.model.any_report())
        per_state = " · ".join(f"{s.label} {counted[s]:,}" for s in State)
        self.counts.setText(
            self.tr("%Ln conversation(s) shown — {states}", "", total).format(states=per_state)
        )

    def _show_report_columns(self, shown: bool) -> None:
        self._report_columns = shown
        self.table.setColumnHidden(REFERENCE, not shown)
        self.table.setColumnHidden(CLOCK, not shown)
        self._fit_columns()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_columns()
        return super().eventFilter(watched, event)

    def _fit_columns(self) -> None:
        """Every column in view, none scrolled to: where the list is too narrow for
        them all (a report's reference and clock shown beside an open conversation on
        a small screen), the author, then the assignee, then the time are left out
        (the open conversation shows all three; the list is newest first), and come
        back when there is room. The reference and the clock are never cut."""
        # The reference and the clock as wide as their longest text in the font the
        # table has now (the style sheet may have changed it since it was made).
        metrics = self.table.fontMetrics()
        for column, widest in ((REFERENCE, REFERENCE_SAMPLE), (CLOCK, CLOCK_SAMPLE)):
            wanted = metrics.horizontalAdvance(widest) + 16
            if self._widths[column] != wanted:
                self._widths[column] = wanted
                self.table.setColumnWidth(column, wanted)
        # The other columns at least as wide as their heading in the officer's
        # language (Welsh headings are often longer than the English).
        heading = self.table.horizontalHeader().fontMetrics()
        for column in (TIME, CHANNEL, STATE, ASSIGNEE, AUTHOR):
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal) or "")
            wanted = max(WIDTHS[column], heading.horizontalAdvance(title) + 24)
            if self._widths[column] != wanted:
                self._widths[column] = wanted
                self.table.setColumnWidth(column, wanted)
        room = self.table.viewport().width()
        shown = [c for c in self._widths if c not in (REFERENCE, CLOCK) or self._report_columns]
        needed = sum(self._widths[c] for c in shown if c != PREVIEW) + MIN_PREVIEW
        dropped: list[int] = []
        for column in DROPPED_FIRST:
            if needed <= room:
                break
            dropped.append(column)
            needed -= self._widths[column]
        if tuple(dropped) == self._dropped:
            return
        self._dropped = tuple(dropped)
        for column in DROPPED_FIRST:
            self.table.setColumnHidden(column, column in dropped)

    def _page_reports(self, page: int) -> None:
        if self.table.isColumnHidden(CLOCK) and self.model.any_report(page):
            self._show_report_columns(True)

    def _soon(self) -> None:
        """Reload within half a second: a burst of events makes one reload, and a
        steady stream cannot put it off forever (the timer is not restarted)."""
        if not self._refresh_timer.isActive():
            self._refresh_timer.start()

    def _arrived(self, _count: int) -> None:
        if self.locked:
            return
        if self.isVisible():
            self._soon()
        else:
            self._stale = True  # reloaded when shown

    def _store_changed(self) -> None:
        # Another console's (or the engine's) change to a conversation shows here
        # too: an assignment, a close, a report.
        if self.locked:
            return
        if self.isVisible():
            self._soon()
        else:
            self._stale = True  # reloaded when shown

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._stale and not self.locked:
            self._soon()

    def _filters_changed(self) -> None:
        self._tasks.spawn(self.refresh())

    # -- keeping the officer's place ---------------------------------------------------------

    def _remember(self) -> None:
        self._kept_id = self.selected_id()
        bar = self.table.verticalScrollBar()
        self._at_top = bar.value() == 0
        top_row = self.table.rowAt(0)
        self._top_id = self.model.id_at(top_row) if top_row >= 0 else None

    def _restore(self) -> None:
        kept, top = self._kept_id, self._top_id
        self._kept_id = self._top_id = None
        wanted = {i for i in (kept, top) if i is not None}
        if not wanted:
            self._show_selected()
            return
        found = {self.model.id_at(row): row for row in self.model.rows_of(wanted)}
        if kept is not None and kept in found:
            selection = self.table.selectionModel()
            index = self.model.index(found[kept], TIME)
            selection.setCurrentIndex(
                index,
                selection.SelectionFlag.ClearAndSelect | selection.SelectionFlag.Rows,
            )
        if self._keep_place and not self._at_top and top in found:
            self.table.scrollTo(
                self.model.index(found[top], 0), QAbstractItemView.ScrollHint.PositionAtTop
            )
        elif self._at_top:
            self.table.scrollToTop()
        self._show_selected()

    # -- the conversation ------------------------------------------------------------------

    def selected_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.id_at(index.row()) if index.isValid() else None

    def selected(self) -> Listed | None:
        index = self.table.currentIndex()
        return self.model.record_at(index.row()) if index.isValid() else None

    def select(self, conversation_id: int) -> bool:
        rows = self.model.rows_of({conversation_id})
        if not rows:
            return False
        self.table.selectRow(rows[0])
        return True

    def _show_selected(self) -> None:
        listed = self.selected()
        if listed is None and self.selected_id() is not None:
            return  # its page is on its way
        current = self.pane.conversation_id
        if listed is None and current is None:
            self.pane.show_listed(None)
            return
        if listed is None or listed.row.id != current or self.pane.listed != listed:
            self.pane.show_listed(listed)

    def open_selected(self) -> None:
        """Open the selected conversation: asks why the first time this session."""
        conversation_id = self.selected_id()
        if conversation_id is None or self.locked:
            return
        known = self.justifications.get(conversation_id)

        async def consult() -> None:
            given = known
            if given is None:
                given = await PROMPTS.text(
                    self,
                    QCoreApplication.translate("InboxView", JUSTIFY_TITLE),
                    QCoreApplication.translate("InboxView", JUSTIFY_LABEL),
                )
                if given is None:
                    return  # cancelled: nothing is shown, nothing recorded
            opened = await work.open_conversation(self.session, conversation_id, given)
            self.justifications[conversation_id] = given
            if self.selected_id() == conversation_id:
                self.pane.show_opened(opened, given)

        self._tasks.spawn(consult(), error=self.pane.message.setText)
