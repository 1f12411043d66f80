"""The force's time zone: times are stored in UTC and shown in local time."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from storage.errors import StoreError
from storage.i18n import N_, _
from storage.timeutil import Clock, from_iso, to_iso

FORCE_ZONE = ZoneInfo("Europe/London")


DAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))
MONTHS = (N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"), N_("May"), N_("Jun"), N_("Jul"),
          N_("Aug"), N_("Sep"), N_("Oct"), N_("Nov"), N_("Dec"))  # fmt: skip
DAY_NAMES = (N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"),
             N_("Saturday"), N_("Sunday"))  # fmt: skip
MONTH_NAMES = (N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"),
               N_("July"), N_("August"), N_("September"), N_("October"), N_("November"),
               N_("December"))  # fmt: skip


def day_abbr(moment: datetime) -> str:
    """The day's short name (``Sat``) in the officer's language, not the C locale's."""
    return _(DAYS[moment.weekday()])


def month_abbr(moment: datetime) -> str:
    """The month's short name (``Nov``) in the officer's language."""
    return _(MONTHS[moment.month - 1])


def short_day_text(moment: datetime, hours: bool = False) -> str:
    """``Sat 28 Nov`` (with ``hours``: ``Sat 28 Nov 12:00``), as ``%a %d %b`` would
    write it but in the officer's language."""
    text = f"{day_abbr(moment)} {moment:%d} {month_abbr(moment)}"
    return f"{text} {moment:%H:%M}" if hours else text


def long_day_text(moment: datetime | date) -> str:
    """``Saturday 28 November 2026``, as ``%A %d %B %Y`` would write it but in the
    officer's language."""
    day, month = _(DAY_NAMES[moment.weekday()]), _(MONTH_NAMES[moment.month - 1])
    return f"{day} {moment:%d} {month} {moment:%Y}"


def local_text(
    iso_utc: str, zone: ZoneInfo = FORCE_ZONE, compact: bool = False, seconds: bool = True
) -> str:
    """``2026-11-28T12:00:00.000000Z`` -> ``Sat 28 Nov 2026 12:00:00 GMT``
    (compact, for tables: ``28/11/2026 12:00:00 GMT``; without seconds for plans:
    ``Sat 28/11/2026 12:00 GMT``)."""
    moment = from_iso(iso_utc).astimezone(zone)
    # The day's and month's names in the officer's language, not the C locale's.
    day = day_abbr(moment).replace("%", "%%")
    month = month_abbr(moment).replace("%", "%%")
    if not seconds:
        return moment.strftime(f"{day} %d/%m/%Y %H:%M %Z")
    pattern = "%d/%m/%Y %H:%M:%S %Z" if compact else f"{day} %d {month} %Y %H:%M:%S %Z"
    return moment.strftime(pattern)


def now_local(zone: ZoneInfo = FORCE_ZONE, *, clock: Clock | None = None) -> datetime:
    """Now in ``zone``: by ``clock`` when given (a store's ``store.clock``, which in an
    exercise store is the exercise clock), else by the machine's own clock."""
    moment = clock() if clock is not None else datetime.now(UTC)
    return moment.astimezone(zone)


def local_to_utc_iso(moment: datetime, zone: ZoneInfo = FORCE_ZONE) -> str:
    """A wall-clock time in ``zone`` (naive) as stored UTC text."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return to_iso(moment.astimezone(UTC))


class TimeInGap(StoreError):
    """A wall-clock time that does not exist: the clocks went forward past it."""


class AmbiguousTime(StoreError):
    """A wall-clock time that happens twice: the clocks went back through it.

    ``choices`` holds both moments as UTC, the first (summer time) one first.
    """

    def __init__(self, message: str, choices: tuple[datetime, datetime]) -> None:
        super().__init__(message)
        self.choices = choices


def local_to_utc(
    moment: datetime, zone: ZoneInfo = FORCE_ZONE, fold: int | None = None
) -> datetime:
    """A wall-clock time in ``zone`` (naive) as a UTC time, refusing the impossible.

    In the spring-forward gap (01:00-02:00 on the last Sunday of March in the UK)
    the time does not exist: ``TimeInGap``. In the autumn overlap (01:00-02:00 on
    the last Sunday of October) it happens twice: ``AmbiguousTime`` unless ``fold``
    says which (0: the first, still summer time; 1: the second).
    """
    if moment.tzinfo is not None:
        raise ValueError("give the wall-clock time without a zone")
    first = moment.replace(tzinfo=zone, fold=0)
    second = moment.replace(tzinfo=zone, fold=1)
    if first.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != moment:
        day = long_day_text(moment)
        raise TimeInGap(
            _(
                "There is no {moment:%H:%M} on {day} in the UK: the clocks "
                "go forward an hour at 01:00. Choose another time."
            ).format(moment=moment, day=day)
        )
    if first.utcoffset() != second.utcoffset():
        if fold is None:
            day = long_day_text(moment)
            raise AmbiguousTime(
                _(
                    "{moment:%H:%M} on {day} happens twice in the UK, first in "
                    "summer time ({tzname}) and an hour later in {tzname2}: say "
                    "which."
                ).format(moment=moment, day=day, tzname=first.tzname(), tzname2=second.tzname()),
                (first.astimezone(UTC), second.astimezone(UTC)),
            )
        return (second if fold else first).astimezone(UTC)
    return first.astimezone(UTC)
