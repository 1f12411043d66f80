"""A real HTTP server on 127.0.0.1 for the channel adapters' tests, with faults on demand.

Each network's loopback server (``x_server``, ``facebook_server``) is an ``App``: it
answers ``Request`` objects from its own in-memory state. ``LoopbackServer`` runs it
on a ``ThreadingHTTPServer`` bound to 127.0.0.1 on a free port, in a daemon thread,
and lets a test queue faults for the next matching request:

* ``answer``: a canned status, headers and body (a 429, a 500, JSON that is not JSON);
* ``slow``: wait before answering (the adapter's short timeout fires first);
* ``drop``: close the connection without answering and without doing anything;
* ``commit_then_drop``: do the work (the post exists) and close the connection
  before the answer is written: the response lost after the server committed;
* ``commit_then_garble``: do the work, then answer its status with a body that is
  not JSON (a proxy that mangled a successful answer).
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

GARBLED = b'{"data": {"id": <html>Bad gateway'


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]  # names in lower case
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body or b"null")

    def form(self) -> dict[str, str]:
        """A urlencoded form body, or the text fields of a multipart one."""
        kind = self.headers.get("content-type", "")
        if kind.startswith("multipart/form-data"):
            return {k: v for k, v in multipart(self).items() if isinstance(v, str)}
        parsed = parse_qs(self.body.decode(), keep_blank_values=True)
        return {k: v[-1] for k, v in parsed.items()}

    def bearer(self) -> str | None:
        value = self.headers.get("authorization", "")
        return value[7:] if value.lower().startswith("bearer ") else None


@dataclass
class Response:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    plain: bool = False  # True: without the headers every other answer carries

    @classmethod
    def of(
        cls,
        status: int,
        payload: object,
        headers: dict[str, str] | None = None,
        plain: bool = False,
    ) -> Response:
        all_headers = {"Content-Type": "application/json; charset=utf-8", **(headers or {})}
        return cls(status, json.dumps(payload).encode(), all_headers, plain)


def multipart(request: Request) -> dict[str, str | bytes]:
    """Fields of a multipart/form-data body: text as str, files as bytes."""
    kind = request.headers.get("content-type", "")
    boundary = kind.split("boundary=", 1)[1].strip('"').encode()
    fields: dict[str, str | bytes] = {}
    for part in request.body.split(b"--" + boundary):
        if b"\r\n\r\n" not in part:
            continue
        head, _, content = part.partition(b"\r\n\r\n")
        content = content.removesuffix(b"\r\n")
        disposition = next(
            (line for line in head.decode().split("\r\n") if "content-disposition" in line.lower()),
            "",
        )
        name = disposition.split('name="', 1)[1].split('"', 1)[0] if 'name="' in disposition else ""
        fields[name] = content if "filename=" in disposition else content.decode()
    return fields


class App:
    """A network's behaviour: subclasses answer requests from their state."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.requests: list[Request] = []

    def handle(self, request: Request) -> Response:
        raise NotImplementedError

    def headers_for(self, request: Request, response: Response) -> dict[str, str]:
        """Headers every answer carries (rate-limit headers, for instance)."""
        return {}


@dataclass
class Fault:
    kind: str  # answer | slow | drop | commit_then_drop | commit_then_garble
    method: str | None = None
    path: str | None = None  # a prefix of the request path
    response: Response | None = None
    seconds: float = 0.0
    times: int = 1

    def matches(self, request: Request) -> bool:
        return (self.method is None or self.method == request.method) and (
            self.path is None or request.path.startswith(self.path)
        )


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet: tests read state
        pass

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def do_DELETE(self) -> None:
        self._serve()

    def do_PUT(self) -> None:
        self._serve()

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        split = urlsplit(self.path)
        query = {k: v[-1] for k, v in parse_qs(split.query, keep_blank_values=True).items()}
        request = Request(
            self.command, split.path, query, {k.lower(): v for k, v in self.headers.items()}, body
        )
        owner = self.server.owner
        fault = owner.take_fault(request)
        app = owner.app
        with app.lock:
            app.requests.append(request)
        if fault is not None and fault.kind == "drop":
            self.close_connection = True
            return
        if fault is not None and fault.kind == "slow":
            owner.stopping.wait(fault.seconds)
        if owner.latency:
            owner.stopping.wait(owner.latency)
        if fault is not None and fault.kind == "answer" and fault.response is not None:
            response = fault.response
        else:
            with app.lock:
                response = app.handle(request)
        if fault is not None and fault.kind == "commit_then_drop":
            self.close_connection = True
            return
        if fault is not None and fault.kind == "commit_then_garble":
            response = Response(response.status, GARBLED, {"Content-Type": "application/json"})
        with app.lock:
            extra = {} if response.plain else app.headers_for(request, response)
        self.send_response(response.status)
        for name, value in {**extra, **response.headers}.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        self.wfile.write(response.body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    owner: LoopbackServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that timed out and left: nothing to report


class LoopbackServer:
    """Runs an ``App`` on 127.0.0.1 at a free port until ``stop()``."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.stopping = threading.Event()
        self.latency = 0.0  # seconds every answer waits (the benchmarks' far-away network)
        self._faults: list[Fault] = []
        self._faults_lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.owner = self
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> LoopbackServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    # -- faults -------------------------------------------------------------------------

    def fault(self, fault: Fault) -> None:
        with self._faults_lock:
            self._faults.append(fault)

    def answer(
        self, response: Response, method: str | None = None, path: str | None = None, times: int = 1
    ) -> None:
        self.fault(Fault("answer", method, path, response=response, times=times))

    def slow(self, seconds: float, method: str | None = None, path: str | None = None) -> None:
        self.fault(Fault("slow", method, path, seconds=seconds))

    def drop(self, method: str | None = None, path: str | None = None) -> None:
        self.fault(Fault("drop", method, path))

    def commit_then_drop(self, method: str | None = None, path: str | None = None) -> None:
        self.fault(Fault("commit_then_drop", method, path))

    def malformed(
        self, method: str | None = None, path: str | None = None, status: int = 200
    ) -> None:
        """Answer ``status`` with a body that is not JSON, without doing anything."""
        response = Response(status, GARBLED, {"Content-Type": "application/json"})
        self.fault(Fault("answer", method, path, response=response))

    def commit_then_garble(self, method: str | None = None, path: str | None = None) -> None:
        self.fault(Fault("commit_then_garble", method, path))

    def take_fault(self, request: Request) -> Fault | None:
        with self._faults_lock:
            for fault in self._faults:
                if fault.matches(request):
                    fault.times -= 1
                    if fault.times <= 0:
                        self._faults.remove(fault)
                    return fault
        return None


def run(app: App) -> LoopbackServer:
    return LoopbackServer(app).start()
