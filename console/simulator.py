"""The simulator network: a real HTTP server on 127.0.0.1 that behaves like one.

Used by the demo store, by exercises and by tests. It never talks to anything but
its own clients. Like a real network it has a text limit, latency, and failures on
demand (429 with Retry-After, 500, a timeout, an expired token); like Mastodon it
honours an ``Idempotency-Key``: a retried post with the same key is not posted
twice. It keeps what it received, so tests, exercises and the demo can show it.

    POST /accounts/{account}/media      {"data": base64, "mime": ..., "alt": ...}
    POST /accounts/{account}/statuses   {"text": ..., "media_ids": [...]}  Idempotency-Key: K
    GET  /accounts/{account}/statuses[?key=K]
    POST /control   {"fail": [...], "latency": s, "limit": n}
    GET  /health
"""

from __future__ import annotations

import base64
import json
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

DEFAULT_LIMIT = 500


@dataclass
class Media:
    id: str
    account: str
    mime: str
    size: int
    alt: str


@dataclass
class Received:
    id: str
    account: str
    text: str
    key: str
    at: float
    media: tuple[Media, ...] = ()


@dataclass
class SimulatorState:
    """Everything the simulated network holds. Thread-safe."""

    limit: int = DEFAULT_LIMIT
    latency: float = 0.0
    failures: list[str] = field(default_factory=list)  # 429 500 401 timeout garbage
    statuses: list[Received] = field(default_factory=list)
    media: dict[str, Media] = field(default_factory=dict)
    requests: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def by_key(self, account: str, key: str) -> Received | None:
        return next((s for s in self.statuses if s.account == account and s.key == key), None)


class SimulatorServer:
    """Runs the simulator in a thread; ``url`` is where to reach it."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.state = SimulatorState()
        handler = _handler_for(self.state)
        self._server = _QuietServer((host, port), handler)
        self._server.daemon_threads = True
        self._server.block_on_close = False  # a simulated timeout must not hold up stop()
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="cordon-simulator", daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> SimulatorServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread.is_alive():
            self._server.shutdown()
            self._thread.join(timeout=5)
        self._server.server_close()

    def fail_next(self, *modes: str) -> None:
        with self.state.lock:
            self.state.failures.extend(modes)

    def received(self, account: str | None = None) -> list[Received]:
        with self.state.lock:
            return [s for s in self.state.statuses if account is None or s.account == account]


class _QuietServer(ThreadingHTTPServer):
    request_queue_size = 256  # the stdlib's 5 refuses a burst from a busy console

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that went away mid-request (a killed app) is normal here."""
        return


def _handler_for(state: SimulatorState) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "CordonSimulator/1"

        def log_message(self, format: str, *args: Any) -> None:
            return  # quiet: tests and the app read the state, not a log

        def _reply(
            self, code: int, body: dict[str, Any], headers: dict[str, str] | None = None
        ) -> None:
            data = json.dumps(body).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def _body(self) -> dict[str, Any]:
            length = int(self.headers.get("Content-Length") or 0)
            try:
                parsed = json.loads(self.rfile.read(length) or b"{}")
            except json.JSONDecodeError:
                return {}
            return parsed if isinstance(parsed, dict) else {}

        def _upload(self, account: str) -> None:
            body = self._body()
            try:
                data = base64.b64decode(str(body.get("data", "")), validate=True)
            except ValueError:
                self._reply(422, {"error": "Validation failed: the file is not base64"})
                return
            if not data:
                self._reply(422, {"error": "Validation failed: the file is empty"})
                return
            alt = str(body.get("alt", ""))
            media = Media(uuid.uuid4().hex[:10], account, str(body.get("mime", "")), len(data), alt)
            with state.lock:
                state.media[media.id] = media
            self._reply(200, {"id": media.id})

        def do_GET(self) -> None:
            path, _, query = self.path.partition("?")
            if path == "/health":
                self._reply(200, {"ok": True})
                return
            parts = path.strip("/").split("/")
            if len(parts) == 3 and parts[0] == "accounts" and parts[2] == "statuses":
                key = dict(p.split("=", 1) for p in query.split("&") if "=" in p).get("key")
                with state.lock:
                    found = [
                        _public(s)
                        for s in state.statuses
                        if s.account == parts[1] and (key is None or s.key == key)
                    ]
                self._reply(200, {"statuses": found})
                return
            self._reply(404, {"error": "Not found"})

        def do_POST(self) -> None:
            parts = self.path.strip("/").split("/")
            if parts == ["control"]:
                body = self._body()
                with state.lock:
                    state.failures.extend(str(f) for f in body.get("fail", []))
                    state.latency = float(body.get("latency", state.latency))
                    state.limit = int(body.get("limit", state.limit))
                self._reply(200, {"ok": True})
                return
            if len(parts) == 3 and parts[0] == "accounts" and parts[2] == "media":
                self._upload(parts[1])
                return
            if not (len(parts) == 3 and parts[0] == "accounts" and parts[2] == "statuses"):
                self._reply(404, {"error": "Not found"})
                return
            with state.lock:
                state.requests += 1
                failure = state.failures.pop(0) if state.failures else None
                latency = state.latency
            if latency:
                time.sleep(latency)
            if failure == "timeout":
                time.sleep(30)  # longer than any client waits
                return
            if failure == "429":
                self._reply(429, {"error": "Too many requests"}, {"Retry-After": "2"})
                return
            if failure == "500":
                self._reply(500, {"error": "Internal server error"})
                return
            if failure == "401":
                self._reply(401, {"error": "The access token expired"})
                return
            if failure == "garbage":
                data = b"<html>Bad gateway</html>"
                self.send_response(200)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                return
            body = self._body()
            text = str(body.get("text", ""))
            key = self.headers.get("Idempotency-Key", "")
            account = parts[1]
            with state.lock:
                if not text.strip():
                    self._reply(422, {"error": "Validation failed: Text can't be blank"})
                    return
                if len(text) > state.limit:
                    self._reply(
                        422,
                        {"error": f"Validation failed: Text is too long (maximum is "
                                  f"{state.limit} characters)"},
                    )  # fmt: skip
                    return
                wanted = [str(m) for m in body.get("media_ids", [])]
                unknown = [m for m in wanted if m not in state.media]
                if unknown:
                    self._reply(422, {"error": f"Validation failed: unknown media {unknown[0]}"})
                    return
                existing = state.by_key(account, key) if key else None
                if existing is None:
                    existing = Received(
                        uuid.uuid4().hex[:12], account, text, key, time.time(),
                        tuple(state.media[m] for m in wanted),
                    )  # fmt: skip
                    state.statuses.append(existing)
            self._reply(200, _public(existing))

    return Handler


def _public(status: Received) -> dict[str, Any]:
    return {
        "media": [{"id": m.id, "alt": m.alt, "size": m.size} for m in status.media],
        "id": status.id,
        "account": status.account,
        "text": status.text,
        "key": status.key,
        "url": f"https://simulator.invalid/@{status.account}/{status.id}",
    }


def serve_forever(port: int) -> None:  # pragma: no cover - used by hand and by subprocesses
    server = SimulatorServer(port=port)
    print(server.url, flush=True)
    server._server.serve_forever()
