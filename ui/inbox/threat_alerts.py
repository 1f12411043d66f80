"""Threat-to-life alerts and listening surges in the main window.

* **Threat to life.** ``console.inbox.threats`` raises an alert in the transaction
  that stores an item holding a listed phrase. The red ``ThreatBanner`` under the
  mode banner shows, on every area, the oldest open alert (its channel, when it
  was raised, the phrase found) and how many more wait; it appears within moments
  of sync storing the item (``SyncBridge.inboxArrived``), and a slow poll catches
  alerts raised any other way. A new alert flashes the band and asks the desktop
  for attention (``QApplication.alert``). It stays until an officer acknowledges
  it: Acknowledge… asks why they are reading the message (the consultation,
  ``threats.acknowledge`` records who, when and why), then shows the message and
  offers the standard reply directing the person to 999, sent through the
  channel (``console.inbox.replies.reply``), in public or by direct message as
  the network allows, with the result (sent, waiting, failed with the network's
  words) in the dialog.
* **Surges.** ``console.inbox.listening.surges`` names each rule whose last hour
  rose sharply; the amber ``SurgeNotice`` shows one line per surge, each
  dismissible. A dismissed surge stays hidden while it lasts and comes back if the
  rule quietens and then rises again.

Locked, the band says only how many alerts are open (nothing of the message) and
Acknowledge… waits for the unlock.

Signals: ``alertsChanged(int)``: the number of open alerts changed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from console import inbox_list
from console import queue as queue_service
from console.inbox import listening, replies, threats
from console.inbox.listening import Surge
from console.permissions import Action, may
from console.session import Session
from console.timezone import local_text
from storage.i18n import _
from storage.listening import AlertRow
from storage.records import TargetStatus
from storage.replies import ReplyRow
from storage.stored_words import shown
from ui.common.permission_tips import needs_role
from ui.common.prompts import PROMPTS
from ui.common.sync_bridge import SyncBridge
from ui.common.tasks import Tasks
from ui.inbox.reply_composer import reply_asking
from widgets.threat_banner import SurgeNotice, ThreatBanner

POLL_MS = 15_000  # alerts raised other than by this window's sync
FLASHES = 12  # half-seconds of flashing for a new alert, then steady red
KIND_WORDS = dict(inbox_list.KINDS)


def _time(iso: str) -> str:
    try:
        return local_text(iso, compact=True)
    except ValueError:
        return iso


def _phrases(alert: AlertRow) -> str:
    return ", ".join(f"“{p}”" for p in alert.phrases)


class ThreatAlerts(QObject):
    alertsChanged = Signal(int)

    def __init__(
        self,
        session: Session,
        tasks: Tasks,
        bridge: SyncBridge,
        window: QWidget,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__(window)
        self.session = session
        self._tasks = tasks
        # The store's "now" by default: in an exercise, the exercise clock's time (a
        # surge is looked for in the exercise's last hours, not the machine's).
        self.now = now or (lambda: self.session.store.clock())
        self.banner = ThreatBanner(window)
        self.banner.acknowledgeRequested.connect(self.acknowledge)
        self.surge_notice = SurgeNotice(window)
        self.surge_notice.dismissed.connect(self.dismiss_surge)
        self.alerts: list[AlertRow] = []
        self.surges: list[Surge] = []
        self.dismissed: set[int] = set()  # rule ids whose current surge was dismissed
        self.reply_dialog: ThreatReplyDialog | None = None
        self.locked = False
        self._channels: dict[int, str] = {}
        self._known: set[int] = set()
        self._refreshing: asyncio.Future[None] | None = None  # the read under way
        self._again = False
        self._acknowledging = False
        self._flashes = 0
        self._flash = QTimer(self)
        self._flash.setInterval(500)
        self._flash.timeout.connect(self._toggle_flash)
        self._soon = QTimer(self)
        self._soon.setSingleShot(True)
        self._soon.setInterval(300)
        self._soon.timeout.connect(self.refresh_later)
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self.refresh_later)
        self._poll.start()
        bridge.inboxArrived.connect(lambda _n: self._soon.isActive() or self._soon.start())
        # Items stored before the bridge's first read raise no inboxArrived: once it
        # has read, look again (an alert raised between this object's first read and
        # the bridge's would otherwise wait for the poll).
        self._after_first_count = True
        bridge.healthChanged.connect(lambda: self._bridge_read(bridge))

    def _bridge_read(self, bridge: SyncBridge) -> None:
        if self._after_first_count and bridge.counted:
            self._after_first_count = False
            if not self._soon.isActive():
                self._soon.start()

    @property
    def _window(self) -> QWidget:
        # The parent, not an attribute: an attribute would make a reference cycle that
        # keeps the window's wrapper alive after Qt deleted it.
        window = self.parent()
        assert isinstance(window, QWidget)
        return window

    # -- reading -------------------------------------------------------------------------

    def refresh_later(self) -> None:
        self._tasks.spawn(self.refresh())

    async def refresh(self) -> None:
        """Read the open alerts and the surges, and show them (one read at a time).
        Asked while a read is under way, it returns once a read begun after the ask
        has been shown (the one under way reads again when it ends)."""
        if self._refreshing is not None:
            self._again = True
            await asyncio.shield(self._refreshing)
            return
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._refreshing = done
        try:
            while True:
                self._again = False
                store = self.session.store
                alerts = await threats.open_alerts(store)
                if any(a.channel_id not in self._channels for a in alerts):
                    found = await queue_service.channels(store)
                    self._channels = {c.id: c.name for c in found}
                surges = await listening.surges(store, self.now())
                self._show(alerts, surges)
                if not self._again:
                    break
        finally:
            self._refreshing = None
            done.set_result(None)

    def _show(self, alerts: list[AlertRow], surges: list[Surge]) -> None:
        new = {a.id for a in alerts} - self._known
        self._known = {a.id for a in alerts}
        changed = [a.id for a in alerts] != [a.id for a in self.alerts]
        self.alerts = alerts
        surging = {s.rule.id for s in surges}
        self.dismissed &= surging  # a surge that ended may be shown again next time
        self.surges = surges
        self.show_state()
        if new:
            self._flashes = FLASHES
            self._flash.start()
            QApplication.alert(self._window)
        if changed:
            self.alertsChanged.emit(len(alerts))

    def show_state(self) -> None:
        alerts = self.alerts
        if not alerts:
            self.banner.clear()
            self._flash.stop()
        elif self.locked:
            self.banner.show_alert(
                self.tr("THREAT TO LIFE: %n urgent alert(s) open", "", len(alerts)),
                self.tr("Unlock the console to read and answer it."),
                0,
                can_acknowledge=False,
            )
        else:
            oldest = alerts[0]
            channel = self._channels.get(oldest.channel_id, f"channel {oldest.channel_id}")
            total = len(alerts)
            headline = (
                self.tr("THREAT TO LIFE: a message on {channel} holds {phrases}")
                if total == 1
                else self.tr("THREAT TO LIFE: %n urgent alert(s). Oldest: a message on "
                             "{channel} holds {phrases}", "", total)
            ).format(channel=channel, phrases=_phrases(oldest))  # fmt: skip
            detail = self.tr(
                "Raised {time}. Acknowledge it to read the message and send the "
                "standard reply directing the person to 999."
            ).format(time=_time(oldest.raised_utc))
            allowed = may(self.session.user, Action.ACKNOWLEDGE_ALERT)
            self.banner.show_alert(headline, detail, total - 1, can_acknowledge=allowed)
            self.banner.acknowledge_button.setToolTip(
                self.tr("Read the message (recorded with your reason) and answer it")
                if allowed
                else needs_role(Action.ACKNOWLEDGE_ALERT)
            )
        shown = [] if self.locked else [s for s in self.surges if s.rule.id not in self.dismissed]
        self.surge_notice.show_surges([(s.rule.id, s.sentence) for s in shown])

    def _toggle_flash(self) -> None:
        self._flashes -= 1
        if self._flashes <= 0 or not self.alerts:
            self._flash.stop()
            self.banner.set_flash(False)
            return
        self.banner.set_flash(self._flashes % 2 == 1)

    def dismiss_surge(self, rule_id: object) -> None:
        if isinstance(rule_id, int):
            self.dismissed.add(rule_id)
            self.show_state()

    # -- acknowledging -----------------------------------------------------------------

    def acknowledge(self) -> None:
        """The oldest open alert: ask why, record it, then show the message."""
        if self.locked or not self.alerts or self._acknowledging:
            return
        alert = self.alerts[0]
        channel = self._channels.get(alert.channel_id, "")
        self._acknowledging = True  # now: a second press while asked does nothing
        session = self.session

        async def run() -> threats.Acknowledged | None:
            try:
                reason = await PROMPTS.text(
                    self._window,
                    self.tr("Acknowledge the alert"),
                    self.tr("A message on {channel} holds {phrases}. Why are you reading it? "
                            "(recorded with your name in the audit trail)").format(
                        channel=channel, phrases=_phrases(alert)
                    ),
                )  # fmt: skip
                if reason is None:
                    return None
                try:
                    return await threats.acknowledge(session, alert.id, justification=reason)
                finally:
                    await self.refresh()
            finally:
                self._acknowledging = False

        def done(seen: threats.Acknowledged | None) -> None:
            if seen is not None:
                self._acknowledged(seen, session)

        self._tasks.spawn(run(), done=done)

    def _still_for(self, session: Session) -> bool:
        """Whether the message may be shown: not locked, and the same officer's session."""
        return not self.locked and session is self.session

    def _acknowledged(self, seen: threats.Acknowledged, session: Session | None = None) -> None:
        session = session or self.session
        if not self._still_for(session):
            return  # locked since: the message never shows on a locked console

        async def offer() -> None:
            text = await threats.standard_reply(session.store)
            if not self._still_for(session):
                return  # locked, or another officer signed in, while it was read
            if self.reply_dialog is not None:
                self.reply_dialog.close()
            dialog = ThreatReplyDialog(self.session, self._tasks, seen, text, self._window)
            dialog.finished.connect(lambda _r: self._dialog_closed(dialog))
            self.reply_dialog = dialog
            dialog.open()

        self._tasks.spawn(offer())

    def _dialog_closed(self, dialog: ThreatReplyDialog) -> None:
        if self.reply_dialog is dialog:
            self.reply_dialog = None
        dialog.deleteLater()

    # -- the window's life ---------------------------------------------------------------

    def set_locked(self, locked: bool) -> None:
        self.locked = locked
        if locked and self.reply_dialog is not None:
            self.reply_dialog.close()
        self.show_state()

    def adopt(self, session: Session) -> None:
        self.session = session
        self.refresh_later()

    def detach(self) -> None:
        self._poll.stop()
        self._soon.stop()
        self._flash.stop()
        if self.reply_dialog is not None:
            self.reply_dialog.close()


class ThreatReplyDialog(QDialog):
    """The message an alert was raised on, as acknowledged, and the standard reply.

    The reply goes through ``replies.reply`` (the network's limits, approval rules
    and incident holds apply); the dialog then follows it until the network took
    it or refused it, and says which."""

    def __init__(
        self,
        session: Session,
        tasks: Tasks,
        seen: threats.Acknowledged,
        standard_reply: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self._tasks = tasks
        self.seen = seen
        self.sent: replies.Reply | None = None
        item, alert = seen.item, seen.alert
        self.setWindowTitle(self.tr("Threat-to-life alert: the message"))
        self.setMinimumWidth(620)
        layout = QVBoxLayout(self)
        heading = QLabel(
            self.tr("{kind} from {author} on {channel}").format(
                kind=_(KIND_WORDS.get(item.kind, item.kind)),
                author=f"{item.author_name} (@{item.author_handle})"
                if item.author_name and item.author_name != item.author_handle
                else f"@{item.author_handle}",
                channel=item.channel,
            ),
            self,
        )
        heading.setObjectName("subHeading")
        heading.setWordWrap(True)
        meta = QLabel(
            self.tr("Written {written} · phrase found: {phrases} · acknowledged by {who} at "
                    "{at}").format(
                written=_time(item.created_utc), phrases=_phrases(alert),
                who=alert.seen_by or "", at=_time(alert.seen_utc or ""),
            ),
            self,
        )  # fmt: skip
        meta.setWordWrap(True)
        self.message = QPlainTextEdit(item.text, self)
        self.message.setReadOnly(True)
        self.message.setMaximumHeight(110)
        link = QLabel(f'<a href="{item.url}">{item.url}</a>' if item.url else "", self)
        link.setOpenExternalLinks(True)
        link.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        reply_heading = QLabel(self.tr("The standard reply, directing the person to 999"), self)
        reply_heading.setObjectName("subHeading")
        self.reply_text = QPlainTextEdit(standard_reply, self)
        self.reply_text.setMaximumHeight(120)
        self.public = QRadioButton(self.tr("Reply in &public, under the message"), self)
        self.direct = QRadioButton(self.tr("Send a &direct message to the author"), self)
        ways = QHBoxLayout()
        ways.addWidget(self.public)
        ways.addWidget(self.direct)
        ways.addStretch(1)
        public_problem = replies.refusal(item.network, item, True)
        direct_problem = replies.refusal(item.network, item, False)
        self.public.setEnabled(public_problem is None)
        self.public.setToolTip(public_problem or "")
        self.direct.setEnabled(direct_problem is None)
        self.direct.setToolTip(direct_problem or "")
        if public_problem is None and item.kind != "message":
            self.public.setChecked(True)
        elif direct_problem is None:
            self.direct.setChecked(True)
        self.status = QLabel(self)
        self.status.setObjectName("replyStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.status.setOpenExternalLinks(True)
        self.send_button = QPushButton(self.tr("&Send the standard reply"), self)
        self.send_button.setObjectName("primary")
        self.send_button.clicked.connect(self.send)
        self.send_button.setEnabled(
            may(session.user, Action.REPLY) and (public_problem is None or direct_problem is None)
        )
        if not may(session.user, Action.REPLY):
            self.send_button.setToolTip(needs_role(Action.REPLY))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.addButton(self.send_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout.addWidget(heading)
        layout.addWidget(meta)
        layout.addWidget(self.message)
        layout.addWidget(link)
        layout.addSpacing(6)
        layout.addWidget(reply_heading)
        layout.addWidget(self.reply_text)
        layout.addLayout(ways)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.replies_when_opened: frozenset[int] = frozenset()
        # Whether the replies it already had have been read: until then a send is made
        # over none, so any reply there is is asked about first (never sent over unseen).
        self.replies_read = False
        self._tasks.spawn(
            replies.replies_to(session.store, item.id),
            done=lambda found: self._note_replies(found),
        )
        self._follow = QTimer(self)
        self._follow.setInterval(500)
        self._follow.timeout.connect(self._check_reply)
        self._checking = False

    def _note_replies(self, found: list[ReplyRow]) -> None:
        """The replies the message already had when the dialog opened, said on it."""
        self.replies_when_opened = frozenset(r.target_id for r in found)
        self.replies_read = True
        found = [r for r in found if r.status is not TargetStatus.CANCELLED]
        if found and self.sent is None:
            self._say(
                self.tr("Already answered: {replies}").format(
                    replies="; ".join(f"{r.author}: “{r.text}”" for r in found)
                ),
                None,
            )

    def _say(self, text: str, ok: bool | None) -> None:
        self.status.setText(text)
        self.status.setProperty("ok", "" if ok is None else ("true" if ok else "false"))
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)

    def send(self) -> None:
        if self.sent is not None:  # it failed: the same reply again, never a second one
            self._send_again(self.sent)
            return
        text = self.reply_text.toPlainText().strip()
        public = self.public.isChecked()
        if not (public or self.direct.isChecked()):
            self._say(self.tr("Choose how to answer: in public or by direct message."), False)
            return
        self.send_button.setEnabled(False)
        self._say(self.tr("Recording the reply…"), None)

        async def record() -> None:
            # Answered over the replies there were when this dialog opened: one a
            # colleague recorded since is shown and asked about before this one goes.
            # A person who may be at risk is answered at once: an incident's hold does
            # not keep this reply back (the trail records that it let it go).
            made = await reply_asking(
                self, self.session, self.seen.item.id, text, public=public,
                seen=self.replies_when_opened, threat_to_life=True,
            )  # fmt: skip
            if made is None:
                self._say(self.tr("Not sent: a colleague has answered."), None)
                self.send_button.setEnabled(True)
                return
            self._queued(made)

        self._tasks.spawn(record(), error=self._refused)

    def _send_again(self, sent: replies.Reply) -> None:
        self.send_button.setEnabled(False)
        self._say(self.tr("Sending it again…"), None)

        def again(_none: object) -> None:
            self._say(self.tr("Sending it again…"), None)
            self._follow.start()

        self._tasks.spawn(
            replies.retry(self.session, sent.target_id, reason=replies.RETRIED_999),
            done=again,
            error=self._refused,
        )

    def _refused(self, sentence: str) -> None:
        self._say(self.tr("Not sent: {why}").format(why=sentence), False)
        self.send_button.setEnabled(True)

    def _queued(self, sent: replies.Reply) -> None:
        self.sent = sent
        if sent.held:
            self._say(self.tr("Recorded, but held by the incident in progress: it goes when "
                              "gold releases it."), None)  # fmt: skip
        elif sent.awaiting_approval:
            self._say(self.tr("Recorded; it waits for an approver ({why}).").format(
                why="; ".join(sent.awaiting_approval)), None)  # fmt: skip
        elif sent.not_held:
            self._say(self.tr("Recorded: sending now. A reply to a threat to life is not held "
                              "by the incident in progress."), None)  # fmt: skip
        else:
            self._say(self.tr("Recorded: sending now…"), None)
        self._follow.start()

    def _check_reply(self) -> None:
        if self.sent is None or self._checking:
            return
        self._checking = True

        async def check() -> list[ReplyRow]:
            try:
                return await replies.replies_to(self.session.store, self.seen.item.id)
            finally:
                self._checking = False

        self._tasks.spawn(check(), done=self._show_reply)

    def _show_reply(self, found: list[ReplyRow]) -> None:
        sent = self.sent
        row = next((r for r in found if sent is not None and r.target_id == sent.target_id), None)
        if row is None:
            return
        if row.status is TargetStatus.PUBLISHED:
            self._follow.stop()
            where = f' <a href="{row.remote_url}">{row.remote_url}</a>' if row.remote_url else ""
            done = self.tr("Sent in public.") if row.public else self.tr("Sent by direct message.")
            self._say(done + where, True)
        elif row.status is TargetStatus.FAILED:
            self._follow.stop()
            self._say(
                self.tr("The reply FAILED: {error} Send it again to try once more.").format(
                    error=shown(row.last_error)
                )
                if row.last_error
                else self.tr(
                    "The reply FAILED: the network refused it. Send it again to try once more."
                ),
                False,
            )
            # The same reply goes again (its key, so the network never gets it twice).
            self.reply_text.setReadOnly(True)
            self.public.setEnabled(False)
            self.direct.setEnabled(False)
            self.send_button.setText(self.tr("&Send again"))
            self.send_button.setEnabled(True)

    def done(self, result: int) -> None:
        self._follow.stop()
        super().done(result)
