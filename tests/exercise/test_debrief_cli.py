"""``cordon exercise debrief PATH --out FILE``: the same debrief and disclosure as the
window's, from a shell."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

import pytest

import incident.exercise.cli  # noqa: F401  (adds the exercise verbs)
from console import cli
from console.marking import EXERCISE_MARK
from incident.exercise import debrief_out, service
from storage import audit
from storage.lifecycle import open_store
from tests.exercise.conftest import SMALL, TRAINER
from tests.helpers import FAST_KDF, PASSWORD


def test_the_debrief_verb_writes_the_file_and_records_the_disclosure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = asyncio.run(
        service.create_exercise(tmp_path / "ex.cordon", SMALL, TRAINER, PASSWORD, kdf=FAST_KDF)
    )
    monkeypatch.setenv("CORDON_PASSWORD", PASSWORD)
    out, err = io.StringIO(), io.StringIO()
    argv = ["exercise", "debrief", str(path), "--user", TRAINER, "--out", str(tmp_path / "d.csv")]
    assert cli.run(argv, out, err) == cli.EXIT_OK, err.getvalue()
    assert "0 injects arrived, 0 picked up" in out.getvalue()
    assert (tmp_path / "d.csv").read_text("utf-8").splitlines()[0] == EXERCISE_MARK

    async def last() -> tuple[str, str, str]:
        store, _ = await open_store(path, TRAINER, PASSWORD)
        try:
            entries = await store.run(lambda db: list(audit.iter_entries(db)))
        finally:
            await store.close()
        return entries[-1].action, entries[-1].justification, entries[-1].recipient

    assert asyncio.run(last()) == (
        "exercise.debrief_export",
        debrief_out.DEFAULT_REASON,
        debrief_out.DEFAULT_RECIPIENT,
    )
    bad = ["exercise", "debrief", str(path), "--user", TRAINER, "--out", str(tmp_path / "d.doc")]
    assert cli.run(bad, out, err) == cli.EXIT_ERROR
    assert "a .pdf or a .csv" in err.getvalue()
