"""Crash safety: kill the publishing engine with SIGKILL at random moments, fifty
times, restart it each time, and show that every target ends published (none left
publishing) and the simulator received each post at most once."""

from __future__ import annotations

import asyncio
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from console import audit_trail
from console.posts import create_post
from console.session import SignInThrottle, sign_in
from console.simulator import SimulatorServer
from storage import queue
from storage.lifecycle import open_store
from storage.timeutil import to_iso
from tests.helpers import PASSWORD
from tests.service_fixtures import prepare

ROOT = Path(__file__).resolve().parent.parent
BATCH = 100
KILLS = 50

pytestmark = [pytest.mark.asyncio, pytest.mark.slow]


async def _add_posts(path: Path, first: int, count: int) -> None:
    admin = await sign_in(path, "alice", PASSWORD, via="test", throttle=SignInThrottle())
    due = to_iso(datetime.now(UTC) - timedelta(seconds=30))  # due now, inside the grace
    for number in range(first, first + count):
        await create_post(admin, body=f"post {number:04d}", channel_ids=[1], scheduled_utc=due)
    await admin.sign_out()


def _run_engine(path: Path, url: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.engine_runner", str(path), url],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


async def test_fifty_kills_leave_nothing_publishing_and_nothing_sent_twice(
    tmp_path: Path,
) -> None:
    path = tmp_path / "crash.cordon"
    await prepare(path)
    simulator = SimulatorServer().start()
    simulator.state.latency = 0.05  # sends are in flight long enough to be cut
    chance = random.Random(20261128)
    created = 0
    finished = False
    try:
        kills = 0
        while kills < KILLS:
            if created == 0 or finished:
                # More work whenever the engine has caught up, so that every kill
                # lands on work in progress.
                await _add_posts(path, created, BATCH)
                created += BATCH
            engine = _run_engine(path, simulator.url)
            time.sleep(chance.uniform(0.05, 0.6))
            finished = engine.poll() is not None
            if finished:
                continue
            os.kill(engine.pid, signal.SIGKILL)
            engine.wait()
            kills += 1
        finisher = _run_engine(path, simulator.url)
        assert finisher.wait(timeout=120) == 0
        received = simulator.received("force")
    finally:
        simulator.stop()

    store, _ = await open_store(path, "alice", PASSWORD)
    counts = await store.run(queue.counts_by_status)
    verdict = await audit_trail.verify(store)
    await store.close()
    assert counts.get("publishing", 0) == 0
    assert counts == {"published": created}
    per_post = Counter(r.text for r in received)
    assert len(per_post) == created
    assert max(per_post.values()) == 1, "a post was sent twice"
    assert verdict is not None and verdict.ok
    await asyncio.sleep(0)
