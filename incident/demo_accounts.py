"""The demo store's published sign-in (``incident.demo`` makes the store).

Its own module so the sign-in screen can show it without importing what makes the
demo (the posts, the networks' rules, the statement library).
"""

from __future__ import annotations

DEMO_USER = "trainer"
DEMO_PASSWORD = "exercise"  # noqa: S105 - an exercise store's published sign-in
# Gold command: the trainer wrote the demo's posts, so releasing them during an
# incident needs a second pair of eyes. Also a published sign-in.
DEMO_GOLD = "gold"
DEMO_GOLD_PASSWORD = "gold command"  # noqa: S105
