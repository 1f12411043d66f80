"""The few pieces of SQL and error handling that differ between the two kinds of store.

Most of Cordon's SQL runs unchanged on SQLCipher and on PostgreSQL (``storage.pg``
translates the placeholders). Where the two differ, the storage function says so
where it runs the query, or uses one of these.
"""

from __future__ import annotations

import sys
from typing import Any

from storage import pg


def is_duplicate(error: BaseException) -> bool:
    """Whether ``error`` is a unique key refusing a second row (either kind of store)."""
    psycopg = sys.modules.get("psycopg")  # not loaded: the error is SQLite's
    if psycopg is not None and isinstance(error, psycopg.errors.UniqueViolation):
        return True
    return type(error).__name__ == "IntegrityError" and "UNIQUE" in str(error)


def in_json_list(db: Any) -> str:
    """``IN (...)`` over the texts of a JSON list passed as one parameter: one
    statement whatever the list's length (SQLite's json_each, PostgreSQL's
    json_array_elements_text)."""
    if pg.is_postgres(db):
        return "IN (SELECT json_array_elements_text(CAST(? AS json)))"
    return "IN (SELECT value FROM json_each(?))"


def has_column(db: Any, table: str, column: str) -> bool:
    """Whether the store's ``table`` exists and has ``column``."""
    if pg.is_postgres(db):
        found = db.execute(
            "SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema()"
            " AND table_name = ? AND column_name = ?",
            (table, column),
        ).fetchone()
        return found is not None
    exists = db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
    ).fetchone()
    if exists is None:
        return False
    return any(row[1] == column for row in db.execute(f"PRAGMA table_info({table})"))


def earlier(first: str, second: str) -> str:
    """SQL for the earlier of two values (SQLite's two-argument min())."""
    return (
        f"(CASE WHEN {first} IS NULL OR {second} IS NULL THEN NULL"
        f" WHEN {first} <= {second} THEN {first} ELSE {second} END)"
    )


def later(first: str, second: str) -> str:
    """SQL for the later of two values (SQLite's two-argument max(), PostgreSQL's
    greatest()); NULL if either is NULL, as SQLite's max() gives."""
    return (
        f"(CASE WHEN {first} IS NULL OR {second} IS NULL THEN NULL"
        f" WHEN {first} >= {second} THEN {first} ELSE {second} END)"
    )


def reserve_ids(db: Any, table: str, count: int) -> list[int]:
    """``count`` new ids for rows of ``table`` (its ``id`` column), increasing, for
    rows the caller inserts with them in this transaction: SQLite's next rowids
    (the highest plus one on, which SQLite itself would give; the caller holds the
    write lock), PostgreSQL's from the column's identity sequence."""
    if count <= 0:
        return []
    if pg.is_postgres(db):
        found = db.execute(
            f"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) FROM generate_series(1, ?)",
            (count,),
        ).fetchall()
        return sorted(int(row[0]) for row in found)
    highest = int(db.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0])
    return list(range(highest + 1, highest + 1 + count))
