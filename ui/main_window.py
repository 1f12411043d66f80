"""The console's main window: the mode banner, the areas, the status bar.

Signals: ``signOutRequested()``: the officer asked to sign out (the controller
closes the session and shows the sign-in screen). ``quitRequested()``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from console.session import Session
from console.timezone import now_local
from storage import lifecycle
from storage.records import StoreKind
from ui.audit_view import AuditView
from ui.prompts import PROMPTS
from ui.tasks import Tasks
from widgets.mode_banner import ConsoleMode, ModeBanner
from widgets.placeholder import AreaPlaceholder

AREAS = (
    (
        "queue",
        "Queue",
        "Every scheduled post on every channel, with its state, time and author, "
        "and the calendar of the week ahead.",
    ),
    (
        "incident",
        "Incident",
        "One click to hold everything queued, holding statements, gold "
        "command's review and the stand-down timeline.",
    ),
    (
        "inbox",
        "Inbox",
        "Mentions, replies and direct messages from every channel in one list, "
        "and reports from the public recorded to the standard of a 101 call.",
    ),
    (
        "channels",
        "Channels",
        "The force's accounts on each network, their connection and "
        "token health, and their sync state.",
    ),
    ("audit", "Audit", ""),
    ("settings", "Settings", ""),
)


class MainWindow(QMainWindow):
    signOutRequested = Signal()
    quitRequested = Signal()

    def __init__(self, session: Session, tasks: Tasks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._tasks = tasks
        self._closing_for_good = False
        store = session.store
        exercise = store.kind is StoreKind.EXERCISE
        title = self.tr("Cordon — {user}").format(user=session.user.display_name)
        self.setWindowTitle(title + (" — EXERCISE" if exercise else ""))
        self.resize(1280, 800)

        self.banner = ModeBanner(self)
        if exercise:
            self.banner.show_mode(
                ConsoleMode.EXERCISE, self.tr("Training store: no live account can be reached")
            )
        else:
            self.banner.show_mode(ConsoleMode.NORMAL, self.tr("No incident engaged"))

        self.navigation = QListWidget(self)
        self.navigation.setObjectName("navigation")
        self.navigation.setFixedWidth(190)
        self.pages = QStackedWidget(self)
        self.audit_view = AuditView(store, session.user.name, tasks, self)
        self.area_index: dict[str, int] = {}
        for key, label, purpose in AREAS:
            if key == "audit":
                page: QWidget = self.audit_view
            elif key == "settings":
                page = self._settings_page()
            else:
                page = AreaPlaceholder(self.tr(label), self.tr(purpose), self)
            self.area_index[key] = self.pages.addWidget(page)
            self.navigation.addItem(self.tr(label))
        self.navigation.currentRowChanged.connect(self.pages.setCurrentIndex)

        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        body.addWidget(self.navigation)
        body.addWidget(self.pages, 1)
        central = QWidget(self)
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.banner)
        column.addLayout(body, 1)
        self.setCentralWidget(central)

        roles = ", ".join(role.label for role in sorted(session.user.roles))
        self.user_label = QLabel(
            self.tr("Signed in: {name} ({roles})").format(
                name=session.user.display_name, roles=roles
            ),
            self,
        )
        self.clock_label = QLabel(self)
        self.sync_label = QLabel(self.tr("Sync: no channels connected"), self)
        self.checkpoint_label = QLabel(self)
        self.checkpoint_label.setToolTip(self.tr("Newest audit entry and its hash"))
        status = self.statusBar()
        status.addWidget(self.user_label)
        status.addPermanentWidget(self.sync_label)
        status.addPermanentWidget(self.checkpoint_label)
        status.addPermanentWidget(self.clock_label)
        self.audit_view.checkpointChanged.connect(
            lambda text: self.checkpoint_label.setText(self.tr("Audit {c}").format(c=text))
        )
        self._clock = QTimer(self)
        self._clock.timeout.connect(self._tick)
        self._clock.start(1000)
        self._tick()

        self._build_menus()
        tasks.failed.connect(self._report_failure)
        self.show_area("audit")
        tasks.spawn(self.audit_view.refresh())

    def _build_menus(self) -> None:
        console_menu = self.menuBar().addMenu(self.tr("&Cordon"))
        sign_out = QAction(self.tr("Sign &out"), self)
        sign_out.setShortcut(QKeySequence("Ctrl+Shift+Q"))
        sign_out.triggered.connect(self.signOutRequested.emit)
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        console_menu.addAction(sign_out)
        console_menu.addSeparator()
        console_menu.addAction(quit_action)
        go_menu = self.menuBar().addMenu(self.tr("&Go"))
        for number, (key, label, _purpose) in enumerate(AREAS, start=1):
            action = QAction(self.tr(label), self)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _checked=False, k=key: self.show_area(k))
            go_menu.addAction(action)

    def _settings_page(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(24, 24, 24, 24)
        heading = QLabel(self.tr("Settings"), page)
        heading.setObjectName("areaHeading")
        layout.addWidget(heading)
        store = self.session.store
        facts = QFormLayout()
        kind = self.tr("Exercise") if store.kind is StoreKind.EXERCISE else self.tr("Live")
        for label, value in (
            (self.tr("Store file"), str(store.path)),
            (self.tr("Kind"), kind),
            (self.tr("Store id"), store.store_id),
            (self.tr("Schema version"), str(store.schema_version)),
            (self.tr("Encryption"), self.tr("SQLCipher 4, AES-256, per-user Argon2id key slots")),
        ):
            text = QLabel(value, page)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            facts.addRow(label, text)
        layout.addLayout(facts)
        self.backup_button = QPushButton(self.tr("&Back up the store…"), page)
        self.backup_button.clicked.connect(self._backup)
        self.backup_result = QLabel(page)
        self.backup_result.setWordWrap(True)
        layout.addWidget(self.backup_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.backup_result)
        self.check_button = QPushButton(self.tr("C&heck the store"), page)
        self.check_button.setToolTip(
            self.tr("Every page's HMAC, the database structure, and the whole audit chain")
        )
        self.check_button.clicked.connect(self._check)
        self.check_result = QLabel(page)
        self.check_result.setWordWrap(True)
        layout.addSpacing(12)
        layout.addWidget(self.check_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.check_result)
        layout.addStretch(1)
        return page

    # -- behaviour ------------------------------------------------------------------------

    def show_area(self, key: str) -> None:
        self.navigation.setCurrentRow(self.area_index[key])

    def current_area(self) -> str:
        index = self.pages.currentIndex()
        return next(key for key, value in self.area_index.items() if value == index)

    def _tick(self) -> None:
        self.clock_label.setText(now_local().strftime("UK %H:%M:%S %Z"))

    def _backup(self) -> None:
        store = self.session.store
        stamp = now_local().strftime("%Y%m%d-%H%M")
        path = PROMPTS.save_path(
            self,
            self.tr("Back up the store"),
            store.path.with_name(f"{store.path.stem}-backup-{stamp}{store.path.suffix}"),
            self.tr("Cordon stores (*.cordon)"),
        )
        if path is None:
            return

        async def backup() -> None:
            self.backup_result.setText(self.tr("Backing up…"))
            dest = await lifecycle.backup(store, path, actor=self.session.user.name)
            self.backup_result.setText(
                self.tr("Backed up to {dest} (with its key file {keys}).").format(
                    dest=str(dest), keys=dest.name + ".keys"
                )
            )
            await self.audit_view.refresh()

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

    def _report_failure(self, sentence: str) -> None:
        PROMPTS.warn(self, self.tr("Cordon"), sentence)

    def close_for_good(self) -> None:
        self._closing_for_good = True
        self._clock.stop()
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._closing_for_good:
            event.accept()
            return
        event.ignore()
        self.quitRequested.emit()


def describe_check(report: lifecycle.CheckReport) -> str:
    if report.pages_ok:
        pages = "Every page's HMAC and the database structure check out."
    else:
        shown = "; ".join(report.page_problems[:3])
        pages = f"DAMAGED pages ({len(report.page_problems)}): {shown}. Restore from a backup."
    if report.verdict is None:
        chain = f"The audit trail could not be read: {report.audit_unreadable}"
    elif report.verdict.problem is None:
        chain = f"Audit trail intact: {report.verdict.count:,} entries."
    else:
        chain = f"Audit trail NOT intact: {report.verdict.problem.sentence}"
    return f"{pages} {chain}"
