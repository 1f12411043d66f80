"""Loads the window's translations into the application.

Three translators, each only when its file exists: Qt's own (``qtbase_LANG.qm`` from
Qt's translations folder, for the standard buttons and dialogs; PySide6 ships none
for Welsh, so a system Qt's is used when it has one, else Cordon's own
``resources/i18n/qtbase_cy.qm`` for the ones its window shows), and Cordon's
(``resources/i18n/cordon_LANG.qm``, built from ``cordon_LANG.ts`` by
``scripts/i18n.py``). English loads ``cordon_en.qm`` too: it holds only the English
forms of the counting sentences (``self.tr("%n post(s)", "", n)``). The core's
sentences are switched with them (``console.language``).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

import resources
from console import language as languages
from storage import i18n, stored_words
from storage.i18n import WELSH

_installed: list[QTranslator] = []  # kept alive: Qt holds translators by pointer only


def qt_translations(language: str) -> list[Path]:
    """Qt's own translation files for ``language`` that this Qt has."""
    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    found = [folder / f"qtbase_{language}.qm"]
    system = Path("/usr/share/qt6/translations") / f"qtbase_{language}.qm"
    if system != found[0]:
        found.append(system)
    found.append(resources.path("i18n", f"qtbase_{language}.qm"))
    return [path for path in found if path.is_file()][:1]


def cordon_translation(language: str) -> Path:
    return resources.path("i18n", f"cordon_{language}.qm")


def install(app: QCoreApplication, language: str) -> None:
    """Makes ``app`` (and the core) speak ``language``; replaces what was installed."""
    i18n.use(language)
    stored_words.warm()  # read the kept sentences now, not at the first one painted
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    files = [*qt_translations(language), cordon_translation(language)]
    for path in files:
        translator = QTranslator(app)
        if path.is_file() and translator.load(str(path)):
            app.installTranslator(translator)
            _installed.append(translator)
    if language == WELSH:
        QLocale.setDefault(QLocale(QLocale.Language.Welsh, QLocale.Country.UnitedKingdom))
    else:
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))


def install_chosen(app: QCoreApplication) -> str:
    """Chooses the language (``console.language``; the desktop's UI languages stand
    for the system's when the environment names none) and installs it."""
    language = languages.choose(QLocale.system().uiLanguages())
    install(app, language)
    return language


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks ``text`` for ``pyside6-lupdate`` under ``context`` and gives it back untranslated
    (translate it where it is shown, with ``QCoreApplication.translate(context, text)``).
    PySide6's own types its result as ``object``; this one is a ``str``."""
    return text
