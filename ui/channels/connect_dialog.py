"""Connecting (or reconnecting) a channel to its network: the guided dialog.

One dialog for every network, driven by the Qt-free flows in ``console.connect``:

* it asks for what the network's flow lists in ``FIELDS`` (secret ones in a masked
  box), plus, for X and Facebook, the port of the callback registered with the
  force's app;
* Mastodon, X and Facebook: it opens the network's sign-in page in the browser and
  waits for the browser to come back to Cordon's one-shot listener on 127.0.0.1,
  with a visible countdown and a Cancel; Facebook then lists the Pages to choose
  from;
* Bluesky: a handle and an app password (with a link to where one is made);
* the simulator needs no account: connecting it again only resets it.

On success it keeps the secrets with ``console.credentials.connect`` (in the
encrypted store, and nowhere else) and says what happened, including the posts put
back on the queue, held by an incident, or missed while the channel was
disconnected. A failure shows the flow's sentence. Secret boxes are emptied after
every attempt; no secret is logged, copied or written anywhere.

Only administrators connect channels, and an exercise store refuses every live
network: the dialog says so before anything is typed (the core refuses anyway).

Signals: ``channelConnected(object, str)``: the ``Channel`` was connected; the
string is the sentence shown.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from console import credentials
from console.connect import (
    CALLBACK_PORT,
    BlueskyConnect,
    ConnectFailed,
    ConnectResult,
    FacebookConnect,
    FieldSpec,
    InstagramConnect,
    LinkedInConnect,
    MastodonConnect,
    OAuthFlow,
    ThreadsConnect,
    XConnect,
)
from console.credentials import Connected
from console.networks import NETWORKS
from console.permissions import Action, may
from console.session import Session
from console.timezone import Precision, duration_text, local_text
from storage.i18n import _
from storage.records import Channel, StoreKind
from ui.common.tasks import Tasks

log = logging.getLogger(__name__)

FLOWS: dict[str, type[OAuthFlow] | type[BlueskyConnect]] = {
    "mastodon": MastodonConnect,
    "x": XConnect,
    "facebook": FacebookConnect,
    "bluesky": BlueskyConnect,
    "threads": ThreadsConnect,
    "instagram": InstagramConnect,
    "linkedin": LinkedInConnect,
}
APP_PASSWORDS_URL = "https://bsky.app/settings/app-passwords"
WAIT_SECONDS = 300.0
# Networks whose app registers its callback address, so the officer gives its port.
CALLBACK_REGISTERED = ("x", "facebook", "threads", "instagram", "linkedin")
UrlOpener = Callable[[str], object]


def open_in_browser(url: str) -> object:
    return QDesktopServices.openUrl(QUrl(url))


def fields_for(network: str) -> tuple[FieldSpec, ...]:
    flow = FLOWS.get(network)
    if flow is None:
        return ()
    extra = (CALLBACK_PORT,) if network in CALLBACK_REGISTERED else ()
    return tuple(flow.FIELDS) + extra


class ConnectDialog(QDialog):
    channelConnected = Signal(object, str)

    def __init__(
        self,
        session: Session,
        channel: Channel,
        tasks: Tasks,
        parent: QWidget | None = None,
        *,
        open_url: UrlOpener = open_in_browser,
        options: Mapping[str, Any] | None = None,
        wait_seconds: float = WAIT_SECONDS,
    ) -> None:
        """``options`` go to the flow's constructor as they are (tests point a flow at
        loopback servers with them); ``open_url`` opens the sign-in page."""
        super().__init__(parent)
        self.session = session
        self.channel = channel
        self._tasks = tasks
        self._open_url = open_url
        self._options = dict(options or {})
        self._wait_seconds = wait_seconds
        self._running: asyncio.Task[None] | None = None
        self._deadline = 0.0
        self._page_choice: asyncio.Future[str] | None = None
        self.authorize_url = ""
        self.connected = False
        network = NETWORKS[channel.network].label if channel.network in NETWORKS \
            else channel.network  # fmt: skip
        title = self.tr("Connect {name} ({network})")
        self.setWindowTitle(title.format(name=channel.name, network=network))
        self.setMinimumWidth(560)

        self.heading = QLabel(self.windowTitle(), self)
        self.heading.setObjectName("subHeading")
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.intro.setObjectName("connectIntro")
        self.refusal = QLabel(self)
        self.refusal.setWordWrap(True)
        self.refusal.setObjectName("warningText")
        self.refusal.hide()
        form = QFormLayout()
        self.fields: dict[str, QLineEdit] = {}
        self.specs = fields_for(channel.network)
        for spec in self.specs:
            words, hint_words = _(spec.label), _(spec.hint) if spec.hint else ""
            edit = QLineEdit(self)
            edit.setObjectName(f"field_{spec.name}")
            if spec.secret:
                edit.setEchoMode(QLineEdit.EchoMode.Password)
                # No menu (copy, paste history) on a secret box; Password mode
                # already refuses copying and dragging its text out.
                edit.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
            edit.setText(spec.default)
            edit.setPlaceholderText(hint_words.split(":")[0] if not spec.secret else "")
            edit.setToolTip(hint_words)
            label = words + ("" if spec.required else self.tr(" (optional)"))
            form.addRow(label, edit)
            if hint_words:
                hint = QLabel(hint_words, self)
                hint.setObjectName("fieldHint")
                hint.setWordWrap(True)
                form.addRow("", hint)
            self.fields[spec.name] = edit
        self.link = QLabel(self)
        self.link.setObjectName("connectLink")
        self.link.setWordWrap(True)
        self.link.linkActivated.connect(lambda url: self._open_url(str(url)))
        self.link.hide()
        if channel.network == "bluesky":
            self.link.setText(
                f'<a href="{APP_PASSWORDS_URL}">'
                + self.tr("Create an app password in Bluesky (Settings, Privacy and security, "
                          "App passwords)")
                + "</a>"
            )  # fmt: skip
            self.link.show()

        self.waiting = QLabel(self)
        self.waiting.setObjectName("connectWaiting")
        self.waiting.setWordWrap(True)
        self.waiting.hide()
        self.reopen_button = QPushButton(self.tr("Open the sign-in page &again"), self)
        self.reopen_button.hide()
        self.reopen_button.clicked.connect(lambda: self._open_url(self.authorize_url))
        self.pages = QComboBox(self)
        self.pages.hide()
        self.page_button = QPushButton(self.tr("Connect this &Page"), self)
        self.page_button.setObjectName("primary")
        self.page_button.hide()
        self.page_button.clicked.connect(self._page_chosen)
        page_row = QHBoxLayout()
        page_row.addWidget(self.pages, 1)
        page_row.addWidget(self.page_button)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setObjectName("connectMessage")
        self.message.hide()

        self.connect_button = QPushButton(self.tr("&Connect"), self)
        self.connect_button.setObjectName("primary")
        self.connect_button.setDefault(True)
        self.connect_button.clicked.connect(self.start)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.clicked.connect(self.cancel)
        buttons = QHBoxLayout()
        buttons.addWidget(self.reopen_button)
        buttons.addStretch(1)
        buttons.addWidget(self.connect_button)
        buttons.addWidget(self.cancel_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.intro)
        layout.addWidget(self.refusal)
        layout.addLayout(form)
        layout.addWidget(self.link)
        layout.addWidget(self.waiting)
        layout.addLayout(page_row)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addLayout(buttons)

        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self._show_countdown)
        self.intro.setText(self._intro_text())
        refusal = self._refusal_text()
        if refusal:
            self.refusal.setText(refusal)
            self.refusal.show()
            self.connect_button.setEnabled(False)
            for edit in self.fields.values():
                edit.setEnabled(False)

    # -- what the dialog says ------------------------------------------------------------

    def _intro_text(self) -> str:
        network = self.channel.network
        if network == "simulator":
            return self.tr(
                "The simulator network runs on this computer and needs no account. "
                "Connecting {name} again clears its needs-reconnect state and puts back on "
                "the queue the posts that waited for it."
            ).format(name=self.channel.name)
        if network == "bluesky":
            return self.tr(
                "Bluesky connects with the account's handle and an app password (never the "
                "account's own password). Cordon keeps the app password encrypted in this "
                "store and nowhere else."
            )
        label = NETWORKS[network].label if network in NETWORKS else network
        return self.tr(
            "Cordon opens {network}'s sign-in page in your web browser. Sign in as the "
            "force's account and allow Cordon; the browser then comes back to Cordon on this "
            "computer. The access it gets is kept encrypted in this store and nowhere else."
        ).format(network=label)

    def _refusal_text(self) -> str:
        if not may(self.session.user, Action.MANAGE_CREDENTIALS):
            return self.tr("Only an administrator can connect channels: ask one to do this.")
        network = self.channel.network
        if self.session.store.kind is StoreKind.EXERCISE and network != "simulator":
            return self.tr(
                "This is an exercise store: it never holds real credentials or reaches a live "
                "account, so {name} cannot be connected here."
            ).format(name=self.channel.name)
        if network in NETWORKS and NETWORKS[network].manual:
            return self.tr(
                "{network} has no open posting API: nothing to connect. Its posts wait in "
                "the Queue's list of posts to make by hand, where you copy the text and say "
                "when you posted it."
            ).format(network=NETWORKS[network].label)
        if network not in FLOWS and network != "simulator":
            return self.tr("Cordon cannot connect {network} channels yet.").format(network=network)
        return ""

    def _say(self, text: str, ok: bool) -> None:
        self.message.setText(text)
        self.message.setProperty("ok", "true" if ok else "false")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.show()

    # -- the attempt -----------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._running is not None and not self._running.done()

    def outcome_sentence(self, result: ConnectResult | None, done: Connected) -> str:
        """What connecting did, for the officer, in plain words."""
        if result is not None and result.display_name:
            parts = [
                self.tr("{channel} is connected as {who}.").format(
                    channel=self.channel.name, who=result.display_name
                )
            ]
        else:
            parts = [self.tr("{channel} is connected.").format(channel=self.channel.name)]
        if result is not None and result.expires_utc:
            parts.append(
                self.tr("Its access lasts until {when}; Cordon renews it before then.").format(
                    when=local_text(result.expires_utc, seconds=False)
                )
            )
        back = len(done.requeued)
        if back:
            parts.append(
                self.tr("%n post(s) waiting for this channel went back on the queue.", "", back)
            )
            if done.held:
                parts.append(
                    self.tr(
                        "%n of them held by the incident in progress, for review.", "", done.held
                    )
                )
        if done.missed:
            parts.append(
                self.tr(
                    "%n post(s)' time passed while it was disconnected: now missed; "
                    "reschedule or cancel them in the Queue.",
                    "",
                    len(done.missed),
                )
            )
        if not back and not done.missed:
            parts.append(self.tr("No posts were waiting for it."))
        return " ".join(parts)

    def start(self) -> None:
        """Begin connecting with what the officer typed."""
        if self.busy or self._refusal_text():
            return
        values = {spec.name: self.fields[spec.name].text() for spec in self.specs}
        missing = [
            _(spec.label) for spec in self.specs if spec.required and not values[spec.name].strip()
        ]
        if missing:
            self._say(self.tr("Fill in: {what}.").format(what=", ".join(missing)), ok=False)
            return
        self.message.hide()
        self.connect_button.setEnabled(False)
        for edit in self.fields.values():
            edit.setEnabled(False)
        self._running = self._tasks.spawn(self._connect(values), error=self._failed_in_store)
        # The dialog may be gone by then (closed while the attempt was cancelled).
        self._running.add_done_callback(lambda _t: self._attempt_over() if isValid(self) else None)

    async def _connect(self, values: dict[str, str]) -> None:
        try:
            result = await self._sign_in(values)
        except ConnectFailed as failure:
            self._say(str(failure), ok=False)
            return
        finally:
            values.clear()
            self._clear_secrets()
        done = await credentials.connect(
            self.session,
            self.channel.id,
            secrets=result.secrets if result is not None else {},
            expires_utc=result.expires_utc if result is not None else None,
            base_url=result.base_url if result is not None else "",
            account=result.handle if result is not None else "",
            limits=result.limits if result is not None else None,
        )
        sentence = self.outcome_sentence(result, done)
        self.connected = True
        self._say(sentence, ok=True)
        self.cancel_button.setText(self.tr("Close"))
        self.channelConnected.emit(self.channel, sentence)

    async def _sign_in(self, values: dict[str, str]) -> ConnectResult | None:
        """The network's flow, from the typed values to a ``ConnectResult`` (None for the
        simulator, which has no account)."""
        network = self.channel.network
        if network == "simulator":
            return None
        kwargs: dict[str, Any] = {k: v for k, v in values.items() if v or k != "entryway"}
        if "redirect_port" in kwargs:
            try:
                kwargs["redirect_port"] = int(kwargs["redirect_port"])
            except ValueError:
                raise ConnectFailed(
                    self.tr("The callback port is a number, such as 8765."), "bad_input"
                ) from None
        kwargs.update(self._options)
        if network == "bluesky":
            async with BlueskyConnect(**kwargs) as simple:
                self._show_waiting(self.tr("Signing in to Bluesky…"))
                return await simple.connect()
        flow_class = FLOWS[network]
        assert issubclass(flow_class, OAuthFlow)
        async with flow_class(**kwargs) as flow:
            self.authorize_url = flow.authorize_url()
            self._open_url(self.authorize_url)
            self._deadline = asyncio.get_running_loop().time() + self._wait_seconds
            self._countdown.start()
            self._show_countdown()
            self.reopen_button.show()
            redirect = await flow.wait_for_redirect(timeout=self._wait_seconds)
            self._countdown.stop()
            self.reopen_button.hide()
            self._show_waiting(self.tr("Signed in: checking the account…"))
            if isinstance(flow, FacebookConnect | LinkedInConnect):
                pages = await flow.finish(redirect)
                page_id = await self._choose_page([(p.id, p.name, p.can_post) for p in pages])
                self._show_waiting(self.tr("Checking the Page…"))
                return await flow.choose_page(page_id)
            finished: ConnectResult = await flow.finish(redirect)  # type: ignore[attr-defined]
            return finished

    async def _choose_page(self, pages: list[tuple[str, str, bool]]) -> str:
        """The Page the officer picks (Pages their role cannot post to are shown, disabled)."""
        self.pages.clear()
        for page_id, name, can_post in pages:
            label = (
                name if can_post else self.tr("{name} (your role cannot post)").format(name=name)
            )
            self.pages.addItem(label, page_id)
            model = self.pages.model()
            if not can_post and isinstance(model, QStandardItemModel):
                item = model.item(self.pages.count() - 1)
                if item is not None:
                    item.setEnabled(False)
        first = next((i for i, (_id, _n, ok) in enumerate(pages) if ok), 0)
        self.pages.setCurrentIndex(first)
        self._show_waiting(self.tr("Choose the force's Page for {name}:").format(
            name=self.channel.name))  # fmt: skip
        self.pages.show()
        self.page_button.show()
        self._page_choice = asyncio.get_running_loop().create_future()
        try:
            return await self._page_choice
        finally:
            self._page_choice = None
            self.pages.hide()
            self.page_button.hide()

    def _page_chosen(self) -> None:
        if self._page_choice is not None and not self._page_choice.done():
            self._page_choice.set_result(str(self.pages.currentData()))

    def _show_waiting(self, text: str) -> None:
        self.waiting.setText(text)
        self.waiting.show()

    def _show_countdown(self) -> None:
        left = max(0, round(self._deadline - asyncio.get_event_loop().time()))
        self._show_waiting(
            self.tr("Waiting for you to sign in in the browser… {span} left. "
                    "Cancel to stop.").format(span=duration_text(left, precision=Precision.SECOND))
        )  # fmt: skip

    def _clear_secrets(self) -> None:
        for spec in self.specs:
            if spec.secret:
                self.fields[spec.name].clear()

    def _failed_in_store(self, sentence: str) -> None:
        self._say(sentence, ok=False)

    def _attempt_over(self) -> None:
        self._countdown.stop()
        self.reopen_button.hide()
        self.waiting.hide()
        if not self.connected:
            self.connect_button.setEnabled(not self._refusal_text())
            for edit in self.fields.values():
                edit.setEnabled(True)

    def cancel(self) -> None:
        """Stop the attempt under way (the listener closes); or close the dialog."""
        if self.busy:
            assert self._running is not None
            self._running.cancel()
            self._clear_secrets()
            self._say(self.tr("Cancelled: nothing was connected."), ok=False)
            return
        self.reject()

    def reject(self) -> None:
        if self.busy and self._running is not None:
            self._running.cancel()
        self._clear_secrets()
        super().reject()
