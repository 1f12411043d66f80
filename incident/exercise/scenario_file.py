"""Reading an exercise scenario: TOML files read with ``tomllib``, checked key by key.

A file with a mistake is refused with ``ScenarioError``, whose text is
``"<file name> line N: <the problem in one sentence>"``. ``tomllib`` gives values,
not positions, so ``_Lines`` reads the text once more for the line of each table and
key (enough for the flat tables a scenario uses; a line inside a multi-line string
is never taken for a key).
"""

from __future__ import annotations

import re
import tomllib
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import resources
from console.networks import network
from console.timezone import AmbiguousTime, TimeInGap, local_to_utc
from incident.exercise.scenario import (
    CHANNEL_KINDS,
    DIRECT_KINDS,
    SIMULATOR_LIMIT,
    TEXT_KINDS,
    Inject,
    InjectKind,
    Scenario,
    ScenarioChannel,
    ScenarioPost,
    parse_span,
)
from storage.i18n import _

SCENARIO_DIR = resources.path("scenarios")
MAX_CHANNELS = 12
# What a scenario may hold: a file and its texts of a size people write, and
# spans an exercise can play (the clock and the runner count in days, not aeons).
MAX_FILE_BYTES = 1024 * 1024
MAX_TEXT = 5000
MAX_ROWS = 2000
MAX_SPAN = timedelta(days=30)


class ScenarioError(ValueError):
    """A scenario file that cannot be played, with the line of the mistake."""

    def __init__(self, file_name: str, line: int | None, problem: str) -> None:
        self.file_name = file_name
        self.line = line
        self.problem = problem
        where = f"{file_name} line {line}" if line is not None else file_name
        super().__init__(f"{where}: {problem}")


def shipped_scenarios() -> list[Path]:
    """The scenarios that come with Cordon (resources/scenarios/*.toml), by name."""
    if not SCENARIO_DIR.is_dir():
        return []
    return sorted(SCENARIO_DIR.glob("*.toml"))


def load_scenario(path: Path) -> Scenario:
    """Read and check a scenario file; ``ScenarioError`` names the first mistake."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ScenarioError(path.name, None, "the file is larger than 1 MB: no scenario is.")
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScenarioError(path.name, None, "the file does not exist.") from None
    except UnicodeDecodeError:
        raise ScenarioError(path.name, None, "the file is not UTF-8 text.") from None
    except IsADirectoryError:
        raise ScenarioError(path.name, None, "this is a folder, not a scenario file.") from None
    except OSError as error:
        raise ScenarioError(
            path.name, None, f"the file cannot be read ({error.strerror})."
        ) from None
    return parse_scenario(text, path.name)


def parse_scenario(text: str, file_name: str = "scenario.toml") -> Scenario:
    if len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
        raise ScenarioError(file_name, None, "the file is larger than 1 MB: no scenario is.")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = re.search(r"\(at line (\d+), column \d+\)", message)
        line = int(found.group(1)) if found else None
        problem = re.sub(r"\s*\(at line \d+, column \d+\)", "", message).rstrip(".")
        raise ScenarioError(file_name, line, f"this is not valid TOML ({problem}).") from None
    return _Reader(data, _Lines(text), file_name).scenario(text)


# -- where things are in the file ----------------------------------------------------

_TABLE = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\-]+)\s*\]\]?")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-]+)\s*[=.]")  # a key, or a dotted key's first part


class _Lines:
    """The line of each table and key: ``(table, index, key)``; key '' is the header."""

    def __init__(self, text: str) -> None:
        self.found: dict[tuple[str, int, str], int] = {}
        counts: dict[str, int] = {}
        table, index = "", 0
        in_string: str | None = None
        for number, line in enumerate(text.splitlines(), start=1):
            if in_string is not None:
                if line.count(in_string) % 2 == 1:
                    in_string = None
                continue
            header = _TABLE.match(line)
            if header:
                table = header.group(2)
                if header.group(1) == "[[":
                    index = counts.get(table, 0)
                    counts[table] = index + 1
                else:
                    # [injects.extra] belongs to the last [[injects]] so far.
                    parent = table.rpartition(".")[0]
                    index = max(counts.get(parent, 0) - 1, 0)
                self.found.setdefault((table, index, ""), number)
            else:
                key = _KEY.match(line)
                if key:
                    self.found.setdefault((table, index, key.group(1)), number)
            for quotes in ('"""', "'''"):
                if line.count(quotes) % 2 == 1:
                    in_string = quotes
                    break

    def of(self, table: str, index: int, key: str = "") -> int | None:
        """The key's line; a sub-table's own header (``[scenario.extra]``) for a key
        written as one; else the table's header."""
        return (
            self.found.get((table, index, key))
            or (self.found.get((f"{table}.{key}", index, "")) if key else None)
            or self.found.get((table, index, ""))
        )


# -- reading -------------------------------------------------------------------------

_ACCOUNT = re.compile(r"^[a-z0-9_]+$")
_HANDLE = re.compile(r"^[A-Za-z0-9_.\-]+$")
_INJECT_ID = re.compile(r"^[a-z0-9-]+$")
_SCENARIO_KEYS = frozenset({"title", "summary", "force", "area", "starts", "duration"})
_CHANNEL_KEYS = frozenset({"name", "account", "followers", "areas", "limit"})
_POST_KEYS = frozenset({"at", "channels", "text"})
_INJECT_KEYS = frozenset(
    {
        "id", "at", "kind", "channel", "author", "author_name", "text", "first_sign",
        "expect", "direct", "count", "over", "texts",
    }
)  # fmt: skip
_TOP_KEYS = frozenset({"scenario", "channels", "posts", "injects"})


class _Reader:
    def __init__(self, data: dict[str, Any], lines: _Lines, file_name: str) -> None:
        self.data = data
        self.lines = lines
        self.file_name = file_name

    def fail(self, table: str, index: int, key: str, problem: str) -> ScenarioError:
        return ScenarioError(self.file_name, self.lines.of(table, index, key), problem)

    # -- values --------------------------------------------------------------------

    def text(self, table: str, index: int, row: dict[str, Any], key: str, *, required: bool) -> str:
        value = row.get(key)
        if value is None:
            if required:
                raise self.fail(
                    table,
                    index,
                    key,
                    _('{value} needs {key} = "...".').format(value=_where(table, index), key=key),
                )
            return ""
        if not isinstance(value, str):
            raise self.fail(table, index, key, _("{key} must be text in quotes.").format(key=key))
        if len(value) > MAX_TEXT:
            raise self.fail(
                table, index, key,
                _(
"{key} is {n} characters: a scenario's texts hold at most "
"{MAX_TEXT}."
).format(key=key, n=len(value), MAX_TEXT=MAX_TEXT),
            )  # fmt: skip
        if required and not value.strip():
            raise self.fail(table, index, key, _("{key} must not be empty.").format(key=key))
        return value.strip()

    def integer(self, table: str, index: int, row: dict[str, Any], key: str, default: int) -> int:
        value = row.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(table, index, key, _("{key} must be a whole number.").format(key=key))
        return value

    def flag(self, table: str, index: int, row: dict[str, Any], key: str) -> bool:
        value = row.get(key, False)
        if not isinstance(value, bool):
            raise self.fail(table, index, key, _("{key} must be true or false.").format(key=key))
        return value

    def texts(self, table: str, index: int, row: dict[str, Any], key: str) -> tuple[str, ...]:
        value = row.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.fail(
                table, index, key, _("{key} must be a list of texts in quotes.").format(key=key)
            )
        if len(value) > MAX_ROWS or any(len(v) > MAX_TEXT for v in value):
            raise self.fail(
                table, index, key,
                _(
"{key} holds at most {MAX_ROWS} texts of at most {MAX_TEXT} "
"characters."
).format(key=key, MAX_ROWS=MAX_ROWS, MAX_TEXT=MAX_TEXT),
            )  # fmt: skip
        return tuple(v.strip() for v in value)

    def span(
        self, table: str, index: int, row: dict[str, Any], key: str, *, required: bool
    ) -> timedelta:
        value = row.get(key)
        if value is None:
            if required:
                raise self.fail(
                    table,
                    index,
                    key,
                    _('{value} needs {key} (like "+1h30m").').format(
                        value=_where(table, index), key=key
                    ),
                )
            return timedelta(0)
        span = parse_span(value) if isinstance(value, str) else None
        if span is None:
            raise self.fail(
                table, index, key,
                _(
"{key} = {value!r} is not a time span: write it like "
"\"+1h30m\" or \"2d4h\"."
).format(key=key, value=value),
            )  # fmt: skip
        if span > MAX_SPAN:
            raise self.fail(
                table, index, key,
                _(
"{key} = {value!r} is longer than 30 days: an exercise plays "
"for at most 30d."
).format(key=key, value=value),
            )  # fmt: skip
        return span

    def unknown_keys(
        self, table: str, index: int, row: dict[str, Any], known: frozenset[str]
    ) -> None:
        for key in row:
            if key not in known:
                raise self.fail(
                    table, index, key,
                    _("{key} is not a setting of {where} (it takes {known}).").format(
                        key=key, where=_where(table, index), known=", ".join(sorted(known))
                    ),
                )  # fmt: skip

    def rows(self, table: str) -> list[dict[str, Any]]:
        value = self.data.get(table, [])
        if not isinstance(value, list) or not all(isinstance(r, dict) for r in value):
            raise self.fail(
                table,
                0,
                "",
                _("{table} must be written as [[{table}]] tables.").format(table=table),
            )
        if len(value) > MAX_ROWS:
            raise self.fail(
                table,
                MAX_ROWS,
                "",
                _("a scenario has at most {MAX_ROWS} [[{table}]] tables.").format(
                    MAX_ROWS=MAX_ROWS, table=table
                ),
            )
        return value

    # -- the file --------------------------------------------------------------------

    def scenario(self, source: str) -> Scenario:
        for key in self.data:
            if key not in _TOP_KEYS:
                line = self.lines.of("", 0, key) or self.lines.of(key, 0)
                raise ScenarioError(
                    self.file_name, line,
                    f"{key} is not part of a scenario (it has [scenario], [[channels]], "
                    "[[posts]] and [[injects]]).",
                )  # fmt: skip
        head = self.data.get("scenario")
        if not isinstance(head, dict):
            raise ScenarioError(self.file_name, 1, "the file has no [scenario] table.")
        self.unknown_keys("scenario", 0, head, _SCENARIO_KEYS)
        title = self.text("scenario", 0, head, "title", required=True)
        summary = self.text("scenario", 0, head, "summary", required=True)
        force = self.text("scenario", 0, head, "force", required=True)
        area = self.text("scenario", 0, head, "area", required=True)
        starts_utc = self.starts(head)
        duration = self.span("scenario", 0, head, "duration", required=True)
        if duration <= timedelta(0):
            raise self.fail("scenario", 0, "duration", _("duration must be longer than nothing."))
        channels = self.channels()
        names = {c.name for c in channels}
        posts = tuple(
            self.post(i, row, names, duration, channels) for i, row in enumerate(self.rows("posts"))
        )
        injects = self.injects(names, duration)
        return Scenario(
            title, summary, force, area, starts_utc, duration, channels, posts, injects, source
        )

    def starts(self, head: dict[str, Any]) -> datetime:
        value = head.get("starts")
        if value is None:
            raise self.fail(
                "scenario",
                0,
                "starts",
                _('[scenario] needs starts = "YYYY-MM-DDTHH:MM" (UK time).'),
            )
        moment: datetime | None
        if isinstance(value, datetime):  # written unquoted: a TOML local date-time
            moment = value
        elif isinstance(value, str):
            try:
                moment = datetime.fromisoformat(value.strip())
            except ValueError:
                moment = None
        else:
            moment = None
        if moment is None:
            raise self.fail("scenario", 0, "starts",
                _(
"starts = {value!r} is not a date and time: write it like "
"\"2026-02-14T06:00\"."
).format(value=value),
            )  # fmt: skip
        if moment.tzinfo is not None:
            raise self.fail(
                "scenario", 0, "starts", _("starts is UK local time: leave out the offset.")
            )
        try:
            return local_to_utc(moment)
        except (TimeInGap, AmbiguousTime) as error:
            raise self.fail("scenario", 0, "starts", str(error)) from None

    def channels(self) -> tuple[ScenarioChannel, ...]:
        rows = self.rows("channels")
        if not rows:
            raise ScenarioError(
                self.file_name, None, "the scenario needs at least one [[channels]]."
            )
        if len(rows) > MAX_CHANNELS:
            raise self.fail(
                "channels",
                MAX_CHANNELS,
                "",
                _("a scenario has at most {MAX_CHANNELS} channels.").format(
                    MAX_CHANNELS=MAX_CHANNELS
                ),
            )
        found: list[ScenarioChannel] = []
        for index, row in enumerate(rows):
            self.unknown_keys("channels", index, row, _CHANNEL_KEYS)
            name = self.text("channels", index, row, "name", required=True)
            account = self.text("channels", index, row, "account", required=True)
            if not _ACCOUNT.match(account):
                raise self.fail("channels", index, "account",
                    _(
"account {account!r} may hold only small letters, digits and "
"_."
).format(account=account),
                )  # fmt: skip
            if any(c.name == name for c in found):
                raise self.fail(
                    "channels",
                    index,
                    "name",
                    _("two channels are called {name!r}.").format(name=name),
                )
            if any(c.account == account for c in found):
                raise self.fail(
                    "channels",
                    index,
                    "account",
                    _("two channels use the account {account!r}.").format(account=account),
                )
            followers = self.integer("channels", index, row, "followers", 0)
            if followers < 0:
                raise self.fail("channels", index, "followers", _("followers cannot be negative."))
            limit = self.integer("channels", index, row, "limit", SIMULATOR_LIMIT)
            if not 1 <= limit <= 100_000:
                raise self.fail(
                    "channels", index, "limit", _("limit must be between 1 and 100000.")
                )
            areas = self.texts("channels", index, row, "areas")
            if len(areas) > 1:
                raise self.fail("channels", index, "areas",
                    _(
"{name} names {n} areas: a channel covers one area in "
"Cordon, so give it one."
).format(name=name, n=len(areas)),
                )  # fmt: skip
            found.append(ScenarioChannel(name, account, followers, areas, limit))
        return tuple(found)

    def post(
        self,
        index: int,
        row: dict[str, Any],
        names: set[str],
        duration: timedelta,
        channels: tuple[ScenarioChannel, ...],
    ) -> ScenarioPost:
        self.unknown_keys("posts", index, row, _POST_KEYS)
        at = self.span("posts", index, row, "at", required=True)
        if at > duration:
            raise self.fail("posts", index, "at", _("this post falls after the scenario ends."))
        targets = self.texts("posts", index, row, "channels")
        if not targets:
            raise self.fail("posts", index, "channels", _('a post needs channels = ["..."].'))
        for name in targets:
            if name not in names:
                raise self.fail(
                    "posts",
                    index,
                    "channels",
                    _("no [[channels]] is called {name!r}.").format(name=name),
                )
        text = self.text("posts", index, row, "text", required=True)
        for name in targets:
            limit = next(c.limit for c in channels if c.name == name)
            used = network("simulator").rule.count(text)  # as the simulator counts
            if used > limit:
                raise self.fail("posts", index, "text",
                    _("the text is {used} characters: {name} takes at most {limit}.").format(
                        used=used, name=name, limit=limit
                    ),
                )  # fmt: skip
        return ScenarioPost(at, targets, text)

    def injects(self, names: set[str], duration: timedelta) -> tuple[Inject, ...]:
        found: list[Inject] = []
        for index, row in enumerate(self.rows("injects")):
            inject = self.inject(index, row, names, duration)
            if any(i.id == inject.id for i in found):
                raise self.fail(
                    "injects",
                    index,
                    "id",
                    _("two injects have the id {inject.id!r}.").format(inject=inject),
                )
            found.append(inject)
        # Stable: injects at the same time fire in the order of the file.
        order = sorted(range(len(found)), key=lambda n: found[n].at)
        self.outages_alternate([(n, found[n]) for n in order])
        return tuple(found[n] for n in order)

    def outages_alternate(self, in_order: list[tuple[int, Inject]]) -> None:
        """Per channel, in firing order: an outage, then its restore, then perhaps
        another outage; never a restore with no outage before it, nor two outages."""
        down: dict[str, Inject] = {}  # channel -> the outage it is still under
        for index, inject in in_order:
            if inject.kind is InjectKind.OUTAGE:
                if inject.channel in down:
                    raise self.fail("injects", index, "kind",
                        _(
"{inject.channel} is already out (since inject {value}): put "
"a restore before outage {inject.id}."
).format(inject=inject, value=down[inject.channel].id),
                    )  # fmt: skip
                down[inject.channel] = inject
            elif inject.kind is InjectKind.RESTORE and down.pop(inject.channel, None) is None:
                raise self.fail("injects", index, "kind",
                    _(
"restore {inject.id} comes when {inject.channel} has no "
"outage before it: an outage inject on that channel must "
"fire first."
).format(inject=inject),
                )  # fmt: skip

    def inject(
        self, index: int, row: dict[str, Any], names: set[str], duration: timedelta
    ) -> Inject:
        table = "injects"
        self.unknown_keys(table, index, row, _INJECT_KEYS)
        ident = self.text(table, index, row, "id", required=True)
        if not _INJECT_ID.match(ident):
            raise self.fail(
                table,
                index,
                "id",
                _("id {ident!r} may hold only small letters, digits and -.").format(ident=ident),
            )
        at = self.span(table, index, row, "at", required=True)
        if at > duration:
            raise self.fail(
                table,
                index,
                "at",
                _("inject {ident} falls after the scenario ends.").format(ident=ident),
            )
        raw_kind = self.text(table, index, row, "kind", required=True)
        try:
            kind = InjectKind(raw_kind)
        except ValueError:
            raise self.fail(
                table, index, "kind",
                _("kind {raw_kind!r} is not one of: {kinds}.").format(
                    raw_kind=raw_kind, kinds=", ".join(k.value for k in InjectKind)
                ),
            ) from None  # fmt: skip
        channel = self.text(table, index, row, "channel", required=kind in CHANNEL_KINDS)
        if kind in CHANNEL_KINDS and channel not in names:
            raise self.fail(
                table,
                index,
                "channel",
                _("no [[channels]] is called {channel!r}.").format(channel=channel),
            )
        if kind not in CHANNEL_KINDS and channel:
            raise self.fail(
                table,
                index,
                "channel",
                _("a {kind.value} inject has no channel.").format(kind=kind),
            )
        author = self.text(table, index, row, "author", required=kind.public)
        if "author" in row and not kind.public:
            raise self.fail(
                table,
                index,
                "author",
                _("{value} inject has no author (only public kinds have one).").format(
                    value=_a(kind.value)
                ),
            )
        author = author.removeprefix("@")
        if kind.public and not _HANDLE.match(author):
            raise self.fail(
                table, index, "author",
                _(
"author {row!r} is not a handle: use letters, digits, _, . "
"and - only (no spaces)."
).format(row=row['author']),
            )  # fmt: skip
        author_name = self.text(table, index, row, "author_name", required=False)
        text = self.text(table, index, row, "text", required=kind in TEXT_KINDS)
        direct = self.flag(table, index, row, "direct")
        if "direct" in row and kind not in DIRECT_KINDS:
            raise self.fail(
                table, index, "direct",
                _(
"direct is only for a {names}: a {kind.value} is always what "
"its kind says."
).format(names=', '.join(sorted(k.value for k in DIRECT_KINDS)), kind=kind),
            )  # fmt: skip
        first_sign = self.flag(table, index, row, "first_sign")
        if first_sign and not kind.public:
            raise self.fail(
                table, index, "first_sign",
                _(
"first_sign marks a message from the public: {value} inject "
"cannot be the first sign."
).format(value=_a(kind.value)),
            )  # fmt: skip
        count, over, texts = 0, timedelta(0), tuple[str, ...]()
        if kind is InjectKind.SURGE:
            count = self.integer(table, index, row, "count", 0)
            if not 2 <= count <= 500:
                raise self.fail(table, index, "count", _("a surge's count must be from 2 to 500."))
            over = self.span(table, index, row, "over", required=True)
            texts = self.texts(table, index, row, "texts")
            if not texts and not text:
                raise self.fail(
                    table, index, "texts", _('a surge needs texts = ["...", ...] (or a text).')
                )
            texts = texts or (text,)
            if at + over > duration:
                raise self.fail(table, index, "over", _("this surge runs past the scenario's end."))
        else:
            for key in ("count", "over", "texts"):
                if key in row:
                    raise self.fail(
                        table, index, key, _("{key} is only for a surge.").format(key=key)
                    )
        return Inject(
            id=ident, at=at, kind=kind, channel=channel, author=author, author_name=author_name,
            text=text, first_sign=first_sign,
            expect=self.text(table, index, row, "expect", required=False), direct=direct,
            count=count, over=over, texts=tuple(texts),
        )  # fmt: skip


def _a(word: str) -> str:
    """``word`` with its indefinite article: "an outage", "a surge"."""
    return f"{'an' if word[:1] in 'aeiou' else 'a'} {word}"


def _where(table: str, index: int) -> str:
    if table == "scenario":
        return "[scenario]"
    return f"[[{table}]] number {index + 1}"
