"""Counting a post exactly as each network (and each Mastodon-compatible server) does.

* X against twitter-text's own conformance cases (``tests/data/twitter_text_conformance``).
* Mastodon against the cases of Mastodon's ``StatusLengthValidator`` spec.
* Every way of counting against a generated corpus of 10,000 mixed texts (Latin, CJK,
  emoji sequences, bare and full links, mentions) whose lengths are known by
  construction: each piece's length under each way of counting is stated from the
  network's documented rule, independently of the code under test.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass

import pytest

from console.networks import (
    CODE_POINTS,
    GRAPHEMES,
    MASTODON,
    STRICTEST,
    TextRule,
    X,
    check_text,
    count,
    counting_for_software,
    rule_for,
)
from storage import i18n
from storage.records import ServerLimits
from tests.data.twitter_text_conformance import CASES


@pytest.mark.parametrize(("description", "text", "weighted", "valid"), CASES)
def test_x_counts_as_twitter_text_conformance_says(
    description: str, text: str, weighted: int, valid: bool
) -> None:
    assert count(X, text) == weighted, description
    assert (check_text("x", text) is None) == valid, description


def test_bare_links_count_23_on_x() -> None:
    for link in ("met.police.uk/closures", "bit.ly/abc123", "x.com/foo"):
        assert count(X, link) == 23
        assert count(X, f"Closures: {link} today") == len("Closures: ") + 23 + len(" today")


def test_x_refuses_its_invalid_characters_with_a_sentence() -> None:
    problem = check_text("x", "Road closed\ufffe")
    assert problem is not None and "does not accept" in problem


# Mastodon's spec/validators/status_length_validator_spec.rb, as counts at 500.
MASTODON_SPEC = [
    ("text over 500 characters", "a" * 520, False),
    ("URLs count as 23 characters flat", "a" * 476 + " http://" + "b" * 30 + ".com/example", True),
    ("only the front part of remote usernames", "a" * 475 + " @alice@" + "b" * 30 + ".com", True),
    ("an overly long URL is not a link", "http://example.com/valid?" + "#foo?" * 1000, False),
]


@pytest.mark.parametrize(("description", "text", "fits"), MASTODON_SPEC)
def test_mastodon_counts_as_its_validator_spec_says(
    description: str, text: str, fits: bool
) -> None:
    assert (count(MASTODON, text) <= 500) == fits, description


def test_mastodon_counts_only_links_with_a_scheme_and_the_servers_url_length() -> None:
    assert count(MASTODON, "see met.police.uk/closures") == len("see met.police.uk/closures")
    assert count(MASTODON, "see https://met.police.uk/closures") == 4 + 23
    assert count(MASTODON, "see https://met.police.uk/closures", url_length=30) == 4 + 30
    assert count(MASTODON, "   ") == 0  # Mastodon counts a blank text as nothing


def test_each_software_counts_its_own_way() -> None:
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    text = f"{family} https://example.org/{'x' * 40}"
    assert counting_for_software("GoToSocial") == CODE_POINTS
    assert counting_for_software("akkoma") == GRAPHEMES
    assert counting_for_software("mastodon") == MASTODON
    assert counting_for_software("someday-server") == STRICTEST
    assert count(CODE_POINTS, text) == len(text)  # every code point, the link in full
    assert count(GRAPHEMES, text) == len(text) - 4  # the family is one grapheme
    assert count(MASTODON, text) == 1 + 1 + 23
    assert count(STRICTEST, text) == len(text)


def test_a_channel_rule_comes_from_what_its_server_said() -> None:
    gts = ServerLimits(CODE_POINTS, 5000, 25, 6, 40_000_000, "gotosocial 0.17.3")
    assert rule_for("mastodon", gts) == TextRule(CODE_POINTS, 5000, 25)
    assert rule_for("mastodon", None) == TextRule(MASTODON, 500)
    assert rule_for("mastodon", ServerLimits("unheard-of", None)) == TextRule(MASTODON, 500)
    near = "a" * 4960 + " https://example.org/" + "p" * 30
    assert check_text("mastodon", near, rule_for("mastodon", gts)) == (
        "Mastodon allows 5000 characters: this is 11 characters too long. "
        "Shorten it, or give this channel its own shorter version."
    )
    assert check_text("mastodon", near, TextRule(MASTODON, 5000)) is None


# -- the corpus ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Piece:
    """A piece of text and its length under each way of counting, stated by hand."""

    text: str
    x: int  # X: Latin 1, other scripts 2, an emoji 2, any link (bare or full) 23
    mastodon: int  # graphemes; a link with a scheme 23; @user@domain as @user
    graphemes: int
    code_points: int


def _latin(word: str) -> Piece:
    return Piece(word, len(word), len(word), len(word), len(word))


FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"
LATIN_WORDS = (
    "Road", "closed", "A1", "northbound", "J4-5", "Officers", "attending.", "£5",
    "don\u2019t", "12:30", "Updates", "to", "follow", "\u2013", "#A1closure", "(J3)",
)  # fmt: skip
PIECES = [
    *(_latin(w) for w in LATIN_WORDS),
    Piece("café", 4, 4, 4, 4),
    Piece("cafe\u0301", 4, 4, 4, 5),  # X folds it to NFC; Mastodon sees one grapheme
    Piece("道路封鎖", 8, 4, 4, 4),
    Piece("警察", 4, 2, 2, 2),
    Piece("통제", 4, 2, 2, 2),
    Piece("\U0001f693", 2, 1, 1, 1),
    Piece("\U0001f6a8", 2, 1, 1, 1),
    Piece("\U0001f44d\U0001f3fd", 2, 1, 1, 2),
    Piece("\U0001f1ec\U0001f1e7", 2, 1, 1, 2),
    Piece(FAMILY, 2, 1, 1, 7),
    Piece("https://www.met.police.uk/closures", 23, 23, 34, 34),
    Piece("https://example.org/" + "road-closure-a1" * 3, 23, 23, 65, 65),
    Piece("met.police.uk/closures", 23, 22, 22, 22),
    Piece("bit.ly/abc123", 23, 13, 13, 13),
    Piece("x.com/foo", 23, 9, 9, 9),
    Piece("@press@police.social", 20, 6, 20, 20),
    Piece("@northshirepolice", 17, 17, 17, 17),
]


def _corpus(size: int, seed: int = 20261206) -> list[tuple[str, Piece]]:
    rng = random.Random(seed)
    made = []
    for _ in range(size):
        chosen = [rng.choice(PIECES) for _ in range(rng.randint(1, 60))]
        gaps = len(chosen) - 1
        text = " ".join(piece.text for piece in chosen)
        made.append(
            (
                text,
                Piece(
                    text,
                    sum(p.x for p in chosen) + gaps,
                    sum(p.mastodon for p in chosen) + gaps,
                    sum(p.graphemes for p in chosen) + gaps,
                    sum(p.code_points for p in chosen) + gaps,
                ),
            )
        )
    return made


def test_ten_thousand_mixed_texts_count_as_each_network_counts() -> None:
    corpus = _corpus(10_000)
    disagreements = [
        (text, way, count(way, text), expected)
        for text, known in corpus
        for way, expected in (
            (X, known.x),
            (MASTODON, known.mastodon),
            (GRAPHEMES, known.graphemes),
            (CODE_POINTS, known.code_points),
        )
        if count(way, text) != expected
    ]
    assert disagreements == []
    # The corpus crosses every limit that matters, both ways.
    assert any(k.x <= 280 < k.code_points for _, k in corpus)
    assert any(k.mastodon <= 500 < k.code_points for _, k in corpus)
    assert any(k.x > 280 >= k.code_points for _, k in corpus)


def test_audit_verify_counts_its_entries_in_the_right_number() -> None:
    """``cordon audit verify``: "1 entry", "2 entries"; one form in Welsh."""
    from console.cli import _print_verdict
    from storage.audit import ChainHead, Verdict

    def said(count: int) -> str:
        out = io.StringIO()
        _print_verdict(Verdict(count, ChainHead(count, "ab12"), None), out)
        return out.getvalue()

    assert said(1).startswith("Audit trail intact: 1 entry; newest hash ab12 (entry #1).")
    assert said(2).startswith("Audit trail intact: 2 entries;")
    i18n.use(i18n.WELSH)
    try:
        assert said(1).startswith("Trywydd archwilio yn gyfan: 1 cofnod;")
        assert said(2).startswith("Trywydd archwilio yn gyfan: 2 cofnod;")
    finally:
        i18n.use(i18n.ENGLISH)
