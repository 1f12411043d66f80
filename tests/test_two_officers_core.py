"""Two officers, one post or one member of the public, on both kinds of store (a
SQLCipher file and a team store): the services as the window calls them.

* Approving or rejecting a post over a change another officer made after the
  approver's queue showed it (an edit, a cancel, another approver's approval or
  rejection) is refused with who and when; nothing of the approver's is saved.
* A reply to an inbox item that someone else answered after the officer's screen
  showed its replies is refused with who and when and carries their reply; sent
  again over what is now shown, it goes. Nothing is recorded twice.
"""

from __future__ import annotations

import re

import pytest

from console import approval, posts
from console import queue as queue_service
from console.channels.base import InboxItem
from console.concurrency import RepliedMeanwhile
from console.inbox import replies
from console.session import Session
from storage import audit, conversations
from storage import posts as post_rows
from storage.errors import ChangedMeanwhile
from storage.queue import QueueRow
from storage.records import ApprovalState, ContentKind, TargetStatus
from storage.store import Transaction
from tests.team import Team

pytestmark = pytest.mark.asyncio


async def _awaiting_post(team: Team) -> tuple[post_rows.Post, dict[int, QueueRow]]:
    """Dora's post waiting for an approver, and its queue rows as gold's queue shows them."""
    for channel_id in (1, 2):
        await approval.set_rule(team.admin, channel_id, ContentKind.POST, True)
    post = await posts.create_post(
        team["dora"], body="Road closed at the bridge", channel_ids=[1, 2],
        scheduled_utc=team.at(60),
    )  # fmt: skip
    assert all(t.approval is ApprovalState.AWAITING for t in post.targets)
    seen = await queue_service.fetch(team.admin.store, [t.id for t in post.targets])
    return post, seen


async def _meanwhile(team: Team, change: str, post: post_rows.Post) -> None:
    """Another officer's change, on their own console."""
    dora, silver = team["dora"], team["silver"]
    if change == "edited":
        await posts.edit_post(dora, post.id, "Road closed at the bridge until 6 pm")
    elif change == "cancelled":
        await queue_service.cancel_targets(dora, [post.targets[0].id], reason="not needed")
    elif change == "approved":
        await approval.approve(silver, post.id, reason="checked")
    else:
        await approval.reject(silver, post.id, reason="names a street wrongly")


WHO = {"edited": "dora", "cancelled": "dora", "approved": "silver", "rejected": "silver"}


async def _decisions(team: Team, post_id: int) -> int:
    entries = await team.admin.store.run(lambda db: list(audit.iter_entries(db)))
    return sum(
        1
        for e in entries
        if e.action in ("post.approve", "post.reject") and e.actor == "gold"
        and e.object_id == str(post_id)
    )  # fmt: skip


@pytest.mark.parametrize("change", ["edited", "cancelled", "approved", "rejected"])
@pytest.mark.parametrize("act", ["approve", "reject"])
async def test_approving_or_rejecting_over_a_colleagues_change_is_refused(
    team: Team, change: str, act: str
) -> None:
    post, seen = await _awaiting_post(team)
    team.clock.advance(seconds=5)
    await _meanwhile(team, change, post)
    team.clock.advance(seconds=20)
    before = await team.admin.store.run(lambda db: post_rows.get(db, post.id))
    gold: Session = team["gold"]

    decide = approval.approve if act == "approve" else approval.reject
    with pytest.raises(ChangedMeanwhile) as refused:
        await decide(gold, post.id, reason="fine", seen=seen)
    assert re.match(
        rf"^{WHO[change]} changed this 20 s ago: reload it and decide again\. "
        r"Nothing of yours was saved\.$",
        str(refused.value),
    ), str(refused.value)
    assert await team.admin.store.run(lambda db: post_rows.get(db, post.id)) == before
    assert await _decisions(team, post.id) == 0


async def test_approving_what_the_queue_shows_now_goes_in(team: Team) -> None:
    post, _old = await _awaiting_post(team)
    await posts.edit_post(team["dora"], post.id, "Road closed at the bridge until 6 pm")
    seen = await queue_service.fetch(team.admin.store, [t.id for t in post.targets])
    approved = await approval.approve(team["gold"], post.id, reason="fine", seen=seen)
    assert all(t.approval is ApprovalState.APPROVED for t in approved.targets)

    other, _seen = await _awaiting_post(team)
    seen = await queue_service.fetch(team.admin.store, [t.id for t in other.targets])
    rejected = await approval.reject(team["gold"], other.id, reason="wrong road", seen=seen)
    assert all(t.status is TargetStatus.DRAFT for t in rejected.targets)
    assert await _decisions(team, post.id) == 1 and await _decisions(team, other.id) == 1


async def _item(team: Team) -> int:
    def arrives(tx: Transaction) -> int:
        item = InboxItem(remote_id="m-1", kind="mention", author_handle="pat", author_name="Pat",
                         text="Is the A140 open yet?", created_utc=tx.now())  # fmt: skip
        conversations.collect(tx.db, 1, [item], tx.now())
        return int(
            tx.db.execute("SELECT id FROM inbox_items WHERE remote_id = 'm-1'").fetchone()[0]
        )

    return await team.admin.store.write(arrives)


async def test_a_second_reply_to_an_item_is_refused_with_the_first_and_goes_when_asked_again(
    team: Team,
) -> None:
    item_id = await _item(team)
    dora, gold = team["dora"], team["gold"]
    shown_to_gold = [r.target_id for r in await replies.replies_to(team.admin.store, item_id)]
    assert shown_to_gold == []

    first = await replies.reply(dora, item_id, "Yes, since 9 am.", seen=[])
    team.clock.advance(seconds=20)
    with pytest.raises(RepliedMeanwhile) as refused:
        await replies.reply(gold, item_id, "It opened this morning.", seen=shown_to_gold)
    assert str(refused.value) == (
        "dora replied to this 20 s ago. Nothing of yours was sent: read their reply, "
        "then send yours only if it is still needed."
    )
    [theirs] = refused.value.replies
    assert (theirs.target_id, theirs.text, theirs.author) == (
        first.target_id,
        "Yes, since 9 am.",
        "dora",
    )
    assert [r.text for r in await replies.replies_to(team.admin.store, item_id)] == [
        "Yes, since 9 am."
    ]

    # Gold has read it and sends theirs anyway: over what was shown, it goes, once.
    shown_to_gold += [r.target_id for r in refused.value.replies]
    await replies.reply(gold, item_id, "It opened this morning.", seen=shown_to_gold)
    assert [r.text for r in await replies.replies_to(team.admin.store, item_id)] == [
        "Yes, since 9 am.", "It opened this morning.",
    ]  # fmt: skip


async def test_a_reply_that_will_not_go_out_does_not_stop_the_next(team: Team) -> None:
    """A cancelled reply answers nobody: the next officer's reply is not held up by it."""
    item_id = await _item(team)
    first = await replies.reply(team["dora"], item_id, "Yes, since 9 am.", seen=[])
    await queue_service.cancel_targets(team["dora"], [first.target_id], reason="wrong road")
    made = await replies.reply(team["gold"], item_id, "It opened this morning.", seen=[])
    assert made.target_id != first.target_id


async def test_approving_words_the_queue_did_not_show_is_refused(team: Team) -> None:
    """Gold's queue shows the post on one channel only (filtered); its other channel
    carries its own words. Approving would approve words gold never read: refused,
    naming the channel; approved once both rows are shown, or when the unshown
    channel's words are the same as the shown one's."""
    for channel_id in (1, 2):
        await approval.set_rule(team.admin, channel_id, ContentKind.POST, True)
    post = await posts.create_post(
        team["dora"], body="Road closed at the bridge", channel_ids=[1, 2],
        scheduled_utc=team.at(60), variants={2: "Road shut at the bridge #traffic"},
    )  # fmt: skip
    first, second = post.targets
    shown = await queue_service.fetch(team.admin.store, [first.id])
    other = (await queue_service.fetch(team.admin.store, [second.id]))[second.id].channel
    gold = team["gold"]
    with pytest.raises(ChangedMeanwhile) as refused:
        await approval.approve(gold, post.id, reason="fine", seen=shown)
    assert str(refused.value) == (
        f"Post {post.id} also goes to {other} in words your queue does not show: show "
        "that channel in the queue and approve again. Nothing was approved."
    )
    unchanged = await team.admin.store.run(lambda db: post_rows.get(db, post.id))
    assert unchanged is not None
    assert all(t.approval is ApprovalState.AWAITING for t in unchanged.targets)
    assert await _decisions(team, post.id) == 0

    both = await queue_service.fetch(team.admin.store, [first.id, second.id])
    approved = await approval.approve(gold, post.id, reason="fine", seen=both)
    assert all(t.approval is ApprovalState.APPROVED for t in approved.targets)

    same, _seen = await _awaiting_post(team)  # the same words on both channels
    one = await queue_service.fetch(team.admin.store, [same.targets[0].id])
    approved = await approval.approve(gold, same.id, reason="fine", seen=one)
    assert all(t.approval is ApprovalState.APPROVED for t in approved.targets)
    assert await _decisions(team, post.id) == 1 and await _decisions(team, same.id) == 1
