"""A loopback HTTP proxy that can lose an answer after the server committed.

It sits between the adapter and the real PDS. Every request is forwarded; for the
XRPC methods named in ``drop_answers`` the PDS's answer is read (so the PDS has
done the work) and then the client's connection is closed without a byte of it:
exactly "the response was lost after the server committed". ``blackout`` makes
it close every connection without forwarding (the network is down), to show what
the adapter says when it cannot even check.
"""

from __future__ import annotations

import http.client
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "host"}


class DroppingProxy:
    def __init__(self, upstream: str) -> None:
        parts = urlsplit(upstream)
        self.upstream_host = parts.hostname or "127.0.0.1"
        self.upstream_port = parts.port or 80
        self.drop_answers: set[str] = set()  # XRPC methods whose answers are lost
        self.blackout_after_drop = False  # after dropping one answer, drop everything
        self.blackout = False
        self.dropped: list[str] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @contextmanager
    def running(self) -> Iterator[DroppingProxy]:
        self._thread.start()
        try:
            yield self
        finally:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(5)

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        proxy = self

        class Handle(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                self._forward()

            def do_POST(self) -> None:
                self._forward()

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _forward(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                nsid = urlsplit(self.path).path.removeprefix("/xrpc/")
                if proxy.blackout:
                    self.close_connection = True
                    return  # nothing sent back: the client sees the connection drop
                upstream = http.client.HTTPConnection(
                    proxy.upstream_host, proxy.upstream_port, timeout=30
                )
                try:
                    headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
                    upstream.request(self.command, self.path, body=body, headers=headers)
                    answer = upstream.getresponse()
                    data = answer.read()
                finally:
                    upstream.close()
                if nsid in proxy.drop_answers:
                    proxy.dropped.append(nsid)
                    proxy.blackout = proxy.blackout or proxy.blackout_after_drop
                    self.close_connection = True
                    return  # the PDS committed; its answer is lost on the way back
                self.send_response(answer.status)
                for name, value in answer.getheaders():
                    if name.lower() not in HOP_BY_HOP:
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handle
