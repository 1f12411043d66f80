"""Saved replies: texts approvers keep ready for the desk, with named ``{fields}``
as in holding statements, each in English and (where written) Welsh: a reply with
both is filled in with both, in the force's order (``console.bilingual``).
Approvers create, change and retire them (audited with the text before and after);
officers list them and fill them in.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path

from console.bilingual import Choice
from console.fields import fields_of, fill
from console.permissions import Action, require
from console.session import Session
from storage import saved_replies as rows
from storage.errors import StoreError
from storage.i18n import _
from storage.records import AuditCategory
from storage.saved_replies import SavedReply
from storage.store import Transaction

SHIPPED = Path(__file__).resolve().parents[2] / "resources" / "saved_replies.toml"
NAME_LIMIT = 80
BODY_LIMIT = 5000
OBJECT = "saved_reply"


def _checked(name: str, body: str) -> tuple[str, str]:
    clean_name = " ".join(name.split())
    clean_body = body.strip()
    if not clean_name:
        raise StoreError(_("Give the saved reply a name."))
    if len(clean_name) > NAME_LIMIT:
        raise StoreError(
            _("A saved reply's name holds at most {NAME_LIMIT} characters.").format(
                NAME_LIMIT=NAME_LIMIT
            )
        )
    if not clean_body:
        raise StoreError(_("Write the saved reply's text."))
    if len(clean_body) > BODY_LIMIT:
        raise StoreError(
            _("A saved reply holds at most {BODY_LIMIT} characters.").format(BODY_LIMIT=BODY_LIMIT)
        )
    fields_of(clean_body, whose="reply")  # refuses braces that do not pair up, with a sentence
    return clean_name, clean_body


def _name_free(tx: Transaction, name: str, reply_id: int = 0) -> None:
    other = rows.offered_by_name(tx.db, name)
    if other is not None and other.id != reply_id:
        raise StoreError(
            _("There is already a saved reply called {other.name}.").format(other=other)
        )


async def list_replies(session: Session, *, include_retired: bool = False) -> list[SavedReply]:
    require(session.user, Action.WORK_INBOX if not include_retired else Action.MANAGE_SAVED_REPLIES)
    return await session.store.run(lambda db: rows.all_replies(db, active_only=not include_retired))


def _checked_welsh(welsh: str) -> str:
    """The Welsh text (empty: none), checked as the English is."""
    if not welsh.strip():
        return ""
    return _checked("Welsh", welsh)[1]


async def create(session: Session, name: str, body: str, welsh: str = "") -> SavedReply:
    require(session.user, Action.MANAGE_SAVED_REPLIES)
    clean_name, clean_body = _checked(name, body)
    clean_welsh = _checked_welsh(welsh)

    def write(tx: Transaction) -> SavedReply:
        _name_free(tx, clean_name)
        reply_id = rows.insert(
            tx.db, clean_name, clean_body, session.user.name, tx.now(), clean_welsh
        )
        tx.audit(
            actor=session.user.name,
            action="saved_reply.create",
            category=AuditCategory.ALTERATION,
            object_type=OBJECT,
            object_id=reply_id,
            after={"name": clean_name, "body": clean_body, "welsh": clean_welsh},
        )
        found = rows.get(tx.db, reply_id)
        assert found is not None
        return found

    return await session.store.write(write)


async def change(
    session: Session,
    reply_id: int,
    *,
    name: str | None = None,
    body: str | None = None,
    welsh: str | None = None,
) -> SavedReply:
    require(session.user, Action.MANAGE_SAVED_REPLIES)

    def write(tx: Transaction) -> SavedReply:
        found = rows.get(tx.db, reply_id)
        if found is None or not found.active:
            raise StoreError(_("That saved reply is retired or gone: it can no longer change."))
        new_name, new_body = _checked(
            found.name if name is None else name, found.body if body is None else body
        )
        new_welsh = _checked_welsh(found.welsh if welsh is None else welsh)
        if (new_name, new_body, new_welsh) == (found.name, found.body, found.welsh):
            raise StoreError(_("Nothing changed: the saved reply already reads so."))
        _name_free(tx, new_name, reply_id)
        rows.change(tx.db, reply_id, new_name, new_body, tx.now(), new_welsh)
        tx.audit(
            actor=session.user.name,
            action="saved_reply.change",
            category=AuditCategory.ALTERATION,
            object_type=OBJECT,
            object_id=reply_id,
            before={"name": found.name, "body": found.body, "welsh": found.welsh},
            after={"name": new_name, "body": new_body, "welsh": new_welsh},
        )
        changed = rows.get(tx.db, reply_id)
        assert changed is not None
        return changed

    return await session.store.write(write)


async def retire(session: Session, reply_id: int, *, reason: str = "") -> None:
    require(session.user, Action.MANAGE_SAVED_REPLIES)

    def write(tx: Transaction) -> None:
        found = rows.get(tx.db, reply_id)
        if found is None or not found.active:
            raise StoreError(_("That saved reply is already retired."))
        rows.retire(tx.db, reply_id, tx.now())
        tx.audit(
            actor=session.user.name,
            action="saved_reply.retire",
            category=AuditCategory.ALTERATION,
            object_type=OBJECT,
            object_id=reply_id,
            before={"name": found.name, "active": True},
            after={"name": found.name, "active": False},
            justification=reason.strip(),
        )

    await session.store.write(write)


def reply_fields(reply: SavedReply) -> list[str]:
    """The fields the officer fills in, in order (the English's, then any only the
    Welsh has)."""
    return list(dict.fromkeys([*fields_of(reply.body), *fields_of(reply.welsh)]))


def filled(reply: SavedReply, values: Mapping[str, str], choice: Choice | None = None) -> str:
    """The reply's text with every field filled (``StoreError`` names those left empty):
    both languages where it has its Welsh, in the order of the force's bilingual
    setting ``choice`` (Welsh first when the force has none)."""
    english = fill(reply.body, values)
    if not reply.welsh.strip():
        return english
    order = (choice or Choice()).for_both
    return order.combined(fill(reply.welsh, values), english)


def shipped() -> list[tuple[str, str]]:
    """The saved replies shipped with Cordon (name, text), the 999 reply first."""
    data = tomllib.loads(SHIPPED.read_text(encoding="utf-8"))
    return [_checked(str(r["name"]), str(r["text"])) for r in data["reply"]]


def add_shipped(tx: Transaction, actor: str) -> int:
    """Put the shipped saved replies in a new store (an exercise's), each audited;
    one whose name is taken is left out. Returns how many were added."""
    added = 0
    for name, body in shipped():
        if rows.offered_by_name(tx.db, name) is not None:
            continue
        reply_id = rows.insert(tx.db, name, body, actor, tx.now())
        tx.audit(
            actor=actor,
            action="saved_reply.create",
            category=AuditCategory.ALTERATION,
            object_type=OBJECT,
            object_id=reply_id,
            after={"name": name, "body": body, "shipped": True},
        )
        added += 1
    return added
