"""A store from before schema 9 with items in its inbox: the upgrade files them
into conversations (by the network's conversation id, the item answered, or the
item itself), all new, newest activity first."""

from __future__ import annotations

from pathlib import Path

from storage import conversations, schema
from storage.connection import connect
from storage.conversations import ConversationState
from storage.keyslots import new_data_key


def test_items_stored_before_schema_9_are_filed_by_the_upgrade(tmp_path: Path) -> None:
    db = connect(tmp_path / "old.cordon", new_data_key())
    schema.migrate(db, target=8)
    db.execute("BEGIN")
    db.execute(
        "INSERT INTO channels (name, network, account, created_utc)"
        " VALUES ('North', 'simulator', 'north', '2026-01-01T00:00:00.000000Z')"
    )
    for remote, conversation, reply_to, minute in (
        ("a", "T", "", 1), ("b", "T", "a", 2), ("c", "", "gone", 3), ("d", "", "gone", 4),
        ("e", "", "", 5),
    ):  # fmt: skip
        db.execute(
            "INSERT INTO inbox_items (channel_id, remote_id, kind, author_handle, text,"
            " created_utc, conversation_id, in_reply_to, received_utc)"
            " VALUES (1, ?, 'mention', 'jo', ?, ?, ?, ?, ?)",
            (remote, f"Item {remote}", f"2026-01-01T00:0{minute}:00.000000Z", conversation,
             reply_to, "2026-01-01T01:00:00.000000Z"),
        )  # fmt: skip
    db.execute("COMMIT")
    schema.migrate(db)

    ids = conversations.matching(db)
    found = conversations.rows(db, ids)
    assert [(found[i].item_count, found[i].latest_preview) for i in ids] == [
        (1, "Item e"), (2, "Item d"), (2, "Item b")
    ]  # fmt: skip
    assert {found[i].state for i in ids} == {ConversationState.NEW}
    unfiled = db.execute("SELECT count(*) FROM inbox_items WHERE conversation_ref IS NULL")
    assert unfiled.fetchone()[0] == 0
    db.close()
