"""A real small disk for the full-disk and read-only tests: a tmpfs mounted in the
test's folder (the test machines run as root). Where mounting is not allowed the
tests that need it are skipped, saying why."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


@contextmanager
def small_disk(folder: Path, size_kib: int = 4096) -> Iterator[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_kib}k,mode=0700", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small disk here: {mounted.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True, check=False)


def free_bytes(folder: Path) -> int:
    disk = os.statvfs(folder)
    return disk.f_bavail * disk.f_frsize


def fill(folder: Path, leave: int = 0) -> Path:
    """Fill the disk holding ``folder`` until ``leave`` bytes are free."""
    filler = folder / "filler"
    with filler.open("ab") as out:
        while (room := free_bytes(folder) - leave) > 0:
            try:
                out.write(b"\0" * min(room, 1 << 20))
                out.flush()
            except OSError:
                break
    return filler


def set_read_only(folder: Path, read_only: bool) -> None:
    mode = "ro" if read_only else "rw"
    subprocess.run(["mount", "-o", f"remount,{mode}", str(folder)], check=True)
