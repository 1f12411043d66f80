"""``cordon inbox list``: the inbox's conversations from a shell, newest first.

It prints what the list in the window shows (no item in full, so it is not a
consultation). Imported by the composition root, which adds the verb.
"""

from __future__ import annotations

import argparse
from typing import TextIO

from console import cli
from console.cli import CommandError, Opened, session_of, with_store
from console.cli_args import store_arg
from console.inbox import work
from console.marking import marked
from console.timezone import local_text
from storage import channels
from storage.conversations import ConversationFilter, ConversationState
from storage.i18n import _, ngettext

PAGE = 500


def build(verbs: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    command = verbs.add_parser("inbox", help=_("the inbox's conversations"))
    actions = command.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help=_("print conversations, newest activity first"))
    listing.add_argument("path", type=store_arg)
    listing.add_argument("--user", required=True)
    listing.add_argument(
        "--state", default="", choices=["", *(s.value for s in ConversationState)],
        metavar="STATE", help=_("new, assigned, answered, closed or report"),
    )  # fmt: skip
    listing.add_argument("--channel", default="", help=_("only this channel (by name)"))
    listing.add_argument("--limit", type=int, default=0, help=_("at most this many"))


def _cell(text: str, width: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


async def _list(args: argparse.Namespace, out: TextIO) -> int:
    if args.limit < 0:
        raise CommandError(_("Give --limit as a positive number, or leave it out."))

    async def work_on(opened: Opened) -> int:
        session = session_of(opened)
        channel_ids: tuple[int, ...] = ()
        if args.channel:
            known = {c.name: c.id for c in await opened.store.run(channels.all_channels)}
            if args.channel not in known:
                names = ", ".join(known) or "none yet"
                raise CommandError(
                    _("No channel is called {args.channel}. Channels: {names}.").format(
                        args=args, names=names
                    )
                )
            channel_ids = (known[args.channel],)
        states = (ConversationState(args.state),) if args.state else ()
        flt = ConversationFilter(channel_ids=channel_ids, states=states)
        ids = await work.matching(session, flt, args.limit or None)
        with marked(opened.store, out):
            print("id\tlatest (UK)\tchannel\tstate\tassigned\titems\tauthor\ttext", file=out)
            for first in range(0, len(ids), PAGE):
                chunk = ids[first : first + PAGE]
                found = await work.conversation_rows(session, chunk)
                for conversation_id in chunk:
                    row = found[conversation_id]
                    assigned = row.assignee or (f"team {row.team}" if row.team else "-")
                    print(
                        f"{row.id}\t{local_text(row.latest_utc, compact=True)}\t{row.channel}\t"
                        f"{row.state.value}\t{assigned}\t{row.item_count}\t{row.latest_author}\t"
                        f"{_cell(row.latest_preview, 60)}",
                        file=out,
                    )
            print(
                ngettext("{n} conversation.", "{n} conversations.", len(ids)).format(n=len(ids)),
                file=out,
            )
        return cli.EXIT_OK

    return await with_store(args, work_on)


cli.extend("inbox", build, {"list": _list})
