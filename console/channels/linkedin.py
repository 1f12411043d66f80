"""The adapter for a LinkedIn Page (an organization), through the Community Management
API, with a member's token who administers it.

What it uses (learn.microsoft.com/linkedin/marketing/community-management: Posts API,
Images API, MultiImage API, "little" Text Format, Social Actions: Comments,
Organization Share Statistics; learn.microsoft.com/linkedin/shared: Authentication,
Refresh Tokens, Rate Limits, API versioning):

* Every call to ``/rest/`` carries ``LinkedIn-Version`` (YYYYMM, pinned in ``VERSION``)
  and ``X-Restli-Protocol-Version: 2.0.0``; URNs in paths and queries are URL-encoded.
* **Posting**: ``POST /rest/posts`` with ``author`` (the organization's URN),
  ``commentary``, ``visibility: PUBLIC``, ``distribution`` (main feed), ``lifecycleState:
  PUBLISHED``; LinkedIn answers 201 with the post's URN in ``x-restli-id``. The
  commentary is "little" text: ``\\ | { } @ [ ] ( ) < > # * _ ~`` are escaped with a
  backslash, or LinkedIn cuts the post at the first one. Images first: ``POST
  /rest/images?action=initializeUpload`` (``owner``) gives an ``uploadUrl`` and an image
  URN, the bytes are ``PUT`` there, and the post's ``content`` is ``media`` (one, with
  ``altText``) or ``multiImage`` (2 to 20).
* **Never twice.** LinkedIn takes no idempotency key: a retry first reads the
  organization's own recent posts (``GET /rest/posts?q=author``) for the same text made
  since the post was due, and does not post when it cannot look.
* ``DELETE /rest/posts/{urn}`` removes a post (204; 404 counts as gone).
* **Reading**: comments on the organization's recent posts (``GET
  /rest/socialActions/{urn}/comments``), answered with ``POST`` to the same edge
  (``actor``, ``object``, ``message``, ``parentComment`` for a reply); counts from
  ``GET /rest/organizationalEntityShareStatistics`` (likes, comments, shares, unique
  impressions).
* **Errors** are ``{"status", "serviceErrorCode", "code", "message"}``: 401
  (``INVALID_ACCESS_TOKEN``, ``EXPIRED_ACCESS_TOKEN``, ``REVOKED_ACCESS_TOKEN``) needs
  a new token; 429 is a daily throttle and carries no headers, so Cordon waits an hour
  unless told otherwise; 403 ``ACCESS_DENIED`` is a role or permission the member lacks.
* **The token** lasts 60 days; where LinkedIn issued a refresh token (approved
  Community Management apps), ``POST https://www.linkedin.com/oauth/v2/accessToken``
  with ``grant_type=refresh_token`` renews it before it ends.

LinkedIn has no scheduler in this API and no pin: each is ``Rejected`` with a sentence.
"""

from __future__ import annotations

import asyncio
import json
import re
import unicodedata
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote

import httpx

from console.channels.base import (
    Account,
    Failure,
    InboxItem,
    InboxPage,
    LookupFailed,
    Metrics,
    NeedsReconnect,
    Outcome,
    Published,
    Rejected,
    SecretsSink,
    Transient,
)
from console.channels.http import (
    TIMEOUT,
    HttpAdapter,
    NoSchedulerNoPins,
    as_count,
    as_dict,
    as_list,
    as_text,
    json_object,
    parse_time,
)
from console.channels.seen import newer_page
from storage.posts import Image
from storage.queue import Claimed
from storage.stored_words import english
from storage.timeutil import Clock, system_clock, to_iso

VERSION = "202511"
OAUTH_URL = "https://www.linkedin.com/oauth/v2"
RENEW_BEFORE = timedelta(days=7)
FIND_BEFORE = timedelta(minutes=10)
THROTTLE_WAIT = 3600.0  # a 429 with no header: LinkedIn's limits are per day
INBOX_POSTS = 10
RESERVED = re.compile(r"([\\|{}@\[\]()<>#*_~])")


def little(text: str) -> str:
    """Plain text as LinkedIn's "little" format: every reserved character escaped."""
    return RESERVED.sub(r"\\\1", text)


def unlittle(text: str) -> str:
    """LinkedIn's stored commentary back as the plain text that was sent."""
    return re.sub(r"\\(.)", r"\1", text)


class LinkedInAdapter(NoSchedulerNoPins, HttpAdapter):
    network = "linkedin"
    NAME = "LinkedIn"
    CANNOT_PIN = english("LinkedIn's API cannot pin posts: pin it on the LinkedIn Page.")
    CANNOT_UNPIN = english(
        "LinkedIn's API cannot pin or unpin posts: unpin it on the LinkedIn Page."
    )

    def __init__(
        self,
        account: Account,
        on_secrets: SecretsSink | None = None,
        *,
        timeout: httpx.Timeout = TIMEOUT,
        clock: Clock = system_clock,
        oauth_url: str = OAUTH_URL,
    ) -> None:
        super().__init__(
            account,
            on_secrets,
            base_url=account.base_url.rstrip("/"),
            timeout=timeout,
            clock=clock,
            headers={"LinkedIn-Version": VERSION, "X-Restli-Protocol-Version": "2.0.0"},
        )
        self._org = account.handle  # urn:li:organization:123
        self._oauth_url = oauth_url.rstrip("/")
        self._renewing = asyncio.Lock()

    # -- publishing ----------------------------------------------------------------------

    async def publish(self, target: Claimed) -> Outcome:
        if target.attempts > 1:  # the last answer may have been lost after LinkedIn posted
            try:
                found = await self.find(target)
            except LookupFailed as error:
                return Transient(str(error))
            if found is not None:
                return found
        body: dict[str, Any] = {
            "author": self._org,
            "commentary": little(target.text),
            "visibility": "PUBLIC",
            "distribution": {
                "feedDistribution": "MAIN_FEED",
                "targetEntities": [],
                "thirdPartyDistributionChannels": [],
            },
            "lifecycleState": "PUBLISHED",
            "isReshareDisabledByAuthor": False,
        }
        content = await self._content(target.images)
        if not isinstance(content, dict):
            return content
        if content:
            body["content"] = content
        answer = await self._call("POST", "/rest/posts", json=body)
        if not isinstance(answer, httpx.Response):
            return answer  # a retry looks first, so this cannot post twice
        if not answer.is_success:
            return self._failure(answer)
        urn = answer.headers.get("x-restli-id", "")
        return Published(urn, post_url(urn)) if urn else self._unreadable()

    async def _content(self, images: Sequence[Image]) -> dict[str, Any] | Failure:
        uploaded = []
        for image in images:
            urn = await self._upload(image)
            if not isinstance(urn, str):
                return urn
            uploaded.append({"id": urn, "altText": image.alt_text})
        if not uploaded:
            return {}
        if len(uploaded) == 1:
            return {"media": uploaded[0]}
        return {"multiImage": {"images": uploaded}}

    async def _upload(self, image: Image) -> str | Failure:
        started = await self._read(
            "POST",
            "/rest/images",
            params={"action": "initializeUpload"},
            json={"initializeUploadRequest": {"owner": self._org}},
        )
        if not isinstance(started, dict):
            return started
        value = as_dict(started.get("value"))
        address, urn = as_text(value.get("uploadUrl")), as_text(value.get("image"))
        if not address or not urn:
            return self._unreadable()
        sent = await self._call("PUT", address, content=image.data,
                                headers={"Content-Type": image.mime})  # fmt: skip
        if not isinstance(sent, httpx.Response):
            return sent
        return urn if sent.is_success else self._failure(sent)

    async def reply(self, target: Claimed, item: InboxItem, *, public: bool = True) -> Outcome:
        """A comment under the item's post, as a reply to the item (``parentComment``).
        LinkedIn Pages send no direct messages through this API."""
        if not public:
            return Rejected(
                english(
                    "LinkedIn's API does not let a Page send private messages: reply in public, "
                    "or answer on LinkedIn."
                )
            )
        post = item.conversation_id
        edge = f"/rest/socialActions/{quote(post, safe='')}/comments"
        if target.attempts > 1:
            earlier = await self._read("GET", edge)
            if not isinstance(earlier, dict):
                return earlier
            wanted = _comparable(target.text)
            for comment in as_list(earlier.get("elements")):
                ours = as_text(comment.get("actor")) == self._org
                said = unlittle(as_text(as_dict(comment.get("message")).get("text")))
                if ours and _comparable(said) == wanted:
                    return Published(_comment_urn(comment), post_url(post))
        body = {
            "actor": self._org,
            "object": post,
            "message": {"text": little(target.text)},
            "parentComment": item.remote_id,
        }
        answer = await self._call("POST", edge, json=body)
        if not isinstance(answer, httpx.Response):
            return answer
        if not answer.is_success:
            return self._failure(answer)
        made = answer.headers.get("x-restli-id", "") or _comment_urn(json_object(answer) or {})
        return Published(made, post_url(post)) if made else self._unreadable()

    async def find(self, target: Claimed) -> Published | None:
        """The organization's post with this text made since it was due, if any."""
        due = parse_time(target.scheduled_utc) or self._clock()
        since = min(due, self._clock()) - FIND_BEFORE
        body = self._body_or_raise(await self._own_posts(20))
        wanted = _comparable(target.text)
        for post in as_list(body.get("elements")):
            made = _millis(post.get("createdAt"))
            if made is not None and made < since:
                continue
            if _comparable(unlittle(as_text(post.get("commentary")))) == wanted:
                urn = as_text(post.get("id"))
                return Published(urn, post_url(urn))
        return None

    async def _own_posts(self, count: int) -> httpx.Response | Failure:
        return await self._call(
            "GET",
            "/rest/posts",
            params={
                "author": self._org,
                "q": "author",
                "count": str(count),
                "sortBy": "CREATED",
            },
            headers={"X-RestLi-Method": "FINDER"},
        )

    async def delete(self, remote_id: str) -> Failure | None:
        answer = await self._call("DELETE", f"/rest/posts/{quote(remote_id, safe='')}")
        if not isinstance(answer, httpx.Response):
            return answer
        if answer.is_success or answer.status_code == 404:
            return None
        return self._failure(answer)

    # -- reading ---------------------------------------------------------------------------

    async def fetch_inbox(self, cursor: str | None) -> InboxPage | Failure:
        """Comments (and replies to them) on the organization's recent posts."""
        own = self._answer_body(await self._own_posts(INBOX_POSTS))
        if not isinstance(own, dict):
            return own
        found: list[tuple[int, InboxItem]] = []
        for post in as_list(own.get("elements")):
            urn = as_text(post.get("id"))
            comments = await self._read(
                "GET", f"/rest/socialActions/{quote(urn, safe='')}/comments"
            )
            if not isinstance(comments, dict):
                return comments
            for comment in as_list(comments.get("elements")):
                if as_text(comment.get("actor")) == self._org:
                    continue  # the Page's own words
                pair = _item(comment, urn)
                if pair is not None:
                    found.append(pair)
        return newer_page(found, cursor)

    async def metrics(self, remote_ids: Sequence[str]) -> dict[str, Metrics] | Failure:
        """Counts from Organization Share Statistics (shares and UGC posts)."""
        shares = [r for r in remote_ids if r.startswith("urn:li:share:")]
        posts = [r for r in remote_ids if r.startswith("urn:li:ugcPost:")]
        params = {"q": "organizationalEntity", "organizationalEntity": self._org}
        if shares:
            params["shares"] = f"List({','.join(quote(s, safe='') for s in shares)})"
        if posts:
            params["ugcPosts"] = f"List({','.join(quote(p, safe='') for p in posts)})"
        if not shares and not posts:
            return {}
        read = await self._read("GET", "/rest/organizationalEntityShareStatistics",
                                params=params)  # fmt: skip
        if not isinstance(read, dict):
            return read
        found: dict[str, Metrics] = {}
        for element in as_list(read.get("elements")):
            urn = as_text(element.get("share")) or as_text(element.get("ugcPost"))
            counts = as_dict(element.get("totalShareStatistics"))
            if urn:
                found[urn] = Metrics(
                    likes=as_count(counts.get("likeCount")),
                    replies=as_count(counts.get("commentCount")),
                    reposts=as_count(counts.get("shareCount")),
                    reach=as_count(counts.get("uniqueImpressionsCount")),
                )
        return found

    # -- the token -------------------------------------------------------------------------

    async def refresh(self) -> Failure | None:
        """Renew the token in its last week, with the refresh token where LinkedIn gave
        one; without one, the token is used to its end and then needs reconnecting."""
        when = parse_time(self._expires_utc)
        if when is None or when - self._clock() > RENEW_BEFORE:
            return None
        async with self._renewing:
            when = parse_time(self._expires_utc)
            if when is None or when - self._clock() > RENEW_BEFORE:
                return None  # renewed meanwhile
            refresh_token = self._secrets.get("refresh_token")
            client = self._secrets.get("client_id"), self._secrets.get("client_secret")
            if not refresh_token or not all(client):
                if when > self._clock():
                    return None  # still good: it is used to its end
                return NeedsReconnect(
                    english(
                        "The LinkedIn token has expired and LinkedIn gave no way to renew it: "
                        "reconnect the LinkedIn Page."
                    )
                )
            answer = await self._send(
                "POST",
                f"{self._oauth_url}/accessToken",
                data={
                    "grant_type": "refresh_token",
                    "refresh_token": refresh_token,
                    "client_id": client[0],
                    "client_secret": client[1],
                },
            )
            if not isinstance(answer, httpx.Response):
                return answer
            body = json_object(answer) or {}
            token = as_text(body.get("access_token"))
            if answer.status_code in (400, 401) or (answer.is_success and not token):
                return NeedsReconnect(
                    english(
                        "LinkedIn refused to renew Cordon's access: reconnect the LinkedIn Page."
                    )
                )
            if not answer.is_success:
                return self._failure(answer)
            await self._take_tokens(body)
            return None

    # -- HTTP ------------------------------------------------------------------------------

    async def _call(self, method: str, path: str, **kwargs: Any) -> httpx.Response | Failure:
        renewed = await self.refresh()
        if renewed is not None:
            return renewed
        headers = {**kwargs.pop("headers", {}),
                   "Authorization": f"Bearer {self._secrets.get('access_token', '')}"}  # fmt: skip
        return await self._send(method, path, headers=headers, **kwargs)

    async def _read(self, method: str, path: str, **kwargs: Any) -> dict[str, Any] | Failure:
        return self._answer_body(await self._call(method, path, **kwargs))

    def _said(self, response: httpx.Response) -> str:
        body = json_object(response) or {}
        return as_text(body.get("message")) or super()._said(response)

    def _failure(self, response: httpx.Response) -> Failure:
        body = json_object(response) or {}
        code = as_text(body.get("code"))
        message = self._scrub(self._said(response))
        if response.status_code == 401:
            return NeedsReconnect(
                english(
                    "LinkedIn no longer accepts Cordon's access ({message}): reconnect the "
                    "LinkedIn Page.",
                    message=message,
                )
            )
        if response.status_code == 403 and code == "ACCESS_DENIED":
            return NeedsReconnect(
                english(
                    "LinkedIn does not let Cordon do this ({message}): the member who connected "
                    "needs an administrator or content role on the Page; reconnect it.",
                    message=message,
                )
            )
        if response.status_code == 429:
            wait = self._wait(response)
            return Transient(
                english(
                    "{network} is limiting Cordon for now: {message}.",
                    network=self.NAME,
                    message=message,
                ),
                wait if wait is not None else THROTTLE_WAIT,
            )
        return super()._failure(response)


def post_url(urn: str) -> str:
    return f"https://www.linkedin.com/feed/update/{urn}/"


def _comparable(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _millis(value: object) -> datetime | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return datetime.fromtimestamp(value / 1000, UTC)
    return None


def _comment_urn(comment: dict[str, Any]) -> str:
    return as_text(comment.get("$URN")) or as_text(comment.get("commentUrn"))


def _item(comment: dict[str, Any], post: str) -> tuple[int, InboxItem] | None:
    urn = _comment_urn(comment)
    created = _millis(as_dict(comment.get("created")).get("time"))
    if not urn or created is None:
        return None
    actor = as_text(comment.get("actor"))
    parent = as_text(comment.get("parentComment"))
    item = InboxItem(
        remote_id=urn,
        kind="reply" if parent else "comment",
        author_handle=actor,
        author_name=actor,
        text=unlittle(as_text(as_dict(comment.get("message")).get("text"))),
        created_utc=to_iso(created),
        url=post_url(post),
        conversation_id=post,
        in_reply_to=parent or post,
        raw=json.dumps(comment, ensure_ascii=False, sort_keys=True),
    )
    return int(created.timestamp()), item
