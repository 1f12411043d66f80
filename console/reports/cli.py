"""``cordon report list|export``: reports from the public from a shell.

``export`` is the hand-over: the same service as the window, so the file and its
disclosure entry (who, to whom, why) are written together or not at all.
"""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from console import cli
from console.cli import CommandError, Opened, session_of, with_store
from console.cli_args import store_arg
from console.marking import marked
from console.reports import export, service
from console.reports.grading import Category, Grade, ReportState, parse_choice
from console.timezone import local_text
from storage.files import out_path
from storage.i18n import _
from storage.reports import ReportRow


def build(verbs: Any) -> None:
    command = verbs.add_parser("report", help=_("reports from the public: list and hand over"))
    actions = command.add_subparsers(dest="action", metavar="ACTION", required=True)

    listing = actions.add_parser("list", help=_("references, grades, states and clocks"))
    listing.add_argument("path", type=store_arg)
    listing.add_argument("--user", required=True)
    listing.add_argument(
        "--state", default="", choices=["", *(s.value for s in ReportState)], metavar="STATE"
    )

    out = actions.add_parser("export", help=_("hand a report over as PDF or JSON (a disclosure)"))
    out.add_argument("path", type=store_arg)
    out.add_argument("reference", metavar="REF")
    out.add_argument("--user", required=True)
    out.add_argument("--out", type=Path, required=True, help=_("FILE.pdf or FILE.json"))
    out.add_argument("--reason", required=True, help=_("why it is disclosed"))
    out.add_argument("--to", dest="recipient", required=True, help=_("to whom it is disclosed"))


async def _list(args: argparse.Namespace, out: TextIO) -> int:
    state = parse_choice(ReportState, args.state, "report state") if args.state else None

    async def work(opened: Opened) -> int:
        found = await service.list_reports(session_of(opened), state)
        now = opened.store.clock()  # the store's now: an exercise's own time in one
        with marked(opened.store, out):
            if not found:
                print(_("No reports."), file=out)
            for row in found:
                print(_report_line(row, now), file=out)
        return cli.EXIT_OK

    return await with_store(args, work)


def _report_line(row: ReportRow, now: datetime) -> str:
    clock = service.clock_of(row, now)
    shown = f"{clock.state.value} {clock.text}" + (" (stopped)" if clock.stopped else "")
    return (
        f"{row.reference}\t{local_text(row.created_utc, compact=True)}\t"
        f"{Category(row.category).label}\t{Grade(row.grade).label}\t"
        f"{ReportState(row.state).label}\t{shown}\t{row.item_count} items"
    )


async def _export(args: argparse.Namespace, out: TextIO) -> int:
    if not args.reason.strip() or not args.recipient.strip():
        raise CommandError(
            _("Handing over a report is a disclosure: say why with --reason and to whom with --to.")
        )
    args.out = out_path(args.out, tuple(export.FORMATS), "a report")

    async def work(opened: Opened) -> int:
        done = await export.export_report(
            session_of(opened), args.reference, args.out,
            reason=args.reason, recipient=args.recipient,
        )  # fmt: skip
        print(
            _("Wrote {done.path}: report {done.reference}, version {done.version}.").format(
                done=done
            ),
            file=out,
        )
        print(_(
"Disclosure to {args.recipient} recorded as audit entry "
"{done.audit_seq}."
).format(args=args, done=done),
              file=out)  # fmt: skip
        if done.path.suffix.lower() == ".pdf":
            print(
                _(
                    "Signed with the store's certificate; check it anywhere with "
                    "python3 verify_cordon.py --report {name}"
                ).format(name=done.path.name),
                file=out,
            )
        return cli.EXIT_OK

    return await with_store(args, work)


cli.extend("report", build, {"list": _list, "export": _export})
