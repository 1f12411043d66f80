"""A stateful loopback Instagram Graph API (one professional account), on the loopback
Facebook Graph API of the Page it is connected to, written from Meta's references.

References read (developers.facebook.com/docs/instagram-platform, "Instagram API with
Facebook Login"):

* Content Publishing: ``POST /{ig-user-id}/media`` with ``image_url`` (fetched by
  Meta: "We cURL media used in publishing attempts"; "JPEG is the only image format
  supported"), ``caption`` (at most 2,200 characters, 30 hashtags and 20 @ tags),
  ``alt_text``, ``is_carousel_item``, ``media_type=CAROUSEL`` with ``children`` (up to
  10); ``POST /{ig-user-id}/media_publish`` with ``creation_id``; ``GET
  /{ig-container-id}?fields=status_code`` (``EXPIRED``, ``ERROR``, ``FINISHED``,
  ``IN_PROGRESS``, ``PUBLISHED``).
* IG User Content Publishing Limit: ``GET /{ig-user-id}/content_publishing_limit``
  answering ``{"data": [{"quota_usage": 2, "config": {"quota_total": 50,
  "quota_duration": 86400}}]}``; over it, ``media_publish`` fails (error subcode
  2207042, "the maximum number of posts ... has been reached").
* IG User Media (``GET /{ig-user-id}/media``: ``id``, ``caption``, ``timestamp``,
  ``permalink``, field expansion of ``comments`` and their ``replies``), IG Media
  (``like_count``, ``comments_count``, ``permalink``), Media Insights (``GET
  /{ig-media-id}/insights?metric=reach``), IG Comment Replies (``GET`` and ``POST
  /{ig-comment-id}/replies`` with ``message``).
* Errors are the Graph API's (``facebook_server.graph_error``).

Timestamps are written as Instagram writes them: ``2026-11-28T15:00:00+0000``.
"""

from __future__ import annotations

import itertools
import re
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from tests.channels.servers.facebook_server import FacebookApp, graph_error, meta_time
from tests.channels.servers.scripted_http import Request, Response

CAPTION_LIMIT = 2200
NOT_JPEG = "ERROR"


@dataclass
class Media:
    id: str
    caption: str
    created_at: float
    images: list[tuple[bytes, str]]  # (JPEG data, alt text)
    likes: int = 0
    reach: int = 0


@dataclass
class Comment:
    id: str
    media_id: str
    username: str
    text: str
    created_at: float
    parent: str = ""
    replies: list[str] = field(default_factory=list)


@dataclass
class Container:
    id: str
    form: dict[str, str]
    image: bytes = b""
    status: str = "IN_PROGRESS"  # FINISHED after its first status read, unless ERROR


class InstagramApp(FacebookApp):
    def __init__(self, ig_user: str = "17841400000000777", username: str = "cordonpolice") -> None:
        super().__init__()
        self.ig_user, self.username = ig_user, username
        self.quota_total = 50
        self.linked = True  # the Page has the Instagram account linked
        self.containers: dict[str, Container] = {}
        self.media: dict[str, Media] = {}
        self.ig_comments: dict[str, Comment] = {}
        self._ig_ids = itertools.count(17_900_000_000_000_001)

    # -- set-up for tests ---------------------------------------------------------------

    def comment_on(self, media_id: str, username: str, text: str, parent: str = "") -> Comment:
        with self.lock:
            made = Comment(self._ig_id(), media_id, username, text, time.time(), parent)
            self.ig_comments[made.id] = made
            if parent:
                self.ig_comments[parent].replies.append(made.id)
            return made

    def published_media(self) -> list[Media]:
        with self.lock:
            return list(self.media.values())

    def _ig_id(self) -> str:
        return str(next(self._ig_ids))

    # -- routes -------------------------------------------------------------------------

    def _route(self, request: Request, path: str) -> Response:
        parts = path.strip("/").split("/")
        linked = "instagram_business_account" in request.query.get("fields", "")
        if parts == [self.page_id] and request.method == "GET" and linked:
            if not self.linked:  # Graph leaves out a field with no value
                return Response.of(200, {"id": self.page_id})
            account = {"id": self.ig_user, "username": self.username, "name": "Cordon Police"}
            return Response.of(200, {"id": self.page_id, "instagram_business_account": account})
        if parts[0] == self.ig_user:
            return self._account(request, parts[1] if len(parts) > 1 else "")
        if parts[0] in self.containers and request.method == "GET":
            return self._status(parts[0])
        if parts[0] in self.media and request.method == "GET":
            if len(parts) == 2 and parts[1] == "insights":
                return self._insights(parts[0])
            return self._media(parts[0], request.query.get("fields", "id"))
        if parts[0] in self.ig_comments and len(parts) == 2 and parts[1] == "replies":
            return self._replies(parts[0], request)
        known = parts[0] in self.posts or parts[0] in self.photos or parts[0] == self.page_id
        if request.method == "GET" and len(parts) <= 2 and parts[0].isdigit() and not known:
            return graph_error(f"Object with ID '{parts[0]}' does not exist.", 100, 33)
        return super()._route(request, path)

    def _account(self, request: Request, edge: str) -> Response:
        if request.method == "GET" and edge == "":
            return Response.of(200, {"id": self.ig_user, "username": self.username})
        if request.method == "POST" and edge == "media":
            return self._container(request.form())
        if request.method == "POST" and edge == "media_publish":
            return self._publish(request.form())
        if request.method == "GET" and edge == "media":
            return self._listed(request)
        if request.method == "GET" and edge == "content_publishing_limit":
            config = {"quota_total": self.quota_total, "quota_duration": 86400}
            return Response.of(200, {"data": [{"quota_usage": self._used_quota(),
                                               "config": config}]})  # fmt: skip
        return graph_error(f"Unsupported {request.method} request.", 100)

    # -- publishing ---------------------------------------------------------------------

    def _container(self, form: dict[str, str]) -> Response:
        caption = form.get("caption", "")
        if len(caption) > CAPTION_LIMIT:
            return graph_error("The caption is too long: it can have at most 2,200 characters.",
                               100, 2207010)  # fmt: skip
        if len(re.findall(r"#\w", caption)) > 30:
            return graph_error("The caption can have at most 30 hashtags.", 100, 2207010)
        made = Container(self._ig_id(), dict(form))
        if form.get("media_type") == "CAROUSEL":
            children = [c for c in form.get("children", "").split(",") if c]
            if not 2 <= len(children) <= 10 or any(c not in self.containers for c in children):
                return graph_error("(#100) A carousel takes 2 to 10 item containers.", 100)
            made.status = "FINISHED"
        else:
            made.image = self._fetch(form.get("image_url", ""))
            if not made.image.startswith(b"\xff\xd8\xff"):
                made.status = NOT_JPEG  # only JPEG is published
        self.containers[made.id] = made
        return Response.of(200, {"id": made.id})

    def _fetch(self, url: str) -> bytes:
        """What Meta's cURL of ``image_url`` would get: here, the Page's own CDN."""
        parts = urlsplit(url)
        photo = self.photos.get(parts.path.removeprefix("/cdn/"))
        return photo["data"] if photo is not None and parts.path.startswith("/cdn/") else b""

    def _status(self, container_id: str) -> Response:
        made = self.containers[container_id]
        answer = {"id": made.id, "status_code": made.status}
        if made.status == "IN_PROGRESS":
            made.status = "FINISHED"
        return Response.of(200, answer)

    def _used_quota(self) -> int:
        day_ago = time.time() - 86400
        return sum(1 for m in self.media.values() if m.created_at > day_ago)

    def _publish(self, form: dict[str, str]) -> Response:
        made = self.containers.get(form.get("creation_id", ""))
        if made is None:
            return graph_error("(#100) The parameter creation_id is required.", 100)
        if self._used_quota() >= self.quota_total:
            return graph_error("The maximum number of posts that can be published through the "
                               "API in 24 hours has been reached.", 9, 2207042)  # fmt: skip
        if made.status != "FINISHED":
            return graph_error(f"Media is not ready to be published ({made.status}).", 9007,
                               2207027)  # fmt: skip
        children = [self.containers[c] for c in made.form.get("children", "").split(",") if c]
        images = [(c.image, c.form.get("alt_text", "")) for c in (children or [made])]
        media = Media(self._ig_id(), made.form.get("caption", ""), time.time(), images)
        made.status = "PUBLISHED"
        self.media[media.id] = media
        return Response.of(200, {"id": media.id})

    # -- reading ------------------------------------------------------------------------

    def _ig_render(self, media: Media, fields: str) -> dict[str, Any]:
        out: dict[str, Any] = {"id": media.id}
        if "caption" in fields:
            out["caption"] = media.caption
        if "timestamp" in fields:
            out["timestamp"] = meta_time(media.created_at)
        if "permalink" in fields:
            out["permalink"] = f"https://www.instagram.com/p/{media.id}/"
        if "like_count" in fields:
            out["like_count"] = media.likes
        if "comments_count" in fields:
            out["comments_count"] = sum(1 for c in self.ig_comments.values()
                                        if c.media_id == media.id)  # fmt: skip
        if "comments" in fields:
            top = [c for c in self.ig_comments.values() if c.media_id == media.id and not c.parent]
            out["comments"] = {"data": [self._ig_comment(c, with_replies=True) for c in top]}
        return out

    def _ig_comment(self, comment: Comment, *, with_replies: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {"id": comment.id, "text": comment.text,
                               "username": comment.username,
                               "timestamp": meta_time(comment.created_at)}  # fmt: skip
        if with_replies and comment.replies:
            out["replies"] = {
                "data": [self._ig_comment(self.ig_comments[r]) for r in comment.replies]
            }
        return out

    def _listed(self, request: Request) -> Response:
        fields = request.query.get("fields", "id")
        found = sorted(self.media.values(), key=lambda m: m.created_at, reverse=True)
        limit = int(request.query.get("limit", "25"))
        return Response.of(200, {"data": [self._ig_render(m, fields) for m in found[:limit]]})

    def _media(self, media_id: str, fields: str) -> Response:
        return Response.of(200, self._ig_render(self.media[media_id], fields))

    def _insights(self, media_id: str) -> Response:
        value = self.media[media_id].reach
        reach = {"name": "reach", "period": "lifetime", "values": [{"value": value}],
                 "title": "Reach", "id": f"{media_id}/insights/reach/lifetime"}  # fmt: skip
        return Response.of(200, {"data": [reach]})

    def _replies(self, comment_id: str, request: Request) -> Response:
        parent = self.ig_comments[comment_id]
        if request.method == "GET":
            return Response.of(200, {"data": [self._ig_comment(self.ig_comments[r])
                                              for r in parent.replies]})  # fmt: skip
        message = request.form().get("message", "")
        if not message:
            return graph_error("(#100) The parameter message is required.", 100)
        made = self.comment_on(parent.media_id, self.username, message, comment_id)
        return Response.of(200, {"id": made.id})
