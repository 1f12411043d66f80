"""What the adapters' tests share: a target as the engine claims it, a small image, and
the sink that stands for the encrypted store where renewed tokens go."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta
from typing import Protocol
from uuid import uuid4

from storage.posts import Image
from storage.queue import Claimed
from storage.timeutil import to_iso

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


class Sink:
    """Where the adapter hands renewed tokens (the encrypted store, in the app)."""

    def __init__(self) -> None:
        self.calls: list[tuple[dict[str, str], str | None]] = []

    async def __call__(self, secrets: dict[str, str], expires_utc: str | None) -> None:
        self.calls.append((dict(secrets), expires_utc))


class Claim(Protocol):
    def __call__(
        self, text: str, *images: Image, attempts: int = 1, key: str | None = None
    ) -> Claimed: ...


def claim_for(network: str, account: str) -> Claim:
    """``claimed(text, *images, attempts=, key=)`` for one network's account: a target
    due five seconds ago, as the publisher claims it."""

    def claimed(text: str, *images: Image, attempts: int = 1, key: str | None = None) -> Claimed:
        return Claimed(
            target_id=1,
            post_id=1,
            channel_id=1,
            network=network,
            account=account,
            text=text,
            idempotency_key=key or uuid4().hex,
            attempts=attempts,
            scheduled_utc=to_iso(datetime.now(UTC) - timedelta(seconds=5)),
            images=images,
        )

    return claimed


def image(alt: str, position: int = 0) -> Image:
    return Image(position, f"photo{position}.png", "image/png", PNG, alt)
