"""Cordon's translations: extract, build and check them.

    .venv/bin/python scripts/i18n.py update   # new sentences from the code into the catalogues
    .venv/bin/python scripts/i18n.py build    # compile the catalogues the app loads
    .venv/bin/python scripts/i18n.py check    # what is missing or wrong (tests run this)

Two catalogues per language, because the window and the core translate differently:

* the window's (``ui/``, ``widgets/``: every ``self.tr(...)``), extracted by Qt's
  ``pyside6-lupdate`` into ``resources/i18n/cordon_cy.ts`` and compiled by
  ``pyside6-lrelease`` into ``cordon_cy.qm``. ``cordon_en.ts`` holds only the English
  forms of the counting sentences (``self.tr("%n post(s)", "", n)``);
* the core's (``storage/``, ``console/``, ``incident/``: every ``_()``, ``N_()``,
  ``english()``, ``english_n()`` (sentences kept in the store, ``storage.stored_words``) and
  ``ngettext()``), extracted with Babel into ``cordon_cy.po`` and compiled into
  ``cordon_cy.mo``, which the standard library's ``gettext`` reads at run time.

Qt's own words (the standard buttons, a text box's menu, Qt's file chooser) come from
Qt's ``qtbase_LANG.qm``, which PySide6 does not ship for Welsh: ``qtbase_cy.ts`` is
Cordon's Welsh for the ones its window shows, kept by hand (``pyside6-lupdate`` cannot
extract them) and compiled into ``qtbase_cy.qm`` with the rest.

The compiled files are committed (a build of the app needs no Qt tools and no
Babel); ``check`` fails when one is not the current build of its catalogue, when a
sentence has no Welsh, when a translation loses or invents a ``{placeholder}``,
``%n`` or ``&`` shortcut, or when it does not use the glossary's term
(``resources/i18n/glossary.toml``) for a term its English uses.
"""

from __future__ import annotations

import ast
import io
import json
import re
import subprocess
import sys
import tempfile
import tomllib
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = HOME = Path(__file__).resolve().parent.parent
I18N = ROOT / "resources" / "i18n"
BIN = Path(sys.executable).parent
WINDOW_FOLDERS = ("ui", "widgets")
CORE_FOLDERS = ("storage", "console", "incident", "main.py")
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "english": None, "english_n": (1, 2)}
TRANSLATED = ("cy",)
QT_LANGUAGE = {"cy": "cy_GB", "en": "en_GB"}
PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_.]*(?:![rs])?(?::[^{}]*)?\}")
SHORTCUT = re.compile(r"&(?!&)(?=\w)")
COUNT = re.compile(r"%L?n")
KEPT = "kept_sentences.json"  # storage.stored_words.KEPT_FILE


def sources(folders: Iterable[str]) -> list[Path]:
    found = [ROOT / name for name in folders if name.endswith(".py")]
    found += (
        path for name in folders if not name.endswith(".py") for path in (ROOT / name).rglob("*.py")
    )
    return sorted(found)


def ts_path(language: str) -> Path:
    return I18N / f"cordon_{language}.ts"


def po_path(language: str) -> Path:
    return I18N / f"cordon_{language}.po"


# -- the window (Qt Linguist) ------------------------------------------------------------


def lupdate(target: Path, language: str, plural_only: bool = False) -> None:
    """Extracts the window's sentences into ``target``, keeping its translations."""
    command = [
        str(BIN / "pyside6-lupdate"),
        *map(str, sources(WINDOW_FOLDERS)),
        "-target-language", QT_LANGUAGE[language],
        "-locations", "none",
        "-no-obsolete",
        "-sort-messages",
        "-silent",
        "-ts", str(target),
    ]  # fmt: skip
    if plural_only:
        command.insert(-2, "-pluralonly")
    subprocess.run(command, check=True, cwd=ROOT)


def lrelease(ts: Path, qm: Path) -> None:
    subprocess.run(
        [str(BIN / "pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True, cwd=ROOT
    )


@dataclass(frozen=True)
class Message:
    context: str
    source: str
    translations: tuple[str, ...]  # one, or one per plural form
    finished: bool
    plural: bool


def ts_messages(ts: Path) -> Iterator[Message]:
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            forms = [form.text or "" for form in translation.iter("numerusform")]
            yield Message(
                context=name,
                source=message.findtext("source") or "",
                translations=tuple(forms) if forms else (translation.text or "",),
                finished=translation.get("type") not in ("unfinished", "vanished", "obsolete"),
                plural=message.get("numerus") == "yes",
            )


# -- the core (gettext) -----------------------------------------------------------------


def core_template() -> Catalog:
    catalog = Catalog(project="Cordon", charset="utf-8")
    for path in sources(CORE_FOLDERS):
        for _line, message, _comments, _context in extract_from_file(
            "python", str(path), keywords=KEYWORDS
        ):
            catalog.add(message)
    return catalog


@dataclass(frozen=True)
class Kept:
    """One sentence written with ``english()`` / ``english_n()``: kept in the store."""

    where: str
    function: str
    forms: tuple[str, ...]  # the sentence, or a counting one's singular and plural


def kept_in_code() -> list[Kept]:
    """Every ``english()`` / ``english_n()`` sentence in the core, where it is written."""
    from babel.messages.extract import extract_python

    spec = {name: rule for name, rule in KEYWORDS.items() if name.startswith("english")}
    found: list[Kept] = []
    for path in sources(CORE_FOLDERS):
        with path.open("rb") as file:
            for line, name, message, _comments in extract_python(file, spec, [], {}):
                # Every string argument, in order (a str when there is one; typed otherwise):
                # the sentence is the first, a counting one's plural the second.
                said: object = message
                forms = tuple(said) if isinstance(said, tuple | list) else (said,)
                texts = tuple(form for form in forms[: 2 if name == "english_n" else 1])
                if texts and all(isinstance(text, str) for text in texts):
                    found.append(Kept(f"{path.relative_to(ROOT)}:{line}", str(name), texts))
    return found


def kept_bytes() -> bytes:
    """``resources/i18n/kept_sentences.json``: what ``storage.stored_words.shown`` looks
    for (only Cordon's kept sentences, never the window's labels an officer might type)."""
    pairs = sorted({(k.forms[0], k.forms[1] if len(k.forms) > 1 else None) for k in kept_in_code()},
                   key=lambda pair: (pair[0], pair[1] or ""))  # fmt: skip
    lines = ",\n".join(json.dumps(list(pair), ensure_ascii=False) for pair in pairs)
    return f"[\n{lines}\n]\n".encode()


def unfindable_problems() -> list[str]:
    """An ``english()`` sentence with too few words around its placeholders ("{a}
    ({b}): {c}", "Failed.") is kept, but ``storage.stored_words.shown`` cannot tell it
    from a network's or an officer's own words, so a Welsh console would show it in
    English; one that counts must say its count as ``{n}``; braces are never doubled.
    Name each."""
    if str(HOME) not in sys.path:
        sys.path.insert(0, str(HOME))
    from storage.stored_words import findable

    problems = []
    for kept in kept_in_code():
        for form in kept.forms:
            if not findable(form):
                problems.append(
                    f"{kept.where}: {kept.function}({form!r}) says too little besides its"
                    " placeholders for shown() to find it: write more words"
                )
            if "{{" in form or "}}" in form:
                problems.append(f"{kept.where}: {form!r}: a kept sentence doubles no brace")
            if kept.function == "english_n" and "{n}" not in form:
                problems.append(f"{kept.where}: {form!r} counts: say the count as {{n}}")
    shipped = I18N / KEPT
    if not shipped.exists() or shipped.read_bytes() != kept_bytes():
        problems.append(f"{shipped.name} is not the current list of kept sentences: build")
    return problems


def read_catalogue(language: str) -> Catalog:
    path = po_path(language)
    if not path.exists():
        return Catalog(locale=language, project="Cordon", charset="utf-8")
    with path.open("rb") as file:
        return read_po(file, locale=language)


def po_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=0, no_location=True, sort_output=True, ignore_obsolete=True)
    return out.getvalue()


def mo_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


# -- the verbs ---------------------------------------------------------------------------


def update() -> None:
    for language in TRANSLATED:
        lupdate(ts_path(language), language)
        catalog = read_catalogue(language)
        created = catalog.creation_date
        catalog.update(core_template(), no_fuzzy_matching=True)
        # A stable header: the file changes only when a sentence does.
        catalog.creation_date = catalog.revision_date = created
        catalog.fuzzy = False
        catalog.project, catalog.version = "Cordon", "0.1.0"
        catalog.copyright_holder = "Cordon's authors"
        catalog.last_translator = "Cordon's authors"
        catalog.language_team = "Cymraeg"
        po_path(language).write_bytes(po_bytes(catalog))
    lupdate(ts_path("en"), "en", plural_only=True)


def qt_own(language: str) -> Path:
    """Cordon's translation of Qt's own words (see the module's note)."""
    return I18N / f"qtbase_{language}.ts"


def build() -> None:
    (I18N / KEPT).write_bytes(kept_bytes())
    for language in (*TRANSLATED, "en"):
        lrelease(ts_path(language), I18N / f"cordon_{language}.qm")
    for language in TRANSLATED:
        lrelease(qt_own(language), qt_own(language).with_suffix(".qm"))
    for language in TRANSLATED:
        (I18N / f"cordon_{language}.mo").write_bytes(mo_bytes(read_catalogue(language)))


def _placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def sentence_problems(where: str, source: str, translation: str, plural: bool) -> list[str]:
    """What is wrong with one translation of ``source`` (``where`` names it)."""
    problems = []
    if not translation.strip():
        return [f"{where}: {source!r} has no translation"]
    if _placeholders(source) != _placeholders(translation):
        problems.append(
            f"{where}: {source!r} has placeholders {_placeholders(source)}, its translation "
            f"{_placeholders(translation)}"
        )
    if plural and COUNT.search(source) and not COUNT.search(translation):
        problems.append(f"{where}: {source!r}: a plural form lacks %n: {translation!r}")
    if len(SHORTCUT.findall(source)) != len(SHORTCUT.findall(translation)):
        problems.append(f"{where}: {source!r} and {translation!r} differ in & shortcuts")
    return problems


# Welsh initial mutations, so that a glossary term is found after "i", "ei", "yn" ...
_SOFT = {"c": "g", "p": "b", "t": "d", "g": "", "b": "f", "d": "dd", "ll": "l", "m": "f",
         "rh": "r"}  # fmt: skip
_NASAL = {"c": "ngh", "p": "mh", "t": "nh", "g": "ng", "b": "m", "d": "n"}
_ASPIRATE = {"c": "ch", "p": "ph", "t": "th"}


def mutations(word: str) -> set[str]:
    """``word`` and its soft, nasal and aspirate mutations (lower case)."""
    word = word.lower()
    forms = {word}
    for table in (_SOFT, _NASAL, _ASPIRATE):
        for radical in sorted(table, key=len, reverse=True):
            if word.startswith(radical):
                forms.add(table[radical] + word[len(radical) :])
                break
    forms.add("h" + word) if word[:1] in "aeiouwy" else None
    return forms


@dataclass(frozen=True)
class Term:
    english: str
    welsh: str
    checked: bool
    also: tuple[str, ...] = ()  # other forms (a plural) that keep the term

    def used_in(self, source: str) -> bool:
        text = PLACEHOLDER.sub("", source.replace("&", ""))
        return re.search(rf"\b{re.escape(self.english)}\b", text, re.IGNORECASE) is not None

    def kept_in(self, translation: str) -> bool:
        text = translation.replace("&", "").lower()
        for welsh in (self.welsh, *self.also):
            first, _, rest = welsh.partition(" ")
            tail = " " + rest.lower() if rest else ""
            if any(form + tail in text for form in mutations(first)):
                return True
        return False


def glossary() -> list[Term]:
    with (I18N / "glossary.toml").open("rb") as file:
        data = tomllib.load(file)
    return [
        Term(
            english=entry["en"],
            welsh=entry["cy"],
            checked=entry.get("checked", True),
            also=tuple(entry.get("also", ())),
        )
        for table in ("organisation", "term")
        for entry in data.get(table, [])
    ]


def term_problems(where: str, source: str, translations: Iterable[str]) -> list[str]:
    return [
        f"{where}: {source!r} says {term.english!r}; the glossary's Welsh is {term.welsh!r}"
        for term in glossary()
        if term.checked and term.used_in(source)
        for translation in translations
        if not term.kept_in(translation)
    ][:1]


def window_problems(language: str, folder: Path) -> list[str]:
    fresh = folder / f"fresh_{language}.ts"
    lupdate(fresh, language)
    committed = {(m.context, m.source): m for m in ts_messages(ts_path(language))}
    problems: list[str] = []
    for message in ts_messages(fresh):
        where = f"{ts_path(language).name} [{message.context}]"
        kept = committed.get((message.context, message.source))
        if kept is None or not kept.finished:
            problems.append(f"{where}: {message.source!r} has no finished translation")
            continue
        for form in kept.translations:
            problems += sentence_problems(where, message.source, form, message.plural)
        problems += term_problems(where, message.source, kept.translations)
    return problems


def english_plural_problems(folder: Path) -> list[str]:
    fresh = folder / "fresh_en.ts"
    lupdate(fresh, "en", plural_only=True)
    committed = {(m.context, m.source): m for m in ts_messages(ts_path("en"))}
    problems = []
    for message in ts_messages(fresh):
        kept = committed.get((message.context, message.source))
        if kept is None or not kept.finished or not all(kept.translations):
            problems.append(f"cordon_en.ts [{message.context}]: {message.source!r} lacks its "
                            "English singular and plural")  # fmt: skip
    return problems


def core_problems(language: str) -> list[str]:
    catalog = read_catalogue(language)
    problems = []
    where = po_path(language).name
    for template in core_template():
        if not template.id:
            continue
        kept = catalog.get(template.id)
        if kept is None or kept.fuzzy:
            key = template.id if isinstance(template.id, str) else template.id[0]
            problems.append(f"{where}: {key!r} has no translation")
            continue
        if isinstance(kept.id, str):
            strings = [str(kept.string or "")]
            sources_ = [kept.id]
        else:
            # Welsh has five forms; the second (n == 1) answers English's singular.
            strings = [str(form or "") for form in kept.string or ()] or [""]
            singular, plural = kept.id[0], kept.id[1]
            sources_ = [singular if index == 1 else plural for index in range(len(strings))]
        for source, translation in zip(sources_, strings, strict=True):
            problems += sentence_problems(where, source, translation, plural=False)
        problems += term_problems(where, sources_[0], strings)
    return problems


def compiled_problems(folder: Path) -> list[str]:
    problems = []
    for language in (*TRANSLATED, "en"):
        built = folder / f"built_{language}.qm"
        lrelease(ts_path(language), built)
        shipped = I18N / f"cordon_{language}.qm"
        if not shipped.exists() or shipped.read_bytes() != built.read_bytes():
            problems.append(f"{shipped.name} is not the current build of its .ts")
    for language in TRANSLATED:
        built = folder / f"built_qtbase_{language}.qm"
        lrelease(qt_own(language), built)
        shipped = qt_own(language).with_suffix(".qm")
        if not shipped.exists() or shipped.read_bytes() != built.read_bytes():
            problems.append(f"{shipped.name} is not the current build of its .ts")
        problems += [
            f"{qt_own(language).name}: {message.source!r} has no translation"
            for message in ts_messages(qt_own(language))
            if not message.finished or not message.translations[0].strip()
        ]
    for language in TRANSLATED:
        shipped = I18N / f"cordon_{language}.mo"
        if not shipped.exists() or shipped.read_bytes() != mo_bytes(read_catalogue(language)):
            problems.append(f"{shipped.name} is not the current build of its .po")
    return problems


def _literal_calls(path: Path) -> Iterator[tuple[int, str, bool]]:
    """Each ``x.tr("...")`` and ``QCoreApplication.translate("ctx", "...")`` in a file:
    its line, its text, and whether it counts (``tr(text, "", n)``)."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        name, args = node.func.attr, node.args
        text_at = {"tr": 0, "translate": 1}.get(name)
        if text_at is None or len(args) <= text_at:
            continue
        text = args[text_at]
        if isinstance(text, ast.Constant) and isinstance(text.value, str):
            yield (
                node.lineno,
                text.value,
                len(args) > text_at + 2 or any(keyword.arg == "n" for keyword in node.keywords),
            )


def unextracted_problems(folder: Path) -> list[str]:
    """A ``tr()`` that ``pyside6-lupdate`` did not extract would be shown in English
    with no check failing; this names it (and a counting ``translate()``, which
    lupdate extracts without its plural forms)."""
    fresh = folder / "fresh_cy.ts"
    extracted = {message.source for message in ts_messages(fresh)}
    problems = []
    for path in sources(WINDOW_FOLDERS):
        for line, text, counts in _literal_calls(path):
            where = f"{path.relative_to(ROOT)}:{line}"
            if text not in extracted:
                problems.append(f"{where}: pyside6-lupdate does not extract {text!r}")
            elif counts and "translate(" in path.read_text(encoding="utf-8").splitlines()[line - 1]:
                problems.append(f"{where}: a counting sentence needs self.tr(text, '', n)")
    return problems


def check() -> list[str]:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        problems = []
        for language in TRANSLATED:
            problems += window_problems(language, folder)
            problems += core_problems(language)
        problems += unextracted_problems(folder)
        problems += unfindable_problems()
        problems += english_plural_problems(folder)
        problems += compiled_problems(folder)
    return problems


def main(argv: list[str]) -> int:
    verbs = {"update": update, "build": build}
    if len(argv) == 1 and argv[0] in verbs:
        verbs[argv[0]]()
        return 0
    if argv == ["check"]:
        problems = check()
        print("\n".join(problems) or "Every sentence has its Welsh, and the builds are current.")
        return 1 if problems else 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
