"""The label beside a holding statement's or a saved reply's field (``{location}``,
``{next_update}``): the fields the shipped templates and replies use are named in the
officer's language; any other (a force's own) is its name, spaced and capitalised."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ui.common.translations import QT_TRANSLATE_NOOP

KNOWN = {
    "location": QT_TRANSLATE_NOOP("FieldLabels", "Location"),
    "time": QT_TRANSLATE_NOOP("FieldLabels", "Time"),
    "reference": QT_TRANSLATE_NOOP("FieldLabels", "Reference"),
    "next_update": QT_TRANSLATE_NOOP("FieldLabels", "Next update"),
    "description": QT_TRANSLATE_NOOP("FieldLabels", "Description"),
    "helpline": QT_TRANSLATE_NOOP("FieldLabels", "Helpline"),
    "name": QT_TRANSLATE_NOOP("FieldLabels", "Name"),
    "road": QT_TRANSLATE_NOOP("FieldLabels", "Road"),
    "until": QT_TRANSLATE_NOOP("FieldLabels", "Until"),
    "website": QT_TRANSLATE_NOOP("FieldLabels", "Website"),
}


def field_label(name: str) -> str:
    known = KNOWN.get(name)
    if known is not None:
        return QCoreApplication.translate("FieldLabels", known)
    return name.replace("_", " ").capitalize()
