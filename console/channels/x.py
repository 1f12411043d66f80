"""The adapter for X (API v2), with an OAuth 2.0 user token.

What it uses (X's OpenAPI document, a copy in the public ``xdevplatform/xdk``
repository, ``specs/openapi.json``; docs.x.com for OAuth and rate limits):

* ``POST /2/media/upload`` (JSON: ``media`` base64, ``media_category``), then
  ``POST /2/media/metadata`` (``{"id", "metadata": {"alt_text": {"text"}}}``, at most
  1,000 characters) for the alt text; ``POST /2/tweets`` with ``text`` and
  ``media.media_ids`` (at most 4); ``DELETE /2/tweets/{id}``.
* ``GET /2/users/{id}/mentions`` with ``since_id`` as the inbox cursor, author handles
  from ``includes.users``; ``GET /2/tweets?ids=`` for ``public_metrics``;
  ``GET /2/users/{id}/tweets`` (``start_time``) to find a post already made.
* Tokens (``Account.secrets``): ``access_token``, ``refresh_token``, ``client_id`` (a
  public PKCE client). ``POST /2/oauth2/token`` with ``grant_type=refresh_token``
  renews them; X rotates the refresh token, so the new pair goes to ``on_secrets``.
* Every answer carries ``x-rate-limit-limit``, ``-remaining`` and ``-reset`` (Unix
  seconds): kept for ``budget()`` and used as the wait after a 429 without
  ``Retry-After``.

X takes no idempotency key. A post whose answer was lost is caught two ways: a
retry first asks ``find``, which looks through the account's own posts since the
post was due for the same text; and if it could not look, X refuses a second post
with the same text ("duplicate content"), which on a retry means "already posted"
and is resolved with ``find`` again.

X does not schedule posts itself: Cordon sends them at their time.
"""

from __future__ import annotations

import asyncio
import base64
import html
import json
import re
import unicodedata
from collections.abc import Sequence
from datetime import UTC, timedelta
from typing import Any

import httpx
from twitter_text import extract_urls_with_indices

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
    ScheduledItem,
    SecretsSink,
    Transient,
)
from console.channels.http import (
    TIMEOUT,
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
from storage.timeutil import Clock, system_clock, to_iso

RENEW_BEFORE = timedelta(minutes=5)
FIND_BEFORE = timedelta(minutes=10)  # clocks differ: look a little before the due time
FIND_PAGES = 5  # of 100 posts each
INBOX_PAGES = 10  # of 100 mentions each
MEDIA_POLLS = 10
DUPLICATE = "duplicate content"
TWEET_FIELDS = "created_at,conversation_id,in_reply_to_user_id,author_id,public_metrics"


class XAdapter(HttpAdapter):
    network = "x"
    NAME = "X"
    RATE_HEADERS = "x-rate-limit-"

    def __init__(
        self,
        account: Account,
        on_secrets: SecretsSink | None = None,
        *,
        timeout: httpx.Timeout = TIMEOUT,
        username: str | None = None,
        clock: Clock = system_clock,
    ) -> None:
        super().__init__(
            account, on_secrets, base_url=account.base_url, timeout=timeout, clock=clock
        )
        self._user_id = account.handle if account.handle.isdigit() else None
        self._username = username or (None if account.handle.isdigit() else account.handle)
        self._renewing = asyncio.Lock()

    # -- publishing ----------------------------------------------------------------------

    async def publish(self, target: Claimed) -> Outcome:
        return await self._tweet(target, None)

    async def reply(self, target: Claimed, item: InboxItem, *, public: bool = True) -> Outcome:
        """A public reply (``reply.in_reply_to_tweet_id``), or a direct message to the
        author (``POST /2/dm_conversations/with/{participant_id}/messages``). Never
        twice: a public reply as ``publish``; a direct message retried only after the
        conversation's events show it did not arrive."""
        if public:
            return await self._tweet(target, item.remote_id)
        author_id = as_text(as_dict(_loads(item.raw)).get("author_id"))
        if not author_id.isdigit():
            return Rejected(
                english(
                    "Cordon does not know this author's X account id, so it cannot send them a "
                    "direct message."
                )
            )
        if target.attempts > 1:
            earlier = await self._sent_message(author_id, target.text)
            if earlier is not None:  # sent already, or X could not be asked: not again now
                return earlier
        answer = await self._call(
            "POST", f"/2/dm_conversations/with/{author_id}/messages", json={"text": target.text}
        )
        if not isinstance(answer, httpx.Response):
            return answer
        if not answer.is_success:
            return self._failure(answer)
        event_id = as_text(_data(answer).get("dm_event_id"))
        if not event_id:
            return self._unreadable()
        conversation = as_text(_data(answer).get("dm_conversation_id"))
        return Published(event_id, f"https://x.com/messages/{conversation}" if conversation else "")

    async def _sent_message(self, participant_id: str, text: str) -> Published | Failure | None:
        """The direct message with this text already sent to the participant, if any."""
        me = await self._me()
        if not isinstance(me, str):
            return me
        params = {"dm_event.fields": "id,text,sender_id,dm_conversation_id", "max_results": "100"}
        answer = await self._call(
            "GET", f"/2/dm_conversations/with/{participant_id}/dm_events", params=params
        )
        if not isinstance(answer, httpx.Response):
            return answer
        if not answer.is_success:
            return self._failure(answer)
        wanted = _comparable(text)
        for event in as_list((json_object(answer) or {}).get("data")):
            mine = as_text(event.get("sender_id")) == me
            if mine and _comparable(as_text(event.get("text"))) == wanted:
                conversation = as_text(event.get("dm_conversation_id"))
                url = f"https://x.com/messages/{conversation}" if conversation else ""
                return Published(as_text(event.get("id")), url)
        return None

    async def _tweet(self, target: Claimed, in_reply_to: str | None) -> Outcome:
        if target.attempts > 1:  # the last answer may have been lost after X posted
            try:
                found = await self.find(target)
            except LookupFailed:
                found = None  # could not look: X's duplicate refusal still guards
            if found is not None:
                return found
        media_ids = []
        for image in target.images:
            uploaded = await self._upload(image)
            if not isinstance(uploaded, str):
                return uploaded
            media_ids.append(uploaded)
        body: dict[str, Any] = {"text": target.text}
        if media_ids:
            body["media"] = {"media_ids": media_ids}
        if in_reply_to:
            body["reply"] = {"in_reply_to_tweet_id": in_reply_to}
        answer = await self._call("POST", "/2/tweets", json=body)
        if not isinstance(answer, httpx.Response):
            return answer  # if X did post it, the retry meets the duplicate refusal
        if answer.is_success:
            remote_id = as_text(_data(answer).get("id"))
            if not remote_id:
                # Posted, but the answer is unreadable: the retry meets X's duplicate
                # refusal and finds this post, so saying "try again" cannot post twice.
                return self._unreadable()
            return Published(remote_id, await self._status_url(remote_id))
        message = _message(answer)
        if answer.status_code == 403 and DUPLICATE in message.lower() and target.attempts > 1:
            return await self._already_posted(target, message)
        return self._failure(answer)

    async def _already_posted(self, target: Claimed, message: str) -> Outcome:
        try:
            found = await self.find(target)
        except LookupFailed as error:
            return Transient(english("X says this post is already there; {why}", why=str(error)))
        if found is not None:
            return found
        return Rejected(self._scrub(message))

    async def find(self, target: Claimed) -> Published | None:
        """The account's post with this text made since it was due, if any."""
        user_id = await self._me_or_raise()
        due = parse_time(target.scheduled_utc) or self._clock()
        start = min(due, self._clock()) - FIND_BEFORE
        wanted = _comparable(target.text)
        params: dict[str, str] = {
            "start_time": start.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "max_results": "100",
            "tweet.fields": "created_at",
            "exclude": "retweets",
        }
        matches: list[dict[str, Any]] = []
        for _ in range(FIND_PAGES):
            body = await self._read_or_raise(f"/2/users/{user_id}/tweets", params)
            for tweet in as_list(body.get("data")):
                if _comparable(as_text(tweet.get("text"))) == wanted:
                    matches.append(tweet)
            token = as_text(as_dict(body.get("meta")).get("next_token"))
            if not token:
                break
            params["pagination_token"] = token
        if not matches:
            return None
        first = min(matches, key=lambda tweet: int(as_text(tweet.get("id")) or 0))
        remote_id = as_text(first.get("id"))
        return Published(remote_id, await self._status_url(remote_id))

    async def delete(self, remote_id: str) -> Failure | None:
        answer = await self._call("DELETE", f"/2/tweets/{remote_id}")
        if not isinstance(answer, httpx.Response):
            return answer
        if answer.status_code == 404:
            return None
        if not answer.is_success:
            return self._failure(answer)
        deleted = _data(answer).get("deleted")
        if deleted is True:
            return None
        if deleted is False:
            return Rejected(english("X did not delete the post."))
        return self._unreadable()

    async def schedule(self, target: Claimed, at_utc: str) -> Outcome:
        return Rejected(
            english("X does not schedule posts itself; Cordon sends them at their time.")
        )

    async def unschedule(self, scheduled_id: str) -> Failure | None:
        return None

    async def scheduled(self) -> list[ScheduledItem] | Failure:
        return []  # X API v2 has no scheduler: nothing can be waiting there

    async def pin(self, remote_id: str) -> Failure | None:
        return Rejected(
            english("X's API cannot pin posts: pin it on x.com if it should stay on top.")
        )

    async def unpin(self, remote_id: str) -> Failure | None:
        return Rejected(english("X's API cannot pin or unpin posts: unpin it on x.com."))

    # -- reading ---------------------------------------------------------------------------

    async def fetch_inbox(self, cursor: str | None) -> InboxPage | Failure:
        user_id = await self._me()
        if not isinstance(user_id, str):
            return user_id
        params: dict[str, str] = {
            "max_results": "100",
            "tweet.fields": f"{TWEET_FIELDS},referenced_tweets",
            "expansions": "author_id",
            "user.fields": "username,name",
        }
        pages = 1  # the first look: the latest page only, not the account's history
        if cursor and cursor.isdigit():
            params["since_id"] = cursor
            pages = INBOX_PAGES  # everything since the cursor, newest page first
        items: dict[str, InboxItem] = {}
        newest: str | None = None
        for _ in range(pages):
            answer = await self._call("GET", f"/2/users/{user_id}/mentions", params=params)
            if not isinstance(answer, httpx.Response):
                return answer
            if not answer.is_success:
                return self._failure(answer)
            body = json_object(answer)
            if body is None:
                return self._unreadable()
            meta = as_dict(body.get("meta"))
            newest = newest or as_text(meta.get("newest_id")) or None
            users = {
                as_text(user.get("id")): user
                for user in as_list(as_dict(body.get("includes")).get("users"))
            }
            for tweet in as_list(body.get("data")):
                item = _inbox_item(tweet, users, user_id)
                if item is not None:
                    items[item.remote_id] = item
            token = as_text(meta.get("next_token"))
            if not token:
                break
            params["pagination_token"] = token
        ordered = sorted(items.values(), key=lambda item: int(item.remote_id))
        ids = [newest] if newest and newest.isdigit() else []
        ids += [ordered[-1].remote_id] if ordered else []
        return InboxPage(tuple(ordered), max(ids, key=int) if ids else None)

    async def metrics(self, remote_ids: Sequence[str]) -> dict[str, Metrics] | Failure:
        found: dict[str, Metrics] = {}
        ids = [remote_id for remote_id in remote_ids if remote_id]
        for start in range(0, len(ids), 100):
            chunk = ids[start : start + 100]
            params = {"ids": ",".join(chunk), "tweet.fields": "public_metrics"}
            answer = await self._call("GET", "/2/tweets", params=params)
            if not isinstance(answer, httpx.Response):
                return answer
            if not answer.is_success:
                return self._failure(answer)
            body = json_object(answer)
            if body is None:
                return self._unreadable()
            for tweet in as_list(body.get("data")):
                counts = as_dict(tweet.get("public_metrics"))
                found[as_text(tweet.get("id"))] = Metrics(
                    likes=_count(counts, "like_count"),
                    replies=_count(counts, "reply_count"),
                    reposts=_count(counts, "retweet_count") or _count(counts, "repost_count"),
                    reach=_count(counts, "impression_count")
                    if "impression_count" in counts
                    else None,
                )
        return found

    # -- tokens ----------------------------------------------------------------------------

    async def refresh(self) -> Failure | None:
        """Renew the token if it expires within five minutes."""
        if not self._expiring():
            return None
        return await self._renew(self._secrets.get("access_token", ""))

    def _expiring(self) -> bool:
        when = parse_time(self._expires_utc) if self._expires_utc else None
        return when is not None and when - self._clock() <= RENEW_BEFORE

    async def _renew(self, stale_token: str) -> Failure | None:
        async with self._renewing:
            if self._secrets.get("access_token", "") != stale_token:
                return None  # renewed meanwhile by another call
            return await self._renew_now()

    async def _renew_now(self) -> Failure | None:
        refresh_token = self._secrets.get("refresh_token")
        client_id = self._secrets.get("client_id")
        if not refresh_token or not client_id:
            return NeedsReconnect(
                english(
                    "X's access for Cordon has expired and cannot be renewed: reconnect the X "
                    "account."
                )
            )
        form = {
            "grant_type": "refresh_token",
            "refresh_token": refresh_token,
            "client_id": client_id,
        }
        answer = await self._send("POST", "/2/oauth2/token", data=form)
        if not isinstance(answer, httpx.Response):
            return answer
        if answer.status_code == 429 or answer.status_code >= 500:
            return self._failure(answer)
        body = json_object(answer) or {}
        access_token = as_text(body.get("access_token"))
        if not answer.is_success or not access_token:
            if answer.is_success:
                return self._unreadable()
            return NeedsReconnect(
                english("X refused to renew Cordon's access: reconnect the X account.")
            )
        await self._take_tokens(body)
        return None

    # -- HTTP ------------------------------------------------------------------------------

    async def _call(self, method: str, path: str, **kwargs: Any) -> httpx.Response | Failure:
        """One request as the account; an expired token is renewed once and retried."""
        if self._expiring():
            failure = await self._renew(self._secrets.get("access_token", ""))
            if failure is not None:
                return failure
        for attempt in (1, 2):
            token = self._secrets.get("access_token", "")
            answer = await self._send(
                method, path, headers={"Authorization": f"Bearer {token}"}, **kwargs
            )
            if not isinstance(answer, httpx.Response):
                return answer
            if answer.status_code != 401 or attempt == 2:
                return answer
            failure = await self._renew(token)
            if failure is not None:
                return failure
        raise AssertionError("unreachable")

    async def _read_or_raise(self, path: str, params: dict[str, str]) -> dict[str, Any]:
        return self._body_or_raise(await self._call("GET", path, params=params))

    async def _upload(self, image: Image) -> str | Failure:
        category = "tweet_gif" if image.mime == "image/gif" else "tweet_image"
        payload = {"media": base64.b64encode(image.data).decode(), "media_category": category}
        answer = await self._call("POST", "/2/media/upload", json=payload)
        if not isinstance(answer, httpx.Response):
            return answer
        if not answer.is_success:
            return self._failure(answer)
        data = _data(answer)
        media_id = as_text(data.get("id"))
        if not media_id:
            return self._unreadable()
        ready = await self._processed(media_id, as_dict(data.get("processing_info")))
        if ready is not None:
            return ready
        if image.alt_text.strip():
            metadata = {"id": media_id, "metadata": {"alt_text": {"text": image.alt_text[:1000]}}}
            answer = await self._call("POST", "/2/media/metadata", json=metadata)
            if not isinstance(answer, httpx.Response):
                return answer
            if not answer.is_success:
                return self._failure(answer)
        return media_id

    async def _processed(self, media_id: str, info: dict[str, Any]) -> Failure | None:
        """Wait while X processes an upload (GIFs); None when it is ready."""
        for _ in range(MEDIA_POLLS):
            state = as_text(info.get("state"))
            if state in ("", "succeeded"):
                return None
            if state == "failed":
                error = as_dict(info.get("error"))
                said = as_text(error.get("message"))
                return Rejected(said or english("X could not process the image."))
            wait = info.get("check_after_secs")
            await asyncio.sleep(min(float(wait), 5.0) if isinstance(wait, int | float) else 1.0)
            params = {"media_id": media_id, "command": "STATUS"}
            answer = await self._call("GET", "/2/media/upload", params=params)
            if not isinstance(answer, httpx.Response):
                return answer
            if not answer.is_success:
                return self._failure(answer)
            info = as_dict(_data(answer).get("processing_info"))
        return Transient(english("X is still processing the image."))

    async def _me(self) -> str | Failure:
        """The account's user id: its handle, or asked of X once."""
        if self._user_id:
            return self._user_id
        failure = await self._ask_me()
        return self._user_id or failure or self._unreadable()

    async def _ask_me(self) -> Failure | None:
        answer = await self._call("GET", "/2/users/me")
        if not isinstance(answer, httpx.Response):
            return answer
        if not answer.is_success:
            return self._failure(answer)
        data = _data(answer)
        self._user_id = self._user_id or as_text(data.get("id")) or None
        self._username = self._username or as_text(data.get("username")) or None
        return None

    async def _me_or_raise(self) -> str:
        user_id = await self._me()
        if not isinstance(user_id, str):
            raise LookupFailed(user_id.message)
        return user_id

    async def _status_url(self, remote_id: str) -> str:
        if not self._username:
            await self._ask_me()  # a link without the name still works
        if self._username:
            return f"https://x.com/{self._username}/status/{remote_id}"
        return f"https://x.com/i/web/status/{remote_id}"

    def _said(self, response: httpx.Response) -> str:
        return _message(response)


# -- reading X's JSON ------------------------------------------------------------------------


def _data(answer: httpx.Response) -> dict[str, Any]:
    return as_dict((json_object(answer) or {}).get("data"))


def _loads(raw: str) -> object:
    try:
        return json.loads(raw) if raw else None
    except ValueError:
        return None


def _count(counts: dict[str, Any], name: str) -> int:
    value = counts.get(name)
    return value if isinstance(value, int) else 0


def _message(answer: httpx.Response) -> str:
    """X's own words: a problem's ``detail``, an error's ``message``, or the status."""
    body = json_object(answer) or {}
    for source in [body, *as_list(body.get("errors"))]:
        for key in ("detail", "message", "error_description", "title"):
            text = as_text(source.get(key))
            if text:
                return text.rstrip(".")
    return answer.reason_phrase or f"HTTP {answer.status_code}"


_SPACE = re.compile(r"\s+")


def _comparable(text: str) -> str:
    """A post's text as X gives it back, made comparable with what was sent.

    X returns ``&``, ``<`` and ``>`` as HTML entities, every link as a t.co link (a
    bare ``met.police.uk/closures`` too), and adds a link to attached media; compare
    without the links twitter-text finds, and with entities undone.
    """
    text = unicodedata.normalize("NFC", html.unescape(text))
    kept, position = [], 0
    for link in extract_urls_with_indices(text):
        start, end = link["indices"]
        kept.append(text[position:start])
        position = end
    kept.append(text[position:])
    return _SPACE.sub(" ", "".join(kept)).strip()


def _inbox_item(
    tweet: dict[str, Any], users: dict[str, dict[str, Any]], user_id: str
) -> InboxItem | None:
    remote_id = as_text(tweet.get("id"))
    if not remote_id.isdigit():
        return None
    author_id = as_text(tweet.get("author_id"))
    if author_id == user_id:
        return None  # the account mentioning itself
    author = users.get(author_id, {})
    handle = as_text(author.get("username"))
    created = parse_time(as_text(tweet.get("created_at")))
    replied_to = next(
        (
            as_text(ref.get("id"))
            for ref in as_list(tweet.get("referenced_tweets"))
            if ref.get("type") == "replied_to"
        ),
        "",
    )
    kind = "reply" if as_text(tweet.get("in_reply_to_user_id")) == user_id else "mention"
    link_owner = handle or "i/web"
    return InboxItem(
        remote_id=remote_id,
        kind=kind,
        author_handle=handle or author_id,
        author_name=as_text(author.get("name")),
        text=html.unescape(as_text(tweet.get("text"))),
        created_utc=to_iso(created) if created else "",
        url=f"https://x.com/{link_owner}/status/{remote_id}",
        conversation_id=as_text(tweet.get("conversation_id")),
        in_reply_to=replied_to,
        raw=json.dumps(tweet, ensure_ascii=False),
    )
