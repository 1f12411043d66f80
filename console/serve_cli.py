"""``cordon serve STORE`` (the engine as its own process) and ``cordon engine
status|stop STORE``.

The service unlocks the store in one of three ways:

* ``--key-fd N``: the data key arrives on an inherited socket from the signed-in
  window that started it (``console.key_handover``): what the window does;
* ``--user NAME`` with ``--password-credential NAME``: the password of a store user
  is read from a systemd credential (``$CREDENTIALS_DIRECTORY/NAME``, decrypted by
  systemd into memory only this service can read): for a service started at boot
  (docs/engine-service.md);
* ``--user NAME`` alone: the password is asked at the terminal (or read from stdin).
  Never from an environment variable: the engine outlives the shell that started it.

It prints one line when it runs and one when it stops, and stops on SIGTERM, SIGINT
or SIGHUP, or when a window or ``cordon engine stop`` asks it to.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import signal
from pathlib import Path
from typing import Any, TextIO

from console import cli, service
from console.cli import CommandError, Opened, read_password, with_store
from console.cli_args import store_arg
from console.engine import Engine
from console.engine_keeper import STORE_URL_ENV
from console.key_handover import receive_key
from console.service import EngineBusy, EngineService
from console.timezone import local_text
from storage import lifecycle, pg
from storage.engine_service import ServiceState
from storage.errors import StoreError
from storage.i18n import _
from storage.records import StoreKind
from storage.store import Store
from storage.stored_words import english, shown
from storage.timeutil import system_clock

log = logging.getLogger(__name__)


def build(verbs: Any) -> None:
    serve = verbs.add_parser(
        "serve",
        help=_("run the engine (publishing, sync, the exercise) for a store"),
        description=_(
            "Run Cordon's engine for STORE until stopped: publishing, the "
            "scheduler, sync, pull-back, retention and a store's exercise. A signed-in window "
            "starts it by itself; run it by hand or at boot with --user."
        ),
    )
    serve.set_defaults(action="run")
    serve.add_argument("path", type=store_arg)
    serve.add_argument("--user", help=_("unlock the store with this user's password"))
    serve.add_argument(
        "--password-credential",
        metavar="NAME",
        help=_("read that password from the systemd credential NAME"),
    )
    serve.add_argument("--key-fd", type=int, help=argparse.SUPPRESS)  # the window's hand-over
    serve.add_argument("--started-by", default="", help=argparse.SUPPRESS)
    # A simulator network run elsewhere (tests that kill the engine and count sends).
    serve.add_argument("--simulator-url", help=argparse.SUPPRESS)


def build_engine(verbs: Any) -> None:
    engine = verbs.add_parser("engine", help=_("see or stop a store's running engine"))
    actions = engine.add_subparsers(dest="action", metavar="ACTION", required=True)
    state = actions.add_parser("status", help=_("whether the engine runs, and since when"))
    state.add_argument("path", type=store_arg)
    state.add_argument("--user", required=True)
    stop = actions.add_parser("stop", help=_("ask the running engine to stop"))
    stop.add_argument("path", type=store_arg)
    stop.add_argument("--user", required=True)
    stop.add_argument("--reason", required=True, help=_("why (goes in the audit trail)"))


async def _open(args: argparse.Namespace) -> tuple[Store, str]:
    path: lifecycle.Where = args.path
    handed = os.environ.pop(STORE_URL_ENV, None)  # never passed on to a child
    if handed is not None and args.key_fd is not None:
        if pg.display(handed) != str(path):  # the arguments name it without a password
            raise CommandError(_("The window handed over a different store: nothing was started."))
        path = handed
    if not lifecycle.is_team(path):
        path = lifecycle.as_path(path)
    if args.key_fd is not None:
        keyfile = await asyncio.to_thread(lifecycle.load_keyfile, path)
        key = receive_key(args.key_fd, keyfile.store_id)
        try:
            store = await lifecycle.open_with_key(path, keyfile, bytes(key), actor=service.ACTOR)
        finally:
            key[:] = bytes(len(key))
        return store, str(args.started_by)
    if not args.user:
        raise CommandError(
            _(
                "Say whose password unlocks the store: --user NAME (the "
                "window starts the engine by itself)."
            )
        )
    if args.password_credential:
        password = _credential(args.password_credential)
    else:
        password = read_password(f"Password for {args.user}: ", from_env=False)
    store, user = await lifecycle.open_store(path, args.user, password)
    return store, user.name


def _credential(name: str) -> str:
    folder = os.environ.get("CREDENTIALS_DIRECTORY")
    if not folder:
        raise CommandError(
            _(
                "--password-credential needs systemd's "
                "CREDENTIALS_DIRECTORY: run the engine from its unit "
                "(LoadCredentialEncrypted=), see docs/engine-service.md."
            )
        )
    if "/" in name or name in ("", ".", ".."):
        raise CommandError(_("{name!r} is not a credential name.").format(name=name))
    try:
        text = (Path(folder) / name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        raise CommandError(
            _("The systemd credential {name} could not be read.").format(name=name)
        ) from None
    return text.rstrip("\n")


async def _serve(args: argparse.Namespace, out: TextIO) -> int:
    from console import logs
    from console.engine_keeper import log_path

    logs.setup(log_path(args.path).stem)
    store, started_by = await _open(args)
    try:
        if args.simulator_url and store.kind is StoreKind.EXERCISE:
            raise CommandError(_("An exercise plays on the engine's own simulator network."))
        engine = EngineService(
            store, Engine(store, simulator_url=args.simulator_url), started_by=started_by
        )
        loop = asyncio.get_running_loop()
        asked: list[str] = []  # why it was asked to stop (a signal), once
        stopping: list[asyncio.Task[None]] = []
        started = False

        def on_signal(name: str) -> None:
            if asked:
                return
            asked.append(english("Stopped by the {name} signal.", name=name))
            if started:
                stopping.append(asyncio.ensure_future(engine.stop(asked[0])))

        # Before starting: a signal during the start stops it as soon as it has started.
        for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            loop.add_signal_handler(signum, on_signal, signal.Signals(signum).name)
        try:
            await engine.start()
        except EngineBusy as busy:
            raise CommandError(str(busy)) from None
        started = True
        if asked:
            stopping.append(asyncio.ensure_future(engine.stop(asked[0])))
        log.info("Cordon engine running for %s (process %s)", store.location, os.getpid())
        running = _(
            "Cordon engine running for {location} (process {pid}): publishing and sync are on."
            " Ctrl+C stops it."
        ).format(location=store.location, pid=os.getpid())
        print(running, file=out, flush=True)
        why = await engine.wait()
        log.info("Cordon engine stopped: %s", why)
        for task in stopping:
            with contextlib.suppress(Exception):
                await task
        print(_("Cordon engine stopped: {why}").format(why=shown(why)), file=out, flush=True)
        return cli.EXIT_OK if engine.final_state is ServiceState.STOPPED else cli.EXIT_ERROR
    finally:
        await store.close()


async def _status(args: argparse.Namespace, out: TextIO) -> int:
    from console.engine_health import assess

    async def work(opened: Opened) -> int:
        health = assess(await service.status(opened.store), system_clock())
        print(health.sentence, file=out)
        return cli.EXIT_OK if health.publishing else cli.EXIT_PROBLEM

    return await with_store(args, work, out)


async def _stop(args: argparse.Namespace, out: TextIO) -> int:
    async def work(opened: Opened) -> int:
        try:
            stopped = await service.request_stop(opened.store, opened.user.name, args.reason)
        except StoreError as error:
            raise CommandError(str(error)) from None
        if not stopped:
            print(_("No engine is running for this store: nothing to stop."), file=out)
            return cli.EXIT_OK
        row = await service.status(opened.store)
        when = local_text(row.stopped_utc) if row is not None and row.stopped_utc else "now"
        print(
            _("The engine stopped at {when}: publishing and sync are off.").format(when=when),
            file=out,
        )
        return cli.EXIT_OK

    return await with_store(args, work, out)


cli.extend("serve", build, {"run": _serve})
cli.extend("engine", build_engine, {"status": _status, "stop": _stop})
