"""How an exercise store marks what it shows, prints and exports.

The UK convention for training material is "EXERCISE EXERCISE EXERCISE" on every
screen and every document, so nobody can take an exercise's words for a live
incident's. Kept here (no Qt, no PDF library) so the window, the command line and
every export use the same words.
"""

from __future__ import annotations

from storage.records import StoreKind
from storage.store import Store

EXERCISE_MARK = "EXERCISE EXERCISE EXERCISE"
TITLE_SUFFIX = " — EXERCISE"


def is_exercise(store: Store) -> bool:
    return store.kind is StoreKind.EXERCISE


def mark_of(store: Store) -> str:
    """The words an export of ``store`` starts with: EXERCISE ×3, or nothing."""
    return EXERCISE_MARK if is_exercise(store) else ""
