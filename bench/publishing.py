"""Publishing 1,000 due targets to the simulator: throughput, and the engine's cost
against the simulator's own, side by side in one run.

    .venv/bin/python bench/publishing.py [--targets N]

The baseline sends the same N posts straight to the simulator with the same
client and concurrency (the engine's per-network limit), and no store: what the
network costs. The engine run claims, sends and records each target with its
audit entries in the encrypted store. The ratio is what Cordon adds on top.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx

from console import channel_admin, posts
from console import users as user_admin
from console.adapters import ByNetwork
from console.channels.simulator import SimulatorAdapter
from console.publisher import Publisher, PublishPolicy
from console.session import SignInThrottle, sign_in
from console.simulator import SimulatorServer
from storage.keyslots import KdfParams
from storage.lifecycle import create_store
from storage.records import Role
from storage.store import Transaction
from storage.timeutil import to_iso

PASSWORD = "benchmark password"


async def baseline(url: str, count: int) -> float:
    """The network alone: the same POSTs, the same client, the same concurrency."""
    gate = asyncio.Semaphore(PublishPolicy().concurrency)
    async with httpx.AsyncClient(base_url=url, timeout=30) as client:

        async def send(n: int) -> None:
            async with gate:
                response = await client.post(
                    "/accounts/baseline/statuses",
                    json={"text": f"baseline {n}"},
                    headers={"Idempotency-Key": uuid.uuid4().hex},
                )
                response.raise_for_status()

        started = time.perf_counter()
        await asyncio.gather(*(send(n) for n in range(count)))
        return time.perf_counter() - started


async def engine(url: str, count: int, folder: Path) -> float:
    path = folder / "bench.cordon"
    store = await create_store(path, user="alice", password=PASSWORD, kdf=KdfParams(1, 64))
    await store.close()
    session = await sign_in(path, "alice", PASSWORD, via="bench", throttle=SignInThrottle())
    await user_admin.set_roles(
        session, "alice", [Role.ADMINISTRATOR, Role.DUTY_OFFICER], reason="b"
    )
    await channel_admin.add_channel(session, name="Sim", network="simulator", account="engine")
    due = to_iso(datetime.now(UTC) - timedelta(seconds=10))

    def fill(tx: Transaction) -> None:
        for n in range(count):
            posts.create_in(tx, session, posts.NewPost(f"engine {n}", [1], due))

    await session.store.write(fill)
    adapter = SimulatorAdapter(url)
    publisher = Publisher(
        session.store, ByNetwork({"simulator": adapter}), policy=PublishPolicy(batch=count)
    )
    started = time.perf_counter()
    results = await publisher.publish_due()
    elapsed = time.perf_counter() - started
    published = sum(r.status == "published" for r in results)
    assert published == count, [r for r in results if r.status != "published"][:3]
    await adapter.aclose()
    await session.sign_out()
    return elapsed


async def main(count: int) -> None:
    server = SimulatorServer().start()
    try:
        with tempfile.TemporaryDirectory() as folder:
            network = await baseline(server.url, count)
            ours = await engine(server.url, count, Path(folder))
    finally:
        server.stop()
    print(f"simulator alone:  {count:,} posts in {network:.3f} s ({count / network:,.0f}/s)")
    print(f"publishing engine: {count:,} posts in {ours:.3f} s ({count / ours:,.0f}/s)")
    print(f"engine / network: {ours / network:.2f}x")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--targets", type=int, default=1000)
    asyncio.run(main(parser.parse_args().targets))
