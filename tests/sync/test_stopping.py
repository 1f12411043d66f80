"""Stopping sync while a channel is being woken: the stop must not be lost.

On Python 3.11, ``asyncio.wait_for`` swallows a cancellation that arrives in the
same loop iteration as the awaited event (its result wins), so a loop woken by a
commit just as the engine stopped kept running and ``stop()`` never returned (a
sign-out that hangs).
"""

from __future__ import annotations

import asyncio

import pytest

from tests.sync.conftest import Station

pytestmark = pytest.mark.asyncio


async def test_a_wake_at_the_moment_of_stopping_does_not_keep_a_loop_alive(
    station: Station,
) -> None:
    await station.sync.start()
    for _ in range(50):  # both channels' loops have passed once and are waiting
        await asyncio.sleep(0.02)
        if len(station.sync.health()) == 2 and all(
            h.last_sync_utc for h in station.sync.health().values()
        ):
            break
    station.sync.wake()
    await asyncio.wait_for(station.sync.stop(), 5)
