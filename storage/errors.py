"""Errors the store raises.

Two families, kept apart on purpose (as qutebrowser's ``misc/sql.py`` does):
``StoreError`` subclasses are things a user can understand and often fix (a wrong
password, a full disk, a store from a newer Cordon); every one carries a sentence
that says what happened and what to do. Anything else escaping the store is a bug.

A refusal that one process raises and another reads (the engine refusing a window's
request, a companion that could not start beside it) is raised with ``kept``: its
sentence is a kept sentence (``storage.stored_words.english``), so the engine stores
``error.english`` and a window in another language reads it with ``shown``.
"""

from __future__ import annotations

from typing import Self

from storage.i18n import N_, _
from storage.stored_words import shown


class StoreError(Exception):
    """A failure the user can read: ``str(error)`` is one clear sentence, in the
    language this process speaks."""

    _kept: str | None = None

    @classmethod
    def kept(cls, sentence: str) -> Self:
        """Raised with ``sentence``, a kept sentence written in English
        (``english(...)``): ``str()`` says it in this process's language (``shown``),
        ``english`` is the sentence itself, what another process may store and read.
        (For the errors made from their sentence alone.)"""
        error = cls(shown(sentence))
        error._kept = sentence
        return error

    @property
    def english(self) -> str:
        """What to keep in the store when this error is a request's answer or the
        engine's state: the kept sentence it was raised ``kept`` with; otherwise the
        sentence as said (a storage error's, in this process's language)."""
        return self._kept if self._kept is not None else str(self)


class StoreNotFound(StoreError):
    pass


class ChangedMeanwhile(StoreError):
    """Someone else changed the post or conversation after this officer's screen
    showed it: nothing was saved; the sentence says who, when, and to reload."""


class StoreExists(StoreError):
    pass


class WrongPassword(StoreError):
    """The password did not unlock the user's key slot. Nothing was changed."""

    def __init__(self, message: str, retry_after: float = 0.0) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class TooManyAttempts(StoreError):
    """A sign-in was tried before the growing delay after wrong passwords ran out."""

    def __init__(self, message: str, retry_after: float) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class StoreTooNew(StoreError):
    pass


class StoreDamaged(StoreError):
    pass


class DiskFull(StoreError):
    pass


class AuditRefused(StoreError):
    """The schema refused to change or delete an audit entry."""


# How every such sentence begins (its Welsh begins with this phrase's Welsh).
UNREACHABLE = N_("Team store unreachable")


def is_unreachable(sentence: str) -> bool:
    """Whether ``sentence`` says a team store did not answer, in English or translated."""
    return sentence.startswith((UNREACHABLE, _(UNREACHABLE)))


class StoreUnreachable(StoreError):
    """A team store's database server did not answer: nothing was saved or read.
    Cordon reconnects by itself; the sentence says so."""
