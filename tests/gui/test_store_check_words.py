"""The store check in Settings counts the audit trail's entries in the right number
("1 entry", not "1 entries"), in English and in Welsh."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from storage.i18n import ENGLISH, WELSH
from ui.common.translations import install
from ui.settings.settings_view import CheckWords


@pytest.mark.parametrize(
    ("language", "said"),
    [
        (ENGLISH, ["0 entries", "1 entry", "2 entries", "1,234 entries"]),
        (WELSH, ["0 cofnod", "1 cofnod", "2 cofnod", "1,234 cofnod"]),
    ],
)
def test_the_store_check_counts_its_entries(
    qapp: QApplication, language: str, said: list[str]
) -> None:
    install(qapp, language)
    try:
        words = CheckWords()
        assert [words.intact(n).rsplit(": ", 1)[1].rstrip(".") for n in (0, 1, 2, 1234)] == said
    finally:
        install(qapp, ENGLISH)
