"""A stateful loopback Threads API (one account), written from Meta's Threads reference.

References read (developers.facebook.com/docs/threads):

* Posts: ``POST /{threads-user-id}/threads`` with ``media_type`` (``TEXT``, ``IMAGE``,
  ``CAROUSEL``), ``text``, ``image_url``, ``alt_text``, ``is_carousel_item``,
  ``children`` (2 to 20), ``reply_to_id``; answers ``{"id": container}``; then ``POST
  /{threads-user-id}/threads_publish`` with ``creation_id``, answering ``{"id": media}``.
  "Text posts are limited to 500 characters. Emojis are counted as the number of UTF-8
  bytes." Images are fetched from ``image_url`` ("must be on a public server"): this
  server fetches them over HTTP too.
* Troubleshooting: ``GET /{container-id}?fields=status,error_message`` with
  ``IN_PROGRESS``, ``FINISHED``, ``ERROR``, ``EXPIRED``, ``PUBLISHED``; "Retrieve
  Publishing Quota Limit": ``GET /{threads-user-id}/threads_publishing_limit`` with
  ``quota_usage`` and ``config`` (``quota_total`` 250, ``quota_duration`` 86400).
* Retrieve Threads: ``GET /{threads-user-id}/threads`` (``since``, ``until``,
  ``limit``; fields ``id``, ``text``, ``timestamp``, ``permalink``, ``username``),
  ``GET /{threads-media-id}?fields=...``; Reply management: ``GET
  /{threads-user-id}/replies``, ``GET /{threads-media-id}/conversation`` (every reply
  in the thread, with ``replied_to`` and ``root_post``); Mentions: ``GET
  /{threads-user-id}/mentions``.
* Insights: ``GET /{threads-media-id}/insights?metric=views,likes,replies,reposts,
  quotes`` answering ``{"data": [{"name", "period": "lifetime", "values": [{"value"}],
  "title", "id"}]}``.
* Delete: ``DELETE /{threads-media-id}`` answering ``{"success": true}``.
* Long-lived tokens: ``GET /refresh_access_token?grant_type=th_refresh_token``
  (tokens at least a day old and not expired; ``expires_in`` 5184000). Signing in is
  ``tests/connect/servers/threads_oauth.py``.
* Errors are the Graph API's ``{"error": {"message", "type", "code", "error_subcode",
  "fbtrace_id"}}``: 190 for a token no longer valid, 4 for the app's rate limit.

Times are written as Threads writes them: ``2026-11-28T15:00:00+0000``.
"""

from __future__ import annotations

import itertools
import json
import secrets
import time
import urllib.request
from dataclasses import dataclass, field
from typing import Any

import regex

from tests.channels.servers.facebook_server import app_usage, graph_error, meta_time, used_percent
from tests.channels.servers.scripted_http import App, Request, Response

VERSION = "v1.0"
TEXT_LIMIT = 500
_EMOJI = regex.compile(r"[\p{Extended_Pictographic}\p{Regional_Indicator}\u20e3]")


def threads_length(text: str) -> int:
    """The reference's count: an emoji by its UTF-8 bytes, other characters as one."""
    return sum(len(g.encode()) if _EMOJI.search(g) else len(g) for g in regex.findall(r"\X", text))


@dataclass
class Token:
    issued_at: float
    expires_at: float
    revoked: bool = False


@dataclass
class Container:
    id: str
    form: dict[str, str]
    status: str = "FINISHED"  # an image one is IN_PROGRESS until its first status read
    error: str = ""
    image: bytes = b""


@dataclass
class Post:
    id: str
    text: str
    username: str
    created_at: float
    media_type: str = "TEXT_POST"
    reply_to: str = ""  # the post it answers
    root: str = ""  # the thread's first post
    images: list[tuple[bytes, str]] = field(default_factory=list)  # (data, alt text)
    metrics: dict[str, int] = field(default_factory=dict)


class ThreadsApp(App):
    def __init__(self, user_id: str = "17841400000000001", username: str = "cordon_police") -> None:
        super().__init__()
        self.user_id, self.username = user_id, username
        self.client_id, self.client_secret = "998877", "threads-app-secret"
        self.tokens: dict[str, Token] = {}
        self.containers: dict[str, Container] = {}
        self.posts: dict[str, Post] = {}
        self.calls_per_hour = 500
        self.calls: list[float] = []
        self._ids = itertools.count(18_000_000_000_000_001)

    # -- set-up for tests ---------------------------------------------------------------

    def issue(self, lifetime: float = 60 * 24 * 3600, age: float = 2 * 24 * 3600) -> str:
        with self.lock:
            token = "THQV" + secrets.token_urlsafe(24)
            now = time.time()
            self.tokens[token] = Token(now - age, now + lifetime)
            return token

    def expire(self, token: str) -> None:
        with self.lock:
            self.tokens[token].expires_at = time.time() - 1

    def revoke_all(self) -> None:
        with self.lock:
            for token in self.tokens.values():
                token.revoked = True

    def reply_from(self, username: str, text: str, to: str) -> Post:
        """Someone answers a post (or a reply) in its thread."""
        with self.lock:
            parent = self.posts[to]
            made = Post(self._id(), text, username, time.time(), "TEXT_POST", to,
                        parent.root or parent.id)  # fmt: skip
            self.posts[made.id] = made
            return made

    def mention(self, username: str, text: str) -> Post:
        with self.lock:
            made = Post(self._id(), text, username, time.time())
            self.posts[made.id] = made
            return made

    def own(self) -> list[Post]:
        with self.lock:
            return [p for p in self.posts.values() if p.username == self.username]

    def _id(self) -> str:
        return str(next(self._ids))

    # -- every answer -------------------------------------------------------------------

    def headers_for(self, request: Request, response: Response) -> dict[str, str]:
        return {"X-App-Usage": json.dumps(app_usage(used_percent(self.calls, self.calls_per_hour)))}

    def handle(self, request: Request) -> Response:
        self.calls.append(time.time())
        if used_percent(self.calls, self.calls_per_hour) >= 100:
            return graph_error("(#4) Application request limit reached", 4, status=403)
        token = request.bearer() or ""
        refused = self._refused(token)
        if refused is not None:
            return refused
        if request.path == "/refresh_access_token":
            return self._refresh(token, request)
        prefix = f"/{VERSION}/"
        if not request.path.startswith(prefix):
            return graph_error(f"Unknown path components: {request.path}", 2500)
        return self._route(request, request.path[len(prefix) :].split("/"))

    def _refused(self, token: str) -> Response | None:
        found = self.tokens.get(token)
        if found is None:
            return graph_error("Invalid OAuth access token - Cannot parse access token", 190,
                               status=400)  # fmt: skip
        if found.revoked:
            return graph_error("Error validating access token: The user has not authorized "
                               "application 998877.", 190, 458, status=400)  # fmt: skip
        if found.expires_at < time.time():
            return graph_error("Error validating access token: Session has expired.", 190, 463,
                               status=400)  # fmt: skip
        return None

    def _route(self, request: Request, parts: list[str]) -> Response:
        me = parts[0] in (self.user_id, "me")
        if len(parts) == 2 and me:
            edge = parts[1]
            if request.method == "POST" and edge == "threads":
                return self._container(request.form())
            if request.method == "POST" and edge == "threads_publish":
                return self._publish(request.form())
            if request.method == "GET" and edge in ("threads", "replies"):
                return self._own(request, replies=edge == "replies")
            if request.method == "GET" and edge == "mentions":
                return self._mentions(request)
            if request.method == "GET" and edge == "threads_publishing_limit":
                return self._quota()
        if len(parts) == 2 and request.method == "GET" and parts[1] in ("conversation",
                                                                        "insights"):  # fmt: skip
            if parts[0] not in self.posts:
                return graph_error(f"Object with ID '{parts[0]}' does not exist.", 100, 33)
            if parts[1] == "conversation":
                return self._conversation(parts[0], request)
            if parts[1] == "insights":
                return self._insights(parts[0], request)
        if len(parts) == 1 and request.method == "GET":
            return self._read(parts[0], request)
        if len(parts) == 1 and request.method == "DELETE":
            return self._delete(parts[0])
        return graph_error(f"Unsupported {request.method} request.", 100)

    # -- tokens -------------------------------------------------------------------------

    def _refresh(self, token: str, request: Request) -> Response:
        if request.query.get("grant_type") != "th_refresh_token":
            return graph_error("Unsupported grant_type.", 100)
        if time.time() - self.tokens[token].issued_at < 24 * 3600:
            return graph_error("The access token is too recent to be refreshed.", 190)
        fresh = self.issue(age=0)
        return Response.of(200, {"access_token": fresh, "token_type": "bearer",
                                 "expires_in": 5184000})  # fmt: skip

    # -- publishing ---------------------------------------------------------------------

    def _container(self, form: dict[str, str]) -> Response:
        kind = form.get("media_type", "")
        text = form.get("text", "")
        if kind not in ("TEXT", "IMAGE", "CAROUSEL"):
            return graph_error("(#100) The parameter media_type is required.", 100)
        if threads_length(text) > TEXT_LIMIT:
            return graph_error("(#100) Param text must be at most 500 characters long.", 100,
                               2207057)  # fmt: skip
        if kind == "TEXT" and not text:
            return graph_error("(#100) The parameter text is required.", 100)
        reply_to = form.get("reply_to_id", "")
        if reply_to and reply_to not in self.posts:
            return graph_error("(#100) Invalid reply_to_id.", 100, 33)
        made = Container(self._id(), dict(form))
        if kind == "IMAGE":
            made.status = "IN_PROGRESS"
            try:
                with urllib.request.urlopen(form.get("image_url", ""), timeout=5) as answer:
                    made.image = answer.read()
            except (OSError, ValueError):
                made.status, made.error = "ERROR", "FAILED_DOWNLOADING_IMAGE"
        if kind == "CAROUSEL":
            children = [c for c in form.get("children", "").split(",") if c]
            if not 2 <= len(children) <= 20 or any(c not in self.containers for c in children):
                return graph_error("(#100) A carousel takes 2 to 20 item containers.", 100)
        self.containers[made.id] = made
        return Response.of(200, {"id": made.id})

    def _publish(self, form: dict[str, str]) -> Response:
        made = self.containers.get(form.get("creation_id", ""))
        if made is None:
            return graph_error("(#100) The parameter creation_id is required.", 100)
        if made.status != "FINISHED":
            return graph_error(f"(#9007) The media is not ready for publishing ({made.status}).",
                               9007, 2207027)  # fmt: skip
        form = made.form
        kind = {"TEXT": "TEXT_POST", "IMAGE": "IMAGE", "CAROUSEL": "CAROUSEL_ALBUM"}
        reply_to = form.get("reply_to_id", "")
        parent = self.posts.get(reply_to)
        post = Post(self._id(), form.get("text", ""), self.username, time.time(),
                    kind[form["media_type"]], reply_to,
                    (parent.root or parent.id) if parent else "")  # fmt: skip
        if form["media_type"] == "IMAGE":
            post.images = [(made.image, form.get("alt_text", ""))]
        for child in [c for c in form.get("children", "").split(",") if c]:
            item = self.containers[child]
            post.images.append((item.image, item.form.get("alt_text", "")))
        made.status = "PUBLISHED"
        self.posts[post.id] = post
        return Response.of(200, {"id": post.id})

    def _quota(self) -> Response:
        day_ago = time.time() - 86400
        used = sum(1 for p in self.own() if p.created_at > day_ago and not p.reply_to)
        return Response.of(200, {"data": [{"quota_usage": used,
                                           "config": {"quota_total": 250,
                                                      "quota_duration": 86400}}]})  # fmt: skip

    # -- reading ------------------------------------------------------------------------

    def _render(self, post: Post, fields: str) -> dict[str, Any]:
        out: dict[str, Any] = {"id": post.id}
        wanted = set(fields.split(","))
        values: dict[str, Any] = {
            "text": post.text,
            "timestamp": meta_time(post.created_at),
            "permalink": f"https://www.threads.net/@{post.username}/post/{post.id}",
            "username": post.username,
            "media_type": post.media_type,
        }
        out.update({k: v for k, v in values.items() if k in wanted and v != ""})
        if "replied_to" in wanted and post.reply_to:
            out["replied_to"] = {"id": post.reply_to}
        if "root_post" in wanted and post.root:
            out["root_post"] = {"id": post.root}
        return out

    def _listed(self, posts: list[Post], request: Request) -> Response:
        since = float(request.query.get("since", "0") or 0)
        found = sorted((p for p in posts if p.created_at >= since),
                       key=lambda p: p.created_at, reverse=True)  # fmt: skip
        limit = int(request.query.get("limit", "25"))
        fields = request.query.get("fields", "id")
        return Response.of(200, {"data": [self._render(p, fields) for p in found[:limit]]})

    def _own(self, request: Request, *, replies: bool) -> Response:
        return self._listed([p for p in self.own() if bool(p.reply_to) == replies], request)

    def _mentions(self, request: Request) -> Response:
        handle = f"@{self.username}"
        return self._listed(
            [p for p in self.posts.values() if handle in p.text and p.username != self.username],
            request,
        )

    def _conversation(self, post_id: str, request: Request) -> Response:
        thread = [p for p in self.posts.values() if p.root == post_id]
        thread.sort(key=lambda p: p.created_at, reverse=request.query.get("reverse") != "false")
        fields = request.query.get("fields", "id")
        return Response.of(200, {"data": [self._render(p, fields) for p in thread]})

    def _read(self, object_id: str, request: Request) -> Response:
        fields = request.query.get("fields", "id")
        if object_id in (self.user_id, "me"):
            return Response.of(200, {"id": self.user_id, "username": self.username,
                                     "name": "Cordon Police"})  # fmt: skip
        made = self.containers.get(object_id)
        if made is not None:
            if made.status == "IN_PROGRESS":
                made.status = "FINISHED"  # checked on this first read
                return Response.of(200, {"id": made.id, "status": "IN_PROGRESS"})
            out = {"id": made.id, "status": made.status}
            return Response.of(200, {**out, **({"error_message": made.error} if made.error
                                               else {})})  # fmt: skip
        post = self.posts.get(object_id)
        if post is None:
            return graph_error(f"Object with ID '{object_id}' does not exist.", 100, 33)
        return Response.of(200, self._render(post, fields))

    def _insights(self, post_id: str, request: Request) -> Response:
        post = self.posts[post_id]
        names = request.query.get("metric", "").split(",")
        data = [
            {"name": name, "period": "lifetime", "values": [{"value": post.metrics.get(name, 0)}],
             "title": name.capitalize(), "id": f"{post_id}/insights/{name}/lifetime"}
            for name in names
            if name
        ]  # fmt: skip
        return Response.of(200, {"data": data})

    def _delete(self, object_id: str) -> Response:
        post = self.posts.get(object_id)
        if post is None or post.username != self.username:
            return graph_error(f"Object with ID '{object_id}' does not exist.", 100, 33)
        del self.posts[object_id]
        return Response.of(200, {"success": True, "deleted_id": object_id})
