"""Creating, unlocking, checking and backing up a store.

A store is two files side by side: ``NAME`` (the SQLCipher database) and
``NAME.keys`` (its key slots), or a team store: a PostgreSQL database named by a
``postgresql://`` URL, holding its key slots in a table (``storage.team_store``).
Every function here takes either (``Where``). Key derivation is slow on purpose and
always runs in a worker thread (``asyncio.to_thread``), never on the caller's loop
thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlcipher3

from storage import audit, keychange, pg, schema, state, users
from storage.errors import StoreDamaged, StoreError, StoreExists, StoreNotFound
from storage.files import os_error_sentence, sync_directory
from storage.i18n import _
from storage.keyslots import KdfParams, KeyFile, benchmark_kdf, new_data_key
from storage.records import AuditCategory, Checkpoint, Role, StoreKind, User
from storage.state import StateVerdict
from storage.store import Store, Transaction
from storage.timeutil import Clock, system_clock, to_iso

SIDE_FILES = ("-wal", "-shm", "-journal")

# Where a store is: a file's path, or a team store's URL (``postgresql://...``).
Where = Path | str


def is_team(where: Where) -> bool:
    return pg.is_team_url(where)


def as_path(where: Where) -> Path:
    return Path(where).expanduser().absolute()


def store_key(where: Where) -> str:
    """What names one store, whatever form its name was given in (the sign-in delay
    counts per store): a file's absolute path, a team store's URL without password."""
    return pg.display(str(where)) if is_team(where) else str(as_path(where))


def store_files(path: Path) -> list[Path]:
    """Every file that belongs to the store at ``path``."""
    return [path, KeyFile.path_for(path), *(path.with_name(path.name + s) for s in SIDE_FILES)]


async def create_store(
    path: Where,
    *,
    user: str,
    password: str,
    display_name: str = "",
    kind: StoreKind = StoreKind.LIVE,
    kdf: KdfParams | None = None,
    clock: Clock = system_clock,
    time_zone: str = "Europe/London",
    roles: Iterable[Role] = (),
) -> Store:
    """Create a new store whose first user, ``user``, is an administrator, and holds
    ``roles`` as well (a small force's comms lead is also its duty officer)."""
    if is_team(path):
        assert isinstance(path, str)
        return await _create_team_store(
            path,
            user=user,
            password=password,
            display_name=display_name,
            kind=kind,
            kdf=kdf,
            clock=clock,
            time_zone=time_zone,
            roles=roles,
        )
    path = as_path(path)
    if path.exists() or KeyFile.path_for(path).exists():
        raise StoreExists(
            _("There is already a store at {path}: open it, or choose another name.").format(
                path=path
            )
        )
    if not path.parent.is_dir():
        raise StoreError(
            _("The folder {path.parent} does not exist: create it first.").format(path=path)
        )
    _first_user_given(user, password)
    params = kdf if kdf is not None else await asyncio.to_thread(benchmark_kdf)
    data_key = new_data_key()
    empty = KeyFile(uuid.uuid4().hex, kind, to_iso(clock()), ())
    keyfile = await asyncio.to_thread(empty.with_slot, user, password, data_key, params)
    try:
        # Made empty and private first: SQLite gives -wal and -shm the same mode.
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        store = await Store.open(path, keyfile, data_key, clock=clock, actor=user, create=True)
    except FileExistsError:
        raise StoreExists(
            _("There is already a store at {path}: open it, or choose another name.").format(
                path=path
            )
        ) from None
    except OSError as error:
        _remove_quietly(path)
        raise os_error_sentence(error, path) from None
    except BaseException:
        _remove_quietly(path)
        raise

    try:
        await _initialise(
            store,
            keyfile,
            user=user,
            display_name=display_name,
            clock=clock,
            time_zone=time_zone,
            roles=roles,
        )
    except BaseException:
        _remove_quietly(path)
        with contextlib.suppress(FileNotFoundError):
            KeyFile.path_for(path).unlink()
        raise
    return store


async def _create_team_store(
    url: str,
    *,
    user: str,
    password: str,
    display_name: str,
    kind: StoreKind,
    kdf: KdfParams | None,
    clock: Clock,
    time_zone: str,
    roles: Iterable[Role] = (),
) -> Store:
    """A new store in an empty PostgreSQL database: the schema, the first user, the
    key slots in their table, in one go (a failure leaves no store to open)."""
    if kind is not StoreKind.LIVE:
        raise StoreError(
            _(
                "An exercise runs on a store file of its own, never on a "
                "team database: create the exercise store as a file."
            )
        )
    _first_user_given(user, password)
    pg.check_url(url)
    from storage import team_store  # PostgreSQL's client is loaded only for a team store

    await asyncio.to_thread(team_store.refuse_unless_empty, url)
    params = kdf if kdf is not None else await asyncio.to_thread(benchmark_kdf)
    data_key = new_data_key()
    empty = KeyFile(uuid.uuid4().hex, kind, to_iso(clock()), ())
    keyfile = await asyncio.to_thread(empty.with_slot, user, password, data_key, params)
    store = await team_store.TeamStore.open_team(
        url, keyfile, data_key, clock=clock, actor=user, create=True
    )
    await _initialise(
        store,
        keyfile,
        user=user,
        display_name=display_name,
        clock=clock,
        time_zone=time_zone,
        roles=roles,
    )
    return store


async def _initialise(
    store: Store,
    keyfile: KeyFile,
    *,
    user: str,
    display_name: str,
    clock: Clock,
    time_zone: str,
    roles: Iterable[Role] = (),
) -> None:
    """The new store's first write: its identity, its first entry, its first user and
    its key slots. A failure closes the store."""
    from storage import signing  # X.509 is loaded when a store is made, not at sign-in

    kind = keyfile.kind
    # The store's own signing key and certificate (reports and debriefs are signed).
    identity = await asyncio.to_thread(signing.new_identity, keyfile.store_id, kind, clock())

    def initialise(tx: Transaction) -> None:
        tx.db.executemany(
            "INSERT INTO meta (key, value) VALUES (?, ?)",
            [
                ("store_id", keyfile.store_id),
                ("kind", kind.value),
                ("created_utc", keyfile.created_utc),
                ("time_zone", time_zone),
                ("state_since", "0"),  # every row's state recorded from the start
                (state.COLUMNS_KEY, str(state.COLUMNS_VERSION)),  # with the newest columns
                *signing.meta_rows(tx.db, identity),
            ],
        )
        tx.audit(
            actor=user,
            action="store.create",
            category=AuditCategory.SYSTEM,
            object_type="store",
            object_id=keyfile.store_id,
            after={
                "kind": kind.value,
                "schema": schema.LATEST,
                "time_zone": time_zone,
                "certificate_sha256": identity.fingerprint,
            },
        )
        users.add(
            tx,
            actor=user,
            name=user,
            display_name=display_name or user,
            roles=[Role.ADMINISTRATOR, *roles],
        )
        # Inside the transaction: if the key file cannot be written, nothing is kept.
        store.save_keyfile(keyfile)

    try:
        await store.write(initialise)
    except BaseException:
        await store.close()
        raise


def _first_user_given(user: str, password: str) -> None:
    if not user.strip():
        raise StoreError(_("The first user needs a name."))
    if not password:
        raise StoreError(_("The first user needs a password."))


def load_keyfile(where: Where) -> KeyFile:
    """The store's key slots: the file beside it, or a team store's table. Slow on
    a team store (a connection): run it in a thread."""
    if is_team(where):
        assert isinstance(where, str)
        from storage import team_store

        return team_store.load_keyfile(where)
    return KeyFile.load(as_path(where))


async def unlock(path: Where, user: str, password: str) -> tuple[KeyFile, bytes]:
    """Read the key file and unwrap the data key with ``user``'s password.

    Raises ``WrongPassword`` for a wrong password and for a name with no key slot
    alike (which names exist is not given away); either way no file is touched.
    """
    keyfile = await asyncio.to_thread(load_keyfile, path)
    data_key = await asyncio.to_thread(keyfile.unlock, user, password)
    return keyfile, data_key


async def open_with_key(
    where: Where,
    keyfile: KeyFile,
    data_key: bytes,
    *,
    clock: Clock = system_clock,
    actor: str = "system",
) -> Store:
    """Open the store with a data key already unwrapped (or handed over)."""
    if is_team(where):
        assert isinstance(where, str)
        from storage import team_store

        return await team_store.TeamStore.open_team(
            where, keyfile, data_key, clock=clock, actor=actor
        )
    return await Store.open(as_path(where), keyfile, data_key, clock=clock, actor=actor)


async def open_store(
    path: Where, user: str, password: str, *, clock: Clock = system_clock
) -> tuple[Store, User]:
    """Unlock and open a store; return it with the signed-in user's record."""
    if is_team(path):
        pg.check_url(str(path))
    else:
        path = as_path(path)
        _refuse_what_is_no_store(path)
    keyfile, data_key = await unlock(path, user, password)
    store = await open_with_key(path, keyfile, data_key, clock=clock, actor=user)
    try:
        if not store.read_only:
            # A key change that committed just before a crash takes effect now.
            await store.run(lambda db: keychange.settle(db, store))
        record = await store.run(lambda db: users.by_name(db, user))
        if record is None or not record.active:
            raise StoreError(
                _("{user} may no longer open this store: ask an administrator.").format(user=user)
            )
    except BaseException:
        await store.close()
        raise
    return store, record


def _refuse_what_is_no_store(path: Path) -> None:
    """Before SQLite sees it: a folder, a missing or an empty file is refused, so a
    failed open never creates or writes anything."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        if not KeyFile.path_for(path).exists():
            raise StoreNotFound(
                _("There is no Cordon store at {path}.").format(path=path)
            ) from None
        raise StoreDamaged(
            _("{path.name} is missing beside its key file: restore both from a backup.").format(
                path=path
            )
        ) from None
    except OSError as error:
        raise StoreError(
            _("{path} cannot be read: {error.strerror}.").format(path=path, error=error)
        ) from None
    if path.is_dir():
        raise StoreError(
            _("{path} is a folder, not a Cordon store: name the store's file.").format(path=path)
        )
    if size == 0:
        raise StoreDamaged(
            _(
                "{path.name} is empty: the store was cut short. Restore it "
                "and its key file from a backup."
            ).format(path=path)
        )


# -- checking --------------------------------------------------------------------


@dataclass(frozen=True)
class CheckReport:
    page_problems: tuple[str, ...]
    verdict: audit.Verdict | None
    audit_unreadable: str = ""
    state: StateVerdict | None = None

    @property
    def pages_ok(self) -> bool:
        return not self.page_problems

    @property
    def state_ok(self) -> bool:
        """No row disagrees with the trail, none did when the store began checking
        more columns, and no guarding trigger was touched (a store that has not
        recorded row states yet is not a problem found: the report says it cannot
        tell)."""
        return self.state is None or (
            self.state.first is None and not self.state.triggers and not self.state.at_upgrade
        )

    @property
    def ok(self) -> bool:
        return self.pages_ok and self.verdict is not None and self.verdict.ok and self.state_ok


async def check(
    store: Store,
    checkpoint: Checkpoint | None = None,
    progress: audit.Progress | None = None,
) -> CheckReport:
    """Every page's HMAC and the database structure, the whole audit chain, then
    the state: every tracked row against what the trail says it became, and the
    triggers that guard the trail (``storage.state``).

    Damage is reported, not raised: the point of a check is to say what is wrong.
    """

    def pages(db: Any) -> list[str]:
        if pg.is_postgres(db):
            return []  # the server checks its own pages (data checksums, amcheck)
        problems = [str(row[0]) for row in db.execute("PRAGMA cipher_integrity_check")]
        try:
            structure = [str(row[0]) for row in db.execute("PRAGMA integrity_check")]
        except sqlcipher3.DatabaseError as error:
            structure = [f"structure: {error}"]
        if structure != ["ok"]:
            problems += structure
        return problems

    page_problems = await store.run(pages)
    try:
        verdict = await store.run(lambda db: audit.verify(db, store.store_id, checkpoint, progress))
    except StoreDamaged as error:
        return CheckReport(tuple(page_problems), None, str(error))
    expected = await asyncio.to_thread(state.expected_triggers_for, store.team)
    found = await store.run(lambda db: state.check(db, expected))
    return CheckReport(tuple(page_problems), verdict, state=found)


# -- backing up --------------------------------------------------------------------


async def backup(store: Store, destination: Path, *, actor: str) -> Path:
    """Copy the store to a new encrypted file (same key slots) at ``destination``.

    The copy is consistent (``VACUUM INTO`` reads one snapshot), written under a
    temporary name and renamed, and the backup itself is in the audit trail that
    the copy carries.
    """
    if store.team:
        raise StoreError(
            _(
                "{store.location} is a team store: back it up with the "
                "database server's own tools (pg_dump, or the force's "
                "database backups), which copy the key slots too."
            ).format(store=store)
        )
    destination = Path(destination).expanduser().absolute()
    if destination.is_dir():
        destination = destination / store.path.name
    if destination.exists() or KeyFile.path_for(destination).exists():
        raise StoreExists(
            _("{destination} already exists: choose a new name for the backup.").format(
                destination=destination
            )
        )
    if not destination.parent.is_dir():
        raise StoreError(
            _("The folder {destination.parent} does not exist: create it first.").format(
                destination=destination
            )
        )
    if destination.resolve() == store.path.resolve():
        raise StoreError(_("A backup cannot replace the store it copies."))

    await store.write(
        lambda tx: tx.audit(
            actor=actor,
            action="store.backup",
            category=AuditCategory.SYSTEM,
            object_type="store",
            object_id=store.store_id,
            after={"destination": str(destination)},
        )
    )
    temp = destination.with_name(f".{destination.name}.{uuid.uuid4().hex}.tmp")

    def copy(db: Any) -> None:
        try:
            db.execute("VACUUM INTO ?", (str(temp),))
            os.chmod(temp, 0o600)
            store.keyfile.save(destination)
            with open(temp, "rb") as handle:
                os.fsync(handle.fileno())
            os.replace(temp, destination)
            sync_directory(destination.parent)
        except BaseException:
            _remove_quietly(temp)
            with contextlib.suppress(FileNotFoundError):
                KeyFile.path_for(destination).unlink()
            raise

    try:
        await store.run(copy)
    except OSError as error:
        raise os_error_sentence(error, destination) from None
    return destination


def _remove_quietly(path: Path) -> None:
    for candidate in (path, *(path.with_name(path.name + s) for s in SIDE_FILES)):
        with contextlib.suppress(FileNotFoundError):
            candidate.unlink()
