"""The Mastodon adapter: one connected Mastodon account, over the REST API.

What it calls, and where the API reference says so (docs.joinmastodon.org):

* publish: ``POST /api/v1/statuses`` with an ``Idempotency-Key`` header,
  ``visibility=public``, ``language=en`` and ``media_ids[]`` (/methods/statuses/#create);
  images first go to ``POST /api/v2/media`` (multipart, ``description`` is the alt
  text); a 202 means the file is still processing, and ``GET /api/v1/media/:id``
  answers 206 until it is done and 200 with a ``url`` after (/methods/media/#v2, #get).
* delete: ``DELETE /api/v1/statuses/:id`` (/methods/statuses/#delete).
* native scheduling: ``scheduled_at`` on the same ``POST /api/v1/statuses`` returns a
  ScheduledStatus, at least 5 minutes ahead (/methods/statuses/#create); listed and
  pulled back under ``/api/v1/scheduled_statuses`` (/methods/scheduled_statuses/).
* inbox: ``GET /api/v1/notifications?types[]=mention`` (/methods/notifications/#get)
  and ``GET /api/v1/conversations`` (/methods/conversations/), paged forward with
  ``min_id`` read from the ``Link`` header (/api/guidelines/#pagination).
* metrics: ``GET /api/v1/statuses/:id`` (/methods/statuses/#get).
* what the server accepts (its software from NodeInfo, its limits from
  ``GET /api/v2/instance``): ``mastodon_server``.
* rate limits: ``X-RateLimit-Limit``, ``-Remaining`` and ``-Reset`` (an ISO 8601 time)
  on every answer (/api/rate-limits/).

Idempotency. Mastodon keeps an ``Idempotency-Key`` for about an hour: the same key
posted again within that hour returns the status (or scheduled status) created the
first time instead of a second one. So a retry of ``publish`` after a lost answer is
safe inside the hour. Mastodon has no look-up *by* key, and ``find`` must never send
anything, so ``find`` (and ``publish`` itself, on every attempt after the first)
looks through the account's own recent statuses for one with the same text, created
no earlier than the target's time minus ``FIND_MARGIN``. That covers a retry after
the key has expired too.

Not every Mastodon-compatible server keeps the key: GoToSocial ignores
``Idempotency-Key`` altogether (checked against a real one: the same key posted twice
makes two statuses). There only the look through the recent statuses protects a retry,
which is why every attempt after the first looks before it posts
(``tests/sync/test_server_limits.py`` shows it against a server that ignores the key).

Reading the answers (entities, headers, HTML as text) is in ``mastodon_answers``.
"""

from __future__ import annotations

import asyncio
import re
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
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
    SecretsSink,
    Transient,
)
from console.channels.http import TIMEOUT, HttpAdapter, found_or_raise
from console.channels.mastodon_answers import (
    RATE_HEADERS,
    RECONNECT,
    UNREADABLE,
    comparable_text,
    entry_position,
    id_order,
    item_from_conversation,
    item_from_notification,
    json_of,
    link_cursor,
    parse_media,
    parse_metrics,
    parse_published,
    parse_scheduled,
    parse_time,
    refusal,
    same_post,
    server_failure,
)
from console.channels.mastodon_server import read_server_limits
from storage.posts import Image
from storage.queue import Claimed
from storage.records import ServerLimits
from storage.stored_words import english
from storage.timeutil import Clock, system_clock, to_iso

# Mastodon refuses a scheduled_at less than 5 minutes ahead (ScheduledStatus
# MINIMUM_OFFSET); one in the past is published at once, so Cordon never sends one.
SCHEDULE_MINIMUM_AHEAD = timedelta(minutes=5)
# find(): how far before the target's time a matching status may have been created.
FIND_MARGIN = timedelta(minutes=10)
FIND_PAGES = 5  # of 40 statuses each
REFRESH_WITHIN = timedelta(minutes=5)
NOTIFICATIONS_LIMIT = 40  # default 40, maximum 80
CONVERSATIONS_LIMIT = 40  # default 20, maximum 40
INBOX_PAGES = 10  # pages read forward per fetch, per endpoint
SCHEDULED_PAGES = 10
THREAD_LOOKUPS = 20  # context look-ups per fetch, to name a reply's thread root
SEEN_REMEMBERED = 2000  # inbox ids already given out, so the two sources never repeat one
ROOTS_REMEMBERED = 20_000  # status id -> thread root, to spare context look-ups


class MastodonAdapter(HttpAdapter):
    """One Mastodon account (``Account.secrets["access_token"]``).

    Secrets may also hold ``client_id``, ``client_secret`` and ``refresh_token``
    when Cordon registered the app; only then can an expiring token be refreshed.
    Mastodon user tokens do not expire by default, so ``refresh`` does nothing
    unless ``Account.expires_utc`` is set.
    """

    network = "mastodon"
    NAME = "Mastodon"
    RATE_HEADERS = RATE_HEADERS

    def __init__(
        self,
        account: Account,
        on_secrets: SecretsSink | None = None,
        *,
        timeout: httpx.Timeout = TIMEOUT,
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Clock = system_clock,
        media_poll_interval: float = 1.0,
        media_poll_attempts: int = 30,
    ) -> None:
        super().__init__(
            account,
            on_secrets,
            base_url=account.base_url,
            timeout=timeout,
            clock=clock,
            transport=transport,
            headers={"Accept": "application/json"},
        )
        self._media_poll_interval = media_poll_interval
        self._media_poll_attempts = media_poll_attempts
        self._own_id: str | None = None
        self._refreshing = asyncio.Lock()
        self._roots: dict[str, str] = {}  # status id -> its thread's root status id
        self._seen: deque[str] = deque(maxlen=SEEN_REMEMBERED)

    # -- publishing ---------------------------------------------------------------------

    async def publish(self, target: Claimed) -> Outcome:
        """Post the target now; a retry with the same key never posts twice."""
        if target.attempts > 1:
            earlier = await self._find_recent(target)
            if earlier is not None:
                return earlier
        return await self._post_status(target, scheduled_at=None)

    async def reply(self, target: Claimed, item: InboxItem, *, public: bool = True) -> Outcome:
        """Answer a status: ``in_reply_to_id`` with visibility ``public``, or ``direct``
        for a direct message. Mastodon delivers a status only to the accounts it
        mentions, so the author's ``@acct`` leads the text unless it is there already.
        Never twice, as ``publish``: the key, and on a retry a look for the status."""
        addressed = replace(target, text=mention_first(target.text, item.author_handle))
        if addressed.attempts > 1:
            earlier = await self._find_recent(addressed)
            if earlier is not None:
                return earlier
        return await self._post_status(
            addressed,
            scheduled_at=None,
            visibility="public" if public else "direct",
            in_reply_to=item.remote_id,
        )

    async def schedule(self, target: Claimed, at_utc: str) -> Outcome:
        """Have Mastodon publish the target at ``at_utc`` (at least 5 minutes ahead).

        ``Published`` carries the ScheduledStatus id and an empty URL. Should the
        server publish at once instead (it does for a time already past), the answer
        is a Status, returned as ``Published`` with its URL.
        """
        when = parse_time(at_utc)
        if when is None:
            return Rejected(english("'{time}' is not a time Cordon can schedule.", time=at_utc))
        if when - self._clock() <= SCHEDULE_MINIMUM_AHEAD:
            return Rejected(
                english(
                    "Mastodon schedules a post only more than 5 minutes ahead: choose a later"
                    " time, or send it now."
                )
            )
        return await self._post_status(target, scheduled_at=when)

    async def _post_status(
        self,
        target: Claimed,
        scheduled_at: datetime | None,
        *,
        visibility: str = "public",
        in_reply_to: str = "",
    ) -> Outcome:
        media_ids = await self._upload_images(target.images)
        if not isinstance(media_ids, list):
            return media_ids
        form: dict[str, str | list[str]] = {
            "status": target.text,
            "visibility": visibility,
            "language": "en",
        }
        if in_reply_to:
            form["in_reply_to_id"] = in_reply_to
        if media_ids:
            form["media_ids[]"] = media_ids
        if scheduled_at is not None:
            form["scheduled_at"] = to_iso(scheduled_at)
        # Mastodon remembers a key for the status *or* scheduled status it made: a
        # scheduled send gets its own key, so sending the same target now later on
        # (after unscheduling it) is not answered with the scheduled one.
        key = target.idempotency_key
        if scheduled_at is not None:
            key = f"{key}:at:{form['scheduled_at']}"
        answer = await self._call(
            "POST", "/api/v1/statuses", data=form, headers={"Idempotency-Key": key}
        )
        if not isinstance(answer, httpx.Response):
            return answer
        if not answer.is_success:
            return refusal(answer)
        body = json_of(answer)
        if scheduled_at is not None:
            scheduled = parse_scheduled(body)
            if scheduled is not None:
                return Published(scheduled.remote_id, "")
        published = parse_published(body)
        return published if published is not None else Transient(UNREADABLE)

    async def _upload_images(self, images: Sequence[Image]) -> list[str] | Failure:
        media_ids = []
        for image in images:
            uploaded = await self._call(
                "POST",
                "/api/v2/media",
                data={"description": image.alt_text},
                files={"file": (image.file_name or "image", image.data, image.mime)},
            )
            if not isinstance(uploaded, httpx.Response):
                return uploaded
            if not uploaded.is_success:
                return refusal(uploaded)
            media = parse_media(json_of(uploaded))
            if media is None:
                return Transient(UNREADABLE)
            media_id, ready = media
            if uploaded.status_code == 202 or not ready:
                waited = await self._wait_for_media(media_id)
                if waited is not None:
                    return waited
            media_ids.append(media_id)
        return media_ids

    async def _wait_for_media(self, media_id: str) -> Failure | None:
        """Poll a 202 upload until Mastodon has processed it (206 until then)."""
        for _ in range(self._media_poll_attempts):
            await asyncio.sleep(self._media_poll_interval)
            answer = await self._call("GET", f"/api/v1/media/{_segment(media_id)}")
            if not isinstance(answer, httpx.Response):
                return answer
            if answer.status_code == 206:
                continue
            if not answer.is_success:
                return refusal(answer)
            media = parse_media(json_of(answer))
            if media is not None and media[1]:
                return None
        return Transient(english("Mastodon is still processing an image: Cordon will try again."))

    async def find(self, target: Claimed) -> Published | None:
        """The status this target became, if Mastodon has it.

        Mastodon cannot be asked by idempotency key (a second POST with the key
        would *create* the status when there is none), so this reads the account's
        own recent statuses (``GET /api/v1/accounts/:id/statuses``, the id from
        ``verify_credentials``) for one with the same text and images, created no
        earlier than the target's time minus ``FIND_MARGIN``. Raises
        ``LookupFailed`` when Mastodon could not be asked.
        """
        return found_or_raise(await self._find_recent(target))

    async def _find_recent(self, target: Claimed) -> Published | Failure | None:
        own_id = await self._own_account_id()
        if not isinstance(own_id, str):
            return own_id
        since = parse_time(target.scheduled_utc)
        if since is None:
            since = self._clock()
        since -= FIND_MARGIN
        wanted = comparable_text(target.text)
        max_id: str | None = None
        for _ in range(FIND_PAGES):
            params: dict[str, str] = {"limit": "40", "exclude_reblogs": "true"}
            if max_id is not None:
                params["max_id"] = max_id
            answer = await self._call(
                "GET", f"/api/v1/accounts/{_segment(own_id)}/statuses", params=params
            )
            if not isinstance(answer, httpx.Response):
                return answer
            if not answer.is_success:
                return refusal(answer)
            statuses = json_of(answer)
            if not isinstance(statuses, list):
                return Transient(UNREADABLE)
            for status in statuses:
                if not isinstance(status, dict) or status.get("reblog"):
                    continue
                created = parse_time(status.get("created_at"))
                if created is not None and created < since:
                    return None
                if same_post(status, wanted, len(target.images)):
                    return parse_published(status)
            if len(statuses) < 40:
                return None
            last = statuses[-1]
            max_id = str(last.get("id")) if isinstance(last, dict) else None
            if not max_id:
                return None
        return None

    async def delete(self, remote_id: str) -> Failure | None:
        """Delete a published status (``None`` when it is gone; a 404 counts)."""
        answer = await self._call("DELETE", f"/api/v1/statuses/{_segment(remote_id)}")
        if not isinstance(answer, httpx.Response):
            return answer
        if answer.is_success or answer.status_code == 404:
            return None
        return refusal(answer)

    async def unschedule(self, scheduled_id: str) -> Failure | None:
        """Pull back a scheduled status (``None`` when it is gone; a 404 counts)."""
        answer = await self._call("DELETE", f"/api/v1/scheduled_statuses/{_segment(scheduled_id)}")
        if not isinstance(answer, httpx.Response):
            return answer
        if answer.is_success or answer.status_code == 404:
            return None
        return refusal(answer)

    async def pin(self, remote_id: str) -> Failure | None:
        """Pin a status to the profile (``POST /api/v1/statuses/:id/pin``); already
        pinned counts as done."""
        answer = await self._call("POST", f"/api/v1/statuses/{_segment(remote_id)}/pin")
        if not isinstance(answer, httpx.Response):
            return answer
        if answer.is_success:
            return None
        if answer.status_code == 422 and "already" in answer.text.lower():
            return None
        return refusal(answer)

    async def unpin(self, remote_id: str) -> Failure | None:
        """Take a status off the profile (``POST /api/v1/statuses/:id/unpin``); a status
        that is not pinned, or is gone (404), counts as done."""
        answer = await self._call("POST", f"/api/v1/statuses/{_segment(remote_id)}/unpin")
        if not isinstance(answer, httpx.Response):
            return answer
        if answer.is_success or answer.status_code == 404:
            return None
        return refusal(answer)

    async def scheduled(self) -> list[ScheduledItem] | Failure:
        """Every status waiting on the server (``GET /api/v1/scheduled_statuses``)."""
        items: list[ScheduledItem] = []
        params: dict[str, str] = {"limit": "40"}
        for _ in range(SCHEDULED_PAGES):
            answer = await self._call("GET", "/api/v1/scheduled_statuses", params=params)
            if not isinstance(answer, httpx.Response):
                return answer
            if not answer.is_success:
                return refusal(answer)
            page = json_of(answer)
            if not isinstance(page, list):
                return Transient(UNREADABLE)
            for entry in page:
                item = parse_scheduled(entry)
                if item is not None and all(item.remote_id != i.remote_id for i in items):
                    items.append(item)
            older = link_cursor(answer.headers.get("Link"), "next", "max_id")
            if not page or older is None:
                break
            params = {"limit": "40", "max_id": older}
        return sorted(items, key=lambda item: item.scheduled_utc)

    # -- reading ------------------------------------------------------------------------

    async def fetch_inbox(self, cursor: str | None) -> InboxPage | Failure:
        """Mentions, replies and direct messages newer than ``cursor``.

        Two sources: mention notifications (a mention, a reply to us, or a direct
        message that mentions us) and direct conversations, which also hold the
        private mentions a notification policy filtered out of the notifications.
        Both are paged forward with ``min_id``: it returns the results *immediately*
        newer than the cursor, oldest page first, so nothing is skipped however many
        arrived (``since_id`` would return the newest page and skip the rest). The
        cursor is ``notifications:<id>,conversations:<id>``; the first fetch reads
        only the newest page of each.
        """
        own_id = await self._own_account_id()
        if not isinstance(own_id, str):
            return own_id
        positions = _read_cursor(cursor)
        found: dict[str, InboxItem] = {}
        read = await self._read_forward(
            "/api/v1/notifications",
            {"types[]": "mention"},
            NOTIFICATIONS_LIMIT,
            positions.get("notifications"),
        )
        if not isinstance(read, tuple):
            return read
        notifications, positions["notifications"] = read
        for notification in notifications:
            item = item_from_notification(notification)
            if item is not None:
                found.setdefault(item.remote_id, item)
        read = await self._read_forward(
            "/api/v1/conversations", {}, CONVERSATIONS_LIMIT, positions.get("conversations")
        )
        if not isinstance(read, tuple):
            return read
        conversations, positions["conversations"] = read
        for conversation in conversations:
            item = item_from_conversation(conversation, own_id)
            if item is not None:
                found.setdefault(item.remote_id, item)
        fresh = [item for item in found.values() if item.remote_id not in self._seen]
        items = []
        lookups = 0
        for item in sorted(fresh, key=lambda item: (item.created_utc, id_order(item.remote_id))):
            root, looked_up = await self._thread_root(item, lookups < THREAD_LOOKUPS)
            lookups += looked_up
            items.append(replace(item, conversation_id=root))
            self._seen.append(item.remote_id)
        new_cursor = _write_cursor(positions)
        if not items and (new_cursor == cursor or not new_cursor):
            return InboxPage((), None)
        return InboxPage(tuple(items), new_cursor or None)

    async def _read_forward(
        self, path: str, filters: Mapping[str, str], limit: int, position: str | None
    ) -> tuple[list[dict[str, Any]], str | None] | Failure:
        """Pages newer than ``position`` (oldest page first); the newest id seen."""
        entries: list[dict[str, Any]] = []
        for _ in range(INBOX_PAGES):
            params = {**filters, "limit": str(limit)}
            if position is not None:
                params["min_id"] = position
            answer = await self._call("GET", path, params=params)
            if not isinstance(answer, httpx.Response):
                return answer
            if not answer.is_success:
                return refusal(answer)
            page = json_of(answer)
            if not isinstance(page, list) or not all(isinstance(e, dict) for e in page):
                return Transient(UNREADABLE)
            if not page:
                break
            entries.extend(page)
            # The Link header's "prev" carries the newest id of this page as min_id
            # (for conversations, the newest last_status id): the forward cursor.
            newest = link_cursor(answer.headers.get("Link"), "prev", "min_id")
            if newest is None:
                newest = max((entry_position(e) for e in page), key=id_order, default="")
            if not newest or newest == position:
                break
            position = newest
            # The first fetch reads only the newest page, so history is not replayed.
            if len(page) < limit or "min_id" not in params:
                break
        return entries, position

    async def _thread_root(self, item: InboxItem, may_look_up: bool) -> tuple[str, int]:
        """The id of the status that starts the item's thread, and look-ups spent."""
        if len(self._roots) > ROOTS_REMEMBERED:
            self._roots.clear()
        if not item.in_reply_to:
            self._roots[item.remote_id] = item.remote_id
            return item.remote_id, 0
        known = self._roots.get(item.in_reply_to)
        if known is not None:
            self._roots[item.remote_id] = known
            return known, 0
        if not may_look_up:
            return item.in_reply_to, 0
        answer = await self._call("GET", f"/api/v1/statuses/{_segment(item.remote_id)}/context")
        root = item.in_reply_to
        if isinstance(answer, httpx.Response) and answer.is_success:
            context = json_of(answer)
            ancestors = context.get("ancestors") if isinstance(context, dict) else None
            if isinstance(ancestors, list) and ancestors and isinstance(ancestors[0], dict):
                root = str(ancestors[0].get("id") or root)
        self._roots[item.remote_id] = root
        self._roots[item.in_reply_to] = root
        return root, 1

    async def metrics(self, remote_ids: Sequence[str]) -> dict[str, Metrics] | Failure:
        """Favourites, replies and boosts per status; a deleted status is left out."""
        found: dict[str, Metrics] = {}
        for remote_id in remote_ids:
            answer = await self._call("GET", f"/api/v1/statuses/{_segment(remote_id)}")
            if not isinstance(answer, httpx.Response):
                return answer
            if answer.status_code == 404:
                continue
            if not answer.is_success:
                return refusal(answer)
            counted = parse_metrics(json_of(answer))
            if counted is None:
                return Transient(UNREADABLE)
            found[remote_id] = counted
        return found

    async def server_limits(self) -> ServerLimits | Failure:
        """The server's software and what it accepts (``mastodon_server``): the channel
        counts its posts the way that software counts."""
        return await read_server_limits(self._client, self._account.base_url.rstrip("/"))

    # -- the token ----------------------------------------------------------------------

    async def refresh(self) -> Failure | None:
        """Refresh the token if it expires within 5 minutes (a no-op without expiry)."""
        return await self._refresh(failed_token=None)

    async def _refresh(self, failed_token: str | None) -> Failure | None:
        async with self._refreshing:
            secrets = self._secrets
            if failed_token is None:
                expires = parse_time(self._expires_utc)
                if expires is None or expires - self._clock() > REFRESH_WITHIN:
                    return None
            elif secrets.get("access_token") != failed_token:
                return None  # another call refreshed it meanwhile
            refresh_token = secrets.get("refresh_token")
            client_id = secrets.get("client_id")
            client_secret = secrets.get("client_secret")
            if not (refresh_token and client_id and client_secret):
                return NeedsReconnect(RECONNECT)
            answer = await self._send(
                "POST",
                "/oauth/token",
                data={
                    "grant_type": "refresh_token",
                    "refresh_token": refresh_token,
                    "client_id": client_id,
                    "client_secret": client_secret,
                },
            )
            if not isinstance(answer, httpx.Response):
                return answer
            if answer.status_code in (400, 401, 403):
                return NeedsReconnect(RECONNECT)
            if not answer.is_success:
                failure = server_failure(answer)
                return failure if failure is not None else NeedsReconnect(RECONNECT)
            token = json_of(answer)
            access = token.get("access_token") if isinstance(token, dict) else None
            if not isinstance(access, str) or not access:
                return Transient(UNREADABLE)
            renewed = dict(secrets, access_token=access)
            new_refresh = token.get("refresh_token")
            if isinstance(new_refresh, str) and new_refresh:
                renewed["refresh_token"] = new_refresh
            expires_in = token.get("expires_in")
            expires_utc = None
            if isinstance(expires_in, int | float) and not isinstance(expires_in, bool):
                expires_utc = to_iso(self._clock() + timedelta(seconds=expires_in))
            self._secrets = renewed
            self._expires_utc = expires_utc
            await self._keep_secrets()
            return None

    # -- one request --------------------------------------------------------------------

    async def _call(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        data: Mapping[str, str | list[str]] | None = None,
        files: Mapping[str, tuple[str, bytes, str]] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> httpx.Response | Failure:
        """One authorised request. The answer for 2xx and 4xx (but 401 and 429); an
        outcome for everything that is not the caller's to judge. A 401 gets one
        refresh (when the app can refresh) and one retry."""
        for attempt in (1, 2):
            token = self._secrets.get("access_token", "")
            answer = await self._send(
                method,
                path,
                params=params,
                data=data,
                files=files,
                headers={**(headers or {}), "Authorization": f"Bearer {token}"},
            )
            if not isinstance(answer, httpx.Response):
                return answer
            if answer.status_code == 401:
                if attempt == 1 and self._can_refresh():
                    refused = await self._refresh(failed_token=token)
                    if refused is None:
                        continue
                    return refused
                return NeedsReconnect(RECONNECT)
            failure = server_failure(answer)
            return failure if failure is not None else answer
        return NeedsReconnect(RECONNECT)

    def _failure(self, response: httpx.Response) -> Failure:
        return refusal(response)

    def _can_refresh(self) -> bool:
        secrets = self._secrets
        return all(secrets.get(k) for k in ("refresh_token", "client_id", "client_secret"))

    async def _own_account_id(self) -> str | Failure:
        if self._own_id is not None:
            return self._own_id
        answer = await self._call("GET", "/api/v1/accounts/verify_credentials")
        if not isinstance(answer, httpx.Response):
            return answer
        if not answer.is_success:
            return refusal(answer)
        body = json_of(answer)
        own_id = body.get("id") if isinstance(body, dict) else None
        if not isinstance(own_id, str | int) or isinstance(own_id, bool) or not str(own_id):
            return Transient(UNREADABLE)
        self._own_id = str(own_id)
        return self._own_id


def mention_first(text: str, acct: str) -> str:
    """``text`` led by ``@acct`` unless it already mentions that account."""
    acct = acct.lstrip("@")
    if not acct or re.search(rf"(?<![\w@])@{re.escape(acct)}(?![\w@])", text, re.IGNORECASE):
        return text
    return f"@{acct} {text}"


def _segment(remote_id: str) -> str:
    """An id as one path segment (ids come back from the store: never trust a slash)."""
    return quote(remote_id, safe="")


def _read_cursor(cursor: str | None) -> dict[str, str | None]:
    positions: dict[str, str | None] = {"notifications": None, "conversations": None}
    for part in (cursor or "").split(","):
        name, _, value = part.partition(":")
        if name.strip() in positions and value.strip():
            positions[name.strip()] = value.strip()
    return positions


def _write_cursor(positions: Mapping[str, str | None]) -> str:
    return ",".join(f"{name}:{value}" for name, value in positions.items() if value)
