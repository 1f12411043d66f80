"""Adding and removing the officers who can open a store.

Each user's password unlocks their own key slot; adding or removing a user
rewrites the small key file, never the encrypted store. Role checks here are the
minimum the foundation needs (only an administrator manages users); the full
rules of who may do what come with sign-in and roles.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable

from console.passwords import password_problem
from console.session import Session
from storage import users
from storage.errors import StoreError
from storage.keyslots import KdfParams, benchmark_kdf
from storage.records import AuditCategory, Role, User
from storage.store import Transaction


def _require_admin(session: Session) -> None:
    if not session.user.has(Role.ADMINISTRATOR):
        raise StoreError("Only an administrator can manage users.")


async def add_user(
    session: Session,
    *,
    name: str,
    password: str,
    roles: Iterable[Role],
    display_name: str = "",
    kdf: KdfParams | None = None,
) -> User:
    _require_admin(session)
    if problem := password_problem(password):
        raise StoreError(problem)
    store = session.store
    if store.keyfile.has_user(name):
        raise StoreError(f"There is already a user called {name}.")
    params = kdf if kdf is not None else await asyncio.to_thread(benchmark_kdf)
    keyfile = await asyncio.to_thread(store.keyfile_with_slot, name, password, params)

    def add(tx: Transaction) -> User:
        user = users.add(
            tx, actor=session.user.name, name=name, display_name=display_name, roles=roles
        )
        keyfile.save(store.path)  # inside the transaction: no row without its slot
        return user

    user = await store.write(add)
    store.keyfile = keyfile
    return user


async def disable_user(session: Session, name: str, reason: str) -> None:
    """Remove the user's key slot; their history stays in the store."""
    _require_admin(session)
    store = session.store
    target = await store.run(lambda db: users.by_name(db, name))
    if target is None:
        raise StoreError(f"There is no user called {name}.")
    if target.id == session.user.id:
        raise StoreError("You cannot disable yourself: ask another administrator.")
    keyfile = store.keyfile.without_user(name)

    def disable(tx: Transaction) -> None:
        admins = tx.execute(
            "SELECT count(*) FROM users JOIN user_roles ON user_roles.user_id = users.id"
            " WHERE users.active = 1 AND user_roles.role = 'administrator' AND users.id != ?",
            (target.id,),
        ).fetchone()[0]
        if not admins:
            raise StoreError("A store must keep at least one active administrator.")
        tx.execute("UPDATE users SET active = 0 WHERE id = ?", (target.id,))
        tx.audit(
            actor=session.user.name,
            action="user.disable",
            category=AuditCategory.ALTERATION,
            object_type="user",
            object_id=target.id,
            before={"active": True},
            after={"active": False},
            justification=reason,
        )
        keyfile.save(store.path)

    await store.write(disable)
    store.keyfile = keyfile
