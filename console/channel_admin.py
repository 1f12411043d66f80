"""Adding channels and switching them on and off (administrators), and keeping what
each channel's own server says it accepts."""

from __future__ import annotations

import unicodedata
from collections.abc import Collection

from console.networks import NETWORKS
from console.permissions import Action, require
from console.session import Session
from storage import channels
from storage.errors import StoreError
from storage.i18n import _
from storage.records import AuditCategory, Channel, ServerLimits, StoreKind
from storage.store import Transaction
from storage.stored_words import english

NAME_LIMIT = 60  # characters: the name heads every channel's row and column


def tidy_name(name: str) -> str:
    """The name as kept: its runs of spaces (tabs, line breaks) as one space."""
    return " ".join(name.split())


def new_channel_problem(name: str, account: str, taken: Collection[str] = ()) -> str | None:
    """Why a new channel cannot be added with this name and account (as typed), in a
    sentence; None when it can. ``taken``: the names of the channels there are."""
    name, account = tidy_name(name), account.strip().lstrip("@")
    if not name or not account:
        return _("A channel needs a name and the account it posts as.")
    if len(name) > NAME_LIMIT:
        return _("A channel's name may be up to {limit} characters; this one has {count}.").format(
            limit=NAME_LIMIT, count=len(name)
        )
    if any(unicodedata.category(character) == "Cc" for character in name):
        return _("A channel's name may not hold control characters.")
    folded = name.casefold()
    existing = next((other for other in taken if tidy_name(other).casefold() == folded), None)
    if existing is not None:
        return _already(existing)
    return None


def _already(name: str) -> str:
    """``name``: the existing channel's, as it is spelt ("Northshire" when
    "northshire" was typed: two channels that differ only in case would be mistaken
    for each other in every list)."""
    return _("There is already a channel called {name}.").format(name=name)


async def add_channel(
    session: Session, *, name: str, network: str, account: str, area: str = ""
) -> Channel:
    require(session.user, Action.MANAGE_CHANNELS)
    problem = new_channel_problem(name, account)
    if problem is not None:
        raise StoreError(problem)
    name, account, area = tidy_name(name), account.strip().lstrip("@"), area.strip()
    if network not in NETWORKS:
        raise StoreError(_("Cordon does not know the network {network!r}.").format(network=network))
    if session.store.kind is StoreKind.EXERCISE and network != "simulator":
        raise StoreError(
            _(
                "An exercise store takes only simulator channels: it must "
                "never reach a live account."
            )
        )

    def add(tx: Transaction) -> Channel:
        taken = [channel.name for channel in channels.all_channels(tx.db)]
        if (problem := new_channel_problem(name, account, taken)) is not None:
            raise StoreError(problem)
        channel_id = channels.insert(
            tx.db, name=name, network=network, account=account, area=area, now=tx.now()
        )
        tx.audit(
            actor=session.user.name,
            action="channel.add",
            category=AuditCategory.COLLECTION,
            object_type="channel",
            object_id=channel_id,
            after={"name": name, "network": network, "account": account, "area": area},
        )
        added = channels.get(tx.db, channel_id)
        assert added is not None
        return added

    return await session.store.write(add)


async def set_enabled(session: Session, channel_id: int, enabled: bool, *, reason: str) -> None:
    """A disabled channel publishes nothing; its queued posts wait."""
    require(session.user, Action.MANAGE_CHANNELS)

    def change(tx: Transaction) -> None:
        channel = channels.get(tx.db, channel_id)
        if channel is None:
            raise StoreError(
                _("There is no channel number {channel_id}.").format(channel_id=channel_id)
            )
        channels.set_enabled(tx.db, channel_id, enabled)
        tx.audit(
            actor=session.user.name,
            action="channel.enable" if enabled else "channel.disable",
            category=AuditCategory.ALTERATION,
            object_type="channel",
            object_id=channel_id,
            before={"enabled": channel.enabled},
            after={"enabled": enabled},
            justification=reason,
        )

    await session.store.write(change)


def keep_limits(tx: Transaction, channel: Channel, limits: ServerLimits, *, actor: str) -> bool:
    """Keep what the channel's server said it accepts (software, limits), with an audit
    entry, when it differs from what is kept. True when it changed."""
    before = channels.limits_of(tx.db, channel.id)
    if before == limits:
        return False
    channels.set_limits(tx.db, channel.id, limits, tx.now())
    tx.audit(
        actor=actor,
        action="channel.limits",
        category=AuditCategory.ALTERATION,
        object_type="channel",
        object_id=channel.id,
        before=None if before is None else _limits_record(before),
        after=_limits_record(limits),
        justification=english("The server of {channel} said what it accepts", channel=channel.name),
    )
    return True


def _limits_record(limits: ServerLimits) -> dict[str, object]:
    return {
        "counting": limits.counting,
        "max_characters": limits.max_characters,
        "url_length": limits.url_length,
        "images_max": limits.images_max,
        "image_max_bytes": limits.image_max_bytes,
        "software": limits.software,
    }
