"""Conversations per network: items are grouped as each network threads them
(items shaped exactly as each adapter makes them), newest activity first, with
counts; a new item opens an answered or closed conversation again, audited."""

from __future__ import annotations

from typing import Any

import pytest

from console.channels.bluesky import _inbox_item as bluesky_item
from console.channels.mastodon_answers import item_from_conversation, item_from_status
from console.channels.x import _inbox_item as x_item
from console.inbox import work
from console.session import Session
from storage import conversations
from storage.conversations import ConversationState
from tests.inbox.conftest import FACEBOOK, SIMULATOR, Inbox
from tests.sync.conftest import NORTH, SOUTH, Station

pytestmark = pytest.mark.asyncio


async def _listed(store: Any) -> list[int]:
    ids: list[int] = await store.run(lambda db: conversations.matching(db))
    return ids


# -- the simulator, through the sync engine -------------------------------------------------


async def test_simulator_threads_arrive_grouped_through_sync(station: Station) -> None:
    sim = station.simulator
    first = sim.inject("north", "Is the A1 open?", author_handle="jo")
    sim.inject("north", "Still shut here", kind="reply", author_handle="sam",
               in_reply_to=first.remote_id)  # fmt: skip
    sim.inject("north", "Thanks for the update", kind="reply", author_handle="kit",
               in_reply_to="sim-post-7")  # fmt: skip
    sim.inject("north", "And from me", kind="reply", author_handle="lou", in_reply_to="sim-post-7")
    dm = sim.inject("north", "Can I report something privately?", kind="message",
                    author_handle="ann")  # fmt: skip
    sim.inject("north", "It's about my neighbour", kind="message", author_handle="ann",
               in_reply_to=dm.remote_id)  # fmt: skip
    sim.inject("south", "Is the A1 open?", author_handle="jo")  # another channel, same words
    await station.sync.sync_once(NORTH)
    await station.sync.sync_once(SOUTH)

    ids = await _listed(station.store)
    found = await station.store.run(lambda db: conversations.rows(db, ids))
    assert sorted((found[i].channel, found[i].item_count) for i in ids) == [
        ("North", 2), ("North", 2), ("North", 2), ("South", 1)
    ]  # fmt: skip
    north = [found[i] for i in ids if found[i].channel == "North"]
    assert {(c.latest_author, c.latest_kind) for c in north} == {
        ("sam", "reply"), ("lou", "reply"), ("ann", "message")
    }  # fmt: skip
    assert all(c.state is ConversationState.NEW for c in found.values())


async def test_a_new_item_reopens_a_closed_conversation_and_sync_records_it(
    station: Station,
) -> None:
    first = station.simulator.inject("north", "My bike was stolen", author_handle="jo")
    await station.sync.sync_once(NORTH)
    [conversation] = await _listed(station.store)
    officer = station.admin
    await work.set_state(officer, conversation, ConversationState.CLOSED, reason="Advised 101")

    station.clock.advance(minutes=5)
    station.simulator.inject("north", "It was found, thanks", kind="reply", author_handle="jo",
                             in_reply_to=first.remote_id)  # fmt: skip
    await station.sync.sync_once(NORTH)
    assert await _listed(station.store) == [conversation]
    row = await station.store.run(lambda db: conversations.get(db, conversation))
    assert row is not None and row.state is ConversationState.NEW and row.item_count == 2
    [reopened] = await station.audit("inbox.reopen")
    assert (reopened.actor, reopened.object_id) == ("sync", str(conversation))
    assert '"closed"' in (reopened.before or "") and '"new"' in (reopened.after or "")


# -- Mastodon -------------------------------------------------------------------------------


def _status(status_id: str, *, reply_to: str = "", direct: bool = False, minute: int = 0,
            acct: str = "jo@town.example") -> dict[str, Any]:  # fmt: skip
    return {
        "id": status_id,
        "created_at": f"2026-11-28T08:{minute:02d}:00.000Z",
        "in_reply_to_id": reply_to or None,
        "visibility": "direct" if direct else "public",
        "content": f"<p>Status {status_id}</p>",
        "url": f"https://town.example/@jo/{status_id}",
        "account": {"id": "9", "acct": acct, "username": acct.split("@")[0], "display_name": "Jo"},
    }


async def test_mastodon_threads_join_by_root_or_by_the_status_they_answer(inbox: Inbox) -> None:
    made = [
        item_from_status(_status("100", minute=1)),
        item_from_status(_status("101", reply_to="100", minute=2, acct="sam@else.example")),
        # The adapter could not look the root up: it names the parent, which is stored.
        item_from_status(_status("102", reply_to="101", minute=3)),
        item_from_conversation(
            {"id": "c1", "last_status": _status("200", direct=True, minute=4)}, "1"
        ),
        item_from_conversation(
            {"id": "c1", "last_status": _status("201", reply_to="200", direct=True, minute=5)},
            "1",
        ),
        item_from_status(_status("300", minute=6)),
    ]
    await inbox.collect(inbox.mastodon, [item for item in made if item is not None])
    thread = {await inbox.conversation_of(inbox.mastodon, r) for r in ("100", "101", "102")}
    direct = {await inbox.conversation_of(inbox.mastodon, r) for r in ("200", "201")}
    alone = await inbox.conversation_of(inbox.mastodon, "300")
    assert len(thread) == len(direct) == 1 and len(thread | direct | {alone}) == 3
    assert await _listed(inbox.store) == [alone, *direct, *thread]  # newest activity first
    counts = [(await inbox.row(c)).item_count for c in (alone, *direct, *thread)]
    assert counts == [1, 2, 3]
    assert (await inbox.row(direct.pop())).latest_kind == "message"


# -- Bluesky --------------------------------------------------------------------------------

OWN_POST = "at://did:plc:force/app.bsky.feed.post/root1"


def _note(rkey: str, reason: str, *, parent: str = "", root: str = "") -> dict[str, Any]:
    record: dict[str, Any] = {"text": f"Post {rkey}", "createdAt": "2026-11-28T08:00:00.000Z"}
    if parent:
        record["reply"] = {"root": {"uri": root, "cid": "c"}, "parent": {"uri": parent, "cid": "c"}}
    return {
        "uri": f"at://did:plc:{rkey}/app.bsky.feed.post/{rkey}",
        "reason": reason,
        "author": {"did": f"did:plc:{rkey}", "handle": f"{rkey}.bsky.social"},
        "record": record,
    }


async def test_bluesky_replies_group_under_their_root_post(inbox: Inbox) -> None:
    first_reply = "at://did:plc:aa/app.bsky.feed.post/aa"
    notes = [
        _note("aa", "reply", parent=OWN_POST, root=OWN_POST),
        _note("bb", "reply", parent=OWN_POST, root=OWN_POST),
        _note("cc", "reply", parent=first_reply, root=OWN_POST),  # a reply to a reply
        _note("dd", "mention"),
    ]
    items = [bluesky_item(n, f"2026-11-28T08:0{i}:00.000Z") for i, n in enumerate(notes)]
    await inbox.collect(inbox.bluesky, [i for i in items if i is not None])
    ids = [await inbox.conversation_of(inbox.bluesky, n["uri"]) for n in notes]
    assert ids[0] == ids[1] == ids[2] != ids[3]
    assert (await inbox.row(ids[0])).item_count == 3
    assert await _listed(inbox.store) == [ids[3], ids[0]]


# -- X --------------------------------------------------------------------------------------


def _tweet(tweet_id: str, conversation: str, *, reply_to: str = "", minute: int = 0,
           author: str = "77") -> dict[str, Any]:  # fmt: skip
    tweet: dict[str, Any] = {
        "id": tweet_id,
        "text": f"Tweet {tweet_id} &amp; more",
        "author_id": author,
        "created_at": f"2026-11-28T08:{minute:02d}:00.000Z",
        "conversation_id": conversation,
    }
    if reply_to:
        tweet["in_reply_to_user_id"] = "4242"
        tweet["referenced_tweets"] = [{"type": "replied_to", "id": reply_to}]
    return tweet


async def test_x_threads_follow_the_conversation_id(inbox: Inbox) -> None:
    users = {"77": {"username": "jo", "name": "Jo"}, "78": {"username": "sam", "name": "Sam"}}
    tweets = [
        _tweet("1001", "900", reply_to="900", minute=1),
        _tweet("1002", "900", reply_to="1001", minute=2, author="78"),
        _tweet("1003", "1003", minute=3),  # a mention that starts its own conversation
    ]
    items = [x_item(t, users, "4242") for t in tweets]
    await inbox.collect(inbox.x, [i for i in items if i is not None])
    a, b, c = [await inbox.conversation_of(inbox.x, t["id"]) for t in tweets]
    assert a == b != c
    row = await inbox.row(a)
    assert (row.item_count, row.latest_author, row.network) == (2, "sam", "x")
    assert (await inbox.row(c)).latest_preview == "Tweet 1003 & more"


# -- any network ----------------------------------------------------------------------------


async def test_an_item_with_no_thread_is_its_own_conversation(inbox: Inbox) -> None:
    one = await inbox.item(SIMULATOR, "r1", minutes_ago=3)
    two = await inbox.item(SIMULATOR, "r2", minutes_ago=2)
    # It answers an item not stored: it keys on that, and the next answer joins it.
    three = await inbox.item(SIMULATOR, "r3", minutes_ago=1, in_reply_to="gone-1")
    four = await inbox.item(SIMULATOR, "r4", in_reply_to="gone-1")
    # The same network id on another channel is another conversation.
    other = await inbox.item(FACEBOOK, "r1", minutes_ago=5)
    assert len({one, two, three, other}) == 4 and three == four
    assert await _listed(inbox.store) == [three, two, one, other]
    # Stored twice (an overlapping page): nothing is counted twice.
    await inbox.item(SIMULATOR, "r4", in_reply_to="gone-1")
    assert (await inbox.row(three)).item_count == 2


async def test_an_older_item_arriving_late_does_not_reopen_or_move_the_newest(
    inbox: Inbox,
) -> None:
    officer: Session = inbox.team["dora"]
    conversation = await inbox.item(SIMULATOR, "t1", minutes_ago=1, conversation_id="T")
    await work.set_state(officer, conversation, ConversationState.ANSWERED)
    await inbox.item(SIMULATOR, "t0", minutes_ago=30, conversation_id="T")  # written earlier
    row = await inbox.row(conversation)
    assert (row.state, row.item_count, row.latest_preview) == (
        ConversationState.ANSWERED, 2, "Item t1"
    )  # fmt: skip
    assert row.first_utc == inbox.ago(30)
    assert await inbox.audit("inbox.reopen") == []
