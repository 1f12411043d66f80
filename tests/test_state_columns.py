"""Every column of a tracked row is evidence: a direct edit of a Welsh text, a second
post's id or an unpinning is named by ``store check`` like any other (``storage.state``),
on a store file and on a team store.

The checked columns are versioned: a store whose digests were made with an older set
(``meta.state_columns``) is checked with that set, then moved to the newest in one
entry when it is opened for writing; a row changed outside Cordon before that is not
made to agree, and the entry says what was found. Read-only, it is checked with its
own set and nothing is written.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlcipher3

from console import audit_trail
from storage import audit, connection, i18n, lifecycle, pg, schema, state, team_migrate
from storage import store as store_module
from storage.lifecycle import Where, open_store
from storage.records import AuditCategory, AuditEntry
from storage.store import Store, Transaction
from tests.helpers import PASSWORD, file_states, make_store, raw_db
from tests.pg import Server

WELSH = "Mae'r ffordd ar gau: ŵyr ŷd, gofalwch.\nDiolch 🙏"
ENGLISH = "The road is closed: take care."
LATER = "2030-01-01T09:00:00.000000Z"


def _story(tx: Transaction) -> None:
    """A channel, a bilingual post sent as two linked posts (the second's text and
    both ids kept), an English-only post, and an unpinning asked for."""
    now = tx.now()
    channel = tx.db.execute(
        "INSERT INTO channels (name, network, account, area, created_utc)"
        " VALUES ('Force X', 'simulator', 'x', 'North', ?) RETURNING id",
        (now,),
    ).fetchone()[0]
    for body, cy, en, form in ((ENGLISH, WELSH, ENGLISH, "two"), ("Fete today", None, None, None)):
        post = tx.db.execute(
            "INSERT INTO posts (author_id, body, created_utc, updated_utc, text_cy, text_en,"
            " bilingual) VALUES (1, ?, ?, ?, ?, ?, ?) RETURNING id",
            (body, now, now, cy, en, form),
        ).fetchone()[0]
        tx.db.execute(
            "INSERT INTO targets (post_id, channel_id, status, scheduled_utc, updated_utc,"
            " remote_id, second_text, first_remote_id, first_url, second_remote_id, second_url,"
            " pin_state, unpin_state) VALUES (?, ?, 'published', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (post, channel, LATER, now, "r-1" if cy else None, WELSH if cy else None,
             "r-1" if cy else None, "https://x.example/1" if cy else None,
             "r-2" if cy else None, "https://x.example/2" if cy else None,
             "pinned" if cy else None, "requested" if cy else None),
        )  # fmt: skip
    tx.audit(
        actor="alice",
        action="test.story",
        category=AuditCategory.ALTERATION,
        object_type="post",
        object_id=1,
    )


async def _a_store(where: Where) -> None:
    store = await make_store(where)
    try:
        await store.write(_story)
    finally:
        await store.close()


async def _open(where: Where) -> Store:
    store, _user = await open_store(where, "alice", PASSWORD)
    return store


async def _checked(store: Store) -> state.StateVerdict:
    found = await lifecycle.check(store)
    assert found.verdict is not None and found.verdict.ok, found.verdict
    assert found.state is not None
    return found.state


def _meta(where: Where) -> str | None:
    with raw_db(where) as db:
        row = db.execute("SELECT value FROM meta WHERE key = ?", (state.COLUMNS_KEY,)).fetchone()
    return None if row is None else str(row[0])


async def _entries(store: Store) -> list[AuditEntry]:
    return await store.run(lambda db: list(audit.iter_entries(db)))


# -- every column is checked, or says why not ---------------------------------------------


def _selected() -> set[tuple[str, str]]:
    """(table, column) of each column the newest set selects: a tracked table's own,
    and the child tables' values its subqueries gather into lists."""
    found: set[tuple[str, str]] = set()
    for table, columns in state.COLUMNS.items():
        depth, part, parts = 0, "", []
        for char in columns + ",":
            depth += (char == "(") - (char == ")")
            if char == "," and depth == 0:
                parts.append(part.strip())
                part = ""
            else:
                part += char
        for expression in parts:
            if re.fullmatch(r"[a-z_]+", expression):
                found.add((table, expression))
                continue
            child = re.search(r"json_group_array\((\w+)\) FROM \(SELECT \1 FROM (\w+)", expression)
            assert child is not None, expression
            found.add((child.group(2), child.group(1)))
    return found


def _covered(table: str) -> set[str]:
    return {column for name, column in _selected() if name == table}


def _uncovered(columns: dict[str, list[str]]) -> list[str]:
    return [
        f"{table}.{column}"
        for table, names in columns.items()
        for column in names
        if column not in _covered(table) and (table, column) not in state.NOT_CHECKED
    ]


WATCHED = (*state.TRACKED, *state.CHILDREN)


def test_every_column_of_a_tracked_table_is_checked_or_says_why_not_on_a_file() -> None:
    db = sqlcipher3.connect(":memory:", isolation_level=None)
    try:
        schema.migrate(db)
        columns = {t: [str(r[1]) for r in db.execute(f"PRAGMA table_info({t})")] for t in WATCHED}
    finally:
        db.close()
    assert all(columns.values())
    assert _uncovered(columns) == [], (
        "a column of a tracked table is neither in the newest set of storage.state."
        "COLUMNS_BY_VERSION nor in storage.state.NOT_CHECKED (with why): add a version"
    )
    for (table, column), why in state.NOT_CHECKED.items():
        assert column in columns[table] and column not in _covered(table) and why.strip()


def test_every_column_of_a_tracked_table_is_checked_or_says_why_not_on_a_team_store(
    pg_server: Server,
) -> None:
    name = pg_server.new_database()
    raw = pg.connect(pg_server.url(name))
    try:
        db = pg.PgConnection(raw)
        schema.migrate(db)
        columns = {
            t: [
                str(r[0])
                for r in db.execute(
                    "SELECT column_name FROM information_schema.columns"
                    " WHERE table_schema = current_schema() AND table_name = ?"
                    " ORDER BY ordinal_position",
                    (t,),
                )
            ]
            for t in WATCHED
        }
    finally:
        raw.close()
        pg_server.drop_database(name)
    assert all(columns.values())
    assert _uncovered(columns) == []


# A set once released is never changed: digests already recorded were made with it.
RELEASED = {1: "74dc972685e0645c8acf360e0317dbd141af868bc760a2c16e6c27156e9dc213"}


def test_a_released_set_of_columns_is_never_changed() -> None:
    for version, expected in RELEASED.items():
        text = json.dumps(state.COLUMNS_BY_VERSION[version], sort_keys=True)
        assert hashlib.sha256(text.encode()).hexdigest() == expected, version
    assert state.COLUMNS is state.COLUMNS_BY_VERSION[state.COLUMNS_VERSION]
    assert state.PG_COLUMNS is state.PG_COLUMNS_BY_VERSION[state.COLUMNS_VERSION]
    for version, columns in state.COLUMNS_BY_VERSION.items():
        assert tuple(columns) == state.TRACKED, version


# -- one digest on both kinds of store --------------------------------------------------------


@pytest.fixture
def pg_db(pg_server: Server) -> Iterator[Any]:
    name = pg_server.new_database()
    raw = pg.connect(pg_server.url(name))
    try:
        yield pg.PgConnection(raw)
    finally:
        raw.close()
        pg_server.drop_database(name)


def _digest_texts(db: Any) -> dict[tuple[str, int], str]:
    schema.migrate(db)
    now = "2026-12-06T09:00:00.000000Z"
    db.execute(
        "INSERT INTO users (id, name, display_name, active, created_utc)"
        " VALUES (1, 'alice', 'Ŵyn Ŷr', 1, ?)",
        (now,),
    )
    db.execute(
        "INSERT INTO channels (id, name, network, account, created_utc)"
        " VALUES (1, 'X', 'simulator', 'x', ?)",
        (now,),
    )
    for post_id, cy, form in ((1, WELSH, "one"), (2, None, None)):
        db.execute(
            "INSERT INTO posts (id, author_id, body, created_utc, updated_utc, text_cy,"
            " text_en, bilingual) VALUES (?, 1, ?, ?, ?, ?, ?, ?)",
            (post_id, f"{WELSH}\n---\n{ENGLISH}", now, now, cy, ENGLISH if cy else None, form),
        )
        db.execute(
            "INSERT INTO targets (id, post_id, channel_id, status, updated_utc, attempts,"
            " second_text, first_remote_id, first_url, second_remote_id, second_url,"
            " unpin_state, unpin_error, claimed_by, last_error)"
            " VALUES (?, ?, 1, 'failed', ?, 3, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (post_id, post_id, now, cy, "ŵ-1" if cy else None, None, "ŷ-2" if cy else None,
             None, "failed" if cy else None, "Dim ateb: ŵ ŷ" if cy else "", "engine@host",
             "Ni chyhoeddwyd \"hwn\" \\ ŵ"),
        )  # fmt: skip
    found: dict[tuple[str, int], str] = {}
    for table in state.TRACKED:
        for version in state.COLUMNS_BY_VERSION:
            cursor = db.execute(state.select(table, db, version))
            for row_id, text in state.rows(db, table, cursor):
                found[(f"{table}@{version}", row_id)] = text
    return found


def test_a_row_of_the_new_columns_has_one_digest_on_both_kinds_of_store(pg_db: Any) -> None:
    sqlite_db = sqlcipher3.connect(":memory:", isolation_level=None)
    try:
        on_file = _digest_texts(sqlite_db)
    finally:
        sqlite_db.close()
    on_team = _digest_texts(pg_db)
    assert on_file == on_team
    assert "ŵyr ŷd" in on_file[("posts@2", 1)] and "null" in on_file[("targets@2", 2)]


# -- a direct edit of a new column is named ---------------------------------------------------

TAMPERING = {
    "second post's id": ("targets", 1, "UPDATE targets SET second_remote_id = 'r-9' WHERE id = 1"),
    "Welsh text": ("posts", 1, "UPDATE posts SET text_cy = 'Mae popeth yn iawn.' WHERE id = 1"),
    "English text": ("posts", 1, "UPDATE posts SET text_en = NULL WHERE id = 1"),
    "bilingual form": ("posts", 2, "UPDATE posts SET bilingual = 'one' WHERE id = 2"),
    "unpinning": ("targets", 1, "UPDATE targets SET unpin_state = 'unpinned' WHERE id = 1"),
    "second text": ("targets", 1, "UPDATE targets SET second_text = 'Ŵps' WHERE id = 1"),
    "first url": ("targets", 1, "UPDATE targets SET first_url = 'https://e.vil/' WHERE id = 1"),
    "claim": ("targets", 2, "UPDATE targets SET claimed_by = 'someone' WHERE id = 2"),
    "error": ("targets", 2, "UPDATE targets SET last_error = 'Sent.' WHERE id = 2"),
}


@pytest.mark.asyncio
@pytest.mark.parametrize("what", sorted(TAMPERING))
async def test_an_edit_of_a_later_column_is_named(store_where: Path | str, what: str) -> None:
    await _a_store(store_where)
    store = await _open(store_where)
    try:
        assert (await _checked(store)).ok
        table, row_id, sql = TAMPERING[what]
        with raw_db(store_where) as db:
            db.execute(sql)
        found = await _checked(store)
        assert found.first is not None and (found.first.table, found.first.row_id) == (
            table,
            row_id,
        )
        assert found.first.sentence == (
            f"{table[:-1]} {row_id} is not what entry #{found.first.seq} says it became: "
            "it was changed outside Cordon."
        )
    finally:
        await store.close()


# -- a store whose digests use the old set ------------------------------------------------------


async def an_old_store(where: Where, monkeypatch: pytest.MonkeyPatch) -> None:
    """A store as the Cordon before the newest set made it: its digests are made with
    version 1 and its meta has no ``state_columns``."""
    with monkeypatch.context() as patched:
        patched.setattr(state, "COLUMNS_VERSION", 1)
        await _a_store(where)
    with raw_db(where) as db:
        db.execute("DELETE FROM meta WHERE key = ?", (state.COLUMNS_KEY,))
    assert _meta(where) is None


@pytest.mark.asyncio
async def test_an_old_store_moves_to_the_new_columns_without_alarm(
    store_where: Path | str, monkeypatch: pytest.MonkeyPatch
) -> None:
    await an_old_store(store_where, monkeypatch)
    store = await _open(store_where)
    try:
        entries = await _entries(store)
        last = entries[-1]
        assert last.action == "state.columns" and last.object_type == "store"
        assert json.loads(last.before or "{}") == {"schema": schema.LATEST, "state_columns": 1}
        assert json.loads(last.after or "{}") == {
            "schema": schema.LATEST,
            "state_columns": state.COLUMNS_VERSION,
            "_rows": json.loads(last.after or "{}")["_rows"],
        }
        recorded = await store.run(
            lambda db: db.execute(
                "SELECT count(*) FROM audit_rows WHERE seq = ?", (last.seq,)
            ).fetchone()[0]
        )
        assert recorded == 1 + 2 + 2  # alice, two posts, two targets
        assert _meta(store_where) == str(state.COLUMNS_VERSION)
        found = await _checked(store)
        assert found.ok and found.at_upgrade == () and found.rows == 5, found
        # The new columns are checked from now on.
        with raw_db(store_where) as db:
            db.execute("UPDATE targets SET second_remote_id = 'r-9' WHERE id = 1")
        found = await _checked(store)
        assert found.first is not None and found.first.seq == last.seq
        assert found.first.sentence.startswith("target 1 is not what entry #")
    finally:
        await store.close()
    # Opened again, it has nothing to move.
    store = await _open(store_where)
    try:
        assert [e.action for e in await _entries(store)].count("state.columns") == 1
    finally:
        await store.close()


@pytest.mark.asyncio
async def test_a_row_changed_before_the_move_still_disagrees_after_it(
    store_where: Path | str, monkeypatch: pytest.MonkeyPatch
) -> None:
    await an_old_store(store_where, monkeypatch)
    with raw_db(store_where) as db:  # an old-set column, changed outside Cordon
        db.execute("UPDATE posts SET body = 'Forged' WHERE id = 2")
    store = await _open(store_where)
    try:
        last = (await _entries(store))[-1]
        after = json.loads(last.after or "{}")
        assert last.action == "state.columns"
        assert after["state_columns"] == state.COLUMNS_VERSION
        assert after["disagreed_rows"] == 1
        assert after["disagreed_before"].startswith("post 2 is not what entry #")
        assert after["disagreed_before"].endswith("it was changed outside Cordon.")
        found = await _checked(store)
        assert not found.ok
        assert found.first is not None and (found.first.table, found.first.row_id) == ("posts", 2)
        assert found.first.seq < last.seq  # the digest it contradicts was kept
        sentence = (
            f"Entry #{last.seq}, which began checking more of each row's columns, first "
            f"found that {after['disagreed_before']}"
        )
        assert found.at_upgrade == (sentence,)
        assert f"State: NOT as the audit trail says: {sentence}" in audit_trail.state_lines(found)
        # A later change by Cordon records the row afresh, and the entry still says it.
        await store.write(
            lambda tx: tx.execute("UPDATE posts SET review_note = 'seen' WHERE id = 2")
        )
        found = await _checked(store)
        assert found.first is None and found.at_upgrade == (sentence,) and not found.ok
        report = await lifecycle.check(store)
        assert not report.state_ok and not report.ok
    finally:
        await store.close()


@pytest.mark.asyncio
async def test_a_row_added_or_deleted_before_the_move_still_disagrees_after_it(
    store_where: Path | str, monkeypatch: pytest.MonkeyPatch
) -> None:
    await an_old_store(store_where, monkeypatch)
    with raw_db(store_where) as db:
        db.execute(
            "INSERT INTO users (name, display_name, active, created_utc)"
            " VALUES ('mallory', 'Mallory', 1, '2026-11-28T09:00:00.000000Z')"
        )
    store = await _open(store_where)
    try:
        last = (await _entries(store))[-1]
        after = json.loads(last.after or "{}")
        assert after["disagreed_before"] == (
            "user 2 is in the store but no audit entry records it: it was added outside Cordon."
        )
        assert after["disagreed_first"] == {
            "table": "users", "id": 2, "seq": 0, "kind": state.ADDED, "why": ""
        }  # fmt: skip
        found = await _checked(store)
        assert found.first is not None and found.first.sentence == after["disagreed_before"]
        assert len(found.at_upgrade) == 1
        # In a Welsh console the check speaks Welsh, and the entry keeps its English.
        i18n.use(i18n.WELSH)
        try:
            welsh = await _checked(store)
            lines = audit_trail.state_lines(welsh)
            sentence = welsh.first.sentence if welsh.first is not None else ""
        finally:
            i18n.use(i18n.ENGLISH)
        assert sentence.startswith("mae defnyddiwr 2 yn y storfa"), sentence
        assert "defnyddiwr 2" in welsh.at_upgrade[0] and "Cordon" in welsh.at_upgrade[0]
        assert not any("audit trail" in line or "outside" in line for line in lines), lines
    finally:
        await store.close()


def test_a_disagreement_is_read_back_only_from_what_an_entry_recorded() -> None:
    """An entry from before ``disagreed_first`` (or one that says something else) is
    shown with the sentence it kept, not guessed at."""
    made = state.Disagreement("targets", 7, 12, state.CHANGED)
    assert state.Disagreement.from_record(made.record()) == made
    assert made.english == (
        "target 7 is not what entry #12 says it became: it was changed outside Cordon."
    )
    unrooted = state.Disagreement("audit_rows", 0, 5, state.UNROOTED, state.ROWS_CHANGED)
    assert state.Disagreement.from_record(unrooted.record()) == unrooted
    for bad in (None, "text", {}, {**made.record(), "kind": "erased"},
                {**made.record(), "id": "x"}, {**made.record(), "why": "made up"}):  # fmt: skip
        assert state.Disagreement.from_record(bad) is None, bad


def _read_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files open as on a read-only disk (SQLite is told the file cannot change)."""

    def opened(path: Path, data_key: bytes) -> tuple[Any, str]:
        wal = path.with_name(path.name + "-wal")  # as connection.open_connection chooses
        options = "mode=ro" if wal.exists() and wal.stat().st_size else "immutable=1"
        return connection._keyed(path, data_key, options, connection.READ_PRAGMAS), "Read-only."

    monkeypatch.setattr(store_module, "open_connection", opened)


@pytest.mark.asyncio
async def test_an_old_store_opened_to_read_checks_with_its_own_set_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.cordon"
    await an_old_store(path, monkeypatch)
    before = file_states(tmp_path)
    _read_only(monkeypatch)
    store = await _open(path)
    try:
        assert store.read_only
        found = await _checked(store)
        assert found.ok and found.since == 0 and found.rows == 5, found
    finally:
        await store.close()
    assert file_states(tmp_path) == before
    assert _meta(path) is None
    with raw_db(path) as db:  # an old-set column changed: named, read-only too
        db.execute("UPDATE targets SET status = 'cancelled' WHERE id = 2")
    before = file_states(tmp_path)
    store = await _open(path)
    try:
        found = await _checked(store)
        assert found.first is not None and found.first.sentence.startswith("target 2 is not")
    finally:
        await store.close()
    assert file_states(tmp_path) == before


@pytest.mark.asyncio
@pytest.mark.slow
async def test_an_old_store_file_moved_to_a_team_store_checks_clean(
    tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.cordon"
    await an_old_store(path, monkeypatch)
    source = await _open(path)  # opened to be moved: its digests move to the new set
    try:
        team = await team_migrate.copy_to_team(source, pg_url, actor="alice")
        await team.close()
    finally:
        await source.close()
    assert _meta(pg_url) == str(state.COLUMNS_VERSION)
    team = await _open(pg_url)
    try:
        actions = [e.action for e in await _entries(team)]
        assert actions.count("state.columns") == 1 and actions[-1] == "store.migrate"
        assert (await _checked(team)).ok
        with raw_db(pg_url) as db:
            db.execute("UPDATE posts SET text_cy = 'Dim byd.' WHERE id = 1")
        found = await _checked(team)
        assert found.first is not None and found.first.sentence.startswith("post 1 is not")
    finally:
        await team.close()


@pytest.mark.asyncio
async def test_a_team_store_with_old_digests_copied_across_moves_on_its_next_open(
    tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The meta key comes across with the digests: a file whose digests use the old
    set (moved by a Cordon of that time) is checked with it, then moved on."""
    path = tmp_path / "old.cordon"
    with monkeypatch.context() as patched:
        patched.setattr(state, "COLUMNS_VERSION", 1)
        await _a_store(path)
        source = await _open(path)
        try:
            team = await team_migrate.copy_to_team(source, pg_url, actor="alice")
            await team.close()
        finally:
            await source.close()
    assert _meta(pg_url) == "1"
    team = await _open(pg_url)
    try:
        last = (await _entries(team))[-1]
        assert last.action == "state.columns" and "disagreed_before" not in (last.after or "")
        assert (await _checked(team)).ok
    finally:
        await team.close()
    assert _meta(pg_url) == str(state.COLUMNS_VERSION)


def test_store_check_says_what_the_move_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``cordon store check`` on an old-set store changed outside Cordon: the check
    that opens it for writing moves it on, and says in whole sentences what it found."""
    import asyncio

    from tests.test_cli import cordon

    path = tmp_path / "old.cordon"
    asyncio.run(an_old_store(path, monkeypatch))
    with raw_db(path) as db:
        db.execute("UPDATE posts SET body = 'Forged' WHERE id = 2")
    check = cordon("store", "check", str(path), "--user", "alice", password=PASSWORD)
    assert check.returncode == 1, check.stdout + check.stderr
    lines = check.stdout.splitlines()
    moved = [line for line in lines if "which began checking more of each row's columns" in line]
    assert len(moved) == 1 and moved[0].startswith("State: NOT as the audit trail says: Entry #")
    assert moved[0].endswith(
        "first found that post 2 is not what entry #3 says it became: it was changed outside "
        "Cordon."
    ), moved
    assert any(
        line.startswith("State: NOT as the audit trail says: post 2 is not what entry #")
        for line in lines
    ), lines
    # The audit lead's own command says the same as the window's Verify.
    verify = cordon("audit", "verify", str(path), "--user", "alice", password=PASSWORD)
    assert verify.returncode == 1, verify.stdout + verify.stderr
    assert verify.stdout.startswith("Audit trail intact"), verify.stdout
    assert moved[0] in verify.stdout.splitlines(), verify.stdout
