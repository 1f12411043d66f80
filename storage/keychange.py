"""Changing the key file together with the store, or not at all.

Adding a user, resetting a password, changing one's own or disabling a user
changes two files: a row in the encrypted store and a slot in the key file. A key
file written before a commit that then fails (a full disk) would let a password
open the store for a user the store never recorded. So the change is two-phase:

1. Inside the write, ``stage`` writes the new key file, whole and flushed, as
   ``NAME.keys.pending`` with the next *generation* number, and records that number
   in the store's ``meta`` table in the same transaction. A full disk fails here,
   and the transaction with it.
2. After the commit, ``settle`` renames the pending file over the key file if its
   generation is one the store committed, and removes it if not.

A process killed between the two leaves the pending file: the next open settles it
the same way (the store's committed generation decides), so the key file ends up
as the store says, whichever moment the process died.

A team store keeps its key slots in a table (``key_file``): there the change is
simply part of the transaction, and settling rereads the committed slots.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

from storage.errors import StoreError
from storage.files import atomic_write_bytes, os_error_sentence, sync_directory
from storage.keyslots import KeyFile
from storage.store import Store, Transaction

T = TypeVar("T")
GENERATION = "keys_generation"


def pending_path(store_path: Path) -> Path:
    return store_path.with_name(store_path.name + ".keys.pending")


def committed_generation(db: Any) -> int:
    row = db.execute("SELECT value FROM meta WHERE key = ?", (GENERATION,)).fetchone()
    return int(row[0]) if row is not None else 0


class KeyChange:
    """One change of the key file, made by one write: ``stage`` inside it, and
    ``write`` settles after it whether it committed or not."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.staged: KeyFile | None = None

    def stage(self, tx: Transaction, change: Callable[[KeyFile], KeyFile]) -> KeyFile:
        """Within the write: the key file ``change`` makes of the newest committed
        one becomes the key file if (and only if) this transaction commits."""
        store = self.store
        if store.team:
            store.reload_keyfile(tx.db)  # as committed, read under the write lock
            base = store.keyfile
        else:
            base = _latest_committed(tx.db, store.path, store.store_id)
        generation = max(committed_generation(tx.db), base.generation) + 1
        staged = replace(change(base), generation=generation)
        if store.team:
            store.save_keyfile(staged)
        else:
            atomic_write_bytes(pending_path(store.path), staged.encoded())
        tx.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (GENERATION, str(generation)),
        )
        store.keyfile = staged  # later writes in the same commit build on it
        self.staged = staged
        return staged

    async def write(self, fn: Callable[[Transaction], T]) -> T:
        try:
            return await self.store.write(fn)
        finally:
            await self.store.run(lambda db: settle(db, self.store, self.staged))


def settle(db: Any, store: Store, mine: KeyFile | None = None) -> None:
    """On the store thread, outside a write: make the key file what the store
    committed, and adopt it. A pending file the store did not commit is removed
    only if it is ``mine`` (another process may be committing its own)."""
    if store.team:
        store.reload_keyfile(db)
        return
    pending = pending_path(store.path)
    candidate = _read_pending(pending, store.store_id)
    if candidate is not None:
        committed = committed_generation(db)
        if candidate.generation <= committed:
            if KeyFile.load(store.path).generation < candidate.generation:
                try:
                    os.replace(pending, KeyFile.path_for(store.path))
                except OSError as error:
                    raise os_error_sentence(error, KeyFile.path_for(store.path)) from None
                sync_directory(store.path.parent)
            else:
                _remove(pending)
        elif candidate == mine:
            _remove(pending)
    store.keyfile = KeyFile.load(store.path)


def _latest_committed(db: Any, store_path: Path, store_id: str) -> KeyFile:
    """The key file as the store's committed generation says it is."""
    current = KeyFile.load(store_path)
    candidate = _read_pending(pending_path(store_path), store_id)
    if candidate is not None and (
        current.generation < candidate.generation <= committed_generation(db)
    ):
        return candidate
    return current


def _read_pending(pending: Path, store_id: str) -> KeyFile | None:
    try:
        candidate = KeyFile.parse(pending.read_bytes(), pending.name)
    except FileNotFoundError:
        return None
    except StoreError:  # damaged: it never became the key file
        return None
    return candidate if candidate.store_id == store_id else None


def _remove(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
