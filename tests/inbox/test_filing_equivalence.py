"""Filing items into conversations set-wise (``storage.conversations.file_new``) gives
exactly what filing them one by one gave (the first version, kept here as the
reference): the same conversation for every item, the same counts, times, newest
item, states and reopenings, over random pages of threads, replies and DMs."""

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
    reference, subject = inbox.mastodon, inbox.bluesky
    officer = await inbox.store.run(
        lambda db: int(db.execute("SELECT id FROM users WHERE name = 'dora'").fetchone()[0])
    )
    remote_ids: list[str] = []
    minute = 0
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
        received = f"2026-11-28T{10 + minute // 60:02d}:{minute % 60:02d}:30.000000Z"
        actions = [(rng.choice(["closed", "answered", "assign", "none"]), rng.random())
                   for _ in range(3)]  # fmt: skip

        def write(tx: Transaction, items: list[InboxItem] = items, received: str = received,
                  actions: list[tuple[str, float]] = actions) -> None:  # fmt: skip
            db = tx.db
            got = []
            for channel_id, filer in ((reference, one_by_one), (subject, conversations.file_new)):
                assert inbox_rows.insert(db, channel_id, items, received) == len(items)
                got.append(keys_of(db, filer(db, channel_id)))
            assert got[0] == got[1]
            # Officers work some conversations between pages (the same on both channels).
            keys = sorted(picture(db, reference).threads)
            for action, pick in actions:
                key = keys[int(pick * len(keys))]
                for channel_id in (reference, subject):
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
            assert picture(db, reference) == picture(db, subject)

        await inbox.store.write(write)
