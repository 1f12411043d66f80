"""Look-alike digits read as letters only inside words: the run-by-run reading gives
what the first version's look-around expression gave, at the edges too."""

from __future__ import annotations

import pytest

from console.inbox.matching import normalise


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("k1ll", " kil "),  # a digit between letters (and repeats once)
        ("$uicide", " suicide "),
        ("a13b", " aieb "),  # a whole run next to a letter
        ("213a", " 2iea "),  # the run after a digit outside the set still reads
        ("1349a", " 1349a "),  # the run ends at 9: nothing beside it is a letter
        ("k12", " ki2 "),
        ("call 101 or 999", " cal 101 or 9 "),  # numbers alone stay (repeats once)
        ("h3lp m3", " help me "),
        ("_1a", " ia "),  # the underscore is not a letter: the run reads by the a
    ],
)
def test_digits_inside_words(written: str, read: str) -> None:
    assert normalise(written) == read
