"""Where Cordon keeps its stores when the user does not say."""

from __future__ import annotations

import os
from pathlib import Path

STORE_SUFFIX = ".cordon"


def data_dir() -> Path:
    """``$CORDON_HOME``, else ``$XDG_DATA_HOME/cordon``, else ``~/.local/share/cordon``."""
    if home := os.environ.get("CORDON_HOME"):
        return Path(home).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "cordon"


def default_store_path() -> Path:
    return data_dir() / f"cordon{STORE_SUFFIX}"


def demo_store_path() -> Path:
    return data_dir() / f"demo-exercise{STORE_SUFFIX}"


def ensure_data_dir() -> Path:
    folder = data_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder
