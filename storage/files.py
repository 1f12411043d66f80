"""Writing files so that a crash or a full disk never leaves half a file behind."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from storage.errors import DiskFull, StoreError
from storage.i18n import _


def atomic_write_bytes(path: Path, data: bytes, mode: int = 0o600) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    with atomic_writer(path, mode) as out:
        out.write(data)


def _rename_into_place(temp_name: str, path: Path) -> None:
    os.replace(temp_name, path)
    sync_directory(path.parent)


@contextlib.contextmanager
def atomic_writer(
    path: Path,
    mode: int = 0o600,
    place: Callable[[str, Path], None] = _rename_into_place,
) -> Iterator[IO[bytes]]:
    """A binary file that appears at ``path`` whole, or not at all.

    Everything is written to a temporary file in the same folder, flushed to disk,
    then renamed over ``path`` (``place`` may keep the temporary file back instead,
    as ``storage.staging`` does until a commit). An error (a full disk, a cancelled
    export) leaves the old file, if any, untouched and no temporary file behind.
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
        place(temp_name, path)
    except BaseException as error:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        if isinstance(error, OSError):
            raise os_error_sentence(error, path) from None
        raise


def out_path(out: Path, suffixes: tuple[str, ...], what: str) -> Path:
    """Where an export may go: a file of one of ``suffixes`` in a folder that exists.
    Anything else is one sentence, before any work is done."""
    out = Path(out).expanduser().absolute()
    if out.is_dir():
        ending = " or ".join(suffixes)
        raise StoreError(
            _("{out} is a folder: give a file name in it, ending {ending}.").format(
                out=out, ending=ending
            )
        )
    if out.suffix.lower() not in suffixes:
        wanted = " or a ".join(suffixes)
        raise StoreError(
            _("Write {what} to a {wanted} file, not {out.name}.").format(
                what=what, wanted=wanted, out=out
            )
        )
    if not out.parent.is_dir():
        raise StoreError(
            _("The folder {out.parent} does not exist: create it first.").format(out=out)
        )
    return out


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
            _(
                "The disk holding {folder} is full: nothing was written. "
                "Free some space and try again."
            ).format(folder=path.parent)
        )
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return StoreError(
            _("Cordon may not write to {path}: check the folder's permissions.").format(path=path)
        )
    return StoreError(
        _("Could not write {path}: {why}.").format(path=path, why=error.strerror or error)
    )
