"""Starting the window: the Qt application, the qasync loop, and the controller
that moves between the sign-in screen and the main window."""

from __future__ import annotations

import asyncio
import logging
import sys
from pathlib import Path

import qasync
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from console.engine import Engine
from console.paths import default_store_path, ensure_data_dir
from console.session import Session
from incident.demo import DEMO_PASSWORD, DEMO_USER, ensure_demo_store
from incident.exercise.runner import ExerciseRunner, RunnerBusy, runner_for
from storage.keyslots import KdfParams
from ui.loop_guard import install_from_environment
from ui.main_window import MainWindow
from ui.sign_in import CreateStoreDialog, SignInScreen
from ui.tasks import Tasks

log = logging.getLogger(__name__)


def _resources() -> Path:
    return Path(__file__).resolve().parent.parent / "resources"


def style_sheet() -> str:
    path = _resources() / "style.qss"
    return path.read_text(encoding="utf-8") if path.exists() else ""


class AppController(QObject):
    """Owns the session and the top-level windows.

    Signals: ``finished()``: the officer quit; every session is signed out and closed.
    ``screenChanged(str)``: ``"sign-in"`` or ``"main"``, after the switch.
    """

    finished = Signal()
    screenChanged = Signal(str)

    def __init__(self, store_path: Path, kdf: KdfParams | None = None) -> None:
        super().__init__()
        self.tasks = Tasks(self)
        self._kdf = kdf
        self.session: Session | None = None
        self.engine: Engine | None = None
        self.runner: ExerciseRunner | None = None
        self.main_window: MainWindow | None = None
        self.sign_in = SignInScreen(store_path, self.tasks)
        self.sign_in.signedIn.connect(self._signed_in)
        self.sign_in.createRequested.connect(self._create)
        self.sign_in.demoRequested.connect(self.open_demo)
        self.sign_in.exerciseRequested.connect(self.new_exercise)
        self.sign_in.installEventFilter(self)
        self._quitting = False

    def start(self, demo: bool = False) -> None:
        self.sign_in.show()
        self.screenChanged.emit("sign-in")
        if demo:
            self.open_demo()

    def open_demo(self) -> None:
        self.sign_in.show_message("")
        self.sign_in.store_info.setText(self.sign_in.tr("Preparing the demo exercise store…"))

        async def prepare() -> Path:
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
        from ui.new_exercise import NewExerciseDialog

        dialog = NewExerciseDialog(self.tasks, self.sign_in, kdf=self._kdf)
        dialog.created.connect(self._created)
        dialog.open()
        self.exercise_dialog = dialog

    def _created(self, path: Path, user: str, password: str) -> None:
        self.sign_in.prefill(path, user, password)
        self.sign_in.attempt()

    def _signed_in(self, session: Session) -> None:
        self.session = session
        self.engine = Engine(session.store)

        def running(note: str) -> None:
            if self.main_window is not None:
                text = self.main_window.tr("Publishing on · simulator network (this computer only)")
                self.main_window.show_sync(f"{text} · {note}" if note else text)

        self.tasks.spawn(self._start_engine(self.engine), done=running, error=self._engine_failed)
        window = MainWindow(session, self.engine)
        window.signOutRequested.connect(self.sign_out)
        window.quitRequested.connect(self.quit)
        window.sessionChanged.connect(self._handed_over)
        window.idle.resumed.connect(self._resumed)
        self.main_window = window
        window.show()
        self.sign_in.hide()
        self.screenChanged.emit("main")

    async def _start_engine(self, engine: Engine) -> str:
        """Start publishing and sync; in a store that holds an exercise, also the
        runner that plays its scenario on the exercise clock (injects, reactions).
        Returns a sentence for the status line if another window plays it."""
        await engine.start()
        if self.engine is not engine:
            return ""
        try:
            runner = await runner_for(engine)
        except RunnerBusy as busy:
            return str(busy)
        if runner is not None and self.engine is not engine:
            await runner.stop()  # signed out meanwhile
            return ""
        self.runner = runner
        return ""

    def _resumed(self) -> None:
        """After a sleep, re-check due work at once (APScheduler's timers slept too);
        an exercise steps through what fell due meanwhile, each at its own time."""
        if self.runner is not None:
            self.tasks.spawn(self.runner.catch_up())
        if self.engine is not None and self.engine.scheduler is not None:
            self.tasks.spawn(self.engine.scheduler.run_now())

    def _engine_failed(self, sentence: str) -> None:
        if self.main_window is not None:
            self.main_window.show_sync(self.main_window.tr("Publishing STOPPED: ") + sentence)

    def _handed_over(self, session: Session) -> None:
        self.session = session

    def sign_out(self) -> None:
        self.tasks.spawn(self._end_session("signed out"), done=lambda _: self._show_sign_in())

    def _show_sign_in(self) -> None:
        self.sign_in.show()
        self.screenChanged.emit("sign-in")

    async def _end_session(self, reason: str) -> None:
        window, self.main_window = self.main_window, None
        session, self.session = self.session, None
        if window is not None:
            window.close_for_good()
            window.deleteLater()
        engine, self.engine = self.engine, None
        runner, self.runner = self.runner, None
        if runner is not None:
            await runner.stop()
        if engine is not None:
            await engine.stop()
        if session is not None:
            await session.sign_out(reason)

    def quit(self) -> None:
        if self._quitting:
            return
        self._quitting = True

        async def shut_down() -> None:
            await self._end_session("quit")
            self.sign_in.close()

        self.tasks.spawn(
            shut_down(), done=lambda _: self.finished.emit(), error=lambda _s: self.finished.emit()
        )

    def eventFilter(self, watched: QObject, event: object) -> bool:
        from PySide6.QtCore import QEvent

        closing = isinstance(event, QEvent) and event.type() == QEvent.Type.Close
        if watched is self.sign_in and closing and not self._quitting:
            assert isinstance(event, QEvent)
            event.ignore()
            self.quit()
            return True
        return False


def run_window(store: Path | None = None, demo: bool = False) -> int:
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Cordon")
    app.setOrganizationName("Cordon")
    app.setQuitOnLastWindowClosed(False)
    app.setStyleSheet(style_sheet())
    icon = _resources() / "cordon.svg"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    ensure_data_dir()
    install_from_environment(app)  # CORDON_LOOP_GUARD=1: log nested event loops

    async def main() -> None:
        controller = AppController(store or default_store_path())
        done = asyncio.Event()
        controller.finished.connect(done.set)
        app.aboutToQuit.connect(controller.quit)
        controller.start(demo=demo)
        await done.wait()
        await controller.tasks.cancel_all()

    try:
        with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner:
            runner.run(main())
    except RuntimeError as error:
        # Qt left its loop under us: the display went away or the desktop session
        # ended. Everything committed is safe in the store (WAL, synchronous=NORMAL).
        log.error("Cordon stopped: %s", error)
        print(
            "cordon: the display closed, so Cordon stopped; nothing saved was lost.",
            file=sys.stderr,
        )
        return 1
    return 0
