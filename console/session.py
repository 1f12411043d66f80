"""Signing in and out: who is at the console, recorded in the audit trail.

The growing delay after wrong passwords lives here, in the core, so the window
and the command line meet the same rule. A wrong password changes no file of the
store; the count is kept in a small file of Cordon's data folder that every
process on the machine reads, so separate command-line runs meet it too.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import hashlib
import json
import math
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from console.paths import ensure_data_dir
from storage import users
from storage.errors import StoreError, TooManyAttempts, WrongPassword
from storage.i18n import _
from storage.lifecycle import Where, open_store, store_key
from storage.records import AuditCategory, User
from storage.store import Store, Transaction
from storage.timeutil import Clock, system_clock

FREE_ATTEMPTS = 2
MAX_DELAY_SECONDS = 60.0


@dataclass
class SignInThrottle:
    """After ``FREE_ATTEMPTS`` wrong passwords on a store, each try waits longer:
    1 s, 2 s, 4 s ... up to a minute. A success resets it.

    ``shared``: the count is kept in a small file in Cordon's data folder (never in
    the store), so every process on the machine meets the same delay: a script that
    runs ``cordon`` once per guess waits as the window does."""

    monotonic: Callable[[], float] = time.monotonic
    shared: bool = False
    wall: Callable[[], float] = time.time
    _failures: dict[str, int] = field(default_factory=dict)
    _not_before: dict[str, float] = field(default_factory=dict)

    def remaining(self, store: Where) -> float:
        _count, not_before = self._read(store_key(store))
        return min(MAX_DELAY_SECONDS, max(0.0, not_before - self._now()))

    def check(self, store: Where) -> None:
        wait = self.remaining(store)
        if wait > 0:
            raise TooManyAttempts(
                _("Too many wrong passwords: wait {ceil} s before trying again.").format(
                    ceil=math.ceil(wait)
                ),
                retry_after=wait,
            )

    def failed(self, store: Where) -> float:
        store_path = store_key(store)
        with self._locked() as shared:
            count = self._read(store_path, shared)[0] + 1
            delay = (
                0.0
                if count <= FREE_ATTEMPTS
                else min(2.0 ** (count - FREE_ATTEMPTS - 1), MAX_DELAY_SECONDS)
            )
            self._write(store_path, count, self._now() + delay, shared)
        return delay

    def counted(self, store: Where, error: WrongPassword) -> WrongPassword:
        """Count a wrong password; the error to raise says how long the next try waits."""
        delay = self.failed(store)
        sentence = str(error)
        if delay:
            sentence = _("{sentence} Wait {n} s before the next try.").format(
                sentence=sentence, n=math.ceil(delay)
            )
        return WrongPassword(sentence, retry_after=delay)

    def succeeded(self, store: Where) -> None:
        with self._locked() as shared:
            self._write(store_key(store), 0, 0.0, shared)

    # -- where the counts live -------------------------------------------------------

    def _now(self) -> float:
        return self.wall() if self.shared else self.monotonic()

    def _read(self, store_path: str, shared: dict[str, Any] | None = None) -> tuple[int, float]:
        if not self.shared:
            return self._failures.get(store_path, 0), self._not_before.get(store_path, 0.0)
        if shared is None:
            with self._locked() as shared:
                return self._read(store_path, shared)
        count, not_before = shared.get(_key(store_path), (0, 0.0))
        return int(count), float(not_before)

    def _write(
        self, store_path: str, count: int, not_before: float, shared: dict[str, Any] | None
    ) -> None:
        if shared is None:
            if count:
                self._failures[store_path], self._not_before[store_path] = count, not_before
            else:
                self._failures.pop(store_path, None)
                self._not_before.pop(store_path, None)
            return
        if count:
            shared[_key(store_path)] = (count, not_before)
        else:
            shared.pop(_key(store_path), None)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[dict[str, Any] | None]:
        """The shared counts, read and written back under an exclusive lock (None
        when kept in memory, or when the data folder cannot be written)."""
        if not self.shared:
            yield None
            return
        try:
            folder = ensure_data_dir()
            handle = os.open(folder / THROTTLE_FILE, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:
            self.shared = False  # a read-only home: this process keeps its own count
            yield None
            return
        with os.fdopen(handle, "r+b") as file:
            fcntl.flock(file, fcntl.LOCK_EX)
            try:
                counts = json.loads(file.read() or b"{}")
                if not isinstance(counts, dict):
                    counts = {}
            except ValueError:
                counts = {}
            before = dict(counts)
            yield counts
            now = self._now()
            kept = {
                key: value
                for key, value in counts.items()
                if isinstance(value, list | tuple) and len(value) == 2
                and float(value[1]) > now - FORGET_AFTER_SECONDS
            }  # fmt: skip
            if kept != before:
                file.seek(0)
                file.truncate()
                file.write(json.dumps(kept).encode())
                file.flush()


# The file beside the stores (console.paths.data_dir) that holds the counts; a
# store path appears in it only as a hash.
THROTTLE_FILE = "sign-in-delays.json"
FORGET_AFTER_SECONDS = 24 * 3600


def _key(store_path: str) -> str:
    return hashlib.sha256(store_path.encode()).hexdigest()


async def open_throttled(
    path: Where,
    user_name: str,
    password: str,
    *,
    throttle: SignInThrottle | None = None,
    clock: Clock = system_clock,
) -> tuple[Store, User]:
    """``open_store`` behind the growing delay: a wrong password (or an unknown
    name, answered alike) counts, and is told how long the next try must wait."""
    throttle = throttle if throttle is not None else THROTTLE
    key = store_key(path)
    throttle.check(key)
    try:
        opened = await open_store(path, user_name, password, clock=clock)
    except WrongPassword as error:
        raise throttle.counted(key, error) from None
    throttle.succeeded(key)
    return opened


THROTTLE = SignInThrottle(shared=True)


@dataclass
class Session:
    """A signed-in officer and the store they opened."""

    store: Store
    user: User
    via: str

    async def lock(self, reason: str) -> None:
        """Record that the console locked. The store stays open: publishing and
        syncing carry on behind a locked screen; nothing needing a role is done in
        this session's name (``permissions.require``) until ``unlock``."""
        self.user = replace(self.user, locked=True)
        await self.store.write(
            lambda tx: tx.audit(
                actor=self.user.name,
                action="session.lock",
                category=AuditCategory.ACCESS,
                object_type="user",
                object_id=self.user.id,
                after={"reason": reason},
            )
        )

    async def unlock(
        self, user_name: str, password: str, *, throttle: SignInThrottle = THROTTLE
    ) -> Session:
        """Any active user may unlock; a different user is a shift handover.

        Returns the session to carry on with: this one (same officer) or a new one
        for the officer who signed in, with the previous officer signed out.
        """
        key = self.store.location
        throttle.check(key)
        try:
            data_key = await asyncio.to_thread(self.store.keyfile.unlock, user_name, password)
        except WrongPassword as error:
            raise throttle.counted(key, error) from None
        if not self.store.holds_key(data_key):
            raise StoreError(
                _("{user_name}'s key slot does not open this store.").format(user_name=user_name)
            )
        record = await self.store.run(lambda db: users.by_name(db, user_name))
        if record is None or not record.active:
            raise StoreError(
                _("{user_name} may no longer open this store: ask an administrator.").format(
                    user_name=user_name
                )
            )
        throttle.succeeded(key)
        previous = self.user
        if record.id == previous.id:
            await self.store.write(
                lambda tx: tx.audit(
                    actor=record.name,
                    action="session.unlock",
                    category=AuditCategory.ACCESS,
                    object_type="user",
                    object_id=record.id,
                )
            )
            self.user = record
            return self

        def handover(tx: Transaction) -> None:
            tx.audit(
                actor=previous.name,
                action="session.sign_out",
                category=AuditCategory.ACCESS,
                object_type="user",
                object_id=previous.id,
                after={"via": self.via, "reason": f"handover to {record.name}"},
            )
            tx.audit(
                actor=record.name,
                action="session.sign_in",
                category=AuditCategory.ACCESS,
                object_type="user",
                object_id=record.id,
                after={"via": f"{self.via} (unlock)", "taking_over_from": previous.name},
            )

        await self.store.write(handover)
        return Session(store=self.store, user=record, via=self.via)

    async def sign_out(self, reason: str = "signed out") -> None:
        if self.store.closed:
            return
        await self.store.write(
            lambda tx: tx.audit(
                actor=self.user.name,
                action="session.sign_out",
                category=AuditCategory.ACCESS,
                object_type="user",
                object_id=self.user.id,
                after={"via": self.via, "reason": reason},
            )
        )
        await self.store.close()


async def sign_in(
    path: Where,
    user_name: str,
    password: str,
    *,
    via: str,
    throttle: SignInThrottle = THROTTLE,
    clock: Clock = system_clock,
) -> Session:
    """Unlock the store with the user's password and record the sign-in.

    ``via`` says where (``"window"``, ``"command line: audit export"``).
    """
    store, user = await open_throttled(path, user_name, password, throttle=throttle, clock=clock)
    if store.read_only:
        # The store's own sentence says it "can read the store": not through a sign-in,
        # which is written to the audit trail before anything is shown.
        await store.close()
        raise StoreError(
            _(
                "{reason} A sign-in is recorded in the store's audit trail, so it cannot "
                "be opened here until then; the command line can still check it "
                "(cordon store check)."
            ).format(reason=store.read_only)
        )
    try:
        await store.write(
            lambda tx: tx.audit(
                actor=user.name,
                action="session.sign_in",
                category=AuditCategory.ACCESS,
                object_type="user",
                object_id=user.id,
                after={"via": via},
            )
        )
    except BaseException:
        await store.close()
        raise
    return Session(store=store, user=user, via=via)
