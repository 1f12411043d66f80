"""``cordon exercise debrief PATH --out FILE``: the debrief from a shell.

``add_debrief(actions)`` adds the action to the ``exercise`` verb's parser, and
``debrief_command`` runs it; ``incident/exercise/cli.py`` (the verb's home) wires
both in. The export is a disclosure like the window's: ``--reason`` and ``--to``
say why and to whom (by default, the exercise's own debrief to its team).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, TextIO

from console import cli
from console.cli import Opened, session_of, with_store
from console.cli_args import store_arg
from console.marking import marked
from incident.exercise import debrief, debrief_out
from storage.files import out_path
from storage.i18n import _


def add_debrief(actions: Any) -> None:
    made = actions.add_parser("debrief", help=_("the exercise's debrief, as PDF or CSV"))
    made.add_argument("path", type=store_arg)
    made.add_argument("--user", required=True, help=_("the trainer"))
    made.add_argument("--out", type=Path, required=True, help=_("FILE.pdf or FILE.csv"))
    made.add_argument(
        "--reason", default=debrief_out.DEFAULT_REASON, help=_("why it is handed out")
    )
    made.add_argument("--to", default=debrief_out.DEFAULT_RECIPIENT, help=_("to whom it goes"))


async def debrief_command(args: argparse.Namespace, out: TextIO) -> int:
    args.out = out_path(args.out, tuple(debrief_out.FORMATS), "the debrief")

    async def work(opened: Opened) -> int:
        session = session_of(opened)
        built = await debrief.build_debrief(session)
        done = await debrief_out.export_debrief(
            session, args.out, reason=args.reason, recipient=args.to, debrief=built
        )
        fired = sum(1 for i in built.injects if i.arrived is not None)
        picked = sum(1 for i in built.injects if i.picked_up is not None)
        with marked(opened.store, out):
            print(
                _("Wrote {path}: {fired} injects arrived, {picked} picked up.").format(
                    path=done.path, fired=fired, picked=picked
                ),
                file=out,
            )
            print(
                _("Recorded as a disclosure: audit entry {seq}.").format(seq=done.audit_seq),
                file=out,
            )
        return cli.EXIT_OK

    return await with_store(args, work)
