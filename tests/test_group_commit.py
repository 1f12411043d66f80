"""Writes waiting together are committed together, each in its own savepoint."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from console import audit_trail
from storage import audit
from storage.errors import DiskFull
from storage.records import AuditCategory
from storage.store import Transaction
from tests.helpers import add_entries, make_store

pytestmark = pytest.mark.asyncio


def _note(number: int, fail: bool = False):  # type: ignore[no-untyped-def]
    def write(tx: Transaction) -> int:
        tx.execute(
            "INSERT INTO channels (name, network, account, created_utc)"
            " VALUES (?, 'simulator', '@x', ?)",
            (f"channel {number}", tx.now()),
        )
        entry = tx.audit(
            actor="alice",
            action="channel.add",
            category=AuditCategory.COLLECTION,
            object_type="channel",
            object_id=number,
        )
        if fail:
            raise ValueError(f"write {number} changed its mind")
        return entry.seq

    return write


async def test_concurrent_writes_share_commits_and_each_gets_its_result(
    tmp_path: Path, store_where: Path | str
) -> None:
    store = await make_store(store_where)
    statements: list[str] = []
    if not store.team:  # SQLite says which statements it ran
        await store.run(lambda db: db.set_trace_callback(statements.append))
    seqs = await asyncio.gather(*(store.write(_note(n)) for n in range(300)))
    assert sorted(seqs) == list(range(3, 303))  # after store.create and user.add
    if not store.team:
        await store.run(lambda db: db.set_trace_callback(None))
        commits = [s for s in statements if s.strip().upper() == "COMMIT"]
        assert len(commits) < 300 // 4  # grouped, not one commit each
    verdict = await audit_trail.verify(store)
    assert verdict is not None and verdict.ok and verdict.count == 302
    await store.close()


async def test_a_failing_write_rolls_back_alone(tmp_path: Path, store_where: Path | str) -> None:
    store = await make_store(store_where)
    results = await asyncio.gather(
        *(store.write(_note(n, fail=(n == 7))) for n in range(20)), return_exceptions=True
    )
    failures = [r for r in results if isinstance(r, BaseException)]
    assert len(failures) == 1 and str(failures[0]) == "write 7 changed its mind"
    names = await store.run(lambda db: [r[0] for r in db.execute("SELECT name FROM channels")])
    assert "channel 7" not in names and len(names) == 19
    entries = await store.run(lambda db: list(audit.iter_entries(db)))
    assert [e.seq for e in entries] == list(range(1, 22))  # no gap where 7 was
    verdict = await audit_trail.verify(store)
    assert verdict is not None and verdict.ok
    await store.close()


async def test_a_read_submitted_after_writes_sees_them(
    tmp_path: Path, store_where: Path | str
) -> None:
    store = await make_store(store_where)
    writes = [asyncio.ensure_future(store.write(_note(n))) for n in range(50)]
    await asyncio.sleep(0)  # all fifty are queued before the read
    count = await store.run(lambda db: db.execute("SELECT count(*) FROM channels").fetchone()[0])
    await asyncio.gather(*writes)
    assert count == 50
    await store.close()


async def test_a_full_disk_fails_the_whole_group_and_loses_nothing(
    tmp_path: Path,
) -> None:
    store = await make_store(tmp_path / "s.cordon")  # a file's own disk
    await add_entries(store, 5)
    pages = await store.run(lambda db: db.execute("PRAGMA page_count").fetchone()[0])
    await store.run(lambda db: db.execute(f"PRAGMA max_page_count = {pages + 1}"))
    big = "x" * 3000

    def bulky(n: int):  # type: ignore[no-untyped-def]
        def write(tx: Transaction) -> None:
            for _ in range(20):
                tx.audit(
                    actor="alice",
                    action="test.bulky",
                    category=AuditCategory.SYSTEM,
                    object_type="x",
                    object_id=n,
                    after={"text": big},
                )

        return write

    results = await asyncio.gather(
        *(store.write(bulky(n)) for n in range(10)), return_exceptions=True
    )
    assert all(isinstance(r, DiskFull) for r in results)
    await store.run(lambda db: db.execute("PRAGMA max_page_count = 1073741823"))
    assert await store.run(audit.count) == 7
    await add_entries(store, 1)
    verdict = await audit_trail.verify(store)
    assert verdict is not None and verdict.ok and verdict.count == 8
    await store.close()


async def test_closing_finishes_the_writes_already_submitted(
    tmp_path: Path, store_where: Path | str
) -> None:
    store = await make_store(store_where)
    writes = [asyncio.ensure_future(store.write(_note(n))) for n in range(30)]
    await asyncio.sleep(0)
    await store.close()
    assert all(w.done() and not w.exception() for w in writes)


async def test_two_connections_on_one_store_keep_one_chain(
    tmp_path: Path, store_where: Path | str
) -> None:
    """A CLI backup beside the open window: both append, the chain stays whole."""
    from storage.lifecycle import open_store
    from tests.helpers import PASSWORD

    path = store_where
    await (await make_store(path)).close()
    window, _ = await open_store(path, "alice", PASSWORD)
    command_line, _ = await open_store(path, "alice", PASSWORD)
    for round_number in range(5):
        await add_entries(window, 3)
        await add_entries(command_line, 2)
        await window.write(_note(round_number))
    verdict = await audit_trail.verify(window)
    await command_line.close()
    await window.close()
    assert verdict is not None and verdict.ok and verdict.count == 2 + 5 * 6
