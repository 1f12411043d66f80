"""The minimum a password must be before it may unlock a store."""

from __future__ import annotations

MIN_LENGTH = 10


def password_problem(password: str) -> str | None:
    """A sentence saying what is wrong with ``password``, or None if it will do."""
    if len(password) < MIN_LENGTH:
        return f"Use a password of at least {MIN_LENGTH} characters (a short phrase works well)."
    if len(set(password)) < 4:
        return "Use a password with more variety than a few repeated characters."
    if password.strip() != password:
        return "A password may not start or end with a space."
    return None
