"""Sentences Cordon keeps in the store, written in English and shown in the reader's
language.

Some sentences are written once and read later, by someone else, maybe in another
language: why a post could not be published (``targets.last_error``), why a channel
needs reconnecting (``sync_state.last_error``), why the engine stopped, why a pull-back
failed, the reason the core gives in an audit entry it writes. The engine writes them
whatever language its own process speaks, and on a team store an English and a Welsh
console read the same row. So a kept sentence is always written in English, from a
sentence of the catalogue, and translated when it is shown:

* written: ``english("{network} did not answer in time.", network=name)`` (or
  ``english_n(singular, plural, n, ...)`` for one that counts) fills the English
  sentence; Babel extracts both into the catalogue (``scripts/i18n.py``), where it is
  translated like any other;
* shown: ``shown(text)`` finds the catalogue's sentence the text was made from (the
  same words, or the same words around its placeholders) and gives its translation
  with the same values. Text that no sentence made (a network's own error message, an
  old row) is shown as it is. In English nothing changes.

A placeholder that holds another of Cordon's sentences (the network's reason inside
"Gave up after 5 tries: ...") is named one of ``SENTENCE_FIELDS``: its value is
translated too. A network's name (``NAME_FIELDS``) is translated only when the
catalogue holds it whole ("The simulator"). A placeholder holding one of Cordon's
labels (``LABEL_FIELDS``: an action's or a role's, or several roles joined with ", " or
" or ") has each label translated that the catalogue holds. Other values (a channel's
name, a number, a handle) never are, so a channel called "Post" stays "Post".

A refusal raised in one process and kept by another (the engine refusing a window's
request) is a ``StoreError`` raised with ``StoreError.kept(english(...))``: its
``english`` is kept, its ``str()`` is ``shown`` here.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from typing import Any

import resources
from storage import i18n

# A placeholder whose value is itself a sentence Cordon wrote (or a network's words).
SENTENCE_FIELDS = frozenset({"message", "reason", "why", "problem", "error", "detail", "how"})
# A placeholder naming a network: its value is translated only when it is, word for word,
# a name the catalogue holds (the simulator's); "X" or "Mastodon" stay as they are.
NAME_FIELDS = frozenset({"network"})
# A placeholder holding one of Cordon's labels (an action's, ``N_("Managing users")``, or
# roles', ``"Duty officer or Approver"``, ``"Administrator, Trainer"``): each label the
# catalogue holds is translated, and " or " with it.
LABEL_FIELDS = frozenset({"action", "roles", "roles_held"})
_LIST_JOINS = re.compile(r"(, | or )")
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_.]*)(?:![rs])?(?::[^{}]*)?\}")
# A sentence with less than this many letters outside its placeholders ("{name}: {n}")
# says too little to be told from a network's own words; it is never matched.
_MIN_LETTERS = 8
_MAX_DEPTH = 3


def english(template: str, /, **fields: Any) -> str:
    """``template`` (an English sentence of the catalogue) filled with ``fields``:
    what is kept in the store, whatever language this process speaks."""
    return template.format(**fields) if fields else template


def english_n(singular: str, plural: str, n: int, /, **fields: Any) -> str:
    """The English form of a counting sentence for ``n``, filled with ``fields`` (and
    ``n``): what is kept in the store."""
    return (singular if n == 1 else plural).format(n=n, **fields)


KEPT_FILE = "kept_sentences.json"  # in resources/i18n, written by scripts/i18n.py build
_MAX_LENGTH = 2000  # longer text is no kept sentence (and matching it could take long)


@dataclass(frozen=True)
class _Sentence:
    singular: str
    plural: str | None  # a counting sentence's English plural form
    pattern: re.Pattern[str]
    groups: dict[str, str]  # the regular expression's group -> the placeholder's name
    clue: str  # its longest stretch of words: a text without it cannot match
    letters: int  # how much it says besides its placeholders


def kept_sentences() -> list[tuple[str, str | None]]:
    """Every sentence written with ``english``/``english_n`` (a counting one with its
    English plural), as ``scripts/i18n.py build`` extracted them: only these are
    looked for, never the window's labels ("Report", "Closed") an officer might type."""
    with open(resources.path("i18n", KEPT_FILE), encoding="utf-8") as file:
        return [(str(one), None if other is None else str(other)) for one, other in json.load(file)]


def findable(form: str) -> bool:
    """Whether ``shown`` can find a sentence written with ``form`` again: it says
    enough besides its placeholders (``scripts/i18n.py check`` asks this of every
    ``english()`` sentence)."""
    return _sentence(form, None, form) is not None


def _letters(text: str) -> int:
    return sum(char.isalpha() for char in text)


def _sentence(singular: str, plural: str | None, form: str) -> _Sentence | None:
    literal = _PLACEHOLDER.split(form)[::2]
    letters = sum(_letters(part) for part in literal)
    if letters < _MIN_LETTERS:
        return None
    groups: dict[str, str] = {}
    seen: dict[str, str] = {}
    parts: list[str] = []
    last = 0
    for found in _PLACEHOLDER.finditer(form):
        parts.append(re.escape(form[last : found.start()]))
        name = found.group(1)
        if name in seen:
            parts.append(f"(?P={seen[name]})")
        else:
            group = seen[name] = f"g{len(groups)}"
            groups[group] = name
            # A sentence may hold anything; a name, a number or a handle never runs
            # across ": " (so "{network} did not answer" cannot swallow "Gave up ...: X").
            value = ".+?" if _is_sentence(name) else "(?:(?!: ).)+?"
            parts.append(f"(?P<{group}>{value})")
        last = found.end()
    parts.append(re.escape(form[last:]))
    clue = max(literal, key=len)
    return _Sentence(singular, plural, re.compile("".join(parts), re.S), groups, clue, letters)


def _is_sentence(name: str) -> bool:
    return name.split(".")[0] in SENTENCE_FIELDS


@functools.cache
def _sentences(language: str) -> tuple[tuple[_Sentence, ...], frozenset[str]]:
    """The kept sentences with placeholders, as patterns; and those without."""
    del language  # the same sentences for each; cached per language with the rest
    patterns: list[_Sentence] = []
    plain: set[str] = set()
    for singular, plural in kept_sentences():
        for form in [singular] if plural is None else [singular, plural]:
            if _PLACEHOLDER.search(form) is None:
                plain.add(form)
                continue
            made = _sentence(singular, plural, form)
            if made is not None:
                patterns.append(made)
    return tuple(patterns), frozenset(plain)


def _count(values: dict[str, str]) -> int:
    """The number a counting sentence was written for: its ``n``."""
    value = values.get("n", "").replace(",", "")
    return int(value) if value.isdigit() else 0


@dataclass(frozen=True)
class _Reading:
    """How a text was made: from ``sentence`` (None: a plain kept sentence) with
    ``values``, and how much of it that explains (its words, and its inner sentences')."""

    explained: int
    sentence: _Sentence | None
    values: dict[str, str]


@functools.lru_cache(maxsize=8192)
def _read(text: str, depth: int, language: str) -> _Reading | None:
    """The reading of ``text`` that explains the most of it, or None. Every kept
    sentence that matches the whole text is tried: the first to match is not always
    the right one ("Gave up after 3 tries: Mastodon did not answer in time." also
    matches "{network} did not answer in time." with the network "Gave up ...")."""
    patterns, plain = _sentences(language)
    if text in plain:
        return _Reading(_letters(text), None, {})
    best: tuple[tuple[int, int], _Reading] | None = None
    for sentence in patterns:
        if sentence.clue not in text:
            continue
        found = sentence.pattern.fullmatch(text)
        if found is None:
            continue
        values = {sentence.groups[group]: value for group, value in found.groupdict().items()}
        explained, loose = sentence.letters, 0
        for name, value in values.items():
            inner = _inner_reading(value, depth + 1, language) if _is_sentence(name) else None
            if inner is not None:
                explained += inner.explained
            else:
                loose += len(value)
        key = (explained, -loose)  # then the reading that leaves least unexplained
        if best is None or key > best[0]:
            best = (key, _Reading(explained, sentence, values))
    return None if best is None else best[1]


def _inner_reading(text: str, depth: int, language: str) -> _Reading | None:
    """A sentence inside another, which may have lost its full stop ("... needs
    reconnecting (the access token expired)")."""
    if depth > _MAX_DEPTH:
        return None
    return _read(text, depth, language) or (
        None if text.endswith(".") else _read(f"{text}.", depth, language)
    )


def _render(text: str, depth: int, language: str) -> str:
    reading = _read(text, depth, language)
    if reading is None:
        if depth and not text.endswith(".") and _read(f"{text}.", depth, language) is not None:
            return _render(f"{text}.", depth, language).removesuffix(".")
        return text
    sentence = reading.sentence
    if sentence is None:
        return i18n._(text)
    if sentence.plural is None:
        translated = i18n._(sentence.singular)
    else:
        translated = i18n.ngettext(sentence.singular, sentence.plural, _count(reading.values))
    plain = _sentences(language)[1]

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in reading.values:
            return match.group(0)
        said = reading.values[name]
        if _is_sentence(name) and depth < _MAX_DEPTH:
            return _render(said, depth + 1, language)
        if name in NAME_FIELDS and said in plain:
            return i18n._(said)
        if name.split(".")[0] in LABEL_FIELDS:
            return _labels(said)
        return said

    return _PLACEHOLDER.sub(value, translated)


def _labels(said: str) -> str:
    """A label, or several joined with ", " or " or ", in the language Cordon speaks:
    whole when the catalogue holds it ("Approving or rejecting content"), else each."""
    whole = i18n._(said)
    if whole != said:
        return whole
    parts = _LIST_JOINS.split(said)  # the labels at even places, the joins between
    return "".join(
        i18n._(part) if index % 2 == 0 or part == " or " else part
        for index, part in enumerate(parts)
    )


@functools.lru_cache(maxsize=4096)
def _shown(text: str, language: str) -> str:
    return _render(text, 0, language)


def shown(text: str) -> str:
    """A kept sentence (``english``) in the language Cordon speaks now; text that no
    kept sentence made (a network's or an officer's own words), as it is."""
    if not text or i18n.language() == i18n.ENGLISH or len(text) > _MAX_LENGTH:
        return text
    return _shown(text, i18n.language())


def warm() -> None:
    """Read the kept sentences now (about 50 ms), not at the first one shown."""
    if i18n.language() != i18n.ENGLISH:
        _sentences(i18n.language())
