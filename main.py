"""Cordon's composition root: the command line, or the window.

``cordon`` (or ``python main.py``) with no command opens the window; with a
command (``store``, ``audit``) it runs headless on the same core and never
imports Qt, so the audit lead's tools start fast on any machine.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from console import argparse_words, language, logs
from console.cli_args import store_arg
from storage import i18n
from storage.i18n import _

__version__ = "0.1.0"
EXIT_ERROR = 2  # as console.cli says it: bad input, one sentence on stderr

# The command line's verbs. Their modules (the engine, the reports and their PDF
# library, the importers) are imported only when a verb runs, so the window's
# sign-in screen does not wait for them; tests check this list against the verbs
# the modules add.
VERBS = (
    "store", "audit", "user", "queue", "calendar", "inbox", "logs", "report", "serve",
    "engine", "incident", "exercise",
)  # fmt: skip


def load_verbs() -> None:
    """Import the command line with every module that adds a verb to it."""
    import console.cli
    import console.inbox.cli
    import console.logs_cli
    import console.reports.cli
    import console.serve_cli  # noqa: F401  (adds `serve` and `engine`)
    import incident.cli
    import incident.exercise.cli  # noqa: F401


def gui_parser() -> argparse.ArgumentParser:
    argparse_words.speak()
    parser = argparse.ArgumentParser(
        prog="cordon",
        description=_("Cordon incident communications console."),
        epilog=_(
            "Commands (each with --help): {commands}. The window starts the engine "
            "(cordon serve) by itself."
        ).format(commands=", ".join(f"cordon {verb}" for verb in VERBS)),
    )
    parser.add_argument(
        "store",
        nargs="?",
        type=store_arg,
        help=_("the store to open: a file, or a team store's postgresql:// URL"),
    )
    parser.add_argument(
        "--demo", action="store_true", help=_("open the demo exercise store (created if missing)")
    )
    parser.add_argument("--version", action="version", version=f"Cordon {__version__}")
    parser.add_argument(
        "--lang",
        choices=list(i18n.LANGUAGES),
        help=_(
            "speak English (en) or Welsh (cy), whatever the system or the saved choice says "
            "(also $CORDON_LANG; before a command too: cordon --lang cy store check ...)"
        ),
    )
    return parser


def take_language(args: list[str]) -> list[str]:
    """Removes a leading ``--lang X`` (or ``--lang=X``) and puts X in ``$CORDON_LANG``,
    so the command line and the window both speak it; returns the rest."""
    if args and args[0].startswith("--lang="):
        os.environ[language.ENV] = args[0].removeprefix("--lang=")
        return args[1:]
    if len(args) >= 2 and args[0] == "--lang":
        os.environ[language.ENV] = args[1]
        return args[2:]
    return args


def speaks() -> bool:
    """Chooses the language of the core's sentences; False (with a sentence on stderr)
    when ``$CORDON_LANG`` names one Cordon does not speak."""
    try:
        language.apply()
    except ValueError as error:
        print(f"cordon: {error}", file=sys.stderr)
        return False
    return True


def serve_command() -> list[str]:
    """How the window starts the engine service: this program with the ``serve`` verb
    (a frozen build is its own executable; a checkout runs this file)."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    return [sys.executable, str(Path(__file__).resolve())]


def opens_window(args: list[str]) -> bool:
    """Whether ``cordon ARGS`` opens the window: only when no verb is given (any verb,
    also after ``--lang X``, runs headless), and not for help or the version."""
    rest = take_language(list(args))
    if rest[:1] and rest[0] in VERBS:
        return False
    return not any(arg in ("-h", "--help", "--version") for arg in rest)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["--opens-window"]:
        # ./run asks this, with the arguments it was given, to know whether a window
        # (and so a display) is wanted: exit 0 for yes, 1 for no.
        return 0 if opens_window(args[1:]) else 1
    args = take_language(args)
    if args and args[0] in VERBS:
        if not speaks():
            return EXIT_ERROR
        load_verbs()
        from console import cli

        if args[0] != "serve":  # the engine names its log after its store
            logs.setup("cordon-cli")
        return cli.run(args)
    if not speaks():  # before the parser, so its help is in the chosen language
        return EXIT_ERROR
    options = gui_parser().parse_args(args)
    if options.lang:
        os.environ[language.ENV] = options.lang
        if not speaks():
            return EXIT_ERROR
    logs.setup("cordon")
    logging.getLogger("cordon").info(
        "Cordon %s starts its window (Python %s, %s)", __version__, sys.version.split()[0],
        sys.platform,
    )  # fmt: skip
    from ui.frame.app import run_window  # Qt is imported only when a window is wanted

    return run_window(store=options.store, demo=options.demo, serve=serve_command())


if __name__ == "__main__":
    sys.exit(main())
