"""Incidents, their holds, and the targets they hold (the rows; rules live in incident/).

Engaging is two writes. The first commits the incident and its **hold** (a row
naming its scope): from that commit ``storage.queue.claim`` refuses every target
in scope, whatever the queue holds, so its cost does not grow with the queue.
The second moves the targets' own states to ``held`` in one UPDATE, so the queue
and the review list show them; if the process stops between the two, the second
runs again on the next start (``targets_held_utc`` is still NULL).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from storage.errors import StoreError
from storage.i18n import _, ngettext
from storage.queue import HELD
from storage.records import IncidentMode


@dataclass(frozen=True)
class Scope:
    """What a hold covers: every channel, some channels, or the channels of some areas."""

    kind: str = "all"  # all | channels | areas
    channel_ids: frozenset[int] = field(default_factory=frozenset)
    areas: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def everything(cls) -> Scope:
        return cls()

    @classmethod
    def of_channels(cls, channel_ids: Iterable[int]) -> Scope:
        return cls("channels", channel_ids=frozenset(channel_ids))

    @classmethod
    def of_areas(cls, areas: Iterable[str]) -> Scope:
        return cls("areas", areas=frozenset(a.strip() for a in areas if a.strip()))

    def describe(
        self,
        channel_names: dict[int, str] | None = None,
        channel_areas: Iterable[str] | None = None,
    ) -> str:
        """The scope in words; given the channels' areas (``channel_areas``), an area
        no channel is in is said plainly, for such a scope holds nothing there."""
        if self.kind == "all":
            return _("all channels")
        if self.kind == "areas":
            listed = ", ".join(sorted(self.areas))
            if channel_areas is None:
                return _("areas: {areas}").format(areas=listed)
            keys = {area_key(a) for a in channel_areas if a.strip()}
            empty = sorted(a for a in self.areas if area_key(a) not in keys)
            if empty and len(empty) == len(self.areas):
                return _("areas: {areas}. No channel is in them: this scope holds nothing.").format(
                    areas=listed
                )
            if empty:
                return _("areas: {areas}. No channel is in {empty}: nothing is held there.").format(
                    areas=listed, empty=", ".join(empty)
                )
            return _("areas: {areas}").format(areas=listed)
        names = channel_names or {}
        listed = ", ".join(sorted(names.get(c, f"#{c}") for c in self.channel_ids))
        return _("channels: {channels}").format(channels=listed)

    def as_json(self) -> dict[str, Any]:
        return {
            "scope": self.kind,
            "channels": sorted(self.channel_ids),
            "areas": sorted(self.areas),
        }


def area_key(area: str) -> str:
    """What two spellings of an area must share to be the same area: case and the
    spaces around it do not count (``storage.queue.SAME_AREA`` compares the same way)."""
    return area.strip().casefold()


class UnknownArea(StoreError):
    """An area scope names an area no channel is in: the sentence names it and lists
    the areas the channels have."""


def channel_areas(db: Any) -> list[str]:
    """Every area a channel is in, as each channel spells it (disabled channels too:
    a hold covers them)."""
    return [str(r[0]) for r in db.execute("SELECT DISTINCT area FROM channels WHERE area <> ''")]


def match_areas(scope: Scope, known: Iterable[str]) -> Scope:
    """``scope`` with each area it names in the spelling of the channels in it
    (``known``: the channels' areas), matched ignoring case and surrounding spaces.
    Refuses an area no channel is in, naming it and the areas there are: a hold on
    a misspelt area would hold nothing. Any other scope is returned as it is."""
    if scope.kind != "areas":
        return scope
    if not scope.areas:
        raise StoreError(_("Name at least one area for the incident's scope, or all channels."))
    spellings: dict[str, set[str]] = {}
    for area in known:
        if area.strip():
            spellings.setdefault(area_key(area), set()).add(area)
    unknown = sorted((a.strip() for a in scope.areas if area_key(a) not in spellings), key=area_key)
    if unknown:
        said = ngettext(
            "No channel is in the area {areas}.",
            "No channel is in the areas {areas}.",
            len(unknown),
        ).format(areas=", ".join(f"“{a}”" for a in unknown))
        names = sorted((min(s.strip() for s in same) for same in spellings.values()), key=area_key)
        if names:
            said += " " + _("The areas are: {areas}.").format(areas=", ".join(names))
        else:
            said += " " + _("No channel has an area yet: hold all channels, or chosen channels.")
        raise UnknownArea(said)
    # Every spelling the channels use, so the hold's own comparison finds them all.
    return Scope("areas", areas=frozenset(s for a in scope.areas for s in spellings[area_key(a)]))


@dataclass(frozen=True)
class Incident:
    id: int
    name: str
    reference: str
    gold_commander: str
    reason: str
    mode: IncidentMode
    engaged_by: str  # the user's name
    engaged_utc: str
    stood_down_by: str | None
    stood_down_utc: str | None
    engage_seq: int | None
    stand_down_seq: int | None
    targets_held_utc: str | None
    in_flight: tuple[int, ...]
    next_update_utc: str | None
    scope: Scope

    @property
    def active(self) -> bool:
        return self.stood_down_utc is None

    @property
    def title(self) -> str:
        return self.name or f"Incident {self.id} (not named yet)"


@dataclass(frozen=True)
class Counts:
    """Where an incident's held targets and its holding statements stand."""

    held: int = 0
    released: int = 0
    cancelled: int = 0
    statements_sent: int = 0
    statements_waiting: int = 0  # queued, sending or awaiting approval
    statements_failed: int = 0


_COLUMNS = (
    "i.id, i.name, i.reference, i.gold_commander, i.reason, i.mode, u.name, i.engaged_utc,"
    " s.name, i.stood_down_utc, i.engage_seq, i.stand_down_seq, i.targets_held_utc,"
    " i.in_flight, i.next_update_utc"
)
_FROM = (
    " FROM incidents i JOIN users u ON u.id = i.engaged_by"
    " LEFT JOIN users s ON s.id = i.stood_down_by"
)


def _incident(db: Any, row: tuple[Any, ...]) -> Incident:
    return Incident(
        id=row[0],
        name=row[1],
        reference=row[2],
        gold_commander=row[3],
        reason=row[4],
        mode=IncidentMode(row[5]),
        engaged_by=row[6],
        engaged_utc=row[7],
        stood_down_by=row[8],
        stood_down_utc=row[9],
        engage_seq=row[10],
        stand_down_seq=row[11],
        targets_held_utc=row[12],
        in_flight=tuple(int(i) for i in json.loads(row[13])),
        next_update_utc=row[14],
        scope=scope_of(db, int(row[0])),
    )


def active(db: Any) -> Incident | None:
    row = db.execute(f"SELECT {_COLUMNS}{_FROM} WHERE i.stood_down_utc IS NULL").fetchone()
    return None if row is None else _incident(db, row)


def get(db: Any, incident_id: int) -> Incident | None:
    row = db.execute(f"SELECT {_COLUMNS}{_FROM} WHERE i.id = ?", (incident_id,)).fetchone()
    return None if row is None else _incident(db, row)


def of_post(db: Any, post_id: int) -> Incident | None:
    """The incident a holding statement was sent in (its targets are cleared by it)."""
    row = db.execute(
        "SELECT cleared_incident_id FROM targets WHERE post_id = ?"
        " AND cleared_incident_id IS NOT NULL LIMIT 1",
        (post_id,),
    ).fetchone()
    return None if row is None else get(db, int(row[0]))


def all_incidents(db: Any) -> list[Incident]:
    rows = db.execute(f"SELECT {_COLUMNS}{_FROM} ORDER BY i.id DESC").fetchall()
    return [_incident(db, row) for row in rows]


def scope_of(db: Any, incident_id: int) -> Scope:
    """The scope of the incident's current hold (its newest)."""
    row = db.execute(
        "SELECT id, scope FROM holds WHERE incident_id = ? ORDER BY id DESC LIMIT 1",
        (incident_id,),
    ).fetchone()
    if row is None:
        return Scope()
    hold_id, kind = int(row[0]), str(row[1])
    channels = db.execute("SELECT channel_id FROM hold_channels WHERE hold_id = ?", (hold_id,))
    areas = db.execute("SELECT area FROM hold_areas WHERE hold_id = ?", (hold_id,))
    return Scope(kind, frozenset(int(r[0]) for r in channels), frozenset(str(r[0]) for r in areas))


def insert(db: Any, *, mode: IncidentMode, engaged_by: int, now: str) -> int:
    cursor = db.execute(
        "INSERT INTO incidents (mode, engaged_by, engaged_utc) VALUES (?, ?, ?) RETURNING id",
        (mode.value, engaged_by, now),
    )
    return int(cursor.fetchone()[0])


def insert_hold(db: Any, incident_id: int, scope: Scope, now: str) -> int:
    cursor = db.execute(
        "INSERT INTO holds (incident_id, scope, created_utc) VALUES (?, ?, ?) RETURNING id",
        (incident_id, scope.kind, now),
    )
    hold_id = int(cursor.fetchone()[0])
    db.executemany(
        "INSERT INTO hold_channels (hold_id, channel_id) VALUES (?, ?)",
        [(hold_id, channel_id) for channel_id in sorted(scope.channel_ids)],
    )
    db.executemany(
        "INSERT INTO hold_areas (hold_id, area) VALUES (?, ?)",
        [(hold_id, area) for area in sorted(scope.areas)],
    )
    return hold_id


def hold_ids(db: Any, incident_id: int) -> list[int]:
    return [
        int(r[0]) for r in db.execute("SELECT id FROM holds WHERE incident_id = ?", (incident_id,))
    ]


def target_ids_of(db: Any, incident_id: int) -> list[int]:
    """The targets an incident held or cleared (what its counts are made of)."""
    return [
        int(r[0])
        for r in db.execute(
            "SELECT id FROM targets WHERE held_incident_id = ? OR cleared_incident_id = ?",
            (incident_id, incident_id),
        )
    ]


def end_holds(db: Any, incident_id: int, now: str) -> None:
    db.execute(
        "UPDATE holds SET released_utc = ? WHERE incident_id = ? AND released_utc IS NULL",
        (now, incident_id),
    )


def update(db: Any, incident_id: int, **values: Any) -> None:
    allowed = {
        "name",
        "reference",
        "gold_commander",
        "reason",
        "mode",
        "engage_seq",
        "stand_down_seq",
        "targets_held_utc",
        "in_flight",
        "next_update_utc",
        "stood_down_by",
        "stood_down_utc",
    }
    unknown = set(values) - allowed
    if unknown:
        raise ValueError(f"not an incident column: {sorted(unknown)}")
    assignments = ", ".join(f"{name} = ?" for name in values)
    db.execute(f"UPDATE incidents SET {assignments} WHERE id = ?", (*values.values(), incident_id))


def sending_in_scope(db: Any) -> list[int]:
    """Targets being sent right now that an active hold covers: the ones already in
    flight when the hold committed."""
    rows = db.execute(f"SELECT t.id FROM targets t WHERE t.status = 'publishing' AND {HELD}")
    return [int(r[0]) for r in rows]


def hold_targets(
    db: Any, incident_id: int, now: str, target_ids: Iterable[int] | None = None
) -> int:
    """Move queued targets an active hold covers to ``held``, in one UPDATE.

    With ``target_ids``, only those (a post created, rescheduled or put back on the
    queue while an incident is active). Returns how many moved.
    """
    sql = (
        "UPDATE targets AS t SET status = 'held', held_incident_id = ?, updated_utc = ?"
        f" WHERE t.status = 'queued' AND {HELD}"
    )
    if target_ids is None:
        return int(db.execute(sql, (incident_id, now)).rowcount)
    ids = list(target_ids)
    if not ids:
        return 0
    marks = ",".join("?" * len(ids))
    return int(db.execute(f"{sql} AND t.id IN ({marks})", (incident_id, now, *ids)).rowcount)


def mark_held(db: Any, target_id: int, incident_id: int) -> None:
    """A target created held (a copy of a post pulled back from a network's scheduler)."""
    db.execute("UPDATE targets SET held_incident_id = ? WHERE id = ?", (incident_id, target_id))


def hold_if_active(db: Any, target_ids: Iterable[int], now: str) -> int:
    """After a target was put on the queue: held at once if an active incident covers it."""
    row = db.execute("SELECT id FROM incidents WHERE stood_down_utc IS NULL").fetchone()
    return 0 if row is None else hold_targets(db, int(row[0]), now, target_ids)


def unclear(db: Any, target_ids: Iterable[int], now: str) -> int:
    """Changed after gold released it (new words, a new time): no longer cleared of
    the active incident's holds, so it is held again until gold looks at it. Holding
    statements keep their clearance (their words go back to an approver instead)."""
    ids = list(target_ids)
    if not ids:
        return 0
    marks = ",".join("?" * len(ids))
    db.execute(
        "UPDATE targets AS t SET cleared_incident_id = NULL, updated_utc = ?"
        f" WHERE t.id IN ({marks}) AND t.cleared_incident_id IN"
        " (SELECT id FROM incidents WHERE stood_down_utc IS NULL)"
        " AND (SELECT kind FROM posts WHERE id = t.post_id) != 'holding_statement'",
        (now, *ids),
    )
    return hold_if_active(db, ids, now)


def held_ids(db: Any, incident_id: int) -> list[int]:
    rows = db.execute(
        "SELECT id FROM targets WHERE held_incident_id = ? AND status = 'held'"
        " ORDER BY scheduled_utc, id",
        (incident_id,),
    )
    return [int(r[0]) for r in rows]


def held_of(db: Any, incident_id: int, target_ids: Iterable[int]) -> list[int]:
    """Those of ``target_ids`` this incident holds now."""
    ids = list(target_ids)
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    rows = db.execute(
        f"SELECT id FROM targets WHERE id IN ({marks}) AND held_incident_id = ?"
        " AND status = 'held' ORDER BY scheduled_utc, id",
        (*ids, incident_id),
    )
    return [int(r[0]) for r in rows]


def release(db: Any, target_id: int, incident_id: int, scheduled_utc: str, now: str) -> None:
    """Back on the queue at ``scheduled_utc``, cleared of this incident's holds and
    approved (releasing is an approver's decision). A fresh try: a post that was
    waiting to retry when it was held is judged by its new time, not let through
    the grace by its old attempts."""
    db.execute(
        "UPDATE targets SET status = 'queued', scheduled_utc = ?, cleared_incident_id = ?,"
        " approval = CASE approval WHEN 'awaiting' THEN 'approved' ELSE approval END,"
        " attempts = 0, next_attempt_utc = NULL, updated_utc = ?"
        " WHERE id = ? AND status = 'held'",
        (scheduled_utc, incident_id, now, target_id),
    )
    db.execute(
        "UPDATE incidents SET released_count = released_count + 1 WHERE id = ?", (incident_id,)
    )


def cancel_held(db: Any, target_id: int, incident_id: int, now: str) -> None:
    db.execute(
        "UPDATE targets SET status = 'cancelled', updated_utc = ? WHERE id = ? AND status = 'held'",
        (now, target_id),
    )
    db.execute(
        "UPDATE incidents SET cancelled_count = cancelled_count + 1 WHERE id = ?", (incident_id,)
    )


def amend(
    db: Any, target_id: int, text: str, user_id: int, now: str, *, second: str | None = None
) -> None:
    """A held target's own words, and who wrote them; ``second``: the second's text of
    two linked posts (None: one post, whose ``second_text`` stays NULL)."""
    if second is None:
        db.execute(
            "UPDATE targets SET body_override = ?, amended_by = ?, updated_utc = ? WHERE id = ?",
            (text, user_id, now, target_id),
        )
        return
    db.execute(
        "UPDATE targets SET body_override = ?, second_text = ?, amended_by = ?, updated_utc = ?"
        " WHERE id = ?",
        (text, second, user_id, now, target_id),
    )


def amenders_of(db: Any, target_ids: Iterable[int]) -> dict[int, int]:
    ids = list(target_ids)
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    rows = db.execute(
        f"SELECT id, amended_by FROM targets WHERE id IN ({marks}) AND amended_by IS NOT NULL",
        ids,
    )
    return {int(r[0]): int(r[1]) for r in rows}


def channel_of(db: Any, target_id: int) -> int | None:
    row = db.execute("SELECT channel_id FROM targets WHERE id = ?", (target_id,)).fetchone()
    return None if row is None else int(row[0])


def held_count(db: Any) -> int:
    """Targets held now (only an active incident holds: the status index answers)."""
    return int(db.execute("SELECT count(*) FROM targets WHERE status = 'held'").fetchone()[0])


def counts(db: Any, incident_id: int) -> Counts:
    row = db.execute(
        "SELECT stood_down_utc IS NULL, released_count, cancelled_count FROM incidents"
        " WHERE id = ?",
        (incident_id,),
    ).fetchone()
    if row is None:
        return Counts()
    held = held_count(db) if row[0] else 0
    released, cancelled = int(row[1]), int(row[2])
    sent = waiting = failed = 0
    for status, approval, number in db.execute(
        "SELECT t.status, t.approval, count(*) FROM targets t JOIN posts p ON p.id = t.post_id"
        " WHERE t.cleared_incident_id = ? AND p.kind = 'holding_statement'"
        " GROUP BY t.status, t.approval",
        (incident_id,),
    ):
        if status == "published":
            sent += number
        elif status in ("queued", "publishing", "draft") and approval != "rejected":
            waiting += number
        elif status in ("failed", "missed"):
            failed += number
    return Counts(held, released, cancelled, sent, waiting, failed)


def waiting_statements(db: Any, incident_id: int) -> int:
    """The incident's holding statements not yet sent nor given up (queued, sending,
    awaiting approval)."""
    row = db.execute(
        "SELECT count(*) FROM targets t JOIN posts p ON p.id = t.post_id"
        " WHERE t.cleared_incident_id = ? AND p.kind = 'holding_statement'"
        " AND t.status IN ('queued', 'publishing')",
        (incident_id,),
    ).fetchone()
    return int(row[0])


def statement_targets(db: Any, incident_id: int) -> list[int]:
    rows = db.execute(
        "SELECT t.id FROM targets t JOIN posts p ON p.id = t.post_id"
        " WHERE t.cleared_incident_id = ? AND p.kind = 'holding_statement' ORDER BY t.id",
        (incident_id,),
    )
    return [int(r[0]) for r in rows]


def authors_of(db: Any, target_ids: Iterable[int]) -> dict[int, int]:
    ids = list(target_ids)
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    rows = db.execute(
        f"SELECT t.id, p.author_id FROM targets t JOIN posts p ON p.id = t.post_id"
        f" WHERE t.id IN ({marks})",
        ids,
    )
    return {int(r[0]): int(r[1]) for r in rows}


# -- holding statement templates ---------------------------------------------------------


@dataclass(frozen=True)
class Template:
    id: int
    name: str
    incident_type: str
    body: str
    variants: dict[str, str]  # network -> text, where one network needs its own
    pre_approved: bool
    edited_by: int | None = None  # who last changed its words (None: shipped)
    approved_by: str = ""  # the approver who pre-approved it (their name)
    welsh: str = ""  # the statement in Welsh (``body`` is the English); empty: none written

    def text_for(self, network: str) -> str:
        return self.variants.get(network, self.body)


_TEMPLATE = (
    "SELECT t.id, t.name, t.incident_type, t.body, t.variants, t.pre_approved, t.edited_by,"
    " coalesce(u.name, ''), t.body_cy"
    " FROM holding_templates t LEFT JOIN users u ON u.id = t.approved_by"
)


def _template(r: tuple[Any, ...]) -> Template:
    return Template(
        int(r[0]), r[1], r[2], r[3], dict(json.loads(r[4])), bool(r[5]), r[6], str(r[7]),
        str(r[8]),
    )  # fmt: skip


def templates(db: Any) -> list[Template]:
    rows = db.execute(f"{_TEMPLATE} WHERE t.retired = 0 ORDER BY t.incident_type, t.name")
    return [_template(r) for r in rows]


def template(db: Any, template_id: int) -> Template | None:
    row = db.execute(f"{_TEMPLATE} WHERE t.id = ? AND t.retired = 0", (template_id,)).fetchone()
    return None if row is None else _template(row)


def any_template_ever(db: Any) -> bool:
    return db.execute("SELECT 1 FROM holding_templates LIMIT 1").fetchone() is not None


def save_template(
    db: Any,
    *,
    template_id: int | None,
    name: str,
    incident_type: str,
    body: str,
    variants: dict[str, str],
    edited_by: int | None,
    words_changed: bool,
    now: str,
    welsh: str = "",
) -> int:
    """Create or change a template. New words withdraw any pre-approval."""
    encoded = json.dumps(variants, sort_keys=True, ensure_ascii=False)
    if template_id is None:
        cursor = db.execute(
            "INSERT INTO holding_templates (name, incident_type, body, variants, pre_approved,"
            " edited_by, created_utc, updated_utc, body_cy)"
            " VALUES (?, ?, ?, ?, 0, ?, ?, ?, ?) RETURNING id",
            (name, incident_type, body, encoded, edited_by, now, now, welsh),
        )
        return int(cursor.fetchone()[0])
    if words_changed:
        db.execute(
            "UPDATE holding_templates SET body = ?, variants = ?, edited_by = ?,"
            " pre_approved = 0, approved_by = NULL, body_cy = ? WHERE id = ?",
            (body, encoded, edited_by, welsh, template_id),
        )
    db.execute(
        "UPDATE holding_templates SET name = ?, incident_type = ?, updated_utc = ? WHERE id = ?",
        (name, incident_type, now, template_id),
    )
    return template_id


def set_pre_approval(db: Any, template_id: int, approver_id: int | None, now: str) -> None:
    """Pre-approve (an approver's id) or withdraw it (None)."""
    db.execute(
        "UPDATE holding_templates SET pre_approved = ?, approved_by = ?, updated_utc = ?"
        " WHERE id = ?",
        (int(approver_id is not None), approver_id, now, template_id),
    )


def retire_template(db: Any, template_id: int, now: str) -> None:
    db.execute(
        "UPDATE holding_templates SET retired = 1, name = name || ' (retired ' || ? || ')',"
        " updated_utc = ? WHERE id = ?",
        (now, now, template_id),
    )
