"""Moving a team onto a team store: a local store copied into an empty database.

``copy_to_team`` reads the open SQLCipher store (left exactly as it was: nothing is
written to it) and writes everything into a new team store in one transaction:
every row of every table, ids kept; the audit trail entry for entry with its hashes,
and the row digests the state check compares with (a row has the same digest text on
both kinds of store, ``storage.state.row_json``) with the ``meta`` row that says which
columns they were made with (``state_columns``); the key slots as they are (the
same data key, so every officer's password still opens it, and the slots stay bound
to the same store id); the secrets sealed with the data key on the way in. The last
thing the transaction does is append ``store.migrate`` to the chain that came
across, naming the file, its newest entry and what was copied, so ``audit verify``
passes across the move and the trail says when and by whom it happened.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from storage import audit, pg, schema, secrets, signing, state, team_store
from storage.errors import StoreError
from storage.i18n import _
from storage.records import AuditCategory, StoreKind
from storage.store import Store, Transaction

BATCH = 1000
# Rows the team store's own migration already wrote.
SKIP = {"change_counter"}
# Columns whose values are sealed on a team store: (table, column) -> the context.
SEALED: dict[tuple[str, str], Callable[[tuple[Any, ...]], str]] = {
    ("channel_credentials", "secrets"): lambda row: f"channel_credentials.secrets|{row[0]}",
}


def _tables(db: Any) -> list[str]:
    """The source's tables, each after the tables its foreign keys name."""
    names = [
        str(r[0])
        for r in db.execute(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " ORDER BY name"
        )
    ]
    needs = {
        name: {str(r[2]) for r in db.execute(f"PRAGMA foreign_key_list({name})")} - {name}
        for name in names
    }
    ordered: list[str] = []
    while len(ordered) < len(names):
        ready = [n for n in names if n not in ordered and needs[n] <= set(ordered)]
        if not ready:
            raise RuntimeError("the store's foreign keys form a cycle")
        ordered += ready
    return ordered


def _columns(db: Any, table: str) -> list[str]:
    return [str(r[1]) for r in db.execute(f"PRAGMA table_info({table})")]


async def copy_to_team(source: Store, url: str, *, actor: str) -> Store:
    """Copy the open local store ``source`` into the empty database at ``url`` and
    return the team store, open. The caller closes both."""
    if source.team:
        raise StoreError(_("That store is already a team store: name a store file to move."))
    if source.kind is not StoreKind.LIVE:
        raise StoreError(
            _("An exercise store stays a file: only a live store moves onto a team database.")
        )
    if source.read_only:
        raise StoreError(source.read_only)
    pg.check_url(url)
    await asyncio.to_thread(team_store.refuse_unless_empty, url)
    version = source.schema_version
    if version != schema.LATEST:
        raise StoreError(
            _("{source.label} is at schema {version}: open it once with this Cordon first.").format(
                source=source, version=version
            )
        )

    def read(db: Any) -> list[tuple[str, list[str], list[tuple[Any, ...]]]]:
        return [
            (table, _columns(db, table), db.execute(f"SELECT * FROM {table}").fetchall())
            for table in _tables(db)
            if table not in SKIP
        ]

    tables = await source.run(read)
    head = await source.run(lambda db: audit.head(db, source.store_id))
    key = source.lend_key()
    try:
        team = await team_store.TeamStore.open_team(
            url, source.keyfile, bytes(key), actor=actor, create=True
        )
    finally:
        key[:] = bytes(len(key))
    try:
        await team.write(lambda tx: _copy(tx, team, tables, head, source, actor))
    except BaseException:
        await team.close()
        raise
    return team


def _copy(
    tx: Transaction,
    team: Store,
    tables: list[tuple[str, list[str], list[tuple[Any, ...]]]],
    head: audit.ChainHead,
    source: Store,
    actor: str,
) -> dict[str, int]:
    db = tx.db
    counts: dict[str, int] = {}
    for table, columns, rows in tables:
        sealed = [(i, SEALED[(table, c)]) for i, c in enumerate(columns) if (table, c) in SEALED]
        if table == "meta":
            index = columns.index("value")
            rows = [
                (*row[:index], secrets.seal(db, str(row[index]), signing.KEY_CONTEXT))
                if row[0] == signing.KEY
                else row
                for row in rows
            ]
        for i, context in sealed:
            rows = [(*r[:i], secrets.seal(db, str(r[i]), context(r)), *r[i + 1 :]) for r in rows]
        marks = ", ".join("?" * len(columns))
        names = ", ".join(f'"{c}"' for c in columns)
        for start in range(0, len(rows), BATCH):
            db.executemany(
                f"INSERT INTO {table} ({names}) VALUES ({marks})", rows[start : start + BATCH]
            )
        counts[table] = len(rows)
        if "id" in columns:  # identity columns carry on after the ids that came across
            db.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                f" (SELECT coalesce(max(id), 0) + 1 FROM {table}), false)"
                f" WHERE pg_get_serial_sequence('{table}', 'id') IS NOT NULL"
            )
    team.save_keyfile(source.keyfile)
    # The rows came with their recorded states: nothing here is a change of its own.
    state.clear(db)
    tx.head = audit.head(db, team.store_id)
    if tx.head != head:
        raise StoreError(_("The audit trail did not come across whole: nothing was moved."))
    tx.audit(
        actor=actor,
        action="store.migrate",
        category=AuditCategory.SYSTEM,
        object_type="store",
        object_id=team.store_id,
        before={"file": source.location, "seq": head.seq, "hash": head.hash},
        after={"team_store": team.location, "rows": sum(counts.values())},
    )
    return counts
