"""Files that appear only when the transaction that records them commits.

An export is a disclosure: its audit entry and its file must stand or fall
together. SQLite cannot commit a file, so the file is written (whole, flushed to
disk, private) under a temporary name *inside* the write, where a full disk fails
the transaction, and renamed into place only once the commit succeeded; a write
that fails removes it. A rename allocates no data, so what can fail (space, a
missing folder, permissions) fails before the commit.

A process killed between the commit and the rename leaves the disclosure recorded
and the temporary file (private, named ``.NAME.*.tmp``) in place of the export:
the record says more left than did, never less.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import IO, TypeVar

from storage.files import atomic_writer, os_error_sentence, sync_directory
from storage.store import Store, Transaction

T = TypeVar("T")


class Staged:
    """The files one write makes, kept under temporary names until it commits."""

    def __init__(self) -> None:
        self._pending: list[tuple[str, Path]] = []

    def writer(self, path: Path, mode: int = 0o600) -> AbstractContextManager[IO[bytes]]:
        """A binary file for ``path``, written and flushed now, renamed by ``publish``."""
        return atomic_writer(path, mode, place=self._keep)

    def _keep(self, temp_name: str, path: Path) -> None:
        self._pending.append((temp_name, path))

    def write_bytes(self, path: Path, data: bytes, mode: int = 0o600) -> None:
        with self.writer(path, mode) as out:
            out.write(data)

    def publish(self) -> None:
        """After the commit: every file takes its name."""
        for temp_name, path in self._pending:
            os.replace(temp_name, path)
            sync_directory(path.parent)
        self._pending.clear()

    def discard(self) -> None:
        """After a failed write: no file is left behind."""
        for temp_name, _path in self._pending:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp_name)
        self._pending.clear()


async def write_with_files(store: Store, fn: Callable[[Transaction, Staged], T]) -> T:
    """``store.write(fn)`` where ``fn`` may write files through the ``Staged`` it is
    given: they appear if and only if the write committed."""
    staged = Staged()
    try:
        result = await store.write(lambda tx: fn(tx, staged))
    except BaseException:
        staged.discard()
        raise
    try:
        await asyncio.to_thread(staged.publish)
    except OSError as error:
        staged.discard()
        raise os_error_sentence(error, Path(store.path)) from None
    return result
