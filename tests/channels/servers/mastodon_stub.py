"""A small Mastodon API server on 127.0.0.1, written by us for the adapter's tests.

It implements just what the adapter calls, from the published API reference
(docs.joinmastodon.org; the same text is in the ``mastodon/documentation``
repository under ``content/en``):

* /methods/statuses/ (``content/en/methods/statuses.md``): ``POST /api/v1/statuses``
  with ``Idempotency-Key`` (a key posted again returns what it made the first time),
  ``scheduled_at`` (a ScheduledStatus; 422 unless more than 5 minutes ahead, as
  ``ScheduledStatus#validate_future_date`` does), ``GET``/``DELETE
  /api/v1/statuses/:id``, ``GET /api/v1/statuses/:id/context``.
* /methods/media/ (``methods/media.md``): ``POST /api/v2/media`` answering 202 while
  a file is processed, ``GET /api/v1/media/:id`` answering 206 until it is done.
* /methods/scheduled_statuses/ (``methods/scheduled_statuses.md``).
* /methods/notifications/ and /methods/conversations/ (``methods/notifications.md``,
  ``methods/conversations.md``) with ``max_id``/``since_id``/``min_id`` as
  /api/guidelines/#pagination defines them, and ``Link`` headers that keep the filters.
* /methods/accounts/ (``verify_credentials``, ``:id/statuses``), /methods/instance/#v2.
* /api/rate-limits/ (``api/rate-limits.md``): ``X-RateLimit-Limit``, ``-Remaining``,
  ``-Reset`` (ISO 8601) on every answer.
* ``POST /oauth/token`` with ``grant_type=refresh_token`` (Doorkeeper's OAuth 2).
* NodeInfo (``/.well-known/nodeinfo`` and the 2.0 document) naming the software.

``StubState.software`` plays another Mastodon-compatible server. ``"gotosocial"`` as
GoToSocial behaves (checked against a real one): 5,000 characters counted as code
points with links in full (``len([]rune(status))``), ``characters_reserved_per_url``
reported but not used, and ``Idempotency-Key`` ignored (a retried post is a second
post).

Faults are scripted per route (``StubServer.fault``): an answer instead of the real one
(429, 500, ...), a delay (for timeouts), or the real work done and then the answer
replaced by bytes that are not JSON, or the connection dropped before any answer
("committed, answer lost").
"""

from __future__ import annotations

import html
import itertools
import json
import re
import socket
import threading
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email import policy
from email.parser import BytesParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

RATE_LIMIT = 300


@dataclass
class Fault:
    """What to do to the next matching request instead of (or after) the real work."""

    status: int | None = None  # answer this instead of doing the work
    headers: dict[str, str] = field(default_factory=dict)
    body: Any = None  # JSON-able, for ``status``
    delay: float = 0.0  # wait this long first (seconds)
    commit: bool = False  # do the real work, then ...
    drop: bool = False  # ... close the connection without answering, or
    garbage: bytes = b""  # ... answer 200 with these bytes instead of the JSON
    bare: bool = False  # no X-RateLimit-* headers on this answer


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def render(text: str) -> str:
    """Mastodon-style HTML for a plain text: paragraphs, line breaks, escaped
    entities, shortened links with their invisible parts, h-card mentions."""
    paragraphs = []
    for paragraph in re.split(r"\n{2,}", text.strip()):
        out = []
        position = 0
        pattern = re.compile(r"https?://[^\s<>\"]+|(?<![\w@])@(\w+)(?:@[\w.-]+\w)?")
        for match in pattern.finditer(paragraph):
            out.append(html.escape(paragraph[position : match.start()]))
            token = match.group(0)
            if token.startswith("@"):
                user = match.group(1)
                out.append(
                    f'<span class="h-card" translate="no"><a href="https://stub.example/@{user}"'
                    f' class="u-url mention">@<span>{html.escape(user)}</span></a></span>'
                )
            else:
                scheme, _, rest = token.partition("://")
                shown, hidden = rest[:30], rest[30:]
                out.append(
                    f'<a href="{html.escape(token)}" rel="nofollow noopener" target="_blank">'
                    f'<span class="invisible">{scheme}://</span>'
                    f'<span class="{"ellipsis" if hidden else ""}">{html.escape(shown)}</span>'
                    f'<span class="invisible">{html.escape(hidden)}</span></a>'
                )
            position = match.end()
        out.append(html.escape(paragraph[position:]))
        paragraphs.append("<p>" + "".join(out).replace("\n", "<br />") + "</p>")
    return "".join(paragraphs)


class StubState:
    """Everything the server knows; every access holds ``lock``."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.ids = itertools.count(110_000_000_000_000_001)
        self.notification_ids = itertools.count(9_000)
        self.conversation_ids = itertools.count(400)
        self.accounts = {
            "1": {"id": "1", "username": "cordon", "acct": "cordon", "display_name": "Cordon"},
            "2": {"id": "2", "username": "resident", "acct": "resident", "display_name": "A R"},
        }
        self.tokens: dict[str, str] = {"good-token": "1"}  # access token -> account id
        self.refresh_tokens: dict[str, str] = {}  # refresh token -> account id
        self.client = ("client-id", "client-secret")
        self.issued = itertools.count(1)
        self.statuses: dict[str, dict[str, Any]] = {}
        self.scheduled: dict[str, dict[str, Any]] = {}
        self.media: dict[str, dict[str, Any]] = {}
        self.media_polls = 0  # 206 answers before an uploaded file is processed
        self.idempotency: dict[tuple[str, str], tuple[str, str]] = {}
        self.notifications: list[dict[str, Any]] = []
        self.conversations: dict[str, str] = {}  # thread root -> conversation id
        self.faults: dict[str, deque[Fault]] = {}
        self.requests: list[tuple[str, str, dict[str, list[str]], dict[str, str]]] = []
        self.remaining = RATE_LIMIT
        self.max_characters = 500
        self.software = ("mastodon", "4.5.0")
        self.latency = 0.0  # seconds every answer waits (a distant server), for benchmarks

    def now(self) -> datetime:
        return datetime.now(UTC)

    @property
    def gotosocial(self) -> bool:
        return self.software[0] == "gotosocial"

    def play_gotosocial(self) -> None:
        self.software = ("gotosocial", "0.17.3")
        self.max_characters = 5000

    def new_id(self) -> str:
        return str(next(self.ids))

    def make_status(
        self,
        account_id: str,
        text: str,
        *,
        visibility: str = "public",
        in_reply_to: str | None = None,
        media_ids: list[str] | None = None,
    ) -> dict[str, Any]:
        status_id = self.new_id()
        status = {
            "id": status_id,
            "created_at": iso(self.now()),
            "in_reply_to_id": in_reply_to,
            "in_reply_to_account_id": (
                self.statuses[in_reply_to]["account"]["id"]
                if in_reply_to in self.statuses
                else None
            ),
            "sensitive": False,
            "spoiler_text": "",
            "visibility": visibility,
            "language": "en",
            "uri": f"https://stub.example/users/{account_id}/statuses/{status_id}",
            "url": f"https://stub.example/@{self.accounts[account_id]['username']}/{status_id}",
            "replies_count": 0,
            "reblogs_count": 0,
            "favourites_count": 0,
            "content": render(text),
            "reblog": None,
            "account": dict(self.accounts[account_id]),
            "media_attachments": [
                _public(self.media[m]) for m in media_ids or [] if m in self.media
            ],
            "mentions": [],
        }
        self.statuses[status_id] = status
        if in_reply_to in self.statuses:
            self.statuses[in_reply_to]["replies_count"] += 1
        return status

    def mention(
        self, text: str, *, in_reply_to: str | None = None, visibility: str = "public"
    ) -> dict[str, Any]:
        """The resident writes to the account: a status, and its mention notification
        (and, when direct, its conversation)."""
        status = self.make_status("2", text, visibility=visibility, in_reply_to=in_reply_to)
        self.notifications.append(
            {
                "id": str(next(self.notification_ids)),
                "type": "mention",
                "created_at": status["created_at"],
                "account": dict(self.accounts["2"]),
                "status": status,
            }
        )
        return status

    def root_of(self, status_id: str) -> str:
        while (parent := self.statuses.get(status_id, {}).get("in_reply_to_id")) is not None:
            status_id = parent
        return status_id


class StubServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.state = StubState()
        self.stopping = threading.Event()
        self._thread = threading.Thread(target=self.serve_forever, args=(0.05,), daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def start(self) -> StubServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self.shutdown()
        self.server_close()
        self._thread.join(timeout=5)

    def fault(self, route: str, *faults: Fault) -> None:
        """Script faults for ``"METHOD /path"`` (a prefix of the path), in order."""
        with self.state.lock:
            self.state.faults.setdefault(route, deque()).extend(faults)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that gave up (a timeout test) is not an error of the server."""

    def requests_to(self, method: str, path: str) -> list[dict[str, list[str]]]:
        with self.state.lock:
            return [q for m, p, q, _ in self.state.requests if m == method and p == path]

    def headers_of(self, method: str, path: str) -> list[dict[str, str]]:
        with self.state.lock:
            return [h for m, p, _, h in self.state.requests if m == method and p == path]


class _Handler(BaseHTTPRequestHandler):
    server: StubServer
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes: with Nagle's algorithm on, the body waits
    # for the client's delayed ACK (about 40 ms a request on a kept-alive connection).
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def do_DELETE(self) -> None:
        self._serve("DELETE")

    def _serve(self, method: str) -> None:
        parts = urlsplit(self.path)
        path = parts.path.rstrip("/") or "/"
        query = parse_qs(parts.query, keep_blank_values=True)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        state = self.server.state
        with state.lock:
            headers = {
                k.lower(): v for k, v in self.headers.items() if k.lower() != "authorization"
            }
            state.requests.append((method, path, query, headers))
            fault = None
            for route, queued in state.faults.items():
                route_method, _, prefix = route.partition(" ")
                if route_method == method and path.startswith(prefix) and queued:
                    fault = queued.popleft()
                    break
            latency = state.latency
        if latency:
            self.server.stopping.wait(latency)
        if fault is not None and fault.delay:
            self.server.stopping.wait(fault.delay)
        if fault is not None and fault.status is not None:
            self._answer(fault.status, fault.body, fault.headers, bare=fault.bare)
            return
        with state.lock:
            status, answer, extra = self._route(method, path, query, body)
        if fault is not None and fault.commit and fault.drop:
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        if fault is not None and fault.commit and fault.garbage:
            self._answer(200, None, {}, raw=fault.garbage)
            return
        self._answer(status, answer, extra)

    def _answer(
        self,
        status: int,
        body: Any,
        headers: dict[str, str],
        raw: bytes | None = None,
        *,
        bare: bool = False,
    ) -> None:
        data = raw if raw is not None else json.dumps(body).encode()
        state = self.server.state
        with state.lock:
            state.remaining = max(0, state.remaining - 1)
            remaining = state.remaining
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        rate = {
            "X-RateLimit-Limit": str(RATE_LIMIT),
            "X-RateLimit-Remaining": str(remaining),
            "X-RateLimit-Reset": "2026-11-28T15:05:00.000000Z",
        }
        given = {name.lower() for name in headers}
        for name, value in rate.items():
            if not bare and name.lower() not in given:
                self.send_header(name, value)
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _account(self) -> str | None:
        scheme, _, token = (self.headers.get("Authorization") or "").partition(" ")
        return self.server.state.tokens.get(token) if scheme == "Bearer" else None

    def _route(
        self, method: str, path: str, query: dict[str, list[str]], body: bytes
    ) -> tuple[int, Any, dict[str, str]]:
        state = self.server.state
        if method == "POST" and path == "/oauth/token":
            return self._token(body)
        if method == "GET" and path == "/.well-known/nodeinfo":
            schema = "http://nodeinfo.diaspora.software/ns/schema/2.0"
            href = f"http://{self.headers.get('Host')}/nodeinfo/2.0"
            return 200, {"links": [{"rel": schema, "href": href}]}, {}
        if method == "GET" and path == "/nodeinfo/2.0":
            name, version = state.software
            return 200, {"version": "2.0", "software": {"name": name, "version": version}}, {}
        if method == "GET" and path == "/api/v2/instance":
            limits = {
                "max_characters": state.max_characters,
                "max_media_attachments": 6 if state.gotosocial else 4,
                "characters_reserved_per_url": 25 if state.gotosocial else 23,
            }
            sizes = {"image_size_limit": 41_943_040 if state.gotosocial else 16_777_216}
            configuration = {"statuses": limits, "media_attachments": sizes}
            return 200, {"domain": "stub.example", "configuration": configuration}, {}
        account_id = self._account()
        if account_id is None:
            return 401, {"error": "The access token is invalid"}, {}
        if method == "GET" and path == "/api/v1/accounts/verify_credentials":
            return 200, state.accounts[account_id], {}
        if method == "POST" and path == "/api/v1/statuses":
            return self._post_status(account_id, parse_qs(body.decode(), keep_blank_values=True))
        if method == "POST" and path == "/api/v2/media":
            return self._upload(account_id, body)
        if match := re.fullmatch(r"/api/v1/media/(\d+)", path):
            media = state.media.get(match.group(1))
            if media is None:
                return 404, {"error": "Record not found"}, {}
            if media["polls_left"] > 0:
                media["polls_left"] -= 1
                return 206, {}, {}
            media["url"] = f"https://stub.example/media/{media['id']}.png"
            return 200, _public(media), {}
        if match := re.fullmatch(r"/api/v1/accounts/(\d+)/statuses", path):
            own = [s for s in state.statuses.values() if s["account"]["id"] == match.group(1)]
            return self._page(own, query, 20, 40, path, key=lambda s: s["id"])
        if match := re.fullmatch(r"/api/v1/statuses/(\d+)/context", path):
            found = state.statuses.get(match.group(1))
            if found is None:
                return 404, {"error": "Record not found"}, {}
            ancestors: list[dict[str, Any]] = []
            parent = found["in_reply_to_id"]
            while parent in state.statuses:
                ancestors.insert(0, state.statuses[parent])
                parent = state.statuses[parent]["in_reply_to_id"]
            return 200, {"ancestors": ancestors, "descendants": []}, {}
        if match := re.fullmatch(r"/api/v1/statuses/(\d+)", path):
            found = state.statuses.get(match.group(1))
            if found is None:
                return 404, {"error": "Record not found"}, {}
            if method == "DELETE":
                del state.statuses[match.group(1)]
            return 200, found, {}
        if path == "/api/v1/scheduled_statuses" and method == "GET":
            mine = [s for s in state.scheduled.values() if s["_account"] == account_id]
            return self._page(
                [_public(s) for s in mine], query, 20, 40, path, key=lambda s: s["id"]
            )
        if match := re.fullmatch(r"/api/v1/scheduled_statuses/(\d+)", path):
            if state.scheduled.pop(match.group(1), None) is None:
                return 404, {"error": "Record not found"}, {}
            return 200, {}, {}
        if path == "/api/v1/notifications":
            wanted = query.get("types[]")
            mine = [n for n in state.notifications if not wanted or n["type"] in wanted]
            extra = {"types[]": wanted[0]} if wanted else {}
            return self._page(mine, query, 40, 80, path, key=lambda n: n["id"], keep=extra)
        if path == "/api/v1/conversations":
            latest: dict[str, dict[str, Any]] = {}
            for status in sorted(state.statuses.values(), key=lambda s: _order(s["id"])):
                if status["visibility"] == "direct":
                    latest[state.root_of(status["id"])] = status
            conversations = [
                {
                    "id": state.conversations.setdefault(root, str(next(state.conversation_ids))),
                    "unread": True,
                    "accounts": [state.accounts["2"]],
                    "last_status": last,
                }
                for root, last in latest.items()
            ]
            return self._page(
                conversations, query, 20, 40, path, key=lambda c: c["last_status"]["id"]
            )
        return 404, {"error": "Record not found"}, {}

    def _post_status(
        self, account_id: str, form: dict[str, list[str]]
    ) -> tuple[int, Any, dict[str, str]]:
        state = self.server.state
        key = None if state.gotosocial else self.headers.get("Idempotency-Key")
        if key and (account_id, key) in state.idempotency:
            kind, made = state.idempotency[(account_id, key)]
            if kind == "scheduled" and made in state.scheduled:
                return 200, _public(state.scheduled[made]), {}
            if made in state.statuses:
                return 200, state.statuses[made], {}
        text = (form.get("status") or [""])[0]
        media_ids = form.get("media_ids[]", [])
        if not text.strip() and not media_ids:
            return 422, {"error": "Validation failed: Text can't be blank"}, {}
        if len(text) > state.max_characters:  # code points: GoToSocial's count (see above)
            limit = state.max_characters
            return (
                422,
                {"error": f"Validation failed: Text character limit of {limit} exceeded"},
                {},
            )
        missing = [m for m in media_ids if m not in state.media]
        if missing:
            return 422, {"error": f"Media ({', '.join(missing)}) not found"}, {}
        at_text = (form.get("scheduled_at") or [""])[0]
        if at_text:
            at = datetime.fromisoformat(at_text.replace("Z", "+00:00"))
            if at <= state.now() + timedelta(minutes=5):
                return 422, {"error": "Validation failed: Scheduled at The scheduled date"
                             " must be in the future"}, {}  # fmt: skip
            scheduled_id = str(next(state.ids))
            state.scheduled[scheduled_id] = {
                "id": scheduled_id,
                "scheduled_at": iso(at),
                "params": {"text": text, "visibility": _first(form, "visibility"),
                           "media_ids": media_ids or None, "idempotency": None},
                "media_attachments": [_public(state.media[m]) for m in media_ids],
                "_account": account_id,
            }  # fmt: skip
            if key:
                state.idempotency[(account_id, key)] = ("scheduled", scheduled_id)
            return 200, _public(state.scheduled[scheduled_id]), {}
        status = state.make_status(
            account_id,
            text,
            visibility=_first(form, "visibility") or "public",
            in_reply_to=_first(form, "in_reply_to_id"),
            media_ids=media_ids,
        )
        if key:
            state.idempotency[(account_id, key)] = ("status", status["id"])
        return 200, status, {}

    def _upload(self, account_id: str, body: bytes) -> tuple[int, Any, dict[str, str]]:
        state = self.server.state
        head = f"Content-Type: {self.headers.get('Content-Type')}\r\n\r\n".encode()
        message = BytesParser(policy=policy.HTTP).parsebytes(head + body)
        fields: dict[str, tuple[bytes, str]] = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            payload = part.get_payload(decode=True)
            if isinstance(name, str) and isinstance(payload, bytes):
                fields[name] = (payload, part.get_content_type())
        if "file" not in fields:
            return 422, {"error": "Validation failed: File can't be blank"}, {}
        data, mime = fields["file"]
        media_id = state.new_id()
        processing = state.media_polls > 0
        state.media[media_id] = {
            "id": media_id,
            "type": "image",
            "url": None if processing else f"https://stub.example/media/{media_id}.png",
            "preview_url": f"https://stub.example/media/{media_id}-small.png",
            "description": fields.get("description", (b"", ""))[0].decode(),
            "meta": {"bytes": len(data), "mime": mime},
            "polls_left": state.media_polls,
            "_account": account_id,
        }
        return (202 if processing else 200), _public(state.media[media_id]), {}

    def _token(self, body: bytes) -> tuple[int, Any, dict[str, str]]:
        state = self.server.state
        form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
        if (form.get("client_id"), form.get("client_secret")) != state.client:
            return (
                401,
                {"error": "invalid_client", "error_description": "Client authentication failed"},
                {},
            )
        account_id = state.refresh_tokens.pop(form.get("refresh_token", ""), None)
        if form.get("grant_type") != "refresh_token" or account_id is None:
            return 400, {"error": "invalid_grant", "error_description": "The provided"
                         " authorization grant is invalid, expired, revoked"}, {}  # fmt: skip
        number = next(state.issued)
        access, refresh = f"fresh-token-{number}", f"refresh-token-{number}"
        state.tokens[access] = account_id
        state.refresh_tokens[refresh] = account_id
        return 200, {"access_token": access, "token_type": "Bearer", "scope": "read write",
                     "created_at": 1_795_000_000, "expires_in": 7200,
                     "refresh_token": refresh}, {}  # fmt: skip

    def _page(
        self,
        entries: list[dict[str, Any]],
        query: dict[str, list[str]],
        default: int,
        most: int,
        path: str,
        *,
        key: Any,
        keep: dict[str, str] | None = None,
    ) -> tuple[int, Any, dict[str, str]]:
        """``max_id``/``since_id``/``min_id``/``limit`` as the pagination guide says."""

        def first(name: str) -> str | None:
            return _first(query, name)

        limit = min(int(first("limit") or default), most)
        ordered = sorted(entries, key=lambda e: _order(key(e)), reverse=True)  # newest first
        if (max_id := first("max_id")) is not None:
            ordered = [e for e in ordered if _order(key(e)) < _order(max_id)]
        if (since_id := first("since_id")) is not None:
            ordered = [e for e in ordered if _order(key(e)) > _order(since_id)]
        if (min_id := first("min_id")) is not None:
            newer = [e for e in ordered if _order(key(e)) > _order(min_id)]
            page = list(reversed(list(reversed(newer))[:limit]))  # immediately newer
        else:
            page = ordered[:limit]
        links = []
        if page:
            base = f"http://{self.headers.get('Host')}{path}"
            older = {**(keep or {}), "max_id": key(page[-1])}
            newer_link = {**(keep or {}), "min_id": key(page[0])}
            # As Mastodon: "next" only when the page is full (more may follow).
            if len(page) == limit:
                links.append(f'<{base}?{urlencode(older)}>; rel="next"')
            links.append(f'<{base}?{urlencode(newer_link)}>; rel="prev"')
        return 200, page, ({"Link": ", ".join(links)} if links else {})


def _first(form: dict[str, list[str]], name: str) -> str | None:
    values = form.get(name)
    return values[0] if values else None


def _order(remote_id: str) -> tuple[int, str]:
    return len(remote_id), remote_id


def _public(entity: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in entity.items() if not k.startswith("_") and k != "polls_left"}
