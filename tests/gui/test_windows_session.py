"""Windows' session and power messages, as Qt's native event filter hands them over
(a ``MSG`` in memory), lock Cordon and tell it of a wake. The messages are built
here as Windows lays them out; registering for them (``WTSRegisterSessionNotification``)
runs only on Windows (see the README for what was not tried on this machine)."""

from __future__ import annotations

import ctypes
from ctypes import wintypes

import pytest
from pytestqt.qtbot import QtBot

from console.session import Session
from ui.frame.lock import IdleWatch
from ui.frame.main_window import MainWindow
from ui.frame.system_lock import (
    PBT_APMRESUMEAUTOMATIC,
    PBT_APMRESUMESUSPEND,
    PBT_APMSUSPEND,
    WM_POWERBROADCAST,
    WM_WTSSESSION_CHANGE,
    WTS_SESSION_LOCK,
    SessionWatch,
    WindowsEvents,
    windows_event,
)

WM_PAINT = 0x000F
WTS_SESSION_UNLOCK = 0x8


def _deliver(events: WindowsEvents, message: int, wparam: int, when: int = 1) -> None:
    msg = wintypes.MSG()
    msg.message, msg.wParam, msg.time = message, wparam, when
    assert events.nativeEventFilter(b"windows_generic_MSG", ctypes.addressof(msg)) == (False, 0)


def _locked(window: MainWindow) -> bool:
    return bool(window.locked)


def test_what_each_windows_message_means() -> None:
    assert windows_event(WM_WTSSESSION_CHANGE, WTS_SESSION_LOCK) == "lock"
    assert windows_event(WM_WTSSESSION_CHANGE, WTS_SESSION_UNLOCK) is None
    assert windows_event(WM_POWERBROADCAST, PBT_APMSUSPEND) == "sleep"
    assert windows_event(WM_POWERBROADCAST, PBT_APMRESUMEAUTOMATIC) == "resume"
    assert windows_event(WM_PAINT, 0) is None


@pytest.mark.asyncio
async def test_windows_messages_lock_the_window_and_a_wake_is_told_once(
    session: Session, qtbot: QtBot
) -> None:
    window = MainWindow(session, idle=IdleWatch(3600))
    qtbot.addWidget(window)
    window.show()
    events = WindowsEvents(window.system)
    woke: list[int] = []
    window.system.resumed.connect(lambda: woke.append(1))
    _deliver(events, WM_PAINT, 0)
    _deliver(events, WM_WTSSESSION_CHANGE, WTS_SESSION_UNLOCK)
    assert not _locked(window)
    _deliver(events, WM_WTSSESSION_CHANGE, WTS_SESSION_LOCK)
    assert _locked(window)
    # Waking, Windows broadcasts two resumes (automatic, then suspend-resumed when a
    # person is there): the console hears one wake.
    _deliver(events, WM_POWERBROADCAST, PBT_APMRESUMEAUTOMATIC, when=77)
    _deliver(events, WM_POWERBROADCAST, PBT_APMRESUMESUSPEND, when=77)
    assert woke == [1]
    # Another platform's messages are not read as Windows' ones.
    assert events.nativeEventFilter(b"xcb_generic_event_t", 1) == (False, 0)
    assert isinstance(window.system, SessionWatch)
