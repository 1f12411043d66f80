"""A stateful loopback X API v2, written from X's published reference.

References read (by path in X's OpenAPI document, ``specs/openapi.json`` in the public
``xdevplatform/xdk`` repository, version 2.167, unless a URL is given):

* ``POST /2/tweets`` (``CreatePostsRequest``: ``text``, ``media.media_ids`` 1 to 4;
  ``CreatePostsResponse``: ``data.id``, ``data.text``), answered 201 as in tweepy's
  recorded ``test_client_create_and_delete_tweet.yaml``; a second post with the same
  text is refused 403 "You are not allowed to create a Tweet with duplicate content.".
* ``DELETE /2/tweets/{id}`` (``DeletePostsResponse``: ``data.deleted``).
* ``POST /2/media/upload`` (``MediaUploadRequest``: ``media`` base64 in JSON,
  ``media_category`` in ``tweet_image``, ``tweet_gif``, ...; ``MediaUploadResponse``
  ``data.id``, ``media_key``, ``size``, ``expires_after_secs``, ``image``).
* ``POST /2/media/metadata`` (``CreateMediaMetadataRequest``: ``id``,
  ``metadata.alt_text.text`` at most 1,000 characters).
* ``GET /2/users/{id}/mentions`` and ``GET /2/users/{id}/tweets`` (``since_id``,
  ``until_id``, ``start_time``, ``max_results`` 5 to 100, ``pagination_token``,
  ``tweet.fields``, ``expansions=author_id`` into ``includes.users``; ``meta``:
  ``result_count``, ``newest_id``, ``oldest_id``, ``next_token``), newest first.
* Replies: ``reply.in_reply_to_tweet_id`` on ``POST /2/tweets``; one to a post that
  is not there is refused 403. Direct messages: ``POST /2/dm_conversations/with/
  {participant_id}/messages`` (``text``; answer ``data.dm_conversation_id``,
  ``data.dm_event_id``, 201) and ``GET /2/dm_conversations/with/{participant_id}/
  dm_events`` (``DmEvent``: ``id``, ``text``, ``sender_id``, ``dm_conversation_id``).
* ``GET /2/tweets?ids=`` (``public_metrics``: ``retweet_count``, ``reply_count``,
  ``like_count``, ``quote_count``, ``impression_count``; missing ids as ``errors``
  of type ``resource-not-found``); ``GET /2/users/me``.
* ``POST /2/oauth2/token`` with ``grant_type=refresh_token``, ``refresh_token``,
  ``client_id`` (https://docs.x.com/fundamentals/authentication/oauth-2-0/authorization-code):
  a new access token (two hours) and a new refresh token; the old one stops working.
* Rate limits (https://docs.x.com/fundamentals/rate-limits): every answer carries
  ``x-rate-limit-limit``, ``x-rate-limit-remaining``, ``x-rate-limit-reset`` (Unix
  seconds) per endpoint and 15-minute window; over the limit, 429.
* Errors are problem JSON (``title``, ``detail``, ``type``, ``status``); a bad token
  is 401 "Unauthorized".

As the real API does, it gives text back with ``&``, ``<``, ``>`` as HTML entities,
links as t.co links, and a t.co link to attached media at the end.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import html
import itertools
import re
import secrets
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from twitter_text import extract_urls_with_indices

from tests.channels.servers.scripted_http import App, Request, Response

DUPLICATE = "You are not allowed to create a Tweet with duplicate content."
WINDOW = 15 * 60
CATEGORIES = {
    "tweet_image",
    "tweet_video",
    "tweet_gif",
    "dm_image",
    "dm_video",
    "dm_gif",
    "subtitles",
}


@dataclass
class Token:
    user_id: str
    expires_at: float
    revoked: bool = False


@dataclass
class Tweet:
    id: str
    text: str  # as sent
    author_id: str
    created_at: float
    media_ids: list[str] = field(default_factory=list)
    conversation_id: str = ""
    in_reply_to_user_id: str = ""
    replied_to: str = ""
    metrics: dict[str, int] = field(default_factory=dict)

    def shown_text(self) -> str:
        """The text as X gives it back: every link twitter-text finds (a bare
        ``bit.ly/x`` too) as a t.co link, and ``&``, ``<``, ``>`` as entities."""
        parts, position = [], 0
        for link in extract_urls_with_indices(self.text):
            start, end = link["indices"]
            parts += [html.escape(self.text[position:start], quote=False), _tco(link["url"])]
            position = end
        shown = "".join(parts) + html.escape(self.text[position:], quote=False)
        for media_id in self.media_ids:
            shown += " " + _tco(media_id)
        return shown


def _tco(seed: str) -> str:
    return "https://t.co/" + hashlib.sha256(seed.encode()).hexdigest()[:10]


def _problem(status: int, title: str, detail: str, kind: str = "about:blank") -> Response:
    return Response.of(status, {"title": title, "detail": detail, "type": kind, "status": status})


def _route(path: str) -> str:
    """``/2/users/123/mentions`` as ``/2/users/:id/mentions``."""
    return re.sub(r"^(/2/\w+(?:/with)?)/\d+", r"\1/:id", path)


def _iso(moment: float) -> str:
    return datetime.fromtimestamp(moment, UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


class XApp(App):
    def __init__(
        self,
        user_id: str = "1500000000000000001",
        username: str = "cordon_police",
        client_id: str = "cordon-client",
    ) -> None:
        super().__init__()
        self.user_id = user_id
        self.client_id = client_id
        self.users: dict[str, dict[str, str]] = {
            user_id: {"id": user_id, "name": "Cordon Police", "username": username}
        }
        self.tokens: dict[str, Token] = {}
        self.refresh_tokens: dict[str, str] = {}  # refresh token -> user id
        self.tweets: dict[str, Tweet] = {}
        self.media: dict[str, dict[str, Any]] = {}
        self.dms: list[dict[str, str]] = []  # direct message events, oldest first
        self.limits: dict[str, int] = {}  # endpoint -> allowed per window
        self.used: dict[str, int] = {}
        self.window_start = time.time()
        self._ids = itertools.count(1600000000000000000)

    # -- set-up for tests ---------------------------------------------------------------

    def issue(self, lifetime: float = 7200.0) -> tuple[str, str]:
        """A fresh access token and refresh token for the account."""
        with self.lock:
            access, refresh = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
            self.tokens[access] = Token(self.user_id, time.time() + lifetime)
            self.refresh_tokens[refresh] = self.user_id
            return access, refresh

    def expire(self, access: str) -> None:
        with self.lock:
            self.tokens[access].expires_at = time.time() - 1

    def revoke_all(self) -> None:
        """The user took Cordon's access away: every token stops working."""
        with self.lock:
            for token in self.tokens.values():
                token.revoked = True
            self.refresh_tokens.clear()

    def add_user(self, username: str, name: str) -> str:
        with self.lock:
            user_id = str(next(self._ids))
            self.users[user_id] = {"id": user_id, "name": name, "username": username}
            return user_id

    def mention(self, author_id: str, text: str, reply_to: str = "") -> Tweet:
        """Someone else's post mentioning (or replying to) the account."""
        with self.lock:
            tweet_id = str(next(self._ids))
            parent = self.tweets.get(reply_to)
            tweet = Tweet(
                tweet_id,
                text,
                author_id,
                time.time(),
                conversation_id=parent.conversation_id if parent else tweet_id,
                in_reply_to_user_id=parent.author_id if parent else "",
                replied_to=reply_to,
            )
            self.tweets[tweet_id] = tweet
            return tweet

    def own_tweets(self) -> list[Tweet]:
        with self.lock:
            return [t for t in self.tweets.values() if t.author_id == self.user_id]

    # -- every answer -------------------------------------------------------------------

    def headers_for(self, request: Request, response: Response) -> dict[str, str]:
        endpoint = self._endpoint(request)
        limit = self.limits.get(endpoint, 300)
        used = self.used.get(endpoint, 0)
        return {
            "x-rate-limit-limit": str(limit),
            "x-rate-limit-remaining": str(max(0, limit - used)),
            "x-rate-limit-reset": str(int(self.window_start + WINDOW)),
        }

    def _endpoint(self, request: Request) -> str:
        return f"{request.method} {_route(request.path)}"

    def handle(self, request: Request) -> Response:
        if time.time() - self.window_start > WINDOW:
            self.window_start, self.used = time.time(), {}
        if request.path == "/2/oauth2/token":
            return self._token(request)
        user_id = self._authorised(request)
        if user_id is None:
            return _problem(401, "Unauthorized", "Unauthorized")
        endpoint = self._endpoint(request)
        self.used[endpoint] = self.used.get(endpoint, 0) + 1
        if self.used[endpoint] > self.limits.get(endpoint, 300):
            return _problem(429, "Too Many Requests", "Too Many Requests")
        route = (request.method, _route(request.path))
        handlers = {
            ("POST", "/2/tweets"): self._create,
            ("DELETE", "/2/tweets/:id"): self._delete,
            ("GET", "/2/tweets"): self._lookup,
            ("POST", "/2/media/upload"): self._upload,
            ("POST", "/2/media/metadata"): self._metadata,
            ("GET", "/2/users/me"): self._me,
            ("GET", "/2/users/:id/mentions"): self._mentions,
            ("GET", "/2/users/:id/tweets"): self._timeline,
            ("POST", "/2/dm_conversations/with/:id/messages"): self._send_dm,
            ("GET", "/2/dm_conversations/with/:id/dm_events"): self._dm_events,
        }
        handler = handlers.get(route)
        if handler is None:
            return _problem(404, "Not Found Error", f"No route for {request.method} {request.path}")
        return handler(request, user_id)

    def _authorised(self, request: Request) -> str | None:
        token = self.tokens.get(request.bearer() or "")
        if token is None or token.revoked or token.expires_at < time.time():
            return None
        return token.user_id

    # -- OAuth 2.0 ----------------------------------------------------------------------

    def _token(self, request: Request) -> Response:
        form = request.form()
        refused = {
            "error": "invalid_request",
            "error_description": "Value passed for the token was invalid.",
        }
        if form.get("grant_type") != "refresh_token" or form.get("client_id") != self.client_id:
            return Response.of(400, refused)
        user_id = self.refresh_tokens.pop(form.get("refresh_token", ""), None)
        if user_id is None:
            return Response.of(400, refused)
        access, refresh = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
        self.tokens[access] = Token(user_id, time.time() + 7200)
        self.refresh_tokens[refresh] = user_id
        return Response.of(
            200,
            {
                "token_type": "bearer",
                "expires_in": 7200,
                "access_token": access,
                "scope": "tweet.read tweet.write users.read media.write offline.access",
                "refresh_token": refresh,
            },
        )

    # -- posts --------------------------------------------------------------------------

    def _create(self, request: Request, user_id: str) -> Response:
        try:
            body = request.json()
        except ValueError:
            return _problem(400, "Invalid Request", "The request body is not JSON.")
        text = body.get("text", "") if isinstance(body, dict) else ""
        media_ids = ((body.get("media") or {}).get("media_ids") or []) if body else []
        if not text and not media_ids:
            return _problem(
                400, "Invalid Request", "One or more parameters to your request was invalid."
            )
        if len(media_ids) > 4 or any(m not in self.media for m in media_ids):
            return _problem(400, "Invalid Request", "Your media IDs are invalid.")
        if len(text) > 280:
            return _problem(403, "Forbidden", "Your Tweet text is too long.")
        if any(t.text == text and t.author_id == user_id for t in self.tweets.values()):
            return _problem(403, "Forbidden", DUPLICATE)
        reply_to = str(((body.get("reply") or {}).get("in_reply_to_tweet_id")) or "")
        parent = self.tweets.get(reply_to)
        if reply_to and parent is None:
            return _problem(
                403,
                "Forbidden",
                "You attempted to reply to a Tweet that is deleted or not visible to you.",
            )
        tweet_id = str(next(self._ids))
        tweet = Tweet(tweet_id, text, user_id, time.time(), list(media_ids), tweet_id)
        if parent is not None:
            tweet.conversation_id = parent.conversation_id or parent.id
            tweet.in_reply_to_user_id, tweet.replied_to = parent.author_id, parent.id
        self.tweets[tweet_id] = tweet
        return Response.of(
            201,
            {
                "data": {
                    "id": tweet_id,
                    "text": tweet.shown_text(),
                    "edit_history_tweet_ids": [tweet_id],
                }
            },
            {"location": f"/2/tweets/{tweet_id}"},
        )

    def _delete(self, request: Request, user_id: str) -> Response:
        tweet_id = request.path.rsplit("/", 1)[1]
        tweet = self.tweets.get(tweet_id)
        if tweet is None:
            return _problem(
                404,
                "Not Found Error",
                f"Could not find tweet with id: [{tweet_id}].",
                "https://api.x.com/2/problems/resource-not-found",
            )
        if tweet.author_id != user_id:
            return _problem(403, "Forbidden", "You are not allowed to delete this Tweet.")
        del self.tweets[tweet_id]
        return Response.of(200, {"data": {"deleted": True}})

    def _lookup(self, request: Request, user_id: str) -> Response:
        ids = [i for i in request.query.get("ids", "").split(",") if i]
        if not 1 <= len(ids) <= 100:
            return _problem(400, "Invalid Request", "The `ids` query parameter value is invalid.")
        fields = set(request.query.get("tweet.fields", "").split(","))
        data = [self._render(self.tweets[i], fields) for i in ids if i in self.tweets]
        errors = [
            {
                "value": i,
                "detail": f"Could not find tweet with ids: [{i}].",
                "title": "Not Found Error",
                "resource_type": "tweet",
                "parameter": "ids",
                "resource_id": i,
                "type": "https://api.twitter.com/2/problems/resource-not-found",
            }
            for i in ids
            if i not in self.tweets
        ]
        body: dict[str, Any] = {}
        if data:
            body["data"] = data
        if errors:
            body["errors"] = errors
        return Response.of(200, body)

    def _render(self, tweet: Tweet, fields: set[str]) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": tweet.id,
            "text": tweet.shown_text(),
            "edit_history_tweet_ids": [tweet.id],
        }
        if "created_at" in fields:
            out["created_at"] = _iso(tweet.created_at)
        if "author_id" in fields:
            out["author_id"] = tweet.author_id
        if "conversation_id" in fields:
            out["conversation_id"] = tweet.conversation_id or tweet.id
        if "in_reply_to_user_id" in fields and tweet.in_reply_to_user_id:
            out["in_reply_to_user_id"] = tweet.in_reply_to_user_id
        if "referenced_tweets" in fields and tweet.replied_to:
            out["referenced_tweets"] = [{"type": "replied_to", "id": tweet.replied_to}]
        if "public_metrics" in fields:
            out["public_metrics"] = {
                "retweet_count": 0,
                "reply_count": 0,
                "like_count": 0,
                "quote_count": 0,
                "bookmark_count": 0,
                "impression_count": 0,
                **tweet.metrics,
            }
        return out

    # -- direct messages ----------------------------------------------------------------

    def _send_dm(self, request: Request, user_id: str) -> Response:
        participant = request.path.split("/")[4]
        try:
            text = str(request.json().get("text") or "")
        except (ValueError, AttributeError):
            text = ""
        if participant not in self.users or participant == user_id:
            return _problem(400, "Invalid Request", "The participant_id is invalid.")
        if not text:
            return _problem(400, "Invalid Request", "A message needs text or an attachment.")
        conversation = "-".join(sorted((user_id, participant)))
        event = {
            "id": str(next(self._ids)),
            "event_type": "MessageCreate",
            "text": text,
            "sender_id": user_id,
            "participant": participant,
            "dm_conversation_id": conversation,
        }
        self.dms.append(event)
        return Response.of(
            201, {"data": {"dm_conversation_id": conversation, "dm_event_id": event["id"]}}
        )

    def _dm_events(self, request: Request, user_id: str) -> Response:
        participant = request.path.split("/")[4]
        conversation = "-".join(sorted((user_id, participant)))
        events = [
            {k: v for k, v in e.items() if k != "participant"}
            for e in reversed(self.dms)
            if e["dm_conversation_id"] == conversation
        ]
        return Response.of(200, {"data": events, "meta": {"result_count": len(events)}})

    # -- media --------------------------------------------------------------------------

    def _upload(self, request: Request, user_id: str) -> Response:
        try:
            body = request.json()
            data = base64.b64decode(body["media"], validate=True)
            category = body["media_category"]
        except (ValueError, KeyError, TypeError, binascii.Error):
            return _problem(
                400, "Invalid Request", "One or more parameters to your request was invalid."
            )
        if category not in CATEGORIES or not data:
            return _problem(400, "Invalid Request", "The media_category is invalid.")
        media_id = str(next(self._ids))
        self.media[media_id] = {
            "owner": user_id,
            "data": data,
            "category": category,
            "alt_text": "",
        }
        return Response.of(
            200,
            {
                "data": {
                    "id": media_id,
                    "media_key": f"3_{media_id}",
                    "size": len(data),
                    "expires_after_secs": 86400,
                    "image": {"image_type": "image/png", "w": 1, "h": 1},
                }
            },
        )

    def _metadata(self, request: Request, user_id: str) -> Response:
        try:
            body = request.json()
            media_id = body["id"]
            alt = body["metadata"]["alt_text"]["text"]
        except (ValueError, KeyError, TypeError):
            return _problem(
                400, "Invalid Request", "One or more parameters to your request was invalid."
            )
        if media_id not in self.media or len(alt) > 1000:
            return _problem(400, "Invalid Request", "The media metadata is invalid.")
        self.media[media_id]["alt_text"] = alt
        return Response.of(200, {"data": {"id": media_id, "associated_metadata": body["metadata"]}})

    # -- timelines ----------------------------------------------------------------------

    def _me(self, request: Request, user_id: str) -> Response:
        return Response.of(200, {"data": self.users[user_id]})

    def _mentions(self, request: Request, user_id: str) -> Response:
        owner = request.path.split("/")[3]
        handle = "@" + self.users[owner]["username"].lower()
        found = [
            t
            for t in self.tweets.values()
            if handle in t.text.lower() or t.in_reply_to_user_id == owner
        ]
        return self._page(request, found)

    def _timeline(self, request: Request, user_id: str) -> Response:
        owner = request.path.split("/")[3]
        return self._page(request, [t for t in self.tweets.values() if t.author_id == owner])

    def _page(self, request: Request, tweets: list[Tweet]) -> Response:
        query = request.query
        try:
            size = int(query.get("max_results", "10"))
        except ValueError:
            size = 0
        if not 5 <= size <= 100:
            return _problem(
                400,
                "Invalid Request",
                "The `max_results` query parameter value is not between 5 and 100",
            )
        if "since_id" in query:
            tweets = [t for t in tweets if int(t.id) > int(query["since_id"])]
        if "until_id" in query:
            tweets = [t for t in tweets if int(t.id) < int(query["until_id"])]
        if "start_time" in query:
            start = datetime.fromisoformat(query["start_time"].replace("Z", "+00:00"))
            if start.timestamp() > time.time():
                return _problem(
                    400,
                    "Invalid Request",
                    "The `start_time` query parameter value must be before now",
                )
            tweets = [t for t in tweets if t.created_at >= start.timestamp()]
        tweets.sort(key=lambda t: int(t.id), reverse=True)
        offset = int(query.get("pagination_token", "0") or 0)
        page = tweets[offset : offset + size]
        fields = set(query.get("tweet.fields", "").split(","))
        meta: dict[str, Any] = {"result_count": len(page)}
        body: dict[str, Any] = {"meta": meta}
        if page:
            body["data"] = [self._render(t, fields) for t in page]
            meta["newest_id"], meta["oldest_id"] = page[0].id, page[-1].id
            if "author_id" in query.get("expansions", ""):
                authors = dict.fromkeys(t.author_id for t in page)
                body["includes"] = {"users": [self.users[a] for a in authors if a in self.users]}
        if offset + size < len(tweets):
            meta["next_token"] = str(offset + size)
        return Response.of(200, body)
