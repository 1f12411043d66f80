"""Evidence, measured side by side in one run.

    .venv/bin/python bench/evidence.py [--targets 100000] [--entries 1000000] [--import 50000]

1. **The state check** (``storage.state.check``: every tracked row against what the
   audit trail says it became, the recorded digests against their entries, the
   triggers) on a store of ``--targets`` targets whose trail holds ``--entries``
   entries, beside the chain walk of the same store (``audit.verify``). Target:
   the state check under 60 s.
2. **Recording the states**: moving ``--targets`` targets to held (one UPDATE and
   its entry, through ``store.write``), which records a digest per row, against the
   same UPDATE on a store that records none (the ratio is the cost of recording).
3. **Engaging behind a bulk import**: ``hold_now`` committed while a
   ``--import``-row calendar import runs on the same store, against ``hold_now`` on
   an idle store (target: the hold's own 20 ms, whatever the import).
4. **The standalone verifier** (``storage/verify_cordon.py``) on a JSONL export of the
   trail, against the chain walk inside Cordon (target: 1,000,000 entries under 30 s).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.incident_mode import fill_queue
from console import audit_trail, calendar_import
from console.session import Session, SignInThrottle, sign_in
from incident import engage
from storage import audit, state, users
from storage.keyslots import KdfParams
from storage.lifecycle import create_store
from storage.records import AuditCategory
from storage.store import Store, Transaction

PASSWORD = "benchmark password"
ROOT = Path(__file__).resolve().parent.parent


def seconds(value: float) -> str:
    return f"{value:7.2f} s"


async def session_at(path: Path) -> Session:
    await (await create_store(path, user="alice", password=PASSWORD, kdf=KdfParams(1, 64))).close()
    session = await sign_in(path, "alice", PASSWORD, via="bench", throttle=SignInThrottle())
    await session.store.write(
        lambda tx: tx.execute("INSERT INTO user_roles VALUES (1, 'duty_officer')")
    )
    refreshed = await session.store.run(lambda db: users.by_name(db, "alice"))
    assert refreshed is not None
    session.user = refreshed
    return session


def fill_targets(count: int):  # type: ignore[no-untyped-def]
    def fill(tx: Transaction) -> None:
        fill_queue(tx, targets=count)
        tx.audit(actor="alice", action="bench.fill", category=AuditCategory.COLLECTION,
                 object_type="store", object_id="bench", after={"targets": count})  # fmt: skip

    return fill


async def pad_trail(store: Store, total: int) -> None:
    """Entries until the trail holds ``total``: 50,000 per transaction."""
    while (have := await store.run(audit.count)) < total:
        batch = min(50_000, total - have)

        def write(tx: Transaction, batch: int = batch) -> None:
            for n in range(batch):
                tx.audit(actor="alice", action="bench.note", category=AuditCategory.ALTERATION,
                         object_type="note", object_id=n, after={"n": n})  # fmt: skip

        await store.write(write)


async def state_check(folder: Path, targets: int, entries: int) -> Path:
    session = await session_at(folder / "big.cordon")
    store = session.store
    await store.write(fill_targets(targets))
    await pad_trail(store, entries)
    started = time.perf_counter()
    verdict = await store.run(lambda db: audit.verify(db, store.store_id))
    chain = time.perf_counter() - started
    expected = state.expected_triggers()
    started = time.perf_counter()
    found = await store.run(lambda db: state.check(db, expected))
    check = time.perf_counter() - started
    assert verdict.ok, verdict
    assert found.ok, found
    print(f"trail of {verdict.count:,} entries, {found.rows:,} tracked rows")
    print(f"chain walk (audit verify):            {seconds(chain)}")
    print(f"state check (rows, digests, triggers): {seconds(check)}   "
          f"({check / chain:.2f}x the chain walk; target under 60 s: "
          f"{'met' if check < 60 else 'NOT met'})")  # fmt: skip
    out = folder / "trail.jsonl"
    await audit_trail.export(store, out, actor="alice", reason="bench", recipient="bench")
    await session.sign_out()
    return out


async def recording(folder: Path, targets: int) -> None:
    results = {}
    for label, tracks in (("recorded", True), ("not recorded", False)):
        session = await session_at(folder / f"move-{label.replace(' ', '-')}.cordon")
        store = session.store
        await store.write(fill_targets(targets))
        store.tracks_state = tracks
        started = time.perf_counter()
        await store.write(
            lambda tx: (
                tx.execute("UPDATE targets SET status = 'held' WHERE status = 'queued'"),
                tx.audit(
                    actor="alice",
                    action="bench.hold",
                    category=AuditCategory.ALTERATION,
                    object_type="incident",
                    object_id=1,
                ),
            )
        )
        results[label] = time.perf_counter() - started
        store.tracks_state = True
        await session.sign_out()
    ratio = results["recorded"] / results["not recorded"]
    print(f"{targets:,} targets to held, states recorded: {seconds(results['recorded'])}")
    print(f"the same, recording nothing:          {seconds(results['not recorded'])}   "
          f"({ratio:.2f}x)")  # fmt: skip


async def engage_behind_import(folder: Path, rows: int) -> None:
    idle = await session_at(folder / "idle.cordon")
    await idle.store.write(fill_targets(10))
    started = time.perf_counter()
    await engage.hold_now(idle)
    alone = time.perf_counter() - started
    await idle.sign_out()

    busy = await session_at(folder / "busy.cordon")
    await busy.store.write(fill_targets(10))
    csv_path = folder / "calendar.csv"
    start = datetime(2031, 1, 1)
    csv_path.write_text(
        "time,channels,text\n"
        + "".join(
            f"{(start + timedelta(minutes=n)).strftime('%Y-%m-%d %H:%M')},Channel {n % 20},"
            f"Imported post number {n}\n"
            for n in range(rows)
        ),
        encoding="utf-8",
    )
    plan = await calendar_import.check(busy, csv_path)
    importing = asyncio.create_task(calendar_import.apply(busy, plan))
    while (
        await busy.store.run(lambda db: db.execute("SELECT count(*) FROM posts").fetchone()[0])
        < 10 + rows // 4
    ) and not importing.done():
        await asyncio.sleep(0.05)
    started = time.perf_counter()
    await engage.hold_now(busy)
    behind = time.perf_counter() - started
    done_when_held = not importing.done()
    imported = await importing
    await busy.sign_out()
    print(f"hold on an idle store:                {alone * 1000:7.1f} ms")
    print(f"hold while a {rows:,}-row import runs: {behind * 1000:7.1f} ms   "
          f"({behind / alone:.1f}x; import still running when held: {done_when_held}; "
          f"{imported:,} imported)")  # fmt: skip


def verifier(export: Path) -> None:
    tool = ROOT / "storage" / "verify_cordon.py"
    if not tool.exists():
        print("standalone verifier: storage/verify_cordon.py is missing")
        return
    started = time.perf_counter()
    done = subprocess.run([sys.executable, str(tool), str(export)], capture_output=True,
                          text=True, check=False)  # fmt: skip
    took = time.perf_counter() - started
    lines = export.read_text(encoding="utf-8").count("\n")
    print(
        f"standalone verifier, {lines:,} lines:  {seconds(took)}   "
        f"(exit {done.returncode}; target under 30 s: {'met' if took < 30 else 'NOT met'})"
    )


async def main(targets: int, entries: int, rows: int) -> None:
    with tempfile.TemporaryDirectory(prefix="cordon-bench-") as name:
        folder = Path(name)
        os.environ["CORDON_HOME"] = str(folder / "home")
        export = await state_check(folder, targets, entries)
        await recording(folder, targets)
        await engage_behind_import(folder, rows)
        verifier(export)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--targets", type=int, default=100_000)
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--import", dest="rows", type=int, default=50_000)
    args = parser.parse_args()
    asyncio.run(main(args.targets, args.entries, args.rows))
