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

Other processes share the store (the engine service beside the window, a command):
the store's thread notices their commits (``PRAGMA data_version``, one cheap query
every ``WATCH_SECONDS`` while idle) and calls the same commit listeners, on the loop
that opened the store, when a commit moved the change counter. A write made with
``quiet=True`` (the engine's heartbeat) moves no counter and wakes no listener.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import hmac
import logging
import queue
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar, cast

import sqlcipher3

from storage import audit, exercises, schema
from storage.errors import AuditRefused, DiskFull, StoreDamaged, StoreError
from storage.keyslots import KdfParams, KeyFile, KeySlot
from storage.records import AuditCategory, AuditEntry, StoreKind
from storage.timeutil import Clock, system_clock, to_iso

T = TypeVar("T")
log = logging.getLogger(__name__)
Db = Any  # a sqlcipher3 connection; the module ships no type information


class Transaction:
    """What a write operation sees: the connection and the audit trail."""

    def __init__(self, store: Store, db: Db, head: audit.ChainHead) -> None:
        self._store = store
        self.db = db
        self.head = head

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
        self._jobs: queue.SimpleQueue[_Job] = queue.SimpleQueue()
        self._db: Db | None = None
        self._data_key: bytearray | None = None
        self._thread = threading.Thread(target=self._serve, name="cordon-store", daemon=True)
        self._thread.start()
        self._closed = False
        self._listeners: list[Callable[[], None]] = []
        # Watching for other processes' commits (see the module's docstring).
        self._loop: asyncio.AbstractEventLoop | None = None
        self._counted = False  # the schema has the change counter
        self._seen_changes = -1  # the counter as this process last knew it
        self._data_version = -1
        self._watched_at = 0.0  # monotonic time of the last look
        self.remote_changes = 0  # how many times others' commits were noticed (tests, bench)

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
        store._loop = asyncio.get_running_loop()
        try:
            await store._submit(_Job("call", lambda: store._connect(data_key)))
            await store.run(lambda db: store._upgrade(db, actor))
            await store.run(store._start_watching)
            if keyfile.kind is StoreKind.EXERCISE and clock is system_clock:
                # An exercise store tells the time by its exercise's clock (if it has
                # one: the demo store has none), so "now" is exercise time throughout.
                exercise_clock = await store.run(exercises.clock_for)
                if exercise_clock is not None:
                    store.clock = exercise_clock
        except BaseException:
            await store.close()
            raise
        return store

    def _connect(self, data_key: bytes) -> None:
        self._db = connect(self.path, data_key)
        # Kept while open (SQLCipher holds it too) so an administrator can add a
        # user's key slot without re-entering a password; wiped on close.
        self._data_key = bytearray(data_key)

    def new_slot(self, user_name: str, password: str, kdf: KdfParams) -> KeySlot:
        """A key slot that opens this store for ``user_name``. Slow (Argon2): use a thread."""
        if self._data_key is None:
            raise StoreError("The store is closed: sign in again to open it.")
        return self.keyfile.new_slot(user_name, password, bytes(self._data_key), kdf)

    def lend_key(self) -> bytearray:
        """A copy of the data key, for handing to the engine service this window
        starts (``console.key_handover``). The caller wipes it as soon as it is sent."""
        if self._data_key is None:
            raise StoreError("The store is closed: sign in again to open it.")
        return bytearray(self._data_key)

    def holds_key(self, data_key: bytes) -> bool:
        """Whether ``data_key`` is this store's key (a password checked while signed in)."""
        return self._data_key is not None and hmac.compare_digest(bytes(self._data_key), data_key)

    def save_keyfile(self, keyfile: KeyFile) -> None:
        """Write the key file and adopt it. Call it from a write, on the store thread."""
        self._require_db()
        keyfile.save(self.path)
        self.keyfile = keyfile

    def _upgrade(self, db: Db, actor: str) -> None:
        found = schema.version_of(db)
        self.schema_version = schema.migrate(db)
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

    def _start_watching(self, db: Db) -> None:
        self._counted = (
            db.execute(
                "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'change_counter'"
            ).fetchone()
            is not None
        )
        if self._counted:
            self._seen_changes = _counter(db)
        self._data_version = _data_version(db)
        self._watched_at = time.monotonic()

    async def close(self) -> None:
        """Finish the work already submitted, close the connection, end the thread."""
        if self._closed:
            return
        done = self._enqueue(_Job("call", lambda: self._disconnect()))
        self._closed = True
        self._jobs.put(_Job("stop", lambda: None))
        with contextlib.suppress(Exception):
            await asyncio.wrap_future(done)
        await asyncio.to_thread(self._thread.join)

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
        return cast(T, await self._submit(_Job("call", lambda: self._call(fn))))

    async def write(self, fn: Callable[[Transaction], T], *, quiet: bool = False) -> T:
        """Run ``fn(tx)`` in a transaction on the store's thread; commit or roll back.

        Returns once the change is committed. Writes that are waiting together are
        committed together (*group commit*), each in its own savepoint: one that
        fails is rolled back alone and the others still commit. SQLCipher encrypts
        each changed page once per commit, so under load this saves most of the
        cost of encryption; a caller sees no difference.

        ``quiet``: bookkeeping no view shows (the engine's heartbeat): it wakes no
        commit listener here or in another process.
        """
        result = cast(T, await self._submit(_Job("write", fn, quiet=quiet)))
        if not quiet:
            self._notify()
        return result

    def _notify(self) -> None:
        for listener in list(self._listeners):
            try:
                listener()
            except Exception:  # a listener's bug must not undo a committed write's caller
                log.exception("a commit listener failed")

    def add_commit_listener(self, listener: Callable[[], None]) -> None:
        """Call ``listener()`` on the loop that opened the store after each committed
        write of this process (on the writer's loop) or of another process sharing
        the store (within about ``WATCH_SECONDS``)."""
        self._listeners.append(listener)

    def remove_commit_listener(self, listener: Callable[[], None]) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _call(self, fn: Callable[[Db], T]) -> T:
        with translate_errors(self.path):
            return fn(self._require_db())

    def _write_now(self, fn: Callable[[Transaction], T]) -> T:
        """One write in its own transaction, on the store thread (used while opening)."""
        job: _Job = _Job("write", fn)
        self._write_group([job])
        return cast(T, job.future.result())

    def _require_db(self) -> Db:
        if self._db is None:
            raise StoreError("The store is closed: sign in again to open it.")
        if threading.current_thread() is not self._thread:
            raise RuntimeError("store work must run on the store's own thread")
        return self._db

    def _enqueue(self, job: _Job) -> concurrent.futures.Future[Any]:
        if self._closed:
            raise StoreError("The store is closed: sign in again to open it.")
        self._jobs.put(job)
        return job.future

    async def _submit(self, job: _Job) -> Any:
        return await asyncio.wrap_future(self._enqueue(job))

    # -- the store thread --------------------------------------------------------

    def _serve(self) -> None:
        carried: _Job | None = None
        while True:
            if carried is not None:
                job, carried = carried, None
            else:
                try:
                    job = self._jobs.get(timeout=WATCH_SECONDS)
                except queue.Empty:
                    self._watch()
                    continue
            if job.kind == "stop":
                return
            if time.monotonic() - self._watched_at >= WATCH_SECONDS:
                self._watch()  # a busy thread still looks as often as an idle one
            if job.kind == "call":
                job.run()
                continue
            group = [job]
            while len(group) < MAX_GROUP:
                try:
                    waiting = self._jobs.get_nowait()
                except queue.Empty:
                    break
                if waiting.kind != "write":
                    carried = waiting  # order is kept: it runs right after this commit
                    break
                group.append(waiting)
            self._write_group(group)

    def _write_group(self, group: list[_Job]) -> None:
        """Run each write in its own savepoint inside one transaction; commit once."""
        live = [job for job in group if job.future.set_running_or_notify_cancel()]
        if not live:
            return
        try:
            db = self._require_db()
            with translate_errors(self.path):
                db.execute("BEGIN IMMEDIATE")
        except BaseException as error:
            for job in live:
                job.future.set_exception(error)
            return
        # Read under the write lock, not from a cache: another connection (a CLI
        # backup beside the open window) may have appended since our last commit.
        head = audit.head(db, self.keyfile.store_id)
        counter = _counter(db) if self._counted else None
        if counter is not None and counter != self._seen_changes:
            self._seen_changes = counter  # another process's change, not yet told
            self._tell_loop()
        outcomes: list[tuple[_Job, Any, BaseException | None]] = []
        for job in live:
            tx = Transaction(self, db, head)
            try:
                with translate_errors(self.path):
                    db.execute("SAVEPOINT cordon_write")
                    try:
                        result = job.fn(tx)
                    except BaseException:
                        if db.in_transaction:
                            db.execute("ROLLBACK TO cordon_write")
                            db.execute("RELEASE cordon_write")
                        raise
                    db.execute("RELEASE cordon_write")
            except BaseException as error:
                outcomes.append((job, None, error))
                if not db.in_transaction:
                    # SQLite rolled the whole transaction back (a full disk does):
                    # nothing in this group was saved, so every caller is told.
                    self._fail_group(live, outcomes, error)
                    return
                continue
            head = tx.head
            outcomes.append((job, result, None))
        moved = counter is not None and any(
            failure is None and not job.quiet for job, _result, failure in outcomes
        )
        try:
            with translate_errors(self.path):
                if moved:
                    db.execute("UPDATE change_counter SET seq = seq + 1 WHERE id = 1")
                db.execute("COMMIT")
        except BaseException as error:
            if db.in_transaction:
                db.execute("ROLLBACK")
            self._fail_group(live, outcomes, error)
            return
        if moved:
            assert counter is not None
            self._seen_changes = counter + 1
        for job, result, failure in outcomes:
            if failure is None:
                job.future.set_result(result)
            else:
                job.future.set_exception(failure)

    def _watch(self) -> None:
        """Another process committed since the last look? Tell the loop's listeners
        if what it changed is something a view shows (the counter moved)."""
        self._watched_at = time.monotonic()
        db = self._db
        if db is None or self._loop is None:
            return
        try:
            version = _data_version(db)
            if version == self._data_version:
                return
            self._data_version = version
            if not self._counted:
                return
            counter = _counter(db)
        except Exception:  # the next real job reports a broken connection in words
            log.debug("looking for other processes' commits failed", exc_info=True)
            return
        if counter != self._seen_changes:
            self._seen_changes = counter
            self._tell_loop()

    def _tell_loop(self) -> None:
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        self.remote_changes += 1
        with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
            loop.call_soon_threadsafe(self._notify)

    @staticmethod
    def _fail_group(
        live: list[_Job],
        outcomes: list[tuple[_Job, Any, BaseException | None]],
        error: BaseException,
    ) -> None:
        own = {id(job): failure for job, _result, failure in outcomes if failure is not None}
        for job in live:
            job.future.set_exception(own.get(id(job)) or error)


MAX_GROUP = 256
# How often the store's thread looks for other processes' commits (seconds).
WATCH_SECONDS = 0.05


def _data_version(db: Db) -> int:
    return int(db.execute("PRAGMA data_version").fetchone()[0])


def _counter(db: Db) -> int:
    row = db.execute("SELECT seq FROM change_counter WHERE id = 1").fetchone()
    return -1 if row is None else int(row[0])


class _Job:
    """Work for the store thread: a plain call, or a write run in a transaction."""

    __slots__ = ("fn", "future", "kind", "quiet")

    def __init__(self, kind: str, fn: Callable[..., Any], *, quiet: bool = False) -> None:
        self.kind = kind
        self.quiet = quiet
        self.fn = fn
        self.future: concurrent.futures.Future[Any] = concurrent.futures.Future()

    def run(self) -> None:
        if not self.future.set_running_or_notify_cancel():
            return
        try:
            result = self.fn()
        except BaseException as error:
            self.future.set_exception(error)
        else:
            self.future.set_result(result)


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
