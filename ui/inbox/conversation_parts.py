"""Parts of the inbox's conversation pane, each its own idea: times and authors as
the pane writes them, a reply's state in words, the assign dialog, and the author's
history with the force (``AuthorView``)."""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QTextBrowser,
    QWidget,
)

from console import inbox_list
from console.inbox.insights import AuthorInsights
from console.inbox.profile import public_figures
from console.timezone import local_text
from storage.conversations import FullItem
from storage.i18n import _
from storage.records import TargetStatus
from storage.replies import ReplyRow
from storage.stored_words import shown
from ui.common.translations import QT_TRANSLATE_NOOP

KIND_WORDS = dict(inbox_list.KINDS)


def time_text(stamp: str) -> str:
    try:
        return local_text(stamp, compact=True)
    except ValueError:
        return stamp


def author_text(handle: str, name: str) -> str:
    if name and name != handle:
        return f"{name} (@{handle})"
    return f"@{handle}"


REPLY_WORDS = {
    TargetStatus.QUEUED: QT_TRANSLATE_NOOP("ReplyState", "queued"),
    TargetStatus.PUBLISHING: QT_TRANSLATE_NOOP("ReplyState", "sending"),
    TargetStatus.PUBLISHED: QT_TRANSLATE_NOOP("ReplyState", "sent"),
    TargetStatus.FAILED: QT_TRANSLATE_NOOP("ReplyState", "failed"),
    TargetStatus.HELD: QT_TRANSLATE_NOOP("ReplyState", "held by incident mode"),
    TargetStatus.CANCELLED: QT_TRANSLATE_NOOP("ReplyState", "cancelled"),
    TargetStatus.MISSED: QT_TRANSLATE_NOOP("ReplyState", "missed"),
    TargetStatus.DRAFT: QT_TRANSLATE_NOOP("ReplyState", "draft"),
}


def reply_state(reply: ReplyRow) -> str:
    """How a reply stands, in words (``failed: the network's sentence``)."""
    words = QCoreApplication.translate(
        "ReplyState", REPLY_WORDS.get(reply.status, reply.status.value)
    )
    if reply.approval == "awaiting":
        words = QCoreApplication.translate("ReplyState", "waiting for an approver")
    if reply.status is TargetStatus.FAILED and reply.last_error:
        return f"{words}: {shown(reply.last_error)}"
    return words


class AssignDialog(QDialog):
    """An officer or a team, and why (a reassignment must say why)."""

    def __init__(
        self, officers: list[tuple[str, str]], team_names: list[str], current: str,
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.setWindowTitle(self.tr("Assign the conversation"))
        self.setMinimumWidth(420)
        self.who = QComboBox(self)
        for name, display in officers:
            self.who.addItem(
                self.tr("Officer: {who}").format(who=display or name), ("officer", name)
            )
        for team in team_names:
            self.who.addItem(self.tr("Team: {team}").format(team=team), ("team", team))
        self.reason = QLineEdit(self)
        self.reason.setPlaceholderText(
            self.tr("Why (needed when taking it from {who})").format(who=current)
            if current
            else self.tr("Optional")
        )
        form = QFormLayout(self)
        form.addRow(self.tr("&Give it to"), self.who)
        form.addRow(self.tr("&Why"), self.reason)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def answer(self) -> tuple[str, str, str]:
        kind, name = self.who.currentData()
        return str(kind), str(name), self.reason.text().strip()


class AuthorView(QTextBrowser):
    """The author's history with the force, read with a reason
    (``console.inbox.insights.author_insights``): where they are, when first and
    last seen, what they sent, reports made from their items, their public figures."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)

    def show_history(self, item: FullItem, found: AuthorInsights, reported: list[str]) -> None:
        row = item.row
        history = found.history
        kinds = ", ".join(
            f"{_(KIND_WORDS.get(k, k)).lower()} {n}" for k, n in history.by_kind.items()
        )
        parts = [
            f"<p><b>{html.escape(author_text(row.author_handle, row.author_name))}</b> "
            + html.escape(self.tr("on {channel}").format(channel=row.channel)) + "</p>",
            # Each count in a sentence of its own, so each takes its own plural form.
            "<p>" + html.escape(" ".join((
                self.tr("First seen {first}; last seen {last}.").format(
                    first=time_text(history.first_seen_utc),
                    last=time_text(history.last_seen_utc)),
                self.tr("%n item(s): {kinds}.", "", history.item_count).format(kinds=kinds),
                self.tr("In %n conversation(s).", "", history.conversation_count),
            ))) + "</p>",
        ]  # fmt: skip
        if reported:
            parts.append("<p>" + html.escape(self.tr("Reports: {refs}").format(
                refs=", ".join(sorted(set(reported))))) + "</p>")  # fmt: skip
        else:
            parts.append("<p>" + html.escape(self.tr("No report made from their items.")) + "</p>")
        figures = public_figures(row.network, item.raw)
        if figures:
            shown = ", ".join(f"{label}: {value}" for label, value in figures)
            parts.append(
                "<p>" + html.escape(self.tr("Public profile: {f}").format(f=shown)) + "</p>"
            )
        else:
            parts.append(
                "<p>"
                + html.escape(
                    self.tr("The network gives no public profile figures for this author.")
                )
                + "</p>"
            )
        earlier = "".join(
            f"<li>{html.escape(time_text(i.created_utc))} — "
            f"{html.escape(' '.join(i.text.split())[:160])}</li>"
            for i in found.earlier
        )
        parts.append(
            "<p><b>" + self.tr("Their items, newest first") + f"</b></p><ul>{earlier}</ul>"
        )
        self.setHtml("".join(parts))
