"""A tiny loopback stand-in for a Bluesky PDS and its app view, written by us.

It exists for what a real PDS cannot be made to do on demand (a 429, a 500, a hang,
malformed JSON) and for what a lone PDS does not offer (notifications and post
counts come from an app view). Everything else is tested against the real
``@atproto/pds`` (tests/channels/conftest.py).

Answers follow the published lexicons of bluesky-social/atproto:

* ``lexicons/com/atproto/server/createSession.json`` and ``refreshSession.json``
  (``accessJwt``, ``refreshJwt``, ``handle``, ``did``);
* ``lexicons/com/atproto/repo/createRecord.json`` (``uri``, ``cid``),
  ``getRecord.json`` (``uri``, ``cid``, ``value``; a missing record is
  ``400 RecordNotFound``, as the real PDS answers), ``uploadBlob.json``;
* ``lexicons/com/atproto/identity/resolveHandle.json`` (``did``);
* ``lexicons/app/bsky/notification/listNotifications.json``: parameters ``limit``
  (1-100, default 50), ``cursor``, ``reasons``; output ``{cursor?, notifications:
  [{uri, cid, author: app.bsky.actor.defs#profileView, reason, reasonSubject?,
  record, isRead, indexedAt, labels?}]}``, newest first, the cursor leading to
  older notifications;
* ``lexicons/app/bsky/feed/getPosts.json``: ``uris`` (at most 25) → ``{posts:
  [app.bsky.feed.defs#postView]}`` with ``likeCount``, ``replyCount``,
  ``repostCount``;
* errors as XRPC writes them: ``{"error": "Name", "message": "..."}``, rate limits
  in ``ratelimit-limit``/``-remaining``/``-reset`` (Unix seconds) headers.

Any route can be replaced by a test (``stub.routes[nsid] = handler``).
"""

from __future__ import annotations

import base64
import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass
class Request:
    method: str
    nsid: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body or b"{}")


@dataclass
class Reply:
    status: int = 200
    body: Any = field(default_factory=dict)  # JSON-able, or bytes sent as they are
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering (a hang)


Handler = Callable[[Request], Reply]


def unsigned_jwt(sub: str, lifetime: float, scope: str = "com.atproto.access") -> str:
    """A JWT-shaped token: the adapter only reads its ``exp``; the stub trusts any."""

    def part(value: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()

    now = int(time.time())
    claims = {"scope": scope, "sub": sub, "iat": now, "exp": int(now + lifetime)}
    return f"{part({'alg': 'HS256', 'typ': 'at+jwt'})}.{part(claims)}.c2lnbmF0dXJl"


def error(status: int, name: str, message: str, **headers: str) -> Reply:
    return Reply(status, {"error": name, "message": message}, dict(headers))


class StubXrpc:
    """One stub server on 127.0.0.1, in a thread of its own."""

    def __init__(self, did: str = "did:plc:stubstubstubstubstubstub") -> None:
        self.did = did
        self.calls: list[Request] = []
        self.records: dict[str, dict[str, Any]] = {}  # rkey -> record
        self.notifications: list[dict[str, Any]] = []  # newest first
        self.posts: dict[str, dict[str, Any]] = {}  # at-uri -> postView
        self.routes: dict[str, Handler] = {
            "com.atproto.server.createSession": self._session,
            "com.atproto.server.refreshSession": self._session,
            "com.atproto.identity.resolveHandle": lambda request: error(
                400, "HandleNotFound", "Unable to resolve handle"
            ),
            "com.atproto.repo.createRecord": self._create,
            "com.atproto.repo.getRecord": self._get,
            "com.atproto.repo.deleteRecord": self._delete,
            "com.atproto.repo.uploadBlob": self._blob,
            "app.bsky.notification.listNotifications": self._notifications,
            "app.bsky.feed.getPosts": self._get_posts,
        }
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def calls_to(self, nsid: str) -> list[Request]:
        return [call for call in self.calls if call.nsid == nsid]

    @contextmanager
    def running(self) -> Iterator[StubXrpc]:
        self._thread.start()
        try:
            yield self
        finally:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(5)

    # -- default routes ----------------------------------------------------------------

    def _session(self, request: Request) -> Reply:
        return Reply(
            body={
                "accessJwt": unsigned_jwt(self.did, 7200),
                "refreshJwt": unsigned_jwt(self.did, 90 * 86400, "com.atproto.refresh"),
                "handle": "stub.test",
                "did": self.did,
            }
        )

    def _create(self, request: Request) -> Reply:
        body = request.json()
        rkey = body.get("rkey") or f"3stub{len(self.records):08d}"
        if rkey in self.records:
            return error(500, "InternalServerError", "Internal Server Error")
        self.records[rkey] = body["record"]
        return Reply(body={"uri": self._uri(rkey), "cid": "bafyreistub"})

    def _get(self, request: Request) -> Reply:
        rkey = request.query.get("rkey", [""])[0]
        if rkey not in self.records:
            return error(400, "RecordNotFound", f"Could not locate record: {self._uri(rkey)}")
        return Reply(body={"uri": self._uri(rkey), "cid": "bafyreistub", "value": {}})

    def _delete(self, request: Request) -> Reply:
        self.records.pop(request.json().get("rkey", ""), None)
        return Reply(body={})

    def _blob(self, request: Request) -> Reply:
        mime = request.headers.get("content-type", "")
        blob = {"$type": "blob", "ref": {"$link": "bafkreistub"}, "mimeType": mime}
        return Reply(body={"blob": {**blob, "size": len(request.body)}})

    def _notifications(self, request: Request) -> Reply:
        limit = int(request.query.get("limit", ["50"])[0])
        start = int(request.query.get("cursor", ["0"])[0])
        reasons = set(request.query.get("reasons", []))
        chosen = [n for n in self.notifications if not reasons or n["reason"] in reasons]
        page = chosen[start : start + limit]
        body: dict[str, Any] = {"notifications": page}
        if start + limit < len(chosen):
            body["cursor"] = str(start + limit)
        return Reply(body=body)

    def _get_posts(self, request: Request) -> Reply:
        uris = request.query.get("uris", [])
        return Reply(body={"posts": [self.posts[uri] for uri in uris if uri in self.posts]})

    def _uri(self, rkey: str) -> str:
        return f"at://{self.did}/app.bsky.feed.post/{rkey}"

    # -- the HTTP side -----------------------------------------------------------------

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        stub = self

        class Handle(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                self._serve()

            def do_POST(self) -> None:
                self._serve()

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _serve(self) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                request = Request(
                    method=self.command,
                    nsid=parts.path.removeprefix("/xrpc/"),
                    query=parse_qs(parts.query),
                    headers={k.lower(): v for k, v in self.headers.items()},
                    body=self.rfile.read(length) if length else b"",
                )
                stub.calls.append(request)
                route = stub.routes.get(request.nsid)
                reply = route(request) if route else error(501, "MethodNotImplemented", "")
                if reply.delay:
                    time.sleep(reply.delay)
                data = (
                    reply.body if isinstance(reply.body, bytes) else json.dumps(reply.body).encode()
                )
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", "application/json; charset=utf-8")
                    self.send_header("Content-Length", str(len(data)))
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting (the timeout tests)

        return Handle


def notification(
    number: int,
    reason: str,
    indexed_at: str,
    *,
    author: str = "resident.test",
    text: str = "",
    reply_to: str | None = None,
) -> dict[str, Any]:
    """A notification as listNotifications.json describes one."""
    did = f"did:plc:author{number:020d}"
    uri = f"at://{did}/app.bsky.feed.post/3kstub{number:07d}"
    record: dict[str, Any] = {
        "$type": "app.bsky.feed.post",
        "text": text or f"Message {number} for @force.test",
        "createdAt": indexed_at,
    }
    if reply_to is not None:
        ref = {"uri": reply_to, "cid": "bafyreiparent"}
        record["reply"] = {"root": ref, "parent": ref}
    return {
        "uri": uri,
        "cid": f"bafyrei{number:010d}",
        "author": {"did": did, "handle": author, "displayName": f"Resident {number}"},
        "reason": reason,
        "record": record,
        "isRead": False,
        "indexedAt": indexed_at,
        "labels": [],
    }
