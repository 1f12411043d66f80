"""The publishing engine against the simulator network, a real HTTP server on
127.0.0.1: claim before send, holds, approval, retries, failures, missed, and
reconciling after a crash. Time is a fake clock; nothing is timed."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

import pytest

from console import approval, channel_admin
from console import users as user_admin
from console.adapters import ByNetwork
from console.channels.simulator import SimulatorAdapter
from console.posts import create_post
from console.publisher import Publisher
from console.scheduler import PublishingScheduler
from console.session import Session, SignInThrottle, sign_in
from console.simulator import SimulatorServer
from storage import audit, channels, posts, queue
from storage.errors import StoreError
from storage.records import ContentKind, Role, TargetStatus
from storage.store import Transaction
from storage.timeutil import to_iso
from tests.desk import Desk
from tests.helpers import PASSWORD, make_store

pytestmark = pytest.mark.asyncio


async def test_a_due_post_goes_out_once_with_its_id_and_url(desk: Desk) -> None:
    target = await desk.post("Appeal for witnesses")
    assert await desk.publisher.publish_due() == []  # not due yet
    desk.clock.advance(minutes=2)
    results = await desk.publisher.publish_due()
    assert [r.status for r in results] == ["published"]
    received = desk.simulator.received("force")
    assert [r.text for r in received] == ["Appeal for witnesses"]
    row = await desk.officer.store.run(
        lambda db: db.execute(
            "SELECT status, remote_id, remote_url, idempotency_key FROM targets WHERE id = ?",
            (target,),
        ).fetchone()
    )
    assert row[0] == "published" and row[1] == received[0].id and row[2].endswith(received[0].id)
    assert row[3] == received[0].key  # the persisted idempotency key is the one sent
    assert await desk.publisher.publish_due() == []  # never twice
    actions = await desk.officer.store.run(lambda db: [e.action for e in audit.iter_entries(db)])
    assert actions[-2:] == ["target.claim", "target.published"]


async def test_content_awaiting_approval_waits_until_approved(desk: Desk) -> None:
    await approval.set_rule(desk.officer, 1, ContentKind.POST, True)
    target = await desk.post("Statement from the Chief Constable", minutes=10)
    desk.clock.advance(minutes=11)
    assert await desk.publisher.publish_due() == []
    assert desk.simulator.received() == []
    post_id = (await desk.officer.store.run(lambda db: posts.get(db, 1))).id  # type: ignore[union-attr]
    await approval.approve(desk.gold, post_id, new_time_utc=desk.at(1))
    desk.clock.advance(minutes=2)
    assert [r.status for r in await desk.publisher.publish_due()] == ["published"]
    assert await desk.status(target) is TargetStatus.PUBLISHED


@pytest.mark.parametrize("scope", ["all", "channels", "areas"])
async def test_an_active_hold_stops_the_claim(desk: Desk, scope: str) -> None:
    target = await desk.post("Cheerful content scheduled last week")
    south = await desk.post("Meanwhile in the south", minutes=1)
    await desk.officer.store.run(lambda db: db.execute(
        "UPDATE targets SET channel_id = 2 WHERE id = ?", (south,)))  # fmt: skip

    def hold(tx: Transaction) -> None:
        tx.execute(
            "INSERT INTO incidents (name, mode, engaged_by, engaged_utc)"
            " VALUES ('Flood', 'suspend', 1, ?)", (tx.now(),))  # fmt: skip
        tx.execute("INSERT INTO holds (incident_id, scope, created_utc) VALUES (1, ?, ?)",
                   (scope, tx.now()))  # fmt: skip
        if scope == "channels":
            tx.execute("INSERT INTO hold_channels (hold_id, channel_id) VALUES (1, 1)")
        if scope == "areas":
            tx.execute("INSERT INTO hold_areas (hold_id, area) VALUES (1, 'North')")

    await desk.officer.store.write(hold)
    desk.clock.advance(minutes=2)
    results = await desk.publisher.publish_due()
    sent = {r.text for r in desk.simulator.received()}
    assert "Cheerful content scheduled last week" not in sent
    assert await desk.status(target) is TargetStatus.QUEUED
    if scope == "all":
        assert results == []
    else:
        assert sent == {"Meanwhile in the south"}  # the hold's scope is respected


async def test_429_retries_after_the_networks_wait_and_sends_once(desk: Desk) -> None:
    target = await desk.post()
    desk.simulator.fail_next("429")
    desk.clock.advance(minutes=2)
    (first,) = await desk.publisher.publish_due()
    assert (first.status, first.detail) == ("retry", "Too many requests")
    assert await desk.publisher.publish_due() == []  # the retry time has not come
    desk.clock.advance(seconds=31)
    (second,) = await desk.publisher.publish_due()
    assert second.status == "published"
    assert len(desk.simulator.received()) == 1
    assert await desk.status(target) is TargetStatus.PUBLISHED


async def test_repeated_500s_end_in_failed_with_a_sentence(desk: Desk) -> None:
    target = await desk.post()
    desk.simulator.fail_next(*["500"] * 5)
    desk.clock.advance(minutes=2)
    for _ in range(5):
        await desk.publisher.publish_due()
        desk.clock.advance(minutes=20)
    assert await desk.status(target) is TargetStatus.FAILED
    error = await desk.officer.store.run(
        lambda db: db.execute("SELECT last_error FROM targets WHERE id = ?", (target,)).fetchone()[
            0
        ]
    )
    assert error == "Gave up after 5 tries: The simulator failed (500): Internal server error."
    assert desk.simulator.received() == []


@pytest.mark.parametrize(
    ("failure", "sentence"),
    [
        (
            "401",
            "Force X needs reconnecting (The access token expired). It goes out once the"
            " channel is reconnected in Cordon.",
        ),
        (
            "too long",
            "The network refused it: Validation failed: "
            "Text is too long (maximum is 20 characters)",
        ),
    ],
)  # fmt: skip
async def test_expired_credentials_and_rejections_fail_at_once(
    desk: Desk, failure: str, sentence: str
) -> None:
    if failure == "401":
        desk.simulator.fail_next("401")
    else:
        desk.simulator.state.limit = 20
    target = await desk.post("A post that is longer than twenty characters")
    desk.clock.advance(minutes=2)
    (result,) = await desk.publisher.publish_due()
    assert (result.status, result.detail) == ("failed", sentence)
    assert await desk.status(target) is TargetStatus.FAILED


@pytest.mark.parametrize("failure", ["timeout", "garbage"])
async def test_timeouts_and_unreadable_answers_are_retried(desk: Desk, failure: str) -> None:
    target = await desk.post()
    desk.simulator.fail_next(failure)
    desk.clock.advance(minutes=2)
    (first,) = await desk.publisher.publish_due()
    assert first.status == "retry"
    desk.clock.advance(minutes=1)
    (second,) = await desk.publisher.publish_due()
    assert second.status == "published"
    assert len(desk.simulator.received()) == 1
    assert await desk.status(target) is TargetStatus.PUBLISHED


async def test_what_fell_due_while_closed_becomes_missed_and_is_not_sent(desk: Desk) -> None:
    late = await desk.post("Yesterday's event", minutes=1)
    on_time = await desk.post("Still fine", minutes=8)
    desk.clock.advance(minutes=10)  # Cordon was closed; the grace is 5 minutes
    results = await desk.publisher.publish_due()
    assert {(r.target_id, r.status) for r in results} == {(late, "missed"), (on_time, "published")}
    assert [r.text for r in desk.simulator.received()] == ["Still fine"]


def _claim(tx: Transaction, target_id: int) -> object:
    return queue.claim(tx.db, target_id, f"key-{target_id}", tx.now())


async def test_a_send_in_flight_at_a_crash_is_reconciled_not_repeated(desk: Desk) -> None:
    delivered = await desk.post("Delivered before the crash")
    lost = await desk.post("Lost before it left")
    desk.clock.advance(minutes=2)
    # Claim both, as the engine does, then 'crash': one reached the network, one did not.
    for target in (delivered, lost):
        await desk.officer.store.write(partial(_claim, target_id=target))
    claimed = await desk.officer.store.run(lambda db: queue.claimed(db, delivered))
    assert claimed is not None
    await desk.adapter.publish(claimed)
    assert await desk.status(delivered) is TargetStatus.PUBLISHING

    results = await desk.publisher.publish_due()  # the restart
    statuses = {r.target_id: r.status for r in results}
    assert statuses[delivered] == "published"
    assert await desk.status(lost) is TargetStatus.PUBLISHED
    texts = sorted(r.text for r in desk.simulator.received())
    assert texts == ["Delivered before the crash", "Lost before it left"]  # each exactly once


async def _duty_officer_with_a_channel(tmp_path: Path) -> Session:
    """A new store, signed in as its administrator and duty officer, with one simulator
    channel (account ``force``)."""
    path = tmp_path / "s.cordon"
    await (await make_store(path)).close()
    admin = await sign_in(path, "alice", PASSWORD, via="test", throttle=SignInThrottle())
    await user_admin.set_roles(admin, "alice", [Role.ADMINISTRATOR, Role.DUTY_OFFICER], reason="t")
    await admin.store.write(lambda tx: channels.insert(
        tx.db, name="X", network="simulator", account="force", area="", now=tx.now()))  # fmt: skip
    return admin


async def test_the_scheduler_publishes_on_time_by_itself(
    tmp_path: Path, simulator: SimulatorServer
) -> None:
    admin = await _duty_officer_with_a_channel(tmp_path)
    adapter = SimulatorAdapter(simulator.url)
    scheduler = PublishingScheduler(Publisher(admin.store, ByNetwork({"simulator": adapter})))
    await scheduler.start()
    soon = to_iso(datetime.now(UTC) + timedelta(milliseconds=300))
    await create_post(admin, body="On the dot", channel_ids=[1], scheduled_utc=soon)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 10
    while not simulator.received() and loop.time() < deadline:
        await asyncio.sleep(0.02)
    await scheduler.stop()
    await adapter.aclose()
    assert [r.text for r in simulator.received()] == ["On the dot"]
    await admin.sign_out()


async def test_held_and_disabled_channels_wake_nobody_and_send_nothing(desk: Desk) -> None:
    """next_due leaves out what cannot be claimed, so the scheduler never spins on it."""
    target = await desk.post("Waits behind a hold")
    desk.clock.advance(minutes=2)
    assert await desk.officer.store.run(queue.next_due) is not None

    def hold(tx: Transaction) -> None:
        tx.execute(
            "INSERT INTO incidents (name, mode, engaged_by, engaged_utc)"
            " VALUES ('Flood', 'suspend', 1, ?)", (tx.now(),))  # fmt: skip
        tx.execute("INSERT INTO holds (incident_id, scope, created_utc) VALUES (1, 'all', ?)",
                   (tx.now(),))  # fmt: skip

    await desk.officer.store.write(hold)
    assert await desk.officer.store.run(queue.next_due) is None
    await desk.officer.store.write(lambda tx: tx.execute(
        "UPDATE holds SET released_utc = ?", (tx.now(),)))  # fmt: skip
    await channel_admin.set_enabled(desk.officer, 1, False, reason="account compromised")
    assert await desk.officer.store.run(queue.next_due) is None
    assert await desk.publisher.publish_due() == []
    await channel_admin.set_enabled(desk.officer, 1, True, reason="secured")
    assert [r.status for r in await desk.publisher.publish_due()] == ["published"]
    assert await desk.status(target) is TargetStatus.PUBLISHED


async def test_a_channel_name_differing_only_in_case_is_taken(desk: Desk) -> None:
    """ "NORTHSHIRE" beside "Northshire" would be mistaken for it in every list and
    scope: the core refuses it, naming the channel there is, and records nothing."""
    before = await desk.officer.store.run(lambda db: len(list(audit.iter_entries(db))))
    there = await desk.officer.store.run(channels.all_channels)
    with pytest.raises(StoreError, match=f"There is already a channel called {there[0].name}."):
        await channel_admin.add_channel(
            desk.officer, name=f" {there[0].name.upper()} ", network="mastodon", account="n2"
        )
    assert await desk.officer.store.run(channels.all_channels) == there
    after = await desk.officer.store.run(lambda db: len(list(audit.iter_entries(db))))
    assert after == before


async def test_an_image_goes_out_with_its_alt_text(desk: Desk) -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 128
    created = await create_post(
        desk.officer, body="See the map", channel_ids=[1], scheduled_utc=desk.at(1),
        images=[("map.png", png, "Map of the closed roads around the A1")],
    )  # fmt: skip
    desk.clock.advance(minutes=2)
    assert [r.status for r in await desk.publisher.publish_due()] == ["published"]
    (received,) = desk.simulator.received("force")
    assert [(m.alt, m.size, m.mime) for m in received.media] == [
        ("Map of the closed roads around the A1", len(png), "image/png")
    ]
    assert created.targets[0].status is TargetStatus.QUEUED


async def test_images_a_network_would_refuse_are_refused_first(desk: Desk) -> None:
    from storage.errors import StoreError

    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
    cases = [
        ([("a.png", png, " ")], "a.png has no alt text"),
        ([("a.txt", b"hello", "text")], "a.txt is not a JPEG, PNG, GIF or WebP image."),
        ([(f"{n}.png", png, "alt") for n in range(5)], "takes at most 4 images: remove 1."),
        ([("big.png", png + b"\x00" * 5_000_000, "alt")], "larger than Simulator's 5 MB limit"),
    ]
    for images, sentence in cases:
        with pytest.raises(StoreError, match=sentence.replace(".", r"\.")):
            await create_post(desk.officer, body="x", channel_ids=[1],
                              scheduled_utc=desk.at(5), images=images)  # fmt: skip


async def test_a_stream_of_commits_does_not_put_a_due_post_off(
    tmp_path: Path, simulator: SimulatorServer
) -> None:
    """Sync commits after every pass; each commit re-plans the schedule. A post that
    fell due after a pass that sent nothing was taken for one that pass could not
    send, and put five seconds off by every commit: a busy sync kept it (a
    threat-to-life reply included) from going at all."""
    admin = await _duty_officer_with_a_channel(tmp_path)
    adapter = SimulatorAdapter(simulator.url)
    scheduler = PublishingScheduler(
        Publisher(admin.store, ByNetwork({"simulator": adapter})), watch_seconds=600
    )
    await scheduler.start()  # an idle pass: nothing is due yet
    now = to_iso(datetime.now(UTC))  # due at once, as a reply is
    await create_post(admin, body="Call 999 now", channel_ids=[1], scheduled_utc=now)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 12
    while not simulator.received() and loop.time() < deadline:
        await admin.store.write(lambda tx: tx.execute("SELECT 1"))  # as sync's bookkeeping
        await asyncio.sleep(0.2)
    await scheduler.stop()
    await adapter.aclose()
    assert [r.text for r in simulator.received()] == ["Call 999 now"]
    await admin.sign_out()


async def test_posts_falling_due_during_a_pass_go_when_it_ends(
    tmp_path: Path, simulator: SimulatorServer
) -> None:
    """A pass plans the next one as it ends. When the next post was already due by
    then, the plan fell due while APScheduler still counted the ending pass as
    running, was skipped, and the post waited for the watch (15 s in the app; never,
    with the watch set far off here): a steady stream of due posts went out late."""
    admin = await _duty_officer_with_a_channel(tmp_path)
    simulator.set_latency(0.3)  # each pass sends for a while: the next post falls due meanwhile
    adapter = SimulatorAdapter(simulator.url)
    scheduler = PublishingScheduler(
        Publisher(admin.store, ByNetwork({"simulator": adapter})), watch_seconds=600
    )
    await scheduler.start()
    start = datetime.now(UTC) + timedelta(seconds=1)
    for n in range(6):
        when = to_iso(start + timedelta(milliseconds=100 * n))
        await create_post(admin, body=f"Update {n}", channel_ids=[1], scheduled_utc=when)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 20
    while len(simulator.received()) < 6 and loop.time() < deadline:
        await asyncio.sleep(0.05)
    await scheduler.stop()
    await adapter.aclose()
    assert sorted(r.text for r in simulator.received()) == [f"Update {n}" for n in range(6)]
    await admin.sign_out()
