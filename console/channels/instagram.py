"""The adapter for an Instagram professional account, through its Facebook Page.

What it uses (developers.facebook.com/docs/instagram-platform, "Instagram API with
Facebook Login": Content Publishing, IG User Media, IG User Media Publish, IG User
Content Publishing Limit, IG Container, IG Media, IG Comment Replies, Media Insights):

* **Publishing is two steps.** ``POST /{ig-user-id}/media`` makes a container from an
  ``image_url`` with its ``caption`` and ``alt_text`` (or, for a carousel, up to 10
  item containers made with ``is_carousel_item=true`` and then a ``CAROUSEL`` container
  with their ``children``); ``GET /{container-id}?fields=status_code`` says
  ``IN_PROGRESS``, ``FINISHED``, ``ERROR``, ``EXPIRED`` or ``PUBLISHED``; ``POST
  /{ig-user-id}/media_publish`` with ``creation_id`` publishes it.
* **Every post has an image.** Instagram takes no text-only post: a post without one
  goes out as a **statement card** Cordon draws from its text (``console.statement_card``:
  the force's name and colour, the full text as alt text). Instagram publishes JPEG
  only: other images are converted first.
* **Images come from a public address**: Instagram cURLs them at publishing time. The
  image goes to the account's own Facebook Page as an unpublished temporary photo and
  Instagram is given the address Meta serves it from (``meta.PageImageHost``).
* **The daily limit.** An account publishes at most ``quota_total`` posts (50 today) in
  a moving 24 hours through the API (``GET /{ig-user-id}/content_publishing_limit``,
  ``quota_usage`` and ``config``); Cordon asks before it publishes, and waits an hour
  rather than meet the refusal.
* **Never twice.** Instagram takes no idempotency key: a retry first looks through the
  account's own recent media (``GET /{ig-user-id}/media``) for the same caption made
  since the post was due, and does not publish when it cannot look.
* **Reading.** Comments and their replies on the account's recent media (``comments``
  field expansion), answered with ``POST /{ig-comment-id}/replies``; counts from the
  media's ``like_count`` and ``comments_count`` and its ``reach`` insight.
* **What its API cannot do**: delete a post, schedule, pin, send a direct message from
  here: each is ``Rejected`` with a sentence.

Tokens: the Page's token, renewed from the long-lived user token as the Facebook
adapter does (``meta.PageTokenAdapter``). Errors and usage headers are Meta's.
"""

from __future__ import annotations

import asyncio
import json
import unicodedata
from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta
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
from console.channels.meta import PageImageHost, PageTokenAdapter, Reconnecting
from console.channels.seen import newer_page
from console.statement_card import CardStyle, as_jpeg, card_image
from storage.posts import Image
from storage.queue import Claimed
from storage.stored_words import english, english_n
from storage.timeutil import Clock, system_clock, to_iso

FIND_BEFORE = timedelta(minutes=10)
QUOTA_WAIT = 3600.0  # seconds: the quota is a moving 24 hours; look again in an hour
CONTAINER_POLLS = 20
INBOX_MEDIA = 10
MEDIA_FIELDS = "id,caption,timestamp,permalink"
COMMENT_FIELDS = "id,text,username,timestamp"

# How the adapter learns the card's look when it needs one (the store's settings).
StyleSource = Callable[[], Awaitable[CardStyle]]


class InstagramAdapter(NoSchedulerNoPins, PageTokenAdapter):
    network = "instagram"
    NAME = "Instagram"
    CANNOT_PIN = english("Instagram's API cannot pin posts: pin it in the Instagram app.")
    CANNOT_UNPIN = english(
        "Instagram's API cannot pin or unpin posts: unpin it in the Instagram app."
    )
    RECONNECTING = Reconnecting(
        refused=english(
            "Instagram no longer accepts the Page token ({message}): reconnect the Instagram "
            "account."
        ),
        forbidden=english(
            "Instagram does not let Cordon do this ({message}): reconnect the Instagram "
            "account and grant the permissions Cordon asks for."
        ),
        renewal_refused=english(
            "Instagram refused to renew the Page token ({message}): reconnect the Instagram "
            "account."
        ),
        expires=english(
            "The Instagram Page token expires {date} at {time} UTC: reconnect the Instagram "
            "account."
        ),
        expired=english(
            "The Instagram Page token expired {date} at {time} UTC: reconnect the Instagram "
            "account."
        ),
        has_expired=english(
            "The Instagram Page token has expired: reconnect the Instagram account."
        ),
    )

    def __init__(
        self,
        account: Account,
        on_secrets: SecretsSink | None = None,
        *,
        style: StyleSource | None = None,
        timeout: httpx.Timeout = TIMEOUT,
        clock: Clock = system_clock,
        poll_interval: float = 2.0,
    ) -> None:
        super().__init__(
            account, on_secrets, account.secrets.get("page_id", ""), timeout=timeout, clock=clock
        )
        self._ig_user = account.handle
        self._style = style
        self._poll_interval = poll_interval

    # -- publishing ----------------------------------------------------------------------

    async def publish(self, target: Claimed) -> Outcome:
        found = await self._looked_first(target)
        if found is not None:
            return found
        room = await self._quota_left()
        if room is not None:
            return room
        images = list(target.images) or [await self._card(target.text)]
        container = await self._container(target.text, images)
        if not isinstance(container, str):
            return container
        return await self._publish_container(f"/{self._ig_user}/media_publish", container)

    async def _card(self, text: str) -> Image:
        style = await self._style() if self._style is not None else CardStyle("")
        return await asyncio.to_thread(card_image, text, style)

    async def _quota_left(self) -> Failure | None:
        """None while the account may still publish today; else why it must wait."""
        read = self._answer_body(
            await self._call(
                "GET",
                f"/{self._ig_user}/content_publishing_limit",
                params={"fields": "quota_usage,config"},
            )
        )
        if not isinstance(read, dict):
            return read
        [usage] = as_list(read.get("data"))[:1] or [{}]
        total = as_count(as_dict(usage.get("config")).get("quota_total"))
        used = as_count(usage.get("quota_usage"))
        if total and used >= total:
            return Transient(
                english_n(
                    "Instagram allows {n} post a day through its API and this account has "
                    "used it: Cordon tries again in an hour.",
                    "Instagram allows {n} posts a day through its API and this account has "
                    "used them: Cordon tries again in an hour.",
                    total,
                ),
                QUOTA_WAIT,
            )
        return None

    async def _container(self, caption: str, images: list[Image]) -> str | Failure:
        host = PageImageHost(
            self, self._account.base_url, self._page_id, self._secrets.get("page_access_token", "")
        )
        items = []
        for image in images:
            jpeg = await asyncio.to_thread(as_jpeg, image)
            address = await host.address(jpeg)
            if not isinstance(address, str):
                return address
            items.append({"image_url": address, "alt_text": image.alt_text})
        if len(items) == 1:
            return await self._make({**items[0], "caption": caption})
        children = []
        for item in items:
            child = await self._make({**item, "is_carousel_item": "true"})
            if not isinstance(child, str):
                return child
            children.append(child)
        return await self._make(
            {"media_type": "CAROUSEL", "children": ",".join(children), "caption": caption}
        )

    async def _make(self, form: dict[str, str]) -> str | Failure:
        made = self._answer_body(await self._call("POST", f"/{self._ig_user}/media", data=form))
        if not isinstance(made, dict):
            return made
        container = as_text(made.get("id"))
        if not container:
            return self._unreadable()
        for attempt in range(CONTAINER_POLLS):
            status = self._answer_body(
                await self._call("GET", f"/{container}", params={"fields": "status_code"})
            )
            if not isinstance(status, dict):
                return status
            code = as_text(status.get("status_code"))
            if code in ("FINISHED", ""):
                return container
            if code == "ERROR":
                return Rejected(english("Instagram could not use the image: it refused the file."))
            if code in ("EXPIRED", "PUBLISHED"):
                return Transient(
                    english("Instagram let the prepared post lapse: Cordon will try again.")
                )
            # Images are usually ready at once: look again soon, then less often.
            await asyncio.sleep(min(self._poll_interval, 0.25 * 2**attempt))
        return Transient(english("Instagram is still preparing the image: Cordon will try again."))

    async def reply(self, target: Claimed, item: InboxItem, *, public: bool = True) -> Outcome:
        """A reply under a comment (``POST /{ig-comment-id}/replies``). A retry first
        looks among the comment's replies for the account's own with the same text."""
        if not public:
            return Rejected(
                english(
                    "Cordon cannot send Instagram direct messages: reply in public, or answer in "
                    "the Instagram app."
                )
            )
        wanted = _comparable(target.text)
        if target.attempts > 1:
            earlier = self._answer_body(
                await self._call(
                    "GET", f"/{item.remote_id}/replies", params={"fields": COMMENT_FIELDS}
                )
            )
            if not isinstance(earlier, dict):
                return earlier
            own = await self._own_username(self._ig_user)
            if not isinstance(own, str):
                return own
            for reply in as_list(earlier.get("data")):
                mine = as_text(reply.get("username")) == own
                if mine and _comparable(as_text(reply.get("text"))) == wanted:
                    return Published(as_text(reply.get("id")), item.url)
        made = self._answer_body(
            await self._call("POST", f"/{item.remote_id}/replies", data={"message": target.text})
        )
        if not isinstance(made, dict):
            return made
        reply_id = as_text(made.get("id"))
        return Published(reply_id, item.url) if reply_id else self._unreadable()

    async def find(self, target: Claimed) -> Published | None:
        """The account's media with this caption made since it was due, if any."""
        due = parse_time(target.scheduled_utc) or self._clock()
        since = min(due, self._clock()) - FIND_BEFORE
        wanted = _comparable(target.text)
        body = self._body_or_raise(
            await self._call(
                "GET", f"/{self._ig_user}/media", params={"fields": MEDIA_FIELDS, "limit": "50"}
            )
        )
        for media in as_list(body.get("data")):
            made = parse_time(media.get("timestamp"))
            if made is not None and made < since:
                break  # newest first: the rest is older
            if _comparable(as_text(media.get("caption"))) == wanted:
                return Published(as_text(media.get("id")), as_text(media.get("permalink")))
        return None

    async def delete(self, remote_id: str) -> Failure | None:
        return Rejected(
            english(
                "Instagram's API cannot delete a post: delete it in the Instagram app, or "
                "archive it there."
            )
        )

    # -- reading ---------------------------------------------------------------------------

    async def fetch_inbox(self, cursor: str | None) -> InboxPage | Failure:
        """Comments (and replies to them) on the account's recent media."""
        expansion = f"comments.limit(50){{{COMMENT_FIELDS},replies{{{COMMENT_FIELDS}}}}}"
        read = self._answer_body(
            await self._call(
                "GET",
                f"/{self._ig_user}/media",
                params={"fields": f"id,permalink,{expansion}", "limit": str(INBOX_MEDIA)},
            )
        )
        if not isinstance(read, dict):
            return read
        own = await self._own_username(self._ig_user)
        if not isinstance(own, str):
            return own
        found: list[tuple[int, InboxItem]] = []
        for media in as_list(read.get("data")):
            media_id, link = as_text(media.get("id")), as_text(media.get("permalink"))
            for comment in as_list(as_dict(media.get("comments")).get("data")):
                comment_id = as_text(comment.get("id"))
                found += _item(comment, "comment", media_id, media_id, link, own)
                for reply in as_list(as_dict(comment.get("replies")).get("data")):
                    found += _item(reply, "reply", media_id, comment_id, link, own)
        return newer_page(found, cursor)

    async def metrics(self, remote_ids: Sequence[str]) -> dict[str, Metrics] | Failure:
        found: dict[str, Metrics] = {}
        for remote_id in [r for r in remote_ids if r]:
            answer = await self._call(
                "GET", f"/{remote_id}", params={"fields": "like_count,comments_count"}
            )
            if isinstance(answer, httpx.Response) and self._gone(answer):
                continue
            counts = self._answer_body(answer)
            if not isinstance(counts, dict):
                return counts
            found[remote_id] = Metrics(
                likes=as_count(counts.get("like_count")),
                replies=as_count(counts.get("comments_count")),
                reach=await self._reach(remote_id),
            )
        return found

    async def _reach(self, media_id: str) -> int | None:
        read = self._answer_body(
            await self._call("GET", f"/{media_id}/insights", params={"metric": "reach"})
        )
        if not isinstance(read, dict):
            return None  # insights are not given for every media: counts alone will do
        for metric in as_list(read.get("data")):
            values = as_list(metric.get("values"))
            if metric.get("name") == "reach" and values:
                return as_count(values[-1].get("value"))
        return None


def _comparable(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _item(
    comment: dict[str, Any], kind: str, media_id: str, parent: str, link: str, own: str
) -> list[tuple[int, InboxItem]]:
    remote_id = as_text(comment.get("id"))
    created = parse_time(comment.get("timestamp"))
    handle = as_text(comment.get("username"))
    if not remote_id or created is None or (own and handle == own):
        return []  # unreadable, or the account's own words
    item = InboxItem(
        remote_id=remote_id,
        kind=kind,
        author_handle=handle,
        author_name=handle,
        text=as_text(comment.get("text")),
        created_utc=to_iso(created),
        url=link,
        conversation_id=media_id,
        in_reply_to=parent,
        raw=_raw(comment),
    )
    return [(int(created.timestamp()), item)]


def _raw(comment: dict[str, Any]) -> str:
    return json.dumps(comment, ensure_ascii=False, sort_keys=True)
