"""Fixtures of the inbox tests.

``inbox``: an inbox desk: the team's store (alice administrator, dora duty officer, gold and
silver approvers, olly observer) with a channel per network, and a way to collect
items exactly as the sync engine does (filed into conversations in the same
transaction, reopenings audited)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest_asyncio

from console import users as user_admin
from console.channels.base import InboxItem
from console.inbox.work import audit_reopened
from console.session import Session
from storage import audit, channels, conversations
from storage.conversations import ConversationRow
from storage.records import AuditEntry, Role
from storage.store import Store, Transaction
from storage.timeutil import to_iso
from tests.channels.conftest import pds  # noqa: F401 - the session's real PDS
from tests.helpers import FAST_KDF
from tests.sync.conftest import NORTH, Station, clock, simulator, station  # noqa: F401
from tests.team import Team

SIMULATOR, FACEBOOK = 1, 2  # the team's two simulator channels


@dataclass
class Inbox:
    team: Team
    mastodon: int
    bluesky: int
    x: int

    @property
    def store(self) -> Store:
        return self.team.admin.store

    def ago(self, minutes: float) -> str:
        return to_iso(self.team.clock.now - timedelta(minutes=minutes))

    async def collect(self, channel_id: int, items: Sequence[InboxItem]) -> int:
        received = to_iso(self.team.clock.now)

        def write(tx: Transaction) -> int:
            found = conversations.collect(tx.db, channel_id, items, received)
            audit_reopened(tx, found.reopened, actor="sync")
            return found.new

        return await self.store.write(write)

    async def item(self, channel_id: int, remote_id: str, minutes_ago: float = 0, **kw: Any) -> int:
        """Store one item; returns its conversation."""
        fields = {"kind": "mention", "author_handle": "resident", "author_name": "A Resident",
                  "text": f"Item {remote_id}", **kw}  # fmt: skip
        await self.collect(
            channel_id,
            [InboxItem(remote_id=remote_id, created_utc=self.ago(minutes_ago), **fields)],
        )
        return await self.conversation_of(channel_id, remote_id)

    async def conversation_of(self, channel_id: int, remote_id: str) -> int:
        def read(db: Any) -> int:
            row = db.execute(
                "SELECT conversation_ref FROM inbox_items WHERE channel_id = ? AND remote_id = ?",
                (channel_id, remote_id),
            ).fetchone()
            return int(row[0])

        return await self.store.run(read)

    async def row(self, conversation_id: int) -> ConversationRow:
        found = await self.store.run(lambda db: conversations.get(db, conversation_id))
        assert found is not None
        return found

    async def audit(self, prefix: str = "") -> list[AuditEntry]:
        entries = await self.store.run(lambda db: list(audit.iter_entries(db)))
        return [e for e in entries if e.action.startswith(prefix)]

    async def afters(self, prefix: str) -> list[dict[str, Any]]:
        return [json.loads(e.after or "{}") for e in await self.audit(prefix)]


@pytest_asyncio.fixture
async def inbox(team: Team) -> AsyncIterator[Inbox]:
    def add(tx: Transaction) -> tuple[int, int, int]:
        made = [
            channels.insert(
                tx.db, name=name, network=network, account=account, area="", now=tx.now()
            )
            for name, network, account in (
                ("Force Mastodon", "mastodon", "force@police.example"),
                ("Force Bluesky", "bluesky", "force.bsky.social"),
                ("Force on X", "x", "4242"),
            )
        ]
        return made[0], made[1], made[2]

    mastodon, bluesky, x = await team.admin.store.write(add)
    yield Inbox(team, mastodon, bluesky, x)


# -- replies, listening, alerts: the sync station with a team on it, and the real PDS ---


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
