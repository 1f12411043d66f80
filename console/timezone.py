"""The force's time zone: times are stored in UTC and shown in local time."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from storage.timeutil import from_iso, to_iso

FORCE_ZONE = ZoneInfo("Europe/London")


def local_text(iso_utc: str, zone: ZoneInfo = FORCE_ZONE, compact: bool = False) -> str:
    """``2026-11-28T12:00:00.000000Z`` -> ``Sat 28 Nov 2026 12:00:00 GMT``
    (compact, for tables: ``28/11/2026 12:00:00 GMT``)."""
    moment = from_iso(iso_utc).astimezone(zone)
    pattern = "%d/%m/%Y %H:%M:%S %Z" if compact else "%a %d %b %Y %H:%M:%S %Z"
    return moment.strftime(pattern)


def now_local(zone: ZoneInfo = FORCE_ZONE) -> datetime:
    return datetime.now(UTC).astimezone(zone)


def local_to_utc_iso(moment: datetime, zone: ZoneInfo = FORCE_ZONE) -> str:
    """A wall-clock time in ``zone`` (naive) as stored UTC text."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return to_iso(moment.astimezone(UTC))
