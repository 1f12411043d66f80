"""Manual channels (Nextdoor, WhatsApp Channels, the force website): Cordon keeps the
post, lists it when due, never sends it itself, holds it in an incident like any other,
and records who says they posted it, audited and on the incident's timeline."""

from __future__ import annotations

import pytest

from console import manual, settings
from console.bilingual import Choice, First, Form
from console.posts import create_post
from incident import engage, report, review, stand_down
from incident.engage import Details
from storage import audit, channels
from storage.errors import StoreError
from storage.records import IncidentMode, TargetStatus
from storage.store import Transaction
from tests.desk import Desk

pytestmark = pytest.mark.asyncio


async def _website(desk: Desk) -> int:
    def add(tx: Transaction) -> int:
        return channels.insert(tx.db, name="Force website", network="website",
                               account="news", area="North", now=tx.now())  # fmt: skip

    return await desk.officer.store.write(add)


async def _post(desk: Desk, channel_id: int, text: str, minutes: float) -> int:
    made = await create_post(
        desk.officer, body=text, channel_ids=[channel_id], scheduled_utc=desk.at(minutes)
    )
    return made.targets[0].id


async def test_due_by_hand_is_listed_never_sent_never_missed(desk: Desk) -> None:
    website = await _website(desk)
    target = await _post(desk, website, "Road closures this weekend", minutes=1)
    later = await _post(desk, website, "Next week's surgeries", minutes=60)

    [soon] = await manual.due(desk.officer.store)
    assert soon == manual.ByHand(
        target, "Force website", "website", "Road closures this weekend", desk.at(1), due=False
    )
    desk.clock.advance(minutes=30)  # past its time, and past the grace
    assert await desk.publisher.publish_due() == []  # the publisher leaves it alone
    assert await desk.status(target) is TargetStatus.QUEUED  # and never marks it missed
    [listed] = await manual.due(desk.officer.store)
    assert (listed.target_id, listed.due) == (target, True)
    assert later not in [item.target_id for item in await manual.due(desk.officer.store)]
    assert desk.simulator.received() == []


async def test_posted_by_hand_is_recorded_with_who_said_so(desk: Desk) -> None:
    website = await _website(desk)
    target = await _post(desk, website, "Road closures this weekend", minutes=1)
    desk.clock.advance(minutes=2)
    posted = desk.at(-1)

    with pytest.raises(StoreError, match="https://"):
        await manual.mark_posted(desk.officer, target, link="police.example/news/1")
    with pytest.raises(StoreError, match="in the future"):
        await manual.mark_posted(desk.officer, target, posted_utc=desk.at(30))
    await manual.mark_posted(
        desk.officer, target, posted_utc=posted, link="https://police.example/news/1"
    )
    with pytest.raises(StoreError, match="already recorded"):
        await manual.mark_posted(desk.officer, target)

    row = await desk.officer.store.run(
        lambda db: db.execute(
            "SELECT status, remote_url, published_utc FROM targets WHERE id = ?", (target,)
        ).fetchone()
    )
    assert tuple(row) == ("published", "https://police.example/news/1", posted)
    entries = await desk.officer.store.run(lambda db: list(audit.iter_entries(db)))
    [said] = [e for e in entries if e.action == "target.posted_by_hand"]
    assert (said.actor, said.object_id) == ("alice", str(target))
    assert said.after is not None and '"said_by":"alice"' in said.after and posted in said.after
    assert await manual.due(desk.officer.store) == []


async def test_an_incident_holds_a_manual_post_and_its_report_covers_it(desk: Desk) -> None:
    website = await _website(desk)
    target = await _post(desk, website, "Cheerful news item", minutes=1)
    incident = await engage.engage(
        desk.officer, details=Details("Flood", reason="river"), mode=IncidentMode.REVIEW
    )
    desk.clock.advance(minutes=2)

    assert await desk.status(target) is TargetStatus.HELD
    assert await manual.due(desk.officer.store) == []  # held: not on anyone's list
    with pytest.raises(StoreError, match="held by an incident"):
        await manual.mark_posted(desk.officer, target)

    await review.release(desk.gold, [target], review.When("now"), reason="harmless")
    [listed] = await manual.due(desk.officer.store)
    assert listed.target_id == target
    await manual.mark_posted(desk.officer, target, link="https://police.example/news/2")
    await stand_down.stand_down(desk.gold, incident.id, reason="river down")
    built = await report.build(desk.officer.store, incident.id)

    [line] = [line for line in built.timeline if line.action == "target.posted_by_hand"]
    assert line.what == "Posted “Cheerful news item” on Force website by hand (said by alice)."
    assert line.link == "https://police.example/news/2"


async def test_two_linked_posts_by_hand_are_listed_as_two_texts(desk: Desk) -> None:
    """A force posting Welsh and English as two linked posts: the officer gets each
    post's text on its own (to make the second after the first), not one text."""
    website = await _website(desk)
    await settings.change(desk.officer, settings.BILINGUAL, Choice(Form.TWO, First.WELSH),
                          reason="Welsh")  # fmt: skip
    await create_post(desk.officer, body="", welsh="Ffyrdd ar gau", english="Roads closed",
                      channel_ids=[website], scheduled_utc=desk.at(1))  # fmt: skip
    [item] = await manual.due(desk.officer.store)
    assert (item.text, item.second) == ("Ffyrdd ar gau", "Roads closed")
