"""What Cordon listens for: listening rules (approvers) and the threat-to-life
phrases (administrators), each change with its reason in the audit trail.

Opened from the Reports area (Listening and alerts…). The lists are read when it
opens and after each change; an officer who may not change a list sees it with
the buttons disabled and a tooltip saying who may.
"""

from __future__ import annotations

from collections.abc import Coroutine
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from console import queue as queue_service
from console.inbox import listening, threats
from console.inbox.listening import RuleKind
from console.permissions import Action, may
from console.session import Session
from console.timezone import local_text
from storage.listening import Rule
from storage.records import Channel
from ui.common.permission_tips import needs_role
from ui.common.prompts import PROMPTS
from ui.common.tasks import Tasks
from ui.common.translations import QT_TRANSLATE_NOOP

KIND_WORDS = {
    RuleKind.KEYWORD: QT_TRANSLATE_NOOP("RuleForm", "Keyword"),
    RuleKind.PHRASE: QT_TRANSLATE_NOOP("RuleForm", "Phrase"),
    RuleKind.HASHTAG: QT_TRANSLATE_NOOP("RuleForm", "Hashtag"),
    RuleKind.NAME: QT_TRANSLATE_NOOP("RuleForm", "Name"),
    RuleKind.AREA: QT_TRANSLATE_NOOP("RuleForm", "Area"),
}


@dataclass(frozen=True)
class RuleAnswer:
    kind: RuleKind
    value: str
    channel_id: int | None
    reason: str


class RuleForm(QDialog):
    def __init__(self, channels: list[Channel], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Listen for…"))
        self.setMinimumWidth(440)
        form = QFormLayout(self)
        self.kind = QComboBox(self)
        for kind, words in KIND_WORDS.items():
            self.kind.addItem(QCoreApplication.translate("RuleForm", words), kind.value)
        self.value = QLineEdit(self)
        self.value.setPlaceholderText(self.tr("e.g. Eastbridge market, #A140closure, Jo Smith"))
        self.channel = QComboBox(self)
        self.channel.addItem(self.tr("Every channel"), 0)
        for channel in channels:
            self.channel.addItem(channel.name, channel.id)
        self.reason = QLineEdit(self)
        self.reason.setPlaceholderText(self.tr("e.g. Public order event this weekend"))
        self.message = QLabel(self)
        self.message.setObjectName("errorText")
        self.message.setWordWrap(True)
        form.addRow(self.tr("&Kind"), self.kind)
        form.addRow(self.tr("&Words"), self.value)
        form.addRow(self.tr("&On"), self.channel)
        form.addRow(self.tr("&Reason"), self.reason)
        form.addRow(self.message)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._accept_if_valid)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def answer(self) -> RuleAnswer:
        channel = int(self.channel.currentData())
        return RuleAnswer(
            RuleKind(self.kind.currentData()),
            self.value.text().strip(),
            channel or None,
            self.reason.text().strip(),
        )

    def _accept_if_valid(self) -> None:
        answer = self.answer()
        if not answer.value:
            self.message.setText(self.tr("Type what to listen for."))
        elif not answer.reason:
            self.message.setText(self.tr("Say why: the reason goes in the audit trail."))
        else:
            self.accept()


class ListeningDialog(QDialog):
    def __init__(self, session: Session, tasks: Tasks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._tasks = tasks
        self.setWindowTitle(self.tr("Listening and threat-to-life phrases"))
        self.resize(860, 520)
        self.channels: list[Channel] = []
        self.rules: list[Rule] = []
        self.phrases: list[str] = []

        rules_box = QGroupBox(self.tr("Listening rules: matching items are flagged and "
                                      "counted; a sudden rise raises a notice"), self)  # fmt: skip
        self.rule_table = QTableWidget(0, 4, rules_box)
        self.rule_table.setTabKeyNavigation(False)  # Tab leaves it; arrows move in it
        self.rule_table.setHorizontalHeaderLabels(
            [self.tr("Kind"), self.tr("Listening for"), self.tr("On"), self.tr("Added")]
        )
        self.rule_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.rule_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.rule_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.rule_table.verticalHeader().setVisible(False)
        self.rule_table.horizontalHeader().setStretchLastSection(True)
        self.rule_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.add_rule_button = QPushButton(self.tr("&Add rule…"), rules_box)
        self.remove_rule_button = QPushButton(self.tr("&Remove rule…"), rules_box)
        self.add_rule_button.clicked.connect(self.add_rule)
        self.remove_rule_button.clicked.connect(self.remove_rule)
        rules_layout = QVBoxLayout(rules_box)
        rules_layout.addWidget(self.rule_table, 1)
        rules_layout.addLayout(_row(self.add_rule_button, self.remove_rule_button))

        phrases_box = QGroupBox(self.tr("Threat-to-life phrases: an urgent alert"), self)
        self.phrase_list = QListWidget(phrases_box)
        self.add_phrase_button = QPushButton(self.tr("Add &phrase…"), phrases_box)
        self.remove_phrase_button = QPushButton(self.tr("Remo&ve phrase…"), phrases_box)
        self.add_phrase_button.clicked.connect(self.add_phrase)
        self.remove_phrase_button.clicked.connect(self.remove_phrase)
        phrases_layout = QVBoxLayout(phrases_box)
        phrases_layout.addWidget(self.phrase_list, 1)
        phrases_layout.addLayout(_row(self.add_phrase_button, self.remove_phrase_button))

        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setObjectName("okText")
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        lists = QHBoxLayout()
        lists.addWidget(rules_box, 3)
        lists.addWidget(phrases_box, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(lists, 1)
        layout.addWidget(self.message)
        layout.addWidget(close)
        self._permissions()

    def _permissions(self) -> None:
        user = self.session.user
        for buttons, action in (
            ((self.add_rule_button, self.remove_rule_button), Action.MANAGE_LISTENING),
            ((self.add_phrase_button, self.remove_phrase_button), Action.MANAGE_THREAT_PHRASES),
        ):
            allowed = may(user, action)
            for button in buttons:
                button.setEnabled(allowed)
                button.setToolTip("" if allowed else needs_role(action))

    async def load(self) -> None:
        store = self.session.store
        self.channels = await queue_service.channels(store)
        self.rules = await listening.rules(store)
        self.phrases = await threats.phrases(store)
        names = {c.id: c.name for c in self.channels}
        self.rule_table.setRowCount(len(self.rules))
        for row, rule in enumerate(self.rules):
            on = names.get(rule.channel_id, "") if rule.channel_id else self.tr("Every channel")
            for column, text in enumerate((
                QCoreApplication.translate("RuleForm", KIND_WORDS[RuleKind(rule.kind)]),
                rule.value, on,
                f"{rule.created_by}, {local_text(rule.created_utc, compact=True)}",
            )):  # fmt: skip
                self.rule_table.setItem(row, column, QTableWidgetItem(text))
        self.rule_table.resizeColumnToContents(0)
        self.phrase_list.clear()
        self.phrase_list.addItems(self.phrases)

    def _changed(self, said: str) -> None:
        self.message.setText(said)
        self._tasks.spawn(self.load())

    def selected_rule(self) -> Rule | None:
        row = self.rule_table.currentRow()
        return self.rules[row] if 0 <= row < len(self.rules) else None

    def _asked(self, work: Coroutine[Any, Any, str | None]) -> None:
        """Run ``work`` (questions, then a change): what it says is shown and the
        lists read again; None (cancelled) changes nothing."""
        self._tasks.spawn(work, done=lambda said: None if said is None else self._changed(said))

    def add_rule(self) -> None:
        async def add() -> str | None:
            answer: RuleAnswer | None = await PROMPTS.form(
                "listening rule", lambda: RuleForm(self.channels, self)
            )
            if answer is None:
                return None
            rule = await listening.add_rule(
                self.session, answer.kind, answer.value, channel_id=answer.channel_id,
                reason=answer.reason,
            )  # fmt: skip
            return self.tr("Now listening for {kind} “{value}”.").format(
                kind=rule.kind, value=rule.value
            )

        self._asked(add())

    def remove_rule(self) -> None:
        rule = self.selected_rule()
        if rule is None:
            self._tasks.spawn(
                PROMPTS.inform(self, self.tr("Remove rule"), self.tr("Choose a rule first."))
            )
            return

        async def remove() -> str | None:
            reason = await PROMPTS.text(
                self, self.tr("Remove rule"),
                self.tr("Why stop listening for “{value}”?").format(value=rule.value),
            )  # fmt: skip
            if reason is None:
                return None
            await listening.remove_rule(self.session, rule.id, reason=reason)
            return self.tr("No longer listening for “{value}”.").format(value=rule.value)

        self._asked(remove())

    def add_phrase(self) -> None:
        async def add() -> str | None:
            text = await PROMPTS.text(
                self, self.tr("Add a threat-to-life phrase"),
                self.tr("The phrase (whole words; spelling variants are read as the same):"),
            )  # fmt: skip
            if text is None:
                return None
            reason = await PROMPTS.text(
                self, self.tr("Add a threat-to-life phrase"),
                self.tr("Why add “{text}”?").format(text=text),
            )  # fmt: skip
            if reason is None:
                return None
            await threats.add_phrase(self.session, text, reason=reason)
            return self.tr("“{text}” now raises an urgent alert.").format(text=text)

        self._asked(add())

    def remove_phrase(self) -> None:
        chosen = self.phrase_list.selectedItems()
        if not chosen:
            self._tasks.spawn(
                PROMPTS.inform(self, self.tr("Remove phrase"), self.tr("Choose a phrase first."))
            )
            return
        text = chosen[0].text()

        async def remove() -> str | None:
            reason = await PROMPTS.text(
                self, self.tr("Remove phrase"),
                self.tr("Why should “{text}” no longer raise an alert?").format(text=text),
            )  # fmt: skip
            if reason is None:
                return None
            await threats.remove_phrase(self.session, text, reason=reason)
            return self.tr("“{text}” no longer raises an alert.").format(text=text)

        self._asked(remove())


def _row(*buttons: QPushButton) -> QHBoxLayout:
    line = QHBoxLayout()
    for button in buttons:
        line.addWidget(button)
    line.addStretch(1)
    return line
