"""A whole exercise: a trainer runs the flooding scenario for a team of three on a
machine that reaches nothing but itself, and hands out a debrief at the end.

The team (a digital desk officer, a duty officer and gold command) shares the
exercise store as the console's users do; the trainer moves the exercise clock;
every connection the run makes is checked to be loopback. The debrief's figures
are compared with what the team did, at the exercise times they did it.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from console import users as user_admin
from console.engine import Engine
from console.inbox import replies, threats
from console.inbox.work import assign, open_conversation
from console.reports import service as reports
from console.reports.grading import Category, Grade, Thrive
from console.session import Session
from incident import engage, statements
from incident.engage import Details
from incident.exercise import service
from incident.exercise.debrief import build_debrief
from incident.exercise.debrief_out import debrief_csv, export_debrief
from incident.exercise.runner import ExerciseRunner
from incident.exercise.scenario_file import load_scenario, shipped_scenarios
from storage import audit, channels, conversations
from storage.records import Role
from tests.exercise.conftest import TRAINER, FakeRealClock, trainer_session
from tests.exercise.test_headless import loopback_only  # noqa: F401 - the network guard
from tests.helpers import FAST_KDF, PASSWORD

pytestmark = pytest.mark.asyncio

FLOODING = next(p for p in shipped_scenarios() if p.name == "flooding.toml")
SCENARIO = load_scenario(FLOODING)
STARTS = SCENARIO.starts_utc


def minutes(n: float) -> timedelta:
    return timedelta(minutes=n)


async def _member(trainer: Session, name: str, *roles: Role) -> Session:
    user = await user_admin.add_user(
        trainer, name=name, password=PASSWORD, roles=list(roles), kdf=FAST_KDF
    )
    return Session(trainer.store, user, via="test")


async def _items_of(trainer: Session, inject_id: str) -> tuple[int, ...]:
    state = {i.id: i for i in (await service.status(trainer.store)).injects}
    return state[inject_id].item_ids


async def test_a_trainer_runs_the_flooding_scenario_for_a_team_of_three_offline(
    tmp_path: Path,
    real: FakeRealClock,
    loopback_only: list[Any],  # noqa: F811
) -> None:
    path = await service.create_exercise(
        tmp_path / "flooding.cordon", FLOODING, TRAINER, PASSWORD, kdf=FAST_KDF, real=real
    )
    trainer = await trainer_session(path, real)
    store = trainer.store
    desk = await _member(trainer, "dora", Role.DUTY_OFFICER)  # the digital desk
    duty = await _member(trainer, "sam", Role.DUTY_OFFICER)
    gold = await _member(trainer, "gwen", Role.APPROVER)
    await statements.ensure_shipped(store)
    flooding = next(t for t in await statements.templates(store) if t.name == "Flooding")
    await statements.pre_approve(gold, flooding.id, reason="Agreed wording for flood warnings")
    engine = Engine(store)  # on the store's exercise clock
    await engine.start()
    runner = ExerciseRunner(store, engine)
    await runner.start(play=False)  # the trainer's jumps move the exercise
    try:
        await service.start(trainer)
        assert store.clock() == STARTS

        # 06:26: the first sign (Mill Lane under water) is in the desk's inbox.
        await service.jump(trainer, minutes(26))
        first = await _items_of(trainer, "ford-mill-lane")
        assert len(first) == 1
        conversation = await store.run(lambda db: conversations.of_item(db, first[0]))
        assert conversation is not None
        await open_conversation(desk, conversation, "Triage of a flooding report")
        await assign(desk, conversation, officer="dora")

        # 06:40: the duty officer engages incident mode and sends the flooding statement.
        await service.jump(trainer, minutes(40))
        await engage.engage(
            duty, details=Details("Flooding in the Lenn valley", reason="Mill Lane flooded")
        )
        main = await store.run(lambda db: channels.by_name(db, "Northshire Police"))
        assert main is not None
        sent = await statements.send(
            duty, flooding.id,
            {"location": "the Lenn valley", "reference": "NP-0213", "next_update": "08:00"},
            [main.id],
        )  # fmt: skip
        assert not sent.awaiting_approval  # gold pre-approved the words

        # 10:30: the threat-to-life message and the burglary in progress have come in.
        await service.jump(trainer, timedelta(hours=4, minutes=30))
        trapped = await _items_of(trainer, "trapped-coldharbour")
        alerts = [a for a in await threats.open_alerts(store) if a.item_id in trapped]
        assert alerts, "the threat-to-life message raised no alert"
        await threats.acknowledge(desk, alerts[0].id, justification="Risk to life: trapped")
        await replies.reply(desk, trapped[0], await threats.standard_reply(store), public=False)
        burglary = await _items_of(trainer, "burglary-in-progress")
        report = await reports.create_report(
            desk, list(burglary), category=Category.CRIME, grade=Grade.IMMEDIATE,
            thrive=Thrive("Offenders at the house now", "Loss from an evacuated home",
                          "High: the owner is away", "Attend; CCTV on Wharf Street",
                          "Elderly owner at the rest centre", "Caller wants a call back"),
            location="14 Wharf Street, Kingsbridge", summary="Burglary in progress reported by DM",
        )  # fmt: skip

        # The trainer plays the rest and ends the exercise.
        await service.jump(trainer, SCENARIO.duration)
        await service.end(trainer)
        state = await service.status(store)
        assert all(i.fired_exercise_utc is not None for i in state.injects)
    finally:
        await runner.stop()
        await engine.stop()

    debrief = await build_debrief(trainer)
    # The first sign and the engage, at the exercise times the team acted.
    assert debrief.first_sign == STARTS + minutes(25)
    assert debrief.engaged == STARTS + minutes(40) and debrief.engaged_by == "sam"
    assert debrief.engage_delay == minutes(15)
    assert debrief.incident_name == "Flooding in the Lenn valley"
    picked = debrief.inject("ford-mill-lane").picked_up
    assert picked is not None and picked.actor == "dora"
    assert picked.at == STARTS + minutes(26)
    assert debrief.inject("ford-mill-lane").took == minutes(1)
    trapped_debrief = debrief.inject("trapped-coldharbour")
    assert trapped_debrief.picked_up is not None and trapped_debrief.picked_up.actor == "dora"
    assert trapped_debrief.took == minutes(5)  # arrived 10:25, seen at 10:30
    assert [(s.by, s.template, s.at) for s in debrief.statements] == [
        ("sam", "Flooding", STARTS + minutes(40))
    ]
    assert [(r.reference, r.by, r.category) for r in debrief.reports] == [
        (report.reference, "dora", Category.CRIME.label)
    ]
    assert "burglary-in-progress" in debrief.reports[0].injects
    # 06:05 went before the first sign; the 06:45 post fell due while held.
    assert debrief.should_have_been_held == ()

    # The debrief is handed out, its export recorded as a disclosure.
    out = tmp_path / "debrief.csv"
    await export_debrief(trainer, out, "csv", reason="Debrief", recipient="The team of three")
    text = out.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "EXERCISE EXERCISE EXERCISE"
    assert text == debrief_csv(debrief)
    rows = list(csv.reader(io.StringIO(text)))
    assert any("ford-mill-lane" in row for row in rows)
    pdf = tmp_path / "debrief.pdf"
    await export_debrief(trainer, pdf, "pdf", reason="Debrief", recipient="The team of three")
    assert pdf.read_bytes().startswith(b"%PDF")
    entries = await store.run(lambda db: list(audit.iter_entries(db)))
    handed = [e for e in entries if e.action == "exercise.debrief_export"]
    assert [(e.recipient, e.category.value, json.loads(e.after or "{}")["format"])
            for e in handed] == [
        ("The team of three", "disclosure", "csv"), ("The team of three", "disclosure", "pdf")
    ]  # fmt: skip
    await store.close()
    assert loopback_only == []  # nothing tried to leave the machine
