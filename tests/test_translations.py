"""Cordon speaks Welsh: every sentence the window and the core show has its Welsh, the
compiled catalogues are the current build of their sources, the glossary is followed,
and the language is chosen as documented (``console.language``)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from console import language
from storage import i18n
from storage.errors import UNREACHABLE, is_unreachable
from storage.i18n import ENGLISH, WELSH, _
from storage.team_store import unreachable_sentence

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import i18n as catalogues  # noqa: E402  (scripts/i18n.py)


def test_every_sentence_has_its_welsh_and_the_builds_are_current() -> None:
    """Extracts the window's and the core's sentences afresh (pyside6-lupdate, Babel):
    one with no finished Welsh, with a placeholder, %n or & shortcut lost, with a
    glossary term not kept, or a .qm/.mo that is not the build of its .ts/.po fails."""
    problems = catalogues.check()
    assert not problems, "\n".join(problems)


def test_a_missing_translation_is_named(tmp_path: Path) -> None:
    """The check is not blind: a sentence with no Welsh, a lost placeholder and a
    glossary term dropped are each reported."""
    assert catalogues.sentence_problems("x", "Sent to {n}.", "", plural=False)
    assert catalogues.sentence_problems("x", "Sent to {n}.", "Anfonwyd i {m}.", plural=False)
    assert catalogues.sentence_problems("x", "&Save", "Cadw", plural=False)
    assert catalogues.term_problems("x", "Call the Fire and Rescue Service", ["Ffoniwch y tân"])
    assert not catalogues.term_problems(
        "x", "Ask Cardiff Council", ["Gofynnwch i Gyngor Caerdydd"]
    ), "a mutated term is the term"


def test_a_kept_sentence_that_says_too_little_to_be_found_is_named(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """``shown()`` cannot tell "{network} ({status}): {message}" from a network's own
    words, so a Welsh console would read it in English: the check names it."""
    (tmp_path / "adapter.py").write_text(
        "from storage.stored_words import english\n"
        "a = english('{network} ({status}): {message}', network='X', status=1, message='m')\n"
        "b = english('{network} did not answer in time.', network='X')\n"
    )
    monkeypatch.setattr(catalogues, "sources", lambda folders: [tmp_path / "adapter.py"])
    monkeypatch.setattr(catalogues, "ROOT", tmp_path)
    [problem] = [p for p in catalogues.unfindable_problems() if p.startswith("adapter.py")]
    assert problem.startswith("adapter.py:2: english('{network} ({status}): {message}')")


def test_the_glossary_holds_the_public_services() -> None:
    terms = {term.english: term.welsh for term in catalogues.glossary()}
    assert terms["Police"] == "Heddlu"
    assert terms["Fire and Rescue Service"] == "Gwasanaeth Tân ac Achub"
    assert terms["Ambulance Service"] == "Gwasanaeth Ambiwlans"
    assert terms["Council"] == "Cyngor"


def _splices(path: Path) -> list[str]:
    """Translated words put into another translated sentence: ``tr("{noun} ...")
    .format(noun=tr("posts"))``, or a ``tr()`` inside an f-string."""
    found = []
    tree = ast.parse(path.read_text(encoding="utf-8"))

    def is_tr(node: ast.AST) -> bool:
        return (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("tr", "translate")
        )

    def holds_tr(node: ast.AST) -> bool:
        return any(is_tr(inner) for inner in ast.walk(node))

    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "format"
            and holds_tr(node.func.value)
            and any(holds_tr(keyword.value) for keyword in node.keywords)
        ):
            found.append(f"{path.name}:{node.lineno}: a translated piece is put into a sentence")
        if isinstance(node, ast.JoinedStr) and holds_tr(node):
            found.append(f"{path.name}:{node.lineno}: tr() inside an f-string")
    return found


def test_no_sentence_is_spliced_from_translated_pieces() -> None:
    files = sorted((ROOT / "ui").glob("*.py")) + sorted((ROOT / "widgets").glob("*.py"))
    problems = [problem for path in files for problem in _splices(path)]
    assert not problems, "\n".join(problems)


def test_the_core_speaks_welsh_when_told() -> None:
    try:
        i18n.use(WELSH)
        assert _("Cordon speaks English (en) and Welsh (cy).") != (
            "Cordon speaks English (en) and Welsh (cy)."
        )
        assert i18n.language() == WELSH
    finally:
        i18n.use(ENGLISH)
    assert _("Cordon speaks English (en) and Welsh (cy).") == (
        "Cordon speaks English (en) and Welsh (cy)."
    )


def test_a_team_store_that_does_not_answer_is_known_in_either_language() -> None:
    """The window tells an unreachable team store by its sentence: in Welsh the
    sentence begins with the Welsh of its opening, and is still recognised."""
    english = unreachable_sentence("db.example:5432")
    assert english.startswith(UNREACHABLE) and is_unreachable(english)
    try:
        i18n.use(WELSH)
        welsh = unreachable_sentence("db.example:5432")
        assert not welsh.startswith(UNREACHABLE)
        assert welsh.startswith(_(UNREACHABLE)) and is_unreachable(welsh)
        assert "db.example:5432" in welsh
    finally:
        i18n.use(ENGLISH)
    assert not is_unreachable("The store file is damaged.")


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({"LANG": "cy_GB.UTF-8"}, WELSH),
        ({"LANG": "en_GB.UTF-8"}, ENGLISH),
        ({"LANGUAGE": "cy:en", "LANG": "en_GB.UTF-8"}, WELSH),
        ({"LC_ALL": "C.UTF-8"}, ENGLISH),
        ({"LANG": "de_DE.UTF-8"}, ENGLISH),
        ({"LANG": "en_GB.UTF-8", "CORDON_LANG": "cy"}, WELSH),
    ],
)
def test_the_language_is_chosen_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, environment: dict[str, str], expected: str
) -> None:
    monkeypatch.setenv("CORDON_HOME", str(tmp_path))
    for name in ("CORDON_LANG", *language.SYSTEM_ENV):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert language.choose() == expected


def test_the_desktop_language_counts_when_the_environment_names_none(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CORDON_HOME", str(tmp_path))
    for name in ("CORDON_LANG", *language.SYSTEM_ENV):
        monkeypatch.delenv(name, raising=False)
    assert language.choose(["cy-GB", "en-GB"]) == WELSH
    assert language.choose(["fr-FR"]) == ENGLISH


def test_a_saved_choice_beats_the_system_and_the_override_beats_both(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CORDON_HOME", str(tmp_path))
    monkeypatch.delenv("CORDON_LANG", raising=False)
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    language.save(WELSH)
    assert (tmp_path / "language").read_text(encoding="utf-8").strip() == "cy"
    assert language.choose() == WELSH
    monkeypatch.setenv("CORDON_LANG", "en")
    assert language.choose() == ENGLISH


def test_an_unknown_language_is_one_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORDON_LANG", "fr")
    with pytest.raises(ValueError, match="English \\(en\\) and Welsh \\(cy\\), not fr"):
        language.choose()


# Exceptions that carry a programmer's message, never an officer's sentence.
_PROGRAMMER_ERRORS = {
    "ValueError", "RuntimeError", "AssertionError", "TypeError", "KeyError",
    "NotImplementedError", "SystemExit", "AttributeError",
}  # fmt: skip


def _unmarked_core_sentences(path: Path) -> list[str]:
    """A sentence the core raises (or a command prints) as a bare literal or f-string,
    not through ``_()``: it would stay English in a Welsh window or terminal."""
    found = []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        said: ast.expr | None = None
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and node.exc.args:
            func = node.exc.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name not in _PROGRAMMER_ERRORS and name != "fail":
                said = node.exc.args[0]
        elif (
            "cli" in path.name
            and isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "print"
            and node.args
        ):
            said = node.args[0]
        if isinstance(said, ast.Constant) and isinstance(said.value, str):
            words = said.value
        elif isinstance(said, ast.JoinedStr):
            words = "".join(str(v.value) for v in said.values if isinstance(v, ast.Constant))
        else:
            continue
        if (
            "\t" not in words
            and not words.startswith("cordon: ")
            and any(len(word) > 2 and word.isalpha() for word in words.split())
        ):
            line = getattr(node, "lineno", 0)
            found.append(f"{path.relative_to(ROOT)}:{line}: {words[:60]!r} is not _()")
    return found


def test_the_core_says_nothing_past_gettext() -> None:
    """Every sentence the core raises for an officer, and every line a command prints,
    goes through ``_()`` (so it is extracted, and the first test wants its Welsh)."""
    files = [
        path
        for folder in ("storage", "console", "incident")
        for path in sorted((ROOT / folder).rglob("*.py"))
        if path.name not in ("verify_cordon.py", "i18n.py")
    ]
    problems = [problem for path in files for problem in _unmarked_core_sentences(path)]
    assert not problems, "\n".join(problems)


def test_the_command_line_s_help_and_argparse_s_own_words_speak_welsh(tmp_path: Path) -> None:
    import os
    import subprocess

    env = os.environ | {"CORDON_HOME": str(tmp_path)}

    def cordon(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, str(ROOT / "main.py"), *args],
            capture_output=True, text=True, env=env, timeout=60, check=False,
        )  # fmt: skip

    welsh = cordon("--lang", "cy", "store", "--help")
    assert welsh.returncode == 0, welsh.stderr
    assert welsh.stdout.startswith("defnydd: cordon store")
    assert "creu storfa newydd wedi’i hamgryptio" in welsh.stdout
    assert "dangos y neges gymorth hon a gadael" in welsh.stdout
    assert "create a new encrypted store" not in welsh.stdout
    wrong = cordon("--lang", "cy", "store", "chek")
    assert wrong.returncode == 2
    assert "gwall: dadl ACTION: dewis annilys: 'chek'" in wrong.stderr
    english = cordon("store", "--help")
    assert english.stdout.startswith("usage: cordon store")
    assert "create a new encrypted store" in english.stdout
    window = cordon("--lang", "cy", "--help")
    assert "Consol cyfathrebu digwyddiadau Cordon." in window.stdout


def test_the_timeline_speaks_welsh_when_told() -> None:
    """The incident report's timeline and the headless exercise's narration share
    these lines: each is a whole sentence in the current language."""
    import json

    from incident.report import timeline_line
    from storage.records import AuditCategory, AuditEntry

    def line(action: str, after: dict[str, object]) -> str:
        entry = AuditEntry(
            7, "2026-12-06T10:00:00Z", "alice", action, AuditCategory.ALTERATION, "incident",
            "1", None, json.dumps(after), "", "", "", "",
        )  # fmt: skip
        return timeline_line(entry, {}, {}).what

    stood: tuple[str, dict[str, object]] = (
        "incident.stand_down", {"released": 2, "cancelled": 1, "statements_sent": 1},
    )  # fmt: skip
    engaged: tuple[str, dict[str, object]] = (
        "incident.engage", {"mode": "suspend", "scope": "all", "in_flight": [4, 5]},
    )  # fmt: skip
    assert line(*stood) == "Stood down: 2 released, 1 cancelled, 1 statement sent."
    assert line(*engaged) == (
        "Incident mode engaged (suspend): hold on all channels. 2 posts were already sending."
    )
    try:
        i18n.use(WELSH)
        assert line(*stood) == (
            "Dirwyn i ben: 2 wedi’u rhyddhau, 1 wedi’u canslo, 1 datganiad wedi’i anfon."
        )
        assert line(*engaged).startswith("Cychwynnwyd modd digwyddiad (atal dros dro)")
    finally:
        i18n.use(ENGLISH)


def test_standing_down_while_posts_are_held_is_refused_in_the_officers_language() -> None:
    from incident.stand_down import StillHeld

    assert str(StillHeld(1)).startswith("1 post is still held: release, reschedule or cancel")
    assert str(StillHeld(16)).startswith("16 posts are still held:")
    try:
        i18n.use(WELSH)
        assert str(StillHeld(1)).startswith("Mae 1 neges yn dal wedi'i hatal:")
        assert str(StillHeld(16)).startswith("Mae 16 neges yn dal wedi'u hatal:")
    finally:
        i18n.use(ENGLISH)
