"""The encrypted store: one SQLCipher connection on one worker thread.

All store work goes through two awaitables, so no caller ever holds a cursor and
no SQL ever runs on the UI thread:

* ``await store.run(fn)`` runs ``fn(db)`` on the store's thread (reads);
* ``await store.write(fn)`` runs ``fn(tx)`` inside ``BEGIN IMMEDIATE ... COMMIT``
  on that thread; ``tx.audit(...)`` appends the hash-chained audit entry in the
  same transaction, so a change never lands without its audit line or the other
  way round. An exception rolls the whole transaction back.

Because there is one connection and one thread, writes are serialised: a publish
claim and an incident hold cannot interleave (DESIGN.md).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import sqlcipher3

from storage import audit, schema
from storage.errors import AuditRefused, DiskFull, StoreDamaged, StoreError
from storage.keyslots import KdfParams, KeyFile
from storage.records import AuditCategory, AuditEntry, StoreKind
from storage.timeutil import Clock, system_clock, to_iso

T = TypeVar("T")
Db = Any  # a sqlcipher3 connection; the module ships no type information


class Transaction:
    """What a write operation sees: the connection and the audit trail."""

    def __init__(self, store: Store, db: Db) -> None:
        self._store = store
        self.db = db
        self.head = store._audit_head

    def execute(self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> Any:
        return self.db.execute(sql, params)

    def now(self) -> str:
        return to_iso(self._store.clock())

    def audit(
        self,
        *,
        actor: str,
        action: str,
        category: AuditCategory,
        object_type: str,
        object_id: str | int,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
        justification: str = "",
        recipient: str = "",
    ) -> AuditEntry:
        if category.needs_justification and not justification.strip():
            raise StoreError(
                f"A {category.value} of personal data must say why: give a justification."
            )
        if category is AuditCategory.DISCLOSURE and not recipient.strip():
            raise StoreError("A disclosure must say to whom the data goes.")
        entry = audit.append(
            self.db,
            self.head,
            at_utc=self.now(),
            actor=actor,
            action=action,
            category=category,
            object_type=object_type,
            object_id=str(object_id),
            before=before,
            after=after,
            justification=justification,
            recipient=recipient,
        )
        self.head = audit.ChainHead(entry.seq, entry.hash)
        return entry


class Store:
    """An open, unlocked store. Build it with ``Store.open`` (see ``storage.lifecycle``)."""

    def __init__(self, path: Path, keyfile: KeyFile, clock: Clock) -> None:
        self.path = path
        self.keyfile = keyfile
        self.clock = clock
        self.schema_version = 0
        self._executor = concurrent.futures.ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="cordon-store"
        )
        self._db: Db | None = None
        self._data_key: bytearray | None = None
        self._thread: threading.Thread | None = None
        self._audit_head = audit.ChainHead(0, audit.genesis_hash(keyfile.store_id))
        self._closed = False

    # -- opening and closing --------------------------------------------------

    @classmethod
    async def open(
        cls,
        path: Path,
        keyfile: KeyFile,
        data_key: bytes,
        *,
        clock: Clock = system_clock,
        actor: str = "system",
    ) -> Store:
        """Open the store's connection on its thread and bring the schema up to date."""
        store = cls(Path(path), keyfile, clock)
        try:
            await store._submit(lambda: store._connect(data_key))
            await store.run(lambda db: store._upgrade(db, actor))
        except BaseException:
            await store.close()
            raise
        return store

    def _connect(self, data_key: bytes) -> None:
        self._thread = threading.current_thread()
        self._db = connect(self.path, data_key)
        # Kept while open (SQLCipher holds it too) so an administrator can add a
        # user's key slot without re-entering a password; wiped on close.
        self._data_key = bytearray(data_key)

    def keyfile_with_slot(self, user_name: str, password: str, kdf: KdfParams) -> KeyFile:
        """The key file plus a slot for ``user_name``. Slow (Argon2): call it in a thread."""
        if self._data_key is None:
            raise StoreError("The store is closed: sign in again to open it.")
        return self.keyfile.with_slot(user_name, password, bytes(self._data_key), kdf)

    def _upgrade(self, db: Db, actor: str) -> None:
        found = schema.version_of(db)
        self.schema_version = schema.migrate(db)
        self._audit_head = audit.head(db, self.keyfile.store_id)
        if 0 < found < self.schema_version:
            self._write_now(
                lambda tx: tx.audit(
                    actor=actor,
                    action="store.upgrade",
                    category=AuditCategory.SYSTEM,
                    object_type="store",
                    object_id=self.keyfile.store_id,
                    before={"schema": found},
                    after={"schema": self.schema_version},
                )
            )

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        with contextlib.suppress(RuntimeError):
            await asyncio.wrap_future(self._executor.submit(self._disconnect))
        self._executor.shutdown(wait=True)

    def _disconnect(self) -> None:
        if self._data_key is not None:
            self._data_key[:] = bytes(len(self._data_key))
            self._data_key = None
        if self._db is not None:
            with contextlib.suppress(Exception):
                self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self._db.close()
            self._db = None

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def store_id(self) -> str:
        return self.keyfile.store_id

    @property
    def kind(self) -> StoreKind:
        return self.keyfile.kind

    # -- the gateway ----------------------------------------------------------

    async def run(self, fn: Callable[[Db], T]) -> T:
        """Run ``fn(db)`` on the store's thread and return its result."""
        return await self._submit(lambda: self._call(fn))

    async def write(self, fn: Callable[[Transaction], T]) -> T:
        """Run ``fn(tx)`` in one transaction on the store's thread; commit or roll back."""
        return await self._submit(lambda: self._write_now(fn))

    def _call(self, fn: Callable[[Db], T]) -> T:
        with translate_errors(self.path):
            return fn(self._require_db())

    def _write_now(self, fn: Callable[[Transaction], T]) -> T:
        db = self._require_db()
        with translate_errors(self.path):
            db.execute("BEGIN IMMEDIATE")
            tx = Transaction(self, db)
            try:
                result = fn(tx)
                db.execute("COMMIT")
            except BaseException:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise
            self._audit_head = tx.head
            return result

    def _require_db(self) -> Db:
        if self._db is None:
            raise StoreError("The store is closed: sign in again to open it.")
        if threading.current_thread() is not self._thread:
            raise RuntimeError("store work must run on the store's own thread")
        return self._db

    async def _submit(self, job: Callable[[], T]) -> T:
        if self._closed:
            raise StoreError("The store is closed: sign in again to open it.")
        return await asyncio.wrap_future(self._executor.submit(job))


# The pragmas every store connection runs with (bench/store.py gives plain SQLite
# the same ones, so its ratios compare like with like).
PRAGMAS = (
    "journal_mode = WAL",
    # NORMAL in WAL mode: a killed process loses nothing committed; only a power
    # cut can lose the last transactions, and the file stays consistent.
    "synchronous = NORMAL",
    "foreign_keys = ON",
    "temp_store = MEMORY",  # no plaintext temporary files
    "busy_timeout = 5000",
    # Every page read from disk costs SQLCipher an HMAC check and a decryption:
    # a 64 MB cache keeps the working set decrypted in memory.
    "cache_size = -65536",
    # Checkpoint less often: a page changed many times is re-encrypted into the
    # main file once per checkpoint, not once per change.
    "wal_autocheckpoint = 8000",
)


def connect(path: Path, data_key: bytes) -> Db:
    """Open a SQLCipher connection with a raw key and the pragmas Cordon relies on."""
    if len(data_key) != 32:
        raise ValueError("the data key is 32 bytes")
    db = sqlcipher3.connect(str(path), isolation_level=None)
    try:
        db.execute("PRAGMA cipher_log_level = NONE")
        # PRAGMA key takes no bound parameters; the statement is built from hex only.
        db.execute(f"PRAGMA key = \"x'{data_key.hex()}'\"")
        try:
            db.execute("SELECT count(*) FROM sqlite_schema").fetchone()
        except sqlcipher3.DatabaseError:
            raise StoreDamaged(
                f"{path.name} cannot be read with its key: the file is damaged or does "
                "not belong to this key file. Restore both from a backup."
            ) from None
        for pragma in PRAGMAS:
            db.execute(f"PRAGMA {pragma}")
    except BaseException:
        db.close()
        raise
    return db


@contextlib.contextmanager
def translate_errors(path: Path) -> Iterator[None]:
    """Turn SQLite's errors that a user can act on into sentences."""
    try:
        yield
    except sqlcipher3.OperationalError as error:
        text = str(error)
        if "full" in text:
            raise DiskFull(
                f"The disk holding {path.parent} is full: the change was not saved and "
                "nothing was lost. Free some space and try again."
            ) from None
        if "locked" in text or "busy" in text:
            raise StoreError(
                "The store is in use by another Cordon window: close it and try again."
            ) from None
        if "readonly" in text:
            raise StoreError(f"Cordon may not write to {path}: check its permissions.") from None
        raise
    except sqlcipher3.IntegrityError as error:
        if "audit entries cannot" in str(error):
            raise AuditRefused(f"The store refused: {error}.") from None
        raise
    except sqlcipher3.DatabaseError as error:
        text = str(error)
        if "malformed" in text or "not a database" in text:
            raise StoreDamaged(
                f"{path.name} is damaged ({text}): restore it from a backup."
            ) from None
        raise
