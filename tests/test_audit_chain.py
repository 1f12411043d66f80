"""The audit trail: one entry with every change, hash-chained, and tamper-evident.

The tampering tests open the store with its real key (as an insider would),
drop the triggers that refuse changes, alter the log, and show that verify names
the first entry that is not as it was written.
"""

from __future__ import annotations

import csv
import itertools
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from console import audit_trail
from storage import audit
from storage.audit import AuditFilter, ChainHead, entry_hash
from storage.errors import AuditRefused, DiskFull, StoreError
from storage.records import AuditCategory, Checkpoint
from storage.store import Store, Transaction
from tests.helpers import add_entries, make_store, tamperable

pytestmark = pytest.mark.asyncio


async def _store_with(where: Path | str, entries: int = 20) -> tuple[Path | str, Store]:
    path = where
    store = await make_store(path)  # entries 1-2: store.create, user.add
    await add_entries(store, entries - 2)
    return path, store


async def _verdict(path: Path | str, checkpoint: Checkpoint | None = None) -> audit.Verdict:
    from storage.lifecycle import open_store
    from tests.helpers import PASSWORD

    store, _ = await open_store(path, "alice", PASSWORD)
    try:
        verdict = await audit_trail.verify(store, checkpoint)
    finally:
        await store.close()
    assert verdict is not None
    return verdict


async def test_an_untouched_chain_verifies_and_reports_its_head(
    tmp_path: Path, store_where: Path | str
) -> None:
    path, store = await _store_with(store_where, 20)
    head = await store.run(lambda db: audit.head(db, store.store_id))
    await store.close()
    verdict = await _verdict(path)
    assert verdict.ok
    assert verdict.count == 20
    assert verdict.head == head


async def test_each_entry_hash_covers_the_previous_hash_and_the_entry(
    tmp_path: Path, store_where: Path | str
) -> None:
    _path, store = await _store_with(store_where, 3)
    entries = await store.run(lambda db: list(audit.iter_entries(db)))
    await store.close()
    assert entries[0].prev_hash == audit.genesis_hash(store.store_id)
    for earlier, later in itertools.pairwise(entries):
        assert later.prev_hash == earlier.hash
    first = entries[0]
    fields = (
        first.at_utc,
        first.actor,
        first.action,
        first.category.value,
        first.object_type,
        first.object_id,
        first.before,
        first.after,
        first.justification,
        first.recipient,
    )
    assert entry_hash(first.prev_hash, fields) == first.hash


async def test_altered_entry_is_named(tmp_path: Path, store_where: Path | str) -> None:
    path, store = await _store_with(store_where)
    await store.close()
    with tamperable(path) as db:
        db.execute("UPDATE audit_log SET actor = 'mallory' WHERE seq = 7")
    verdict = await _verdict(path)
    assert verdict.problem is not None
    assert (verdict.problem.seq, verdict.problem.kind) == (7, "altered")
    assert "Entry #7 was altered" in verdict.problem.sentence


async def test_altered_hash_column_is_named(tmp_path: Path, store_where: Path | str) -> None:
    path, store = await _store_with(store_where)
    await store.close()
    with tamperable(path) as db:
        # Two other hex digits in front (a hash that began '00' was left as it was).
        db.execute(
            "UPDATE audit_log SET hash = CASE WHEN substr(hash, 1, 2) = '00' THEN 'ff'"
            " ELSE '00' END || substr(hash, 3) WHERE seq = 12"
        )
    verdict = await _verdict(path)
    assert verdict.problem is not None
    assert (verdict.problem.seq, verdict.problem.kind) == (12, "altered")


async def test_altered_and_rehashed_entry_is_named(tmp_path: Path, store_where: Path | str) -> None:
    path, store = await _store_with(store_where)
    await store.close()
    with tamperable(path) as db:
        row = db.execute(
            "SELECT at_utc, actor, action, category, object_type, object_id, before, after,"
            " justification, recipient, prev_hash FROM audit_log WHERE seq = 9"
        ).fetchone()
        forged = (row[0], "mallory", *row[2:10])
        db.execute(
            "UPDATE audit_log SET actor = 'mallory', hash = ? WHERE seq = 9",
            (entry_hash(row[10], forged),),
        )
    verdict = await _verdict(path)
    assert verdict.problem is not None
    assert verdict.problem.seq == 9
    assert "Entry #9 was altered and re-hashed" in verdict.problem.sentence


async def test_deleted_entry_is_named(tmp_path: Path, store_where: Path | str) -> None:
    path, store = await _store_with(store_where)
    await store.close()
    with tamperable(path) as db:
        db.execute("DELETE FROM audit_log WHERE seq = 5")
    verdict = await _verdict(path)
    assert verdict.problem is not None
    assert (verdict.problem.seq, verdict.problem.kind) == (5, "deleted")
    assert verdict.problem.sentence == "Entry #5 was deleted: the log jumps to #6."


async def test_several_deleted_entries_are_named_as_a_range(
    tmp_path: Path, store_where: Path | str
) -> None:
    path, store = await _store_with(store_where)
    await store.close()
    with tamperable(path) as db:
        db.execute("DELETE FROM audit_log WHERE seq BETWEEN 10 AND 13")
    verdict = await _verdict(path)
    assert verdict.problem is not None
    assert verdict.problem.sentence == "Entry #10 to #13 was deleted: the log jumps to #14."


async def test_deleted_first_entry_is_named(tmp_path: Path, store_where: Path | str) -> None:
    path, store = await _store_with(store_where)
    await store.close()
    with tamperable(path) as db:
        db.execute("DELETE FROM audit_log WHERE seq = 1")
    verdict = await _verdict(path)
    assert verdict.problem is not None
    assert (verdict.problem.seq, verdict.problem.kind) == (1, "deleted")


async def test_deleted_and_renumbered_entries_are_caught(
    tmp_path: Path, store_where: Path | str
) -> None:
    path, store = await _store_with(store_where)
    await store.close()
    with tamperable(path) as db:
        db.execute("DELETE FROM audit_log WHERE seq = 8")
        db.execute("UPDATE audit_log SET seq = seq - 1 WHERE seq > 8")
    verdict = await _verdict(path)
    assert verdict.problem is not None
    assert verdict.problem.seq == 7
    assert "entry #8 no longer follows it" in verdict.problem.sentence


async def test_reordered_entries_are_named(tmp_path: Path, store_where: Path | str) -> None:
    path, store = await _store_with(store_where)
    await store.close()
    with tamperable(path) as db:  # entries 5 and 6 change places
        db.execute("UPDATE audit_log SET seq = -5 WHERE seq = 5")
        db.execute("UPDATE audit_log SET seq = 5 WHERE seq = 6")
        db.execute("UPDATE audit_log SET seq = 6 WHERE seq = -5")
    verdict = await _verdict(path)
    assert verdict.problem is not None
    assert (verdict.problem.seq, verdict.problem.kind) == (5, "reordered")
    assert verdict.problem.sentence == "Entry #5 is out of order: it was written after entry #6."


async def test_truncation_is_caught_against_a_checkpoint(
    tmp_path: Path, store_where: Path | str
) -> None:
    path, store = await _store_with(store_where)
    checkpoint = await audit_trail.current_checkpoint(store)
    await store.close()
    assert checkpoint.seq == 20
    with tamperable(path) as db:
        db.execute("DELETE FROM audit_log WHERE seq > 16")
    # Without the checkpoint, a cut at the end cannot be seen; with it, it can.
    assert (await _verdict(path)).ok
    verdict = await _verdict(path, checkpoint)
    assert verdict.problem is not None
    assert (verdict.problem.seq, verdict.problem.kind) == (17, "truncated")
    assert verdict.problem.sentence == (
        "The log was cut short: the checkpoint names entry #20 but the log ends at #16."
    )


async def test_a_rewritten_history_is_caught_against_a_checkpoint(
    tmp_path: Path, store_where: Path | str
) -> None:
    path, store = await _store_with(store_where)
    checkpoint = await audit_trail.current_checkpoint(store)
    await store.close()
    # An insider with the key rewrites entry 4 and re-hashes the whole chain after it.
    with tamperable(path) as db:
        rows = db.execute(
            "SELECT seq, at_utc, actor, action, category, object_type, object_id, before,"
            " after, justification, recipient, prev_hash FROM audit_log ORDER BY seq"
        ).fetchall()
        prev = rows[0][11]
        for row in rows:
            fields = list(row[1:11])
            if row[0] == 4:
                fields[1] = "mallory"
            digest = entry_hash(prev, tuple(fields))
            db.execute(
                "UPDATE audit_log SET actor = ?, prev_hash = ?, hash = ? WHERE seq = ?",
                (fields[1], prev, digest, row[0]),
            )
            prev = digest
    assert (await _verdict(path)).ok  # a consistent forgery: only a checkpoint shows it
    verdict = await _verdict(path, checkpoint)
    assert verdict.problem is not None
    assert (verdict.problem.seq, verdict.problem.kind) == (20, "rewritten")


async def test_checkpoint_from_another_store_is_refused(
    tmp_path: Path, store_where: Path | str
) -> None:
    path, store = await _store_with(store_where)
    await store.close()
    other = Checkpoint(store_id="0" * 32, seq=1, hash="a" * 64, at_utc="x")
    with pytest.raises(StoreError, match="different store"):
        await _verdict(path, other)


def _executes(statement: str) -> Callable[[Transaction], object]:
    def run(tx: Transaction) -> object:
        return tx.execute(statement)

    return run


async def test_schema_triggers_refuse_to_change_or_delete_audit_rows(
    tmp_path: Path, store_where: Path | str
) -> None:
    path, store = await _store_with(store_where, 5)
    for statement in (
        "UPDATE audit_log SET actor = 'x' WHERE seq = 1",
        "DELETE FROM audit_log WHERE seq = 5",
    ):
        with pytest.raises(AuditRefused, match="audit entries cannot be"):
            await store.write(_executes(statement))
    assert await store.run(audit.count) == 5
    await store.close()
    assert (await _verdict(path)).ok


async def test_a_failed_change_leaves_neither_the_change_nor_its_audit_entry(
    tmp_path: Path, store_where: Path | str
) -> None:
    path, store = await _store_with(store_where, 5)

    def half_done(tx: Transaction) -> None:
        tx.execute(
            "INSERT INTO channels (name, network, account, created_utc)"
            " VALUES ('A', 'simulator', '@a', ?)",
            (tx.now(),),
        )
        tx.audit(
            actor="alice",
            action="channel.add",
            category=AuditCategory.COLLECTION,
            object_type="channel",
            object_id=1,
        )
        raise RuntimeError("the network vanished mid-change")

    with pytest.raises(RuntimeError):
        await store.write(half_done)
    assert (
        await store.run(lambda db: db.execute("SELECT count(*) FROM channels").fetchone()[0]) == 0
    )
    assert await store.run(audit.count) == 5
    # The chain carries on from the last committed entry, not the rolled-back one.
    await add_entries(store, 2)
    await store.close()
    verdict = await _verdict(path)
    assert verdict.ok and verdict.count == 7


async def test_consultation_and_disclosure_must_say_why_and_to_whom(
    tmp_path: Path, store_where: Path | str
) -> None:
    _path, store = await _store_with(store_where, 3)
    with pytest.raises(StoreError, match="must say why"):
        await store.write(
            lambda tx: tx.audit(
                actor="alice",
                action="report.view",
                category=AuditCategory.CONSULTATION,
                object_type="report",
                object_id=1,
            )
        )
    with pytest.raises(StoreError, match="to whom"):
        await store.write(
            lambda tx: tx.audit(
                actor="alice",
                action="report.export",
                category=AuditCategory.DISCLOSURE,
                object_type="report",
                object_id=1,
                justification="court order",
            )
        )
    assert await store.run(audit.count) == 3
    await store.close()


async def test_a_full_disk_loses_nothing_and_says_so(tmp_path: Path) -> None:
    path, store = await _store_with(tmp_path / "audit.cordon", 10)  # a file's own disk
    pages = await store.run(lambda db: db.execute("PRAGMA page_count").fetchone()[0])
    await store.run(lambda db: db.execute(f"PRAGMA max_page_count = {pages + 1}"))
    with pytest.raises(DiskFull, match="is full: the change was not saved and nothing was lost"):
        await add_entries(store, 500, text="x" * 500)
    await store.run(lambda db: db.execute("PRAGMA max_page_count = 1073741823"))
    assert await store.run(audit.count) == 10
    await add_entries(store, 1)
    await store.close()
    verdict = await _verdict(path)
    assert verdict.ok and verdict.count == 11


async def test_export_is_a_recorded_disclosure_with_its_checkpoint(
    tmp_path: Path, store_where: Path | str
) -> None:
    path, store = await _store_with(store_where, 6)
    out = tmp_path / "trail.csv"
    written, checkpoint = await audit_trail.export(
        store, out, actor="alice", reason="SAR-2026-114", recipient="Information Unit"
    )
    assert written == 7  # the six, plus the export's own disclosure entry
    rows = list(csv.DictReader(out.read_text(encoding="utf-8").splitlines()))
    assert [int(r["seq"]) for r in rows] == list(range(1, 8))
    last = rows[-1]
    assert (last["action"], last["category"]) == ("audit.export", "disclosure")
    assert (last["justification"], last["recipient"]) == ("SAR-2026-114", "Information Unit")
    assert last["hash"] == checkpoint.hash
    saved = audit.read_checkpoint(audit.checkpoint_path_for(out))
    assert saved == checkpoint
    await store.close()
    assert (await _verdict(path, saved)).ok


async def test_jsonl_export_round_trips_every_field(
    tmp_path: Path, store_where: Path | str
) -> None:
    _path, store = await _store_with(store_where, 4)
    out = tmp_path / "trail.jsonl"
    await audit_trail.export(store, out, actor="alice", reason="r", recipient="to")
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    entries = await store.run(lambda db: list(audit.iter_entries(db)))
    assert [r["hash"] for r in records] == [e.hash for e in entries]
    assert set(records[0]) == set(audit.COLUMNS)
    await store.close()


async def test_csv_export_neutralises_spreadsheet_formulas(
    tmp_path: Path, store_where: Path | str
) -> None:
    _path, store = await _store_with(store_where, 2)
    await store.write(
        lambda tx: tx.audit(
            actor='=HYPERLINK("http://evil")',
            action="test.formula",
            category=AuditCategory.SYSTEM,
            object_type="x",
            object_id="1",
        )
    )
    out = tmp_path / "trail.csv"
    await audit_trail.export(store, out, actor="alice", reason="r", recipient="to")
    rows = list(csv.DictReader(out.read_text(encoding="utf-8").splitlines()))
    assert rows[2]["actor"].startswith("'=")
    await store.close()


async def test_export_that_cannot_be_written_records_no_disclosure(
    tmp_path: Path, store_where: Path | str
) -> None:
    _path, store = await _store_with(store_where, 4)
    with pytest.raises(StoreError, match="does not exist"):
        await audit_trail.export(
            store, tmp_path / "missing" / "t.csv", actor="alice", reason="r", recipient="to"
        )
    with pytest.raises(StoreError, match=r"\.csv or a \.jsonl"):
        await audit_trail.export(
            store, tmp_path / "t.pdf", actor="alice", reason="r", recipient="t"
        )
    assert await store.run(audit.count) == 4
    await store.close()


async def test_filters_narrow_by_officer_action_and_time(
    tmp_path: Path, store_where: Path | str
) -> None:
    _path, store = await _store_with(store_where, 2)
    await add_entries(store, 3, actor="bob")
    everything = await audit_trail.matching_seqs(store, AuditFilter())
    assert everything == [5, 4, 3, 2, 1]
    assert await audit_trail.matching_seqs(store, AuditFilter(actor="bob")) == [5, 4, 3]
    assert await audit_trail.matching_seqs(store, AuditFilter(action="user.")) == [2]
    assert await audit_trail.matching_seqs(store, AuditFilter(action="store.create")) == [1]
    entries = await audit_trail.entries(store, [3])
    moment = entries[3].at_utc
    assert await audit_trail.matching_seqs(store, AuditFilter(since_utc=moment)) == [5, 4, 3]
    assert await audit_trail.matching_seqs(store, AuditFilter(until_utc=moment)) == [2, 1]
    officers, actions = await audit_trail.filter_choices(store)
    assert officers == ["alice", "bob"]
    assert "test.note" in actions
    await store.close()


async def test_verification_reports_progress_and_can_be_cancelled(
    tmp_path: Path, store_where: Path | str
) -> None:
    _path, store = await _store_with(store_where, 50)
    import console.audit_trail as trail

    seen: list[tuple[int, int]] = []
    original = trail.VERIFY_BATCH
    trail.VERIFY_BATCH = 10
    try:
        verdict = await audit_trail.verify(store, progress=lambda d, t: seen.append((d, t)))
        assert verdict is not None and verdict.ok
        assert seen[0] == (10, 50) and seen[-1] == (50, 50)
        stopped = await audit_trail.verify(store, cancelled=lambda: True)
        assert stopped is None
    finally:
        trail.VERIFY_BATCH = original
        await store.close()


async def test_the_chain_head_survives_reopening(tmp_path: Path, store_where: Path | str) -> None:
    path, store = await _store_with(store_where, 5)
    await store.close()
    from storage.lifecycle import open_store
    from tests.helpers import PASSWORD

    again, _ = await open_store(path, "alice", PASSWORD)
    await add_entries(again, 3)
    head = await again.run(lambda db: audit.head(db, again.store_id))
    await again.close()
    assert head == ChainHead(8, head.hash)
    assert (await _verdict(path)).ok
