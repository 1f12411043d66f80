"""The settings area: the store, its users, the lock timeout and blocked phrases.

What a user may change follows their roles (``console.permissions``); controls
they may not use are disabled with a tooltip saying who may, and the core refuses
anyway. Every change goes through a core service and into the audit trail.

Signals: ``idleMinutesChanged(int)``: the lock timeout changed.
``sessionUserChanged()``: the signed-in user's own record changed (roles).
"""

from __future__ import annotations

import os

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from console import approval, settings
from console import language as languages
from console import users as user_admin
from console.bilingual import Choice, First, Form
from console.permissions import Action, may
from console.session import Session
from console.timezone import now_local
from storage import i18n, lifecycle
from storage.errors import StoreError
from storage.i18n import ENGLISH, WELSH, _
from storage.records import StoreKind, User
from ui.common.prompts import PROMPTS
from ui.common.tasks import Tasks
from ui.settings.user_dialogs import NewPassword, NewPasswordDialog, NewUserDialog, RolesDialog


class SettingsView(QScrollArea):
    idleMinutesChanged = Signal(int)
    sessionUserChanged = Signal()

    def __init__(self, session: Session, tasks: Tasks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._tasks = tasks
        self.setWidgetResizable(True)
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(24, 24, 24, 24)
        heading = QLabel(self.tr("Settings"), page)
        heading.setObjectName("areaHeading")
        layout.addWidget(heading)
        layout.addWidget(self._store_box(page))
        layout.addWidget(self._users_box(page))
        layout.addWidget(self._lock_box(page))
        layout.addWidget(self._language_box(page))
        layout.addWidget(self._card_box(page))
        layout.addWidget(self._bilingual_box(page))
        layout.addWidget(self._blocked_box(page))
        layout.addStretch(1)
        self.setWidget(page)
        self.apply_permissions()

    # -- the store ----------------------------------------------------------------------

    def _store_box(self, page: QWidget) -> QGroupBox:
        box = QGroupBox(self.tr("The store"), page)
        store = self.session.store
        facts = QFormLayout(box)
        kind = self.tr("Exercise") if store.kind is StoreKind.EXERCISE else self.tr("Live")
        if store.team:
            where = (self.tr("Team store"), store.location)
            kind = self.tr("{kind}, shared by every console on it (PostgreSQL)").format(kind=kind)
            encryption = self.tr(
                "Secrets sealed with AES-256-GCM under the store's data key, per-user "
                "Argon2id key slots; the server's own encryption and TLS for the rest"
            )
        else:
            where = (self.tr("Store file"), str(store.path))
            encryption = self.tr("SQLCipher 4, AES-256, per-user Argon2id key slots")
        for label, value in (
            where,
            (self.tr("Kind"), kind),
            (self.tr("Store id"), store.store_id),
            (self.tr("Schema version"), str(store.schema_version)),
            (self.tr("Encryption"), encryption),
        ):
            text = QLabel(value, box)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            facts.addRow(label, text)
        self.backup_button = QPushButton(self.tr("&Back up the store…"), box)
        self.backup_button.clicked.connect(self._backup)
        if store.team:  # the database server's own tools back it up
            self.backup_button.setEnabled(False)
            self.backup_button.setToolTip(
                self.tr("A team store is backed up with the database server's own tools")
            )
        self.check_button = QPushButton(self.tr("C&heck the store"), box)
        self.check_button.setToolTip(
            self.tr("Every page's HMAC, the database structure, and the whole audit chain")
        )
        self.check_button.clicked.connect(self._check)
        buttons = QHBoxLayout()
        buttons.addWidget(self.backup_button)
        buttons.addWidget(self.check_button)
        buttons.addStretch(1)
        facts.addRow(buttons)
        self.backup_result = result_label(box)
        self.check_result = result_label(box)
        facts.addRow(self.backup_result)
        facts.addRow(self.check_result)
        return box

    def _backup(self) -> None:
        store = self.session.store
        stamp = now_local().strftime("%Y%m%d-%H%M")

        async def backup() -> None:
            path = await PROMPTS.save_path(
                self,
                self.tr("Back up the store"),
                store.path.with_name(f"{store.path.stem}-backup-{stamp}{store.path.suffix}"),
                self.tr("Cordon stores (*.cordon)"),
            )
            if path is None:
                return
            self.backup_result.setText(self.tr("Backing up…"))
            dest = await lifecycle.backup(store, path, actor=self.session.user.name)
            self.backup_result.setText(
                self.tr("Backed up to {dest} (with its key file {keys}).").format(
                    dest=str(dest), keys=dest.name + ".keys"
                )
            )

        self._tasks.spawn(backup(), error=self.backup_result.setText)

    def _check(self) -> None:
        store = self.session.store

        async def check() -> None:
            self.check_button.setEnabled(False)
            self.check_result.setText(self.tr("Checking every page and the audit chain…"))
            try:
                report = await lifecycle.check(store)
            finally:
                self.check_button.setEnabled(True)
            self.check_result.setText(describe_check(report))

        self._tasks.spawn(check(), error=self.check_result.setText)

    # -- users ---------------------------------------------------------------------------

    def _users_box(self, page: QWidget) -> QGroupBox:
        box = QGroupBox(self.tr("Users"), page)
        self.users_table = QTableWidget(0, 4, box)
        self.users_table.setTabKeyNavigation(False)  # Tab leaves it; arrows move in it
        self.users_table.setHorizontalHeaderLabels(
            [self.tr("User"), self.tr("Full name"), self.tr("Roles"), self.tr("State")]
        )
        self.users_table.verticalHeader().setVisible(False)
        self.users_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.users_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.users_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.users_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.users_table.setMinimumHeight(160)
        self.add_user_button = QPushButton(self.tr("&Add user…"), box)
        self.reset_button = QPushButton(self.tr("&Reset password…"), box)
        self.roles_button = QPushButton(self.tr("R&oles…"), box)
        self.disable_button = QPushButton(self.tr("&Disable…"), box)
        self.enable_button = QPushButton(self.tr("&Enable…"), box)
        self.own_password_button = QPushButton(self.tr("Change &my password…"), box)
        self.users_result = result_label(box)
        buttons = QHBoxLayout()
        for button in (self.add_user_button, self.reset_button, self.roles_button,
                       self.disable_button, self.enable_button):  # fmt: skip
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.own_password_button)
        column = QVBoxLayout(box)
        column.addWidget(self.users_table)
        column.addLayout(buttons)
        column.addWidget(self.users_result)
        self.add_user_button.clicked.connect(self._add_user)
        self.reset_button.clicked.connect(self._reset_password)
        self.roles_button.clicked.connect(self._change_roles)
        self.disable_button.clicked.connect(self._disable_user)
        self.enable_button.clicked.connect(self._enable_user)
        self.users_table.itemSelectionChanged.connect(self.apply_permissions)
        self.own_password_button.clicked.connect(self._change_own_password)
        return box

    async def refresh(self) -> None:
        people = await user_admin.list_users(self.session)
        self.users_table.setRowCount(len(people))
        for row, user in enumerate(people):
            roles = ", ".join(role.label for role in sorted(user.roles))
            state = self.tr("Active") if user.active else self.tr("Disabled")
            for column, text in enumerate((user.name, user.display_name, roles, state)):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, user)
                self.users_table.setItem(row, column, item)
        self.apply_permissions()
        self.idle_minutes.setValue(
            await settings.get(self.session.store, settings.IDLE_LOCK_MINUTES)
        )
        name: str = await settings.get(self.session.store, settings.CARD_FORCE_NAME)
        colour: str = await settings.get(self.session.store, settings.CARD_COLOUR)
        self.card_name.setText(name)
        self.card_colour.setText(colour)
        self.show_bilingual(await settings.get(self.session.store, settings.BILINGUAL))
        self.blocked_list.clear()
        self.blocked_list.addItems(await approval.blocked_phrases(self.session))

    def selected_user(self) -> User | None:
        row = self.users_table.currentRow()
        item = self.users_table.item(row, 0) if row >= 0 else None
        user = item.data(Qt.ItemDataRole.UserRole) if item else None
        return user if isinstance(user, User) else None

    def _needs_selection(self) -> User | None:
        user = self.selected_user()
        if user is None:
            self.users_result.setText(self.tr("Select a user in the list first."))
        return user

    def _refresh_later(self, _result: object = None) -> None:
        self._tasks.spawn(self.refresh())

    def _after(self, done_text: str) -> None:
        self.users_result.setText(done_text)
        self._tasks.spawn(self.refresh())

    def _add_user(self) -> None:
        async def add() -> None:
            taken = await user_admin.list_users(self.session)
            answer = await PROMPTS.form(
                "add user", lambda: NewUserDialog(self, taken={u.name for u in taken})
            )
            if answer is None:
                return
            self.users_result.setText(self.tr("Adding {name}…").format(name=answer.name))
            user = await user_admin.add_user(
                self.session,
                name=answer.name,
                password=answer.password,
                roles=answer.roles,
                display_name=answer.display_name,
            )
            self._after(self.tr("Added {name}.").format(name=user.name))

        self._tasks.spawn(add(), error=self.users_result.setText)

    def _reset_password(self) -> None:
        user = self._needs_selection()
        if user is None:
            return
        title = self.tr("New password for {name}").format(name=user.name)

        async def reset() -> None:
            answer = await PROMPTS.form(
                "reset password", lambda: NewPasswordDialog(title, False, self)
            )
            if answer is None:
                return
            self.users_result.setText(self.tr("Setting a new password…"))
            await user_admin.reset_password(
                self.session, user.name, answer.password, reason=answer.reason
            )
            self._after(self.tr("{name} has a new password.").format(name=user.name))

        self._tasks.spawn(reset(), error=self.users_result.setText)

    def _change_roles(self) -> None:
        user = self._needs_selection()
        if user is None:
            return

        async def change() -> None:
            answer = await PROMPTS.form("roles", lambda: RolesDialog(user.name, user.roles, self))
            if answer is None:
                return
            changed = await user_admin.set_roles(
                self.session, user.name, answer.roles, reason=answer.reason
            )
            if changed.id == self.session.user.id:
                self.sessionUserChanged.emit()
                self.apply_permissions()
            self._after(self.tr("{name}'s roles changed.").format(name=changed.name))

        self._tasks.spawn(change(), error=self.users_result.setText)

    def _disable_user(self) -> None:
        user = self._needs_selection()
        if user is None:
            return

        async def disable() -> None:
            reason = await PROMPTS.text(
                self,
                self.tr("Disable {name}").format(name=user.name),
                self.tr(
                    "Why? {name} will no longer be able to sign in; their history stays."
                ).format(name=user.name),
                ok=self.tr("Disable {name}").format(name=user.name),
                cancel=self.tr("Keep {name} enabled").format(name=user.name),
            )
            if reason is None:
                return
            await user_admin.disable_user(self.session, user.name, reason)
            self._after(self.tr("{name} is disabled.").format(name=user.name))

        self._tasks.spawn(disable(), error=self.users_result.setText)

    def _enable_user(self) -> None:
        user = self._needs_selection()
        if user is None:
            return
        title = self.tr("Enable {name}").format(name=user.name)

        async def enable() -> None:
            answer = await PROMPTS.form(
                "enable user", lambda: NewPasswordDialog(title, False, self, enabling=True)
            )
            if answer is None:
                return
            self.users_result.setText(self.tr("Enabling {name}…").format(name=user.name))
            await user_admin.enable_user(
                self.session, user.name, answer.password, reason=answer.reason
            )
            self._after(
                self.tr("{name} is enabled again and signs in with the new password.").format(
                    name=user.name
                )
            )

        self._tasks.spawn(enable(), error=self.users_result.setText)

    def _change_own_password(self) -> None:
        async def change() -> None:
            # Refused (a current password not right, the wait after several, a new one
            # the same as the old), the form comes back with the new password kept.
            refused: tuple[NewPassword, str] | None = None

            def form() -> NewPasswordDialog:
                dialog = NewPasswordDialog(self.tr("Change my password"), True, self)
                if refused is not None:
                    dialog.refused(*refused)
                return dialog

            while True:
                answer = await PROMPTS.form("own password", form)
                if answer is None:
                    return
                self.users_result.setText(self.tr("Changing your password…"))
                try:
                    await user_admin.change_own_password(
                        self.session, answer.current, answer.password
                    )
                except StoreError as error:
                    self.users_result.clear()
                    refused = (answer, str(error))
                    continue
                self.users_result.setText(self.tr("Your password is changed."))
                return

        self._tasks.spawn(change(), error=self.users_result.setText)

    # -- locking ----------------------------------------------------------------------------

    def _lock_box(self, page: QWidget) -> QGroupBox:
        box = QGroupBox(self.tr("Locking"), page)
        column = QVBoxLayout(box)
        row = QHBoxLayout()
        row.addWidget(QLabel(_(settings.IDLE_LOCK_MINUTES.label), box))
        self.idle_minutes = QSpinBox(box)
        self.idle_minutes.setRange(1, 240)
        self.idle_minutes.setSuffix(self.tr(" min"))
        self.idle_apply = QPushButton(self.tr("Apply"), box)
        self.idle_apply.clicked.connect(self._apply_idle)
        row.addWidget(self.idle_minutes)
        row.addWidget(self.idle_apply)
        row.addStretch(1)
        column.addLayout(row)
        self.idle_result = result_label(box)
        column.addWidget(self.idle_result)
        return box

    def _apply_idle(self) -> None:
        minutes = self.idle_minutes.value()
        self.idle_result.setText(self.tr("Saving…"))

        def saved(_result: object) -> None:
            self.idle_result.setText(
                self.tr("The console locks after %n minute(s) without input.", "", minutes)
            )
            self.idleMinutesChanged.emit(minutes)

        self._tasks.spawn(
            settings.change(self.session, settings.IDLE_LOCK_MINUTES, minutes),
            done=saved,
            error=self.idle_result.setText,
        )

    # -- language ---------------------------------------------------------------------

    def _language_box(self, page: QWidget) -> QGroupBox:
        """The machine user's language (``console.language``): kept in Cordon's settings
        folder, not in the store, so anyone may choose it and the sign-in screen follows."""
        box = QGroupBox(self.tr("Language"), page)
        column = QVBoxLayout(box)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Show Cordon in"), box))
        self.language = QComboBox(box)
        self.language.addItem("English", ENGLISH)
        self.language.addItem("Cymraeg", WELSH)
        self.language.setCurrentIndex(max(0, self.language.findData(i18n.language())))
        self.language_apply = QPushButton(self.tr("Apply"), box)
        self.language_apply.clicked.connect(self._apply_language)
        row.addWidget(self.language)
        row.addWidget(self.language_apply)
        row.addStretch(1)
        column.addLayout(row)
        self.language_result = result_label(box)
        column.addWidget(self.language_result)
        return box

    def _apply_language(self) -> None:
        chosen = str(self.language.currentData())
        try:
            languages.save(chosen)
        except OSError as error:
            self.language_result.setText(
                self.tr("The choice could not be saved ({error}); nothing changed.").format(
                    error=error.strerror or error
                )
            )
            return
        if os.environ.get(languages.ENV):
            self.language_result.setText(
                self.tr("Saved. This Cordon was started with a language of its own "
                        "(--lang or CORDON_LANG), which goes on until it is restarted without it.")
            )  # fmt: skip
        elif chosen == i18n.language():
            self.language_result.setText(self.tr("Saved."))
        else:
            self.language_result.setText(
                self.tr("Saved. Cordon shows the new language when it is next started.")
            )

    # -- statement cards (Instagram) --------------------------------------------------------

    def _card_box(self, page: QWidget) -> QGroupBox:
        box = QGroupBox(self.tr("Statement cards (the image a text becomes on Instagram)"), page)
        column = QVBoxLayout(box)
        row = QHBoxLayout()
        self.card_name = QLineEdit(box)
        self.card_name.setPlaceholderText(self.tr("the channel's name"))
        self.card_colour = QLineEdit(box)
        self.card_colour.setMaximumWidth(100)
        self.card_apply = QPushButton(self.tr("Apply"), box)
        self.card_apply.clicked.connect(self._apply_card)
        row.addWidget(QLabel(self.tr("Force's name"), box))
        row.addWidget(self.card_name, 1)
        row.addWidget(QLabel(self.tr("Colour (#rrggbb)"), box))
        row.addWidget(self.card_colour)
        row.addWidget(self.card_apply)
        column.addLayout(row)
        self.card_result = result_label(box)
        column.addWidget(self.card_result)
        return box

    def _apply_card(self) -> None:
        name, colour = self.card_name.text().strip(), self.card_colour.text().strip()

        if name:
            done = self.tr("Saved: statement cards show {name} in {colour}.")
        else:
            done = self.tr("Saved: statement cards show the channel's name in {colour}.")
        self.card_result.setText(self.tr("Saving…"))
        self._tasks.spawn(
            settings.change_all(
                self.session,
                [(settings.CARD_FORCE_NAME, name), (settings.CARD_COLOUR, colour)],
            ),
            done=lambda _: self.card_result.setText(done.format(name=name, colour=colour)),
            error=self.card_result.setText,
        )

    # -- posts in Welsh and English ------------------------------------------------------------

    def _bilingual_box(self, page: QWidget) -> QGroupBox:
        box = QGroupBox(self.tr("Posts in Welsh and English"), page)
        row = QHBoxLayout(box)
        self.bilingual_form = QComboBox(box)
        self.bilingual_form.setAccessibleName(self.tr("Bilingual posting"))
        for text, form in (
            (self.tr("Off: posts in one language"), Form.OFF),
            (self.tr("One post holding both languages"), Form.ONE),
            (self.tr("Two linked posts (the second a reply where the network has them)"),
             Form.TWO),
        ):  # fmt: skip
            self.bilingual_form.addItem(text, form.value)
        self.bilingual_first = QComboBox(box)
        self.bilingual_first.setAccessibleName(self.tr("Which language goes first"))
        self.bilingual_first.addItem(self.tr("Welsh first"), First.WELSH.value)
        self.bilingual_first.addItem(self.tr("English first"), First.ENGLISH.value)
        self.bilingual_form.currentIndexChanged.connect(
            lambda _i: self.bilingual_first.setEnabled(
                self.bilingual_form.currentData() != Form.OFF.value
                and may(self.session.user, Action.MANAGE_SETTINGS)
            )
        )
        self.bilingual_apply = QPushButton(self.tr("Apply"), box)
        self.bilingual_apply.clicked.connect(self._apply_bilingual)
        row.addWidget(self.bilingual_form, 1)
        row.addWidget(self.bilingual_first)
        row.addWidget(self.bilingual_apply)
        return box

    def show_bilingual(self, choice: Choice) -> None:
        self.bilingual_form.setCurrentIndex(self.bilingual_form.findData(choice.form.value))
        self.bilingual_first.setCurrentIndex(self.bilingual_first.findData(choice.first.value))

    def chosen_bilingual(self) -> Choice:
        return Choice(
            Form(str(self.bilingual_form.currentData())),
            First(str(self.bilingual_first.currentData())),
        )

    def _apply_bilingual(self) -> None:
        self._tasks.spawn(
            settings.change(self.session, settings.BILINGUAL, self.chosen_bilingual()),
            done=lambda _: self.users_result.setText(self.tr("Bilingual posting changed.")),
            error=self.users_result.setText,
        )

    # -- blocked phrases ------------------------------------------------------------------------

    def _blocked_box(self, page: QWidget) -> QGroupBox:
        box = QGroupBox(
            self.tr("Blocked words and phrases (content with them needs approval)"), page
        )
        self.blocked_list = QListWidget(box)
        self.blocked_list.setMaximumHeight(140)
        self.block_button = QPushButton(self.tr("Add…"), box)
        self.unblock_button = QPushButton(self.tr("Remove"), box)
        self.blocked_result = result_label(box)
        buttons = QHBoxLayout()
        buttons.addWidget(self.block_button)
        buttons.addWidget(self.unblock_button)
        buttons.addStretch(1)
        column = QVBoxLayout(box)
        column.addWidget(self.blocked_list)
        column.addLayout(buttons)
        column.addWidget(self.blocked_result)
        self.block_button.clicked.connect(self._block)
        self.unblock_button.clicked.connect(self._unblock)
        return box

    def _block(self) -> None:
        async def block() -> None:
            phrase = await PROMPTS.text(
                self, self.tr("Block a word or phrase"), self.tr("Word or phrase:")
            )
            if phrase is None:
                return
            await approval.add_blocked_phrase(self.session, phrase)
            self._refresh_later()

        self._tasks.spawn(block(), error=self.blocked_result.setText)

    def _unblock(self) -> None:
        chosen = self.blocked_list.selectedItems()
        if not chosen:
            self.blocked_result.setText(self.tr("Select a phrase in the list first."))
            return
        self._tasks.spawn(
            approval.remove_blocked_phrase(self.session, chosen[0].text()),
            done=self._refresh_later,
            error=self.blocked_result.setText,
        )

    # -- permissions -------------------------------------------------------------------------------

    def apply_permissions(self) -> None:
        user = self.session.user
        admin_tip = self.tr("Only an administrator can do this.")
        for button, action in (
            (self.add_user_button, Action.MANAGE_USERS),
            (self.reset_button, Action.MANAGE_USERS),
            (self.disable_button, Action.MANAGE_USERS),
            (self.enable_button, Action.MANAGE_USERS),
            (self.roles_button, Action.MANAGE_ROLES),
            (self.idle_apply, Action.MANAGE_SETTINGS),
            (self.card_apply, Action.MANAGE_SETTINGS),
            (self.bilingual_apply, Action.MANAGE_SETTINGS),
            (self.block_button, Action.MANAGE_SETTINGS),
            (self.unblock_button, Action.MANAGE_SETTINGS),
        ):
            allowed = may(user, action)
            button.setEnabled(allowed)
            button.setToolTip("" if allowed else admin_tip)
        self._apply_user_state()
        self.idle_minutes.setEnabled(may(user, Action.MANAGE_SETTINGS))
        self.card_name.setEnabled(may(user, Action.MANAGE_SETTINGS))
        self.card_colour.setEnabled(may(user, Action.MANAGE_SETTINGS))
        self.bilingual_form.setEnabled(may(user, Action.MANAGE_SETTINGS))
        self.bilingual_first.setEnabled(
            may(user, Action.MANAGE_SETTINGS) and self.bilingual_form.currentData() != "off"
        )

    def _apply_user_state(self) -> None:
        """What cannot work for the selected user's state is disabled, saying why: a
        disabled user has no password to reset, no roles to use and is disabled
        already; only a disabled user can be enabled."""
        chosen = self.selected_user()
        disabled = chosen is not None and not chosen.active
        if disabled and chosen is not None:
            tip = self.tr("{name} is disabled: enable them first.").format(name=chosen.name)
            for button in (self.reset_button, self.roles_button, self.disable_button):
                if button.isEnabled():
                    button.setEnabled(False)
                    button.setToolTip(tip)
        if self.enable_button.isEnabled() and not disabled:
            self.enable_button.setEnabled(False)
            self.enable_button.setToolTip(self.tr("Only a disabled user can be enabled."))

    def adopt(self, session: Session) -> None:
        self.session = session
        self.apply_permissions()


def result_label(parent: QWidget) -> QLabel:
    """A line saying how something went: plain text, so a name or an error holding
    markup is shown as typed, never rendered."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


class CheckWords(QObject):
    """The store check's counting sentence (on a QObject, so that it is extracted with
    its plural forms)."""

    def intact(self, count: int) -> str:
        return self.tr("Audit trail intact: %Ln entry(s).", "", count)


def describe_check(report: lifecycle.CheckReport) -> str:
    if report.pages_ok:
        pages = QCoreApplication.translate(
            "SettingsView", "Every page's HMAC and the database structure check out."
        )
    else:
        pages = QCoreApplication.translate(
            "SettingsView", "DAMAGED pages ({count}): {shown}. Restore from a backup."
        ).format(count=len(report.page_problems), shown="; ".join(report.page_problems[:3]))
    if report.verdict is None:
        chain = QCoreApplication.translate(
            "SettingsView", "The audit trail could not be read: {why}"
        ).format(why=report.audit_unreadable)
    elif report.verdict.problem is None:
        chain = CheckWords().intact(report.verdict.count)
    else:
        chain = QCoreApplication.translate("SettingsView", "Audit trail NOT intact: {why}").format(
            why=report.verdict.problem.sentence
        )
    return f"{pages} {chain}"
