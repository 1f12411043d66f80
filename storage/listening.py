"""Listening (the rows): rules, the items they flagged, threat-to-life phrases and alerts.

The matching itself (what counts as a match) is ``console.inbox``'s; here are
only the rows it reads and writes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

# -- items just stored ---------------------------------------------------------------------


def last_item_id(db: Any) -> int:
    """The highest inbox item id so far (0 for none): items stored after this call
    have greater ids."""
    row = db.execute("SELECT coalesce(max(id), 0) FROM inbox_items").fetchone()
    return int(row[0])


@dataclass(frozen=True)
class NewItem:
    id: int
    channel_id: int
    text: str
    created_utc: str


def items_after(db: Any, channel_id: int, after_id: int) -> list[NewItem]:
    """The channel's items with an id above ``after_id`` (those a page just stored).

    ``channel_id + 0`` keeps the planner off the channel's indexes: through them it
    read every item the channel ever stored on each page sync stored, and sorted
    them; the id range reads only the page's own rows."""
    found = db.execute(
        "SELECT id, channel_id, text, created_utc FROM inbox_items"
        " WHERE id > ? AND channel_id + 0 = ? ORDER BY id",
        (after_id, channel_id),
    )
    return [NewItem(int(r[0]), int(r[1]), str(r[2]), str(r[3])) for r in found]


def items_since(db: Any, since_utc: str, channel_id: int | None = None) -> list[NewItem]:
    """Items written from ``since_utc`` on (a new rule looks back over these)."""
    sql = "SELECT id, channel_id, text, created_utc FROM inbox_items WHERE created_utc >= ?"
    params: list[Any] = [since_utc]
    if channel_id is not None:
        sql += " AND channel_id = ?"
        params.append(channel_id)
    found = db.execute(sql + " ORDER BY id", params)
    return [NewItem(int(r[0]), int(r[1]), str(r[2]), str(r[3])) for r in found]


# -- rules ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    id: int
    kind: str  # keyword | phrase | hashtag | name | area
    value: str
    channel_id: int | None
    incident_id: int | None
    created_by: str
    created_utc: str
    removed_utc: str | None = None

    @property
    def active(self) -> bool:
        return self.removed_utc is None


_RULE_COLUMNS = "id, kind, value, channel_id, incident_id, created_by, created_utc, removed_utc"


def _rule(row: Sequence[Any]) -> Rule:
    return Rule(int(row[0]), str(row[1]), str(row[2]), row[3], row[4], *row[5:])


def insert_rule(
    db: Any,
    *,
    kind: str,
    value: str,
    channel_id: int | None,
    incident_id: int | None,
    created_by: str,
    now: str,
) -> int:
    cursor = db.execute(
        "INSERT INTO listening_rules (kind, value, channel_id, incident_id, created_by,"
        " created_utc) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
        (kind, value, channel_id, incident_id, created_by, now),
    )
    return int(cursor.fetchone()[0])


def rule(db: Any, rule_id: int) -> Rule | None:
    row = db.execute(
        f"SELECT {_RULE_COLUMNS} FROM listening_rules WHERE id = ?", (rule_id,)
    ).fetchone()
    return None if row is None else _rule(row)


def active_rules(db: Any, channel_id: int | None = None) -> list[Rule]:
    """Rules in force; with ``channel_id``, those that apply to that channel."""
    sql = f"SELECT {_RULE_COLUMNS} FROM listening_rules WHERE removed_utc IS NULL"
    params: list[Any] = []
    if channel_id is not None:
        sql += " AND (channel_id IS NULL OR channel_id = ?)"
        params.append(channel_id)
    return [_rule(r) for r in db.execute(sql + " ORDER BY id", params)]


def remove_rule(db: Any, rule_id: int, now: str) -> bool:
    cursor = db.execute(
        "UPDATE listening_rules SET removed_utc = ? WHERE id = ? AND removed_utc IS NULL",
        (now, rule_id),
    )
    return bool(cursor.rowcount == 1)


# -- flags and counts ----------------------------------------------------------------------


def flag(db: Any, pairs: Iterable[tuple[int, int, str]]) -> int:
    """Flag items as (item id, rule id, item's time); returns how many were new."""
    cursor = db.executemany(
        "INSERT INTO item_flags (item_id, rule_id, created_utc) VALUES (?, ?, ?)"
        " ON CONFLICT (item_id, rule_id) DO NOTHING",
        list(pairs),
    )
    return max(int(cursor.rowcount), 0)


def flags_of(db: Any, item_ids: Sequence[int]) -> dict[int, list[int]]:
    """Item id -> the ids of the rules that flagged it (items with none are left out)."""
    if not item_ids:
        return {}
    marks = ",".join("?" * len(item_ids))
    found: dict[int, list[int]] = {}
    for item_id, rule_id in db.execute(
        f"SELECT item_id, rule_id FROM item_flags WHERE item_id IN ({marks})"
        " ORDER BY item_id, rule_id",
        list(item_ids),
    ):
        found.setdefault(int(item_id), []).append(int(rule_id))
    return found


def flagged_times(db: Any, rule_id: int, since_utc: str, until_utc: str) -> list[str]:
    """The times of the items a rule flagged, in [since, until)."""
    return [
        str(r[0])
        for r in db.execute(
            "SELECT created_utc FROM item_flags WHERE rule_id = ? AND created_utc >= ?"
            " AND created_utc < ?",
            (rule_id, since_utc, until_utc),
        )
    ]


def hourly_counts(db: Any, rule_id: int, since_utc: str, until_utc: str) -> dict[str, int]:
    """Flagged items per hour (``YYYY-MM-DDTHH``, UTC) in [since, until)."""
    return {
        str(r[0]): int(r[1])
        for r in db.execute(
            "SELECT substr(created_utc, 1, 13) AS hour, count(*) FROM item_flags"
            " WHERE rule_id = ? AND created_utc >= ? AND created_utc < ?"
            " GROUP BY hour ORDER BY hour",
            (rule_id, since_utc, until_utc),
        )
    }


# -- threat-to-life phrases ----------------------------------------------------------------


def phrase_changes(db: Any) -> dict[str, str]:
    """Phrase -> 'added' or 'removed', as administrators changed the shipped list."""
    return {
        str(r[0]): str(r[1]) for r in db.execute("SELECT phrase, state FROM threat_phrase_changes")
    }


def set_phrase_change(db: Any, phrase: str, state: str, by: str, now: str) -> None:
    db.execute(
        "INSERT INTO threat_phrase_changes (phrase, state, changed_by, changed_utc)"
        " VALUES (?, ?, ?, ?) ON CONFLICT (phrase) DO UPDATE SET state = excluded.state,"
        " changed_by = excluded.changed_by, changed_utc = excluded.changed_utc",
        (phrase, state, by, now),
    )


def clear_phrase_change(db: Any, phrase: str) -> None:
    db.execute("DELETE FROM threat_phrase_changes WHERE phrase = ?", (phrase,))


# -- threat-to-life alerts -----------------------------------------------------------------


@dataclass(frozen=True)
class AlertRow:
    id: int
    item_id: int
    channel_id: int
    phrases: tuple[str, ...]
    raised_utc: str
    seen_by: str | None
    seen_utc: str | None
    justification: str


_ALERT_SELECT = (
    "SELECT a.id, a.item_id, i.channel_id, a.phrases, a.raised_utc, a.seen_by, a.seen_utc,"
    " a.justification FROM threat_alerts a JOIN inbox_items i ON i.id = a.item_id"
)


def _alert(row: Sequence[Any]) -> AlertRow:
    phrases = json.loads(row[3])
    return AlertRow(int(row[0]), int(row[1]), int(row[2]), tuple(phrases), str(row[4]), *row[5:])


def raise_alert(db: Any, item_id: int, phrases: Sequence[str], now: str) -> int | None:
    """A new alert for the item; None when it already has one."""
    cursor = db.execute(
        "INSERT INTO threat_alerts (item_id, phrases, raised_utc) VALUES (?, ?, ?)"
        " ON CONFLICT (item_id) DO NOTHING RETURNING id",
        (item_id, json.dumps(list(phrases), ensure_ascii=False), now),
    )
    row = cursor.fetchone()
    return None if row is None else int(row[0])


def alert(db: Any, alert_id: int) -> AlertRow | None:
    row = db.execute(f"{_ALERT_SELECT} WHERE a.id = ?", (alert_id,)).fetchone()
    return None if row is None else _alert(row)


def open_alerts(db: Any) -> list[AlertRow]:
    """Alerts no officer has acknowledged yet, oldest first."""
    return [
        _alert(r)
        for r in db.execute(f"{_ALERT_SELECT} WHERE a.seen_utc IS NULL ORDER BY a.raised_utc, a.id")
    ]


def alerts_of_items(db: Any, item_ids: Sequence[int]) -> dict[int, AlertRow]:
    if not item_ids:
        return {}
    marks = ",".join("?" * len(item_ids))
    found = db.execute(f"{_ALERT_SELECT} WHERE a.item_id IN ({marks})", list(item_ids))
    return {alert.item_id: alert for alert in map(_alert, found)}


def acknowledge(db: Any, alert_id: int, by: str, justification: str, now: str) -> bool:
    cursor = db.execute(
        "UPDATE threat_alerts SET seen_by = ?, seen_utc = ?, justification = ?"
        " WHERE id = ? AND seen_utc IS NULL",
        (by, now, justification, alert_id),
    )
    return bool(cursor.rowcount == 1)
