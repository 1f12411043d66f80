"""The rows behind the inbox dashboard (``console.inbox.dashboard``): counts only."""

from __future__ import annotations

from typing import Any

from storage.reports import _REPORT_COLUMNS, ReportRow, _report


def items_per_hour(db: Any, start_utc: str, end_utc: str) -> list[tuple[int, str, int]]:
    """(channel id, UTC hour as ``YYYY-MM-DDTHH``, items) for items created in
    [start, end). Stored times are UTC ISO text, so their first 13 characters name
    the hour; one pass over the newest-first index."""
    return [
        (int(r[0]), str(r[1]), int(r[2]))
        for r in db.execute(
            "SELECT channel_id, substr(created_utc, 1, 13), count(*) FROM inbox_items"
            " WHERE created_utc >= ? AND created_utc < ? GROUP BY 1, 2",
            (start_utc, end_utc),
        )
    ]


def reports_made(db: Any, start_utc: str, end_utc: str) -> list[ReportRow]:
    """Reports made in [start, end), oldest first."""
    return [
        _report(row)
        for row in db.execute(
            f"SELECT {_REPORT_COLUMNS} FROM reports r WHERE r.created_utc >= ?"
            " AND r.created_utc < ? ORDER BY r.created_utc, r.id",
            (start_utc, end_utc),
        )
    ]


def responded(db: Any, report_ids: list[int]) -> set[int]:
    """Of these reports, those answered or handed over since they were last made or
    reopened (a report closed without either has had no response)."""
    if not report_ids:
        return set()
    marks = ",".join("?" * len(report_ids))
    return {
        int(r[0])
        for r in db.execute(
            "SELECT DISTINCT v.report_id FROM report_versions v"
            f" WHERE v.report_id IN ({marks})"
            " AND json_extract(v.content, '$.state') IN ('answered', 'handed_over')"
            " AND v.version > (SELECT max(o.version) FROM report_versions o"
            "   WHERE o.report_id = v.report_id AND json_extract(o.content, '$.state') = 'open')",
            report_ids,
        )
    }
