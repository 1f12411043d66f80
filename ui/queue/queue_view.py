"""The queue area: every target (a post on one channel), in time order.

A lazy table (``ui.common.lazy_model``) that stays smooth with 100,000 targets; filters
by state, channel and text; refreshes itself (keeping the scroll position) when
anything in the store changes, so an officer watches posts go out; and cancels a
selection of targets with a reason.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from console import approval, calendar_import
from console import queue as queue_service
from console.permissions import Action, may
from console.session import Session
from console.timezone import (
    AmbiguousTime,
    TimeInGap,
    local_text,
    local_to_utc,
    local_to_utc_iso,
    now_local,
    wall_clock_after,
)
from storage.errors import ChangedMeanwhile
from storage.posts import Post
from storage.queue import QueueFilter, QueueRow
from storage.records import TargetStatus
from storage.stored_words import shown
from storage.timeutil import Clock, to_iso
from ui.common.clipboard import TransientClipboard
from ui.common.lazy_model import LazyTableModel
from ui.common.prompts import PROMPTS
from ui.common.tasks import Tasks
from ui.common.time_entry import typed, utc_or_said, wall_clock_edit
from ui.common.translations import QT_TRANSLATE_NOOP
from ui.queue.by_hand import ByHandPanel
from widgets.empty_state import EmptyState
from widgets.status_pill import StatusPillDelegate

# A calendar import's problems listed in its confirm box (the rest in its details):
# the box, its buttons with it, must fit a 1280x800 screen.
SHOWN_PROBLEMS = 10


def _status(row: QueueRow) -> str:
    """The target's state in the officer's language (its pill's colour follows the key)."""
    if row.status is TargetStatus.DRAFT and row.approval == "rejected":
        return QCoreApplication.translate("QueueTableModel", "draft · rejected")
    if row.status is TargetStatus.QUEUED and row.approval == "awaiting":
        # Short enough for the column at 1280 px (the pill's blue says it is queued).
        return QCoreApplication.translate("QueueTableModel", "awaiting approval")
    if row.status is TargetStatus.QUEUED and row.attempts:
        return QCoreApplication.translate("QueueTableModel", "queued · retry {n}").format(
            n=row.attempts
        )
    return row.status.label


def _when(row: QueueRow) -> str:
    return local_text(row.scheduled_utc, seconds=False) if row.scheduled_utc else "—"


def _detail(row: QueueRow) -> str:
    if row.status is TargetStatus.PUBLISHED:
        return row.remote_url
    if row.approval == "rejected" and row.review_note:
        return QCoreApplication.translate("QueueTableModel", "Sent back: {note}").format(
            note=row.review_note
        )
    return shown(row.last_error)


class QueueTableModel(LazyTableModel[QueueFilter, QueueRow]):
    COLUMNS = (
        (QT_TRANSLATE_NOOP("QueueTableModel", "Time (UK)"), lambda r: _when(r)),
        (QT_TRANSLATE_NOOP("QueueTableModel", "State"), _status),
        (QT_TRANSLATE_NOOP("QueueTableModel", "Channel"), lambda r: r.channel),
        (QT_TRANSLATE_NOOP("QueueTableModel", "Post"), lambda r: " ".join(r.text.split())),
        (QT_TRANSLATE_NOOP("QueueTableModel", "Author"), lambda r: r.author),
        (QT_TRANSLATE_NOOP("QueueTableModel", "Result"), _detail),
    )
    TOOLTIP_COLUMNS = frozenset({3, 5})

    def pill_key(self, record: QueueRow, column: int) -> str | None:
        return record.status.value if column == 1 else None

    def __init__(
        self,
        matching: Callable[[QueueFilter], Coroutine[Any, Any, list[int]]],
        fetch: Callable[[list[int]], Coroutine[Any, Any, dict[int, QueueRow]]],
        tasks: Tasks,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(matching, fetch, tasks, QueueFilter(), parent)


class QueueView(QWidget):
    """Signals: ``composeRequested()``: the officer asked for a new post.
    ``duplicateRequested(int)``: for a new post starting from this one (its id).
    ``editRequested(int)``: to edit this post. ``firstStepRequested(str)``: from the
    empty queue of a store with no channel, "channels" (add one), "team" (add the
    officers) or "demo" (open the demo exercise instead)."""

    composeRequested = Signal()
    duplicateRequested = Signal(int)  # a post id
    editRequested = Signal(int)  # a post id
    firstStepRequested = Signal(str)  # "channels", "team" or "demo", from the empty queue

    def __init__(self, session: Session, tasks: Tasks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._tasks = tasks
        store = session.store
        self.model = QueueTableModel(
            lambda flt: queue_service.matching(store, flt),
            lambda ids: queue_service.fetch(store, ids),
            tasks,
            self,
        )
        heading = QLabel(self.tr("Queue"), self)
        heading.setObjectName("areaHeading")
        self.status_filter = QComboBox(self)
        self.status_filter.addItem(self.tr("Every state"), "")
        for status in TargetStatus:
            self.status_filter.addItem(status.label, status.value)  # the pills' words
        self.channel_filter = QComboBox(self)
        self.channel_filter.addItem(self.tr("Every channel"), 0)
        self.author_filter = QComboBox(self)
        self.author_filter.addItem(self.tr("Every author"), "")
        self.day_filter = QComboBox(self)
        for label, days in ((self.tr("Any time"), -1), (self.tr("Today"), 0),
                            (self.tr("Next 7 days"), 7), (self.tr("Next 30 days"), 30),
                            (self.tr("Past"), -2)):  # fmt: skip
            self.day_filter.addItem(label, days)
        # Made after the other filters, so Tab reaches it where it stands: last.
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search the text…"))
        self.search.setClearButtonEnabled(True)
        self.counts = QLabel(self)
        filters = QHBoxLayout()
        for widget in (self.status_filter, self.channel_filter, self.author_filter,
                       self.day_filter, self.search):  # fmt: skip
            filters.addWidget(widget)
        filters.addStretch(1)
        filters.addWidget(self.counts)

        self.table = QTableView(self)
        self.table.setTabKeyNavigation(False)  # Tab leaves it; arrows move in it
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(1, StatusPillDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(26)
        for column, width in enumerate((205, 160, 200, 300, 120, 160)):
            self.table.setColumnWidth(column, width)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)

        self.new_button = QPushButton(self.tr("&New post…"), self)
        self.new_button.setObjectName("primary")
        self.new_button.setToolTip(self.tr("Compose a post (Ctrl+N)"))
        self.new_button.clicked.connect(self.composeRequested.emit)
        self.edit_button = QPushButton(self.tr("&Edit…"), self)
        self.edit_button.clicked.connect(self._edit)
        self.duplicate_button = QPushButton(self.tr("&Duplicate"), self)
        self.duplicate_button.setToolTip(self.tr("A new post starting from the selected one"))
        self.duplicate_button.clicked.connect(self._duplicate)
        self.import_button = QPushButton(self.tr("&Import calendar…"), self)
        self.import_button.setToolTip(self.tr("Check a CSV content calendar, then import it"))
        self.import_button.clicked.connect(self._import)
        self.reschedule_button = QPushButton(self.tr("&Reschedule selected…"), self)
        self.reschedule_button.setToolTip(
            self.tr(
                "Put drafts, missed and failed posts (or queued ones) on the queue at a new time"
            )
        )
        self.reschedule_button.clicked.connect(self._reschedule)
        self.clipboard = TransientClipboard(self)
        copy = QShortcut(QKeySequence.StandardKey.Copy, self.table)
        copy.activated.connect(self.copy_selected_text)
        self.approve_button = QPushButton(self.tr("A&pprove…"), self)
        self.reject_button = QPushButton(self.tr("Re&ject…"), self)
        self.approve_button.clicked.connect(self._approve)
        self.reject_button.clicked.connect(self._reject)
        self.cancel_button = QPushButton(self.tr("&Cancel selected…"), self)
        self.result = QLabel(self)
        self.result.setWordWrap(True)
        actions = QHBoxLayout()
        actions.addWidget(self.new_button)
        actions.addWidget(self.edit_button)
        actions.addWidget(self.duplicate_button)
        actions.addWidget(self.import_button)
        actions.addWidget(self.reschedule_button)
        actions.addWidget(self.approve_button)
        actions.addWidget(self.reject_button)
        actions.addWidget(self.cancel_button)
        actions.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 12)
        layout.addWidget(heading)
        self.by_hand = ByHandPanel(session, tasks, self)
        layout.addWidget(self.by_hand)
        layout.addLayout(filters)
        # An empty store's queue says what fills it and offers the next step.
        self.empty = EmptyState(self)
        self.empty.actionChosen.connect(self._first_step)
        self.table_or_empty = QStackedWidget(self)
        self.table_or_empty.addWidget(self.table)
        self.table_or_empty.addWidget(self.empty)
        layout.addWidget(self.table_or_empty, 1)
        layout.addLayout(actions)
        # Under the buttons, the whole width: beside them (eight buttons, wider still in
        # Welsh) a sentence was squeezed into a column a word wide, lines high.
        layout.addWidget(self.result)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(300)
        self._search_timer.timeout.connect(self._filters_changed)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.status_filter.currentIndexChanged.connect(self._filters_changed)
        self.channel_filter.currentIndexChanged.connect(self._filters_changed)
        self.author_filter.currentIndexChanged.connect(self._filters_changed)
        self.day_filter.currentIndexChanged.connect(self._filters_changed)
        self.cancel_button.clicked.connect(self._cancel)
        self._kept_selection: set[int] = set()
        self.model.modelAboutToBeReset.connect(self._remember_selection)
        self.model.modelReset.connect(self._reselect)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(150)
        self._refresh_timer.timeout.connect(lambda: self._tasks.spawn(self.refresh(keep=True)))
        self._stale = False  # something changed while the queue was not on screen
        store.add_commit_listener(self._store_changed)
        self.adopt(session)

    def detach(self) -> None:
        """Stop listening to the store (the window is closing)."""
        self.clipboard.clear_if_ours()
        self.session.store.remove_commit_listener(self._store_changed)
        self._refresh_timer.stop()

    def adopt(self, session: Session) -> None:
        self.session = session
        self.by_hand.session = session
        composes = may(session.user, Action.COMPOSE)
        self.new_button.setEnabled(composes)
        self.import_button.setEnabled(composes)
        self.duplicate_button.setEnabled(composes)
        self.edit_button.setEnabled(may(session.user, Action.EDIT))
        self.reschedule_button.setEnabled(may(session.user, Action.SCHEDULE))
        approves = may(session.user, Action.APPROVE)
        for button in (self.approve_button, self.reject_button):
            button.setEnabled(approves)
            button.setToolTip("" if approves else self.tr("Approving needs the Approver role."))
        self.new_button.setToolTip(
            self.tr("Compose a post (Ctrl+N)")
            if composes
            else self.tr("Composing needs the Duty officer or Approver role.")
        )
        allowed = may(session.user, Action.CANCEL)
        self.cancel_button.setEnabled(allowed)
        self.cancel_button.setToolTip(
            "" if allowed else self.tr("Cancelling needs the Duty officer or Approver role.")
        )

    def _time_window(self) -> dict[str, str]:
        """The day filter as UTC bounds on the scheduled time (days in UK time)."""
        days = int(
            self.day_filter.currentData() if self.day_filter.currentData() is not None else -1
        )
        if days == -1:
            return {}
        now = now_local(clock=self.session.store.clock).replace(tzinfo=None)
        midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
        if days == -2:
            return {"until_utc": local_to_utc_iso(now)}
        until = midnight + timedelta(days=max(days, 1))
        since = midnight if days == 0 else now
        return {"since_utc": local_to_utc_iso(since), "until_utc": local_to_utc_iso(until)}

    def current_filter(self) -> QueueFilter:
        return QueueFilter(
            status=self.status_filter.currentData() or "",
            channel_id=int(self.channel_filter.currentData() or 0),
            text=self.search.text().strip(),
            author=self.author_filter.currentData() or "",
            **self._time_window(),
        )

    async def refresh(self, keep: bool = False) -> None:
        """Reload (keeping the scroll position when ``keep``) and the counts."""
        if self.channel_filter.count() == 1:
            for channel in await queue_service.channels(self.session.store):
                self.channel_filter.addItem(channel.name, channel.id)
        if self.author_filter.count() == 1:
            for name, display in await queue_service.authors(self.session.store):
                self.author_filter.addItem(display, name)
        await self.by_hand.reload()
        position = self.table.verticalScrollBar().value()
        await self.model.reload(self.current_filter())
        if keep:
            self.table.verticalScrollBar().setValue(position)
        if self.model.rowCount():  # rows to show: shown now, not after the counts are read
            self.table_or_empty.setCurrentWidget(self.table)
        counts = await queue_service.counts(self.session.store)
        order = [s.value for s in TargetStatus]
        totals = " · ".join(
            f"{counts[s]:,} {TargetStatus(s).label}" for s in order if counts.get(s)
        ) or self.tr("Empty")
        if self.current_filter() != QueueFilter():  # the totals are the whole queue's
            totals = self.tr("%Ln shown — {totals}", "", self.model.rowCount()).format(
                totals=totals
            )
        self.counts.setText(totals)
        if any(counts.values()):
            self.table_or_empty.setCurrentWidget(self.table)
        else:
            self._show_empty(bool(await queue_service.channels(self.session.store)))

    def _show_empty(self, has_channels: bool) -> None:
        user = self.session.user
        composes = may(user, Action.COMPOSE)
        if has_channels:
            self.empty.show_state(
                self.tr("Nothing is queued"),
                self.tr("Posts written here, and content calendars imported from a CSV file, "
                        "wait in the queue until they go out on their channels."),
                [("compose", self.tr("New post…"), composes),
                 ("import", self.tr("Import calendar…"), composes)],
            )  # fmt: skip
        else:
            administers = may(user, Action.MANAGE_CHANNELS)
            self.empty.show_state(
                self.tr("Add a channel first"),
                self.tr("Cordon publishes to the force's accounts (Bluesky, Facebook, X and "
                        "others) and reads what the public sends them. An administrator adds "
                        "each account as a channel, then adds the team: the officers who "
                        "compose, approve and answer. To look round first, open the demo "
                        "exercise: its channels, posts and inbox are ready.")
                + ("" if administers else " " + self.tr("Adding channels needs the "
                                                        "Administrator role.")),
                [("channels", self.tr("Add a channel…"), administers),
                 ("team", self.tr("Add the team…"), may(user, Action.MANAGE_USERS)),
                 ("demo", self.tr("Open the demo exercise"), True)],
            )  # fmt: skip
        self.table_or_empty.setCurrentWidget(self.empty)

    def _first_step(self, key: str) -> None:
        if key == "compose":
            self.composeRequested.emit()
        elif key == "import":
            self._import()
        else:
            self.firstStepRequested.emit(key)

    def _remember_selection(self) -> None:
        self._kept_selection = set(self.selected_ids())

    def _reselect(self) -> None:
        """Keep the officer's selection across any reload (the engine changes rows)."""
        target_ids, self._kept_selection = self._kept_selection, set()
        if not target_ids:
            return
        selection = self.table.selectionModel()
        flags = selection.SelectionFlag.Select | selection.SelectionFlag.Rows
        for row in self.model.rows_of(target_ids):
            selection.select(self.model.index(row, 0), flags)

    def post_saved(self, post: Post) -> None:
        """Say what became of a post just composed when it is not simply queued: held
        at once by the incident in progress (its scope covers the channel)."""
        held = sum(1 for target in post.targets if target.status is TargetStatus.HELD)
        if held:
            self.result.setText(
                self.tr(
                    "Saved, and held at once by the incident in progress on %n channel(s):"
                    " nothing goes out there until gold releases it (Incident area).",
                    "",
                    held,
                )
            )

    def clear(self) -> None:
        self.by_hand.clear()
        self.model.clear()
        self.counts.clear()
        self.result.clear()

    def _filters_changed(self) -> None:
        self._tasks.spawn(self.refresh())

    def _store_changed(self) -> None:
        # Throttled, not debounced: the engine publishing a post a second must not put
        # the reload off for ever. Off screen, it reloads when next shown.
        if not self.isVisible():
            self._stale = True
        elif not self._refresh_timer.isActive():
            self._refresh_timer.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self._refresh_timer.start()

    def selected_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [i for i in (self.model.id_at(r) for r in rows) if i is not None]

    def seen(self) -> dict[int, QueueRow]:
        """The selected rows as the queue shows them now: a change is made only over
        these (``console.concurrency``), so another console's change meanwhile is told."""
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        records = (self.model.record_at(r) for r in rows)
        return {record.target_id: record for record in records if record is not None}

    def seen_with_post(self, post_ids: list[int]) -> dict[int, QueueRow]:
        """The selected rows and every other row of these posts the queue holds (on
        screen or near it): what the approver was shown of each post's words."""
        found = self.seen()
        chosen = set(post_ids)
        for record in self.model.loaded_records():
            if record.post_id in chosen:
                found.setdefault(record.target_id, record)
        return found

    def _import(self) -> None:
        self.result.clear()  # the last import's words are not this one's

        async def check_then_import() -> None:
            path = await PROMPTS.open_path(
                self,
                self.tr("Import a content calendar"),
                Path.home(),
                self.tr("CSV files (*.csv);;All files (*)"),
            )
            if path is None:
                return
            plan = await calendar_import.check(self.session, path)
            # The first problems only: a long list would run the box (and its buttons)
            # off the screen. The box's details hold the whole list.
            shown = plan.report(at_most=SHOWN_PROBLEMS)
            if not plan.good:
                self.result.setText(shown)
                return
            accepted = await PROMPTS.confirm(
                self,
                self.tr("Import {file}").format(file=path.name),
                shown
                + "\n\n"
                + self.tr("Import the %n good row(s) now, all together?", "", len(plan.good)),
                yes=self.tr("Import %n row(s)", "", len(plan.good)),
                no=self.tr("Import nothing"),
                details="" if len(plan.problems) <= SHOWN_PROBLEMS else plan.report(),
            )
            if not accepted:
                self.result.setText(self.tr("Nothing imported."))
                return
            imported = await calendar_import.apply(self.session, plan)
            self.result.setText(self.tr("Imported %n post(s).", "", imported))

        self._tasks.spawn(check_then_import(), error=self.result.setText)

    def _reschedule(self) -> None:
        chosen = self.selected_ids()
        if not chosen:
            self.result.setText(self.tr("Select the posts to reschedule first."))
            return
        clock, seen = self.session.store.clock, self.seen()

        async def reschedule() -> None:
            answer = await PROMPTS.form(
                "reschedule", lambda: RescheduleDialog(len(chosen), self, clock)
            )
            if answer is None:
                return
            when, reason = answer
            moment = await utc_or_said(self, when, self.result.setText)
            if moment is None:
                return
            n = await queue_service.reschedule_targets(
                self.session, chosen, to_iso(moment), reason=reason, seen=seen
            )
            self.result.setText(
                self.tr("Rescheduled %n target(s) for {when}.", "", n).format(
                    when=local_text(to_iso(moment))
                )
            )

        self._tasks.spawn(reschedule(), error=self.result.setText)

    def _current_post(self, missing: str) -> int | None:
        """The post at the current row; else says ``missing`` and gives None."""
        index = self.table.currentIndex()
        record = self.model.record_at(index.row()) if index.isValid() else None
        if record is None:
            self.result.setText(missing)
            return None
        return record.post_id

    def _duplicate(self) -> None:
        post_id = self._current_post(self.tr("Select the post to duplicate first."))
        if post_id is not None:
            self.duplicateRequested.emit(post_id)

    def _edit(self) -> None:
        post_id = self._current_post(self.tr("Select the post to edit first."))
        if post_id is not None:
            self.editRequested.emit(post_id)

    def copy_selected_text(self) -> None:
        """Ctrl+C: the selected posts' text, cleared from the clipboard after 30 s."""
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        texts = [r.text for r in (self.model.record_at(row) for row in rows) if r is not None]
        if texts:
            self.clipboard.copy("\n\n".join(texts))
            self.result.setText(
                self.tr("Copied; Cordon clears it from the clipboard in 30 seconds.")
            )

    def selected_posts(self) -> list[int]:
        """The posts of the selected targets that await approval."""
        found: list[int] = []
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        for row in rows:
            record = self.model.record_at(row)
            if record is not None and record.approval == "awaiting" and record.post_id not in found:
                found.append(record.post_id)
        return found

    def _review_request(
        self,
        title: str,
        question: str,
        act: Callable[[list[int], str, dict[int, QueueRow]], Awaitable[None]],
    ) -> None:
        """Ask the reviewer's reason for the selected posts awaiting approval, then
        ``act`` on them with it and the rows as the queue showed them when asked
        (``seen``: a change another console made meanwhile refuses the act)."""
        chosen = self.selected_posts()
        seen = self.seen_with_post(chosen)
        if not chosen:
            self.result.setText(self.tr("Select posts awaiting approval first."))
            return

        async def ask() -> None:
            reason = await PROMPTS.text(self, title, question)
            if reason is not None:
                await act(chosen, reason, seen)

        self._tasks.spawn(ask(), error=self.result.setText)

    def _refused(self, done: str, refusals: list[str]) -> None:
        """Say what was done and why the rest was refused (someone changed those posts
        meanwhile); the queue reloads to show the posts as they are now."""
        self.result.setText(" ".join([done, refusals[0]] if done else refusals[:1]))
        self._tasks.spawn(self.refresh(keep=True))

    def _approve(self) -> None:
        async def approve_all(chosen: list[int], reason: str, seen: dict[int, QueueRow]) -> None:
            approved, refusals = 0, []
            for post_id in chosen:
                rows = {t: r for t, r in seen.items() if r.post_id == post_id}
                try:
                    try:
                        await approval.approve(self.session, post_id, reason=reason, seen=rows)
                    except approval.ApprovalNeedsNewTime as late:
                        answer = await PROMPTS.form(
                            f"new time: {late}",
                            lambda: RescheduleDialog(1, self, self.session.store.clock),
                        )
                        if answer is None:
                            continue
                        moment = await utc_or_said(self, answer[0], self.result.setText)
                        if moment is None:  # the officer would not say which 01:30
                            continue
                        await approval.approve(
                            self.session, post_id, reason=reason,
                            new_time_utc=to_iso(moment), seen=rows,
                        )  # fmt: skip
                except ChangedMeanwhile as changed:
                    refusals.append(str(changed))
                    continue
                approved += 1
            done = (
                self.tr("Approved.")
                if approved == len(chosen)
                else self.tr("Approved %n of {m}.", "", approved).format(m=len(chosen))
            )
            if refusals:
                self._refused(done if approved else "", refusals)
            else:
                self.result.setText(done)

        self._review_request(
            self.tr("Approve"),
            self.tr("Why is it fit to publish? (It goes in the audit trail.)"),
            approve_all,
        )

    def _reject(self) -> None:
        async def reject_all(chosen: list[int], reason: str, seen: dict[int, QueueRow]) -> None:
            rejected, refusals = 0, []
            for post_id in chosen:
                rows = {t: r for t, r in seen.items() if r.post_id == post_id}
                try:
                    await approval.reject(self.session, post_id, reason=reason, seen=rows)
                except ChangedMeanwhile as changed:
                    refusals.append(str(changed))
                    continue
                rejected += 1
            if refusals:
                self._refused(self.tr("Sent back to the author.") if rejected else "", refusals)
            else:
                self.result.setText(self.tr("Sent back to the author."))

        self._review_request(
            self.tr("Reject"),
            self.tr("Why? The author reads this with the post sent back."),
            reject_all,
        )

    def _cancel(self) -> None:
        chosen, seen = self.selected_ids(), self.seen()
        if not chosen:
            self.result.setText(self.tr("Select the posts to cancel first."))
            return

        async def cancel() -> None:
            reason = await PROMPTS.text(
                self,
                self.tr("Cancel %n target(s)", "", len(chosen)),
                self.tr("Why? Posts already sent are left alone."),
                ok=self.tr("Cancel the targets"),
                cancel=self.tr("Keep them"),
            )
            if reason is None:
                return
            n = await queue_service.cancel_targets(self.session, chosen, reason=reason, seen=seen)
            self.result.setText(self.tr("Cancelled %n target(s).", "", n))

        self._tasks.spawn(cancel(), error=self.result.setText)


class RescheduleDialog(QDialog):
    """A new UK time, and why. ``clock``: the store's (the hour after its now is offered)."""

    def __init__(
        self, count: int, parent: QWidget | None = None, clock: Clock | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Reschedule %n target(s)", "", count))
        self._clock = clock
        form = QFormLayout(self)
        start = wall_clock_after(timedelta(hours=1), clock=clock)
        self.when = wall_clock_edit(start.replace(minute=0), self)
        self.when.setDisplayFormat("ddd dd/MM/yyyy HH:mm")
        self.when.setCalendarPopup(True)
        self.reason = QLineEdit(self)
        form.addRow(self.tr("New time (UK)"), self.when)
        form.addRow(self.tr("&Why"), self.reason)
        # Why the time will not do, in the dialog: closing it would lose what was typed.
        self.problem = QLabel(self)
        self.problem.setObjectName("errorText")
        self.problem.setWordWrap(True)
        self.problem.hide()
        form.addRow(self.problem)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.when.dateTimeChanged.connect(lambda _d: self.problem.hide())

    def accept(self) -> None:
        """Refuse a time in the spring gap, or one passed, with the reason beside it (a
        time in the autumn overlap is asked about once the dialog closes)."""
        try:
            moment = local_to_utc(typed(self.when))
        except TimeInGap as gap:
            self._refuse(str(gap))
            return
        except AmbiguousTime:
            moment = None
        if moment is not None and self._clock is not None and moment <= self._clock():
            self._refuse(self.tr("That time has passed: choose a later one."))
            return
        super().accept()

    def _refuse(self, sentence: str) -> None:
        self.problem.setText(sentence)
        self.problem.show()
        self.when.setFocus()

    def answer(self) -> tuple[datetime, str]:
        return typed(self.when), self.reason.text().strip()
