"""Test set-up shared by every test.

* Qt runs offscreen; tests that need a ``QApplication`` are marked ``gui`` (the
  marker is added to everything under ``tests/gui``).
* Async tests in ``tests/gui`` run on a qasync loop over the one QApplication;
  core tests run on a plain asyncio loop, as the CLI does.
* An exception in a task that nobody retrieved fails the test (qasync's and
  qutebrowser's practice), as do Qt warnings (``qt_log_level_fail``).
* Each test gets its own ``CORDON_HOME`` so no test sees another's stores.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import signal
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

pytest_plugins = ["tests.team", "tests.desk", "tests.networks", "tests.pg"]

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.pop("CORDON_PASSWORD", None)
os.environ.pop("CORDON_NEW_PASSWORD", None)

# Fuzz tests: no example database written into the tree, and a budget the shared
# two-core machine can afford on every run.
settings.register_profile(
    "cordon",
    database=None,
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.load_profile("cordon")

_unretrieved: list[dict[str, Any]] = []


def _record(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
    _unretrieved.append(context)


def _plain_loop() -> asyncio.AbstractEventLoop:
    loop = asyncio.new_event_loop()
    loop.set_exception_handler(_record)
    return loop


def _qt_loop() -> asyncio.AbstractEventLoop:
    import qasync
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    app.setQuitOnLastWindowClosed(False)  # as ui.frame.app sets it: the controller decides
    loop: asyncio.AbstractEventLoop = qasync.QEventLoop(app)
    loop.set_exception_handler(_record)
    return loop


def _is_gui(item: pytest.Item) -> bool:
    return item.get_closest_marker("gui") is not None


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/gui/" in item.nodeid.replace(os.sep, "/"):
            item.add_marker(pytest.mark.gui)


def pytest_asyncio_loop_factories(
    config: pytest.Config, item: pytest.Item
) -> dict[str, Callable[[], asyncio.AbstractEventLoop]]:
    if "tests/gui/" in item.nodeid.replace(os.sep, "/"):
        return {"qt": _qt_loop}
    return {"asyncio": _plain_loop}


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("CORDON_HOME", str(tmp_path / "cordon-home"))
    monkeypatch.delenv("CORDON_PASSWORD", raising=False)
    _unretrieved.clear()
    yield
    gc.collect()  # on this thread: see docs/toolchain.md (qasync loops)
    problems = list(_unretrieved)
    _unretrieved.clear()
    if problems:
        pytest.fail(f"an asyncio task failed and nobody retrieved it: {problems[0]}")


@pytest.fixture(autouse=True)
def _clear_qt_quit_flag(request: pytest.FixtureRequest) -> Iterator[None]:
    """qasync's loop.stop() leaves Qt's quit flag set; clear it after gui tests."""
    yield
    if _is_gui(request.node):
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance()
        if app is not None:
            QTimer.singleShot(0, app.quit)
            app.exec()


@pytest.fixture(autouse=True)
def _no_engine_left_running() -> Iterator[None]:
    """An engine process a test started (through a window's keeper) must be stopped by
    the end of the test: one left running would outlive the test run (it lives in a
    session of its own). It is given a few seconds to finish stopping, then killed,
    and the test fails."""
    from console import engine_keeper

    yield
    deadline = time.monotonic() + 10
    while engine_keeper.started_engines_running() and time.monotonic() < deadline:
        time.sleep(0.05)
    if engine_keeper.started_engines_running():
        left = [child.pid for child in engine_keeper._STARTED]
        for pid in left:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        time.sleep(0.2)
        engine_keeper.reap()
        pytest.fail(f"the test left engine processes running: {left} (killed)")


@pytest.fixture
def welsh() -> Iterator[None]:
    """The core speaks Welsh for the test, English again after it."""
    from storage import i18n

    i18n.use(i18n.WELSH)
    try:
        yield
    finally:
        i18n.use(i18n.ENGLISH)
