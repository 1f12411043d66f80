"""Errors the store raises.

Two families, kept apart on purpose (as qutebrowser's ``misc/sql.py`` does):
``StoreError`` subclasses are things a user can understand and often fix (a wrong
password, a full disk, a store from a newer Cordon); every one carries a sentence
that says what happened and what to do. Anything else escaping the store is a bug.
"""

from __future__ import annotations

from storage.i18n import N_, _


class StoreError(Exception):
    """A failure the user can read: ``str(error)`` is one clear sentence."""


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
