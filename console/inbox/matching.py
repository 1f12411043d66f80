"""How listening rules and threat phrases find words in what the public writes.

People write in a hurry, on a phone, sometimes in distress: "HELP ME", "help...me",
"h e l p  m e", "#helpme", "helppp meee", "he’s got a knife", "k1ll myself".
``normalise`` turns a text into a plain run of lower-case words so that all of
these read the same, and a phrase matches only as whole words: "help me" is in
"please help me!" but not in "helpmeet", "kill" is not in "skill".

The steps, in order (the same for the text and for the phrase):

1. Unicode compatibility forms and case folded; accents dropped ("suïcide").
2. Apostrophes dropped, straight or curly ("he’s" -> "hes", "don't" -> "dont").
3. Look-alike symbols and digits inside words read as letters ("k1ll", "$uicide").
4. Everything that is not a letter or digit becomes a space (punctuation, hyphens,
   emoji, the # of a hashtag), and runs of spaces become one.
5. Three or more single letters in a row are joined ("h e l p m e" -> "helpme").
6. Repeated letters count once ("helppp" -> "help", "kill" -> "kil", on both sides).

A phrase of several words also matches written as one ("helpme", "#selfharm").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")
_APOSTROPHES = re.compile(r"['’‘ʼ`´]")
# Straight apostrophes dropped; look-alike symbols read as the letters they stand for.
_LOOKALIKE_SYMBOLS = str.maketrans({"'": None, "`": None, "@": "a", "$": "s", "€": "e", "£": "l"})
_DIGIT_LETTERS = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t"})
_DIGIT = re.compile(r"[013457]")
_DIGIT_RUN = re.compile(r"[013457]+")
_LETTER = re.compile(r"[^\W\d_]")
_LOOKALIKE = re.compile("[" + re.escape("'`@$€£") + "]")
_NOT_WORD = re.compile(r"[\W_]+")
_REPEATS = re.compile(r"(.)\1+")
# Three or more one-letter words in a row ("h e l p"), in a text of words and single
# spaces: a word of one character, then at least two more, each a whole word.
_SPELLED_OUT = re.compile(r"(?<!\S)\S(?: \S(?!\S)){2,}")


def _digits_in_words(text: str) -> str:
    """Look-alike digits next to a letter read as letters ("k1ll"); others stay ("101").
    A run of look-alike digits changes when the character just before or just after
    the whole run is a letter (found run by run: a regular expression with
    look-arounds tried at every character cost twice as much)."""
    parts: list[str] = []
    done = 0
    end_of_text = len(text)
    for run in _DIGIT_RUN.finditer(text):
        start, end = run.span()
        if (start and _LETTER.match(text, start - 1)) or (
            end < end_of_text and _LETTER.match(text, end)
        ):
            parts += [text[done:start], run.group(0).translate(_DIGIT_LETTERS)]
            done = end
    if not parts:
        return text
    parts.append(text[done:])
    return "".join(parts)


def _first(match: re.Match[str]) -> str:
    return match.group(1)  # a callable is cheaper than the template r"\1" per match


def _joined(match: re.Match[str]) -> str:
    return match.group(0).replace(" ", "")


def normalise(text: str) -> str:
    """``text`` as words separated by single spaces, with a space at each end (so a
    phrase matches as whole words with ``f" {phrase} " in normalised``)."""
    if text.isascii():  # most posts: no Unicode forms or accents to undo
        text = text.lower()
    else:
        text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).casefold())
        text = "".join(char for char in text if not unicodedata.combining(char))
        text = _APOSTROPHES.sub("", text)
    if _LOOKALIKE.search(text):
        text = text.translate(_LOOKALIKE_SYMBOLS)
    if _DIGIT.search(text):
        text = _digits_in_words(text)
    # Words with single spaces between them (the sub collapses every run of
    # non-word characters to one space): collapsing repeats never joins two words.
    words = _NOT_WORD.sub(" ", text).strip()
    if len(words) >= 5 and _SPELLED_OUT.search(words):
        words = _SPELLED_OUT.sub(_joined, words)
    return _REPEATS.sub(_first, f" {words} ")


@dataclass(frozen=True)
class Phrase:
    """A phrase as listed, and the normalised forms that count as it."""

    text: str
    forms: tuple[str, ...]


def phrase(text: str, variants: Iterable[str] = ()) -> Phrase:
    """``text`` (and its listed variants: misspellings, other wordings) as a Phrase."""
    forms: list[str] = []
    for written in [text, *variants]:
        words = normalise(written).split()
        if not words:
            continue
        # Written as one word, letters the words' ends and starts shared count once too.
        for form in (" ".join(words), _REPEATS.sub(r"\1", "".join(words))):
            padded = f" {form} "
            if padded not in forms:
                forms.append(padded)
    return Phrase(text, tuple(forms))


class FormIndex(Generic[T]):
    """Normalised forms, each with a tag (a phrase's number, a rule), indexed by the
    longest word of each form: a text is checked only against the forms whose key
    word it holds (most texts hold none), however many forms are listed."""

    def __init__(self) -> None:
        self._by_word: dict[str, list[tuple[T, str]]] = {}

    def add(self, tag: T, forms: Iterable[str]) -> None:
        for form in forms:
            key = max(form.split(), key=len)
            self._by_word.setdefault(key, []).append((tag, form))

    def tags_in(self, normalised: str) -> set[T]:
        """The tags of every form found in an already normalised text."""
        hits: set[T] = set()
        for word in self._by_word.keys() & set(normalised.split()):
            hits.update(tag for tag, form in self._by_word[word] if form in normalised)
        return hits


class PhraseIndex:
    """Phrases in a ``FormIndex``: which listed phrases a text holds."""

    def __init__(self, phrases: Iterable[Phrase]) -> None:
        self.phrases = tuple(phrases)
        self._index: FormIndex[int] = FormIndex()
        for number, listed in enumerate(self.phrases):
            self._index.add(number, listed.forms)

    def found(self, normalised: str) -> list[str]:
        """The listed phrases found in an already normalised text, in list order."""
        return [self.phrases[n].text for n in sorted(self._index.tags_in(normalised))]


def found(normalised: str, phrases: Iterable[Phrase]) -> list[str]:
    """The listed phrases found in an already normalised text, in list order."""
    return PhraseIndex(phrases).found(normalised)
