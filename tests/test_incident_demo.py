"""Incident mode on the demo store itself: one click holds a week of
content across every channel, a holding statement goes to three channels, gold
releases two posts and cancels the rest, stands down, and the incident report
shows all of it."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from console.adapters import ByNetwork
from console.channels.simulator import SimulatorAdapter
from console.publisher import Publisher
from console.session import Session, SignInThrottle, sign_in
from console.simulator import SimulatorServer
from incident import engage, report, review, stand_down, statements
from incident.demo import ensure_demo_store
from incident.demo_accounts import DEMO_GOLD, DEMO_GOLD_PASSWORD, DEMO_PASSWORD, DEMO_USER
from incident.engage import Details
from incident.review import When
from storage import queue, users
from storage.records import IncidentMode
from tests.helpers import FAST_KDF

pytestmark = pytest.mark.asyncio


async def test_the_demo_incident_from_engage_to_report(tmp_path: Path) -> None:
    path = await ensure_demo_store(tmp_path / "demo.cordon", kdf=FAST_KDF)
    officer = await sign_in(path, DEMO_USER, DEMO_PASSWORD, via="test", throttle=SignInThrottle())
    store = officer.store
    assert store.keyfile.has_user(DEMO_GOLD)  # gold's own published password opens it too
    assert DEMO_GOLD_PASSWORD != DEMO_PASSWORD
    gold_user = await store.run(lambda db: users.by_name(db, DEMO_GOLD))
    assert gold_user is not None
    gold = Session(store, gold_user, via="test")
    server = SimulatorServer().start()
    adapter = SimulatorAdapter(server.url, timeout=httpx.Timeout(5.0))
    publisher = Publisher(store, ByNetwork({"simulator": adapter}))
    try:
        queued = (await store.run(queue.counts_by_status)).get("queued", 0)
        assert queued >= 16  # a week of content on four channels
        incident = await engage.engage(
            officer,
            details=Details("Kingsbridge flooding", "NP-2611-0042", "Ch Supt Gold", "River"),
            mode=IncidentMode.REVIEW,
        )
        counts = await engage.counts(store, incident.id)
        assert counts.held == queued
        channel_names = {row.channel for row in await review.held(store, incident.id)}
        assert len(channel_names) == 4  # every channel

        await statements.ensure_shipped(store)
        flooding = next(t for t in await statements.templates(store) if t.name == "Flooding")
        values = {"location": "Kingsbridge", "reference": "NP-2611-0042", "next_update": "15:00"}
        sent = await statements.send(officer, flooding.id, values, [1, 2, 4])
        published = await publisher.publish_due()
        assert sorted(r.target_id for r in published if r.status == "published") == sorted(
            sent.target_ids
        )

        held = [row.target_id for row in await review.held(store, incident.id)]
        later = held[-2:]  # the last two of the week: still ahead
        assert await review.release(gold, later, When.original(), reason="still fitting") == 2
        assert await review.cancel(gold, held[:-2], reason="not during the flood") == len(held) - 2
        await stand_down.stand_down(gold, incident.id, reason="river levels falling")

        built = await report.build(store, incident.id)
        actions = [line.action for line in built.timeline]
        assert actions.count("incident.release") == 2
        assert actions.count("incident.cancel") == len(held) - 2
        assert actions.count("target.published") == 3
        assert sum(1 for line in built.timeline if line.link) == 3
        assert built.counts.released == 2 and built.counts.statements_sent == 3
        assert built.exercise
        out = tmp_path / "demo-incident.pdf"
        await report.export(store, built, out, actor="demo", reason="debrief", recipient="gold")
        assert out.read_bytes().startswith(b"%PDF")
    finally:
        await adapter.aclose()
        server.stop()
        await officer.sign_out()
