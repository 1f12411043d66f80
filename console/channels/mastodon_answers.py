"""Reading Mastodon's answers: the entities as the API reference defines them.

Status, ScheduledStatus, Notification, Conversation, MediaAttachment and Instance
(docs.joinmastodon.org/entities/), the ``X-RateLimit-*`` headers (/api/rate-limits/),
``Link`` pagination (/api/guidelines/#pagination), and status HTML as plain text.
Pure functions: the adapter calls them, and the recorded-answer tests feed them
responses recorded from a real Mastodon.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

from console.channels.base import (
    Failure,
    InboxItem,
    Metrics,
    NeedsReconnect,
    Published,
    RateBudget,
    Rejected,
    ScheduledItem,
    Transient,
)
from console.channels.http import budget_from, json_of, parse_time, rate_limit_wait
from storage.stored_words import english
from storage.timeutil import to_iso

__all__ = ["json_of", "parse_time"]  # read here by the Mastodon adapter, kept in http

RATE_HEADERS = "x-ratelimit-"

RECONNECT = english("The Mastodon token was revoked or has expired: reconnect the channel.")
UNREADABLE = english("The answer from {network} could not be read.", network="Mastodon")


def parse_published(body: object) -> Published | None:
    """A Status as ``Published``: its id and its web address."""
    if not isinstance(body, dict):
        return None
    status_id = body.get("id")
    if not isinstance(status_id, str | int) or isinstance(status_id, bool) or not str(status_id):
        return None
    if "scheduled_at" in body and "params" in body:
        return None  # a ScheduledStatus, not a Status
    url = body.get("url") or body.get("uri") or ""
    return Published(str(status_id), str(url))


def parse_scheduled(body: object) -> ScheduledItem | None:
    """A ScheduledStatus: its id, when it goes out, and its text."""
    if not isinstance(body, dict) or not isinstance(body.get("params"), dict):
        return None
    scheduled_id = body.get("id")
    when = parse_time(body.get("scheduled_at"))
    if scheduled_id is None or isinstance(scheduled_id, bool) or when is None:
        return None
    text = body["params"].get("text")
    return ScheduledItem(str(scheduled_id), to_iso(when), text if isinstance(text, str) else "")


def parse_media(body: object) -> tuple[str, bool] | None:
    """A MediaAttachment's id, and whether it is processed (its ``url`` is set)."""
    if not isinstance(body, dict):
        return None
    media_id = body.get("id")
    if media_id is None or isinstance(media_id, bool) or not str(media_id):
        return None
    return str(media_id), bool(body.get("url"))


def parse_metrics(body: object) -> Metrics | None:
    if not isinstance(body, dict):
        return None
    counts = []
    for key in ("favourites_count", "replies_count", "reblogs_count"):
        count = body.get(key)
        if not isinstance(count, int) or isinstance(count, bool):
            return None
        counts.append(count)
    likes, replies, reposts = counts
    return Metrics(likes=likes, replies=replies, reposts=reposts)


def parse_budget(headers: Mapping[str, str]) -> RateBudget | None:
    """``X-RateLimit-*`` as a ``RateBudget``; ``None`` when the answer has none."""
    return budget_from(headers, RATE_HEADERS)


def item_from_notification(notification: object) -> InboxItem | None:
    """A mention notification as an inbox item (``None`` for anything else)."""
    if not isinstance(notification, dict) or notification.get("type") != "mention":
        return None
    item = item_from_status(notification.get("status"))
    if item is None:
        return None
    return replace(item, raw=json.dumps(notification, ensure_ascii=False))


def item_from_conversation(conversation: object, own_id: str) -> InboxItem | None:
    """A conversation's last status, as a message, unless the account sent it."""
    if not isinstance(conversation, dict):
        return None
    status = conversation.get("last_status")
    if not isinstance(status, dict):
        return None
    author = status.get("account")
    if isinstance(author, dict) and str(author.get("id")) == own_id:
        return None
    item = item_from_status(status)
    if item is None:
        return None
    return replace(item, kind="message", raw=json.dumps(conversation, ensure_ascii=False))


def item_from_status(status: object) -> InboxItem | None:
    """A Status as an inbox item: ``message`` when direct, ``reply`` when it answers
    another status, ``mention`` otherwise. ``conversation_id`` is the status itself
    for a thread's first post, else the status it answers (``fetch_inbox`` replaces
    that with the thread's root)."""
    if not isinstance(status, dict):
        return None
    status_id = status.get("id")
    created = parse_time(status.get("created_at"))
    author = status.get("account")
    if status_id is None or isinstance(status_id, bool) or created is None:
        return None
    if not isinstance(author, dict):
        return None
    in_reply_to = status.get("in_reply_to_id")
    in_reply_to = str(in_reply_to) if in_reply_to not in (None, "") else ""
    if status.get("visibility") == "direct":
        kind = "message"
    elif in_reply_to:
        kind = "reply"
    else:
        kind = "mention"
    text = plain_text(str(status.get("content") or ""))
    warning = status.get("spoiler_text")
    if isinstance(warning, str) and warning.strip():
        text = f"{warning.strip()}\n\n{text}" if text else warning.strip()
    handle = str(author.get("acct") or author.get("username") or "")
    return InboxItem(
        remote_id=str(status_id),
        kind=kind,
        author_handle=handle,
        author_name=str(author.get("display_name") or author.get("username") or handle),
        text=text,
        created_utc=to_iso(created),
        url=str(status.get("url") or status.get("uri") or ""),
        conversation_id=in_reply_to or str(status_id),
        in_reply_to=in_reply_to,
        raw=json.dumps(status, ensure_ascii=False),
    )


class _PlainText(HTMLParser):
    """Mastodon's sanitised status HTML (``p``, ``br``, ``span``, ``a``, and from other
    servers a few block tags) as text: tags gone, line breaks kept, entities decoded.
    Link text is kept whole, including the ``invisible`` spans that hold the part of
    a long URL the web interface hides."""

    BLOCKS = frozenset({"p", "div", "blockquote", "pre", "ul", "ol", "h1", "h2", "h3", "h4",
                        "h5", "h6"})  # fmt: skip

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "li"):
            self.parts.append("\n")
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain_text(html: str) -> str:
    """Status HTML as plain text (standard library ``html.parser`` only)."""
    parser = _PlainText()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts).replace("\xa0", " ")
    lines = [line.strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def link_cursor(link: str | None, rel: str, parameter: str) -> str | None:
    """One query parameter of one relation of a ``Link`` header.

    Only the cursor is taken from the link, never the whole URL: a server's link may
    leave out filters such as ``types[]`` (mastodon-mock's does)."""
    if not link:
        return None
    for part in link.split(","):
        match = re.search(r"<([^>]*)>\s*;.*\brel=\"?([^\";]+)\"?", part)
        if match is None or rel not in match.group(2).split():
            continue
        values = parse_qs(urlsplit(match.group(1)).query).get(parameter)
        if values and values[0]:
            return values[0]
    return None


def error_message(answer: httpx.Response) -> str:
    """The network's own words for a refusal (``error``, ``error_description``)."""
    body = json_of(answer)
    if isinstance(body, dict):
        for key in ("error", "error_description"):
            value = body.get(key)
            if isinstance(value, str) and value.strip():
                return value.strip()
    return answer.reason_phrase or f"HTTP {answer.status_code}"


def server_failure(answer: httpx.Response) -> Failure | None:
    """What is not the caller's to judge: rate limit and server failures."""
    if answer.status_code == 429:
        wait = rate_limit_wait(answer.headers, f"{RATE_HEADERS}reset", datetime.now(UTC))
        return Transient(
            english("Mastodon's rate limit was reached: Cordon will try again later."), wait
        )
    if answer.status_code >= 500:
        return Transient(
            english(
                "{network} failed (HTTP {status}): {message}.",
                network="Mastodon",
                status=answer.status_code,
                message=error_message(answer),
            )
        )
    return None


def refusal(answer: httpx.Response) -> Failure:
    """A 4xx (or an unexpected status) the caller did not expect."""
    failure = server_failure(answer)
    if failure is not None:
        return failure
    if answer.status_code == 401:
        return NeedsReconnect(RECONNECT)
    if answer.status_code == 403:
        return NeedsReconnect(
            english(
                "Mastodon refused this account ({message}): reconnect the channel.",
                message=error_message(answer),
            )
        )
    if 200 <= answer.status_code < 300:
        return Transient(UNREADABLE)
    if 300 <= answer.status_code < 400:
        return Rejected(
            english(
                "Mastodon answered {status} ({message}) instead of the API: check the channel's"
                " server address.",
                status=answer.status_code,
                message=answer.reason_phrase,
            )
        )
    return Rejected(error_message(answer))


def id_order(remote_id: str) -> tuple[int, str]:
    """Mastodon ids are numeric strings: order them by length, then digits."""
    return len(remote_id), remote_id


def entry_position(entry: dict[str, Any]) -> str:
    last = entry.get("last_status")
    if isinstance(last, dict) and "unread" in entry:  # a Conversation pages by its last status
        return str(last.get("id") or "")
    return str(entry.get("id") or "")


_REMOTE_MENTION = re.compile(r"(?<![\w@])(@\w+)@[\w.-]+\w")


def comparable_text(text: str) -> str:
    """Text as Mastodon's rendering keeps it: whitespace folded, mentions of remote
    accounts shown as ``@user`` only."""
    text = unicodedata.normalize("NFC", text)
    text = _REMOTE_MENTION.sub(r"\1", text)
    return " ".join(text.split())


def same_post(status: dict[str, Any], wanted: str, images: int) -> bool:
    media = status.get("media_attachments")
    if (len(media) if isinstance(media, list) else 0) != images:
        return False
    source = status.get("text")  # present on some answers (delete, edit source)
    if isinstance(source, str) and comparable_text(source) == wanted:
        return True
    return comparable_text(plain_text(str(status.get("content") or ""))) == wanted
