"""Named ``{fields}`` in a text: holding-statement templates and saved replies
share these rules. Parsed with ``string.Formatter``; a field's name is an
identifier, and every field must be filled before the text goes."""

from __future__ import annotations

import string
from collections.abc import Mapping

from storage.errors import StoreError
from storage.i18n import _

# One whole sentence for each kind of text (a translation cannot splice the noun in).
_UNPAIRED = {
    "text": lambda: _("The text's braces do not pair up ({error}): write each field as {{name}}."),
    "template": lambda: _(
        "The template's braces do not pair up ({error}): write each field as {{name}}."
    ),
    "reply": lambda: _(
        "The reply's braces do not pair up ({error}): write each field as {{name}}."
    ),
}


def fields_of(text: str, *, whose: str = "text") -> list[str]:
    """The named fields of a text, in order of first appearance. ``whose`` names
    the text in the sentence for braces that do not pair up ("template", "reply")."""
    found: dict[str, None] = {}
    try:
        for _literal, name, _spec, _conversion in string.Formatter().parse(text):
            if name is not None:
                if not name.isidentifier():
                    raise StoreError(
                        _(
                            "“{{{name}}}” is not a field name: use letters, digits and _ only."
                        ).format(name=name)
                    )
                found[name] = None
    except ValueError as error:
        raise StoreError(_UNPAIRED.get(whose, _UNPAIRED["text"])().format(error=error)) from error
    return list(found)


def missing_fields(text: str, values: Mapping[str, str]) -> list[str]:
    """The fields of ``text`` that ``values`` leaves empty."""
    return [name for name in fields_of(text) if not values.get(name, "").strip()]


def fill(text: str, values: Mapping[str, str]) -> str:
    """``text`` with its fields filled in; a sentence naming the empty ones."""
    missing = missing_fields(text, values)
    if missing:
        listed = ", ".join(f"{{{name}}}" for name in missing)
        raise StoreError(_("Fill in every field before it goes: {listed}.").format(listed=listed))
    return text.format_map({k: v.strip() for k, v in values.items()})
