"""Incident mode on a nearly full disk: the whole engage stands, or the officer is
told exactly what stood and nothing in scope is sent (a real small disk)."""

from __future__ import annotations

from pathlib import Path

import pytest

from console.session import SignInThrottle, sign_in
from incident import engage
from storage import queue
from storage.store import Transaction
from tests.disk import fill, small_disk
from tests.helpers import PASSWORD, make_store

pytestmark = pytest.mark.asyncio


def _queued(count: int):  # type: ignore[no-untyped-def]
    def seed(tx: Transaction) -> None:
        now = tx.now()
        tx.execute(
            "INSERT INTO channels (name, network, account, created_utc)"
            " VALUES ('North', 'simulator', '@north', ?)",
            (now,),
        )
        tx.execute("INSERT INTO user_roles (user_id, role) VALUES (1, 'duty_officer')")
        for n in range(count):
            post = tx.execute(
                "INSERT INTO posts (author_id, body, created_utc, updated_utc) VALUES (1, ?, ?, ?)"
                " RETURNING id",
                (f"post {n} " + "x" * 50, now, now),
            ).fetchone()[0]
            tx.execute(
                "INSERT INTO targets (post_id, channel_id, status, scheduled_utc, updated_utc)"
                " VALUES (?, 1, 'queued', '2020-01-01T00:00:00.000000Z', ?)",
                (post, now),
            )

    return seed


async def test_an_engage_cut_short_by_a_full_disk_says_what_stood(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk", 16384) as disk:
        path = disk / "s.cordon"
        store = await make_store(path)
        await store.write(_queued(3000))
        await store.close()
        session = await sign_in(path, "alice", PASSWORD, via="test", throttle=SignInThrottle())
        fill(disk, leave=65536)  # room for the hold, none for moving 3,000 targets
        with pytest.raises(engage.PartlyEngaged) as told:
            await engage.engage(session, details=engage.Details("Flood", "", "", "rising water"))
        assert str(told.value).startswith("Incident mode IS engaged (Flood")
        assert "Marking the queued posts as held did not finish" in str(told.value)
        incident = await engage.current(session.store)
        assert incident is not None and incident.targets_held_utc is None
        # The engine treats everything in scope as held: nothing is due to be claimed.
        now = session.store.clock().isoformat()
        assert await session.store.run(lambda db: queue.due(db, now, now)) == []
        assert await session.store.run(lambda db: queue.claim(db, 1, "key", now)) is None
        await session.store.close()
