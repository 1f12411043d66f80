"""Named ``{fields}`` in a text: the same rules as holding statements
(``incident.statements.fields_of``/``fill``), kept here because the console may
not import the incident layer. Parsed with ``string.Formatter``; every field must
be filled."""

from __future__ import annotations

import string
from collections.abc import Mapping

from storage.errors import StoreError
from storage.i18n import _


def fields_of(text: str) -> list[str]:
    """The named fields of a text, in order of first appearance."""
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
        raise StoreError(
            _("The reply's braces do not pair up ({error}): write each field as {{name}}.").format(
                error=error
            )
        ) from error
    return list(found)


def fill(text: str, values: Mapping[str, str]) -> str:
    missing = [name for name in fields_of(text) if not values.get(name, "").strip()]
    if missing:
        listed = ", ".join(f"{{{name}}}" for name in missing)
        raise StoreError(_("Fill in every field before it goes: {listed}.").format(listed=listed))
    return text.format_map({k: v.strip() for k, v in values.items()})
