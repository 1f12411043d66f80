"""Rows of saved replies (the service is ``console.inbox.saved_replies``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class SavedReply:
    id: int
    name: str
    body: str
    active: bool
    created_by: str
    created_utc: str
    changed_utc: str
    welsh: str = ""  # the reply in Welsh (``body`` is the English); empty: none written


_COLUMNS = "id, name, body, active, created_by, created_utc, changed_utc, body_cy"


def _reply(r: tuple[Any, ...]) -> SavedReply:
    return SavedReply(int(r[0]), r[1], r[2], bool(r[3]), r[4], r[5], r[6], str(r[7]))


def all_replies(db: Any, *, active_only: bool = True) -> list[SavedReply]:
    sql = f"SELECT {_COLUMNS} FROM saved_replies"
    if active_only:
        sql += " WHERE active = 1"
    return [_reply(r) for r in db.execute(sql + " ORDER BY lower(name), id")]


def get(db: Any, reply_id: int) -> SavedReply | None:
    r = db.execute(f"SELECT {_COLUMNS} FROM saved_replies WHERE id = ?", (reply_id,)).fetchone()
    return None if r is None else _reply(r)


def offered_by_name(db: Any, name: str) -> SavedReply | None:
    r = db.execute(
        f"SELECT {_COLUMNS} FROM saved_replies WHERE lower(name) = lower(?) AND active = 1", (name,)
    ).fetchone()
    return None if r is None else _reply(r)


def insert(db: Any, name: str, body: str, by: str, now: str, welsh: str = "") -> int:
    return int(
        db.execute(
            "INSERT INTO saved_replies (name, body, created_by, created_utc, changed_utc,"
            " body_cy) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            (name, body, by, now, now, welsh),
        ).fetchone()[0]
    )


def change(db: Any, reply_id: int, name: str, body: str, now: str, welsh: str = "") -> None:
    db.execute(
        "UPDATE saved_replies SET name = ?, body = ?, body_cy = ?, changed_utc = ? WHERE id = ?",
        (name, body, welsh, now, reply_id),
    )


def retire(db: Any, reply_id: int, now: str) -> None:
    db.execute("UPDATE saved_replies SET active = 0, changed_utc = ? WHERE id = ?", (now, reply_id))
