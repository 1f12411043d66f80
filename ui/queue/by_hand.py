"""Posts to make by hand: the manual channels' due posts (Nextdoor, WhatsApp Channels, the
force website), at the top of the Queue.

The panel lists what ``console.manual.due`` gives (due now, or within a quarter of an
hour), reads it again every 30 seconds and after commits, and reminds: when a post
falls due its heading turns red and the window asks for attention (the task bar
flashes). **Copy text** puts the post's text on the clipboard (cleared after 30 s);
for two linked posts in Welsh and English (``console.bilingual``) it copies the first,
and **Copy second post** the second, to be posted after it;
**Posted it…** asks when it was posted and its link, and records it
(``manual.mark_posted``: audited, naming the officer).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from console import manual
from console.session import Session
from console.timezone import AmbiguousTime, TimeInGap, local_text, local_to_utc, now_local
from storage.timeutil import Clock, to_iso
from ui.common.clipboard import TransientClipboard
from ui.common.prompts import PROMPTS
from ui.common.tasks import Tasks
from ui.common.time_entry import chosen_utc, typed, wall_clock_edit

POLL_MS = 30_000


@dataclass(frozen=True)
class PostedAnswer:
    posted_utc: str
    link: str


class PostedDialog(QDialog):
    """When the officer posted it, and its link (optional)."""

    def __init__(
        self,
        channel: str,
        parent: QWidget | None = None,
        clock: Clock | None = None,
        tasks: Tasks | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Posted by hand on {channel}").format(channel=channel))
        self._tasks = tasks if tasks is not None else Tasks()
        self._utc: datetime | None = None
        self._asking = False
        form = QFormLayout(self)
        # Now in UK time by the store's clock (the exercise's in an exercise), not the
        # computer's clock in its own zone.
        self.when = wall_clock_edit(now_local(clock=clock), self)
        self.when.setDisplayFormat("ddd dd/MM/yyyy HH:mm")
        self.link = QLineEdit(self)
        self.link.setPlaceholderText(self.tr("https://… (where the site gives one)"))
        form.addRow(self.tr("&Posted at"), self.when)
        form.addRow(self.tr("&Link"), self.link)
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

    def accept(self) -> None:
        """The time as a moment first: one in the hour the clocks skip is refused here,
        and one in the hour that happens twice asks which (it was taken as the first)."""
        if self._asking:
            return
        wall = typed(self.when)
        try:
            self._utc = local_to_utc(wall)
        except TimeInGap as gap:
            self.problem.setText(str(gap))
            self.problem.show()
            return
        except AmbiguousTime:
            self._asking = True
            self._tasks.spawn(self._which(wall))
            return
        super().accept()

    async def _which(self, wall: datetime) -> None:
        try:
            self._utc = await chosen_utc(self, wall)
        except LookupError:
            return  # not said which: the dialog stays for another time
        finally:
            self._asking = False
        super().accept()

    def answer(self) -> PostedAnswer:
        moment = self._utc if self._utc is not None else local_to_utc(typed(self.when))
        return PostedAnswer(to_iso(moment), self.link.text().strip())


class ByHandPanel(QGroupBox):
    def __init__(self, session: Session, tasks: Tasks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("byHand")
        self.session = session
        self._tasks = tasks
        self.items: list[manual.ByHand] = []
        self._due_seen: set[int] = set()
        self.heading = QLabel(self)
        self.table = QTableWidget(0, 3, self)
        self.table.setTabKeyNavigation(False)  # Tab leaves it; arrows move in it
        self.table.setHorizontalHeaderLabels([self.tr("Channel"), self.tr("Due"), self.tr("Text")])
        header = self.table.horizontalHeader()
        for column in (0, 1):  # the channel and the whole time, never cut short
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setMaximumHeight(150)
        self.copy_button = QPushButton(self.tr("Cop&y text"), self)
        self.copy_button.clicked.connect(self.copy_text)
        self.second_button = QPushButton(self.tr("Copy &second post"), self)
        self.second_button.clicked.connect(self.copy_second)
        self.second_button.hide()
        self.table.currentCellChanged.connect(lambda *_cells: self._show_choice())
        self.posted_button = QPushButton(self.tr("P&osted it…"), self)
        self.posted_button.clicked.connect(self.posted)
        self.result = QLabel(self)
        self.clipboard = TransientClipboard(self)
        row = QHBoxLayout()
        row.addWidget(self.copy_button)
        row.addWidget(self.second_button)
        row.addWidget(self.posted_button)
        row.addWidget(self.result, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.table)
        layout.addLayout(row)
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._tick)
        self._poll.start()
        self.hide()

    def _tick(self) -> None:
        """Look again, unless the console is locked (nothing shows over the lock)."""
        if not getattr(self.window(), "locked", False):
            self._tasks.spawn(self.reload())

    async def reload(self) -> None:
        self.items = await manual.due(self.session.store)
        self.table.setRowCount(len(self.items))
        for row, item in enumerate(self.items):
            when = local_text(item.scheduled_utc, seconds=False)
            words = " ".join(item.text.split())
            if item.second:  # two posts: both shown, in the order they are made
                words = self.tr("1: {first} · 2: {second}").format(
                    first=words, second=" ".join(item.second.split())
                )
            for column, text in enumerate((item.channel, when, words)):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                self.table.setItem(row, column, cell)
        self._show_choice()
        due = {item.target_id for item in self.items if item.due}
        self.heading.setText(
            self.tr("Posts to make by hand: {due} due now, {soon} soon").format(
                due=len(due), soon=len(self.items) - len(due)
            )
        )
        self.heading.setObjectName("errorText" if due else "")
        self.heading.style().polish(self.heading)
        if due - self._due_seen:  # something fell due since the last look: remind
            QApplication.alert(self.window())
        self._due_seen = due
        self.setVisible(bool(self.items))

    def _chosen(self) -> manual.ByHand | None:
        row = self.table.currentRow()
        if 0 <= row < len(self.items):
            return self.items[row]
        self.result.setText(self.tr("Select a post first."))
        return None

    def _show_choice(self) -> None:
        """Two linked posts chosen: a button for each post's text."""
        row = self.table.currentRow()
        two = 0 <= row < len(self.items) and bool(self.items[row].second)
        self.copy_button.setText(self.tr("Copy &first post") if two else self.tr("Cop&y text"))
        self.second_button.setVisible(two)

    def copy_text(self) -> None:
        chosen = self._chosen()
        if chosen is not None:
            self.clipboard.copy(chosen.text)
            self.result.setText(self.tr("Copied; Cordon clears it from the clipboard in 30 s."))

    def copy_second(self) -> None:
        chosen = self._chosen()
        if chosen is not None and chosen.second:
            self.clipboard.copy(chosen.second)
            self.result.setText(
                self.tr("Second post copied: post it after the first (as a reply where the "
                        "site has replies). Cordon clears it from the clipboard in 30 s.")
            )  # fmt: skip

    def posted(self) -> None:
        chosen = self._chosen()
        if chosen is None:
            return

        async def ask() -> None:
            answer = await PROMPTS.form(
                f"posted by hand: {chosen.channel}",
                lambda: PostedDialog(chosen.channel, self, self.session.store.clock, self._tasks),
            )
            if not isinstance(answer, PostedAnswer):
                return
            await manual.mark_posted(
                self.session, chosen.target_id, posted_utc=answer.posted_utc, link=answer.link
            )
            self._recorded(chosen)

        self._tasks.spawn(ask(), error=self.result.setText)

    def _recorded(self, chosen: manual.ByHand) -> None:
        self.result.setText(
            self.tr("Recorded as posted on {channel}, in your name.").format(channel=chosen.channel)
        )
        self._tasks.spawn(self.reload())

    def clear(self) -> None:
        self.table.setRowCount(0)
        self.items = []
        self.clipboard.clear_if_ours()
        self.hide()
