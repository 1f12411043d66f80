"""``cordon incident ...`` as a shell runs it: a real process on a real store."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from console import users as user_admin
from console.posts import create_post
from console.session import Session
from incident import engage
from incident.engage import Details
from storage import channels, posts, users
from storage.incidents import Scope
from storage.lifecycle import open_store
from storage.records import ApprovalState, ContentKind, Role, TargetStatus
from storage.store import Transaction
from storage.timeutil import to_iso
from tests.helpers import PASSWORD, make_store
from tests.test_cli import cordon

pytestmark = pytest.mark.slow


async def _prepare(path: Path | str) -> None:
    store = await make_store(path)
    try:
        admin = await store.run(lambda db: users.by_name(db, "alice"))
        assert admin is not None
        session = Session(store, admin, via="test")
        await user_admin.set_roles(
            session, "alice", [Role.ADMINISTRATOR, Role.APPROVER], reason="test desk"
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
        soon = to_iso(datetime.now(UTC) + timedelta(days=1))
        session = Session(store, alice, via="test")
        for channel in (1, 2):
            await create_post(session, body=f"Week ahead {channel}", channel_ids=[channel],
                              scheduled_utc=soon)  # fmt: skip
    finally:
        await store.close()


def test_engage_status_report_and_stand_down_from_the_shell(
    tmp_path: Path, store_where: Path | str
) -> None:
    path = store_where
    asyncio.run(_prepare(path))
    store = str(path)

    engaged = cordon("incident", "engage", store, "--user", "alice", "--name", "Flood",
                     "--reason", "River burst", "--areas", "North", password=PASSWORD)  # fmt: skip
    assert engaged.returncode == 0, engaged.stderr
    assert engaged.stdout.splitlines() == [
        "Incident mode engaged: Flood (suspend).",
        "1 post held.",
    ]
    again = cordon("incident", "engage", store, "--user", "alice", "--name", "Other",
                   "--reason", "x", password=PASSWORD)  # fmt: skip
    assert again.returncode == 2
    assert again.stderr.startswith("cordon: Incident mode is already engaged for Flood")

    status = cordon("incident", "status", store, "--user", "alice", password=PASSWORD)
    assert status.returncode == 0, status.stderr
    assert "  scope           areas: North" in status.stdout
    assert "  held            1" in status.stdout

    early = cordon("incident", "stand-down", store, "--user", "alice", "--reason", "over",
                   password=PASSWORD)  # fmt: skip
    assert early.returncode == 2
    assert early.stderr == (
        "cordon: 1 post is still held: release, reschedule or cancel each one before "
        "standing down.\n"
    )

    pdf = tmp_path / "flood.pdf"
    made = cordon("incident", "report", store, "--user", "alice", "--out", str(pdf),
                  "--reason", "inquiry", "--to", "IOPC", password=PASSWORD)  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    assert "Audit checkpoint: entry " in made.stdout
    wrong = cordon("incident", "report", store, "--user", "alice", "--out", "x.docx",
                   "--reason", "inquiry", "--to", "IOPC", password=PASSWORD)  # fmt: skip
    assert wrong.stderr == (
        "cordon: Write the incident report to a .pdf or a .csv file, not x.docx.\n"
    )


async def _pinned_statement_in_an_incident(path: Path | str) -> None:
    """An incident (holding nothing) whose holding statement went out and was pinned,
    as the engine would have left it."""
    store, alice = await open_store(path, "alice", PASSWORD)
    try:
        session = Session(store, alice, via="test")

        def east(tx: Transaction) -> None:  # a channel with nothing queued: nothing is held
            channels.insert(tx.db, name="Force East", network="simulator", account="E",
                            area="East", now=tx.now())  # fmt: skip

        await store.write(east)
        incident = await engage.engage(
            session, details=Details("Flood", reason="river"), scope=Scope.of_areas(["East"])
        )

        def pinned(tx: Transaction) -> None:
            post_id = posts.insert_post(
                tx.db, author_id=alice.id, kind=ContentKind.HOLDING_STATEMENT,
                body="Stay away from the river", now=tx.now(),
            )  # fmt: skip
            target_id = posts.insert_target(
                tx.db, post_id=post_id, channel_id=1, status=TargetStatus.PUBLISHED,
                approval=ApprovalState.NOT_REQUIRED, scheduled_utc=tx.now(), now=tx.now(),
                cleared_incident_id=incident.id,
            )  # fmt: skip
            tx.db.execute(
                "UPDATE targets SET remote_id = 's1', pin_state = 'pinned' WHERE id = ?",
                (target_id,),
            )

        await store.write(pinned)
    finally:
        await store.close()


def test_stand_down_from_the_shell_says_what_to_do_with_pinned_statements(
    tmp_path: Path, store_where: Path | str
) -> None:
    path = store_where
    asyncio.run(_prepare(path))
    asyncio.run(_pinned_statement_in_an_incident(path))
    store = str(path)

    asked = cordon("incident", "stand-down", store, "--user", "alice", "--reason", "over",
                   password=PASSWORD)  # fmt: skip
    assert asked.returncode == 2
    assert asked.stderr == (
        "cordon: 1 holding statement is pinned from this incident: stand down with --unpin "
        "to take it off the top of its profile or Page, or with --keep-pinned to leave it.\n"
    )
    done = cordon("incident", "stand-down", store, "--user", "alice", "--reason", "over",
                  "--unpin", password=PASSWORD)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "Stood down: Flood.",
        "Asked to unpin 1: Cordon's engine unpins them while the console runs, and each "
        "result goes in the audit trail.",
    ]

    async def unpin_state() -> str:
        store, _ = await open_store(path, "alice", PASSWORD)
        try:
            row = await store.run(
                lambda db: db.execute(
                    "SELECT unpin_state FROM targets WHERE remote_id = 's1'"
                ).fetchone()
            )
        finally:
            await store.close()
        return str(row[0])

    assert asyncio.run(unpin_state()) == "requested"
