"""The console's main window: the mode banner, the areas, the status bar, the lock.

Signals: ``signOutRequested()``: the officer asked to sign out (the controller
closes the session and shows the sign-in screen). ``quitRequested()``.
``sessionChanged(object)``: another officer took over at the lock screen; the
argument is their ``Session``. ``demoRequested()``: the officer of a new, empty store
asked to look round the demo exercise instead (the controller signs out and opens it).
"""

from __future__ import annotations

import html
from datetime import datetime

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMenu,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from console import queue as queue_service
from console import settings
from console.audit_trail import current_checkpoint
from console.engine_keeper import EngineKeeper
from console.holds import hold_targets
from console.marking import printed_mark, title_suffix
from console.permissions import Action, may
from console.session import Session
from console.timezone import FORCE_ZONE, local_text, now_local
from incident import engage
from incident.exercise.clock import clock_of
from storage.errors import is_unreachable
from storage.incidents import Counts, Incident
from storage.posts import Post
from storage.records import StoreKind
from storage.timeutil import from_iso
from ui.audit.audit_view import AuditView, checkpoint_text
from ui.channels.channels_view import ChannelsView
from ui.channels.health_view import HealthView
from ui.common.clipboard import TransientClipboard
from ui.common.prompts import PROMPTS
from ui.common.tasks import Tasks
from ui.common.translations import QT_TRANSLATE_NOOP
from ui.exercise.exercise_mark import ExerciseMarker
from ui.exercise.trainer_view import TrainerView
from ui.frame.lock import (
    IdleWatch,
    Keepable,
    LockScreen,
    close_windows_of,
    put_away_windows_of,
)
from ui.frame.sync_parts import SyncParts
from ui.frame.system_lock import SessionWatch
from ui.inbox.inbox_view import InboxView
from ui.inbox.threat_alerts import ThreatAlerts
from ui.incident.incident_view import IncidentView, since_text
from ui.incident.wall_display import WallDisplay
from ui.queue.calendar_view import CalendarView
from ui.queue.composer import ComposerDialog
from ui.queue.queue_view import QueueView
from ui.reports import report_dialogs
from ui.reports.dashboard_view import DashboardView
from ui.reports.reports_view import ReportsView
from ui.settings.settings_view import SettingsView
from widgets.elided_label import ElidedLabel
from widgets.gold_notice import GoldInstruction, GoldNotice
from widgets.mode_banner import ConsoleMode, ModeBanner
from widgets.store_banner import UnreachableBanner

AREAS = (
    ("queue", QT_TRANSLATE_NOOP("MainWindow", "Queue"), ""),
    ("calendar", QT_TRANSLATE_NOOP("MainWindow", "Calendar"), ""),
    ("incident", QT_TRANSLATE_NOOP("MainWindow", "Incident"), ""),
    ("inbox", QT_TRANSLATE_NOOP("MainWindow", "Inbox"), ""),
    ("reports", QT_TRANSLATE_NOOP("MainWindow", "Reports"), ""),
    ("dashboard", QT_TRANSLATE_NOOP("MainWindow", "Dashboard"), ""),
    ("channels", QT_TRANSLATE_NOOP("MainWindow", "Channels"), ""),
    ("audit", QT_TRANSLATE_NOOP("MainWindow", "Audit"), ""),
    ("settings", QT_TRANSLATE_NOOP("MainWindow", "Settings"), ""),
)


class MainWindow(QMainWindow):
    signOutRequested = Signal()
    quitRequested = Signal()
    sessionChanged = Signal(object)
    demoRequested = Signal()

    def __init__(
        self,
        session: Session,
        keeper: EngineKeeper | None = None,
        parent: QWidget | None = None,
        idle: IdleWatch | None = None,
    ) -> None:
        """``keeper``: what starts and watches the engine service (publishing, sync), or
        None (tests that run the engine themselves, or none)."""
        super().__init__(parent)
        self.session = session
        # The window's own tasks: cancelled when it closes, so no coroutine of a
        # closed window touches its deleted widgets.
        self._tasks = tasks = Tasks(self)
        self._closing_for_good = False
        self.locked = False
        # Areas being read: the whole window's load (sign-in, unlock), and each area's
        # first read when it is built (``loaded`` is True when none is left).
        self._loading = False
        self._first_reads: set[str] = set()
        store = session.store
        exercise = store.kind is StoreKind.EXERCISE
        self._exercise = exercise
        # Every dialog and window opened while an exercise store is open says so.
        self.exercise_marker = ExerciseMarker(self)
        if exercise:
            self.exercise_marker.install()
        self.resize(1280, 800)

        self.incident: Incident | None = None
        self.incident_counts = Counts()
        self._next_update_warned: str | None = None
        self._engaging = False
        self.wall: WallDisplay | None = None
        self.banner = ModeBanner(self)
        self.engage_button = QPushButton(self.tr("Engage incident mode"), self.banner)
        self.engage_button.setObjectName("engageButton")
        self.engage_button.setToolTip(
            self.tr("Hold every queued post on every channel now (Ctrl+Shift+E)")
        )
        self.engage_button.clicked.connect(self.engage_incident)
        self.banner.add_trailing(self.engage_button)
        self._banner_detail = (
            self.tr("Training store: no live account can be reached")
            if exercise
            else self.tr("No incident engaged")
        )
        self._show_banner()

        self.navigation = QListWidget(self)
        self.navigation.setObjectName("navigation")
        self.navigation.setFixedWidth(190)
        self.pages = QStackedWidget(self)
        self.clipboard = TransientClipboard(self)
        # Each area is built the first time it is shown (or asked for): Qt styling a
        # whole area's widgets as they are added is most of what building the window
        # costs. Built from the start: what must be live whatever is shown (the
        # incident's state, which turns the banner red; the trainer's gold notices).
        self._built: set[str] = set()
        self._queue: QueueView | None = None
        self._calendar: CalendarView | None = None
        self._inbox: InboxView | None = None
        self._reports: ReportsView | None = None
        self._dashboard: DashboardView | None = None
        self._channels: ChannelsView | None = None
        self._audit: AuditView | None = None
        self._settings: SettingsView | None = None
        self.incident_view = IncidentView(session, tasks, self)
        self.incident_view.engageRequested.connect(self.engage_incident)
        self.incident_view.stateChanged.connect(self._incident_state)
        self.incident_view.wallRequested.connect(self.show_wall)
        self.composer: ComposerDialog | None = None
        # The composer the lock put away with words in it: back for the same officer only.
        self._composer_away: ComposerDialog | None = None
        self._kept_away: list[QWidget] = []  # other windows with unsaved words, at the lock
        # Background sync's parts: the bridge, the status summary, the engine's health
        # (the Channels and Inbox areas are built with their areas).
        self.sync_parts = SyncParts(session, tasks, keeper, self)
        # Threat-to-life alerts (red) and listening surges (amber), on every area.
        self.threat_alerts = ThreatAlerts(session, tasks, self.sync_parts.bridge, self)
        # An exercise store's trainer panel and gold command's notice (ui/exercise/trainer_view.py).
        self.trainer_view: TrainerView | None = None
        self.gold_notice = GoldNotice(self)
        if exercise:
            self.trainer_view = TrainerView(session, tasks, self)
            self.trainer_view.goldInstructions.connect(self._show_gold)
            self.trainer_view.exerciseFound.connect(lambda _found: self._show_exercise_area())
        self.area_index: dict[str, int] = {}
        for key, label, _purpose in AREAS:
            # An empty widget until built: even an empty scroll area costs Qt's styling.
            self.area_index[key] = self.pages.addWidget(QWidget())
            self.navigation.addItem(QCoreApplication.translate("MainWindow", label))
        self._place("incident", self.incident_view)
        if self.trainer_view is not None:
            self.area_index["exercise"] = self.pages.addWidget(QWidget())
            self._place("exercise", self.trainer_view)
            self.navigation.addItem(self.tr("Exercise"))
            self._show_exercise_area()
        self.navigation.currentRowChanged.connect(self._show_row)

        workspace = QWidget(self)
        body = QHBoxLayout(workspace)
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        body.addWidget(self.navigation)
        body.addWidget(self.pages, 1)
        self.lock_screen = LockScreen(tasks, parent=self)
        self.lock_screen.unlocked.connect(self._unlocked)
        bridge = self.sync_parts.bridge
        bridge.healthChanged.connect(
            lambda: self.lock_screen.show_engine(bridge.engine, reachable=bridge.reachable)
        )
        self.lock_screen.show_engine(bridge.engine)
        self.screens = QStackedWidget(self)
        self.screens.addWidget(workspace)
        self.screens.addWidget(self.lock_screen)
        central = QWidget(self)
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.banner)
        column.addWidget(self.threat_alerts.banner)
        column.addWidget(self.threat_alerts.surge_notice)
        column.addWidget(self.sync_parts.engine_strip)
        column.addWidget(self.sync_parts.offline_banner)
        self.unreachable_banner = UnreachableBanner(self)
        column.addWidget(self.unreachable_banner)
        column.addWidget(self.gold_notice)
        column.addWidget(self.screens, 1)
        self.setCentralWidget(central)

        self.user_label = ElidedLabel(self, least=160)  # never widens the window
        self.clock_label = QLabel(self)
        self.sync_label = self.sync_parts.summary
        self.engine_label = self.sync_parts.engine_label
        self.checkpoint_label = QLabel(self)
        self.checkpoint_label.setToolTip(
            self.tr("Newest audit entry and the start of its hash (the Audit area shows it "
                    "whole)")
        )  # fmt: skip
        self.lock_button = QPushButton(self.tr("Lock"), self)
        self.lock_button.setToolTip(self.tr("Lock the console now (Ctrl+L)"))
        self.lock_button.clicked.connect(lambda: self.lock(self.tr("locked by hand")))
        # A team store's server that stops answering: said here and in the banner.
        self.store_label = QLabel(self.tr("Team store unreachable"), self)
        self.store_label.setObjectName("storeStatus")
        self.store_label.hide()
        status = self.statusBar()
        status.addWidget(self.user_label, 1)
        status.addPermanentWidget(self.store_label)
        status.addPermanentWidget(self.engine_label)
        status.addPermanentWidget(self.sync_label)
        status.addPermanentWidget(self.checkpoint_label)
        status.addPermanentWidget(self.clock_label)
        status.addPermanentWidget(self.lock_button)
        self._clock = QTimer(self)
        self._clock.timeout.connect(self._tick)
        self._clock.start(1000)
        self._tick()

        self._checkpoint_timer = QTimer(self)
        self._checkpoint_timer.setSingleShot(True)
        self._checkpoint_timer.setInterval(1000)
        self._checkpoint_timer.timeout.connect(self._trail_grew)
        store.add_commit_listener(self._store_changed)
        store.add_reachability_listener(self._reachability)
        self._reachability(store.reachable)

        self.idle = idle or IdleWatch(settings.IDLE_LOCK_MINUTES.default * 60, self)
        self.idle.idle.connect(lambda: self.lock(self.tr("no input for a while")))
        self.idle.resumed.connect(lambda: self.lock(self.tr("the computer woke from sleep")))
        self.idle.start()
        self.system = SessionWatch(parent=self)
        self.system.sessionLocked.connect(lambda: self.lock(self.tr("the desktop was locked")))
        self.system.goingToSleep.connect(
            lambda: self.lock(self.tr("the computer is going to sleep"))
        )
        self.system.resumed.connect(self.idle.resumed)  # Windows says it woke

        self._build_menus()
        self._show_user()
        tasks.failed.connect(self._report_failure)
        # Every sign-in opens on the work: the queue, or the incident while one is engaged.
        self._start_load(opening=True)
        self.show_area("queue")  # built now, and read alongside the load
        self._focus_work()

    def _focus_work(self) -> None:
        """Put the keyboard in the list of areas, never on the banner's engage control:
        it is first in the window's focus chain, and a stray Space just after signing
        in (or unlocking) would hold every channel."""
        self.navigation.setFocus(Qt.FocusReason.OtherFocusReason)

    @property
    def loaded(self) -> bool:
        """Every area built so far has read the store since sign-in (or unlock)."""
        return not self._loading and not self._first_reads

    def _start_load(self, opening: bool = False) -> None:
        """Read the store into every area built so far (one built later reads it
        itself)."""
        self._loading = True
        self._tasks.spawn(self._load(sorted(self._built, key=self._order), opening))

    def _order(self, key: str) -> int:
        return self.area_index.get(key, len(self.area_index))

    async def _load(self, areas: list[str], opening: bool) -> None:
        try:
            minutes = await settings.get(self.session.store, settings.IDLE_LOCK_MINUTES)
            self._set_idle_minutes(minutes)
            await self.incident_view.refresh()  # the banner: red at once when engaged
            if opening and self.incident is not None and self.current_area() == "queue":
                self.show_area("incident")
            for key in areas:
                if key != "incident":
                    await self._read_area(key)
            await self.threat_alerts.refresh()
            await self._read_checkpoint()
        finally:
            self._loading = False

    async def _read_area(self, key: str) -> None:
        if key == "queue":
            await self.queue_view.refresh(keep=True)
        elif key == "calendar":
            await self.calendar_view.refresh()
        elif key == "incident":
            await self.incident_view.refresh()
        elif key == "inbox":
            await self.inbox_view.refresh()
        elif key == "reports":
            await self.reports_view.refresh()
        elif key == "dashboard":
            await self.dashboard_view.refresh()
        elif key == "channels":
            await self.channels_view.refresh()
            await self.health_view.refresh()
        elif key == "audit":
            await self.audit_view.refresh()
        elif key == "settings":
            await self.settings_view.refresh()
        elif self.trainer_view is not None:
            await self.trainer_view.refresh()

    async def _first_read(self, key: str) -> None:
        try:
            await self._read_area(key)
        finally:
            self._first_reads.discard(key)

    async def _read_checkpoint(self) -> None:
        """The status bar's newest audit entry (the Audit area reads it too)."""
        if self._audit is not None:
            await self._audit.refresh_checkpoint()  # shown through checkpointChanged
            return
        self._show_checkpoint(checkpoint_text(await current_checkpoint(self.session.store)))

    # -- areas, built when first shown ----------------------------------------------------

    def _place(self, key: str, page: QWidget) -> None:
        """``page`` in its scroll area, in the place its empty stand-in held."""
        index = self.area_index[key]
        stand_in = self.pages.widget(index)
        shown = self.pages.currentWidget()
        assert stand_in is not None
        assert shown is not None
        self.pages.insertWidget(index, AreaScroll(page))
        self.pages.removeWidget(stand_in)
        stand_in.deleteLater()
        if shown is not stand_in:
            self.pages.setCurrentWidget(shown)
        self._built.add(key)

    def build_area(self, key: str) -> None:
        """Build the area ``key`` if it is not yet built; it then reads the store by
        itself (unless the console is locked: unlocking reads it)."""
        if key in self._built:
            return
        if key == "queue":
            queue = self._queue = QueueView(self.session, self._tasks, self)
            queue.composeRequested.connect(self.compose)
            queue.duplicateRequested.connect(lambda post_id: self.compose(post_id))
            queue.editRequested.connect(lambda post_id: self.compose(post_id, edit=True))
            queue.firstStepRequested.connect(self._first_step)
            page: QWidget = queue
        elif key == "calendar":
            page = self._calendar = CalendarView(self.session, self._tasks, self)
        elif key == "inbox":
            inbox = self._inbox = self.sync_parts.build_inbox()
            inbox.reportRequested.connect(self._record_report)
            inbox.channelsRequested.connect(lambda: self.show_area("channels"))
            page = inbox
        elif key == "reports":
            reports = self._reports = ReportsView(self.session, self._tasks, self)
            reports.inboxRequested.connect(lambda: self.show_area("inbox"))
            page = reports
        elif key == "dashboard":
            page = self._dashboard = DashboardView(self.session, self._tasks, self)
        elif key == "channels":
            self._channels = ChannelsView(self.session, self._tasks, self)
            page = self.sync_parts.build_channels(self._channels)
        elif key == "audit":
            audit = self._audit = AuditView(
                self.session.store, self.session.user.name, self._tasks, self, self.clipboard
            )
            audit.checkpointChanged.connect(self._show_checkpoint)
            page = audit
        else:
            assert key == "settings", key
            view = self._settings = SettingsView(self.session, self._tasks, self)
            view.idleMinutesChanged.connect(self._set_idle_minutes)
            view.sessionUserChanged.connect(self._show_user)
            view.setEnabled(not self.locked)
            page = view
        self._place(key, page)
        if not self.locked:
            self._first_reads.add(key)
            self._tasks.spawn(self._first_read(key))

    def _show_row(self, row: int) -> None:
        key = next(k for k, index in self.area_index.items() if index == row)
        self.build_area(key)
        self.pages.setCurrentIndex(row)

    @property
    def queue_view(self) -> QueueView:
        self.build_area("queue")
        assert self._queue is not None
        return self._queue

    @property
    def calendar_view(self) -> CalendarView:
        self.build_area("calendar")
        assert self._calendar is not None
        return self._calendar

    @property
    def inbox_view(self) -> InboxView:
        self.build_area("inbox")
        assert self._inbox is not None
        return self._inbox

    @property
    def reports_view(self) -> ReportsView:
        self.build_area("reports")
        assert self._reports is not None
        return self._reports

    @property
    def dashboard_view(self) -> DashboardView:
        self.build_area("dashboard")
        assert self._dashboard is not None
        return self._dashboard

    @property
    def channels_view(self) -> ChannelsView:
        self.build_area("channels")
        assert self._channels is not None
        return self._channels

    @property
    def health_view(self) -> HealthView:
        self.build_area("channels")
        return self.sync_parts.health_view

    @property
    def audit_view(self) -> AuditView:
        self.build_area("audit")
        assert self._audit is not None
        return self._audit

    @property
    def settings_view(self) -> SettingsView:
        self.build_area("settings")
        assert self._settings is not None
        return self._settings

    def _build_menus(self) -> None:
        console_menu = self.menuBar().addMenu(self.tr("&Cordon"))
        compose = QAction(self.tr("&New post…"), self)
        compose.setShortcut(QKeySequence.StandardKey.New)
        compose.triggered.connect(lambda: self.compose())
        console_menu.addAction(compose)
        self.engage_action = QAction(self.tr("&Engage incident mode"), self)
        self.engage_action.setShortcut(QKeySequence("Ctrl+Shift+E"))
        # Works from any window of the console, dialogs included.
        self.engage_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.engage_action.triggered.connect(self.engage_incident)
        console_menu.addAction(self.engage_action)
        self.addAction(self.engage_action)
        console_menu.addSeparator()
        lock = QAction(self.tr("&Lock"), self)
        lock.setShortcut(QKeySequence("Ctrl+L"))
        lock.triggered.connect(lambda: self.lock(self.tr("locked by hand")))
        sign_out = QAction(self.tr("Sign &out"), self)
        sign_out.setShortcut(QKeySequence("Ctrl+Shift+Q"))
        sign_out.triggered.connect(self.signOutRequested.emit)
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        console_menu.addAction(lock)
        console_menu.addAction(sign_out)
        console_menu.addSeparator()
        console_menu.addAction(quit_action)
        self.go_menu = self.menuBar().addMenu(self.tr("&Go"))
        for number, (key, label, _purpose) in enumerate(AREAS, start=1):
            action = QAction(QCoreApplication.translate("MainWindow", label), self)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _checked=False, k=key: self.show_area(k))
            self.go_menu.addAction(action)
        if self.trainer_view is not None:
            self.exercise_action = QAction(self.tr("E&xercise (trainer)"), self)
            self.exercise_action.setShortcut(QKeySequence("Ctrl+Shift+X"))
            self.exercise_action.triggered.connect(lambda: self.show_area("exercise"))
            self.go_menu.addAction(self.exercise_action)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        keys = QAction(self.tr("&Keyboard shortcuts"), self)
        keys.setShortcut(QKeySequence.StandardKey.HelpContents)
        keys.triggered.connect(self.show_shortcuts)
        help_menu.addAction(keys)

    # -- what is shown -------------------------------------------------------------------

    def _record_report(self, conversation_id: int, item_ids: list[int]) -> None:
        """The inbox's Record a report…: the form, then the conversation's new state."""
        report_dialogs.record_report(
            self, self.session, self._tasks, conversation_id, item_ids,
            on_recorded=lambda _row: self.inbox_view.conversation_changed(conversation_id),
        )  # fmt: skip

    def _first_step(self, key: str) -> None:
        """The empty store's next steps: add a channel, add the team, or the demo."""
        if key == "channels":
            self.show_area("channels")
            self.channels_view.add_button.click()
        elif key == "team":
            self.show_area("settings")
            self.settings_view.add_user_button.click()
        elif key == "demo":
            self.demoRequested.emit()

    def show_area(self, key: str) -> None:
        self.navigation.setCurrentRow(self.area_index[key])

    def _show_gold(self, instructions: list[GoldInstruction]) -> None:
        if not self.locked:  # nothing of the store shows while locked
            self.gold_notice.show_instructions(instructions)

    def _show_exercise_area(self) -> None:
        """The trainer's panel shows the scenario's plan: only the trainer and observers
        see it, and only in a store that holds an exercise (the demo holds none)."""
        view = self.trainer_view
        if view is None or "exercise" not in self.area_index:
            return
        shown = view.may_view() and view.has_exercise is not False
        self.navigation.item(self.area_index["exercise"]).setHidden(not shown)
        if hasattr(self, "exercise_action"):
            self.exercise_action.setVisible(shown)
        if not shown and self.current_area() == "exercise":
            self.show_area("queue")

    def current_area(self) -> str:
        index = self.pages.currentIndex()
        return next(key for key, value in self.area_index.items() if value == index)

    def _show_banner(self) -> None:
        incident = self.incident
        if incident is None:
            mode = ConsoleMode.EXERCISE if self._exercise else ConsoleMode.NORMAL
            self.banner.show_mode(mode, "" if self.locked else self._banner_detail)
            self.engage_button.setText(self.tr("Engage incident mode"))
            self.engage_button.setProperty("engaged", "false")
        else:
            prefix = printed_mark() + " · " if self._exercise else ""
            since = self._since()
            if self.locked:
                self.banner.show_mode(ConsoleMode.INCIDENT, prefix + since)
            else:
                c = self.incident_counts
                parts = [
                    prefix + since,
                    self.tr("%n held", "", c.held),
                    self.tr("%n released", "", c.released),
                    self.tr("%n cancelled", "", c.cancelled),
                    self.tr("%n statement(s) sent", "", c.statements_sent),
                ]
                next_text, due = self._next_update()
                # A promised update that is due leads: on a 1280 px screen the end of
                # the line is cut (its tooltip has it), and this is the part to act on.
                if next_text and due:
                    parts.insert(0, next_text)
                elif next_text:
                    parts.append(next_text)
                self.banner.show_mode(ConsoleMode.INCIDENT, " · ".join(parts), incident.title)
            self.engage_button.setText(self.tr("Incident area"))
            self.engage_button.setProperty("engaged", "true")
        self.engage_button.style().unpolish(self.engage_button)
        self.engage_button.style().polish(self.engage_button)

    def _now(self) -> datetime:
        """The store's "now": in an exercise, the exercise clock's time."""
        return self.session.store.clock()

    def _since(self) -> str:
        """How long ago the incident was engaged, as a phrase: "engaged 12 min ago"."""
        if self.incident is None:
            return ""
        elapsed = (self._now() - from_iso(self.incident.engaged_utc)).total_seconds()
        if elapsed < 60:
            return self.tr("engaged under a minute ago")
        return self.tr("engaged {since} ago").format(since=since_text(elapsed))

    def posts_waiting(self, n: int) -> str:
        """The sentence for ``n`` posts due to go out in the next 24 hours."""
        return self.tr("%n post(s) waiting to go out in the next 24 hours.", "", n)

    def _next_update(self) -> tuple[str, bool]:
        """The promised next update, and whether it is due."""
        incident = self.incident
        if incident is None or not incident.next_update_utc:
            return "", False
        due = from_iso(incident.next_update_utc) <= self._now()
        at = local_text(incident.next_update_utc, seconds=False)[-9:]
        if due:
            return self.tr("NEXT UPDATE DUE (promised for {at})").format(at=at), True
        return self.tr("next update {at}").format(at=at), False

    def _incident_state(self, incident: Incident | None, counts: Counts) -> None:
        changed = (incident.id if incident else None) != (self.incident.id if self.incident
                                                            else None)  # fmt: skip
        self.incident = incident
        self.incident_counts = counts
        self._show_banner()
        self._show_wall()
        if changed and not self.locked:
            # Engaged or stood down: every area's counts are current at once, shown
            # or not (no "15 held" left on the queue after stand-down).
            self._tasks.spawn(self._recount())

    async def _recount(self) -> None:
        for key in ("queue", "calendar", "dashboard"):  # those built: the others read later
            if key in self._built:
                await self._read_area(key)

    def _show_wall(self) -> None:
        next_text, due = self._next_update()
        if self.incident is not None and not self.locked:
            self.incident_view.show_next_update(
                self.tr("The next update promised to the public is due now: send a holding "
                        "statement to update it.") if due else next_text,
                due,
            )  # fmt: skip
            if due and self._next_update_warned != self.incident.next_update_utc:
                self._next_update_warned = self.incident.next_update_utc
                QApplication.alert(self)
        if self.wall is not None:
            self.wall.show_state(
                self.incident, self.incident_counts, self._since(), next_text, due, self.locked
            )

    def show_wall(self) -> None:
        if self.wall is None:
            self.wall = WallDisplay(self._exercise, self)
        self._show_wall()
        self.wall.show()
        self.wall.raise_()

    def engage_incident(self) -> None:
        """The one click: hold first, then ask for the incident's details."""
        if self.locked:
            return
        if self.incident is not None or self._engaging:
            self.show_area("incident")  # a second press while the first commits: no error
            return
        if not may(self.session.user, Action.ENGAGE_INCIDENT):
            sentence = self.tr(
                "Engaging incident mode needs the Duty officer or Approver role: "
                "ask a duty officer, or gold."
            )
            self._tasks.spawn(PROMPTS.warn(self, self.tr("Engage incident mode"), sentence))
            return
        self._engaging = True  # now, not when the task starts: a second press waits
        self._tasks.spawn(self._engage(), error=self._engage_failed)

    def _engage_failed(self, sentence: str) -> None:
        """The officer's own click: whatever refused it is said, an unreachable team
        store included (background reads that fail are not: the banner says it)."""
        self._tasks.spawn(PROMPTS.warn(self, self.tr("Engage incident mode"), sentence))

    async def _engage(self) -> None:
        try:
            incident = await engage.hold_now(self.session)
        finally:
            self._engaging = False
        self._incident_state(incident, Counts())  # red at once: the hold is committed
        self.show_area("incident")
        await hold_targets(self.session.store, incident.id, actor=self.session.user.name)
        await self._recount()  # the queue's targets are held now: it says so
        await self.incident_view.refresh()
        self.incident_view.edit_details()

    def _show_user(self) -> None:
        user = self.session.user
        roles = ", ".join(role.label for role in sorted(user.roles))
        self.user_label.setText(
            self.tr("Signed in: {name} ({roles})").format(name=user.display_name, roles=roles)
        )
        title = self.tr("Cordon — {user}").format(user=user.display_name)
        self.setWindowTitle(title + (title_suffix() if self._exercise else ""))

    def _show_checkpoint(self, text: str) -> None:
        if not self.locked:
            self.checkpoint_label.setText(self.tr("Audit {c}").format(c=text))

    def _tick(self) -> None:
        if clock_of(self.session.store) is not None:  # an exercise: its own time
            now = self._now().astimezone(FORCE_ZONE)
            self.clock_label.setText(self.tr("EXERCISE {time}").format(time=f"{now:%H:%M:%S %Z}"))
        else:
            self.clock_label.setText(self.tr("UK {time}").format(time=f"{now_local():%H:%M:%S %Z}"))
        if self.incident is not None:
            self._show_banner()
            self._show_wall()

    def _set_idle_minutes(self, minutes: int) -> None:
        self.idle.timeout_seconds = minutes * 60

    def shortcuts(self) -> list[tuple[str, str]]:
        """Every keyboard shortcut of the window's menus, as (keys, what it does)."""
        found = []
        for menu_action in self.menuBar().actions():
            menu = menu_action.menu()
            if not isinstance(menu, QMenu):
                continue
            for action in menu.actions():
                keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
                if keys:
                    found.append((keys, action.text().replace("&", "")))
        found += [
            ("Ctrl+Return", self.tr("Queue the post (in the composer)")),
            ("Ctrl+S", self.tr("Save the post as a draft (in the composer)")),
            ("Ctrl+C", self.tr("Copy the selected posts' text (in the queue; cleared after 30 s)")),
            ("Enter", self.tr("Sign in / unlock (on the sign-in and lock screens)")),
        ]
        return found

    def show_shortcuts(self) -> None:
        """F1: the shortcuts as a table, the keys in one column and what they do in
        the next (tab stops in a message box do not line up)."""
        rows = "".join(
            f"<tr><td style='padding:2px 16px 2px 0'><b>{html.escape(keys)}</b></td>"
            f"<td style='padding:2px 0'>{html.escape(what)}</td></tr>"
            for keys, what in self.shortcuts()
        )
        self._tasks.spawn(
            PROMPTS.inform(self, self.tr("Keyboard shortcuts"), f"<table>{rows}</table>")
        )

    def compose(self, from_post: int | None = None, edit: bool = False) -> None:
        """Open the composer (if this officer may compose), empty or starting from
        an existing post's text and channels (duplicate)."""
        if not may(self.session.user, Action.COMPOSE):
            self._tasks.spawn(
                PROMPTS.warn(
                    self,
                    self.tr("New post"),
                    self.tr("Composing needs the Duty officer or Approver role."),
                )
            )
            return

        async def open_composer() -> None:
            found = await queue_service.channels(self.session.store)
            if not found:
                await PROMPTS.inform(
                    self,
                    self.tr("New post"),
                    self.tr("There are no channels in this store yet: an administrator "
                            "adds them in the Channels area."),
                )  # fmt: skip
                return
            dialog = ComposerDialog(self.session, found, self._tasks, self)
            if from_post is not None:
                original = await queue_service.post(self.session.store, from_post)
                if original is not None and edit:
                    dialog.edit_existing(original)
                elif original is not None:
                    dialog.text.setPlainText(original.body)
                    dialog.choose_channels([t.channel_id for t in original.targets])
                    dialog.setWindowTitle(self.tr("New post (a copy)"))
            if self.locked:  # locked while the channels were read: opened for nobody
                dialog.deleteLater()
                return
            dialog.created.connect(self._post_created)
            dialog.finished.connect(lambda _result: self._composer_finished(dialog))
            self.composer = dialog
            dialog.open()

        self._tasks.spawn(open_composer())

    def _post_created(self, post: Post) -> None:
        self.show_area("queue")
        self.queue_view.post_saved(post)  # held by the incident: said, not only shown

    def _composer_finished(self, dialog: ComposerDialog) -> None:
        if self._composer_away is dialog:  # its save, asked for before the lock, ended it
            self._composer_away = None
            self._show_kept()

    def _show_kept(self) -> None:
        titles = [window.windowTitle() for window in self._kept_away if isValid(window)]
        self.lock_screen.show_kept(self._composer_away is not None, titles)

    def _put_composer_away(self) -> None:
        """Locking: the composer is hidden and takes nothing more; kept for the same
        officer if it holds words, otherwise closed."""
        composer = self.composer
        if composer is None or not isValid(composer) or not composer.isVisible():
            return
        composer.put_away()
        if composer.holds_words():
            self._composer_away = composer
        else:
            self._drop_composer(composer)

    def _drop_composer(self, composer: ComposerDialog) -> None:
        if self.composer is composer:
            self.composer = None
        if isValid(composer):
            composer.reject()
            composer.deleteLater()

    def _trail_grew(self) -> None:
        self._tasks.spawn(self._read_checkpoint())
        if self._audit is not None:
            self._audit.trail_grew()

    def _store_changed(self) -> None:
        # Not restarted by each commit: under a steady stream (sync passes, a busy
        # inbox) a restarted timer would never fire and the head shown would go stale.
        if not self.locked and not self._closing_for_good and not self._checkpoint_timer.isActive():
            self._checkpoint_timer.start()

    def _reachability(self, reachable: bool) -> None:
        """A team store's server stopped (or started again) answering. What is on
        screen stays; each change asked for meanwhile is refused with a sentence; when
        the server is back every area reads it afresh (the store tells the commit
        listeners)."""
        self.store_label.setVisible(not reachable)
        self.sync_parts.bridge.set_reachable(reachable)
        if reachable:
            self.unreachable_banner.show_reachable()
        else:
            since = now_local(clock=self.session.store.clock).strftime("%H:%M:%S")
            self.unreachable_banner.show_unreachable(self.session.store.location, since)

    def _report_failure(self, sentence: str) -> None:
        if is_unreachable(sentence):
            # A read behind the screen (a refresh, a look at the engine) that met the
            # server gone: the banner and the status bar say so, and nothing the
            # officer asked for was lost. Changes the officer asks for say it
            # themselves (each view's own line, or its own warning).
            return
        self._tasks.spawn(PROMPTS.warn(self, self.tr("Cordon"), sentence))

    # -- locking -------------------------------------------------------------------------

    def lock(self, reason: str) -> None:
        """Hide everything of the store and wait for any officer to sign in.

        The store stays open and the core keeps working; only the window locks.
        """
        if self.locked:
            return
        self.locked = True
        PROMPTS.hold(True)  # no question stays open over the lock screen
        self._put_composer_away()
        self._kept_away = put_away_windows_of(self)  # a library with changes, say
        self.idle.enabled = False
        self.clipboard.clear_if_ours()
        if self._queue is not None:
            self._queue.clipboard.clear_if_ours()
        built = (self._audit, self._queue, self._channels, self._calendar, self.incident_view,
                 self._reports, self._dashboard, self.trainer_view)  # fmt: skip
        for view in built:
            if view is not None:
                view.clear()
        self.sync_parts.clear()
        self.threat_alerts.set_locked(True)
        # Every other window of this one's (a library, a form, one added later), however
        # it was opened; the wall display says "Console locked" itself.
        close_windows_of(self, keep=(self.wall,))
        self.gold_notice.hide()
        if self._settings is not None:
            self._settings.setEnabled(False)
        self.screens.setCurrentWidget(self.lock_screen)
        self.menuBar().setEnabled(False)
        self.lock_button.setEnabled(False)
        self.engage_button.setEnabled(False)
        self.user_label.setText(self.tr("Locked"))
        self.checkpoint_label.clear()
        self._show_banner()
        self.setWindowTitle(self.tr("Cordon — locked") + (title_suffix() if self._exercise else ""))
        at = now_local(clock=self.session.store.clock).strftime("%H:%M")  # as audited
        self.lock_screen.show_locked(self.session, reason, at)
        self._show_kept()
        self._tasks.spawn(self.session.lock(reason))

    def _unlocked(self, session: Session) -> None:
        changed = session is not self.session
        self.session = session
        self.locked = False
        PROMPTS.hold(False)
        if self._audit is not None:
            self._audit.adopt(session.user.name)
        built = (self._settings, self._queue, self._channels, self._calendar, self.incident_view,
                 self._reports, self._dashboard, self.trainer_view)  # fmt: skip
        for view in built:
            if view is not None:
                view.adopt(session)
        self.sync_parts.adopt(session)
        self.threat_alerts.set_locked(False)
        self.threat_alerts.adopt(session)
        if self.trainer_view is not None:
            self._show_exercise_area()
        if self._settings is not None:
            self._settings.setEnabled(True)
        self.screens.setCurrentIndex(0)
        self._focus_work()
        self.menuBar().setEnabled(True)
        self.lock_button.setEnabled(True)
        self.engage_button.setEnabled(True)
        self._show_banner()
        self._show_user()
        self.idle.enabled = True
        self.idle.touch()
        self._start_load()
        away, self._composer_away = self._composer_away, None
        kept, self._kept_away = self._kept_away, []
        self.lock_screen.show_kept(False)
        if away is not None and changed:  # never another officer's to act through
            self._drop_composer(away)
        elif away is not None and isValid(away):
            away.bring_back()
        for window in (window for window in kept if isValid(window)):
            if not changed and isinstance(window, Keepable):
                window.bring_back()
            elif isinstance(window, QDialog):  # put away, so it closes without asking
                window.reject()
                window.deleteLater()
            else:
                window.close()
        if changed:
            self.sessionChanged.emit(session)

    # -- closing --------------------------------------------------------------------------

    def close_for_good(self) -> None:
        self._closing_for_good = True
        self._tasks.cancel_pending()
        for view in (self._queue, self.incident_view, self._reports, self._dashboard,
                     self.trainer_view):  # fmt: skip
            if view is not None:
                view.detach()
        self.sync_parts.detach()
        self.threat_alerts.detach()
        if self.wall is not None:
            self.wall.close()
        self.session.store.remove_commit_listener(self._store_changed)
        self.session.store.remove_reachability_listener(self._reachability)
        self.exercise_marker.remove()
        self._checkpoint_timer.stop()
        self._clock.stop()
        self.idle.stop()
        self.clipboard.clear_if_ours()
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._closing_for_good:
            event.accept()
            return
        event.ignore()
        if self.locked:
            # Quitting stops publishing: only a signed-in officer may do that.
            self.lock_screen.message.setText(
                self.tr("Unlock first to quit: a locked console keeps publishing.")
            )
            return
        self.quitRequested.emit()


class AreaScroll(QScrollArea):
    """An area in a scroll area that scrolls only when the screen is shorter (or
    narrower) than the area's least size (every alarm showing at once on a 1280x800
    screen): an area never makes the window bigger than the screen.

    The page is sized here from its minimum size, not from Qt's height-for-width
    (which counts a word-wrapped label's and a table's preferred heights and would
    make an area scroll on a screen where it fits)."""

    def __init__(self, page: QWidget) -> None:
        super().__init__()
        self.setObjectName("areaScroll")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidgetResizable(False)
        # Never sideways: every area is made to fit a 1280 px screen's width.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(page)
        page.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self._fit()
        return super().eventFilter(watched, event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        page = self.widget()
        if page is None:
            return
        least = page.minimumSizeHint().expandedTo(page.minimumSize())
        room = self.maximumViewportSize()
        width = room.width()
        if least.height() > room.height():  # the scroll bar takes its width from the page
            width -= self.verticalScrollBar().sizeHint().width()
        page.resize(width, max(room.height(), least.height()))
