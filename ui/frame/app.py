"""Starting the window: the Qt application, the qasync loop, and the controller
that moves between the sign-in screen and the main window."""

from __future__ import annotations

import asyncio
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import qasync
from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

import resources
from console.engine_keeper import ProcessLauncher, started_engines_running, stop_started_engines
from console.logs import set_teller, tell_terminal
from console.paths import default_store_path, ensure_data_dir
from console.session import Session
from incident.demo_accounts import DEMO_PASSWORD, DEMO_USER
from storage.keyslots import KdfParams
from storage.lifecycle import Where
from ui.common.gc_on_gui_thread import GuiThreadCollector
from ui.common.prompts import PROMPTS
from ui.common.tasks import Tasks
from ui.common.translations import install_chosen
from ui.frame.faults import route_qt_messages, tell_in_window
from ui.frame.fonts import install_fonts
from ui.frame.loop_guard import install_from_environment
from ui.frame.sign_in import CreateStoreDialog, SignInScreen
from ui.frame.single_instance import StoreInstance

if TYPE_CHECKING:
    # Only what the sign-in screen needs is imported at start: the main window, the
    # engine's keeper and the services behind them load after sign-in (imported where
    # they are used), so the officer sees the sign-in screen sooner.
    from console.engine_keeper import EngineKeeper, Launcher
    from ui.frame.main_window import MainWindow

log = logging.getLogger(__name__)
PREPARE_AFTER_MS = 200  # the sign-in screen is painted and in the officer's hands first


def prepare_main_window() -> None:
    """Import the main window, its areas and the services behind them (with the
    networks' counting patterns). Only imports: nothing is built; a failure here is
    logged and the same import happens at sign-in."""
    try:
        import ui.frame.main_window  # noqa: F401
    except Exception:
        log.warning("preparing the main window in advance failed", exc_info=True)


def style_sheet() -> str:
    path = resources.path("style.qss")
    return path.read_text(encoding="utf-8") if path.exists() else ""


class AppController(QObject):
    """Owns the session, the top-level windows, and the keeper of the engine service.

    The engine (``cordon serve``) publishes and syncs in a process of its own: at
    sign-in the keeper starts one if none runs for the store, or attaches to the one
    that does; signing out, locking, or the window closing or dying never stops it.
    Quitting asks whether to keep it publishing during an incident or with posts due
    in the next 24 hours, and otherwise stops it, so no invisible process is left but
    the one the officer chose to keep. One window per store on this computer.

    Signals: ``finished()``: the officer quit; every session is signed out and closed.
    ``screenChanged(str)``: ``"sign-in"`` or ``"main"``, after the switch.
    """

    finished = Signal()
    screenChanged = Signal(str)

    def __init__(
        self,
        store_path: Where,
        kdf: KdfParams | None = None,
        launcher: Launcher | None = None,
    ) -> None:
        """``launcher`` starts an engine service (``ProcessLauncher`` in the app; None:
        this window starts and watches none, as in tests that run no engine)."""
        super().__init__()
        self.tasks = Tasks(self)
        self._kdf = kdf
        self._launcher = launcher
        self.session: Session | None = None
        self.keeper: EngineKeeper | None = None
        self.main_window: MainWindow | None = None
        self.instance = StoreInstance(self)
        self.instance.raiseRequested.connect(self._to_front)
        self.sign_in = SignInScreen(store_path, self.tasks)
        self.sign_in.claim_store = self.instance.claim
        self.sign_in.signedIn.connect(self._signed_in)
        self.sign_in.createRequested.connect(self._create)
        self.sign_in.demoRequested.connect(self.open_demo)
        self.sign_in.exerciseRequested.connect(self.new_exercise)
        self.sign_in.installEventFilter(self)
        self._quitting = False
        self._asking = False  # a quit or sign-out question is open
        self.finished_already = False
        self.finished.connect(self._note_finished)

    @property
    def asking(self) -> bool:
        """A quit or sign-out question is open (a second request waits for it)."""
        return self._asking

    def _note_finished(self) -> None:
        self.finished_already = True

    def start(self, demo: bool = False) -> None:
        self.sign_in.show()
        self.screenChanged.emit("sign-in")
        # Once the screen has been painted, import what the main window needs while
        # the officer types, so signing in does not wait for it. On this thread, not
        # another: an import allocates enough to run the garbage collector, and a Qt
        # object collected on another thread is destroyed there (Qt warns, or crashes).
        QTimer.singleShot(PREPARE_AFTER_MS, prepare_main_window)
        if demo:
            self.open_demo()

    def open_demo(self) -> None:
        self.sign_in.show_message("")
        self.sign_in.store_info.setText(
            QCoreApplication.translate("AppController", "Preparing the demo exercise store…")
        )

        async def prepare() -> Path:
            from incident.demo import ensure_demo_store

            return await ensure_demo_store(kdf=self._kdf)

        def ready(path: Path) -> None:
            self.sign_in.prefill(path, DEMO_USER, DEMO_PASSWORD)
            self.sign_in.attempt()

        self.tasks.spawn(prepare(), done=ready, error=self.sign_in.show_message)

    def _create(self, path_text: str) -> None:
        path = Path(path_text).expanduser() if path_text.strip() else default_store_path()
        dialog = CreateStoreDialog(path, self.tasks, self._kdf, self.sign_in)
        dialog.created.connect(self._created)
        dialog.open()
        self.create_dialog = dialog

    def new_exercise(self) -> None:
        from ui.exercise.new_exercise import NewExerciseDialog

        dialog = NewExerciseDialog(self.tasks, self.sign_in, kdf=self._kdf)
        dialog.created.connect(self._created)
        dialog.open()
        self.exercise_dialog = dialog

    def _created(self, path: Where, user: str, password: str) -> None:
        self.sign_in.prefill(path, user, password)
        self.sign_in.attempt()

    def _signed_in(self, session: Session) -> None:
        from console.engine_keeper import EngineKeeper
        from ui.frame.main_window import MainWindow

        self.session = session
        keeper: EngineKeeper | None = None
        if self._launcher is not None:
            keeper = EngineKeeper(session.store, self._launcher, started_by=session.user.name)
            self.tasks.spawn(keeper.start())
        self.keeper = keeper
        window = MainWindow(session, keeper)
        window.signOutRequested.connect(self.sign_out)
        window.quitRequested.connect(self.quit)
        window.sessionChanged.connect(self._handed_over)
        window.demoRequested.connect(self.demo_instead)
        window.idle.resumed.connect(self._resumed)
        self.main_window = window
        window.show()
        self.sign_in.hide()
        self.screenChanged.emit("main")

    def _to_front(self) -> None:
        shown = self.main_window if self.main_window is not None else self.sign_in
        shown.show()
        shown.raise_()
        shown.activateWindow()

    def _resumed(self) -> None:
        """After a sleep the engine catches up by itself (it sees the clock jump); the
        window asks it too, and looks at once at how it stands."""
        keeper, session = self.keeper, self.session
        if keeper is None or session is None or session.store.closed:
            return
        from console import service as engine_service
        from storage.engine_service import RequestKind

        self.tasks.spawn(engine_service.ask(session.store, RequestKind.CATCH_UP, session.user.name))
        self.tasks.spawn(keeper.check())

    def _handed_over(self, session: Session) -> None:
        self.session = session
        if self.keeper is not None:
            self.keeper.started_by = session.user.name

    # -- signing out and quitting --------------------------------------------------------

    def sign_out(self) -> None:
        if self._asking:
            return
        self.tasks.spawn(self._sign_out())

    def demo_instead(self) -> None:
        """From a new store's first page: sign out of it and open the demo exercise."""
        if self._asking:
            return

        async def switch() -> None:
            await self._sign_out()
            if self.main_window is None:  # signed out (not kept by an incident question)
                self.open_demo()

        self.tasks.spawn(switch())

    async def _sign_out(self) -> None:
        window, session = self.main_window, self.session
        if window is None or session is None:
            return
        self._asking = True
        try:
            from console import queue as queue_service

            leaves = await queue_service.what_stopping_leaves(session.store)
            keeper = self.keeper
            if keeper is None or keeper.health.publishing:
                behind = QCoreApplication.translate(
                    "AppController",
                    "The engine keeps publishing and syncing after you sign out, and the "
                    "next officer signs in here.",
                )
            else:
                behind = QCoreApplication.translate(
                    "AppController",
                    "The engine is not running now ({what}), and nobody starts it again "
                    "until an officer signs in.",
                ).format(what=keeper.health.sentence.rstrip("."))
            if leaves.incident is not None and not await PROMPTS.confirm(
                window,
                QCoreApplication.translate("AppController", "Sign out during an incident"),
                QCoreApplication.translate(
                    "AppController", "{name} is engaged. {behind} Sign out?"
                ).format(name=leaves.incident, behind=behind),
                yes=QCoreApplication.translate("AppController", "Sign out"),
                no=QCoreApplication.translate("AppController", "Stay signed in"),
            ):
                return
        finally:
            self._asking = False
        await self._end_session("signed out")
        self._show_sign_in()

    def _show_sign_in(self) -> None:
        self.sign_in.show()
        self.screenChanged.emit("sign-in")

    async def _end_session(self, reason: str) -> None:
        """Close the window and sign out; the engine goes on (the keeper only stops
        watching it)."""
        window, self.main_window = self.main_window, None
        session, self.session = self.session, None
        keeper, self.keeper = self.keeper, None
        if window is not None:
            window.close_for_good()
            window.deleteLater()
        if keeper is not None:
            await keeper.close()
        if session is not None:
            await session.sign_out(reason)
        self.instance.release()

    def quit(self) -> None:
        if self._quitting or self._asking:
            return
        self.tasks.spawn(self._quit(), error=self._quit_failed)

    async def _quit(self) -> None:
        self._asking = True
        try:
            keep = await self._keep_engine_on_quit()
        finally:
            self._asking = False
        if keep is None:
            return  # the officer chose to stay
        self._quitting = True
        keeper, session = self.keeper, self.session
        if not keep and keeper is not None and session is not None:
            await keeper.stop_engine(
                session.user.name, "Cordon was closed and the officer chose to stop publishing"
            )
        elif not keep and session is None:
            await stop_started_engines()
        await self._end_session("quit")
        self.sign_in.close()
        self.finished.emit()

    def _quit_failed(self, sentence: str) -> None:
        self._quitting = False
        shown = self.main_window or self.sign_in
        self.tasks.spawn(
            PROMPTS.warn(shown, QCoreApplication.translate("AppController", "Cordon"), sentence)
        )

    async def _keep_engine_on_quit(self) -> bool | None:
        """Whether the engine is left running when this window closes (True), stopped
        (False), or the quit cancelled (None). Only an engine this program started is
        ever stopped (never the force's boot-time engine, or another's); it is asked
        about during an incident or with posts waiting in the next 24 hours, whatever
        the engine's state, and otherwise stopped, so no process is left behind."""
        window, session, keeper = self.main_window, self.session, self.keeper
        if window is None or session is None:
            if not started_engines_running():
                return True
            choice = await PROMPTS.choose(
                self.sign_in,
                QCoreApplication.translate("AppController", "Quit Cordon"),
                QCoreApplication.translate(
                    "AppController",
                    "The engine this window started is still publishing and syncing. Keep it "
                    "running after Cordon closes? The next window on its store attaches to it.",
                ),
                [
                    QCoreApplication.translate("AppController", "Keep it publishing"),
                    QCoreApplication.translate("AppController", "Stop publishing"),
                ],
            )
            return None if choice is None else choice == 0
        if keeper is None or not await keeper.engine_is_ours():
            return True  # not this window's to stop
        from console import queue as queue_service

        leaves = await queue_service.what_stopping_leaves(session.store)
        if leaves.incident is None and not leaves.due:
            return False
        reasons = []
        if leaves.incident is not None:
            reasons.append(
                QCoreApplication.translate("AppController", "{name} is engaged.").format(
                    name=leaves.incident
                )
            )
        if leaves.due:
            reasons.append(window.posts_waiting(leaves.due))
        if not keeper.health.publishing:
            reasons.append(
                QCoreApplication.translate(
                    "AppController", "The engine is not publishing now: {what}"
                ).format(what=keeper.health.sentence)
            )
        choice = await PROMPTS.choose(
            window,
            QCoreApplication.translate("AppController", "Quit Cordon"),
            " ".join(reasons)
            + QCoreApplication.translate(
                "AppController",
                " Keep the engine publishing after Cordon closes? It runs in the background "
                "on this computer until an officer stops it, and the next window on this "
                "store attaches to it. If it stops, nothing more is published or synced.",
            ),
            [
                QCoreApplication.translate("AppController", "Keep publishing and quit"),
                QCoreApplication.translate("AppController", "Stop publishing and quit"),
            ],
        )
        return None if choice is None else choice == 0

    def eventFilter(self, watched: QObject, event: object) -> bool:
        from PySide6.QtCore import QEvent

        closing = isinstance(event, QEvent) and event.type() == QEvent.Type.Close
        if watched is self.sign_in and closing and not self._quitting:
            assert isinstance(event, QEvent)
            event.ignore()
            self.quit()
            return True
        return False


def run_window(
    store: Where | None = None, demo: bool = False, serve: list[str] | None = None
) -> int:
    """``serve``: how to start this program's engine (``main.serve_command``)."""
    route_qt_messages()  # Qt's warnings into the log (main.py opened it)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Cordon")
    app.setOrganizationName("Cordon")
    app.setQuitOnLastWindowClosed(False)
    install_chosen(app)
    install_fonts(app)
    app.setStyleSheet(style_sheet())
    icon = resources.path("cordon.svg")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    ensure_data_dir()
    install_from_environment(app)  # CORDON_LOOP_GUARD=1: log nested event loops
    collector = GuiThreadCollector(app)  # cycles are freed on this thread only
    collector.start()

    async def main() -> None:
        tell_in_window(asyncio.get_running_loop())
        launcher = ProcessLauncher(serve) if serve else None
        controller = AppController(store or default_store_path(), launcher=launcher)
        # A second copy on the same store brings the first to the front and ends.
        refused = controller.instance.claim(store or default_store_path())
        if refused is not None:
            log.info("a second copy was refused: the first was asked to come to the front")
            tell_terminal(refused)
            return
        controller.screenChanged.connect(lambda screen: log.info("the %s screen shows", screen))
        done = asyncio.Event()
        controller.finished.connect(done.set)
        app.aboutToQuit.connect(controller.quit)
        controller.start(demo=demo)
        await done.wait()
        await controller.tasks.cancel_all()
        set_teller(None)

    try:
        with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner:
            runner.run(main())
    except RuntimeError as error:
        collector.stop()
        # Qt left its loop under us: the display went away or the desktop session
        # ended. Everything committed is safe in the store (WAL, synchronous=NORMAL).
        log.error("Cordon stopped: %s", error)
        print(
            "cordon: the display closed, so Cordon stopped; nothing saved was lost.",
            file=sys.stderr,
        )
        return 1
    collector.stop()
    return 0
