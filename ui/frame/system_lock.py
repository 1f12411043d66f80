"""Hearing the desktop say "lock", "going to sleep" and "woke up".

* Linux: systemd-logind over D-Bus. A locked desktop session or a machine about to
  sleep locks Cordon at once (the idle watch in ``ui.frame.lock`` sees the wake by the
  wall clock jumping ahead of the monotonic clock, which stops during suspend).
* Windows: the session notifications (``WTSRegisterSessionNotification``:
  ``WM_WTSSESSION_CHANGE`` with ``WTS_SESSION_LOCK``) and the power broadcasts
  (``WM_POWERBROADCAST``: ``PBT_APMSUSPEND``, ``PBT_APMRESUMEAUTOMATIC``) reach a
  hidden native window through a Qt native event filter. Windows' monotonic clock
  counts the time asleep, so the wake is heard here, not from the clocks.

Where neither is there (no system bus, another platform), ``available`` is False and
the idle and resume watches in ``ui.frame.lock`` still cover the console.

Signals: ``sessionLocked()``: the desktop session is locking.
``goingToSleep()``: the machine is about to sleep. ``resumed()``: it woke (Windows).
"""

from __future__ import annotations

import ctypes
import logging
import os
import sys
from ctypes import wintypes
from typing import Any

from PySide6.QtCore import SLOT, QAbstractNativeEventFilter, QCoreApplication, QObject, Signal, Slot
from PySide6.QtDBus import QDBusConnection
from PySide6.QtWidgets import QWidget

LOGIN1 = "org.freedesktop.login1"
log = logging.getLogger(__name__)

# Windows messages and their codes (WinUser.h, WtsApi32.h).
WM_WTSSESSION_CHANGE = 0x02B1
WTS_SESSION_LOCK = 0x7
WM_POWERBROADCAST = 0x0218
PBT_APMSUSPEND = 0x4
PBT_APMRESUMESUSPEND = 0x7
PBT_APMRESUMEAUTOMATIC = 0x12
NOTIFY_FOR_THIS_SESSION = 0
WINDOWS_MSG = (b"windows_generic_MSG", b"windows_dispatcher_MSG")


def windows_event(message: int, wparam: int) -> str | None:
    """What a Windows message says to Cordon: ``"lock"``, ``"sleep"``, ``"resume"``
    or None (nothing Cordon listens for)."""
    if message == WM_WTSSESSION_CHANGE and wparam == WTS_SESSION_LOCK:
        return "lock"
    if message == WM_POWERBROADCAST and wparam == PBT_APMSUSPEND:
        return "sleep"
    if message == WM_POWERBROADCAST and wparam in (PBT_APMRESUMEAUTOMATIC, PBT_APMRESUMESUSPEND):
        return "resume"
    return None


class WindowsEvents(QAbstractNativeEventFilter):
    """Reads each native message Qt receives on Windows and tells ``watch``."""

    def __init__(self, watch: SessionWatch) -> None:
        super().__init__()
        self.watch = watch
        self.last_resume = 0  # the message time of the last resume told (both kinds come)

    def nativeEventFilter(self, eventType: Any, message: Any) -> tuple[bool, int]:
        if bytes(eventType) in WINDOWS_MSG and message:
            msg = wintypes.MSG.from_address(int(message))
            said = windows_event(int(msg.message), int(msg.wParam))
            if said == "resume" and msg.time == self.last_resume:
                said = None  # the second of the two resume broadcasts
            if said == "resume":
                self.last_resume = int(msg.time)
            if said is not None:
                self.watch.heard(said)
        return False, 0


class SessionWatch(QObject):
    sessionLocked = Signal()
    goingToSleep = Signal()

    resumed = Signal()

    def __init__(self, bus: QDBusConnection | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._windows: WindowsEvents | None = None
        if bus is None and sys.platform == "win32":
            self.available = self._watch_windows()
            return
        self._bus = bus if bus is not None else QDBusConnection.systemBus()
        self.available = self._bus.isConnected()
        if not self.available:
            log.info("no system bus: the desktop's lock and sleep signals are not heard")
            return
        session = os.environ.get("XDG_SESSION_ID", "")
        path = f"/org/freedesktop/login1/session/{session}" if session.isalnum() else ""
        # PySide6 takes the slot as SLOT()'s text, though its stubs say bytes.
        heard_lock = self._bus.connect(  # type: ignore[call-overload]
            "", path, f"{LOGIN1}.Session", "Lock", self, SLOT("onLock()")
        )
        heard_sleep = self._bus.connect(  # type: ignore[call-overload]
            "", "/org/freedesktop/login1", f"{LOGIN1}.Manager", "PrepareForSleep", self,
            SLOT("onPrepareForSleep(bool)"),
        )  # fmt: skip
        self.available = bool(heard_lock and heard_sleep)

    @Slot()
    def onLock(self) -> None:
        self.sessionLocked.emit()

    @Slot(bool)
    def onPrepareForSleep(self, starting: bool) -> None:
        if starting:
            self.goingToSleep.emit()

    def heard(self, said: str) -> None:
        """A platform's event: ``"lock"``, ``"sleep"`` or ``"resume"``."""
        {"lock": self.sessionLocked, "sleep": self.goingToSleep, "resume": self.resumed}[
            said
        ].emit()

    def _watch_windows(self) -> bool:  # pragma: no cover - Windows only
        app = QCoreApplication.instance()
        if app is None:
            return False
        self._windows = WindowsEvents(self)
        app.installNativeEventFilter(self._windows)
        # A hidden native window: the power broadcasts reach every top-level window,
        # and the session notifications the one registered for them.
        self._hidden = QWidget()
        self._hidden.setWindowTitle("Cordon session watch")
        handle = wintypes.HWND(int(self._hidden.winId()))
        wtsapi = ctypes.WinDLL("wtsapi32")  # type: ignore[attr-defined,unused-ignore]
        registered = bool(wtsapi.WTSRegisterSessionNotification(handle, NOTIFY_FOR_THIS_SESSION))
        if not registered:
            log.warning("Windows would not send the session's lock notifications")
        self.destroyed.connect(lambda: wtsapi.WTSUnRegisterSessionNotification(handle))
        self.destroyed.connect(lambda: app.removeNativeEventFilter(self._windows))
        return registered
