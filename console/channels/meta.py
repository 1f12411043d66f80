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

import json
from datetime import timedelta
from typing import Any, ClassVar

import httpx

from console.channels.base import (
    Failure,
    NeedsReconnect,
    RateBudget,
    Rejected,
    Transient,
    retry_after_seconds,
)
from console.channels.http import HttpAdapter, as_dict, as_list, as_text, json_object
from storage.posts import Image
from storage.timeutil import to_iso

GRAPH_VERSION = "v21.0"  # Facebook's and Instagram's Graph API version, pinned
FACEBOOK_GRAPH = "https://graph.facebook.com"
RATE_LIMITS = {4, 17, 32, 613, 80001, 80002, 80005}
TOKEN_INVALID = {102, 190}
PERMISSION = {3, 10, *range(200, 300)}
GONE_SUBCODE = 33  # "Object with ID ... does not exist"
_PERCENTAGES = {"call_count", "total_time", "total_cputime", "acc_id_util_pct"}
_USAGE_HEADERS = ("X-Business-Use-Case-Usage", "X-Page-Usage", "X-App-Usage")


class MetaAdapter(HttpAdapter):
    """An adapter on one of Meta's Graph APIs: its errors and its usage headers.

    ``RECONNECT`` names what the officer reconnects ("the Page", "the Instagram
    account"), in the sentences of a refused token or permission.
    """

    RECONNECT: ClassVar[str] = "the account"
    ACCESS_NAME: ClassVar[str] = "token"

    def _said(self, response: httpx.Response) -> str:
        return graph_message(response)

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
                f"{self.NAME} is limiting Cordon for now: {message}", self._wait(response)
            )
        if code in TOKEN_INVALID or response.status_code == 401:
            return NeedsReconnect(
                f"{self.NAME} no longer accepts the {self.ACCESS_NAME} ({message}): reconnect "
                f"{self.RECONNECT}."
            )
        if code in PERMISSION:
            return NeedsReconnect(
                f"{self.NAME} does not let Cordon do this ({message}): reconnect "
                f"{self.RECONNECT} and grant the permissions Cordon asks for."
            )
        if response.status_code >= 500 or error.get("is_transient") is True or code in (1, 2):
            return Transient(f"{self.NAME} failed ({response.status_code}): {message}")
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
