"""The small core services the inbox window reads: marks per conversation
(threat-to-life alerts, listening flags), the response clocks of conversations
made reports, the officers a conversation can be given to, the public profile
figures an item's JSON carries, and retrying a failed reply (tested in the window)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from console.inbox import listening, teams, threats
from console.inbox.listening import RuleKind
from console.inbox.marks import marks_of
from console.inbox.profile import public_figures
from console.reports.clocks import clocks_for_conversations
from console.reports.grading import Category, ClockState, Grade, Thrive
from console.reports.service import create_report
from storage import listening as listening_rows
from storage.store import Transaction
from tests.inbox.conftest import Inbox

pytestmark = pytest.mark.asyncio


async def item_id(inbox: Inbox, channel_id: int, remote_id: str) -> int:
    def read(db: object) -> int:
        row = db.execute(  # type: ignore[attr-defined]
            "SELECT id FROM inbox_items WHERE channel_id = ? AND remote_id = ?",
            (channel_id, remote_id),
        ).fetchone()
        return int(row[0])

    return await inbox.store.run(read)


async def test_marks_clocks_and_officers(inbox: Inbox) -> None:
    team = inbox.team
    dora = team["dora"]
    calm = await inbox.item(inbox.mastodon, "m1", 5, text="Is the bridge open?")
    flooded = await inbox.item(inbox.mastodon, "m2", 4, text="The river is in flood by the park")
    urgent = await inbox.item(inbox.x, "x1", 3, text="please help me I am scared")
    urgent_item = await item_id(inbox, inbox.x, "x1")

    def raise_alert(tx: Transaction) -> list[int]:
        [new] = [i for i in listening_rows.items_since(tx.db, "") if i.id == urgent_item]
        return threats.raise_alerts(tx, [new])

    assert len(await inbox.store.write(raise_alert)) == 1
    await listening.add_rule(team["gold"], RuleKind.KEYWORD, "flood")

    marks = await marks_of(dora, [calm, flooded, urgent])
    assert calm not in marks
    assert (marks[flooded].flagged_items, marks[flooded].open_alerts) == (1, 0)
    assert (marks[urgent].open_alerts, marks[urgent].alerts) == (1, 1)
    [alert] = await threats.open_alerts(inbox.store)
    await threats.acknowledge(dora, alert.id, justification="assessing a threat to life")
    marks = await marks_of(dora, [urgent])
    assert (marks[urgent].open_alerts, marks[urgent].alerts) == (0, 1)

    report = await create_report(
        dora, [urgent_item], category=Category.CONCERN_FOR_WELFARE, grade=Grade.IMMEDIATE,
        thrive=Thrive(*["none identified"] * 6),
    )  # fmt: skip
    now = team.clock.now
    allowed = timedelta(minutes=report.allowed_minutes)
    clocks = await clocks_for_conversations(dora, [calm, urgent], now)
    assert list(clocks) == [urgent]
    reference, clock = clocks[urgent]
    assert (reference, clock.state) == (report.reference, ClockState.OK)
    # Later moments, from the same rows: amber under a quarter left, red when it is up.
    later = await clocks_for_conversations(dora, [urgent], now + allowed * 0.8)
    assert later[urgent][1].state is ClockState.AMBER
    overdue = await clocks_for_conversations(dora, [urgent], now + allowed)
    assert overdue[urgent][1].state is ClockState.RED

    officers = [u.name for u in await teams.assignable_officers(dora)]
    assert set(officers) == {"dora", "gold", "silver", "both"}  # not alice, not olly


async def test_public_figures_come_only_from_what_the_network_sent() -> None:
    mastodon = json.dumps(
        {"account": {"followers_count": 1520, "statuses_count": 88,
                     "created_at": "2019-03-01T00:00:00.000Z"}}
    )  # fmt: skip
    assert public_figures("mastodon", mastodon) == [
        ("Followers", "1,520"), ("Posts", "88"), ("Account made", "2019-03-01T00:00:00.000Z"),
    ]  # fmt: skip
    assert public_figures("bluesky", json.dumps({"author": {"handle": "a"}})) == []
    assert public_figures("mastodon", "not json") == []
    assert public_figures("x", "") == []
