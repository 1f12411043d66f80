"""The store's settings: one declarative registry of typed keys with defaults.

Read with ``await get(store, IDLE_LOCK_MINUTES)``; an administrator changes one
with ``await change(session, IDLE_LOCK_MINUTES, 10, reason=...)``, audited with
its old and new value. No code reads a settings row by a bare string.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from console.bilingual import Choice
from console.permissions import Action, require
from console.session import Session
from console.statement_card import CardStyle
from storage import settings as settings_rows
from storage.errors import StoreError
from storage.i18n import N_, _
from storage.records import AuditCategory
from storage.store import Store, Transaction

T = TypeVar("T")


@dataclass(frozen=True)
class Setting(Generic[T]):
    key: str
    label: str
    default: T
    parse: Callable[[str], T]
    check: Callable[[T], str | None]  # a sentence when the value will not do

    def render(self, value: T) -> str:
        return str(value)


def _minutes(value: int) -> str | None:
    if not 1 <= value <= 240:
        return "Choose between 1 and 240 minutes."
    return None


IDLE_LOCK_MINUTES: Setting[int] = Setting(
    key="lock.idle_minutes",
    label=N_("Lock the console after this many minutes without input"),
    default=5,
    parse=int,
    check=_minutes,
)


def _retention_days(value: int) -> str | None:
    if not 7 <= value <= 3650:
        return "Keep inbox items between 7 days and 10 years (3650 days)."
    return None


INBOX_RETENTION_DAYS: Setting[int] = Setting(
    key="inbox.retention_days",
    label=N_("Erase inbox items (and their authors' data) older than this many days"),
    default=365,
    parse=int,
    check=_retention_days,
)


def _directs_to_999(text: str) -> str | None:
    if text.strip() and "999" not in text:
        return "The standard reply to a threat to life must direct the person to 999."
    return None


# Empty: the text shipped in resources/threat_phrases.toml (console.inbox.threats).
THREAT_STANDARD_REPLY: Setting[str] = Setting(
    key="inbox.threat_standard_reply",
    label=N_("The standard reply to a threat to life (directing the person to 999)"),
    default="",
    parse=str,
    check=_directs_to_999,
)


def _force_name(text: str) -> str | None:
    if len(text.strip()) > 60:
        return "Keep the force's name on statement cards to 60 characters."
    return None


def _colour(text: str) -> str | None:
    value = text.strip()
    if (
        len(value) != 7
        or value[0] != "#"
        or any(c not in "0123456789abcdefABCDEF" for c in value[1:])
    ):
        return "Give the colour as # and six hexadecimal digits, such as #0b2545."
    return None


# Statement cards (console.statement_card): the force's name and colour on the image a
# post without one becomes on Instagram. Empty name: the channel's own name.
CARD_FORCE_NAME: Setting[str] = Setting(
    key="card.force_name",
    label=N_("The force's name on statement cards (Instagram)"),
    default="",
    parse=str,
    check=_force_name,
)
CARD_COLOUR: Setting[str] = Setting(
    key="card.colour",
    label=N_("The force's colour on statement cards, as #rrggbb"),
    default="#0b2545",
    parse=str,
    check=_colour,
)


def _any_choice(_value: Choice) -> str | None:
    return None


# Posts in Welsh and English (console.bilingual): off, or one post holding both texts
# or two linked posts, Welsh or English first. Stored as ``off`` or ``form:first``.
BILINGUAL: Setting[Choice] = Setting(
    key="posts.bilingual",
    label=N_("Bilingual posts (Welsh and English)"),
    default=Choice(),
    parse=Choice.parse,
    check=_any_choice,
)

REGISTRY: dict[str, Setting[Any]] = {
    s.key: s
    for s in (
        IDLE_LOCK_MINUTES,
        INBOX_RETENTION_DAYS,
        THREAT_STANDARD_REPLY,
        CARD_FORCE_NAME,
        CARD_COLOUR,
        BILINGUAL,
    )
}


def read(db: Any, setting: Setting[T]) -> T:
    raw = settings_rows.read_value(db, setting.key)
    if raw is None:
        return setting.default
    try:
        return setting.parse(raw)
    except ValueError:
        return setting.default


async def get(store: Store, setting: Setting[T]) -> T:
    return await store.run(lambda db: read(db, setting))


async def change(session: Session, setting: Setting[T], value: T, *, reason: str = "") -> None:
    await change_all(session, [(setting, value)], reason=reason)


async def change_all(
    session: Session, changes: Sequence[tuple[Setting[Any], Any]], *, reason: str = ""
) -> None:
    """Change several settings at once: every value is checked first, and either all
    of them are saved (in one write, each audited) or, on any refusal, none."""
    require(session.user, Action.MANAGE_SETTINGS)
    problems = [problem for setting, value in changes if (problem := setting.check(value))]
    if len(changes) == 1 and problems:
        raise StoreError(problems[0])
    if problems:
        raise StoreError(" ".join([*problems, _("Nothing was changed.")]))

    def write(tx: Transaction) -> None:
        for setting, value in changes:
            before = read(tx.db, setting)
            settings_rows.write_value(tx.db, setting.key, setting.render(value))
            tx.audit(
                actor=session.user.name,
                action="settings.change",
                category=AuditCategory.ALTERATION,
                object_type="setting",
                object_id=setting.key,
                before={"value": _audited(before)},
                after={"value": _audited(value)},
                justification=reason,
            )

    await session.store.write(write)


def _audited(value: object) -> object:
    """A value as the audit trail keeps it (a choice as its stored words)."""
    return value if isinstance(value, int | str) else str(value)


def card_style(db: Any, channel_name: str = "") -> CardStyle:
    """The statement card's look: the force's name (else the channel's) and colour."""
    return CardStyle(read(db, CARD_FORCE_NAME).strip() or channel_name, read(db, CARD_COLOUR))
