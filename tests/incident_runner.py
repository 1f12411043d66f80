"""Publish and engage incident mode in one process (for the engage crash test).

    python -m tests.incident_runner STORE_PATH SIMULATOR_URL ENGAGE_AFTER_SECONDS

It publishes due posts in small passes and, after the given delay, engages
incident mode (hold, then move the targets to held) while the passes go on. The
test kills it with SIGKILL at a random moment around the engage.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import httpx

from console.adapters import ByNetwork
from console.channels.simulator import SimulatorAdapter
from console.publisher import Publisher, PublishPolicy
from console.session import Session
from incident import engage
from storage.lifecycle import open_store
from tests.helpers import PASSWORD


async def main(path: Path, url: str, engage_after: float) -> None:
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
    await engage.engage(Session(store, alice, via="test"), details=engage.Details("Crash test"))
    print("engaged", flush=True)
    await asyncio.sleep(30)
    passes.cancel()


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1]), sys.argv[2], float(sys.argv[3])))
