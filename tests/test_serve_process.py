"""``cordon serve`` as its own process, started by a window's keeper with the key
handed over a socket pair; killed, restarted, refused, stopped."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from console import engine_keeper, service
from console.engine_health import EngineLevel
from console.engine_keeper import EngineKeeper, Launched, ProcessLauncher, log_path, output_path
from console.session import Session
from storage.engine_service import ServiceState
from storage.store import Store
from storage.timeutil import system_clock
from tests.helpers import PASSWORD
from tests.service_fixtures import (
    cordon,
    eventually,
    is_published,
    other_process,
    post_due_in,
    prepare,
    window_session,
)

ROOT = Path(__file__).resolve().parent.parent
COMMAND = [sys.executable, str(ROOT / "main.py")]
pytestmark = [pytest.mark.asyncio, pytest.mark.slow]


def _cordon(*args: str, stdin: str = "", env: dict[str, str] | None = None) -> Any:
    return cordon(*args, stdin=stdin, env=env)


async def _stop_any(path: Path) -> None:
    store = await other_process(path)
    try:
        await service.request_stop(store, "alice", "test over", timeout=20)
    finally:
        await store.close()


@asynccontextmanager
async def _engine_for_window(path: Path) -> AsyncIterator[tuple[Session, EngineKeeper]]:
    """A window signed in to a new store, and the engine its keeper started."""
    await prepare(path)
    window = await window_session(path)
    keeper = EngineKeeper(window.store, ProcessLauncher(COMMAND), started_by="alice")
    try:
        await keeper.start()
        await eventually(lambda: keeper.health.publishing, 30)
        yield window, keeper
    finally:
        await keeper.close()
        if not window.store.closed:
            await window.sign_out()


async def test_the_window_starts_the_engine_which_publishes_after_the_window_has_gone(
    tmp_path: Path,
) -> None:
    path = tmp_path / "served.cordon"
    async with _engine_for_window(path) as (window, keeper):
        row = keeper.health.row
        assert row is not None and row.pid != os.getpid()
        key = window.store.lend_key()
        secret = bytes(key).hex()
        key[:] = bytes(len(key))
        # The key went over the socket pair: not in the engine's arguments or environment.
        for part in ("cmdline", "environ"):
            seen = Path(f"/proc/{row.pid}/{part}").read_bytes().decode("utf-8", "replace")
            assert secret not in seen.lower()
        body = "Canary post 5521: road closed outside Gwenllian Pritchard's house"
        target = await post_due_in(window, 3.0, body=body)
        await keeper.close()
        await window.sign_out()  # the window signs out and closes: the engine goes on
    store = await other_process(path)
    try:
        await eventually(partial(is_published, store, target), 20)
        # Nor in its logs, which say what it did (and never what was posted).
        log_text = log_path(store).read_text(encoding="utf-8")
        assert "Cordon engine running" in log_text
        said = output_path(store).read_text(encoding="utf-8")
        assert "Cordon engine running" in said and " INFO " not in said
        every = "\n".join(p.read_text("utf-8") for p in log_path(store).parent.iterdir())
        assert secret not in every.lower() and PASSWORD not in every
        assert "5521" not in every and "Pritchard" not in every
    finally:
        await store.close()
        await _stop_any(path)


async def test_a_killed_engine_is_seen_at_once_and_started_again(tmp_path: Path) -> None:
    path = tmp_path / "killed.cordon"
    await prepare(path)
    window = await window_session(path)
    keeper = EngineKeeper(window.store, ProcessLauncher(COMMAND), started_by="alice")
    seen: list[EngineLevel] = []
    keeper.add_listener(lambda health: seen.append(health.level))
    try:
        await keeper.start()
        await eventually(lambda: keeper.health.publishing, 30)
        first = keeper.health.row
        assert first is not None
        os.kill(first.pid, signal.SIGKILL)
        killed_at = asyncio.get_running_loop().time()
        await eventually(lambda: keeper.health.level is not EngineLevel.RUNNING, 10)
        noticed = asyncio.get_running_loop().time() - killed_at
        assert noticed < 10, f"noticed after {noticed:.1f} s"
        await eventually(
            lambda: (
                keeper.health.publishing
                and keeper.health.row is not None
                and keeper.health.row.pid != first.pid
            ),
            30,
        )
        assert EngineLevel.DOWN in seen
        assert keeper.launches == 2
        target = await post_due_in(window, 1.0)
        await eventually(partial(is_published, window.store, target), 20)
    finally:
        await keeper.stop_engine("alice", "test over")
        await keeper.close()
        await window.sign_out()


async def test_a_second_engine_by_hand_is_refused_while_one_runs(tmp_path: Path) -> None:
    path = tmp_path / "busy.cordon"
    async with _engine_for_window(path) as (_window, keeper):
        second = await asyncio.to_thread(
            _cordon, "serve", str(path), "--user", "alice", stdin=PASSWORD + "\n"
        )
        assert second.returncode == 2
        assert "already running for this store" in second.stderr
        assert "Traceback" not in second.stderr
        status = await asyncio.to_thread(
            _cordon, "engine", "status", str(path), "--user", "alice", stdin=PASSWORD + "\n"
        )
        assert status.returncode == 0, status.stderr
        assert "Publishing and sync are on" in status.stdout
        stopped = await asyncio.to_thread(
            _cordon,
            "engine", "stop", str(path), "--user", "alice", "--reason", "handover to days",
            stdin=PASSWORD + "\n",
        )  # fmt: skip
        assert stopped.returncode == 0, stopped.stderr
        assert "publishing and sync are off" in stopped.stdout
        await keeper.check()
        assert keeper.health.level is EngineLevel.STOPPED
        await asyncio.sleep(2 * keeper.check_seconds)
        assert keeper.launches == 1  # stopped on purpose: not started again behind its back


async def test_the_engine_by_hand_and_from_a_systemd_credential(tmp_path: Path) -> None:
    path = tmp_path / "by-hand.cordon"
    await prepare(path)
    nothing = await asyncio.to_thread(_cordon, "serve", str(path))
    assert nothing.returncode == 2
    assert "--user" in nothing.stderr and "Traceback" not in nothing.stderr
    no_systemd = await asyncio.to_thread(
        _cordon, "serve", str(path), "--user", "alice", "--password-credential", "cordon"
    )
    assert no_systemd.returncode == 2 and "CREDENTIALS_DIRECTORY" in no_systemd.stderr
    credentials = tmp_path / "credentials"
    credentials.mkdir(mode=0o700)
    (credentials / "cordon").write_text(PASSWORD + "\n", encoding="utf-8")
    process = subprocess.Popen(
        [*COMMAND, "serve", str(path), "--user", "alice", "--password-credential", "cordon"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "CREDENTIALS_DIRECTORY": str(credentials)},
    )
    store = await other_process(path)
    try:

        async def running() -> bool:
            row = await service.status(store)
            return row is not None and row.fresh(system_clock()) and row.pid == process.pid

        await eventually(running, 30)
        process.send_signal(signal.SIGTERM)
        out, err = await asyncio.to_thread(process.communicate, timeout=30)
        assert process.returncode == 0, err
        assert "Cordon engine running" in out
        assert "Stopped by the SIGTERM signal" in out
        row = await service.status(store)
        assert row is not None and row.state is ServiceState.STOPPED
    finally:
        if process.poll() is None:
            process.kill()
        await store.close()


async def test_a_key_for_another_store_is_refused(tmp_path: Path) -> None:
    one = tmp_path / "one.cordon"
    other = tmp_path / "other.cordon"
    await prepare(one)
    await prepare(other)
    window = await window_session(one)
    try:

        class WrongStore:
            """Hands ``one``'s key to an engine asked to serve ``other``."""

            def __init__(self) -> None:
                self.inner = ProcessLauncher(COMMAND)
                self.fake = type("S", (), {})()
                self.fake.path = self.fake.where = other
                self.fake.label = other.stem
                self.fake.store_id = window.store.store_id
                self.fake.lend_key = window.store.lend_key

            async def launch(self, store: object, started_by: str) -> Launched:
                return await self.inner.launch(self.fake, started_by)

            def last_words(self, store: object) -> str:
                return self.inner.last_words(self.fake)

        keeper = EngineKeeper(window.store, WrongStore(), started_by="alice")
        await keeper.start()
        await eventually(lambda: "could not start" in keeper.health.sentence, 30)
        assert "the key of another store" in keeper.health.sentence
        assert keeper.health.level is EngineLevel.DOWN
        await keeper.close()
    finally:
        await window.sign_out()


async def test_a_launch_cancelled_under_way_still_knows_the_engine_it_started(
    tmp_path: Path,
) -> None:
    """A keeper closed (the window signing out) while its launch runs in a thread never
    gets the process back: the engine is still this program's, known and reaped, not
    dropped while it runs (Python warned, and it stayed a zombie once it ended)."""
    path = tmp_path / "cancelled.cordon"
    await prepare(path)
    window = await window_session(path)
    under_way = threading.Event()

    class Launcher(ProcessLauncher):
        def _launch(self, store: Store, started_by: str) -> Launched:
            under_way.set()
            return super()._launch(store, started_by)

    launching = asyncio.ensure_future(Launcher(COMMAND).launch(window.store, "alice"))
    await asyncio.to_thread(under_way.wait, 20)  # its thread has begun: it will finish
    launching.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await launching
    try:
        await eventually(engine_keeper.started_engines_running, 20)
    finally:
        await engine_keeper.stop_started_engines()
        await window.sign_out()
    assert not engine_keeper.started_engines_running()


async def test_restart_pressed_while_the_keeper_looks_starts_one_engine(tmp_path: Path) -> None:
    path = tmp_path / "one-launch.cordon"
    await prepare(path)
    window = await window_session(path)
    keeper = EngineKeeper(window.store, ProcessLauncher(COMMAND), started_by="alice")
    try:
        # No engine yet: the button and the keeper's own look race for the start.
        await asyncio.gather(keeper.restart(), keeper.start(), keeper.check())
        assert keeper.launches == 1
        await eventually(lambda: keeper.health.publishing, 30)
        assert keeper.launches == 1
    finally:
        await keeper.stop_engine("alice", "test over")
        await keeper.close()
        await window.sign_out()


async def test_quitting_never_stops_an_engine_this_window_did_not_start(tmp_path: Path) -> None:
    """The force's own engine (started by hand here, as systemd would at boot) runs on
    when a window that attached to it stops: the keeper refuses to stop it."""
    path = tmp_path / "not-ours.cordon"
    await prepare(path)
    by_hand = subprocess.Popen(
        [*COMMAND, "serve", str(path), "--user", "alice"],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert by_hand.stdin is not None
    by_hand.stdin.write(PASSWORD + "\n")
    by_hand.stdin.close()
    window = await window_session(path)
    keeper = EngineKeeper(window.store, ProcessLauncher(COMMAND), started_by="alice")
    try:

        async def running_by_hand() -> bool:  # it runs before the window looks
            return await _running_pid(window.store) == by_hand.pid

        await eventually(running_by_hand, 30)
        await keeper.start()
        assert keeper.health.publishing and keeper.launches == 0  # attached, not started
        assert not await keeper.engine_is_ours()
        assert not await keeper.stop_engine("alice", "quitting")
        assert by_hand.poll() is None
    finally:
        await keeper.close()
        await window.sign_out()
        await _stop_any(path)
        await asyncio.to_thread(by_hand.wait, 30)


async def _running_pid(store: Store) -> int | None:
    row = await service.status(store)
    if row is None or row.state is not ServiceState.RUNNING:
        return None
    return row.pid
