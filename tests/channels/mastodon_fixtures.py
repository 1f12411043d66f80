"""Servers for the Mastodon adapter's tests: mastodon-mock in a subprocess, and our stub.

``mastodon-mock`` (PyPI, MIT; pinned in the dev extras) is a third party's stateful
in-memory Mastodon API: an independent reading of the API to check the adapter
against. It runs as ``python -m mastodon_mock serve --in-memory`` on a free
127.0.0.1 port, with a config file that seeds three accounts and their tokens.
(These helpers are plain functions and classes; the test modules wrap them in
fixtures, because ``tests/channels/conftest.py`` belongs to another adapter's work.)
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.channels.servers.mastodon_stub import StubServer

# Seeded accounts: the force's account that publishes, a second force account whose
# inbox tests read (so publishing tests cannot disturb its cursor), and a resident.
MOCK_CONFIG = """
[database]
path = ":memory:"

[auth]
permissive = false

[[seed.accounts]]
username = "cordon"
display_name = "Cordon Police"
access_token = "cordon-token"

[[seed.accounts]]
username = "desk"
display_name = "Cordon Digital Desk"
access_token = "desk-token"

[[seed.accounts]]
username = "resident"
display_name = "A Resident"
access_token = "resident-token"
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class MastodonMock:
    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


def start_mastodon_mock(folder: Path) -> MastodonMock:
    """Start mastodon-mock on 127.0.0.1 and wait until it answers (30 s at most)."""
    config = folder / "mastodon_mock.toml"
    config.write_text(MOCK_CONFIG)
    log = folder / "mastodon_mock.log"
    port = free_port()
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "mastodon_mock", "serve", "--config", str(config),
             "--in-memory", "--host", "127.0.0.1", "--port", str(port),
             "--log-level", "warning"],
            cwd=folder, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    mock = MastodonMock(f"http://127.0.0.1:{port}", process, log)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"mastodon-mock stopped: {log.read_text()[-2000:]}")
        try:
            if httpx.get(f"{mock.url}/api/v1/instance", timeout=1).status_code == 200:
                return mock
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    mock.stop()
    raise RuntimeError(f"mastodon-mock did not start in 30 s: {log.read_text()[-2000:]}")


def start_stub() -> StubServer:
    return StubServer().start()
