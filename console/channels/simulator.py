"""The adapter for the simulator network (console/simulator.py), over real HTTP.

One ``SimulatorAdapter`` publishes for every simulator channel (a target names its
account). For what is per channel (the inbox, metrics, scheduling, the rate
budget), ``bound(account)`` gives an adapter for one account that shares the
same HTTP client. The simulator needs no credentials: ``refresh`` has nothing to do.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

import httpx

from console.channels.base import (
    Account,
    Failure,
    InboxItem,
    InboxPage,
    Metrics,
    NeedsReconnect,
    Outcome,
    Published,
    Rejected,
    ScheduledItem,
    Transient,
    retry_after_seconds,
)
from console.channels.http import TIMEOUT, HttpAdapter, as_count, found_or_raise, json_object
from storage.queue import Claimed
from storage.stored_words import english

UNREADABLE = english("The simulator's answer could not be read.")
INBOX_LIMIT = 200  # items per inbox read
METRICS_CHUNK = 100


class SimulatorAdapter(HttpAdapter):
    network = "simulator"
    # A network's name in its sentences; this one is Cordon's own words, so a Welsh
    # console reads it in Welsh too (storage.stored_words.NAME_FIELDS).
    NAME = english("The simulator")
    RATE_HEADERS = "x-ratelimit-"

    def __init__(
        self,
        base_url: str,
        timeout: httpx.Timeout = TIMEOUT,
        *,
        account: str = "",
        client: httpx.AsyncClient | None = None,
    ) -> None:
        super().__init__(
            Account(base_url, account), base_url=base_url, timeout=timeout, client=client
        )
        self._name = account

    def __repr__(self) -> str:
        return f"SimulatorAdapter({self._name!r})"

    def bound(self, account: str) -> SimulatorAdapter:
        """An adapter for one account's inbox, metrics and schedule (same client)."""
        return SimulatorAdapter("", account=account, client=self._client)

    # -- publishing ---------------------------------------------------------------------

    async def publish(self, target: Claimed) -> Outcome:
        return await self._post(target, None)

    async def schedule(self, target: Claimed, at_utc: str) -> Outcome:
        return await self._post(target, at_utc)

    async def _post(self, target: Claimed, at_utc: str | None) -> Outcome:
        account = _segment(target.account)
        media_ids = []
        for image in target.images:
            uploaded = await self._send(
                "POST",
                f"/accounts/{account}/media",
                json={
                    "data": base64.b64encode(image.data).decode(),
                    "mime": image.mime,
                    "alt": image.alt_text,
                },
            )
            if not isinstance(uploaded, httpx.Response):
                return uploaded
            if uploaded.status_code != 200 or "id" not in _json(uploaded):
                return _outcome(uploaded)
            media_ids.append(str(_json(uploaded)["id"]))
        body: dict[str, Any] = {"text": target.text, "media_ids": media_ids}
        path = f"/accounts/{account}/statuses"
        key = target.idempotency_key
        if at_utc is not None:
            body["at"] = at_utc
            path = f"/accounts/{account}/scheduled"
            key = f"{key}:at:{at_utc}"
        response = await self._send("POST", path, json=body, headers={"Idempotency-Key": key})
        if not isinstance(response, httpx.Response):
            return response
        return _outcome(response)

    async def reply(self, target: Claimed, item: InboxItem, *, public: bool = True) -> Outcome:
        """Answer an inbox item in public, or by direct message to its author."""
        account = _segment(target.account)
        response = await self._send(
            "POST",
            f"/accounts/{account}/inbox/{_segment(item.remote_id)}/reply",
            json={"text": target.text, "direct": not public},
            headers={"Idempotency-Key": target.idempotency_key},
        )
        if not isinstance(response, httpx.Response):
            return response
        return _outcome(response)

    async def find(self, target: Claimed) -> Published | None:
        """The status the simulator keeps under the target's idempotency key."""
        response = await self._send(
            "GET",
            f"/accounts/{_segment(target.account)}/statuses",
            params={"key": target.idempotency_key},
        )
        if not isinstance(response, httpx.Response) or response.status_code != 200:
            return found_or_raise(
                response if isinstance(response, Transient) else _failure(response)
            )
        found = _json(response).get("statuses")
        if not isinstance(found, list) or not found or not isinstance(found[0], dict):
            return None
        return Published(str(found[0]["id"]), str(found[0]["url"]))

    async def delete(self, remote_id: str) -> Failure | None:
        return await self._remove(f"/accounts/{_segment(self._name)}/statuses", remote_id)

    async def unschedule(self, scheduled_id: str) -> Failure | None:
        return await self._remove(f"/accounts/{_segment(self._name)}/scheduled", scheduled_id)

    async def _remove(self, path: str, remote_id: str) -> Failure | None:
        response = await self._send("DELETE", f"{path}/{_segment(remote_id)}")
        if not isinstance(response, httpx.Response):
            return response
        if response.status_code in (200, 404):
            return None
        outcome = _outcome(response)
        return None if isinstance(outcome, Published) else outcome

    async def scheduled(self) -> list[ScheduledItem] | Failure:
        """Every post the simulator's own scheduler holds for this account."""
        response = await self._send("GET", f"/accounts/{_segment(self._name)}/scheduled")
        if not isinstance(response, httpx.Response):
            return response
        if response.status_code != 200:
            return _failure(response)
        waiting = _json(response).get("scheduled")
        if not isinstance(waiting, list):
            return Transient(UNREADABLE)
        return [
            ScheduledItem(str(w.get("id")), str(w.get("at")), str(w.get("text", "")))
            for w in waiting
            if isinstance(w, dict)
        ]

    async def pin(self, remote_id: str) -> Failure | None:
        return await self._pinning(remote_id, "pin")

    async def unpin(self, remote_id: str) -> Failure | None:
        return await self._pinning(remote_id, "unpin")

    async def _pinning(self, remote_id: str, verb: str) -> Failure | None:
        account = _segment(self._name)
        response = await self._send(
            "POST", f"/accounts/{account}/statuses/{_segment(remote_id)}/{verb}"
        )
        if not isinstance(response, httpx.Response):
            return response
        return None if response.status_code == 200 else _failure(response)

    # -- reading ------------------------------------------------------------------------

    async def fetch_inbox(self, cursor: str | None) -> InboxPage | Failure:
        """Items after ``cursor`` (the last sequence number read), oldest first."""
        params = {"limit": str(INBOX_LIMIT)}
        if cursor and cursor.isdigit():
            params["since"] = cursor
        response = await self._send("GET", f"/accounts/{_segment(self._name)}/inbox", params=params)
        if not isinstance(response, httpx.Response):
            return response
        if response.status_code != 200:
            return _failure(response)
        body = _json(response)
        entries = body.get("items")
        if not isinstance(entries, list):
            return Transient(UNREADABLE)
        items = tuple(item for item in map(_inbox_item, entries) if item is not None)
        following = str(body.get("next") or "")
        if not items:
            return InboxPage((), None)
        return InboxPage(items, following if following.isdigit() else None)

    async def metrics(self, remote_ids: Sequence[str]) -> dict[str, Metrics] | Failure:
        found: dict[str, Metrics] = {}
        ids = [remote_id for remote_id in remote_ids if remote_id]
        for start in range(0, len(ids), METRICS_CHUNK):
            chunk = ids[start : start + METRICS_CHUNK]
            response = await self._send(
                "GET",
                f"/accounts/{_segment(self._name)}/metrics",
                params={"ids": ",".join(chunk)},
            )
            if not isinstance(response, httpx.Response):
                return response
            if response.status_code != 200:
                return _failure(response)
            counted = _json(response).get("metrics")
            if not isinstance(counted, dict):
                return Transient(UNREADABLE)
            for remote_id, numbers in counted.items():
                if isinstance(numbers, dict):
                    found[str(remote_id)] = Metrics(
                        likes=as_count(numbers.get("likes")),
                        replies=as_count(numbers.get("replies")),
                        reposts=as_count(numbers.get("reposts")),
                        reach=as_count(numbers["reach"]) if "reach" in numbers else None,
                    )
        return found

    async def refresh(self) -> Failure | None:
        return None  # the simulator has no tokens to renew

    # -- HTTP ---------------------------------------------------------------------------


def _segment(value: str) -> str:
    return quote(value, safe="")


def _json(response: httpx.Response) -> dict[str, Any]:
    return json_object(response) or {}


def _inbox_item(entry: object) -> InboxItem | None:
    if not isinstance(entry, dict) or not entry.get("id"):
        return None
    author = entry.get("author") if isinstance(entry.get("author"), dict) else {}
    assert isinstance(author, dict)
    return InboxItem(
        remote_id=str(entry["id"]),
        kind=str(entry.get("kind") or "mention"),
        author_handle=str(author.get("handle") or ""),
        author_name=str(author.get("name") or ""),
        text=str(entry.get("text") or ""),
        created_utc=str(entry.get("created_at") or ""),
        url=str(entry.get("url") or ""),
        conversation_id=str(entry.get("conversation_id") or ""),
        in_reply_to=str(entry.get("in_reply_to") or ""),
        raw=json.dumps(entry, ensure_ascii=False, sort_keys=True),
    )


def _failure(response: httpx.Response) -> Failure:
    outcome = _outcome(response)
    if isinstance(outcome, Published):
        return Transient(UNREADABLE)
    return outcome


def _outcome(response: httpx.Response) -> Outcome:
    body = _json(response)
    message = str(body.get("error") or response.reason_phrase or response.status_code)
    if response.status_code == 200 and "id" in body:
        return Published(str(body["id"]), str(body.get("url", "")))
    if response.status_code == 200:
        return Transient(UNREADABLE)
    if response.status_code == 429:
        return Transient(message, retry_after_seconds(response.headers.get("Retry-After")))
    if response.status_code >= 500:
        return Transient(
            english(
                "The simulator failed ({status}): {message}.",
                status=response.status_code,
                message=message,
            )
        )
    if response.status_code in (401, 403):
        return NeedsReconnect(message)
    return Rejected(message)
