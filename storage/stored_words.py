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
catalogue holds it whole ("The simulator"). Other values (a channel's name, a number,
a handle) never are, so a channel called "Post" stays "Post".
"""

from __future__ import annotations

import functools
import re
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from storage import i18n

# A placeholder whose value is itself a sentence Cordon wrote (or a network's words).
SENTENCE_FIELDS = frozenset({"message", "reason", "why", "problem", "error", "detail", "how"})
# A placeholder naming a network: its value is translated only when it is, word for word,
# a name the catalogue holds (the simulator's); "X" or "Mastodon" stay as they are.
NAME_FIELDS = frozenset({"network"})
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


@dataclass(frozen=True)
class _Sentence:
    singular: str
    plural: str | None  # a counting sentence's English plural form
    pattern: re.Pattern[str]
    groups: dict[str, str]  # the regular expression's group -> the placeholder's name
    clue: str  # its longest stretch of words: a text without it cannot match
    letters: int  # how much it says besides its placeholders: the longer wins


def _originals(path: str) -> Iterator[tuple[str, str | None]]:
    """Each sentence (and a counting one's English plural) in a compiled catalogue
    (GNU .mo). The standard library's reader keeps only the singular of a counting
    sentence, and a kept sentence may be the plural."""
    with open(path, "rb") as file:
        data = file.read()
    order = "<" if struct.unpack("<I", data[:4])[0] == 0x950412DE else ">"
    count, originals = struct.unpack(f"{order}4xII", data[4:16])
    for index in range(count):
        length, offset = struct.unpack_from(f"{order}II", data, originals + 8 * index)
        text = data[offset : offset + length].decode("utf-8")
        if not text or "\x04" in text:  # the header, or a sentence with a context
            continue
        singular, _, plural = text.partition("\x00")
        yield singular, plural or None


def findable(form: str) -> bool:
    """Whether ``shown`` can find a sentence written with ``form`` again: it says
    enough besides its placeholders (``scripts/i18n.py check`` asks this of every
    ``english()`` sentence)."""
    return _PLACEHOLDER.search(form) is None or _sentence(form, None, form) is not None


def _sentence(singular: str, plural: str | None, form: str) -> _Sentence | None:
    literal = _PLACEHOLDER.split(form)[::2]
    letters = sum(char.isalpha() for part in literal for char in part)
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
            parts.append(f"(?P<{group}>.+?)")
        last = found.end()
    parts.append(re.escape(form[last:]))
    clue = max(literal, key=len)
    return _Sentence(singular, plural, re.compile("".join(parts), re.S), groups, clue, letters)


@functools.cache
def _sentences(language: str) -> tuple[tuple[_Sentence, ...], frozenset[str]]:
    """The catalogue's sentences with placeholders, as patterns (the longest first);
    and the set of its sentences without."""
    patterns: list[_Sentence] = []
    plain: set[str] = set()
    for singular, plural in _originals(i18n.catalogue_path(language)):
        forms = [singular] if plural is None else [singular, plural]
        for form in forms:
            if _PLACEHOLDER.search(form) is None:
                plain.add(form)
                continue
            made = _sentence(singular, plural, form)
            if made is not None:
                patterns.append(made)
    patterns.sort(key=lambda sentence: -sentence.letters)
    return tuple(patterns), frozenset(plain)


def _count(values: dict[str, str]) -> int:
    """The number a counting sentence was written for: its ``n``, else the first
    value that is a whole number."""
    for name in ("n", *values):
        value = values.get(name, "").replace(",", "")
        if value.isdigit():
            return int(value)
    return 0


def _translate(text: str, depth: int) -> str:
    language = i18n.language()
    patterns, plain = _sentences(language)
    if text in plain:
        return i18n._(text)
    for sentence in patterns:
        if sentence.clue not in text:
            continue
        found = sentence.pattern.fullmatch(text)
        if found is None:
            continue
        values = {sentence.groups[group]: value for group, value in found.groupdict().items()}
        if sentence.plural is None:
            translated = i18n._(sentence.singular)
        else:
            translated = i18n.ngettext(sentence.singular, sentence.plural, _count(values))

        def value(match: re.Match[str], values: dict[str, str] = values) -> str:
            name = match.group(1)
            if name not in values:
                return match.group(0)
            if name.split(".")[0] in SENTENCE_FIELDS and depth < _MAX_DEPTH:
                return _inner(values[name], depth + 1)
            if name in NAME_FIELDS and values[name] in plain:
                return i18n._(values[name])
            return values[name]

        return _PLACEHOLDER.sub(value, translated)
    return text


def _inner(text: str, depth: int) -> str:
    """A sentence inside another, which may have lost its full stop ("... needs
    reconnecting (the access token expired)")."""
    said = _translate(text, depth)
    if said != text or text.endswith("."):
        return said
    dotted = _translate(f"{text}.", depth)
    return text if dotted == f"{text}." else dotted.removesuffix(".")


@functools.lru_cache(maxsize=4096)
def _shown(text: str, language: str) -> str:
    del language  # part of the cache's key: the same text reads differently in each
    return _translate(text, 0)


def shown(text: str) -> str:
    """A kept sentence (``english``) in the language Cordon speaks now; text that no
    sentence of the catalogue made, as it is."""
    if not text or i18n.language() == i18n.ENGLISH:
        return text
    return _shown(text, i18n.language())
