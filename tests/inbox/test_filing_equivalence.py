"""Filing items into conversations set-wise (``storage.conversations.file_new``), and
filing them in memory before they are inserted (``storage.conversations.collect``, as
sync stores them), give exactly what filing them one by one gave (the first version,
kept here as the reference): the same conversation for every item, the same counts,
times, newest item, states and reopenings, over random pages of threads, replies and
DMs, with repeats of stored items and within a page."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

import pytest

from console.channels.base import InboxItem
from storage import conversations
from storage import inbox as inbox_rows
from storage.conversations import ConversationState, Reopened
from storage.sql import earlier, later
from storage.store import Transaction
from tests.inbox.conftest import Inbox

pytestmark = pytest.mark.asyncio


# -- the reference: one item at a time, as first written ------------------------------------


def _thread_key(db: Any, channel_id: int, row: tuple[Any, ...]) -> tuple[int | None, str]:
    remote_id, conversation_id, in_reply_to = row
    if conversation_id:
        found = db.execute(
            "SELECT id FROM inbox_conversations WHERE channel_id = ? AND thread_key = ?",
            (channel_id, conversation_id),
        ).fetchone()
        if found is not None:
            return int(found[0]), conversation_id
    if in_reply_to:
        parent = db.execute(
            "SELECT conversation_ref FROM inbox_items WHERE channel_id = ? AND remote_id = ?"
            " AND conversation_ref IS NOT NULL",
            (channel_id, in_reply_to),
        ).fetchone()
        if parent is not None:
            return int(parent[0]), ""
    key = conversation_id or in_reply_to or remote_id
    found = db.execute(
        "SELECT id FROM inbox_conversations WHERE channel_id = ? AND thread_key = ?",
        (channel_id, key),
    ).fetchone()
    return (int(found[0]) if found is not None else None), key


def one_by_one(db: Any, channel_id: int) -> list[Reopened]:
    unfiled = db.execute(
        "SELECT id, remote_id, conversation_id, in_reply_to, created_utc, received_utc"
        " FROM inbox_items WHERE channel_id = ? AND conversation_ref IS NULL"
        " ORDER BY created_utc, id",
        (channel_id,),
    ).fetchall()
    reopened: dict[int, Reopened] = {}
    for item_id, remote_id, conversation_id, in_reply_to, created, received in unfiled:
        existing, key = _thread_key(db, channel_id, (remote_id, conversation_id, in_reply_to))
        if existing is None:
            existing = int(
                db.execute(
                    "INSERT INTO inbox_conversations (channel_id, thread_key, first_utc,"
                    " latest_utc, latest_item_id, item_count, state_utc)"
                    " VALUES (?, ?, ?, ?, ?, 0, ?) RETURNING id",
                    (channel_id, key, created, created, item_id, received),
                ).fetchone()[0]
            )
        db.execute("UPDATE inbox_items SET conversation_ref = ? WHERE id = ?", (existing, item_id))
        state, state_utc, assignee, team = db.execute(
            "SELECT state, state_utc, assignee_user_id, assignee_team_id"
            " FROM inbox_conversations WHERE id = ?",
            (existing,),
        ).fetchone()
        db.execute(
            "UPDATE inbox_conversations SET item_count = item_count + 1,"
            f" first_utc = {earlier('first_utc', 'CAST(? AS TEXT)')},"
            " latest_item_id = CASE WHEN ? >= latest_utc THEN ? ELSE latest_item_id END,"
            f" latest_utc = {later('latest_utc', 'CAST(? AS TEXT)')} WHERE id = ?",
            (*[created] * 3, created, item_id, *[created] * 3, existing),
        )
        if state in ("answered", "closed") and created > state_utc:
            after = ConversationState.ASSIGNED if assignee or team else ConversationState.NEW
            conversations.set_state(db, existing, after, received)
            first = reopened.get(existing)
            reopened[existing] = Reopened(
                existing, first.before if first else ConversationState(state), after
            )
    return list(reopened.values())


# -- comparing two channels fed the same pages ----------------------------------------------


@dataclass(frozen=True)
class Picture:
    items: dict[str, str]  # remote id -> its conversation's thread key
    threads: dict[str, tuple[Any, ...]]  # thread key -> what the row says


def picture(db: Any, channel_id: int) -> Picture:
    items = {
        str(r[0]): str(r[1])
        for r in db.execute(
            "SELECT i.remote_id, c.thread_key FROM inbox_items i"
            " JOIN inbox_conversations c ON c.id = i.conversation_ref WHERE i.channel_id = ?",
            (channel_id,),
        )
    }
    threads = {
        str(r[0]): tuple(r[1:])
        for r in db.execute(
            "SELECT c.thread_key, c.state, c.state_utc, c.first_utc, c.latest_utc, c.item_count,"
            " (SELECT remote_id FROM inbox_items WHERE id = c.latest_item_id),"
            " c.assignee_user_id FROM inbox_conversations c WHERE c.channel_id = ?",
            (channel_id,),
        )
    }
    unfiled = db.execute(
        "SELECT count(*) FROM inbox_items WHERE channel_id = ? AND conversation_ref IS NULL",
        (channel_id,),
    ).fetchone()[0]
    assert unfiled == 0
    return Picture(items, threads)


def keys_of(db: Any, reopened: list[Reopened]) -> list[tuple[str, str, str]]:
    out = []
    for r in reopened:
        key = db.execute(
            "SELECT thread_key FROM inbox_conversations WHERE id = ?", (r.conversation_id,)
        ).fetchone()[0]
        out.append((str(key), r.before.value, r.after.value))
    return sorted(out)


@pytest.mark.parametrize("seed", range(12))
async def test_set_wise_filing_files_exactly_as_one_by_one(inbox: Inbox, seed: int) -> None:
    rng = random.Random(seed)
    reference, subject, collected = inbox.mastodon, inbox.bluesky, inbox.x
    officer = await inbox.store.run(
        lambda db: int(db.execute("SELECT id FROM users WHERE name = 'dora'").fetchone()[0])
    )
    remote_ids: list[str] = []
    minute = 0
    earlier: list[InboxItem] = []  # stored on an earlier page: sync may fetch them again
    again = random.Random(seed + 1000)
    for _page in range(rng.randint(3, 7)):
        items = []
        for _ in range(rng.randint(1, 40)):
            remote_id = f"r{len(remote_ids)}"
            choice = rng.random()
            conversation_id = rng.choice(["c1", "c2", "c3", "dm9"]) if choice < 0.3 else ""
            if choice > 0.5 and remote_ids:
                in_reply_to = rng.choice([*remote_ids, "gone-1", "gone-2", "post-7"])
            else:
                in_reply_to = "post-7" if choice > 0.45 else ""
            if rng.random() < 0.05 and remote_ids:
                conversation_id = rng.choice(remote_ids)  # a thread rooted at an item
            created = minute + rng.randint(-30, 30)  # pages overlap in time
            items.append(
                InboxItem(remote_id=remote_id, kind="reply" if in_reply_to else "mention",
                          author_handle="a", author_name="", text="t",
                          conversation_id=conversation_id, in_reply_to=in_reply_to,
                          created_utc=f"2026-11-28T{10 + created // 60:02d}:{created % 60:02d}"
                                      ":00.000000Z")
            )  # fmt: skip
            remote_ids.append(remote_id)
        minute += 45
        repeats = again.sample(earlier, min(len(earlier), again.randint(0, 5)))
        earlier += items
        received = f"2026-11-28T{10 + minute // 60:02d}:{minute % 60:02d}:30.000000Z"
        actions = [(rng.choice(["closed", "answered", "assign", "none"]), rng.random())
                   for _ in range(3)]  # fmt: skip

        def write(tx: Transaction, items: list[InboxItem] = items, received: str = received,
                  actions: list[tuple[str, float]] = actions,
                  repeats: list[InboxItem] = repeats) -> None:  # fmt: skip
            db = tx.db
            got = []
            for channel_id, filer in ((reference, one_by_one), (subject, conversations.file_new)):
                assert inbox_rows.insert(db, channel_id, items, received) == len(items)
                got.append(keys_of(db, filer(db, channel_id)))
            # A page as sync gets it: with items stored before and an item twice.
            page = [*items, *items[: len(items) // 3], *repeats]
            done = conversations.collect(db, collected, page, received)
            assert done.new == len(items)
            # The new items as stored, for the listening and threat reading.
            stored = {
                str(r[0]): (int(r[1]), str(r[2]), str(r[3]))
                for r in db.execute(
                    "SELECT remote_id, id, text, created_utc FROM inbox_items WHERE channel_id = ?",
                    (collected,),
                )
            }
            assert [(i.id, i.channel_id, i.text, i.created_utc) for i in done.items] == [
                (*stored[item.remote_id][:1], collected, *stored[item.remote_id][1:])
                for item in items
            ]
            got.append(keys_of(db, done.reopened))
            assert got[0] == got[1] == got[2]
            # Officers work some conversations between pages (the same on both channels).
            keys = sorted(picture(db, reference).threads)
            for action, pick in actions:
                key = keys[int(pick * len(keys))]
                for channel_id in (reference, subject, collected):
                    cid = db.execute(
                        "SELECT id FROM inbox_conversations WHERE channel_id = ? AND"
                        " thread_key = ?",
                        (channel_id, key),
                    ).fetchone()[0]
                    if action == "assign":
                        conversations.set_assignee(db, cid, officer, None)
                        conversations.set_state(db, cid, ConversationState.ASSIGNED, received)
                    elif action != "none":
                        conversations.set_state(db, cid, ConversationState(action), received)
            assert picture(db, reference) == picture(db, subject) == picture(db, collected)

        await inbox.store.write(write)


async def test_items_stored_unfiled_are_filed_with_the_next_page(inbox: Inbox) -> None:
    """An item stored without filing (``storage.inbox.insert``) is filed when the next
    page is collected on its channel, as ``file_new`` files it; the page's own new
    items are what ``collect`` returns for the reading, the unfiled one not."""

    def item(remote_id: str, **kw: Any) -> InboxItem:
        return InboxItem(remote_id=remote_id, kind="mention", author_handle="a",
                         author_name="", text=f"text {remote_id}",
                         created_utc="2026-11-28T10:00:00.000000Z", **kw)  # fmt: skip

    def write(tx: Transaction) -> list[str]:
        inbox_rows.insert(tx.db, inbox.x, [item("loose")], tx.now())
        done = conversations.collect(
            tx.db, inbox.x, [item("loose"), item("reply", in_reply_to="loose")], tx.now()
        )
        assert done.new == 1
        return [i.text for i in done.items]

    assert await inbox.store.write(write) == ["text reply"]
    assert await inbox.conversation_of(inbox.x, "reply") == await inbox.conversation_of(
        inbox.x, "loose"
    )
    assert (await inbox.row(await inbox.conversation_of(inbox.x, "loose"))).item_count == 2
