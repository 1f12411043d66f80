"""How an exercise store marks what it shows, prints and exports.

The UK convention for training material is "EXERCISE EXERCISE EXERCISE" on every
screen and every document, so nobody can take an exercise's words for a live
incident's. Kept here (no Qt, no PDF library) so the window, the command line and
every export use the same words.

Two forms, each for its reader. ``EXERCISE_MARK`` is the stable English marker a
machine-read file carries (the first line of a CSV, a JSON export's ``marking``, a
checkpoint file): a script that looks for it finds it whatever the language of the
console that wrote the file. ``printed_mark()`` is the marking a person reads on a
document drawn in the officer's language (a PDF): in Welsh "YMARFER YMARFER
YMARFER", as the window's banner says it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from storage.i18n import N_, _
from storage.records import StoreKind
from storage.store import Store

EXERCISE_MARK = N_("EXERCISE EXERCISE EXERCISE")
# The one word, where a line has room for no more (a footer beside its page number).
_EXERCISE_WORD = N_("EXERCISE")


def printed_mark() -> str:
    """EXERCISE ×3 in the officer's language, for a document a person reads."""
    return _(EXERCISE_MARK)


def printed_word() -> str:
    """EXERCISE once, in the officer's language (a footer, a document's title)."""
    return _(_EXERCISE_WORD)


def title_suffix() -> str:
    """What every window's title of an exercise store ends with, in the officer's
    language (" — EXERCISE" in English)."""
    return " — " + printed_word()


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
