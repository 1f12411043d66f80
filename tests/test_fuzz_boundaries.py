"""Fuzzing the boundaries with Hypothesis: the key file, the command line's
arguments and scenario files. Whatever comes in, the answer is a sentence (a
``StoreError``, a ``ScenarioError``, exit code 2), never a traceback."""

from __future__ import annotations

import asyncio
import io
import json
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import main
from console import cli
from incident.exercise.scenario_file import ScenarioError, parse_scenario
from storage.errors import StoreError, WrongPassword
from storage.keyslots import KeyFile
from tests.exercise.test_scenario import BASE
from tests.helpers import PASSWORD, make_store

main.load_verbs()  # the incident, exercise and report verbs

_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner),
    max_leaves=20,
)


def _slot_like() -> st.SearchStrategy[dict[str, object]]:
    fields = ("slot_id", "user_tag", "tag_salt", "kdf_salt", "time_cost", "memory_kib",
              "parallelism", "nonce", "wrapped_key")  # fmt: skip
    return st.fixed_dictionaries({name: _json for name in fields})


@given(
    doc=st.one_of(
        _json,
        st.fixed_dictionaries(
            {
                "format": st.just("cordon-keys") | _json,
                "version": st.just(1) | _json,
                "store_id": _json,
                "kind": st.sampled_from(["live", "exercise"]) | _json,
                "created_utc": _json,
                "slots": st.lists(_slot_like(), max_size=2) | _json,
                "generation": _json,
            }
        ),
    ),
    junk=st.binary(max_size=64),
)
def test_fuzzed_key_files_are_read_or_refused_with_a_sentence(doc: object, junk: bytes) -> None:
    for raw in (json.dumps(doc).encode(), junk):
        try:
            keyfile = KeyFile.parse(raw, "s.cordon.keys")
        except StoreError as error:
            assert str(error).startswith("The key file s.cordon.keys ")
            continue
        for _ in keyfile.slots:
            with pytest.raises(WrongPassword):
                keyfile.unlock("someone", "a password")


# -- the command line's arguments ----------------------------------------------------------------

# Every verb but the slow ones (creating a store benchmarks key derivation; an exercise
# run plays a scenario), with arguments drawn from what a user might type.
_VERBS = [
    key for key in sorted(cli._HANDLERS) if key not in {("store", "create"), ("exercise", "run")}
]
_OPTIONS = ["--user", "--out", "--checkpoint", "--reason", "--to", "--role", "--incident",
            "--name", "--channels", "--areas", "--mode", "--status", "--accept"]  # fmt: skip


@pytest.fixture(scope="module")
def fuzz_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("fuzz") / "s.cordon"

    async def made() -> None:
        await (await make_store(path)).close()

    asyncio.run(made())
    (path.parent / "folder").mkdir()
    (path.parent / "notes.txt").write_text("not a checkpoint")
    return path


def _tokens(store: Path) -> st.SearchStrategy[str]:
    folder = store.parent
    places = [str(store), str(folder), str(folder / "folder"), str(folder / "missing" / "x.pdf"),
              str(folder / "notes.txt"), str(folder / "out.jsonl"), str(folder / "out.pdf"),
              str(folder / "out.csv"), str(folder / "out.json"), "-", ""]  # fmt: skip
    return st.one_of(
        st.sampled_from(places),
        st.sampled_from(_OPTIONS),
        st.sampled_from(["alice", "administrator", "observer", "99999999999", "-1", "0"]),
        st.text(max_size=20),
    )


@given(data=st.data())
@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "60")))
def test_fuzzed_command_lines_end_in_a_sentence(
    data: st.DataObject, fuzz_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CORDON_PASSWORD", PASSWORD)
    monkeypatch.setenv("CORDON_NEW_PASSWORD", "a new long password")
    verb, action = data.draw(st.sampled_from(_VERBS))
    rest = data.draw(st.lists(_tokens(fuzz_store), max_size=6))
    argv = [verb, action, str(fuzz_store), "--user", "alice", *rest]
    out, err = io.StringIO(), io.StringIO()
    try:
        code = cli.run(argv, out, err)
    except SystemExit as stopped:  # argparse's own usage message, exit 2
        code = int(stopped.code or 0)
    assert code in (cli.EXIT_OK, cli.EXIT_PROBLEM, cli.EXIT_ERROR)
    said = err.getvalue()
    assert "did not expect" not in said and "Traceback" not in said, (argv, said)


# -- scenario files ------------------------------------------------------------------------------

# The loader tests' scenario, with its inject made a surge so its settings are fuzzed too.
_SCENARIO = BASE.replace('kind = "mention"', 'kind = "surge"').replace(
    'author = "someone"\ntext = "Hi"', 'count = 5\nover = "10m"\ntexts = ["Hi"]'
)
assert "surge" in _SCENARIO and "count = 5" in _SCENARIO


_toml_values = st.one_of(
    st.integers().map(str),
    st.floats(allow_nan=True).map(lambda f: repr(f).replace("inf", "inf").replace("nan", "nan")),
    st.booleans().map(lambda b: str(b).lower()),
    st.text(max_size=30).map(lambda t: json.dumps(t)),
    st.from_regex(r"\A\+?[0-9]{1,14}d([0-9]{1,6}h)?\Z").map(lambda t: f'"{t}"'),
    st.lists(st.text(max_size=8).map(json.dumps), max_size=3).map(lambda v: f"[{', '.join(v)}]"),
    st.sampled_from(['"2026-03-29T01:30"', '"9999-12-31T23:59"', '"0001-01-01T00:00"', "{}"]),
)


@given(data=st.data())
def test_fuzzed_scenarios_load_or_are_refused_with_a_sentence(data: st.DataObject) -> None:
    lines = _SCENARIO.splitlines()
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.sampled_from([n for n, line in enumerate(lines) if " = " in line]))
        key = lines[at].split(" = ")[0]
        lines[at] = f"{key} = {data.draw(_toml_values)}"
    try:
        parse_scenario("\n".join(lines) + "\n", "fuzz.toml")
    except ScenarioError as error:
        assert str(error).startswith("fuzz.toml")
