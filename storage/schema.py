"""Schema versions: numbered SQL migrations tracked in ``PRAGMA user_version``.

``migrations/NNNN_name.sql`` files are applied in order, each in its own
transaction together with the new ``user_version``, so a crash mid-upgrade
leaves the store at the last complete version. A store whose version is newer
than the newest file here was written by a newer Cordon and is refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

import sqlcipher3

from storage.errors import StoreTooNew

_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def migrations() -> list[Migration]:
    found = []
    for entry in resources.files("storage.migrations").iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), entry.name, entry.read_text("utf-8")))
    found.sort(key=lambda m: m.version)
    for expected, migration in enumerate(found, start=1):
        if migration.version != expected:
            raise RuntimeError(f"migration {expected:04d} is missing before {migration.name}")
    return found


LATEST = len(migrations())


def version_of(db: Any) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def migrate(db: Any, target: int | None = None) -> int:
    """Bring the schema to ``target`` (default: the newest). Returns the version."""
    current = version_of(db)
    if current > LATEST:
        raise StoreTooNew(
            f"This store was written by a newer version of Cordon (schema {current}; this "
            f"version knows up to {LATEST}). Open it with that version or a later one."
        )
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
