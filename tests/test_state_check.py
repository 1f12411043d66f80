"""The record proves the state: an insider with the key who edits a post, an
incident's times, a hold's scope or an officer's roles straight in the database is
named by ``store check`` (``storage.state``), with the entry the row contradicts."""

from __future__ import annotations

from pathlib import Path

import pytest

from incident import engage, report, review, stand_down
from incident.review import When
from storage import audit, lifecycle, schema, state
from storage.connection import connect
from storage.keyslots import KeyFile, new_data_key
from storage.records import AuditCategory, IncidentMode, StoreKind
from storage.store import Store
from tests.desk import Desk
from tests.helpers import make_store, raw_db

pytestmark = pytest.mark.asyncio


async def _story(desk: Desk) -> int:
    """Posts, an incident with a release and a stand-down, a role change."""
    keep = await desk.post("Keep this one", minutes=30)
    await desk.post("Another post", minutes=40)
    incident = await engage.engage(
        desk.officer, details=engage.Details("Flood", "REF-1", "Gold", "rising water")
    )
    await engage.change_mode(desk.officer, incident.id, IncidentMode.REVIEW, reason="r")
    await review.release(desk.gold, [keep], When.original(), reason="harmless")
    await review.cancel(desk.gold, [keep + 1], reason="not now")
    await stand_down.stand_down(desk.gold, incident.id, reason="receded")
    return incident.id


async def _checked(store: Store) -> state.StateVerdict:
    found = await lifecycle.check(store)
    assert found.state is not None
    return found.state


async def test_a_store_used_as_cordon_uses_it_agrees_with_its_trail(desk: Desk) -> None:
    await _story(desk)
    found = await _checked(desk.officer.store)
    assert found.ok and found.since == 0 and found.rows == 8, (
        found
    )  # 2 posts, 2 targets, 1 incident, 1 hold, 2 users
    kinds = await desk.officer.store.run(
        lambda db: [e.action for e in audit.iter_entries(db) if e.action == "state.record"]
    )
    assert kinds == []  # every change was recorded by the entry that made it


TAMPERING = {
    "post text": ("posts", "UPDATE posts SET body = 'Something else' WHERE id = 1"),
    "engage time": (
        "incidents",
        "UPDATE incidents SET engaged_utc = '2026-11-28T08:00:00.000000Z' WHERE id = 1",
    ),
    "stand-down time": (
        "incidents",
        "UPDATE incidents SET stood_down_utc = '2026-11-28T23:00:00.000000Z' WHERE id = 1",
    ),
    "incident status": ("incidents", "UPDATE incidents SET mode = 'suspend' WHERE id = 1"),
    "hold scope": ("holds", "INSERT INTO hold_areas (hold_id, area) VALUES (1, 'North')"),
    "hold released": ("holds", "UPDATE holds SET released_utc = NULL WHERE id = 1"),
    "target status": ("targets", "UPDATE targets SET status = 'published' WHERE id = 2"),
    "target time": (
        "targets",
        "UPDATE targets SET scheduled_utc = '2026-11-28T09:05:00.000000Z' WHERE id = 1",
    ),
    "roles": ("users", "INSERT INTO user_roles (user_id, role) VALUES (2, 'administrator')"),
    "user name": ("users", "UPDATE users SET display_name = 'Someone' WHERE id = 2"),
    "user re-enabled": ("users", "UPDATE users SET active = 1 - active WHERE id = 2"),
}


@pytest.mark.parametrize("what", sorted(TAMPERING))
async def test_an_insider_edit_is_named_with_the_entry_it_contradicts(
    desk: Desk, what: str
) -> None:
    await _story(desk)
    table, sql = TAMPERING[what]
    with raw_db(desk.officer.store.where) as db:
        db.execute(sql)
    found = await _checked(desk.officer.store)
    assert not found.ok and found.first is not None
    assert found.first.table == table
    assert "outside Cordon" in found.first.sentence
    assert found.first.seq > 0
    entry = await desk.officer.store.run(
        lambda db: audit.entries_by_seq(db, [found.first.seq])  # type: ignore[union-attr]
    )
    assert entry[found.first.seq].object_type in (table[:-1], "store", "incident", "user")


async def test_rows_added_or_deleted_outside_cordon_are_named(desk: Desk) -> None:
    await _story(desk)
    with raw_db(desk.officer.store.where) as db:
        db.execute(
            "INSERT INTO users (name, display_name, active, created_utc)"
            " VALUES ('mallory', 'Mallory', 1, '2026-11-28T09:00:00.000000Z')"
        )
    found = await _checked(desk.officer.store)
    assert found.first is not None
    assert found.first.sentence == (
        "user 3 is in the store but no audit entry records it: it was added outside Cordon."
    )
    with raw_db(desk.officer.store.where) as db:
        db.execute("DELETE FROM users WHERE id = 3")
        if desk.officer.store.team:  # foreign keys off, as its administrator can
            db.execute("SET session_replication_role = replica")
        else:
            db.execute("PRAGMA foreign_keys = OFF")
        db.execute("DELETE FROM targets WHERE id = 2")
    found = await _checked(desk.officer.store)
    assert found.first is not None and found.first.table == "targets"
    assert "target 2 is missing, but entry #" in found.first.sentence


async def test_recorded_row_states_cannot_be_rewritten_to_match(desk: Desk) -> None:
    await _story(desk)
    store = desk.officer.store
    with raw_db(store.where) as db:
        db.execute("UPDATE posts SET body = 'Forged' WHERE id = 1")
        cursor = db.execute(f"{state.select('posts', db)} WHERE id = 1")
        ((_id, text),) = state.rows(db, "posts", cursor)
        forged = state.digest(text)
        db.execute("DROP TRIGGER audit_rows_no_update" + (" ON audit_rows" if store.team else ""))
        newest = db.execute("SELECT max(seq) FROM audit_rows WHERE tbl = 'posts' AND id = 1")
        db.execute(
            "UPDATE audit_rows SET digest = ? WHERE tbl = 'posts' AND id = 1 AND seq = ?",
            (forged, newest.fetchone()[0]),
        )
    found = await _checked(store)
    assert found.first is not None and found.first.table == "audit_rows"
    assert "do not match it: its recorded rows were changed" in found.first.sentence
    assert "The trigger audit_rows_no_update that guards the store was dropped." in (found.triggers)


async def test_triggers_dropped_changed_or_added_are_named(tmp_path: Path) -> None:
    path = tmp_path / "s.cordon"
    store = await make_store(path)
    with raw_db(path) as db:
        db.execute("DROP TRIGGER audit_log_no_delete")
        db.execute("DROP TRIGGER audit_log_no_update")
        db.execute(
            "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log"
            " WHEN NEW.actor != 'mallory' BEGIN SELECT RAISE(ABORT, 'no'); END"
        )
        db.execute("CREATE TRIGGER quiet AFTER INSERT ON audit_log BEGIN SELECT 1; END")
    found = await _checked(store)
    assert found.triggers == (
        "The trigger audit_log_no_delete that guards the store was dropped.",
        "The trigger audit_log_no_update was changed.",
        "A trigger quiet was added that no version of Cordon makes.",
    )
    await store.close()


async def _old_store(path: Path) -> tuple[KeyFile, bytes]:
    """A store written by Cordon before row states were recorded (schema 12)."""
    key = new_data_key()
    keyfile = KeyFile("0ld5" * 8, StoreKind.LIVE, "2026-01-01T00:00:00.000000Z", ())
    db = connect(path, key)
    schema.migrate(db, target=12)
    db.execute("BEGIN")
    db.execute(
        "INSERT INTO users (name, display_name, active, created_utc)"
        " VALUES ('alice', 'Alice', 1, '2026-01-01T00:00:00.000000Z')"
    )
    db.execute("INSERT INTO user_roles VALUES (1, 'administrator')")
    audit.append(
        db, audit.head(db, keyfile.store_id), at_utc="2026-01-01T00:00:00.000000Z",
        actor="alice", action="user.add", category=AuditCategory.COLLECTION,
        object_type="user", object_id="1", before=None, after={"name": "alice"},
        justification="", recipient="",
    )  # fmt: skip
    db.execute("COMMIT")
    db.close()
    return keyfile, key


async def test_an_older_store_is_checked_from_its_upgrade_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "old.cordon"
    keyfile, key = await _old_store(path)
    store = await Store.open(path, keyfile, key, actor="alice")
    entries = await store.run(lambda db: list(audit.iter_entries(db)))
    assert entries[-1].action == "store.upgrade"
    found = await _checked(store)
    assert found.ok and found.since == entries[-1].seq
    await store.write(lambda tx: tx.execute("UPDATE users SET display_name = 'Al' WHERE id = 1"))
    found = await _checked(store)
    assert found.ok  # a change by Cordon (even one no service makes) is recorded
    await store.close()
    db = connect(path, key)
    db.execute("INSERT INTO user_roles VALUES (1, 'observer')")
    db.close()
    store = await Store.open(path, keyfile, key, actor="alice")
    found = await _checked(store)
    assert found.first is not None and found.first.sentence.startswith("user 1 is not what")
    await store.close()


async def _forge_engaged(path: Path | str) -> None:
    with raw_db(path) as db:
        db.execute("UPDATE incidents SET engaged_utc = '2026-11-28T06:00:00.000000Z'")


async def test_the_incident_report_refuses_a_forged_incident_row(desk: Desk) -> None:
    incident_id = await _story(desk)
    await _forge_engaged(desk.officer.store.where)
    with pytest.raises(report.Disagrees, match="incident 1 is not what entry #"):
        await report.build(desk.officer.store, incident_id)


async def test_the_incident_report_refuses_forged_counts(desk: Desk) -> None:
    await desk.post("One", minutes=30)
    await desk.post("Two", minutes=40)
    incident = await engage.engage(desk.officer, details=engage.Details("Flood", "", "", "r"))
    with raw_db(desk.officer.store.where) as db:  # a held post quietly marked as sent
        db.execute("UPDATE targets SET status = 'published' WHERE id = 2")
    with pytest.raises(report.Disagrees, match="target 2 is not what entry #"):
        await report.build(desk.officer.store, incident.id)


async def test_the_count_of_further_disagreeing_rows_reads_as_english() -> None:
    from console.audit_trail import state_lines

    first = state.Disagreement("posts", 2, 3, state.CHANGED)
    for problems, tail in ((1, "Cordon."), (2, "Cordon. (1 more row disagrees)"),
                           (3, "Cordon. (2 more rows disagree)")):  # fmt: skip
        verdict = state.StateVerdict(since=0, rows=10, problems=problems, first=first)
        assert state_lines(verdict)[-1].endswith(tail), state_lines(verdict)
