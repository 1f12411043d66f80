"""Ingesting 10,000 inbox items from the simulator: throughput, and the store's cost
against a bare INSERT of the same rows in the same store.

    .venv/bin/python bench/sync_ingest.py [--items N]

Four runs, one encrypted store:

* network: the simulator's pages read with the channel's adapter, no store;
* sync: ``SyncEngine.sync_once`` on a fresh channel, every page stored with its
  cursor and audit entry in one transaction (what a running console does);
* store: the same pages, already in memory, stored the way sync stores them (the
  unique check, each item filed into its conversation with the indexes of both, read
  against the threat phrases and listening rules, the cursor, the audit entry);
* bare: the same rows by ``executemany`` into a table with the same columns and no
  index or constraint, one transaction per page like the sync run.

The ratio store / bare is what the inbox's guarantees cost in the store.

Each timed store run (sync, store, bare) starts on an empty write-ahead log and ends
with a checkpoint of it, inside its time: each pays for moving its own pages into the
store's file. Without that, SQLite's automatic checkpoint (every 8,000 pages) fell
inside whichever run crossed the mark, and the ratio moved with where it fell (one
tree's store part paid for the sync run's pages, another's bare INSERT for the store
part's).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from console import channel_admin
from console import users as user_admin
from console.adapters import ChannelAdapters
from console.channels.base import InboxPage, NeedsReconnect
from console.channels.simulator import SimulatorAdapter
from console.session import SignInThrottle, sign_in
from console.simulator import SimulatorServer
from console.sync import SyncEngine, SyncPolicy
from storage import inbox
from storage.keyslots import KdfParams
from storage.lifecycle import create_store
from storage.records import Role
from storage.store import Store, Transaction

PASSWORD = "benchmark password"
BARE = """CREATE TABLE bench_bare (channel_id INTEGER, remote_id TEXT, kind TEXT,
    author_handle TEXT, author_name TEXT, text TEXT, created_utc TEXT, url TEXT,
    conversation_id TEXT, in_reply_to TEXT, raw TEXT, received_utc TEXT) STRICT"""


async def checkpoint(store: Store) -> None:
    """Move the write-ahead log into the store's file (the next write starts it again)."""
    busy = await store.run(lambda db: db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()[0])
    assert busy == 0, "a reader kept the checkpoint from finishing"


async def main(count: int) -> None:
    simulator = SimulatorServer().start()
    for account in ("fetch", "sync", "store"):
        simulator.inject_many(account, count, text="Is the road by the school open yet? {n}")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.cordon"
        store = await create_store(path, user="alice", password=PASSWORD, kdf=KdfParams(1, 64))
        await store.close()
        session = await sign_in(path, "alice", PASSWORD, via="bench", throttle=SignInThrottle())
        await user_admin.set_roles(
            session, "alice", [Role.ADMINISTRATOR, Role.DUTY_OFFICER], reason="b"
        )
        ids = {}
        for account in ("fetch", "sync", "store"):
            added = await channel_admin.add_channel(
                session, name=account, network="simulator", account=account
            )
            ids[account] = added.id
        shared = SimulatorAdapter(simulator.url)
        adapters = ChannelAdapters(session.store, simulator=shared)
        engine = SyncEngine(session.store, adapters, policy=SyncPolicy(pages_per_pass=10_000))

        # The network alone.
        reader = await adapters.network_adapter(ids["fetch"])
        assert not isinstance(reader, NeedsReconnect)
        pages: list[InboxPage] = []
        cursor: str | None = None
        started = time.perf_counter()
        while True:
            page = await reader.fetch_inbox(cursor)
            assert isinstance(page, InboxPage)
            if not page.items:
                break
            pages.append(page)
            cursor = page.cursor
        network = time.perf_counter() - started

        # What a running console does.
        await checkpoint(session.store)
        started = time.perf_counter()
        await engine.sync_once(ids["sync"])
        await checkpoint(session.store)
        synced = time.perf_counter() - started
        assert await session.store.run(lambda db: inbox.count(db, ids["sync"])) == count

        # The store's part alone: the same pages, stored as sync stores them.
        started, cpu = time.perf_counter(), time.process_time()
        for page in pages:
            await engine._store_page(ids["store"], page)
        await checkpoint(session.store)
        stored, stored_cpu = time.perf_counter() - started, time.process_time() - cpu
        assert await session.store.run(lambda db: inbox.count(db, ids["store"])) == count

        # A bare INSERT of the same rows, one transaction per page.
        await session.store.write(lambda tx: tx.execute(BARE))
        received = "2026-01-01T00:00:00.000000Z"
        await checkpoint(session.store)
        started, cpu = time.perf_counter(), time.process_time()
        for page in pages:
            rows: list[tuple[object, ...]] = [
                (ids["store"], i.remote_id, i.kind, i.author_handle, i.author_name, i.text,
                 i.created_utc, i.url, i.conversation_id, i.in_reply_to, i.raw, received)
                for i in page.items
            ]  # fmt: skip

            def bare(tx: Transaction, rows: list[tuple[object, ...]] = rows) -> None:
                tx.db.executemany(f"INSERT INTO bench_bare VALUES ({','.join('?' * 12)})", rows)

            await session.store.write(bare)
        await checkpoint(session.store)
        bare_seconds, bare_cpu = time.perf_counter() - started, time.process_time() - cpu

        await adapters.aclose()
        await shared.aclose()
        await session.sign_out()
    simulator.stop()
    print(f"{count:,} items in {len(pages)} pages of up to 200")
    print(f"network alone:        {network:.3f} s ({count / network:,.0f} items/s)")
    print(f"sync (fetch + store): {synced:.3f} s ({count / synced:,.0f} items/s)")
    print(f"store part alone:     {stored:.3f} s ({count / stored:,.0f} items/s)")
    print(f"bare INSERT:          {bare_seconds:.3f} s ({count / bare_seconds:,.0f} items/s)")
    print(f"store / bare INSERT:  {stored / bare_seconds:.2f}x")
    # The process's CPU time (every thread: the store's and the event loop's) moves
    # less than wall time when other work shares the machine.
    print(f"CPU, store / bare:    {stored_cpu:.3f} s / {bare_cpu:.3f} s = "
          f"{stored_cpu / bare_cpu:.2f}x")  # fmt: skip


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=10_000)
    asyncio.run(main(parser.parse_args().items))
