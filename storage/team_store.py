"""The team store: the same ``Store`` on a PostgreSQL database named by a URL.

Everything above ``storage`` sees one ``Store``: ``run``, ``write`` (group commit,
one savepoint per write, the audit entry in the same transaction), the commit
listeners. What differs is how the store reaches its data and how it hears of other
processes' commits:

* **One connection, from a pool.** The store's thread holds one connection taken
  from a ``psycopg_pool.ConnectionPool`` of one. When the server goes away (a
  restart, a fail-over) the broken connection goes back to the pool, which makes a
  new one in the background with backoff; the next job takes it. A job that meets a
  lost connection fails with ``StoreUnreachable`` ("Team store unreachable ...") and
  nothing is assumed about it: a write whose commit was not confirmed is reported as
  not saved (a claim among them, so nothing is sent on a claim the service cannot
  prove; the publisher's reconcile settles a target left ``publishing``).
* **Writes are serialised across every process** by ``pg_advisory_xact_lock`` taken
  first in each write transaction (``schema.WRITE_LOCK``): claims, holds and audit
  appends interleave exactly as under SQLite's write lock, and the chain's head is
  read under it, so many consoles append to one chain.
* **LISTEN/NOTIFY instead of ``PRAGMA data_version``.** A write that changes what a
  view shows sends ``NOTIFY cordon_changes`` with this store's token in the same
  transaction (delivered only if it commits). A listening connection on a thread of
  its own hears the others' notifications, drops its own, and calls the same commit
  listeners on the loop, at most once per ``WATCH_SECONDS``. It also pings the
  server every ``PING_SECONDS``, so a lost server is noticed within about a second:
  ``reachable`` turns False and the reachability listeners are told; when it comes
  back they are told again and the commit listeners are called once (whatever
  changed meanwhile is read afresh).
* **Key slots in the database** (``key_file``: the same JSON document the key file
  beside a SQLCipher store holds), changed in the transaction that changes the users.
* **Secrets sealed** with the data key before they reach the server
  (``storage.secrets``).
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import psycopg_pool

from storage import audit, pg, schema, state
from storage.connection import Db
from storage.errors import (
    AuditRefused,
    DiskFull,
    StoreError,
    StoreNotFound,
    StoreUnreachable,
)
from storage.i18n import _
from storage.keyslots import KeyFile
from storage.secrets import Sealer
from storage.store import WATCH_SECONDS, Store
from storage.timeutil import Clock, system_clock

log = logging.getLogger(__name__)

CHANNEL = "cordon_changes"
PING_SECONDS = 0.5  # how often the listening connection asks whether the server is there
CONNECT_SECONDS = 3  # how long one attempt to connect may take
# A server reached over TCP that stops answering without closing the connection (a
# cable, a fail-over) is given up on in about two seconds, as a stopped one is at once.
# (A local socket ignores these.)
ALIVE: dict[str, Any] = {
    "keepalives": 1,
    "keepalives_idle": 1,
    "keepalives_interval": 1,
    "keepalives_count": 2,
    "tcp_user_timeout": 2000,
}


def unreachable_sentence(location: str) -> str:
    return _(
        "Team store unreachable: the database server at {location} did not answer, so "
        "what was asked may not have been done. Cordon reconnects by itself: look again "
        "in a moment before you try again."
    ).format(location=location)


@contextlib.contextmanager
def translate_pg_errors(
    location: str, on_lost: Callable[[], None] = lambda: None
) -> Iterator[None]:
    """A team store's errors that a user can act on, as sentences."""
    try:
        yield
    except (psycopg.OperationalError, psycopg.InterfaceError, psycopg_pool.PoolTimeout) as error:
        if isinstance(error, psycopg.errors.DiskFull):
            raise DiskFull(
                _(
                    "The database server at {location} has no space left: the "
                    "change was not saved and nothing was lost. Ask its "
                    "administrator to free some."
                ).format(location=location)
            ) from None
        if isinstance(error, psycopg.errors.InsufficientPrivilege):
            raise
        on_lost()
        raise StoreUnreachable(unreachable_sentence(location)) from None
    except psycopg.errors.InsufficientPrivilege as error:
        if "audit_log" in str(error) or "audit_rows" in str(error):
            raise AuditRefused(
                _("The store refused: {error.diag.message_primary}.").format(error=error)
            ) from None
        raise StoreError(
            _(
                "The role this console signs in to the database with may not "
                "do that ({error.diag.message_primary}): ask the database's "
                "administrator to run cordon_grant for it."
            ).format(error=error)
        ) from None
    except psycopg.Error as error:
        text = str(error.diag.message_primary or error)
        if "audit entries cannot" in text:
            raise AuditRefused(_("The store refused: {text}.").format(text=text)) from None
        raise


def load_keyfile(url: str) -> KeyFile:
    """The team store's key slots, read before anyone signs in (they are not secret:
    each wraps the data key under an officer's password). Run it in a thread."""
    with translate_pg_errors(pg.display(url)), pg.connect(url, timeout=CONNECT_SECONDS) as raw:
        db = pg.PgConnection(raw)
        found = db.execute("SELECT to_regclass('key_file')").fetchone()
        if found is None or found[0] is None:
            raise StoreNotFound(
                _("There is no Cordon store in {display}.").format(display=pg.display(url))
            )
        row = db.execute("SELECT document FROM key_file WHERE id = 1").fetchone()
        if row is None:
            raise StoreNotFound(
                _(
                    "The Cordon store in {display} was never finished (it has no "
                    "key slots): create it again in an empty database."
                ).format(display=pg.display(url))
            )
        return KeyFile.parse(str(row[0]).encode("utf-8"), "the team store's key slots")


def refuse_unless_empty(url: str) -> None:
    """A new team store goes into a database with no Cordon store in it."""
    with translate_pg_errors(pg.display(url)), pg.connect(url, timeout=CONNECT_SECONDS) as raw:
        found = raw.execute(
            "SELECT to_regclass('cordon_schema'), to_regclass('audit_log')"
        ).fetchone()
        if found is not None and any(value is not None for value in found):
            from storage.errors import StoreExists

            raise StoreExists(
                _(
                    "There is already a Cordon store in {display}: open it, or "
                    "name an empty database."
                ).format(display=pg.display(url))
            )


class TeamStore(Store):
    """A store on PostgreSQL. Open it with ``TeamStore.open_team`` (``storage.lifecycle``
    does, for a ``postgresql://`` URL)."""

    team = True

    def __init__(self, url: str, keyfile: KeyFile, clock: Clock) -> None:
        self.url = url
        self._location = pg.display(url)
        self._pool: psycopg_pool.ConnectionPool[Any] | None = None
        self._sealer: Sealer | None = None
        self._token = uuid.uuid4().hex  # this store's own notifications carry it
        self._stopping = threading.Event()
        self._listener: threading.Thread | None = None
        self._reachable = True
        self._reach_listeners: list[Callable[[bool], None]] = []
        self._reach_lock = threading.Lock()
        self._used_at = 0.0  # monotonic time the store thread last used its connection
        self._pool_stale = False  # a new pool at the next job (the server was lost)
        # The change counter as the store's first reads saw it, and the commits this
        # store has announced since: the listening thread's first LISTEN compares them
        # with the counter, so a colleague's commit before it was listening is heard.
        self._opened_seq = -1
        self._own_commits = 0
        super().__init__(Path(self._location), keyfile, clock)

    @classmethod
    async def open_team(
        cls,
        url: str,
        keyfile: KeyFile,
        data_key: bytes,
        *,
        clock: Clock = system_clock,
        actor: str = "system",
        create: bool = False,
    ) -> TeamStore:
        store = cls(url, keyfile, clock)
        opened = await store._opened(data_key, actor, create)
        assert isinstance(opened, TeamStore)
        return opened

    # -- what it is ---------------------------------------------------------------

    @property
    def path(self) -> Path:
        raise StoreError(
            _(
                "{self._location} is a team store (a database), not a file: "
                "back it up and copy it with the database server's own tools."
            ).format(self=self)
        )

    @property
    def where(self) -> Path | str:
        return self.url

    @property
    def location(self) -> str:
        return self._location

    @property
    def label(self) -> str:
        return self._location.rsplit("/", 1)[-1] or "team-store"

    @property
    def reachable(self) -> bool:
        return self._reachable

    def add_reachability_listener(self, listener: Callable[[bool], None]) -> None:
        self._reach_listeners.append(listener)

    def remove_reachability_listener(self, listener: Callable[[bool], None]) -> None:
        if listener in self._reach_listeners:
            self._reach_listeners.remove(listener)

    # -- the connection -----------------------------------------------------------------

    def _connect(self, data_key: bytes) -> None:
        pg.check_url(self.url)
        self._data_key = bytearray(data_key)
        self._sealer = Sealer(bytes(data_key), self.keyfile.store_id)
        self._pool = self._new_pool()
        with self._errors():
            self._require_db()  # a server that cannot be reached is said at once

    def _new_pool(self) -> psycopg_pool.ConnectionPool[Any]:
        """A pool of one connection. min_size 0: it connects when the store thread
        asks. After the server was lost the pool's own attempts back off (seconds
        apart), so the store thread starts a new pool at its next job instead
        (``_pool_stale``): the first job after the server is back connects at once."""
        pool: psycopg_pool.ConnectionPool[Any] = psycopg_pool.ConnectionPool(
            self.url,
            min_size=0,
            max_size=1,
            open=False,
            kwargs={
                "autocommit": True,
                "application_name": "cordon",
                "connect_timeout": CONNECT_SECONDS,
                **ALIVE,
            },
            reconnect_timeout=365 * 24 * 3600.0,  # never give up: a server comes back
            name=f"cordon-{self._token[:8]}",
        )
        pool.open()
        return pool

    def _require_db(self) -> Db:
        if threading.current_thread() is not self._thread:
            raise RuntimeError("store work must run on the store's own thread")
        db = self._db
        if db is not None and not db.broken and self._answers(db):
            return db
        if self._pool is None:
            raise StoreError(_("The store is closed: sign in again to open it."))
        if db is not None:
            self._db = None
            with contextlib.suppress(Exception):
                self._pool.putconn(db.raw)  # broken: the pool makes a new one
        if self._pool_stale:
            self._pool_stale = False
            stale, self._pool = self._pool, self._new_pool()
            with contextlib.suppress(Exception):
                stale.close(timeout=0)
        raw = self._pool.getconn(timeout=CONNECT_SECONDS)
        fresh = pg.PgConnection(raw, self._sealer)
        try:
            if self.tracks_state:
                state.install(fresh)  # the session's own table of changed rows
        except BaseException:
            with contextlib.suppress(Exception):
                self._pool.putconn(raw)
            raise
        self._db = fresh
        return fresh

    def _answers(self, db: pg.PgConnection) -> bool:
        """A connection idle for a while is asked first (one round trip), so a server
        restarted meanwhile costs a reconnection, not a failed job."""
        now = time.monotonic()
        idle = now - self._used_at
        self._used_at = now
        if idle < PING_SECONDS or db.in_transaction:
            return True
        try:
            db.raw.execute("SELECT 1")
        except psycopg.Error:
            return False
        return True

    def _disconnect(self) -> None:
        if self._data_key is not None:
            self._data_key[:] = bytes(len(self._data_key))
            self._data_key = None
        self._sealer = None
        self._stopping.set()
        if self._listener is not None:
            self._listener.join(timeout=5)
        pool, db = self._pool, self._db
        self._pool, self._db = None, None
        if pool is not None:
            if db is not None:
                with contextlib.suppress(Exception):
                    pool.putconn(db.raw)
            pool.close(timeout=2)

    @contextlib.contextmanager
    def _errors(self) -> Iterator[None]:
        with translate_pg_errors(self._location, on_lost=self._lost):
            yield

    def _lost(self) -> None:
        """A job met a lost server: say so, and connect afresh at the next job."""
        self._pool_stale = True
        self._set_reachable(False)

    def save_keyfile(self, keyfile: KeyFile) -> None:
        """In a write: the key slots change with the transaction that changes the users."""
        db = self._require_db()
        db.execute(
            "INSERT INTO key_file (id, document) VALUES (1, ?) ON CONFLICT (id)"
            " DO UPDATE SET document = excluded.document",
            (keyfile.encoded().decode("utf-8"),),
        )
        self.keyfile = keyfile

    def reload_keyfile(self, db: Db) -> None:
        row = db.execute("SELECT document FROM key_file WHERE id = 1").fetchone()
        if row is not None:
            self.keyfile = KeyFile.parse(str(row[0]).encode("utf-8"), "the key slots")

    # -- writing --------------------------------------------------------------------------

    def _begin_write(self, db: Db) -> None:
        db.execute("BEGIN")
        db.execute("SELECT pg_advisory_xact_lock(?)", (schema.WRITE_LOCK,))

    def _head_under_lock(self, db: Db) -> audit.ChainHead:
        # One round trip, after the lock's (so it sees a migration that held the lock).
        found = db.execute(
            "SELECT s.version, a.seq, a.hash FROM cordon_schema s LEFT JOIN LATERAL"
            " (SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1) a ON true"
            " WHERE s.id = 1"
        ).fetchone()
        if found is None:  # no schema row yet (being made): as a file store's start
            return audit.head(db, self.keyfile.store_id)
        schema.refuse_upgraded_meanwhile(int(found[0]))
        if found[1] is None:
            return audit.ChainHead(0, audit.genesis_hash(self.keyfile.store_id))
        return audit.ChainHead(int(found[1]), str(found[2]))

    def _counter_under_lock(self, db: Db) -> int | None:
        return None  # others' commits are heard by the listening connection

    def _announce(self, db: Db) -> None:
        db.execute("UPDATE change_counter SET seq = seq + 1 WHERE id = 1")
        self._own_commits += 1  # counted before the commit: a rollback errs towards a re-read
        db.execute("SELECT pg_notify(?, ?)", (CHANNEL, self._token))

    # -- hearing the others -------------------------------------------------------------

    def _start_watching(self, db: Db) -> None:
        self._watched_at = time.monotonic()
        row = db.execute("SELECT seq FROM change_counter WHERE id = 1").fetchone()
        self._opened_seq = -1 if row is None else int(row[0])
        if self._listener is None:
            self._listener = threading.Thread(
                target=self._listen, name="cordon-team-listen", daemon=True
            )
            self._listener.start()

    def _watch(self) -> None:
        self._watched_at = time.monotonic()  # the listening thread does the watching

    def _listen(self) -> None:
        """On its own thread until the store closes: LISTEN, ping, reconnect."""
        first = True
        while not self._stopping.is_set():
            try:
                raw = psycopg.connect(
                    self.url,
                    autocommit=True,
                    connect_timeout=CONNECT_SECONDS,
                    application_name="cordon-listen",
                    **ALIVE,
                )
            except psycopg.Error:
                self._set_reachable(False)
                self._stopping.wait(PING_SECONDS)
                continue
            try:
                with raw:
                    raw.execute(f"LISTEN {CHANNEL}")
                    if not first or self._missed_before_listening(raw):
                        self._tell_loop()  # whatever changed while away is read afresh
                    first = False
                    self._set_reachable(True)
                    self._hear(raw)
            except psycopg.Error:
                log.debug("the team store's listening connection was lost", exc_info=True)
                self._set_reachable(False)
                self._stopping.wait(PING_SECONDS / 2)

    def _missed_before_listening(self, raw: psycopg.Connection[Any]) -> bool:
        """Whether another console committed between this store's first reads and its
        first LISTEN (a notification sent then reached nobody here)."""
        row = raw.execute("SELECT seq FROM change_counter WHERE id = 1").fetchone()
        return row is not None and int(row[0]) != self._opened_seq + self._own_commits

    def _hear(self, raw: psycopg.Connection[Any]) -> None:
        pinged = time.monotonic()
        while not self._stopping.is_set():
            heard = False
            for notice in raw.notifies(timeout=WATCH_SECONDS):
                if notice.payload != self._token:
                    heard = True
            if heard:
                self._tell_loop()
            if time.monotonic() - pinged >= PING_SECONDS:
                raw.execute("SELECT 1")
                pinged = time.monotonic()
                if not self._reachable:
                    # A job lost its connection (and said so) while this one held:
                    # the server answers, so say that too, and have everything read
                    # afresh.
                    self._set_reachable(True)
                    self._tell_loop()

    def _set_reachable(self, reachable: bool) -> None:
        with self._reach_lock:
            if reachable == self._reachable:
                return
            self._reachable = reachable
        loop = self._loop
        if loop is None or loop.is_closed():
            return

        def tell() -> None:
            for listener in list(self._reach_listeners):
                try:
                    listener(reachable)
                except Exception:
                    log.exception("a reachability listener failed")

        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(tell)
