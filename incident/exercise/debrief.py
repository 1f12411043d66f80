"""The debrief of an exercise, from the store alone: the audit trail and the
exercise's own rows (the injects, when each fired, the inbox items it became).

For each inject: when it arrived (exercise time), who picked it up (the first
opening of one of its items, an assignment, a reply or a report on them; for an
expired token, the reconnection) and how long that took. When incident mode was
engaged after the first sign of the incident. The holding statements: when the team
sent them and when they went out (published, or found published after a crash),
those awaiting approval or never sent shown as such. Posts that went out that should
have been held: scheduled content (not holding statements or replies, nor a post the
team wrote after the first sign) published after the first sign and before incident
mode was engaged on a channel in the incident's scope, and anything in an incident's
scope published while it was engaged without a release. The reports raised, with
their THRIVE grades.

Every time in the debrief is exercise time: an exercise store runs on its exercise
clock, so its audit entries carry exercise time already. ``build_debrief`` reads the
whole trail once; ``DebriefReader`` (the trainer's panel) reads only what is new
at each refresh. Writing it out (CSV, PDF) and the export as a disclosure are in
``debrief_out.py``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from console.reports.grading import Category, Grade
from console.session import Session
from incident.exercise.scenario import summary_words
from storage import audit, channels, published, users
from storage import reports as report_rows
from storage.conversations import ConversationState
from storage.i18n import N_, _
from storage.incidents import area_key
from storage.published import PublishedTarget, TargetNow
from storage.records import (
    ApprovalState,
    AuditEntry,
    ContentKind,
    TargetStatus,
)
from storage.store import Store
from storage.timeutil import from_iso, to_iso

if TYPE_CHECKING:
    from incident.exercise.service import ExerciseStatus

# What counts as picking an inject up, and how the debrief says it (translated when
# the debrief is read: the language is chosen after imports).
_PICKUP_WORDS = {
    "inbox.consult": N_("opened it"),
    "inbox.assign": N_("assigned it"),
    "inbox.reassign": N_("assigned it"),
    "inbox.state": N_("changed its state"),
    "inbox.note": N_("added a note"),
    "reply.create": N_("replied"),
    "report.create": N_("raised a report"),
    "channel.connect": N_("reconnected the channel"),
}

# A holding statement out on every channel it was sent to.
WENT_OUT = N_("went out")

# console.inbox.work names a conversation "inbox_conversation"; the report service,
# marking one as reported, "conversation".
_CONVERSATION = frozenset({"inbox_conversation", "conversation"})


class InjectFacts(Protocol):
    """What the exercise service knows of an inject (incident.exercise.service's
    ``InjectStatus``): the scenario's words and what became of it."""

    @property
    def id(self) -> str: ...
    @property
    def at(self) -> timedelta: ...
    @property
    def kind(self) -> str: ...
    @property
    def channel(self) -> str: ...
    @property
    def summary(self) -> str: ...
    @property
    def expect(self) -> str: ...
    @property
    def first_sign(self) -> bool: ...
    @property
    def fired_exercise_utc(self) -> str | None: ...
    @property
    def item_ids(self) -> tuple[int, ...]: ...


@dataclass(frozen=True)
class Response:
    """One thing the team did about an inject."""

    at: datetime  # exercise time
    actor: str
    what: str


@dataclass(frozen=True)
class InjectDebrief:
    id: str
    at: timedelta  # its offset in the scenario
    kind: str
    channel: str
    summary: str
    expect: str
    first_sign: bool
    arrived: datetime | None  # exercise time it fired; None if it never did
    items: tuple[int, ...]
    responses: tuple[Response, ...] = ()

    @property
    def picked_up(self) -> Response | None:
        return self.responses[0] if self.responses else None

    @property
    def took(self) -> timedelta | None:
        """From arrival to the first response."""
        first = self.picked_up
        if first is None or self.arrived is None:
            return None
        return max(first.at - self.arrived, timedelta(0))


@dataclass(frozen=True)
class Statement:
    """A holding statement: when the team sent it (or put it to an approver) and
    when it went out, channel by channel; ``at`` is None while it has not."""

    at: datetime | None  # when it first went out (a channel's publication); None: not out
    by: str
    template: str
    channels: tuple[str, ...]
    post_id: int
    sent: datetime  # when the team sent it, or put it before an approver
    # "went out" (WENT_OUT), "awaiting approval", "went out on 1 of 2 channels; ...", ...
    # in the language current when the debrief was read
    state: str
    went_out: tuple[tuple[str, datetime], ...] = ()  # (channel, when), earliest first

    @property
    def out(self) -> bool:
        return self.at is not None


@dataclass(frozen=True)
class ShouldHaveBeenHeld:
    at: datetime  # when it went out
    channel: str
    text: str
    target_id: int
    why: str


@dataclass(frozen=True)
class RaisedReport:
    reference: str
    at: datetime
    by: str
    category: str
    grade: str  # its THRIVE grade now (label)
    first_grade: str  # as first graded (label)
    injects: tuple[str, ...]  # the injects whose items it was raised from


@dataclass(frozen=True)
class Debrief:
    title: str
    store_id: str
    state: str
    built_at: datetime  # exercise time it was read
    injects: tuple[InjectDebrief, ...]
    first_sign: datetime | None = None
    first_sign_inject: str = ""
    engaged: datetime | None = None
    engaged_by: str = ""
    incident_name: str = ""
    statements: tuple[Statement, ...] = ()
    should_have_been_held: tuple[ShouldHaveBeenHeld, ...] = ()
    reports: tuple[RaisedReport, ...] = ()
    exercise: bool = True

    @property
    def engage_delay(self) -> timedelta | None:
        """From the first sign to incident mode (None if either never happened)."""
        if self.first_sign is None or self.engaged is None:
            return None
        return self.engaged - self.first_sign

    def inject(self, inject_id: str) -> InjectDebrief:
        return next(i for i in self.injects if i.id == inject_id)


# -- reading the store --------------------------------------------------------------------

_PUBLISHED = frozenset({"target.published", "target.reconcile_published"})
_INCIDENT = frozenset(
    {"incident.engage", "incident.describe", "incident.scope", "incident.stand_down"}
)
# The only audit entries the debrief looks at; the rest (collection, sync, reading
# lists...) are passed over once and never kept.
_RELEVANT = frozenset(_PICKUP_WORDS) | _PUBLISHED | _INCIDENT | {"incident.statement"}


@dataclass(frozen=True)
class _Seen:
    """An audit entry the debrief uses, read once: its time and its ``after``."""

    seq: int
    at: datetime  # exercise time (an exercise store's audit times are exercise time)
    actor: str
    action: str
    object_type: str
    object_id: str
    after: dict[str, Any]

    @classmethod
    def of(cls, entry: AuditEntry) -> _Seen:
        return cls(
            entry.seq,
            from_iso(entry.at_utc),
            entry.actor,
            entry.action,
            entry.object_type or "",
            str(entry.object_id or ""),
            _json(entry.after),
        )


@dataclass
class _Facts:
    """What the debrief reads from the store (on the store's thread)."""

    entries: list[_Seen]
    item_conversations: dict[int, int | None]
    channel_ids: dict[str, int]
    published: dict[int, PublishedTarget]
    reports: dict[str, report_rows.ReportRow]
    channel_names: dict[int, str] = field(default_factory=dict)
    trainers: set[str] = field(default_factory=set)
    statement_targets: dict[int, list[TargetNow]] = field(default_factory=dict)


class DebriefReader:
    """Reads a store's debrief again and again (the trainer's panel, after commits)
    without rereading the whole audit trail: each ``refresh`` reads only the entries
    after the last one it saw, keeps those the debrief uses, and remembers what the
    published targets were (they do not change once out). What can change (reports'
    grades, statements awaiting approval, conversations, channels) is read again,
    each a small read. A window that locks drops its reader, and what it held."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.last_seq = 0  # the newest audit entry read
        self.entries_read = 0  # how many audit entries it has read, all told
        self._seen: list[_Seen] = []
        self._published: dict[int, PublishedTarget] = {}

    async def refresh(self, status: ExerciseStatus) -> Debrief:
        injects = status.injects
        facts = await self.store.run(lambda db: self._read(db, injects))
        return assemble(
            facts,
            title=status.title,
            store_id=self.store.store_id,
            state=str(status.state),
            injects=injects,
            now=status.exercise_now,
        )

    def _read(self, db: Any, injects: Sequence[InjectFacts]) -> _Facts:
        fresh = audit.entries_between(db, self.last_seq + 1)
        kept = [_Seen.of(e) for e in fresh if e.action in _RELEVANT]
        if fresh:
            self.last_seq = fresh[-1].seq
            self.entries_read += len(fresh)
        new_published = [
            int(e.object_id)
            for e in kept
            if e.action in _PUBLISHED and e.object_id and int(e.object_id) not in self._published
        ]
        self._published.update(published.targets(db, new_published))
        self._seen.extend(kept)
        seen = list(self._seen)  # a snapshot: the next read may add to the list meanwhile
        statements = [int(e.object_id) for e in seen if e.action == "incident.statement"]
        every = channels.all_channels(db)
        return _Facts(
            entries=seen,
            item_conversations=published.item_conversations(
                db, [item for inject in injects for item in inject.item_ids]
            ),
            channel_ids={c.name: c.id for c in every},
            published=dict(self._published),
            reports={r.reference: r for r in report_rows.listing(db)},
            channel_names={c.id: c.name for c in every},
            trainers={
                u.name for u in users.all_users(db) if any(r.value == "trainer" for r in u.roles)
            },
            statement_targets=published.post_targets(db, statements),
        )


async def build_debrief(session: Session) -> Debrief:
    """The debrief of the exercise in ``session``'s store (read only: an observer
    may read it; nothing is recorded)."""
    from incident.exercise import service

    return await debrief_of(session.store, await service.status(session.store))


async def debrief_of(store: Store, status: ExerciseStatus) -> Debrief:
    """The debrief for an exercise ``status`` already read, from the whole audit
    trail at once (a panel that reads it often keeps a ``DebriefReader``)."""
    return await DebriefReader(store).refresh(status)


def _json(text: str | None) -> dict[str, Any]:
    if not text:
        return {}
    value = json.loads(text)
    return value if isinstance(value, dict) else {}


def assemble(
    facts: _Facts,
    *,
    title: str,
    store_id: str,
    state: str,
    injects: Sequence[InjectFacts],
    now: datetime,
) -> Debrief:
    """The debrief from what was read (pure: the tests feed it known facts too)."""
    entries = facts.entries
    arrived = {
        i.id: from_iso(i.fired_exercise_utc) for i in injects if i.fired_exercise_utc is not None
    }
    pickups = _Pickups(entries, facts)
    rows = tuple(
        InjectDebrief(
            id=i.id,
            at=i.at,
            kind=str(i.kind),
            channel=i.channel,
            summary=summary_words(str(i.kind), i.channel, i.summary),
            expect=i.expect,
            first_sign=i.first_sign,
            arrived=arrived.get(i.id),
            items=tuple(i.item_ids),
            responses=tuple(pickups.of(i, arrived.get(i.id))),
        )
        for i in sorted(injects, key=lambda i: (i.at, i.id))
    )
    signs = sorted((arrived[i.id], i.id) for i in injects if i.first_sign and i.id in arrived)
    first_sign, first_sign_inject = signs[0] if signs else (None, "")

    engaged_entry = next(
        (
            e
            for e in entries
            if e.action == "incident.engage" and (first_sign is None or e.at >= first_sign)
        ),
        None,
    )
    names = _incident_names(entries)
    went_out = _went_out(entries)
    return Debrief(
        title=title,
        store_id=store_id,
        state=state,
        built_at=now,
        injects=rows,
        first_sign=first_sign,
        first_sign_inject=first_sign_inject,
        engaged=None if engaged_entry is None else engaged_entry.at,
        engaged_by="" if engaged_entry is None else engaged_entry.actor,
        incident_name="" if engaged_entry is None else names.get(engaged_entry.object_id, ""),
        statements=tuple(_statements(entries, facts, went_out)),
        should_have_been_held=tuple(
            _should_have_been_held(entries, facts, first_sign, went_out, now)
        ),
        reports=tuple(_reports(entries, facts, injects)),
    )


class _Pickups:
    """The team's acts on inbox items, conversations and channels, indexed once per
    read so each inject looks up only its own (not the whole trail per inject)."""

    def __init__(self, entries: Iterable[_Seen], facts: _Facts) -> None:
        self.facts = facts
        self.by_item: dict[int, list[_Seen]] = {}
        self.by_conversation: dict[int, list[_Seen]] = {}
        self.by_channel: dict[str, list[_Seen]] = {}
        for entry in entries:
            if entry.action not in _PICKUP_WORDS or entry.actor in facts.trainers:
                continue  # the trainer reading an item is not the team picking it up
            after = entry.after
            if entry.action == "channel.connect":
                self.by_channel.setdefault(entry.object_id, []).append(entry)
                continue
            if entry.object_type == "inbox_item":
                items = [entry.object_id]
            elif entry.object_type in _CONVERSATION and entry.action == "inbox.consult":
                items = list(after.get("items", []))
            elif entry.object_type in _CONVERSATION:
                self.by_conversation.setdefault(int(entry.object_id or 0), []).append(entry)
                continue
            elif entry.action == "reply.create":
                items = [after.get("item", 0)]
            elif entry.action == "report.create":
                items = list(after.get("items", []))
            else:
                continue
            for item in {int(i or 0) for i in items}:
                self.by_item.setdefault(item, []).append(entry)

    def of(self, inject: InjectFacts, arrived: datetime | None) -> list[Response]:
        if arrived is None:
            return []
        items = set(inject.item_ids)
        threads = {self.facts.item_conversations.get(item) for item in items} - {None}
        candidates: dict[int, _Seen] = {}
        for item in items:
            candidates.update((e.seq, e) for e in self.by_item.get(item, ()))
        for thread in threads:
            assert thread is not None
            candidates.update((e.seq, e) for e in self.by_conversation.get(thread, ()))
        if str(inject.kind) == "token_expired":
            channel_id = self.facts.channel_ids.get(inject.channel)
            candidates.update((e.seq, e) for e in self.by_channel.get(str(channel_id), ()))
        found: list[Response] = []
        for seq in sorted(candidates):
            entry = candidates[seq]
            if entry.at < arrived:
                continue
            words = _(_PICKUP_WORDS[entry.action])
            after = entry.after
            if entry.action == "report.create":
                words = _("raised report {reference}").format(reference=entry.object_id)
            elif entry.action in ("inbox.assign", "inbox.reassign"):
                whom = after.get("officer") or after.get("team") or ""
                words = _("assigned it to {whom}").format(whom=whom) if whom else words
            elif entry.action == "inbox.state":
                state = after.get("state", "")
                words = (
                    _("marked it {state}").format(state=ConversationState.words(state))
                    if state
                    else _("marked it")
                )
            found.append(Response(entry.at, entry.actor, words))
        return found


def _incident_names(entries: Iterable[_Seen]) -> dict[str, str]:
    names: dict[str, str] = {}
    for entry in entries:
        if entry.action in ("incident.engage", "incident.describe"):
            name = entry.after.get("name")
            if name:
                names[entry.object_id] = str(name)
    return names


def _went_out(entries: Iterable[_Seen]) -> dict[int, datetime]:
    """When each target went out: published, or found published after a crash."""
    found: dict[int, datetime] = {}
    for entry in entries:
        if entry.action in _PUBLISHED and entry.object_id:
            found.setdefault(int(entry.object_id), entry.at)
    return found


def _statements(
    entries: Iterable[_Seen], facts: _Facts, went_out: dict[int, datetime]
) -> list[Statement]:
    found: list[Statement] = []
    for entry in entries:
        if entry.action != "incident.statement":
            continue
        post_id = int(entry.object_id or 0)
        targets = facts.statement_targets.get(post_id, [])
        out = sorted((went_out[t.target_id], t.channel) for t in targets if t.target_id in went_out)
        waiting = [t for t in targets if t.target_id not in went_out]
        if not waiting:
            state = _(WENT_OUT)
        elif out:
            state = _("went out on {out} of {total} channels; {rest}").format(
                out=len(out), total=len(targets), rest=_unsent(waiting)
            )
        else:
            state = _unsent(waiting)
        found.append(
            Statement(
                at=out[0][0] if out else None,
                by=entry.actor,
                template=str(entry.after.get("template", "")),
                channels=tuple(
                    facts.channel_names.get(int(c), str(c)) for c in entry.after.get("channels", [])
                ),
                post_id=post_id,
                sent=entry.at,
                state=state,
                went_out=tuple((channel, at) for at, channel in out),
            )
        )
    return found


def _unsent(targets: Sequence[TargetNow]) -> str:
    """Why a statement's other targets have not gone out, in a few words."""
    approvals = {t.approval for t in targets}
    statuses = {t.status for t in targets}
    if ApprovalState.AWAITING.value in approvals:
        return _("awaiting approval")
    if ApprovalState.REJECTED.value in approvals:
        return _("rejected by the approver, not sent")
    if statuses == {TargetStatus.CANCELLED.value}:
        return _("cancelled, not sent")
    if TargetStatus.FAILED.value in statuses:
        return _("failed to send")
    if TargetStatus.MISSED.value in statuses:
        return _("missed its time, not sent")
    return _("not sent yet")


@dataclass
class _Incident:
    engaged: datetime
    scope: dict[str, Any]
    ended: datetime | None = None


def _incidents(entries: Iterable[_Seen]) -> dict[str, _Incident]:
    """Each incident: when engaged, its scope as last set (engaged with, or as
    described later), when stood down."""
    found: dict[str, _Incident] = {}
    for entry in entries:
        key = entry.object_id
        if entry.action == "incident.engage":
            found[key] = _Incident(entry.at, entry.after)
        elif entry.action == "incident.scope" and key in found:
            found[key].scope = entry.after
        elif entry.action == "incident.stand_down" and key in found:
            found[key].ended = entry.at
    return found


def _covers(scope: dict[str, Any], target: PublishedTarget) -> bool:
    kind = scope.get("scope", "all")
    if kind == "channels":
        return target.channel_id in {int(c) for c in scope.get("channels", [])}
    if kind == "areas":
        # As the hold compares them (storage.queue.SAME_AREA): case and spaces aside.
        wanted = {area_key(str(a)) for a in scope.get("areas", [])}
        return bool(target.area.strip()) and area_key(target.area) in wanted
    return True


def _should_have_been_held(
    entries: list[_Seen],
    facts: _Facts,
    first_sign: datetime | None,
    went_out: dict[int, datetime],
    now: datetime,
) -> list[ShouldHaveBeenHeld]:
    """Scheduled content that went out when a hold would have kept it: after the
    first sign and before incident mode, on a channel in the incident's scope (as
    last set; every channel if it was never engaged), or in an engaged incident's
    scope without a release. Holding statements and replies are the response
    itself, and a post the team wrote after the first sign is theirs to send: neither
    counts."""
    incidents = _incidents(entries)
    first = min(
        (i for i in incidents.values() if first_sign is None or i.engaged >= first_sign),
        key=lambda i: i.engaged,
        default=None,
    )
    found: list[ShouldHaveBeenHeld] = []
    for target_id, at in sorted(went_out.items(), key=lambda pair: (pair[1], pair[0])):
        target = facts.published.get(target_id)
        if target is None or target.kind != ContentKind.POST.value:
            continue  # holding statements and replies to the public are the response itself
        if first_sign is not None and target.created_utc >= to_iso(first_sign):
            continue  # written by the team after the first sign: part of its response
        why = ""
        if first_sign is not None and at >= first_sign and (first is None or at < first.engaged):
            if first is None:
                why = _("went out after the first sign; incident mode was never engaged")
            elif _covers(first.scope, target):
                why = _("went out after the first sign, before incident mode was engaged")
        else:
            for key, incident in incidents.items():
                ended = incident.ended or now
                cleared = target.cleared_incident_id == int(key)
                in_scope = incident.engaged <= at <= ended and _covers(incident.scope, target)
                if in_scope and not cleared:
                    why = _("went out in the incident's scope while it was engaged")
                    break
        if why:
            found.append(ShouldHaveBeenHeld(at, target.channel, target.text, target.target_id, why))
    return found


def _reports(
    entries: Iterable[_Seen], facts: _Facts, injects: Sequence[InjectFacts]
) -> list[RaisedReport]:
    found: list[RaisedReport] = []
    for entry in entries:
        if entry.action != "report.create":
            continue
        after = entry.after
        ref = entry.object_id
        items = {int(i) for i in after.get("items", [])}
        row = facts.reports.get(ref)
        first = str(after.get("grade", ""))
        found.append(
            RaisedReport(
                reference=ref,
                at=entry.at,
                by=entry.actor,
                category=_label(Category, row.category if row else str(after.get("category", ""))),
                grade=_label(Grade, row.grade if row else first),
                first_grade=_label(Grade, first),
                injects=tuple(i.id for i in injects if items & set(i.item_ids)),
            )
        )
    return found


def _label(enum: Any, value: str) -> str:
    try:
        return str(enum(value).label)
    except ValueError:
        return value
