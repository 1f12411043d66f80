"""Cordon's logs: a rotating file per program in the log folder, warnings and errors
on the terminal (one line each), faults and unexpected errors caught and told.

``setup(name)`` is called once by the composition root (``main.py``) for the window
(``cordon.log``) and the command line (``cordon-cli.log``), and by ``cordon serve``
for the engine (``STORE-engine.log``). Every line passes through ``scrub`` first:
tokens, passwords and keys that an exception or a library's message may carry are
replaced by ``[hidden]``. Cordon's own messages name no person and quote no post
(tests/test_logs.py runs the real programs with canary strings to hold that).

``faulthandler`` writes a fatal fault's Python stacks to ``faults.log`` (a crash in
Qt or SQLCipher leaves no traceback otherwise). An exception nobody caught is
logged in full and told as one sentence naming the log (``unexpected``); the
window replaces the teller with a dialog (``set_teller``).
"""

from __future__ import annotations

import contextlib
import faulthandler
import io
import logging
import logging.handlers
import os
import re
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TextIO

from console.paths import log_dir

LOG_LIMIT_BYTES = 2 * 1024 * 1024
BACKUPS = 4
FAULTS = "faults.log"
DETAIL = "%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"
# Loggers of libraries that say more than a comms officer's log needs (httpx logs
# every request's URL at INFO, and a Graph API URL can carry a token).
QUIET = ("httpx", "httpcore", "hpack", "asyncio", "PIL", "fontTools", "pyhanko", "fpdf")

_NAMES_OF_HIDDEN = (
    r"access[_-]?token|refresh[_-]?token|access[_-]?jwt|refresh[_-]?jwt|id[_-]?token|"
    r"client[_-]?secret|app[_-]?secret|password|passwd|secret|token|api[_-]?key|key|"
    r"code[_-]?verifier|authorization|cookie|session[_-]?id|signature"
)
_SCRUBS = (
    # Authorization: Bearer xyz / DPoP xyz / Basic xyz
    re.compile(r"(?i)\b(bearer|dpop|basic)(\s+)[A-Za-z0-9._~+/=-]{6,}"),
    # key=value in URLs, forms and messages; "key": "value" in JSON
    re.compile(rf"(?i)\b({_NAMES_OF_HIDDEN})([\"']?\s*[=:]\s*[\"']?)[^\s\"'&,;}}]+"),
    # JSON Web Tokens wherever they stand
    re.compile(r"\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*"),
)


def scrub(text: str) -> str:
    """``text`` with every token, password, key and JWT replaced by ``[hidden]``."""
    for pattern in _SCRUBS:
        if pattern.groups >= 2:
            text = pattern.sub(lambda m: f"{m.group(1)}{m.group(2)}[hidden]", text)
        else:
            text = pattern.sub("[hidden]", text)
    return text


class Detailed(logging.Formatter):
    """Time, process, level, logger and message, with the traceback: scrubbed."""

    def __init__(self) -> None:
        super().__init__(DETAIL)

    def format(self, record: logging.LogRecord) -> str:
        return scrub(super().format(record))


class OneLine(logging.Formatter):
    """``cordon: MESSAGE`` (``cordon: warning: MESSAGE``) on one line; a traceback
    stays in the file, and the line says where that is."""

    def __init__(self, detail: Path | None) -> None:
        super().__init__()
        self.detail = detail

    def format(self, record: logging.LogRecord) -> str:
        lines = record.getMessage().strip().splitlines() or [""]
        text = lines[0]
        if record.exc_info and record.exc_info[1] is not None:
            text += f" ({record.exc_info[1].__class__.__name__})"
        if self.detail is not None and (record.exc_info or len(lines) > 1):
            text += f"; details in {self.detail}"
        prefix = "cordon: warning: " if record.levelno < logging.ERROR else "cordon: "
        return scrub(prefix + text)


class RotatingLog(logging.handlers.RotatingFileHandler):
    """Rotates at ``LOG_LIMIT_BYTES`` keeping ``BACKUPS`` old files; where another
    process holds the file and the rename fails (Windows), it goes on writing to
    the same file rather than printing a logging error on every line."""

    def doRollover(self) -> None:
        try:
            super().doRollover()
        except OSError:
            if self.stream is None or self.stream.closed:
                self.stream = self._open()

    def _open(self) -> io.TextIOWrapper:
        # Owner only: a log names stores and channels, which are nobody else's business.
        descriptor = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        return open(descriptor, "a", encoding="utf-8", errors="backslashreplace")


# ``extra=NOT_ON_TERMINAL``: a record for the file only (its sentence is told otherwise).
NOT_ON_TERMINAL = {"on_terminal": False}


def _for_terminal(record: logging.LogRecord) -> bool:
    return bool(getattr(record, "on_terminal", True))


_ours: list[logging.Handler] = []
_state: dict[str, Path | None] = {"path": None}
_fault_file: list[TextIO] = []


def current_log() -> Path | None:
    """The file this program logs to (None before ``setup``, or when it could not)."""
    return _state["path"]


def setup(name: str, *, terminal: TextIO | None = None, level: int = logging.INFO) -> Path | None:
    """Logs of this program go to ``LOG_DIR/NAME.log`` (rotating, full detail) and its
    warnings and errors to ``terminal`` (stderr), one line each. Called again (a test,
    or the engine naming its store), it replaces what it set before. Returns the
    file, or None when the log folder cannot be written (then the terminal has all)."""
    reset()
    root = logging.getLogger()
    path: Path | None = log_dir() / f"{name}.log"
    file_handler: logging.Handler | None = None
    try:
        assert path is not None
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        file_handler = RotatingLog(
            path, maxBytes=LOG_LIMIT_BYTES, backupCount=BACKUPS, encoding="utf-8"
        )
        file_handler.setFormatter(Detailed())
        file_handler.setLevel(level)
    except OSError:
        path = None
    screen = logging.StreamHandler(terminal if terminal is not None else sys.stderr)
    screen.setFormatter(OneLine(path))
    screen.addFilter(_for_terminal)
    screen.setLevel(logging.WARNING if file_handler is not None else level)
    for added in (file_handler, screen):
        if added is not None:
            root.addHandler(added)
            _ours.append(added)
    root.setLevel(min(level, logging.WARNING))
    for noisy in QUIET:
        logging.getLogger(noisy).setLevel(logging.WARNING)
    logging.captureWarnings(True)
    _state["path"] = path
    if path is None:
        logging.getLogger(__name__).warning(
            "the log folder %s cannot be written: the log goes to this terminal only",
            log_dir(),
        )
    _watch_faults()
    sys.excepthook = _excepthook
    threading.excepthook = _thread_excepthook
    return path


def reset() -> None:
    """Undo ``setup`` (tests): Cordon's handlers off the root logger, Python's own hooks
    back, the terminal as the teller."""
    root = logging.getLogger()
    for handler in _ours:
        root.removeHandler(handler)
        handler.close()
    _ours.clear()
    _state["path"] = None
    logging.captureWarnings(False)
    sys.excepthook = sys.__excepthook__
    threading.excepthook = threading.__excepthook__
    set_teller(None)


def _watch_faults() -> None:
    """A fatal fault (a segfault in Qt or SQLCipher, an abort) writes every thread's
    Python stack to ``faults.log`` before the process dies."""
    if _fault_file:
        return
    try:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        descriptor = os.open(folder / FAULTS, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        handle = open(descriptor, "a", encoding="utf-8")  # noqa: SIM115 - kept for life
    except OSError:
        faulthandler.enable()  # the terminal, then
        return
    _fault_file.append(handle)
    faulthandler.enable(file=handle, all_threads=True)


# -- errors nobody caught ---------------------------------------------------------------


def unexpected_sentence(error: BaseException) -> str:
    """What the officer is told of an error Cordon did not expect."""
    where = current_log()
    told = (
        f"Cordon met an error it did not expect ({error.__class__.__name__}). "
        "Everything already saved is safe in the store."
    )
    if where is not None:
        told += (
            f" The details are in {where}: send that file (it holds no passwords and no "
            "posts) to whoever supports Cordon, with what you were doing."
        )
    return told


def tell_terminal(sentence: str) -> None:
    # No terminal (a shortcut's process): the log has it.
    with contextlib.suppress(OSError, ValueError, AttributeError):
        print(f"cordon: {sentence}", file=sys.stderr, flush=True)


_teller: list[Callable[[str], None]] = [tell_terminal]


def set_teller(tell: Callable[[str], None] | None) -> None:
    """How an unexpected error is told: the window shows a dialog; None: the terminal."""
    _teller[0] = tell if tell is not None else tell_terminal


def unexpected(
    kind: type[BaseException], error: BaseException, trace: TracebackType | None
) -> None:
    """Log an error nobody caught, in full, and tell the officer in one sentence."""
    logging.getLogger("cordon.unexpected").critical(
        "an error nobody caught", exc_info=(kind, error, trace), extra=NOT_ON_TERMINAL
    )
    try:
        _teller[0](unexpected_sentence(error))
    except Exception:
        logging.getLogger("cordon.unexpected").exception("telling of the error failed")
        tell_terminal(unexpected_sentence(error))


def _excepthook(
    kind: type[BaseException], error: BaseException, trace: TracebackType | None
) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, error, trace)
        return
    unexpected(kind, error, trace)


def _thread_excepthook(args: threading.ExceptHookArgs) -> None:
    if args.exc_value is None or issubclass(args.exc_type, SystemExit):
        return
    unexpected(args.exc_type, args.exc_value, args.exc_traceback)
