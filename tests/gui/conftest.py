"""Fixtures for window tests: a store, a signed-in session, scripted prompts, and
a guard that fails a test in which a nested event loop starts inside an asyncio
task (``ui.frame.loop_guard``)."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from PySide6.QtWidgets import QApplication
from shiboken6 import isValid

from console.session import Session, SignInThrottle, sign_in
from storage.i18n import ENGLISH
from storage.records import StoreKind
from tests.helpers import PASSWORD, make_store
from ui.common.gc_on_gui_thread import GuiThreadCollector
from ui.common.prompts import PROMPTS
from ui.common.translations import install
from ui.frame.loop_guard import LoopGuard


@pytest.fixture(scope="package", autouse=True)
def gc_on_gui_thread(qapp: QApplication) -> Iterator[GuiThreadCollector]:
    """As in the app (``ui/common/gc_on_gui_thread.py``): cycles are freed on the GUI
    thread only, never on a store or worker thread, while the window tests run."""
    collector = GuiThreadCollector(qapp)
    collector.start()
    yield collector
    collector.stop()


@pytest.fixture(autouse=True)
def english(qapp: QApplication) -> Iterator[None]:
    """The window speaks English as the app does (its counting sentences' English forms
    come from ``cordon_en.qm``); a test in Welsh installs Welsh and this puts English
    back."""
    install(qapp, ENGLISH)
    yield
    install(qapp, ENGLISH)


@pytest.fixture(autouse=True)
def loop_guard(qapp: QApplication) -> Iterator[LoopGuard]:
    """Fails the test if a nested event loop started while an asyncio task ran
    (the sentence names the call); a test that shows the guard at work empties
    ``caught`` itself."""
    guard = LoopGuard(strict=True)
    guard.install()
    yield guard
    guard.uninstall()
    if guard.caught:
        pytest.fail(f"a nested event loop ran inside an asyncio task: {guard.caught[0]}")


@pytest.fixture(autouse=True)
def scripted_prompts() -> Iterator[None]:
    PROMPTS.clear()
    yield
    leftover = PROMPTS.pending()
    PROMPTS.clear()
    assert leftover == 0, "a test queued answers to questions that were never asked"


@pytest_asyncio.fixture
async def session(tmp_path: Path) -> AsyncIterator[Session]:
    path = tmp_path / "window.cordon"
    await (await make_store(path)).close()
    signed_in = await sign_in(path, "alice", PASSWORD, via="test", throttle=SignInThrottle())
    yield signed_in
    if not signed_in.store.closed:
        await signed_in.sign_out()


@pytest_asyncio.fixture
async def exercise_session(tmp_path: Path) -> AsyncIterator[Session]:
    path = tmp_path / "exercise.cordon"
    await (await make_store(path, kind=StoreKind.EXERCISE)).close()
    signed_in = await sign_in(path, "alice", PASSWORD, via="test", throttle=SignInThrottle())
    yield signed_in
    if not signed_in.store.closed:
        await signed_in.sign_out()


@pytest_asyncio.fixture
async def apps() -> AsyncIterator[list[Any]]:
    """Controllers (``ui.frame.app.AppController``) a test made: whatever state the test
    left them in (a failure halfway), their engines are stopped and their windows
    closed afterwards, so no window refuses Qt's quit and no engine outlives the test."""
    from console.engine_keeper import stop_started_engines

    made: list[Any] = []
    yield made
    for controller in made:
        if controller.finished_already:
            continue
        controller._quitting = True  # the sign-in screen no longer turns a close into a quit
        keeper = controller.keeper
        if keeper is not None:
            with contextlib.suppress(Exception):
                await keeper.stop_engine("test", "test over")
        with contextlib.suppress(Exception):
            await controller._end_session("test over")
        PROMPTS.close_all()
        if isValid(controller.sign_in):
            controller.sign_in.close()
    await stop_started_engines()
