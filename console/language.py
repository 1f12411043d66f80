"""Which language Cordon speaks: English or Welsh (Cymraeg).

Chosen, first that says: ``--lang`` on the command line (``main.py`` puts it in
``$CORDON_LANG``), ``$CORDON_LANG``, the choice saved from the Settings area (the file
``language`` in Cordon's settings folder, one word), then the system's language
(``$LANGUAGE``, ``$LC_ALL``, ``$LC_MESSAGES``, ``$LANG``, or what the window's
toolkit reports, e.g. Windows' display language). Anything that is not Welsh is
English. The choice is the machine user's, not the store's: it is known before any
store is open, so the sign-in screen is in it too.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from console.paths import config_dir
from storage import i18n
from storage.i18n import ENGLISH, LANGUAGES, WELSH, _

ENV = "CORDON_LANG"
SYSTEM_ENV = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def _saved_file() -> Path:
    return config_dir() / "language"


def _known(code: str) -> str | None:
    """``cy``, ``cy_GB.UTF-8``, ``cy-GB``, ``Welsh_United Kingdom`` -> ``cy``; English
    likewise -> ``en``; anything else -> None."""
    word = code.strip().lower().split(".")[0].split("@")[0]
    if not word or word in ("c", "posix"):
        return None
    if word.startswith(("cy", "welsh", "cymraeg")):
        return WELSH
    if word.startswith(("en", "english")):
        return ENGLISH
    return None


def _neutral(code: str) -> bool:
    """The C/POSIX locale says nothing about a person's language."""
    return code.strip().lower().split(".")[0] in ("c", "posix")


def saved() -> str | None:
    """The language chosen in the Settings area, or None."""
    try:
        return _known(_saved_file().read_text(encoding="utf-8"))
    except OSError:
        return None


def save(language: str) -> None:
    """Keeps ``language`` as this machine user's choice."""
    if language not in LANGUAGES:
        raise ValueError(_("Cordon speaks English (en) and Welsh (cy)."))
    folder = config_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    _saved_file().write_text(language + "\n", encoding="utf-8")


def from_system(toolkit: Iterable[str] = ()) -> str:
    """The system's language: the first of the environment's locale variables that is
    set (``$LANGUAGE`` is a colon-separated list of preferences), then ``toolkit``
    (the desktop's UI languages, e.g. ``QLocale.system().uiLanguages()``)."""
    for name in SYSTEM_ENV:
        value = os.environ.get(name, "")
        for part in value.split(":"):
            if (known := _known(part)) is not None:
                return known
        if value and name != "LANGUAGE" and _known(value) is None and not _neutral(value):
            return ENGLISH  # a locale set to another language: English
    for code in toolkit:
        if (known := _known(code)) is not None:
            return known
    return ENGLISH


def choose(toolkit: Iterable[str] = ()) -> str:
    """The language to speak (see the module's note for the order)."""
    asked = os.environ.get(ENV, "")
    if asked:
        known = _known(asked)
        if known is None:
            raise ValueError(
                _("Cordon speaks English (en) and Welsh (cy), not {asked}.").format(asked=asked)
            )
        return known
    return saved() or from_system(toolkit)


def apply(toolkit: Iterable[str] = ()) -> str:
    """Chooses the language and makes the core's sentences speak it; returns it."""
    language = choose(toolkit)
    i18n.use(language)
    return language
