"""The public's replies to the team's posts in an exercise.

``Reactions`` looks at what the team posted on the simulated networks, plans replies
from the public (more for a bigger audience, fewer to a reply, sharper for routine
content sent during an incident), and puts them on the network when they fall due,
audited per post (``exercise.reaction``). The replies are chosen from fixed pools by
a hash of the post's id, so an exercise replays the same way.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from console.engine import Engine
from incident.exercise import service
from incident.exercise.delivery import SimulatedChannels
from storage import incidents
from storage.records import AuditCategory
from storage.store import Store, Transaction

ACTOR = service.ACTOR

REPLIERS = (
    ("local_lynne", "Lynne"), ("dan_the_van", "Dan"), ("nightshift_nurse", "Becky (nurse)"),
    ("parish_pete", "Pete, parish council"), ("cyclist_carl", "Carl"),
    ("school_run_sue", "Sue"), ("retired_ray", "Ray"), ("student_sam", "Sam"),
)  # fmt: skip
# Replies to news of the incident, and to ordinary content.
ON_UPDATES = (
    "Thanks for the update, sharing with the neighbours.",
    "Is it safe to come into town now?",
    "How long is this going to last?",
    "Why did it take so long to tell us?",
    "My elderly mum lives near there, who should I call?",
    "Thank you to everyone working on this.",
    "Which roads should we avoid?",
    "Is there a number to ring for more information?",
)
ON_ROUTINE = (
    "Great work, thanks!",
    "Will you be doing this again next month?",
    "Love this, well done team.",
    "Shared.",
)
ON_ROUTINE_IN_INCIDENT = (
    "Really? You're posting this now, with everything going on?",
    "Tone deaf. People are worried and you're posting about this.",
    "Is anyone actually running this account today?",
    "Delete this and tell us what is happening.",
)
INCIDENT_WORDS = (
    "incident", "aware", "update", "closed", "avoid", "emergency", "statement", "police are",
    "officers are", "attend", "cordon", "advice", "missing", "flood", "please", "safe",
)  # fmt: skip


@dataclass
class Reaction:
    at: datetime
    account: str
    status_id: str
    handle: str
    name: str
    text: str


class Reactions:
    """The replies planned to the team's posts, and putting them on the network."""

    def __init__(self, store: Store, engine: Engine, channels: SimulatedChannels) -> None:
        self.store = store
        self.engine = engine
        self.channels = channels
        self.pending: list[Reaction] = []
        self._seen_statuses: set[str] = set()

    def moments(self) -> list[datetime]:
        return [r.at for r in self.pending]

    async def plan(self, now: datetime) -> None:
        """Plan replies to the team's posts not seen before."""
        statuses = [
            s
            for s in self.engine.simulator.received()
            if s.id not in self._seen_statuses and not s.direct
        ]
        if not statuses:
            return
        active = await self.store.run(incidents.active) is not None
        for status in statuses:
            self._seen_statuses.add(status.id)
            audience = self.channels.followers.get(status.account, 1000)
            count = max(1, min(12, round(math.log10(audience + 10) * 2)))
            if status.in_reply_to:
                count = max(1, count // 4)
            pool = pool_for(status.text, active)
            seed = int(hashlib.sha256(status.id.encode()).hexdigest()[:8], 16)
            for n in range(count):
                handle, name = REPLIERS[(seed + n) % len(REPLIERS)]
                self.pending.append(
                    Reaction(
                        at=now + timedelta(minutes=2 + 3 * n + (seed >> n) % 2),
                        account=status.account, status_id=status.id, handle=handle,
                        name=name, text=pool[(seed + n * 3) % len(pool)],
                    )
                )  # fmt: skip

    async def react(self, now: datetime, *, leased: bool) -> tuple[set[int], int]:
        """Put the replies due by ``now`` on the network (none while the runner does
        not hold the lease); returns the channels touched and the number of replies."""
        due = [r for r in self.pending if r.at <= now]
        if not due or not leased:
            return set(), 0
        self.pending = [r for r in self.pending if r.at > now]
        by_status: dict[tuple[str, str], list[str]] = {}
        for reaction in sorted(due, key=lambda r: r.at):
            entry = self.engine.simulator.inject(
                reaction.account, reaction.text, kind="reply", author_handle=reaction.handle,
                author_name=reaction.name, in_reply_to=reaction.status_id,
            )  # fmt: skip
            by_status.setdefault((reaction.account, reaction.status_id), []).append(entry.remote_id)
        accounts = {account: name for name, account in self.channels.accounts.items()}
        ids = self.channels.ids

        def write(tx: Transaction) -> None:
            for (account, status_id), items in by_status.items():
                tx.audit(
                    actor=ACTOR,
                    action="exercise.reaction",
                    category=AuditCategory.SYSTEM,
                    object_type="channel",
                    object_id=ids.get(accounts.get(account, ""), 0),
                    after={
                        "channel": accounts.get(account, account), "status": status_id,
                        "replies": len(items), "items": items,
                    },
                )  # fmt: skip

        await self.store.write(write)
        touched = {
            ids[accounts[account]] for account, _ in by_status if accounts.get(account) in ids
        }
        return touched, len(due)


def pool_for(text: str, incident_active: bool) -> tuple[str, ...]:
    """The replies a post draws on: news of the incident, or routine content (sharper
    while an incident is active)."""
    lowered = text.lower()
    about_incident = any(word in lowered for word in INCIDENT_WORDS)
    if about_incident:
        return ON_UPDATES
    return ON_ROUTINE_IN_INCIDENT if incident_active else ON_ROUTINE
