"""Answering the public from an opened conversation: a public reply or a direct
message, as the network allows, with a live counter against the channel's limit,
saved replies (their named fields filled in) and the reply service's word on
approval and incident holds.

``console.inbox.replies`` decides: ``refusal`` (what this network cannot do) and
``as_sent`` (the text as the network will carry it) are asked before anything is
stored, to grey out what will not go and to count what will; ``reply`` records it,
over ``seen_replies`` (the item's replies the officer has been shown, kept by the
pane). A reply someone else recorded since is shown in a question ("Sgt Patel replied
to this 20 s ago … Send your reply as well?"); the draft stays until it is recorded.

Signals: ``sent(int)``: a reply was recorded (the inbox item it answers).
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from console import settings
from console.concurrency import RepliedMeanwhile
from console.inbox import replies, saved_replies
from console.networks import TextRule, network
from console.permissions import Action, may
from console.session import Session
from storage.conversations import ConversationState
from storage.i18n import _
from storage.inbox import InboxRow
from storage.saved_replies import SavedReply
from ui.common.field_labels import field_label
from ui.common.prompts import PROMPTS
from ui.common.tasks import Tasks
from ui.inbox.saved_replies_dialog import SavedRepliesDialog

GREEN, AMBER, RED = "#1f6f43", "#9a5b00", "#b00020"


class FillDialog(QDialog):
    """The named fields of a saved reply, each to fill in (as holding statements)."""

    def __init__(self, reply: SavedReply, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Fill in “{name}”").format(name=reply.name))
        self.setMinimumWidth(460)
        self._reply = reply
        form = QFormLayout(self)
        text = QLabel(reply.body, self)
        text.setWordWrap(True)
        form.addRow(text)
        self.fields: dict[str, QLineEdit] = {}
        for name in saved_replies.reply_fields(reply):
            edit = QLineEdit(self)
            edit.setObjectName(f"field_{name}")
            self.fields[name] = edit
            form.addRow(field_label(name), edit)
        self.problem = QLabel(self)
        self.problem.setObjectName("errorText")
        self.problem.setWordWrap(True)
        form.addRow(self.problem)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Use it"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def answer(self) -> dict[str, str]:
        return {name: edit.text().strip() for name, edit in self.fields.items()}

    def accept(self) -> None:
        missing = [name for name, value in self.answer().items() if not value]
        if missing:
            listed = ", ".join(f"{{{n}}}" for n in missing)
            self.problem.setText(self.tr("Fill in {fields}.").format(fields=listed))
            return
        super().accept()


async def ask_to_send_anyway(parent: QWidget, meanwhile: RepliedMeanwhile) -> bool:
    """Show the replies a colleague recorded since this officer looked, and ask whether
    to send this one too (the reply composer and the threat-to-life reply ask alike)."""

    theirs = [
        (
            QCoreApplication.translate("ReplyComposer", "{who}, in public: “{text}”")
            if reply.public
            else QCoreApplication.translate("ReplyComposer", "{who}, by direct message: “{text}”")
        ).format(who=reply.author, text=reply.text)
        for reply in meanwhile.replies
    ]
    return await PROMPTS.confirm(
        parent,
        QCoreApplication.translate("ReplyComposer", "Answered meanwhile"),
        "\n\n".join(
            [
                str(meanwhile),
                *theirs,
                QCoreApplication.translate("ReplyComposer", "Send your reply as well?"),
            ]
        ),
        yes=QCoreApplication.translate("ReplyComposer", "Send mine as well"),
        no=QCoreApplication.translate("ReplyComposer", "Keep my draft"),
    )


async def reply_asking(
    parent: QWidget,
    session: Session,
    item_id: int,
    text: str,
    *,
    public: bool,
    seen: Collection[int],
    shown: Callable[[set[int]], None] = lambda _ids: None,
    threat_to_life: bool = False,
) -> replies.Reply | None:
    """Records the reply over the replies the officer was shown (``seen``). One a
    colleague recorded since is shown to them (``shown`` hears of it) and they are
    asked; None when they keep theirs back, so nothing is recorded."""
    seen = set(seen)
    while True:
        try:
            return await replies.reply(
                session, item_id, text, public=public, seen=seen, threat_to_life=threat_to_life
            )
        except RepliedMeanwhile as meanwhile:
            new = {r.target_id for r in meanwhile.replies}
            seen |= new
            shown(new)
            if not await ask_to_send_anyway(parent, meanwhile):
                return None


class ReplyComposer(QWidget):
    sent = Signal(int)

    def __init__(self, session: Session, tasks: Tasks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._tasks = tasks
        self.item: InboxRow | None = None
        self.rule: TextRule | None = None  # the channel's own (None: the network's)
        # The replies to the item (target ids) the officer has been shown: a reply
        # is sent over these, so one recorded meanwhile by someone else is asked about.
        self.seen_replies: frozenset[int] = frozenset()
        self.saved: list[SavedReply] = []
        self.answering = QLabel(self)
        self.answering.setWordWrap(True)
        self.public = QRadioButton(self.tr("&Public reply"), self)
        self.direct = QRadioButton(self.tr("&Direct message"), self)
        self.public.setChecked(True)
        how = QButtonGroup(self)
        how.addButton(self.public)
        how.addButton(self.direct)
        self.saved_choice = QComboBox(self)
        self.saved_choice.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.saved_choice.setMinimumContentsLength(14)
        self.saved_choice.setToolTip(self.tr("Saved replies: texts approvers keep ready"))
        self.use_saved = QPushButton(self.tr("&Insert…"), self)
        self.use_saved.clicked.connect(self.use_saved_reply)
        self.manage_saved = QPushButton(self.tr("&Manage…"), self)
        self.manage_saved.clicked.connect(self.manage_saved_replies)
        self.manage_saved.setToolTip(self.tr("Add, change or retire saved replies (approvers)"))
        self.text = QPlainTextEdit(self)
        self.text.setPlaceholderText(self.tr("Write the reply…"))
        self.text.setMinimumHeight(90)
        self.counter = QLabel(self)
        self.counter.setTextFormat(Qt.TextFormat.RichText)
        # What the reply does to the conversation: it moves on, as the officer chooses.
        self.after = QComboBox(self)
        self.after.addItem(self.tr("mark it answered"), "answered")
        self.after.addItem(self.tr("keep it open"), "open")
        self.after.addItem(self.tr("close it…"), "close")
        self.after.setToolTip(self.tr("What happens to the conversation once the reply is "
                                      "recorded"))  # fmt: skip
        self.send_button = QPushButton(self.tr("&Send reply"), self)
        self.send_button.setObjectName("primary")
        self.send_button.clicked.connect(self.send)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        # Laid out for the pane beside the list on a 1280 px screen (about 440 px).
        mode = QHBoxLayout()
        mode.addWidget(self.public)
        mode.addWidget(self.direct)
        mode.addStretch(1)
        mode.addWidget(self.manage_saved)
        saved = QHBoxLayout()
        saved.addWidget(QLabel(self.tr("Saved reply:"), self))
        saved.addWidget(self.saved_choice, 1)
        saved.addWidget(self.use_saved)
        bottom = QHBoxLayout()
        bottom.addWidget(QLabel(self.tr("Then"), self))
        bottom.addWidget(self.after)
        bottom.addStretch(1)
        bottom.addWidget(self.send_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.answering)
        layout.addLayout(mode)
        layout.addLayout(saved)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.counter)
        layout.addLayout(bottom)
        layout.addWidget(self.message)
        self.text.textChanged.connect(self.update_counter)
        self.public.toggled.connect(lambda _on: self.update_counter())
        self.adopt(session)
        self.set_item(None)

    def adopt(self, session: Session) -> None:
        self.session = session
        replies_allowed = may(session.user, Action.REPLY)
        self.send_button.setEnabled(replies_allowed)
        self.send_button.setToolTip(
            "" if replies_allowed else self.tr("Replying needs the Duty officer or Approver role.")
        )
        manages = may(session.user, Action.MANAGE_SAVED_REPLIES)
        self.manage_saved.setVisible(manages)

    def suggest_after(self, state: ConversationState) -> None:
        """A conversation that is a report stays open after a reply (its report is
        answered in Reports); any other is marked answered."""
        wanted = "open" if state in (ConversationState.REPORT, ConversationState.CLOSED,
                                     ConversationState.ANSWERED) else "answered"  # fmt: skip
        self.after.setCurrentIndex(self.after.findData(wanted))

    # -- what is answered --------------------------------------------------------------

    def set_item(self, item: InboxRow | None, rule: TextRule | None = None) -> None:
        """Answer ``item`` (None: nothing to answer), counted by its channel's ``rule``."""
        changed = item is None or self.item is None or item.id != self.item.id
        self.item = item
        if changed:
            self.seen_replies = frozenset()
        self.rule = rule
        if item is None:
            self.answering.setText(self.tr("Open a conversation to answer it."))
            self.setEnabled(False)
            self.counter.clear()
            return
        self.setEnabled(True)
        who = f"@{item.author_handle}"
        words = " ".join(item.text.split())
        start = words if len(words) <= 80 else words[:79].rstrip() + "…"
        self.answering.setText(
            self.tr("Answering {who} on {channel}: “{start}”").format(
                who=who, channel=item.channel, start=start
            )
        )
        public_no = replies.refusal(item.network, item, True)
        direct_no = replies.refusal(item.network, item, False)
        self.public.setEnabled(public_no is None)
        self.public.setToolTip(public_no or "")
        self.direct.setEnabled(direct_no is None)
        self.direct.setToolTip(direct_no or "")
        if changed:
            self.message.clear()
            (self.direct if public_no is not None else self.public).setChecked(True)
        self.update_counter()

    def update_counter(self) -> None:
        item = self.item
        if item is None:
            return
        spec = network(item.network)
        rule = self.rule or spec.rule
        sent = replies.as_sent(item.network, item, self.text.toPlainText())
        left = rule.remaining(sent)
        colour = RED if left < 0 else (AMBER if left < 20 else GREEN)
        said = (
            self.tr("{unit} on {network} (public reply)")
            if self.public.isChecked()
            else self.tr("{unit} on {network} (direct message)")
        )
        self.counter.setText(
            f"<span style='color:{colour}'><b>{rule.count(sent)}/{rule.limit}</b></span> "
            + said.format(unit=_(spec.unit), network=spec.label)
        )

    def used(self) -> int:
        """Characters the text counts for, as the network will carry it."""
        if self.item is None:
            return 0
        sent = replies.as_sent(self.item.network, self.item, self.text.toPlainText())
        return (self.rule or network(self.item.network).rule).count(sent)

    # -- saved replies ----------------------------------------------------------------

    async def load_saved(self) -> None:
        if not may(self.session.user, Action.WORK_INBOX):
            self.saved = []
        else:
            self.saved = await saved_replies.list_replies(self.session)
        self.saved_choice.clear()
        for reply in self.saved:
            self.saved_choice.addItem(reply.name, reply.id)
        has = bool(self.saved)
        if not has:
            self.saved_choice.addItem(self.tr("No saved replies yet"), 0)
        self.saved_choice.setEnabled(has)
        self.use_saved.setEnabled(has)

    def use_saved_reply(self) -> None:
        chosen = next((r for r in self.saved if r.id == self.saved_choice.currentData()), None)
        if chosen is None:
            return

        async def fill() -> None:
            values: dict[str, str] = {}
            if saved_replies.reply_fields(chosen):
                answer = await PROMPTS.form(
                    f"Fill in the saved reply: {chosen.name}", lambda: FillDialog(chosen, self)
                )
                if answer is None:
                    return
                values = dict(answer)
            choice = await settings.get(self.session.store, settings.BILINGUAL)
            try:
                text = saved_replies.filled(chosen, values, choice)  # both texts, if written
            except Exception as error:  # a sentence from the core: a field left empty
                self.message.setText(str(error))
                return
            self.text.setPlainText(text)
            self.text.setFocus()

        self._tasks.spawn(fill(), error=self.message.setText)

    def manage_saved_replies(self) -> None:
        dialog = SavedRepliesDialog(self.session, self._tasks, self)
        dialog.finished.connect(lambda _r: self._tasks.spawn(self.load_saved()))
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        self._tasks.spawn(dialog.load())
        dialog.open()
        self.saved_dialog = dialog

    # -- sending -----------------------------------------------------------------------

    def recorded_text(self) -> str:
        """What the composer says of a reply recorded to go out now."""
        return self.tr("Recorded: it goes out in a moment.")

    def send(self) -> None:
        item = self.item
        if item is None or not self.send_button.isEnabled():
            return
        text = self.text.toPlainText()
        public = self.public.isChecked()

        async def write() -> None:
            try:
                made = await reply_asking(
                    self, self.session, item.id, text, public=public,
                    seen=self.seen_replies, shown=lambda ids: self._also_seen(item, ids),
                )  # fmt: skip
                if made is None:
                    self.message.setText(self.tr("Not sent: your reply is kept here as it was."))
                    return
            finally:
                self.send_button.setEnabled(may(self.session.user, Action.REPLY))
            self._also_seen(item, {made.target_id})
            self.text.clear()
            if made.held:
                said = self.tr("Recorded, and held by incident mode: gold decides when it goes.")
            elif made.awaiting_approval:
                said = self.tr("Recorded; it waits for an approver: {why}.").format(
                    why="; ".join(made.awaiting_approval)
                )
            else:
                said = self.recorded_text()
            self.message.setText(said)
            self.sent.emit(item.id)

        self.send_button.setEnabled(False)  # until it is recorded: one click, one reply
        self.message.setText(self.tr("Sending…"))
        self._tasks.spawn(write(), error=self.message.setText)

    def _also_seen(self, item: InboxRow, target_ids: set[int]) -> None:
        if self.item is not None and self.item.id == item.id:
            self.seen_replies = self.seen_replies | target_ids
