"""The core's sentences in the officer's language, with the standard library's gettext.

Every sentence the core shows a person (an error in the window, a line the command
line prints) is written whole in English with named placeholders and passed through
``_`` (or ``ngettext`` when it counts something), then filled with ``.format``:
``_("Wrong password for {name}, or no such user.").format(name=name)``. A sentence is
never built from translated pieces, so a translation can put the words in its own
order. A constant defined at import time is marked with ``N_`` and translated where
it is shown (``_(SETTING.label)``), because the language is chosen after imports.

The catalogues are ``resources/i18n/cordon_LANG.mo``, compiled from
``cordon_LANG.po`` by ``scripts/i18n.py`` (tests/test_translations.py fails when the
compiled file is not the catalogue's current build or a sentence has no translation).
English is the source language and needs no catalogue.
"""

from __future__ import annotations

import gettext

import resources

ENGLISH, WELSH = "en", "cy"
LANGUAGES = (ENGLISH, WELSH)
DOMAIN = "cordon"

_catalogue: gettext.NullTranslations = gettext.NullTranslations()
_language = ENGLISH


def catalogue_path(language: str) -> str:
    return str(resources.path("i18n", f"{DOMAIN}_{language}.mo"))


def use(language: str) -> None:
    """Speak ``language`` (one of ``LANGUAGES``) from now on."""
    global _catalogue, _language
    if language not in LANGUAGES:
        raise ValueError(f"Cordon has no {language!r} translation")
    if language == ENGLISH:
        _catalogue = gettext.NullTranslations()
    else:
        with open(catalogue_path(language), "rb") as file:
            _catalogue = gettext.GNUTranslations(file)
    _language = language


def language() -> str:
    return _language


def _(message: str) -> str:
    """``message`` in the current language (itself when it has no translation)."""
    return _catalogue.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a counting sentence for ``n`` in the current language."""
    return _catalogue.ngettext(singular, plural, n)


def N_(message: str) -> str:  # gettext's own name for "mark, translate later"
    """Marks ``message`` for the catalogue without translating it yet."""
    return message
