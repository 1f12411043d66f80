"""The force's time zone: times are stored in UTC and shown in local time; and how
long things take, said the same way on every screen (``duration_text``)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from enum import Enum
from zoneinfo import ZoneInfo

from storage.errors import StoreError
from storage.i18n import N_, _, ngettext
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


def month_text(moment: datetime | date) -> str:
    """``November 2026``, as ``%B %Y`` would write it but in the officer's language."""
    return f"{_(MONTH_NAMES[moment.month - 1])} {moment:%Y}"


def long_day_text(moment: datetime | date) -> str:
    """``Saturday 28 November 2026``, as ``%A %d %B %Y`` would write it but in the
    officer's language."""
    day, month = _(DAY_NAMES[moment.weekday()]), _(MONTH_NAMES[moment.month - 1])
    return f"{day} {moment:%d} {month} {moment:%Y}"


class DurationStyle(Enum):
    """How a length of time is written (``duration_text``).

    ``COMPACT``: the largest unit and the next, spaced, the way an officer says it at a
    glance: ``45 s``, ``12 min``, ``4 min 05 s``, ``2 h 05 min``, ``3 days 4 h``.
    ``CLOCK``: every unit from the hours down, packed, the way a stopwatch reads (for
    records and tables): ``25m 00s``, ``1h 05m 30s``; the hours grow past a day.
    """

    COMPACT = "compact"
    CLOCK = "clock"


class Precision(Enum):
    """The smallest unit ``duration_text`` shows (it cuts, never rounds up).

    ``GLANCE``: the seconds only while they matter: under a minute in ``COMPACT``
    (``45 s``, then ``12 min``), under an hour in ``CLOCK`` (``5m 30s``, then
    ``1h 05m``). ``SECOND``: always the seconds (``4 min 05 s``, ``1h 05m 03s``).
    ``MINUTE``: never the seconds (``0 min``, ``0m``).
    """

    GLANCE = "glance"
    SECOND = "second"
    MINUTE = "minute"


def duration_text(
    amount: timedelta | float,
    style: DurationStyle = DurationStyle.COMPACT,
    *,
    precision: Precision = Precision.GLANCE,
) -> str:
    """``amount`` (a ``timedelta`` or seconds) in words in the officer's language, cut
    (not rounded) to ``precision``; negative amounts get a leading ``-``.

    COMPACT shows at most two units and drops the second when it is zero (``2 h``,
    ``1 day``); the unit after the first is zero-padded (``2 h 05 min``, ``4 min 05 s``)
    except the hours after days (``3 days 4 h``). CLOCK always shows the minutes and
    pads every unit after the first (``0m 05s``, ``26h 00m 00s``).
    """
    total = amount.total_seconds() if isinstance(amount, timedelta) else amount
    whole = int(abs(total))
    sign = "-" if total < 0 and whole else ""
    minutes, seconds = divmod(whole, 60)
    hours, minutes = divmod(minutes, 60)
    if style is DurationStyle.CLOCK:
        return sign + _clock_duration(hours, minutes, seconds, precision)
    days, hours = divmod(hours, 24)
    return sign + _compact_duration(days, hours, minutes, seconds, precision)


def _compact_duration(
    days: int, hours: int, minutes: int, seconds: int, precision: Precision
) -> str:
    if days:
        if hours:
            return ngettext("{days} day {hours} h", "{days} days {hours} h", days).format(
                days=days, hours=hours
            )
        return ngettext("{days} day", "{days} days", days).format(days=days)
    if hours:
        if minutes:
            return _("{hours} h {minutes} min").format(hours=hours, minutes=f"{minutes:02d}")
        return _("{hours} h").format(hours=hours)
    if minutes or precision is Precision.MINUTE:
        if seconds and precision is Precision.SECOND:
            return _("{minutes} min {seconds} s").format(minutes=minutes, seconds=f"{seconds:02d}")
        return _("{minutes} min").format(minutes=minutes)
    return _("{seconds} s").format(seconds=seconds)


def _clock_duration(hours: int, minutes: int, seconds: int, precision: Precision) -> str:
    with_seconds = precision is Precision.SECOND or (precision is Precision.GLANCE and not hours)
    if hours:
        if with_seconds:
            return _("{hours}h {minutes}m {seconds}s").format(
                hours=hours, minutes=f"{minutes:02d}", seconds=f"{seconds:02d}"
            )
        return _("{hours}h {minutes}m").format(hours=hours, minutes=f"{minutes:02d}")
    if with_seconds:
        return _("{minutes}m {seconds}s").format(minutes=minutes, seconds=f"{seconds:02d}")
    return _("{minutes}m").format(minutes=minutes)


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


def wall_clock_after(delta: timedelta, *, clock: Clock | None = None) -> datetime:
    """The UK wall-clock time (naive, to the minute) ``delta`` from now by ``clock``:
    counted in real time, so it is never in the hour the clocks skip (00:45 GMT and
    half an hour is 02:15 BST, not 01:15) and never short of ``delta``."""
    moment = (clock() if clock is not None else datetime.now(UTC)) + delta
    return moment.astimezone(FORCE_ZONE).replace(tzinfo=None, second=0, microsecond=0)


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
