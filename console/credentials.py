"""Connecting channels to their networks: credentials kept in the encrypted store.

* ``connect`` stores a channel's secrets (tokens, an app password), their expiry and
  the network's address, resets the channel's sync state, and puts back on the
  queue the posts that failed because the channel needed reconnecting.
* ``disconnect`` forgets them.
* ``account_for`` gives the ``Account`` an adapter is built from;
  ``secrets_sink`` is where an adapter hands tokens it renewed.
* ``connection`` says what the window may show: connected or not, which keys, the
  expiry; never a value.

Secret values never reach an audit entry, a log line, an exception or a ``repr``:
audit entries name the keys and the expiry only. An exercise store refuses every
network but the simulator.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from console.channel_admin import keep_limits
from console.channels.base import Account, SecretsSink
from console.permissions import Action, require
from console.session import Session
from storage import channels, incidents, queue, sync_state
from storage import credentials as stored
from storage.errors import StoreError
from storage.i18n import _
from storage.records import AuditCategory, Channel, ServerLimits, StoreKind, TargetStatus
from storage.store import Store, Transaction
from storage.stored_words import english
from storage.sync_state import SyncState
from storage.timeutil import to_iso

log = logging.getLogger(__name__)

# Where each network is when the officer does not say (Mastodon has no default).
DEFAULT_BASE_URLS = {
    "x": "https://api.x.com",
    "facebook": "https://graph.facebook.com",
    "bluesky": "https://bsky.social",
    "threads": "https://graph.threads.net",
    "instagram": "https://graph.facebook.com",
    "linkedin": "https://api.linkedin.com",
}
# The secrets each network cannot work without (any one of a tuple's keys will do).
REQUIRED_SECRETS: dict[str, tuple[tuple[str, ...], ...]] = {
    "x": (("access_token",),),
    "mastodon": (("access_token",),),
    "facebook": (("page_access_token",),),
    "bluesky": (("app_password", "access_jwt"),),
    "threads": (("access_token",),),
    "instagram": (("page_access_token",), ("page_id",)),
    "linkedin": (("access_token",),),
    "simulator": (),
}
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
SYNC_ACTOR = "sync"  # who renews tokens (console.sync.state.ACTOR)


@dataclass(frozen=True)
class Connection:
    """A channel's connection as the window shows it (no secret values)."""

    channel_id: int
    connected: bool
    base_url: str = ""
    keys: tuple[str, ...] = ()
    expires_utc: str | None = None
    connected_utc: str | None = None
    refreshed_utc: str | None = None


@dataclass(frozen=True)
class Connected:
    """What ``connect`` did: the targets put back on the queue, and how many of them
    an active incident holds at once."""

    channel_id: int
    requeued: tuple[int, ...]
    held: int
    missed: tuple[int, ...] = ()  # their time passed meanwhile: an officer reschedules


# A post that failed for want of a connection goes out after the reconnect only if
# its time is no further back than this (the publisher's own grace); older ones
# become missed and wait for a person.
RECONNECT_GRACE = timedelta(minutes=5)


def _normalised_url(channel: Channel, base_url: str) -> str:
    if channel.network == "simulator":
        return ""  # the simulator runs inside Cordon: no address is kept
    url = (base_url.strip() or DEFAULT_BASE_URLS.get(channel.network, "")).rstrip("/")
    if not url:
        raise StoreError(
            _("Give the address of {channel.name}'s server (its https:// address).").format(
                channel=channel
            )
        )
    parts = urlsplit(url)
    loopback = parts.hostname in LOOPBACK
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise StoreError(
            _("{base_url!r} is not a web address: give one starting https://.").format(
                base_url=base_url
            )
        )
    if parts.scheme == "http" and not loopback:
        raise StoreError(
            _("Cordon sends credentials only over https: give the server's https:// address.")
        )
    return url


def _normalised_expiry(expires_utc: str | None) -> str | None:
    if not expires_utc:
        return None
    try:
        moment = datetime.fromisoformat(expires_utc.replace("Z", "+00:00"))
    except ValueError:
        raise StoreError(
            _("{expires_utc!r} is not a time Cordon can read.").format(expires_utc=expires_utc)
        ) from None
    return to_iso(moment if moment.tzinfo else moment.replace(tzinfo=UTC))


def _checked_secrets(channel: Channel, secrets: Mapping[str, str]) -> dict[str, str]:
    kept = {str(k).strip(): v for k, v in secrets.items()}
    if any(not key or not isinstance(value, str) or not value for key, value in kept.items()):
        raise StoreError(_("Every credential needs a name and a value: leave none empty."))
    for choices in REQUIRED_SECRETS.get(channel.network, ()):
        if not any(choice in kept for choice in choices):
            names = " or ".join(choices)
            raise StoreError(
                _("{channel.name} cannot connect without its {names}.").format(
                    channel=channel, names=names
                )
            )
    return kept


def _refuse_for_simulator(
    store: Store, channel: Channel, secrets: Mapping[str, str], base_url: str
) -> None:
    """The simulator network takes no secrets and no address: whatever is given for
    one of its channels is refused rather than kept (it could be a real token)."""
    if channel.network != "simulator" or (not secrets and not base_url.strip()):
        return
    given = "credentials" if secrets else "server address"
    if secrets and base_url.strip():
        given = "credentials and no server address"
    if store.kind is StoreKind.EXERCISE:
        sentence = (
            f"This is an exercise store: {channel.name} is a simulator channel, which "
            f"takes no {given}, so none can be kept."
        )
    else:
        sentence = (
            f"{channel.name} is a simulator channel: it runs inside Cordon and takes no "
            f"{given}, so none can be kept."
        )
    raise StoreError(sentence)


def _refuse_in_exercise(store: Store, channel: Channel) -> None:
    if store.kind is StoreKind.EXERCISE and channel.network != "simulator":
        raise StoreError(
            _(
                "This is an exercise store: it never holds real credentials "
                "or reaches a live account, so {channel.name} "
                "({channel.network}) cannot be connected here."
            ).format(channel=channel)
        )


async def connect(
    session: Session,
    channel_id: int,
    *,
    secrets: Mapping[str, str],
    expires_utc: str | None = None,
    base_url: str = "",
    account: str = "",
    limits: ServerLimits | None = None,
) -> Connected:
    """Connect (or reconnect) a channel; posts that failed waiting for it go back
    on the queue (held at once if an active incident covers them).

    ``account`` is the account the network signed in, as its adapter names it
    (``ConnectResult.handle``: a Mastodon acct, an X user id, a Page id, a Bluesky
    handle); it becomes the channel's account in the same transaction, so the
    channel posts as the account that was actually connected. ``limits`` is what the
    account's server said it accepts (``ConnectResult.limits``), kept on the channel."""
    require(session.user, Action.MANAGE_CREDENTIALS)
    expiry = _normalised_expiry(expires_utc)

    def write(tx: Transaction) -> Connected:
        channel = channels.get(tx.db, channel_id)
        if channel is None:
            raise StoreError(
                _("There is no channel number {channel_id}.").format(channel_id=channel_id)
            )
        _refuse_in_exercise(session.store, channel)
        _refuse_for_simulator(session.store, channel, secrets, base_url)
        url = _normalised_url(channel, base_url)
        kept = _checked_secrets(channel, secrets)
        now = tx.now()
        handle = account.strip().lstrip("@")
        if handle and handle != channel.account:
            channels.set_account(tx.db, channel_id, handle)
        before = sync_state.get(tx.db, channel_id)
        was_connected = stored.get(tx.db, channel_id) is not None
        stored.put(tx.db, channel_id, base_url=url, secrets=kept, expires_utc=expiry, now=now)
        if limits is not None:
            keep_limits(tx, channel, limits, actor=session.user.name)
        sync_state.reset_after_connect(tx.db, channel_id)
        waiting = sync_state.take_awaiting(tx.db, channel_id)
        stale_before = to_iso(session.store.clock() - RECONNECT_GRACE)
        missed = sync_state.miss_stale(tx.db, waiting, stale_before, now)
        requeued = sync_state.requeue_failed(tx.db, [w for w in waiting if w not in missed], now)
        held = incidents.hold_if_active(tx.db, requeued, now)
        tx.audit(
            actor=session.user.name,
            action="channel.connect",
            category=AuditCategory.ALTERATION,
            object_type="channel",
            object_id=channel_id,
            before={
                "connected": was_connected,
                "state": before.state.value,
                "account": channel.account,
            },
            after={
                "connected": True,
                "account": handle or channel.account,
                "base_url": url,
                "keys": sorted(kept),
                "expires_utc": expiry,
                "requeued": len(requeued),
                "missed": len(missed),
            },
        )
        for target_id in missed:
            tx.audit(
                actor=session.user.name,
                action="target.missed_while_disconnected",
                category=AuditCategory.ALTERATION,
                object_type="target",
                object_id=target_id,
                before={"status": TargetStatus.FAILED.value},
                after={"status": TargetStatus.MISSED.value},
                justification=english(
                    "{channel} was connected again after its time had passed",
                    channel=channel.name,
                ),
            )
        for target_id in requeued:
            status = queue.status_of(tx.db, target_id)
            tx.audit(
                actor=session.user.name,
                action="target.requeue_after_reconnect",
                category=AuditCategory.ALTERATION,
                object_type="target",
                object_id=target_id,
                before={"status": TargetStatus.FAILED.value},
                after={"status": status.value},
                justification=english("{channel} was connected again", channel=channel.name),
            )
        return Connected(channel_id, tuple(requeued), held, tuple(missed))

    return await session.store.write(write)


async def disconnect(session: Session, channel_id: int, *, reason: str) -> None:
    """Forget a channel's credentials; it publishes and syncs nothing until connected."""
    require(session.user, Action.MANAGE_CREDENTIALS)

    def write(tx: Transaction) -> None:
        channel = channels.get(tx.db, channel_id)
        if channel is None:
            raise StoreError(
                _("There is no channel number {channel_id}.").format(channel_id=channel_id)
            )
        if not stored.delete(tx.db, channel_id) and channel.network != "simulator":
            raise StoreError(_("{channel.name} is not connected.").format(channel=channel))
        sync_state.bump_generation(tx.db, channel_id)
        sync_state.set_state(
            tx.db,
            channel_id,
            SyncState.NEEDS_RECONNECT,
            f"{channel.name} was disconnected in Cordon: connect it again to publish and sync.",
        )
        tx.audit(
            actor=session.user.name,
            action="channel.disconnect",
            category=AuditCategory.ALTERATION,
            object_type="channel",
            object_id=channel_id,
            before={"connected": True},
            after={"connected": False},
            justification=reason,
        )

    await session.store.write(write)


async def connection(store: Store, channel_id: int) -> Connection:
    found = await store.run(lambda db: stored.get(db, channel_id))
    if found is None:
        return Connection(channel_id, False)
    return Connection(
        channel_id,
        True,
        found.base_url,
        tuple(sorted(found.secrets)),
        found.expires_utc,
        found.connected_utc,
        found.refreshed_utc,
    )


async def account_for(store: Store, channel_id: int) -> Account | None:
    """The account an adapter is built from; ``None`` when the channel is not
    connected (or is a live network in an exercise store: never built there)."""

    def read(db: object) -> Account | None:
        channel = channels.get(db, channel_id)
        found = stored.get(db, channel_id)
        if channel is None or found is None:
            return None
        if store.kind is StoreKind.EXERCISE and channel.network != "simulator":
            return None
        return Account(found.base_url, channel.account, dict(found.secrets), found.expires_utc)

    return await store.run(read)


def secrets_sink(store: Store, channel_id: int) -> SecretsSink:
    """Where an adapter hands tokens it renewed: kept encrypted, audited without values."""

    async def keep(secrets: dict[str, str], expires_utc: str | None) -> None:
        def write(tx: Transaction) -> None:
            if not stored.update_secrets(tx.db, channel_id, dict(secrets), expires_utc, tx.now()):
                log.warning("channel %s was disconnected while its token was renewed", channel_id)
                return
            tx.audit(
                actor=SYNC_ACTOR,
                action="channel.token_refreshed",
                category=AuditCategory.ALTERATION,
                object_type="channel",
                object_id=channel_id,
                after={"keys": sorted(secrets), "expires_utc": expires_utc},
            )

        await store.write(write)

    return keep
