"""While a real dialog is open: the engine keeps publishing and syncing.

``meanwhile(desk, dialog, channel)`` keeps ``dialog`` open for a few seconds of real
time. A post on ``channel`` falls due about a second and a half after it starts,
and an item arrives on the simulator for it; it returns once the post was
published (within about a second of its due time), the item was read into the
inbox and the channel's last sync moved, all while the dialog stayed open.
``publishes=False`` (incident mode holds every channel until the officer narrows
the scope) checks only that the sync goes on."""

from __future__ import annotations

import asyncio
import itertools
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from PySide6.QtWidgets import QWidget

from console.posts import create_post
from storage import sync_state
from storage.records import Channel, TargetStatus
from storage.timeutil import from_iso, to_iso
from tests.gui.sync_window import Desk, inject

DUE_IN = timedelta(seconds=1.5)
ON_TIME = timedelta(seconds=1.2)  # "within about a second" of the due time
OPEN_FOR = 3.0  # seconds of real time each dialog stays open, at least
_numbers = itertools.count(1)


@dataclass(frozen=True)
class Seen:
    """What happened while the dialog was open."""

    late_by: timedelta | None  # how long after its due time the post was published
    item: str  # the text of the item that arrived


async def meanwhile(d: Desk, dialog: QWidget, channel: Channel, *, publishes: bool = True) -> Seen:
    session = d.window.session
    store = session.store
    number = next(_numbers)
    text = f"Meanwhile {number}: is the road open?"
    before = (await store.run(lambda db: sync_state.get(db, channel.id))).last_sync_utc
    target_id = None
    if publishes:
        post = await create_post(
            session,
            body=f"Meanwhile {number}: the park is open again.",
            channel_ids=[channel.id],
            scheduled_utc=to_iso(datetime.now(UTC) + DUE_IN),
        )
        [target] = post.targets
        assert target.status is TargetStatus.QUEUED
        target_id = target.id
    await inject(d, {"account": channel.account, "author_handle": "resident", "text": text})

    def look(db: object) -> tuple[tuple[str, str, str | None] | None, bool, str | None]:
        row = None
        if target_id is not None:
            row = db.execute(  # type: ignore[attr-defined]
                "SELECT status, scheduled_utc, published_utc FROM targets WHERE id = ?",
                (target_id,),
            ).fetchone()
        arrived = db.execute(  # type: ignore[attr-defined]
            "SELECT count(*) FROM inbox_items WHERE channel_id = ? AND text = ?",
            (channel.id, text),
        ).fetchone()[0]
        return row, bool(arrived), sync_state.get(db, channel.id).last_sync_utc

    loop = asyncio.get_running_loop()
    started = loop.time()
    while True:
        assert dialog.isVisible(), "the dialog closed before the engine was seen at work"
        row, arrived, last_sync = await store.run(look)
        published = row is None or row[0] == TargetStatus.PUBLISHED.value
        synced = last_sync is not None and (before is None or last_sync > before)
        if published and arrived and synced and loop.time() - started >= OPEN_FOR:
            break
        assert loop.time() - started < 30, (row, arrived, before, last_sync)
        await asyncio.sleep(0.05)
    assert dialog.isVisible()
    late_by = None
    if row is not None:
        assert row[2] is not None
        late_by = from_iso(row[2]) - from_iso(row[1])
        assert late_by <= ON_TIME, f"published {late_by} after its due time"
    return Seen(late_by, text)
