"""Fixtures for window tests: a store, a signed-in session, scripted prompts."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import pytest_asyncio

from console.session import Session, SignInThrottle, sign_in
from storage.records import StoreKind
from tests.helpers import PASSWORD, make_store
from ui.prompts import PROMPTS


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
