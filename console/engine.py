"""The background engine of a signed-in console: the networks and the publisher.

It runs while a store is open, signed in or locked (a locked screen must never
stop a scheduled holding statement), and stops when the last officer signs out.
For now the one network is the simulator, served from this process on 127.0.0.1;
the channel adapters issue adds the real networks here.
"""

from __future__ import annotations

import asyncio

from console import holds
from console.channels.base import ChannelAdapter
from console.channels.simulator import SimulatorAdapter
from console.publisher import Publisher, PublishPolicy
from console.scheduler import PublishingScheduler
from console.simulator import SimulatorServer
from storage.store import Store


class Engine:
    def __init__(self, store: Store, policy: PublishPolicy | None = None) -> None:
        self.store = store
        self.simulator = SimulatorServer()
        self._policy = policy
        self.adapters: dict[str, ChannelAdapter] = {}
        self.scheduler: PublishingScheduler | None = None
        self._changing = asyncio.Lock()  # a stop waits for a start still under way
        self._stopped = False

    async def start(self) -> None:
        async with self._changing:
            if self._stopped:
                return
            await holds.resume(self.store)  # an engage cut short by a crash ends first
            await asyncio.to_thread(self.simulator.start)
            self.adapters["simulator"] = SimulatorAdapter(self.simulator.url)
            publisher = Publisher(self.store, self.adapters, policy=self._policy)
            self.scheduler = PublishingScheduler(publisher)
            await self.scheduler.start()

    async def stop(self) -> None:
        async with self._changing:
            self._stopped = True
            await self._stop()

    async def _stop(self) -> None:
        if self.scheduler is not None:
            await self.scheduler.stop()
            self.scheduler = None
        for adapter in self.adapters.values():
            await adapter.aclose()
        self.adapters.clear()
        await asyncio.to_thread(self.simulator.stop)
