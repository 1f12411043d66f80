"""Cold start to the sign-in screen, and the slowest imports on the way.

    .venv/bin/python bench/startup.py [--runs N]

Starts a fresh interpreter N times (default 5), each building the real sign-in
screen offscreen and showing it; reports the median wall time from process start
to the screen being shown (target: under 1.5 s), then the ten slowest imports of
one run from ``python -X importtime``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = f"""
import sys
sys.path.insert(0, {str(ROOT)!r})
from PySide6.QtWidgets import QApplication
from ui.app import style_sheet
from ui.sign_in import SignInScreen
from ui.tasks import Tasks
from pathlib import Path
app = QApplication([])
app.setStyleSheet(style_sheet())
screen = SignInScreen(Path("/nonexistent/cordon.cordon"), Tasks())
screen.show()
app.processEvents()
print("shown", flush=True)
"""


def one_run(env: dict[str, str], importtime: bool = False) -> tuple[float, str]:
    command = [sys.executable, *(["-X", "importtime"] if importtime else []), "-c", CHILD]
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    elapsed = time.perf_counter() - started
    assert "shown" in result.stdout
    return elapsed, result.stderr


def slowest_imports(report: str, count: int = 10) -> list[tuple[int, str]]:
    """Lines look like ``import time:   123 |    4567 |   package.module``."""
    rows = []
    for line in report.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        _self, cumulative, name = line.removeprefix("import time:").split("|", 2)
        rows.append((int(cumulative), name.strip()))
    return sorted(rows, reverse=True)[:count]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    one_run(env)  # warm the OS file cache once; a cold disk is not what we measure
    times = [one_run(env)[0] for _ in range(args.runs)]
    print(
        f"cold start to the sign-in screen: median {statistics.median(times):.3f} s "
        f"(min {min(times):.3f}, max {max(times):.3f}, {args.runs} runs)  [target < 1.5 s]"
    )
    _, report = one_run(env, importtime=True)
    print("slowest imports (cumulative):")
    for micros, name in slowest_imports(report):
        print(f"  {micros / 1000:8.1f} ms  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
