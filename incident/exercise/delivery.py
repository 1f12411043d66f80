"""Putting an exercise's injects on the simulated networks.

``Deliveries`` holds what the scenario's injects still have to put on the network
(each message of a surge at its own time), puts it there when the runner says it is
due, and records and audits it in one transaction (``exercise.inject``, a surge's
later messages ``exercise.surge``). If that record cannot be written the network is
put back as it was, so nothing is on it that the store does not know of. At the
start it delivers again what fired but was never collected
(``exercise.inject_redelivered``).

``SimulatedChannels`` is the scenario's channels as the runner found them on the
network (accounts, channel ids, audiences); the public's replies (``reactions.py``)
read it too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from console.engine import Engine
from console.sync import state as transitions
from incident.exercise import service
from incident.exercise.scenario import Inject, InjectKind, Scenario, format_offset
from storage import exercises
from storage.exercises import ExerciseClock
from storage.records import AuditCategory
from storage.store import Store, Transaction
from storage.timeutil import to_iso

ACTOR = service.ACTOR
TOKEN_EXPIRED = "The access token expired"  # noqa: S105 - the network's words, not a secret

SURGE_PEOPLE = (
    "sarah", "dave", "priya", "tom", "jen", "mike", "aisha", "gary", "lucy", "raj", "kerry",
    "owen", "fatima", "steve", "chloe", "bilal", "mandy", "nick", "hannah", "lee",
)  # fmt: skip


@dataclass
class SimulatedChannels:
    """The scenario's channels on the simulated network (filled as the runner loads)."""

    accounts: dict[str, str] = field(default_factory=dict)  # channel name -> simulator account
    ids: dict[str, int] = field(default_factory=dict)  # channel name -> id
    followers: dict[str, int] = field(default_factory=dict)  # account -> followers


@dataclass
class Delivery:
    """One message (or one action) an inject puts on the network."""

    at: datetime
    order: tuple[int, int]  # the inject's place, the message's place within it
    inject: Inject
    index: int


class Deliveries:
    """The injects' messages and actions still to go out, and putting them out.

    ``leased()`` says whether the runner still holds the exercise's lease (nothing
    fires without it), ``lost()`` tells it another runner took the lease, and
    ``delivered(inject, messages, first, exercise_time)`` tells it what went out."""

    def __init__(
        self,
        store: Store,
        engine: Engine,
        clock: ExerciseClock,
        lease: str,
        channels: SimulatedChannels,
        *,
        leased: Callable[[], bool],
        lost: Callable[[], None],
        delivered: Callable[[Inject, int, bool, datetime], None],
    ) -> None:
        self.store = store
        self.engine = engine
        self.clock = clock
        self.lease = lease
        self.channels = channels
        self._leased = leased
        self._lost = lost
        self._delivered = delivered
        self.pending: list[Delivery] = []

    def load(self, scenario: Scenario, rows: list[exercises.InjectRow]) -> None:
        """What is still to go out, after what ``rows`` say has fired; an outage
        that began before a restart goes on."""
        by_id = {row.inject_id: row for row in rows}
        starts = scenario.starts_utc
        self.pending = []
        down: set[str] = set()
        for place, inject in enumerate(scenario.injects):
            row = by_id.get(inject.id)
            done = 0
            if row is not None and row.fired_exercise_utc is not None:
                done = max(1, len(row.remote_ids)) if inject.kind is InjectKind.SURGE else 1
                if inject.kind is InjectKind.OUTAGE:
                    down.add(self.channels.accounts[inject.channel])
                elif inject.kind is InjectKind.RESTORE:
                    down.discard(self.channels.accounts[inject.channel])
            for index in range(done, _messages_of(inject)):
                self.pending.append(
                    Delivery(starts + _offset_of(inject, index), (place, index), inject, index)
                )
        for account in down:  # an outage that began before a restart goes on
            self.engine.simulator.set_account_offline(account, True)
        self.pending.sort(key=lambda d: (d.at, d.order))

    def moments(self) -> list[datetime]:
        return [d.at for d in self.pending]

    async def redeliver(self, scenario: Scenario) -> int:
        """Deliver again what fired but sync never stored (it waited in a simulator that
        has gone), under new remote ids, recorded and audited
        (``exercise.inject_redelivered``). Returns the number of messages."""
        missing = await self.store.run(exercises.uncollected)
        injects = {inject.id: inject for inject in scenario.injects}
        here = {e.remote_id for e in self.engine.simulator.state.inbox}
        total = 0
        for inject_id, messages in missing:
            inject = injects.get(inject_id)
            account = self.channels.accounts.get(inject.channel, "") if inject else ""
            waiting = [(n, r) for n, r in messages if r not in here]
            if inject is None or not account or not waiting:
                continue
            changes = {
                old: self._message(inject, index, account).remote_id for index, old in waiting
            }

            def write(
                tx: Transaction, inject_id: str = inject_id, changes: dict[str, str] = changes
            ) -> None:
                exercises.replace_remote_ids(tx.db, inject_id, changes)
                tx.audit(
                    actor=ACTOR,
                    action="exercise.inject_redelivered",
                    category=AuditCategory.SYSTEM,
                    object_type="inject",
                    object_id=inject_id,
                    before={"items": list(changes)},
                    after={"inject": inject_id, "items": list(changes.values())},
                )

            try:
                await self.store.write(write)
            except BaseException:
                self._withdraw(list(changes.values()))
                raise
            total += len(changes)
            channel_id = self.channels.ids.get(inject.channel)
            if channel_id is not None and self.engine.sync is not None:
                self.engine.sync.wake(channel_id)
        return total

    async def fire_due(self, now: datetime) -> set[int]:
        """Put out everything due by ``now``; returns the channels touched."""
        touched: set[int] = set()
        while self._leased() and self.pending and self.pending[0].at <= now:
            inject = self.pending[0].inject
            batch = [d for d in self.pending if d.inject is inject and d.at <= now]
            for delivery in batch:
                self.pending.remove(delivery)
            try:
                touched |= await self._deliver(inject, [d.index for d in batch], now)
            except BaseException:
                # Not recorded, so not done: it fires at the next try.
                self.pending = sorted([*batch, *self.pending], key=lambda d: (d.at, d.order))
                raise
        return touched

    def _message(self, inject: Inject, index: int, account: str) -> Any:
        """Put one of the inject's messages in the account's inbox on the network."""
        simulator = self.engine.simulator
        if inject.kind is InjectKind.SURGE:
            text = inject.texts[index % len(inject.texts)]
            person = SURGE_PEOPLE[(index + len(inject.id)) % len(SURGE_PEOPLE)]
            return simulator.inject(
                account, text, kind="mention", author_handle=f"{person}{10 + index * 7 % 89}",
                author_name=person.capitalize(),
            )  # fmt: skip
        item_kind, reply_to = self._shape(inject, account)
        return simulator.inject(
            account, inject.text, kind=item_kind, author_handle=inject.author,
            author_name=inject.author_name, in_reply_to=reply_to,
        )  # fmt: skip

    def _withdraw(self, remote_ids: list[str]) -> None:
        """Take messages off the network again (their record could not be written)."""
        if not remote_ids:
            return
        gone = set(remote_ids)
        state = self.engine.simulator.state
        with state.lock:
            state.inbox[:] = [e for e in state.inbox if e.remote_id not in gone]

    async def _deliver(self, inject: Inject, indexes: list[int], now: datetime) -> set[int]:
        """Put the inject's messages (or its action) on the network and record them.
        If the record cannot be written (an error; the inject fired already; another
        runner took over), the network is put back as it was: nothing is on it that
        the store does not know of."""
        simulator = self.engine.simulator
        account = self.channels.accounts.get(inject.channel, "")
        channel_id = self.channels.ids.get(inject.channel)
        kind = inject.kind
        if kind.public:
            remote_ids = [self._message(inject, 0, account).remote_id]
        elif kind is InjectKind.SURGE:
            remote_ids = [self._message(inject, index, account).remote_id for index in indexes]
        else:
            remote_ids = []
        was_offline = account in simulator.state.offline_accounts
        if kind is InjectKind.OUTAGE:
            simulator.set_account_offline(account, True)
        elif kind is InjectKind.RESTORE:
            simulator.set_account_offline(account, False)
        first = 0 in indexes
        at_text = format_offset(inject.at)

        def write(tx: Transaction) -> str:
            if not exercises.holds_lease(tx.db, self.lease):
                return "lost"
            real_utc = to_iso(self.clock.real())
            if first:
                fired = exercises.mark_fired(
                    tx.db, inject.id, exercise_utc=to_iso(now), real_utc=real_utc,
                    remote_ids=remote_ids,
                )  # fmt: skip
                if not fired:
                    return "fired"  # it fired already: no second entry
                tx.audit(
                    actor=ACTOR,
                    action="exercise.inject",
                    category=AuditCategory.SYSTEM,
                    object_type="inject",
                    object_id=inject.id,
                    after={
                        "inject": inject.id, "kind": kind.value, "channel": inject.channel,
                        "items": remote_ids, "at": at_text, "exercise_utc": to_iso(now),
                        "real_utc": real_utc,
                    },
                )  # fmt: skip
            else:
                exercises.add_remote_ids(tx.db, inject.id, remote_ids)
                tx.audit(
                    actor=ACTOR,
                    action="exercise.surge",
                    category=AuditCategory.SYSTEM,
                    object_type="inject",
                    object_id=inject.id,
                    after={
                        "inject": inject.id, "items": remote_ids,
                        "delivered": max(indexes) + 1, "count": inject.count,
                    },
                )  # fmt: skip
            if kind is InjectKind.TOKEN_EXPIRED and channel_id is not None:
                transitions.mark_needs_reconnect(tx, channel_id, TOKEN_EXPIRED, ACTOR)
            return "ok"

        try:
            outcome = await self.store.write(write)
        except BaseException:
            self._undo(kind, account, remote_ids, was_offline)
            raise
        if outcome != "ok":
            self._withdraw(remote_ids)
            if outcome == "lost":
                self._undo(kind, account, [], was_offline)
                self._lost()
            return set()
        self._delivered(inject, len(remote_ids), first, now)
        touched = {channel_id} if channel_id is not None else set()
        if kind is InjectKind.TOKEN_EXPIRED and channel_id is not None and self.engine.sync:
            self.engine.sync.wake(channel_id)  # sync sees the state at once
        return touched

    def _undo(self, kind: InjectKind, account: str, remote_ids: list[str], offline: bool) -> None:
        self._withdraw(remote_ids)
        if kind in (InjectKind.OUTAGE, InjectKind.RESTORE):
            self.engine.simulator.set_account_offline(account, offline)

    def _shape(self, inject: Inject, account: str) -> tuple[str, str]:
        """The simulator's kind for a public inject, and the post it answers."""
        if inject.kind is InjectKind.MESSAGE or inject.direct:
            return "message", ""
        if inject.kind is InjectKind.REPLY:
            own = self.engine.simulator.received(account)
            if own:
                return "reply", own[-1].id
        return "mention", ""


def _messages_of(inject: Inject) -> int:
    return inject.count if inject.kind is InjectKind.SURGE else 1


def _offset_of(inject: Inject, index: int) -> timedelta:
    if inject.kind is not InjectKind.SURGE or index == 0:
        return inject.at
    return inject.at + inject.over * index / inject.count
