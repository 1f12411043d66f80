"""What Meta's Graph APIs share (Facebook Pages, Instagram, Threads): errors, usage,
and putting an image where Meta can fetch it.

* **Errors** are ``{"error": {"message", "type", "code", "error_subcode",
  "error_user_msg", "is_transient", "fbtrace_id"}}``
  (developers.facebook.com/docs/graph-api/guides/error-handling): 190 (and 102) is a
  token Meta no longer takes; 4, 17, 32, 613 and 80001 (and 80002, Instagram's,
  80005, Threads') are rate limits; 3, 10 and 200-299 are permissions; 1 and 2 are
  Meta's own passing failures; anything else is a refusal in Meta's words.
* **Usage** comes as percentages in ``X-App-Usage``, ``X-Page-Usage`` and
  ``X-Business-Use-Case-Usage`` (the last with ``estimated_time_to_regain_access``
  in minutes): ``budget()`` reports the highest as used out of 100, and a rate limit
  waits for the time Meta gives.
* **Images for Instagram and Threads.** Both fetch an image from a public address at
  publishing time ("We cURL media used in publishing attempts, so the media must be
  hosted on a publicly accessible server"); a desktop console has none. Cordon puts
  the image on the force's Facebook Page as an unpublished, temporary photo (``POST
  /{page-id}/photos`` with ``published=false``, ``temporary=true``) and gives Meta the
  address Meta itself serves it from (``GET /{photo-id}?fields=images``, the largest).
  ``PageImageHost`` does that; it needs the Page's id and token.

The token travels in the ``Authorization`` header, never in a URL (URLs are logged).
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, ClassVar

import httpx

from console.channels.base import (
    Account,
    Failure,
    LookupFailed,
    NeedsReconnect,
    Outcome,
    Published,
    RateBudget,
    Rejected,
    SecretsSink,
    Transient,
    retry_after_seconds,
)
from console.channels.http import (
    HttpAdapter,
    as_dict,
    as_list,
    as_text,
    json_object,
    parse_time,
)
from storage.posts import Image
from storage.queue import Claimed
from storage.stored_words import english
from storage.timeutil import Clock, to_iso

RENEW_BEFORE = timedelta(minutes=5)

GRAPH_VERSION = "v21.0"  # Facebook's and Instagram's Graph API version, pinned
FACEBOOK_GRAPH = "https://graph.facebook.com"
RATE_LIMITS = {4, 17, 32, 613, 80001, 80002, 80005}
TOKEN_INVALID = {102, 190}
PERMISSION = {3, 10, *range(200, 300)}
GONE_SUBCODE = 33  # "Object with ID ... does not exist"
_PERCENTAGES = {"call_count", "total_time", "total_cputime", "acc_id_util_pct"}
_USAGE_HEADERS = ("X-Business-Use-Case-Usage", "X-Page-Usage", "X-App-Usage")


@dataclass(frozen=True)
class Reconnecting:
    """One Meta network's sentences for a refused token or permission, each ending in
    what the officer reconnects ("the Page", "the Instagram account"). Each is whole
    (marked with ``english`` for the catalogue, filled with it where it is said), so a
    translation puts the network, the token and the Page in its own order."""

    refused: str  # the token is no longer taken; {message}: Meta's words
    forbidden: str  # a permission is missing; {message}
    renewal_refused: str = ""  # Meta would not renew the Page token; {message}
    expires: str = ""  # the Page token expires soon and cannot be renewed; {date}, {time}
    expired: str = ""  # it expired at {date}, {time}
    has_expired: str = ""  # it expired, when is not known


class MetaAdapter(HttpAdapter):
    """An adapter on one of Meta's Graph APIs: its errors and its usage headers.

    ``RECONNECTING`` holds its network's sentences of a refused token or permission.
    """

    RECONNECTING: ClassVar[Reconnecting]

    _username: str | None = None

    def _said(self, response: httpx.Response) -> str:
        return graph_message(response)

    async def _call(self, method: str, path: str, **kwargs: Any) -> httpx.Response | Failure:
        """One request as the account (subclasses add the token and its renewal)."""
        return await self._send(method, path, **kwargs)

    async def find(self, target: Claimed) -> Published | None:
        raise NotImplementedError

    async def _looked_first(self, target: Claimed) -> Published | Transient | None:
        """On a retry, the post if the network already has it (the last answer may have
        been lost after it posted: Meta takes no idempotency key); a ``Transient`` when
        it could not look, so nothing is posted blind; ``None`` to go ahead."""
        if target.attempts <= 1:
            return None
        try:
            return await self.find(target)
        except LookupFailed as error:
            return Transient(str(error))

    async def _publish_container(self, path: str, container: str) -> Outcome:
        """Publish a prepared container (Instagram's ``media_publish``, Threads'
        ``threads_publish``) and give the post's id and web address."""
        published = self._answer_body(
            await self._call("POST", path, data={"creation_id": container})
        )
        if not isinstance(published, dict):
            return published  # a retry looks first, so this cannot post twice
        media_id = as_text(published.get("id"))
        if not media_id:
            return self._unreadable()
        read = self._answer_body(
            await self._call("GET", f"/{media_id}", params={"fields": "permalink"})
        )
        link = as_text(read.get("permalink")) if isinstance(read, dict) else ""
        return Published(media_id, link)

    async def _own_username(self, user_id: str) -> str | Failure:
        """The account's username, asked once: its own words are left out of the inbox."""
        if self._username is None:
            me = self._answer_body(
                await self._call("GET", f"/{user_id}", params={"fields": "username"})
            )
            if not isinstance(me, dict):
                return me
            self._username = as_text(me.get("username"))
        return self._username

    def _note_budget(self, response: httpx.Response) -> None:
        used: list[float] = []
        regain: list[float] = []
        for name in _USAGE_HEADERS:
            for usage in usages(response.headers.get(name)):
                used += [v for k, v in usage.items() if k in _PERCENTAGES]
                regain += [usage.get("estimated_time_to_regain_access", 0.0)]
        if not used and not regain:
            return
        most = min(100, int(max(used, default=0)))
        minutes = max(regain, default=0.0)
        reset = to_iso(self._clock() + timedelta(minutes=minutes)) if minutes > 0 else None
        self._budget = RateBudget(100, 100 - most, reset)

    def _failure(self, response: httpx.Response) -> Failure:
        error = graph_error(response)
        code = error.get("code")
        message = self._scrub(graph_message(response))
        if code in RATE_LIMITS or response.status_code == 429:
            return Transient(
                english(
                    "{network} is limiting Cordon for now: {message}",
                    network=self.NAME,
                    message=message,
                ),
                self._wait(response),
            )
        if code in TOKEN_INVALID or response.status_code == 401:
            return NeedsReconnect(english(self.RECONNECTING.refused, message=message))
        if code in PERMISSION:
            return NeedsReconnect(english(self.RECONNECTING.forbidden, message=message))
        if response.status_code >= 500 or error.get("is_transient") is True or code in (1, 2):
            return Transient(
                english(
                    "{network} failed (HTTP {status}): {message}",
                    network=self.NAME,
                    status=response.status_code,
                    message=message,
                )
            )
        if response.is_success:
            return self._unreadable()
        return Rejected(message)

    def _wait(self, response: httpx.Response) -> float | None:
        minutes = [
            usage.get("estimated_time_to_regain_access", 0.0)
            for name in _USAGE_HEADERS
            for usage in usages(response.headers.get(name))
        ]
        if max(minutes, default=0.0) > 0:
            return max(minutes) * 60.0
        return retry_after_seconds(response.headers.get("Retry-After"))

    def _gone(self, response: httpx.Response) -> bool:
        """Meta's answer for an object that does not exist (any more)."""
        return response.status_code == 404 or graph_error(response).get("error_subcode") == (
            GONE_SUBCODE
        )


class PageTokenAdapter(MetaAdapter):
    """An adapter that acts with a Facebook Page's token (Facebook Pages; Instagram
    accounts connected through their Page). With the long-lived user token and the
    Meta app's id and secret it renews the Page token before it expires, or once Meta
    stops taking it; without them the token is used to its end.
    """

    def __init__(
        self,
        account: Account,
        on_secrets: SecretsSink | None,
        page_id: str,
        *,
        timeout: httpx.Timeout,
        clock: Clock,
    ) -> None:
        base = f"{account.base_url.rstrip('/')}/{GRAPH_VERSION}"
        super().__init__(account, on_secrets, base_url=base, timeout=timeout, clock=clock)
        self._page_id = page_id
        self._renewing = asyncio.Lock()

    # -- tokens ----------------------------------------------------------------------------

    async def refresh(self) -> Failure | None:
        """Renew the Page token if it expires within five minutes."""
        when = parse_time(self._expires_utc) if self._expires_utc else None
        if when is None or when - self._clock() > RENEW_BEFORE:
            return None
        return await self._renew(self._secrets.get("page_access_token", ""))

    def _can_renew(self) -> bool:
        return all(self._secrets.get(k) for k in ("user_access_token", "app_id", "app_secret"))

    async def _renew(self, stale_token: str) -> Failure | None:
        async with self._renewing:
            if self._secrets.get("page_access_token", "") != stale_token:
                return None  # renewed meanwhile by another call
            if not self._can_renew():
                when = parse_time(self._expires_utc) if self._expires_utc else None
                if when is None:
                    return NeedsReconnect(english(self.RECONNECTING.has_expired))
                sentence = (
                    self.RECONNECTING.expired
                    if when <= self._clock()
                    else self.RECONNECTING.expires
                )
                # The date in figures: the sentence is kept, and read in either language.
                return NeedsReconnect(
                    english(sentence, date=f"{when:%d/%m/%Y}", time=f"{when:%H:%M}")
                )
            return await self._exchange()

    async def _exchange(self) -> Failure | None:
        """A fresh long-lived user token, then the Page's token from it."""
        form = {
            "grant_type": "fb_exchange_token",
            "client_id": self._secrets["app_id"],
            "client_secret": self._secrets["app_secret"],
            "fb_exchange_token": self._secrets["user_access_token"],
        }
        answer = await self._request("POST", "/oauth/access_token", None, data=form)
        if not isinstance(answer, httpx.Response):
            return answer
        user_token = as_text((json_object(answer) or {}).get("access_token"))
        if not answer.is_success or not user_token:
            return self._renewal_refused(answer)
        answer = await self._request(
            "GET", f"/{self._page_id}", user_token, params={"fields": "access_token"}
        )
        if not isinstance(answer, httpx.Response):
            return answer
        page_token = as_text((json_object(answer) or {}).get("access_token"))
        if not answer.is_success or not page_token:
            return self._renewal_refused(answer)
        self._secrets["user_access_token"] = user_token
        self._secrets["page_access_token"] = page_token
        self._expires_utc = None  # a Page token from a long-lived user token does not expire
        await self._keep_secrets()
        return None

    def _renewal_refused(self, answer: httpx.Response) -> Failure:
        if answer.status_code >= 500 or graph_error(answer).get("code") in RATE_LIMITS:
            return self._failure(answer)
        if answer.is_success:
            return self._unreadable()
        return NeedsReconnect(
            english(self.RECONNECTING.renewal_refused, message=self._scrub(graph_message(answer)))
        )

    # -- HTTP ------------------------------------------------------------------------------

    async def _call(self, method: str, path: str, **kwargs: Any) -> httpx.Response | Failure:
        """One request as the Page; a token Meta no longer takes is renewed once."""
        if self._can_renew():  # without the means to renew, the token is used to its end
            failure = await self.refresh()
            if failure is not None:
                return failure
        for attempt in (1, 2):
            token = self._secrets.get("page_access_token", "")
            answer = await self._request(method, path, token, **kwargs)
            if not isinstance(answer, httpx.Response):
                return answer
            expired = graph_error(answer).get("code") in TOKEN_INVALID or answer.status_code == 401
            if not expired or attempt == 2 or not self._can_renew():
                return answer
            failure = await self._renew(token)
            if failure is not None:
                return failure
        raise AssertionError("unreachable")

    async def _request(
        self, method: str, path: str, token: str | None, **kwargs: Any
    ) -> httpx.Response | Failure:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return await self._send(method, path, headers=headers, **kwargs)


class PageImageHost:
    """Puts an image where Instagram and Threads can fetch it: an unpublished,
    temporary photo on the force's Facebook Page, and the address Meta serves it from.
    Requests go through ``adapter`` (its client, errors and usage) to ``graph_url``
    (Facebook's Graph API) with the Page's own token."""

    def __init__(self, adapter: MetaAdapter, graph_url: str, page_id: str, token: str) -> None:
        self.adapter = adapter
        self.base = f"{graph_url.rstrip('/')}/{GRAPH_VERSION}"
        self.page_id = page_id
        self.headers = {"Authorization": f"Bearer {token}"}

    async def address(self, image: Image) -> str | Failure:
        form = {"published": "false", "temporary": "true", "alt_text_custom": image.alt_text}
        files = {"source": (image.file_name or "image", image.data, image.mime)}
        uploaded = self.adapter._answer_body(
            await self.adapter._send(
                "POST",
                f"{self.base}/{self.page_id}/photos",
                data=form,
                files=files,
                headers=self.headers,
            )
        )
        if not isinstance(uploaded, dict):
            return uploaded
        photo = as_text(uploaded.get("id"))
        if not photo:
            return self.adapter._unreadable()
        read = self.adapter._answer_body(
            await self.adapter._send(
                "GET", f"{self.base}/{photo}", params={"fields": "images"}, headers=self.headers
            )
        )
        if not isinstance(read, dict):
            return read
        sizes = as_list(read.get("images"))
        largest = max(sizes, key=lambda size: size.get("width", 0), default={})
        return as_text(largest.get("source")) or self.adapter._unreadable()


# -- reading Meta's JSON -----------------------------------------------------------------------


def graph_error(response: httpx.Response) -> dict[str, Any]:
    return as_dict((json_object(response) or {}).get("error"))


def graph_message(response: httpx.Response) -> str:
    """Meta's words for a failure: the message meant for people, else the error's."""
    error = graph_error(response)
    for key in ("error_user_msg", "message"):
        text = as_text(error.get(key))
        if text:
            return text
    return response.reason_phrase or f"HTTP {response.status_code}"


def usages(header: str | None) -> list[dict[str, float]]:
    """The usage objects of one header: a flat object, or lists keyed by business id."""
    if not header:
        return []
    try:
        parsed = json.loads(header)
    except ValueError:
        return []
    if not isinstance(parsed, dict):
        return []
    lists = [value for value in parsed.values() if isinstance(value, list)]
    objects = [item for value in lists for item in value] if lists else [parsed]
    return [
        {k: float(v) for k, v in item.items() if isinstance(v, int | float)}
        for item in objects
        if isinstance(item, dict)
    ]
