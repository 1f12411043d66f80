"""Signing in and out: who is at the console, recorded in the audit trail.

The growing delay after wrong passwords lives here, in the core, so the window
and the command line meet the same rule. It is kept in memory only: a wrong
password changes no file, not even a counter.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from storage.errors import TooManyAttempts, UnknownUser, WrongPassword
from storage.lifecycle import open_store
from storage.records import AuditCategory, User
from storage.store import Store
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
