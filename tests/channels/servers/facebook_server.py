"""A stateful loopback Facebook Graph API (one Page), written from Meta's references.

References read:

* Meta's node and edge specs, public repository ``facebook/facebook-business-sdk-codegen``:
  ``api_specs/specs/Page.json`` (``POST feed``: ``message``, ``published``,
  ``scheduled_publish_time``, ``attached_media``; ``POST photos``: ``published``,
  ``temporary``, ``alt_text_custom``; ``GET published_posts``: ``since``, ``until``;
  ``GET scheduled_posts``; ``GET conversations``; ``GET feed``) and
  ``api_specs/specs/PagePost.json`` (fields ``id``, ``message``, ``created_time``,
  ``permalink_url``, ``scheduled_publish_time``, ``shares``; edges ``comments``
  with ``since``, ``order``, ``filter``; ``reactions``; ``insights``; ``DELETE``).
* https://developers.facebook.com/docs/pages-api/posts: publish with ``message``;
  ``published=false`` with ``scheduled_publish_time`` schedules; photos uploaded
  unpublished and attached with ``attached_media[i]={"media_fbid": ...}``; delete.
  Scheduling is accepted from 10 minutes to 30 days ahead (Meta's current guide;
  older pages said 6 months), else ``(#100) The specified scheduled publish time is
  invalid.``
* https://developers.facebook.com/docs/graph-api/reference/page/scheduled_posts/
* https://developers.facebook.com/docs/graph-api/overview/rate-limiting: usage in
  ``X-App-Usage`` (``call_count``, ``total_cputime``, ``total_time``, percentages) and
  ``X-Business-Use-Case-Usage`` (per business id: ``type``, the same percentages and
  ``estimated_time_to_regain_access`` in minutes); Page limits answer code 32 or 80001.
* https://developers.facebook.com/docs/graph-api/guides/error-handling: errors are
  ``{"error": {"message", "type", "code", "error_subcode", "fbtrace_id"}}``; 190 with
  subcodes 463 (expired) and 460 (session invalidated), 100 with subcode 33 (no such
  object), 4/17/32/613 (rate limits), 368 (blocked for a policy).
* https://developers.facebook.com/docs/facebook-login/guides/access-tokens/get-long-lived:
  ``oauth/access_token?grant_type=fb_exchange_token`` with ``client_id``,
  ``client_secret``, ``fb_exchange_token``; ``GET /{page-id}?fields=access_token``
  with a long-lived user token gives a Page token that does not expire.

Answering (Comment reference, "Creating": ``POST /{comment-id}/comments`` with
``message``; Messenger Platform Send API: ``POST /{page-id}/messages`` with
``recipient`` ``{"id": PSID}`` or, for a private reply to a comment,
``{"comment_id": ...}`` (one per comment, else code 10900), ``message``
``{"text": ...}`` and ``messaging_type=RESPONSE``, answered ``recipient_id`` and
``message_id``; ``GET /{comment-id}/comments`` and ``GET /{conversation-id}/messages``
list the answers).

Times are written as Meta writes them: ``2026-11-28T15:00:00+0000``.
"""

from __future__ import annotations

import itertools
import json
import re
import secrets
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from tests.channels.servers.scripted_http import App, Request, Response, multipart

VERSION = "v21.0"
SCHEDULE_MIN = 10 * 60
SCHEDULE_MAX = 30 * 24 * 3600
BAD_SCHEDULE = "(#100) The specified scheduled publish time is invalid."


def meta_time(moment: float) -> str:
    return datetime.fromtimestamp(moment, UTC).strftime("%Y-%m-%dT%H:%M:%S+0000")


def used_percent(calls: list[float], per_hour: int) -> int:
    """The app's calls in the last hour, as the percentage of its hourly allowance
    (``calls`` is trimmed to the hour in place)."""
    hour_ago = time.time() - 3600
    calls[:] = [c for c in calls if c > hour_ago]
    return min(100, len(calls) * 100 // max(1, per_hour))


def app_usage(used: int) -> dict[str, int]:
    """``X-App-Usage``'s object: ``call_count``, ``total_cputime``, ``total_time``."""
    return {"call_count": used, "total_cputime": used // 2, "total_time": used // 2}


def graph_error(
    message: str, code: int, subcode: int | None = None, status: int = 400, **extra: Any
) -> Response:
    error: dict[str, Any] = {
        "message": message,
        "type": "OAuthException",
        "code": code,
        "fbtrace_id": secrets.token_urlsafe(8),
        **extra,
    }
    if subcode is not None:
        error["error_subcode"] = subcode
    return Response.of(status, {"error": error})


@dataclass
class PageToken:
    expires_at: float | None = None
    revoked: bool = False


@dataclass
class Post:
    id: str
    message: str
    created_at: float
    scheduled_at: float | None = None  # set while it waits for its time
    media: list[str] = field(default_factory=list)
    reactions: int = 0
    shares: int = 0
    reach: int = 0
    pinned: bool = False


@dataclass
class Comment:
    id: str
    post_id: str
    message: str
    author: dict[str, str]
    created_at: float
    parent: str = ""


@dataclass
class Message:
    id: str
    thread: str
    message: str
    author: dict[str, str]
    created_at: float


class FacebookApp(App):
    def __init__(
        self, page_id: str = "1000001", app_id: str = "555", app_secret: str = "app-secret-value"
    ) -> None:
        super().__init__()
        self.page_id = page_id
        self.page = {"id": page_id, "name": "Cordon Police"}
        self.app_id, self.app_secret = app_id, app_secret
        self.page_tokens: dict[str, PageToken] = {}
        self.user_tokens: dict[str, float] = {}  # token -> expires at
        self.posts: dict[str, Post] = {}
        self.photos: dict[str, dict[str, Any]] = {}
        self.comments: list[Comment] = []
        self.messages: list[Message] = []
        self.private_replies: dict[str, Message] = {}  # comment id -> the Page's message
        self.calls_per_hour = 200
        self.calls: list[float] = []
        self.regain_minutes = 0
        self.insights_deprecated = False
        self._ids = itertools.count(100)

    # -- set-up for tests ---------------------------------------------------------------

    def issue_page_token(self, lifetime: float | None = None) -> str:
        with self.lock:
            token = "EAAP" + secrets.token_urlsafe(24)
            self.page_tokens[token] = PageToken(time.time() + lifetime if lifetime else None)
            return token

    def issue_user_token(self, lifetime: float = 60 * 24 * 3600) -> str:
        with self.lock:
            token = "EAAU" + secrets.token_urlsafe(24)
            self.user_tokens[token] = time.time() + lifetime
            return token

    def expire(self, token: str) -> None:
        with self.lock:
            self.page_tokens[token].expires_at = time.time() - 1

    def revoke_all(self) -> None:
        """The Page's admin took Cordon's access away: no token works any more."""
        with self.lock:
            for token in self.page_tokens.values():
                token.revoked = True
            self.user_tokens.clear()

    def comment(
        self, post_id: str, name: str, text: str, parent: str = "", at: float | None = None
    ) -> Comment:
        with self.lock:
            person = {"id": str(next(self._ids) * 1000 + 7), "name": name}
            made = Comment(
                f"{post_id.split('_')[-1]}_{next(self._ids)}",
                post_id,
                text,
                person,
                at or time.time(),
                parent,
            )
            self.comments.append(made)
            return made

    def message(self, thread: str, name: str, text: str, from_page: bool = False) -> Message:
        with self.lock:
            person = self.page if from_page else {"id": f"psid{len(name)}", "name": name}
            made = Message(f"m_{next(self._ids)}", thread, text, dict(person), time.time())
            self.messages.append(made)
            return made

    def published(self) -> list[Post]:
        with self.lock:
            self._publish_due()
            return [p for p in self.posts.values() if p.scheduled_at is None]

    def scheduled(self) -> list[Post]:
        with self.lock:
            self._publish_due()
            return [p for p in self.posts.values() if p.scheduled_at is not None]

    def _publish_due(self) -> None:
        for post in self.posts.values():
            if post.scheduled_at is not None and post.scheduled_at <= time.time():
                post.created_at, post.scheduled_at = post.scheduled_at, None

    # -- every answer -------------------------------------------------------------------

    def _used(self) -> int:
        return used_percent(self.calls, self.calls_per_hour)

    def headers_for(self, request: Request, response: Response) -> dict[str, str]:
        usage = app_usage(self._used())
        buc = {
            self.page_id: [
                {"type": "pages", **usage, "estimated_time_to_regain_access": self.regain_minutes}
            ]
        }
        return {"X-App-Usage": json.dumps(usage), "X-Business-Use-Case-Usage": json.dumps(buc)}

    def handle(self, request: Request) -> Response:
        prefix = f"/{VERSION}"
        if request.path.startswith("/cdn/") and request.method == "GET":
            return self._served(request.path.removeprefix("/cdn/"))
        if not request.path.startswith(prefix):
            return graph_error("Unknown path components: " + request.path, 2500)
        path = request.path[len(prefix) :] or "/"
        self._publish_due()
        if path == "/oauth/access_token":
            return self._exchange(request)
        self.calls.append(time.time())
        if self._used() >= 100:
            return graph_error(
                "(#80001) There have been too many calls to this Page account. "
                "Wait a bit and try again.",
                80001,
            )
        token = request.bearer() or request.query.get("access_token", "")
        if token in self.user_tokens:
            if self.user_tokens[token] < time.time():
                return graph_error("Error validating access token: Session has expired.", 190, 463)
            if request.method == "GET" and path == f"/{self.page_id}":
                return self._page_token(request)
            return graph_error(
                "(#210) A page access token is required to request this resource.", 210
            )
        refused = self._refused(token)
        if refused is not None:
            return refused
        return self._route(request, path)

    def _refused(self, token: str) -> Response | None:
        page_token = self.page_tokens.get(token)
        if page_token is None:
            return graph_error("Invalid OAuth access token - Cannot parse access token", 190)
        if page_token.revoked:
            return graph_error(
                "Error validating access token: The session has been invalidated because the "
                "user changed their password or Facebook has changed the session for security "
                "reasons.",
                190,
                460,
            )
        if page_token.expires_at is not None and page_token.expires_at < time.time():
            stamp = datetime.fromtimestamp(page_token.expires_at, UTC).strftime(
                "%A, %d-%b-%y %H:%M:%S UTC"
            )
            return graph_error(
                f"Error validating access token: Session has expired on {stamp}.", 190, 463
            )
        return None

    def _route(self, request: Request, path: str) -> Response:
        page = f"/{self.page_id}"
        routes = {
            ("POST", f"{page}/feed"): self._create,
            ("POST", f"{page}/photos"): self._photo,
            ("GET", f"{page}/published_posts"): self._published_posts,
            ("GET", f"{page}/scheduled_posts"): self._scheduled_posts,
            ("GET", f"{page}/feed"): self._feed,
            ("GET", f"{page}/conversations"): self._conversations,
            ("POST", f"{page}/messages"): self._send_message,
            ("GET", "/"): self._many,
        }
        handler = routes.get((request.method, path))
        if handler is not None:
            return handler(request)
        node, _, edge = path[1:].partition("/")
        if edge == "comments" and request.method in ("GET", "POST"):
            return self._comment_replies(node, request)
        if edge == "messages" and request.method == "GET":
            return self._thread(node)
        if request.method == "GET" and path.count("/") == 1 and path[1:] in self.photos:
            return self._photo_sizes(path[1:], request)
        if request.method == "DELETE" and path.count("/") == 1:
            return self._delete(path[1:])
        if request.method == "POST" and path.count("/") == 1:
            return self._update(path[1:], request)
        return graph_error(f"Unknown path components: {path}", 2500)

    # -- tokens -------------------------------------------------------------------------

    def _exchange(self, request: Request) -> Response:
        values = {**request.query, **(request.form() if request.method == "POST" else {})}
        if values.get("grant_type") != "fb_exchange_token":
            return graph_error("Missing grant_type parameter.", 100)
        if values.get("client_id") != self.app_id or values.get("client_secret") != self.app_secret:
            return graph_error("Error validating client secret.", 1)
        old = values.get("fb_exchange_token", "")
        if self.user_tokens.get(old, 0) < time.time():
            return graph_error(
                "Error validating access token: The session has been invalidated.", 190, 460
            )
        fresh = self.issue_user_token()
        return Response.of(
            200, {"access_token": fresh, "token_type": "bearer", "expires_in": 5183944}
        )

    def _page_token(self, request: Request) -> Response:
        if request.query.get("fields") != "access_token":
            return Response.of(200, self.page)
        return Response.of(200, {"access_token": self.issue_page_token(), "id": self.page_id})

    # -- posts --------------------------------------------------------------------------

    def _create(self, request: Request) -> Response:
        form = request.form()
        message = form.get("message", "")
        media = []
        for key in sorted(k for k in form if k.startswith("attached_media[")):
            try:
                fbid = str(json.loads(form[key])["media_fbid"])
            except (ValueError, KeyError, TypeError):
                return graph_error("(#100) param attached_media must be an array.", 100)
            if fbid not in self.photos or self.photos[fbid]["published"]:
                return graph_error(f"(#100) Invalid media_fbid: {fbid}", 100)
            media.append(fbid)
        if not message and not media:
            return graph_error("(#100) Missing message or attachment.", 100)
        scheduled_at: float | None = None
        if form.get("published") == "false" and "scheduled_publish_time" in form:
            try:
                scheduled_at = float(form["scheduled_publish_time"])
            except ValueError:
                return graph_error(BAD_SCHEDULE, 100)
            ahead = scheduled_at - time.time()
            if not SCHEDULE_MIN <= ahead <= SCHEDULE_MAX:
                return graph_error(BAD_SCHEDULE, 100)
        post_id = f"{self.page_id}_{next(self._ids)}"
        self.posts[post_id] = Post(post_id, message, time.time(), scheduled_at, media)
        return Response.of(200, {"id": post_id})

    def _photo(self, request: Request) -> Response:
        if not request.headers.get("content-type", "").startswith("multipart/form-data"):
            return graph_error("(#324) Requires upload file", 324)
        fields = multipart(request)
        source = fields.get("source")
        if not isinstance(source, bytes) or not source:
            return graph_error("(#324) Requires upload file", 324)
        photo_id = str(next(self._ids))
        self.photos[photo_id] = {
            "data": source,
            "alt_text_custom": fields.get("alt_text_custom", ""),
            "published": fields.get("published", "true") != "false",
            "temporary": fields.get("temporary") == "true",
        }
        return Response.of(200, {"id": photo_id})

    def _photo_sizes(self, photo_id: str, request: Request) -> Response:
        """``GET /{photo-id}?fields=images`` (Photo reference: ``images``, the stored
        sizes, each with ``height``, ``width`` and ``source``, the address Meta serves
        it from); served here under ``/cdn/``, to anyone, as a CDN would."""
        host = request.headers.get("host", "127.0.0.1")
        sizes = [
            {"height": 1080, "width": 1080, "source": f"http://{host}/cdn/{photo_id}"},
            {"height": 320, "width": 320, "source": f"http://{host}/cdn/{photo_id}?small"},
        ]
        return Response.of(200, {"id": photo_id, "images": sizes})

    def _served(self, photo_id: str) -> Response:
        photo = self.photos.get(photo_id)
        if photo is None:
            return Response(404, b"Not found", {"Content-Type": "text/plain"})
        return Response(200, photo["data"], {"Content-Type": "image/png"}, plain=True)

    def _delete(self, object_id: str) -> Response:
        if object_id in self.posts:
            del self.posts[object_id]
            return Response.of(200, {"success": True})
        if object_id in self.photos:
            del self.photos[object_id]
            return Response.of(200, {"success": True})
        return graph_error(
            f"Unsupported delete request. Object with ID '{object_id}' does not exist, cannot "
            "be loaded due to missing permissions, or does not support this operation.",
            100,
            33,
        )

    def _render(self, post: Post, fields: str) -> dict[str, Any]:
        out: dict[str, Any] = {"id": post.id}
        wanted = set(fields.split(","))
        if "message" in wanted and post.message:
            out["message"] = post.message
        if "created_time" in wanted:
            out["created_time"] = meta_time(post.created_at)
        if "permalink_url" in wanted:
            out["permalink_url"] = "https://www.facebook.com/" + post.id.replace("_", "/posts/")
        if "scheduled_publish_time" in wanted and post.scheduled_at is not None:
            out["scheduled_publish_time"] = int(post.scheduled_at)
        return out

    def _published_posts(self, request: Request) -> Response:
        since = float(request.query.get("since", "0") or 0)
        posts = [p for p in self.posts.values() if p.scheduled_at is None and p.created_at >= since]
        posts.sort(key=lambda p: p.created_at, reverse=True)
        fields = request.query.get("fields", "id,message,created_time")
        return Response.of(200, {"data": [self._render(p, fields) for p in posts]})

    def _update(self, post_id: str, request: Request) -> Response:
        """``POST /{page-post-id}`` (Page Post reference, "Updating"): ``is_pinned``."""
        post = self.posts.get(post_id)
        if post is None:
            return graph_error("Unsupported post request. Object does not exist.", 100, 33)
        values = {**request.query, **request.form()}
        if "is_pinned" in values:
            post.pinned = values["is_pinned"] == "true"
        return Response.of(200, {"success": True})

    def _scheduled_posts(self, request: Request) -> Response:
        posts = [p for p in self.posts.values() if p.scheduled_at is not None]
        fields = request.query.get("fields", "id,message,created_time")
        return Response.of(200, {"data": [self._render(p, fields) for p in posts]})

    # -- the inbox ----------------------------------------------------------------------

    def _feed(self, request: Request) -> Response:
        fields = request.query.get("fields", "")
        since_match = re.search(r"comments[^{]*\.since\((\d+)\)", fields)
        since = float(since_match.group(1)) if since_match else 0.0
        posts = sorted(
            (p for p in self.posts.values() if p.scheduled_at is None),
            key=lambda p: p.created_at,
            reverse=True,
        )
        data = []
        for post in posts[: int(request.query.get("limit", "25"))]:
            item: dict[str, Any] = {"id": post.id}
            if "comments" in fields:
                found = [c for c in self.comments if c.post_id == post.id and c.created_at >= since]
                found.sort(key=lambda c: c.created_at, reverse=True)
                item["comments"] = {"data": [self._comment(c) for c in found[:50]]}
            data.append(item)
        return Response.of(200, {"data": data})

    def _comment(self, comment: Comment) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": comment.id,
            "message": comment.message,
            "created_time": meta_time(comment.created_at),
            "from": comment.author,
            "permalink_url": f"https://www.facebook.com/{comment.post_id}?comment_id={comment.id}",
        }
        if comment.parent:
            out["parent"] = {"id": comment.parent}
        return out

    def _conversations(self, request: Request) -> Response:
        threads: dict[str, list[Message]] = {}
        for message in self.messages:
            threads.setdefault(message.thread, []).append(message)
        data = []
        for thread, messages in threads.items():
            messages.sort(key=lambda m: m.created_at, reverse=True)
            data.append(
                {
                    "id": thread,
                    "updated_time": meta_time(messages[0].created_at),
                    "messages": {
                        "data": [
                            {
                                "id": m.id,
                                "message": m.message,
                                "from": m.author,
                                "created_time": meta_time(m.created_at),
                            }
                            for m in messages[:25]
                        ]
                    },
                }
            )
        data.sort(key=lambda t: str(t["updated_time"]), reverse=True)
        return Response.of(200, {"data": data})

    # -- answering ----------------------------------------------------------------------

    def _comment_replies(self, comment_id: str, request: Request) -> Response:
        parent = next((c for c in self.comments if c.id == comment_id), None)
        if parent is None:
            return graph_error(
                f"Unsupported post request. Object with ID '{comment_id}' does not exist.", 100, 33
            )
        if request.method == "GET":
            found = [c for c in self.comments if c.parent == comment_id]
            return Response.of(200, {"data": [self._comment(c) for c in found]})
        message = request.form().get("message", "")
        if not message:
            return graph_error("(#100) Missing message or attachment.", 100)
        made = Comment(
            f"{parent.post_id.split('_')[-1]}_{next(self._ids)}",
            parent.post_id,
            message,
            dict(self.page),
            time.time(),
            comment_id,
        )
        self.comments.append(made)
        return Response.of(200, {"id": made.id})

    def _send_message(self, request: Request) -> Response:
        form = request.form()
        try:
            recipient = json.loads(form.get("recipient", ""))
            text = str(json.loads(form.get("message", ""))["text"])
        except (ValueError, KeyError, TypeError):
            return graph_error("(#100) param recipient and message must be JSON objects.", 100)
        if form.get("messaging_type") not in ("RESPONSE", "UPDATE", "MESSAGE_TAG"):
            return graph_error("(#100) messaging_type is required.", 100)
        if "comment_id" in recipient:
            comment = next((c for c in self.comments if c.id == recipient["comment_id"]), None)
            if comment is None:
                return graph_error("(#100) No matching user found", 100, 2018001)
            if comment.id in self.private_replies:
                return graph_error("(#10900) Activity already replied to", 10900)
            sent = Message(f"m_{next(self._ids)}", f"t_{comment.author['id']}", text,
                           dict(self.page), time.time())  # fmt: skip
            self.private_replies[comment.id] = sent
            self.messages.append(sent)
            return Response.of(200, {"recipient_id": comment.author["id"], "message_id": sent.id})
        psid = str(recipient.get("id", ""))
        thread = next((m.thread for m in self.messages if m.author.get("id") == psid), None)
        if thread is None:
            return graph_error("(#100) No matching user found", 100, 2018001)
        sent = Message(f"m_{next(self._ids)}", thread, text, dict(self.page), time.time())
        self.messages.append(sent)
        return Response.of(200, {"recipient_id": psid, "message_id": sent.id})

    def _thread(self, thread: str) -> Response:
        found = sorted(
            (m for m in self.messages if m.thread == thread),
            key=lambda m: m.created_at,
            reverse=True,
        )
        data = [
            {"id": m.id, "message": m.message, "from": m.author,
             "created_time": meta_time(m.created_at)}
            for m in found
        ]  # fmt: skip
        return Response.of(200, {"data": data})

    # -- metrics ------------------------------------------------------------------------

    def _many(self, request: Request) -> Response:
        ids = [i for i in request.query.get("ids", "").split(",") if i]
        fields = request.query.get("fields", "")
        missing = [i for i in ids if i not in self.posts]
        if not ids or missing:
            return graph_error(
                f"(#803) Some of the aliases you requested do not exist: {','.join(missing)}", 803
            )
        if "insights" in fields:
            if self.insights_deprecated:
                return graph_error("(#100) The value must be a valid insights metric", 100)
            return Response.of(
                200,
                {
                    i: {
                        "id": i,
                        "insights": {
                            "data": [
                                {
                                    "name": "post_impressions_unique",
                                    "period": "lifetime",
                                    "values": [{"value": self.posts[i].reach}],
                                    "title": "Lifetime Post Total Reach",
                                    "id": f"{i}/insights/post_impressions_unique/lifetime",
                                }
                            ]
                        },
                    }
                    for i in ids
                },
            )
        out: dict[str, Any] = {}
        for i in ids:
            post = self.posts[i]
            replies = sum(1 for c in self.comments if c.post_id == i)
            out[i] = {
                "id": i,
                "reactions": {
                    "data": [],
                    "summary": {"total_count": post.reactions, "viewer_reaction": "NONE"},
                },
                "comments": {
                    "data": [],
                    "summary": {"order": "ranked", "total_count": replies, "can_comment": True},
                },
            }
            if post.shares:
                out[i]["shares"] = {"count": post.shares}
        return Response.of(200, out)
