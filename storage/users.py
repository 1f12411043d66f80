"""Users and their roles (the rows; key slots live in ``storage.keyslots``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from storage.errors import StoreError
from storage.i18n import _
from storage.records import AuditCategory, Role, User
from storage.store import Transaction


def _user(db: Any, row: tuple[Any, ...]) -> User:
    roles = frozenset(
        Role(r[0]) for r in db.execute("SELECT role FROM user_roles WHERE user_id = ?", (row[0],))
    )
    return User(
        id=int(row[0]),
        name=row[1],
        display_name=row[2],
        active=bool(row[3]),
        roles=roles,
        created_utc=row[4],
    )


_SELECT = "SELECT id, name, display_name, active, created_utc FROM users"


def by_name(db: Any, name: str) -> User | None:
    row = db.execute(
        f"{_SELECT} WHERE lower(name) = lower(?)", (" ".join(name.split()),)
    ).fetchone()
    return None if row is None else _user(db, row)


def all_users(db: Any) -> list[User]:
    return [_user(db, row) for row in db.execute(f"{_SELECT} ORDER BY lower(name)").fetchall()]


def add(
    tx: Transaction,
    *,
    actor: str,
    name: str,
    display_name: str,
    roles: Iterable[Role],
) -> User:
    name = " ".join(name.split())
    if not name:
        raise StoreError(_("A user needs a name."))
    if by_name(tx.db, name) is not None:
        raise StoreError(_("There is already a user called {name}.").format(name=name))
    role_set = sorted(set(roles))
    if not role_set:
        raise StoreError(_("A user needs at least one role."))
    now = tx.now()
    cursor = tx.execute(
        "INSERT INTO users (name, display_name, active, created_utc) VALUES (?, ?, 1, ?)"
        " RETURNING id",
        (name, display_name.strip() or name, now),
    )
    user_id = int(cursor.fetchone()[0])
    tx.db.executemany(
        "INSERT INTO user_roles (user_id, role) VALUES (?, ?)",
        [(user_id, role.value) for role in role_set],
    )
    tx.audit(
        actor=actor,
        action="user.add",
        category=AuditCategory.COLLECTION,
        object_type="user",
        object_id=user_id,
        after={"name": name, "display_name": display_name, "roles": [r.value for r in role_set]},
    )
    user = by_name(tx.db, name)
    assert user is not None
    return user


def set_roles(db: Any, user_id: int, roles: Iterable[Role]) -> None:
    db.execute("DELETE FROM user_roles WHERE user_id = ?", (user_id,))
    db.executemany(
        "INSERT INTO user_roles (user_id, role) VALUES (?, ?)",
        [(user_id, role.value) for role in sorted(set(roles))],
    )


def set_active(db: Any, user_id: int, active: bool) -> None:
    db.execute("UPDATE users SET active = ? WHERE id = ?", (int(active), user_id))


def other_active_administrators(db: Any, user_id: int) -> int:
    return int(
        db.execute(
            "SELECT count(*) FROM users JOIN user_roles ON user_roles.user_id = users.id"
            " WHERE users.active = 1 AND user_roles.role = 'administrator' AND users.id != ?",
            (user_id,),
        ).fetchone()[0]
    )
