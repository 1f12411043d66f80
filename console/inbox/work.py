"""Working the inbox: list conversations, open one (a consultation, audited with
the officer's justification), change its state, assign it, write notes.

States (``ConversationState``): ``new`` → ``assigned`` (assigning an officer or a
team) → ``answered`` → ``closed``; ``report`` once the conversation became a report
(the reports part sets it). Answered and closed conversations are opened again by
``reopen`` or by a new item arriving (the sync engine audits that). Every change is
one transaction with its audit entry naming who, before, after and why.

Listing shows what a list needs (channel, state, assignee, counts, the newest
item's author and the start of its text) and is not audited; opening shows the
items whole, with the network's JSON, and is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from console.concurrency import require_conversation_unchanged
from console.permissions import Action, may, require
from console.session import Session
from storage import conversations as rows
from storage import reports as report_rows
from storage import users
from storage.conversations import (
    ConversationFilter,
    ConversationRow,
    ConversationState,
    FullItem,
    Note,
    Reopened,
)
from storage.errors import StoreError
from storage.i18n import _, ngettext
from storage.records import AuditCategory
from storage.store import Transaction
from storage.stored_words import english

State = ConversationState
OBJECT = "inbox_conversation"
NOTE_LIMIT = 4000  # characters: a note is a note, not a document


def audit_reopened(tx: Transaction, reopened: Sequence[Reopened], *, actor: str) -> None:
    """Record conversations a new item opened again (inside the collecting write)."""
    for change in reopened:
        tx.audit(
            actor=actor,
            action="inbox.reopen",
            category=AuditCategory.ALTERATION,
            object_type=OBJECT,
            object_id=change.conversation_id,
            before={"state": change.before.value},
            after={"state": change.after.value},
            justification=english("A new item arrived in the conversation."),
        )


# -- listing -------------------------------------------------------------------------------


async def matching(
    session: Session, flt: ConversationFilter | None = None, limit: int | None = None
) -> list[int]:
    """Conversation ids passing ``flt``, newest activity first (cheap: ints only)."""
    require(session.user, Action.READ_INBOX)
    return await session.store.run(lambda db: rows.matching(db, flt, limit))


async def conversation_rows(session: Session, ids: Sequence[int]) -> dict[int, ConversationRow]:
    """The rows a list paints, for a page of ids."""
    require(session.user, Action.READ_INBOX)
    wanted = list(ids)
    return await session.store.run(lambda db: rows.rows(db, wanted))


async def counts(
    session: Session, flt: ConversationFilter | None = None
) -> dict[ConversationState, int]:
    require(session.user, Action.READ_INBOX)
    return await session.store.run(lambda db: rows.counts_by_state(db, flt))


# -- opening (consultation) -------------------------------------------------------------------


@dataclass(frozen=True)
class OpenedConversation:
    conversation: ConversationRow
    items: list[FullItem]  # oldest first, each whole
    notes: list[Note]


def _justified(justification: str) -> str:
    if not justification.strip():
        raise StoreError(
            _(
                "Say why you are opening it: viewing the public's personal "
                "data is recorded with a reason (DPA 2018 s.62)."
            )
        )
    return justification.strip()


def _missing(conversation_id: int) -> StoreError:
    return StoreError(
        _(
            "Inbox conversation {conversation_id} is not in the store: it may have been "
            "erased under the retention rules."
        ).format(conversation_id=conversation_id)
    )


async def open_conversation(
    session: Session, conversation_id: int, justification: str
) -> OpenedConversation:
    """The conversation's items in full and its notes; audited as a consultation.

    The window asks for the justification once per conversation per session and
    passes it again on later openings; every opening is recorded.
    """
    require(session.user, Action.READ_INBOX)
    why = _justified(justification)

    def write(tx: Transaction) -> OpenedConversation:
        found = rows.get(tx.db, conversation_id)
        if found is None:
            raise _missing(conversation_id)
        items = rows.items_of(tx.db, conversation_id)
        tx.audit(
            actor=session.user.name,
            action="inbox.consult",
            category=AuditCategory.CONSULTATION,
            object_type=OBJECT,
            object_id=conversation_id,
            after={"items": [item.row.id for item in items]},
            justification=why,
        )
        return OpenedConversation(found, items, rows.notes_of(tx.db, conversation_id))

    return await session.store.write(write)


async def open_item(session: Session, item_id: int, justification: str) -> FullItem:
    """One item in full; audited as a consultation."""
    require(session.user, Action.READ_INBOX)
    why = _justified(justification)

    def write(tx: Transaction) -> FullItem:
        conversation_id = rows.of_item(tx.db, item_id)
        item = next(
            (i for i in rows.items_of(tx.db, conversation_id or 0) if i.row.id == item_id), None
        )
        if item is None:
            raise StoreError(
                _(
                    "Inbox item {item_id} is not in the store: it may have been "
                    "erased under the retention rules."
                ).format(item_id=item_id)
            )
        tx.audit(
            actor=session.user.name,
            action="inbox.consult",
            category=AuditCategory.CONSULTATION,
            object_type="inbox_item",
            object_id=item_id,
            after={"conversation": conversation_id},
            justification=why,
        )
        return item

    return await session.store.write(write)


# -- state -----------------------------------------------------------------------------------

# Where ``set_state`` may go from each state (assigning, unassigning and reopening
# have their own calls).
_MOVES: dict[State, frozenset[State]] = {
    State.NEW: frozenset({State.ANSWERED, State.CLOSED, State.REPORT}),
    State.ASSIGNED: frozenset({State.ANSWERED, State.CLOSED, State.REPORT}),
    State.ANSWERED: frozenset({State.CLOSED, State.REPORT}),
    State.CLOSED: frozenset({State.REPORT}),
    State.REPORT: frozenset({State.ANSWERED, State.CLOSED}),
}
# Changes that must say why.
_NEEDS_REASON = frozenset({State.CLOSED, State.REPORT})


def _load(
    tx: Transaction, conversation_id: int, seen: ConversationRow | None = None
) -> ConversationRow:
    found = rows.get(tx.db, conversation_id)
    if found is None:
        raise _missing(conversation_id)
    require_conversation_unchanged(tx, found, seen)
    return found


def _state_change(
    tx: Transaction, session: Session, found: ConversationRow, state: State, reason: str
) -> None:
    rows.set_state(tx.db, found.id, state, tx.now())
    tx.audit(
        actor=session.user.name,
        action="inbox.state",
        category=AuditCategory.ALTERATION,
        object_type=OBJECT,
        object_id=found.id,
        before={"state": found.state.value},
        after={"state": state.value},
        justification=reason.strip(),
    )


async def set_state(
    session: Session,
    conversation_id: int,
    state: State,
    *,
    reason: str = "",
    seen: ConversationRow | None = None,
) -> ConversationRow:
    """Mark the conversation answered, closed or a report. Closing and making it a
    report must say why. ``seen`` (here and in the other changes): the conversation
    as the officer's screen showed it; if it changed since, nothing is saved and the
    sentence says who changed it and when (``console.concurrency``)."""
    require(session.user, Action.WORK_INBOX)
    if state in (State.NEW, State.ASSIGNED):
        raise StoreError(
            _(
                "Assign the conversation to give it an officer or a team, or "
                "reopen it to work it again."
            )
        )
    if state in _NEEDS_REASON and not reason.strip():
        raise StoreError(
            _("Say why the conversation is marked {state}.").format(state=State.words(state))
        )

    def write(tx: Transaction) -> ConversationRow:
        found = _load(tx, conversation_id, seen)
        wanted = State.words(state.value)  # in the officer's language
        if found.state is state:
            raise StoreError(_("The conversation is already {state}.").format(state=wanted))
        if state not in _MOVES[found.state]:
            if found.state is State.CLOSED:
                raise StoreError(
                    _("A closed conversation cannot be marked {state}: reopen it first.").format(
                        state=wanted
                    )
                )
            raise StoreError(
                _("A conversation marked {now} cannot be marked {state}.").format(
                    now=State.words(found.state.value), state=wanted
                )
            )
        if state in (State.ANSWERED, State.CLOSED):
            items = rows.item_ids_of(tx.db, [conversation_id]).get(conversation_id, [])
            if still_open := report_rows.open_for_items(tx.db, items):
                raise StoreError(
                    ngettext(
                        "Report {refs} is still open: answer or close it in Reports first.",
                        "Reports {refs} are still open: answer or close them in Reports first.",
                        len(still_open),
                    ).format(refs=", ".join(still_open))
                )
        _state_change(tx, session, found, state, reason)
        return _load(tx, conversation_id)

    return await session.store.write(write)


async def reopen(
    session: Session, conversation_id: int, *, reason: str, seen: ConversationRow | None = None
) -> ConversationRow:
    """An answered or closed conversation back to work: ``assigned`` if it has an
    assignee, else ``new``."""
    require(session.user, Action.WORK_INBOX)
    if not reason.strip():
        raise StoreError(_("Say why the conversation is reopened."))

    def write(tx: Transaction) -> ConversationRow:
        found = _load(tx, conversation_id, seen)
        if found.state not in (State.ANSWERED, State.CLOSED):
            raise StoreError(
                _(
                    "Only an answered or closed conversation can be reopened; "
                    "this one is {found.state.value}."
                ).format(found=found)
            )
        to = State.ASSIGNED if found.assignee or found.team else State.NEW
        _state_change(tx, session, found, to, reason)
        return _load(tx, conversation_id)

    return await session.store.write(write)


# -- assignment ------------------------------------------------------------------------------


def _assignee(found: ConversationRow) -> dict[str, str | None]:
    return {"officer": found.assignee or None, "team": found.team or None}


async def assign(
    session: Session,
    conversation_id: int,
    *,
    officer: str = "",
    team: str = "",
    reason: str = "",
    seen: ConversationRow | None = None,
) -> ConversationRow:
    """Give the conversation to an officer (a user name) or a team (by name).

    A new conversation becomes ``assigned``; others keep their state. Taking it from
    someone already assigned (a reassignment) must say why.
    """
    require(session.user, Action.WORK_INBOX)
    if bool(officer.strip()) == bool(team.strip()):
        raise StoreError(_("Assign the conversation to one officer or one team."))

    def write(tx: Transaction) -> ConversationRow:
        found = _load(tx, conversation_id, seen)
        user_id: int | None = None
        team_id: int | None = None
        if officer.strip():
            user = users.by_name(tx.db, officer.strip())
            if user is None:
                raise StoreError(_("No officer is called {name}.").format(name=officer.strip()))
            if not user.active:
                raise StoreError(
                    _("{user.display_name}'s account is disabled: choose another officer.").format(
                        user=user
                    )
                )
            if not may(user, Action.WORK_INBOX):
                raise StoreError(
                    _(
                        "{user.display_name} cannot work the inbox (it needs the "
                        "duty officer or approver role): choose another officer."
                    ).format(user=user)
                )
            if found.assignee == user.name:
                raise StoreError(
                    _("The conversation is already assigned to {user.display_name}.").format(
                        user=user
                    )
                )
            user_id = user.id
        else:
            chosen = rows.team_by_name(tx.db, team)
            if chosen is None:
                raise StoreError(
                    _("No team is called {name}: an administrator adds teams.").format(
                        name=team.strip()
                    )
                )
            if not chosen.active:
                raise StoreError(
                    _("The {chosen.name} team is retired: choose another team.").format(
                        chosen=chosen
                    )
                )
            if found.team == chosen.name:
                raise StoreError(
                    _("The conversation is already assigned to {chosen.name}.").format(
                        chosen=chosen
                    )
                )
            team_id = chosen.id
        reassigning = bool(found.assignee or found.team)
        if reassigning and not reason.strip():
            raise StoreError(_("Say why the conversation is reassigned."))
        rows.set_assignee(tx.db, conversation_id, user_id, team_id)
        state = found.state
        if state is State.NEW:
            state = State.ASSIGNED
            rows.set_state(tx.db, conversation_id, state, tx.now())
        after = _load(tx, conversation_id)
        tx.audit(
            actor=session.user.name,
            action="inbox.reassign" if reassigning else "inbox.assign",
            category=AuditCategory.ALTERATION,
            object_type=OBJECT,
            object_id=conversation_id,
            before={**_assignee(found), "state": found.state.value},
            after={**_assignee(after), "state": state.value},
            justification=reason.strip(),
        )
        return after

    return await session.store.write(write)


async def unassign(
    session: Session, conversation_id: int, *, reason: str, seen: ConversationRow | None = None
) -> ConversationRow:
    """Take the conversation from its officer or team; an assigned one becomes new."""
    require(session.user, Action.WORK_INBOX)
    if not reason.strip():
        raise StoreError(_("Say why the conversation is unassigned."))

    def write(tx: Transaction) -> ConversationRow:
        found = _load(tx, conversation_id, seen)
        if not (found.assignee or found.team):
            raise StoreError(_("The conversation is not assigned to anyone."))
        rows.set_assignee(tx.db, conversation_id, None, None)
        state = State.NEW if found.state is State.ASSIGNED else found.state
        if state is not found.state:
            rows.set_state(tx.db, conversation_id, state, tx.now())
        tx.audit(
            actor=session.user.name,
            action="inbox.unassign",
            category=AuditCategory.ALTERATION,
            object_type=OBJECT,
            object_id=conversation_id,
            before={**_assignee(found), "state": found.state.value},
            after={"officer": None, "team": None, "state": state.value},
            justification=reason.strip(),
        )
        return _load(tx, conversation_id)

    return await session.store.write(write)


# -- notes -----------------------------------------------------------------------------------


async def add_note(session: Session, conversation_id: int, text: str) -> Note:
    """An internal note on the conversation: never sent, never changed, audited
    (its length, not its words: the trail outlives the note under retention)."""
    require(session.user, Action.WORK_INBOX)
    body = text.strip()
    if not body:
        raise StoreError(_("Write the note before adding it."))
    if len(body) > NOTE_LIMIT:
        raise StoreError(
            _("A note holds at most {NOTE_LIMIT} characters; this one has {n}.").format(
                NOTE_LIMIT=NOTE_LIMIT, n=len(body)
            )
        )

    def write(tx: Transaction) -> Note:
        _load(tx, conversation_id)
        note_id = rows.add_note(tx.db, conversation_id, session.user.id, body, tx.now())
        tx.audit(
            actor=session.user.name,
            action="inbox.note",
            category=AuditCategory.ALTERATION,
            object_type=OBJECT,
            object_id=conversation_id,
            after={"note": note_id, "characters": len(body)},
        )
        return next(n for n in rows.notes_of(tx.db, conversation_id) if n.id == note_id)

    return await session.store.write(write)
