"""Cold start to the sign-in screen, sign-in to a usable main window, and the memory
the window and the engine service hold with a 100,000-target, 100,000-item store.

    .venv/bin/python bench/startup.py [--runs N] [--before TREE] [--targets N] [--items N]

Every figure comes from fresh interpreters running the real ``main.py`` (offscreen,
``CORDON_HOME`` in a temporary folder), so it is what an officer waits for:

1. **Cold start**: from starting ``python main.py STORE`` to the sign-in screen shown
   (target under 0.6 s), median of N runs, then the ten slowest imports of one run
   (``python -X importtime``).
2. **After sign-in**: the same program on a store with ``--targets`` queued targets
   and ``--items`` inbox items filed into conversations; 3 s after the sign-in screen
   shows (an officer typing a name and password) the bench signs in through the
   screen (a fast key cost: the password check is not what is measured) and times
   from the session being open to the queue's first rows painted and to every area
   built at sign-in having read the store (``MainWindow.loaded``; target under 1 s).
   The window builds an area when it is first shown: at sign-in that is the queue
   and the incident area; older trees built and read all nine.
3. **Memory**: the window's resident set once loaded and after scrolling the queue
   and the inbox top to bottom (target under 400 MB), and the engine service the
   window started (``cordon serve``), 10 s after the window loaded (target under
   200 MB).

``--before TREE`` runs the same children against another checkout (``git archive
HEAD | tar -x -C TREE`` of the older commit) alternately with this one, in the same
run, so the two columns share the machine's load.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PASSWORD = "benchmark password"
TYPING_MS = 3000

# Runs in the child, in the tree under test: main.main() as the app runs it, with
# hooks that print when the sign-in screen shows and, with a password given, sign in
# and report the main window's times and memory.
CHILD = """
import faulthandler, os, sys, time
began = time.perf_counter()
faulthandler.dump_traceback_later(240, exit=True)  # a stuck run fails, never hangs the bench
sys.path.insert(0, {root!r})
sys.argv = [os.path.join({root!r}, "main.py"), {store!r}]
import main
SIGN_IN_ONLY = {sign_in_only!r}
PASSWORD = {password!r}
TYPING_MS = {typing_ms!r}  # the officer types a name and password


def rss_mb(pid):
    with open(f"/proc/{{pid}}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def hooks():
    import asyncio
    from PySide6.QtCore import QTimer
    from ui.frame import app as ui_app
    from ui.common.lazy_model import LOADING

    start = ui_app.AppController.start
    signed_in = ui_app.AppController._signed_in

    def started(self, demo=False):
        start(self, demo)
        # Shown once the loop has handled the events the show posted (the paint);
        # processEvents() here would run the loop's tasks inside this one.
        QTimer.singleShot(0, lambda: shown(self))

    def shown(self):
        print(f"sign-in {{time.perf_counter() - began:.4f}}", flush=True)
        if SIGN_IN_ONLY:
            os._exit(0)
        QTimer.singleShot(TYPING_MS, lambda: type_and_sign_in(self))

    def type_and_sign_in(self):
        self.sign_in.prefill(self.sign_in.store_path(), "alice", PASSWORD)
        self.sign_in.attempt()

    def opened(self, session):
        at = time.perf_counter()
        signed_in(self, session)
        window = self.main_window

        async def watch():
            try:
                await measure()
            except BaseException:
                import traceback
                traceback.print_exc()
                os._exit(1)

        async def measure():
            queue = window.queue_view
            model = queue.model
            while model.rowCount() == 0 or model.data(model.index(0, 3)) == LOADING:
                await asyncio.sleep(0.002)
            await asyncio.sleep(0)  # the repaint the rows posted
            print(f"painted {{time.perf_counter() - at:.4f}}", flush=True)
            while not window.loaded:
                await asyncio.sleep(0.002)
            print(f"loaded {{time.perf_counter() - at:.4f}}", flush=True)
            print(f"rss-loaded {{rss_mb(os.getpid()):.1f}}", flush=True)
            for key in ("queue", "inbox"):
                window.show_area(key)  # built when first shown: wait for its first read
                while not window.loaded:
                    await asyncio.sleep(0.002)
                view = window.queue_view if key == "queue" else window.inbox_view
                table = getattr(view, "table", None) or getattr(view, "list", None)
                bar = table.verticalScrollBar()
                for step in range(201):
                    bar.setValue(int(bar.maximum() * step / 200))
                    await asyncio.sleep(0.005)
            await asyncio.sleep(0.5)
            print(f"rss-scrolled {{rss_mb(os.getpid()):.1f}}", flush=True)
            from console import service
            pid = None
            for _ in range(300):
                row = await service.status(session.store)
                if row is not None and row.pid and row.state.value == "running":
                    pid = row.pid
                    break
                await asyncio.sleep(0.1)
            await asyncio.sleep(10)
            print(f"rss-service {{rss_mb(pid) if pid else 0.0:.1f}}", flush=True)
            if pid:
                os.kill(pid, 15)
                for _ in range(200):  # let it stop cleanly before the next run
                    if not os.path.exists(f"/proc/{{pid}}"):
                        break
                    await asyncio.sleep(0.05)
            os._exit(0)

        self.tasks.spawn(watch())

    ui_app.AppController.start = started
    ui_app.AppController._signed_in = opened


import ui.frame.app  # imported by main.main() a moment later in any case
hooks()
main.main()
"""


def child(tree: Path, store: Path, home: Path, *, sign_in_only: bool, importtime: bool = False
          ) -> tuple[dict[str, float], str]:  # fmt: skip
    """Run one fresh interpreter; its figures, and stderr (the import times)."""
    code = CHILD.format(
        root=str(tree),
        store=str(store),
        sign_in_only=sign_in_only,
        password=PASSWORD,
        typing_ms=TYPING_MS,
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CORDON_HOME=str(home))
    command = [sys.executable, *(["-X", "importtime"] if importtime else []), "-c", code]
    with tempfile.TemporaryFile("w+") as stderr:  # a pipe would fill and stop the child
        started = time.perf_counter()
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=stderr, text=True, env=env
        )
        figures: dict[str, float] = {}
        assert process.stdout is not None
        for line in process.stdout:
            name, _, value = line.strip().partition(" ")
            if name == "sign-in":
                figures["wall"] = time.perf_counter() - started
            if value:
                figures[name] = float(value)
        process.wait(timeout=300)
        stderr.seek(0)
        errors = stderr.read()
    if "sign-in" not in figures or (not sign_in_only and "rss-service" not in figures):
        raise RuntimeError(f"the child failed:\n{errors[-3000:]}")
    return figures, errors


def slowest_imports(report: str, count: int = 10) -> list[tuple[int, str]]:
    """Lines look like ``import time:   123 |    4567 |   package.module``."""
    rows = []
    for line in report.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        _self, cumulative, name = line.removeprefix("import time:").split("|", 2)
        rows.append((int(cumulative), name.strip()))
    return sorted(rows, reverse=True)[:count]


async def build_store(path: Path, targets: int, items: int) -> None:
    """A store with ``targets`` queued targets on three channels and ``items`` inbox
    items filed into conversations the way sync files them."""
    from bench.inbox_window import bench_session, file_items
    from bench.queue_view import queue_targets

    session = await bench_session(path)
    await queue_targets(session, targets)
    await file_items(session, items)
    await session.sign_out()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--before", type=Path, help="another checkout to measure alongside")
    parser.add_argument("--targets", type=int, default=100_000)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--window-runs", type=int, default=3, help="0: the cold start only")
    args = parser.parse_args()
    trees = {"this tree": ROOT}
    if args.before is not None:
        trees = {"before": args.before.resolve(), "this tree": ROOT}
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder) / "home"
        home.mkdir()
        missing = Path(folder) / "nobody.cordon"
        for tree in trees.values():  # warm the OS file cache: a cold disk is not measured
            child(tree, missing, home, sign_in_only=True)
        starts: dict[str, list[float]] = {name: [] for name in trees}
        for _ in range(args.runs):
            for name, tree in trees.items():
                starts[name].append(child(tree, missing, home, sign_in_only=True)[0]["wall"])
        print("1. cold start to the sign-in screen (python main.py, wall time)  [target < 0.6 s]")
        for name, times in starts.items():
            print(f"   {name:<10} median {statistics.median(times):.3f} s "
                  f"(min {min(times):.3f}, max {max(times):.3f}, {args.runs} runs)")  # fmt: skip
        if args.before is not None:
            ratio = statistics.median(starts["this tree"]) / statistics.median(starts["before"])
            print(f"   this tree / before: {ratio:.2f}x")
        for name, tree in trees.items():
            _, report = child(tree, missing, home, sign_in_only=True, importtime=True)
            print(f"   slowest imports, {name} (cumulative, one run under -X importtime):")
            for micros, module in slowest_imports(report):
                print(f"     {micros / 1000:8.1f} ms  {module}")

        if args.window_runs == 0:
            return 0
        master = Path(folder) / "master"
        master.mkdir()
        began = time.perf_counter()
        asyncio.run(build_store(master / "big.cordon", args.targets, args.items))
        print(f"\n   (store with {args.targets:,} targets and {args.items:,} items built in "
              f"{time.perf_counter() - began:.0f} s)")  # fmt: skip
        windows: dict[str, list[dict[str, float]]] = {name: [] for name in trees}
        for run in range(args.window_runs):
            for name, tree in trees.items():
                # Each run on its own copy of the store, with a home of its own.
                copy = Path(folder) / f"run-{run}-{name.replace(' ', '-')}"
                shutil.copytree(master, copy / "store")
                (copy / "home").mkdir()
                store = copy / "store" / "big.cordon"
                windows[name].append(child(tree, store, copy / "home", sign_in_only=False)[0])
                shutil.rmtree(copy)
        print(f"2. sign-in to a usable main window, {args.targets:,} targets, {args.items:,} "
              f"items (medians of {args.window_runs})  [target < 1 s]")  # fmt: skip
        for name, runs in windows.items():
            painted = statistics.median(r["painted"] for r in runs)
            loaded = statistics.median(r["loaded"] for r in runs)
            print(f"   {name:<10} queue painted {painted:.3f} s, every area loaded {loaded:.3f} s")
        print("3. resident memory (medians)  [window < 400 MB, service < 200 MB]")
        for name, runs in windows.items():
            loaded_mb = statistics.median(r["rss-loaded"] for r in runs)
            scrolled = statistics.median(r["rss-scrolled"] for r in runs)
            service = statistics.median(r["rss-service"] for r in runs)
            print(f"   {name:<10} window loaded {loaded_mb:.0f} MB, after scrolling queue and "
                  f"inbox {scrolled:.0f} MB; service {service:.0f} MB")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
