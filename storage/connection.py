"""Opening a store's SQLCipher file, and SQLite's errors as sentences.

``open_connection`` opens an existing store (never creating it; on a full disk or a
read-only mount, to read, saying why), ``connect`` opens or creates a file with the
same pragmas (tests and benchmarks), and ``translate_errors`` turns the SQLite
errors a user can act on (a full disk, a read-only mount, a locked or damaged file)
into one sentence each. ``store.py`` owns the connection once it is open.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import sqlcipher3

from storage.errors import AuditRefused, DiskFull, StoreDamaged, StoreError
from storage.i18n import _

Db = Any  # a sqlcipher3 connection; the module ships no type information


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
    """A SQLCipher connection with a raw key and the pragmas Cordon relies on,
    creating the file if there is none (tests and benchmarks; stores open through
    ``open_connection``, which never creates)."""
    if len(data_key) != 32:
        raise ValueError("the data key is 32 bytes")
    return _keyed(path, data_key, "mode=rwc", PRAGMAS)


def open_connection(path: Path, data_key: bytes) -> tuple[Db, str]:
    """A connection to the existing store at ``path``, and why it is read-only ("" if
    it is not). SQLite never creates the file here (``mode=rw``), so a failed open
    writes nothing. On a full disk or a read-only mount the store is opened to read
    (``mode=ro``, or ``immutable`` when no write-ahead log holds anything), so
    verifying and exporting still work; a write then says why it cannot be made."""
    if len(data_key) != 32:
        raise ValueError("the data key is 32 bytes")
    sides = [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")]
    absent = [side for side in sides if not side.exists()]
    try:
        return _keyed(path, data_key, "mode=rw", PRAGMAS), ""
    except sqlcipher3.OperationalError as error:
        for side in absent:  # what SQLite began to make before it failed
            with contextlib.suppress(OSError):
                side.unlink()
        if not path.is_file():
            raise StoreError(_("There is no store file at {path}.").format(path=path)) from None
        reason = unwritable_reason(path)
        if not reason:
            raise StoreError(
                _("{path.name} could not be opened ({error}): check the disk it is on.").format(
                    path=path, error=error
                )
            ) from None
    wal = path.with_name(path.name + "-wal")
    if not wal.exists() or wal.stat().st_size == 0:
        return _keyed(path, data_key, "immutable=1", READ_PRAGMAS), reason
    try:
        return _keyed(path, data_key, "mode=ro", READ_PRAGMAS), reason
    except sqlcipher3.OperationalError:
        raise StoreError(
            _("{reason} It cannot even be read until then.").format(reason=reason)
        ) from None


# The pragmas of a connection that only reads (a store on a full or read-only disk).
READ_PRAGMAS = ("foreign_keys = ON", "temp_store = MEMORY", "cache_size = -65536")


def _keyed(path: Path, data_key: bytes, options: str, pragmas: tuple[str, ...]) -> Db:
    uri = f"{Path(path).absolute().as_uri()}?{options}"
    db = sqlcipher3.connect(uri, uri=True, isolation_level=None)
    try:
        db.execute("PRAGMA cipher_log_level = NONE")
        # PRAGMA key takes no bound parameters; the statement is built from hex only.
        db.execute(f"PRAGMA key = \"x'{data_key.hex()}'\"")
        try:
            db.execute("SELECT count(*) FROM sqlite_schema").fetchone()
        except sqlcipher3.OperationalError:
            raise
        except sqlcipher3.DatabaseError:
            raise StoreDamaged(
                _(
                    "{path.name} cannot be read with its key: the file is "
                    "damaged or does not belong to this key file. Restore both "
                    "from a backup."
                ).format(path=path)
            ) from None
        for pragma in pragmas:
            db.execute(f"PRAGMA {pragma}")
    except BaseException:
        db.close()
        raise
    return db


def unwritable_reason(path: Path) -> str:
    """Why the store at ``path`` cannot be written, in a sentence ("" if it can)."""
    return unwritable(path)[1]


def unwritable(path: Path) -> tuple[str, str]:
    """``(kind, sentence)``: kind is "read-only", "full", "permissions" or ""."""
    folder = Path(path).absolute().parent
    try:
        disk = os.statvfs(folder)
    except OSError:
        return "", ""
    if disk.f_flag & os.ST_RDONLY:
        return "read-only", _(
            "The disk holding {folder} is mounted read-only: Cordon can read the store "
            "but save nothing to it."
        ).format(folder=folder)
    if disk.f_bavail * disk.f_frsize < LOW_SPACE_BYTES:
        return "full", _(
            "The disk holding {folder} is full: Cordon can read the store but save "
            "nothing until some space is freed."
        ).format(folder=folder)
    if not os.access(path, os.W_OK) or not os.access(folder, os.W_OK):
        return "permissions", _(
            "Cordon may not write to {path}: check its permissions and its folder's."
        ).format(path=path)
    return "", ""


# Below this much free space a store cannot open for writing (SQLite's shared-memory
# index alone takes 32 KiB) and a commit is likely to fail.
LOW_SPACE_BYTES = 1024 * 1024


@contextlib.contextmanager
def translate_errors(path: Path) -> Iterator[None]:
    """Turn SQLite's errors that a user can act on into sentences."""
    try:
        yield
    except sqlcipher3.OperationalError as error:
        text = str(error)
        code = str(getattr(error, "sqlite_errorname", ""))
        if "full" in text or code.startswith("SQLITE_FULL"):
            raise DiskFull(
                _(
                    "The disk holding {path.parent} is full: the change was not "
                    "saved and nothing was lost. Free some space and try again."
                ).format(path=path)
            ) from None
        if "locked" in text or "busy" in text:
            raise StoreError(
                _("The store is in use by another Cordon window: close it and try again.")
            ) from None
        if "readonly" in text or code.startswith(("SQLITE_READONLY", "SQLITE_IOERR")):
            kind, reason = unwritable(path)
            if kind == "full":
                raise DiskFull(_("{reason} Nothing was lost.").format(reason=reason)) from None
            if reason:
                raise StoreError(_("{reason} Nothing was lost.").format(reason=reason)) from None
            if "readonly" in text:
                raise StoreError(
                    _("Cordon may not write to {path}: check its permissions.").format(path=path)
                ) from None
            raise StoreError(
                _(
                    "The disk holding {path} failed to read or write ({text}): "
                    "nothing was saved. Check the disk."
                ).format(path=path, text=text)
            ) from None
        raise
    except sqlcipher3.IntegrityError as error:
        if "audit entries cannot" in str(error):
            raise AuditRefused(_("The store refused: {error}.").format(error=error)) from None
        raise
    except sqlcipher3.DatabaseError as error:
        text = str(error)
        if "malformed" in text or "not a database" in text:
            raise StoreDamaged(
                _("{path.name} is damaged ({text}): restore it from a backup.").format(
                    path=path, text=text
                )
            ) from None
        raise
