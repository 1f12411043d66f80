"""What a window does for the engine, without Qt: sign in, start the engine if none
runs (or attach to the one that does), then watch it until killed.

    python -m tests.window_stand_in STORE_PATH SIMULATOR_URL

The crash tests kill this process with SIGKILL at random moments; the engine it
started must go on publishing (it runs in a session of its own).
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from console.engine_keeper import EngineKeeper, ProcessLauncher
from console.session import SignInThrottle, sign_in
from tests.helpers import PASSWORD

ROOT = Path(__file__).resolve().parent.parent


async def main(path: Path, simulator_url: str) -> None:
    session = await sign_in(path, "alice", PASSWORD, via="window", throttle=SignInThrottle())
    launcher = ProcessLauncher(
        [sys.executable, str(ROOT / "main.py")], ["--simulator-url", simulator_url]
    )
    keeper = EngineKeeper(session.store, launcher, started_by="alice")
    await keeper.start()
    print("watching", flush=True)
    await asyncio.Event().wait()  # until killed


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1]), sys.argv[2]))
