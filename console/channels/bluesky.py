"""The adapter for Bluesky (the AT Protocol), over XRPC with httpx.

How it talks to a PDS (a Personal Data Server: ``https://bsky.social`` or a
self-hosted one, ``Account.base_url``):

* **Session.** ``com.atproto.server.createSession`` with the handle and an *app
  password* (``Account.secrets["app_password"]``) gives an access JWT (about two
  hours) and a refresh JWT (about ninety days), kept in ``secrets`` as
  ``access_jwt``, ``refresh_jwt`` and ``did``. Their ``exp`` claims are read
  without verifying them (only the server can). Before a token expires,
  ``com.atproto.server.refreshSession`` renews both; if the server refuses the
  refresh token, a new session is made with the app password; if that is refused
  too (the app password was revoked or changed), the answer is ``NeedsReconnect``.
  An access token the server calls ``ExpiredToken`` or ``InvalidToken`` is renewed
  that way once, and the call tried once more.
* **Posting.** ``com.atproto.repo.createRecord`` of an ``app.bsky.feed.post`` with
  ``createdAt``, ``langs: ["en-GB"]``, facets for links, mentions and hashtags on
  UTF-8 *byte* offsets (a mention is resolved to a DID with
  ``com.atproto.identity.resolveHandle``; one that does not resolve stays plain
  text), and images uploaded with ``com.atproto.repo.uploadBlob`` into an
  ``app.bsky.embed.images`` embed with their alt text.
* **Never twice.** The record key (``rkey``) is chosen by Cordon: a TID derived
  from a hash of the target's idempotency key, so every attempt at one target
  writes to the same key. The server refuses a second record under a key it
  already holds (a PDS answers 500 for that), and whenever an answer is missing,
  unreadable, a server error or such a refusal, ``com.atproto.repo.getRecord`` on
  that key tells whether the first attempt committed. ``find`` asks the same.
* **Reading.** Mentions, replies and quotes from
  ``app.bsky.notification.listNotifications``, and like/reply/repost counts from
  ``app.bsky.feed.getPosts``: a PDS answers these through its app view. A PDS
  without one answers ``400 "No service configured"``: that is a ``Transient``
  saying so.
* **Limits.** The ``ratelimit-limit``, ``ratelimit-remaining`` and
  ``ratelimit-reset`` (Unix seconds) headers of every answer feed ``budget()``;
  a 429 waits for ``Retry-After`` or else the reset.

References: the lexicons in bluesky-social/atproto (``lexicons/com/atproto/server/
createSession.json``, ``refreshSession.json``, ``lexicons/com/atproto/repo/
createRecord.json``, ``getRecord.json``, ``deleteRecord.json``, ``uploadBlob.json``,
``lexicons/app/bsky/feed/post.json``, ``lexicons/app/bsky/richtext/facet.json``,
``lexicons/app/bsky/embed/images.json``, ``lexicons/app/bsky/notification/
listNotifications.json``, ``lexicons/app/bsky/feed/getPosts.json``), the TID
syntax (https://atproto.com/specs/tid, https://atproto.com/specs/record-key) and
https://docs.bsky.app/docs/advanced-guides/post-richtext for facets.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import regex

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
from console.channels.http import (
    TIMEOUT,
    HttpAdapter,
    as_count,
    as_dict,
    as_text,
    found_or_raise,
    json_object,
)
from console.channels.http import parse_time as parse_moment
from storage.queue import Claimed
from storage.stored_words import english
from storage.timeutil import Clock, system_clock, to_iso

POST = "app.bsky.feed.post"
PROFILE = "app.bsky.actor.profile"
LANGS = ("en-GB",)
REFRESH_AHEAD = timedelta(minutes=5)  # refresh() renews a token that expires this soon
INBOX_REASONS = {"mention": "mention", "reply": "reply", "quote": "mention"}
INBOX_PAGES = 5  # listNotifications pages read at most per fetch_inbox
GET_POSTS_MAX = 25  # app.bsky.feed.getPosts takes at most 25 URIs

# The secrets this adapter keeps in Account.secrets.
APP_PASSWORD = "app_password"  # noqa: S105 - a key name, not a password
ACCESS = "access_jwt"
REFRESH = "refresh_jwt"
DID = "did"

NAME = "Bluesky"
log = logging.getLogger(__name__)


# -- record keys -----------------------------------------------------------------------

_S32 = "234567abcdefghijklmnopqrstuvwxyz"  # base32-sortable, as TIDs are written
_TID_EPOCH_US = 946_684_800_000_000  # 2000-01-01T00:00:00Z in microseconds


def rkey_for(idempotency_key: str) -> str:
    """The record key for a target: a valid TID (13 base32-sortable characters, top
    bit zero) made only from a hash of the idempotency key, so the same key always
    gives the same record key.

    A TID is 53 bits of microseconds since 1970 and a 10-bit clock id. The hash
    fills the clock id and the time, the time kept between 2000 and 2017 (a TID
    from the past is valid; one far in the future could look like a clock error
    to a strict reader). That leaves 59 bits of hash: two targets of one account
    share a key with a chance of about n²/2⁶⁰.
    """
    digest = int.from_bytes(hashlib.sha256(idempotency_key.encode()).digest()[:8], "big")
    clock_id = digest & 0x3FF
    micros = _TID_EPOCH_US + ((digest >> 10) & ((1 << 49) - 1))
    value = (micros << 10) | clock_id
    return "".join(_S32[(value >> shift) & 31] for shift in range(60, -1, -5))


TID = regex.compile(r"^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$")


# -- rich text facets -------------------------------------------------------------------

# As the reference client detects them (bluesky-social/atproto packages/api/src/
# rich-text/util.ts and detection.ts), on code points; offsets become UTF-8 bytes.
_MENTION = regex.compile(r"(?:^|(?<=[\s(]))@([a-zA-Z0-9.-]+)\b")
_LINK = regex.compile(
    r"(?:^|(?<=[\s(]))(?:https?://\S+|(?P<domain>[a-z][a-z0-9-]*(?:\.[a-z0-9-]+)+)\S*)",
    regex.IGNORECASE,
)
_NO_TAG = "\\s\u00ad\u2060\u200a\u200b\u200c\u200d\u20e2"
_TAG = regex.compile(
    rf"(?:^|(?<=\s))[#＃]((?!\ufe0f)[^{_NO_TAG}]*[^\d\p{{P}}{_NO_TAG}]+[^{_NO_TAG}]*)"
)
_TRAILING_PUNCTUATION = regex.compile(r"\p{P}+$")
# A bare domain (no https://) is a link only under a top-level domain people write in
# UK public-service posts; the reference client uses the whole IANA list for this.
BARE_LINK_TLDS = frozenset(
    {"uk", "com", "org", "net", "gov", "info", "eu", "io", "co", "scot", "wales", "cymru"}
    | {"london", "police", "ie", "app", "dev"}
)


@dataclass(frozen=True)
class Span:
    """A piece of the text: code-point offsets, what it is, and its value."""

    start: int
    end: int
    kind: str  # link | mention | tag
    value: str  # the URI, the handle (without @), the tag (without #)


def find_spans(text: str) -> list[Span]:
    """Links, mentions and hashtags in ``text``, in order, never overlapping."""
    spans: list[Span] = []
    for match in _LINK.finditer(text):
        uri = match.group(0)
        domain = match.group("domain")
        if domain is not None:
            if domain.rsplit(".", 1)[-1].lower() not in BARE_LINK_TLDS:
                continue
            uri = f"https://{uri}"
        end = match.end()
        if uri[-1] in ".,;:!?":
            uri, end = uri[:-1], end - 1
        if uri.endswith(")") and "(" not in uri:
            uri, end = uri[:-1], end - 1
        spans.append(Span(match.start(), end, "link", uri))
    for match in _MENTION.finditer(text):
        handle = match.group(1).rstrip(".-")
        if "." not in handle:
            continue  # a handle is a domain name
        spans.append(Span(match.start(), match.start() + 1 + len(handle), "mention", handle))
    for match in _TAG.finditer(text):
        tag = _TRAILING_PUNCTUATION.sub("", match.group(1).strip())
        if not tag or len(tag) > 64:
            continue
        spans.append(Span(match.start(), match.start() + 1 + len(tag), "tag", tag))
    spans.sort(key=lambda span: (span.start, span.end))
    kept: list[Span] = []
    for span in spans:
        if not kept or span.start >= kept[-1].end:
            kept.append(span)
    return kept


def byte_offset(text: str, index: int) -> int:
    """The UTF-8 byte offset of code point ``index`` (facets count bytes)."""
    return len(text[:index].encode("utf-8"))


def facets_for(text: str, dids: Mapping[str, str]) -> list[dict[str, Any]]:
    """The ``app.bsky.richtext.facet`` list for ``text``; ``dids`` maps each mentioned
    handle that resolved to its DID (the others stay plain text)."""
    facets: list[dict[str, Any]] = []
    for span in find_spans(text):
        if span.kind == "link":
            feature: dict[str, Any] = {"$type": "app.bsky.richtext.facet#link", "uri": span.value}
        elif span.kind == "tag":
            feature = {"$type": "app.bsky.richtext.facet#tag", "tag": span.value}
        elif span.value.lower() in dids:
            feature = {
                "$type": "app.bsky.richtext.facet#mention",
                "did": dids[span.value.lower()],
            }
        else:
            continue
        facets.append(
            {
                "index": {
                    "byteStart": byte_offset(text, span.start),
                    "byteEnd": byte_offset(text, span.end),
                },
                "features": [feature],
            }
        )
    return facets


# -- small readers ---------------------------------------------------------------------


def jwt_expiry(token: str | None) -> datetime | None:
    """The ``exp`` claim of a JWT, read WITHOUT verifying it (only the server can)."""
    if not token:
        return None
    try:
        payload = token.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        return datetime.fromtimestamp(int(claims["exp"]), UTC)
    except (IndexError, ValueError, KeyError, TypeError, OverflowError):
        return None


def parse_time(value: object) -> str | None:
    """An AT Protocol datetime as ``storage.timeutil.to_iso`` writes it."""
    moment = parse_moment(value)
    return None if moment is None else to_iso(moment)


def rkey_of(uri: str) -> str:
    """The record key at the end of an ``at://`` URI (or the key itself)."""
    return uri.rstrip("/").rsplit("/", 1)[-1]


def post_url(handle: str, rkey: str) -> str:
    return f"https://bsky.app/profile/{handle}/post/{rkey}"


def _error(response: httpx.Response) -> tuple[str, str]:
    """XRPC's ``{"error": ..., "message": ...}`` of a failed answer."""
    body = json_object(response) or {}
    name = body.get("error")
    message = body.get("message")
    name = name if isinstance(name, str) else ""
    message = message if isinstance(message, str) and message else name
    return name, message or response.reason_phrase or str(response.status_code)


def _auth_failed(response: httpx.Response) -> bool:
    """The access token was refused: expired, invalid or revoked."""
    if response.status_code == 401:
        return True
    return response.status_code == 400 and _error(response)[0] in ("ExpiredToken", "InvalidToken")


def _no_app_view(response: httpx.Response) -> bool:
    _, message = _error(response)
    return response.status_code in (400, 501) and "No service configured" in message


@dataclass(frozen=True)
class _Answer:
    """An answer, or the Failure that stands for no usable answer."""

    response: httpx.Response | None = None
    failure: Failure | None = None


# -- the adapter -----------------------------------------------------------------------


class BlueskyAdapter(HttpAdapter):
    network = "bluesky"
    NAME = NAME
    RATE_HEADERS = "ratelimit-"

    def __init__(
        self,
        account: Account,
        on_secrets: SecretsSink | None = None,
        *,
        timeout: httpx.Timeout | float = TIMEOUT,
        clock: Clock = system_clock,
    ) -> None:
        super().__init__(
            account, on_secrets, base_url=account.base_url.rstrip("/"), timeout=timeout, clock=clock
        )
        self._handle = account.handle
        self._session_lock = asyncio.Lock()

    # -- the contract ------------------------------------------------------------------

    async def publish(self, target: Claimed) -> Outcome:
        return await self._create(target, None)

    async def reply(self, target: Claimed, item: InboxItem, *, public: bool = True) -> Outcome:
        """A post whose ``reply`` names the item (``parent``) and its thread's first
        post (``root``), each by URI and CID (``app.bsky.feed.post#replyRef``); the
        CIDs come from the notification Cordon stored, or else ``getRecord``. Never
        twice, as ``publish``: the record key comes from the idempotency key."""
        if not public:
            return Rejected(
                english(
                    "Bluesky direct messages are not kept on the PDS (they go through "
                    "Bluesky's separate chat service), so Cordon cannot send one: reply in "
                    "public, or answer in the Bluesky app."
                )
            )
        renewed = await self._fresh_session()
        if renewed is not None:
            return renewed
        refs = await self._reply_refs(item)
        if not isinstance(refs, dict):
            return refs
        return await self._create(target, refs)

    async def _reply_refs(self, item: InboxItem) -> dict[str, Any] | Failure:
        """``{"root": {uri, cid}, "parent": {uri, cid}}`` for a reply to ``item``."""
        try:
            note = json.loads(item.raw) if item.raw else {}
        except ValueError:
            note = {}
        note = note if isinstance(note, dict) else {}
        parent = {"uri": item.remote_id, "cid": as_text(note.get("cid"))}
        if not parent["cid"]:
            found = await self._strong_ref(item.remote_id)
            if not isinstance(found, dict):
                return found
            parent = found
        root = dict(as_dict(as_dict(as_dict(note.get("record")).get("reply")).get("root")))
        if not (isinstance(root.get("uri"), str) and isinstance(root.get("cid"), str)):
            root = parent  # the item starts its thread
        return {"root": {"uri": root["uri"], "cid": root["cid"]}, "parent": parent}

    async def _strong_ref(self, uri: str) -> dict[str, str] | Failure:
        """The URI and CID of a post, asked of its repository."""
        parts = uri.removeprefix("at://").split("/")
        if len(parts) != 3:
            return Rejected(
                english(
                    "Cordon cannot read the {network} address {address!r}.",
                    network=NAME,
                    address=uri,
                )
            )
        answer = await self._call(
            "GET",
            "com.atproto.repo.getRecord",
            {"repo": parts[0], "collection": parts[1], "rkey": parts[2]},
        )
        if answer.failure is not None:
            return answer.failure
        assert answer.response is not None
        body = json_object(answer.response) if answer.response.status_code == 200 else None
        if body is None or not isinstance(body.get("cid"), str):
            name, _ = _error(answer.response)
            if answer.response.status_code in (400, 404) and name in ("", "RecordNotFound"):
                return Rejected(
                    english("The {network} post being answered is no longer there.", network=NAME)
                )
            return self._failure(answer.response)
        return {"uri": str(body.get("uri") or uri), "cid": body["cid"]}

    async def _create(self, target: Claimed, reply: dict[str, Any] | None) -> Outcome:
        renewed = await self._fresh_session()
        if renewed is not None:
            return renewed
        rkey = rkey_for(target.idempotency_key)
        if target.attempts > 1:  # a retry: the last attempt may have committed
            found = await self._existing(rkey)
            if isinstance(found, Published):
                return found
        embed = await self._embed(target)
        if isinstance(embed, (Transient, NeedsReconnect, Rejected)):
            return embed
        record: dict[str, Any] = {
            "$type": POST,
            "text": target.text,
            "createdAt": self._clock().astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z",
            "langs": list(LANGS),
        }
        facets = facets_for(target.text, await self._resolve_mentions(target.text))
        if facets:
            record["facets"] = facets
        if reply is not None:
            record["reply"] = reply
        if embed is not None:
            record["embed"] = embed
        answer = await self._call(
            "POST",
            "com.atproto.repo.createRecord",
            json_body={"repo": self._repo(), "collection": POST, "rkey": rkey, "record": record},
        )
        response = answer.response
        if answer.failure is not None:
            if not isinstance(answer.failure, Transient):
                return answer.failure  # the session was refused: nothing was sent
            unsure: Failure = answer.failure  # no answer: it may have committed
        else:
            assert response is not None
            if response.status_code == 200:
                body = json_object(response)
                if body is not None and isinstance(body.get("uri"), str):
                    return Published(body["uri"], post_url(self._handle, rkey_of(body["uri"])))
                unsure = self._unreadable()
            elif _may_have_committed(response):
                unsure = self._failure(response)
            else:
                return self._failure(response)
        # No answer, an unreadable one, a server error or a refusal of the key: did the
        # record commit all the same (this attempt or an earlier one)? Its key says.
        found = await self._existing(rkey)
        return found if isinstance(found, Published) else unsure

    async def find(self, target: Claimed) -> Published | None:
        """The post this target made, by its record key; raises ``LookupFailed`` when
        Bluesky cannot be asked."""
        renewed = await self._fresh_session()
        if renewed is not None:
            return found_or_raise(renewed)
        return found_or_raise(await self._existing(rkey_for(target.idempotency_key)))

    async def delete(self, remote_id: str) -> Failure | None:
        renewed = await self._fresh_session()
        if renewed is not None:
            return renewed
        answer = await self._call(
            "POST",
            "com.atproto.repo.deleteRecord",
            json_body={"repo": self._repo(), "collection": POST, "rkey": rkey_of(remote_id)},
        )
        if answer.failure is not None:
            return answer.failure
        assert answer.response is not None
        if answer.response.status_code == 200:
            return None  # deleteRecord of a record already gone also answers 200
        return self._failure(answer.response)

    async def schedule(self, target: Claimed, at_utc: str) -> Outcome:
        return Rejected(
            english(
                "{network} cannot schedule posts: Cordon sends them at their time.", network=NAME
            )
        )

    async def unschedule(self, scheduled_id: str) -> Failure | None:
        return Rejected(
            english(
                "{network} cannot schedule posts, so there is nothing to pull back.", network=NAME
            )
        )

    async def scheduled(self) -> list[ScheduledItem] | Failure:
        return []  # no scheduler of its own: nothing can be waiting there

    async def pin(self, remote_id: str) -> Failure | None:
        """Pin the post on the profile: the ``app.bsky.actor.profile`` record's
        ``pinnedPost`` (a strong reference: the post's URI and CID)."""
        renewed = await self._fresh_session()
        if renewed is not None:
            return renewed
        post = await self._call(
            "GET",
            "com.atproto.repo.getRecord",
            {"repo": self._repo(), "collection": POST, "rkey": rkey_of(remote_id)},
        )
        if post.failure is not None:
            return post.failure
        assert post.response is not None
        post_body = json_object(post.response)
        if post.response.status_code != 200 or post_body is None:
            return self._failure(post.response)
        pinned = {"uri": post_body.get("uri"), "cid": post_body.get("cid")}

        def pin_it(record: dict[str, Any]) -> bool:
            record["pinnedPost"] = pinned
            return True

        return await self._change_profile(pin_it)

    async def unpin(self, remote_id: str) -> Failure | None:
        """Remove ``pinnedPost`` from the profile record if it is this post; a profile
        with another post pinned (or none) is left as it is."""
        renewed = await self._fresh_session()
        if renewed is not None:
            return renewed

        def unpin_it(record: dict[str, Any]) -> bool:
            uri = as_text(as_dict(record.get("pinnedPost")).get("uri"))
            if not uri or rkey_of(uri) != rkey_of(remote_id) or f"/{POST}/" not in uri:
                return False
            del record["pinnedPost"]
            return True

        return await self._change_profile(unpin_it)

    async def _change_profile(self, change: Callable[[dict[str, Any]], bool]) -> Failure | None:
        """Read the ``app.bsky.actor.profile`` record, let ``change`` edit it (False:
        nothing to write), and write it back with ``swapRecord``, so a profile changed
        meanwhile is not overwritten."""
        profile = await self._call(
            "GET",
            "com.atproto.repo.getRecord",
            {"repo": self._repo(), "collection": PROFILE, "rkey": "self"},
        )
        if profile.failure is not None:
            return profile.failure
        assert profile.response is not None
        existing = json_object(profile.response) if profile.response.status_code == 200 else None
        if existing is None and profile.response.status_code not in (400, 404):
            return self._failure(profile.response)
        record = dict(as_dict((existing or {}).get("value")))
        if not change(record):
            return None
        record["$type"] = PROFILE
        body: dict[str, Any] = {
            "repo": self._repo(),
            "collection": PROFILE,
            "rkey": "self",
            "record": record,
        }
        if existing is not None and isinstance(existing.get("cid"), str):
            body["swapRecord"] = existing["cid"]
        written = await self._call("POST", "com.atproto.repo.putRecord", json_body=body)
        if written.failure is not None:
            return written.failure
        assert written.response is not None
        return None if written.response.status_code == 200 else self._failure(written.response)

    async def fetch_inbox(self, cursor: str | None) -> InboxPage | Failure:
        """Mentions, replies and quotes newer than ``cursor``.

        listNotifications pages from the newest backwards; its own cursor leads to
        older pages. Cordon's cursor is the newest ``indexedAt`` seen and the URIs
        seen at that instant: the next fetch keeps what is newer, and stops paging
        once it reaches it.
        """
        renewed = await self._fresh_session()
        if renewed is not None:
            return renewed
        since, seen = _read_cursor(cursor)
        items: list[InboxItem] = []
        page_cursor: str | None = None
        newest: tuple[str, set[str]] | None = None
        for _ in range(INBOX_PAGES):
            params: dict[str, Any] = {"limit": 50, "reasons": sorted(INBOX_REASONS)}
            if page_cursor:
                params["cursor"] = page_cursor
            answer = await self._call("GET", "app.bsky.notification.listNotifications", params)
            if answer.failure is not None:
                return answer.failure
            response = answer.response
            assert response is not None
            if response.status_code != 200:
                if _no_app_view(response):
                    return Transient(
                        english(
                            "This {network} server has no app view, so it offers no notifications.",
                            network=NAME,
                        )
                    )
                return self._failure(response)
            body = json_object(response)
            notes = body.get("notifications") if body else None
            if not isinstance(notes, list):
                return Transient(english("Bluesky's notifications could not be read."))
            reached_old = False
            for note in notes:
                if not isinstance(note, dict):
                    continue
                when = parse_time(note.get("indexedAt"))
                uri = note.get("uri")
                if when is None or not isinstance(uri, str):
                    continue
                if since is not None and (when < since or (when == since and uri in seen)):
                    reached_old = True
                    continue
                if newest is None or when > newest[0]:
                    newest = (when, {uri})
                elif when == newest[0]:
                    newest[1].add(uri)
                item = _inbox_item(note, when)
                if item is not None:
                    items.append(item)
            next_cursor = body.get("cursor") if body else None
            if since is None or reached_old or not notes or not isinstance(next_cursor, str):
                break  # a first fetch reads the newest page only
            page_cursor = next_cursor
        if newest is None:
            return InboxPage((), None)
        unique = {item.remote_id: item for item in items}
        ordered = sorted(unique.values(), key=lambda item: (item.created_utc, item.remote_id))
        if since is not None and newest[0] == since:
            newest = (since, newest[1] | seen)
        return InboxPage(tuple(ordered), _write_cursor(*newest))

    async def metrics(self, remote_ids: Sequence[str]) -> dict[str, Metrics] | Failure:
        renewed = await self._fresh_session()
        if renewed is not None:
            return renewed
        uris = {self._uri(remote_id): remote_id for remote_id in remote_ids}
        found: dict[str, Metrics] = {}
        batch = list(uris)
        for start in range(0, len(batch), GET_POSTS_MAX):
            params = {"uris": batch[start : start + GET_POSTS_MAX]}
            answer = await self._call("GET", "app.bsky.feed.getPosts", params)
            if answer.failure is not None:
                return answer.failure
            response = answer.response
            assert response is not None
            if response.status_code != 200:
                if _no_app_view(response):
                    return Transient(
                        english(
                            "This {network} server has no app view, so it offers no counts of "
                            "likes.",
                            network=NAME,
                        )
                    )
                return self._failure(response)
            body = json_object(response)
            posts = body.get("posts") if body else None
            if not isinstance(posts, list):
                return self._unreadable()
            for post in posts:
                uri = post.get("uri") if isinstance(post, dict) else None
                if not isinstance(uri, str) or uri not in uris:
                    continue
                found[uris[uri]] = Metrics(
                    likes=as_count(post.get("likeCount")),
                    replies=as_count(post.get("replyCount")),
                    reposts=as_count(post.get("repostCount")),
                )
        return found

    async def refresh(self) -> Failure | None:
        """Renew the session if the access token expires within five minutes."""
        return await self._fresh_session(ahead=REFRESH_AHEAD)

    # -- the session -------------------------------------------------------------------

    async def _fresh_session(self, ahead: timedelta = timedelta(seconds=30)) -> Failure | None:
        """A session whose access token is good for at least ``ahead``."""
        token = self._secrets.get(ACCESS)
        expires = jwt_expiry(token) or parse_moment(self._expires_utc)
        if token and (expires is None or expires - self._clock() > ahead):
            return None
        return await self._renew(token)

    async def _renew(self, stale: str | None) -> Failure | None:
        """Refresh the session (or make a new one with the app password)."""
        async with self._session_lock:
            current = self._secrets.get(ACCESS)
            if current and current != stale:
                return None  # another call renewed it while this one waited
            refresh_token = self._secrets.get(REFRESH)
            refresh_expiry = jwt_expiry(refresh_token)
            if refresh_token and (refresh_expiry is None or refresh_expiry > self._clock()):
                response = await self._send(
                    "POST",
                    "/xrpc/com.atproto.server.refreshSession",
                    headers={"Authorization": f"Bearer {refresh_token}"},
                )
                if not isinstance(response, httpx.Response):
                    return response
                if response.status_code == 200:
                    return await self._keep_session(response)
                if response.status_code == 429 or response.status_code >= 500:
                    return self._failure(response)
                log.info("Bluesky refused the refresh token (%s)", response.status_code)
            return await self._create_session()

    async def _create_session(self) -> Failure | None:
        password = self._secrets.get(APP_PASSWORD)
        if not password:
            return NeedsReconnect(
                english(
                    "The {network} session has ended and Cordon holds no app password for "
                    "{handle}: connect the account again.",
                    network=NAME,
                    handle=self._account.handle,
                )
            )
        response = await self._send(
            "POST",
            "/xrpc/com.atproto.server.createSession",
            json={"identifier": self._account.handle, "password": password},
        )
        if not isinstance(response, httpx.Response):
            return response
        if response.status_code == 200:
            return await self._keep_session(response)
        if response.status_code == 429 or response.status_code >= 500:
            return self._failure(response)
        _, message = _error(response)
        return NeedsReconnect(
            self._about_account(
                english(
                    "{network} refused the app password for {handle} ({message}): it may have "
                    "been revoked. Create a new app password and connect the account again."
                ),
                message,
            )
        )

    async def _keep_session(self, response: httpx.Response) -> Failure | None:
        body = json_object(response)
        access = body.get("accessJwt") if body else None
        refresh_token = body.get("refreshJwt") if body else None
        if body is None or not isinstance(access, str) or not isinstance(refresh_token, str):
            return Transient(english("Bluesky's answer to signing in could not be read."))
        self._secrets[ACCESS] = access
        self._secrets[REFRESH] = refresh_token
        if isinstance(body.get("did"), str):
            self._secrets[DID] = body["did"]
        if isinstance(body.get("handle"), str) and body["handle"] != "handle.invalid":
            self._handle = body["handle"]
        expires = jwt_expiry(access)
        self._expires_utc = to_iso(expires) if expires is not None else None
        await self._keep_secrets()
        return None

    # -- calls -------------------------------------------------------------------------

    async def _call(
        self,
        method: str,
        nsid: str,
        params: Mapping[str, Any] | None = None,
        *,
        json_body: Mapping[str, Any] | None = None,
        content: bytes | None = None,
        content_type: str | None = None,
    ) -> _Answer:
        """One authenticated XRPC call; an access token the server refuses is renewed
        once and the call tried once more."""
        for attempt in range(2):
            token = self._secrets.get(ACCESS, "")
            headers = {"Authorization": f"Bearer {token}"}
            if content_type is not None:
                headers["Content-Type"] = content_type
            response = await self._send(
                method,
                f"/xrpc/{nsid}",
                params=params,
                json=json_body,
                content=content,
                headers=headers,
            )
            if not isinstance(response, httpx.Response):
                return _Answer(failure=response)
            if not _auth_failed(response):
                return _Answer(response=response)
            if attempt == 0:
                renewed = await self._renew(token)
                if renewed is not None:
                    return _Answer(failure=renewed)
                continue
            _, message = _error(response)
            return _Answer(
                failure=NeedsReconnect(
                    self._about_account(
                        english(
                            "{network} no longer accepts Cordon's session for {handle} "
                            "({message}): connect the account again."
                        ),
                        message,
                    )
                )
            )
        raise AssertionError("unreachable")

    async def _existing(self, rkey: str) -> Published | Failure | None:
        """The record under ``rkey``, None when there is none."""
        answer = await self._call(
            "GET",
            "com.atproto.repo.getRecord",
            {"repo": self._repo(), "collection": POST, "rkey": rkey},
        )
        if answer.failure is not None:
            return answer.failure
        response = answer.response
        assert response is not None
        if response.status_code == 200:
            body = json_object(response)
            if body is None or not isinstance(body.get("uri"), str):
                return self._unreadable()
            return Published(body["uri"], post_url(self._handle, rkey))
        name, _ = _error(response)
        if response.status_code == 404 or name == "RecordNotFound":
            return None
        return self._failure(response)

    async def _resolve_mentions(self, text: str) -> dict[str, str]:
        """Handle (lower case) → DID for each mention that resolves; the rest stay text."""
        dids: dict[str, str] = {}
        for span in find_spans(text):
            handle = span.value.lower()
            if span.kind != "mention" or handle in dids:
                continue
            response = await self._send(
                "GET", "/xrpc/com.atproto.identity.resolveHandle", params={"handle": handle}
            )
            if not isinstance(response, httpx.Response):
                continue  # left as plain text: a post is not held back for a mention
            body = json_object(response) if response.status_code == 200 else None
            did = body.get("did") if body else None
            if isinstance(did, str) and did.startswith("did:"):
                dids[handle] = did
        return dids

    async def _embed(self, target: Claimed) -> dict[str, Any] | Failure | None:
        if not target.images:
            return None
        images = []
        for image in target.images:
            answer = await self._call(
                "POST",
                "com.atproto.repo.uploadBlob",
                content=image.data,
                content_type=image.mime,
            )
            if answer.failure is not None:
                return answer.failure
            response = answer.response
            assert response is not None
            if response.status_code != 200:
                return self._failure(response)
            body = json_object(response)
            blob = body.get("blob") if body else None
            if not isinstance(blob, dict):
                return Transient(english("Bluesky's answer to an image upload could not be read."))
            images.append({"alt": image.alt_text, "image": blob})
        return {"$type": "app.bsky.embed.images", "images": images}

    # -- mapping -----------------------------------------------------------------------

    def _said(self, response: httpx.Response) -> str:
        return _error(response)[1]

    def _failure(self, response: httpx.Response) -> Failure:
        """A non-200 answer as an outcome; a suspended account needs reconnecting."""
        name, message = _error(response)
        if name in ("AccountTakedown", "AccountDeactivated"):
            return NeedsReconnect(
                self._about_account(
                    english("{network} refused the account {handle}: {message}"), message
                )
            )
        return super()._failure(response)

    def _about_account(self, sentence: str, message: str) -> str:
        """``sentence`` (marked with ``english``, no values) about this account, filled
        in English for the store with the network, the handle and the network's words
        (``message``, its secrets taken out)."""
        return english(
            sentence, network=NAME, handle=self._account.handle, message=self._scrub(message)
        )

    def _repo(self) -> str:
        return self._secrets.get(DID) or self._account.handle

    def _uri(self, remote_id: str) -> str:
        if remote_id.startswith("at://"):
            return remote_id
        return f"at://{self._repo()}/{POST}/{remote_id}"


def _may_have_committed(response: httpx.Response) -> bool:
    """An answer after which the record may exist: a server error (a PDS answers 500
    to a second create under the same key), a conflict, or "already exists"."""
    if response.status_code >= 500 or response.status_code == 409:
        return True
    _, message = _error(response)
    return response.status_code == 400 and "already exists" in message.lower()


def _read_cursor(cursor: str | None) -> tuple[str | None, set[str]]:
    if not cursor:
        return None, set()
    when, _, uris = cursor.partition(" ")
    return when, set(uris.split()) if uris else set()


def _write_cursor(when: str, uris: Iterable[str]) -> str:
    return " ".join([when, *sorted(uris)])


def _inbox_item(note: Mapping[str, Any], when: str) -> InboxItem | None:
    kind = INBOX_REASONS.get(str(note.get("reason")))
    author = note.get("author")
    record = note.get("record")
    if kind is None or not isinstance(author, dict) or not isinstance(record, dict):
        return None
    handle = as_text(author.get("handle"))
    name = as_text(author.get("displayName"))
    reply = as_dict(record.get("reply"))
    uri = str(note["uri"])
    return InboxItem(
        remote_id=uri,
        kind=kind,
        author_handle=handle,
        author_name=name or handle,
        text=as_text(record.get("text")),
        created_utc=when,
        url=post_url(handle or as_text(author.get("did")), rkey_of(uri)),
        conversation_id=as_text(as_dict(reply.get("root")).get("uri")) or uri,
        in_reply_to=as_text(as_dict(reply.get("parent")).get("uri")),
        raw=json.dumps(note, ensure_ascii=False, sort_keys=True),
    )
