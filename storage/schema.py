"""Schema versions: numbered SQL migrations tracked in ``PRAGMA user_version``.

``migrations/NNNN_name.sql`` files are applied in order, each in its own
transaction together with the new ``user_version``, so a crash mid-upgrade
leaves the store at the last complete version. A store whose version is newer
than the newest file here was written by a newer Cordon and is refused.

A team store (PostgreSQL) has its own folder, ``migrations_pg``: its first file is
a baseline that makes the whole schema of that version at once (no team store is
older), and every later version is a file with the same number in both folders.
Its version is the row of ``cordon_schema``; migrations run under the same advisory
lock as writes, so two consoles opening a new team database at once migrate it once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

import sqlcipher3

from storage import pg
from storage.errors import StoreTooNew
from storage.i18n import _

_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def migrations(package: str = "storage.migrations") -> list[Migration]:
    found = []
    for entry in resources.files(package).iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), entry.name, entry.read_text("utf-8")))
    found.sort(key=lambda m: m.version)
    for expected, migration in enumerate(found, start=found[0].version if found else 1):
        if migration.version != expected:
            raise RuntimeError(f"migration {expected:04d} is missing before {migration.name}")
    return found


LATEST = len(migrations())
PG_PACKAGE = "storage.migrations_pg"


def pg_migrations() -> list[Migration]:
    """The team store's migrations: a baseline, then one per later version."""
    found = migrations(PG_PACKAGE)
    if not found or found[-1].version != LATEST:
        raise RuntimeError(f"storage/migrations_pg does not reach schema {LATEST}")
    return found


def version_of(db: Any) -> int:
    if pg.is_postgres(db):
        if db.execute("SELECT to_regclass('cordon_schema')").fetchone()[0] is None:
            return 0
        row = db.execute("SELECT version FROM cordon_schema WHERE id = 1").fetchone()
        return 0 if row is None else int(row[0])
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def migrate(db: Any, target: int | None = None) -> int:
    """Bring the schema to ``target`` (default: the newest). Returns the version."""
    if pg.is_postgres(db):
        return _migrate_pg(db, target)
    current = version_of(db)
    _refuse_newer(current)
    goal = LATEST if target is None else target
    for migration in migrations():
        if current < migration.version <= goal:
            db.execute("BEGIN IMMEDIATE")
            try:
                for statement in _statements(migration.sql):
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {migration.version:d}")
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
            current = migration.version
    return current


def _refuse_newer(current: int) -> None:
    if current > LATEST:
        raise StoreTooNew(
            _(
                "This store was written by a newer version of Cordon (schema "
                "{current}; this version knows up to {LATEST}). Open it with "
                "that version or a later one."
            ).format(current=current, LATEST=LATEST)
        )


def refuse_upgraded_meanwhile(found: int) -> None:
    """Under the write lock, before anything is written: a newer Cordon upgraded the
    store while this one had it open (another window, an engine, a team member's
    console), so this one's writes no longer match its tables. Nothing is written."""
    if found > LATEST:
        raise StoreTooNew(
            _(
                "A newer version of Cordon upgraded this store (schema {current}) while this"
                " one had it open (it knows up to {LATEST}): nothing was saved. Close this"
                " Cordon and use the newer one."
            ).format(current=found, LATEST=LATEST)
        )


# The key of the advisory lock every write to a team store takes (pg_advisory_xact_lock):
# writes from every console and service are serialised as SQLite's write lock does.
WRITE_LOCK = 0x636F72646F6E  # "cordon"


def _migrate_pg(db: Any, target: int | None) -> int:
    goal = LATEST if target is None else target
    current = version_of(db)
    _refuse_newer(current)
    for migration in pg_migrations():
        if current >= migration.version or migration.version > goal:
            continue
        db.execute("BEGIN")
        try:
            db.execute("SELECT pg_advisory_xact_lock(?)", (WRITE_LOCK,))
            current = version_of(db)  # another console may have done it meanwhile
            if current < migration.version:
                db.script(migration.sql)
                db.execute(
                    "INSERT INTO cordon_schema (id, version) VALUES (1, ?) ON CONFLICT (id)"
                    " DO UPDATE SET version = excluded.version",
                    (migration.version,),
                )
                current = migration.version
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
    return current


def _statements(script: str) -> list[str]:
    """Split a migration into statements, keeping trigger bodies whole."""
    statements: list[str] = []
    pending = ""
    for line in script.splitlines(keepends=True):
        if not pending and line.strip().startswith("--"):
            continue
        pending += line
        if sqlcipher3.complete_statement(pending):
            if pending.strip():
                statements.append(pending.strip())
            pending = ""
    if pending.strip():
        statements.append(pending.strip())
    return statements
