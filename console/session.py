"""Signing in and out: who is at the console, recorded in the audit trail.

The growing delay after wrong passwords lives here, in the core, so the window
and the command line meet the same rule. It is kept in memory only: a wrong
password changes no file, not even a counter.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from storage import users
from storage.errors import StoreError, TooManyAttempts, UnknownUser, WrongPassword
from storage.lifecycle import open_store
from storage.records import AuditCategory, User
from storage.store import Store, Transaction
from storage.timeutil import Clock, system_clock

FREE_ATTEMPTS = 2
MAX_DELAY_SECONDS = 60.0


@dataclass
class SignInThrottle:
    """After ``FREE_ATTEMPTS`` wrong passwords on a store, each try waits longer:
    1 s, 2 s, 4 s ... up to a minute. A success resets it."""

    monotonic: Callable[[], float] = time.monotonic
    _failures: dict[Path, int] = field(default_factory=dict)
    _not_before: dict[Path, float] = field(default_factory=dict)

    def remaining(self, store_path: Path) -> float:
        return max(0.0, self._not_before.get(store_path, 0.0) - self.monotonic())

    def check(self, store_path: Path) -> None:
        wait = self.remaining(store_path)
        if wait > 0:
            raise TooManyAttempts(
                f"Too many wrong passwords: wait {math.ceil(wait)} s before trying again.",
                retry_after=wait,
            )

    def failed(self, store_path: Path) -> float:
        count = self._failures.get(store_path, 0) + 1
        self._failures[store_path] = count
        delay = (
            0.0
            if count <= FREE_ATTEMPTS
            else min(2.0 ** (count - FREE_ATTEMPTS - 1), MAX_DELAY_SECONDS)
        )
        self._not_before[store_path] = self.monotonic() + delay
        return delay

    def succeeded(self, store_path: Path) -> None:
        self._failures.pop(store_path, None)
        self._not_before.pop(store_path, None)


THROTTLE = SignInThrottle()


@dataclass
class Session:
    """A signed-in officer and the store they opened."""

    store: Store
    user: User
    via: str

    async def lock(self, reason: str) -> None:
        """Record that the console locked. The store stays open: publishing and
        syncing carry on behind a locked screen."""
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
        key = self.store.path
        throttle.check(key)
        try:
            data_key = await asyncio.to_thread(self.store.keyfile.unlock, user_name, password)
        except (WrongPassword, UnknownUser) as error:
            delay = throttle.failed(key)
            sentence = str(error)
            if delay:
                sentence += f" Wait {math.ceil(delay)} s before the next try."
            raise WrongPassword(sentence, retry_after=delay) from None
        if not self.store.holds_key(data_key):
            raise StoreError(f"{user_name}'s key slot does not open this store.")
        record = await self.store.run(lambda db: users.by_name(db, user_name))
        if record is None or not record.active:
            raise StoreError(f"{user_name} may no longer open this store: ask an administrator.")
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
    path: Path,
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
    key = Path(path).expanduser().absolute()
    throttle.check(key)
    try:
        store, user = await open_store(key, user_name, password, clock=clock)
    except (WrongPassword, UnknownUser) as error:
        delay = throttle.failed(key)
        sentence = str(error)
        if delay:
            sentence += f" Wait {math.ceil(delay)} s before the next try."
        raise WrongPassword(sentence, retry_after=delay) from None
    throttle.succeeded(key)
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
