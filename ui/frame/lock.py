"""Locking the console: the idle watch, the resume-from-sleep watch, the lock screen.

Locked, the window shows nothing of the store and takes no input but a sign-in,
while the core carries on (the store stays open: a scheduled holding statement
still goes out behind a locked screen). Any officer may unlock; a different
officer is a shift handover, recorded as such.

At the lock every window the main window owns is closed (``close_windows_of``):
dialogs, libraries, pickers, whoever opened them and however, so nothing stays
usable in the locked officer's name over the lock screen. A window holding words
not yet saved (a library with changes: ``Keepable``) is put away instead
(``put_away_windows_of``), hidden and taking no input, and comes back only to the
same officer.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Protocol, runtime_checkable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from console.engine_health import EngineHealth, EngineLevel
from console.session import THROTTLE, Session, SignInThrottle
from ui.common.tasks import Tasks
from ui.frame.sign_in_parts import WaitCountdown, centre_card

INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)
SLEEP_JUMP_SECONDS = 60.0


class IdleWatch(QObject):
    """Watches the whole application's input, and the clocks for a sleep.

    Signals: ``idle()``: no input for the timeout. ``resumed()``: the wall clock
    jumped ahead of the monotonic clock (Linux's monotonic clock stops while the
    machine sleeps), so the machine has just woken.
    """

    idle = Signal()
    resumed = Signal()

    def __init__(
        self,
        timeout_seconds: float,
        parent: QObject | None = None,
        monotonic: Callable[[], float] = time.monotonic,
        wall: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(parent)
        self.timeout_seconds = timeout_seconds
        self._monotonic = monotonic
        self._wall = wall
        self._last_input = monotonic()
        self._last_tick = (monotonic(), wall())
        self.enabled = True
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self.check)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def start(self) -> None:
        self.touch()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def touch(self) -> None:
        self._last_input = self._monotonic()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in INPUT_EVENTS:
            self._last_input = self._monotonic()
        return False

    def check(self) -> None:
        mono, wall = self._monotonic(), self._wall()
        last_mono, last_wall = self._last_tick
        self._last_tick = (mono, wall)
        if not self.enabled:
            return
        if (wall - last_wall) - (mono - last_mono) > SLEEP_JUMP_SECONDS:
            self.resumed.emit()
            return
        if mono - self._last_input >= self.timeout_seconds:
            self.idle.emit()


def windows_of(owner: QWidget) -> list[QWidget]:
    """The windows now showing that ``owner`` owns (its dialogs, theirs, a library, a
    picker), innermost first; not ``owner`` itself."""
    found: list[tuple[int, QWidget]] = []
    for widget in QApplication.topLevelWidgets():
        if widget is owner or not widget.isVisible():
            continue
        depth, parent = 0, widget.parentWidget()
        while parent is not None and parent is not owner:
            depth, parent = depth + 1, parent.parentWidget()
        if parent is owner:
            found.append((depth, widget))
    return [widget for _depth, widget in sorted(found, key=lambda pair: -pair[0])]


@runtime_checkable
class Keepable(Protocol):
    """A window that can be put away at the lock with what was typed into it."""

    def holds_words(self) -> bool: ...

    def put_away(self) -> None: ...

    def bring_back(self) -> None: ...


def put_away_windows_of(owner: QWidget) -> list[QWidget]:
    """The console locking: each window ``owner`` owns that holds words not yet saved
    is put away (hidden, taking no input) and returned, for the same officer's
    unlock to bring back; ``close_windows_of`` closes the rest."""
    kept: list[QWidget] = []
    for window in windows_of(owner):
        if isinstance(window, Keepable) and window.holds_words():
            window.put_away()
            kept.append(window)
    return kept


def close_windows_of(owner: QWidget, keep: tuple[QWidget | None, ...] = ()) -> int:
    """The console locked: close every window ``owner`` owns that is still showing,
    but those in ``keep``; returns how many. A dialog is rejected (as its Cancel
    would) and deleted, so no handle is left on it to act in the locked officer's
    name; another window is closed."""
    closed = 0
    for window in windows_of(owner):
        if any(window is kept for kept in keep) or not isValid(window):
            continue
        if isinstance(window, QDialog):
            window.reject()
            window.deleteLater()
        else:
            window.close()
        closed += 1
    return closed


class LockScreen(QWidget):
    """What a locked console shows: who locked it, and a sign-in for anyone.

    Signals: ``unlocked(object)``: the ``Session`` to carry on with (the same
    officer, or the one taking over).
    """

    unlocked = Signal(object)

    def __init__(
        self, tasks: Tasks, throttle: SignInThrottle = THROTTLE, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._throttle = throttle
        self._session: Session | None = None
        card = QFrame(self)
        card.setObjectName("signInCard")
        card.setFixedWidth(460)
        title = QLabel(self.tr("Cordon is locked"), card)
        title.setObjectName("signInTitle")
        self.reason = QLabel(card)
        self.reason.setWordWrap(True)
        # A half-written post put away by the lock, said only while one is.
        self.kept_note = QLabel(card)
        self.kept_note.setWordWrap(True)
        self.kept_note.setObjectName("storeInfo")
        self.kept_note.hide()
        # What happens behind the lock, said only while it is true (``show_engine``).
        self.engine_note = QLabel(card)
        self.engine_note.setWordWrap(True)
        self.engine_note.setObjectName("storeInfo")
        note = QLabel(
            self.tr("Any officer may sign in; a different officer is recorded as a shift "
                    "handover."),
            card,
        )  # fmt: skip
        note.setWordWrap(True)
        note.setObjectName("storeInfo")
        self.user_edit = QLineEdit(card)
        self.user_edit.setAccessibleName(self.tr("User name"))
        self.password_edit = QLineEdit(card)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setAccessibleName(self.tr("Password"))
        self.unlock_button = QPushButton(self.tr("Un&lock"), card)
        self.unlock_button.setObjectName("primary")
        self.message = QLabel(card)
        self.message.setObjectName("errorText")
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("&User"), self.user_edit)
        form.addRow(self.tr("&Password"), self.password_edit)
        form.addRow("", self.unlock_button)
        layout = QVBoxLayout(card)
        layout.setContentsMargins(28, 24, 28, 24)
        layout.addWidget(title)
        layout.addWidget(self.reason)
        layout.addWidget(self.kept_note)
        layout.addWidget(self.engine_note)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.message)
        centre_card(self, card)
        self.unlock_button.clicked.connect(self.attempt)
        self.password_edit.returnPressed.connect(self.attempt)
        self.user_edit.returnPressed.connect(self.password_edit.setFocus)
        self._countdown = WaitCountdown(
            self.unlock_button,
            self.tr("Un&lock"),
            throttle,
            lambda: self._session.store.where if self._session else None,
        )

    def show_engine(self, health: EngineHealth | None, *, reachable: bool = True) -> None:
        """Whether publishing and sync carry on behind the lock: said only while the
        engine is known to be running; otherwise what is wrong, in red. ``reachable``:
        False while a team store's server does not answer (the engine's row cannot be
        read, so its last health is not said as if it were now)."""
        if health is None:
            self.engine_note.clear()
            self.engine_note.setObjectName("storeInfo")
        elif not reachable:
            self.engine_note.setText(
                self.tr("Whether publishing and sync carry on is not known: the team store "
                        "is unreachable.")
            )  # fmt: skip
            self.engine_note.setObjectName("errorText")
        elif health.publishing:
            self.engine_note.setText(self.tr("Publishing and sync carry on while locked."))
            self.engine_note.setObjectName("storeInfo")
        elif health.level is EngineLevel.STARTING:
            self.engine_note.setText(self.tr("The engine is starting: publishing is not on yet."))
            self.engine_note.setObjectName("errorText")
        else:
            self.engine_note.setText(
                self.tr("{problem} Sign in to start it again.").format(problem=health.sentence)
            )
            self.engine_note.setObjectName("errorText")
        self.engine_note.style().unpolish(self.engine_note)
        self.engine_note.style().polish(self.engine_note)

    def show_locked(self, session: Session, reason: str, at: str) -> None:
        self._session = session
        self.reason.setText(
            self.tr("Locked at {at} ({reason}); {name} was signed in.").format(
                at=at, reason=reason, name=session.user.display_name
            )
        )
        self.show_kept(False)
        self.user_edit.setText(session.user.name)
        self.password_edit.clear()
        self.message.clear()
        self.password_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_kept(self, kept: bool, windows: Sequence[str] = ()) -> None:
        """Whether the post the locked officer was writing is put away for them, and
        the titles of the other windows put away with changes not yet saved."""
        name = self._session.user.display_name if self._session is not None else ""
        lines = [
            self.tr("The post {name} was writing is put away, unsent: it comes back when "
                    "{name} unlocks, and is discarded if another officer signs in.").format(
                name=name
            )
        ] if kept else []  # fmt: skip
        lines += [
            self.tr("The changes {name} had not saved in {window} are put away: they come "
                    "back when {name} unlocks, and are discarded if another officer signs "
                    "in.").format(
                window=title, name=name
            )
            for title in windows
        ]  # fmt: skip
        self.kept_note.setText("\n".join(lines))
        self.kept_note.setVisible(bool(lines))

    def attempt(self) -> None:
        if self._session is None or not self.unlock_button.isEnabled():
            return
        user = self.user_edit.text().strip()
        if not user:
            self.message.setText(self.tr("Type your user name."))
            return
        password = self.password_edit.text()
        self.password_edit.clear()
        self.unlock_button.setEnabled(False)
        self.message.setText("")
        self._tasks.spawn(
            self._session.unlock(user, password, throttle=self._throttle),
            done=self._done,
            error=self._failed,
        )

    def _done(self, session: Session) -> None:
        self.unlock_button.setEnabled(True)
        self._session = None
        self.unlocked.emit(session)

    def _failed(self, sentence: str) -> None:
        self.message.setText(sentence)
        self.password_edit.setFocus()
        if not self._countdown.start_if_waiting():
            self.unlock_button.setEnabled(True)
