"""Posts and their per-channel targets (the rows; rules live in console/)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from storage.records import ApprovalState, ContentKind, TargetStatus

# Between the two texts of a bilingual post: in one post holding both, and wherever the
# two linked posts of one are shown together (the queue, the incident report).
SEPARATOR = "\n\n—\n\n"


@dataclass(frozen=True)
class Target:
    id: int
    post_id: int
    channel_id: int
    status: TargetStatus
    approval: ApprovalState
    scheduled_utc: str | None
    second_text: str | None = None  # two linked posts: the second language's text


@dataclass(frozen=True)
class Post:
    id: int
    author_id: int
    kind: ContentKind
    body: str
    review_note: str
    targets: tuple[Target, ...]
    welsh: str | None = None  # a bilingual post's two texts (None: not bilingual)
    english: str | None = None
    bilingual: str | None = None  # 'one' (both in one post) or 'two' (two linked posts)


@dataclass(frozen=True)
class Bilingual:
    """A bilingual post's two texts and the form it goes out in ('one' or 'two')."""

    welsh: str
    english: str
    form: str


def insert_post(
    db: Any,
    *,
    author_id: int,
    kind: ContentKind,
    body: str,
    now: str,
    bilingual: Bilingual | None = None,
) -> int:
    cursor = db.execute(
        "INSERT INTO posts (author_id, kind, body, created_utc, updated_utc, text_cy, text_en,"
        " bilingual) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        (
            author_id,
            kind.value,
            body,
            now,
            now,
            bilingual.welsh if bilingual else None,
            bilingual.english if bilingual else None,
            bilingual.form if bilingual else None,
        ),
    )
    return int(cursor.fetchone()[0])


def insert_target(
    db: Any,
    *,
    post_id: int,
    channel_id: int,
    status: TargetStatus,
    approval: ApprovalState,
    scheduled_utc: str | None,
    now: str,
    body_override: str | None = None,
    cleared_incident_id: int | None = None,
    second_text: str | None = None,
) -> int:
    cursor = db.execute(
        "INSERT INTO targets (post_id, channel_id, status, approval, scheduled_utc, updated_utc,"
        " body_override, cleared_incident_id, second_text)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        (
            post_id,
            channel_id,
            status.value,
            approval.value,
            scheduled_utc,
            now,
            body_override,
            cleared_incident_id,
            second_text,
        ),
    )
    return int(cursor.fetchone()[0])


def get(db: Any, post_id: int) -> Post | None:
    row = db.execute(
        "SELECT id, author_id, kind, body, review_note, text_cy, text_en, bilingual FROM posts"
        " WHERE id = ?",
        (post_id,),
    ).fetchone()
    if row is None:
        return None
    targets = tuple(
        Target(
            id=t[0],
            post_id=t[1],
            channel_id=t[2],
            status=TargetStatus(t[3]),
            approval=ApprovalState(t[4]),
            scheduled_utc=t[5],
            second_text=t[6],
        )
        for t in db.execute(
            "SELECT id, post_id, channel_id, status, approval, scheduled_utc, second_text"
            " FROM targets WHERE post_id = ? ORDER BY id",
            (post_id,),
        )
    )
    return Post(
        id=row[0],
        author_id=row[1],
        kind=ContentKind(row[2]),
        body=row[3],
        review_note=row[4],
        targets=targets,
        welsh=row[5],
        english=row[6],
        bilingual=row[7],
    )


def set_review(
    db: Any,
    target_ids: Iterable[int],
    *,
    approval: ApprovalState,
    now: str,
    status: TargetStatus | None = None,
    scheduled_utc: str | None = None,
) -> None:
    for target_id in target_ids:
        db.execute(
            "UPDATE targets SET approval = ?, updated_utc = ?,"
            " status = coalesce(?, status), scheduled_utc = coalesce(?, scheduled_utc)"
            " WHERE id = ?",
            (approval.value, now, status.value if status else None, scheduled_utc, target_id),
        )


def set_review_note(db: Any, post_id: int, note: str, now: str) -> None:
    db.execute(
        "UPDATE posts SET review_note = ?, updated_utc = ? WHERE id = ?", (note, now, post_id)
    )


def set_status(db: Any, target_id: int, status: TargetStatus, now: str) -> None:
    db.execute(
        "UPDATE targets SET status = ?, updated_utc = ? WHERE id = ?",
        (status.value, now, target_id),
    )


def set_body(db: Any, post_id: int, body: str, now: str) -> None:
    db.execute("UPDATE posts SET body = ?, updated_utc = ? WHERE id = ?", (body, now, post_id))


@dataclass(frozen=True)
class Image:
    position: int
    file_name: str
    mime: str
    data: bytes
    alt_text: str


def insert_images(db: Any, post_id: int, images: Iterable[Image], now: str) -> None:
    db.executemany(
        "INSERT INTO post_images (post_id, position, file_name, mime, data, alt_text,"
        " created_utc) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(post_id, i.position, i.file_name, i.mime, i.data, i.alt_text, now) for i in images],
    )


def images_of(db: Any, post_id: int) -> tuple[Image, ...]:
    return tuple(
        Image(position=r[0], file_name=r[1], mime=r[2], data=bytes(r[3]), alt_text=r[4])
        for r in db.execute(
            "SELECT position, file_name, mime, data, alt_text FROM post_images"
            " WHERE post_id = ? ORDER BY position",
            (post_id,),
        )
    )


def set_languages(db: Any, post_id: int, body: str, bilingual: Bilingual, now: str) -> None:
    """A bilingual post's two texts, its form and the body made from them."""
    db.execute(
        "UPDATE posts SET body = ?, text_cy = ?, text_en = ?, bilingual = ?, updated_utc = ?"
        " WHERE id = ?",
        (body, bilingual.welsh, bilingual.english, bilingual.form, now, post_id),
    )


def set_target_texts(
    db: Any, target_id: int, first: str | None, second: str | None, now: str
) -> None:
    """A channel's own first text (None: the post's body) and, for two linked posts,
    its second (None: one post)."""
    db.execute(
        "UPDATE targets SET body_override = ?, second_text = ?, updated_utc = ? WHERE id = ?",
        (first, second, now, target_id),
    )


def own_texts(db: Any, target_ids: list[int]) -> dict[int, str]:
    """The targets given their own text (a channel's version, an amendment): that text."""
    if not target_ids:
        return {}
    marks = ",".join("?" * len(target_ids))
    return {
        int(r[0]): str(r[1])
        for r in db.execute(
            f"SELECT id, body_override FROM targets WHERE id IN ({marks})"
            " AND body_override IS NOT NULL",
            target_ids,
        )
    }


def set_target_text(db: Any, target_id: int, text: str, now: str) -> None:
    """One channel's own text for a post (an amendment made for that channel)."""
    db.execute(
        "UPDATE targets SET body_override = ?, updated_utc = ? WHERE id = ?",
        (text, now, target_id),
    )
