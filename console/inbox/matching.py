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

_APOSTROPHES = re.compile(r"['’‘ʼ`´]")
# Straight apostrophes dropped; look-alike symbols read as the letters they stand for.
_LOOKALIKE_SYMBOLS = str.maketrans({"'": None, "`": None, "@": "a", "$": "s", "€": "e", "£": "l"})
_DIGIT_LETTERS = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t"})
_DIGIT_IN_WORD = re.compile(r"(?<=[^\W\d_])[013457]+|[013457]+(?=[^\W\d_])")
_DIGIT = re.compile(r"[013457]")
_NOT_WORD = re.compile(r"[\W_]+")
_REPEATS = re.compile(r"(.)\1+")


def normalise(text: str) -> str:
    """``text`` as words separated by single spaces, with a space at each end (so a
    phrase matches as whole words with ``f" {phrase} " in normalised``)."""
    if text.isascii():  # most posts: no Unicode forms or accents to undo
        text = text.lower()
    else:
        text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).casefold())
        text = "".join(char for char in text if not unicodedata.combining(char))
        text = _APOSTROPHES.sub("", text)
    text = text.translate(_LOOKALIKE_SYMBOLS)
    if _DIGIT.search(text):
        text = _DIGIT_IN_WORD.sub(lambda m: m.group(0).translate(_DIGIT_LETTERS), text)
    words = _join_spelled_out(_NOT_WORD.sub(" ", text).split())
    # Single spaces between words: collapsing repeats never joins two words.
    return _REPEATS.sub(r"\1", " " + " ".join(words) + " ")


def _join_spelled_out(words: list[str]) -> list[str]:
    joined: list[str] = []
    run: list[str] = []
    for word in [*words, ""]:
        if len(word) == 1:
            run.append(word)
            continue
        joined += ["".join(run)] if len(run) >= 3 else run
        run = []
        if word:
            joined.append(word)
    return joined


@dataclass(frozen=True)
class Phrase:
    """A phrase as listed, and the normalised forms that count as it."""

    text: str
    forms: tuple[str, ...]

    def found_in(self, normalised: str) -> bool:
        return any(form in normalised for form in self.forms)


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


class PhraseIndex:
    """Phrases indexed by the longest word of each form, so a text is checked only
    against the forms whose key word it holds (most texts hold none)."""

    def __init__(self, phrases: Iterable[Phrase]) -> None:
        self.phrases = tuple(phrases)
        self._by_word: dict[str, list[tuple[int, str]]] = {}
        for number, listed in enumerate(self.phrases):
            for form in listed.forms:
                key = max(form.split(), key=len)
                self._by_word.setdefault(key, []).append((number, form))

    def found(self, normalised: str) -> list[str]:
        """The listed phrases found in an already normalised text, in list order."""
        hits: set[int] = set()
        for word in self._by_word.keys() & set(normalised.split()):
            hits.update(n for n, form in self._by_word[word] if form in normalised)
        return [self.phrases[n].text for n in sorted(hits)]


def found(normalised: str, phrases: Iterable[Phrase]) -> list[str]:
    """The listed phrases found in an already normalised text, in list order."""
    return PhraseIndex(phrases).found(normalised)
