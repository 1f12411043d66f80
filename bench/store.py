"""The encrypted store against plain SQLite, side by side, in one run.

    .venv/bin/python bench/store.py [--targets N] [--changes N] [--verify N]

Each workload runs on a SQLCipher store (Cordon's own ``connect``: raw 256-bit
key, WAL, synchronous=NORMAL) and on a plain SQLite file with the same schema
and pragmas, and the ratio is printed. Targets: encrypted at most 1.3x
plain; audit appends at least 5,000 entries a second; verifying 1,000,000
entries under 30 s. Run by hand; tests never time anything.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlcipher3

from storage import audit, schema
from storage.connection import PRAGMAS, connect
from storage.keyslots import KeyFile
from storage.records import AuditCategory, StoreKind
from storage.store import Store, Transaction

STORE_ID = "bench" * 6 + "00"
NOW = "2026-11-28T12:00:00.000000Z"


def plain(path: Path) -> Any:
    """The same SQLite engine (SQLCipher's build) with no key: an ordinary file.

    Using SQLCipher's own library for the baseline keeps the SQLite version the
    same on both sides, so the ratio is the cost of encryption and nothing else.
    """
    db = sqlcipher3.connect(str(path), isolation_level=None)
    for pragma in PRAGMAS:
        db.execute(f"PRAGMA {pragma}")
    return db


def encrypted(path: Path) -> Any:
    return connect(path, os.urandom(32))


def seed(db: Any) -> None:
    schema.migrate(db)
    db.execute("BEGIN")
    db.execute(
        "INSERT INTO users (name, display_name, created_utc) VALUES ('alice', 'Alice', ?)", (NOW,)
    )
    db.executemany(
        "INSERT INTO channels (name, network, account, created_utc) VALUES (?, 'simulator', ?, ?)",
        [(f"Channel {n}", f"@c{n}", NOW) for n in range(10)],
    )
    db.execute("COMMIT")


def insert_targets(db: Any, count: int) -> None:
    posts = count // 10
    db.execute("BEGIN")
    db.executemany(
        "INSERT INTO posts (id, author_id, body, created_utc, updated_utc) VALUES (?, 1, ?, ?, ?)",
        [
            (n + 1, f"Scheduled post number {n} about road safety week", NOW, NOW)
            for n in range(posts)
        ],
    )
    db.executemany(
        "INSERT INTO targets (post_id, channel_id, status, scheduled_utc, updated_utc)"
        " VALUES (?, ?, 'queued', ?, ?)",
        [
            (p + 1, c + 1, f"2026-12-{1 + p % 28:02d}T{p % 24:02d}:00:00.000000Z", NOW)
            for p in range(posts)
            for c in range(10)
        ],
    )
    db.execute("COMMIT")


def status_changes(db: Any, count: int, per_transaction: int = 1) -> None:
    """Status changes, each with its audit entry; ``per_transaction`` of them per
    commit (1 is how the services work today; more is what group commit would
    give under concurrent load)."""
    head = audit.head(db, STORE_ID)
    for first in range(0, count, per_transaction):
        db.execute("BEGIN IMMEDIATE")
        for n in range(first, min(first + per_transaction, count)):
            target = n % 100_000 + 1
            db.execute(
                "UPDATE targets SET status = 'held', updated_utc = ? WHERE id = ?", (NOW, target)
            )
            entry = audit.append(
                db,
                head,
                at_utc=NOW,
                actor="alice",
                action="target.hold",
                category=AuditCategory.ALTERATION,
                object_type="target",
                object_id=str(target),
                before={"status": "queued"},
                after={"status": "held"},
                justification="",
                recipient="",
            )
            head = audit.ChainHead(entry.seq, entry.hash)
        db.execute("COMMIT")


def audit_appends(db: Any, count: int) -> None:
    """Audit entries alone, each its own transaction: what appending costs without
    the state change each entry usually records."""
    head = audit.head(db, STORE_ID)
    for n in range(count):
        db.execute("BEGIN IMMEDIATE")
        entry = audit.append(
            db,
            head,
            at_utc=NOW,
            actor="alice",
            action="target.hold",
            category=AuditCategory.ALTERATION,
            object_type="target",
            object_id=str(n % 100_000 + 1),
            before={"status": "queued"},
            after={"status": "held"},
            justification="",
            recipient="",
        )
        head = audit.ChainHead(entry.seq, entry.hash)
        db.execute("COMMIT")


def queue_query(db: Any, repeats: int = 50) -> None:
    for page in range(repeats):
        db.execute(
            "SELECT t.id, t.status, t.scheduled_utc, c.name, p.body FROM targets t"
            " JOIN posts p ON p.id = t.post_id JOIN channels c ON c.id = t.channel_id"
            " WHERE t.status IN ('queued', 'held') ORDER BY t.scheduled_utc"
            " LIMIT 200 OFFSET ?",
            (page * 200,),
        ).fetchall()
        db.execute("SELECT status, count(*) FROM targets GROUP BY status").fetchall()


def bulk_audit(db: Any, count: int) -> None:
    head = audit.head(db, STORE_ID)
    db.execute("BEGIN")
    for n in range(count):
        entry = audit.append(
            db,
            head,
            at_utc=NOW,
            actor="alice",
            action="bench.entry",
            category=AuditCategory.SYSTEM,
            object_type="bench",
            object_id=str(n),
            before=None,
            after={"n": n},
            justification="",
            recipient="",
        )
        head = audit.ChainHead(entry.seq, entry.hash)
        if n % 50_000 == 49_999:
            db.execute("COMMIT")
            db.execute("BEGIN")
    db.execute("COMMIT")


def run_workloads(db: Any, targets: int, changes: int) -> dict[str, float]:
    def insert() -> None:
        insert_targets(db, targets)

    def change() -> None:
        status_changes(db, changes)

    def change_grouped() -> None:
        status_changes(db, changes, per_transaction=20)

    def query() -> None:
        queue_query(db)

    return {
        "insert": timed(f"insert {targets:,} targets (1 transaction)", insert),
        "changes": timed(f"{changes:,} status changes + audit entries", change),
        "grouped": timed(f"{changes:,} status changes, 20 per commit", change_grouped),
        "queue": timed("queue query (50 pages + counts)", query),
    }


class PlainStore(Store):
    """The real Store gateway over an unencrypted file, for the baseline only."""

    def _connect(self, data_key: bytes) -> None:
        self._db = plain(self.path)


def _change(target: int) -> Callable[[Transaction], None]:
    def write(tx: Transaction) -> None:
        tx.execute(
            "UPDATE targets SET status = 'held', updated_utc = ? WHERE id = ?", (NOW, target)
        )
        tx.audit(
            actor="alice",
            action="target.hold",
            category=AuditCategory.ALTERATION,
            object_type="target",
            object_id=target,
            before={"status": "queued"},
            after={"status": "held"},
        )

    return write


async def through_store(store_class: type[Store], path: Path, changes: int) -> dict[str, float]:
    keyfile = KeyFile(STORE_ID, StoreKind.LIVE, NOW, ())
    store = await store_class.open(path, keyfile, os.urandom(32))
    await store.run(lambda db: _seed_rows(db, changes))

    async def one_at_a_time() -> None:
        for n in range(changes):
            await store.write(_change(n % 100_000 + 1))

    async def fifty_in_flight() -> None:
        async def worker(first: int) -> None:
            for n in range(first, changes, 50):
                await store.write(_change(n % 100_000 + 1))

        await asyncio.gather(*(worker(w) for w in range(50)))

    result = {
        "store, awaited one by one": await atimed(
            f"{changes:,} store.write, one at a time", one_at_a_time
        ),
        "store, 50 in flight": await atimed(
            f"{changes:,} store.write, 50 in flight", fifty_in_flight
        ),
    }
    await store.close()
    return result


def _seed_rows(db: Any, targets: int) -> None:
    db.execute("BEGIN")
    db.execute(
        "INSERT INTO users (name, display_name, created_utc) VALUES ('alice', 'A', ?)", (NOW,)
    )
    db.execute(
        "INSERT INTO channels (name, network, account, created_utc)"
        " VALUES ('C', 'simulator', '@c', ?)",
        (NOW,),
    )
    db.execute("COMMIT")
    insert_targets_one_channel(db, min(targets, 100_000))


def insert_targets_one_channel(db: Any, count: int) -> None:
    db.execute("BEGIN")
    db.executemany(
        "INSERT INTO posts (id, author_id, body, created_utc, updated_utc)"
        " VALUES (?, 1, 'p', ?, ?)",
        [(n + 1, NOW, NOW) for n in range(count)],
    )
    db.executemany(
        "INSERT INTO targets (post_id, channel_id, status, scheduled_utc, updated_utc)"
        " VALUES (?, 1, 'queued', ?, ?)",
        [(n + 1, NOW, NOW) for n in range(count)],
    )
    db.execute("COMMIT")


async def atimed(label: str, work: Callable[[], Awaitable[None]]) -> float:
    started = time.perf_counter()
    await work()
    elapsed = time.perf_counter() - started
    print(f"  {label:<44} {elapsed:8.3f} s", flush=True)
    return elapsed


def timed(label: str, work: Callable[[], None]) -> float:
    started = time.perf_counter()
    work()
    elapsed = time.perf_counter() - started
    print(f"  {label:<44} {elapsed:8.3f} s", flush=True)
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--targets", type=int, default=100_000)
    parser.add_argument("--changes", type=int, default=100_000)
    parser.add_argument("--verify", type=int, default=1_000_000)
    args = parser.parse_args()
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as folder:
        for kind, opener in (("plain SQLite", plain), ("SQLCipher", encrypted)):
            print(f"{kind}:")
            db = opener(Path(folder) / f"{kind.split()[0].lower()}.db")
            seed(db)
            results[kind] = run_workloads(db, args.targets, args.changes)
            db.close()
        for kind, store_class in (("plain SQLite", PlainStore), ("SQLCipher", Store)):
            print(f"{kind}, through the Store gateway:")
            name = f"{kind.split()[0].lower()}-store.db"
            results[kind] |= asyncio.run(
                through_store(store_class, Path(folder) / name, args.changes)
            )
        print("\nencrypted / plain:")
        worst = 0.0
        for work in results["SQLCipher"]:
            ratio = results["SQLCipher"][work] / results["plain SQLite"][work]
            worst = max(worst, ratio)
            print(f"  {work:<28} {ratio:5.2f}x")
        rate = args.changes / results["SQLCipher"]["changes"]
        print(
            f"\naudit appends (one transaction each, encrypted): {rate:,.0f} entries/s"
            f"  [target >= 5,000]"
        )
        print(f"worst ratio: {worst:.2f}x  [target <= 1.30x]")

        print(f"\nverifying {args.verify:,} entries (encrypted):")
        db = encrypted(Path(folder) / "verify.db")
        schema.migrate(db)
        timed(f"append {args.verify:,} entries", lambda: bulk_audit(db, args.verify))
        seconds = timed("verify the whole chain", lambda: _verify(db, args.verify))
        db.close()
        print(f"verify: {seconds:.1f} s for {args.verify:,}  [target < 30 s]")
    return 0


def _verify(db: Any, expected: int) -> None:
    verdict = audit.verify(db, STORE_ID)
    assert verdict.ok, verdict
    assert verdict.count == expected, verdict


if __name__ == "__main__":
    sys.exit(main())
