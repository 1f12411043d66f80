"""Several engine services on one team store, as two sites run them.

Two ``cordon serve`` processes on one PostgreSQL database share a simulator network
that outlives them (so every send is counted): every due post is claimed by one of
them and sent once, while the database server is restarted under them and one of
the two is killed. The survivor settles the dead one's sends (asking the network by
idempotency key, never sending on a guess), the windows' judgement names both
engines while both run, and the trail and the rows check afterwards.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from console import service
from console.engine_health import EngineLevel, assess_all
from console.posts import create_post
from console.simulator import SimulatorServer
from storage.engine_service import ServiceState
from storage.errors import StoreUnreachable
from storage.timeutil import to_iso
from tests.helpers import PASSWORD
from tests.pg import Server
from tests.service_fixtures import ROOT, cordon, eventually, other_process, prepare, window_session

pytestmark = [pytest.mark.asyncio, pytest.mark.slow]


def _serve(
    url: str, simulator: SimulatorServer, password: str = PASSWORD
) -> subprocess.Popen[bytes]:
    engine = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "serve", url, "--user", "alice",
         "--simulator-url", simulator.url],
        cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    assert engine.stdin is not None
    engine.stdin.write(password.encode() + b"\n")
    engine.stdin.close()
    return engine


async def _stop(engines: list[subprocess.Popen[bytes]]) -> None:
    """Each service asked to stop (SIGTERM), and waited for."""
    for engine in engines:
        if engine.poll() is None:
            engine.send_signal(signal.SIGTERM)
    for engine in engines:
        await asyncio.to_thread(engine.wait, 60)


async def test_two_services_send_each_due_post_once_through_a_restart_and_a_kill(
    pg_server: Server, pg_url: str
) -> None:
    await prepare(pg_url)
    simulator = SimulatorServer().start()
    simulator.state.latency = 0.05  # sends are in flight when things go wrong
    window = await window_session(pg_url)
    start = datetime.now(UTC) + timedelta(seconds=6)
    due: dict[int, str] = {}
    for number in range(60):
        when = to_iso(start + timedelta(seconds=number * 0.25))
        post = await create_post(
            window, body=f"Update {number:03d}", channel_ids=[1], scheduled_utc=when
        )
        due[post.targets[0].id] = when
    engines = [_serve(pg_url, simulator), _serve(pg_url, simulator)]
    try:

        async def both_running() -> bool:
            found = await service.statuses(window.store)
            return sum(r.state is ServiceState.RUNNING for r in found) == 2

        await eventually(both_running, 30)
        health = assess_all(await service.statuses(window.store), datetime.now(UTC))
        assert health.level is EngineLevel.RUNNING and "2 engines" in health.sentence

        await eventually(lambda: len(simulator.state.statuses) >= 10, 30)
        await asyncio.to_thread(pg_server.ctl, "restart")  # the server goes away mid-send
        await eventually(lambda: len(simulator.state.statuses) >= 25, 40)
        engines[0].send_signal(signal.SIGKILL)  # one site is lost
        await asyncio.to_thread(engines[0].wait)

        async def all_out() -> bool:
            try:
                found = await window.store.run(
                    lambda db: dict(db.execute("SELECT id, status FROM targets"))
                )
            except StoreUnreachable:  # the window keeps what it shows and asks again
                return False
            return all(found.get(t) == "published" for t in due)

        await eventually(all_out, 90)
        with simulator.state.lock:
            sent = Counter(received.text for received in simulator.state.statuses)
        assert all(n == 1 for n in sent.values()), sent.most_common(3)
        assert len(sent) == len(due)
        claims = await window.store.run(
            lambda db: Counter(
                str(r[0])
                for r in db.execute("SELECT actor FROM audit_log WHERE action = 'target.claim'")
            )
        )
        assert sum(claims.values()) >= len(due)
    finally:
        await _stop(engines)
        await window.sign_out()
        simulator.stop()
    for verb in (("store", "check"), ("audit", "verify")):
        done = cordon(*verb, pg_url, "--user", "alice", stdin=PASSWORD + "\n")
        assert done.returncode == 0, done.stdout + done.stderr
    store = await other_process(pg_url)
    try:
        ended = await service.statuses(store)
        assert not any(r.state.live and r.pid == engines[0].pid and r.fresh(datetime.now(UTC))
                       for r in ended)  # fmt: skip
    finally:
        await store.close()
    assert os.getpid()  # the test's own process was never a service


async def test_a_window_s_engine_is_not_given_the_store_s_password_where_ps_shows_it(
    pg_url: str,
) -> None:
    """The team store's URL may carry the database password: the window hands the
    whole URL to its engine in the environment (readable only by this machine user)
    and names the store without it in the arguments, which `ps` shows everyone."""
    from console.engine_keeper import EngineKeeper, ProcessLauncher

    secret = "s3cret-in-the-url"  # the test server trusts its socket: libpq never sends it
    url = f"{pg_url}&password={secret}"
    await prepare(url)
    window = await window_session(url)
    keeper = EngineKeeper(
        window.store, ProcessLauncher([sys.executable, str(ROOT / "main.py")]), started_by="alice"
    )
    try:
        await keeper.start()
        await eventually(lambda: keeper.health.publishing, 30)
        row = keeper.health.row
        assert row is not None
        arguments = Path(f"/proc/{row.pid}/cmdline").read_bytes().decode()
        assert secret not in arguments and "serve\0postgresql://" in arguments
        # The environment as it started holds it; only this machine user may read that.
        assert Path(f"/proc/{row.pid}/environ").stat().st_mode & 0o077 == 0
    finally:
        await keeper.close()
        await window.sign_out()
        store = await other_process(url)
        try:
            await service.request_stop(store, "alice", "test over", timeout=20)
        finally:
            await store.close()


async def test_an_engine_handed_a_different_store_than_it_was_named_starts_nothing(
    tmp_path: Path,
) -> None:
    """The arguments name the store without its password and the environment carries
    the whole URL: when the two disagree the engine says so and starts nothing."""
    done = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, str(ROOT / "main.py"), "serve", "postgresql://app@localhost/cordon",
         "--key-fd", "99", "--started-by", "alice"],
        env={**os.environ, "CORDON_HOME": str(tmp_path),
             "CORDON_STORE_URL": "postgresql://app:pw@localhost/another"},
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr == "cordon: The window handed over a different store: nothing was started.\n"
    assert "pw" not in done.stderr + done.stdout


async def test_two_windows_opened_together_each_keep_the_engine_they_started(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two consoles signed in at once on a team store with no engine running: each
    keeper starts one, and both run. The keeper whose engine does not speak for the
    store (the other one beat last) still knows its own engine runs: it said
    'Engine: starting…' beside publishing for the start timeout, then ended its own
    running engine as one that 'did not start within 30 s' and started another, and
    so on every 30 s."""
    from console import engine_keeper
    from console.engine_keeper import EngineKeeper, ProcessLauncher

    monkeypatch.setattr(engine_keeper, "START_TIMEOUT_SECONDS", 8.0)
    await prepare(pg_url)
    windows = [await window_session(pg_url), await window_session(pg_url)]
    launcher = ProcessLauncher([sys.executable, str(ROOT / "main.py")])
    keepers = [EngineKeeper(w.store, launcher, started_by="alice") for w in windows]
    try:
        await asyncio.gather(*(keeper.start() for keeper in keepers))
        await eventually(lambda: all(k.health.publishing for k in keepers), 30)
        await asyncio.sleep(engine_keeper.START_TIMEOUT_SECONDS + 2)
        assert all(k.health.publishing for k in keepers), [k.health.sentence for k in keepers]
        assert [k.launches for k in keepers] == [1, 1]
        found = await service.statuses(windows[0].store)
        assert sum(1 for row in found if row.state.live) == 2
        assert "2 engines" in keepers[1].health.sentence
    finally:
        for keeper in keepers:
            await keeper.stop_engine("alice", "test over")
            await keeper.close()
        for window in windows:
            await window.sign_out()
