"""The debrief of an exercise, from the store alone: the audit trail and the
exercise's own rows (the injects, when each fired, the inbox items it became).

For each inject: when it arrived (exercise time), who picked it up (the first
opening of one of its items, an assignment, a reply or a report on them; for an
expired token, the reconnection) and how long that took. When incident mode was
engaged after the first sign of the incident. The holding statements and their
times. Posts that went out that should have been held: scheduled content published
after the first sign and before incident mode was engaged, and anything in an
incident's scope published while it was engaged without a release. The reports
raised, with their THRIVE grades.

Every time in the debrief is exercise time: an exercise store runs on its exercise
clock, so its audit entries carry exercise time already. ``build_debrief`` reads; the PDF and
CSV are drawn from the same ``Debrief``; ``export_debrief`` writes one of them and
records the export as a disclosure in the same transaction (as a report's hand-over
does, console/reports/export.py).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from console.marking import EXERCISE_MARK
from console.permissions import Action, require
from console.reports.grading import Category, Grade
from console.session import Session
from console.timezone import local_text
from storage import audit, channels, conversations, published, users
from storage import reports as report_rows
from storage.errors import StoreError
from storage.files import atomic_write_bytes
from storage.published import PublishedTarget
from storage.records import AuditCategory, AuditEntry, ContentKind
from storage.store import Store, Transaction
from storage.timeutil import from_iso, to_iso

if TYPE_CHECKING:
    from incident.exercise.service import ExerciseStatus

FORMATS = (".pdf", ".csv")
DEFAULT_REASON = "Debrief of the exercise"
DEFAULT_RECIPIENT = "The exercise's trainer and team"

# What counts as picking an inject up, and how the debrief says it.
_PICKUP_WORDS = {
    "inbox.consult": "opened it",
    "inbox.assign": "assigned it",
    "inbox.reassign": "assigned it",
    "inbox.state": "changed its state",
    "inbox.note": "added a note",
    "reply.create": "replied",
    "report.create": "raised a report",
    "channel.connect": "reconnected the channel",
}

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
    at: datetime
    by: str
    template: str
    channels: tuple[str, ...]
    post_id: int


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


@dataclass
class _Facts:
    """What the debrief reads from the store in one go (on the store's thread)."""

    entries: list[AuditEntry]
    item_conversations: dict[int, int | None]
    channel_ids: dict[str, int]
    published: dict[int, PublishedTarget]
    reports: dict[str, report_rows.ReportRow]
    channel_names: dict[int, str] = field(default_factory=dict)
    trainers: set[str] = field(default_factory=set)


def _read_facts(db: Any, injects: Sequence[InjectFacts]) -> _Facts:
    entries = list(audit.iter_entries(db))
    items = sorted({item for inject in injects for item in inject.item_ids})
    every = channels.all_channels(db)
    published_ids = [
        int(e.object_id) for e in entries if e.action == "target.published" and e.object_id
    ]
    return _Facts(
        entries=entries,
        item_conversations={item: conversations.of_item(db, item) for item in items},
        channel_ids={c.name: c.id for c in every},
        published=published.targets(db, published_ids),
        reports={r.reference: r for r in report_rows.listing(db)},
        channel_names={c.id: c.name for c in every},
        trainers={
            u.name for u in users.all_users(db) if any(r.value == "trainer" for r in u.roles)
        },
    )


async def gather(
    store: Store,
    *,
    title: str,
    state: str,
    injects: Sequence[InjectFacts],
    to_exercise: Callable[[str], datetime],
    now: datetime,
) -> Debrief:
    """The debrief of ``injects`` from ``store``'s audit trail; ``to_exercise`` turns
    an audit entry's time into exercise time."""
    facts = await store.run(lambda db: _read_facts(db, injects))
    return assemble(
        facts,
        title=title,
        store_id=store.store_id,
        state=state,
        injects=injects,
        to_exercise=to_exercise,
        now=now,
    )


async def build_debrief(session: Session) -> Debrief:
    """The debrief of the exercise in ``session``'s store (read only: an observer
    may read it; nothing is recorded)."""
    from incident.exercise import service

    return await debrief_of(session.store, await service.status(session.store))


async def debrief_of(store: Store, status: ExerciseStatus) -> Debrief:
    """The debrief for an exercise ``status`` already read (the trainer's panel reads
    the status each time it refreshes)."""
    # An exercise store tells the time by its exercise clock (incident.exercise.clock),
    # so its audit entries already carry exercise time.
    return await gather(
        store,
        title=status.title,
        state=str(status.state),
        injects=status.injects,
        to_exercise=from_iso,
        now=status.exercise_now,
    )


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
    to_exercise: Callable[[str], datetime],
    now: datetime,
) -> Debrief:
    """The debrief from what was read (pure: the tests feed it known facts too)."""
    entries = facts.entries
    arrived = {
        i.id: from_iso(i.fired_exercise_utc) for i in injects if i.fired_exercise_utc is not None
    }
    responses = {
        i.id: _responses(i, arrived.get(i.id), entries, facts, to_exercise) for i in injects
    }
    rows = tuple(
        InjectDebrief(
            id=i.id,
            at=i.at,
            kind=str(i.kind),
            channel=i.channel,
            summary=i.summary,
            expect=i.expect,
            first_sign=i.first_sign,
            arrived=arrived.get(i.id),
            items=tuple(i.item_ids),
            responses=tuple(responses[i.id]),
        )
        for i in sorted(injects, key=lambda i: (i.at, i.id))
    )
    signs = sorted((arrived[i.id], i.id) for i in injects if i.first_sign and i.id in arrived)
    first_sign, first_sign_inject = signs[0] if signs else (None, "")

    engage_entries = [e for e in entries if e.action == "incident.engage"]
    engaged_entry = next(
        (e for e in engage_entries if first_sign is None or to_exercise(e.at_utc) >= first_sign),
        None,
    )
    names = _incident_names(entries)
    statements = tuple(
        Statement(
            at=to_exercise(e.at_utc),
            by=e.actor,
            template=str(_json(e.after).get("template", "")),
            channels=tuple(
                facts.channel_names.get(int(c), str(c)) for c in _json(e.after).get("channels", [])
            ),
            post_id=int(e.object_id or 0),
        )
        for e in entries
        if e.action == "incident.statement"
    )
    return Debrief(
        title=title,
        store_id=store_id,
        state=state,
        built_at=now,
        injects=rows,
        first_sign=first_sign,
        first_sign_inject=first_sign_inject,
        engaged=None if engaged_entry is None else to_exercise(engaged_entry.at_utc),
        engaged_by="" if engaged_entry is None else engaged_entry.actor,
        incident_name="" if engaged_entry is None else names.get(str(engaged_entry.object_id), ""),
        statements=statements,
        should_have_been_held=tuple(
            _should_have_been_held(entries, facts, first_sign, to_exercise, now)
        ),
        reports=tuple(_reports(entries, facts, injects, to_exercise)),
    )


def _responses(
    inject: InjectFacts,
    arrived: datetime | None,
    entries: Iterable[AuditEntry],
    facts: _Facts,
    to_exercise: Callable[[str], datetime],
) -> list[Response]:
    if arrived is None:
        return []
    items = set(inject.item_ids)
    threads = {facts.item_conversations.get(item) for item in items} - {None}
    channel_id = facts.channel_ids.get(inject.channel)
    found: list[Response] = []
    for entry in entries:
        words = _PICKUP_WORDS.get(entry.action)
        if words is None or entry.actor in facts.trainers:
            continue  # the trainer reading an item is not the team picking it up
        at = to_exercise(entry.at_utc)
        if at < arrived:
            continue
        after = _json(entry.after)
        about = False
        if entry.action == "channel.connect":
            about = str(inject.kind) == "token_expired" and entry.object_id == str(channel_id)
        elif not items:
            about = False
        elif entry.object_type == "inbox_item":
            about = int(entry.object_id or 0) in items
        elif entry.object_type in _CONVERSATION and entry.action == "inbox.consult":
            about = bool({int(i) for i in after.get("items", [])} & items)
        elif entry.object_type in _CONVERSATION:
            about = int(entry.object_id or 0) in threads
        elif entry.action == "reply.create":
            about = int(after.get("item", 0)) in items
        elif entry.action == "report.create":
            about = bool({int(i) for i in after.get("items", [])} & items)
            if about:
                words = f"raised report {entry.object_id}"
        if about:
            if entry.action in ("inbox.assign", "inbox.reassign"):
                whom = after.get("officer") or after.get("team") or ""
                words = f"assigned it to {whom}" if whom else words
            elif entry.action == "inbox.state":
                words = f"marked it {after.get('state', '')}".strip()
            found.append(Response(at, entry.actor, words))
    return found


def _incident_names(entries: Iterable[AuditEntry]) -> dict[str, str]:
    names: dict[str, str] = {}
    for entry in entries:
        if entry.action in ("incident.engage", "incident.describe"):
            name = _json(entry.after).get("name")
            if name:
                names[str(entry.object_id)] = str(name)
    return names


@dataclass
class _Incident:
    engaged: datetime
    scope: dict[str, Any]
    ended: datetime | None = None


def _incidents(
    entries: Iterable[AuditEntry], to_exercise: Callable[[str], datetime]
) -> dict[str, _Incident]:
    found: dict[str, _Incident] = {}
    for entry in entries:
        key = str(entry.object_id)
        if entry.action == "incident.engage":
            found[key] = _Incident(to_exercise(entry.at_utc), _json(entry.after))
        elif entry.action == "incident.scope" and key in found:
            found[key].scope = _json(entry.after)
        elif entry.action == "incident.stand_down" and key in found:
            found[key].ended = to_exercise(entry.at_utc)
    return found


def _covers(scope: dict[str, Any], target: PublishedTarget) -> bool:
    kind = scope.get("scope", "all")
    if kind == "channels":
        return target.channel_id in {int(c) for c in scope.get("channels", [])}
    if kind == "areas":
        return bool(target.area) and target.area in set(scope.get("areas", []))
    return True


def _should_have_been_held(
    entries: list[AuditEntry],
    facts: _Facts,
    first_sign: datetime | None,
    to_exercise: Callable[[str], datetime],
    now: datetime,
) -> list[ShouldHaveBeenHeld]:
    incidents = _incidents(entries, to_exercise)
    first_engaged = min(
        (i.engaged for i in incidents.values() if first_sign is None or i.engaged >= first_sign),
        default=None,
    )
    found: list[ShouldHaveBeenHeld] = []
    for entry in entries:
        if entry.action != "target.published" or not entry.object_id:
            continue
        target = facts.published.get(int(entry.object_id))
        if target is None or target.kind != ContentKind.POST.value:
            continue  # holding statements and replies to the public are the response itself
        at = to_exercise(entry.at_utc)
        why = ""
        if (
            first_sign is not None
            and at >= first_sign
            and (first_engaged is None or at < first_engaged)
        ):
            why = "went out after the first sign, before incident mode was engaged"
        else:
            for key, incident in incidents.items():
                ended = incident.ended or now
                cleared = target.cleared_incident_id == int(key)
                in_scope = incident.engaged <= at <= ended and _covers(incident.scope, target)
                if in_scope and not cleared:
                    why = "went out in the incident's scope while it was engaged"
                    break
        if why:
            found.append(ShouldHaveBeenHeld(at, target.channel, target.text, target.target_id, why))
    return found


def _reports(
    entries: Iterable[AuditEntry],
    facts: _Facts,
    injects: Sequence[InjectFacts],
    to_exercise: Callable[[str], datetime],
) -> list[RaisedReport]:
    found: list[RaisedReport] = []
    for entry in entries:
        if entry.action != "report.create":
            continue
        after = _json(entry.after)
        ref = str(entry.object_id)
        items = {int(i) for i in after.get("items", [])}
        row = facts.reports.get(ref)
        first = str(after.get("grade", ""))
        found.append(
            RaisedReport(
                reference=ref,
                at=to_exercise(entry.at_utc),
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


# -- writing it out ----------------------------------------------------------------------


def duration_text(span: timedelta | None) -> str:
    """``1h 05m 30s``-style, or a dash."""
    if span is None:
        return "-"
    seconds = int(span.total_seconds())
    sign = "-" if seconds < 0 else ""
    seconds = abs(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{sign}{hours}h {minutes:02d}m {secs:02d}s"
    return f"{sign}{minutes}m {secs:02d}s"


def offset_text(span: timedelta) -> str:
    """A scenario offset as ``+2h30m``."""
    minutes = int(span.total_seconds()) // 60
    hours, minutes = divmod(minutes, 60)
    return f"+{hours}h{minutes:02d}m"


def when_text(moment: datetime | None) -> str:
    """An exercise time in UK time, or a dash."""
    return "-" if moment is None else local_text(to_iso(moment))


def _csv_safe(value: str) -> str:
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def debrief_csv(d: Debrief) -> str:
    """Sections of rows, the first line EXERCISE EXERCISE EXERCISE."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")

    def row(*values: object) -> None:
        w.writerow([_csv_safe(str(v)) for v in values])

    row(EXERCISE_MARK)
    row("debrief", d.title)
    row("state", d.state)
    row("read at (exercise time)", when_text(d.built_at))
    row()
    row("section", "inject", "offset", "kind", "channel", "summary", "expect", "arrived",
        "picked up by", "response", "picked up at", "took", "responses")  # fmt: skip
    for i in d.injects:
        first = i.picked_up
        row(
            "inject", i.id, offset_text(i.at), i.kind, i.channel, i.summary, i.expect,
            when_text(i.arrived), first.actor if first else "", first.what if first else "",
            when_text(first.at if first else None), duration_text(i.took), len(i.responses),
        )  # fmt: skip
    row()
    row("section", "first sign", "first sign inject", "engaged", "engaged by", "after",
        "incident")  # fmt: skip
    row("incident mode", when_text(d.first_sign), d.first_sign_inject, when_text(d.engaged),
        d.engaged_by, duration_text(d.engage_delay), d.incident_name)  # fmt: skip
    row()
    row("section", "sent", "by", "template", "channels", "post")
    for s in d.statements:
        row("holding statement", when_text(s.at), s.by, s.template, "; ".join(s.channels),
            s.post_id)  # fmt: skip
    row()
    row("section", "went out", "channel", "target", "why", "text")
    for h in d.should_have_been_held:
        row("should have been held", when_text(h.at), h.channel, h.target_id, h.why, h.text)
    row()
    row("section", "reference", "raised", "by", "category", "THRIVE grade", "first graded",
        "injects")  # fmt: skip
    for r in d.reports:
        row("report", r.reference, when_text(r.at), r.by, r.category, r.grade, r.first_grade,
            "; ".join(r.injects))  # fmt: skip
    return out.getvalue()


def debrief_pdf(d: Debrief) -> bytes:
    """An A4 PDF with EXERCISE EXERCISE EXERCISE at the top of every page."""
    from incident.exercise.debrief_pdf import render

    return render(d)


# -- the export, a disclosure -------------------------------------------------------------


@dataclass(frozen=True)
class ExportedDebrief:
    path: Path
    audit_seq: int


async def export_debrief(
    session: Session,
    out: Path,
    fmt: str = "",
    *,
    reason: str = DEFAULT_REASON,
    recipient: str = DEFAULT_RECIPIENT,
    debrief: Debrief | None = None,
) -> ExportedDebrief:
    """Write the debrief to ``out`` as ``fmt`` ("pdf" or "csv"; by default the
    file's extension), the export recorded as a disclosure (why, to whom) in the
    same transaction as the file: a file that cannot be written records nothing."""
    require(session.user, Action.CONTROL_EXERCISE)
    if not reason.strip() or not recipient.strip():
        raise StoreError("Handing out the debrief is a disclosure: say why, and to whom.")
    out = Path(out).expanduser().absolute()
    suffix = f".{fmt.lower().lstrip('.')}" if fmt else out.suffix.lower()
    if suffix not in FORMATS:
        raise StoreError(f"Export the debrief as a .pdf or a .csv file, not {out.name}.")
    if not out.parent.is_dir():
        raise StoreError(f"The folder {out.parent} does not exist: create it first.")
    built = debrief if debrief is not None else await build_debrief(session)
    data = debrief_pdf(built) if suffix == ".pdf" else debrief_csv(built).encode("utf-8")

    def disclose(tx: Transaction) -> ExportedDebrief:
        entry = tx.audit(
            actor=session.user.name,
            action="exercise.debrief_export",
            category=AuditCategory.DISCLOSURE,
            object_type="exercise",
            object_id=1,
            after={"format": suffix[1:], "file": out.name, "injects": len(built.injects)},
            justification=reason.strip(),
            recipient=recipient.strip(),
        )
        atomic_write_bytes(out, data)
        return ExportedDebrief(out, entry.seq)

    return await session.store.write(disclose)
