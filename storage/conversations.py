"""Inbox conversations (the rows): items grouped per network thread, their state,
assignment and notes, listed newest first as ids plus the rows a list paints.

Filing: each new item joins the conversation of its network's conversation id
(the thread's root post, the DM conversation) when that is known on the channel,
else the conversation of the item it answers when that is stored, else a new
conversation keyed by its conversation id, the id it answers, or its own id. A
new item in an answered or closed conversation opens it again (``Reopened``): the
caller audits that, in the same transaction.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from storage.i18n import N_, _
from storage.inbox import InboxFields, InboxRow
from storage.inbox import insert as insert_items
from storage.inbox import rows as item_rows
from storage.listening import NewItem, items_after, last_item_id
from storage.sql import in_json_list, reserve_ids


class ConversationState(StrEnum):
    NEW = "new"
    ASSIGNED = "assigned"
    ANSWERED = "answered"
    CLOSED = "closed"
    REPORT = "report"  # set by the reports part: the conversation became a report

    @property
    def label(self) -> str:
        return _(_STATE_LABELS[self.value])

    @classmethod
    def words(cls, key: str) -> str:
        """A stored state (its key) as it reads inside a sentence ("marked it
        report"), in the officer's language; a key this Cordon does not know, as it is."""
        try:
            label = cls(key).label
        except ValueError:
            return key
        return label[:1].lower() + label[1:]


_STATE_LABELS = {
    "new": N_("New"),
    "assigned": N_("Assigned"),
    "answered": N_("Answered"),
    "closed": N_("Closed"),
    "report": N_("Report"),
}

# A new item in these states opens the conversation again.
_REOPENED_BY_NEW_ITEMS = (ConversationState.ANSWERED, ConversationState.CLOSED)


@dataclass(frozen=True)
class Reopened:
    conversation_id: int
    before: ConversationState
    after: ConversationState


@dataclass(frozen=True)
class Collected:
    new: int  # items not stored before
    reopened: list[Reopened]  # for the caller to audit, in its transaction
    items: list[NewItem]  # the new items as stored (for the listening and threat reading)


def collect(db: Any, channel_id: int, items: Sequence[InboxFields], received_utc: str) -> Collected:
    """Store the items not already stored and file them into their conversations.

    Each new item is filed in memory before it is written (its id and, for a new
    conversation, the conversation's id reserved first), so it is inserted once,
    already in its conversation, and each new conversation once, with its counts,
    times and newest item: no item is updated after it is inserted. Filing is
    ``file_new``'s, item for item. Items an earlier caller stored without filing
    (``storage.inbox.insert``) are filed with the page, by ``file_new``.
    """
    if _has_unfiled(db, channel_id):
        before = last_item_id(db)
        new = insert_items(db, channel_id, items, received_utc)
        if not new:
            return Collected(0, [], [])
        return Collected(new, file_new(db, channel_id), items_after(db, channel_id, before))
    page: dict[str, InboxFields] = {}
    for item in items:
        page.setdefault(item.remote_id, item)  # the first of a page's repeats, as insert keeps
    if not page:
        return Collected(0, [], [])
    stored = {
        str(row[0])
        for row in db.execute(
            "SELECT remote_id FROM inbox_items"
            f" WHERE channel_id = ? AND remote_id {in_json_list(db)}",
            (channel_id, _json(list(page))),
        )
    }
    fresh = [item for remote_id, item in page.items() if remote_id not in stored]
    if not fresh:
        return Collected(0, [], [])
    ids = reserve_ids(db, "inbox_items", len(fresh))
    unfiled = sorted(
        (
            (item_id, item.remote_id, item.conversation_id, item.in_reply_to,
             item.created_utc or received_utc, received_utc)
            for item_id, item in zip(ids, fresh, strict=True)
        ),
        key=lambda row: (row[4], row[0]),
    )  # fmt: skip
    plan = _plan(db, channel_id, unfiled)
    if plan.created:
        for thread, conversation_id in zip(
            plan.created, reserve_ids(db, "inbox_conversations", len(plan.created)), strict=True
        ):
            thread.id = conversation_id
        db.executemany(
            "INSERT INTO inbox_conversations (id, channel_id, thread_key, first_utc, latest_utc,"
            " latest_item_id, item_count, state_utc) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(t.id, channel_id, t.key, t.first_utc, t.latest_utc, t.latest_item_id, t.added,
              t.state_utc) for t in plan.created],
        )  # fmt: skip
    conversation_of = {item_id: thread.id for thread, item_id in plan.filed}  # all set now
    db.executemany(
        "INSERT INTO inbox_items (id, channel_id, remote_id, kind, author_handle, author_name,"
        " text, created_utc, url, conversation_id, in_reply_to, raw, received_utc,"
        " conversation_ref) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(item_id, channel_id, item.remote_id, item.kind, item.author_handle, item.author_name,
          item.text, item.created_utc or received_utc, item.url, item.conversation_id,
          item.in_reply_to, item.raw, received_utc, conversation_of[item_id])
         for item_id, item in zip(ids, fresh, strict=True)],
    )  # fmt: skip
    _write_known(db, plan)
    return Collected(
        len(fresh),
        plan.reopened,
        [NewItem(item_id, channel_id, item.text, item.created_utc or received_utc)
         for item_id, item in zip(ids, fresh, strict=True)],
    )  # fmt: skip


def _has_unfiled(db: Any, channel_id: int) -> bool:
    return (
        db.execute(
            "SELECT 1 FROM inbox_items WHERE channel_id = ? AND conversation_ref IS NULL LIMIT 1",
            (channel_id,),
        ).fetchone()
        is not None
    )


@dataclass
class _Thread:
    """A conversation as filing sees it: read once, changed in memory, written once."""

    id: int | None  # None: new, inserted at the end
    key: str
    state: ConversationState
    state_utc: str
    assigned: bool
    first_utc: str
    latest_utc: str
    latest_item_id: int | None
    added: int = 0
    changed: bool = False


def _json(values: Sequence[str]) -> str:
    return json.dumps(list(values))


def file_new(db: Any, channel_id: int) -> list[Reopened]:
    """File the channel's items that belong to no conversation yet (oldest first).

    Each item joins the conversation of its network's conversation id when one is
    known on the channel, else the conversation of the item it answers when that
    is filed, else the conversation keyed by its conversation id, the id it
    answers, or its own id (new if there is none). Items are taken one by one in
    time order, so an item can join a conversation an earlier item of the same
    page started; but the rows are read and written set-wise (a few statements a
    page, not several an item), which is what sync's ingest costs.
    """
    unfiled = db.execute(
        "SELECT id, remote_id, conversation_id, in_reply_to, created_utc, received_utc"
        " FROM inbox_items WHERE channel_id = ? AND conversation_ref IS NULL"
        " ORDER BY created_utc, id",
        (channel_id,),
    ).fetchall()
    if not unfiled:
        return []
    plan = _plan(db, channel_id, unfiled)
    created, filed = plan.created, plan.filed
    if created:
        # In filing order, as one by one would have (the ids follow that order).
        db.executemany(
            "INSERT INTO inbox_conversations (channel_id, thread_key, first_utc, latest_utc,"
            " latest_item_id, item_count, state_utc) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(channel_id, t.key, t.first_utc, t.latest_utc, t.latest_item_id, t.added,
              t.state_utc) for t in created],
        )  # fmt: skip
        made = dict(
            db.execute(
                "SELECT thread_key, id FROM inbox_conversations WHERE channel_id = ?"
                f" AND thread_key {in_json_list(db)}",
                (channel_id, _json([t.key for t in created])),
            ).fetchall()
        )
        for thread in created:
            thread.id = int(made[thread.key])
    db.executemany(
        "UPDATE inbox_items SET conversation_ref = ? WHERE id = ?",
        [(thread.id, item_id) for thread, item_id in filed],
    )
    _write_known(db, plan)
    return plan.reopened


@dataclass
class _Plan:
    """Where each of a batch of new items goes, worked out in memory."""

    filed: list[tuple[_Thread, int]]  # (its conversation, the item's id), filing order
    created: list[_Thread]  # new conversations, in filing order (no id yet)
    known: dict[int, _Thread]  # conversations stored before the batch, by id
    reopened: list[Reopened]
    reopen_at: dict[int, str]  # conversation id: when it was opened again


def _plan(db: Any, channel_id: int, unfiled: Sequence[Sequence[Any]]) -> _Plan:
    """File ``unfiled`` (rows of id, remote id, conversation id, the id answered,
    time, time received; oldest first) without writing anything."""
    keys = {k for row in unfiled for k in row[1:4] if k}
    threads: dict[str, _Thread] = {}
    by_id: dict[int, _Thread] = {}
    for cid, key, state, state_utc, assignee, team, first, latest, latest_item in db.execute(
        "SELECT id, thread_key, state, state_utc, assignee_user_id, assignee_team_id,"
        " first_utc, latest_utc, latest_item_id FROM inbox_conversations"
        f" WHERE channel_id = ? AND thread_key {in_json_list(db)}",
        (channel_id, _json(sorted(keys))),
    ):
        thread = _Thread(int(cid), str(key), ConversationState(state), str(state_utc),
                         assignee is not None or team is not None, str(first), str(latest),
                         latest_item)  # fmt: skip
        threads[thread.key] = by_id[int(cid)] = thread
    # Items already filed that new items answer: their conversations.
    answered = sorted({row[3] for row in unfiled if row[3]})
    parents: dict[str, _Thread] = {}
    if answered:
        found = db.execute(
            "SELECT i.remote_id, c.id, c.thread_key, c.state, c.state_utc, c.assignee_user_id,"
            " c.assignee_team_id, c.first_utc, c.latest_utc, c.latest_item_id"
            " FROM inbox_items i JOIN inbox_conversations c ON c.id = i.conversation_ref"
            f" WHERE i.channel_id = ? AND i.remote_id {in_json_list(db)}",
            (channel_id, _json(answered)),
        ).fetchall()
        for remote_id, cid, key, state, state_utc, assignee, team, first, latest, item in found:
            known = by_id.get(int(cid))
            if known is None:
                known = _Thread(int(cid), str(key), ConversationState(state), str(state_utc),
                                 assignee is not None or team is not None, str(first),
                                str(latest), item)  # fmt: skip
                by_id[int(cid)] = known
            parents[str(remote_id)] = known

    filed: list[tuple[_Thread, int]] = []
    created: list[_Thread] = []
    reopened: dict[int, Reopened] = {}
    reopen_at: dict[int, str] = {}
    for item_id, remote_id, conversation_id, in_reply_to, created_utc, received in unfiled:
        joined = threads.get(conversation_id) if conversation_id else None
        if joined is None and in_reply_to:
            joined = parents.get(in_reply_to)
        if joined is None:
            key = conversation_id or in_reply_to or remote_id
            joined = threads.get(key)
            if joined is None:
                joined = _Thread(None, key, ConversationState.NEW, received, False, created_utc,
                                 created_utc, item_id)  # fmt: skip
                threads[key] = joined
                created.append(joined)
        thread = joined
        filed.append((thread, int(item_id)))
        parents[remote_id] = thread  # a later item of this page may answer it
        thread.added += 1
        thread.changed = True
        thread.first_utc = min(thread.first_utc, created_utc)
        if created_utc >= thread.latest_utc:
            thread.latest_item_id = item_id
        thread.latest_utc = max(thread.latest_utc, created_utc)
        if thread.state in _REOPENED_BY_NEW_ITEMS and created_utc > thread.state_utc:
            after = ConversationState.ASSIGNED if thread.assigned else ConversationState.NEW
            assert thread.id is not None  # a new conversation is new, never answered
            first = reopened.get(thread.id)
            reopened[thread.id] = Reopened(
                thread.id, first.before if first else thread.state, after
            )
            thread.state, thread.state_utc = after, received
            reopen_at[thread.id] = received

    return _Plan(filed, created, by_id, list(reopened.values()), reopen_at)


def _write_known(db: Any, plan: _Plan) -> None:
    """The conversations stored before the batch: their new counts, times and states."""
    db.executemany(
        "UPDATE inbox_conversations SET item_count = item_count + ?, first_utc = ?,"
        " latest_utc = ?, latest_item_id = ? WHERE id = ?",
        [
            (t.added, t.first_utc, t.latest_utc, t.latest_item_id, t.id)
            for t in plan.known.values()
            if t.changed
        ],
    )
    for conversation_id, at in plan.reopen_at.items():
        set_state(db, conversation_id, plan.known[conversation_id].state, at)


# -- listing ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ConversationFilter:
    """Which conversations a list shows. Empty fields do not filter."""

    channel_ids: tuple[int, ...] = ()
    kind: str = ""  # any of its items is of this kind
    states: tuple[ConversationState, ...] = ()
    officer_id: int = 0  # assigned to this user
    team_id: int = 0  # assigned to this team
    unassigned: bool = False
    keyword: str = ""  # in any item's text, author handle or name (any case)
    since_utc: str = ""  # active at or after (its newest item)
    until_utc: str = ""  # active before (its first item)

    def where(self) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if self.channel_ids:
            clauses.append(f"c.channel_id IN ({','.join('?' * len(self.channel_ids))})")
            params += list(self.channel_ids)
        if self.states:
            clauses.append(f"c.state IN ({','.join('?' * len(self.states))})")
            params += [s.value for s in self.states]
        if self.officer_id:
            clauses.append("c.assignee_user_id = ?")
            params.append(self.officer_id)
        if self.team_id:
            clauses.append("c.assignee_team_id = ?")
            params.append(self.team_id)
        if self.unassigned:
            clauses.append("c.assignee_user_id IS NULL AND c.assignee_team_id IS NULL")
        if self.since_utc:
            clauses.append("c.latest_utc >= ?")
            params.append(self.since_utc)
        if self.until_utc:
            clauses.append("c.first_utc < ?")
            params.append(self.until_utc)
        if self.kind:
            clauses.append("c.id IN (SELECT conversation_ref FROM inbox_items WHERE kind = ?)")
            params.append(self.kind)
        if self.keyword:
            # One pass over the items into a set (not a probe per conversation).
            clauses.append(
                "c.id IN (SELECT conversation_ref FROM inbox_items WHERE"
                " instr(lower(text), lower(?)) > 0 OR instr(lower(author_handle), lower(?)) > 0"
                " OR instr(lower(author_name), lower(?)) > 0)"
            )
            params += [self.keyword] * 3
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


@dataclass(frozen=True)
class ConversationRow:
    """What a list shows of a conversation (its newest item stands for it)."""

    id: int
    channel_id: int
    channel: str
    network: str
    state: ConversationState
    assignee: str  # the officer's user name, or ""
    team: str  # the team's name, or ""
    item_count: int
    first_utc: str
    latest_utc: str
    state_utc: str
    latest_kind: str
    latest_author: str  # the newest item's author handle
    latest_preview: str  # the start of the newest item's text


PREVIEW_CHARS = 140


def matching(db: Any, flt: ConversationFilter | None = None, limit: int | None = None) -> list[int]:
    """Conversation ids passing ``flt``, newest activity first."""
    where, params = (flt or ConversationFilter()).where()
    sql = f"SELECT c.id FROM inbox_conversations c{where} ORDER BY c.latest_utc DESC, c.id DESC"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return [int(row[0]) for row in db.execute(sql, params)]


def counts_by_state(db: Any, flt: ConversationFilter | None = None) -> dict[ConversationState, int]:
    """How many conversations in each state pass ``flt`` (its own states ignored)."""
    base = flt or ConversationFilter()
    where, params = ConversationFilter(**{**base.__dict__, "states": ()}).where()
    found = dict.fromkeys(ConversationState, 0)
    for state, n in db.execute(
        f"SELECT c.state, count(*) FROM inbox_conversations c{where} GROUP BY c.state", params
    ):
        found[ConversationState(state)] = int(n)
    return found


def _row(r: tuple[Any, ...]) -> ConversationRow:
    return ConversationRow(
        int(r[0]), int(r[1]), r[2], r[3], ConversationState(r[4]), r[5], r[6], int(r[7]), *r[8:]
    )


def rows(db: Any, conversation_ids: Sequence[int]) -> dict[int, ConversationRow]:
    if not conversation_ids:
        return {}
    marks = ",".join("?" * len(conversation_ids))
    found = db.execute(
        "SELECT c.id, c.channel_id, ch.name, ch.network, c.state, coalesce(u.name, ''),"
        " coalesce(t.name, ''), c.item_count, c.first_utc, c.latest_utc, c.state_utc,"
        " coalesce(i.kind, ''), coalesce(i.author_handle, ''),"
        f" coalesce(substr(i.text, 1, {PREVIEW_CHARS}), '')"
        " FROM inbox_conversations c JOIN channels ch ON ch.id = c.channel_id"
        " LEFT JOIN users u ON u.id = c.assignee_user_id"
        " LEFT JOIN inbox_teams t ON t.id = c.assignee_team_id"
        " LEFT JOIN inbox_items i ON i.id = c.latest_item_id"
        f" WHERE c.id IN ({marks})",
        list(conversation_ids),
    )
    return {int(r[0]): _row(r) for r in found}


def get(db: Any, conversation_id: int) -> ConversationRow | None:
    return rows(db, [conversation_id]).get(conversation_id)


def of_item(db: Any, item_id: int) -> int | None:
    row = db.execute("SELECT conversation_ref FROM inbox_items WHERE id = ?", (item_id,)).fetchone()
    return None if row is None or row[0] is None else int(row[0])


@dataclass(frozen=True)
class FullItem:
    """An item as the network gave it: what a list shows and the network's JSON."""

    row: InboxRow
    raw: str


def items_of(db: Any, conversation_id: int) -> list[FullItem]:
    """The conversation's items, oldest first, each whole."""
    found = db.execute(
        "SELECT id, raw FROM inbox_items WHERE conversation_ref = ? ORDER BY created_utc, id",
        (conversation_id,),
    ).fetchall()
    by_id = item_rows(db, [int(r[0]) for r in found])
    return [FullItem(by_id[int(item_id)], str(raw)) for item_id, raw in found]


# -- state and assignment -------------------------------------------------------------


def set_state(db: Any, conversation_id: int, state: ConversationState, now: str) -> None:
    db.execute(
        "UPDATE inbox_conversations SET state = ?, state_utc = ? WHERE id = ?",
        (state.value, now, conversation_id),
    )


def set_assignee(db: Any, conversation_id: int, user_id: int | None, team_id: int | None) -> None:
    db.execute(
        "UPDATE inbox_conversations SET assignee_user_id = ?, assignee_team_id = ? WHERE id = ?",
        (user_id, team_id, conversation_id),
    )


# -- teams -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Team:
    id: int
    name: str
    active: bool


def teams(db: Any, *, active_only: bool = False) -> list[Team]:
    sql = "SELECT id, name, active FROM inbox_teams"
    if active_only:
        sql += " WHERE active = 1"
    return [Team(int(r[0]), r[1], bool(r[2])) for r in db.execute(sql + " ORDER BY lower(name)")]


def team_by_name(db: Any, name: str) -> Team | None:
    r = db.execute(
        "SELECT id, name, active FROM inbox_teams WHERE lower(name) = lower(?)", (name.strip(),)
    ).fetchone()
    return None if r is None else Team(int(r[0]), r[1], bool(r[2]))


def add_team(db: Any, name: str, now: str) -> int:
    return int(
        db.execute(
            "INSERT INTO inbox_teams (name, created_utc) VALUES (?, ?) RETURNING id",
            (name.strip(), now),
        ).fetchone()[0]
    )


def set_team_active(db: Any, team_id: int, active: bool) -> None:
    db.execute("UPDATE inbox_teams SET active = ? WHERE id = ?", (int(active), team_id))


# -- notes -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Note:
    id: int
    conversation_id: int
    author: str  # user name
    text: str
    created_utc: str


def add_note(db: Any, conversation_id: int, user_id: int, text: str, now: str) -> int:
    return int(
        db.execute(
            "INSERT INTO inbox_notes (conversation_ref, author_user_id, text, created_utc)"
            " VALUES (?, ?, ?, ?) RETURNING id",
            (conversation_id, user_id, text, now),
        ).fetchone()[0]
    )


def notes_of(db: Any, conversation_id: int) -> list[Note]:
    return [
        Note(int(r[0]), int(r[1]), r[2], r[3], r[4])
        for r in db.execute(
            "SELECT n.id, n.conversation_ref, u.name, n.text, n.created_utc FROM inbox_notes n"
            " JOIN users u ON u.id = n.author_user_id WHERE n.conversation_ref = ? ORDER BY n.id",
            (conversation_id,),
        )
    ]


# -- an author's history on a channel (insights) ---------------------------------------


@dataclass(frozen=True)
class AuthorHistory:
    channel_id: int
    handle: str
    first_seen_utc: str  # "" when the author has no item stored
    last_seen_utc: str
    item_count: int
    conversation_count: int
    by_kind: dict[str, int]
    item_ids: list[int]  # newest first, at most the limit asked for


def author_history(db: Any, channel_id: int, handle: str, limit: int) -> AuthorHistory:
    first, last, n, conversations = db.execute(
        "SELECT min(created_utc), max(created_utc), count(*), count(DISTINCT conversation_ref)"
        " FROM inbox_items WHERE channel_id = ? AND author_handle = ?",
        (channel_id, handle),
    ).fetchone()
    by_kind = {
        str(kind): int(count)
        for kind, count in db.execute(
            "SELECT kind, count(*) FROM inbox_items WHERE channel_id = ? AND author_handle = ?"
            " GROUP BY kind ORDER BY kind",
            (channel_id, handle),
        )
    }
    ids = [
        int(r[0])
        for r in db.execute(
            "SELECT id FROM inbox_items WHERE channel_id = ? AND author_handle = ?"
            " ORDER BY created_utc DESC, id DESC LIMIT ?",
            (channel_id, handle, limit),
        )
    ]
    return AuthorHistory(
        channel_id, handle, first or "", last or "", int(n), int(conversations), by_kind, ids
    )


def item_ids_of(db: Any, conversation_ids: Sequence[int]) -> dict[int, list[int]]:
    """Each conversation's item ids, oldest first (for the marks a list shows)."""
    if not conversation_ids:
        return {}
    marks = ",".join("?" * len(conversation_ids))
    found: dict[int, list[int]] = {}
    for conversation, item_id in db.execute(
        f"SELECT conversation_ref, id FROM inbox_items WHERE conversation_ref IN ({marks})"
        " ORDER BY conversation_ref, created_utc, id",
        list(conversation_ids),
    ):
        found.setdefault(int(conversation), []).append(int(item_id))
    return found
