"""``cordon logs``: where Cordon writes its logs on this computer, and which are there."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from console import cli
from console.logs import FAULTS
from console.paths import log_dir
from storage.i18n import _


def build(verbs: Any) -> None:
    logs = verbs.add_parser(
        "logs",
        help=_("print where Cordon's logs are"),
        description=_(
            "Print the folder Cordon logs to on this computer, and each log in it "
            "with its size. The logs hold no passwords and no posts: send them with a fault "
            "report."
        ),
    )
    logs.set_defaults(action="where")


async def _where(args: argparse.Namespace, out: TextIO) -> int:
    folder = log_dir()
    print(folder, file=out)
    files = sorted(folder.glob("*.log*")) if folder.is_dir() else []
    if not files:
        print(_("  (no logs yet: Cordon writes them here when it runs)"), file=out)
    for path in files:
        note = "  (stacks of fatal faults)" if path.name == FAULTS else ""
        print(
            _("  {path.name}  {value} bytes{note}").format(
                path=path, value=path.stat().st_size, note=note
            ),
            file=out,
        )
    return cli.EXIT_OK


cli.extend("logs", build, {"where": _where})
