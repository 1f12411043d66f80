"""The composer: one message, several channels, a time in UK time.

Each chosen channel shows a live counter that counts the way its network does, and
the preview beside the text shows it as that channel will carry it (cut where the
network's limit falls, links marked, counted); images show as thumbnails, each with
its alt text (a missing one marks its field and keeps the image); a small emoji
picker inserts at the cursor;
the time is entered in UK time and a time in the spring-forward gap is refused,
while one in the autumn overlap asks which of the two was meant. The core checks
everything again (``console.posts.create_post``) and its refusal is shown here as
it is. Keyboard: Ctrl+Return queues, Ctrl+S saves a draft, Esc closes.

When the force posts in Welsh and English (``console.bilingual``), a Welsh box stands
above the English one; each channel counts what it will be sent (one combined post,
or each of two linked posts), and a post missing a language says so before Queue.

When the console locks the window puts the composer away (``put_away``): hidden,
disabled, and nothing it was asked to do is saved while it is away. The same officer
unlocking gets it back as it was (``bring_back``); another officer never does.

Signals: ``created(object)``: the ``storage.posts.Post`` that was made.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTabBar,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from console import settings
from console.bilingual import Choice, missing_sentence, sent_texts
from console.networks import TextRule, network
from console.posts import create_post, edit_post
from console.queue import text_rules
from console.session import Session
from console.timezone import wall_clock_after
from storage.errors import StoreError
from storage.posts import Post
from storage.records import Channel
from storage.timeutil import to_iso
from ui.common.prompts import PROMPTS
from ui.common.tasks import Tasks
from ui.common.time_entry import typed, utc_or_said, wall_clock_edit
from ui.queue.composer_parts import ImageStrip, channel_preview
from widgets.emoji_picker import EmojiPicker


class ComposerDialog(QDialog):
    created = Signal(object)

    def __init__(
        self,
        session: Session,
        channels: list[Channel],
        tasks: Tasks,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New post"))
        self.setMinimumSize(900, 560)  # the form and the per-channel preview side by side
        self.session = session
        self._tasks = tasks
        self._saving: asyncio.Future[Any] | None = None
        self._channels = {c.id: c for c in channels if c.enabled}
        # Each channel's own rule (its server's limit and way of counting), read below.
        self._rules: dict[int, TextRule] = {}
        self.editing: int | None = None
        self.editing_seen: Post | None = None  # the post as the editor opened on it
        self._edits_both = False  # editing a bilingual post: both boxes, whatever the setting
        self.away = False  # put away by the lock: nothing is saved until ``bring_back``

        self.text = QPlainTextEdit(self)
        self.text.setPlaceholderText(self.tr("What should the public read?"))
        self.text.setAccessibleName(self.tr("Post text"))
        # Shown when the force posts in both languages: the Welsh text (``text`` is then
        # the English).
        self.bilingual = Choice()
        self.welsh = QPlainTextEdit(self)
        self.welsh.setPlaceholderText(self.tr("The post in Welsh"))
        self.welsh.setAccessibleName(self.tr("Welsh text"))
        self.welsh.setMaximumHeight(140)
        self.welsh_label = QLabel(self.tr("&Welsh"), self)
        self.welsh_label.setBuddy(self.welsh)
        self.versions = QTabWidget(self)
        self.versions.setTabsClosable(True)
        self.versions.addTab(self.text, self.tr("Every channel"))
        self.versions.tabBar().setTabButton(0, QTabBar.ButtonPosition.RightSide, None)
        self.versions.tabCloseRequested.connect(self._drop_version)
        self._variants: dict[int, QPlainTextEdit] = {}
        self.version_button = QPushButton(self.tr("Own &version for a channel…"), self)
        self.version_button.clicked.connect(self._ask_version)
        self.emoji_button = QPushButton("🙂 " + self.tr("E&moji"), self)
        self.emoji_button.setToolTip(self.tr("Insert an emoji at the cursor"))
        self.emoji_picker = EmojiPicker(self)
        self.emoji_picker.picked.connect(self.insert_emoji)
        self.emoji_button.clicked.connect(lambda: self.emoji_picker.show_below(self.emoji_button))
        self.image_strip = ImageStrip(self)
        self.image_strip.changed.connect(self._images_changed)
        self.image_button = QPushButton(self.tr("Add &image…"), self)
        self.image_button.clicked.connect(self._add_image)
        self.preview = QTextBrowser(self)
        self.preview.setObjectName("channelPreview")
        self.preview.setOpenLinks(False)
        self.preview.setAccessibleName(self.tr("Preview, per channel"))
        self.channel_list = QListWidget(self)
        self.channel_list.setMaximumHeight(150)
        for channel in self._channels.values():
            item = QListWidgetItem(f"{channel.name}  ({network(channel.network).label})")
            item.setData(Qt.ItemDataRole.UserRole, channel.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.channel_list.addItem(item)
        self.counters = QLabel(self)
        self.counters.setTextFormat(Qt.TextFormat.RichText)
        self.counters.setWordWrap(True)

        self.now_button = QRadioButton(self.tr("Publish &now"), self)
        self.at_button = QRadioButton(self.tr("&At (UK time)"), self)
        self.at_button.setChecked(True)
        # Half an hour on (by the exercise clock in an exercise), on a quarter hour.
        start = wall_clock_after(timedelta(minutes=30), clock=session.store.clock)
        start -= timedelta(minutes=start.minute % 15)
        self.when = wall_clock_edit(start, self)
        self.when.setDisplayFormat("ddd dd/MM/yyyy HH:mm")
        self.when.setCalendarPopup(True)
        when_row = QHBoxLayout()
        when_row.addWidget(self.now_button)
        when_row.addWidget(self.at_button)
        when_row.addWidget(self.when, 1)

        self.message = QLabel(self)
        self.message.setObjectName("errorText")
        self.message.setWordWrap(True)
        self.queue_button = QPushButton(self.tr("&Queue"), self)
        self.queue_button.setObjectName("primary")
        self.queue_button.setDefault(True)
        self.draft_button = QPushButton(self.tr("Save as &draft"), self)
        cancel = QPushButton(self.tr("Cancel"), self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.draft_button)
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.queue_button)

        form = QFormLayout()
        self.text_label = QLabel(self.tr("&Text"), self)
        self.text_label.setBuddy(self.versions)
        form.addRow(self.welsh_label, self.welsh)
        self.welsh_label.hide()
        self.welsh.hide()
        form.addRow(self.text_label, self.versions)
        text_buttons = QHBoxLayout()
        text_buttons.addWidget(self.version_button)
        text_buttons.addWidget(self.emoji_button)
        text_buttons.addStretch(1)
        form.addRow("", text_buttons)
        images = QVBoxLayout()
        images.addWidget(self.image_strip)
        add_row = QHBoxLayout()
        add_row.addWidget(self.image_button)
        add_row.addStretch(1)
        images.addLayout(add_row)
        form.addRow(self.tr("Images"), images)
        form.addRow(self.tr("&Channels"), self.channel_list)
        form.addRow("", self.counters)
        form.addRow(self.tr("When"), when_row)
        self._layout, self._images_row, self._when_row = form, images, when_row
        preview_column = QVBoxLayout()
        preview_heading = QLabel(self.tr("As each channel will carry it"), self)
        preview_heading.setObjectName("subHeading")
        preview_column.addWidget(preview_heading)
        preview_column.addWidget(self.preview, 1)
        body = QHBoxLayout()
        body.addLayout(form, 3)
        body.addLayout(preview_column, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

        self.text.textChanged.connect(self._update_counters)
        self.welsh.textChanged.connect(self._update_counters)
        self.channel_list.itemChanged.connect(lambda _item: self._update_counters())
        self.now_button.toggled.connect(lambda now: self.when.setEnabled(not now))
        self.queue_button.clicked.connect(lambda: self.submit(draft=False))
        self.draft_button.clicked.connect(lambda: self.submit(draft=True))
        cancel.clicked.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+Return"), self, lambda: self.submit(draft=False))
        QShortcut(QKeySequence("Ctrl+S"), self, lambda: self.submit(draft=True))
        self._update_counters()
        tasks.spawn(text_rules(session.store), done=self._set_rules, error=self.message.setText)
        tasks.spawn(
            settings.get(session.store, settings.BILINGUAL),
            done=self.set_bilingual,
            error=self.message.setText,
        )

    def set_bilingual(self, choice: Choice) -> None:
        """Show the Welsh box beside the English one while the force posts in both."""
        self.bilingual = choice
        on = self.in_both
        self.welsh_label.setVisible(on)
        self.welsh.setVisible(on)
        self.text_label.setText(self.tr("&English") if on else self.tr("&Text"))
        self.text.setAccessibleName(self.tr("English text") if on else self.tr("Post text"))
        self.version_button.setVisible(not on and self.editing is None)
        self._update_counters()

    @property
    def in_both(self) -> bool:
        """Whether the dialog writes both languages: a new post while the force posts
        in both, or a bilingual post being edited (even with the setting off since)."""
        return (self.bilingual.on and self.editing is None) or self._edits_both

    def _set_rules(self, rules: dict[int, TextRule]) -> None:
        self._rules = rules
        self._update_counters()

    # -- the live counters -------------------------------------------------------------

    def chosen(self) -> list[int]:
        ids = []
        for row in range(self.channel_list.count()):
            item = self.channel_list.item(row)
            if item is not None and item.checkState() == Qt.CheckState.Checked:
                ids.append(int(item.data(Qt.ItemDataRole.UserRole)))
        return ids

    def choose_channels(self, ids: list[int]) -> None:
        for row in range(self.channel_list.count()):
            item = self.channel_list.item(row)
            if item is not None:
                wanted = int(item.data(Qt.ItemDataRole.UserRole)) in ids
                item.setCheckState(Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked)

    def add_version(self, channel_id: int) -> QPlainTextEdit:
        """Give one channel its own text (starting from the main one)."""
        if channel_id in self._variants:
            return self._variants[channel_id]
        edit = QPlainTextEdit(self.text.toPlainText(), self)
        edit.textChanged.connect(self._update_counters)
        self._variants[channel_id] = edit
        self.versions.addTab(edit, self._channels[channel_id].name)
        self.versions.setCurrentWidget(edit)
        self.choose_channels(sorted({*self.chosen(), channel_id}))
        self._update_counters()
        return edit

    def _ask_version(self) -> None:
        names = [c.name for c in self._channels.values()]

        async def ask() -> None:
            which = await PROMPTS.choose(
                self, self.tr("Own version"), self.tr("Which channel gets its own text?"), names
            )
            if which is not None:
                self.add_version(list(self._channels)[which])

        self._tasks.spawn(ask(), error=self.message.setText)

    def _drop_version(self, index: int) -> None:
        widget = self.versions.widget(index)
        for channel_id, edit in list(self._variants.items()):
            if edit is widget:
                del self._variants[channel_id]
        self.versions.removeTab(index)
        self._update_counters()

    @property
    def images(self) -> list[tuple[str, bytes, str]]:
        """Each image as (file name, bytes, alt text)."""
        return self.image_strip.images()

    def attach(self, name: str, data: bytes, alt: str = "") -> None:
        """Add an image; with no alt text its field waits, focused, to be written."""
        row = self.image_strip.add(name, data, alt)
        if not alt:
            row.alt.setFocus()

    def insert_emoji(self, emoji: str) -> None:
        edit = self.versions.currentWidget()
        if isinstance(edit, QPlainTextEdit):
            edit.insertPlainText(emoji)
            edit.setFocus()

    def _images_changed(self) -> None:
        """An alt text written: the sentence about missing ones goes once none is."""
        strip = self.image_strip
        if (
            strip.marking
            and not strip.missing_alt()
            and self.message.text() == self._alt_sentence()
        ):
            self.message.clear()

    def _alt_sentence(self) -> str:
        return self.tr("Describe each image for people who cannot see it: its alt text "
                       "field is marked.")  # fmt: skip

    def _add_image(self) -> None:
        async def add() -> None:
            path = await PROMPTS.open_path(
                self,
                self.tr("Add an image"),
                Path.home(),
                self.tr("Images (*.jpg *.jpeg *.png *.gif *.webp)"),
            )
            if path is None:
                return
            try:
                data = await asyncio.to_thread(path.read_bytes)
            except OSError as error:
                raise StoreError(
                    self.tr("{file} could not be read ({why}).").format(
                        file=path.name, why=error.strerror
                    )
                ) from None
            self.attach(path.name, data)  # its alt text is written in its own field

        self._tasks.spawn(add(), error=self.message.setText)

    def text_for(self, channel_id: int) -> str:
        edit = self._variants.get(channel_id)
        return edit.toPlainText() if edit is not None else self.text.toPlainText()

    def variants(self) -> dict[int, str]:
        return {cid: edit.toPlainText() for cid, edit in self._variants.items()}

    def sent_for(self, channel_id: int) -> list[str]:
        """What the channel will be sent: its text, or (in both languages) the combined
        post or the two linked posts."""
        if not self.in_both:
            return [self.text_for(channel_id)]
        welsh = self.welsh.toPlainText()
        return sent_texts(self.bilingual.for_both, welsh, self.text_for(channel_id))

    def _update_counters(self) -> None:
        parts, blocks = [], []
        for channel_id in self.chosen():
            channel = self._channels[channel_id]
            rule = self._rules.get(channel_id) or network(channel.network).rule
            counts = []
            for text in self.sent_for(channel_id):  # two linked posts: each counted
                left = rule.remaining(text)
                colour = "#b00020" if left < 0 else ("#9a5b00" if left < 20 else "#1f6f43")
                counts.append((colour, f"{rule.count(text)}/{rule.limit}"))
                blocks.append(channel_preview(channel.name, channel.network, rule, text))
            if len(counts) == 1:
                parts.append(
                    f"<span style='color:{counts[0][0]}'><b>{channel.name}</b>: "
                    f"{counts[0][1]}</span>"
                )
            else:
                parts.append(f"<b>{channel.name}</b>: " + " + ".join(
                    f"<span style='color:{colour}'>{count}</span>" for colour, count in counts
                ))  # fmt: skip
        if self.in_both:
            self._say_missing()
        self.counters.setText(
            " &nbsp;·&nbsp; ".join(parts) or self.tr("Choose at least one channel.")
        )
        self.preview.setHtml(
            "".join(blocks) or "<p>" + self.tr("Choose a channel to see the post as it will "
                                               "carry it.") + "</p>"
        )  # fmt: skip

    def _say_missing(self) -> None:
        """Before Queue: the core's sentence for a post with one language only."""
        welsh, english = self.welsh.toPlainText(), self.text.toPlainText()
        problem = missing_sentence(welsh, english) if welsh.strip() or english.strip() else None
        if problem is not None:
            self.message.setText(problem)
        elif self.message.text() in (missing_sentence("", "x"), missing_sentence("x", "")):
            self.message.clear()

    # -- submitting ------------------------------------------------------------------------

    async def scheduled_utc(self) -> str | None:
        """The chosen time as stored UTC text; None (with a message shown) if it will
        not do."""
        if self.now_button.isChecked():
            return to_iso(self.session.store.clock())
        moment = await utc_or_said(self, typed(self.when), self.message.setText)
        if moment is None:
            return None
        if moment < self.session.store.clock():
            self.message.setText(
                self.tr("That time has passed: choose a later one, or Publish now.")
            )
            return None
        return to_iso(moment)

    def edit_existing(self, post: Post) -> None:
        """Turn the dialog into an editor of ``post``'s text (channels and time stay;
        the queue's Reschedule moves a post)."""
        self.editing = post.id
        self.editing_seen = post  # a change by anyone since is refused, not overwritten
        self.setWindowTitle(self.tr("Edit post"))
        self._edits_both = bool(post.bilingual)
        if self._edits_both:
            self.welsh.setPlainText(post.welsh or "")
            self.text.setPlainText(post.english or "")
        else:
            self.text.setPlainText(post.body)
        self.choose_channels([t.channel_id for t in post.targets])
        self.channel_list.setEnabled(False)
        for widget in (self.version_button, self.draft_button, self.now_button,
                       self.at_button, self.when, self.image_button,
                       self.image_strip):  # fmt: skip
            widget.hide()
        for row in (self._images_row, self._when_row):  # their labels too
            self._layout.setRowVisible(row, False)
        self.queue_button.setText(self.tr("&Save"))
        self.set_bilingual(self.bilingual)

    # -- the lock ----------------------------------------------------------------------------

    def holds_words(self) -> bool:
        """Whether closing it would lose something the officer wrote or chose."""
        boxes = (self.text, self.welsh, *self._variants.values())
        return any(box.toPlainText().strip() for box in boxes) or bool(self.images)

    def put_away(self) -> None:
        """The console locked: hide it and take no input; a save asked for before the
        lock and still waiting (the question which 01:00) saves nothing."""
        self.away = True
        self.emoji_picker.hide()
        self.setEnabled(False)
        self.hide()

    def bring_back(self) -> None:
        """The same officer unlocked: show it again as it was."""
        self.away = False
        self.setEnabled(True)
        self.open()

    def submit(self, *, draft: bool) -> None:
        if self.away:
            return
        # One save at a time: a second Ctrl+Return (or Ctrl+S) while the first is
        # being saved would otherwise make a second post.
        if self._saving is not None and not self._saving.done():
            return
        self.message.clear()
        if self.editing is not None:
            self.queue_button.setEnabled(False)
            self._saving = self._tasks.spawn(
                self._edit(self.editing), done=self._done, error=self._failed
            )
            return
        if not self.chosen():
            self.message.setText(self.tr("Choose at least one channel."))
            return
        if self.image_strip.mark_missing():
            self.message.setText(self._alt_sentence())
            self.image_strip.missing_alt()[0].alt.setFocus()
            return
        self.queue_button.setEnabled(False)
        self.draft_button.setEnabled(False)
        self._saving = self._tasks.spawn(self._create(draft), done=self._done, error=self._failed)

    async def _edit(self, post_id: int) -> Post | None:
        if self.away:  # the console locked before the task ran
            return None
        both = self._edits_both
        return await edit_post(
            self.session,
            post_id,
            "" if both else self.text.toPlainText(),
            welsh=self.welsh.toPlainText() if both else "",
            english=self.text.toPlainText() if both else "",
            seen=self.editing_seen,
        )

    async def _create(self, draft: bool) -> Post | None:
        when: str | None = None
        if not draft:
            when = await self.scheduled_utc()  # may ask which 01:00 (the autumn overlap)
            if when is None:
                return None
        if self.away:  # the console locked before the task ran, or while it asked
            return None
        both = self.in_both
        return await create_post(
            self.session,
            body="" if both else self.text.toPlainText(),
            channel_ids=self.chosen(),
            variants={c: t for c, t in self.variants().items() if c in self.chosen()},
            images=list(self.images),
            scheduled_utc=when,
            draft=draft,
            welsh=self.welsh.toPlainText() if both else "",
            english=self.text.toPlainText() if both else "",
        )

    def _done(self, post: Post | None) -> None:
        if post is None:  # the time would not do: its sentence is shown
            self.queue_button.setEnabled(True)
            self.draft_button.setEnabled(True)
            return
        if not self.away:  # made as the lock came: the queue shows it after an unlock
            self.created.emit(post)
        self.accept()

    def _failed(self, sentence: str) -> None:
        self.queue_button.setEnabled(True)
        self.draft_button.setEnabled(True)
        self.message.setText(sentence)
