"""The inbox's conversation queries at 100,000 items: what the window's lazy list
asks for, on one encrypted store.

    .venv/bin/python bench/inbox_workflow.py [--items N]

Items go in the way sync stores them (pages of 200, filed into conversations in
the same transaction): about a third start a conversation of their own, the rest
answer one, on three channels. Then each query the list runs is timed (median of
5) and its plan printed: all ids newest first; by state, channel, officer; a
keyword; a time range; one page of 100 rows; the counts per state; filing one more
page; an author's history; and a retention run that erases nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from console.channels.base import InboxItem
from storage import channels, conversations, retention
from storage.conversations import ConversationFilter, ConversationState
from storage.keyslots import KdfParams
from storage.lifecycle import create_store
from storage.store import Store, Transaction
from storage.timeutil import to_iso

PASSWORD = "benchmark password"
PAGE = 200
WORDS = ("road", "school", "open", "closed", "crash", "flood", "smoke", "noise", "park", "bus",
         "bridge", "lights")  # fmt: skip


def items_threaded(count: int, start: datetime, rng: random.Random) -> list[tuple[int, InboxItem]]:
    """``count`` items on channels 1-3, two in three answering an earlier thread (about
    three items a conversation), 30 s apart from ``start``; bench/inbox_window.py too."""
    made: list[tuple[int, InboxItem]] = []
    roots: dict[int, list[str]] = {1: [], 2: [], 3: []}
    for n in range(count):
        channel = 1 + n % 3
        remote = f"r{n}"
        answers = roots[channel] and rng.random() < 0.66
        root = rng.choice(roots[channel][-500:]) if answers else remote
        if not answers:
            roots[channel].append(remote)
        text = " ".join(rng.choice(WORDS) for _ in range(12)) + f" #{n}"
        made.append((channel, InboxItem(
            remote_id=remote, kind="reply" if answers else "mention",
            author_handle=f"resident{rng.randrange(5000)}", author_name="", text=text,
            created_utc=to_iso(start + timedelta(seconds=30 * n)),
            conversation_id=root, in_reply_to=root if answers else "",
        )))  # fmt: skip
    return made


async def _timed(store: Store, label: str, fn: Callable[[Any], Any]) -> Any:
    spent = []
    result: Any = None
    for _ in range(5):
        began = time.perf_counter()
        result = await store.run(fn)
        spent.append(time.perf_counter() - began)
    size = f"{len(result):>7}" if hasattr(result, "__len__") else " " * 7
    print(f"  {label:<38} {statistics.median(spent) * 1000:8.1f} ms  {size}")
    return result


def _plan(db: Any, flt: ConversationFilter) -> str:
    where, params = flt.where()
    sql = f"SELECT c.id FROM inbox_conversations c{where} ORDER BY c.latest_utc DESC, c.id DESC"
    return "; ".join(str(r[3]) for r in db.execute("EXPLAIN QUERY PLAN " + sql, params))


async def main(count: int) -> None:
    rng = random.Random(7)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    with tempfile.TemporaryDirectory() as folder:
        store = await create_store(
            Path(folder) / "bench.cordon", user="alice", password=PASSWORD, kdf=KdfParams(1, 64)
        )

        def setup(tx: Transaction) -> None:
            for name in ("North", "South", "East"):
                channels.insert(tx.db, name=name, network="simulator", account=name, area="",
                                now=tx.now())  # fmt: skip

        await store.write(setup)
        made = items_threaded(count, start, rng)
        began = time.perf_counter()
        for first in range(0, len(made), PAGE * 3):
            chunk = made[first : first + PAGE * 3]

            def page(tx: Transaction, chunk: list[tuple[int, InboxItem]] = chunk) -> None:
                for channel in (1, 2, 3):
                    items = [item for c, item in chunk if c == channel]
                    conversations.collect(tx.db, channel, items, tx.now())

            await store.write(page)
        print(f"stored and filed {count} items in {time.perf_counter() - began:.1f} s")

        def assign_some(tx: Transaction) -> None:
            tx.execute("UPDATE inbox_conversations SET state = 'closed' WHERE id % 3 = 0")
            tx.execute(
                "UPDATE inbox_conversations SET state = 'assigned', assignee_user_id = 1"
                " WHERE id % 7 = 1"
            )

        await store.write(assign_some)
        total = await store.run(
            lambda db: db.execute("SELECT count(*) FROM inbox_conversations").fetchone()[0]
        )
        print(f"{total} conversations\n")
        middle = to_iso(start + timedelta(seconds=15 * count))
        later = to_iso(start + timedelta(seconds=16 * count))
        filters = {
            "all, newest first": ConversationFilter(),
            "state new": ConversationFilter(states=(ConversationState.NEW,)),
            "channel South": ConversationFilter(channel_ids=(2,)),
            "officer 1": ConversationFilter(officer_id=1),
            "keyword 'crash flood'": ConversationFilter(keyword="crash flood"),
            "keyword '#99999' (rare)": ConversationFilter(keyword="#99999"),
            "time range": ConversationFilter(since_utc=middle, until_utc=later),
            "kind mention + state new": ConversationFilter(
                kind="mention", states=(ConversationState.NEW,)
            ),
        }
        ids: list[int] = []
        for label, flt in filters.items():
            found = await _timed(store, label, partial(conversations.matching, flt=flt))
            ids = ids or found
        await _timed(store, "rows: one page of 100", lambda db: conversations.rows(db, ids[:100]))
        await _timed(store, "counts per state", lambda db: conversations.counts_by_state(db))
        await _timed(
            store, "an author's history",
            lambda db: conversations.author_history(db, 1, "resident42", 50),
        )  # fmt: skip

        extra = items_threaded(PAGE, start + timedelta(days=400), random.Random(8))
        extra = [(c, InboxItem(**{**i.__dict__, "remote_id": "x" + i.remote_id})) for c, i in extra]
        began = time.perf_counter()
        await store.write(
            lambda tx: conversations.collect(tx.db, 1, [i for _, i in extra], tx.now())
        )
        print(f"  {'file one more page of 200':<38} {(time.perf_counter() - began) * 1000:8.1f} ms")
        runs = (
            ("retention run (erases nothing)", start - timedelta(days=1)),
            ("retention run (erases a third)", start + timedelta(seconds=10 * count)),
        )
        for label, cutoff in runs:

            def erase(tx: Transaction, cutoff: datetime = cutoff) -> retention.Erased:
                return retention.erase_before(tx.db, to_iso(cutoff))

            began = time.perf_counter()
            erased = await store.write(erase)
            print(f"  {label:<38} "
                  f"{(time.perf_counter() - began) * 1000:8.1f} ms  {erased.items:>7}")  # fmt: skip

        print("\nplans:")
        for label, flt in filters.items():
            print(f"  {label}: {await store.run(partial(_plan, flt=flt))}")
        await store.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000)
    asyncio.run(main(parser.parse_args().items))
