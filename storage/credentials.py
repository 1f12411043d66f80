"""Channel credentials (the rows): tokens as JSON, their expiry, the network's address.

The secrets never leave this module except inside a ``StoredCredentials``, whose
``repr`` leaves them out; callers put them into an adapter's ``Account`` and
nowhere else.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from storage.secrets import seal, unseal


@dataclass(frozen=True)
class StoredCredentials:
    channel_id: int
    base_url: str
    secrets: dict[str, str] = field(repr=False)
    expires_utc: str | None
    connected_utc: str
    refreshed_utc: str | None

    def __repr__(self) -> str:  # never the secrets
        return f"StoredCredentials(channel {self.channel_id}, {self.base_url!r})"


def _context(channel_id: int) -> str:
    return f"channel_credentials.secrets|{channel_id}"


def _secrets(db: Any, channel_id: int, text: str) -> dict[str, str]:
    parsed = json.loads(unseal(db, text, _context(channel_id)))
    if not isinstance(parsed, dict):
        return {}
    return {str(k): str(v) for k, v in parsed.items()}


def _dump(db: Any, channel_id: int, secrets: dict[str, str]) -> str:
    return seal(
        db, json.dumps(secrets, sort_keys=True, separators=(",", ":")), _context(channel_id)
    )


def get(db: Any, channel_id: int) -> StoredCredentials | None:
    row = db.execute(
        "SELECT channel_id, base_url, secrets, expires_utc, connected_utc, refreshed_utc"
        " FROM channel_credentials WHERE channel_id = ?",
        (channel_id,),
    ).fetchone()
    if row is None:
        return None
    return StoredCredentials(
        int(row[0]), row[1], _secrets(db, channel_id, row[2]), row[3], row[4], row[5]
    )


def put(
    db: Any,
    channel_id: int,
    *,
    base_url: str,
    secrets: dict[str, str],
    expires_utc: str | None,
    now: str,
) -> None:
    """Connect (or reconnect) a channel: its credentials replace any earlier ones."""
    db.execute(
        "INSERT INTO channel_credentials (channel_id, base_url, secrets, expires_utc,"
        " connected_utc) VALUES (?, ?, ?, ?, ?) ON CONFLICT (channel_id) DO UPDATE SET"
        " base_url = excluded.base_url, secrets = excluded.secrets,"
        " expires_utc = excluded.expires_utc, connected_utc = excluded.connected_utc,"
        " refreshed_utc = NULL",
        (channel_id, base_url, _dump(db, channel_id, secrets), expires_utc, now),
    )


def update_secrets(
    db: Any, channel_id: int, secrets: dict[str, str], expires_utc: str | None, now: str
) -> bool:
    """Keep tokens a network renewed; False if the channel was disconnected meanwhile."""
    cursor = db.execute(
        "UPDATE channel_credentials SET secrets = ?, expires_utc = ?, refreshed_utc = ?"
        " WHERE channel_id = ?",
        (_dump(db, channel_id, secrets), expires_utc, now, channel_id),
    )
    return bool(cursor.rowcount == 1)


def delete(db: Any, channel_id: int) -> bool:
    cursor = db.execute("DELETE FROM channel_credentials WHERE channel_id = ?", (channel_id,))
    return bool(cursor.rowcount == 1)


def expiries(db: Any) -> dict[int, str | None]:
    """Every connected channel and when its token expires (no secret is read)."""
    rows = db.execute("SELECT channel_id, expires_utc FROM channel_credentials")
    return {int(row[0]): row[1] for row in rows}


def expiry_of(db: Any, channel_id: int) -> str | None:
    row = db.execute(
        "SELECT expires_utc FROM channel_credentials WHERE channel_id = ?", (channel_id,)
    ).fetchone()
    return None if row is None else row[0]
