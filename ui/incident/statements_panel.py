"""The incident area's holding statements and pull-backs.

The statements sent in this incident, one row per channel with its state (pinned,
unpinning…) and result, with pin and unpin, and for an approver the approval of one
awaiting it (four eyes: gold approves here, not only in the queue); under them the
posts found in the networks' own schedulers, each held here and removed there, and
what could not be read. ``IncidentView`` shows this panel while an incident runs and
asks it to show an incident after each refresh; ``pinned`` is what stand-down offers
to unpin.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from console import approval
from console.permissions import Action, may
from console.session import Session
from console.timezone import local_text
from incident import engage, report, statements
from storage.errors import StoreError
from storage.incidents import Incident
from storage.queue import QueueRow
from storage.store import Store
from storage.stored_words import shown
from ui.common.prompts import PROMPTS
from ui.common.tasks import Tasks


class StatementsPanel(QWidget):
    def __init__(
        self, tasks: Tasks, say: Callable[[str], None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._say = say
        self.session: Session | None = None
        self._statement_ids: list[int] = []
        self._rows: list[QueueRow] = []
        self.pinned = 0  # statements pinned now (what stand-down offers to unpin)
        statements_heading = QLabel(self.tr("Holding statements"), self)
        statements_heading.setObjectName("subHeading")
        self.table = QTableWidget(0, 4, self)
        self.table.setTabKeyNavigation(False)  # Tab leaves it; arrows move in it
        self.table.setHorizontalHeaderLabels(
            [self.tr("Channel"), self.tr("State"), self.tr("Statement"), self.tr("Result")]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 170)
        self.table.setColumnWidth(1, 200)
        self.table.setColumnWidth(3, 300)
        self.table.setMaximumHeight(170)
        # Three statements seen at least, however many posts are held above (at 1280x800
        # the held posts once left room for a row and a half).
        rows = self.table.verticalHeader().defaultSectionSize()
        header = self.table.horizontalHeader().sizeHint().height()
        self.table.setMinimumHeight(header + 3 * rows + 2 * self.table.frameWidth())
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.approve_button = QPushButton(self.tr("&Approve statement…"), self)
        self.approve_button.setToolTip(
            self.tr("Approve the selected statement awaiting approval: it goes out at once "
                    "(four eyes: not one you wrote)")
        )  # fmt: skip
        self.approve_button.clicked.connect(self.approve_selected)
        self.approve_button.hide()
        self.pin_button = QPushButton(self.tr("Pi&n selected statement"), self)
        self.pin_button.setToolTip(
            self.tr("Pin it to the top of the profile or Page, where the network can")
        )
        self.pin_button.clicked.connect(self.pin_selected)
        self.unpin_button = QPushButton(self.tr("&Unpin"), self)
        self.unpin_button.setToolTip(self.tr("Take a pinned statement off the top again"))
        self.unpin_button.clicked.connect(self.unpin_selected)
        statements_row = QHBoxLayout()
        statements_row.addWidget(statements_heading)
        statements_row.addStretch(1)
        statements_row.addWidget(self.approve_button)
        statements_row.addWidget(self.pin_button)
        statements_row.addWidget(self.unpin_button)
        self.pulled_heading = pulled_heading = QLabel(
            self.tr("Pulled back from the networks' own schedulers"), self
        )
        pulled_heading.setObjectName("subHeading")
        pulled_heading.setToolTip(
            self.tr("Posts scheduled with a network's own tools: each is kept here, held, "
                    "and removed from the network's schedule.")
        )  # fmt: skip
        self.pulled = QTableWidget(0, 4, self)
        self.pulled.setTabKeyNavigation(False)  # Tab leaves it; arrows move in it
        self.pulled.setHorizontalHeaderLabels(
            [self.tr("Channel"), self.tr("Was due (UK)"), self.tr("Post"), self.tr("Result")]
        )
        self.pulled.verticalHeader().setVisible(False)
        self.pulled.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.pulled.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.pulled.setColumnWidth(0, 170)
        self.pulled.setColumnWidth(1, 190)
        self.pulled.setColumnWidth(3, 300)
        self.pulled.setMaximumHeight(130)
        self.pull_warning = QLabel(self)
        self.pull_warning.setObjectName("warningText")
        self.pull_warning.setWordWrap(True)
        self.pull_warning.hide()

        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(statements_row)
        column.addWidget(self.table, 1)
        column.addWidget(pulled_heading)
        column.addWidget(self.pull_warning)
        column.addWidget(self.pulled, 1)

    def adopt(self, session: Session) -> None:
        self.session = session
        sends = may(session.user, Action.SEND_PREAPPROVED_STATEMENT)
        self.pin_button.setEnabled(sends)
        self.unpin_button.setEnabled(sends)
        self.approve_button.setVisible(may(session.user, Action.APPROVE))

    def clear(self) -> None:
        self.table.setRowCount(0)
        self.pulled.setRowCount(0)
        self.pull_warning.hide()

    async def show_incident(self, store: Store, incident: Incident) -> None:
        await self._show_statements(store, incident)
        await self._show_pulled_back(store, incident)

    @property
    def rows(self) -> list[QueueRow]:
        """The statements as the list shows them, one row per channel."""
        return list(self._rows)

    async def _show_statements(self, store: Store, incident: Incident) -> None:
        built = await report.statement_rows(store, incident.id)
        self._rows = built
        self._statement_ids = [item.target_id for item in built]
        pins = await statements.pin_states(store, self._statement_ids)
        self.pinned = sum(1 for pin, _ in pins.values() if pin in ("pinned", "unpin_failed"))
        self.table.setRowCount(len(built))
        for row, item in enumerate(built):
            state = item.status.label
            if item.approval == "awaiting":
                state = self.tr("awaiting approval")
            result = item.remote_url or shown(item.last_error)
            pin, why = pins.get(item.target_id, ("", ""))
            why = shown(why)
            if pin == "pinned":
                state += self.tr(" · pinned")
            elif pin == "requested":
                state += self.tr(" · pinning…")
            elif pin == "failed":
                result = self.tr("Not pinned: {why}").format(why=why)
            elif pin == "unpinning":
                state += self.tr(" · unpinning…")
            elif pin == "unpinned":
                state += self.tr(" · unpinned")
            elif pin == "unpin_failed":
                state += self.tr(" · pinned")
                result = self.tr("Not unpinned: {why}").format(why=why)
            for column, text in enumerate((item.channel, state, " ".join(item.text.split()),
                                           result)):  # fmt: skip
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                self.table.setItem(row, column, cell)

    async def _show_pulled_back(self, store: Store, incident: Incident) -> None:
        found = await engage.pulled_back(store, incident.id)
        checks = await engage.scheduler_checks(store, incident.id)
        self.pulled.setRowCount(len(found))
        for row, item in enumerate(found):
            result = {
                "pulled": self.tr("Removed from the network's schedule; held here"),
                "pulling": self.tr("Removing from the network's schedule…"),
                "failed": self.tr("STILL SCHEDULED on the network: {e} (trying again)").format(
                    e=shown(item.last_error)
                ),
            }[item.state]
            when = local_text(item.scheduled_utc, seconds=False) if item.scheduled_utc else "-"
            for column, text in enumerate((item.channel, when, " ".join(item.text.split()),
                                           result)):  # fmt: skip
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                self.pulled.setItem(row, column, cell)
        stuck = [item for item in found if item.state == "failed"]
        unread = [check for check in checks if check.last_error]
        lines = (
            [
                self.tr(
                    "%n post(s) still scheduled on {channels}: Cordon keeps trying.", "", len(stuck)
                ).format(channels=", ".join(sorted({i.channel for i in stuck})))
            ]
            if stuck
            else []
        )
        lines += [
            self.tr("{channel}'s own schedule could not be read: {e}").format(
                channel=check.channel, e=shown(check.last_error)
            )
            for check in unread
        ]
        self.pull_warning.setText("\n".join(lines))
        self.pull_warning.setVisible(bool(lines))
        # Only when there is something to say: the room goes to the held posts.
        self.pulled.setVisible(bool(found))
        self.pulled_heading.setVisible(bool(found) or bool(lines))

    def _chosen_statements(self) -> list[int]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self._statement_ids[r] for r in rows if r < len(self._statement_ids)]

    def approve_selected(self) -> None:
        """Approve the selected statements awaiting approval, each post once, against
        what this list shows (changed meanwhile: refused with who changed it)."""
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        chosen = [self._rows[r] for r in rows if r < len(self._rows)]
        waiting = [row for row in chosen if row.approval == "awaiting"]
        if not waiting:
            self._say(self.tr("Select a statement awaiting approval first."))
            return
        seen: dict[int, dict[int, QueueRow]] = {}
        for row in self._rows:  # every channel of each chosen post, as shown
            if any(row.post_id == w.post_id for w in waiting):
                seen.setdefault(row.post_id, {})[row.target_id] = row

        async def approve() -> None:
            reason = await PROMPTS.text(
                self,
                self.tr("Approve the statement"),
                self.tr("Why is it fit to publish? (It goes in the audit trail.)"),
            )
            if reason is None:
                return
            refusals = []
            for post_id, shown_rows in seen.items():
                try:
                    await approval.approve(self._session(), post_id, reason=reason, seen=shown_rows)
                except StoreError as refused:
                    refusals.append(str(refused))
            approved = len(seen) - len(refusals)
            said = (
                [self.tr("Approved: the statement goes out now.")] if approved else []
            ) + refusals
            self._say(" ".join(said))

        self._tasks.spawn(approve(), error=self._say)

    def pin_selected(self) -> None:
        chosen = self._chosen_statements()
        if not chosen:
            self._say(self.tr("Select a statement that has gone out first."))
            return
        self._tasks.spawn(
            statements.request_pin(self._session(), chosen),
            done=lambda n: self._say(
                self.tr("Pinning %n statement(s): the result shows in the list.", "", n)
            ),
            error=self._say,
        )

    def unpin_selected(self) -> None:
        chosen = self._chosen_statements()
        if not chosen:
            self._say(self.tr("Select a pinned statement first."))
            return
        self._tasks.spawn(
            statements.request_unpin(self._session(), chosen),
            done=lambda n: self._say(
                self.tr("Unpinning %n statement(s): the result shows in the list.", "", n)
            ),
            error=self._say,
        )

    def _session(self) -> Session:
        assert self.session is not None, "adopt() comes first"
        return self.session
