"""The one backoff rule: doubling from the first wait, capped, with jitter taken off."""

from __future__ import annotations

import random
from datetime import timedelta

from console import backoff
from console.publisher import PublishPolicy
from console.pullback import retry_wait
from console.sync.policy import SyncPolicy

FIRST, CAP = timedelta(seconds=30), timedelta(minutes=15)


def test_doubles_from_the_first_wait_to_the_cap() -> None:
    waits = [backoff.wait(n, FIRST, CAP) for n in range(0, 8)]
    assert waits == [timedelta(seconds=s) for s in (30, 30, 60, 120, 240, 480, 900, 900)]
    assert backoff.wait(10**6, FIRST, CAP) == CAP  # no overflow however many failures


def test_jitter_takes_off_at_most_its_share() -> None:
    rng = random.Random(7)
    waits = [backoff.wait(3, FIRST, CAP, jitter=0.5, draw=rng.random) for _ in range(200)]
    assert all(timedelta(seconds=60) <= w <= timedelta(seconds=120) for w in waits)
    assert len(set(waits)) > 100  # drawn, not fixed


def test_the_publisher_sync_and_pull_back_share_it() -> None:
    publish = PublishPolicy()
    assert [publish.backoff(n) for n in (1, 2, 9)] == [
        backoff.wait(n, publish.first_backoff, publish.max_backoff) for n in (1, 2, 9)
    ]
    assert [retry_wait(n) for n in (1, 4)] == [timedelta(seconds=30), timedelta(seconds=240)]
    sync = SyncPolicy(jitter=0.0)
    assert [sync.backoff(n, random.Random()) for n in (1, 2, 3)] == [
        sync.first_backoff,
        sync.first_backoff * 2,
        sync.first_backoff * 4,
    ]
