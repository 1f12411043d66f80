"""Posts in Welsh and English: the force's choice, and the texts each channel gets.

The store setting ``console.settings.BILINGUAL`` says whether posts must carry both
languages and how they go out: **one** post holding both texts (the first language,
``SEPARATOR``, the second), or **two** linked posts (the second a reply to the first
where the network has replies: ``THREADED``; two posts otherwise), Welsh or English
first. A post that should carry both and lacks one is refused with one sentence
(``missing_sentence``), before anything is stored.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from enum import StrEnum

from storage import posts
from storage.i18n import _
from storage.queue import Claimed


class Form(StrEnum):
    OFF = "off"
    ONE = "one"  # one post: both texts, a separator between
    TWO = "two"  # two linked posts


class First(StrEnum):
    WELSH = "cy"
    ENGLISH = "en"


# Between the two texts of one bilingual post (storage.posts.SEPARATOR).
SEPARATOR = posts.SEPARATOR

# Networks where the second of two linked posts goes as a reply to the first (a thread).
THREADED = frozenset({"bluesky", "mastodon", "x"})


@dataclass(frozen=True)
class Choice:
    """The force's setting: off, or a form and which language goes first."""

    form: Form = Form.OFF
    first: First = First.WELSH

    @property
    def on(self) -> bool:
        return self.form is not Form.OFF

    def render(self) -> str:
        return "off" if not self.on else f"{self.form.value}:{self.first.value}"

    @staticmethod
    def parse(raw: str) -> Choice:
        """``off``, ``one:cy``, ``one:en``, ``two:cy`` or ``two:en``."""
        if raw.strip() == "off":
            return Choice()
        form, _sep, first = raw.strip().partition(":")
        return Choice(Form(form), First(first))  # ValueError for anything else

    def __str__(self) -> str:
        return self.render()

    def ordered(self, welsh: str, english: str) -> tuple[str, str]:
        """The two texts in the order they go out."""
        return (welsh, english) if self.first is First.WELSH else (english, welsh)

    def combined(self, welsh: str, english: str) -> str:
        """One bilingual post's text."""
        first, second = self.ordered(welsh.strip(), english.strip())
        return first + SEPARATOR + second

    @property
    def for_both(self) -> Choice:
        """How texts written in both languages go out: this setting's form, or, with
        the setting off (turned off after they were written), one post, Welsh first."""
        return self if self.on else Choice(Form.ONE, First.WELSH)


def missing_sentence(welsh: str, english: str) -> str | None:
    """The sentence refusing a post that lacks a language, or None when it has both."""
    if not welsh.strip() and not english.strip():
        return _("The post is empty: write something first.")
    if not welsh.strip():
        return _(
            "This post has no Welsh text. The force requires both languages: add the "
            "Welsh, or ask an administrator to turn bilingual posting off."
        )
    if not english.strip():
        return _(
            "This post has no English text. The force requires both languages: add the "
            "English, or ask an administrator to turn bilingual posting off."
        )
    return None


def first_language(post: posts.Post, first: str, second: str) -> First:
    """Which language the first of a target's two linked posts (``first``, then
    ``second``) is in. The Welsh has no channel's own version, so a target still
    holding the post's Welsh says it; else (its Welsh amended since) the post's body,
    which is the first language's text (``console.posts.texts_of``)."""
    if post.welsh is not None and post.welsh.strip() in (first.strip(), second.strip()):
        return First.WELSH if first.strip() == post.welsh.strip() else First.ENGLISH
    return First.WELSH if post.body == post.welsh else First.ENGLISH


def second_post(claimed: Claimed) -> Claimed:
    """The second of two linked posts, as the adapter sends it: its own text and its own
    idempotency key (derived from the target's, so a retry finds it), no images."""
    key = uuid.uuid5(uuid.NAMESPACE_OID, f"{claimed.idempotency_key}/second").hex
    return replace(claimed, text=claimed.second_text or "", idempotency_key=key, images=())


def sent_texts(choice: Choice, welsh: str, english: str) -> list[str]:
    """What a channel is sent, post by post: one combined text, or the two in order."""
    if choice.form is Form.TWO:
        return [text.strip() for text in choice.ordered(welsh, english)]
    return [choice.combined(welsh, english)]
