"""Hearing the desktop say "lock" or "going to sleep" (systemd-logind over D-Bus).

Where the platform reports it (Linux with logind on the system bus), a locked
desktop session or a machine about to sleep locks Cordon at once. Where it does
not (no system bus, another platform), ``available`` is False and the idle and
resume watches in ``ui.lock`` still cover the console.

Signals: ``sessionLocked()``: logind asked our session to lock.
``goingToSleep()``: logind announced the machine is about to sleep.
"""

from __future__ import annotations

import logging
import os

from PySide6.QtCore import SLOT, QObject, Signal, Slot
from PySide6.QtDBus import QDBusConnection

LOGIN1 = "org.freedesktop.login1"
log = logging.getLogger(__name__)


class SessionWatch(QObject):
    sessionLocked = Signal()
    goingToSleep = Signal()

    def __init__(self, bus: QDBusConnection | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
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
