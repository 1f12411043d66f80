"""The simulator network: a real HTTP server on 127.0.0.1 that behaves like one.

Used by the demo store, by exercises and by tests. It never talks to anything but
its own clients. Like a real network it has a text limit, latency, a rate limit,
and failures on demand (429 with Retry-After, 500, a timeout, an expired token, a
dropped connection, an outage); like Mastodon it honours an ``Idempotency-Key``: a
retried post with the same key is not posted twice. It keeps what it received, so
tests, exercises and the demo can show it. It also has what background sync
reads: an inbox per account (mentions, replies, messages, injected by a test or a
scenario, or made up as "chatter"), metrics for published posts, and native
scheduling.

    POST   /accounts/{account}/media        {"data": base64, "mime": ..., "alt": ...}
    POST   /accounts/{account}/statuses     {"text": ..., "media_ids": [...]}  Idempotency-Key: K
    GET    /accounts/{account}/statuses[?key=K]
    DELETE /accounts/{account}/statuses/{id}
    POST   /accounts/{account}/statuses/{id}/pin   pin it to the top of the profile
    POST   /accounts/{account}/statuses/{id}/unpin take it off the top (done if it is not there)
    POST   /accounts/{account}/scheduled    {"text": ..., "media_ids": [...], "at": ISO}  (+ key)
    GET    /accounts/{account}/scheduled
    DELETE /accounts/{account}/scheduled/{id}
    GET    /accounts/{account}/inbox?since=N&limit=L   items newer than N, oldest first
    POST   /accounts/{account}/inbox/{item}/reply  {"text": ..., "direct": bool}  (+ key)
                                            answer an item in public, or by direct message
    GET    /accounts/{account}/metrics?ids=a,b
    POST   /control   {"fail": [...], "fail_reads": [...], "latency": s, "limit": n,
                       "inbox": [{"account", "kind", "author_handle", "author_name", "text",
                                  "in_reply_to"}], "chatter": {"account": seconds},
                       "metrics": {"id": {"likes": n, ...}}, "offline": bool,
                       "rate": {"limit": n, "window": s} | null,
                       "offline_accounts": {"account": bool}, "expired": {"account": bool},
                       "followers": {"account": n}, "limits": {"account": n}}
    GET    /health

``fail`` applies to the next posts (statuses, scheduled and replies), ``fail_reads`` to the
next reads (inbox, metrics, scheduled list); both take 429 500 401 timeout garbage
drop. ``offline`` drops every connection until it is turned off again;
``offline_accounts`` does it for one account (an exercise's outage of one channel).
``expired`` makes every request on an account answer 401 (its token expired) until
it is turned off (the channel reconnected). ``followers`` sets an account's audience
(its posts' made-up reach and likes grow with it); ``limits`` an account's own text
limit (``limit`` is everyone's). With a rate
limit, every answer on an account carries ``X-RateLimit-Limit``, ``-Remaining`` and
``-Reset`` (ISO 8601, as Mastodon does), and a request over the limit gets 429.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from console.networks import network

DEFAULT_LIMIT = 500
INBOX_PAGE = 100  # items per inbox answer unless asked for fewer
INBOX_PAGE_MAX = 500
CHATTER_BURST = 20  # made-up items per inbox read at most

FAILURE_MODES = frozenset({"429", "500", "401", "timeout", "garbage", "drop"})

# What the public says to a force, for the made-up chatter of the demo and exercises.
CHATTER = (
    ("mention", "Is the A1 still closed northbound? Trying to get to work."),
    ("reply", "Thank you for the update, very helpful."),
    ("mention", "Loud bang heard near the retail park, anyone know what it was?"),
    ("message", "I think I saw the missing man near the bus station an hour ago."),
    ("reply", "Why has nobody answered my call from last night?"),
    ("mention", "Smoke visible from the industrial estate, are you aware?"),
    ("reply", "Which roads should we avoid this evening?"),
    ("message", "My neighbour's car was broken into, how do I report it?"),
)
AUTHORS = (
    ("jo_resident", "Jo Resident"),
    ("commuter_sam", "Sam"),
    ("localnews_desk", "Local News Desk"),
    ("pat.h", "Pat H"),
)


# The simulator counts a text as Cordon counts a simulator channel's (console.networks).
SIMULATOR = network("simulator").rule


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
    in_reply_to: str = ""  # the inbox item it answers
    direct: bool = False  # a direct message to that item's author


@dataclass
class Scheduled:
    id: str
    account: str
    text: str
    key: str
    at: float  # when it is to go out
    media: tuple[Media, ...] = ()


@dataclass
class InboxEntry:
    seq: int  # the feed's order: the cursor is the last seq read
    account: str
    kind: str  # mention | reply | comment | message
    author_handle: str
    author_name: str
    text: str
    at: float
    in_reply_to: str = ""
    conversation_id: str = ""

    @property
    def remote_id(self) -> str:
        return f"in-{self.seq}"


@dataclass
class RateWindow:
    limit: int
    window: float  # seconds
    started: dict[str, float] = field(default_factory=dict)  # per account
    used: dict[str, int] = field(default_factory=dict)


@dataclass
class SimulatorState:
    """Everything the simulated network holds. Thread-safe."""

    limit: int = DEFAULT_LIMIT
    latency: float = 0.0
    failures: list[str] = field(default_factory=list)  # for posts
    read_failures: list[str] = field(default_factory=list)  # for inbox, metrics, lists
    statuses: list[Received] = field(default_factory=list)
    scheduled: list[Scheduled] = field(default_factory=list)
    media: dict[str, Media] = field(default_factory=dict)
    inbox: list[InboxEntry] = field(default_factory=list)
    chatter: dict[str, float] = field(default_factory=dict)  # account -> seconds per item
    chatter_since: dict[str, float] = field(default_factory=dict)
    metrics: dict[str, dict[str, int]] = field(default_factory=dict)  # set by /control
    rate: RateWindow | None = None
    offline: bool = False
    requests: int = 0
    rate_limited: int = 0  # 429s given because the rate limit was spent
    pinned: dict[str, str] = field(default_factory=dict)  # account -> its pinned status id
    offline_accounts: set[str] = field(default_factory=set)  # one channel's outage
    expired: set[str] = field(default_factory=set)  # accounts whose token expired
    followers: dict[str, int] = field(default_factory=dict)
    limits: dict[str, int] = field(default_factory=dict)  # an account's own text limit
    lock: threading.Lock = field(default_factory=threading.Lock)
    clock: Callable[[], float] = time.time
    _seq: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def limit_for(self, account: str) -> int:
        return self.limits.get(account, self.limit)

    def by_key(self, account: str, key: str) -> Received | None:
        return next((s for s in self.statuses if s.account == account and s.key == key), None)

    def add_inbox(
        self,
        account: str,
        kind: str,
        author_handle: str,
        text: str,
        *,
        author_name: str = "",
        in_reply_to: str = "",
    ) -> InboxEntry:
        """Call with ``lock`` held."""
        seq = next(self._seq)
        parent = next((s for s in self.statuses if s.id == in_reply_to), None)
        root = in_reply_to if parent is not None else ""
        if not root and in_reply_to:
            earlier = next((e for e in self.inbox if e.remote_id == in_reply_to), None)
            root = earlier.conversation_id if earlier is not None else in_reply_to
        entry = InboxEntry(
            seq, account, kind, author_handle, author_name or author_handle, text,
            self.clock(), in_reply_to, root or f"in-{seq}",
        )  # fmt: skip
        self.inbox.append(entry)
        return entry

    def promote_due(self) -> None:
        """Natively scheduled posts whose time came are published. Call with ``lock``."""
        now = self.clock()
        due = [s for s in self.scheduled if s.at <= now]
        for item in due:
            self.scheduled.remove(item)
            self.statuses.append(
                Received(item.id, item.account, item.text, item.key, item.at, item.media)
            )

    def make_chatter(self, account: str) -> None:
        """Made-up items for the time passed since the last read. Call with ``lock``."""
        every = self.chatter.get(account)
        if not every:
            return
        now = self.clock()
        since = self.chatter_since.setdefault(account, now)
        count = min(int((now - since) // every), CHATTER_BURST)
        if count <= 0:
            return
        self.chatter_since[account] = since + count * every
        own = [s for s in self.statuses if s.account == account]
        for _ in range(count):
            seq = len(self.inbox)
            kind, text = CHATTER[seq % len(CHATTER)]
            handle, name = AUTHORS[seq % len(AUTHORS)]
            reply_to = own[-1].id if kind == "reply" and own else ""
            self.add_inbox(
                account, kind if reply_to or kind != "reply" else "mention", handle, text,
                author_name=name, in_reply_to=reply_to,
            )  # fmt: skip

    def metrics_of(self, status: Received) -> dict[str, int]:
        """Numbers that grow with a post's age (the same every time they are asked),
        plus the replies in the inbox, unless a test or scenario set them."""
        if status.id in self.metrics:
            return dict(self.metrics[status.id])
        minutes = max(0.0, (self.clock() - status.at) / 60)
        seed = int(hashlib.sha256(status.id.encode()).hexdigest()[:6], 16)
        replies = sum(1 for e in self.inbox if e.in_reply_to == status.id)
        audience = self.followers.get(status.account)
        if audience is not None:  # reach climbs towards a share of the followers in 4 hours
            share = (5 + seed % 20) / 100
            reach = int(audience * share * min(1.0, minutes / 240))
            return {
                "likes": reach * (1 + seed % 5) // 100,
                "replies": replies,
                "reposts": reach * (1 + seed % 3) // 400,
                "reach": reach,
            }
        return {
            "likes": int(minutes * (1 + seed % 7) / 4),
            "replies": replies,
            "reposts": int(minutes * (1 + seed % 3) / 10),
            "reach": int(minutes * (20 + seed % 50)),
        }


class SimulatorServer:
    """Runs the simulator in a thread; ``url`` is where to reach it.

    ``clock`` (seconds since the epoch) is the simulated network's time: its rate
    windows, scheduled posts and made-up metrics follow it, so a test can share a
    fake clock with the console.
    """

    def __init__(
        self, host: str = "127.0.0.1", port: int = 0, clock: Callable[[], float] = time.time
    ) -> None:
        self.state = SimulatorState(clock=clock)
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

    def fail_next_reads(self, *modes: str) -> None:
        with self.state.lock:
            self.state.read_failures.extend(modes)

    def received(self, account: str | None = None) -> list[Received]:
        with self.state.lock:
            self.state.promote_due()
            return [s for s in self.state.statuses if account is None or s.account == account]

    def inject(
        self,
        account: str,
        text: str,
        *,
        kind: str = "mention",
        author_handle: str = "resident",
        author_name: str = "",
        in_reply_to: str = "",
    ) -> InboxEntry:
        """Put one item in the account's inbox (what a scenario's inject does)."""
        with self.state.lock:
            return self.state.add_inbox(
                account, kind, author_handle, text, author_name=author_name,
                in_reply_to=in_reply_to,
            )  # fmt: skip

    def inject_many(self, account: str, count: int, text: str = "Message {n}") -> None:
        with self.state.lock:
            for n in range(count):
                self.state.add_inbox(account, "mention", f"resident{n % 97}", text.format(n=n))

    def set_rate_limit(self, limit: int | None, window: float = 300.0) -> None:
        with self.state.lock:
            self.state.rate = None if limit is None else RateWindow(limit, window)

    def set_offline(self, offline: bool) -> None:
        with self.state.lock:
            self.state.offline = offline

    def set_account_offline(self, account: str, offline: bool) -> None:
        """One account stops answering (an outage of one channel), or answers again."""
        with self.state.lock:
            if offline:
                self.state.offline_accounts.add(account)
            else:
                self.state.offline_accounts.discard(account)

    def set_latency(self, seconds: float) -> None:
        with self.state.lock:
            self.state.latency = max(0.0, seconds)

    def continue_after(self, seq: int) -> None:
        """Number the next inbox items after ``seq``: a console that synced an earlier
        run of the simulator (its cursors, its stored ids) sees the new items as new."""
        with self.state.lock:
            following = next(self.state._seq)
            self.state._seq = itertools.count(max(following, seq + 1))

    def set_followers(self, account: str, followers: int) -> None:
        with self.state.lock:
            self.state.followers[account] = followers

    def set_account_limit(self, account: str, limit: int) -> None:
        with self.state.lock:
            self.state.limits[account] = limit

    def scheduled(self, account: str | None = None) -> list[Scheduled]:
        with self.state.lock:
            self.state.promote_due()
            return [s for s in self.state.scheduled if account is None or s.account == account]


class _QuietServer(ThreadingHTTPServer):
    request_queue_size = 256  # the stdlib's 5 refuses a burst from a busy console

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that went away mid-request (a killed app) is normal here."""
        return


def _iso(moment: float) -> str:
    return datetime.fromtimestamp(moment, UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _parse_iso(text: str) -> float | None:
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()


def _handler_for(state: SimulatorState) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "CordonSimulator/1"
        _rate_headers: dict[str, str]

        def log_message(self, format: str, *args: Any) -> None:
            return  # quiet: tests and the app read the state, not a log

        def _reply(
            self, code: int, body: dict[str, Any], headers: dict[str, str] | None = None
        ) -> None:
            data = json.dumps(body).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in {**getattr(self, "_rate_headers", {}), **(headers or {})}.items():
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

        # -- what every request on an account goes through ---------------------------

        def _admit(self, account: str) -> bool:
            """Offline, the rate limit, latency. False when already answered."""
            with state.lock:
                offline = state.offline or account in state.offline_accounts
                expired = account in state.expired
                rate = state.rate
                now = state.clock()
                over, wait = False, 0
                if rate is not None:
                    started = rate.started.setdefault(account, now)
                    if now - started >= rate.window:
                        rate.started[account], rate.used[account] = now, 0
                        started = now
                    used = rate.used.get(account, 0) + 1
                    rate.used[account] = used
                    over = used > rate.limit
                    reset = started + rate.window
                    self._rate_headers = {
                        "X-RateLimit-Limit": str(rate.limit),
                        "X-RateLimit-Remaining": str(max(0, rate.limit - used)),
                        "X-RateLimit-Reset": _iso(reset),
                    }
                    if over:
                        state.rate_limited += 1
                        wait = max(1, int(reset - now + 0.999))
            if offline:
                self.close_connection = True
                return False
            if expired:
                self._reply(401, {"error": "The access token expired"})
                return False
            if over:
                self._reply(429, {"error": "Too many requests"}, {"Retry-After": str(wait)})
                return False
            return True

        def _fail(self, failure: str | None) -> bool:
            """Act out a failure on demand; True when it answered."""
            if failure == "drop":
                self.close_connection = True
                return True
            if failure == "timeout":
                time.sleep(30)  # longer than any client waits
                return True
            if failure == "429":
                self._reply(429, {"error": "Too many requests"}, {"Retry-After": "2"})
                return True
            if failure == "500":
                self._reply(500, {"error": "Internal server error"})
                return True
            if failure == "401":
                self._reply(401, {"error": "The access token expired"})
                return True
            if failure == "garbage":
                data = b"<html>Bad gateway</html>"
                self.send_response(200)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                return True
            return False

        def _next_failure(self, reads: bool) -> str | None:
            with state.lock:
                pending = state.read_failures if reads else state.failures
                failure = pending.pop(0) if pending else None
                latency = state.latency
            if latency:
                time.sleep(latency)
            return failure

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

        # -- reads -------------------------------------------------------------------

        def do_GET(self) -> None:
            split = urlsplit(self.path)
            query = {k: v[-1] for k, v in parse_qs(split.query).items()}
            if split.path == "/health":
                self._reply(200, {"ok": True})
                return
            parts = [unquote(p) for p in split.path.strip("/").split("/")]
            if len(parts) != 3 or parts[0] != "accounts":
                self._reply(404, {"error": "Not found"})
                return
            account, what = parts[1], parts[2]
            if not self._admit(account):
                return
            if what == "statuses":  # the publisher's look-up by key: no failures on demand
                key = query.get("key")
                with state.lock:
                    state.promote_due()
                    found = [
                        _public(s)
                        for s in state.statuses
                        if s.account == account and (key is None or s.key == key)
                    ]
                self._reply(200, {"statuses": found})
                return
            if what not in ("inbox", "metrics", "scheduled"):
                self._reply(404, {"error": "Not found"})
                return
            if self._fail(self._next_failure(reads=True)):
                return
            if what == "inbox":
                self._inbox(account, query)
            elif what == "metrics":
                self._metrics(account, query)
            else:
                with state.lock:
                    state.promote_due()
                    waiting = [_scheduled(s) for s in state.scheduled if s.account == account]
                self._reply(200, {"scheduled": waiting})

        def _inbox(self, account: str, query: dict[str, str]) -> None:
            since = int(query["since"]) if query.get("since", "").isdigit() else 0
            wanted = int(query["limit"]) if query.get("limit", "").isdigit() else INBOX_PAGE
            limit = max(1, min(wanted, INBOX_PAGE_MAX))
            with state.lock:
                state.make_chatter(account)
                page: list[dict[str, Any]] = []
                more = False
                for entry in state.inbox:  # in seq order
                    if entry.account != account or entry.seq <= since:
                        continue
                    if len(page) == limit:
                        more = True
                        break
                    page.append(_entry(entry))
            last = page[-1]["seq"] if page else since
            self._reply(200, {"items": page, "next": str(last), "more": more})

        def _metrics(self, account: str, query: dict[str, str]) -> None:
            ids = [i for i in query.get("ids", "").split(",") if i]
            with state.lock:
                known = {s.id: s for s in state.statuses if s.account == account}
                counted = {i: state.metrics_of(known[i]) for i in ids if i in known}
            self._reply(200, {"metrics": counted})

        # -- writes ------------------------------------------------------------------

        def do_POST(self) -> None:
            parts = [unquote(p) for p in self.path.strip("/").split("/")]
            if parts == ["control"]:
                self._control(self._body())
                self._reply(200, {"ok": True})
                return
            pinning = len(parts) == 5 and parts[2] == "statuses" and parts[4] in ("pin", "unpin")
            if pinning and parts[0] == "accounts":
                self._pin(parts[1], parts[3], pinned=parts[4] == "pin")
                return
            if len(parts) == 5 and parts[0] == "accounts" and parts[2:5:2] == ["inbox", "reply"]:
                self._answer(parts[1], parts[3])
                return
            if len(parts) != 3 or parts[0] != "accounts":
                self._reply(404, {"error": "Not found"})
                return
            account, what = parts[1], parts[2]
            if what not in ("media", "statuses", "scheduled"):
                self._reply(404, {"error": "Not found"})
                return
            if not self._admit(account):
                return
            if what == "media":
                self._upload(account)
                return
            with state.lock:
                state.requests += 1
            if self._fail(self._next_failure(reads=False)):
                return
            self._post(account, scheduled=what == "scheduled")

        def _pin(self, account: str, status_id: str, *, pinned: bool) -> None:
            """Pin a status (one per account), or unpin it: unpinning a status that is
            not pinned, or is gone, changes nothing and succeeds."""
            if not self._admit(account):
                return
            if self._fail(self._next_failure(reads=False)):
                return
            with state.lock:
                known = any(s.id == status_id and s.account == account for s in state.statuses)
                if pinned and known:
                    state.pinned[account] = status_id
                if not pinned and state.pinned.get(account) == status_id:
                    del state.pinned[account]
            if pinned and not known:
                self._reply(404, {"error": "Record not found"})
                return
            self._reply(200, {"id": status_id, "pinned": pinned})

        def _answer(self, account: str, item_id: str) -> None:
            """A reply to an inbox item (a status that answers it), or a direct message
            to its author; a retry with the same key answers once."""
            if not self._admit(account):
                return
            with state.lock:
                state.requests += 1
            if self._fail(self._next_failure(reads=False)):
                return
            body = self._body()
            text = str(body.get("text", ""))
            key = self.headers.get("Idempotency-Key", "")
            with state.lock:
                item = next(
                    (e for e in state.inbox if e.account == account and e.remote_id == item_id),
                    None,
                )
                if item is None:
                    self._reply(404, {"error": "Record not found"})
                    return
                if not text.strip():
                    self._reply(422, {"error": "Validation failed: Text can't be blank"})
                    return
                if SIMULATOR.count(text) > state.limit_for(account):
                    self._reply(422, {"error": "Validation failed: Text is too long"})
                    return
                existing = state.by_key(account, key) if key else None
                if existing is None:
                    existing = Received(
                        uuid.uuid4().hex[:12], account, text, key, state.clock(),
                        in_reply_to=item_id, direct=bool(body.get("direct")),
                    )  # fmt: skip
                    state.statuses.append(existing)
            self._reply(200, _public(existing))

        def _post(self, account: str, *, scheduled: bool) -> None:
            body = self._body()
            text = str(body.get("text", ""))
            key = self.headers.get("Idempotency-Key", "")
            at = _parse_iso(str(body.get("at", ""))) if scheduled else None
            with state.lock:
                if not text.strip():
                    self._reply(422, {"error": "Validation failed: Text can't be blank"})
                    return
                if SIMULATOR.count(text) > state.limit_for(account):
                    self._reply(
                        422,
                        {"error": f"Validation failed: Text is too long (maximum is "
                                  f"{state.limit_for(account)} characters)"},
                    )  # fmt: skip
                    return
                wanted = [str(m) for m in body.get("media_ids", [])]
                unknown = [m for m in wanted if m not in state.media]
                if unknown:
                    self._reply(422, {"error": f"Validation failed: unknown media {unknown[0]}"})
                    return
                media = tuple(state.media[m] for m in wanted)
                if scheduled:
                    if at is None or at <= state.clock():
                        self._reply(422, {"error": "Validation failed: the time must be ahead"})
                        return
                    earlier = next(
                        (s for s in state.scheduled if s.account == account and s.key == key),
                        None,
                    )
                    if earlier is None or not key:
                        earlier = Scheduled(uuid.uuid4().hex[:12], account, text, key, at, media)
                        state.scheduled.append(earlier)
                    self._reply(200, _scheduled(earlier))
                    return
                existing = state.by_key(account, key) if key else None
                if existing is None:
                    existing = Received(
                        uuid.uuid4().hex[:12], account, text, key, state.clock(), media
                    )
                    state.statuses.append(existing)
            self._reply(200, _public(existing))

        def do_DELETE(self) -> None:
            parts = [unquote(p) for p in self.path.strip("/").split("/")]
            if len(parts) != 4 or parts[0] != "accounts" or parts[2] not in (
                "statuses", "scheduled",
            ):  # fmt: skip
                self._reply(404, {"error": "Not found"})
                return
            account, what, remote_id = parts[1], parts[2], parts[3]
            if not self._admit(account):
                return
            if self._fail(self._next_failure(reads=False)):
                return
            with state.lock:
                state.promote_due()
                held: list[Any] = state.statuses if what == "statuses" else state.scheduled
                found = next((s for s in held if s.account == account and s.id == remote_id), None)
                if found is not None:
                    held.remove(found)
            if found is None:
                self._reply(404, {"error": "Record not found"})
                return
            self._reply(200, {})

        def _control(self, body: dict[str, Any]) -> None:
            with state.lock:
                state.failures.extend(
                    str(f) for f in body.get("fail", []) if str(f) in FAILURE_MODES
                )
                state.read_failures.extend(
                    str(f) for f in body.get("fail_reads", []) if str(f) in FAILURE_MODES
                )
                state.latency = float(body.get("latency", state.latency))
                state.limit = int(body.get("limit", state.limit))
                if "offline" in body:
                    state.offline = bool(body["offline"])
                if "rate" in body:
                    rate = body["rate"]
                    state.rate = (
                        RateWindow(int(rate["limit"]), float(rate.get("window", 300)))
                        if isinstance(rate, dict)
                        else None
                    )
                for account, every in dict(body.get("chatter", {})).items():
                    state.chatter[str(account)] = float(every)
                    state.chatter_since[str(account)] = state.clock()
                for status_id, numbers in dict(body.get("metrics", {})).items():
                    state.metrics[str(status_id)] = {
                        k: int(v) for k, v in dict(numbers).items() if k in _METRIC_NAMES
                    }
                for account, down in dict(body.get("offline_accounts", {})).items():
                    (state.offline_accounts.add if down else state.offline_accounts.discard)(
                        str(account)
                    )
                for account, gone in dict(body.get("expired", {})).items():
                    (state.expired.add if gone else state.expired.discard)(str(account))
                for account, count in dict(body.get("followers", {})).items():
                    state.followers[str(account)] = max(0, int(count))
                for account, most in dict(body.get("limits", {})).items():
                    state.limits[str(account)] = max(1, int(most))
                for item in body.get("inbox", []):
                    if isinstance(item, dict) and item.get("account") and item.get("text"):
                        state.add_inbox(
                            str(item["account"]), str(item.get("kind", "mention")),
                            str(item.get("author_handle", "resident")), str(item["text"]),
                            author_name=str(item.get("author_name", "")),
                            in_reply_to=str(item.get("in_reply_to", "")),
                        )  # fmt: skip

    return Handler


_METRIC_NAMES = frozenset({"likes", "replies", "reposts", "reach"})


def _public(status: Received) -> dict[str, Any]:
    return {
        "media": [{"id": m.id, "alt": m.alt, "size": m.size} for m in status.media],
        "id": status.id,
        "account": status.account,
        "text": status.text,
        "key": status.key,
        "url": f"https://simulator.invalid/@{status.account}/{status.id}",
        "in_reply_to": status.in_reply_to,
        "direct": status.direct,
    }


def _scheduled(item: Scheduled) -> dict[str, Any]:
    return {"id": item.id, "account": item.account, "text": item.text, "at": _iso(item.at)}


def _entry(entry: InboxEntry) -> dict[str, Any]:
    return {
        "seq": entry.seq,
        "id": entry.remote_id,
        "kind": entry.kind,
        "author": {"handle": entry.author_handle, "name": entry.author_name},
        "text": entry.text,
        "created_at": _iso(entry.at),
        "url": f"https://simulator.invalid/@{entry.author_handle}/{entry.remote_id}",
        "conversation_id": entry.conversation_id,
        "in_reply_to": entry.in_reply_to,
    }


def serve_forever(port: int) -> None:  # pragma: no cover - used by hand and by subprocesses
    server = SimulatorServer(port=port)
    print(server.url, flush=True)
    server._server.serve_forever()
