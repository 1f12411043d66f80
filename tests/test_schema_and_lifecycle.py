"""Schema versions, backups, integrity checks, and a process killed mid-write."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from console import audit_trail
from storage import audit, lifecycle, schema
from storage.connection import connect
from storage.errors import StoreDamaged, StoreError, StoreExists, StoreTooNew
from storage.keyslots import KeyFile, new_data_key
from storage.lifecycle import open_store
from storage.records import AuditCategory, StoreKind
from storage.store import Store
from tests.helpers import PASSWORD, add_entries, make_store, raw_db, upgraded_by_a_newer_cordon

pytestmark = pytest.mark.asyncio
ROOT = Path(__file__).resolve().parent.parent


def _schema_of(db: object) -> list[tuple[str, str]]:
    rows = db.execute(  # type: ignore[attr-defined]
        "SELECT name, sql FROM sqlite_schema WHERE sql IS NOT NULL ORDER BY name"
    )
    return [(name, " ".join(sql.split())) for name, sql in rows]


async def test_migrations_are_numbered_without_gaps() -> None:
    found = schema.migrations()
    assert [m.version for m in found] == list(range(1, len(found) + 1))
    assert schema.LATEST == len(found) >= 2


async def test_a_new_store_is_at_the_newest_schema(tmp_path: Path) -> None:
    store = await make_store(tmp_path / "s.cordon")
    assert store.schema_version == schema.LATEST
    version = await store.run(schema.version_of)
    assert version == schema.LATEST
    await store.close()


@pytest.mark.parametrize("start", range(1, schema.LATEST))
async def test_every_earlier_version_upgrades_to_the_same_schema(
    tmp_path: Path, start: int
) -> None:
    # A store as an earlier Cordon left it: schema `start`, with audit history.
    reference = await make_store(tmp_path / "fresh.cordon")
    fresh_schema = await reference.run(_schema_of)
    await reference.close()

    old = tmp_path / "old.cordon"
    key = new_data_key()
    keyfile = KeyFile("c0ffee" * 5 + "00", StoreKind.LIVE, "2026-01-01T00:00:00.000000Z", ())
    db = connect(old, key)
    schema.migrate(db, target=start)
    db.execute("BEGIN")
    head = audit.head(db, keyfile.store_id)
    for number in range(3):
        entry = audit.append(
            db,
            head,
            at_utc=f"2026-01-01T00:00:0{number}.000000Z",
            actor="alice",
            action="test.old",
            category=AuditCategory.SYSTEM,
            object_type="x",
            object_id=str(number),
            before=None,
            after={"n": number},
            justification="",
            recipient="",
        )
        head = audit.ChainHead(entry.seq, entry.hash)
    db.execute("COMMIT")
    assert schema.version_of(db) == start
    db.close()

    store = await Store.open(old, keyfile, key, actor="alice")
    assert store.schema_version == schema.LATEST
    assert await store.run(_schema_of) == fresh_schema
    entries = await store.run(lambda d: list(audit.iter_entries(d)))
    assert entries[-1].action == "store.upgrade"
    assert entries[-1].before == f'{{"schema":{start}}}'
    verdict = await audit_trail.verify(store)
    assert verdict is not None and verdict.ok and verdict.count == 4
    await store.close()


async def test_an_empty_file_upgrades_from_nothing(tmp_path: Path) -> None:
    key = new_data_key()
    keyfile = KeyFile("ab" * 16, StoreKind.LIVE, "2026-01-01T00:00:00.000000Z", ())
    (tmp_path / "empty.cordon").touch()
    store = await Store.open(tmp_path / "empty.cordon", keyfile, key, create=True)
    assert store.schema_version == schema.LATEST
    assert await store.run(audit.count) == 0  # no upgrade entry for a brand-new file
    await store.close()


async def test_a_store_from_a_newer_cordon_is_refused_with_a_sentence(tmp_path: Path) -> None:
    path = tmp_path / "s.cordon"
    await (await make_store(path)).close()
    with raw_db(path) as db:
        db.execute(f"PRAGMA user_version = {schema.LATEST + 1}")
    with pytest.raises(StoreTooNew) as caught:
        await open_store(path, "alice", PASSWORD)
    assert str(caught.value).startswith("This store was written by a newer version of Cordon")
    with raw_db(path) as db:
        assert schema.version_of(db) == schema.LATEST + 1  # untouched


async def test_a_store_upgraded_by_a_newer_cordon_while_open_takes_no_more_writes(
    store_where: Path | str,
) -> None:
    """Another window, an engine or a team member's console of a newer Cordon upgrades
    the store while this one has it open: this one's next write is refused, under the
    write lock and before anything is written, with a sentence; nothing is saved."""
    store = await make_store(store_where)
    try:
        await add_entries(store, 2)
        before = await store.run(audit.count)
        upgraded_by_a_newer_cordon(store_where)  # committed from another connection
        with pytest.raises(StoreTooNew) as caught:
            await add_entries(store, 1)
        assert str(caught.value).startswith(
            "A newer version of Cordon upgraded this store (schema "
        ), caught.value
        assert "nothing was saved" in str(caught.value)
        assert await store.run(audit.count) == before
    finally:
        await store.close()


async def test_create_refuses_to_overwrite_a_store(tmp_path: Path) -> None:
    path = tmp_path / "s.cordon"
    await (await make_store(path)).close()
    before = path.read_bytes()
    with pytest.raises(StoreExists, match="There is already a store at"):
        await make_store(path)
    assert path.read_bytes() == before


async def test_backup_is_an_encrypted_copy_that_opens_with_the_same_passwords(
    tmp_path: Path,
) -> None:
    path = tmp_path / "s.cordon"
    store = await make_store(path)
    await add_entries(store, 30, text="backup me")
    dest = await lifecycle.backup(store, tmp_path / "copy.cordon", actor="alice")
    original_count = await store.run(audit.count)
    await store.close()

    assert not dest.read_bytes().startswith(b"SQLite format 3")
    assert b"backup me" not in dest.read_bytes()
    assert dest.stat().st_mode & 0o077 == 0
    copy, _ = await open_store(dest, "alice", PASSWORD)
    entries = await copy.run(lambda db: list(audit.iter_entries(db)))
    assert len(entries) == original_count
    assert entries[-1].action == "store.backup"  # the copy carries the record of its making
    report = await lifecycle.check(copy)
    assert report.ok
    await copy.close()
    assert not list(tmp_path.glob(".copy.cordon.*.tmp"))


async def test_backup_refuses_to_overwrite_and_names_a_missing_folder(tmp_path: Path) -> None:
    store = await make_store(tmp_path / "s.cordon")
    (tmp_path / "taken.cordon").write_bytes(b"something precious")
    with pytest.raises(StoreExists, match="already exists"):
        await lifecycle.backup(store, tmp_path / "taken.cordon", actor="alice")
    assert (tmp_path / "taken.cordon").read_bytes() == b"something precious"
    with pytest.raises(StoreError, match="does not exist"):
        await lifecycle.backup(store, tmp_path / "nope" / "b.cordon", actor="alice")
    await store.close()


async def test_check_finds_a_damaged_page(tmp_path: Path) -> None:
    path = tmp_path / "s.cordon"
    store = await make_store(path)
    await add_entries(store, 400, text="padding " * 20)
    await store.close()
    data = bytearray(path.read_bytes())
    assert len(data) > 4096 * 8
    offset = 4096 * 6 + 100  # inside page 7, away from page 1's header
    data[offset : offset + 16] = bytes(16)
    path.write_bytes(bytes(data))
    try:
        damaged, _ = await open_store(path, "alice", PASSWORD)
    except StoreDamaged as error:
        assert "damaged" in str(error)
        return
    report = await lifecycle.check(damaged)
    await damaged.close()
    assert not report.pages_ok
    assert any("HMAC" in p or "page" in p.lower() for p in report.page_problems)


async def test_a_killed_process_loses_no_committed_entry_and_leaves_no_half_one(
    tmp_path: Path,
) -> None:
    path = tmp_path / "s.cordon"
    await (await make_store(path)).close()
    progress = tmp_path / "progress"
    writer = textwrap.dedent(
        f"""
        import asyncio, sys
        sys.path.insert(0, {str(ROOT)!r})
        from pathlib import Path
        from storage.lifecycle import open_store
        from tests.helpers import PASSWORD, add_entries

        async def main():
            store, _ = await open_store(Path({str(path)!r}), "alice", PASSWORD)
            for n in range(100000):
                await add_entries(store, 1, text="entry %d" % n)
                tmp = Path({str(progress)!r} + ".tmp")
                tmp.write_text(str(n + 1))
                tmp.replace({str(progress)!r})

        asyncio.run(main())
        """
    )
    process = subprocess.Popen([sys.executable, "-c", writer])
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if progress.exists() and int(progress.read_text()) > 200:
            break
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    confirmed = int(progress.read_text())
    store, _ = await open_store(path, "alice", PASSWORD)
    verdict = await audit_trail.verify(store)
    count = await store.run(audit.count)
    await store.close()
    assert verdict is not None and verdict.ok
    # Every entry the writer saw committed is there (2 from creation); at most the
    # one in flight when it died was also committed.
    assert 2 + confirmed <= count <= 2 + confirmed + 1
