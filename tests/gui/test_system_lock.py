"""The desktop's lock and sleep signals (systemd-logind over D-Bus) lock Cordon.

A private dbus-daemon stands in for the system bus; dbus-send emits the very
signals logind sends.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtDBus import QDBusConnection
from pytestqt.qtbot import QtBot

from console.session import Session
from tests.gui.waiting import until
from ui.frame.lock import IdleWatch
from ui.frame.main_window import MainWindow
from ui.frame.system_lock import SessionWatch

pytestmark = pytest.mark.asyncio


@pytest.fixture
def private_bus(tmp_path: Path) -> Iterator[str]:
    daemon = shutil.which("dbus-daemon")
    assert daemon, "dbus-daemon is installed by scripts/bootstrap.sh"
    address = f"unix:path={tmp_path / 'bus'}"
    config = tmp_path / "bus.conf"
    config.write_text(
        "<busconfig><type>session</type><listen>" + address + "</listen>"
        "<auth>EXTERNAL</auth><policy context='default'><allow send_destination='*'/>"
        "<allow eavesdrop='true'/><allow own='*'/></policy></busconfig>"
    )
    process = subprocess.Popen(
        [daemon, f"--config-file={config}", "--nofork", "--nopidfile"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield address
    finally:
        process.terminate()
        process.wait(timeout=10)
        QDBusConnection.disconnectFromBus("cordon-test")


def _send(address: str, path: str, signal: str, *args: str) -> None:
    subprocess.run(
        ["dbus-send", f"--bus={address}", "--type=signal", path, signal, *args],
        check=True, timeout=10,
    )  # fmt: skip


async def _connected(address: str) -> QDBusConnection:
    for _ in range(100):
        bus = QDBusConnection.connectToBus(address, "cordon-test")
        if bus.isConnected():
            return bus
        QDBusConnection.disconnectFromBus("cordon-test")
        import asyncio

        await asyncio.sleep(0.05)
    raise AssertionError("the private bus did not start")


async def test_the_desktop_locking_locks_cordon(
    session: Session, qtbot: QtBot, private_bus: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("XDG_SESSION_ID", raising=False)
    bus = await _connected(private_bus)
    watch = SessionWatch(bus)
    assert watch.available
    window = MainWindow(session, idle=IdleWatch(300))
    qtbot.addWidget(window)
    window.system = watch
    watch.sessionLocked.connect(lambda: window.lock("the desktop was locked"))
    _send(private_bus, "/org/freedesktop/login1/session/_32", "org.freedesktop.login1.Session.Lock")
    await until(lambda: window.locked)
    assert "the desktop was locked" in window.lock_screen.reason.text()
    window.close_for_good()


async def test_going_to_sleep_is_heard_and_waking_is_not(qtbot: QtBot, private_bus: str) -> None:
    bus = await _connected(private_bus)
    watch = SessionWatch(bus)
    heard: list[str] = []
    watch.goingToSleep.connect(lambda: heard.append("sleep"))
    manager = "/org/freedesktop/login1"
    _send(private_bus, manager, "org.freedesktop.login1.Manager.PrepareForSleep", "boolean:false")
    _send(private_bus, manager, "org.freedesktop.login1.Manager.PrepareForSleep", "boolean:true")
    await until(lambda: heard == ["sleep"])


async def test_without_a_bus_the_watch_says_so(qtbot: QtBot) -> None:
    watch = SessionWatch(QDBusConnection.connectToBus("unix:path=/nonexistent", "cordon-none"))
    assert not watch.available
    QDBusConnection.disconnectFromBus("cordon-none")
    assert os.environ.get("QT_QPA_PLATFORM") == "offscreen"
