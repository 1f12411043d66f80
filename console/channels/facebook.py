"""The adapter for a Facebook Page (Graph API), with a Page access token.

What it uses (Meta's node and edge specs in the public
``facebook-business-sdk-codegen`` repository, ``api_specs/specs/Page.json`` and
``PagePost.json``; developers.facebook.com for the Pages API, errors and rate limits):

* ``POST /{page-id}/photos`` (``source``, ``published=false``, ``alt_text_custom``,
  ``temporary=true`` for a scheduled post) for each image, then ``POST
  /{page-id}/feed`` with ``message`` and ``attached_media[i]={"media_fbid": id}``;
  ``published=false`` with ``scheduled_publish_time`` (Unix seconds) schedules it.
* ``DELETE /{post-id}`` removes a post, or a scheduled post before its time.
* ``GET /{page-id}/published_posts?since=`` and ``GET /{page-id}/scheduled_posts`` to
  find a post already made (by its text): Facebook takes no idempotency key.
* The inbox: comments on the Page's recent posts (``GET /{page-id}/feed`` with a
  ``comments`` field expansion) and Messenger conversations (``GET
  /{page-id}/conversations`` with ``messages``). The cursor is a time and the ids
  already seen at that second: nothing comes twice.
* Metrics: ``GET /?ids=...&fields=reactions.summary(true),comments.summary(true),shares``
  and, where Meta still reports it, ``insights.metric(post_impressions_unique)``.
* Errors are ``{"error": {"message", "type", "code", "error_subcode", "fbtrace_id"}}``:
  190 is a token Facebook no longer takes; 4, 17, 32, 613 and 80001 are rate limits
  (the wait is ``estimated_time_to_regain_access``, minutes, in the
  ``X-Business-Use-Case-Usage`` header); 368 and 100 are refusals in Meta's words.
* Usage comes as percentages in ``X-App-Usage``, ``X-Page-Usage`` and
  ``X-Business-Use-Case-Usage``: ``budget()`` reports the highest as used out of 100.

The token travels in the ``Authorization`` header, never in a URL (URLs are logged).
"""

from __future__ import annotations

import json
import logging
import unicodedata
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from console.channels.base import (
    Account,
    Failure,
    InboxItem,
    InboxPage,
    Metrics,
    Outcome,
    Published,
    Rejected,
    ScheduledItem,
    SecretsSink,
)
from console.channels.http import (
    TIMEOUT,
    as_dict,
    as_list,
    as_text,
    json_object,
    parse_time,
)
from console.channels.meta import (
    PERMISSION,
    PageTokenAdapter,
    Reconnecting,
    graph_error,
)
from console.channels.seen import newer_page, read_cursor
from storage.posts import Image
from storage.queue import Claimed
from storage.stored_words import english
from storage.timeutil import Clock, system_clock, to_iso

FIND_BEFORE = timedelta(minutes=10)
COMMENT_FIELDS = "id,message,created_time,from,parent{id},permalink_url"
MESSAGE_FIELDS = "id,message,created_time,from"

log = logging.getLogger(__name__)


class FacebookAdapter(PageTokenAdapter):
    network = "facebook"
    NAME = "Facebook"
    RECONNECTING = Reconnecting(
        refused=english(
            "Facebook no longer accepts the Page token ({message}): reconnect the Page."
        ),
        forbidden=english(
            "Facebook does not let Cordon do this ({message}): reconnect the Page and grant "
            "the permissions Cordon asks for."
        ),
        renewal_refused=english(
            "Facebook refused to renew the Page token ({message}): reconnect the Page."
        ),
        expires=english(
            "The Facebook Page token expires {date} at {time} UTC: reconnect the Page."
        ),
        expired=english(
            "The Facebook Page token expired {date} at {time} UTC: reconnect the Page."
        ),
        has_expired=english("The Facebook Page token has expired: reconnect the Page."),
    )

    def __init__(
        self,
        account: Account,
        on_secrets: SecretsSink | None = None,
        *,
        timeout: httpx.Timeout = TIMEOUT,
        clock: Clock = system_clock,
    ) -> None:
        super().__init__(account, on_secrets, account.handle, timeout=timeout, clock=clock)

    # -- publishing ----------------------------------------------------------------------

    async def publish(self, target: Claimed) -> Outcome:
        return await self._post(target, None)

    async def schedule(self, target: Claimed, at_utc: str) -> Outcome:
        when = parse_time(at_utc)
        if when is None:
            return Rejected(english("Cordon could not read the time {time!r}.", time=at_utc))
        return await self._post(target, when)

    async def _post(self, target: Claimed, at: datetime | None) -> Outcome:
        found = await self._looked_first(target)
        if found is not None:
            return found
        form: dict[str, str] = {"message": target.text}
        for index, image in enumerate(target.images):
            photo = await self._upload(image, temporary=at is not None)
            if not isinstance(photo, str):
                return photo
            form[f"attached_media[{index}]"] = json.dumps({"media_fbid": photo})
        if at is not None:
            form["published"] = "false"
            form["scheduled_publish_time"] = str(int(at.timestamp()))
        answer = await self._call("POST", f"/{self._page_id}/feed", data=form)
        if not isinstance(answer, httpx.Response):
            return answer
        if not answer.is_success:
            return self._failure(answer)
        remote_id = as_text((json_object(answer) or {}).get("id"))
        if not remote_id:
            # The retry looks for the post first, so "try again" cannot post twice.
            return self._unreadable()
        return Published(remote_id, "" if at is not None else _post_url(remote_id))

    async def reply(self, target: Claimed, item: InboxItem, *, public: bool = True) -> Outcome:
        """A comment is answered in public with a reply under it (``POST
        /{comment-id}/comments``); a Messenger message privately, in its conversation
        (``POST /{page-id}/messages`` with the person's ``recipient`` id and
        ``messaging_type=RESPONSE``). Facebook takes no idempotency key: a retry first
        looks for an answer with the same text from the Page.

        A comment can also be answered privately (a "private reply": ``recipient`` is
        ``{"comment_id": ...}``); Facebook allows one per comment, so a retry after
        one arrived is refused by Facebook itself and nothing goes twice."""
        if item.kind == "message":
            if public:
                return Rejected(
                    english(
                        "A Messenger message can only be answered privately, in its conversation."
                    )
                )
            return await self._message(target, {"id": item.author_handle}, item.conversation_id)
        if not public:
            return await self._message(target, {"comment_id": item.remote_id}, "")
        if target.attempts > 1:
            earlier = await self._answered(f"/{item.remote_id}/comments", target.text)
            if earlier is not None:
                return earlier
        answer = await self._call(
            "POST", f"/{item.remote_id}/comments", data={"message": target.text}
        )
        if not isinstance(answer, httpx.Response):
            return answer
        if not answer.is_success:
            return self._failure(answer)
        remote_id = as_text((json_object(answer) or {}).get("id"))
        if not remote_id:
            return self._unreadable()
        post_id = item.conversation_id or remote_id.split("_")[0]
        return Published(remote_id, f"https://www.facebook.com/{post_id}?comment_id={remote_id}")

    async def _message(
        self, target: Claimed, recipient: dict[str, str], conversation_id: str
    ) -> Outcome:
        if not all(recipient.values()):
            return Rejected(
                english("Cordon does not know who sent this, so it cannot answer privately.")
            )
        if target.attempts > 1 and conversation_id:
            earlier = await self._answered(f"/{conversation_id}/messages", target.text)
            if earlier is not None:
                return earlier
        form = {
            "recipient": json.dumps(recipient),
            "message": json.dumps({"text": target.text}, ensure_ascii=False),
            "messaging_type": "RESPONSE",
        }
        answer = await self._call("POST", f"/{self._page_id}/messages", data=form)
        if not isinstance(answer, httpx.Response):
            return answer
        if not answer.is_success:
            return self._failure(answer)
        message_id = as_text((json_object(answer) or {}).get("message_id"))
        if not message_id:
            return self._unreadable()
        return Published(message_id, "")

    async def _answered(self, edge: str, text: str) -> Published | Failure | None:
        """The Page's answer with this text on ``edge`` (comments or messages), if any."""
        answer = await self._call("GET", edge, params={"fields": "id,message,from", "limit": "100"})
        if not isinstance(answer, httpx.Response):
            return answer
        if not answer.is_success:
            return self._failure(answer)
        wanted = _comparable(text)
        for entry in as_list((json_object(answer) or {}).get("data")):
            from_page = as_text(as_dict(entry.get("from")).get("id")) == self._page_id
            if from_page and _comparable(as_text(entry.get("message"))) == wanted:
                return Published(as_text(entry.get("id")), "")
        return None

    async def _upload(self, image: Image, *, temporary: bool) -> str | Failure:
        form = {"published": "false", "alt_text_custom": image.alt_text}
        if temporary:
            form["temporary"] = "true"
        files = {"source": (image.file_name, image.data, image.mime)}
        answer = await self._call("POST", f"/{self._page_id}/photos", data=form, files=files)
        if not isinstance(answer, httpx.Response):
            return answer
        if not answer.is_success:
            return self._failure(answer)
        photo = as_text((json_object(answer) or {}).get("id"))
        return photo or self._unreadable()

    async def find(self, target: Claimed) -> Published | None:
        """The Page's post (published or scheduled) with this text since it was due."""
        due = parse_time(target.scheduled_utc) or self._clock()
        since = min(due, self._clock()) - FIND_BEFORE
        wanted = _comparable(target.text)
        published = await self._read_or_raise(
            f"/{self._page_id}/published_posts",
            {
                "since": str(int(since.timestamp())),
                "fields": "id,message,created_time,permalink_url",
                "limit": "100",
            },
        )
        for post in as_list(published.get("data")):
            if _comparable(as_text(post.get("message"))) == wanted:
                remote_id = as_text(post.get("id"))
                return Published(
                    remote_id, as_text(post.get("permalink_url")) or _post_url(remote_id)
                )
        scheduled = await self._read_or_raise(
            f"/{self._page_id}/scheduled_posts",
            {"fields": "id,message,scheduled_publish_time", "limit": "100"},
        )
        for post in as_list(scheduled.get("data")):
            if _comparable(as_text(post.get("message"))) == wanted:
                return Published(as_text(post.get("id")), "")
        return None

    async def delete(self, remote_id: str) -> Failure | None:
        answer = await self._call("DELETE", f"/{remote_id}")
        if not isinstance(answer, httpx.Response):
            return answer
        if answer.is_success:
            return None
        if answer.status_code == 404 or graph_error(answer).get("error_subcode") == 33:
            return None  # Meta: the object does not exist (any more)
        return self._failure(answer)

    async def unschedule(self, scheduled_id: str) -> Failure | None:
        return await self.delete(scheduled_id)

    async def scheduled(self) -> list[ScheduledItem] | Failure:
        """The Page's posts waiting in Meta's scheduler (``GET /{page-id}/scheduled_posts``,
        first 100)."""
        answer = await self._call(
            "GET",
            f"/{self._page_id}/scheduled_posts",
            params={"fields": "id,message,scheduled_publish_time", "limit": "100"},
        )
        if not isinstance(answer, httpx.Response):
            return answer
        if not answer.is_success:
            return self._failure(answer)
        body = json_object(answer)
        if body is None:
            return self._unreadable()
        items = []
        for post in as_list(body.get("data")):
            at = post.get("scheduled_publish_time")  # Unix seconds, or ISO 8601
            when = (
                datetime.fromtimestamp(int(at), UTC)
                if isinstance(at, int) or (isinstance(at, str) and at.isdigit())
                else parse_time(as_text(at))
            )
            items.append(
                ScheduledItem(
                    as_text(post.get("id")),
                    to_iso(when) if when is not None else "",
                    as_text(post.get("message")),
                )
            )
        return sorted(items, key=lambda item: item.scheduled_utc)

    async def pin(self, remote_id: str) -> Failure | None:
        """Pin a published Page post (``POST /{post-id}`` with ``is_pinned=true``)."""
        answer = await self._call("POST", f"/{remote_id}", data={"is_pinned": "true"})
        if not isinstance(answer, httpx.Response):
            return answer
        return None if answer.is_success else self._failure(answer)

    async def unpin(self, remote_id: str) -> Failure | None:
        """Unpin a Page post (``is_pinned=false``); a post that is gone counts as done."""
        answer = await self._call("POST", f"/{remote_id}", data={"is_pinned": "false"})
        if not isinstance(answer, httpx.Response):
            return answer
        if answer.is_success or graph_error(answer).get("error_subcode") == 33:
            return None
        return self._failure(answer)

    # -- reading ---------------------------------------------------------------------------

    async def fetch_inbox(self, cursor: str | None) -> InboxPage | Failure:
        seen_at, _ = read_cursor(cursor)
        comments = "comments.filter(stream).order(reverse_chronological).limit(50)"
        if seen_at is not None:
            comments += f".since({seen_at})"
        feed = await self._call(
            "GET",
            f"/{self._page_id}/feed",
            params={"fields": f"id,{comments}{{{COMMENT_FIELDS}}}", "limit": "25"},
        )
        if not isinstance(feed, httpx.Response):
            return feed
        if not feed.is_success:
            return self._failure(feed)
        feed_body = json_object(feed)
        if feed_body is None:
            return self._unreadable()
        found: dict[str, tuple[int, InboxItem]] = {}
        for post in as_list(feed_body.get("data")):
            post_id = as_text(post.get("id"))
            for comment in as_list(as_dict(post.get("comments")).get("data")):
                self._keep(found, _comment_item(comment, post_id))
        conversations = await self._call(
            "GET",
            f"/{self._page_id}/conversations",
            params={
                "platform": "messenger",
                "limit": "25",
                "fields": f"id,updated_time,messages.limit(25){{{MESSAGE_FIELDS}}}",
            },
        )
        if not isinstance(conversations, httpx.Response):
            return conversations
        if not conversations.is_success:
            failure = self._failure(conversations)
            if graph_error(conversations).get("code") not in PERMISSION:
                return failure
            log.warning("Facebook did not give the Page's messages (no permission): comments only")
        else:
            body = json_object(conversations)
            if body is None:
                return self._unreadable()
            for thread in as_list(body.get("data")):
                thread_id = as_text(thread.get("id"))
                for message in as_list(as_dict(thread.get("messages")).get("data")):
                    self._keep(found, _message_item(message, thread_id))
        return newer_page(found.values(), cursor)

    def _keep(
        self, found: dict[str, tuple[int, InboxItem]], pair: tuple[int, InboxItem] | None
    ) -> None:
        if pair is None:
            return
        moment, item = pair
        if item.author_handle == self._page_id:
            return  # the Page's own words
        found[item.remote_id] = (moment, item)

    async def metrics(self, remote_ids: Sequence[str]) -> dict[str, Metrics] | Failure:
        found: dict[str, Metrics] = {}
        ids = [remote_id for remote_id in remote_ids if remote_id]
        for start in range(0, len(ids), 50):
            chunk = ids[start : start + 50]
            counted = await self._counts(chunk)
            if counted is None:  # some are gone: ask one by one, skip the missing
                for remote_id in chunk:
                    one = await self._counts([remote_id])
                    if isinstance(one, dict):
                        found.update(one)
                    elif one is not None:
                        return one
                continue
            if not isinstance(counted, dict):
                return counted
            found.update(counted)
        return found

    async def _counts(self, ids: list[str]) -> dict[str, Metrics] | Failure | None:
        """Reactions, comments, shares (and reach) of posts; None if one does not exist."""
        fields = "reactions.summary(true).limit(0),comments.summary(true).limit(0),shares"
        answer = await self._call("GET", "/", params={"ids": ",".join(ids), "fields": fields})
        if not isinstance(answer, httpx.Response):
            return answer
        if not answer.is_success:
            error = graph_error(answer)
            if error.get("code") == 803 or error.get("error_subcode") == 33:
                return None
            return self._failure(answer)
        body = json_object(answer)
        if body is None:
            return self._unreadable()
        reach = await self._reach(",".join(ids))
        return {
            remote_id: Metrics(
                likes=_total(post.get("reactions")),
                replies=_total(post.get("comments")),
                reposts=_number(as_dict(post.get("shares")).get("count")),
                reach=reach.get(remote_id),
            )
            for remote_id, post in body.items()
            if isinstance(post, dict)
        }

    async def _reach(self, ids: str) -> dict[str, int]:
        """People reached, where Meta still reports it; nothing when it does not."""
        params = {"ids": ids, "fields": "insights.metric(post_impressions_unique)"}
        answer = await self._call("GET", "/", params=params)
        if not isinstance(answer, httpx.Response) or not answer.is_success:
            return {}
        reach: dict[str, int] = {}
        for remote_id, post in (json_object(answer) or {}).items():
            for metric in as_list(as_dict(as_dict(post).get("insights")).get("data")):
                values = as_list(metric.get("values"))
                if metric.get("name") == "post_impressions_unique" and values:
                    value = values[-1].get("value")
                    if isinstance(value, int):
                        reach[remote_id] = value
        return reach

    async def _read_or_raise(self, path: str, params: dict[str, str]) -> dict[str, Any]:
        return self._body_or_raise(await self._call("GET", path, params=params))


# -- reading Meta's JSON -----------------------------------------------------------------------


def _number(value: object) -> int:
    return value if isinstance(value, int) else 0


def _total(edge: object) -> int:
    return _number(as_dict(as_dict(edge).get("summary")).get("total_count"))


def _comparable(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


def _post_url(remote_id: str) -> str:
    page, _, post = remote_id.partition("_")
    if post:
        return f"https://www.facebook.com/{page}/posts/{post}"
    return f"https://www.facebook.com/{remote_id}"


def _comment_item(comment: dict[str, Any], post_id: str) -> tuple[int, InboxItem] | None:
    remote_id = as_text(comment.get("id"))
    created = parse_time(as_text(comment.get("created_time")))
    if not remote_id or created is None:
        return None
    author = as_dict(comment.get("from"))
    parent = as_text(as_dict(comment.get("parent")).get("id"))
    item = InboxItem(
        remote_id=remote_id,
        kind="reply" if parent else "comment",
        author_handle=as_text(author.get("id")),
        author_name=as_text(author.get("name")),
        text=as_text(comment.get("message")),
        created_utc=to_iso(created),
        url=as_text(comment.get("permalink_url")),
        conversation_id=post_id,
        in_reply_to=parent or post_id,
        raw=json.dumps(comment, ensure_ascii=False),
    )
    return int(created.timestamp()), item


def _message_item(message: dict[str, Any], thread_id: str) -> tuple[int, InboxItem] | None:
    remote_id = as_text(message.get("id"))
    created = parse_time(as_text(message.get("created_time")))
    if not remote_id or created is None:
        return None
    author = as_dict(message.get("from"))
    item = InboxItem(
        remote_id=remote_id,
        kind="message",
        author_handle=as_text(author.get("id")),
        author_name=as_text(author.get("name")),
        text=as_text(message.get("message")),
        created_utc=to_iso(created),
        conversation_id=thread_id,
        raw=json.dumps(message, ensure_ascii=False),
    )
    return int(created.timestamp()), item
