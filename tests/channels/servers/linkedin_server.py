"""A stateful loopback LinkedIn Community Management API (one organization), written
from LinkedIn's published reference (learn.microsoft.com/linkedin).

References read:

* Posts API: ``POST /rest/posts`` (``author``, ``commentary``, ``visibility``,
  ``distribution``, ``lifecycleState``, ``isReshareDisabledByAuthor``, ``content``
  with ``media`` {``id``, ``altText``} or ``multiImage`` {``images``}), answered 201
  with the URN in ``x-restli-id``; ``GET /rest/posts?author={urn}&q=author`` (a
  FINDER: ``count``, ``sortBy``) answering ``elements`` with ``id``, ``author``,
  ``commentary``, ``createdAt`` (milliseconds) and ``lifecycleState``; ``DELETE
  /rest/posts/{urn}`` (204). Every call needs ``LinkedIn-Version`` (YYYYMM) and
  ``X-Restli-Protocol-Version: 2.0.0``: without the version LinkedIn answers 426
  (``VERSION_MISSING``).
* "little" Text Format: ``\\ | { } @ [ ] ( ) < > # * _ ~`` are reserved; unescaped, the
  text is cut at the first one (this server cuts it too, as LinkedIn does silently).
  Commentary is at most 3,000 characters.
* Images API: ``POST /rest/images?action=initializeUpload`` with
  ``initializeUploadRequest.owner`` answering ``value.uploadUrl`` and ``value.image``;
  the bytes are ``PUT`` to ``uploadUrl``. MultiImage: 2 to 20 images.
* Comments API: ``GET`` and ``POST /rest/socialActions/{urn}/comments`` (``actor``,
  ``object``, ``message.text``, ``parentComment``), elements with ``$URN``,
  ``actor``, ``message``, ``created.time`` and ``parentComment``.
* Organization Share Statistics: ``GET
  /rest/organizationalEntityShareStatistics?q=organizationalEntity&
  organizationalEntity={urn}&shares=List(...)`` answering ``elements`` of ``share`` and
  ``totalShareStatistics`` (``likeCount``, ``commentCount``, ``shareCount``,
  ``uniqueImpressionsCount``, ``impressionCount``, ``clickCount``, ``engagement``).
* Errors: ``{"status", "serviceErrorCode", "code", "message"}``; 401
  ``INVALID_ACCESS_TOKEN`` (65600), ``EXPIRED_ACCESS_TOKEN``, ``REVOKED_ACCESS_TOKEN``;
  429 (a daily throttle, no headers); 403 ``ACCESS_DENIED``; 422 for a body it will
  not take. Refresh: ``POST /oauth/v2/accessToken`` with ``grant_type=refresh_token``.
"""

from __future__ import annotations

import itertools
import re
import secrets
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from tests.channels.servers.scripted_http import App, Request, Response

VERSION_PATTERN = re.compile(r"^\d{6}$")
RESERVED = set("\\|{}@[]()<>#*_~")


def li_error(status: int, code: str, message: str, service: int = 0) -> Response:
    body = {"status": status, "code": code, "message": message}
    if service:
        body["serviceErrorCode"] = service
    return Response.of(status, body)


def cut_at_reserved(text: str) -> str:
    """What LinkedIn keeps of a commentary: up to its first unescaped reserved character."""
    kept, escaped = [], False
    for char in text:
        if escaped:
            kept.append("\\" + char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char in RESERVED:
            break
        else:
            kept.append(char)
    return "".join(kept)


@dataclass
class Token:
    expires_at: float
    revoked: bool = False


@dataclass
class Post:
    urn: str
    commentary: str  # as stored: little text
    created_at: float
    images: list[tuple[bytes, str]] = field(default_factory=list)  # (data, alt text)
    statistics: dict[str, int] = field(default_factory=dict)


@dataclass
class Comment:
    urn: str
    post: str
    actor: str
    text: str
    created_at: float
    parent: str = ""


class LinkedInApp(App):
    def __init__(self, organization: str = "urn:li:organization:2414183") -> None:
        super().__init__()
        self.organization = organization
        self.client_id, self.client_secret = "78linkedinclient", "linkedin-client-secret"
        self.tokens: dict[str, Token] = {}
        self.refresh_tokens: set[str] = set()
        self.uploads: dict[str, bytes | None] = {}  # image urn -> bytes once PUT
        self.posts: dict[str, Post] = {}
        self.comments: list[Comment] = []
        self.daily_calls = 1000
        self.calls = 0
        self._ids = itertools.count(7_100_000_000_000_000_001)

    # -- set-up for tests ---------------------------------------------------------------

    def issue(self, lifetime: float = 60 * 24 * 3600) -> tuple[str, str]:
        with self.lock:
            token, refresh = "AQV" + secrets.token_urlsafe(30), "AQX" + secrets.token_urlsafe(30)
            self.tokens[token] = Token(time.time() + lifetime)
            self.refresh_tokens.add(refresh)
            return token, refresh

    def expire(self, token: str) -> None:
        with self.lock:
            self.tokens[token].expires_at = time.time() - 1

    def revoke_all(self) -> None:
        with self.lock:
            for token in self.tokens.values():
                token.revoked = True
            self.refresh_tokens.clear()

    def comment(self, post: str, actor: str, text: str, parent: str = "") -> Comment:
        with self.lock:
            number = next(self._ids)
            made = Comment(f"urn:li:comment:(urn:li:activity:{number},{number})", post, actor,
                           text, time.time(), parent)  # fmt: skip
            self.comments.append(made)
            return made

    def shown(self) -> list[str]:
        """The organization's posts as members read them: little text unescaped."""
        with self.lock:
            return [re.sub(r"\\(.)", r"\1", p.commentary) for p in self.posts.values()]

    # -- every answer -------------------------------------------------------------------

    def handle(self, request: Request) -> Response:
        if request.path == "/oauth/v2/accessToken":
            return self._refresh(request.form())
        if request.path.startswith("/dms-uploads/") and request.method == "PUT":
            return self._uploaded(request)
        if not VERSION_PATTERN.match(request.headers.get("linkedin-version", "")):
            return li_error(426, "VERSION_MISSING", "A version must be present.")
        self.calls += 1
        if self.calls > self.daily_calls:
            return li_error(429, "TOO_MANY_REQUESTS", "Resource level throttle APPLICATION DAY "
                            "limit for calls to this resource is reached.", 101)  # fmt: skip
        refused = self._refused(request.bearer() or "")
        if refused is not None:
            return refused
        path = unquote(request.path)
        if path == "/rest/posts" and request.method == "POST":
            return self._create(request.json())
        if path == "/rest/posts" and request.method == "GET":
            return self._by_author(request)
        if path.startswith("/rest/posts/") and request.method == "DELETE":
            return self._delete(path.removeprefix("/rest/posts/"))
        if path == "/rest/images" and request.query.get("action") == "initializeUpload":
            return self._initialize(request)
        match = re.fullmatch(r"/rest/socialActions/(.+)/comments", path)
        if match:
            return self._comments(match.group(1), request)
        if path == "/rest/organizationalEntityShareStatistics":
            return self._statistics(request)
        return li_error(404, "NOT_FOUND", f"No resource found for {path}")

    def _refused(self, token: str) -> Response | None:
        found = self.tokens.get(token)
        if found is None:
            return li_error(401, "INVALID_ACCESS_TOKEN", "Invalid access token", 65600)
        if found.revoked:
            return li_error(401, "REVOKED_ACCESS_TOKEN", "The token used in the request has "
                            "been revoked by the user", 65601)  # fmt: skip
        if found.expires_at < time.time():
            return li_error(401, "EXPIRED_ACCESS_TOKEN", "The token used in the request has "
                            "expired", 65602)  # fmt: skip
        return None

    def _refresh(self, form: dict[str, str]) -> Response:
        if form.get("client_id") != self.client_id or form.get("client_secret") != (
            self.client_secret
        ):
            refused = {
                "error": "invalid_client",
                "error_description": "Client authentication failed",
            }
            return Response.of(401, refused)
        if form.get("grant_type") != "refresh_token" or form.get("refresh_token") not in (
            self.refresh_tokens
        ):
            return Response.of(400, {"error": "invalid_request",
                                     "error_description": "The provided refresh token is "
                                     "invalid"})  # fmt: skip
        token, refresh = self.issue()
        self.refresh_tokens.discard(form["refresh_token"])
        return Response.of(200, {"access_token": token, "expires_in": 5183999,
                                 "refresh_token": refresh,
                                 "refresh_token_expires_in": 31536000})  # fmt: skip

    # -- posting ------------------------------------------------------------------------

    def _create(self, body: Any) -> Response:
        if not isinstance(body, dict):
            return li_error(400, "ILLEGAL_ARGUMENT", "Request body could not be converted")
        missing = [k for k in ("author", "commentary", "visibility", "distribution",
                               "lifecycleState") if k not in body]  # fmt: skip
        if missing:
            lines = "".join(f"ERROR :: /{k} :: field is required but not found\n" for k in missing)
            return Response.of(422, {"message": lines, "status": 422})
        if body["author"] != self.organization:
            return li_error(403, "ACCESS_DENIED", f"Not enough permissions to access: "
                            f"partnerApiPostsExternal.CREATE.{body['author']}")  # fmt: skip
        commentary = str(body["commentary"])
        if len(commentary) > 3000:
            return li_error(422, "UNPROCESSABLE_ENTITY", "/commentary :: length 3000 exceeded")
        images: list[tuple[bytes, str]] = []
        content = body.get("content") or {}
        listed = [content["media"]] if "media" in content else content.get(
            "multiImage", {}).get("images", [])  # fmt: skip
        if "multiImage" in content and not 2 <= len(listed) <= 20:
            return li_error(422, "UNPROCESSABLE_ENTITY", "A multiImage post takes 2 to 20 images")
        for media in listed:
            data = self.uploads.get(str(media.get("id")))
            if data is None:
                return li_error(422, "UNPROCESSABLE_ENTITY",
                                f"Image {media.get('id')} has not been uploaded")  # fmt: skip
            images.append((data, str(media.get("altText", ""))))
        urn = f"urn:li:share:{next(self._ids)}"
        self.posts[urn] = Post(urn, cut_at_reserved(commentary), time.time(), images)
        return Response(201, b"", {"x-restli-id": urn})

    def _by_author(self, request: Request) -> Response:
        if request.query.get("q") != "author" or request.query.get("author") != (self.organization):
            return li_error(403, "ACCESS_DENIED", "Not enough permissions to access this author")
        found = sorted(self.posts.values(), key=lambda p: p.created_at, reverse=True)
        count = int(request.query.get("count", "10"))
        elements = [{"id": p.urn, "author": self.organization, "commentary": p.commentary,
                     "createdAt": int(p.created_at * 1000), "lifecycleState": "PUBLISHED",
                     "visibility": "PUBLIC"} for p in found[:count]]  # fmt: skip
        return Response.of(200, {"elements": elements, "paging": {"start": 0, "count": count}})

    def _delete(self, urn: str) -> Response:
        if self.posts.pop(urn, None) is None:
            return li_error(404, "NOT_FOUND", f"Post {urn} does not exist")
        return Response(204, b"", {})

    def _initialize(self, request: Request) -> Response:
        owner = str(request.json().get("initializeUploadRequest", {}).get("owner", ""))
        if owner != self.organization:
            return li_error(403, "ACCESS_DENIED", "Not enough permissions to upload as this owner")
        urn = f"urn:li:image:D4E{next(self._ids)}"
        self.uploads[urn] = None
        host = request.headers.get("host", "127.0.0.1")
        upload_url = f"http://{host}/dms-uploads/{urn.rsplit(':', 1)[1]}/uploaded-image"
        return Response.of(200, {"value": {"uploadUrlExpiresAt": int(time.time() * 1000) + 3600000,
                                           "uploadUrl": upload_url, "image": urn}})  # fmt: skip

    def _uploaded(self, request: Request) -> Response:
        key = request.path.split("/")[2]
        urn = f"urn:li:image:{key}"
        if urn not in self.uploads or self._refused(request.bearer() or "") is not None:
            return Response(401, b"", {})
        self.uploads[urn] = request.body
        return Response(201, b"", {})

    # -- social actions -----------------------------------------------------------------

    def _render(self, comment: Comment) -> dict[str, Any]:
        out: dict[str, Any] = {"$URN": comment.urn, "actor": comment.actor,
                               "object": comment.post, "message": {"text": comment.text},
                               "created": {"time": int(comment.created_at * 1000)}}  # fmt: skip
        if comment.parent:
            out["parentComment"] = comment.parent
        return out

    def _comments(self, post: str, request: Request) -> Response:
        if post not in self.posts:
            return li_error(404, "NOT_FOUND", f"Post {post} does not exist")
        if request.method == "GET":
            found = [self._render(c) for c in self.comments if c.post == post]
            return Response.of(200, {"elements": found, "paging": {"count": len(found)}})
        body = request.json()
        text = str(body.get("message", {}).get("text", ""))
        if body.get("actor") != self.organization or not text:
            return li_error(422, "UNPROCESSABLE_ENTITY", "actor and message.text are required")
        made = self.comment(post, self.organization, cut_at_reserved(text),
                            str(body.get("parentComment", "")))  # fmt: skip
        return Response(201, b"", {"x-restli-id": made.urn})

    def _statistics(self, request: Request) -> Response:
        listed = request.query.get("shares", "")
        urns = [unquote(u) for u in listed.removeprefix("List(").removesuffix(")").split(",") if u]
        elements = []
        for urn in urns:
            post = self.posts.get(urn)
            if post is None:
                continue
            counts = {"likeCount": 0, "commentCount": 0, "shareCount": 0, "clickCount": 0,
                      "impressionCount": 0, "uniqueImpressionsCount": 0, "engagement": 0.0,
                      **post.statistics}  # fmt: skip
            elements.append({"share": urn, "organizationalEntity": self.organization,
                             "totalShareStatistics": counts})  # fmt: skip
        return Response.of(200, {"elements": elements, "paging": {"count": len(elements)}})
