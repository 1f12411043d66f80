"""Where Cordon keeps its stores, settings and logs when the user does not say.

The folders are the platform's own (``platformdirs``): on Linux the XDG folders
(``~/.local/share/cordon``, ``~/.config/cordon``, ``~/.local/state/cordon/log``), on
Windows ``%LOCALAPPDATA%\\cordon`` (data, settings) and ``%LOCALAPPDATA%\\cordon\\Logs``.
``$CORDON_HOME`` puts all three in one folder (tests, a portable copy, a service).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

STORE_SUFFIX = ".cordon"
APP = "cordon"


def _home() -> Path | None:
    home = os.environ.get("CORDON_HOME")
    return Path(home).expanduser() if home else None


def data_dir() -> Path:
    """``$CORDON_HOME``, else the platform's data folder (``$XDG_DATA_HOME/cordon``,
    ``~/.local/share/cordon``, ``%LOCALAPPDATA%\\cordon``)."""
    home = _home()
    return home if home is not None else Path(platformdirs.user_data_dir(APP, appauthor=False))


def config_dir() -> Path:
    """``$CORDON_HOME``, else the platform's settings folder."""
    home = _home()
    return home if home is not None else Path(platformdirs.user_config_dir(APP, appauthor=False))


def log_dir() -> Path:
    """``$CORDON_LOG_DIR`` (a service's ``LogsDirectory=``), else ``$CORDON_HOME/logs``,
    else the platform's log folder."""
    if chosen := os.environ.get("CORDON_LOG_DIR"):
        return Path(chosen).expanduser()
    home = _home()
    if home is not None:
        return home / "logs"
    return Path(platformdirs.user_log_dir(APP, appauthor=False))


def default_store_path() -> Path:
    return data_dir() / f"cordon{STORE_SUFFIX}"


def demo_store_path() -> Path:
    return data_dir() / f"demo-exercise{STORE_SUFFIX}"


def ensure_data_dir() -> Path:
    folder = data_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder
