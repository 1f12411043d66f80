"""What the adapters' tests share: a target as the engine claims it, a small image, and
the sink that stands for the encrypted store where renewed tokens go."""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Protocol
from uuid import uuid4

import pytest

from console.channels.base import LookupFailed, NetworkAdapter, Transient
from storage.posts import Image
from storage.queue import Claimed
from storage.timeutil import to_iso
from tests.channels.servers.scripted_http import App, LoopbackServer, run

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


async def check_transport_faults(
    make: Callable[[LoopbackServer, float], NetworkAdapter],
    app: App,
    name: str,
    claimed: Claim,
) -> None:
    """What every adapter says when its network does not answer as one: a slow answer
    is a timeout, a server that is gone is unreachable (and ``find`` cannot tell), an
    answer that is not JSON cannot be read. Each is ``Transient``; the first two say
    the network could not be reached (offline detection counts them)."""
    server = run(app)
    quick = make(server, 0.3)
    server.slow(2.0, "GET")
    try:
        slow = await quick.fetch_inbox(None)
        server.malformed("GET")
        garbled = await quick.fetch_inbox(None)
    finally:
        await quick.aclose()
        server.stop()
    gone = make(server, 2.0)  # the server is stopped: nothing listens there now
    try:
        unreachable = await gone.publish(claimed("Nobody home"))
        with pytest.raises(LookupFailed):
            await gone.find(claimed("Nobody home"))
    finally:
        await gone.aclose()

    assert slow == Transient(f"{name} did not answer in time.")
    assert isinstance(slow, Transient) and slow.unreachable
    assert garbled == Transient(f"The answer from {name} could not be read.")
    assert isinstance(unreachable, Transient) and unreachable.unreachable
    assert unreachable.message.startswith(f"{name} could not be reached")
