"""Fail when the code holds something nothing uses (vulture).

    .venv/bin/python scripts/unused_code.py

Vulture reads the code, the tests, the benchmarks and the scripts together (a
helper only the tests call is used), with ``scripts/vulture_allow.py`` naming what
Qt, the standard library or a framework calls. It reports only on the code a user
runs and on the benchmarks and scripts; the tests' own fixtures and hooks are
pytest's business. Prints each finding and exits 1 when there is one.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READ = ["console", "incident", "storage", "ui", "widgets", "main.py", "bench", "scripts", "tests"]
REPORTED = ("console/", "incident/", "storage/", "ui/", "widgets/", "main.py", "bench/", "scripts/")


def main() -> int:
    found = subprocess.run(
        [sys.executable, "-m", "vulture", *READ, "scripts/vulture_allow.py",
         "--min-confidence", "60", "--exclude", "scripts/pds,.venv,packaging/out,.cache"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if found.returncode not in (0, 3):  # 3: vulture found something
        print(found.stderr or found.stdout, file=sys.stderr)
        return found.returncode
    unused = [line for line in found.stdout.splitlines() if line.startswith(REPORTED)]
    for line in unused:
        print(line)
    if unused:
        print(
            f"{len(unused)} unused: remove it, or name what calls it in scripts/vulture_allow.py",
            file=sys.stderr,
        )
        return 1
    print("no unused code")
    return 0


if __name__ == "__main__":
    sys.exit(main())
