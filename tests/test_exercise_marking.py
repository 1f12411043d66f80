"""An exercise store's exports say EXERCISE EXERCISE EXERCISE; a live store's do not."""

from __future__ import annotations

import csv
import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from console import audit_trail
from console import users as user_admin
from console.marking import EXERCISE_MARK
from console.reports import export
from console.session import Session, SignInThrottle, sign_in
from incident import engage, report
from storage import channels
from storage.records import Role, StoreKind
from storage.store import Transaction
from tests.helpers import PASSWORD, make_store
from tests.reports.helpers import add_items, item, report_from

pytestmark = pytest.mark.asyncio


async def _desk(path: Path, kind: StoreKind) -> Session:
    await (await make_store(path, kind=kind)).close()
    admin = await sign_in(path, "alice", PASSWORD, via="test", throttle=SignInThrottle())
    await user_admin.set_roles(admin, "alice", [Role.ADMINISTRATOR, Role.DUTY_OFFICER],
                               reason="the desk")  # fmt: skip

    def channel(tx: Transaction) -> None:
        channels.insert(tx.db, name="Sim", network="simulator", account="sim", area="",
                        now=tx.now())  # fmt: skip

    await admin.store.write(channel)
    await admin.sign_out()
    return await sign_in(path, "alice", PASSWORD, via="test", throttle=SignInThrottle())


@pytest_asyncio.fixture(params=[StoreKind.EXERCISE, StoreKind.LIVE], ids=["exercise", "live"])
async def desk(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Session]:
    session = await _desk(tmp_path / "desk.cordon", request.param)
    yield session
    await session.sign_out()


def _exercise(session: Session) -> bool:
    return session.store.kind is StoreKind.EXERCISE


async def test_the_audit_export_starts_with_the_marking_in_csv_and_json_lines(
    desk: Session, tmp_path: Path
) -> None:
    for name in ("trail.csv", "trail.jsonl"):
        await audit_trail.export(
            desk.store, tmp_path / name, actor="alice", reason="debrief", recipient="trainer"
        )
    rows = list(csv.reader((tmp_path / "trail.csv").read_text("utf-8").splitlines()))
    jsonl = (tmp_path / "trail.jsonl").read_text("utf-8").splitlines()
    lines = [json.loads(line) for line in jsonl]
    if _exercise(desk):
        assert rows[0] == [EXERCISE_MARK]
        assert rows[1][:3] == ["seq", "at_utc", "actor"]
        assert lines[0] == {"marking": EXERCISE_MARK}
        assert lines[1]["seq"] == 1
    else:
        assert rows[0][:3] == ["seq", "at_utc", "actor"]
        assert lines[0]["seq"] == 1
    assert lines[-1]["action"] == "audit.export"  # the disclosure is still the last entry


async def test_the_incident_report_csv_starts_with_the_marking(
    desk: Session, tmp_path: Path
) -> None:
    incident = await engage.hold_now(desk)
    built = await report.build(desk.store, incident.id)
    out = tmp_path / "incident.csv"
    await report.export(desk.store, built, out, actor="alice", reason="r", recipient="x")
    first = out.read_text("utf-8").splitlines()[0]
    assert (first == EXERCISE_MARK) is _exercise(desk)
    assert first.startswith("seq,") is not _exercise(desk)


async def test_a_report_handed_over_as_json_carries_the_marking(
    desk: Session, tmp_path: Path
) -> None:
    ids = await add_items(desk.store, item("1", "Someone is following me home"))
    ref = (await report_from(desk, ids)).reference
    out = tmp_path / "handover.json"
    await export.export_report(desk, ref, out, reason="debrief", recipient="Exercise control")
    doc = json.loads(out.read_text("utf-8"))
    assert doc.get("marking") == (EXERCISE_MARK if _exercise(desk) else None)
    assert doc["exercise"] is _exercise(desk)
