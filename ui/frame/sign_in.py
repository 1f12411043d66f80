"""The sign-in screen, and the dialog that creates a new store.

Key derivation takes about half a second by design; it runs in a worker thread
while this screen stays responsive and says what it is doing.

Signals (SignInScreen): ``signedIn(object)``: a ``console.session.Session``.
``createRequested(str)``: the officer asked to create a store at this path.

The store field takes a file's path or a team store's URL (``postgresql://…``):
for a URL nothing is read until the officer signs in (the server is asked then).
``demoRequested()``: the officer asked for the demo exercise store.
``exerciseRequested()``: the officer asked to set up a new training exercise.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from console.passwords import password_problem
from console.paths import STORE_SUFFIX, default_store_path, demo_store_path
from console.session import THROTTLE, Session, SignInThrottle, sign_in
from incident.demo_accounts import DEMO_GOLD, DEMO_GOLD_PASSWORD, DEMO_PASSWORD, DEMO_USER
from storage import pg
from storage.errors import StoreError
from storage.keyslots import KdfParams, KeyFile
from storage.lifecycle import Where, create_store
from storage.records import Role, StoreKind
from ui.common.prompts import PROMPTS
from ui.common.tasks import Tasks
from ui.frame.sign_in_parts import WaitCountdown, centre_card


class SignInScreen(QWidget):
    signedIn = Signal(object)
    createRequested = Signal(str)
    demoRequested = Signal()
    exerciseRequested = Signal()

    def __init__(
        self,
        store_path: Where,
        tasks: Tasks,
        throttle: SignInThrottle = THROTTLE,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Cordon — sign in"))
        self._tasks = tasks
        self._throttle = throttle
        # Asked before signing in: a sentence if another window has the store open
        # (``ui.frame.single_instance``); None lets the sign-in go ahead.
        self.claim_store: Callable[[Where], str | None] | None = None

        card = QFrame(self)
        card.setObjectName("signInCard")
        card.setFixedWidth(460)
        title = QLabel(self.tr("Cordon"), card)
        title.setObjectName("signInTitle")
        subtitle = QLabel(self.tr("Incident communications console"), card)
        subtitle.setObjectName("signInSubtitle")

        self.path_edit = QLineEdit(str(store_path), card)
        self.path_edit.setAccessibleName(self.tr("Store file or team store URL"))
        self.path_edit.setToolTip(
            self.tr("A store file, or a team store's address: postgresql://USER@HOST/DATABASE")
        )
        browse = QPushButton(self.tr("&Browse…"), card)
        browse.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(browse)
        self.store_info = QLabel(card)
        self.store_info.setObjectName("storeInfo")
        self.store_info.setWordWrap(True)

        self.user_edit = QLineEdit(card)
        self.user_edit.setAccessibleName(self.tr("User name"))
        self.password_edit = QLineEdit(card)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setAccessibleName(self.tr("Password"))
        self.sign_in_button = QPushButton(self.tr("&Sign in"), card)
        self.sign_in_button.setObjectName("primary")
        self.sign_in_button.setDefault(True)
        self.busy = QProgressBar(card)
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setMaximumHeight(6)
        self.busy.hide()
        self.message = QLabel(card)
        self.message.setObjectName("errorText")
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Sign-in message"))

        self.no_store = QFrame(card)
        no_store_layout = QVBoxLayout(self.no_store)
        no_store_layout.setContentsMargins(0, 0, 0, 0)
        self.no_store_text = QLabel(self.no_store)
        self.no_store_text.setWordWrap(True)
        self.create_button = QPushButton(self.tr("&Create a new store…"), self.no_store)
        self.demo_button = QPushButton(self.tr("Open the &demo exercise store"), self.no_store)
        no_store_layout.addWidget(self.no_store_text)
        buttons = QHBoxLayout()
        buttons.addWidget(self.create_button)
        buttons.addWidget(self.demo_button)
        no_store_layout.addLayout(buttons)

        self.form = QFrame(card)
        form = QFormLayout(self.form)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("&User"), self.user_edit)
        form.addRow(self.tr("&Password"), self.password_edit)
        form.addRow("", self.sign_in_button)

        layout = QVBoxLayout(card)
        layout.setContentsMargins(28, 24, 28, 24)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addWidget(subtitle)
        layout.addSpacing(8)
        store_label = QLabel(self.tr("S&tore"), card)
        store_label.setBuddy(self.path_edit)  # Alt+T: back to the store field
        layout.addWidget(store_label)
        layout.addLayout(path_row)
        layout.addWidget(self.store_info)
        layout.addWidget(self.no_store)
        layout.addWidget(self.form)
        layout.addWidget(self.busy)
        layout.addWidget(self.message)
        # A trainer sets up an exercise from here, whatever store the path names.
        self.exercise_button = QPushButton(self.tr("New training e&xercise…"), card)
        self.exercise_button.setObjectName("exerciseButton")
        self.exercise_button.setToolTip(
            self.tr("Make an exercise store from a scenario: simulated channels only")
        )
        self.exercise_button.clicked.connect(self.exerciseRequested.emit)
        exercise_row = QHBoxLayout()
        exercise_row.addStretch(1)
        exercise_row.addWidget(self.exercise_button)
        layout.addSpacing(6)
        layout.addLayout(exercise_row)

        centre_card(self, card)
        self._countdown = WaitCountdown(
            self.sign_in_button,
            self.tr("&Sign in"),
            throttle,
            self.store_where,
        )

        self.path_edit.textChanged.connect(self._describe_store)
        self.sign_in_button.clicked.connect(self.attempt)
        self.password_edit.returnPressed.connect(self.attempt)
        self.path_edit.returnPressed.connect(self._path_entered)
        self.user_edit.returnPressed.connect(self.password_edit.setFocus)
        self.create_button.clicked.connect(lambda: self.createRequested.emit(self.path_edit.text()))
        self.demo_button.clicked.connect(self.demoRequested.emit)
        self._describe_store()
        self.resize(900, 640)

    # -- what the path holds -----------------------------------------------------------

    def store_path(self) -> Path:
        return Path(self.path_edit.text().strip()).expanduser()

    def store_where(self) -> Where:
        """What the field names: a team store's URL as typed, or a file's path."""
        text = self.path_edit.text().strip()
        return text if pg.is_team_url(text) else self.store_path().absolute()

    def _describe_store(self) -> None:
        self.show_message("")  # a wrong password for another store is no news for this one
        where = self.store_where()
        if isinstance(where, str):
            self._describe_team(where)
            return
        path = self.store_path()
        exists = path.is_file()
        self.no_store.setVisible(not exists)
        self.form.setVisible(exists)
        if not exists:
            self.store_info.setText("")
            self.create_button.setDefault(True)
            self._focus(self.create_button)
            self.no_store_text.setText(
                self.tr(
                    "There is no store at this path yet. Create one, or look around "
                    "in the demo exercise store."
                )
            )
            return
        try:
            keys = KeyFile.load(path)
        except StoreError as error:
            self.store_info.setText(str(error))
            return
        if keys.kind is StoreKind.EXERCISE and path.absolute() == demo_store_path().absolute():
            self.store_info.setText(
                self.tr(
                    "The demo exercise store: sign in as {user}, password {password} "
                    "(gold command: {gold}, password {gold_password})."
                ).format(
                    user=DEMO_USER,
                    password=DEMO_PASSWORD,
                    gold=DEMO_GOLD,
                    gold_password=DEMO_GOLD_PASSWORD,
                )
            )
        elif keys.kind is StoreKind.EXERCISE:
            self.store_info.setText(self.tr("Exercise store: it can never reach a live account."))
        else:
            self.store_info.setText(self.tr("Live store, encrypted."))
        self._focus(self.user_edit)

    def _path_entered(self) -> None:
        """Enter in the store field: on to the user name, or to Create if there is no
        store there yet."""
        (self.user_edit if self.form.isVisible() else self.create_button).setFocus()

    def _focus(self, widget: QWidget) -> None:
        """Where the officer goes next, unless they are typing the store's path: the
        focus then stays in the field (it jumped to Create at the first letter, and
        the rest of the path went to that button, a space clicking it)."""
        if not self.path_edit.hasFocus():
            widget.setFocus()

    def _describe_team(self, url: str) -> None:
        """A team store is asked nothing until the officer signs in: the address is
        only checked for what it must say (its database; TLS unless on this machine)."""
        self.no_store.setVisible(False)
        self.form.setVisible(True)
        try:
            pg.check_url(url)
        except StoreError as error:
            self.store_info.setText(str(error))
            return
        self.store_info.setText(
            self.tr("Team store on {where}: sign in with your own name and password.").format(
                where=pg.display(url)
            )
        )
        self._focus(self.user_edit)

    def _browse(self) -> None:
        async def browse() -> None:
            path = await PROMPTS.open_path(
                self,
                self.tr("Open a Cordon store"),
                self.store_path().parent if not pg.is_team_url(self.store_where()) else Path.home(),
                self.tr("Cordon stores (*{suffix});;All files (*)").format(suffix=STORE_SUFFIX),
            )
            if path is not None:
                self.path_edit.setText(str(path))

        self._tasks.spawn(browse(), error=self.show_message)

    def prefill(self, path: Where, user: str, password: str = "") -> None:
        self.path_edit.setText(str(path))
        self.user_edit.setText(user)
        self.password_edit.setText(password)
        if user:
            self.password_edit.setFocus()

    # -- signing in -----------------------------------------------------------------------

    def attempt(self) -> None:
        if not self.sign_in_button.isEnabled():
            return
        user = self.user_edit.text().strip()
        if not user:
            self.show_message(self.tr("Type your user name."))
            self.user_edit.setFocus()
            return
        if self.claim_store is not None and (taken := self.claim_store(self.store_where())):
            self.show_message(taken)
            return
        password = self.password_edit.text()
        self._set_busy(True)
        self.show_message("")
        self._tasks.spawn(
            sign_in(self.store_where(), user, password, via="window", throttle=self._throttle),
            done=self._succeeded,
            error=self._failed,
        )

    def _succeeded(self, session: Session) -> None:
        self._set_busy(False)
        self.password_edit.clear()
        self.signedIn.emit(session)

    def _failed(self, sentence: str) -> None:
        self._set_busy(False)
        self.password_edit.clear()
        self.password_edit.setFocus()
        self.show_message(sentence)
        self._countdown.start_if_waiting()

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.sign_in_button.setEnabled(not busy)
        self.user_edit.setEnabled(not busy)
        self.password_edit.setEnabled(not busy)
        self.sign_in_button.setText(self.tr("Unlocking…") if busy else self.tr("&Sign in"))

    def show_message(self, text: str) -> None:
        self.message.setText(text)


class CreateStoreDialog(QDialog):
    """Create a store: where, the first administrator, and their password.

    Signals: ``created(object, str, str)``: the store's path, user and password, so
    the caller can sign the new administrator straight in.
    """

    created = Signal(object, str, str)

    def __init__(
        self,
        path: Path,
        tasks: Tasks,
        kdf: KdfParams | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Create a Cordon store"))
        self.setMinimumWidth(480)
        self._tasks = tasks
        self._kdf = kdf
        self.path_edit = QLineEdit(str(_in_folder(path)), self)
        self.user_edit = QLineEdit(self)
        self.display_edit = QLineEdit(self)
        self.password_edit = QLineEdit(self)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm_edit = QLineEdit(self)
        self.confirm_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.exercise_box = QCheckBox(self.tr("Exercise store (training only)"), self)
        # The one who makes the store administers it; in a small force they also do the
        # work: asked here, so they are not left with an administrator who cannot post.
        self.role_boxes = {
            Role.DUTY_OFFICER: QCheckBox(
                self.tr("Duty officer: writes posts, answers the inbox, engages incidents"), self
            ),
            Role.APPROVER: QCheckBox(
                self.tr("Approver (gold): approves posts, reviews what an incident holds"), self
            ),
        }
        self.message = QLabel(self)
        self.message.setObjectName("errorText")
        self.message.setWordWrap(True)
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)
        self.busy.setMaximumHeight(6)
        self.busy.setTextVisible(False)
        self.busy.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("C&reate"))
        form = QFormLayout(self)
        form.addRow(self.tr("Store &file"), self.path_edit)
        form.addRow(self.tr("&Your user name"), self.user_edit)
        form.addRow(self.tr("Your full &name"), self.display_edit)
        form.addRow(self.tr("&Password"), self.password_edit)
        form.addRow(self.tr("&Again"), self.confirm_edit)
        form.addRow("", self.exercise_box)
        roles_label = QLabel(self.tr("Your roles besides administrator:"), self)
        roles_label.setWordWrap(True)
        form.addRow(roles_label)
        for box in self.role_boxes.values():
            form.addRow("", box)
        note = QLabel(
            self.tr(
                "You will be the store's first administrator. The store is encrypted; "
                "without a password of a user it cannot be read by anyone, Cordon included."
            ),
            self,
        )
        note.setWordWrap(True)
        form.addRow(note)
        form.addRow(self.busy)
        form.addRow(self.message)
        form.addRow(self.buttons)
        # Never narrower than its rows: the roles' check boxes do not wrap, and the
        # wrapped sentences would otherwise let the dialog open cutting them short.
        form.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        self.buttons.accepted.connect(self.attempt)
        self.buttons.rejected.connect(self.reject)

    def reject(self) -> None:
        """Esc or the window's close while the store is being made does nothing: the
        store would be made and signed in to all the same, behind a dialog that said
        it was cancelled."""
        if self.busy.isVisible():
            return
        super().reject()

    def attempt(self) -> None:
        path = _in_folder(Path(self.path_edit.text().strip()).expanduser())
        user = self.user_edit.text().strip()
        password = self.password_edit.text()
        if not user:
            self.message.setText(self.tr("Give your user name: you will sign in with it."))
            return
        if password != self.confirm_edit.text():
            self.message.setText(self.tr("The two passwords differ: type them again."))
            return
        if problem := password_problem(password):
            self.message.setText(problem)
            return
        if path.suffix != STORE_SUFFIX:
            path = path.with_name(path.name + STORE_SUFFIX)
        kind = StoreKind.EXERCISE if self.exercise_box.isChecked() else StoreKind.LIVE
        self._set_busy(True)
        self.message.setText(self.tr("Creating the encrypted store…"))

        async def create() -> Path:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            store = await create_store(
                path,
                user=user,
                password=password,
                display_name=self.display_edit.text().strip(),
                kind=kind,
                kdf=self._kdf,
                roles=self.roles(),
            )
            await store.close()
            return path

        def done(created_path: Path) -> None:
            self._set_busy(False)
            self.password_edit.clear()
            self.confirm_edit.clear()
            self.created.emit(created_path, user, password)
            self.accept()

        def failed(sentence: str) -> None:
            self._set_busy(False)
            self.message.setText(sentence)

        self._tasks.spawn(create(), done=done, error=failed)

    def roles(self) -> list[Role]:
        """The operational roles ticked, held with administrator."""
        return [role for role, box in self.role_boxes.items() if box.isChecked()]

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.buttons.setEnabled(not busy)


def _in_folder(path: Path) -> Path:
    """A folder named as the store's place means a store in it (not a file beside it
    named after the folder: "/data/comms" made "/data/comms.cordon")."""
    return path / default_store_path().name if path.is_dir() else path
