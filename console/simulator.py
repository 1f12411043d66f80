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

import itertools
import threading
import time
from collections.abc import Callable
from http.server import ThreadingHTTPServer
from typing import Any

from console.simulator_http import handler_for
from console.simulator_state import (
    InboxEntry,
    RateWindow,
    Received,
    Scheduled,
    SimulatorState,
)


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
        handler = handler_for(self.state)
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


def serve_forever(port: int) -> None:  # pragma: no cover - used by hand and by subprocesses
    server = SimulatorServer(port=port)
    print(server.url, flush=True)
    server._server.serve_forever()
