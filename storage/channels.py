"""Channels: the force's accounts on each network (the rows)."""

from __future__ import annotations

from typing import Any

from storage.records import Channel, ServerLimits

_SELECT = "SELECT id, name, network, account, area, enabled FROM channels"


def _channel(row: tuple[Any, ...]) -> Channel:
    return Channel(
        id=int(row[0]),
        name=row[1],
        network=row[2],
        account=row[3],
        area=row[4],
        enabled=bool(row[5]),
    )


def insert(db: Any, *, name: str, network: str, account: str, area: str, now: str) -> int:
    cursor = db.execute(
        "INSERT INTO channels (name, network, account, area, created_utc) VALUES (?, ?, ?, ?, ?)"
        " RETURNING id",
        (name, network, account, area, now),
    )
    return int(cursor.fetchone()[0])


def get(db: Any, channel_id: int) -> Channel | None:
    row = db.execute(f"{_SELECT} WHERE id = ?", (channel_id,)).fetchone()
    return None if row is None else _channel(row)


def by_name(db: Any, name: str) -> Channel | None:
    row = db.execute(f"{_SELECT} WHERE name = ?", (name,)).fetchone()
    return None if row is None else _channel(row)


def all_channels(db: Any) -> list[Channel]:
    return [_channel(row) for row in db.execute(f"{_SELECT} ORDER BY name")]


def set_enabled(db: Any, channel_id: int, enabled: bool) -> None:
    db.execute("UPDATE channels SET enabled = ? WHERE id = ?", (int(enabled), channel_id))


def set_account(db: Any, channel_id: int, account: str) -> None:
    db.execute("UPDATE channels SET account = ? WHERE id = ?", (account, channel_id))


def limits_of(db: Any, channel_id: int) -> ServerLimits | None:
    """What the channel's server last said it accepts (None: never read)."""
    row = db.execute(
        "SELECT counting, max_characters, url_length, images_max, image_max_bytes, software"
        " FROM channels WHERE id = ?",
        (channel_id,),
    ).fetchone()
    if row is None or row[0] is None:
        return None
    return ServerLimits(row[0], row[1], row[2], row[3], row[4], row[5] or "")


def all_limits(db: Any) -> dict[int, ServerLimits]:
    """Every channel's ``limits_of`` that Cordon has read."""
    return {
        channel.id: limits
        for channel in all_channels(db)
        if (limits := limits_of(db, channel.id)) is not None
    }


def set_limits(db: Any, channel_id: int, limits: ServerLimits | None, now: str) -> None:
    """Keep what the server said (None forgets it: the network's defaults apply)."""
    values = (
        (None,) * 6
        if limits is None
        else (
            limits.counting,
            limits.max_characters,
            limits.url_length,
            limits.images_max,
            limits.image_max_bytes,
            limits.software or None,
        )
    )
    db.execute(
        "UPDATE channels SET counting = ?, max_characters = ?, url_length = ?, images_max = ?,"
        " image_max_bytes = ?, software = ?, limits_changed_utc = ? WHERE id = ?",
        (*values, None if limits is None else now, channel_id),
    )
