"""A store with a team on it: one shared console, a session per officer, a clock
the test moves. Used by the roles, approval and incident tests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest_asyncio

from console import users as user_admin
from console.session import Session, SignInThrottle, sign_in
from storage import users
from storage.records import Role
from storage.store import Transaction
from storage.timeutil import to_iso
from tests.helpers import FAST_KDF, PASSWORD, make_store


class FakeClock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


class Team:
    """One open store and a session for each officer on it (a shared console)."""

    def __init__(self, admin: Session, clock: FakeClock) -> None:
        self.admin = admin
        self.clock = clock
        self.people: dict[str, Session] = {"alice": admin}

    def __getitem__(self, name: str) -> Session:
        return self.people[name]

    async def add(self, name: str, *roles: Role) -> Session:
        user = await user_admin.add_user(
            self.admin, name=name, password=f"{name} password 1", roles=roles, kdf=FAST_KDF
        )
        self.people[name] = Session(self.admin.store, user, via="test")
        return self.people[name]

    async def refresh(self, name: str) -> Session:
        """The officer's session with their record as the store now holds it."""
        record = await self.admin.store.run(lambda db: users.by_name(db, name))
        assert record is not None
        self.people[name] = Session(self.admin.store, record, via="test")
        return self.people[name]

    def at(self, minutes: float) -> str:
        return to_iso(self.clock.now + timedelta(minutes=minutes))


@pytest_asyncio.fixture
async def team(store_where: Path | str) -> AsyncIterator[Team]:
    path = store_where
    await (await make_store(path)).close()
    clock = FakeClock()
    admin = await sign_in(
        path, "alice", PASSWORD, via="test", throttle=SignInThrottle(), clock=clock
    )
    crew = Team(admin, clock)
    await crew.add("dora", Role.DUTY_OFFICER)
    await crew.add("gold", Role.APPROVER)
    await crew.add("silver", Role.APPROVER)
    await crew.add("both", Role.APPROVER, Role.DUTY_OFFICER)
    await crew.add("olly", Role.OBSERVER)

    def channel(tx: Transaction) -> None:
        for name in ("Force X", "Force Facebook"):
            tx.execute(
                "INSERT INTO channels (name, network, account, created_utc)"
                " VALUES (?, 'simulator', ?, ?)",
                (name, "@" + name.split()[1].lower(), tx.now()),
            )

    await admin.store.write(channel)
    yield crew
    await admin.sign_out()
