"""Importing a content calendar from CSV: check every row first, then all at once.

The file has a header row. Columns (names are case-insensitive):

* ``time``: UK time, ``YYYY-MM-DD HH:MM`` or ``DD/MM/YYYY HH:MM``; a time that
  happens twice in October takes `` BST`` or `` GMT`` after it;
* ``channels``: channel names separated by ``;``;
* ``text``: the post;
* ``text:CHANNEL NAME`` (optional, any number): that channel's own version;
* ``welsh`` and ``english`` (together, in place of ``text``): the post in both
  languages (``console.bilingual``), each channel's own version then being its
  English; required while the force posts in Welsh and English, and each row's texts
  are checked against every channel's limit as they will go out (one post holding
  both, or two linked posts);
* ``image`` and ``alt text`` (optional): an image file, its path relative to the
  CSV file (in its folder or below; never an absolute path or one leading out),
  and the words describing it (required with an image).

Any other column is refused by name, as is a row with more cells than the header
(an unquoted comma); problems are reported at the line where their row starts.

``check`` reads the file and returns a plan: the good rows and, for each bad row,
its line number and why. Nothing is written. ``apply`` imports every good row of
an accepted plan in short transactions that give way to any other write, so
incident mode never waits behind a long import; one that fails is reported with
the lines imported before it.
"""

from __future__ import annotations

import asyncio
import csv
import io
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from console import settings
from console.bilingual import Choice, missing_sentence, sent_texts
from console.networks import check_images, check_text, rule_for
from console.permissions import Action, require
from console.posts import NewPost, create_in
from console.session import Session
from console.timezone import AmbiguousTime, TimeInGap, local_to_utc
from storage import channels as channel_rows
from storage.errors import StoreError
from storage.i18n import _, ngettext
from storage.records import AuditCategory, Channel, ServerLimits
from storage.store import Transaction
from storage.timeutil import to_iso

FORMATS = ("%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M")
COLUMNS = ("time", "channels", "text", "welsh", "english", "image", "alt text")
# At most this many rows and this long per import transaction (and less whenever
# other work waits for the store): short enough that a hold waiting behind one is
# not kept waiting, long enough to share each commit's cost.
CHUNK_ROWS = 500
CHUNK_SECONDS = 0.05
CHUNK_PAUSE = 0.01
MAX_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class RowProblem:
    line: int
    sentence: str


@dataclass(frozen=True)
class PlannedPost:
    line: int
    post: NewPost
    when_text: str


@dataclass
class ImportPlan:
    source: str
    good: list[PlannedPost] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)

    def report(self, at_most: int | None = None) -> str:
        """The rows ready and each row's problem; ``at_most``: list only the first so
        many problems, then say how many more there are (a box that must fit the
        screen)."""
        lines = [
            ngettext(
                "{ready} row ready to import, {problems} with problems.",
                "{ready} rows ready to import, {problems} with problems.",
                len(self.good),
            ).format(ready=len(self.good), problems=len(self.problems))
        ]
        listed = self.problems if at_most is None else self.problems[:at_most]
        lines += [
            "  " + _("line {line}: {sentence}").format(line=p.line, sentence=p.sentence)
            for p in listed
        ]
        more = len(self.problems) - len(listed)
        if more:
            lines.append(
                "  "
                + ngettext(
                    "… and {more} more problem.", "… and {more} more problems.", more
                ).format(more=more)
            )
        return "\n".join(lines)


async def check(session: Session, path: Path) -> ImportPlan:
    """Read and check the whole file; write nothing."""
    require(session.user, Action.COMPOSE)
    require(session.user, Action.SCHEDULE)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise StoreError(_("There is no file at {path}.").format(path=path)) from None
    except OSError as error:
        raise StoreError(
            _("{path} could not be read: {error.strerror}.").format(path=path, error=error)
        ) from None
    if len(raw) > MAX_BYTES:
        raise StoreError(
            _("{value} is larger than 5 MB: split the calendar.").format(value=Path(path).name)
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise StoreError(
            _("{value} is not UTF-8 text: save it as CSV UTF-8.").format(value=Path(path).name)
        ) from None
    known = await session.store.run(channel_rows.all_channels)
    limits = await session.store.run(channel_rows.all_limits)
    choice = await settings.get(session.store, settings.BILINGUAL)
    now = session.store.clock()
    folder = Path(path).absolute().parent
    # Rows may name images to read: off the caller's (the window's) thread.
    return await asyncio.to_thread(
        plan_rows, text, Path(path).name, known, now, folder, limits, choice
    )


def plan_rows(
    text: str,
    source: str,
    known: list[Channel],
    now: datetime,
    folder: Path | None = None,
    limits: Mapping[int, ServerLimits] | None = None,
    choice: Choice | None = None,
) -> ImportPlan:
    """The file's rows as posts to make, or the problem of each; ``limits`` is what
    each channel's server accepts (counted by that channel's own rule); ``choice``,
    the force's bilingual setting (off unless told)."""
    choice = choice or Choice()
    plan = ImportPlan(source)
    reader = csv.reader(io.StringIO(text))
    try:
        header = [h.strip().casefold() for h in next(reader)]
    except StopIteration:
        raise StoreError(_("{source} is empty.").format(source=source)) from None
    except csv.Error as error:
        raise StoreError(
            _("{source} is not a readable CSV file ({error}).").format(source=source, error=error)
        ) from None
    both = "welsh" in header or "english" in header
    if both and not ("welsh" in header and "english" in header):
        raise StoreError(
            _(
                "{source} has a {name} column without the other language's: give the "
                "calendar both welsh and english columns."
            ).format(source=source, name="welsh" if "welsh" in header else "english")
        )
    if choice.on and not both:
        raise StoreError(
            _(
                "{source} has no welsh and english columns: the force posts in Welsh and "
                "English, so the calendar needs both texts of each post (columns welsh and "
                "english, in place of text)."
            ).format(source=source)
        )
    missing = [c for c in ("time", "channels") if c not in header]
    if not both and "text" not in header:
        missing.append("text")
    if missing:
        raise StoreError(
            _("{source} has no {names} column: the header needs time, channels and text.").format(
                source=source, names=", ".join(missing)
            )
        )
    by_name = {c.name.casefold(): c for c in known}
    variant_columns = {
        i: h.removeprefix("text:").strip() for i, h in enumerate(header) if h.startswith("text:")
    }
    for unknown in sorted(set(variant_columns.values()) - set(by_name)):
        raise StoreError(
            _("{source} has a column for a channel Cordon does not know: {unknown!r}.").format(
                source=source, unknown=unknown
            )
        )
    strangers = [h for h in header if h not in COLUMNS and not h.startswith("text:")]
    if strangers:
        raise StoreError(
            _(
                "{source} has a column Cordon does not know: {strangers!r}. "
                "The columns are time, channels, text, text:CHANNEL, welsh, english, "
                "image and alt text."
            ).format(source=source, strangers=strangers[0])
        )
    column = {name: header.index(name) for name in header if not name.startswith("text:")}
    while True:
        number = reader.line_num + 1  # where this row starts, however many lines it takes
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:  # the reader carries on with the next row
            plan.problems.append(RowProblem(number, f"the CSV breaks here ({error})"))
            continue
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header) and any(cell.strip() for cell in row[len(header) :]):
            plan.problems.append(
                RowProblem(
                    number,
                    f"it has {len(row)} cells but the header names {len(header)} columns: "
                    "quote a text that holds a comma",
                )
            )
            continue
        cells = row + [""] * (len(header) - len(row))
        try:
            plan.good.append(
                _plan_row(
                    number,
                    cells,
                    column,
                    variant_columns,
                    by_name,
                    now,
                    folder,
                    limits or {},
                    choice,
                )
            )
        except StoreError as problem:
            plan.problems.append(RowProblem(number, str(problem)))
    return plan


def _plan_row(
    number: int,
    cells: list[str],
    column: dict[str, int],
    variant_columns: dict[int, str],
    by_name: dict[str, Channel],
    now: datetime,
    folder: Path | None,
    limits: Mapping[int, ServerLimits],
    choice: Choice,
) -> PlannedPost:
    def get(name: str) -> str:
        return cells[column[name]].strip() if name in column else ""

    images: list[tuple[str, bytes, str]] = []
    if get("image"):
        image_path = _image_in(folder or Path.cwd(), get("image"))
        if not get("alt text"):
            raise StoreError(
                _("{value} has no alt text: describe the image in 'alt text'").format(
                    value=get("image")
                )
            )
        try:
            images.append((image_path.name, image_path.read_bytes(), get("alt text")))
        except OSError:
            raise StoreError(
                _("the image {value} could not be read").format(value=get("image"))
            ) from None
    body, welsh, english = get("text"), get("welsh"), get("english")
    bilingual = bool(welsh or english) or choice.on
    if bilingual and (problem := missing_sentence(welsh, english or body)):
        raise StoreError(problem)
    if not bilingual and not body:
        raise StoreError(_("the text is empty"))
    names = [n.strip() for n in get("channels").split(";") if n.strip()]
    if not names:
        raise StoreError(_("no channel is named"))
    chosen = []
    for name in names:
        channel = by_name.get(name.casefold())
        if channel is None:
            raise StoreError(_("there is no channel called {name!r}").format(name=name))
        if not channel.enabled:
            raise StoreError(_("{channel.name} is disabled").format(channel=channel))
        chosen.append(channel)
    variants = {}
    for index, name in variant_columns.items():
        own = cells[index].strip()
        if own:
            channel = by_name[name.casefold()]
            if channel not in chosen:
                raise StoreError(
                    _("it gives text for {channel.name} but does not post there").format(
                        channel=channel
                    )
                )
            variants[channel.id] = own
    # Both languages go out as the setting says (one post, Welsh first, once it is off).
    form = choice.for_both
    for channel in chosen:
        rule = rule_for(channel.network, limits.get(channel.id))
        mine = variants.get(channel.id) or english or body
        sent = sent_texts(form, welsh, mine) if bilingual else [variants.get(channel.id) or body]
        for text in sent:
            if problem := check_text(channel.network, text, rule):
                raise StoreError(
                    _("{channel.name}: {problem}").format(channel=channel, problem=problem)
                )
        if images and (problem := check_images(channel.network, images, limits.get(channel.id))):
            raise StoreError(
                _("{channel.name}: {problem}").format(channel=channel, problem=problem)
            )
    when = _parse_time(get("time"))
    if when <= now:
        raise StoreError(_("{value} has already passed").format(value=get("time")))
    wanted = NewPost(body, [c.id for c in chosen], to_iso(when), variants=variants,
                     images=images)  # fmt: skip
    if bilingual:
        wanted = NewPost("", wanted.channel_ids, wanted.scheduled_utc, variants=variants,
                         images=images, welsh=welsh, english=english or body)  # fmt: skip
    return PlannedPost(number, wanted, get("time"))


def _image_in(folder: Path, named: str) -> Path:
    """The image a row names: a file in the calendar's folder or below it. An
    absolute path or one that climbs out (``..``, a link) is refused, so a calendar
    cannot attach a file from elsewhere on the machine."""
    inside = folder.resolve()
    candidate = (folder / named).resolve()
    if Path(named).is_absolute() or not candidate.is_relative_to(inside):
        raise StoreError(
            _(
                "the image {named} is not in the calendar's folder: put it "
                "beside the CSV file (or in a folder below it) and name it "
                "from there"
            ).format(named=named)
        )
    return candidate


def _parse_time(text: str) -> datetime:
    if not text:
        raise StoreError(_("the time is empty"))
    fold: int | None = None
    upper = text.upper()
    if upper.endswith((" BST", " GMT")):
        fold = 0 if upper.endswith(" BST") else 1
        text = text[:-4].strip()
    for pattern in FORMATS:
        try:
            moment = datetime.strptime(text, pattern)
            break
        except ValueError:
            continue
    else:
        raise StoreError(
            _("{text!r} is not a time: write it as 2026-12-01 09:30 or 01/12/2026 09:30").format(
                text=text
            )
        )
    try:
        return local_to_utc(moment, fold=fold)
    except TimeInGap as error:
        raise StoreError(str(error)) from None
    except AmbiguousTime as error:
        raise StoreError(_("{error} Add BST or GMT after the time.").format(error=error)) from None


async def apply(session: Session, plan: ImportPlan, chunk: int = CHUNK_ROWS) -> int:
    """Import every good row of an accepted plan in short transactions; returns how
    many.

    A long import never holds the store's write lock for long: each transaction
    takes at most ``chunk`` rows and ``CHUNK_SECONDS``, and stops early (committing
    what it has) as soon as other work waits for the store, so engaging incident
    mode goes first, from this process or another, and a post imported after an
    incident engaged is held like any other. Each transaction is audited with its
    lines. If one fails (the store changed since the check, a full disk) those
    before it stand and the error says exactly which lines were imported."""
    require(session.user, Action.COMPOSE)
    require(session.user, Action.SCHEDULE)
    if not plan.good:
        raise StoreError(_("There is nothing to import: every row has a problem."))
    store = session.store
    done = 0
    part = 0
    while done < len(plan.good):
        part += 1

        def write(tx: Transaction, first: int = done, part: int = part) -> int:
            started = time.monotonic()
            taken = 0
            for planned in plan.good[first : first + chunk]:
                try:
                    create_in(tx, session, planned.post)
                except StoreError as error:  # the store changed since the check
                    raise StoreError(
                        _("line {planned.line}: {error}").format(planned=planned, error=error)
                    ) from None
                taken += 1
                if store.others_waiting() or time.monotonic() - started > CHUNK_SECONDS:
                    break
            lines = plan.good[first : first + taken]
            tx.audit(
                actor=session.user.name,
                action="calendar.import",
                category=AuditCategory.COLLECTION,
                object_type="calendar",
                object_id=plan.source,
                after={
                    "imported": taken,
                    "lines": [lines[0].line, lines[-1].line],
                    "part": part,
                    **({"skipped_lines": [p.line for p in plan.problems]} if part == 1 else {}),
                },
            )
            return taken

        try:
            done += await store.write_bulk(write)
            # A moment with the write lock free: another process waiting for it (its
            # SQLite busy handler looks again every 100 ms at most) finds it free.
            await asyncio.sleep(CHUNK_PAUSE)
        except StoreError as error:
            if not done:
                raise StoreError(_("{error} Nothing was imported.").format(error=error)) from None
            line = plan.good[done].line
            raise StoreError(
                _(
                    "{error} Imported {done} of {n} rows (up to line {value}); "
                    "the rows from line {line} on were not imported: remove the "
                    "imported rows from the file before importing it again."
                ).format(error=error, done=done, n=len(plan.good), value=line - 1, line=line)
            ) from None
    return done
