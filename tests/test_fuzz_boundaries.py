"""Fuzzing the boundaries with Hypothesis: the key file, the command line's
arguments and scenario files. Whatever comes in, the answer is a sentence (a
``StoreError``, a ``ScenarioError``, exit code 2), never a traceback."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storage.errors import StoreError, WrongPassword
from storage.keyslots import KeyFile

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
