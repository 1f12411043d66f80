"""The app's engine in window tests: the real ``cordon serve`` process, started by
the window's keeper with the key handed over a socket pair, as in the app."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pytestqt.qtbot import QtBot

from console.engine_keeper import ProcessLauncher
from tests.helpers import FAST_KDF

if TYPE_CHECKING:
    from ui.frame.app import AppController

ROOT = Path(__file__).resolve().parent.parent.parent
COMMAND = [sys.executable, str(ROOT / "main.py")]


def launcher() -> ProcessLauncher:
    return ProcessLauncher(COMMAND)


def app_signing_in(
    qtbot: QtBot, path: Path, user: str, password: str, apps: list[Any]
) -> AppController:
    """The app's controller with the real engine launcher, its sign-in screen shown and
    an attempt made for ``user`` (``apps``: the fixture that tidies up after it)."""
    from ui.frame.app import AppController

    controller = AppController(path, kdf=FAST_KDF, launcher=launcher())
    apps.append(controller)
    qtbot.addWidget(controller.sign_in)
    controller.start()
    controller.sign_in.prefill(path, user, password)
    controller.sign_in.attempt()
    return controller
