"""Reports from the public: record one from inbox items, change it, open it, list them.

* ``create_report`` takes a reference from the day's sequence, copies the items
  (frozen: text, author, times, links, media, raw JSON), writes version 1 and, where
  the inbox has states, marks the items ``report``: one transaction, audited as a
  collection.
* ``edit_report`` and ``set_state`` write a new version (who, when, why, what
  changed); the audit entry names the changed fields and the version's SHA-256,
  not the public's words, which stay in the encrypted version rows.
* ``open_report`` reads a report for an officer and records the consultation with
  the justification they gave, in the same transaction as the read.
* ``list_reports`` gives only what a list needs and is not a consultation.

The response clock starts when the report is made (when the force took it on) and
runs for the allowance of its grade at that time; a regrade changes the allowance,
not the start. The clock stops when the report leaves ``open``; reopened, it
resumes where it stopped: the time it spent answered or closed does not count
(its start moves on by that time, so the time left is what was left), and it turns
amber and red again as it runs out.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from console.permissions import Action, require
from console.reports import reference
from console.reports.grading import (
    NEXT_STATES,
    THRIVE_PARTS,
    Category,
    Grade,
    ReportState,
    ResponseClock,
    Thrive,
    response_clock,
)
from console.reports.links import links_and_media
from console.session import Session
from console.timezone import FORCE_ZONE, local_text
from storage import reports as rows
from storage.errors import StoreError
from storage.i18n import _, ngettext
from storage.records import AuditCategory
from storage.reports import PreservedItem, ReportRow, VersionRow
from storage.store import Transaction
from storage.stored_words import english
from storage.timeutil import from_iso, to_iso

LOCATION_LIMIT = 500
SUMMARY_LIMIT = 10_000
INBOX_STATE = "report"
# The first version's reason, written by Cordon rather than an officer: kept in
# English, printed in the reader's language (``console.reports.pdf``).
RECORDED_REASON = english("recorded from the inbox")  # an audit reason: kept


@dataclass(frozen=True)
class Content:
    """What one version of a report says."""

    category: Category
    grade: Grade
    allowed_minutes: int
    state: ReportState
    location: str
    summary: str
    thrive: Thrive

    def as_dict(self) -> dict[str, Any]:
        return {
            "category": self.category.value,
            "grade": self.grade.value,
            "allowed_minutes": self.allowed_minutes,
            "state": self.state.value,
            "location": self.location,
            "summary": self.summary,
            **self.thrive.as_dict(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Content:
        return cls(
            Category(data["category"]),
            Grade(data["grade"]),
            int(data["allowed_minutes"]),
            ReportState(data["state"]),
            str(data["location"]),
            str(data["summary"]),
            Thrive(*(str(data[part]) for part in THRIVE_PARTS)),
        )

    def sha256(self) -> str:
        return hashlib.sha256(rows.canonical(self.as_dict()).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ReportView:
    """A report as an officer opened it: the current version, its history (oldest
    first) and the items it was made from, as received."""

    row: ReportRow
    content: Content
    history: tuple[VersionRow, ...]
    items: tuple[PreservedItem, ...]

    @property
    def reference(self) -> str:
        return self.row.reference

    def clock(self, now: datetime) -> ResponseClock:
        return clock_of(self.row, now)


def clock_of(row: ReportRow, now: datetime) -> ResponseClock:
    """The report's response clock at ``now`` (pure: call it every second)."""
    stopped = from_iso(row.clock_stopped_utc) if row.clock_stopped_utc else None
    return response_clock(
        from_iso(row.clock_start_utc), timedelta(minutes=row.allowed_minutes), now, stopped
    )


def _text_problem(location: str, summary: str) -> str | None:
    if len(location) > LOCATION_LIMIT:
        return f"Keep the location under {LOCATION_LIMIT} characters."
    if len(summary) > SUMMARY_LIMIT:
        return f"Keep the summary under {SUMMARY_LIMIT} characters."
    return None


def _items_sha256(items: Sequence[PreservedItem]) -> str:
    payload = rows.canonical([asdict(item) for item in items])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


# -- recording ------------------------------------------------------------------------


async def create_report(
    session: Session,
    item_ids: Sequence[int],
    *,
    category: Category,
    grade: Grade,
    thrive: Thrive,
    location: str = "",
    summary: str = "",
    whole_conversation: bool = False,
) -> ReportRow:
    """Record a report from inbox items (with ``whole_conversation``, from every item
    in each item's conversation). Returns the new report's row (its reference)."""
    require(session.user, Action.RECORD_REPORTS)
    if not item_ids:
        raise StoreError(_("Choose the inbox item (or conversation) the report is made from."))
    if problem := thrive.problem() or _text_problem(location, summary):
        raise StoreError(problem)
    actor = session.user.name

    def write(tx: Transaction) -> ReportRow:
        db = tx.db
        wanted = list(dict.fromkeys(int(i) for i in item_ids))
        if whole_conversation:
            threads = [rows.conversation_of(db, item) or [item] for item in wanted]
            wanted = list(dict.fromkeys(i for thread in threads for i in thread))
        sources = rows.inbox_sources(db, wanted)
        missing = sorted(set(wanted) - {s.id for s in sources})
        if missing:
            raise StoreError(
                ngettext(
                    "Inbox item {items} is no longer in the store (retention may have "
                    "erased it): choose another.",
                    "Inbox items {items} are no longer in the store (retention may have "
                    "erased them): choose others.",
                    len(missing),
                ).format(items=", ".join(map(str, missing)))
            )
        now = tx.now()
        day = from_iso(now).astimezone(FORCE_ZONE).date()
        seq = rows.take_sequence(db, day.isoformat())
        pattern, prefix = reference.next_reference_parts(db)
        ref = reference.format_reference(pattern, prefix, day, seq)
        if rows.reference_taken(db, ref):
            raise StoreError(
                _(
                    "The reference format gives {ref}, which an earlier report "
                    "already has: ask an administrator to check the reference "
                    "format setting."
                ).format(ref=ref)
            )
        allowed = int(reference.allowance(db, grade).total_seconds() // 60)
        content = Content(
            category, grade, allowed, ReportState.OPEN, location.strip(), summary.strip(),
            Thrive(**thrive.as_dict()),
        )  # fmt: skip
        report_id = rows.insert(
            db, reference=ref, day=day.isoformat(), seq=seq, at_utc=now, by_user=actor,
            allowed_minutes=allowed, state=content.state.value, category=category.value,
            grade=grade.value,
        )  # fmt: skip
        preserved = []
        for position, source in enumerate(sources, start=1):
            links, media = links_and_media(source.text, source.raw)
            preserved.append(
                PreservedItem(
                    position, source.id, source.channel_id, source.channel_name,
                    source.network, source.remote_id, source.kind, source.author_handle,
                    source.author_name, source.text, source.created_utc, source.received_utc,
                    source.url, source.conversation_id, source.in_reply_to, links, media,
                    source.raw, now,
                )
            )  # fmt: skip
        rows.insert_items(db, report_id, preserved)
        body = content.as_dict()
        rows.add_version(
            db, report_id, at_utc=now, by_user=actor, reason=RECORDED_REASON,
            changes={k: [None, v] for k, v in body.items()}, content=body,
            content_sha256=content.sha256(), clock_stopped_utc=None,
        )  # fmt: skip
        tx.audit(
            actor=actor,
            action="report.create",
            category=AuditCategory.COLLECTION,
            object_type="report",
            object_id=ref,
            after={
                "version": 1,
                "category": category.value,
                "grade": grade.value,
                "allowed_minutes": allowed,
                "items": [s.id for s in sources],
                "content_sha256": content.sha256(),
                "items_sha256": _items_sha256(preserved),
            },
        )
        for conversation_id, before in sorted(
            rows.mark_inbox_items(db, wanted, INBOX_STATE).items()
        ):
            tx.audit(
                actor=actor,
                action="inbox.state",
                category=AuditCategory.ALTERATION,
                object_type="conversation",
                object_id=conversation_id,
                before={"state": before},
                after={"state": INBOX_STATE, "report": ref},
            )
        found = rows.by_reference(db, ref)
        assert found is not None
        return found

    return await session.store.write(write)


# -- changing -------------------------------------------------------------------------


def _current(db: Any, ref: str, based_on: int | None) -> tuple[ReportRow, Content]:
    row = rows.by_reference(db, ref)
    if row is None:
        raise StoreError(
            _("There is no report {ref} in this store: check the reference.").format(ref=ref)
        )
    if based_on is not None and based_on != row.version:
        raise StoreError(
            _(
                "{row.updated_by} changed report {ref} at {value} (version "
                "{row.version}) after you opened version {based_on}: open it "
                "again to see their change, then make yours."
            ).format(row=row, ref=ref, value=local_text(row.updated_utc), based_on=based_on)
        )
    history = rows.versions(db, row.id)
    return row, Content.from_dict(history[-1].content)


def _new_version(
    tx: Transaction,
    row: ReportRow,
    before: Content,
    after: Content,
    *,
    actor: str,
    reason: str,
    action: str,
    stopped_utc: str | None,
    start_utc: str | None = None,
) -> ReportRow:
    old, new = before.as_dict(), after.as_dict()
    changes = {k: [old[k], new[k]] for k in new if old[k] != new[k]}
    if not changes:
        raise StoreError(
            _("Nothing changed in report {row.reference}: there is nothing to save.").format(
                row=row
            )
        )
    number = rows.add_version(
        tx.db, row.id, at_utc=tx.now(), by_user=actor, reason=reason, changes=changes,
        content=new, content_sha256=after.sha256(), clock_stopped_utc=stopped_utc,
        clock_start_utc=start_utc,
    )  # fmt: skip
    # Category, grade and state are the force's words, not the public's: the audit
    # entry shows them. Other fields are named only (their values are in the version).
    shown = {"category", "grade", "allowed_minutes", "state"}
    tx.audit(
        actor=actor,
        action=action,
        category=AuditCategory.ALTERATION,
        object_type="report",
        object_id=row.reference,
        before={"version": row.version, **{k: old[k] for k in changes if k in shown}},
        after={
            "version": number,
            "changed": sorted(changes),
            "content_sha256": after.sha256(),
            **{k: new[k] for k in changes if k in shown},
            **({"clock_start_utc": start_utc} if start_utc else {}),
        },
        justification=reason,
    )
    found = rows.by_reference(tx.db, row.reference)
    assert found is not None
    return found


async def edit_report(
    session: Session,
    ref: str,
    *,
    reason: str,
    based_on: int | None = None,
    category: Category | None = None,
    grade: Grade | None = None,
    location: str | None = None,
    summary: str | None = None,
    thrive: Thrive | None = None,
) -> ReportRow:
    """Change what a report says (``None`` leaves a field as it is). ``based_on`` is
    the version the officer was looking at: if someone changed it since, refused.
    A new grade takes its allowance from the settings now; the clock's start stays."""
    require(session.user, Action.RECORD_REPORTS)
    if not reason.strip():
        raise StoreError(_("Say why you are changing the report: the reason is kept with it."))
    if thrive is not None and (problem := thrive.problem()):
        raise StoreError(problem)
    if problem := _text_problem(location or "", summary or ""):
        raise StoreError(problem)

    def write(tx: Transaction) -> ReportRow:
        row, before = _current(tx.db, ref, based_on)
        if before.state is ReportState.CLOSED:
            raise StoreError(
                _("Report {ref} is closed: reopen it first to change it.").format(ref=ref)
            )
        after = before
        if category is not None:
            after = replace(after, category=category)
        if grade is not None and grade is not before.grade:
            minutes = int(reference.allowance(tx.db, grade).total_seconds() // 60)
            after = replace(after, grade=grade, allowed_minutes=minutes)
        if location is not None:
            after = replace(after, location=location.strip())
        if summary is not None:
            after = replace(after, summary=summary.strip())
        if thrive is not None:
            after = replace(after, thrive=Thrive(**thrive.as_dict()))
        return _new_version(
            tx, row, before, after, actor=session.user.name, reason=reason.strip(),
            action="report.edit", stopped_utc=row.clock_stopped_utc,
        )  # fmt: skip

    return await session.store.write(write)


async def set_state(
    session: Session, ref: str, state: ReportState, *, reason: str, based_on: int | None = None
) -> ReportRow:
    """Move a report to ``state`` (see ``NEXT_STATES``), as a new version."""
    require(session.user, Action.RECORD_REPORTS)
    if not reason.strip():
        raise StoreError(_("Say why the report is now {lower}.").format(lower=state.label.lower()))

    def write(tx: Transaction) -> ReportRow:
        row, before = _current(tx.db, ref, based_on)
        if state not in NEXT_STATES[before.state]:
            allowed = ", ".join(s.label.lower() for s in sorted(NEXT_STATES[before.state]))
            raise StoreError(
                _("Report {ref} is {lower}: it can become {allowed}, not {lower2}.").format(
                    ref=ref,
                    lower=before.state.label.lower(),
                    allowed=allowed,
                    lower2=state.label.lower(),
                )
            )
        now = tx.now()
        stopped, start = row.clock_stopped_utc, None
        if state is ReportState.OPEN:
            if stopped is not None:  # resumes: the time it stood stopped does not count
                paused = from_iso(now) - from_iso(stopped)
                start = to_iso(from_iso(row.clock_start_utc) + max(paused, timedelta(0)))
            stopped = None
        elif stopped is None:
            stopped = now
        return _new_version(
            tx, row, before, replace(before, state=state), actor=session.user.name,
            reason=reason.strip(), action="report.state", stopped_utc=stopped, start_utc=start,
        )  # fmt: skip

    return await session.store.write(write)


# -- reading ---------------------------------------------------------------------------


def read_view(db: Any, ref: str) -> ReportView:
    row = rows.by_reference(db, ref)
    if row is None:
        raise StoreError(
            _("There is no report {ref} in this store: check the reference.").format(ref=ref)
        )
    history = tuple(rows.versions(db, row.id))
    return ReportView(
        row, Content.from_dict(history[-1].content), history, tuple(rows.items(db, row.id))
    )


async def open_report(session: Session, ref: str, justification: str) -> ReportView:
    """The report for an officer to read, its consultation recorded with
    ``justification`` (DPA 2018 s.62) in the same transaction as the read."""
    require(session.user, Action.VIEW_REPORTS)
    if not justification.strip():
        raise StoreError(
            _(
                "Say why you are opening this report: viewing the public's "
                "personal data is recorded with its reason."
            )
        )

    def consult(tx: Transaction) -> ReportView:
        view = read_view(tx.db, ref)
        tx.audit(
            actor=session.user.name,
            action="report.open",
            category=AuditCategory.CONSULTATION,
            object_type="report",
            object_id=ref,
            after={"version": view.row.version},
            justification=justification.strip(),
        )
        return view

    return await session.store.write(consult)


async def list_reports(
    session: Session, state: ReportState | None = None, limit: int | None = None
) -> list[ReportRow]:
    """Reports newest first: reference, category, grade, state, clock, item count."""
    require(session.user, Action.VIEW_REPORTS)
    return await session.store.run(lambda db: rows.listing(db, state.value if state else "", limit))


async def reports_for_items(session: Session, item_ids: Sequence[int]) -> dict[int, ReportRow]:
    """For the inbox: each item's newest report (reference, state, clock), if any."""
    require(session.user, Action.READ)
    return await session.store.run(lambda db: rows.for_inbox_items(db, list(item_ids)))
