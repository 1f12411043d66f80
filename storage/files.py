"""Writing files so that a crash or a full disk never leaves half a file behind."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from storage.errors import DiskFull, StoreError


def atomic_write_bytes(path: Path, data: bytes, mode: int = 0o600) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    with atomic_writer(path, mode) as out:
        out.write(data)


@contextlib.contextmanager
def atomic_writer(path: Path, mode: int = 0o600) -> Iterator[IO[bytes]]:
    """A binary file that appears at ``path`` whole, or not at all.

    Everything is written to a temporary file in the same folder, flushed to disk,
    then renamed over ``path``. An error (a full disk, a cancelled export) leaves
    the old file, if any, untouched and no temporary file behind.
    """
    path = Path(path)
    try:
        handle, temp_name = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".tmp", dir=path.parent
        )
    except OSError as error:
        raise os_error_sentence(error, path) from None
    try:
        with os.fdopen(handle, "wb") as temp:
            yield temp
            temp.flush()
            os.fsync(temp.fileno())
        os.chmod(temp_name, mode)
        os.replace(temp_name, path)
        sync_directory(path.parent)
    except BaseException as error:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        if isinstance(error, OSError):
            raise os_error_sentence(error, path) from None
        raise


def sync_directory(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def os_error_sentence(error: OSError, path: Path) -> StoreError:
    if error.errno == errno.ENOSPC:
        return DiskFull(
            f"The disk holding {path.parent} is full: nothing was written. "
            "Free some space and try again."
        )
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return StoreError(f"Cordon may not write to {path}: check the folder's permissions.")
    return StoreError(f"Could not write {path}: {error.strerror or error}.")
