"""Replying to the public through the channel an item came on.

* The service and the engine, end to end on the simulator (a real HTTP network on
  127.0.0.1): a public reply and a direct message go out threaded to the item;
  the network's limits and the approval rules apply; a reply that fails is shown
  with the network's sentence and goes out when rescheduled; everything audited.
* Each adapter's ``reply`` against its own server: Mastodon on mastodon-mock, Bluesky
  on a real PDS, X and Facebook on our loopback servers (tests/channels/servers),
  each answered once however often it is retried.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
import pytest_asyncio

from console import approval, queue
from console.channels.base import Account, InboxItem, InboxPage, Published, Rejected, Transient
from console.channels.bluesky import BlueskyAdapter, rkey_of
from console.channels.facebook import FacebookAdapter
from console.channels.mastodon import MastodonAdapter
from console.channels.simulator import SimulatorAdapter
from console.channels.x import XAdapter
from console.inbox import replies
from console.permissions import NotPermitted
from console.publisher import Publisher, PublishPolicy
from storage import channels, inbox
from storage.errors import StoreError
from storage.queue import Claimed
from storage.records import AuditCategory, ContentKind, TargetStatus
from storage.timeutil import to_iso
from tests.channels.conftest import Pds
from tests.channels.mastodon_fixtures import MastodonMock, start_mastodon_mock
from tests.channels.servers.facebook_server import VERSION, FacebookApp
from tests.channels.servers.scripted_http import LoopbackServer, run
from tests.channels.servers.x_server import XApp
from tests.inbox.conftest import Desk
from tests.sync.conftest import NORTH

pytestmark = pytest.mark.asyncio


def claimed(network: str, text: str, *, attempts: int = 1, key: str | None = None) -> Claimed:
    return Claimed(
        target_id=1,
        post_id=1,
        channel_id=1,
        network=network,
        account="force",
        text=text,
        idempotency_key=key or uuid.uuid4().hex,
        attempts=attempts,
        scheduled_utc=to_iso(datetime.now(UTC)),
    )


def retried(first: Claimed) -> Claimed:
    """The same target tried again: same key, one more attempt."""
    return replace(first, attempts=first.attempts + 1)


def item(remote_id: str, kind: str = "mention", author: str = "resident", **more: str) -> InboxItem:
    return InboxItem(
        remote_id=remote_id,
        kind=kind,
        author_handle=author,
        author_name=author,
        text=more.pop("text", "A question for the force"),
        created_utc=to_iso(datetime.now(UTC)),
        **more,
    )


# -- the service and the engine, on the simulator -------------------------------------------


async def test_a_public_reply_and_a_direct_message_go_out_threaded_to_their_items(
    desk: Desk,
) -> None:
    station, sim = desk.station, desk.station.simulator
    mention = sim.inject("north", "Is the A1 still closed?", author_handle="jo")
    message = sim.inject("north", "My car was broken into", kind="message", author_handle="sam")
    await station.sync.sync_once(NORTH)
    mention_id = await desk.item_id(mention.remote_id)
    message_id = await desk.item_id(message.remote_id)

    public = await replies.reply(desk.officer, mention_id, "  Yes, until 6pm tonight.  ")
    private = await replies.reply(
        desk.officer, message_id, "Please report it online or call 101.", public=False
    )
    assert (public.text, public.public, public.awaiting_approval, public.held) == (
        "Yes, until 6pm tonight.",
        True,
        (),
        False,
    )
    with pytest.raises(StoreError, match="answer it by direct message"):
        await replies.reply(desk.officer, message_id, "In public?")

    results = await station.publisher.publish_due()
    assert sorted(r.status for r in results) == ["published", "published"]
    sent = {s.in_reply_to: s for s in sim.received("north")}
    assert sent[mention.remote_id].text == "Yes, until 6pm tonight."
    assert sent[mention.remote_id].direct is False
    assert sent[message.remote_id].direct is True

    [shown] = await replies.replies_to(station.store, mention_id)
    assert shown.status is TargetStatus.PUBLISHED
    assert shown.author == "dora"
    assert shown.remote_url.endswith(sent[mention.remote_id].id)
    created = await station.afters("reply.create")
    assert [after["item"] for _, after in created] == [mention_id, message_id]
    assert [after["public"] for _, after in created] == [True, False]
    assert all(e.category is AuditCategory.COLLECTION for e in await station.audit("reply."))
    assert private.target_id in [r.target_id for r in results]


async def test_who_may_reply_and_what_is_refused_before_anything_is_stored(desk: Desk) -> None:
    station = desk.station
    entry = station.simulator.inject("north", "Hello?")
    await station.sync.sync_once(NORTH)
    item_id = await desk.item_id(entry.remote_id)

    with pytest.raises(NotPermitted):
        await replies.reply(desk.observer, item_id, "Hello")
    with pytest.raises(StoreError, match="empty"):
        await replies.reply(desk.officer, item_id, "   ")
    with pytest.raises(StoreError, match="too long"):
        await replies.reply(desk.officer, item_id, "x" * 501)
    with pytest.raises(StoreError, match="no inbox item number 999"):
        await replies.reply(desk.officer, 999, "Hello")
    assert await replies.replies_to(station.store, item_id) == []


async def test_the_network_decides_what_can_be_answered_and_how_it_counts(desk: Desk) -> None:
    """Bluesky has no direct messages Cordon can reach; Mastodon carries the author's
    @acct first, and the limit counts it."""
    store = desk.station.store

    def add(tx: Any) -> tuple[int, int]:
        now = tx.now()
        made = []
        for network, handle in (
            ("bluesky", "resident.bsky.social"),
            ("mastodon", "jo@mastodon.example"),
        ):
            channel = channels.insert(
                tx.db, name=network.title(), network=network, account="force", area="", now=now
            )
            inbox.insert(tx.db, channel, [item(f"{network}-1", author=handle)], now)
            made.append(int(tx.db.execute("SELECT max(id) FROM inbox_items").fetchone()[0]))
        return made[0], made[1]

    on_bluesky, on_mastodon = await store.write(add)
    with pytest.raises(StoreError, match="Bluesky's direct messages"):
        await replies.reply(desk.officer, on_bluesky, "Private?", public=False)

    answered = await replies.reply(desk.officer, on_mastodon, "Thanks, we are on it.")
    assert answered.text == "@jo@mastodon.example Thanks, we are on it."
    # 500 characters allowed: the mention counts as "@jo" (Mastodon's rule), plus a space.
    await replies.reply(desk.officer, on_mastodon, "x" * 496)
    with pytest.raises(StoreError, match="1 character too long"):
        await replies.reply(desk.officer, on_mastodon, "x" * 497)


async def test_a_reply_that_needs_an_approver_waits_and_goes_once_approved(desk: Desk) -> None:
    station = desk.station
    entry = station.simulator.inject("north", "Why did nobody come?")
    await station.sync.sync_once(NORTH)
    item_id = await desk.item_id(entry.remote_id)
    await approval.set_rule(desk.admin, NORTH, ContentKind.REPLY, True, reason="replies checked")

    waiting = await replies.reply(desk.officer, item_id, "We are sorry: please DM us.")
    assert waiting.awaiting_approval == ("replies on this channel need approval",)
    assert await station.publisher.publish_due() == []
    assert station.simulator.received("north") == []

    station.clock.advance(minutes=20)  # approved well after it was written
    await approval.approve(desk.gold, waiting.post_id, reason="tone is right")
    results = await station.publisher.publish_due()
    assert [(r.target_id, r.status) for r in results] == [(waiting.target_id, "published")]
    [sent] = station.simulator.received("north")
    assert sent.in_reply_to == entry.remote_id


async def test_a_failed_reply_is_shown_and_can_be_retried(desk: Desk) -> None:
    station = desk.station
    publisher = Publisher(
        station.store, station.adapters, clock=station.clock, policy=PublishPolicy(max_attempts=1)
    )
    entry = station.simulator.inject("north", "Anyone there?")
    await station.sync.sync_once(NORTH)
    item_id = await desk.item_id(entry.remote_id)
    station.simulator.fail_next("500")

    made = await replies.reply(desk.officer, item_id, "Yes, how can we help?")
    [result] = await publisher.publish_due()
    assert (result.target_id, result.status) == (made.target_id, "failed")
    [shown] = await replies.replies_to(station.store, item_id)
    assert shown.status is TargetStatus.FAILED
    assert shown.last_error == (
        "Gave up after 1 try: The simulator failed (500): Internal server error."
    )
    assert station.simulator.received("north") == []

    await queue.reschedule_targets(
        desk.officer, [made.target_id], station.at(1), reason="network back"
    )
    station.clock.advance(minutes=1)
    [again] = await publisher.publish_due()
    assert again.status == "published"
    [shown] = await replies.replies_to(station.store, item_id)
    assert (shown.status, shown.last_error) == (TargetStatus.PUBLISHED, "")
    assert [s.in_reply_to for s in station.simulator.received("north")] == [entry.remote_id]


async def test_the_simulator_answers_once_under_one_key(desk: Desk) -> None:
    station = desk.station
    entry = station.simulator.inject("north", "Hello")
    adapter = SimulatorAdapter(station.simulator.url)
    try:
        first = replace(claimed("simulator", "Hello to you"), account="north")
        one = await adapter.reply(first, item(entry.remote_id))
        two = await adapter.reply(retried(first), item(entry.remote_id))
        gone = await adapter.reply(first, item("in-999"), public=False)
    finally:
        await adapter.aclose()
    assert isinstance(one, Published)
    assert one == two
    assert gone == Rejected("Record not found")
    assert len(station.simulator.received("north")) == 1


# -- Mastodon, on mastodon-mock ----------------------------------------------------------------


@pytest.fixture(scope="module")
def mastodon_mock(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MastodonMock]:
    server = start_mastodon_mock(tmp_path_factory.mktemp("mastodon-mock-replies"))
    yield server
    server.stop()


async def _post_as_resident(url: str, text: str, **form: str) -> dict[str, Any]:
    async with httpx.AsyncClient(
        base_url=url, headers={"Authorization": "Bearer resident-token"}, timeout=10
    ) as client:
        answer = await client.post("/api/v1/statuses", data={"status": text, **form})
        assert answer.status_code == 200, answer.text
        status: dict[str, Any] = answer.json()
        return status


async def _status(url: str, status_id: str) -> dict[str, Any]:
    async with httpx.AsyncClient(
        base_url=url, headers={"Authorization": "Bearer cordon-token"}, timeout=10
    ) as client:
        found: dict[str, Any] = (await client.get(f"/api/v1/statuses/{status_id}")).json()
        return found


@pytest.mark.slow
async def test_mastodon_replies_in_public_and_by_direct_message(
    mastodon_mock: MastodonMock,
) -> None:
    tag = uuid.uuid4().hex[:6]
    asked = await _post_as_resident(mastodon_mock.url, f"@cordon is the road open? {tag}")
    adapter = MastodonAdapter(
        Account(mastodon_mock.url, "cordon", {"access_token": "cordon-token"})
    )
    try:
        first = claimed("mastodon", f"It reopened at noon. {tag}")
        public = await adapter.reply(first, item(str(asked["id"])))
        again = await adapter.reply(retried(first), item(str(asked["id"])))
        direct = await adapter.reply(
            claimed("mastodon", f"Please send us the details. {tag}"),
            item(str(asked["id"]), kind="message"),
            public=False,
        )
    finally:
        await adapter.aclose()

    assert isinstance(public, Published)
    assert again == public  # the retry found the reply: not posted twice
    shown = await _status(mastodon_mock.url, public.remote_id)
    assert str(shown["in_reply_to_id"]) == str(asked["id"])
    assert shown["visibility"] == "public"
    assert "@resident" in shown["content"] or any(
        m["acct"] == "resident" for m in shown["mentions"]
    )
    assert isinstance(direct, Published)
    private = await _status(mastodon_mock.url, direct.remote_id)
    assert private["visibility"] == "direct"
    assert str(private["in_reply_to_id"]) == str(asked["id"])


# -- Bluesky, on a real PDS ------------------------------------------------------------------


async def _write_post(pds: Pds, session: dict[str, str], text: str, **extra: Any) -> dict[str, str]:
    record = {
        "$type": "app.bsky.feed.post",
        "text": text,
        "createdAt": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z"),
        **extra,
    }
    async with httpx.AsyncClient(base_url=pds.url, timeout=30) as client:
        answer = await client.post(
            "/xrpc/com.atproto.repo.createRecord",
            headers={"Authorization": f"Bearer {session['accessJwt']}"},
            json={"repo": session["did"], "collection": "app.bsky.feed.post", "record": record},
        )
    assert answer.status_code == 200, answer.text
    made: dict[str, str] = answer.json()
    return made


async def test_bluesky_replies_name_the_thread_root_and_parent_on_a_real_pds(pds: Pds) -> None:
    force, resident = pds.create_account("force"), pds.create_account("res")
    them = pds.session(resident.handle, resident.password)
    question = await _write_post(pds, them, "@force is the bridge closed?")
    # The notification Cordon stored: the post's URI and CID.
    note = json.dumps({"uri": question["uri"], "cid": question["cid"], "record": {}})
    adapter = BlueskyAdapter(
        Account(pds.url, force.handle, {"app_password": pds.app_password(force)})
    )
    try:
        first = claimed("bluesky", "Yes, until 6pm.")
        answer = await adapter.reply(first, item(question["uri"], raw=note))
        again = await adapter.reply(retried(first), item(question["uri"], raw=note))
        assert isinstance(answer, Published)
        assert again == answer

        # The resident answers the force; the force answers that, deeper in the thread.
        [mine] = [r for r in pds.list_posts(force.did) if r["uri"] == answer.remote_id]
        follow = await _write_post(
            pds, them, "Thanks! And tomorrow?",
            reply={"root": {"uri": question["uri"], "cid": question["cid"]},
                   "parent": {"uri": answer.remote_id, "cid": mine["cid"]}},
        )  # fmt: skip
        # Stored without the item's own CID: the adapter asks the PDS for it.
        root = {"uri": question["uri"], "cid": question["cid"]}
        stored = json.dumps({"uri": follow["uri"], "record": {"reply": {"root": root}}})
        deeper = await adapter.reply(
            claimed("bluesky", "Tomorrow it is open."),
            item(follow["uri"], kind="reply", raw=stored),
        )
        direct = await adapter.reply(
            claimed("bluesky", "Psst"), item(question["uri"]), public=False
        )
    finally:
        await adapter.aclose()

    assert len([r for r in pds.list_posts(force.did) if r["uri"] == answer.remote_id]) == 1
    value = pds.get_post(force.did, rkey_of(answer.remote_id)).json()["value"]
    assert value["reply"] == {
        "root": {"uri": question["uri"], "cid": question["cid"]},
        "parent": {"uri": question["uri"], "cid": question["cid"]},
    }
    assert isinstance(deeper, Published)
    deep = pds.get_post(force.did, rkey_of(deeper.remote_id)).json()["value"]
    assert deep["reply"] == {
        "root": {"uri": question["uri"], "cid": question["cid"]},
        "parent": {"uri": follow["uri"], "cid": follow["cid"]},
    }
    assert isinstance(direct, Rejected)
    assert "not kept on the PDS" in direct.message


# -- X, on the loopback X API ----------------------------------------------------------------


@pytest.fixture
def x_app() -> XApp:
    return XApp()


@pytest.fixture
def x_server(x_app: XApp) -> Iterator[LoopbackServer]:
    running = run(x_app)
    yield running
    running.stop()


@pytest_asyncio.fixture
async def x_adapter(x_server: LoopbackServer, x_app: XApp) -> AsyncIterator[XAdapter]:
    access, refresh = x_app.issue()
    secrets = {"access_token": access, "refresh_token": refresh, "client_id": x_app.client_id}
    made = XAdapter(Account(x_server.url, x_app.user_id, secrets), timeout=httpx.Timeout(2.0))
    yield made
    await made.aclose()


async def test_x_replies_in_public_and_by_direct_message(
    x_adapter: XAdapter, x_app: XApp, x_server: LoopbackServer
) -> None:
    resident = x_app.add_user("resident", "A Resident")
    x_app.mention(resident, "@cordon_police is the A1 open?")
    page = await x_adapter.fetch_inbox(None)
    assert isinstance(page, InboxPage)
    [asked] = page.items

    first = claimed("x", "It reopened at noon.")
    x_server.commit_then_drop("POST", "/2/tweets")
    lost = await x_adapter.reply(first, asked)
    public = await x_adapter.reply(retried(first), asked)
    assert isinstance(lost, Transient)
    assert isinstance(public, Published)
    [answer] = [t for t in x_app.own_tweets()]
    assert (answer.id, answer.replied_to) == (public.remote_id, asked.remote_id)
    assert answer.conversation_id == asked.conversation_id

    dm = claimed("x", "Please send us your details here.")
    x_server.commit_then_drop("POST", f"/2/dm_conversations/with/{resident}/messages")
    assert isinstance(await x_adapter.reply(dm, asked, public=False), Transient)
    private = await x_adapter.reply(retried(dm), asked, public=False)
    assert isinstance(private, Published)
    assert [(e["participant"], e["text"]) for e in x_app.dms] == [
        (resident, "Please send us your details here.")
    ]
    no_author = await x_adapter.reply(dm, item("123"), public=False)
    assert isinstance(no_author, Rejected)


# -- Facebook, on the loopback Graph API -------------------------------------------------------


async def test_facebook_answers_comments_under_them_and_messages_in_their_conversation(
    fb_adapter: FacebookAdapter, fb_app: FacebookApp, fb_server: LoopbackServer
) -> None:
    published = await fb_adapter.publish(claimed("facebook", "The A1 is closed."))
    assert isinstance(published, Published)
    fb_app.comment(published.remote_id, "Jo Resident", "Until when?")
    fb_app.message("t_jo", "Sam", "Someone broke into my car")
    page = await fb_adapter.fetch_inbox(None)
    assert isinstance(page, InboxPage)
    comment = next(i for i in page.items if i.kind == "comment")
    message = next(i for i in page.items if i.kind == "message")

    first = claimed("facebook", "Until 6pm tonight.")
    fb_server.commit_then_garble("POST", f"/{VERSION}/{comment.remote_id}/comments")
    assert isinstance(await fb_adapter.reply(first, comment), Transient)
    under = await fb_adapter.reply(retried(first), comment)
    assert isinstance(under, Published)
    [answer] = [c for c in fb_app.comments if c.parent == comment.remote_id]
    assert (answer.id, answer.message, answer.author) == (under.remote_id, first.text, fb_app.page)

    dm = claimed("facebook", "Please report it online or call 101.")
    fb_server.commit_then_garble("POST", f"/{VERSION}/{fb_app.page_id}/messages")
    assert isinstance(await fb_adapter.reply(dm, message, public=False), Transient)
    private = await fb_adapter.reply(retried(dm), message, public=False)
    assert isinstance(private, Published)
    from_page = [m for m in fb_app.messages if m.author == fb_app.page]
    assert [(m.thread, m.message) for m in from_page] == [("t_jo", dm.text)]

    assert isinstance(await fb_adapter.reply(dm, message), Rejected)  # a message, in public
    privately = await fb_adapter.reply(
        claimed("facebook", "Sent you a message"), comment, public=False
    )
    assert isinstance(privately, Published)
    twice = await fb_adapter.reply(claimed("facebook", "Another"), comment, public=False)
    assert twice == Rejected("(#10900) Activity already replied to")


async def test_a_threat_to_life_reply_goes_out_past_the_incidents_hold(desk: Desk) -> None:
    """Incident mode holds everything, replies too; the answer to a message that raised
    a threat-to-life alert is not held (a person may be at risk), and the trail says
    so. Only such an answer may ask for that."""
    from console.inbox import threats
    from incident import engage

    station = desk.station
    danger = station.simulator.inject(
        "north", "He's got a KNIFE outside the chip shop", kind="message", author_handle="kim"
    )
    ordinary = station.simulator.inject("north", "Is the A1 open?", author_handle="jo")
    await station.sync.sync_once(NORTH)
    danger_id = await desk.item_id(danger.remote_id)
    ordinary_id = await desk.item_id(ordinary.remote_id)
    assert [a.item_id for a in await threats.open_alerts(station.store)] == [danger_id]
    await engage.engage(desk.admin)  # suspend, every channel

    held = await replies.reply(desk.officer, ordinary_id, "Yes, it is open again.")
    assert held.held and not held.not_held
    with pytest.raises(StoreError, match="Only the answer to a message that raised a threat"):
        await replies.reply(desk.officer, ordinary_id, "Sent past the hold?", threat_to_life=True)
    safe = await replies.reply(
        desk.officer, danger_id, "Please call 999 now.", public=False, threat_to_life=True
    )
    assert not safe.held and safe.not_held

    results = await station.publisher.publish_due()
    assert [(r.target_id, r.status) for r in results] == [(safe.target_id, "published")]
    assert [s.text for s in station.simulator.received("north")] == ["Please call 999 now."]
    created = [after for _, after in await station.afters("reply.create")]
    assert created[0]["held_by_incident"] is True and "not_held_threat_to_life" not in created[0]
    assert created[-1]["not_held_threat_to_life"] == 1 and "held_by_incident" not in created[-1]
