"""Connect, schedule, publish, replies and failures, end to end, as a duty officer
does it, through the core services the window uses (no Qt: the window only calls these).

A live store; an administrator connects a Bluesky account on the **real PDS** (the
session's ``pds`` fixture, scripts/pds/launch.mjs) with ``BlueskyConnect`` and an app
password the PDS issued (``com.atproto.server.createAppPassword``), and a Mastodon
account on **mastodon-mock** (PyPI, a third party's stateful Mastodon API) with
``MastodonConnect``: mastodon-mock implements ``POST /api/v1/apps``, ``GET``/``POST
/oauth/authorize`` (an account picker) and ``POST /oauth/token``, so the whole OAuth
flow runs against it, through Cordon's loopback listener. Both are kept with
``console.credentials.connect``. A duty officer schedules one post to both channels
(``console.posts.create_post``); the ``Engine`` (console/engine.py: its real
``ChannelAdapters``, publisher, scheduler and ``SyncEngine``, with short policies)
publishes it at its time, and the test finds it on both servers. A resident replies
on Mastodon; sync brings the reply into the inbox (``storage.inbox``), exactly once
across a restart of Cordon (store closed and opened again, a new engine). Then the
Bluesky app password is revoked on the PDS: channel health says the channel needs
reconnecting, in a sentence; the post due then is failed and waits for the channel;
the administrator reconnects with a new app password and the post goes out, once.

What this cannot show, and why:

* **Bluesky replies arriving.** A lone PDS has no AppView: every ``app.bsky.*`` read,
  ``app.bsky.notification.listNotifications`` among them, answers 400 "No service
  configured". The test checks the channel says so in its health ("This Bluesky
  server has no app view, so it offers no notifications.", a ``Transient``: the
  channel is *degraded*, not silently fine). Notifications need the whole local
  network of ``@atproto/dev-env`` (an AppView with PostgreSQL and Redis), which
  ``./test`` does not install. Replies arriving are shown on Mastodon only.
* **A revoked app password does not stop the session already made with it.** On the
  PDS, ``revokeAppPassword`` deletes the password and its refresh tokens, but access
  tokens are stateless JWTs that stay good for 120 minutes: the test checks that,
  then stands in for those two hours by keeping, in the store, an access token the
  PDS signed with an expiry in the past (``Pds.mint_access``, as the adapter's own
  tests do), while Cordon is closed. The next refresh or send then meets the revoked
  refresh token and the revoked app password.
* **mastodon-mock's sign-in page** is an account picker: no password, no consent
  screen, and it ignores PKCE. The "browser" here picks the force's account.

No timing is asserted: every wait is "until this is true, or fail after a timeout".
"""

from __future__ import annotations

import asyncio
import re
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urljoin

import httpx
import pytest

from console import channel_admin, credentials, users
from console.connect import BlueskyConnect, MastodonConnect
from console.connect.base import ConnectResult
from console.engine import Engine
from console.posts import create_post
from console.publisher import PublishPolicy
from console.session import Session, SignInThrottle, sign_in
from console.sync import SyncPolicy
from storage import credentials as stored
from storage import inbox, queue, sync_state
from storage.records import Role, TargetStatus
from storage.sync_state import SyncState
from storage.timeutil import to_iso
from tests.channels.conftest import Pds, PdsAccount
from tests.channels.mastodon_fixtures import MastodonMock, start_mastodon_mock
from tests.helpers import PASSWORD, make_store

pytestmark = pytest.mark.asyncio

T = TypeVar("T")
WAIT = 60.0  # seconds any one wait may take before the test fails
NO_APP_VIEW = "This Bluesky server has no app view, so it offers no notifications."
PUBLISH = PublishPolicy(first_backoff=timedelta(seconds=1), max_backoff=timedelta(seconds=2))
SYNC = SyncPolicy(interval=1.0, first_backoff=1.0, max_backoff=2.0, recheck=1.0)
OFFICER, OFFICER_PASSWORD = "dave", "duty officer password 1"


@pytest.fixture(scope="module")
def mastodon(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MastodonMock]:
    server = start_mastodon_mock(tmp_path_factory.mktemp("e2e-mastodon-mock"))
    yield server
    server.stop()


async def until(check: Callable[[], Awaitable[T]], what: str, timeout: float = WAIT) -> T:
    """``check()``'s first truthy answer; fails after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        answer = await check()
        if answer:
            return answer
        if time.monotonic() > deadline:
            pytest.fail(f"not within {timeout:.0f} s: {what}")
        await asyncio.sleep(0.1)


# -- the networks, as the people on them see them ---------------------------------------


def hidden_fields(page: str) -> dict[str, str]:
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page))


async def connect_mastodon(url: str) -> ConnectResult:
    """``MastodonConnect`` against mastodon-mock, the officer's browser picking the
    force's account on the server's sign-in page."""
    async with MastodonConnect(url) as flow:
        async with httpx.AsyncClient(follow_redirects=True, timeout=10) as browser:
            page = await browser.get(flow.authorize_url())
            assert page.status_code == 200 and "@cordon" in page.text
            form = {**hidden_fields(page.text), "username": "cordon"}
            back, redirect = await asyncio.gather(
                browser.post(urljoin(url, "/oauth/authorize"), data=form),
                flow.wait_for_redirect(WAIT),
            )
        assert back.status_code == 200 and str(back.url).startswith(flow.redirect_uri)
        return await flow.finish(redirect)


async def connect_bluesky(pds: Pds, account: PdsAccount) -> ConnectResult:
    """``BlueskyConnect`` with a new app password, as the officer makes one in Bluesky."""
    app_password = await asyncio.to_thread(pds.app_password, account)
    async with BlueskyConnect(
        account.handle, app_password, entryway=pds.url, plc_url=pds.plc_url
    ) as flow:
        return await flow.connect()


def revoke_app_passwords(pds: Pds, account: PdsAccount) -> None:
    """The account's owner revokes every app password (Bluesky's settings)."""
    access = pds.session(account.handle, account.password)["accessJwt"]
    auth = {"Authorization": f"Bearer {access}"}
    listed = httpx.get(
        f"{pds.url}/xrpc/com.atproto.server.listAppPasswords", headers=auth, timeout=30
    )
    listed.raise_for_status()
    for entry in listed.json()["passwords"]:
        httpx.post(
            f"{pds.url}/xrpc/com.atproto.server.revokeAppPassword",
            headers=auth,
            json={"name": entry["name"]},
            timeout=30,
        ).raise_for_status()


def session_answer(pds: Pds, access_jwt: str) -> int:
    return httpx.get(
        f"{pds.url}/xrpc/com.atproto.server.getSession",
        headers={"Authorization": f"Bearer {access_jwt}"},
        timeout=30,
    ).status_code


def refresh_answer(pds: Pds, refresh_jwt: str) -> int:
    return httpx.post(
        f"{pds.url}/xrpc/com.atproto.server.refreshSession",
        headers={"Authorization": f"Bearer {refresh_jwt}"},
        timeout=30,
    ).status_code


def posts_with(pds: Pds, did: str, marker: str) -> list[dict[str, Any]]:
    return [
        record
        for record in pds.list_posts(did)
        if marker in str(record["value"]["text"])  # type: ignore[index]
    ]


async def mastodon_get(url: str, path: str, token: str) -> Any:
    async with httpx.AsyncClient(
        base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=10
    ) as client:
        answer = await client.get(path)
        answer.raise_for_status()
        return answer.json()


async def reply_as_resident(url: str, text: str, in_reply_to: str) -> str:
    async with httpx.AsyncClient(
        base_url=url, headers={"Authorization": "Bearer resident-token"}, timeout=10
    ) as client:
        answer = await client.post(
            "/api/v1/statuses", data={"status": text, "in_reply_to_id": in_reply_to}
        )
        assert answer.status_code == 200, answer.text
        status_id: str = answer.json()["id"]
        return status_id


# -- the console --------------------------------------------------------------------------


def at(seconds: float) -> str:
    return to_iso(datetime.now(UTC) + timedelta(seconds=seconds))


async def target_row(session: Session, target_id: int) -> queue.QueueRow:
    return (await session.store.run(lambda db: queue.rows(db, [target_id])))[target_id]


async def remote_id(session: Session, target_id: int) -> str:
    def read(db: Any) -> str:
        row = db.execute("SELECT remote_id FROM targets WHERE id = ?", (target_id,)).fetchone()
        return str(row[0])

    return await session.store.run(read)


async def published(session: Session, target_id: int) -> bool:
    row = await target_row(session, target_id)
    assert row.status not in (TargetStatus.MISSED, TargetStatus.CANCELLED), row
    return row.status is TargetStatus.PUBLISHED


async def inbox_remote_ids(session: Session, channel_id: int) -> list[str]:
    def read(db: Any) -> list[str]:
        found = inbox.rows(db, inbox.matching(db, inbox.InboxFilter(channel_id=channel_id)))
        return sorted(row.remote_id for row in found.values())

    return await session.store.run(read)


async def started(session: Session) -> Engine:
    engine = Engine(session.store, policy=PUBLISH, sync_policy=SYNC)
    await engine.start()
    return engine


def health_of(engine: Engine, channel_id: int) -> Any:
    assert engine.sync is not None
    return engine.sync.health().get(channel_id)


async def test_done_when_connect_schedule_publish_replies_and_failures(
    tmp_path: Path, pds: Pds, mastodon: MastodonMock
) -> None:
    # -- a live store; the administrator adds the two channels and connects them --------
    path = tmp_path / "force.cordon"
    await (await make_store(path)).close()
    admin = await sign_in(path, "alice", PASSWORD, via="test", throttle=SignInThrottle())
    await users.set_roles(admin, "alice", [Role.ADMINISTRATOR], reason="the force's admin")
    await users.add_user(admin, name=OFFICER, password=OFFICER_PASSWORD, roles=[Role.DUTY_OFFICER])
    force = await asyncio.to_thread(pds.create_account, "force")
    bluesky = await channel_admin.add_channel(
        admin, name="Force Bluesky", network="bluesky", account=force.handle
    )
    fedi = await channel_admin.add_channel(
        admin, name="Force Mastodon", network="mastodon", account="cordon"
    )

    sky = await connect_bluesky(pds, force)
    assert sky.base_url.startswith("http://localhost:")  # the PDS its DID document names
    assert sky.secrets["did"] == force.did
    toot = await connect_mastodon(mastodon.url)
    assert toot.handle == "cordon" and toot.base_url == mastodon.url
    for channel, result in ((bluesky, sky), (fedi, toot)):
        await credentials.connect(
            admin,
            channel.id,
            secrets=result.secrets,
            expires_utc=result.expires_utc,
            base_url=result.base_url,
        )
    assert (await credentials.connection(admin.store, bluesky.id)).expires_utc  # a countdown
    engine = await started(admin)

    # -- the duty officer takes over the console and schedules one post to both --------
    officer = await admin.unlock(OFFICER, OFFICER_PASSWORD, throttle=SignInThrottle())
    marker = uuid.uuid4().hex[:8]
    text = f"The A64 at Eastbridge is open again. Thank you for your patience. #{marker}"
    post = await create_post(
        officer, body=text, channel_ids=[bluesky.id, fedi.id], scheduled_utc=at(3)
    )
    to_sky, to_fedi = (
        next(t.id for t in post.targets if t.channel_id == c) for c in (bluesky.id, fedi.id)
    )
    assert {t.status for t in post.targets} == {TargetStatus.QUEUED}

    # -- the engine publishes it at its time, and it is on both servers ----------------
    await until(lambda: published(officer, to_sky), "the post published on Bluesky")
    await until(lambda: published(officer, to_fedi), "the post published on Mastodon")
    sky_uri = await remote_id(officer, to_sky)
    assert sky_uri.startswith(f"at://{force.did}/app.bsky.feed.post/")
    record = await asyncio.to_thread(pds.get_post, force.did, sky_uri.rsplit("/", 1)[1])
    assert record.status_code == 200 and record.json()["value"]["text"] == text
    assert len(await asyncio.to_thread(posts_with, pds, force.did, marker)) == 1
    toot_id = await remote_id(officer, to_fedi)
    status = await mastodon_get(mastodon.url, f"/api/v1/statuses/{toot_id}", "resident-token")
    assert status["account"]["acct"] == "cordon" and marker in status["content"]

    # -- a resident replies on Mastodon: it arrives in the inbox -----------------------
    reply = await reply_as_resident(
        mastodon.url, f"@cordon thanks, is the bus back on that road too? {marker}", toot_id
    )
    assert engine.sync is not None
    engine.sync.wake(fedi.id)
    await until(lambda: _has(inbox_remote_ids(officer, fedi.id), reply), "the reply in the inbox")
    [item] = (
        await officer.store.run(
            lambda db: inbox.rows(db, inbox.matching(db, inbox.InboxFilter(channel_id=fedi.id)))
        )
    ).values()
    assert item.kind == "reply" and item.in_reply_to == toot_id
    assert item.author_handle == "resident" and marker in item.text
    assert health_of(engine, fedi.id).state is SyncState.OK

    # Bluesky: a lone PDS offers no notifications, and channel health says so.
    sky_health = await until(
        lambda: _health_with(engine, bluesky.id, NO_APP_VIEW), "Bluesky's health says why"
    )
    assert sky_health.state is SyncState.DEGRADED and sky_health.token_expires_in > 0

    # -- Cordon is closed; meanwhile the Bluesky app password is revoked ----------------
    await engine.stop()
    await officer.sign_out()
    kept = await _secrets(path, bluesky.id)
    await asyncio.to_thread(revoke_app_passwords, pds, force)
    # The PDS's access tokens outlive the revocation (stateless, 120 minutes); its
    # refresh token does not. Two hours on, the access token has expired too:
    assert await asyncio.to_thread(session_answer, pds, kept["access_jwt"]) == 200
    assert await asyncio.to_thread(refresh_answer, pds, kept["refresh_jwt"]) != 200
    expired = time.time() - 60
    await _store_expired_access(path, bluesky.id, kept, pds.mint_access(force.did, expired))

    # -- Cordon opens again: the reply is still there once, and a new one arrives ------
    officer = await sign_in(path, OFFICER, OFFICER_PASSWORD, via="test", throttle=SignInThrottle())
    later_text = f"Update: the A64 at Eastbridge has a lane closed again. #{marker}b"
    later = await create_post(
        officer, body=later_text, channel_ids=[bluesky.id], scheduled_utc=at(3)
    )
    to_sky_later = later.targets[0].id
    reopened = to_iso(datetime.now(UTC))
    engine = await started(officer)
    await until(
        lambda: _synced_since(engine, fedi.id, reopened), "a Mastodon pass after the restart"
    )
    assert await inbox_remote_ids(officer, fedi.id) == [reply]
    second = await reply_as_resident(mastodon.url, f"@cordon and the school run? {marker}", toot_id)
    assert engine.sync is not None
    engine.sync.wake(fedi.id)
    await until(
        lambda: _has(inbox_remote_ids(officer, fedi.id), second), "the second reply in the inbox"
    )
    assert await inbox_remote_ids(officer, fedi.id) == sorted([reply, second])

    # -- the revoked app password shows in channel health; the due post waits ----------
    broken = await until(
        lambda: _health_in(engine, bluesky.id, SyncState.NEEDS_RECONNECT),
        "Bluesky needs reconnecting",
    )
    assert "refused the app password" in broken.last_error
    assert "connect the account again" in broken.last_error
    assert broken.token_expires_in is not None and broken.token_expires_in < 0

    async def failed_and_waiting() -> bool:
        row = await target_row(officer, to_sky_later)
        waiting = await officer.store.run(lambda db: sync_state.awaiting(db, bluesky.id))
        return row.status is TargetStatus.FAILED and to_sky_later in waiting

    await until(failed_and_waiting, "the due Bluesky post failed, waiting for a reconnect")
    row = await target_row(officer, to_sky_later)
    assert "Force Bluesky needs reconnecting" in row.last_error
    assert "goes out once the channel is reconnected" in row.last_error
    assert not await asyncio.to_thread(posts_with, pds, force.did, f"{marker}b")
    assert health_of(engine, fedi.id).state is SyncState.OK  # the other channel carries on

    # -- the administrator reconnects with a new app password: it goes out, once --------
    admin = await officer.unlock("alice", PASSWORD, throttle=SignInThrottle())
    again = await connect_bluesky(pds, force)
    connected = await credentials.connect(
        admin,
        bluesky.id,
        secrets=again.secrets,
        expires_utc=again.expires_utc,
        base_url=again.base_url,
    )
    assert connected.requeued == (to_sky_later,) and not connected.missed
    await until(lambda: published(admin, to_sky_later), "the waiting post published")
    await until(
        lambda: _health_with(engine, bluesky.id, NO_APP_VIEW), "Bluesky back to its one limit"
    )
    woken = to_iso(datetime.now(UTC))
    engine.sync.wake()  # another pass of everything: nothing more goes out
    await until(lambda: _synced_since(engine, fedi.id, woken), "another pass")
    assert len(await asyncio.to_thread(posts_with, pds, force.did, f"{marker}b")) == 1
    assert len(await asyncio.to_thread(posts_with, pds, force.did, marker)) == 2
    assert await inbox_remote_ids(admin, fedi.id) == sorted([reply, second])
    await engine.stop()
    await admin.sign_out()


async def _has(found: Awaitable[list[str]], wanted: str) -> bool:
    return wanted in await found


async def _health_with(engine: Engine, channel_id: int, sentence: str) -> Any:
    health = health_of(engine, channel_id)
    return health if health is not None and health.last_error == sentence else None


async def _health_in(engine: Engine, channel_id: int, state: SyncState) -> Any:
    health = health_of(engine, channel_id)
    return health if health is not None and health.state is state else None


async def _synced_since(engine: Engine, channel_id: int, since: str) -> bool:
    health = health_of(engine, channel_id)
    return health is not None and (health.last_sync_utc or "") > since


async def _secrets(path: Path, channel_id: int) -> dict[str, str]:
    """The Bluesky channel's kept tokens, read as Cordon would (store opened, closed)."""
    session = await sign_in(path, "alice", PASSWORD, via="test", throttle=SignInThrottle())
    try:
        found = await session.store.run(lambda db: stored.get(db, channel_id))
        assert found is not None
        return dict(found.secrets)
    finally:
        await session.sign_out()


async def _store_expired_access(
    path: Path, channel_id: int, kept: dict[str, str], access_jwt: str
) -> None:
    """Two hours pass while Cordon is closed: the kept access token has expired."""
    session = await sign_in(path, "alice", PASSWORD, via="test", throttle=SignInThrottle())
    try:
        secrets = {**kept, "access_jwt": access_jwt}
        past = to_iso(datetime.now(UTC) - timedelta(minutes=1))
        await session.store.write(
            lambda tx: stored.update_secrets(tx.db, channel_id, secrets, past, tx.now())
        )
    finally:
        await session.sign_out()
