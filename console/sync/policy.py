"""How often the sync engine asks, how it backs off, and how much budget it leaves."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import timedelta

from console import backoff


@dataclass(frozen=True)
class SyncPolicy:
    interval: float = 60.0  # seconds between passes while all is well
    first_backoff: float = 15.0  # after the first failure in a row
    max_backoff: float = 15 * 60.0  # the cap
    jitter: float = 0.5  # a backoff is drawn from [delay * (1 - jitter), delay]
    pages_per_pass: int = 50  # inbox pages read in one pass at most
    metrics_every: float = 15 * 60.0
    metrics_window: timedelta = timedelta(days=7)  # posts this recent are counted
    metrics_batch: int = 100
    # Sync stops asking once the network's remaining budget is this low, and waits
    # for its reset: a share of the limit (and at least a few calls) is kept for
    # publishing, which shares the account's limit.
    budget_reserve: float = 0.1
    budget_reserve_min: int = 2
    budget_margin: float = 1.0  # seconds past the reset before asking again
    max_budget_wait: float = 15 * 60.0
    refresh_lead: float = 4 * 60.0  # wake this long before a token expires
    recheck: float = 30.0  # a paused or disconnected channel looks again this often

    def backoff(self, failures: int, rng: random.Random) -> float:
        """Seconds before the next try after ``failures`` failures in a row: doubling
        from ``first_backoff``, capped at ``max_backoff``, with jitter (so consoles
        and channels that failed together do not all come back at once)."""
        if failures <= 0:
            return self.interval
        first, cap = timedelta(seconds=self.first_backoff), timedelta(seconds=self.max_backoff)
        return backoff.wait(
            failures, first, cap, jitter=self.jitter, draw=rng.random
        ).total_seconds()

    def reserve(self, limit: int | None) -> int:
        """Calls left untouched for publishing, of a budget of ``limit``."""
        if limit is None:
            return self.budget_reserve_min
        return max(self.budget_reserve_min, math.ceil(limit * self.budget_reserve))
