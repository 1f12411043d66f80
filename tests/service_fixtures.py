"""A store prepared for the engine service tests: alice (administrator and duty
officer) and one simulator channel, and a second connection to it standing for the
other process (a window beside the service, or the service beside a window)."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from subprocess import CompletedProcess

from console import users as user_admin
from console.posts import create_post
from console.session import Session, SignInThrottle, sign_in
from storage import channels
from storage.lifecycle import open_store
from storage.records import Role
from storage.store import Store
from storage.timeutil import to_iso
from tests.helpers import PASSWORD, make_store

ROOT = Path(__file__).resolve().parent.parent


async def prepare(path: Path | str) -> None:
    await (await make_store(path)).close()
    admin = await sign_in(path, "alice", PASSWORD, via="test", throttle=SignInThrottle())
    await user_admin.set_roles(admin, "alice", [Role.ADMINISTRATOR, Role.DUTY_OFFICER], reason="t")
    await admin.store.write(
        lambda tx: channels.insert(
            tx.db, name="Force X", network="simulator", account="force", area="", now=tx.now()
        )
    )
    await admin.sign_out()


async def window_session(path: Path | str) -> Session:
    """An officer signed in, as a window is."""
    return await sign_in(path, "alice", PASSWORD, via="window", throttle=SignInThrottle())


async def other_process(path: Path | str) -> Store:
    """The store opened a second time: its own connection and thread, as another
    process has (SQLite cannot tell the two apart)."""
    store, _user = await open_store(path, "alice", PASSWORD)
    return store


async def post_due_in(session: Session, seconds: float, body: str = "Road open again") -> int:
    due = to_iso(datetime.now(UTC) + timedelta(seconds=seconds))
    post = await create_post(session, body=body, channel_ids=[1], scheduled_utc=due)
    return post.targets[0].id


async def target_status(store: Store, target_id: int) -> str:
    def read(db: object) -> str:
        row = db.execute(  # type: ignore[attr-defined]
            "SELECT status FROM targets WHERE id = ?", (target_id,)
        ).fetchone()
        return str(row[0])

    return await store.run(read)


async def is_published(store: Store, target_id: int) -> bool:
    return await target_status(store, target_id) == "published"


def cordon(*args: str, stdin: str = "", env: dict[str, str] | None = None) -> CompletedProcess[str]:
    """``cordon ARGS`` in a process of its own, as an officer types it."""
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
        check=False,
    )


async def published_at(store: Store, target_id: int) -> datetime | None:
    def read(db: object) -> str | None:
        row = db.execute(  # type: ignore[attr-defined]
            "SELECT published_utc FROM targets WHERE id = ?", (target_id,)
        ).fetchone()
        return None if row is None or row[0] is None else str(row[0])

    found = await store.run(read)
    return None if found is None else datetime.fromisoformat(found.replace("Z", "+00:00"))


async def eventually(condition: Callable[[], object], seconds: float = 15.0) -> None:
    """Wait (on the loop, never blocking it) until ``condition()`` is true."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while True:
        result = condition()
        if asyncio.iscoroutine(result):
            result = await result
        if result:
            return
        if loop.time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.02)
