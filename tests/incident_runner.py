"""Publish and engage incident mode in one process (for the engage crash test).

    python -m tests.incident_runner STORE_PATH SIMULATOR_URL ENGAGE_AFTER_SECONDS [--pause]

It publishes due posts in small passes and, after the given delay, engages
incident mode (hold, then move the targets to held) while the passes go on,
printing ``held`` after the hold commits and ``engaged`` after the move. The test
kills it with SIGKILL at a random moment around the engage; with ``--pause`` the
runner waits for a line on stdin between the two writes, so the test can kill it
exactly there (the process dying after the hold but before the move).
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import httpx

from console.adapters import ByNetwork
from console.channels.simulator import SimulatorAdapter
from console.holds import hold_targets
from console.publisher import Publisher, PublishPolicy
from console.session import Session
from incident import engage
from storage.lifecycle import open_store
from tests.helpers import PASSWORD


async def main(path: Path, url: str, engage_after: float, pause: bool) -> None:
    store, alice = await open_store(path, "alice", PASSWORD)
    adapter = SimulatorAdapter(url, timeout=httpx.Timeout(5.0))
    publisher = Publisher(store, ByNetwork({"simulator": adapter}), policy=PublishPolicy(batch=2))

    async def publish() -> None:
        while True:
            await publisher.publish_due()
            await asyncio.sleep(0.002)

    passes = asyncio.create_task(publish())
    print("ready", flush=True)
    await asyncio.sleep(engage_after)
    incident = await engage.hold_now(
        Session(store, alice, via="test"), details=engage.Details("Crash test")
    )
    print("held", flush=True)
    if pause:
        await asyncio.to_thread(sys.stdin.readline)
    await hold_targets(store, incident.id, actor="alice")
    print("engaged", flush=True)
    await asyncio.sleep(30)
    passes.cancel()


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1]), sys.argv[2], float(sys.argv[3]), "--pause" in sys.argv))
