"""``cordon exercise new|run|status|debrief``: exercises from a shell.

``new`` makes an exercise store from a scenario file (the trainer's password is
asked twice, or read from ``CORDON_PASSWORD``); ``run --headless`` plays the whole
scenario without a window (for checking a scenario file, and for tests), as fast as
its events allow or at a pace given, printing each inject, reply from the public,
post and action of the team as it happens and a summary; ``debrief`` writes the
debrief report.
"""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from console import cli
from console.cli import CommandError, Opened, read_password, with_store
from console.marking import EXERCISE_MARK
from console.passwords import password_problem
from console.timezone import duration_text, local_text
from incident.exercise import service
from incident.exercise.debrief_cli import add_debrief, debrief_command
from incident.exercise.headless import HEADLESS_SPEEDS, run_headless
from incident.exercise.scenario import Inject, format_offset, summary_words
from incident.exercise.scenario_file import ScenarioError
from storage.i18n import _
from storage.timeutil import to_iso


def build(verbs: Any) -> None:
    command = verbs.add_parser("exercise", help=_("training exercises on simulated channels"))
    actions = command.add_subparsers(dest="action", metavar="ACTION", required=True)

    new = actions.add_parser("new", help=_("make an exercise store from a scenario file"))
    new.add_argument("path", type=Path)
    new.add_argument("--scenario", type=Path, required=True, help=_("the scenario (.toml)"))
    new.add_argument("--user", required=True, help=_("the trainer (its first administrator)"))
    new.add_argument("--display-name", default="", help=_("the trainer's full name"))

    run = actions.add_parser("run", help=_("play the scenario (without a window: --headless)"))
    run.add_argument("path", type=Path)
    run.add_argument("--user", required=True, help=_("the trainer"))
    run.add_argument(
        "--speed", type=float, default=None,
        help=_(
            "run the clock at {low} to {high} times real time (default: as fast as the "
            "events allow, stepping from one to the next)"
        ).format(low=f"{HEADLESS_SPEEDS[0]:g}", high=f"{HEADLESS_SPEEDS[1]:g}"),
    )  # fmt: skip
    run.add_argument(
        "--headless", action="store_true", required=True, help=_("play without a window")
    )

    state = actions.add_parser("status", help=_("the exercise clock and the injects so far"))
    state.add_argument("path", type=Path)
    state.add_argument("--user", required=True)

    add_debrief(actions)


async def _new(args: argparse.Namespace, out: TextIO) -> int:
    if not args.scenario.is_file():
        raise CommandError(_("There is no scenario file at {args.scenario}.").format(args=args))
    password = read_password(f"New password for {args.user}: ", confirm=True)
    if problem := password_problem(password):
        raise CommandError(problem)
    try:
        path = await service.create_exercise(
            args.path, args.scenario, args.user, password, display_name=args.display_name
        )
    except ScenarioError as error:
        raise CommandError(_("The scenario was refused: {error}").format(error=error)) from None
    print(
        _("Created exercise store {path} from {args.scenario.name}.").format(path=path, args=args),
        file=out,
    )
    print(
        _(
            "{args.user} is its trainer and administrator: add the team "
            "with `cordon user add {path} NAME --user {args.user} --role "
            "duty_officer`."
        ).format(args=args, path=path),
        file=out,
    )
    print(EXERCISE_MARK, file=out)
    return cli.EXIT_OK


async def _run(args: argparse.Namespace, out: TextIO) -> int:
    low, high = HEADLESS_SPEEDS
    if args.speed is not None and not low <= args.speed <= high:
        raise CommandError(
            _(
                "Choose a speed from {low:g} to {high:g} (times real time), or leave --speed "
                "out to play as fast as the events allow."
            ).format(low=low, high=high)
        )
    password = read_password(f"Password for {args.user}: ")
    print(EXERCISE_MARK, file=out)

    def fired(inject: Inject, when: datetime) -> None:
        line = (
            _("{at}  {offset:>8}  {id}: {kind} on {channel}: {summary}")
            if inject.channel
            else _("{at}  {offset:>8}  {id}: {kind}: {summary}")
        )
        print(
            line.format(
                at=local_text(to_iso(when), seconds=False),
                offset=format_offset(inject.at),
                id=inject.id,
                kind=inject.kind.label,
                channel=inject.channel,
                summary=_short(summary_words(inject.kind, inject.channel, inject.summary)),
            ),
            file=out,
            flush=True,
        )

    def told(line: str) -> None:
        print(line, file=out, flush=True)

    summary = await run_headless(
        args.path, args.user, password, args.speed, on_fire=fired, on_line=told
    )
    for line in summary.lines():
        print(line, file=out)
    print(EXERCISE_MARK, file=out)
    return cli.EXIT_OK


async def _status(args: argparse.Namespace, out: TextIO) -> int:
    async def work(opened: Opened) -> int:
        found = await service.status(opened.store)
        print(EXERCISE_MARK, file=out)
        print(f"{found.title} ({found.scenario_file})", file=out)
        print(
            _("Clock: {state} at {now}, {found.speed:g}x; {elapsed} of {duration}.").format(
                state=found.state.value.replace("_", " "),
                now=local_text(to_iso(found.exercise_now), seconds=False),
                found=found,
                elapsed=duration_text(found.elapsed),
                duration=duration_text(found.duration),
            ),
            file=out,
        )
        for inject in found.injects:
            fired = (
                local_text(inject.fired_exercise_utc, seconds=False)
                if inject.fired_exercise_utc
                else "not yet"
            )
            print(
                _("{value:>8}  {inject.id}  {inject.kind.value}  {fired}  items {n}").format(
                    value=format_offset(inject.at),
                    inject=inject,
                    fired=fired,
                    n=len(inject.item_ids),
                ),
                file=out,
            )
        return cli.EXIT_OK

    return await with_store(args, work)


def _short(text: str, most: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= most else text[: most - 1] + "…"


cli.extend(
    "exercise",
    build,
    {"new": _new, "run": _run, "status": _status, "debrief": debrief_command},
)
