"""The inbox dashboard's figures: items per hour per channel, reports' response times
against their clocks, reports by category and conversations by state, over a span.

Counts only: no author, text or location leaves the store, so reading them is not
a consultation. The figures are computed in one read on the store thread
(``figures``, a pure function of the rows, the span and ``now``); the window draws
them and ``csv_text`` writes any of the four tables, an exercise store's marked
``EXERCISE EXERCISE EXERCISE`` on its first line.
"""

from __future__ import annotations

import csv
import io
import statistics
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any

from console.marking import EXERCISE_MARK
from console.permissions import Action, require
from console.reports.grading import Category, ClockState, Grade
from console.reports.service import clock_of
from console.session import Session
from console.timezone import FORCE_ZONE
from storage import channels, conversations
from storage import dashboard as board_rows
from storage.conversations import ConversationFilter, ConversationState
from storage.errors import StoreError
from storage.files import atomic_write_bytes
from storage.i18n import N_, _
from storage.records import StoreKind
from storage.reports import ReportRow
from storage.timeutil import from_iso, to_iso

MAX_SPAN = timedelta(days=31)

# The spans the window offers: (label, hours).
SPANS = ((N_("Last 24 hours"), 24), (N_("Last 48 hours"), 48), (N_("Last 7 days"), 168),
         (N_("Last 30 days"), 720))  # fmt: skip


class Table(StrEnum):
    """The dashboard's tables, each exportable as CSV."""

    ITEMS_PER_HOUR = "items_per_hour"
    RESPONSE_TIMES = "response_times"
    REPORTS_BY_CATEGORY = "reports_by_category"
    CONVERSATIONS_BY_STATE = "conversations_by_state"

    @property
    def label(self) -> str:
        return _(_TABLE_LABELS[self.value])


_TABLE_LABELS = {
    "items_per_hour": N_("Items per hour"),
    "response_times": N_("Response times"),
    "reports_by_category": N_("Reports by category"),
    "conversations_by_state": N_("Conversations by state"),
}


class Outcome(StrEnum):
    """Where a report stands against its response clock."""

    MET = "met"  # answered or handed over before the clock ran out
    MISSED = "missed"  # it ran out: stopped late, or still open and overdue
    RUNNING = "running"  # still open, time left


@dataclass(frozen=True)
class ChannelSeries:
    channel_id: int
    name: str
    network: str
    counts: tuple[int, ...]  # one per hour of the span

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class GradeResponses:
    grade: str  # a Grade value (or whatever the row holds)
    met: int
    missed: int
    running: int
    median_minutes: float | None  # time to respond, of the reports whose clock stopped

    @property
    def label(self) -> str:
        return _grade_label(self.grade)

    @property
    def total(self) -> int:
        return self.met + self.missed + self.running


@dataclass(frozen=True)
class Dashboard:
    start_utc: datetime  # the first hour (inclusive), on the hour
    end_utc: datetime  # the end (exclusive), on the hour
    now_utc: datetime  # when the clocks were read
    hours: tuple[datetime, ...]  # the start of each hour, UTC
    channels: tuple[ChannelSeries, ...]  # channels with items in the span, by name
    responses: tuple[GradeResponses, ...]  # every grade, in Grade order
    categories: tuple[tuple[str, int], ...]  # (Category value, reports), every category
    states: tuple[tuple[ConversationState, int], ...]  # every state

    @property
    def items(self) -> int:
        return sum(series.total for series in self.channels)

    @property
    def reports(self) -> int:
        return sum(n for _category, n in self.categories)


def span_ending(now: datetime, hours: int) -> tuple[datetime, datetime]:
    """``hours`` whole hours ending with the hour that holds ``now``."""
    end = now.astimezone(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    return end - timedelta(hours=hours), end


def _on_the_hour(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def _grade_label(value: str) -> str:
    try:
        return Grade(value).label
    except ValueError:
        return value


def _category_label(value: str) -> str:
    try:
        return Category(value).label
    except ValueError:
        return value


def outcome(row: ReportRow, now: datetime, *, responded: bool = True) -> Outcome | None:
    """Where the report stands against its clock. ``responded``: whether it was
    answered or handed over when its clock stopped; one closed without either is met
    nowhere: missed if its time had run out, else left out (None)."""
    clock = clock_of(row, now)
    if clock.state is ClockState.RED:
        return Outcome.MISSED
    if not clock.stopped:
        return Outcome.RUNNING
    return Outcome.MET if responded else None


def _hourly(db: Any, start: datetime, end: datetime) -> tuple[ChannelSeries, ...]:
    hours = int((end - start) // timedelta(hours=1))
    per_channel: dict[int, list[int]] = {}
    # The UK's offset from UTC is a whole hour, so a UTC hour is a UK hour.
    for channel_id, hour, n in board_rows.items_per_hour(db, to_iso(start), to_iso(end)):
        at = datetime.strptime(hour, "%Y-%m-%dT%H").replace(tzinfo=UTC)
        index = int((at - start) // timedelta(hours=1))
        if 0 <= index < hours:
            per_channel.setdefault(channel_id, [0] * hours)[index] += n
    named = {c.id: c for c in channels.all_channels(db)}
    series = [
        ChannelSeries(
            cid,
            named[cid].name if cid in named else f"Channel {cid}",
            named[cid].network if cid in named else "",
            tuple(counts),
        )
        for cid, counts in per_channel.items()
    ]
    return tuple(sorted(series, key=lambda s: (s.name.casefold(), s.channel_id)))


def figures(db: Any, start: datetime, end: datetime, now: datetime) -> Dashboard:
    """Every figure for items and reports made in [start, end) and the conversations
    active in it, with the clocks read at ``now``."""
    start, end = _on_the_hour(start), _on_the_hour(end)
    if end <= start:
        end = start + timedelta(hours=1)
    count = int((end - start) // timedelta(hours=1))
    hours = tuple(start + timedelta(hours=h) for h in range(count))
    reports = board_rows.reports_made(db, to_iso(start), to_iso(end))
    by_grade: dict[str, dict[Outcome, int]] = {g.value: dict.fromkeys(Outcome, 0) for g in Grade}
    taken: dict[str, list[float]] = {}
    answered = board_rows.responded(db, [r.id for r in reports if r.clock_stopped_utc])
    for row in reports:
        counts = by_grade.setdefault(row.grade, dict.fromkeys(Outcome, 0))
        where = outcome(row, now, responded=row.id in answered)
        if where is None:  # closed in time without a response: not a response time
            continue
        counts[where] += 1
        if row.clock_stopped_utc and row.id in answered:
            spent = from_iso(row.clock_stopped_utc) - from_iso(row.clock_start_utc)
            taken.setdefault(row.grade, []).append(spent.total_seconds() / 60)
    responses = tuple(
        GradeResponses(
            grade, counts[Outcome.MET], counts[Outcome.MISSED], counts[Outcome.RUNNING],
            statistics.median(taken[grade]) if grade in taken else None,
        )
        for grade, counts in by_grade.items()
    )  # fmt: skip
    per_category = dict.fromkeys((c.value for c in Category), 0)
    for row in reports:
        per_category[row.category] = per_category.get(row.category, 0) + 1
    active = ConversationFilter(since_utc=to_iso(start), until_utc=to_iso(end))
    states = conversations.counts_by_state(db, active)
    return Dashboard(
        start, end, now.astimezone(UTC), hours, _hourly(db, start, end), responses,
        tuple(per_category.items()), tuple((s, states[s]) for s in ConversationState),
    )  # fmt: skip


async def dashboard(
    session: Session, start: datetime, end: datetime, now: datetime | None = None
) -> Dashboard:
    """The dashboard over [start, end) (UTC or zoned times; whole hours)."""
    require(session.user, Action.READ_INBOX)
    if end - start > MAX_SPAN:
        raise StoreError(_("Choose a span of at most 31 days: the chart shows one bar an hour."))
    moment = now or session.store.clock()
    return await session.store.run(lambda db: figures(db, start, end, moment))


# -- the tables, for the window and for CSV ---------------------------------------------


def _local(moment: datetime) -> str:
    return moment.astimezone(FORCE_ZONE).strftime("%d/%m/%Y %H:%M %Z")


def table(board: Dashboard, which: Table) -> tuple[list[str], list[list[str]]]:
    """(headings, rows) of one of the dashboard's tables, as text."""
    if which is Table.ITEMS_PER_HOUR:
        heads = ["hour_utc", "hour_uk"] + [s.name for s in board.channels] + ["total"]
        rows = [
            [to_iso(hour), _local(hour)]
            + [str(s.counts[i]) for s in board.channels]
            + [str(sum(s.counts[i] for s in board.channels))]
            for i, hour in enumerate(board.hours)
        ]
        return heads, rows
    if which is Table.RESPONSE_TIMES:
        heads = ["grade", "met", "missed", "running", "median_minutes_to_respond"]
        return heads, [
            [r.label, str(r.met), str(r.missed), str(r.running),
             "" if r.median_minutes is None else f"{r.median_minutes:.1f}"]
            for r in board.responses
        ]  # fmt: skip
    if which is Table.REPORTS_BY_CATEGORY:
        return ["category", "reports"], [[_category_label(c), str(n)] for c, n in board.categories]
    return ["state", "conversations"], [[s.label, str(n)] for s, n in board.states]


def _safe(value: str) -> str:
    """A spreadsheet must not run a cell as a formula (a channel's name)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def csv_text(board: Dashboard, which: Table, kind: StoreKind) -> str:
    """One table as CSV: a line saying what and when, the headings, the rows."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if kind is StoreKind.EXERCISE:
        writer.writerow([EXERCISE_MARK])
    writer.writerow(
        [which.label, f"from {_local(board.start_utc)}", f"to {_local(board.end_utc)}",
         f"clocks read {_local(board.now_utc)}"]
    )  # fmt: skip
    heads, rows = table(board, which)
    writer.writerow([_safe(h) for h in heads])
    writer.writerows([[_safe(cell) for cell in row] for row in rows])
    return out.getvalue()


def export_csv(board: Dashboard, which: Table, kind: StoreKind, path: Path) -> Path:
    """Write one table to ``path`` (whole or not at all); returns the path written."""
    if path.suffix.lower() != ".csv":
        path = path.with_suffix(".csv")
    atomic_write_bytes(path, csv_text(board, which, kind).encode("utf-8"))
    return path
