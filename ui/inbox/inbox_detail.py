"""The inbox's detail pane: one conversation, worked.

Before it is opened it shows only what the list shows (channel, state, assignee,
the start of the newest item) and **Open…**; the window asks why (a consultation,
DPA 2018 s.62) and opens it through ``console.inbox.work.open_conversation``.
Opened, it shows every item in full (text, author, time, links) with the replies
to the chosen item and where each stands (a failed one with the network's
sentence, and **Try again**), the internal notes (add one), the state buttons
(answered; close and reopen with a reason), assignment to an officer or a team,
the author's history with the force (``console.inbox.insights``) and the reply
composer. **Record a report…** asks the window for the report dialog.

Signals:
* ``openRequested()``: the officer asked to open the conversation shown;
* ``changed(int)``: the conversation (its id) changed state, assignee or notes;
* ``reportRequested(int, list)``: record a report from the conversation (its id)
  and the items chosen (their ids; all of them when none is chosen).
"""

from __future__ import annotations

import html
from collections.abc import Awaitable, Callable, Sequence

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from console import inbox_list
from console.inbox import insights, replies, teams, work
from console.inbox.work import OpenedConversation
from console.permissions import Action, may
from console.reports.links import links_and_media
from console.reports.service import reports_for_items
from console.session import Session
from storage.conversations import ConversationRow, ConversationState, FullItem, Note
from storage.i18n import _
from storage.records import TargetStatus
from storage.replies import ReplyRow
from storage.stored_words import shown
from ui.common.prompts import PROMPTS
from ui.common.tasks import Tasks
from ui.inbox.conversation_parts import (
    AssignDialog,
    AuthorView,
    author_text,
    reply_state,
    time_text,
)
from ui.inbox.inbox_model import Listed, assignee_text
from ui.inbox.reply_composer import ReplyComposer

State = ConversationState
KIND_WORDS = dict(inbox_list.KINDS)
RED = "#b00020"


class ConversationPane(QWidget):
    openRequested = Signal()
    changed = Signal(int)
    reportRequested = Signal(int, list)

    def __init__(
        self,
        session: Session,
        tasks: Tasks,
        open_url: Callable[[str], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("inboxDetail")
        self.session = session
        self._tasks = tasks
        self.open_url = open_url
        self.listed: Listed | None = None
        self.opened: OpenedConversation | None = None
        self.justification = ""
        self.replies: list[ReplyRow] = []

        self.heading = QLabel(self)
        self.heading.setObjectName("subHeading")
        self.heading.setWordWrap(True)
        self.meta = QLabel(self)
        self.meta.setWordWrap(True)
        self.alert = QLabel(self)
        self.alert.setObjectName("errorText")
        self.alert.setWordWrap(True)
        self.preview = QLabel(self)
        self.preview.setWordWrap(True)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.open_button = QPushButton(self.tr("&Open the conversation…"), self)
        self.open_button.setObjectName("primary")
        self.open_button.setToolTip(
            self.tr("Read it in full: the opening is recorded with your reason (DPA 2018 s.62)")
        )
        self.open_button.clicked.connect(self.openRequested)
        self.answered_button = QPushButton(self.tr("Mark &answered"), self)
        self.answered_button.clicked.connect(self.mark_answered)
        self.close_button = QPushButton(self.tr("&Close…"), self)
        self.close_button.clicked.connect(self.close_conversation)
        self.reopen_button = QPushButton(self.tr("Re&open…"), self)
        self.reopen_button.clicked.connect(self.reopen)
        self.assign_button = QPushButton(self.tr("A&ssign…"), self)
        self.assign_button.clicked.connect(self.assign)
        self.unassign_button = QPushButton(self.tr("&Unassign…"), self)
        self.unassign_button.clicked.connect(self.unassign)
        self.report_button = QPushButton(self.tr("&Record a report…"), self)
        self.report_button.setToolTip(
            self.tr("Record a report from the public (reference, THRIVE, response clock) "
                    "from this conversation, or from the items chosen")
        )  # fmt: skip
        self.report_button.clicked.connect(self._report)
        self.work_buttons = (
            self.answered_button, self.close_button, self.reopen_button, self.assign_button,
            self.unassign_button,
        )  # fmt: skip

        # Items: the list, the chosen item in full, its replies.
        self.items = QListWidget(self)
        self.items.setWordWrap(True)
        self.items.setAlternatingRowColors(True)
        self.items.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        self.items.currentRowChanged.connect(self._item_chosen)
        self.item_view = QTextBrowser(self)
        self.item_view.setOpenLinks(False)
        self.item_view.anchorClicked.connect(lambda url: self.open_url(url.toString()))
        self.retry_button = QPushButton(self.tr("&Try the failed reply again"), self)
        self.retry_button.clicked.connect(self.retry)
        items_tab = QWidget(self)
        split = QSplitter(Qt.Orientation.Vertical, items_tab)
        split.addWidget(self.items)
        split.addWidget(self.item_view)
        split.setSizes([150, 270])
        items_layout = QVBoxLayout(items_tab)
        items_layout.setContentsMargins(0, 4, 0, 0)
        items_layout.addWidget(split, 1)
        items_layout.addWidget(self.retry_button, 0, Qt.AlignmentFlag.AlignLeft)

        # Notes.
        self.notes = QListWidget(self)
        self.notes.setWordWrap(True)
        self.note_text = QPlainTextEdit(self)
        self.note_text.setPlaceholderText(
            self.tr("An internal note: never sent, never changed, seen by the desk")
        )
        self.note_text.setMaximumHeight(70)
        self.note_button = QPushButton(self.tr("Add &note"), self)
        self.note_button.clicked.connect(self.add_note)
        notes_tab = QWidget(self)
        notes_layout = QVBoxLayout(notes_tab)
        notes_layout.setContentsMargins(0, 4, 0, 0)
        notes_layout.addWidget(self.notes, 1)
        notes_layout.addWidget(self.note_text)
        notes_layout.addWidget(self.note_button, 0, Qt.AlignmentFlag.AlignRight)

        # The reply composer.
        self.composer = ReplyComposer(session, tasks, self)
        self.composer.sent.connect(self._reply_sent)

        # The author.
        self.author_button = QPushButton(self.tr("Show the author's &history"), self)
        self.author_button.setToolTip(
            self.tr("Their earlier items and reports with the force: recorded with the "
                    "reason you gave for opening the conversation")
        )  # fmt: skip
        self.author_button.clicked.connect(self.show_author)
        self.author_view = AuthorView(self)
        self.author_view.setOpenLinks(False)
        author_tab = QWidget(self)
        author_layout = QVBoxLayout(author_tab)
        author_layout.setContentsMargins(0, 4, 0, 0)
        author_layout.addWidget(self.author_button, 0, Qt.AlignmentFlag.AlignLeft)
        author_layout.addWidget(self.author_view, 1)

        self.tabs = QTabWidget(self)
        self.tabs.addTab(items_tab, self.tr("Items"))
        self.tabs.addTab(notes_tab, self.tr("Notes"))
        self.tabs.addTab(self.composer, self.tr("Reply"))
        self.tabs.addTab(author_tab, self.tr("Author"))
        self.tabs.currentChanged.connect(lambda _index: self._replies_in_view())

        row_one = QHBoxLayout()
        for button in (self.answered_button, self.close_button, self.reopen_button):
            row_one.addWidget(button)
        row_one.addStretch(1)
        row_two = QHBoxLayout()
        for button in (self.assign_button, self.unassign_button):
            row_two.addWidget(button)
        row_two.addStretch(1)
        row_two.addWidget(self.report_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.meta)
        layout.addWidget(self.alert)
        layout.addWidget(self.preview)
        layout.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addLayout(row_one)
        layout.addLayout(row_two)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)

        # Reply states move as the engine sends (or fails): look again after commits.
        self._replies_timer = QTimer(self)
        self._replies_timer.setSingleShot(True)
        self._replies_timer.setInterval(400)
        self._replies_timer.timeout.connect(lambda: self._tasks.spawn(self.load_replies()))
        self._loading_replies = False
        session.store.add_commit_listener(self._store_changed)
        self.show_listed(None)

    # -- who is signed in ------------------------------------------------------------------

    def adopt(self, session: Session) -> None:
        self.session.store.remove_commit_listener(self._store_changed)
        self.session = session
        session.store.add_commit_listener(self._store_changed)
        self.composer.adopt(session)
        self._enable()

    def detach(self) -> None:
        self.session.store.remove_commit_listener(self._store_changed)
        self._replies_timer.stop()

    def _store_changed(self) -> None:
        if self.opened is not None and self.isVisible() and not self._replies_timer.isActive():
            self._replies_timer.start()

    # -- what is shown ---------------------------------------------------------------------

    @property
    def conversation_id(self) -> int | None:
        if self.opened is not None:
            return self.opened.conversation.id
        return self.listed.row.id if self.listed is not None else None

    def show_listed(self, listed: Listed | None) -> None:
        """The list's selection: what the list shows, not the items (not opened yet)."""
        if (
            listed is not None
            and self.opened is not None
            and listed.row.id == self.opened.conversation.id
        ):
            self.listed = listed
            # What the header shows is what a change is made over (``seen``).
            self.opened = OpenedConversation(listed.row, self.opened.items, self.opened.notes)
            self._show_header(listed.row)
            self._show_new_items(listed.row)
            self._enable()
            return
        self.listed = listed
        self.opened = None
        self.justification = ""
        self.replies = []
        self.tabs.setVisible(False)
        self.items.clear()
        self.notes.clear()
        self.item_view.clear()
        self.author_view.clear()
        self.composer.set_item(None)
        self.message.clear()
        if listed is None:
            self.heading.setText(self.tr("Select a conversation to work it."))
            for label in (self.meta, self.alert, self.preview):
                label.clear()
            self.open_button.setVisible(False)
            self._enable()
            return
        self._show_header(listed.row)
        kind = _(KIND_WORDS.get(listed.row.latest_kind, listed.row.latest_kind))
        self.preview.setText(
            self.tr("Newest: {kind} from @{author}. Open the conversation to read every "
                    "item in full, answer it and work it.").format(
                kind=kind.lower() or "item", author=listed.row.latest_author)
        )  # fmt: skip
        self.preview.setVisible(True)
        self.open_button.setVisible(True)
        self._enable()

    def _show_header(self, row: ConversationRow) -> None:
        self.composer.suggest_after(row.state)
        listed = self.listed
        self.heading.setText(self.tr("Conversation on {channel}").format(channel=row.channel))
        parts = [
            self.tr("State: {state}").format(state=row.state.label),
            self.tr("Assignee: {who}").format(who=assignee_text(row)),
            self.tr("{n} items").format(n=row.item_count) if row.item_count != 1
            else self.tr("1 item"),
            self.tr("Latest {when}").format(when=time_text(row.latest_utc)),
        ]  # fmt: skip
        if listed is not None and listed.report is not None:
            parts.append(self.tr("Report {ref}").format(ref=listed.report.reference))
        self.meta.setText(" · ".join(parts))
        marks = listed.marks if listed is not None else None
        alert = []
        if marks is not None and marks.open_alerts:
            alert.append(self.tr("⚠ Threat to life or risk of harm: an alert is open on this "
                                 "conversation. Read it and act now."))  # fmt: skip
        if marks is not None and marks.flagged_items:
            alert.append(
                self.tr("⚑ %n item(s) flagged by listening rules.", "", marks.flagged_items)
            )
        self.alert.setText("\n".join(alert))
        self.alert.setVisible(bool(alert))

    def _show_new_items(self, row: ConversationRow) -> None:
        if self.opened is not None and row.item_count > len(self.opened.items):
            new = row.item_count - len(self.opened.items)
            self.message.setText(
                self.tr(
                    "%n new item(s) arrived: open the conversation again to read them.", "", new
                )
            )
            self.open_button.setVisible(True)

    def show_opened(self, opened: OpenedConversation, justification: str) -> None:
        """The conversation in full (the consultation is recorded)."""
        self.opened = opened
        self.justification = justification
        self._show_header(opened.conversation)
        self.preview.setVisible(False)
        self.open_button.setVisible(False)
        self.tabs.setVisible(True)
        self.message.clear()
        self.items.blockSignals(True)
        self.items.clear()
        for full in opened.items:
            item = full.row
            kind = _(KIND_WORDS.get(item.kind, item.kind))
            who = author_text(item.author_handle, item.author_name)
            entry = QListWidgetItem(f"{time_text(item.created_utc)} · {kind} · {who}\n{item.text}")
            entry.setData(Qt.ItemDataRole.UserRole, item.id)
            self.items.addItem(entry)
        self.items.blockSignals(False)
        self._show_notes(opened.notes)
        self.author_view.clear()
        self.tabs.setTabText(1, self.tr("Notes ({n})").format(n=len(opened.notes)))
        if opened.items:
            self.items.setCurrentRow(len(opened.items) - 1)  # answer the newest by default
        self._enable()
        self._tasks.spawn(self._prepare_composer())

    async def _prepare_composer(self) -> None:
        await self.composer.load_saved()
        item = self.chosen_item()
        if item is not None:
            rule = await replies.text_rule(
                self.session.store, item.row.channel_id, item.row.network
            )
            self.composer.set_item(item.row, rule)

    def _show_notes(self, notes: list[Note]) -> None:
        self.notes.clear()
        for note in notes:
            self.notes.addItem(f"{note.author}, {time_text(note.created_utc)}\n{note.text}")

    def chosen_item(self) -> FullItem | None:
        if self.opened is None:
            return None
        row = self.items.currentRow()
        return self.opened.items[row] if 0 <= row < len(self.opened.items) else None

    def _item_chosen(self, _row: int) -> None:
        item = self.chosen_item()
        if item is None:
            return
        self.replies = []
        self._show_item(item)
        self.composer.set_item(item.row, self.composer.rule)
        self._tasks.spawn(self.load_replies())

    def _show_item(self, full: FullItem) -> None:
        item = full.row
        kind = _(KIND_WORDS.get(item.kind, item.kind))
        links, media = links_and_media(item.text, full.raw)
        where = self.tr("On {channel}, {when}").format(
            channel=item.channel, when=time_text(item.created_utc)
        )
        parts = [
            "<p><b>" + self.tr("{kind} from {author}").format(
                kind=html.escape(kind),
                author=html.escape(author_text(item.author_handle, item.author_name)),
            ) + f"</b><br>{html.escape(where)}</p>",
            f"<p style='white-space: pre-wrap'>{html.escape(item.text)}</p>",
        ]  # fmt: skip
        shown = [item.url, *[link for link in links if link != item.url]]
        anchors = [f"<a href='{html.escape(u)}'>{html.escape(u)}</a>" for u in shown if u]
        if anchors:
            parts.append("<p>" + self.tr("Links:") + "<br>" + "<br>".join(anchors) + "</p>")
        if media:
            parts.append("<p>" + self.tr("Media: {n} attached").format(n=len(media)) + "</p>")
        if self.replies:
            lines = []
            for reply in self.replies:
                said = (
                    self.tr("{state} — public reply by {author}, {when}:")
                    if reply.public
                    else self.tr("{state} — direct message by {author}, {when}:")
                )
                state = html.escape(reply_state(reply))
                colour = RED if reply.status is TargetStatus.FAILED else "#1e2330"
                lines.append(
                    "<li>"
                    + said.format(
                        state=f"<span style='color:{colour}'><b>{state}</b></span>",
                        author=html.escape(reply.author),
                        when=html.escape(time_text(reply.created_utc)),
                    )
                    + f"<br>{html.escape(reply.text)}</li>"
                )
            parts.append(
                "<p><b>" + self.tr("Our replies") + "</b></p><ul>" + "".join(lines) + "</ul>"
            )
        self.item_view.setHtml("".join(parts))
        self.retry_button.setVisible(self.failed_reply() is not None)

    def _reply_sent(self, _item_id: int) -> None:
        self.tabs.setCurrentIndex(0)  # where the reply shows under its item, as it goes
        self.message.setText(self.composer.message.text())
        self._tasks.spawn(self.load_replies())
        self._after_reply(self.composer.after.currentData())

    def _after_reply(self, then: str) -> None:
        """A reply moves the conversation on: answered, closed (with a reason), or
        kept open, as the officer chose beside Send."""
        cid, row = self.conversation_id, self.opened.conversation if self.opened else None
        if cid is None or row is None or not may(self.session.user, Action.WORK_INBOX):
            return
        if then == "answered" and row.state in (State.NEW, State.ASSIGNED, State.REPORT):

            async def answered() -> None:
                self._changed(await work.set_state(self.session, cid, State.ANSWERED, seen=row))

            self._tasks.spawn(answered(), error=self.message.setText)
        elif then == "close" and row.state is not State.CLOSED:
            self._with_reason(
                self.tr("Close the conversation"),
                self.tr("Reply recorded; conversation closed."),
                lambda reason: work.set_state(
                    self.session, cid, State.CLOSED, reason=reason, seen=row
                ),
                self.close_reasons(),
            )

    def failed_reply(self) -> ReplyRow | None:
        return next((r for r in reversed(self.replies) if r.status is TargetStatus.FAILED), None)

    async def load_replies(self) -> None:
        item = self.chosen_item()
        if item is None or self._loading_replies:
            return
        self._loading_replies = True
        try:
            found = await replies.replies_to(self.session.store, item.row.id)
        finally:
            self._loading_replies = False
        current = self.chosen_item()
        if current is None or current.row.id != item.row.id:
            return
        if found != self.replies or not self.item_view.toPlainText():
            self.replies = found
            self._show_item(item)
            self._say_how_the_reply_went()
        self._replies_in_view()

    def _replies_in_view(self) -> None:
        """When the Items tab shows the chosen item's replies, the officer has them in
        front of them: a reply they send is sent over these, and one recorded by
        someone else after they last looked is shown to them and asked about first."""
        item, composer = self.chosen_item(), self.composer
        if (
            item is not None
            and self.tabs.isVisible()
            and self.tabs.currentIndex() == 0
            and composer.item is not None
            and composer.item.id == item.row.id
        ):
            composer.seen_replies = frozenset(r.target_id for r in self.replies)

    def _say_how_the_reply_went(self) -> None:
        """The line under the pane said the reply would go "in a moment": once it has
        gone (or failed), say so there too, not only under the item."""
        if self.message.text() != self.composer.recorded_text() or not self.replies:
            return
        newest = self.replies[-1]
        if newest.status is TargetStatus.PUBLISHED:
            self.message.setText(self.tr("Reply sent."))
        elif newest.status is TargetStatus.FAILED:
            self.message.setText(
                self.tr("The reply failed: {why}").format(why=shown(newest.last_error) or "-")
            )

    # -- buttons ---------------------------------------------------------------------------

    def _enable(self) -> None:
        row = self.opened.conversation if self.opened is not None else None
        works = may(self.session.user, Action.WORK_INBOX)
        for button in self.work_buttons:
            button.setVisible(row is not None)
        self.report_button.setVisible(row is not None)
        if row is None:
            return
        state = row.state
        self.answered_button.setEnabled(
            works and state in (State.NEW, State.ASSIGNED, State.REPORT)
        )
        self.close_button.setEnabled(works and state is not State.CLOSED)
        self.reopen_button.setEnabled(works and state in (State.ANSWERED, State.CLOSED))
        self.assign_button.setEnabled(works)
        self.unassign_button.setEnabled(works and bool(row.assignee or row.team))
        self.note_button.setEnabled(works)
        self.report_button.setEnabled(may(self.session.user, Action.RECORD_REPORTS))
        for button in (*self.work_buttons, self.note_button):
            if not works:
                button.setToolTip(self.tr("Working the inbox needs the Duty officer or "
                                          "Approver role."))  # fmt: skip

    def _changed(self, row: ConversationRow) -> None:
        if self.opened is not None and self.opened.conversation.id == row.id:
            self.opened = OpenedConversation(row, self.opened.items, self.opened.notes)
            if self.listed is not None:
                self.listed = Listed(row, self.listed.report, self.listed.marks)
            self._show_header(row)
            self._enable()
        self.changed.emit(row.id)

    def _run(self, what: str, job: Callable[[], object]) -> None:
        async def run() -> None:
            row = await job()  # type: ignore[misc]
            self._changed(row)
            self.message.setText(what)

        self._tasks.spawn(run(), error=self.message.setText)

    def _with_reason(
        self,
        title: str,
        what: str,
        job: Callable[[str], Awaitable[ConversationRow]],
        picks: Sequence[str] = (),
    ) -> None:
        """Ask why (it goes in the audit trail; ``picks``: the common reasons, offered
        as quick picks), then run ``job`` with the reason."""

        async def run() -> None:
            reason = await PROMPTS.text(
                self, title, self.tr("Why? (It goes in the audit trail.)"), picks=picks
            )
            if reason is None:
                return
            self._changed(await job(reason))
            self.message.setText(what)

        self._tasks.spawn(run(), error=self.message.setText)

    def seen(self) -> ConversationRow | None:
        """The conversation as this pane shows it now: a change is made only over
        this (``console.concurrency``), so one made meanwhile on another console is
        told, not overwritten."""
        return self.opened.conversation if self.opened is not None else None

    def mark_answered(self) -> None:
        cid, seen = self.conversation_id, self.seen()
        if cid is None:
            return
        self._run(
            self.tr("Marked answered."),
            lambda: work.set_state(self.session, cid, State.ANSWERED, seen=seen),
        )

    def close_conversation(self) -> None:
        cid, seen = self.conversation_id, self.seen()
        if cid is None:
            return
        self._with_reason(
            self.tr("Close the conversation"),
            self.tr("Closed."),
            lambda reason: work.set_state(
                self.session, cid, State.CLOSED, reason=reason, seen=seen
            ),
            self.close_reasons(),
        )

    def close_reasons(self) -> list[str]:
        """The reasons a desk closes a conversation most often."""
        return [self.tr("Answered"), self.tr("No reply needed"), self.tr("Passed to 101"),
                self.tr("Duplicate"), self.tr("Spam or abuse")]  # fmt: skip

    def reopen(self) -> None:
        cid, seen = self.conversation_id, self.seen()
        if cid is None:
            return
        self._with_reason(
            self.tr("Reopen the conversation"),
            self.tr("Reopened."),
            lambda reason: work.reopen(self.session, cid, reason=reason, seen=seen),
            [self.tr("They wrote again"), self.tr("Closed by mistake"),
             self.tr("Needs a follow-up")],
        )  # fmt: skip

    def assign(self) -> None:
        cid = self.conversation_id
        row = self.opened.conversation if self.opened is not None else None
        if cid is None or row is None:
            return

        session, epoch = self.session, PROMPTS.epoch

        async def ask() -> None:
            officers = [(u.name, u.display_name) for u in await teams.assignable_officers(session)]
            team_names = [t.name for t in await teams.list_teams(session, active_only=True)]
            if PROMPTS.epoch != epoch or self.session is not session:
                return  # locked (or handed over) while the lists were read: ask nobody
            if self.conversation_id != cid:
                return  # the officer moved on to another conversation meanwhile
            current = row.assignee or row.team
            answer = await PROMPTS.form(
                "Assign the conversation",
                lambda: AssignDialog(officers, team_names, current, self),
            )
            if answer is None:
                return
            kind, name, reason = answer
            changed = await work.assign(
                session, cid, reason=reason, seen=row,
                **({"officer": name} if kind == "officer" else {"team": name}),
            )  # fmt: skip
            self._changed(changed)
            self.message.setText(self.tr("Assigned to {who}.").format(who=assignee_text(changed)))

        self._tasks.spawn(ask(), error=self.message.setText)

    def unassign(self) -> None:
        cid, seen = self.conversation_id, self.seen()
        if cid is None:
            return
        self._with_reason(
            self.tr("Unassign the conversation"),
            self.tr("Unassigned."),
            lambda reason: work.unassign(self.session, cid, reason=reason, seen=seen),
        )

    def add_note(self) -> None:
        cid = self.conversation_id
        opened = self.opened
        if cid is None or opened is None:
            return
        text = self.note_text.toPlainText()

        async def write() -> None:
            note = await work.add_note(self.session, cid, text)
            current = self.opened
            if current is None or current.conversation.id != cid:
                return
            notes = [*current.notes, note]
            self.opened = OpenedConversation(current.conversation, current.items, notes)
            self._show_notes(notes)
            self.tabs.setTabText(1, self.tr("Notes ({n})").format(n=len(notes)))
            self.note_text.clear()
            self.message.setText(self.tr("Note added."))
            self.changed.emit(cid)

        self._tasks.spawn(write(), error=self.message.setText)

    def retry(self) -> None:
        failed = self.failed_reply()
        if failed is None:
            return

        async def again() -> None:
            try:
                await replies.retry(self.session, failed.target_id)
                self.message.setText(self.tr("The reply goes out again in a moment."))
                await self.load_replies()
            finally:
                self.retry_button.setEnabled(True)

        self.retry_button.setEnabled(False)  # one retry at a time
        self._tasks.spawn(again(), error=self.message.setText)

    def show_author(self) -> None:
        item = self.chosen_item()
        if item is None or not self.justification:
            return
        row = item.row

        async def load() -> None:
            found = await insights.author_insights(
                self.session, row.channel_id, row.author_handle, justification=self.justification
            )
            reported = await self._reports_of([i.id for i in found.earlier])
            self.author_view.show_history(item, found, reported)

        self._tasks.spawn(load(), error=self.author_view.setPlainText)

    async def _reports_of(self, item_ids: list[int]) -> list[str]:
        if not may(self.session.user, Action.VIEW_REPORTS):
            return []
        found = await reports_for_items(self.session, item_ids)
        return [r.reference for r in found.values()]

    def _report(self) -> None:
        cid = self.conversation_id
        if cid is None or self.opened is None:
            return
        chosen = [int(entry.data(Qt.ItemDataRole.UserRole)) for entry in self.items.selectedItems()]
        every = [full.row.id for full in self.opened.items]
        self.reportRequested.emit(cid, sorted(chosen) if len(chosen) > 1 else every)
