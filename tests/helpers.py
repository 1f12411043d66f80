"""Shared test helpers: fast key derivation, stores in temp folders, raw access."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from storage import pg
from storage.connection import connect
from storage.keyslots import KdfParams, KeyFile
from storage.lifecycle import Where, create_store, is_team, load_keyfile
from storage.records import AuditCategory, StoreKind
from storage.schema import LATEST
from storage.store import Store, Transaction

# Argon2's smallest cost: tests that do not measure key derivation use it, so a
# store is made in milliseconds. The CLI tests run the real, benchmarked cost.
FAST_KDF = KdfParams(time_cost=1, memory_kib=64)
PASSWORD = "correct horse battery"


async def make_store(path: Where, user: str = "alice", kind: StoreKind = StoreKind.LIVE) -> Store:
    return await create_store(path, user=user, password=PASSWORD, kind=kind, kdf=FAST_KDF)


async def add_entries(store: Store, count: int, actor: str = "alice", text: str = "") -> None:
    def write(tx: Transaction) -> None:
        for number in range(count):
            tx.audit(
                actor=actor,
                action="test.note",
                category=AuditCategory.ALTERATION,
                object_type="note",
                object_id=number,
                after={"n": number, "text": text},
            )

    await store.write(write)


def data_key(path: Where, user: str = "alice", password: str = PASSWORD) -> bytes:
    return load_keyfile(path).unlock(user, password)


@contextmanager
def raw_db(path: Where, user: str = "alice") -> Iterator[Any]:
    """The store opened with its real key, as an attacker who has it would; a team
    store as its database's administrator would (the test server's superuser), who
    needs no key but cannot open a sealed secret."""
    if is_team(path):
        raw = pg.connect(str(path))
        try:
            yield pg.PgConnection(raw)
        finally:
            raw.close()
        return
    db = connect(Path(path), data_key(path, user))
    try:
        yield db
    finally:
        db.close()


@contextmanager
def tamperable(path: Where) -> Iterator[Any]:
    """A raw connection with the audit triggers out of the way, committed on exit:
    dropped from a file; on a team store skipped as a superuser can
    (``session_replication_role = replica``), which leaves the schema as it was."""
    with raw_db(path) as db:
        db.execute("BEGIN")
        if is_team(path):
            db.execute("SET LOCAL session_replication_role = replica")
        else:
            db.execute("DROP TRIGGER audit_log_no_update")
            db.execute("DROP TRIGGER audit_log_no_delete")
        yield db
        db.execute("COMMIT")


def upgraded_by_a_newer_cordon(path: Where) -> None:
    """The store's schema moved past what this Cordon knows, as a newer one's
    migration leaves it (committed from another connection)."""
    with raw_db(path) as db:
        if is_team(path):
            db.execute("UPDATE cordon_schema SET version = ? WHERE id = 1", (LATEST + 1,))
        else:
            db.execute(f"PRAGMA user_version = {LATEST + 1}")


async def stored_bytes(store: Store) -> bytes:
    """What someone without the data key can read of the store: the file on disk, or
    (a team store) every text the database administrator can select from it."""
    if not store.team:
        await store.run(lambda db: db.execute("PRAGMA wal_checkpoint(TRUNCATE)"))
        return Path(store.path).read_bytes()
    with raw_db(store.where) as db:
        tables = [
            str(row[0])
            for row in db.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        ]
        found = [
            repr(row).encode()
            for table in tables
            for row in db.execute(f'SELECT * FROM "{table}"').fetchall()
        ]
    return b"\n".join(found)


def put_keyfile(path: Where, keyfile: KeyFile) -> None:
    """Write ``keyfile`` as the store's key slots behind Cordon's back (a file beside
    the store, or a team store's table as its administrator would)."""
    if not is_team(path):
        keyfile.save(Path(path))
        return
    with raw_db(path) as db:
        db.execute("UPDATE key_file SET document = ? WHERE id = 1", (keyfile.encoded().decode(),))


def file_states(folder: Path) -> dict[str, tuple[int, str]]:
    """Every file's size and content hash, to show that nothing changed."""
    return {
        p.name: (p.stat().st_size, hashlib.sha256(p.read_bytes()).hexdigest())
        for p in sorted(folder.iterdir())
        if p.is_file()
    }
