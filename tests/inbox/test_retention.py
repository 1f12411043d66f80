"""Retention: items (and their authors' data) older than the setting are erased,
with one audited erasure per run; nothing newer, nothing in a report, and no
audit entry is ever erased."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from console import settings
from console.inbox import retention, work
from console.permissions import NotPermitted
from console.reports import service as report_service
from console.reports.grading import Category, Grade
from storage import audit
from storage.conversations import ConversationState
from storage.errors import StoreError
from storage.records import AuditCategory
from storage.store import Transaction
from tests.inbox.conftest import SIMULATOR, Inbox
from tests.reports.helpers import THRIVE

pytestmark = pytest.mark.asyncio
DAY = 24 * 60.0  # minutes


async def _remote_ids(inbox: Inbox) -> set[str]:
    def read(db: Any) -> set[str]:
        return {str(r[0]) for r in db.execute("SELECT remote_id FROM inbox_items")}

    return await inbox.store.run(read)


async def _count(inbox: Inbox, table: str) -> int:
    return await inbox.store.run(
        lambda db: int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    )


async def test_erases_what_it_should_and_nothing_else(inbox: Inbox) -> None:
    dora, admin = inbox.team["dora"], inbox.team.admin
    # A conversation wholly past the period, with a note and a consultation.
    gone = await inbox.item(SIMULATOR, "old-1", minutes_ago=400 * DAY, conversation_id="A")
    await inbox.item(SIMULATOR, "old-2", minutes_ago=380 * DAY, conversation_id="A")
    await work.add_note(dora, gone, "Spoke to them at the front desk")
    await work.open_conversation(dora, gone, "Checking history")
    # A conversation that straddles the cut-off: its old item goes, its new one stays.
    split = await inbox.item(SIMULATOR, "mix-old", minutes_ago=370 * DAY, conversation_id="B")
    await inbox.item(SIMULATOR, "mix-new", minutes_ago=300 * DAY, conversation_id="B")
    await work.add_note(dora, split, "Still open")
    # Just inside the period.
    await inbox.item(SIMULATOR, "recent", minutes_ago=364 * DAY)
    # Old but a report: the conversation is marked so, or a report links the item.
    reported = await inbox.item(SIMULATOR, "in-report", minutes_ago=500 * DAY)
    await work.set_state(dora, reported, ConversationState.REPORT, reason="Recorded crime")
    await inbox.item(SIMULATOR, "linked", minutes_ago=450 * DAY)

    linked = await inbox.store.run(
        lambda db: [int(r[0]) for r in db.execute(
            "SELECT id FROM inbox_items WHERE remote_id = 'linked'")]
    )  # fmt: skip
    await report_service.create_report(
        dora, linked, category=Category.CRIME, grade=Grade.SCHEDULED, thrive=THRIVE
    )
    entries_before = await inbox.store.run(audit.count)

    erased = await retention.erase_expired(admin)
    assert (erased.items, erased.conversations, erased.notes, erased.kept) == (3, 1, 1, 2)
    assert await _remote_ids(inbox) == {"mix-new", "recent", "in-report", "linked"}
    ids = await work.matching(dora)
    assert gone not in ids and split in ids
    row = await inbox.row(split)
    assert (row.item_count, row.first_utc, row.latest_preview) == (
        1, inbox.ago(300 * DAY), "Item mix-new"
    )  # fmt: skip
    assert await _count(inbox, "inbox_notes") == 1  # the split conversation's note stays
    with pytest.raises(StoreError, match="erased under the retention rules"):
        await work.open_conversation(dora, gone, "Looking again")

    entries = await inbox.store.run(lambda db: list(audit.iter_entries(db)))
    assert len(entries) == entries_before + 1  # nothing deleted, one entry added
    run = entries[-1]
    assert (run.actor, run.action, run.category) == (
        "alice", "inbox.erase_expired", AuditCategory.ERASURE
    )  # fmt: skip
    assert json.loads(run.after or "") == {
        "cutoff_utc": inbox.ago(365 * DAY), "retention_days": 365, "items": 3,
        "conversations": 1, "notes": 1, "kept_for_reports": 2,
    }  # fmt: skip
    assert await inbox.store.run(lambda db: audit.verify(db, inbox.store.store_id).problem) is None

    # Run again: nothing more to erase, and the run is still on the record.
    again = await retention.erase_expired(inbox.store)
    assert (again.items, again.conversations) == (0, 0)
    assert (await inbox.audit("inbox.erase_expired"))[-1].actor == "retention"


async def test_an_administrator_sets_the_period_and_only_they_run_it(inbox: Inbox) -> None:
    admin, dora = inbox.team.admin, inbox.team["dora"]
    assert await settings.get(inbox.store, settings.INBOX_RETENTION_DAYS) == 365
    await inbox.item(SIMULATOR, "month-old", minutes_ago=40 * DAY)
    await inbox.item(SIMULATOR, "fresh", minutes_ago=1)
    with pytest.raises(NotPermitted):
        await settings.change(dora, settings.INBOX_RETENTION_DAYS, 30)
    with pytest.raises(StoreError, match="between 7 days and 10 years"):
        await settings.change(admin, settings.INBOX_RETENTION_DAYS, 1)
    await settings.change(admin, settings.INBOX_RETENTION_DAYS, 30, reason="Force policy")
    with pytest.raises(NotPermitted, match="Erasing expired inbox items needs the Administrator"):
        await retention.erase_expired(dora)
    erased = await retention.erase_expired(admin, inbox.team.clock.now)
    assert erased.items == 1 and erased.cutoff_utc == inbox.ago(30 * DAY)
    assert await _remote_ids(inbox) == {"fresh"}


# -- on a schedule, in the background engine -----------------------------------------


async def test_the_engine_erases_expired_items_on_its_own_and_audits_it(
    inbox: Inbox, caplog: pytest.LogCaptureFixture
) -> None:
    from datetime import timedelta

    from console.engine import Engine
    from tests.gui.waiting import until

    dora = inbox.team["dora"]
    await inbox.item(SIMULATOR, "expired", minutes_ago=400 * DAY)
    await inbox.item(SIMULATOR, "recent", minutes_ago=364 * DAY)
    await inbox.item(SIMULATOR, "today", minutes_ago=5)
    kept = await inbox.item(SIMULATOR, "reported", minutes_ago=500 * DAY)
    await work.set_state(dora, kept, ConversationState.REPORT, reason="Recorded crime")
    before = await inbox.store.run(audit.count)

    engine = Engine(inbox.store, retention_every=timedelta(seconds=0.05))
    await engine.start()
    try:
        assert engine.retention is not None
        await until(lambda: engine.retention is not None and engine.retention.runs >= 1)
        assert await _remote_ids(inbox) == {"recent", "today", "reported"}
        (run,) = await inbox.audit("inbox.erase_expired")
        assert (run.actor, run.category) == ("retention", AuditCategory.ERASURE)
        assert json.loads(run.after or "")["items"] == 1
        assert json.loads(run.after or "")["kept_for_reports"] == 1

        # Later runs that find nothing write nothing (no empty erasure every hour)...
        runs = engine.retention.runs
        await until(lambda: engine.retention is not None and engine.retention.runs >= runs + 3)
        assert len(await inbox.audit("inbox.erase_expired")) == 1
        # ...and the next item past the period goes at the next run.
        await inbox.item(SIMULATOR, "expired-later", minutes_ago=366 * DAY)
        found: set[str] = set()

        async def gone() -> bool:
            found.clear()
            found.update(await _remote_ids(inbox))
            return "expired-later" not in found

        for _ in range(200):
            if await gone():
                break
            await asyncio.sleep(0.02)
        assert found == {"recent", "today", "reported"}
        assert len(await inbox.audit("inbox.erase_expired")) == 2
        mine = [e for e in await inbox.audit() if e.seq > before and e.actor == "retention"]
        assert [e.action for e in mine] == ["inbox.erase_expired"] * 2  # nothing else
    finally:
        await engine.stop()
    assert await inbox.store.run(lambda db: audit.verify(db, inbox.store.store_id).problem) is None


async def test_a_failed_scheduled_run_is_logged_and_the_next_one_still_runs(
    inbox: Inbox, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import timedelta

    from console.inbox.retention import RetentionWorker
    from storage import retention as retention_rows
    from tests.gui.waiting import until

    await inbox.item(SIMULATOR, "expired", minutes_ago=400 * DAY)
    real = retention_rows.erase_before
    calls: list[str] = []

    def fails_once(db: Any, cutoff_utc: str, *rest: Any) -> retention_rows.Erased:
        calls.append(cutoff_utc)
        if len(calls) == 1:
            raise StoreError("The disk is full: free some space.")
        return real(db, cutoff_utc, *rest)

    monkeypatch.setattr(retention_rows, "erase_before", fails_once)
    worker = RetentionWorker(inbox.store, every=timedelta(seconds=0.02))
    await worker.start()
    try:
        await until(lambda: worker.runs >= 2)
    finally:
        await worker.stop()
    assert "the scheduled retention run failed" in caplog.text
    assert "expired" not in await _remote_ids(inbox)
    assert len(await inbox.audit("inbox.erase_expired")) == 1


# -- what points at an item: listening flags, threat alerts, replies --------------------


async def test_flagged_alerted_and_answered_items_are_erased_or_kept_as_they_should(
    inbox: Inbox,
) -> None:
    """Foreign keys are on: an erased item takes its flags, its acknowledged alert and
    its replies' links with it (else the whole run fails, every hour); an item under an
    open alert, or answered by a reply still going, is kept."""
    from console.inbox import replies

    dora, admin = inbox.team["dora"], inbox.team.admin
    for name in ("flagged", "alert-seen", "alert-open", "reply-sent", "reply-failed",
                 "reply-queued", "plain"):  # fmt: skip
        await inbox.item(SIMULATOR, name, minutes_ago=400 * DAY, text=f"help me {name}")

    def ids(db: Any) -> dict[str, int]:
        return {str(r[1]): int(r[0]) for r in db.execute("SELECT id, remote_id FROM inbox_items")}

    item = await inbox.store.run(ids)
    made = {
        name: await replies.reply(dora, item[name], f"Answer to {name}")
        for name in ("reply-sent", "reply-failed", "reply-queued")
    }

    def add(tx: Transaction) -> None:
        db, now = tx.db, tx.now()
        rule = db.execute(
            "INSERT INTO listening_rules (kind, value, created_by, created_utc)"
            " VALUES ('keyword', 'help', 'alice', ?) RETURNING id", (now,),
        ).fetchone()[0]  # fmt: skip
        db.execute(
            "INSERT INTO item_flags (item_id, rule_id, created_utc) VALUES (?, ?, ?)",
            (item["flagged"], rule, inbox.ago(400 * DAY)),
        )
        db.execute(
            "INSERT INTO threat_alerts (item_id, phrases, raised_utc, seen_by, seen_utc)"
            " VALUES (?, '[\"help me\"]', ?, 'dora', ?)", (item["alert-seen"], now, now),
        )  # fmt: skip
        db.execute(
            "INSERT INTO threat_alerts (item_id, phrases, raised_utc)"
            " VALUES (?, '[\"help me\"]', ?)",
            (item["alert-open"], now),
        )
        for name, status in (("reply-sent", "published"), ("reply-failed", "failed")):
            db.execute("UPDATE targets SET status = ? WHERE id = ?", (status, made[name].target_id))

    await inbox.store.write(add)
    erased = await retention.erase_expired(admin)
    assert (erased.items, erased.kept, erased.replies_cancelled) == (5, 2, 1)
    assert await _remote_ids(inbox) == {"alert-open", "reply-queued"}
    assert await _count(inbox, "item_flags") == 0
    assert await _count(inbox, "reply_links") == 1  # the queued reply's
    open_alerts = await inbox.store.run(
        lambda db: [int(r[0]) for r in db.execute("SELECT item_id FROM threat_alerts")]
    )
    assert open_alerts == [item["alert-open"]]

    def statuses(db: Any) -> dict[int, str]:
        return {int(r[0]): str(r[1]) for r in db.execute("SELECT id, status FROM targets")}

    status = await inbox.store.run(statuses)
    # The failed reply can never go again without its item (nor as a plain post).
    assert [status[made[n].target_id] for n in ("reply-sent", "reply-failed", "reply-queued")] == [
        "published", "cancelled", "queued",
    ]  # fmt: skip
    assert (await inbox.afters("inbox.erase_expired"))[-1]["replies_cancelled"] == 1

    # Once the alert is acknowledged and the reply has gone, the next run erases both.
    def settle(tx: Transaction) -> None:
        tx.db.execute("UPDATE threat_alerts SET seen_by = 'dora', seen_utc = ?", (tx.now(),))
        queued = made["reply-queued"].target_id
        tx.db.execute("UPDATE targets SET status = 'published' WHERE id = ?", (queued,))

    await inbox.store.write(settle)
    again = await retention.erase_expired(inbox.store)
    assert (again.items, again.kept) == (2, 0)
    assert await _remote_ids(inbox) == set()
    assert await _count(inbox, "threat_alerts") == 0
    assert await _count(inbox, "reply_links") == 0
    assert await inbox.store.run(lambda db: audit.verify(db, inbox.store.store_id).problem) is None
