"""argparse's own words (``usage:``, ``options``, its error sentences) in the officer's
language.

argparse looks up its module-level ``_`` and ``ngettext`` each time it speaks, so
pointing them at Cordon's catalogue (``storage.i18n``) translates them; the sentences
are listed here, as Python 3.11's argparse writes them, so that extraction puts them
in the catalogue. A newer Python that words one differently shows that one in English.
"""

from __future__ import annotations

import argparse

from storage.i18n import N_, _, ngettext

WORDS = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("not allowed with argument %s"),
    N_("one of the arguments %s is required"),
    N_("ignored explicit argument %r"),
    N_("expected one argument"),
    N_("expected at least one argument"),
    N_("expected at most one argument"),
    N_("can't open '%(filename)s': %(error)s"),
)


def speak() -> None:
    """Makes argparse speak the current language (call before building a parser).
    Its one counting sentence ("expected %s arguments") needs nargs=N, which no verb
    uses, so it is not in the catalogue."""
    argparse._ = _  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]
