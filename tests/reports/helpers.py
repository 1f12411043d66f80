"""Inbox items and reports for the report tests (on the team's store and clock)."""

from __future__ import annotations

import json

from console.channels.base import InboxItem
from console.reports import service
from console.reports.grading import Category, Grade, Thrive
from console.session import Session
from storage import audit, conversations
from storage.records import AuditEntry
from storage.reports import ReportRow
from storage.store import Store, Transaction

THRIVE = Thrive(
    threat="Threat of violence to the caller from a neighbour",
    harm="Bruising reported; no weapon mentioned",
    risk="Medium: the neighbour lives next door",
    investigation="Common assault; CCTV on the street may hold it",
    vulnerability="Caller lives alone, aged 81",
    engagement="Caller wants a call back, not a visit tonight",
)

MASTODON_RAW = json.dumps(
    {
        "id": "110",
        "content": '<p>My neighbour hit me <a href="https://photos.example/p/1">photo</a>'
        ' <a href="https://force.example/@force" class="u-url mention">@force</a></p>',
        "media_attachments": [
            {"type": "image", "url": "https://files.example/media/1.jpg",
             "preview_url": "https://files.example/media/1s.jpg"}
        ],
        "card": {"url": "https://news.example/story"},
        "account": {"acct": "jo@social.example", "avatar": "https://files.example/a.png"},
    }
)  # fmt: skip


def item(
    remote_id: str, text: str, *, minutes: int = 0, conversation: str = "", **kw: str
) -> InboxItem:
    return InboxItem(
        remote_id=remote_id,
        kind=kw.pop("kind", "mention"),
        author_handle=kw.pop("author_handle", "@jo@social.example"),
        author_name=kw.pop("author_name", "Jo Bloggs"),
        text=text,
        created_utc=f"2026-11-28T08:{minutes:02d}:00.000000Z",
        url=kw.pop("url", f"https://social.example/@jo/{remote_id}"),
        conversation_id=conversation,
        raw=kw.pop("raw", json.dumps({"id": remote_id, "content": text})),
        **kw,
    )


async def add_items(store: Store, *items: InboxItem, channel_id: int = 1) -> list[int]:
    """Store the items on the channel; their inbox ids in the order given."""

    def write(tx: Transaction) -> list[int]:
        conversations.collect(tx.db, channel_id, items, tx.now())  # as sync files them
        found = {
            str(r[1]): int(r[0])
            for r in tx.db.execute(
                "SELECT id, remote_id FROM inbox_items WHERE channel_id = ?", (channel_id,)
            )
        }
        return [found[i.remote_id] for i in items]

    return await store.write(write)


async def report_from(
    session: Session,
    ids: list[int],
    category: Category = Category.CRIME,
    grade: Grade = Grade.PRIORITY,
    **kw: object,
) -> ReportRow:
    return await service.create_report(
        session, ids, category=category, grade=grade,
        thrive=kw.pop("thrive", THRIVE),  # type: ignore[arg-type]
        location=str(kw.pop("location", "12 High Street, Northtown")),
        summary=str(kw.pop("summary", "Assault by a neighbour reported by reply")),
        **kw,  # type: ignore[arg-type]
    )  # fmt: skip


async def entries(store: Store, action: str = "") -> list[AuditEntry]:
    found = await store.run(lambda db: list(audit.iter_entries(db)))
    return [e for e in found if not action or e.action == action]
