"""``cordon exercise new|run|status`` as a shell runs them: real processes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.exercise.conftest import SMALL
from tests.test_cli import cordon

pytestmark = pytest.mark.slow


def test_new_run_headless_and_status_from_the_shell(tmp_path: Path) -> None:
    path = str(tmp_path / "flood.cordon")
    bad = tmp_path / "bad.toml"
    bad.write_text(SMALL.read_text(encoding="utf-8").replace("count = 6", "count = 1"))
    refused = cordon("exercise", "new", path, "--scenario", str(bad), "--user", "tess")
    assert refused.returncode == 2
    assert "bad.toml line 74: " in refused.stderr and "from 2 to 500" in refused.stderr
    assert not Path(path).exists()

    made = cordon("exercise", "new", path, "--scenario", str(SMALL), "--user", "tess")
    assert made.returncode == 0, made.stderr
    assert "Created exercise store" in made.stdout and "EXERCISE EXERCISE EXERCISE" in made.stdout

    played = cordon("exercise", "run", path, "--user", "tess", "--headless")
    assert played.returncode == 0, played.stderr
    lines = played.stdout.splitlines()
    assert lines[0] == lines[-1] == "EXERCISE EXERCISE EXERCISE"
    fired = [line.split()[5] for line in lines if "GMT" in line and line.split()[5].endswith(":")]
    assert fired == [
        "first-report:", "unsafe-rumour:", "gold-holding:", "press:", "worried-residents:",
        "kingsford-down:", "kingsford-back:", "token-gone:",
    ]  # fmt: skip
    published = [line for line in lines if "  Published “" in line]
    assert len(published) == 3  # each of the team's posts told as it goes out
    assert any(" from the public to a post on " in line for line in lines)
    assert "Injects fired: 8 of 8" in played.stdout
    assert "Posts on their channels: 3 published." in played.stdout

    state = cordon("exercise", "status", path, "--user", "tess")
    assert state.returncode == 0, state.stderr
    assert "Clock: ended at Sat 14/03/2026 12:00 GMT" in state.stdout

    again = cordon("exercise", "run", path, "--user", "tess", "--headless", "--speed", "5000")
    assert again.returncode == 2 and "from 1 to 3600" in again.stderr
