"""The simulator network's HTTP handler (console/simulator.py): each request read,
answered from ``SimulatorState`` as a real network would, with its failures, limits
and rate headers."""

from __future__ import annotations

import base64
import json
import time
import uuid
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from console.simulator_state import (
    FAILURE_MODES,
    INBOX_PAGE,
    INBOX_PAGE_MAX,
    SIMULATOR,
    InboxEntry,
    Media,
    RateWindow,
    Received,
    Scheduled,
    SimulatorState,
    iso_of,
    parse_iso,
)


def handler_for(state: SimulatorState) -> type[BaseHTTPRequestHandler]:
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
                        "X-RateLimit-Reset": iso_of(reset),
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
            at = parse_iso(str(body.get("at", ""))) if scheduled else None
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
    return {"id": item.id, "account": item.account, "text": item.text, "at": iso_of(item.at)}


def _entry(entry: InboxEntry) -> dict[str, Any]:
    return {
        "seq": entry.seq,
        "id": entry.remote_id,
        "kind": entry.kind,
        "author": {"handle": entry.author_handle, "name": entry.author_name},
        "text": entry.text,
        "created_at": iso_of(entry.at),
        "url": f"https://simulator.invalid/@{entry.author_handle}/{entry.remote_id}",
        "conversation_id": entry.conversation_id,
        "in_reply_to": entry.in_reply_to,
    }
