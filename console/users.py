"""The officers who can open a store: add, disable, reset, roles, own password.

Each user's password unlocks their own key slot; adding, resetting or removing a
user rewrites the small key file, never the encrypted store. Slots are derived
(slowly, Argon2) in a worker thread, then merged into the newest committed key file
on the store thread inside the write (``storage.keychange``: staged in the write,
renamed into place once it commits), so two administrators adding users at once
cannot lose each other's slot, and a write that fails, even at its commit, leaves
no slot behind.

A store always keeps at least one active administrator.
"""

from __future__ import annotations

import asyncio
import re
import unicodedata
from collections.abc import Iterable

from console.passwords import password_problem
from console.permissions import Action, require
from console.session import THROTTLE, Session, SignInThrottle
from storage import users
from storage.errors import StoreError, WrongPassword
from storage.i18n import _
from storage.keychange import KeyChange
from storage.keyslots import KdfParams, KeySlot, benchmark_kdf
from storage.records import AuditCategory, Role, User
from storage.store import Store, Transaction

NAME_LIMIT = 40
DISPLAY_NAME_LIMIT = 80
_SIGN_IN_NAME = re.compile(r"[^\W_]|[._-]")


def name_problem(name: str) -> str | None:
    """A sentence when ``name`` will not do as a new sign-in name, else None."""
    name = name.strip()
    if not name:
        return _("Give the user a name to sign in with.")
    if len(name) > NAME_LIMIT or not all(_SIGN_IN_NAME.fullmatch(c) for c in name):
        return _(
            "A sign-in name is 1 to {limit} letters, digits, dots, hyphens or "
            "underscores, with no spaces."
        ).format(limit=NAME_LIMIT)
    return None


def display_name_problem(display_name: str) -> str | None:
    """A sentence when ``display_name`` will not do as a full name, else None."""
    if len(display_name.strip()) > DISPLAY_NAME_LIMIT:
        return _("Keep a full name to {limit} characters.").format(limit=DISPLAY_NAME_LIMIT)
    if any(unicodedata.category(c).startswith("C") for c in display_name):
        return _("A full name cannot hold control characters (such as a tab or a new line).")
    return None


async def list_users(session: Session) -> list[User]:
    require(session.user, Action.READ)
    return await session.store.run(users.all_users)


async def add_user(
    session: Session,
    *,
    name: str,
    password: str,
    roles: Iterable[Role],
    display_name: str = "",
    kdf: KdfParams | None = None,
) -> User:
    require(session.user, Action.MANAGE_USERS)
    name = name.strip()
    if problem := name_problem(name) or display_name_problem(display_name):
        raise StoreError(problem)
    if problem := password_problem(password):
        raise StoreError(problem)
    store = session.store
    existing = await store.run(lambda db: users.by_name(db, name))
    if existing is not None or store.keyfile.has_user(name):
        raise StoreError(_("There is already a user called {name}.").format(name=name))
    slot = await _derive_slot(store, name, password, kdf)
    keys = KeyChange(store)

    def add(tx: Transaction) -> User:
        user = users.add(
            tx, actor=session.user.name, name=name, display_name=display_name, roles=roles
        )
        # The slot becomes part of the key file only if this transaction commits.
        keys.stage(tx, lambda keyfile: keyfile.replacing(name, slot))
        return user

    return await keys.write(add)


async def reset_password(
    session: Session, name: str, new_password: str, *, reason: str, kdf: KdfParams | None = None
) -> None:
    """An administrator gives ``name`` a new password (a new slot; the old one goes)."""
    require(session.user, Action.MANAGE_USERS)
    if problem := password_problem(new_password):
        raise StoreError(problem)
    store = session.store
    target = await _active_user(store, name)
    slot = await _derive_slot(store, target.name, new_password, kdf)
    keys = KeyChange(store)

    def reset(tx: Transaction) -> None:
        tx.audit(
            actor=session.user.name,
            action="user.reset_password",
            category=AuditCategory.ALTERATION,
            object_type="user",
            object_id=target.id,
            after={"name": target.name},
            justification=reason,
        )
        keys.stage(tx, lambda keyfile: keyfile.replacing(target.name, slot))

    await keys.write(reset)


async def change_own_password(
    session: Session,
    current: str,
    new_password: str,
    *,
    kdf: KdfParams | None = None,
    throttle: SignInThrottle = THROTTLE,
) -> None:
    """Any user changes their own password, proving the current one first (behind the
    sign-in's growing delay: an unlocked console is no faster way to guess it)."""
    store = session.store
    name = session.user.name
    throttle.check(store.location)
    try:
        data_key = await asyncio.to_thread(store.keyfile.unlock, name, current)
    except WrongPassword:
        raise throttle.counted(
            store.location,
            WrongPassword(_("Your current password is not right: nothing was changed.")),
        ) from None
    throttle.succeeded(store.location)
    if not store.holds_key(data_key):
        raise StoreError(_("Your key slot does not open this store: ask an administrator."))
    if new_password == current:
        raise StoreError(_("The new password is the same as the current one."))
    if problem := password_problem(new_password):
        raise StoreError(problem)
    slot = await _derive_slot(store, name, new_password, kdf)
    keys = KeyChange(store)

    def change(tx: Transaction) -> None:
        tx.audit(
            actor=name,
            action="user.change_password",
            category=AuditCategory.ALTERATION,
            object_type="user",
            object_id=session.user.id,
            after={"name": name},
        )
        keys.stage(tx, lambda keyfile: keyfile.replacing(name, slot))

    await keys.write(change)


async def set_roles(session: Session, name: str, roles: Iterable[Role], *, reason: str) -> User:
    require(session.user, Action.MANAGE_ROLES)
    wanted = frozenset(roles)
    if not wanted:
        raise StoreError(_("A user needs at least one role: disable them instead."))
    store = session.store
    target = await _active_user(store, name)

    def change(tx: Transaction) -> User:
        if Role.ADMINISTRATOR in target.roles and Role.ADMINISTRATOR not in wanted:
            _keep_an_administrator(tx, target)
        users.set_roles(tx.db, target.id, wanted)
        tx.audit(
            actor=session.user.name,
            action="user.roles",
            category=AuditCategory.ALTERATION,
            object_type="user",
            object_id=target.id,
            before={"roles": sorted(r.value for r in target.roles)},
            after={"roles": sorted(r.value for r in wanted)},
            justification=reason,
        )
        changed = users.by_name(tx.db, target.name)
        assert changed is not None
        return changed

    changed = await store.write(change)
    if changed.id == session.user.id:
        session.user = changed
    return changed


async def disable_user(session: Session, name: str, reason: str) -> None:
    """Remove the user's key slot; their history stays in the store."""
    require(session.user, Action.MANAGE_USERS)
    store = session.store
    target = await _active_user(store, name)
    if target.id == session.user.id:
        raise StoreError(_("You cannot disable yourself: ask another administrator."))

    keys = KeyChange(store)

    def disable(tx: Transaction) -> None:
        if Role.ADMINISTRATOR in target.roles:
            _keep_an_administrator(tx, target)
        users.set_active(tx.db, target.id, False)
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
        # Sign-in refuses a disabled record even if a slot survived a crash.
        keys.stage(tx, lambda keyfile: keyfile.without_user(target.name))

    await keys.write(disable)


async def enable_user(
    session: Session, name: str, new_password: str, *, reason: str, kdf: KdfParams | None = None
) -> User:
    """Bring a disabled user back, with a new password (disabling removed their slot)."""
    require(session.user, Action.MANAGE_USERS)
    if not reason.strip():
        raise StoreError(
            _("Say why {name} is enabled: it goes in the audit trail.").format(name=name)
        )
    if problem := password_problem(new_password):
        raise StoreError(problem)
    store = session.store
    target = await store.run(lambda db: users.by_name(db, name))
    if target is None:
        raise StoreError(_("There is no user called {name}.").format(name=name))
    if target.active:
        raise StoreError(_("{target.name} is already enabled.").format(target=target))
    slot = await _derive_slot(store, target.name, new_password, kdf)
    keys = KeyChange(store)

    def enable(tx: Transaction) -> User:
        current = users.by_name(tx.db, target.name)
        if current is None or current.active:  # another console got there first
            raise StoreError(_("{target.name} is already enabled.").format(target=target))
        users.set_active(tx.db, target.id, True)
        tx.audit(
            actor=session.user.name,
            action="user.enable",
            category=AuditCategory.ALTERATION,
            object_type="user",
            object_id=target.id,
            before={"active": False},
            after={"active": True},
            justification=reason,
        )
        keys.stage(tx, lambda keyfile: keyfile.replacing(target.name, slot))
        enabled = users.by_name(tx.db, target.name)
        assert enabled is not None
        return enabled

    return await keys.write(enable)


# -- helpers --------------------------------------------------------------------------


async def _derive_slot(store: Store, name: str, password: str, kdf: KdfParams | None) -> KeySlot:
    params = kdf if kdf is not None else await asyncio.to_thread(benchmark_kdf)
    return await asyncio.to_thread(store.new_slot, name, password, params)


async def _active_user(store: Store, name: str) -> User:
    target = await store.run(lambda db: users.by_name(db, name))
    if target is None:
        raise StoreError(_("There is no user called {name}.").format(name=name))
    if not target.active:
        raise StoreError(_("{target.name} is disabled.").format(target=target))
    return target


def _keep_an_administrator(tx: Transaction, leaving: User) -> None:
    if not users.other_active_administrators(tx.db, leaving.id):
        raise StoreError(
            _(
                "{leaving.name} is the last active administrator: make "
                "someone else an administrator first. A store always keeps "
                "one."
            ).format(leaving=leaving)
        )
