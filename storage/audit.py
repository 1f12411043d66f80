"""The tamper-evident audit trail: a hash chain over every entry.

Each entry's hash is ``SHA-256(previous hash || canonical encoding of the entry)``.
The first entry chains from a genesis hash derived from the store id, so a log
cannot be moved between stores or cut from the front. The newest hash is the
*checkpoint*: kept outside the store (exported, printed, written in a notebook),
it later proves that history up to it was neither rewritten nor cut short.

The canonical encoding is compact JSON (UTF-8, no ASCII escaping) of the entry's
fields in a fixed order; ``before`` and ``after`` are themselves stored as
canonical JSON text. The row number (``seq``) is *not* hashed: order is carried
by the chain itself, which is what lets ``verify`` tell a reordered entry (intact,
but linked to the wrong neighbour) from an altered one (its own hash is wrong).

No code path updates or deletes an audit row, and triggers in the schema refuse
it too. Only ``append`` writes here.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, NamedTuple

from storage.errors import StoreError
from storage.files import atomic_writer
from storage.i18n import _
from storage.records import AuditCategory, AuditEntry, Checkpoint

COLUMNS = (
    "seq",
    "at_utc",
    "actor",
    "action",
    "category",
    "object_type",
    "object_id",
    "before",
    "after",
    "justification",
    "recipient",
    "prev_hash",
    "hash",
)
_SELECT = f"SELECT {', '.join(COLUMNS)} FROM audit_log"
CHECKPOINT_FORMAT = "cordon-audit-checkpoint"


class ChainHead(NamedTuple):
    seq: int
    hash: str


def genesis_hash(store_id: str) -> str:
    return hashlib.sha256(f"cordon-audit-genesis|{store_id}".encode()).hexdigest()


# json.dumps with these options builds a new encoder on every call; the encoders are
# made once (the same output: json.dumps passes the same options to JSONEncoder).
_CANONICAL = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode
_FIELDS = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def canonical_json(value: dict[str, Any] | None) -> str | None:
    if value is None:
        return None
    return _CANONICAL(value)


def entry_hash(prev_hash: str, fields: tuple[Any, ...]) -> str:
    """Hash of one entry; ``fields`` are the columns from at_utc to recipient."""
    return hashlib.sha256(f"{prev_hash}\n{_FIELDS(fields)}".encode()).hexdigest()


def head(db: Any, store_id: str) -> ChainHead:
    row = db.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    if row is None:
        return ChainHead(0, genesis_hash(store_id))
    return ChainHead(int(row[0]), str(row[1]))


def append(
    db: Any,
    chain: ChainHead,
    *,
    at_utc: str,
    actor: str,
    action: str,
    category: AuditCategory,
    object_type: str,
    object_id: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    justification: str,
    recipient: str,
) -> AuditEntry:
    """Append one entry after ``chain``; the caller owns the transaction."""
    fields = (
        at_utc,
        actor,
        action,
        category.value,
        object_type,
        object_id,
        canonical_json(before),
        canonical_json(after),
        justification,
        recipient,
    )
    digest = entry_hash(chain.hash, fields)
    seq = chain.seq + 1
    db.execute(
        "INSERT INTO audit_log (seq, at_utc, actor, action, category, object_type, object_id,"
        " before, after, justification, recipient, prev_hash, hash)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (seq, *fields, chain.hash, digest),
    )
    return _entry((seq, *fields, chain.hash, digest))


def _entry(row: tuple[Any, ...]) -> AuditEntry:
    return AuditEntry(
        seq=int(row[0]),
        at_utc=row[1],
        actor=row[2],
        action=row[3],
        category=AuditCategory(row[4]),
        object_type=row[5],
        object_id=row[6],
        before=row[7],
        after=row[8],
        justification=row[9],
        recipient=row[10],
        prev_hash=row[11],
        hash=row[12],
    )


# -- reading ----------------------------------------------------------------------


@dataclass(frozen=True)
class AuditFilter:
    """What the audit view and export narrow the log to. Empty means everything."""

    actor: str = ""
    action: str = ""
    since_utc: str = ""
    until_utc: str = ""

    def where(self) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if self.actor:
            clauses.append("actor = ?")
            params.append(self.actor)
        if self.action:
            if self.action.endswith("."):
                clauses.append("action >= ? AND action < ?")
                params += [self.action, self.action[:-1] + "/"]  # '/' sorts after '.'
            else:
                clauses.append("action = ?")
                params.append(self.action)
        if self.since_utc:
            clauses.append("at_utc >= ?")
            params.append(self.since_utc)
        if self.until_utc:
            clauses.append("at_utc < ?")
            params.append(self.until_utc)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def matching_seqs(db: Any, flt: AuditFilter, newest_first: bool = True) -> list[int]:
    where, params = flt.where()
    order = "DESC" if newest_first else "ASC"
    rows = db.execute(f"SELECT seq FROM audit_log{where} ORDER BY seq {order}", params)
    return [row[0] for row in rows]


def entries_by_seq(db: Any, seqs: list[int]) -> dict[int, AuditEntry]:
    if not seqs:
        return {}
    marks = ",".join("?" * len(seqs))
    rows = db.execute(f"{_SELECT} WHERE seq IN ({marks})", seqs)
    return {int(row[0]): _entry(row) for row in rows}


def distinct_values(db: Any, column: str) -> list[str]:
    if column not in ("actor", "action"):
        raise ValueError(column)
    return [row[0] for row in db.execute(f"SELECT DISTINCT {column} FROM audit_log ORDER BY 1")]


def iter_entries(db: Any, flt: AuditFilter | None = None) -> Iterator[AuditEntry]:
    where, params = (flt or AuditFilter()).where()
    for row in db.execute(f"{_SELECT}{where} ORDER BY seq", params):
        yield _entry(row)


def count(db: Any) -> int:
    return int(db.execute("SELECT count(*) FROM audit_log").fetchone()[0])


# -- verifying ----------------------------------------------------------------------


class Problem(NamedTuple):
    seq: int
    kind: str  # altered | deleted | reordered | truncated | rewritten
    sentence: str


@dataclass(frozen=True)
class Verdict:
    count: int
    head: ChainHead
    problem: Problem | None

    @property
    def ok(self) -> bool:
        return self.problem is None


Progress = Callable[[int, int], None]


@dataclass
class ChainWalk:
    """A verification in progress, resumable batch by batch.

    Walking in batches (``step``) lets a long verification share the store's one
    thread with other work: the caller runs one batch per ``store.run`` call.
    Entries are read by ``seq`` range, so entries appended meanwhile are walked too.
    """

    store_id: str
    checkpoint: Checkpoint | None = None
    walked: int = 0
    last: ChainHead | None = None
    problem: Problem | None = None
    finished: bool = False

    def __post_init__(self) -> None:
        if self.checkpoint is not None and self.checkpoint.store_id != self.store_id:
            raise StoreError(_("This checkpoint was exported from a different store."))
        if self.last is None:
            self.last = ChainHead(0, genesis_hash(self.store_id))

    def step(self, db: Any, batch: int = 20_000) -> bool:
        """Walk up to ``batch`` entries; return True when the walk is over."""
        assert self.last is not None
        rows = db.execute(
            f"{_SELECT} WHERE seq > ? ORDER BY seq LIMIT ?", (self.last.seq, batch)
        ).fetchall()
        last_seq, expected_prev = self.last.seq, self.last.hash
        walked = 0
        for row in rows:
            seq, prev, digest = row[0], row[11], row[12]
            if entry_hash(prev, row[1:11]) != digest:
                self.problem = Problem(
                    seq,
                    "altered",
                    f"Entry #{seq} was altered: its contents no longer match its hash.",
                )
            elif prev != expected_prev:
                self.last = ChainHead(last_seq, expected_prev)
                self.problem = _broken_link(db, seq, last_seq + 1, self.last)
            if self.problem is not None:
                self.last = ChainHead(last_seq, expected_prev)
                self.walked += walked
                self.finished = True
                return True
            last_seq, expected_prev = seq, digest
            walked += 1
        self.last = ChainHead(last_seq, expected_prev)
        self.walked += walked
        if len(rows) < batch:
            if self.checkpoint is not None:
                self.problem = _against_checkpoint(db, self.checkpoint, self.last)
            self.finished = True
        return self.finished

    def verdict(self) -> Verdict:
        assert self.last is not None
        return Verdict(self.walked, self.last, self.problem)


def verify(
    db: Any,
    store_id: str,
    checkpoint: Checkpoint | None = None,
    progress: Progress | None = None,
    batch: int = 20_000,
) -> Verdict:
    """Walk the whole chain; name the first entry that is not as it was written."""
    total = count(db)
    walk = ChainWalk(store_id, checkpoint)
    while not walk.step(db, batch):
        if progress is not None:
            progress(walk.walked, total)
    if progress is not None:
        progress(walk.walked, max(total, walk.walked))
    return walk.verdict()


def _broken_link(db: Any, seq: int, expected_seq: int, last: ChainHead) -> Problem:
    """The entry is intact but does not follow the one before it: say why."""
    prev = db.execute("SELECT prev_hash FROM audit_log WHERE seq = ?", (seq,)).fetchone()[0]
    owner = db.execute("SELECT seq FROM audit_log WHERE hash = ?", (prev,)).fetchone()
    if owner is not None and owner[0] > seq:
        return Problem(
            seq,
            "reordered",
            f"Entry #{seq} is out of order: it was written after entry #{owner[0]}.",
        )
    if seq > expected_seq:
        missing = (
            f"#{expected_seq}" if seq == expected_seq + 1 else f"#{expected_seq} to #{seq - 1}"
        )
        return Problem(
            expected_seq, "deleted", f"Entry {missing} was deleted: the log jumps to #{seq}."
        )
    if last.seq == 0:
        return Problem(
            seq,
            "deleted",
            f"Entry #{seq} does not start the chain: earlier entries were deleted.",
        )
    return Problem(
        last.seq,
        "altered",
        f"Entry #{last.seq} was altered and re-hashed, or an entry after it was deleted: "
        f"entry #{seq} no longer follows it.",
    )


def _against_checkpoint(db: Any, checkpoint: Checkpoint, last: ChainHead) -> Problem | None:
    if last.seq < checkpoint.seq:
        return Problem(
            last.seq + 1,
            "truncated",
            f"The log was cut short: the checkpoint names entry #{checkpoint.seq} "
            f"but the log ends at #{last.seq}.",
        )
    row = db.execute("SELECT hash FROM audit_log WHERE seq = ?", (checkpoint.seq,)).fetchone()
    if row is None or row[0] != checkpoint.hash:
        return Problem(
            checkpoint.seq,
            "rewritten",
            f"Entry #{checkpoint.seq} does not match the checkpoint: history up to it "
            "was rewritten.",
        )
    return None


# -- checkpoints and export ------------------------------------------------------------


def checkpoint_of(store_id: str, chain: ChainHead, at_utc: str) -> Checkpoint:
    return Checkpoint(store_id=store_id, seq=chain.seq, hash=chain.hash, at_utc=at_utc)


def checkpoint_bytes(
    checkpoint: Checkpoint, marking: str = "", entry: AuditEntry | None = None
) -> bytes:
    """The checkpoint file. ``marking`` (an exercise store's "EXERCISE EXERCISE
    EXERCISE") comes first, so nobody takes an exercise's checkpoint for a live one;
    reading a checkpoint ignores it. ``entry``: the entry it names, whole (a
    disclosed report's, so a verifier can recompute its hash and read the file's
    digest it records)."""
    doc: dict[str, object] = {"marking": marking} if marking else {}
    doc |= {
        "format": CHECKPOINT_FORMAT,
        "version": 1,
        "store_id": checkpoint.store_id,
        "seq": checkpoint.seq,
        "hash": checkpoint.hash,
        "at_utc": checkpoint.at_utc,
    }
    if entry is not None:
        doc["entry"] = {name: getattr(entry, name) for name in COLUMNS} | {
            "category": entry.category.value
        }
    return (json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode()


def read_checkpoint(path: Path) -> Checkpoint:
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
        if doc.get("format") != CHECKPOINT_FORMAT:
            raise ValueError
        return Checkpoint(
            store_id=str(doc["store_id"]),
            seq=int(doc["seq"]),
            hash=str(doc["hash"]),
            at_utc=str(doc["at_utc"]),
        )
    except FileNotFoundError:
        raise StoreError(_("There is no checkpoint file at {path}.").format(path=path)) from None
    except IsADirectoryError:
        raise StoreError(
            _("{path} is a folder: name the checkpoint file in it.").format(path=path)
        ) from None
    except OSError as error:
        raise StoreError(
            _("The checkpoint {path} cannot be read: {error.strerror}.").format(
                path=path, error=error
            )
        ) from None
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        raise StoreError(_("{path} is not a Cordon audit checkpoint.").format(path=path)) from None


def export(
    db: Any,
    out: Path,
    checkpoint: Checkpoint,
    flt: AuditFilter | None = None,
    marking: str = "",
    opener: Callable[[Path], AbstractContextManager[IO[bytes]]] = atomic_writer,
) -> int:
    """Write the log (or the filtered part) to ``out`` (.csv or .jsonl) and the
    checkpoint beside it as ``<out>.checkpoint.json``; both written atomically
    through ``opener`` (``storage.staging.Staged.writer`` keeps them back until
    the disclosure commits).

    ``marking`` (an exercise store's "EXERCISE EXERCISE EXERCISE") is the file's
    first line: a CSV line of its own before the header, or a JSON line
    ``{"marking": ...}`` before the entries; the checkpoint carries it too."""
    suffix = out.suffix.lower()
    if suffix not in (".csv", ".jsonl"):
        raise StoreError(_("Export to a .csv or a .jsonl file."))
    written = 0
    with opener(out) as raw:
        text = io.TextIOWrapper(raw, "utf-8", newline="")
        try:
            if suffix == ".csv":
                writer = csv.writer(text, lineterminator="\n")
                if marking:
                    writer.writerow([marking])
                writer.writerow(COLUMNS)
                for entry in iter_entries(db, flt):
                    writer.writerow([_csv_safe(getattr(entry, name)) for name in COLUMNS])
                    written += 1
            else:
                if marking:
                    text.write(json.dumps({"marking": marking}, ensure_ascii=False) + "\n")
                for entry in iter_entries(db, flt):
                    record = {name: getattr(entry, name) for name in COLUMNS}
                    record["category"] = entry.category.value
                    text.write(json.dumps(record, ensure_ascii=False) + "\n")
                    written += 1
        finally:
            text.flush()
            text.detach()  # the atomic writer closes the file itself
    with opener(checkpoint_path_for(out)) as raw:
        raw.write(checkpoint_bytes(checkpoint, marking))
    return written


def checkpoint_path_for(out: Path) -> Path:
    return out.with_name(out.name + ".checkpoint.json")


def _csv_safe(value: Any) -> Any:
    """Keep spreadsheet programs from running a cell as a formula (CSV injection)."""
    if isinstance(value, AuditCategory):
        return value.value
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def entries_between(db: Any, first_seq: int, last_seq: int | None = None) -> list[AuditEntry]:
    """Entries ``first_seq`` to ``last_seq`` (inclusive; to the newest when None)."""
    last = last_seq if last_seq is not None else 2**62
    rows = db.execute(f"{_SELECT} WHERE seq BETWEEN ? AND ? ORDER BY seq", (first_seq, last))
    return [_entry(row) for row in rows]
