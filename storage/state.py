"""The state the audit trail proves: what each audited write made of the rows.

The hash chain proves the trail was not altered; this proves the *rows* are what
the trail says they became. For the rows an inquiry relies on (``TRACKED``: posts,
targets, incidents, holds with their scope, users with their roles) every write
records, with the audit entry that made the change, a 16-byte *digest* of what
each changed row became: ``audit_rows(seq, tbl, id, digest)``, an empty digest for
a row deleted. The entry carries one hash over its rows (``"_rows"`` in its
``after``), so the digests are held by the chain without the entry repeating the
data, and a row changed outside Cordon no longer matches the newest digest
recorded for it.

Which rows a write changed is seen by temporary triggers on the store's own
connection (never in the schema, so they cost an outside connection nothing):
they note ``(table, id)`` in ``temp.cordon_changed``; ``collect`` turns the notes
into digests when the next entry is appended, and ``flush`` appends a
``state.record`` entry at the end of a write that changed rows after its last
entry. A store from before this (schema 12 and earlier) records the digest of
every row as it finds it in the entry that upgrades it (``meta.state_since``):
the check can prove nothing about changes made before that entry, and says so.

A digest covers the columns of one version of ``COLUMNS_BY_VERSION`` (``meta.state_columns``
says which; a store made before the key existed uses version 1). A store whose set
is older is moved to the newest when it is opened for writing, in one write: every
row is first checked with the old set (``renew_columns``), each that agrees is
recorded with the new set by the entry that moves it, one that disagrees keeps the
digest it contradicts, and the entry says what the old check found
(``"disagreed_before"``), which the check repeats from then on. A store opened only
to read is checked with the set its meta names.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from importlib import resources
from typing import Any

from storage import pg
from storage.i18n import N_, _, ngettext

Row = tuple[str, int, bytes]  # table, id, digest (b"" when deleted)

# Each tracked table's checked columns, in a fixed order; a child table's rows
# (roles, a hold's channels and areas) are part of their parent's digest.
#
# The sets are versioned data: a digest recorded with one set only matches the row
# selected with that set, so a set once released is never changed. A new column of a
# tracked table goes into a new version (and ``NOT_CHECKED`` says why a column is
# not in it); a store records which set its newest digests use (``meta.state_columns``,
# ``COLUMNS_KEY``; absent: version 1, the set before the key existed), and opening an
# older one for writing moves it to the newest (``renew_columns``).
_HOLDS = (
    "id, incident_id, scope, created_utc, released_utc,"
    " (SELECT json_group_array(channel_id) FROM (SELECT channel_id FROM hold_channels"
    "  WHERE hold_id = holds.id ORDER BY channel_id)),"
    " (SELECT json_group_array(area) FROM (SELECT area FROM hold_areas"
    "  WHERE hold_id = holds.id ORDER BY area))"
)
_USERS = (
    "id, name, display_name, active, created_utc,"
    " (SELECT json_group_array(role) FROM (SELECT role FROM user_roles"
    "  WHERE user_id = users.id ORDER BY role))"
)
_INCIDENTS = (
    "id, name, reference, gold_commander, reason, mode, engaged_by, engaged_utc,"
    " stood_down_by, stood_down_utc, engage_seq, stand_down_seq, targets_held_utc, in_flight,"
    " next_update_utc, released_count, cancelled_count"
)
_POSTS_1 = "id, author_id, kind, body, created_utc, updated_utc, review_note"
_TARGETS_1 = (
    "id, post_id, channel_id, body_override, status, approval, scheduled_utc,"
    " idempotency_key, remote_id, remote_url, published_utc, held_incident_id,"
    " cleared_incident_id, amended_by, pin_state"
)
COLUMNS_BY_VERSION: dict[int, dict[str, str]] = {
    # Schema 16 (when rows were first tracked) to 18.
    1: {
        "posts": _POSTS_1,
        "targets": _TARGETS_1,
        "incidents": _INCIDENTS,
        "holds": _HOLDS,
        "users": _USERS,
    },
    # Every column of the tracked tables: version 1 missed schema 15's unpinning,
    # schema 17's claim and schema 18's Welsh texts and second posts, and the
    # publisher's own columns (its errors, attempts and claims are evidence too).
    2: {
        "posts": f"{_POSTS_1}, text_cy, text_en, bilingual",
        "targets": f"{_TARGETS_1}, pin_error, unpin_state, unpin_error, last_error,"
        " updated_utc, attempts, next_attempt_utc, claimed_utc, claimed_by, second_text,"
        " first_remote_id, first_url, second_remote_id, second_url",
        "incidents": _INCIDENTS,
        "holds": _HOLDS,
        "users": _USERS,
    },
}
COLUMNS_VERSION = max(COLUMNS_BY_VERSION)  # what a new store, and an upgraded one, uses
COLUMNS_KEY = "state_columns"  # meta: the version of the set the newest digests use
COLUMNS: dict[str, str] = COLUMNS_BY_VERSION[COLUMNS_VERSION]
TRACKED = tuple(COLUMNS)

# The columns of the tracked tables (and of the child tables in their digests) that
# no set checks, each with why. ``tests/test_state_columns.py`` fails for a column
# of the migrated schema (file or team store) that is in neither the newest set nor
# here: a migration that adds a column to a tracked table must decide.
NOT_CHECKED: dict[tuple[str, str], str] = {
    # A child row is in its parent's digest by its value; the key naming the parent
    # is what puts it there (a child moved to another parent changes both digests).
    ("user_roles", "user_id"): "the parent's id: the role is in its user's digest",
    ("hold_channels", "hold_id"): "the parent's id: the channel is in its hold's digest",
    ("hold_areas", "hold_id"): "the parent's id: the area is in its hold's digest",
}

# The same columns on PostgreSQL, which has no json_array: the row comes back as
# values (a child list as JSON, which psycopg reads as a list) and ``row_json`` writes
# the text SQLite's json_array writes, so a row has one digest on both kinds of store
# (a store moved onto a team database checks against the digests it brought).
_PG_CHILDREN: dict[str, str] = {
    "holds": "id, incident_id, scope, created_utc, released_utc,"
    " (SELECT coalesce(json_agg(channel_id ORDER BY channel_id), '[]'::json)"
    "  FROM hold_channels WHERE hold_id = holds.id),"
    " (SELECT coalesce(json_agg(area ORDER BY area), '[]'::json)"
    "  FROM hold_areas WHERE hold_id = holds.id)",
    "users": "id, name, display_name, active, created_utc,"
    " (SELECT coalesce(json_agg(role ORDER BY role), '[]'::json)"
    "  FROM user_roles WHERE user_id = users.id)",
}
PG_COLUMNS_BY_VERSION: dict[int, dict[str, str]] = {
    version: {**columns, **_PG_CHILDREN} for version, columns in COLUMNS_BY_VERSION.items()
}
PG_COLUMNS: dict[str, str] = PG_COLUMNS_BY_VERSION[COLUMNS_VERSION]


def select(table: str, db: Any = None, version: int | None = None) -> str:
    """Each row's id and its checked columns as one JSON text (made by SQLite, so
    recording and checking encode a row the same way, and fast). On PostgreSQL the
    id and the columns' values: ``rows`` turns either into (id, JSON text).
    ``version``: the set of columns (default: the one ``db``'s meta names, or the
    newest without ``db``)."""
    if version is None:
        version = COLUMNS_VERSION if db is None else columns_version(db)
    if db is not None and pg.is_postgres(db):
        return f"SELECT {table}.id, {PG_COLUMNS_BY_VERSION[version][table]} FROM {table}"
    columns = COLUMNS_BY_VERSION[version][table]
    return f"SELECT {table}.id, json_array('{table}', {columns}) FROM {table}"


def row_json(table: str, values: tuple[Any, ...]) -> str:
    """The text SQLite's ``json_array(table, values...)`` makes (compact; strings with
    the same escapes; integers as integers; a child list as a JSON array)."""
    return json.dumps([table, *values], ensure_ascii=False, separators=(",", ":"))


def rows(db: Any, table: str, cursor: Any) -> Iterator[tuple[int, str]]:
    """(id, JSON text) of each row a ``select(table, db)`` query returned."""
    if pg.is_postgres(db):
        for row in cursor:
            yield int(row[0]), row_json(table, tuple(row[1:]))
    else:
        for row_id, text in cursor:
            yield int(row_id), str(text)


def _changed(db: Any) -> str:
    """The session's table of changed rows."""
    return "pg_temp.cordon_changed" if pg.is_postgres(db) else "temp.cordon_changed"


CHILDREN = {
    "user_roles": ("users", "user_id"),
    "hold_channels": ("holds", "hold_id"),
    "hold_areas": ("holds", "hold_id"),
}
SINCE = "state_since"  # meta: the entry from which rows are tracked (0: from creation)
ROWS_KEY = "_rows"


def digest(row_json: str) -> bytes:
    """16 bytes of SHA-256 over a row's JSON text (``select``)."""
    return hashlib.sha256(row_json.encode("utf-8")).digest()[:16]


def root(rows: list[Row]) -> str:
    """The hash an entry carries over the rows it recorded (sorted by table, id)."""
    hasher = hashlib.sha256()
    for table, row_id, found in sorted(rows):
        hasher.update(f"{table}|{row_id}|{found.hex()}\n".encode())
    return hasher.hexdigest()


# -- recording -----------------------------------------------------------------------


def install(db: Any) -> None:
    """The temporary triggers that note each tracked row a write changes (on a team
    store the triggers are in the schema: only the session's table is made here)."""
    if pg.is_postgres(db):
        db.execute(
            "CREATE TEMP TABLE IF NOT EXISTS cordon_changed"
            " (tbl TEXT NOT NULL, id BIGINT NOT NULL, PRIMARY KEY (tbl, id))"
        )
        return
    db.execute(
        "CREATE TEMP TABLE IF NOT EXISTS cordon_changed"
        " (tbl TEXT NOT NULL, id INTEGER NOT NULL, PRIMARY KEY (tbl, id)) WITHOUT ROWID"
    )
    sources = [(t, t, "id") for t in TRACKED] + [(c, p, k) for c, (p, k) in CHILDREN.items()]
    for table, parent, key in sources:
        for event, refs in (("INSERT", ("NEW",)), ("UPDATE", ("NEW", "OLD")), ("DELETE", ("OLD",))):
            notes = " ".join(
                f"INSERT OR IGNORE INTO temp.cordon_changed VALUES ('{parent}', {ref}.{key});"
                for ref in refs
            )
            db.execute(
                f"CREATE TEMP TRIGGER IF NOT EXISTS cordon_state_{table}_{event.lower()}"
                f" AFTER {event} ON main.{table} BEGIN {notes} END"
            )


def collect(db: Any) -> list[Row]:
    """The rows changed since the last call, with what each became; clears the notes."""
    changed = _changed(db)
    pending = db.execute(f"SELECT tbl, id FROM {changed}").fetchall()
    if not pending:
        return []
    found_rows: list[Row] = []
    # The newest set, without reading the meta row on every write (a round trip on a
    # team store): a store this Cordon writes to was moved to it when it was opened
    # (``renew_columns``), and no Cordon moves a store back.
    version = COLUMNS_VERSION
    for table in {t for t, _id in pending}:
        cursor = db.execute(
            f"{select(table, db, version)} WHERE {table}.id IN"
            f" (SELECT id FROM {changed} WHERE tbl = ?)",
            (table,),
        )
        found = {row_id: digest(text) for row_id, text in rows(db, table, cursor)}
        found_rows += [(table, int(i), found.get(int(i), b"")) for t, i in pending if t == table]
    clear(db, len(pending))
    return found_rows


# Notes above this many are cleared with TRUNCATE on PostgreSQL (see ``clear``).
TRUNCATE_FROM = 1000


def clear(db: Any, count: int | None = None) -> None:
    """Forget the notes (``count`` of them, when known).

    PostgreSQL never vacuums a session's temporary table: a DELETE of a big write's
    notes (a 100,000-row hold) would leave them behind as dead rows that every later
    write scans, milliseconds each, so those are cleared with TRUNCATE, which gives
    the space back. A few notes are deleted: TRUNCATE makes a new file for the table
    at each commit (about 15-20 ms a write here, against about 1.5 ms), and the few
    dead rows a small DELETE leaves are pruned from the page as the next read passes."""
    if pg.is_postgres(db) and (count is None or count >= TRUNCATE_FROM):
        db.execute(f"TRUNCATE {_changed(db)}")
    else:
        db.execute(f"DELETE FROM {_changed(db)}")


def record(db: Any, seq: int, rows: list[Row]) -> None:
    db.executemany(
        "INSERT INTO audit_rows (seq, tbl, id, digest) VALUES (?, ?, ?, ?)",
        [(seq, table, row_id, found) for table, row_id, found in rows],
    )


def pending(db: Any) -> bool:
    return db.execute(f"SELECT 1 FROM {_changed(db)} LIMIT 1").fetchone() is not None


def since(db: Any) -> int | None:
    row = db.execute("SELECT value FROM meta WHERE key = ?", (SINCE,)).fetchone()
    return int(row[0]) if row is not None else None


def start(db: Any, *, fresh: bool) -> bool:
    """Install the triggers. A store that has never recorded row states (and is not
    being created) has every tracked row noted, so the next entry records them all
    as the baseline; returns whether it did."""
    install(db)
    if fresh or since(db) is not None:
        return False
    _note_all(db)
    return True


def _note_all(db: Any, leave: Collection[tuple[str, int]] = ()) -> None:
    """Note every tracked row (but those of ``leave``) as changed."""
    for table in TRACKED:
        db.execute(
            f"INSERT INTO {_changed(db)} SELECT '{table}', id FROM {table} WHERE true"
            " ON CONFLICT DO NOTHING"  # WHERE: SQLite's parser needs it before ON CONFLICT
        )
    for table, row_id in leave:
        db.execute(f"DELETE FROM {_changed(db)} WHERE tbl = ? AND id = ?", (table, row_id))


def columns_version(db: Any) -> int:
    """The set of columns the store's newest digests use (``COLUMNS_BY_VERSION``)."""
    row = db.execute("SELECT value FROM meta WHERE key = ?", (COLUMNS_KEY,)).fetchone()
    return int(row[0]) if row is not None else 1


def mark_columns(db: Any, version: int | None = None) -> None:
    """Say in the store's meta which set its digests use (default: the newest)."""
    version = COLUMNS_VERSION if version is None else version
    db.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (COLUMNS_KEY, str(version)),
    )


def columns_stale(db: Any) -> bool:
    """Whether the store records row states with an older set of columns."""
    return since(db) is not None and columns_version(db) < COLUMNS_VERSION


@dataclass(frozen=True)
class Renewal:
    """What moving a store's digests to the newest set of columns found."""

    old: int  # the set its digests used
    problems: list[Disagreement]  # rows that disagreed with the old set first

    def after(self) -> dict[str, Any]:
        """What the entry that moves the store records of it."""
        found: dict[str, Any] = {COLUMNS_KEY: COLUMNS_VERSION}
        if self.problems:
            found[DISAGREED] = self.problems[0].english
            found[DISAGREED_FIRST] = self.problems[0].record()
            found[DISAGREED_ROWS] = len(self.problems)
        return found


DISAGREED = "disagreed_before"  # an entry's after: what its check with the old set found
DISAGREED_FIRST = "disagreed_first"  # the same, as ``Disagreement.record`` (to translate)
DISAGREED_ROWS = "disagreed_rows"
# The entries that move a store to the newest columns (with a schema upgrade, or alone).
RENEWING = ("store.upgrade", "state.columns")


def renew_columns(db: Any) -> Renewal | None:
    """In a write, before its entry: move a store whose digests use an older set of
    columns to the newest (None: it already uses it). Every row is first checked with
    the old set, so a row changed outside Cordon before is not made to agree: each
    that agrees is noted, so the write's entry records it with the new set; one that
    disagrees keeps the digest it contradicts (and still disagrees), and the entry
    says what the old check found (``Renewal.after``)."""
    old = columns_version(db)
    if since(db) is None or old >= COLUMNS_VERSION:
        return None
    problems = [found for table in TRACKED for found in check_table(db, table, version=old)]
    _note_all(db, leave={(found.table, found.row_id) for found in problems})
    mark_columns(db)
    return Renewal(old, problems)


def mark_since(db: Any, seq: int) -> None:
    db.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (SINCE, str(seq)),
    )


# -- checking ---------------------------------------------------------------------------


# What a row's disagreement with the trail is; each kind's sentence names the row.
ADDED, DELETED, RESTORED, CHANGED, UNROOTED = "added", "deleted", "restored", "changed", "unrooted"
_ROW = {
    "posts": N_("post {id}"),
    "targets": N_("target {id}"),
    "incidents": N_("incident {id}"),
    "holds": N_("hold {id}"),
    "users": N_("user {id}"),
}
_SAYS = {
    ADDED: N_("{row} is in the store but no audit entry records it: it was added outside Cordon."),
    DELETED: N_("{row} is missing, but entry #{seq} records it: it was deleted outside Cordon."),
    RESTORED: N_(
        "{row} is in the store, but entry #{seq} records it deleted: it was put back outside "
        "Cordon."
    ),
    CHANGED: N_("{row} is not what entry #{seq} says it became: it was changed outside Cordon."),
    UNROOTED: N_("The row states of entry #{seq} do not match it: {why}."),
}
# Why an entry's recorded rows do not match it (``UNROOTED``).
ROWS_MISSING = N_("its rows are missing")
ROWS_UNLISTED = N_("rows were recorded under it that it does not list")
ROWS_CHANGED = N_("its recorded rows were changed")


@dataclass(frozen=True)
class Disagreement:
    table: str
    row_id: int
    seq: int  # the entry it contradicts (0: none records it)
    kind: str  # ADDED, DELETED, RESTORED, CHANGED or UNROOTED
    why: str = ""  # UNROOTED: one of the ROWS_ sentences

    def says(self, translate: Callable[[str], str]) -> str:
        row = translate(_ROW[self.table]).format(id=self.row_id) if self.table in _ROW else ""
        why = translate(self.why) if self.why else ""
        return translate(_SAYS[self.kind]).format(row=row, seq=self.seq, why=why)

    @property
    def sentence(self) -> str:
        """In the officer's language."""
        return self.says(_)

    @property
    def english(self) -> str:
        """As an audit entry records it, whatever language the console speaks."""
        return self.says(str)

    def record(self) -> dict[str, Any]:
        return {"table": self.table, "id": self.row_id, "seq": self.seq, "kind": self.kind,
                "why": self.why}  # fmt: skip

    @classmethod
    def from_record(cls, found: Any) -> Disagreement | None:
        """The disagreement an entry recorded (``record``); None if it is not one."""
        try:
            made = cls(str(found["table"]), int(found["id"]), int(found["seq"]),
                       str(found["kind"]), str(found.get("why", "")))  # fmt: skip
        except (TypeError, KeyError, ValueError, AttributeError):
            return None
        if made.kind not in _SAYS or (made.why and made.why not in _WHYS):
            return None
        return made


_WHYS = (ROWS_MISSING, ROWS_UNLISTED, ROWS_CHANGED)


@dataclass(frozen=True)
class StateVerdict:
    since: int | None  # None: the store has never recorded row states
    rows: int  # rows checked
    problems: int
    first: Disagreement | None
    triggers: tuple[str, ...] = ()
    # What the entries that moved the store to a newer set of columns found wrong
    # with its rows then (``renew_columns``), a sentence each.
    at_upgrade: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return (
            self.since is not None and self.first is None and not self.triggers
            and not self.at_upgrade
        )  # fmt: skip


def _latest(db: Any, table: str) -> Iterator[tuple[int, int, bytes]]:
    """(id, seq, digest) of the newest record of each row of ``table``, by id."""
    last: tuple[int, int, bytes] | None = None
    for row_id, seq, found in db.execute(
        "SELECT id, seq, digest FROM audit_rows WHERE tbl = ? ORDER BY id, seq", (table,)
    ):
        if last is not None and last[0] != row_id:
            yield last
        last = (int(row_id), int(seq), bytes(found))
    if last is not None:
        yield last


def check_table(
    db: Any, table: str, ids: list[int] | None = None, version: int | None = None
) -> Iterator[Disagreement]:
    """Every row of ``table`` (or those of ``ids``) against its newest record, selected
    with the set of columns ``version`` (default: the one the store's meta names)."""
    query = select(table, db, version)
    if ids is None:
        recorded = _latest(db, table)
        current = db.execute(f"{query} ORDER BY id")
    else:
        marks = ",".join("?" * len(ids))
        recorded = iter(
            sorted(
                (int(i), int(s), bytes(d))
                for i, s, d in db.execute(
                    f"SELECT r.id, r.seq, r.digest FROM audit_rows r WHERE r.tbl = ?"
                    f" AND r.id IN ({marks}) AND r.seq = (SELECT max(seq) FROM audit_rows"
                    " WHERE tbl = r.tbl AND id = r.id)",
                    (table, *ids),
                )
            )
        )
        current = db.execute(f"{query} WHERE id IN ({marks}) ORDER BY id", ids)
    yield from _merge(table, recorded, ((i, digest(text)) for i, text in rows(db, table, current)))


def _merge(
    table: str,
    recorded: Iterator[tuple[int, int, bytes]],
    current: Iterator[tuple[int, bytes]],
) -> Iterator[Disagreement]:
    record = next(recorded, None)
    row = next(current, None)
    while record is not None or row is not None:
        if row is not None and (record is None or row[0] < record[0]):
            yield Disagreement(table, row[0], 0, ADDED)
            row = next(current, None)
        elif record is not None and (row is None or record[0] < row[0]):
            if record[2]:
                yield Disagreement(table, record[0], record[1], DELETED)
            record = next(recorded, None)
        else:
            assert record is not None
            assert row is not None
            if not record[2]:
                yield Disagreement(table, row[0], record[1], RESTORED)
            elif record[2] != row[1]:
                yield Disagreement(table, row[0], record[1], CHANGED)
            record = next(recorded, None)
            row = next(current, None)


def first_disagreement(db: Any, wanted: dict[str, list[int]] | None = None) -> Disagreement | None:
    """The first of the ``wanted`` rows (every tracked row when None) that is not what
    the trail says it became: what a report checks before it prints a fact. None for
    a store that has not recorded row states (it cannot tell)."""
    if since(db) is None:
        return None
    for table in TRACKED:
        if wanted is None:
            found = next(check_table(db, table), None)
            if found is not None:
                return found
            continue
        ids = wanted.get(table, [])
        for start in range(0, len(ids), 500):
            found = next(check_table(db, table, ids[start : start + 500]), None)
            if found is not None:
                return found
    return None


def check_roots(db: Any) -> Iterator[Disagreement]:
    """Each entry's ``_rows`` hash against the rows recorded under it: the digests
    cannot be changed or added to without breaking the chain."""
    if pg.is_postgres(db):
        claimed = db.execute(
            "SELECT seq, after::jsonb ->> '_rows' FROM audit_log"
            " WHERE after LIKE '%\"_rows\"%' ORDER BY seq"
        )
        recorded = db.execute("SELECT seq, tbl, id, digest FROM audit_rows ORDER BY seq")
    else:
        claimed = db.execute(
            "SELECT seq, json_extract(after, '$._rows') FROM audit_log"
            " WHERE after LIKE '%\"_rows\"%' ORDER BY seq"
        )
        recorded = db.execute(
            "SELECT seq, tbl, id, digest FROM audit_rows INDEXED BY audit_rows_by_seq ORDER BY seq"
        )
    group: list[Row] = []
    group_seq: int | None = None
    entry = next(claimed, None)

    def settle(seq: int, rows: list[Row]) -> Disagreement | None:
        nonlocal entry
        while entry is not None and entry[0] < seq:
            if entry[1] is not None:
                return _unrooted(int(entry[0]), ROWS_MISSING)
            entry = next(claimed, None)
        if entry is None or entry[0] != seq or entry[1] is None:
            return _unrooted(seq, ROWS_UNLISTED)
        expected = str(entry[1])
        entry = next(claimed, None)
        if root(rows) != expected:
            return _unrooted(seq, ROWS_CHANGED)
        return None

    for seq, table, row_id, found in recorded:
        if group_seq is not None and seq != group_seq:
            if (problem := settle(group_seq, group)) is not None:
                yield problem
                return
            group = []
        group_seq = int(seq)
        group.append((str(table), int(row_id), bytes(found)))
    if group_seq is not None and (problem := settle(group_seq, group)) is not None:
        yield problem
        return
    for seq, claimed_root in [entry, *claimed] if entry is not None else []:
        if claimed_root is not None:
            yield _unrooted(int(seq), ROWS_MISSING)
            return


def _json_or_none(text: Any) -> Any:
    if text is None:
        return None
    try:
        return json.loads(text)
    except (TypeError, ValueError):
        return None


def _unrooted(seq: int, why: str) -> Disagreement:
    return Disagreement("audit_rows", 0, seq, UNROOTED, why)


def upgrade_findings(db: Any) -> tuple[str, ...]:
    """A sentence for each entry that moved the store to a newer set of columns and
    found, checking with the old set first, a row not as the trail said: the rows it
    found are left disagreeing, but a later change by Cordon records them afresh, and
    the entry still says what was found."""
    marks = ", ".join("?" * len(RENEWING))
    if pg.is_postgres(db):
        found = db.execute(
            f"SELECT seq, after::jsonb ->> '{DISAGREED}', after::jsonb ->> '{DISAGREED_FIRST}',"
            f" after::jsonb ->> '{DISAGREED_ROWS}'"
            f" FROM audit_log WHERE action IN ({marks}) AND after LIKE '%\"{DISAGREED}\"%'"
            " ORDER BY seq",
            RENEWING,
        )
    else:
        found = db.execute(
            f"SELECT seq, json_extract(after, '$.{DISAGREED}'),"
            f" json_extract(after, '$.{DISAGREED_FIRST}'),"
            f" json_extract(after, '$.{DISAGREED_ROWS}') FROM audit_log"
            f" WHERE action IN ({marks}) AND after LIKE '%\"{DISAGREED}\"%' ORDER BY seq",
            RENEWING,
        )
    sentences = []
    for seq, recorded, first, count in found:
        if recorded is None:
            continue
        # Said in the officer's language where the entry recorded what it found (an
        # entry from before that kept the sentence only: as it was written).
        made = Disagreement.from_record(_json_or_none(first))
        sentence = made.sentence if made is not None else str(recorded)
        rows = 1 if count is None else int(count)
        sentences.append(
            ngettext(
                "Entry #{seq}, which began checking more of each row's columns, first "
                "found that {sentence}",
                "Entry #{seq}, which began checking more of each row's columns, first "
                "found that {sentence} {rows} rows disagreed then.",
                rows,
            ).format(seq=seq, sentence=sentence, rows=rows)
        )
    return tuple(sentences)


def check(db: Any, expected_triggers: dict[str, str]) -> StateVerdict:
    """Everything: the triggers, the recorded digests against their entries, and
    every tracked row against the newest digest recorded for it."""
    triggers = check_triggers(db, expected_triggers)
    first_seq = since(db)
    if first_seq is None:
        return StateVerdict(None, 0, 0, None, triggers)
    problems = list(check_roots(db))
    at_upgrade = upgrade_findings(db)
    count = 0
    for table in TRACKED:
        for found in check_table(db, table):
            problems.append(found)
        count += int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    return StateVerdict(first_seq, count, len(problems), problems[0] if problems else None,
                        triggers, at_upgrade)  # fmt: skip


@functools.cache
def expected_triggers() -> dict[str, str]:
    """The triggers this version of Cordon's schema has, as its migrations make them."""
    import sqlcipher3

    from storage import schema

    db = sqlcipher3.connect(":memory:", isolation_level=None)
    try:
        schema.migrate(db)
        rows = db.execute("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger'")
        return {str(name): str(sql) for name, sql in rows}
    finally:
        db.close()


# The triggers (and the functions they run) a team store's migrations make, as
# PostgreSQL describes them with the schema's name left out. Written by
# ``tests/test_pg_schema.py --write`` and checked by it against a migrated database.
PG_TRIGGERS_FILE = "expected_triggers.json"


@functools.cache
def expected_pg_triggers() -> dict[str, str]:
    text = resources.files("storage.migrations_pg").joinpath(PG_TRIGGERS_FILE).read_text("utf-8")
    found = json.loads(text)
    assert isinstance(found, dict)
    return {str(k): str(v) for k, v in found.items()}


def expected_triggers_for(team: bool) -> dict[str, str]:
    """What ``check`` compares a store's triggers with: a team store's or a file's."""
    return expected_pg_triggers() if team else expected_triggers()


def pg_triggers(db: Any) -> dict[str, str]:
    """Every trigger on the store's tables (with whether it is enabled) and every
    function in its schema, as PostgreSQL describes them, the schema's name left out."""
    schema_name = str(db.execute("SELECT current_schema()").fetchone()[0])
    found: dict[str, str] = {}
    for name, definition, enabled in db.execute(
        "SELECT t.tgname, pg_get_triggerdef(t.oid), t.tgenabled FROM pg_trigger t"
        " JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE NOT t.tgisinternal AND n.nspname = current_schema()"
    ):
        disabled = "" if str(enabled) == "O" else f" [enabled: {enabled}]"
        found[str(name)] = str(definition).replace(f"{schema_name}.", "") + disabled
    for name, definition in db.execute(
        "SELECT p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')',"
        " pg_get_functiondef(p.oid) FROM pg_proc p JOIN pg_namespace n"
        " ON n.oid = p.pronamespace WHERE n.nspname = current_schema() AND p.prokind = 'f'"
    ):
        found[f"function {name}"] = str(definition).replace(f"{schema_name}.", "")
    return found


def check_triggers(db: Any, expected: dict[str, str]) -> tuple[str, ...]:
    """Sentences for every trigger of the schema that was dropped, changed or added."""
    if pg.is_postgres(db):
        found = pg_triggers(db)
    else:
        found = {
            str(name): str(sql)
            for name, sql in db.execute(
                "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger'"
            )
        }
    dropped = _("The trigger {name} that guards the store was dropped.")
    changed = _("The trigger {name} was changed.")
    added = _("A trigger {name} was added that no version of Cordon makes.")
    problems = [dropped.format(name=n) for n in expected if n not in found]
    problems += [changed.format(name=n) for n in expected
                 if n in found and _same(found[n]) != _same(expected[n])]  # fmt: skip
    problems += [added.format(name=n) for n in found if n not in expected]
    return tuple(problems)


def _same(sql: str) -> str:
    return " ".join(sql.split())
