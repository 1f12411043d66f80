"""Credentials: kept only in the encrypted store, audited without values, renewed
before they expire, refused in exercise stores; and what happens to posts when a
channel needs reconnecting."""

from __future__ import annotations

import json
import logging
from datetime import timedelta
from pathlib import Path

import pytest

from console import credentials
from console import users as user_admin
from console.adapters import ChannelAdapters
from console.channels.base import NeedsReconnect
from console.channels.x import XAdapter
from console.permissions import NotPermitted
from console.session import Session, SignInThrottle, sign_in
from console.sync import SyncPolicy
from storage import channels, sync_state
from storage.errors import StoreError
from storage.records import Role, StoreKind, TargetStatus
from storage.store import Transaction
from storage.sync_state import SyncState
from storage.timeutil import to_iso
from tests.channels.servers.scripted_http import LoopbackServer
from tests.channels.servers.x_server import XApp
from tests.helpers import FAST_KDF, PASSWORD, make_store, stored_bytes
from tests.sync.conftest import NORTH, Station, add_x_channel

pytestmark = pytest.mark.asyncio


def x_secrets(app: XApp, tokens: tuple[str, str]) -> dict[str, str]:
    return {"access_token": tokens[0], "refresh_token": tokens[1], "client_id": app.client_id}


async def everything_written(station: Station, caplog: pytest.LogCaptureFixture) -> str:
    """Every audit entry and every log line so far, as text."""
    entries = await station.audit()
    return caplog.text + "\n".join(
        f"{e.action} {e.before} {e.after} {e.justification}" for e in entries
    )


async def test_connect_keeps_secrets_in_the_store_and_audits_only_their_names(
    station: Station, x_app: XApp, x_server: LoopbackServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    channel = await add_x_channel(station, x_app)
    tokens = x_app.issue()
    expires = station.at(120)
    done = await credentials.connect(
        station.admin, channel, secrets=x_secrets(x_app, tokens), expires_utc=expires,
        base_url=x_server.url + "/",
    )  # fmt: skip
    assert done.requeued == () and done.held == 0

    shown = await credentials.connection(station.store, channel)
    assert shown.connected and shown.base_url == x_server.url
    assert shown.keys == ("access_token", "client_id", "refresh_token")
    assert shown.expires_utc == expires
    account = await credentials.account_for(station.store, channel)
    assert account is not None and account.secrets["access_token"] == tokens[0]
    assert tokens[0] not in repr(account) and tokens[0] not in repr(shown)

    ((_, after),) = await station.afters("channel.connect")
    assert after["keys"] == ["access_token", "client_id", "refresh_token"]
    assert after["expires_utc"] == expires
    written = await everything_written(station, caplog)
    assert tokens[0] not in written and tokens[1] not in written
    raw = await stored_bytes(station.admin.store)  # what the disk or the DBA sees
    assert tokens[0].encode() not in raw and tokens[1].encode() not in raw
    if not station.admin.store.team:  # a team store's trail names the keys, as shown above
        assert b"access_token" not in raw

    await credentials.disconnect(station.admin, channel, reason="account handed back")
    assert await credentials.account_for(station.store, channel) is None
    assert not (await credentials.connection(station.store, channel)).connected
    row = await station.store.run(lambda db: sync_state.get(db, channel))
    assert row.state is SyncState.NEEDS_RECONNECT and "disconnected" in row.last_error
    with pytest.raises(StoreError, match="is not connected"):
        await credentials.disconnect(station.admin, channel, reason="again")


async def test_what_connect_refuses(station: Station, x_app: XApp) -> None:
    channel = await add_x_channel(station, x_app)
    cases = [
        ({"secrets": {"refresh_token": "r"}}, "cannot connect without its access_token"),
        ({"secrets": {"access_token": ""}}, "leave none empty"),
        (
            {"secrets": {"access_token": "t"}, "base_url": "http://x.example"},
            "only over https",
        ),
        ({"secrets": {"access_token": "t"}, "expires_utc": "soon"}, "not a time"),
    ]
    for arguments, sentence in cases:
        with pytest.raises(StoreError, match=sentence):
            await credentials.connect(station.admin, channel, **arguments)  # type: ignore[arg-type]
    mastodon = await station.store.write(
        lambda tx: channels.insert(
            tx.db, name="Masto", network="mastodon", account="force", area="", now=tx.now()
        )
    )
    with pytest.raises(StoreError, match="Give the address"):
        await credentials.connect(station.admin, mastodon, secrets={"access_token": "t"})
    officer = await user_admin.add_user(
        station.admin, name="dora", password="duty officer 1", roles=[Role.DUTY_OFFICER],
        kdf=FAST_KDF,
    )  # fmt: skip
    with pytest.raises(NotPermitted, match="Managing channel credentials"):
        await credentials.connect(
            Session(station.store, officer, via="test"), channel, secrets={"access_token": "t"}
        )
    assert await station.audit("channel.connect") == []


async def test_the_connected_account_becomes_the_channels_account(station: Station) -> None:
    """A connect flow says which account the network signed in (a Page id, an X user
    id): the channel posts as that one from the same transaction on."""
    await credentials.connect(station.admin, NORTH, secrets={}, account="@north-desk")
    channel = await station.store.run(lambda db: channels.get(db, NORTH))
    assert channel is not None and channel.account == "north-desk"
    ((_, after),) = await station.afters("channel.connect")
    assert after["account"] == "north-desk"
    await credentials.connect(station.admin, NORTH, secrets={})  # no account said: kept
    channel = await station.store.run(lambda db: channels.get(db, NORTH))
    assert channel is not None and channel.account == "north-desk"


async def test_an_exercise_store_refuses_real_credentials(tmp_path: Path) -> None:
    path = tmp_path / "exercise.cordon"
    await (await make_store(path, kind=StoreKind.EXERCISE)).close()
    trainer = await sign_in(path, "alice", PASSWORD, via="test", throttle=SignInThrottle())

    def add(tx: Transaction) -> None:
        # As an older store or an insider might have it: add_channel itself refuses.
        channels.insert(tx.db, name="Live X", network="x", account="1", area="", now=tx.now())
        channels.insert(
            tx.db, name="Sim", network="simulator", account="sim", area="", now=tx.now()
        )

    await trainer.store.write(add)
    with pytest.raises(StoreError, match="exercise store: it never holds real credentials"):
        await credentials.connect(
            trainer, 1, secrets={"access_token": "real"}, base_url="https://api.x.com"
        )
    assert await credentials.account_for(trainer.store, 1) is None
    adapters = ChannelAdapters(trainer.store)
    refused = await adapters.network_adapter(1)
    assert isinstance(refused, NeedsReconnect) and "exercise store" in refused.message
    await credentials.connect(trainer, 2, secrets={})  # the simulator is fine
    assert (await credentials.connection(trainer.store, 2)).connected
    await adapters.aclose()
    await trainer.sign_out()


async def test_a_simulator_channel_takes_no_secrets_and_no_address(station: Station) -> None:
    """The simulator runs inside Cordon: a token or an address given for one of its
    channels could only be a mistake (or a real one), so it is refused, not kept."""
    with pytest.raises(StoreError, match=r"^North is a simulator channel: .* no credentials,"):
        await credentials.connect(station.admin, NORTH, secrets={"access_token": "real"})
    with pytest.raises(StoreError, match="takes no server address"):
        await credentials.connect(station.admin, NORTH, secrets={}, base_url="http://127.0.0.1:9/")
    assert await station.audit("channel.connect") == []
    await credentials.connect(station.admin, NORTH, secrets={}, base_url="  ")
    shown = await credentials.connection(station.store, NORTH)
    assert shown.connected and shown.keys == () and shown.base_url == ""


async def test_a_token_is_renewed_before_it_expires_and_kept_encrypted(
    station: Station, x_app: XApp, x_server: LoopbackServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    channel = await add_x_channel(station, x_app)
    old = x_app.issue()
    await credentials.connect(
        station.admin, channel, secrets=x_secrets(x_app, old), expires_utc=station.at(3),
        base_url=x_server.url,
    )  # fmt: skip
    assert station.sync.health() == {}
    await station.sync.load()
    assert station.sync.health()[channel].token_expires_in == pytest.approx(180)

    await station.sync.sync_once(channel)

    account = await credentials.account_for(station.store, channel)
    assert account is not None
    new_access = account.secrets["access_token"]
    assert new_access != old[0] and account.secrets["refresh_token"] != old[1]
    assert account.expires_utc == to_iso(station.clock.now + timedelta(seconds=7200))
    assert station.sync.health()[channel].token_expires_in == pytest.approx(7200)
    ((_, after),) = await station.afters("channel.token_refreshed")
    assert after == {
        "expires_utc": account.expires_utc,
        "keys": ["access_token", "client_id", "refresh_token"],
    }
    written = await everything_written(station, caplog)
    for secret in (*old, new_access, account.secrets["refresh_token"]):
        assert secret not in written

    # With a long interval, the engine still wakes in time to renew the new token.
    station.sync.policy = SyncPolicy(interval=10_000)
    assert await station.sync.sync_once(channel) == pytest.approx(7200 - 240)
    station.clock.advance(seconds=7200 - 200)
    await station.sync.sync_once(channel)
    assert len(await station.audit("channel.token_refreshed")) == 2  # within 5 minutes: renewed


async def test_token_expires_refresh_refused_posts_wait_then_go_out_once(
    station: Station, x_app: XApp, x_server: LoopbackServer
) -> None:
    channel = await add_x_channel(station, x_app)
    tokens = x_app.issue()
    await credentials.connect(
        station.admin, channel, secrets=x_secrets(x_app, tokens), expires_utc=station.at(2),
        base_url=x_server.url,
    )  # fmt: skip
    first = await station.post("Road closed at the junction", channel_id=channel, minutes=3)
    second = await station.post("Appeal for witnesses", channel_id=channel, minutes=4)

    # The token expires and X refuses to renew it (the user revoked Cordon's access).
    x_app.revoke_all()
    station.clock.advance(minutes=2)
    assert await station.sync.sync_once(channel) is None
    health = station.sync.health()[channel]
    assert health.state is SyncState.NEEDS_RECONNECT
    assert "reconnect the X account" in health.last_error

    station.clock.advance(minutes=3)
    results = await station.publisher.publish_due()
    assert {r.status for r in results} == {"failed"}
    for target in (first, second):
        assert await station.status(target) is TargetStatus.FAILED
    errors = await station.store.run(
        lambda db: [r[0] for r in db.execute("SELECT last_error FROM targets ORDER BY id")]
    )
    assert all("Force X needs reconnecting" in e and "reconnected in Cordon" in e for e in errors)
    assert x_app.own_tweets() == []
    assert await station.publisher.publish_due() == []  # failed, not retried in a loop

    fresh = x_app.issue()
    done = await credentials.connect(
        station.admin, channel, secrets=x_secrets(x_app, fresh), expires_utc=station.at(120),
        base_url=x_server.url,
    )  # fmt: skip
    assert done.requeued == (first, second) and done.held == 0
    requeued = await station.afters("target.requeue_after_reconnect")
    assert requeued == [(str(first), {"status": "queued"}), (str(second), {"status": "queued"})]

    results = await station.publisher.publish_due()
    assert sorted(r.status for r in results) == ["published", "published"]
    assert sorted(t.text for t in x_app.own_tweets()) == [
        "Appeal for witnesses", "Road closed at the junction",
    ]  # fmt: skip
    assert await station.publisher.publish_due() == []
    assert len(x_app.own_tweets()) == 2  # once each
    assert await station.sync.sync_once(channel) is not None
    assert station.sync.health()[channel].state is SyncState.OK


async def test_a_reconnect_during_an_incident_holds_what_it_puts_back(station: Station) -> None:
    target = await station.post("Cheerful weekend content")
    station.simulator.fail_next("401")
    station.clock.advance(minutes=2)
    (result,) = await station.publisher.publish_due()
    assert result.status == "failed" and "North needs reconnecting" in result.detail

    # A second post on the channel does not even reach the network.
    other = await station.post("Also waiting", minutes=1)
    sent_before = station.simulator.state.requests
    station.clock.advance(minutes=2)
    (result,) = await station.publisher.publish_due()
    assert result.status == "failed" and station.simulator.state.requests == sent_before

    def engage(tx: Transaction) -> None:
        tx.execute(
            "INSERT INTO incidents (name, mode, engaged_by, engaged_utc)"
            " VALUES ('Flood', 'suspend', 1, ?)", (tx.now(),))  # fmt: skip
        tx.execute(
            "INSERT INTO holds (incident_id, scope, created_utc) VALUES (1, 'all', ?)",
            (tx.now(),),
        )

    await station.store.write(engage)
    done = await credentials.connect(station.admin, NORTH, secrets={})
    assert done.requeued == (target, other) and done.held == 2
    assert await station.status(target) is TargetStatus.HELD
    assert await station.status(other) is TargetStatus.HELD
    afters = await station.afters("target.requeue_after_reconnect")
    assert [after["status"] for _, after in afters] == ["held", "held"]
    assert await station.publisher.publish_due() == []
    assert station.simulator.received() == []


async def test_a_post_whose_time_passed_while_disconnected_waits_for_a_person(
    station: Station,
) -> None:
    target = await station.post("Good morning from the front counter")
    station.simulator.fail_next("401")
    station.clock.advance(minutes=2)
    (result,) = await station.publisher.publish_due()
    assert result.status == "failed"
    station.clock.advance(hours=3)  # the channel is reconnected mid-afternoon
    done = await credentials.connect(station.admin, NORTH, secrets={})
    assert done.requeued == () and done.missed == (target,)
    assert await station.status(target) is TargetStatus.MISSED
    assert await station.publisher.publish_due() == []
    assert station.simulator.received() == []


async def test_a_channel_never_connected_fails_its_posts_until_it_is(
    station: Station, x_app: XApp, x_server: LoopbackServer
) -> None:
    channel = await add_x_channel(station, x_app)
    target = await station.post("Hello X", channel_id=channel)
    station.clock.advance(minutes=2)
    (result,) = await station.publisher.publish_due()
    assert "No x connection is set up in Cordon" in result.detail
    assert await station.sync.sync_once(channel) is None
    assert station.sync.health()[channel].state is SyncState.NEEDS_RECONNECT

    await credentials.connect(
        station.admin, channel, secrets=x_secrets(x_app, x_app.issue()), base_url=x_server.url
    )
    assert [r.status for r in await station.publisher.publish_due()] == ["published"]
    assert await station.status(target) is TargetStatus.PUBLISHED
    adapter = await station.adapters.network_adapter(channel)
    assert isinstance(adapter, XAdapter)


async def test_connecting_again_builds_a_new_adapter(
    station: Station, x_app: XApp, x_server: LoopbackServer
) -> None:
    channel = await add_x_channel(station, x_app)
    await credentials.connect(
        station.admin, channel, secrets=x_secrets(x_app, x_app.issue()), base_url=x_server.url
    )
    first = await station.adapters.network_adapter(channel)
    assert await station.adapters.network_adapter(channel) is first
    await credentials.connect(
        station.admin, channel, secrets=x_secrets(x_app, x_app.issue()), base_url=x_server.url
    )
    assert await station.adapters.network_adapter(channel) is not first
    connects = await station.audit("channel.connect")
    assert [json.loads(e.before or "{}")["connected"] for e in connects] == [False, True]
