"""Run the publishing engine until nothing is left to send (for the crash test).

    python -m tests.engine_runner STORE_PATH SIMULATOR_URL

The crash test kills this process with SIGKILL at random moments and starts it
again; it must never leave a target publishing or send anything twice.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import httpx

from console.adapters import ByNetwork
from console.channels.simulator import SimulatorAdapter
from console.publisher import Publisher, PublishPolicy
from storage import queue
from storage.lifecycle import open_store
from tests.helpers import PASSWORD


async def main(path: Path, url: str) -> None:
    store, _ = await open_store(path, "alice", PASSWORD)
    adapter = SimulatorAdapter(url, timeout=httpx.Timeout(5.0))
    # Small passes, so that kills land between claims, sends and records alike.
    publisher = Publisher(store, ByNetwork({"simulator": adapter}), policy=PublishPolicy(batch=3))
    try:
        while True:
            await publisher.publish_due()
            counts = await store.run(queue.counts_by_status)
            if not counts.get("queued") and not counts.get("publishing"):
                return
            await asyncio.sleep(0.01)
    finally:
        await adapter.aclose()
        await store.close()


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1]), sys.argv[2]))
