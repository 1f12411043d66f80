"""``cordon incident engage|status|stand-down|report``: incident mode from a shell.

For the duty officer whose window is not to hand, and for scripts and tests:
the same services as the window, the same audit trail.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, TextIO

from console import cli
from console.cli import CommandError, Opened, session_of, with_store
from console.cli_args import store_arg
from console.marking import marked
from console.timezone import local_text
from incident import engage, report, stand_down
from incident.engage import Details
from storage import channels
from storage.files import out_path
from storage.i18n import _, ngettext
from storage.incidents import Scope
from storage.records import IncidentMode


def build(verbs: Any) -> None:
    command = verbs.add_parser("incident", help=_("engage, follow and stand down incident mode"))
    actions = command.add_subparsers(dest="action", metavar="ACTION", required=True)

    start = actions.add_parser("engage", help=_("hold everything in scope now, then name it"))
    start.add_argument("path", type=store_arg)
    start.add_argument("--user", required=True)
    start.add_argument("--name", required=True, help=_("the incident's name (heads the banner)"))
    start.add_argument("--reason", required=True, help=_("why (goes in the audit trail)"))
    start.add_argument("--reference", default="", help=_("the force's incident reference"))
    start.add_argument("--gold", default="", help=_("the gold commander"))
    start.add_argument(
        "--channels", nargs="+", metavar="CHANNEL", help=_("hold only these channels (by name)")
    )
    start.add_argument("--areas", nargs="+", metavar="AREA", help=_("hold only these areas"))
    start.add_argument(
        "--mode", choices=[m.value for m in IncidentMode], default=IncidentMode.SUSPEND.value
    )

    status = actions.add_parser("status", help=_("what incident mode holds and has sent"))
    status.add_argument("path", type=store_arg)
    status.add_argument("--user", required=True)

    end = actions.add_parser("stand-down", help=_("end the incident (nothing may be left held)"))
    end.add_argument("path", type=store_arg)
    end.add_argument("--user", required=True)
    end.add_argument("--reason", required=True)
    pins = end.add_mutually_exclusive_group()
    pins.add_argument(
        "--unpin",
        action="store_true",
        help=_("take the holding statements pinned during the incident off the top again"),
    )
    pins.add_argument(
        "--keep-pinned", action="store_true", help=_("leave the pinned holding statements pinned")
    )

    made = actions.add_parser("report", help=_("the incident report, as PDF or CSV"))
    made.add_argument("path", type=store_arg)
    made.add_argument("--user", required=True)
    made.add_argument("--out", type=Path, required=True, help=_("FILE.pdf or FILE.csv"))
    made.add_argument(
        "--incident", type=int, default=0, help=_("its number (default: the current or last one)")
    )
    made.add_argument("--reason", required=True, help=_("why the report is handed out"))
    made.add_argument("--to", dest="recipient", required=True, help=_("to whom it goes"))


async def _engage(args: argparse.Namespace, out: TextIO) -> int:
    async def work(opened: Opened) -> int:
        session = session_of(opened)
        scope = Scope.everything()
        if args.channels and args.areas:
            raise CommandError(_("Give --channels or --areas, not both."))
        if args.channels:
            known = {c.name: c.id for c in await opened.store.run(channels.all_channels)}
            unknown = [name for name in args.channels if name not in known]
            if unknown:
                raise CommandError(
                    _("No channel is called {unknown}. Channels: {known}.").format(
                        unknown=", ".join(unknown), known=", ".join(known)
                    )
                )
            scope = Scope.of_channels(known[name] for name in args.channels)
        elif args.areas:
            scope = Scope.of_areas(args.areas)
        incident = await engage.engage(
            session,
            details=Details(args.name, args.reference, args.gold, args.reason),
            scope=scope,
            mode=IncidentMode(args.mode),
        )
        counts = await engage.counts(opened.store, incident.id)
        print(
            _("Incident mode engaged: {incident.title} ({incident.mode.value}).").format(
                incident=incident
            ),
            file=out,
        )
        print(
            ngettext("{n} post held.", "{n} posts held.", counts.held).format(n=counts.held),
            file=out,
        )
        flying = engage.in_flight_summary(await engage.in_flight(opened.store, incident))
        if flying:
            print(flying, file=out)
        return cli.EXIT_OK

    return await with_store(args, work)


async def _status(args: argparse.Namespace, out: TextIO) -> int:
    async def work(opened: Opened) -> int:
        incident = await engage.current(opened.store)
        if incident is None:
            with marked(opened.store, out):
                print(_("Incident mode is not engaged."), file=out)
            return cli.EXIT_OK
        listed = await opened.store.run(channels.all_channels)
        names = {c.id: c.name for c in listed}
        areas = [c.area for c in listed]
        counts = await engage.counts(opened.store, incident.id)
        flying = engage.in_flight_summary(await engage.in_flight(opened.store, incident))
        with marked(opened.store, out):
            print(_("Incident mode engaged: {incident.title}").format(incident=incident), file=out)
            print(_("  reference       {value}").format(value=incident.reference or "-"), file=out)
            print(
                _("  gold commander  {value}").format(value=incident.gold_commander or "-"),
                file=out,
            )
            print(
                _("  engaged         {when} by {who}").format(
                    when=local_text(incident.engaged_utc), who=incident.engaged_by
                ),
                file=out,
            )
            print(_("  mode            {incident.mode.value}").format(incident=incident), file=out)
            scope = incident.scope.describe(names, areas)
            print(_("  scope           {describe}").format(describe=scope), file=out)
            print(_("  held            {counts.held}").format(counts=counts), file=out)
            print(_("  released        {counts.released}").format(counts=counts), file=out)
            print(_("  cancelled       {counts.cancelled}").format(counts=counts), file=out)
            print(
                _(
                    "  statements      {counts.statements_sent} sent, "
                    "{counts.statements_waiting} waiting, "
                    "{counts.statements_failed} failed"
                ).format(counts=counts),
                file=out,
            )
            if incident.next_update_utc:
                print(
                    _("  next update     {value}").format(
                        value=local_text(incident.next_update_utc)
                    ),
                    file=out,
                )
            if flying:
                print(flying, file=out)
        return cli.EXIT_OK

    return await with_store(args, work)


async def _stand_down(args: argparse.Namespace, out: TextIO) -> int:
    async def work(opened: Opened) -> int:
        incident = await engage.current(opened.store)
        if incident is None:
            raise CommandError(_("Incident mode is not engaged: there is nothing to stand down."))
        pinned = await stand_down.still_pinned(opened.store, incident.id)
        if pinned and not (args.unpin or args.keep_pinned):
            raise CommandError(
                ngettext(
                    "{n} holding statement is pinned from this incident: stand down with "
                    "--unpin to take it off the top of its profile or Page, or with "
                    "--keep-pinned to leave it.",
                    "{n} holding statements are pinned from this incident: stand down with "
                    "--unpin to take them off the top of their profiles and Pages, or with "
                    "--keep-pinned to leave them.",
                    pinned,
                ).format(n=pinned)
            )
        done = await stand_down.stand_down(
            session_of(opened), incident.id, reason=args.reason, unpin=args.unpin
        )
        print(_("Stood down: {done.title}.").format(done=done), file=out)
        if pinned and args.unpin:
            print(
                _(
                    "Asked to unpin {pinned}: Cordon's engine unpins them while "
                    "the console runs, and each result goes in the audit trail."
                ).format(pinned=pinned),
                file=out,
            )
        return cli.EXIT_OK

    return await with_store(args, work)


async def _report(args: argparse.Namespace, out: TextIO) -> int:
    args.out = out_path(args.out, (".pdf", ".csv"), "the incident report")

    async def work(opened: Opened) -> int:
        incident_id = args.incident
        if not incident_id:
            known = await engage.history(opened.store)
            if not known:
                raise CommandError(_("This store has no incident yet."))
            incident_id = known[0].id
        built = await report.build(opened.store, incident_id)
        done = await report.export(
            opened.store, built, args.out, actor=opened.user.name, reason=args.reason,
            recipient=args.recipient,
        )  # fmt: skip
        cp = built.checkpoint
        print(
            _("Wrote {done.path}: {n} timeline entries.").format(done=done, n=len(built.timeline)),
            file=out,
        )
        print(_("Audit checkpoint: entry {cp.seq}, hash {cp.hash}").format(cp=cp), file=out)
        print(
            _(
                "Disclosed to {args.recipient} in entry {done.entry.seq}; "
                "check it anywhere with python3 verify_cordon.py --report "
                "{done.path.name}"
            ).format(args=args, done=done),
            file=out,
        )
        return cli.EXIT_OK

    return await with_store(args, work)


cli.extend(
    "incident",
    build,
    {"engage": _engage, "status": _status, "stand-down": _stand_down, "report": _report},
)
