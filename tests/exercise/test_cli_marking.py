"""What the command line prints about an exercise store, and the audit checkpoint
written beside an export, say EXERCISE EXERCISE EXERCISE (the words of
console/marking.py); a live store's output is left as it was."""

from __future__ import annotations

import asyncio
import io
import json
from pathlib import Path

import pytest

import console.inbox.cli  # adds the inbox verbs
import console.reports.cli  # noqa: F401  (adds the report verbs)
import incident.cli  # adds the incident verbs
import incident.exercise.cli  # noqa: F401  (adds the exercise verbs)
from console import cli
from console import users as user_admin
from console.marking import EXERCISE_MARK
from console.reports.grading import Grade
from console.session import Session
from incident import engage
from incident.exercise import service
from storage import audit
from storage.lifecycle import open_store
from storage.records import Role
from tests.exercise.conftest import SMALL, TRAINER
from tests.helpers import FAST_KDF, PASSWORD, make_store
from tests.reports.helpers import add_items, item, report_from


async def _exercise_with_work(tmp_path: Path) -> Path:
    """The small exercise with an inbox item, a report from it and incident mode engaged."""
    path = await service.create_exercise(
        tmp_path / "ex.cordon", SMALL, TRAINER, PASSWORD, kdf=FAST_KDF
    )
    store, trainer = await open_store(path, TRAINER, PASSWORD)
    try:
        dora = await user_admin.add_user(
            Session(store, trainer, via="test"), name="dora", password=PASSWORD,
            roles=[Role.DUTY_OFFICER], kdf=FAST_KDF,
        )  # fmt: skip
        team = Session(store, dora, via="test")
        [first] = await add_items(store, item("r1", "Water pouring up by the market cross"))
        await report_from(team, [first], grade=Grade.PRIORITY)
        await engage.hold_now(team)
    finally:
        await store.close()
    return path


@pytest.fixture
def exercise(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CORDON_PASSWORD", PASSWORD)
    return asyncio.run(_exercise_with_work(tmp_path))


def _run(*argv: str) -> list[str]:
    out, err = io.StringIO(), io.StringIO()
    assert cli.run(list(argv), out, err) == cli.EXIT_OK, err.getvalue()
    return out.getvalue().splitlines()


def _marked(lines: list[str]) -> list[str]:
    """The output between its two marks (both present, first and last)."""
    assert lines[0] == EXERCISE_MARK and lines[-1] == EXERCISE_MARK, lines
    return lines[1:-1]


@pytest.mark.parametrize(
    ("verb", "action"),
    [("queue", "list"), ("user", "list"), ("inbox", "list"), ("report", "list"),
     ("incident", "status")],
)  # fmt: skip
def test_every_listing_of_an_exercise_store_is_marked(
    exercise: Path, verb: str, action: str
) -> None:
    lines = _marked(_run(verb, action, str(exercise), "--user", TRAINER))
    if verb == "queue":
        assert lines[0].startswith("time (UK)") and lines[-1] == "3 targets."
    elif verb == "user":
        assert [line.split("\t")[0] for line in lines] == ["dora", TRAINER]
    elif verb == "inbox":
        assert lines[-1] == "1 conversation."
    elif verb == "report":
        [report] = lines
        # The response clock runs on the exercise clock: just recorded, not months late.
        assert "\tok " in report
    else:
        assert lines[0].startswith("Incident mode engaged")


def test_what_the_other_commands_say_of_an_exercise_store_is_marked(
    exercise: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The chain, then the rows against it (as the window's Verify says them).
    verified, rows = _marked(_run("audit", "verify", str(exercise), "--user", TRAINER))
    assert verified.startswith("Audit trail intact")
    assert rows.startswith("State: the "), rows
    checked = _marked(_run("store", "check", str(exercise), "--user", TRAINER))
    assert checked[0].startswith("Pages: every page")
    copy = tmp_path / "copy.cordon"
    [backed] = _marked(_run("store", "backup", str(exercise), str(copy), "--user", TRAINER))
    assert backed.startswith("Backed up to")
    monkeypatch.setenv("CORDON_NEW_PASSWORD", "another long enough phrase")
    [added] = _marked(
        _run("user", "add", str(exercise), "sam", "--user", TRAINER, "--role", "duty_officer")
    )
    assert added.startswith("Added sam")


def test_the_debrief_commands_own_lines_are_marked(exercise: Path, tmp_path: Path) -> None:
    out = tmp_path / "debrief.csv"
    lines = _marked(
        _run("exercise", "debrief", str(exercise), "--user", TRAINER, "--out", str(out))
    )
    assert lines[0].startswith(f"Wrote {out}")
    assert lines[1].startswith("Recorded as a disclosure")


def test_the_checkpoints_of_an_exercise_store_say_so(exercise: Path, tmp_path: Path) -> None:
    out = tmp_path / "trail.csv"
    _run("audit", "export", str(exercise), "--user", TRAINER, "--out", str(out),
         "--reason", "the debrief", "--to", "the team")  # fmt: skip
    beside = audit.checkpoint_path_for(out)
    doc = json.loads(beside.read_text("utf-8"))
    assert doc["marking"] == EXERCISE_MARK
    assert beside.read_text("utf-8").splitlines()[1] == f'  "marking": "{EXERCISE_MARK}",'
    saved = tmp_path / "saved.json"
    _run("audit", "checkpoint", str(exercise), "--user", TRAINER, "--out", str(saved))
    assert json.loads(saved.read_text("utf-8"))["marking"] == EXERCISE_MARK
    # Still a checkpoint: verifying against it works.
    checkpoint = audit.read_checkpoint(saved)
    assert checkpoint.seq == doc["seq"]  # the export's checkpoint holds its own entry
    _run("audit", "verify", str(exercise), "--user", TRAINER, "--checkpoint", str(saved))


def test_a_live_stores_output_is_not_marked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "live.cordon"
    asyncio.run(_close(path))
    monkeypatch.setenv("CORDON_PASSWORD", PASSWORD)
    where = str(path)
    header = "time (UK)\tstatus\tchannel\tauthor\ttext"
    assert _run("queue", "list", where, "--user", "alice") == [header, "0 targets."]
    assert EXERCISE_MARK not in "\n".join(_run("user", "list", where, "--user", "alice"))
    out = tmp_path / "trail.jsonl"
    _run("audit", "export", where, "--user", "alice", "--out", str(out),
         "--reason", "a check", "--to", "the auditor")  # fmt: skip
    assert "marking" not in json.loads(audit.checkpoint_path_for(out).read_text("utf-8"))


async def _close(path: Path) -> None:
    await (await make_store(path)).close()
