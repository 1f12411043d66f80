"""Every command the README lists, run through ``./run`` on a machine with no display.

The list is read from the README's "The command line" block, so a command added there
without a run here fails this test, and a command here the README no longer lists fails
it too. Each runs as the reader would type it: ``./run VERB …`` in a shell with no
``DISPLAY``, no ``WAYLAND_DISPLAY`` and no ``QT_QPA_PLATFORM``, on real stores.
"""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from console import users as user_admin
from console.session import Session
from storage import channels, users
from storage.lifecycle import open_store
from storage.records import Role
from storage.store import Transaction
from tests.exercise.conftest import SMALL
from tests.helpers import PASSWORD, make_store
from tests.reports.helpers import add_items, item, report_from

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
NEW_PASSWORD = "dora's long phrase"


def readme_commands() -> list[tuple[str, ...]]:
    """The verbs of each ``./run`` line in the README's command-line block, in order."""
    text = README.read_text(encoding="utf-8")
    block = text.split("## The command line", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    found: list[tuple[str, ...]] = []
    for line in block.splitlines():
        if not line.startswith("./run "):
            continue
        words: list[str] = []
        for word in line.split()[1:]:
            if not re.fullmatch(r"[a-z][a-z-]*", word):
                break
            words.append(word)
        found.append(tuple(words))
    return found


async def _prepare(path: Path) -> str:
    """A store with alice (administrator, duty officer, approver), two simulated
    channels and a crime report; returns the report's reference."""
    store = await make_store(path)
    try:
        admin = await store.run(lambda db: users.by_name(db, "alice"))
        assert admin is not None
        await user_admin.set_roles(
            Session(store, admin, via="test"),
            "alice",
            [Role.ADMINISTRATOR, Role.DUTY_OFFICER, Role.APPROVER],
            reason="desk",
        )

        def add(tx: Transaction) -> None:
            for name, area in (("Force X", "North"), ("Force South", "South")):
                channels.insert(
                    tx.db, name=name, network="simulator", account=name[-1], area=area,
                    now=tx.now(),
                )  # fmt: skip

        await store.write(add)
    finally:
        await store.close()
    store, alice = await open_store(path, "alice", PASSWORD)
    try:
        ids = await add_items(store, item("1", "Someone took my phone on the bus"))
        return (await report_from(Session(store, alice, via="test"), ids)).reference
    finally:
        await store.close()


def _headless_env(home: Path, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "CORDON_NEW_PASSWORD")
    }
    return env | {"CORDON_HOME": str(home), "CORDON_PASSWORD": PASSWORD, **extra}


def test_every_readme_command_runs_without_a_display(tmp_path: Path) -> None:
    home = tmp_path / "home"
    store = tmp_path / "force.cordon"
    ref = asyncio.run(_prepare(store))
    drill = tmp_path / "drill.cordon"
    calendar = tmp_path / "calendar.csv"
    calendar.write_text(
        "time,channels,text\n2031-06-01 09:00,Force X,Road safety week starts today\n",
        encoding="utf-8",
    )
    s, out = str(store), tmp_path
    me = ("--user", "alice")

    def attempt(*args: str, **extra: str) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [str(ROOT / "run"), *args],
            capture_output=True,
            text=True,
            env=_headless_env(home, **extra),
            cwd=tmp_path,
            timeout=300,
            check=False,
        )
        assert "No display found" not in done.stderr, args
        return done

    def run(*args: str, **extra: str) -> subprocess.CompletedProcess[str]:
        done = attempt(*args, **extra)
        assert "Traceback" not in done.stderr, done.stderr
        assert done.returncode == 0, f"./run {' '.join(args)}: {done.stderr}"
        return done

    def serve_then_stop() -> None:
        answer = tmp_path / "password-line"
        answer.write_text(PASSWORD + "\n", encoding="utf-8")
        with answer.open(encoding="utf-8") as typed:
            engine = subprocess.Popen(
                [str(ROOT / "run"), "serve", s, *me],
                stdin=typed,  # serve reads its password there, never from CORDON_PASSWORD
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=_headless_env(home),
                cwd=tmp_path,
            )
        try:
            deadline = time.monotonic() + 120
            while attempt("engine", "status", s, *me).returncode != 0:  # 1: not running
                assert engine.poll() is None, engine.communicate()[1]
                assert time.monotonic() < deadline, "the engine did not start"
                time.sleep(0.5)
            run("engine", "stop", s, *me, "--reason", "end of the check")
            _, err = engine.communicate(timeout=120)
            assert engine.returncode == 0, err
            assert "No display found" not in err
        finally:
            if engine.poll() is None:
                engine.kill()
                engine.wait()

    def stopped_engine_status() -> None:
        # serve_then_stop asked it while running (exit 0); now it has stopped: exit 1.
        told = attempt("engine", "status", s, *me)
        assert told.returncode == 1, told.stderr
        assert "the engine stopped" in told.stdout and "end of the check" in told.stdout

    steps: dict[tuple[str, ...], Callable[[], object]] = {
        ("store", "check"): lambda: run("store", "check", s, *me),
        ("store", "backup"): lambda: run("store", "backup", s, str(out / "backup.cordon"), *me),
        ("audit", "verify"): lambda: run("audit", "verify", s, *me),
        ("audit", "export"): lambda: run(
            "audit",
            "export",
            s,
            "--out",
            str(out / "audit.csv"),
            *me,
            "--reason",
            "audit review",
            "--to",
            "Professional Standards",
        ),
        ("audit", "checkpoint"): lambda: run(
            "audit", "checkpoint", s, "--out", str(out / "cp.json"), *me
        ),
        ("store", "certificate"): lambda: run(
            "store", "certificate", s, "--out", str(out / "cert.pem"), *me
        ),
        ("user", "list"): lambda: run("user", "list", s, *me),
        ("user", "add"): lambda: run(
            "user",
            "add",
            s,
            "dora",
            *me,
            "--role",
            "duty_officer",
            "--display-name",
            "PC Dora Evans",
            CORDON_NEW_PASSWORD=NEW_PASSWORD,
        ),
        ("user", "roles"): lambda: run(
            "user", "roles", s, "dora", *me, "--role", "approver", "--reason", "acting sergeant"
        ),
        ("user", "reset"): lambda: run(
            "user",
            "reset",
            s,
            "dora",
            *me,
            "--reason",
            "forgotten",
            CORDON_NEW_PASSWORD=NEW_PASSWORD + " again",
        ),
        ("user", "disable"): lambda: run("user", "disable", s, "dora", *me, "--reason", "moved"),
        ("queue", "list"): lambda: run("queue", "list", s, *me),
        ("incident", "engage"): lambda: run(
            "incident",
            "engage",
            s,
            *me,
            "--name",
            "Flooding",
            "--reason",
            "river over its banks",
            "--mode",
            "review",
        ),
        ("incident", "status"): lambda: run("incident", "status", s, *me),
        ("incident", "stand-down"): lambda: run(
            "incident", "stand-down", s, *me, "--reason", "water receding"
        ),
        ("incident", "report"): lambda: run(
            "incident",
            "report",
            s,
            *me,
            "--out",
            str(out / "incident.pdf"),
            "--reason",
            "debrief",
            "--to",
            "Gold",
        ),
        # after the stand-down: during the incident an imported post would be held
        ("calendar", "import"): lambda: run(
            "calendar", "import", s, str(calendar), *me, "--accept"
        ),
        ("inbox", "list"): lambda: run("inbox", "list", s, *me),
        ("report", "list"): lambda: run("report", "list", s, *me),
        ("report", "export"): lambda: run(
            "report",
            "export",
            s,
            ref,
            "--out",
            str(out / "report.json"),
            "--reason",
            "crime to record",
            "--to",
            "Records bureau",
            *me,
        ),
        ("exercise", "new"): lambda: run(
            "exercise", "new", str(drill), "--scenario", str(SMALL), "--user", "tess"
        ),
        ("exercise", "run"): lambda: run(
            "exercise", "run", str(drill), "--user", "tess", "--headless"
        ),
        ("exercise", "status"): lambda: run("exercise", "status", str(drill), "--user", "tess"),
        ("exercise", "debrief"): lambda: run(
            "exercise", "debrief", str(drill), "--out", str(out / "debrief.pdf"), "--user", "tess"
        ),
        ("serve",): serve_then_stop,
        ("engine", "status"): lambda: stopped_engine_status(),
        ("engine", "stop"): lambda: None,  # run by serve_then_stop, against a running engine
        ("logs",): lambda: run("logs"),
        ("user", "password"): lambda: run(
            "user", "password", s, *me, CORDON_NEW_PASSWORD="alice's new long phrase"
        ),
    }
    listed = readme_commands()
    assert ("store", "create") in listed
    assert set(listed) - {("store", "create")} == set(steps), "README and this test disagree"

    made = run("store", "create", str(out / "new.cordon"), "--user", "Audit Lead")
    assert "Created store" in made.stdout
    for step in steps.values():
        step()
    # Every run above logged where the README says: in $CORDON_HOME/logs.
    assert str(home / "logs") in run("logs").stdout
    assert (home / "logs" / "cordon-cli.log").exists()


@pytest.mark.parametrize(
    ("args", "window"),
    [
        ([], True),
        (["--demo"], True),
        (["force.cordon"], True),
        (["--lang", "cy"], True),
        (["--lang", "cy", "store", "check", "force.cordon"], False),
        (["--lang=cy", "logs"], False),
        (["store", "--help"], False),
        (["--help"], False),
        (["--version"], False),
        (["serve", "force.cordon"], False),
    ],
)
def test_only_no_verb_opens_the_window(args: list[str], window: bool) -> None:
    asked = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--opens-window", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert asked.returncode == (0 if window else 1), asked.stderr


def test_a_command_after_lang_runs_without_a_display_and_speaks_welsh(tmp_path: Path) -> None:
    done = subprocess.run(
        [str(ROOT / "run"), "--lang", "cy", "logs"],
        capture_output=True,
        text=True,
        env=_headless_env(tmp_path / "home"),
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "No display found" not in done.stderr
    english = subprocess.run(
        [str(ROOT / "run"), "logs"],
        capture_output=True,
        text=True,
        env=_headless_env(tmp_path / "home"),
        timeout=300,
        check=False,
    )
    assert done.stdout != english.stdout  # the same answer, in Welsh
