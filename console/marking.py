"""How an exercise store marks what it shows, prints and exports.

The UK convention for training material is "EXERCISE EXERCISE EXERCISE" on every
screen and every document, so nobody can take an exercise's words for a live
incident's. Kept here (no Qt, no PDF library) so the window, the command line and
every export use the same words.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from storage.records import StoreKind
from storage.store import Store

EXERCISE_MARK = "EXERCISE EXERCISE EXERCISE"
TITLE_SUFFIX = " — EXERCISE"


def is_exercise(store: Store) -> bool:
    return store.kind is StoreKind.EXERCISE


def mark_of(store: Store) -> str:
    """The words an export of ``store`` starts with: EXERCISE ×3, or nothing."""
    return EXERCISE_MARK if is_exercise(store) else ""


@contextmanager
def marked(store: Store, out: TextIO) -> Iterator[None]:
    """What a command prints about ``store``, between two EXERCISE ×3 lines when it
    is an exercise store (a long listing scrolls: its end says so too); a live
    store's output is left as it is."""
    mark = mark_of(store)
    if mark:
        print(mark, file=out)
    yield
    if mark:
        print(mark, file=out)
