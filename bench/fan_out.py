"""Fan-out: one post to 10 channels whose servers each answer after 200 ms, against
the same post to one channel, in one run (the target: at most 1.5x).

    .venv/bin/python bench/fan_out.py [--repeat N] [--latency S]

Everything goes the way a running console sends: posts made in the encrypted store,
then ``Publisher.publish_due`` with ``ChannelAdapters`` (one adapter per channel,
built from the channel's stored credentials) claiming, sending and recording each
target with its audit entries. Two networks, each on real servers on 127.0.0.1:

* **mastodon**: ten Mastodon API servers (``tests/channels/servers/mastodon_stub.py``,
  each its own HTTP server and port), every answer delayed by the latency; ten
  Mastodon channels, each connected (``console.credentials.connect``) to its own
  server, so each send is a real ``MastodonAdapter`` ``POST /api/v1/statuses``;
* **simulator**: the in-process simulator network with the same latency, ten
  channels on ten accounts.

A warm-up post to every channel first (adapters built, connections open, as in a
console that has been running); then ``--repeat`` rounds of one post to one channel
and one post to all ten, alternating; the medians are compared.

**Seven networks**: one holding statement to 20 channels on seven networks, every
server answering after the latency: Mastodon (4 stub servers), the simulator (4
accounts), X (2 accounts), Facebook (3 Pages), Threads (2 accounts), Instagram (2
accounts, each post a statement card drawn and hosted through the Page) and LinkedIn
(3 Pages), each network on its loopback server from ``tests/channels/servers/``. A
network's one send takes as many round trips as its API needs (Instagram's is a
dozen: the daily quota, the card's upload and address, the container, its status,
publishing, the link), so the fan-out is compared with the slowest network's one
channel: sending to all 20 should cost no more than 1.5 times that.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx

from console import channel_admin, credentials, posts
from console import users as user_admin
from console.adapters import ChannelAdapters
from console.channels.simulator import SimulatorAdapter
from console.publisher import Publisher, PublishPolicy
from console.session import Session, SignInThrottle, sign_in
from console.simulator import SimulatorServer
from storage.keyslots import KdfParams
from storage.lifecycle import create_store
from storage.records import Role
from storage.store import Transaction
from storage.timeutil import to_iso
from tests.channels.servers.facebook_server import FacebookApp
from tests.channels.servers.instagram_server import InstagramApp
from tests.channels.servers.linkedin_server import LinkedInApp
from tests.channels.servers.mastodon_stub import StubServer
from tests.channels.servers.scripted_http import App, LoopbackServer, run
from tests.channels.servers.threads_server import ThreadsApp
from tests.channels.servers.x_server import XApp

PASSWORD = "benchmark password"
CHANNELS = 10


async def desk(folder: Path, name: str) -> Session:
    path = folder / f"{name}.cordon"
    store = await create_store(path, user="alice", password=PASSWORD, kdf=KdfParams(1, 64))
    await store.close()
    session = await sign_in(path, "alice", PASSWORD, via="bench", throttle=SignInThrottle())
    await user_admin.set_roles(
        session, "alice", [Role.ADMINISTRATOR, Role.DUTY_OFFICER], reason="bench"
    )
    return session


async def send(session: Session, publisher: Publisher, channel_ids: Sequence[int]) -> float:
    """One post to ``channel_ids``, due now; seconds until every target is recorded."""
    due = to_iso(datetime.now(UTC) - timedelta(seconds=1))
    text = f"The A64 at Eastbridge is closed both ways. {time.monotonic_ns()}"

    def make(tx: Transaction) -> None:
        posts.create_in(tx, session, posts.NewPost(text, list(channel_ids), due))

    await session.store.write(make)
    started = time.perf_counter()
    results = await publisher.publish_due()
    elapsed = time.perf_counter() - started
    sent = sum(result.status == "published" for result in results)
    assert sent == len(channel_ids), [r for r in results if r.status != "published"][:3]
    return elapsed


async def rounds(
    session: Session, publisher: Publisher, ids: list[int], repeat: int
) -> tuple[float, float]:
    await send(session, publisher, ids)  # warm-up: adapters built, connections open
    one: list[float] = []
    ten: list[float] = []
    for _ in range(repeat):
        one.append(await send(session, publisher, ids[:1]))
        ten.append(await send(session, publisher, ids))
    return statistics.median(one), statistics.median(ten)


async def mastodon(folder: Path, repeat: int, latency: float) -> tuple[float, float, int]:
    servers = [StubServer().start() for _ in range(CHANNELS)]
    for server in servers:
        server.state.latency = latency
    session = await desk(folder, "mastodon")
    try:
        ids = []
        for n, server in enumerate(servers, start=1):
            channel = await channel_admin.add_channel(
                session, name=f"Force Mastodon {n}", network="mastodon", account="cordon"
            )
            await credentials.connect(
                session, channel.id, secrets={"access_token": "good-token"}, base_url=server.url
            )
            ids.append(channel.id)
        adapters = ChannelAdapters(session.store)
        publisher = Publisher(session.store, adapters)
        try:
            one, ten = await rounds(session, publisher, ids, repeat)
        finally:
            await adapters.aclose()
        calls = len(servers[0].requests_to("POST", "/api/v1/statuses"))
        return one, ten, calls
    finally:
        await session.sign_out()
        for server in servers:
            server.stop()


async def simulator(folder: Path, repeat: int, latency: float) -> tuple[float, float]:
    server = SimulatorServer().start()
    server.state.latency = latency
    session = await desk(folder, "simulator")
    shared = SimulatorAdapter(server.url, timeout=httpx.Timeout(30.0))
    try:
        ids = []
        for n in range(1, CHANNELS + 1):
            channel = await channel_admin.add_channel(
                session, name=f"Force {n}", network="simulator", account=f"force{n}"
            )
            ids.append(channel.id)
        adapters = ChannelAdapters(session.store, simulator=shared)
        publisher = Publisher(session.store, adapters, policy=PublishPolicy())
        try:
            return await rounds(session, publisher, ids, repeat)
        finally:
            await adapters.aclose()
    finally:
        await shared.aclose()
        await session.sign_out()
        server.stop()


# (network, channels, the loopback app, (secrets, handle) for one channel)
SEVEN = ("mastodon", "simulator", "x", "facebook", "threads", "instagram", "linkedin")
COUNTS = {"mastodon": 4, "simulator": 4, "x": 2, "facebook": 3, "threads": 2,
          "instagram": 2, "linkedin": 3}  # fmt: skip


def account_on(app: App) -> tuple[dict[str, str], str]:
    """Secrets and the account's handle, issued by the loopback network itself."""
    if isinstance(app, InstagramApp):
        return {"page_access_token": app.issue_page_token(), "page_id": app.page_id}, app.ig_user
    if isinstance(app, FacebookApp):
        return {"page_access_token": app.issue_page_token()}, app.page_id
    if isinstance(app, XApp):
        access, refresh = app.issue()
        return {"access_token": access, "refresh_token": refresh,
                "client_id": app.client_id}, app.user_id  # fmt: skip
    if isinstance(app, ThreadsApp):
        return {"access_token": app.issue()}, app.user_id
    if isinstance(app, LinkedInApp):
        return {"access_token": app.issue()[0]}, app.organization
    raise TypeError(app)


async def seven_networks(folder: Path, repeat: int, latency: float) -> None:
    """20 channels on seven networks: each network's one channel, and all 20 at once."""
    makers = {"x": XApp, "facebook": FacebookApp, "threads": ThreadsApp,
              "instagram": InstagramApp, "linkedin": LinkedInApp}  # fmt: skip
    loopbacks: list[LoopbackServer] = []
    stubs = [StubServer().start() for _ in range(COUNTS["mastodon"])]
    for stub in stubs:
        stub.state.latency = latency
    simulated = SimulatorServer().start()
    simulated.state.latency = latency
    shared = SimulatorAdapter(simulated.url, timeout=httpx.Timeout(30.0))
    session = await desk(folder, "seven")
    by_network: dict[str, list[int]] = {network: [] for network in SEVEN}
    try:
        for network in SEVEN:
            for n in range(COUNTS[network]):
                name = f"Force {network} {n + 1}"
                if network == "simulator":
                    made = await channel_admin.add_channel(
                        session, name=name, network=network, account=f"force{n}"
                    )
                    by_network[network].append(made.id)
                    continue
                if network == "mastodon":
                    secrets, handle, url = {"access_token": "good-token"}, "cordon", stubs[n].url
                else:
                    app = makers[network]()
                    server = run(app)
                    server.latency = latency
                    loopbacks.append(server)
                    (secrets, handle), url = account_on(app), server.url
                made = await channel_admin.add_channel(
                    session, name=name, network=network, account=handle
                )
                await credentials.connect(
                    session, made.id, secrets=secrets, base_url=url, account=handle
                )
                by_network[network].append(made.id)
        adapters = ChannelAdapters(session.store, simulator=shared)
        publisher = Publisher(session.store, adapters)
        every = [i for ids in by_network.values() for i in ids]
        try:
            await send(session, publisher, every)  # warm-up
            singles = {network: [] for network in SEVEN}  # type: dict[str, list[float]]
            fan: list[float] = []
            for _ in range(repeat):
                for network in SEVEN:
                    singles[network].append(await send(session, publisher, by_network[network][:1]))
                fan.append(await send(session, publisher, every))
        finally:
            await adapters.aclose()
    finally:
        await session.sign_out()
        await shared.aclose()
        simulated.stop()
        for stub in stubs:
            stub.stop()
        for server in loopbacks:
            server.stop()
    one = {network: statistics.median(times) for network, times in singles.items()}
    slowest = max(one, key=one.__getitem__)
    all_20 = statistics.median(fan)
    print(f"seven networks, {len(every)} channels ({', '.join(f'{n} {COUNTS[n]}' for n in SEVEN)})")
    print("  one channel: " + ", ".join(f"{n} {ms(t)}" for n, t in one.items()))
    print(
        f"  all {len(every)} at once {ms(all_20)}: {all_20 / one[slowest]:.2f}x the slowest "
        f"network's one channel ({slowest}); target at most 1.50x"
    )


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


async def main(repeat: int, latency: float) -> None:
    with tempfile.TemporaryDirectory() as folder:
        m_one, m_ten, calls = await mastodon(Path(folder), repeat, latency)
        s_one, s_ten = await simulator(Path(folder), repeat, latency)
        await seven_networks(Path(folder), repeat, latency)
    print(f"servers answer after {ms(latency)}; medians of {repeat} rounds")
    print(
        f"mastodon, 10 servers:   1 channel {ms(m_one)}, 10 channels {ms(m_ten)}: "
        f"{m_ten / m_one:.2f}x (server 1 got {calls} statuses: one per send)"
    )
    print(
        f"simulator, 10 accounts: 1 channel {ms(s_one)}, 10 channels {ms(s_ten)}: "
        f"{s_ten / s_one:.2f}x"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--latency", type=float, default=0.2)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.repeat, arguments.latency))
