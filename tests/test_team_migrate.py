"""``cordon store migrate FILE URL``: a team moves its local store onto a team database.

The store file is made as a desk uses it (officers with their own passwords, a
connected channel with a token, posts, an incident engaged with its hold and a
released post), moved by the command line, and then: every officer signs in to the
team store with their own password, the chain verifies across the move and says so
in its last entry, the state check passes against the digests that came across, the
token opens and is sealed on the server, and the file is exactly as it was.
"""

from __future__ import annotations

import asyncio
import hashlib
from pathlib import Path

import pytest

from console import users as user_admin
from console.posts import create_post
from console.session import Session
from incident import engage, review
from incident.review import When
from storage import audit, channels, credentials, lifecycle, users
from storage.records import IncidentMode, Role
from storage.store import Transaction
from tests.helpers import FAST_KDF, PASSWORD, make_store, raw_db
from tests.test_cli import cordon

pytestmark = pytest.mark.slow

LATER = "2030-01-01T09:00:00.000000Z"


async def _a_desk(path: Path) -> None:
    store = await make_store(path)
    try:
        alice = await store.run(lambda db: users.by_name(db, "alice"))
        assert alice is not None
        admin = Session(store, alice, via="test")
        await user_admin.set_roles(
            admin, "alice", [Role.ADMINISTRATOR, Role.DUTY_OFFICER], reason="desk"
        )
        await user_admin.add_user(admin, name="gold", password="gold password 1",
                                  roles=[Role.APPROVER], kdf=FAST_KDF)  # fmt: skip

        def channel(tx: Transaction) -> None:
            made = channels.insert(
                tx.db, name="Force X", network="simulator", account="x", area="North",
                now=tx.now(),
            )  # fmt: skip
            credentials.put(tx.db, made, base_url="https://x.example/",
                            secrets={"access_token": "the-token-itself"}, expires_utc=None,
                            now=tx.now())  # fmt: skip

        await store.write(channel)
        alice = await store.run(lambda db: users.by_name(db, "alice"))
        assert alice is not None
        officer = Session(store, alice, via="test")
        first = await create_post(officer, body="Road closed", channel_ids=[1],
                                  scheduled_utc=LATER)  # fmt: skip
        await create_post(officer, body="Fete today", channel_ids=[1], scheduled_utc=LATER)
        await engage.engage(officer, details=engage.Details("Flood", "REF", "Gold", "water"))
        await engage.change_mode(officer, 1, IncidentMode.REVIEW, reason="review")
        gold = await store.run(lambda db: users.by_name(db, "gold"))
        assert gold is not None
        await review.release(Session(store, gold, via="test"), [first.targets[0].id],
                             When.original(), reason="harmless")  # fmt: skip
    finally:
        await store.close()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_store_file_moves_onto_a_team_database_and_the_chain_carries_on(
    tmp_path: Path, pg_url: str
) -> None:
    source = tmp_path / "desk.cordon"
    asyncio.run(_a_desk(source))
    before = asyncio.run(_head(source))
    file_before = (_digest(source), _digest(source.with_name("desk.cordon.keys")))

    moved = cordon("store", "migrate", str(source), pg_url, "--user", "alice", password=PASSWORD)
    assert moved.returncode == 0, moved.stderr
    assert "untouched" in moved.stdout and "secret" not in moved.stdout

    assert asyncio.run(_head(source)) == before  # the file's content is as it was
    assert (_digest(source), _digest(source.with_name("desk.cordon.keys"))) == file_before

    verified = cordon("audit", "verify", pg_url, "--user", "gold", password="gold password 1")
    assert verified.returncode == 0, verified.stderr + verified.stdout
    checked = cordon("store", "check", pg_url, "--user", "alice", password=PASSWORD)
    assert checked.returncode == 0, checked.stderr + checked.stdout
    asyncio.run(_after(pg_url, before))

    again = cordon("store", "migrate", str(source), pg_url, "--user", "alice", password=PASSWORD)
    assert again.returncode == 2 and "already a Cordon store" in again.stderr


async def _head(where: Path | str) -> tuple[int, str]:
    store, _ = await lifecycle.open_store(where, "alice", PASSWORD)
    try:
        head = await store.run(lambda db: audit.head(db, store.store_id))
        return head.seq, head.hash
    finally:
        await store.close()


async def _after(url: str, before: tuple[int, str]) -> None:
    store, _ = await lifecycle.open_store(url, "gold", "gold password 1")
    try:
        entries = await store.run(lambda db: list(audit.iter_entries(db)))
        moved = [e for e in entries if e.action == "store.migrate"]
        assert len(moved) == 1 and moved[0].seq == before[0] + 1
        assert moved[0].prev_hash == before[1]
        found = await store.run(lambda db: credentials.get(db, 1))
        assert found is not None and found.secrets == {"access_token": "the-token-itself"}
        counts = await store.run(
            lambda db: dict(db.execute("SELECT status, count(*) FROM targets GROUP BY status"))
        )
        assert counts == {"held": 1, "queued": 1}
        # New rows take new ids after the ones that came across.
        await store.write(
            lambda tx: channels.insert(
                tx.db, name="Force Y", network="simulator", account="y", area="", now=tx.now()
            )
        )
    finally:
        await store.close()
    with raw_db(url) as db:
        sealed = db.execute("SELECT secrets FROM channel_credentials").fetchone()[0]
        assert "the-token-itself" not in sealed
        assert [r[0] for r in db.execute("SELECT id FROM channels ORDER BY id")] == [1, 2]
