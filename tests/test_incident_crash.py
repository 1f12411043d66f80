"""Engaging under SIGKILL: fifty times, a process publishing due posts engages
incident mode and is killed at a random moment around the engage. After each
restart (the engine's start finishes an interrupted engage and settles sends
that were in flight), every target in scope is held or was reported as already
sending when the hold committed, and nothing was published after the hold
committed unless it had been claimed before it."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from console import users as user_admin
from console.adapters import ByNetwork
from console.channels.simulator import SimulatorAdapter
from console.holds import resume
from console.posts import create_post
from console.publisher import Publisher
from console.session import SignInThrottle, sign_in
from console.simulator import SimulatorServer
from storage import audit, channels
from storage import incidents as rows
from storage.lifecycle import open_store
from storage.records import Role
from storage.timeutil import to_iso
from tests.helpers import PASSWORD, make_store

ROOT = Path(__file__).resolve().parent.parent
KILLS = 50
POSTS = 12

pytestmark = [pytest.mark.asyncio, pytest.mark.slow]


async def _prepare(path: Path, first: int) -> None:
    await (await make_store(path)).close()
    admin = await sign_in(path, "alice", PASSWORD, via="test", throttle=SignInThrottle())
    await user_admin.set_roles(admin, "alice", [Role.ADMINISTRATOR, Role.DUTY_OFFICER], reason="t")
    await admin.store.write(
        lambda tx: channels.insert(
            tx.db, name="X", network="simulator", account="force", area="", now=tx.now()
        )
    )
    due = to_iso(datetime.now(UTC) - timedelta(seconds=10))
    for number in range(first, first + POSTS):
        await create_post(admin, body=f"post {number:05d}", channel_ids=[1], scheduled_utc=due)
    await admin.sign_out()


@dataclass
class Outcome:
    engaged: bool
    finished_move: bool  # the killed process had moved the targets itself
    in_flight: int
    held: int
    published: int


async def _restart_and_check(path: Path, simulator: SimulatorServer) -> Outcome:
    store, _ = await open_store(path, "alice", PASSWORD)
    adapter = SimulatorAdapter(simulator.url, timeout=httpx.Timeout(5.0))
    try:
        before = await store.run(rows.active)
        await resume(store)  # what Engine.start does first
        await Publisher(
            store, ByNetwork({"simulator": adapter})
        ).publish_due()  # reconcile, then due
        incident = await store.run(rows.active)
        targets = await store.run(
            lambda db: db.execute(
                "SELECT t.id, t.status, t.claimed_utc, t.published_utc, p.body FROM targets t"
                " JOIN posts p ON p.id = t.post_id"
            ).fetchall()
        )
        hold_utc = await store.run(
            lambda db: db.execute("SELECT min(created_utc) FROM holds").fetchone()[0]
        )
        assert (await store.run(lambda db: audit.verify(db, store.store_id))).ok
    finally:
        await adapter.aclose()
        await store.close()

    statuses = Counter(status for _i, status, _c, _p, _b in targets)
    assert statuses["publishing"] == 0, "a send was left unsettled"
    if incident is None:  # killed before the hold committed: nothing is held
        assert statuses["held"] == 0
        return Outcome(False, False, 0, 0, statuses["published"])
    flying = set(incident.in_flight)
    for target_id, status, claimed, published, _body in targets:
        if status == "published":
            assert claimed < hold_utc, f"target {target_id} was claimed after the hold"
            if published >= hold_utc:
                assert target_id in flying, f"target {target_id} went out unreported"
        else:
            assert status == "held", f"target {target_id} is {status} inside the scope"
    return Outcome(
        True,
        before is not None and before.targets_held_utc is not None,
        len(flying),
        statuses["held"],
        statuses["published"],
    )


def _kill(runner: subprocess.Popen[bytes]) -> None:
    os.kill(runner.pid, signal.SIGKILL)
    runner.wait()
    if runner.stdout is not None:
        runner.stdout.close()
    if runner.stdin is not None:
        runner.stdin.close()


async def test_fifty_kills_during_engage_leave_everything_held_or_reported(
    tmp_path: Path,
) -> None:
    """Every fifth round kills at a chosen point (before the engage, between the hold
    and the move, after the move), so each case is certainly covered; the others
    kill at a random moment around the engage."""
    simulator = SimulatorServer().start()
    simulator.state.latency = 0.03  # sends in flight long enough to straddle the hold
    chance = random.Random(20261128)
    outcomes: list[Outcome] = []
    chosen = {0: "before", 5: "between", 10: "after"}
    try:
        for round_number in range(KILLS):
            path = tmp_path / f"round{round_number}.cordon"
            await _prepare(path, round_number * POSTS)
            point = chosen.get(round_number % 15, "random")
            engage_after = 5.0 if point == "before" else chance.uniform(0.0, 0.05)
            runner = subprocess.Popen(
                [sys.executable, "-m", "tests.incident_runner", str(path), simulator.url,
                 str(engage_after), *(["--pause"] if point == "between" else [])],
                cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )  # fmt: skip
            assert runner.stdout is not None
            assert runner.stdout.readline().strip() == b"ready"
            if point == "before":
                time.sleep(0.05)  # passes are running; the engage is seconds away
            elif point == "between":
                assert runner.stdout.readline().strip() == b"held"
            elif point == "after":
                assert runner.stdout.readline().strip() == b"held"
                assert runner.stdout.readline().strip() == b"engaged"
            else:
                time.sleep(chance.uniform(0.0, engage_after + 0.1))
            _kill(runner)
            outcome = await _restart_and_check(path, simulator)
            if point == "before":
                assert not outcome.engaged
            elif point == "between":
                assert outcome.engaged and not outcome.finished_move
            elif point == "after":
                assert outcome.engaged and outcome.finished_move
            outcomes.append(outcome)
        received = Counter(r.text for r in simulator.received("force"))
    finally:
        simulator.stop()

    assert max(received.values(), default=1) == 1, "a post was sent twice"
    engaged = [o for o in outcomes if o.engaged]
    assert sum(o.held for o in engaged) > 0
    assert any(o.in_flight for o in engaged), "no send was in flight at a hold"
