"""Which adapter speaks for a channel: built per channel from its stored credentials.

The publisher and the sync engine ask an ``AdapterSource`` for a channel's adapter
and get either the adapter or ``NeedsReconnect`` with a sentence (no connection set
up; the channel needs reconnecting). Two sources:

* ``ChannelAdapters`` (the running console): one adapter per connected channel,
  built from ``console.credentials.account_for`` with a ``secrets_sink`` that keeps
  renewed tokens; rebuilt when the channel is connected again. Simulator channels
  need no credentials: they share the in-process simulator's adapter.
* ``ByNetwork`` (tests and benchmarks): one fixed adapter per network.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol, cast

from console import settings
from console.channels.base import (
    Account,
    ChannelAdapter,
    NeedsReconnect,
    NetworkAdapter,
    SecretsSink,
)
from console.channels.facebook import FacebookAdapter
from console.channels.instagram import InstagramAdapter, StyleSource
from console.channels.linkedin import LinkedInAdapter
from console.channels.mastodon import MastodonAdapter
from console.channels.simulator import SimulatorAdapter
from console.channels.threads import ThreadsAdapter
from console.channels.x import XAdapter
from console.credentials import secrets_sink
from console.statement_card import CardStyle
from storage import channels, sync_state
from storage import credentials as stored
from storage.records import Channel, StoreKind
from storage.store import Store
from storage.stored_words import english
from storage.sync_state import SyncState
from storage.timeutil import Clock, system_clock


class AdapterSource(Protocol):
    async def for_channel(self, channel_id: int, network: str) -> ChannelAdapter | NeedsReconnect:
        """The adapter that publishes for the channel, or why there is none."""
        ...


def not_set_up(network: str) -> NeedsReconnect:
    return NeedsReconnect(english("No {network} connection is set up in Cordon.", network=network))


class ByNetwork:
    """One adapter per network, whatever the channel (tests, benchmarks)."""

    def __init__(self, adapters: Mapping[str, ChannelAdapter]) -> None:
        self.adapters = adapters

    async def for_channel(self, channel_id: int, network: str) -> ChannelAdapter | NeedsReconnect:
        return self.adapters.get(network) or not_set_up(network)


# Builds a network's adapter for one account: the account, where renewed secrets go, the
# console's clock, and how to read the statement card's look (the store's settings).
AdapterFactory = Callable[[Account, SecretsSink, Clock, StyleSource], NetworkAdapter]


def _bluesky(
    account: Account, sink: SecretsSink, clock: Clock, style: StyleSource
) -> NetworkAdapter:
    # The Bluesky adapter lands on its own branch; until then the channel reports it.
    module: Any = importlib.import_module("console.channels.bluesky")
    return cast(NetworkAdapter, module.BlueskyAdapter(account, sink))


FACTORIES: dict[str, AdapterFactory] = {
    "mastodon": lambda account, sink, clock, _: MastodonAdapter(account, sink, clock=clock),
    "x": lambda account, sink, clock, _: XAdapter(account, sink, clock=clock),
    "facebook": lambda account, sink, clock, _: FacebookAdapter(account, sink, clock=clock),
    "bluesky": _bluesky,
    "threads": lambda account, sink, clock, _: ThreadsAdapter(account, sink, clock=clock),
    "instagram": lambda account, sink, clock, style: InstagramAdapter(
        account, sink, style=style, clock=clock
    ),
    "linkedin": lambda account, sink, clock, _: LinkedInAdapter(account, sink, clock=clock),
}


@dataclass(frozen=True)
class _ChannelView:
    channel: Channel
    state: SyncState
    last_error: str
    generation: int
    account: Account | None


class ChannelAdapters:
    """Adapters per channel for a running console (``AdapterSource``).

    Each call reads the channel's row, its sync state and its credentials in one
    store read, so a reconnect (a new generation) or a channel that needs
    reconnecting is seen at once. Adapters replaced by a reconnect are closed with
    the source, not at once: a send may still be using one.
    """

    def __init__(
        self,
        store: Store,
        *,
        simulator: SimulatorAdapter | None = None,
        clock: Clock = system_clock,
        factories: Mapping[str, AdapterFactory] | None = None,
    ) -> None:
        self.store = store
        self.simulator = simulator
        self.clock = clock
        self.factories = dict(FACTORIES if factories is None else factories)
        self._built: dict[int, tuple[int, NetworkAdapter]] = {}
        self._retired: list[NetworkAdapter] = []

    async def for_channel(self, channel_id: int, network: str) -> ChannelAdapter | NeedsReconnect:
        return await self.network_adapter(channel_id)

    async def network_adapter(self, channel_id: int) -> NetworkAdapter | NeedsReconnect:
        view = await self.store.run(lambda db: self._view(db, channel_id))
        if view is None:
            return NeedsReconnect(
                english("There is no channel number {channel_id}.", channel_id=channel_id)
            )
        if view.state is SyncState.NEEDS_RECONNECT:
            return NeedsReconnect(view.last_error or english("The channel needs reconnecting."))
        built = self._built.get(channel_id)
        if built is not None and built[0] == view.generation:
            return built[1]
        made = self._build(view)
        if isinstance(made, NeedsReconnect):
            return made
        built = self._built.get(channel_id)  # built meanwhile by another caller?
        if built is not None and built[0] == view.generation:
            self._retired.append(made)
            return built[1]
        if built is not None:
            self._retired.append(built[1])
        self._built[channel_id] = (view.generation, made)
        return made

    def _view(self, db: Any, channel_id: int) -> _ChannelView | None:
        channel = channels.get(db, channel_id)
        if channel is None:
            return None
        row = sync_state.get(db, channel_id)
        found = stored.get(db, channel_id)
        account = None
        if found is not None:
            secrets = dict(found.secrets)
            account = Account(found.base_url, channel.account, secrets, found.expires_utc)
        return _ChannelView(channel, row.state, row.last_error, row.generation, account)

    def _build(self, view: _ChannelView) -> NetworkAdapter | NeedsReconnect:
        channel = view.channel
        if channel.network == "simulator":
            if self.simulator is None:
                return not_set_up("simulator")
            return self.simulator.bound(channel.account)
        if self.store.kind is StoreKind.EXERCISE:
            return NeedsReconnect(
                english(
                    "{channel} is on {network}: an exercise store never reaches a live account.",
                    channel=channel.name,
                    network=channel.network,
                )
            )
        if view.account is None:
            return not_set_up(channel.network)
        factory = self.factories.get(channel.network)
        if factory is None:
            return NeedsReconnect(
                english("This version of Cordon cannot reach {network}.", network=channel.network)
            )

        async def style() -> CardStyle:
            return await self.store.run(lambda db: settings.card_style(db, channel.name))

        try:
            return factory(view.account, secrets_sink(self.store, channel.id), self.clock, style)
        except ImportError:
            return NeedsReconnect(
                english(
                    "This version of Cordon cannot reach {network} yet.", network=channel.network
                )
            )

    async def aclose(self) -> None:
        adapters = [adapter for _, adapter in self._built.values()] + self._retired
        self._built.clear()
        self._retired.clear()
        for adapter in adapters:
            await adapter.aclose()
