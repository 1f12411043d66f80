"""``cordon VERB ...``: the audit lead's and automation's way in, on the same core.

Exit codes: 0 done; 1 a check found a problem (tampering, damage); 2 the command
could not run (usage, wrong password, missing file). Errors are one sentence on
stderr, never a traceback. Passwords come from a prompt, or from
``CORDON_PASSWORD`` for scripts; they are never accepted as arguments (they
would show in the process list and the shell's history).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import getpass
import logging
import os
import sys
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from console import argparse_words, audit_trail, calendar_import
from console import queue as queue_service
from console import users as user_admin
from console.cli_args import store_arg
from console.logs import NOT_ON_TERMINAL as _NOT_ON_TERMINAL
from console.logs import unexpected_sentence
from console.marking import marked
from console.passwords import password_problem
from console.permissions import Action, require
from console.session import Session, open_throttled
from console.timezone import local_text
from storage import audit, lifecycle, pg, team_migrate
from storage.errors import StoreError
from storage.files import out_path
from storage.i18n import _, ngettext
from storage.queue import QueueFilter, QueueRow
from storage.records import Role, StoreKind, TargetStatus, User
from storage.store import Store

VERBS = ["store", "audit", "user", "queue", "calendar"]
log = logging.getLogger(__name__)
EXIT_OK, EXIT_PROBLEM, EXIT_ERROR = 0, 1, 2


class CommandError(Exception):
    """A sentence for stderr and exit code 2."""


def build_parser() -> argparse.ArgumentParser:
    argparse_words.speak()
    parser = argparse.ArgumentParser(
        prog="cordon",
        description=_("Cordon incident communications console. With no command, opens the window."),
        epilog=_(
            "Exit codes: 0 done, 1 a problem was found, 2 the command could not run. "
            "Passwords: prompted, or CORDON_PASSWORD (and CORDON_NEW_PASSWORD for a new "
            "one) for scripts."
        ),
    )
    verbs = parser.add_subparsers(dest="verb", metavar="COMMAND")

    store = verbs.add_parser("store", help=_("create, check and back up stores"))
    store_verbs = store.add_subparsers(dest="action", metavar="ACTION", required=True)
    create = store_verbs.add_parser("create", help=_("create a new encrypted store"))
    create.add_argument("path", type=store_arg)
    create.add_argument("--user", required=True, help=_("the first user, an administrator"))
    create.add_argument("--display-name", default="", help=_("the user's full name"))
    create.add_argument("--exercise", action="store_true", help=_("make an exercise store"))
    check = store_verbs.add_parser("check", help=_("check every page and the audit chain"))
    check.add_argument("path", type=store_arg)
    check.add_argument("--user", required=True)
    check.add_argument("--checkpoint", type=Path, help=_("a checkpoint exported earlier"))
    certificate = store_verbs.add_parser(
        "certificate", help=_("export the certificate the store signs reports with (PEM)")
    )
    certificate.add_argument("path", type=store_arg)
    certificate.add_argument("--out", type=Path, required=True, help=_("FILE.pem"))
    certificate.add_argument("--user", required=True)
    backup = store_verbs.add_parser("backup", help=_("copy the store to a new encrypted file"))
    backup.add_argument("path", type=store_arg)
    backup.add_argument("dest", type=Path)
    backup.add_argument("--user", required=True)
    migrate = store_verbs.add_parser(
        "migrate", help=_("copy a store file, users and key slots included, into a team database")
    )
    migrate.add_argument("path", type=Path, help=_("the store file (left untouched)"))
    migrate.add_argument("url", help=_("postgresql://... naming an empty database"))
    migrate.add_argument("--user", required=True, help=_("an administrator of the store"))

    audit_cmd = verbs.add_parser("audit", help=_("verify and export the audit trail"))
    audit_verbs = audit_cmd.add_subparsers(dest="action", metavar="ACTION", required=True)
    verify = audit_verbs.add_parser(
        "verify", help=_("walk the hash chain and check the rows against it")
    )
    verify.add_argument("path", type=store_arg)
    verify.add_argument("--user", required=True)
    verify.add_argument("--checkpoint", type=Path, help=_("a checkpoint exported earlier"))
    export = audit_verbs.add_parser("export", help=_("export the trail (.csv or .jsonl)"))
    export.add_argument("path", type=store_arg)
    export.add_argument("--out", type=Path, required=True)
    export.add_argument("--user", required=True)
    export.add_argument("--reason", default="", help=_("why the trail is disclosed"))
    export.add_argument("--to", dest="recipient", default="", help=_("to whom it is disclosed"))
    checkpoint = audit_verbs.add_parser("checkpoint", help=_("write the newest hash to a file"))
    checkpoint.add_argument("path", type=store_arg)
    checkpoint.add_argument("--out", type=Path, required=True)
    checkpoint.add_argument("--user", required=True)
    calendar_cmd = verbs.add_parser("calendar", help=_("import a content calendar"))
    calendar_verbs = calendar_cmd.add_subparsers(dest="action", metavar="ACTION", required=True)
    importing = calendar_verbs.add_parser(
        "import", help=_("check a CSV calendar, then import its good rows in one go")
    )
    importing.add_argument("path", type=store_arg)
    importing.add_argument("csv", type=Path)
    importing.add_argument("--user", required=True)
    importing.add_argument(
        "--accept", action="store_true", help=_("import the good rows without asking")
    )

    queue_cmd = verbs.add_parser("queue", help=_("the publishing queue"))
    queue_verbs = queue_cmd.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing_q = queue_verbs.add_parser("list", help=_("print the queue in time order"))
    listing_q.add_argument("path", type=store_arg)
    listing_q.add_argument("--user", required=True)
    listing_q.add_argument(
        "--status",
        default="",
        choices=[s.value for s in TargetStatus],
        metavar="STATUS",
        help=_("only posts in this state: {states} (every state when left out)").format(
            states=", ".join(s.value for s in TargetStatus)
        ),
    )

    user_cmd = verbs.add_parser("user", help=_("manage the officers who can open a store"))
    user_verbs = user_cmd.add_subparsers(dest="action", metavar="ACTION", required=True)
    roles_help = _("a role: {roles} (repeat for several)").format(
        roles=", ".join(r.value for r in Role)
    )
    listing = user_verbs.add_parser("list", help=_("list users and their roles"))
    listing.add_argument("path", type=store_arg)
    listing.add_argument("--user", required=True)
    add = user_verbs.add_parser("add", help=_("add a user (password from CORDON_NEW_PASSWORD)"))
    add.add_argument("path", type=store_arg)
    add.add_argument("name")
    add.add_argument("--user", required=True, help=_("the administrator doing it"))
    add.add_argument("--role", dest="roles", action="append", required=True, help=roles_help)
    add.add_argument("--display-name", default="")
    disable = user_verbs.add_parser("disable", help=_("disable a user (their history stays)"))
    disable.add_argument("path", type=store_arg)
    disable.add_argument("name")
    disable.add_argument("--user", required=True)
    disable.add_argument("--reason", required=True)
    reset = user_verbs.add_parser("reset", help=_("give a user a new password"))
    reset.add_argument("path", type=store_arg)
    reset.add_argument("name")
    reset.add_argument("--user", required=True)
    reset.add_argument("--reason", required=True)
    roles = user_verbs.add_parser("roles", help=_("set a user's roles"))
    roles.add_argument("path", type=store_arg)
    roles.add_argument("name")
    roles.add_argument("--user", required=True)
    roles.add_argument("--role", dest="roles", action="append", required=True, help=roles_help)
    roles.add_argument("--reason", required=True)
    password = user_verbs.add_parser("password", help=_("change your own password"))
    password.add_argument("path", type=store_arg)
    password.add_argument("--user", required=True)
    for build in _EXTENSIONS:
        build(verbs)
    return parser


# Verbs of the layers above the console (incident/cli.py): the composition root
# imports them, and they add their parsers and handlers here.
Builder = Callable[[Any], None]  # given argparse's sub-parsers object
_EXTENSIONS: list[Builder] = []


def extend(verb: str, build: Builder, handlers: dict[str, Handler]) -> None:
    if verb in VERBS:
        return  # imported twice: already there
    VERBS.append(verb)
    _EXTENSIONS.append(build)
    _HANDLERS.update({(verb, action): handler for action, handler in handlers.items()})


def run(argv: Sequence[str], stdout: TextIO = sys.stdout, stderr: TextIO = sys.stderr) -> int:
    args = build_parser().parse_args(argv)
    handler = _HANDLERS[(args.verb, args.action)]
    log.info("cordon %s %s", args.verb, args.action)
    try:
        code = asyncio.run(handler(args, stdout))
        log.info("cordon %s %s: exit code %d", args.verb, args.action, code)
        return code
    except (StoreError, CommandError) as error:
        print(f"cordon: {error}", file=stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("cordon: stopped.", file=stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        # The reader went away (`cordon queue list … | head`): it has what it wanted.
        # Point stdout at nothing so the interpreter's final flush raises no second time.
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), stdout.fileno())
        return EXIT_OK
    except Exception as error:  # the last boundary: a sentence and exit 2, never a traceback
        logging.getLogger("cordon.unexpected").critical(
            "cordon %s %s stopped on an error nobody caught",
            args.verb,
            args.action,
            exc_info=error,
            extra=_NOT_ON_TERMINAL,
        )
        print(f"cordon: {unexpected_sentence(error)}", file=stderr)
        return EXIT_ERROR


# -- passwords -----------------------------------------------------------------


def read_password(prompt: str, *, confirm: bool = False, from_env: bool = True) -> str:
    if from_env and (given := os.environ.get("CORDON_PASSWORD")) is not None:
        return _text_password(given, "CORDON_PASSWORD")
    if sys.stdin is None or not sys.stdin.isatty():
        try:
            line = sys.stdin.readline() if sys.stdin is not None else ""
        except UnicodeDecodeError:
            raise CommandError(_NOT_UTF8.format(where="standard input")) from None
        if not line:
            raise CommandError(_("Give the password at the prompt, or in CORDON_PASSWORD."))
        return _text_password(line.rstrip("\n"), "standard input")
    password = _text_password(getpass.getpass(prompt), "the prompt")
    if confirm and getpass.getpass("Again: ") != password:
        raise CommandError(_("The two passwords differ: nothing was created."))
    return password


_NOT_UTF8 = (
    "The password from {where} is not UTF-8 text: type it again, or set the terminal to UTF-8."
)


def _text_password(password: str, where: str) -> str:
    """A password as text: bytes that are not UTF-8 (decoded as lone surrogates) are
    refused here, before they reach key derivation."""
    try:
        password.encode("utf-8")
    except UnicodeEncodeError:
        raise CommandError(_NOT_UTF8.format(where=where)) from None
    return password


@dataclass(frozen=True)
class Opened:
    """A store opened by a command, and the user whose password opened it."""

    store: Store
    user: User


async def with_store(
    args: argparse.Namespace,
    work: Callable[[Opened], Awaitable[int]],
    out: TextIO | None = None,
) -> int:
    """Open the store with the user's password, run ``work``, close it. With ``out``,
    what ``work`` prints there is marked EXERCISE in an exercise store (listings that
    stream mark themselves).

    Commands record no sign-in of their own: the entries they write (a backup,
    a disclosure) name the user, and a verify leaves the chain exactly as it
    found it, so the hash it prints is still the newest afterwards.
    """
    password = read_password(f"Password for {args.user}: ")
    store, user = await open_throttled(args.path, args.user, password)
    if store.read_only:
        print(f"cordon: {store.read_only}", file=sys.stderr)
    try:
        if out is None:
            return await work(Opened(store, user))
        with marked(store, out):
            return await work(Opened(store, user))
    finally:
        await store.close()


# -- verbs -----------------------------------------------------------------------


async def _store_create(args: argparse.Namespace, out: TextIO) -> int:
    prompt = f"New password for {args.user}: "
    # A new password, as for every command that makes one; CORDON_PASSWORD as before.
    new = "CORDON_NEW_PASSWORD" in os.environ
    password = read_new_password(prompt) if new else read_password(prompt, confirm=True)
    if problem := password_problem(password):
        raise CommandError(problem)
    kind = StoreKind.EXERCISE if args.exercise else StoreKind.LIVE
    store = await lifecycle.create_store(
        args.path, user=args.user, password=password, display_name=args.display_name, kind=kind
    )
    await store.close()
    if store.team:
        print(
            _("Created team store {store.location} with {args.user} as administrator.").format(
                store=store, args=args
            ),
            file=out,
        )
        print(_("Its key slots are in the database: back it up with the server's tools."), file=out)
        return EXIT_OK
    print(
        (
            _("Created exercise store {path} with {user} as administrator.")
            if args.exercise
            else _("Created store {path} with {user} as administrator.")
        ).format(path=store.path, user=args.user),
        file=out,
    )
    print(
        _("Keep {store.path.name}.keys beside it: it holds the key slots.").format(store=store),
        file=out,
    )
    return EXIT_OK


async def _store_check(args: argparse.Namespace, out: TextIO) -> int:
    checkpoint = audit.read_checkpoint(args.checkpoint) if args.checkpoint else None

    async def work(opened: Opened) -> int:
        report = await lifecycle.check(opened.store, checkpoint)
        if opened.store.team:
            print(
                _(
                    "Pages: a team store's pages are the database server's to check "
                    "(data checksums, amcheck)."
                ),
                file=out,
            )
        elif report.pages_ok:
            print(_("Pages: every page's HMAC and the structure check out."), file=out)
        else:
            print(_("Pages: DAMAGED:"), file=out)
            for line in report.page_problems[:20]:
                print(f"  {line}", file=out)
        if report.verdict is None:
            print(
                _("Audit trail: could not be read: {report.audit_unreadable}").format(
                    report=report
                ),
                file=out,
            )
        else:
            _print_verdict(report.verdict, out)
        if report.state is not None:
            for line in audit_trail.state_lines(report.state):
                print(line, file=out)
        return EXIT_OK if report.ok else EXIT_PROBLEM

    return await with_store(args, work, out)


async def _store_certificate(args: argparse.Namespace, out: TextIO) -> int:
    args.out = out_path(args.out, (".pem",), "the certificate")

    async def work(opened: Opened) -> int:
        fingerprint = await audit_trail.export_certificate(
            opened.store, args.out, actor=opened.user.name
        )
        print(
            _("Wrote {args.out}: the certificate this store signs reports with.").format(args=args),
            file=out,
        )
        print(_("SHA-256 fingerprint: {fingerprint}").format(fingerprint=fingerprint), file=out)
        return EXIT_OK

    return await with_store(args, work, out)


async def _store_backup(args: argparse.Namespace, out: TextIO) -> int:
    async def work(opened: Opened) -> int:
        dest = await lifecycle.backup(opened.store, args.dest, actor=opened.user.name)
        print(_("Backed up to {dest} (with {dest.name}.keys).").format(dest=dest), file=out)
        return EXIT_OK

    return await with_store(args, work, out)


async def _store_migrate(args: argparse.Namespace, out: TextIO) -> int:
    if not pg.is_team_url(args.url):
        raise CommandError(_("Name the team database as postgresql://USER@HOST/DATABASE."))

    async def work(opened: Opened) -> int:
        require(opened.user, Action.MANAGE_USERS)
        team = await team_migrate.copy_to_team(opened.store, args.url, actor=opened.user.name)
        try:
            verdict = await audit_trail.verify(team)
            entries = await team.run(audit.count)
        finally:
            await team.close()
        print(
            _("Moved {opened.store.location} to {team.location}: {entries} audit entries.").format(
                opened=opened, team=team, entries=entries
            ),
            file=out,
        )
        if verdict is not None:
            _print_verdict(verdict, out)
        print(
            _("{opened.store.location} is untouched: keep it as the record of before.").format(
                opened=opened
            ),
            file=out,
        )
        return EXIT_OK if verdict is not None and verdict.ok else EXIT_PROBLEM

    return await with_store(args, work, out)


async def _audit_verify(args: argparse.Namespace, out: TextIO) -> int:
    checkpoint = audit.read_checkpoint(args.checkpoint) if args.checkpoint else None

    async def work(opened: Opened) -> int:
        verdict = await audit_trail.verify(opened.store, checkpoint)
        assert verdict is not None
        _print_verdict(verdict, out)
        if not verdict.ok:
            return EXIT_PROBLEM
        # As the window's Verify does: the rows against what the intact trail says.
        found = await audit_trail.check_state(opened.store)
        for line in audit_trail.state_lines(found):
            print(line, file=out)
        disagrees = found.first is not None or found.triggers or found.at_upgrade
        return EXIT_PROBLEM if disagrees else EXIT_OK

    return await with_store(args, work, out)


async def _audit_export(args: argparse.Namespace, out: TextIO) -> int:
    if not args.reason.strip() or not args.recipient.strip():
        raise CommandError(
            _("An export is a disclosure: say why with --reason and to whom with --to.")
        )
    args.out = out_path(args.out, (".csv", ".jsonl"), "the audit trail")

    async def work(opened: Opened) -> int:
        written, checkpoint = await audit_trail.export(
            opened.store,
            args.out,
            actor=opened.user.name,
            reason=args.reason,
            recipient=args.recipient,
        )
        print(
            _("Exported {written} entries to {args.out}.").format(written=written, args=args),
            file=out,
        )
        print(
            _("Checkpoint (entry #{checkpoint.seq}, {checkpoint.hash}) in {value}.").format(
                checkpoint=checkpoint, value=audit.checkpoint_path_for(Path(args.out)).name
            ),
            file=out,
        )
        return EXIT_OK

    return await with_store(args, work, out)


async def _audit_checkpoint(args: argparse.Namespace, out: TextIO) -> int:
    args.out = out_path(args.out, (".json",), "the checkpoint")

    async def work(opened: Opened) -> int:
        checkpoint = await audit_trail.save_checkpoint(opened.store, args.out)
        print(
            _("Checkpoint: entry #{checkpoint.seq}, {checkpoint.hash}.").format(
                checkpoint=checkpoint
            ),
            file=out,
        )
        return EXIT_OK

    return await with_store(args, work, out)


# -- users -------------------------------------------------------------------------


def _roles(names: list[str]) -> list[Role]:
    try:
        return [Role(name) for name in names]
    except ValueError:
        known = ", ".join(r.value for r in Role)
        raise CommandError(_("Roles are: {known}.").format(known=known)) from None


def read_new_password(prompt: str) -> str:
    if (from_env := os.environ.get("CORDON_NEW_PASSWORD")) is not None:
        return _text_password(from_env, "CORDON_NEW_PASSWORD")
    return read_password(prompt, confirm=True, from_env=False)


def session_of(opened: Opened) -> Session:
    return Session(opened.store, opened.user, via="command line")


async def _user_list(args: argparse.Namespace, out: TextIO) -> int:
    async def work(opened: Opened) -> int:
        found = await user_admin.list_users(session_of(opened))
        with marked(opened.store, out):
            for user in found:
                roles = ", ".join(r.label for r in sorted(user.roles))
                state = "" if user.active else "  (disabled)"
                print(f"{user.name}\t{user.display_name}\t{roles}{state}", file=out)
        return EXIT_OK

    return await with_store(args, work)


async def _user_add(args: argparse.Namespace, out: TextIO) -> int:
    roles = _roles(args.roles)

    async def work(opened: Opened) -> int:
        new_password = read_new_password(f"New password for {args.name}: ")
        user = await user_admin.add_user(
            session_of(opened),
            name=args.name,
            password=new_password,
            roles=roles,
            display_name=args.display_name,
        )
        print(
            _("Added {user.name} ({join}).").format(
                user=user, join=", ".join(r.label for r in sorted(user.roles))
            ),
            file=out,
        )
        return EXIT_OK

    return await with_store(args, work, out)


async def _user_disable(args: argparse.Namespace, out: TextIO) -> int:
    async def work(opened: Opened) -> int:
        await user_admin.disable_user(session_of(opened), args.name, reason=args.reason)
        print(
            _("Disabled {args.name}: they can no longer open the store.").format(args=args),
            file=out,
        )
        return EXIT_OK

    return await with_store(args, work, out)


async def _user_reset(args: argparse.Namespace, out: TextIO) -> int:
    async def work(opened: Opened) -> int:
        new_password = read_new_password(f"New password for {args.name}: ")
        await user_admin.reset_password(
            session_of(opened), args.name, new_password, reason=args.reason
        )
        print(_("{args.name} has a new password.").format(args=args), file=out)
        return EXIT_OK

    return await with_store(args, work, out)


async def _user_roles(args: argparse.Namespace, out: TextIO) -> int:
    roles = _roles(args.roles)

    async def work(opened: Opened) -> int:
        user = await user_admin.set_roles(session_of(opened), args.name, roles, reason=args.reason)
        print(
            _("{user.name} now holds: {join}.").format(
                user=user, join=", ".join(r.label for r in sorted(user.roles))
            ),
            file=out,
        )
        return EXIT_OK

    return await with_store(args, work, out)


async def _user_password(args: argparse.Namespace, out: TextIO) -> int:
    current = read_password(f"Current password for {args.user}: ")
    store, user = await open_throttled(args.path, args.user, current)
    try:
        new_password = read_new_password("New password: ")
        await user_admin.change_own_password(
            Session(store, user, via="command line"), current, new_password
        )
    finally:
        await store.close()
    print(_("Your password is changed."), file=out)
    return EXIT_OK


async def _calendar_import(args: argparse.Namespace, out: TextIO) -> int:
    async def work(opened: Opened) -> int:
        session = session_of(opened)
        plan = await calendar_import.check(session, args.csv)
        print(plan.report(), file=out)
        if not plan.good:
            return EXIT_PROBLEM
        if not args.accept:
            if sys.stdin is None or not sys.stdin.isatty():
                print(_(
"Nothing imported: run again with --accept to import the "
"good rows."
),
                      file=out)  # fmt: skip
                return EXIT_PROBLEM
            answer = input(f"Import the {len(plan.good)} good rows now? [y/N] ")
            if answer.strip().lower() not in ("y", "yes"):
                print(_("Nothing imported."), file=out)
                return EXIT_PROBLEM
        imported = await calendar_import.apply(session, plan)
        print(
            ngettext("Imported {n} post.", "Imported {n} posts.", imported).format(n=imported),
            file=out,
        )
        return EXIT_OK

    return await with_store(args, work, out)


async def _queue_list(args: argparse.Namespace, out: TextIO) -> int:
    async def work(opened: Opened) -> int:
        flt = QueueFilter(status=args.status)
        ids = await queue_service.matching(opened.store, flt)
        with marked(opened.store, out):
            print("time (UK)\tstatus\tchannel\tauthor\ttext", file=out)
            for first in range(0, len(ids), 500):
                chunk = ids[first : first + 500]
                found = await queue_service.fetch(opened.store, chunk)
                for target_id in chunk:
                    print(_queue_line(found[target_id]), file=out)
            print(ngettext("{n} target.", "{n} targets.", len(ids)).format(n=len(ids)), file=out)
        return EXIT_OK

    return await with_store(args, work)


def _queue_line(row: QueueRow) -> str:
    when = local_text(row.scheduled_utc, compact=True) if row.scheduled_utc else "-"
    text = " ".join(row.text.split())
    text = text if len(text) <= 70 else text[:69] + "…"
    status = row.status.value + (" (awaiting approval)" if row.approval == "awaiting" else "")
    return f"{when}\t{status}\t{row.channel}\t{row.author}\t{text}"


def _print_verdict(verdict: audit.Verdict, out: TextIO) -> None:
    if verdict.problem is None:
        print(
            ngettext(
                "Audit trail intact: {verdict.count} entry; newest hash "
                "{verdict.head.hash} (entry #{verdict.head.seq}).",
                "Audit trail intact: {verdict.count} entries; newest hash "
                "{verdict.head.hash} (entry #{verdict.head.seq}).",
                verdict.count,
            ).format(verdict=verdict),
            file=out,
        )
    else:
        print(
            _("Audit trail NOT intact: {verdict.problem.sentence}").format(verdict=verdict),
            file=out,
        )
        print(
            _("First bad entry: #{verdict.problem.seq} ({verdict.problem.kind}).").format(
                verdict=verdict
            ),
            file=out,
        )


Handler = Callable[[argparse.Namespace, TextIO], Coroutine[Any, Any, int]]
_HANDLERS: dict[tuple[str, str], Handler] = {
    ("store", "create"): _store_create,
    ("store", "check"): _store_check,
    ("store", "backup"): _store_backup,
    ("store", "migrate"): _store_migrate,
    ("store", "certificate"): _store_certificate,
    ("audit", "verify"): _audit_verify,
    ("audit", "export"): _audit_export,
    ("audit", "checkpoint"): _audit_checkpoint,
    ("queue", "list"): _queue_list,
    ("calendar", "import"): _calendar_import,
    ("user", "list"): _user_list,
    ("user", "add"): _user_add,
    ("user", "disable"): _user_disable,
    ("user", "reset"): _user_reset,
    ("user", "roles"): _user_roles,
    ("user", "password"): _user_password,
}
