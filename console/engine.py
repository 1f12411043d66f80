"""The background engine of a signed-in console: the networks, the publisher, sync.

It runs while a store is open, signed in or locked (a locked screen must never
stop a scheduled holding statement), and stops when the last officer signs out.
The simulator network is served from this process on 127.0.0.1; channels on the
real networks get their adapters from their stored credentials
(``console.adapters.ChannelAdapters``). ``sync`` (a ``console.sync.SyncEngine``)
reads every channel's inbox and metrics in the background; ``retention`` erases
inbox items past the retention period at start and every hour.

``clock`` is the engine's "now": the publisher's due check, the scheduler, sync and
the simulator's own time follow it. An exercise store runs on its exercise clock
(a training exercise), so by default the engine takes the store's clock when it is one: its
scheduled posts fall due when the exercise reaches them.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta

from console import holds
from console.adapters import ChannelAdapters
from console.channels.simulator import SimulatorAdapter
from console.inbox import retention
from console.inbox.retention import RetentionWorker
from console.publisher import Publisher, PublishPolicy
from console.pullback import PullBackWorker
from console.scheduler import PublishingScheduler
from console.simulator import SimulatorServer
from console.sync import SyncEngine, SyncPolicy
from storage.exercises import ExerciseClock
from storage.store import Store
from storage.timeutil import Clock, system_clock


class Engine:
    def __init__(
        self,
        store: Store,
        policy: PublishPolicy | None = None,
        sync_policy: SyncPolicy | None = None,
        retention_every: timedelta = retention.EVERY,
        clock: Clock | None = None,
        simulator_url: str | None = None,
    ) -> None:
        """``simulator_url``: the simulator network runs elsewhere (a test's, which must
        outlive this engine to show nothing is sent twice across a crash); by default
        the engine serves its own on 127.0.0.1."""
        self.store = store
        if clock is None:
            clock = store.clock if isinstance(store.clock, ExerciseClock) else system_clock
        self.clock: Clock = clock
        self.simulator = SimulatorServer(clock=lambda: clock().timestamp())
        self._simulator_url = simulator_url
        # The engine service's id while it runs as one: the publisher claims and sends
        # only while that service holds the store's lease.
        self.lease_holder: str | None = None
        self._policy = policy
        self._sync_policy = sync_policy
        self.simulator_adapter: SimulatorAdapter | None = None
        self.adapters: ChannelAdapters | None = None
        self.scheduler: PublishingScheduler | None = None
        self.sync: SyncEngine | None = None
        self.pullback: PullBackWorker | None = None
        self.retention: RetentionWorker | None = None
        self._retention_every = retention_every
        self._changing = asyncio.Lock()  # a stop waits for a start still under way
        self._stopped = False

    async def start(self) -> None:
        async with self._changing:
            if self._stopped:
                return
            await holds.resume(self.store)  # an engage cut short by a crash ends first
            if self._simulator_url is None:
                await asyncio.to_thread(self.simulator.start)
            self.simulator_adapter = SimulatorAdapter(self._simulator_url or self.simulator.url)
            self.adapters = ChannelAdapters(
                self.store, simulator=self.simulator_adapter, clock=self.clock
            )
            publisher = Publisher(
                self.store,
                self.adapters,
                policy=self._policy,
                clock=self.clock,
                lease_holder=self.lease_holder,
            )
            self.scheduler = PublishingScheduler(publisher, clock=self.clock)
            await self.scheduler.start()
            self.sync = SyncEngine(
                self.store, self.adapters, policy=self._sync_policy, clock=self.clock
            )
            await self.sync.start()
            self.pullback = PullBackWorker(self.store, self.adapters, clock=self.clock)
            await self.pullback.start()
            self.retention = RetentionWorker(self.store, every=self._retention_every)
            await self.retention.start()

    async def stop(self) -> None:
        async with self._changing:
            self._stopped = True
            await self._stop()

    async def _stop(self) -> None:
        if self.retention is not None:
            await self.retention.stop()
            self.retention = None
        if self.pullback is not None:
            await self.pullback.stop()
            self.pullback = None
        if self.sync is not None:
            await self.sync.stop()
            self.sync = None
        if self.scheduler is not None:
            await self.scheduler.stop()
            self.scheduler = None
        if self.adapters is not None:
            await self.adapters.aclose()
            self.adapters = None
        if self.simulator_adapter is not None:
            await self.simulator_adapter.aclose()
            self.simulator_adapter = None
        await asyncio.to_thread(self.simulator.stop)
