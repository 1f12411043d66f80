"""The channels' set-up: the force's accounts, added, switched on and off, and
which kinds of content need an approver.

Connecting a channel to its network and its sync health are in ``ui.channels.health_view``,
shown above this in the Channels area (``ui.channels.channels_area``).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
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

from console import approval, channel_admin
from console import queue as queue_service
from console.networks import NETWORKS
from console.permissions import Action, may
from console.session import Session
from storage.records import Channel, ContentKind, StoreKind
from ui.common.prompts import PROMPTS
from ui.common.tasks import Tasks
from ui.common.translations import QT_TRANSLATE_NOOP


@dataclass(frozen=True)
class NewChannel:
    name: str
    network: str
    account: str
    area: str


class NewChannelDialog(QDialog):
    """The new channel's details, checked before it closes (a name, not too long and
    not taken; an account): a problem is said in the form, and what was typed stays.
    ``taken``: the names of the channels there are."""

    def __init__(
        self, exercise: bool, taken: Collection[str] = (), parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._taken = frozenset(taken)
        self.setWindowTitle(self.tr("Add a channel"))
        self.setMinimumWidth(420)
        form = QFormLayout(self)
        self.name = QLineEdit(self)
        self.name.setPlaceholderText(self.tr("e.g. Northshire Police – Kingsbridge"))
        self.network = QComboBox(self)
        for key, spec in NETWORKS.items():
            if exercise and key != "simulator":
                continue
            self.network.addItem(spec.label, key)
        self.account = QLineEdit(self)
        self.account.setPlaceholderText(self.tr("the account it posts as"))
        self.area = QLineEdit(self)
        self.area.setPlaceholderText(self.tr("the force area or team, for incident holds"))
        form.addRow(self.tr("&Name"), self.name)
        form.addRow(self.tr("Net&work"), self.network)
        form.addRow(self.tr("&Account"), self.account)
        form.addRow(self.tr("A&rea"), self.area)
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
        problem = channel_admin.new_channel_problem(
            self.name.text(), self.account.text(), self._taken
        )
        if problem is None:
            super().accept()
            return
        self.problem.setText(problem)
        self.problem.show()
        wanting_account = bool(self.name.text().strip()) and not self.account.text().strip()
        (self.account if wanting_account else self.name).setFocus()

    def answer(self) -> NewChannel:
        return NewChannel(
            name=self.name.text(),
            network=str(self.network.currentData()),
            account=self.account.text(),
            area=self.area.text(),
        )


class ChannelsView(QWidget):
    def __init__(self, session: Session, tasks: Tasks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._tasks = tasks
        heading = QLabel(self.tr("Set-up"), self)
        heading.setObjectName("subHeading")
        note = QLabel(
            self.tr("Add a channel, enable or disable it, and say which kinds of content "
                    "need an approver. Connect it to its network above."),
            self,
        )  # fmt: skip
        note.setWordWrap(True)
        self.table = QTableWidget(0, 6, self)
        self.table.setTabKeyNavigation(False)  # Tab leaves it; arrows move in it
        self.table.setHorizontalHeaderLabels(
            [self.tr("Channel"), self.tr("Network"), self.tr("Account"), self.tr("Area"),
             self.tr("State"), self.tr("Needs approval")]
        )  # fmt: skip
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        # A handful of channels: the names may size their own column.
        self.table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents
        )
        self.add_button = QPushButton(self.tr("&Add channel…"), self)
        self.toggle_button = QPushButton(self.tr("&Enable / disable…"), self)
        self.rules_button = QPushButton(self.tr("Approval &rules…"), self)
        self.result = QLabel(self)
        self.result.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.toggle_button)
        buttons.addWidget(self.rules_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 12)
        layout.addWidget(heading)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.result)
        self.add_button.clicked.connect(self._add)
        self.toggle_button.clicked.connect(self._toggle)
        self.rules_button.clicked.connect(self._rules)
        self.adopt(session)

    def adopt(self, session: Session) -> None:
        self.session = session
        allowed = may(session.user, Action.MANAGE_CHANNELS)
        for button in (self.add_button, self.toggle_button):
            button.setEnabled(allowed)
            button.setToolTip("" if allowed else self.tr("Only an administrator can do this."))
        settings = may(session.user, Action.MANAGE_SETTINGS)
        self.rules_button.setEnabled(settings)
        self.rules_button.setToolTip(
            "" if settings else self.tr("Only an administrator can do this.")
        )

    async def refresh(self) -> None:
        found = await queue_service.channels(self.session.store)
        self.table.setRowCount(len(found))
        for row, channel in enumerate(found):
            state = self.tr("Enabled") if channel.enabled else self.tr("Disabled")
            label = (
                NETWORKS[channel.network].label if channel.network in NETWORKS else channel.network
            )
            rules = await approval.rules_for(self.session, channel.id)
            needs = ", ".join(kind_words(k) for k, needed in rules.items() if needed) or "—"
            for column, text in enumerate(
                (channel.name, label, "@" + channel.account, channel.area, state, needs)
            ):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, channel)
                self.table.setItem(row, column, item)

    def clear(self) -> None:
        self.table.setRowCount(0)
        self.result.clear()

    def names(self) -> list[str]:
        """The names of the channels the table shows."""
        items = (self.table.item(row, 0) for row in range(self.table.rowCount()))
        return [item.text() for item in items if item is not None]

    def selected(self) -> Channel | None:
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        channel = item.data(Qt.ItemDataRole.UserRole) if item else None
        return channel if isinstance(channel, Channel) else None

    def _add(self) -> None:
        exercise = self.session.store.kind is StoreKind.EXERCISE
        taken = self.names()

        async def add() -> None:
            answer = await PROMPTS.form(
                "add channel", lambda: NewChannelDialog(exercise, taken, self)
            )
            if answer is None:
                return
            channel = await channel_admin.add_channel(
                self.session,
                name=answer.name,
                network=answer.network,
                account=answer.account,
                area=answer.area,
            )
            self._after(self.tr("Added {n}.").format(n=channel.name))

        self._tasks.spawn(add(), error=self.result.setText)

    def _toggle(self) -> None:
        channel = self.selected()
        if channel is None:
            self.result.setText(self.tr("Select a channel first."))
            return
        title = (self.tr("Disable {name}") if channel.enabled else self.tr("Enable {name}")).format(
            name=channel.name
        )

        async def toggle() -> None:
            question = (
                self.tr("Why? A disabled channel publishes nothing; its queued posts wait.")
                if channel.enabled
                else self.tr("Why? An enabled channel publishes and syncs again.")
            )
            reason = await PROMPTS.text(self, title, question)
            if reason is None:
                return
            await channel_admin.set_enabled(
                self.session, channel.id, not channel.enabled, reason=reason
            )
            self._after(
                (
                    self.tr("{name} is now disabled.")
                    if channel.enabled
                    else self.tr("{name} is now enabled.")
                ).format(name=channel.name)
            )

        self._tasks.spawn(toggle(), error=self.result.setText)

    def _rules(self) -> None:
        channel = self.selected()
        if channel is None:
            self.result.setText(self.tr("Select a channel first."))
            return

        async def edit_rules() -> None:
            current = await approval.rules_for(self.session, channel.id)
            answer = await PROMPTS.form(
                f"approval rules: {channel.name}",
                lambda: RulesDialog(channel.name, current, self),
            )
            if answer is None:
                return
            wanted, reason = answer
            for kind, needed in wanted.items():
                if needed != current[kind]:
                    await approval.set_rule(self.session, channel.id, kind, needed, reason=reason)
            self._after(self.tr("Approval rules for {n} saved.").format(n=channel.name))

        self._tasks.spawn(edit_rules(), error=self.result.setText)

    def _after(self, text: str) -> None:
        self.result.setText(text)
        self._tasks.spawn(self.refresh())


KIND_LABELS = {
    ContentKind.POST: QT_TRANSLATE_NOOP("RulesDialog", "posts"),
    ContentKind.HOLDING_STATEMENT: QT_TRANSLATE_NOOP("RulesDialog", "holding statements"),
    ContentKind.REPLY: QT_TRANSLATE_NOOP("RulesDialog", "replies"),
}


def kind_words(kind: ContentKind) -> str:
    """A kind of content, in the officer's language (``holding statements``)."""
    return QCoreApplication.translate("RulesDialog", KIND_LABELS[kind])


class RulesDialog(QDialog):
    """Which kinds of content on one channel need an approver, and why the change."""

    def __init__(
        self, channel: str, current: dict[ContentKind, bool], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Approval rules: {c}").format(c=channel))
        form = QFormLayout(self)
        self.boxes: dict[ContentKind, QCheckBox] = {}
        for kind in KIND_LABELS:
            what = kind_words(kind)
            box = QCheckBox(
                self.tr("{what} need an approver").format(what=what[:1].upper() + what[1:])
            )
            box.setChecked(current.get(kind, False))
            self.boxes[kind] = box
            form.addRow(box)
        self.reason = QLineEdit(self)
        form.addRow(self.tr("&Why"), self.reason)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def answer(self) -> tuple[dict[ContentKind, bool], str]:
        return {k: b.isChecked() for k, b in self.boxes.items()}, self.reason.text().strip()
