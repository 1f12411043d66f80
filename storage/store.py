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

Opening the file and putting SQLite's errors into sentences is ``connection.py``.
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

from storage import audit, exercises, schema, state
from storage.connection import Db, open_connection, translate_errors
from storage.errors import StoreDamaged, StoreError
from storage.i18n import _
from storage.keyslots import KdfParams, KeyFile, KeySlot
from storage.records import AuditCategory, AuditEntry, StoreKind
from storage.timeutil import Clock, system_clock, to_iso

T = TypeVar("T")
log = logging.getLogger(__name__)


class Transaction:
    """What a write operation sees: the connection and the audit trail."""

    def __init__(self, store: Store, db: Db, head: audit.ChainHead) -> None:
        self._store = store
        self.db = db
        self.head = head
        self.last_actor = "system"

    def execute(self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> Any:
        return self.db.execute(sql, params)

    def now(self) -> str:
        return to_iso(self._store.clock())

    @property
    def next_seq(self) -> int:
        """The number the next ``audit`` entry of this write will have: a row that
        names its own entry is written before the entry, which then records it."""
        return self.head.seq + 1

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
                _("A {category.value} of personal data must say why: give a justification.").format(
                    category=category
                )
            )
        if category is AuditCategory.DISCLOSURE and not recipient.strip():
            raise StoreError(_("A disclosure must say to whom the data goes."))
        # The rows this write changed so far, and what each became (storage.state).
        rows = state.collect(self.db) if self._store.tracks_state else []
        if rows:
            after = {**(after or {}), state.ROWS_KEY: state.root(rows)}
        self.last_actor = actor
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
        if rows:
            state.record(self.db, entry.seq, rows)
        return entry

    def record_state(self) -> None:
        """At the end of a write: rows it changed after its last entry get an entry
        of their own, so no change to a tracked row goes unrecorded."""
        if self._store.tracks_state and state.pending(self.db):
            self.audit(
                actor=self.last_actor,
                action="state.record",
                category=AuditCategory.SYSTEM,
                object_type="store",
                object_id=self._store.store_id,
            )


class Store:
    """An open, unlocked store. Build it with ``Store.open`` (see ``storage.lifecycle``)."""

    # A team store (PostgreSQL, ``storage.team_store.TeamStore``) says True.
    team = False

    def __init__(self, path: Path, keyfile: KeyFile, clock: Clock) -> None:
        self._path = path
        self.keyfile = keyfile
        self.clock = clock
        self.schema_version = 0
        # Why the store could only be opened to read (a full or read-only disk), or "".
        self.read_only = ""
        # Whether writes record what they made of the tracked rows (storage.state).
        self.tracks_state = False
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

    @property
    def path(self) -> Path:
        """The store's file (a team store has none: see ``location``)."""
        return self._path

    @property
    def where(self) -> Path | str:
        """What opens this store again (``storage.lifecycle``): its file, or a team
        store's URL as given (it may carry a password: never show it)."""
        return self._path

    @property
    def location(self) -> str:
        """Where the store is, for titles, logs and sentences: the file's path, or a
        team store's URL without its password."""
        return str(self._path)

    @property
    def label(self) -> str:
        """A short name for the store (a log file's name, a window's title)."""
        return self._path.stem

    @property
    def reachable(self) -> bool:
        """Whether the store answers (a file always does; a team store's server may not)."""
        return True

    def add_reachability_listener(self, listener: Callable[[bool], None]) -> None:
        """Call ``listener(reachable)`` on the loop when a team store's server stops or
        starts answering (a file never does either)."""

    def remove_reachability_listener(self, listener: Callable[[bool], None]) -> None:
        """Stop telling ``listener``."""

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
        create: bool = False,
    ) -> Store:
        """Open the store's connection on its thread and bring the schema up to date
        (``create``: lay down the schema in the new, empty file)."""
        return await cls(Path(path), keyfile, clock)._opened(data_key, actor, create)

    async def _opened(self, data_key: bytes, actor: str, create: bool) -> Store:
        store = self
        keyfile, clock = self.keyfile, self.clock
        store._loop = asyncio.get_running_loop()
        try:
            await store._submit(_Job("call", lambda: store._connect(data_key)))
            await store.run(lambda db: store._upgrade(db, actor, create))
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
        with self._errors():
            self._db, self.read_only = open_connection(self.path, data_key)
        # Kept while open (SQLCipher holds it too) so an administrator can add a
        # user's key slot without re-entering a password; wiped on close.
        self._data_key = bytearray(data_key)

    def new_slot(self, user_name: str, password: str, kdf: KdfParams) -> KeySlot:
        """A key slot that opens this store for ``user_name``. Slow (Argon2): use a thread."""
        if self._data_key is None:
            raise StoreError(_("The store is closed: sign in again to open it."))
        return self.keyfile.new_slot(user_name, password, bytes(self._data_key), kdf)

    def lend_key(self) -> bytearray:
        """A copy of the data key, for handing to the engine service this window
        starts (``console.key_handover``). The caller wipes it as soon as it is sent."""
        if self._data_key is None:
            raise StoreError(_("The store is closed: sign in again to open it."))
        return bytearray(self._data_key)

    def holds_key(self, data_key: bytes) -> bool:
        """Whether ``data_key`` is this store's key (a password checked while signed in)."""
        return self._data_key is not None and hmac.compare_digest(bytes(self._data_key), data_key)

    def save_keyfile(self, keyfile: KeyFile) -> None:
        """Write the key file and adopt it. Call it from a write, on the store thread."""
        self._require_db()
        keyfile.save(self.path)
        self.keyfile = keyfile

    def reload_keyfile(self, db: Db) -> None:
        """Adopt the key slots as committed (a team store's; a file's are settled by
        ``storage.keychange``)."""
        self.keyfile = KeyFile.load(self.path)

    def _upgrade(self, db: Db, actor: str, create: bool) -> None:
        found = schema.version_of(db)
        if found == 0 and not create:
            # An empty file (a store truncated to nothing) is not a new store: never
            # write a fresh schema into it.
            raise StoreDamaged(
                _(
                    "{self.label} holds no Cordon store (it is empty or was cut "
                    "short): restore it and its key file from a backup."
                ).format(self=self)
            )
        self.schema_version = schema.migrate(db)
        if self.read_only:
            return  # nothing is recorded; the state check says the store cannot tell
        baseline = state.start(db, fresh=found == 0)
        self.tracks_state = True
        if 0 < found < self.schema_version or baseline or state.columns_stale(db):
            # A store that never recorded row states records them all here, as it finds
            # them: the state check covers what happens from this entry on. One whose
            # digests use an older set of columns has every row checked with that set,
            # then recorded here with the newest (storage.state.renew_columns).
            def upgrade(tx: Transaction) -> None:
                before: dict[str, Any] = {"schema": found}
                after: dict[str, Any] = {"schema": self.schema_version}
                if baseline:
                    state.mark_columns(tx.db)  # before the entry: it records with them
                    after[state.COLUMNS_KEY] = state.COLUMNS_VERSION
                    action = "store.upgrade" if found < self.schema_version else "state.baseline"
                else:
                    # Under the write lock: another console may have renewed meanwhile.
                    renewal = state.renew_columns(tx.db)
                    if renewal is None and found == self.schema_version:
                        return
                    if renewal is not None:
                        before[state.COLUMNS_KEY] = renewal.old
                        after |= renewal.after()
                    action = "store.upgrade" if found < self.schema_version else "state.columns"
                entry = tx.audit(
                    actor=actor,
                    action=action,
                    category=AuditCategory.SYSTEM,
                    object_type="store",
                    object_id=self.keyfile.store_id,
                    before=before,
                    after=after,
                )
                if baseline:
                    state.mark_since(tx.db, entry.seq)

            self._write_now(upgrade)

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

    @contextlib.contextmanager
    def _errors(self) -> Iterator[None]:
        """The database's errors a user can act on, as sentences."""
        with translate_errors(self.path):
            yield

    def _begin_write(self, db: Db) -> None:
        """Begin a write transaction holding the lock every writer takes."""
        db.execute("BEGIN IMMEDIATE")

    def _head_under_lock(self, db: Db) -> audit.ChainHead:
        """At the start of a write group: the audit chain's head, once the schema is
        known to be one this Cordon writes (``schema.refuse_upgraded_meanwhile``)."""
        schema.refuse_upgraded_meanwhile(int(db.execute("PRAGMA user_version").fetchone()[0]))
        return audit.head(db, self.keyfile.store_id)

    def _counter_under_lock(self, db: Db) -> int | None:
        """At the start of a write group: the change counter (None before schema 13),
        telling the listeners of a change another process made and nobody told yet."""
        counter = _counter(db) if self._counted else None
        if counter is not None and counter != self._seen_changes:
            self._seen_changes = counter  # another process's change, not yet told
            self._tell_loop()
        return counter

    def _announce(self, db: Db) -> None:
        """Inside a committing write that changed what views show: tell the other
        processes (on SQLCipher the change counter alone does, seen by ``_watch``)."""
        if self._counted:
            db.execute("UPDATE change_counter SET seq = seq + 1 WHERE id = 1")

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
        return cast(T, await self._committed(_Job("write", fn, quiet=quiet)))

    async def write_bulk(self, fn: Callable[[Transaction], T]) -> T:
        """``write`` for one part of bulk work (a chunk of an import): committed on
        its own, never grouped with other writes, so a write queued behind it (a
        hold) waits for this part only, and is not held up by it in a group."""
        return cast(T, await self._committed(_Job("bulk", fn)))

    async def _committed(self, job: _Job) -> Any:
        result = await self._submit(job)
        if not job.quiet:
            self._notify()
        return result

    def _notify(self) -> None:
        for listener in list(self._listeners):
            try:
                listener()
            except Exception:  # a listener's bug must not undo a committed write's caller
                log.exception("a commit listener failed")

    def others_waiting(self) -> bool:
        """Whether other work waits for the store's thread: a bulk write checks it
        between rows and commits what it has, so a hold never waits behind it."""
        return not self._jobs.empty()

    def add_commit_listener(self, listener: Callable[[], None]) -> None:
        """Call ``listener()`` on the loop that opened the store after each committed
        write of this process (on the writer's loop) or of another process sharing
        the store (within about ``WATCH_SECONDS``)."""
        self._listeners.append(listener)

    def remove_commit_listener(self, listener: Callable[[], None]) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _call(self, fn: Callable[[Db], T]) -> T:
        with self._errors():
            return fn(self._require_db())

    def _write_now(self, fn: Callable[[Transaction], T]) -> T:
        """One write in its own transaction, on the store thread (used while opening)."""
        job: _Job = _Job("write", fn)
        self._write_group([job])
        return cast(T, job.future.result())

    def _require_db(self) -> Db:
        if self._db is None:
            raise StoreError(_("The store is closed: sign in again to open it."))
        if threading.current_thread() is not self._thread:
            raise RuntimeError("store work must run on the store's own thread")
        return self._db

    def _enqueue(self, job: _Job) -> concurrent.futures.Future[Any]:
        if self._closed:
            raise StoreError(_("The store is closed: sign in again to open it."))
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
            while job.kind == "write" and len(group) < MAX_GROUP:
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
            with self._errors():
                db = self._require_db()
                self._begin_write(db)
        except BaseException as error:
            for job in live:
                job.future.set_exception(error)
            return
        # Read under the write lock, not from a cache: another connection (a CLI
        # backup beside the open window) may have appended since our last commit.
        try:
            with self._errors():
                head = self._head_under_lock(db)
                counter = self._counter_under_lock(db)
        except BaseException as error:
            self._fail_group(live, [], error)
            return
        outcomes: list[tuple[_Job, Any, BaseException | None]] = []
        for job in live:
            tx = Transaction(self, db, head)
            try:
                with self._errors():
                    db.execute("SAVEPOINT cordon_write")
                    try:
                        result = job.fn(tx)
                        tx.record_state()
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
        moved = any(failure is None and not job.quiet for job, _result, failure in outcomes)
        try:
            with self._errors():
                if moved:
                    self._announce(db)
                db.execute("COMMIT")
        except BaseException as error:
            with contextlib.suppress(Exception):  # a lost connection has nothing to undo
                if db.in_transaction:
                    db.execute("ROLLBACK")
            self._fail_group(live, outcomes, error)
            return
        if moved and counter is not None:
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
            counter = _counter(db) if self._counted else self._seen_changes
        except Exception:  # the next real job reports a broken connection in words
            log.debug("looking for other processes' commits failed", exc_info=True)
            return  # looked at again next time: the version is not yet taken as seen
        self._data_version = version
        if counter != self._seen_changes:
            self._seen_changes = counter
            self._tell_loop()

    def _tell_loop(self) -> None:
        loop = self._loop
        if loop is None or loop.is_closed():
            return
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
