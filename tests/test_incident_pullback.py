"""Incident mode pulls back what waits in the networks' own schedulers: each item
gets a held copy in Cordon (so gold can still release it), is unscheduled on the
network, and shows its own result; a failure is retried and recorded, never silent.
Against the simulator network (a real HTTP server on 127.0.0.1) with its native
scheduler, through the engine's real per-channel adapters."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
import pytest_asyncio

from console.adapters import ChannelAdapters
from console.channels.base import Published
from console.channels.simulator import SimulatorAdapter
from console.pullback import PullBackWorker
from incident import engage, report, review, stand_down, statements
from incident.engage import Details
from incident.review import When
from storage import audit
from storage import pullbacks as rows
from storage.errors import StoreError
from storage.incidents import Scope
from storage.queue import Claimed
from storage.records import IncidentMode, TargetStatus
from storage.timeutil import to_iso
from tests.desk import Desk

pytestmark = pytest.mark.asyncio


@pytest_asyncio.fixture
async def worker(desk: Desk) -> AsyncIterator[PullBackWorker]:
    adapters = ChannelAdapters(desk.officer.store, simulator=desk.adapter)
    yield PullBackWorker(desk.officer.store, adapters, clock=desk.clock)
    await adapters.aclose()


async def _schedule_natively(desk: Desk, account: str, text: str, hours: float) -> str:
    """What an officer did in the network's own web app, outside Cordon."""
    adapter = SimulatorAdapter(desk.simulator.url).bound(account)
    at = to_iso(datetime.now(UTC) + timedelta(hours=hours))
    claimed = Claimed(0, 0, 0, "simulator", account, text, f"native-{text}", 1, at)
    outcome = await adapter.schedule(claimed, at)
    await adapter.aclose()
    assert isinstance(outcome, Published)
    return outcome.remote_id


async def test_native_posts_in_scope_are_pulled_back_and_kept_held(
    desk: Desk, worker: PullBackWorker
) -> None:
    await _schedule_natively(desk, "force", "Cheerful quiz night on Friday", hours=5)
    await _schedule_natively(desk, "force", "Bake sale at the station", hours=8)
    await _schedule_natively(desk, "south", "South: outside the scope", hours=5)
    incident = await engage.engage(
        desk.officer, details=Details("Flood", reason="river"), scope=Scope.of_channels([1]),
        mode=IncidentMode.REVIEW,
    )  # fmt: skip
    assert await worker.pass_once() == 2
    assert desk.simulator.scheduled("force") == []  # gone from the network's scheduler
    assert len(desk.simulator.scheduled("south")) == 1  # out of scope: left alone
    found = await desk.officer.store.run(lambda db: rows.of_incident(db, incident.id))
    assert [(p.text, p.state) for p in found] == [
        ("Cheerful quiz night on Friday", "pulled"),
        ("Bake sale at the station", "pulled"),
    ]
    held = await review.held(desk.officer.store, incident.id)
    assert {r.text for r in held} == {p.text for p in found}  # gold can still release them
    assert all(r.status is TargetStatus.HELD for r in held)
    assert await worker.pass_once() == 0  # listed again later: nothing new, nothing twice
    assert len(await desk.officer.store.run(lambda db: rows.of_incident(db, incident.id))) == 2

    quiz = next(r for r in held if r.text.startswith("Cheerful"))
    await review.release(desk.gold, [quiz.target_id], When.original(), reason="fine after all")
    counts = await engage.counts(desk.officer.store, incident.id)
    assert (counts.held, counts.released) == (1, 1)


async def test_a_failed_pull_back_is_shown_and_retried(desk: Desk, worker: PullBackWorker) -> None:
    remote_id = await _schedule_natively(desk, "force", "Charity run update", hours=3)
    incident = await engage.engage(desk.officer, details=Details("Flood", reason="river"))
    desk.simulator.fail_next_reads("500")  # the scheduler list cannot be read at first
    assert await worker.pass_once() == 0
    listings = await desk.officer.store.run(lambda db: rows.listings(db, incident.id))
    failed = [listing for listing in listings if listing.last_error]
    assert failed and "500" in failed[0].last_error
    assert await worker.pass_once() == 0  # not retried before its time
    desk.clock.advance(seconds=31)
    desk.simulator.fail_next("500")  # the list works now; the unschedule fails once
    assert await worker.pass_once() == 0
    (item,) = await desk.officer.store.run(lambda db: rows.of_incident(db, incident.id))
    assert item.state == "failed" and item.remote_id == remote_id and item.last_error
    assert len(desk.simulator.scheduled("force")) == 1  # still there: shown, not hidden
    desk.clock.advance(seconds=31)
    assert await worker.pass_once() == 1
    assert desk.simulator.scheduled("force") == []
    actions = await desk.officer.store.run(lambda db: [e.action for e in audit.iter_entries(db)])
    assert actions.count("incident.pullback_found") == 1
    assert actions.count("incident.pullback_failed") == 1
    assert actions.count("incident.pulled_back") == 1
    assert actions.count("incident.pullback_list_failed") == 1


async def test_nothing_is_pulled_back_without_an_incident(
    desk: Desk, worker: PullBackWorker
) -> None:
    await _schedule_natively(desk, "force", "Ordinary news", hours=2)
    assert await worker.pass_once() == 0
    assert len(desk.simulator.scheduled("force")) == 1


async def test_a_statement_is_pinned_where_the_network_can_and_the_report_tells(
    desk: Desk, worker: PullBackWorker
) -> None:
    await _schedule_natively(desk, "force", "Quiz night", hours=4)
    incident = await engage.engage(desk.officer, details=Details("Flood", reason="river"))
    await worker.pass_once()
    sent = await _send_statement(desk)
    with pytest.raises(StoreError, match="Only a statement that has gone out can be pinned"):
        await statements.request_pin(desk.officer, list(sent.target_ids))
    await desk.publisher.publish_due()
    assert await statements.request_pin(desk.officer, list(sent.target_ids)) == 1
    await worker.pass_once()
    states = await statements.pin_states(desk.officer.store, list(sent.target_ids))
    assert states == {sent.target_ids[0]: ("pinned", "")}
    assert desk.simulator.state.pinned["force"]
    built = await report.build(desk.officer.store, incident.id)
    whats = [line.what for line in built.timeline]
    assert any(w.startswith("Found in the network's own schedule") for w in whats)
    assert any(w.startswith("Pinned “Flooding is affecting Eastbridge") for w in whats)
    assert [p.state for p in built.pulled_back] == ["pulled"]


async def _send_statement(desk: Desk) -> statements.Sent:
    """The Flooding statement, pre-approved, sent to the first channel."""
    await statements.ensure_shipped(desk.officer.store)
    flooding = next(
        t for t in await statements.templates(desk.officer.store) if t.name == "Flooding"
    )
    await statements.pre_approve(desk.gold, flooding.id, reason="agreed")
    values = {"location": "Eastbridge", "reference": "F-1", "next_update": "13:00"}
    return await statements.send(desk.officer, flooding.id, values, [1])


async def _pinned_statement(desk: Desk, worker: PullBackWorker) -> tuple[int, int]:
    """An incident with a holding statement sent and pinned: (incident id, target id)."""
    incident = await engage.engage(desk.officer, details=Details("Flood", reason="river"))
    sent = await _send_statement(desk)
    await desk.publisher.publish_due()
    assert await statements.request_pin(desk.officer, list(sent.target_ids)) == 1
    await worker.pass_once()
    [target_id] = sent.target_ids
    assert await statements.pin_states(desk.officer.store, [target_id]) == {
        target_id: ("pinned", "")
    }
    return incident.id, target_id


async def test_stand_down_unpins_what_the_incident_pinned(
    desk: Desk, worker: PullBackWorker
) -> None:
    incident_id, target_id = await _pinned_statement(desk, worker)
    assert await stand_down.still_pinned(desk.officer.store, incident_id) == 1
    await stand_down.stand_down(desk.gold, incident_id, reason="river down", unpin=True)

    states = await statements.pin_states(desk.officer.store, [target_id])
    assert states == {target_id: ("unpinning", "")}
    assert await worker.pass_once() == 0  # no incident: nothing pulled back, but unpinned
    assert await statements.pin_states(desk.officer.store, [target_id]) == {
        target_id: ("unpinned", "")
    }
    assert "force" not in desk.simulator.state.pinned
    assert await stand_down.still_pinned(desk.officer.store, incident_id) == 0
    built = await report.build(desk.officer.store, incident_id)
    whats = [line.what for line in built.timeline]
    assert any(w.startswith("Asked to unpin “Flooding is affecting Eastbridge") for w in whats)
    assert whats[-1].endswith("1 pinned statement to be unpinned.")
    entries = await desk.officer.store.run(lambda db: list(audit.iter_entries(db)))
    [asked] = [e for e in entries if e.action == "target.unpin_requested"]
    [done] = [e for e in entries if e.action == "target.unpin"]
    assert (asked.actor, asked.object_id) == ("gold", str(target_id))
    assert (done.actor, done.object_id) == ("incident pull-back", str(target_id))
    assert asked.seq < built.incident.stand_down_seq < done.seq  # type: ignore[operator]


async def test_stand_down_can_leave_statements_pinned(desk: Desk, worker: PullBackWorker) -> None:
    incident_id, target_id = await _pinned_statement(desk, worker)
    await stand_down.stand_down(desk.gold, incident_id, reason="keep the advice up")
    await worker.pass_once()

    assert await statements.pin_states(desk.officer.store, [target_id]) == {
        target_id: ("pinned", "")
    }
    assert desk.simulator.state.pinned["force"]
    built = await report.build(desk.officer.store, incident_id)
    assert built.timeline[-1].what.endswith("1 statement left pinned.")


async def test_an_unpin_the_network_refuses_is_shown_and_can_be_asked_again(
    desk: Desk, worker: PullBackWorker
) -> None:
    incident_id, target_id = await _pinned_statement(desk, worker)
    desk.simulator.fail_next("500")
    await stand_down.stand_down(desk.gold, incident_id, reason="river down", unpin=True)
    await worker.pass_once()

    [(state, why)] = (await statements.pin_states(desk.officer.store, [target_id])).values()
    assert state == "unpin_failed" and "The simulator failed (500)" in why
    assert desk.simulator.state.pinned["force"]
    assert await stand_down.still_pinned(desk.officer.store, incident_id) == 1
    with pytest.raises(StoreError, match="Only a pinned statement can be unpinned"):
        await statements.request_unpin(desk.officer, [target_id + 100])
    assert await statements.request_unpin(desk.officer, [target_id]) == 1
    await worker.pass_once()
    assert await statements.pin_states(desk.officer.store, [target_id]) == {
        target_id: ("unpinned", "")
    }
    assert "force" not in desk.simulator.state.pinned
    actions = await desk.officer.store.run(lambda db: [e.action for e in audit.iter_entries(db)])
    assert actions.count("target.unpin_failed") == 1 and actions.count("target.unpin") == 1


async def test_stopping_while_a_wake_arrives_returns(desk: Desk, worker: PullBackWorker) -> None:
    """On Python 3.11 asyncio.wait_for could swallow the cancellation of a stop that
    arrives with a wake-up, and sign-out hung; the worker waits with asyncio.timeout."""
    import asyncio

    for _ in range(20):
        await worker.start()
        await asyncio.sleep(0)
        worker._wake.set()  # a commit lands as the engine stops
        await asyncio.wait_for(worker.stop(), timeout=5)
