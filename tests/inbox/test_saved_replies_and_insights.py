"""Saved replies (approvers keep them; officers fill their fields) and basic
insights on an author (what the store already holds; audited as a consultation)."""

from __future__ import annotations

import json

import pytest

from console.inbox import insights, saved_replies
from console.permissions import NotPermitted
from storage.errors import StoreError
from storage.records import AuditCategory
from tests.inbox.conftest import FACEBOOK, SIMULATOR, Inbox

pytestmark = pytest.mark.asyncio

NINE_NINE_NINE = (
    "Hello {name}, if you are in danger now call 999. Otherwise call 101 and quote {reference}."
)


async def test_approvers_keep_saved_replies_and_officers_fill_them(inbox: Inbox) -> None:
    gold, dora = inbox.team["gold"], inbox.team["dora"]
    with pytest.raises(NotPermitted, match="Managing saved replies needs the Approver role"):
        await saved_replies.create(dora, "Danger", NINE_NINE_NINE)
    with pytest.raises(StoreError, match="braces do not pair up"):
        await saved_replies.create(gold, "Broken", "Hello {name")
    with pytest.raises(StoreError, match="is not a field name"):
        await saved_replies.create(gold, "Broken", "Hello {first name}")
    reply = await saved_replies.create(gold, "  Danger  now ", NINE_NINE_NINE)
    assert (reply.name, reply.created_by) == ("Danger now", "gold")
    with pytest.raises(StoreError, match="already a saved reply called Danger now"):
        await saved_replies.create(gold, "danger NOW", "Something else")
    thanks = await saved_replies.create(gold, "Thanks", "Thank you for letting us know.")

    offered = await saved_replies.list_replies(dora)
    assert [r.name for r in offered] == ["Danger now", "Thanks"]
    assert saved_replies.reply_fields(reply) == ["name", "reference"]
    with pytest.raises(StoreError, match=r"Fill in every field before it goes: \{reference\}"):
        saved_replies.filled(reply, {"name": "Sam"})
    assert saved_replies.filled(reply, {"name": " Sam ", "reference": "NW-123"}) == (
        "Hello Sam, if you are in danger now call 999. Otherwise call 101 and quote NW-123."
    )

    changed = await saved_replies.change(gold, reply.id, body=NINE_NINE_NINE + " Stay safe.")
    assert changed.body.endswith("Stay safe.") and changed.name == "Danger now"
    with pytest.raises(StoreError, match="Nothing changed"):
        await saved_replies.change(gold, reply.id, name="Danger now")
    with pytest.raises(StoreError, match="already a saved reply called Thanks"):
        await saved_replies.change(gold, reply.id, name="thanks")
    await saved_replies.retire(gold, thanks.id, reason="Replaced by the new wording")
    assert [r.name for r in await saved_replies.list_replies(dora)] == ["Danger now"]
    with pytest.raises(NotPermitted):
        await saved_replies.list_replies(dora, include_retired=True)
    assert len(await saved_replies.list_replies(gold, include_retired=True)) == 2
    with pytest.raises(StoreError, match="can no longer change"):
        await saved_replies.change(gold, thanks.id, body="Cheers")
    # A retired reply's name is free again.
    await saved_replies.create(gold, "Thanks", "Thank you: we have passed this on.")

    entries = await inbox.audit("saved_reply.")
    assert [(e.actor, e.action) for e in entries] == [
        ("gold", "saved_reply.create"), ("gold", "saved_reply.create"),
        ("gold", "saved_reply.change"), ("gold", "saved_reply.retire"),
        ("gold", "saved_reply.create"),
    ]  # fmt: skip
    change = entries[2]
    assert json.loads(change.before or "")["body"] == NINE_NINE_NINE
    assert json.loads(change.after or "")["body"].endswith("Stay safe.")
    assert entries[3].justification == "Replaced by the new wording"


async def test_author_insights_come_from_the_store_and_are_audited(inbox: Inbox) -> None:
    dora, olly = inbox.team["dora"], inbox.team["olly"]
    await inbox.item(SIMULATOR, "j1", minutes_ago=300, author_handle="jo", kind="mention")
    await inbox.item(SIMULATOR, "j2", minutes_ago=200, author_handle="jo", kind="reply",
                     in_reply_to="j1")  # fmt: skip
    await inbox.item(SIMULATOR, "j3", minutes_ago=100, author_handle="jo", kind="message")
    await inbox.item(SIMULATOR, "s1", minutes_ago=50, author_handle="sam")
    await inbox.item(FACEBOOK, "j4", minutes_ago=10, author_handle="jo")  # another channel

    with pytest.raises(StoreError, match="Say why you are looking"):
        await insights.author_insights(dora, SIMULATOR, "jo", justification="")
    seen = await insights.author_insights(dora, SIMULATOR, "jo", justification="Repeat caller?")
    history = seen.history
    assert (history.first_seen_utc, history.last_seen_utc) == (inbox.ago(300), inbox.ago(100))
    assert (history.item_count, history.conversation_count) == (3, 2)
    assert history.by_kind == {"mention": 1, "message": 1, "reply": 1}
    assert [r.remote_id for r in seen.earlier] == ["j3", "j2", "j1"]
    short = await insights.author_insights(olly, SIMULATOR, "jo", justification="Review",
                                           limit=1)  # fmt: skip
    assert [r.remote_id for r in short.earlier] == ["j3"] and short.history.item_count == 3
    with pytest.raises(StoreError, match="holds nothing from this author"):
        await insights.author_insights(dora, SIMULATOR, "nobody", justification="Check")

    entries = await inbox.audit("inbox.author_insights")
    assert [(e.actor, e.category, e.justification) for e in entries] == [
        ("dora", AuditCategory.CONSULTATION, "Repeat caller?"),
        ("olly", AuditCategory.CONSULTATION, "Review"),
    ]
    assert "jo" not in (entries[0].after or "")  # ids, not the handle
