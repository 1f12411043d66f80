"""Shared test helpers: fast key derivation, stores in temp folders, raw access."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from storage.keyslots import KdfParams, KeyFile
from storage.lifecycle import create_store
from storage.records import AuditCategory, StoreKind
from storage.store import Store, Transaction, connect

# Argon2's smallest cost: tests that do not measure key derivation use it, so a
# store is made in milliseconds. The CLI tests run the real, benchmarked cost.
FAST_KDF = KdfParams(time_cost=1, memory_kib=64)
PASSWORD = "correct horse battery"


async def make_store(path: Path, user: str = "alice", kind: StoreKind = StoreKind.LIVE) -> Store:
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


def data_key(path: Path, user: str = "alice", password: str = PASSWORD) -> bytes:
    return KeyFile.load(path).unlock(user, password)


@contextmanager
def raw_db(path: Path, user: str = "alice") -> Iterator[Any]:
    """The store opened with its real key, as an attacker who has it would."""
    db = connect(path, data_key(path, user))
    try:
        yield db
    finally:
        db.close()


@contextmanager
def tamperable(path: Path) -> Iterator[Any]:
    """A raw connection with the audit triggers dropped, committed on exit."""
    with raw_db(path) as db:
        db.execute("BEGIN")
        db.execute("DROP TRIGGER audit_log_no_update")
        db.execute("DROP TRIGGER audit_log_no_delete")
        yield db
        db.execute("COMMIT")


def file_states(folder: Path) -> dict[str, tuple[int, str]]:
    """Every file's size and content hash, to show that nothing changed."""
    return {
        p.name: (p.stat().st_size, hashlib.sha256(p.read_bytes()).hexdigest())
        for p in sorted(folder.iterdir())
        if p.is_file()
    }
