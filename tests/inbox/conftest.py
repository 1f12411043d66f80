"""The inbox tests work on the sync station (tests/sync/conftest.py: a real store,
simulator channels North and South on a loopback simulator, the sync engine and
the publisher on a fake clock), with a team of officers on it, and the real
Bluesky PDS for the Bluesky adapter (tests/channels/conftest.py)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest_asyncio

from console import users as user_admin
from console.session import Session
from storage.records import Role
from tests.channels.conftest import pds  # noqa: F401 - the session's real PDS
from tests.helpers import FAST_KDF
from tests.sync.conftest import NORTH, Station, clock, simulator, station  # noqa: F401


@dataclass
class Desk:
    """The station with the people who use the inbox."""

    station: Station
    officer: Session  # duty officer
    gold: Session  # approver
    observer: Session

    @property
    def admin(self) -> Session:  # administrator and duty officer
        return self.station.admin

    async def item_id(self, remote_id: str, channel_id: int = NORTH) -> int:
        def read(db: object) -> int:
            row = db.execute(  # type: ignore[attr-defined]
                "SELECT id FROM inbox_items WHERE channel_id = ? AND remote_id = ?",
                (channel_id, remote_id),
            ).fetchone()
            assert row is not None, f"{remote_id} was not stored"
            return int(row[0])

        return await self.station.store.run(read)


@pytest_asyncio.fixture
async def desk(station: Station) -> Desk:  # noqa: F811 - the imported fixture
    admin = station.admin

    async def person(name: str, role: Role) -> Session:
        user = await user_admin.add_user(
            admin, name=name, password=f"{name} password 1", roles=[role], kdf=FAST_KDF
        )
        return Session(admin.store, user, via="test")

    return Desk(
        station,
        await person("dora", Role.DUTY_OFFICER),
        await person("gold", Role.APPROVER),
        await person("olly", Role.OBSERVER),
    )
