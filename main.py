"""Cordon's composition root: the command line, or the window.

``cordon`` (or ``python main.py``) with no command opens the window; with a
command (``store``, ``audit``) it runs headless on the same core and never
imports Qt, so the audit lead's tools start fast on any machine.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import console.inbox.cli
import console.reports.cli  # noqa: F401  (adds the report verbs to the command line)
import incident.cli  # adds the incident verbs to the command line
import incident.exercise.cli  # noqa: F401  (adds the exercise verbs)
from console import cli

__version__ = "0.1.0"


def gui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cordon",
        description="Cordon incident communications console.",
        epilog="Commands for scripts and the audit lead: cordon store, audit, user, queue, "
        "calendar, incident, inbox and report (each with --help).",
    )
    parser.add_argument("store", nargs="?", type=Path, help="the store to open")
    parser.add_argument(
        "--demo", action="store_true", help="open the demo exercise store (created if missing)"
    )
    parser.add_argument("--version", action="version", version=f"Cordon {__version__}")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in cli.VERBS:
        return cli.run(args)
    options = gui_parser().parse_args(args)
    from ui.app import run_window  # Qt is imported only when a window is wanted

    return run_window(store=options.store, demo=options.demo)


if __name__ == "__main__":
    sys.exit(main())
