"""The adapter for Threads (Meta's Threads API), with a long-lived user token.

What it uses (developers.facebook.com/docs/threads: Posts, Reply Management, Insights,
Retrieve Threads, Troubleshooting, Long-Lived Tokens):

* **Publishing is two steps.** ``POST /{user-id}/threads`` makes a media container
  (``media_type`` ``TEXT``, ``IMAGE`` with ``image_url`` and ``alt_text``, or
  ``CAROUSEL`` with ``children``: 2 to 20 containers made with
  ``is_carousel_item=true``; ``reply_to_id`` makes it a reply); ``POST
  /{user-id}/threads_publish`` with ``creation_id`` publishes it and answers the post's
  id. An image container is processed first: ``GET /{container-id}?fields=status,
  error_message`` says ``IN_PROGRESS``, ``FINISHED``, ``ERROR`` (with a reason),
  ``EXPIRED`` (not published within 24 hours) or ``PUBLISHED``.
* **Images come from a public address**, which a desktop console has not got: the
  image goes to the force's Facebook Page as an unpublished temporary photo and Threads
  is given the address Meta serves it from (``console.channels.meta.PageImageHost``).
  A Threads channel connected without a Page posts text only, and says so.
* **Never twice.** Threads takes no idempotency key. A retry first looks through the
  account's own posts since the post was due (``GET /{user-id}/threads?since=``) for
  the same text; if it cannot look, it does not post.
* **Reading.** Replies in the account's recent threads (``GET
  /{media-id}/conversation``, every reply however deep) and mentions (``GET
  /{user-id}/mentions``); counts from ``GET /{media-id}/insights`` (``views``,
  ``likes``, ``replies``, ``reposts``).
* **Deleting**: ``DELETE /{media-id}``. Threads has no scheduler of its own, no pin,
  and its API sends no direct messages.
* **The token** lasts 60 days and is renewed, while it is still valid, with ``GET
  /refresh_access_token?grant_type=th_refresh_token``; an expired one cannot be.
* **Limits**: 500 characters a post (``console.networks``: an emoji counts as its UTF-8
  bytes), 250 posts a day (``GET /{user-id}/threads_publishing_limit``).

Errors and usage headers are Meta's Graph API ones (``console.channels.meta``).
"""

from __future__ import annotations

import asyncio
import json
import unicodedata
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

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
    SecretsSink,
    Transient,
)
from console.channels.http import (
    TIMEOUT,
    NoSchedulerNoPins,
    as_count,
    as_dict,
    as_list,
    as_text,
    parse_time,
)
from console.channels.meta import FACEBOOK_GRAPH, MetaAdapter, PageImageHost, Reconnecting
from console.channels.seen import newer_page, read_cursor
from storage.posts import Image
from storage.queue import Claimed
from storage.stored_words import english
from storage.timeutil import Clock, system_clock, to_iso

VERSION = "v1.0"
RENEW_BEFORE = timedelta(days=7)  # a 60-day token is renewed in its last week
FIND_BEFORE = timedelta(minutes=10)
INBOX_POSTS = 10  # recent threads whose conversations are read per fetch
CONTAINER_POLLS = 20
POST_FIELDS = "id,text,timestamp,permalink,username"
REPLY_FIELDS = "id,text,timestamp,permalink,username,replied_to,root_post"
METRICS = "views,likes,replies,reposts"

# The secrets: the Threads token, and (for images) the force's Facebook Page.
ACCESS = "access_token"
PAGE_ID = "page_id"
PAGE_TOKEN = "page_access_token"  # noqa: S105 - a key name


class ThreadsAdapter(NoSchedulerNoPins, MetaAdapter):
    network = "threads"
    NAME = "Threads"
    CANNOT_PIN = english("Threads' API cannot pin posts: pin it in the Threads app.")
    CANNOT_UNPIN = english("Threads' API cannot pin or unpin posts: unpin it in the Threads app.")
    RECONNECTING = Reconnecting(
        refused=english(
            "Threads no longer accepts the Threads token ({message}): reconnect the Threads "
            "account."
        ),
        forbidden=english(
            "Threads does not let Cordon do this ({message}): reconnect the Threads account "
            "and grant the permissions Cordon asks for."
        ),
    )

    def __init__(
        self,
        account: Account,
        on_secrets: SecretsSink | None = None,
        *,
        timeout: httpx.Timeout = TIMEOUT,
        clock: Clock = system_clock,
        facebook_url: str = FACEBOOK_GRAPH,
        poll_interval: float = 2.0,
    ) -> None:
        self._root = account.base_url.rstrip("/")
        super().__init__(
            account, on_secrets, base_url=f"{self._root}/{VERSION}", timeout=timeout, clock=clock
        )
        self._user_id = account.handle
        self._facebook_url = facebook_url
        self._poll_interval = poll_interval
        self._renewing = asyncio.Lock()

    # -- publishing ----------------------------------------------------------------------

    async def publish(self, target: Claimed) -> Outcome:
        return await self._post(target, None)

    async def reply(self, target: Claimed, item: InboxItem, *, public: bool = True) -> Outcome:
        """A reply under the item (``reply_to_id``); the Threads API sends no direct
        messages."""
        if not public:
            return Rejected(
                english(
                    "Threads' API cannot send private messages: reply in public, or answer in "
                    "the Threads app."
                )
            )
        return await self._post(target, item.remote_id)

    async def _post(self, target: Claimed, reply_to: str | None) -> Outcome:
        found = await self._looked_first(target)
        if found is not None:
            return found
        container = await self._container(target, reply_to)
        if not isinstance(container, str):
            return container
        return await self._publish_container(f"/{self._user_id}/threads_publish", container)

    async def _container(self, target: Claimed, reply_to: str | None) -> str | Failure:
        """The container to publish: text, one image, or a carousel of them."""
        form: dict[str, str] = {"text": target.text}
        if reply_to:
            form["reply_to_id"] = reply_to
        images = target.images
        if not images:
            return await self._make({**form, "media_type": "TEXT"}, wait=False)
        host = self._image_host()
        if not isinstance(host, PageImageHost):
            return host
        if len(images) == 1:
            one = await self._image_form(host, images[0])
            if not isinstance(one, dict):
                return one
            return await self._make({**form, **one}, wait=True)
        children = []
        for image in images:
            child = await self._image_form(host, image)
            if not isinstance(child, dict):
                return child
            made = await self._make({**child, "is_carousel_item": "true"}, wait=True)
            if not isinstance(made, str):
                return made
            children.append(made)
        return await self._make(
            {**form, "media_type": "CAROUSEL", "children": ",".join(children)}, wait=True
        )

    async def _image_form(self, host: PageImageHost, image: Image) -> dict[str, str] | Failure:
        address = await host.address(image)
        if not isinstance(address, str):
            return address
        return {"media_type": "IMAGE", "image_url": address, "alt_text": image.alt_text}

    def _image_host(self) -> PageImageHost | Failure:
        page_id, token = self._secrets.get(PAGE_ID), self._secrets.get(PAGE_TOKEN)
        if not page_id or not token:
            return Rejected(
                english(
                    "Threads takes images only from a public address, which Cordon makes "
                    "through the force's Facebook Page: connect this Threads channel again and "
                    "choose the Page, or send the post without images."
                )
            )
        return PageImageHost(self, self._facebook_url, page_id, token)

    async def _make(self, form: dict[str, str], *, wait: bool) -> str | Failure:
        made = self._answer_body(await self._call("POST", f"/{self._user_id}/threads", data=form))
        if not isinstance(made, dict):
            return made
        container = as_text(made.get("id"))
        if not container:
            return self._unreadable()
        if wait:
            ready = await self._processed(container)
            if ready is not None:
                return ready
        return container

    async def _processed(self, container: str) -> Failure | None:
        """Wait while Threads fetches and checks an image container."""
        for attempt in range(CONTAINER_POLLS):
            status = self._answer_body(
                await self._call("GET", f"/{container}", params={"fields": "status,error_message"})
            )
            if not isinstance(status, dict):
                return status
            state = as_text(status.get("status"))
            if state in ("FINISHED", "PUBLISHED", ""):
                return None
            if state == "ERROR":
                reason = as_text(status.get("error_message"))
                if not reason:
                    return Rejected(english("Threads could not use the image (no reason given)."))
                return Rejected(
                    english("Threads could not use the image ({reason}).", reason=reason)
                )
            if state == "EXPIRED":
                return Transient(
                    english("Threads let the prepared post expire: Cordon will try again.")
                )
            # Images are usually ready at once: look again soon, then less often.
            await asyncio.sleep(min(self._poll_interval, 0.25 * 2**attempt))
        return Transient(english("Threads is still preparing the image: Cordon will try again."))

    async def find(self, target: Claimed) -> Published | None:
        """The account's post (or reply) with this text since it was due, if any."""
        due = parse_time(target.scheduled_utc) or self._clock()
        since = min(due, self._clock()) - FIND_BEFORE
        wanted = _comparable(target.text)
        params = {"fields": POST_FIELDS, "since": str(int(since.timestamp())), "limit": "100"}
        for edge in ("threads", "replies"):
            body = self._body_or_raise(
                await self._call("GET", f"/{self._user_id}/{edge}", params=params)
            )
            for post in as_list(body.get("data")):
                if _comparable(as_text(post.get("text"))) == wanted:
                    return Published(as_text(post.get("id")), as_text(post.get("permalink")))
        return None

    async def delete(self, remote_id: str) -> Failure | None:
        answer = await self._call("DELETE", f"/{remote_id}")
        if not isinstance(answer, httpx.Response):
            return answer
        if answer.is_success or self._gone(answer):
            return None
        return self._failure(answer)

    # -- reading ---------------------------------------------------------------------------

    async def fetch_inbox(self, cursor: str | None) -> InboxPage | Failure:
        """Replies in the account's recent threads and mentions of it, newer than the
        cursor (time and ids seen)."""
        seen_at, _ = read_cursor(cursor)
        since = {"since": str(seen_at)} if seen_at is not None else {}
        own = self._answer_body(
            await self._call(
                "GET",
                f"/{self._user_id}/threads",
                params={"fields": "id", "limit": str(INBOX_POSTS)},
            )
        )
        if not isinstance(own, dict):
            return own
        me = await self._own_username(self._user_id)
        if not isinstance(me, str):
            return me
        found: dict[str, tuple[int, InboxItem]] = {}

        def keep(pair: tuple[int, InboxItem] | None) -> None:
            if pair is not None and pair[1].author_handle != me:  # not the account's own
                found[pair[1].remote_id] = pair

        for post in as_list(own.get("data")):
            post_id = as_text(post.get("id"))
            replies = self._answer_body(
                await self._call(
                    "GET",
                    f"/{post_id}/conversation",
                    params={"fields": REPLY_FIELDS, "reverse": "false"},
                )
            )
            if not isinstance(replies, dict):
                return replies
            for reply in as_list(replies.get("data")):
                keep(_item(reply, "reply", post_id))
        mentions = self._answer_body(
            await self._call(
                "GET", f"/{self._user_id}/mentions", params={"fields": POST_FIELDS, **since}
            )
        )
        if not isinstance(mentions, dict):
            return mentions
        for mention in as_list(mentions.get("data")):
            keep(_item(mention, "mention", ""))
        return newer_page(found.values(), cursor)

    async def metrics(self, remote_ids: Sequence[str]) -> dict[str, Metrics] | Failure:
        found: dict[str, Metrics] = {}
        for remote_id in [r for r in remote_ids if r]:
            answer = await self._call("GET", f"/{remote_id}/insights", params={"metric": METRICS})
            if isinstance(answer, httpx.Response) and self._gone(answer):
                continue
            body = self._answer_body(answer)
            if not isinstance(body, dict):
                return body
            counts = {as_text(m.get("name")): _value(m) for m in as_list(body.get("data"))}
            found[remote_id] = Metrics(
                likes=counts.get("likes", 0),
                replies=counts.get("replies", 0),
                reposts=counts.get("reposts", 0),
                reach=counts.get("views"),
            )
        return found

    # -- the token -------------------------------------------------------------------------

    async def refresh(self) -> Failure | None:
        """Renew the token in its last week (``th_refresh_token``; only a token that has
        not expired can be renewed)."""
        when = parse_time(self._expires_utc)
        if when is None or when - self._clock() > RENEW_BEFORE:
            return None
        async with self._renewing:
            when = parse_time(self._expires_utc)
            if when is None or when - self._clock() > RENEW_BEFORE:
                return None  # renewed meanwhile
            if when <= self._clock():
                return NeedsReconnect(
                    english(
                        "The Threads token has expired and cannot be renewed: reconnect the "
                        "Threads account."
                    )
                )
            renewed = self._answer_body(
                await self._send(
                    "GET",
                    f"{self._root}/refresh_access_token",
                    params={"grant_type": "th_refresh_token"},
                    headers=self._auth(),
                )
            )
            if not isinstance(renewed, dict):
                return renewed
            token = as_text(renewed.get("access_token"))
            if not token:
                return self._unreadable()
            await self._take_tokens(renewed)
            return None

    # -- HTTP ------------------------------------------------------------------------------

    def _auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self._secrets.get(ACCESS, '')}"}

    async def _call(self, method: str, path: str, **kwargs: Any) -> httpx.Response | Failure:
        """One request as the account, its token renewed first if it is due."""
        renewed = await self.refresh()
        if renewed is not None:
            return renewed
        return await self._send(method, path, headers=self._auth(), **kwargs)


def _comparable(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _value(metric: dict[str, Any]) -> int:
    """An insight's number: ``values[0].value``, or ``total_value.value``."""
    values = as_list(metric.get("values"))
    if values:
        return as_count(values[-1].get("value"))
    return as_count(as_dict(metric.get("total_value")).get("value"))


def _item(post: dict[str, Any], kind: str, root: str) -> tuple[int, InboxItem] | None:
    remote_id = as_text(post.get("id"))
    created = parse_time(post.get("timestamp"))
    if not remote_id or created is None:
        return None
    handle = as_text(post.get("username"))
    replied_to = as_text(as_dict(post.get("replied_to")).get("id"))
    item = InboxItem(
        remote_id=remote_id,
        kind=kind,
        author_handle=handle,
        author_name=handle,
        text=as_text(post.get("text")),
        created_utc=to_iso(created),
        url=as_text(post.get("permalink")),
        conversation_id=as_text(as_dict(post.get("root_post")).get("id")) or root or remote_id,
        in_reply_to=replied_to or root,
        raw=_raw(post),
    )
    return int(created.timestamp()), item


def _raw(post: dict[str, Any]) -> str:
    return json.dumps(post, ensure_ascii=False, sort_keys=True)
