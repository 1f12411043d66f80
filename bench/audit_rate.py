"""Audit appends a second on a raw encrypted connection, and verifying 1,000,000
entries, optionally against an older checkout in the same run.

    .venv/bin/python bench/audit_rate.py [--changes N] [--verify N] [--rounds N] [--before TREE]

Each round starts a fresh interpreter per tree (``--before``: a ``git archive`` of the
older commit) and runs ``bench/store.py``'s own workloads from that tree: ``--changes``
status changes, each its own transaction with its audit entry, on a SQLCipher
connection over 100,000 targets (target: at least 5,000 a second), then ``--verify``
entries appended in bulk and the whole chain verified (target: under 10 s). The trees
alternate round by round, so both share the machine's load; medians are printed.

Beside the target's figure each round prints the same changes on plain SQLite (the
same schema and pragmas, no key: what this machine gives without encryption today) and
audit entries appended alone, each its own transaction, with no state change.

The appends target is not met on a raw connection (about 3,400 a second on this
machine under load), and nothing safe is left to gain there: the store already runs
WAL with ``synchronous = NORMAL`` (a killed process loses nothing committed; only a
power cut can lose the last transactions), so a commit waits for no disk flush, and
what each one-change commit pays is SQLCipher encrypting and authenticating the six
or so pages it dirties, which no pragma that keeps the file's format and each
change's commit with its audit entry takes away (``synchronous = OFF`` would lose
committed changes to a crash of the machine; smaller pages and HMAC-SHA256 were
measured and declined, docs/benchmarks.md). Writes that come together through the
store's writer are already committed together (group commit: each in its own
savepoint, the pages encrypted once), which is how the console reaches well over
5,000 entries a second (``bench/store.py``).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = """
import json, sys, tempfile, time
from pathlib import Path
sys.path.insert(0, {root!r})
import bench.store as bench_store
from bench.store import STORE_ID, bulk_audit, encrypted, insert_targets, plain, seed, status_changes
from storage import audit, schema

def timed(opener, name, work):
    db = opener(Path(folder) / name)
    seed(db)
    insert_targets(db, 100_000)
    began = time.perf_counter()
    work(db, {changes})
    seconds = time.perf_counter() - began
    db.close()
    return {changes} / seconds

extra = {{}}
with tempfile.TemporaryDirectory() as folder:
    rate = timed(encrypted, "changes.db", status_changes)
    if hasattr(bench_store, "audit_appends"):
        extra["alone"] = timed(encrypted, "alone.db", bench_store.audit_appends)
    extra["plain"] = timed(plain, "plain.db", status_changes)
    db = encrypted(Path(folder) / "verify.db")
    schema.migrate(db)
    bulk_audit(db, {verify})
    began = time.perf_counter()
    verdict = audit.verify(db, STORE_ID)
    verify = time.perf_counter() - began
    assert verdict.ok and verdict.count == {verify}, verdict
    db.close()
print(json.dumps({{"rate": rate, "verify": verify, **extra}}))
"""


def one(tree: Path, changes: int, verify: int) -> dict[str, float]:
    code = CHILD.format(root=str(tree), changes=changes, verify=verify)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    figures: dict[str, float] = json.loads(done.stdout.splitlines()[-1])
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--changes", type=int, default=20_000)
    parser.add_argument("--verify", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--before", type=Path)
    args = parser.parse_args()
    trees = {"this tree": ROOT}
    if args.before is not None:
        trees = {"before": args.before.resolve(), "this tree": ROOT}
    results: dict[str, list[dict[str, float]]] = {name: [] for name in trees}
    for round_ in range(args.rounds):
        for name, tree in trees.items():
            figures = one(tree, args.changes, args.verify)
            results[name].append(figures)
            print(f"  round {round_ + 1}, {name}: {describe(figures)}", flush=True)
    print(f"medians of {args.rounds} rounds  [appends >= 5,000/s, verify of "
          f"{args.verify:,} < 10 s]")  # fmt: skip
    for name, runs in results.items():
        medians = {key: statistics.median(r[key] for r in runs if key in r) for key in runs[0]}
        print(f"  {name:<10} {describe(medians)}")
    return 0


def describe(figures: dict[str, float]) -> str:
    """The target's figure first, then what sets it in context: the same changes on
    plain SQLite (the floor the machine gives today) and entries with no change."""
    words = f"{figures['rate']:,.0f} appends/s, verify {figures['verify']:.2f} s"
    if "plain" in figures:
        words += f"; plain SQLite {figures['plain']:,.0f}/s"
    if "alone" in figures:
        words += f"; entries alone {figures['alone']:,.0f}/s"
    return words


if __name__ == "__main__":
    sys.exit(main())
