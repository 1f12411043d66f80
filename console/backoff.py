"""How long to wait before trying again: the one rule the publisher, sync and the
incident pull-back share.

After ``attempts`` failures in a row the wait is ``first``, doubled for each
failure after the first, never more than ``cap``. ``jitter`` (0 to 1) takes up to
that share off at random, so channels and consoles that failed together do not
all come back at the same moment.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

# 2**32 times any first wait is past every cap: the exponent stops growing there.
MAX_DOUBLINGS = 32


def wait(
    attempts: int,
    first: timedelta,
    cap: timedelta,
    *,
    jitter: float = 0.0,
    draw: Callable[[], float] | None = None,
) -> timedelta:
    """The wait after ``attempts`` failures in a row (the first failure waits
    ``first``); ``draw`` gives a number in [0, 1) for the jitter."""
    doublings = min(max(attempts - 1, 0), MAX_DOUBLINGS)
    grown = min(first * (1 << doublings), cap)
    if jitter and draw is not None:
        grown *= 1.0 - jitter * draw()
    return grown
