"""What starting the window imports before the officer signs in.

The sign-in screen comes up before the engine, the reports and their PDF library,
the networks' text rules, PostgreSQL's client and the main window's areas are
imported (they load after sign-in or on first use), so it shows quickly. These
check the structure in a fresh interpreter; how long it takes is measured by
``bench/startup.py``, never here.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import main

ROOT = Path(__file__).resolve().parent.parent

# Imported by the window only after sign-in, or when first used.
AFTER_SIGN_IN = (
    "console.engine",
    "console.reports",
    "console.queue",
    "console.networks",
    "fpdf",
    "twitter_text",
    "psycopg",
    "incident.demo",
    "ui.frame.main_window",
    "console.cli",
)


def _imported(code: str) -> set[str]:
    script = f"import sys, json\nsys.path.insert(0, {str(ROOT)!r})\n{code}\n"
    script += "print(json.dumps(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    return set(json.loads(done.stdout.splitlines()[-1]))


def test_the_sign_in_screen_imports_nothing_it_does_not_need() -> None:
    loaded = _imported("import main\nimport ui.frame.app\nimport ui.frame.sign_in")
    assert "ui.frame.app" in loaded and "ui.frame.sign_in" in loaded  # the check saw the real path
    early = sorted(
        name for name in loaded for heavy in AFTER_SIGN_IN
        if name == heavy or name.startswith(heavy + ".")
    )  # fmt: skip
    assert early == []


def test_the_window_path_knows_every_verb_of_the_command_line() -> None:
    main.load_verbs()
    from console import cli

    # The same verbs (their order in the command line's list follows which of their
    # modules happened to be imported first).
    assert sorted(main.VERBS) == sorted(cli.VERBS)
    assert len(main.VERBS) == len(set(main.VERBS))
