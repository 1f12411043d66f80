"""The two schemas are one: a SQLCipher store after every migration and a team store
after its baseline hold the same tables, columns, keys, checks, indexes and guards.

The differences are the ones ``storage/migrations_pg/0016_baseline.sql`` lists: the
types as PostgreSQL names them, COLLATE NOCASE as an index on lower(...), the key
slots' table and the schema version's table (which a file keeps elsewhere), the
guard that also refuses TRUNCATE, and the triggers that note changed rows (temporary
on SQLite, so in no schema there).

``CORDON_WRITE_EXPECTED=1`` rewrites ``storage/migrations_pg/expected_triggers.json``
(what ``store check`` compares a team store's triggers with) from a migrated database.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import sqlcipher3
from hypothesis import given
from hypothesis import strategies as st

from storage import pg, schema, state
from tests.pg import Server

TYPES = {"INTEGER": "bigint", "TEXT": "text", "REAL": "double precision", "BLOB": "bytea"}
ONLY_ON_PG = {"cordon_schema", "key_file"}


@pytest.fixture
def sqlite_db() -> Iterator[Any]:
    db = sqlcipher3.connect(":memory:", isolation_level=None)
    schema.migrate(db)
    yield db
    db.close()


@pytest.fixture
def pg_db(pg_server: Server) -> Iterator[Any]:
    name = pg_server.new_database()
    raw = pg.connect(pg_server.url(name))
    db = pg.PgConnection(raw)
    schema.migrate(db)
    try:
        yield db
    finally:
        raw.close()
        pg_server.drop_database(name)


def _sqlite_tables(db: Any) -> list[str]:
    return sorted(
        str(r[0])
        for r in db.execute(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    )


def _pg_tables(db: Any) -> list[str]:
    return sorted(
        str(r[0])
        for r in db.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    )


def _literals(text: str) -> set[str]:
    """The quoted words and numbers a CHECK names: what it allows, whatever the syntax."""
    return set(re.findall(r"'([^']*)'", text)) | set(re.findall(r"\b\d+\b", text))


def _sqlite_checks(sql: str) -> list[set[str]]:
    found = []
    for start in [m.end() for m in re.finditer(r"CHECK\s*\(", sql)]:
        depth, end = 1, start
        while depth:
            depth += {"(": 1, ")": -1}.get(sql[end], 0)
            end += 1
        found.append(_literals(sql[start : end - 1]))
    return found


def test_the_same_tables_and_columns(sqlite_db: Any, pg_db: Any) -> None:
    tables = _sqlite_tables(sqlite_db)
    assert set(_pg_tables(pg_db)) - ONLY_ON_PG == set(tables)
    for table in tables:
        lite = [
            (str(r[1]), TYPES[str(r[2])], bool(r[3]) or bool(r[5] and str(r[2]) != "INTEGER"))
            for r in sqlite_db.execute(f"PRAGMA table_info({table})")
        ]
        post = [
            (str(r[0]), str(r[1]), r[2] == "NO")
            for r in pg_db.execute(
                "SELECT column_name, data_type, is_nullable FROM information_schema.columns"
                " WHERE table_schema = current_schema() AND table_name = ?"
                " ORDER BY ordinal_position",
                (table,),
            )
        ]
        # SQLite's rowid key may hold NULL (it then picks one); PostgreSQL's may not.
        post = [(n, t, False if (n, t, True) not in lite and nn else nn) for n, t, nn in post]
        assert post == lite, table


def test_the_same_keys(sqlite_db: Any, pg_db: Any) -> None:
    for table in _sqlite_tables(sqlite_db):
        lite_pk = [str(r[1]) for r in sorted(sqlite_db.execute(f"PRAGMA table_info({table})"),
                                             key=lambda r: r[5]) if r[5]]  # fmt: skip
        post_pk = [
            str(r[0])
            for r in pg_db.execute(
                "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid"
                " AND a.attnum = ANY(i.indkey) WHERE i.indrelid = CAST(? AS regclass)"
                " AND i.indisprimary ORDER BY array_position(i.indkey, a.attnum)",
                (table,),
            )
        ]
        assert post_pk == lite_pk, table
        lite_fk = sorted(
            (str(r[3]), str(r[2]), str(r[4] or "id"))
            for r in sqlite_db.execute(f"PRAGMA foreign_key_list({table})")
        )
        post_fk = sorted(
            (str(r[0]), str(r[1]), str(r[2]))
            for r in pg_db.execute(
                "SELECT kcu.column_name, ccu.table_name, ccu.column_name"
                " FROM information_schema.table_constraints tc"
                " JOIN information_schema.key_column_usage kcu"
                "  ON kcu.constraint_name = tc.constraint_name"
                " JOIN information_schema.constraint_column_usage ccu"
                "  ON ccu.constraint_name = tc.constraint_name"
                " WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_name = ?",
                (table,),
            )
        )
        assert post_fk == lite_fk, table


def _unique_sets_sqlite(db: Any, table: str) -> set[tuple[str, ...]]:
    found = set()
    for row in db.execute(f"PRAGMA index_list({table})"):
        name, unique, origin, partial = str(row[1]), row[2], str(row[3]), row[4]
        if not unique or partial:
            continue
        columns = tuple(str(r[2]) for r in db.execute(f"PRAGMA index_info({name})"))
        nocase = any(
            str(r[4]).upper() == "NOCASE" for r in db.execute(f"PRAGMA index_xinfo({name})") if r[5]
        )
        if nocase:  # PostgreSQL: a unique index on lower(...) (beside the key, if it is one)
            found.add(tuple(f"lower({c})" for c in columns))
        elif origin != "pk":
            found.add(columns)
    return found


def _unique_sets_pg(db: Any, table: str) -> set[tuple[str, ...]]:
    found = set()
    for (definition,) in db.execute(
        "SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i"
        " WHERE i.indrelid = CAST(? AS regclass) AND i.indisunique AND NOT i.indisprimary"
        " AND i.indpred IS NULL",
        (table,),
    ):
        inside = str(definition).split(" USING btree (", 1)[1].rsplit(")", 1)[0]
        found.add(tuple(part.strip().strip('"') for part in inside.split(",")))
    return found


def test_the_same_unique_rules_and_checks(sqlite_db: Any, pg_db: Any) -> None:
    for table in _sqlite_tables(sqlite_db):
        assert _unique_sets_pg(pg_db, table) == _unique_sets_sqlite(sqlite_db, table), table
        (sql,) = sqlite_db.execute(
            "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?", (table,)
        ).fetchone()
        lite = sorted(sorted(found) for found in _sqlite_checks(str(sql)))
        post = sorted(
            sorted(_literals(str(r[0])))
            for r in pg_db.execute(
                "SELECT pg_get_constraintdef(oid) FROM pg_constraint"
                " WHERE conrelid = CAST(? AS regclass) AND contype = 'c'",
                (table,),
            )
        )
        assert post == lite, table


def test_the_same_indexes_and_guards(sqlite_db: Any, pg_db: Any) -> None:
    lite_indexes = {
        str(r[0])
        for r in sqlite_db.execute(
            "SELECT name FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL"
        )
    }
    post_indexes = {
        str(r[0])
        for r in pg_db.execute(
            "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"
            " AND indexname NOT LIKE '%_pkey' AND indexname NOT LIKE '%_key'"
        )
    }
    nocase = {"users_name_nocase", "blocked_words_nocase", "inbox_teams_name_nocase"}
    assert post_indexes == lite_indexes | nocase
    lite_guards = {
        str(r[0])
        for r in sqlite_db.execute("SELECT name FROM sqlite_schema WHERE type = 'trigger'")
    }
    post_guards = {
        name
        for name in state.pg_triggers(pg_db)
        if not name.startswith(("function", "cordon_state_"))
    }
    assert post_guards == lite_guards | {"audit_log_no_truncate", "audit_rows_no_truncate"}


def test_the_recorded_triggers_are_what_the_migrations_make(pg_db: Any) -> None:
    found = state.pg_triggers(pg_db)
    target = Path(str(resources.files("storage.migrations_pg"))) / state.PG_TRIGGERS_FILE
    if os.environ.get("CORDON_WRITE_EXPECTED") == "1":
        target.write_text(json.dumps(found, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    assert found == state.expected_pg_triggers(), (
        "storage/migrations_pg/expected_triggers.json is out of date: run this test with "
        "CORDON_WRITE_EXPECTED=1 and review the change"
    )


def test_every_later_migration_has_its_team_store_twin() -> None:
    lite = [m.version for m in schema.migrations()]
    post = [m.version for m in schema.pg_migrations()]
    assert post[-1] == lite[-1] == schema.LATEST
    assert post == list(range(post[0], schema.LATEST + 1))


@given(
    texts=st.lists(st.one_of(st.none(), st.text(), st.integers(-(2**63), 2**63 - 1)), max_size=6),
    children=st.lists(st.one_of(st.text(), st.integers(0, 2**40)), max_size=4),
)
def test_a_row_has_the_same_digest_text_on_both_kinds_of_store(
    texts: list[object], children: list[object]
) -> None:
    """What SQLite's json_array writes of a row is what ``state.row_json`` writes of the
    values PostgreSQL returns: a store moved onto a team database checks against the
    digests it brought."""
    children = sorted(children, key=repr)
    db = sqlcipher3.connect(":memory:")
    try:
        marks = ", ".join("?" * len(texts))
        # A child list as json_group_array makes it (the holds' and users' columns).
        child = "(SELECT json_group_array(value) FROM json_each(?))"
        sql = f"SELECT json_array('t'{', ' if texts else ''}{marks}, {child})"
        (made,) = db.execute(sql, (*texts, json.dumps(children))).fetchone()
    finally:
        db.close()
    assert state.row_json("t", (*texts, children)) == made
