"""What every HTTP channel adapter shares: one client, one way to meet a failure.

Each network's adapter (``bluesky``, ``mastodon``, ``x``, ``facebook``, ``threads``,
``instagram``, ``linkedin``, ``simulator``) derives from ``HttpAdapter``, which holds:

* **the client**: one ``httpx.AsyncClient`` per adapter (creating one costs tens of
  milliseconds), with the same timeout everywhere (``TIMEOUT``);
* **the transport**: ``_send`` makes one request and maps what is not an answer onto
  an outcome: a timeout is "did not answer in time", any other transport error
  "could not be reached (ErrorName)", both ``Transient(unreachable=True)`` so the
  sync engine's offline detection counts them. Never the error's own text: it can
  hold the request's URL;
* **the rate budget**: every answer's limit headers, where the network sends them
  (``RATE_HEADERS``: the prefix of ``-limit``, ``-remaining`` and ``-reset``), and
  how long a 429 asks to wait (``Retry-After``, else the window's reset);
* **the secrets**: a copy of ``Account.secrets`` and their expiry, handed back to
  the store through ``_keep_secrets`` after a renewal, and ``_scrub``, which takes
  every one of them out of a network's words before they reach a sentence;
* **reading JSON**: ``json_of``, ``json_object`` and the small readers below, which
  never raise for an answer that is not what it should be.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
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
    ScheduledItem,
    SecretsSink,
    Transient,
    retry_after_seconds,
)
from storage.queue import Claimed
from storage.stored_words import english
from storage.timeutil import Clock, system_clock, to_iso

TIMEOUT = httpx.Timeout(10.0, connect=5.0)
USER_AGENT = "Cordon"
SHORTEST_SECRET = 6  # shorter values are not taken out of text: they would eat words
HIDDEN = "[hidden]"

log = logging.getLogger(__name__)


# -- reading JSON ------------------------------------------------------------------------


def json_of(response: httpx.Response) -> Any:
    """The answer's JSON, or ``None`` when it is not JSON."""
    try:
        return response.json()
    except ValueError:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        return None


def json_object(response: httpx.Response) -> dict[str, Any] | None:
    """The answer's JSON when it is an object, else ``None``."""
    body = json_of(response)
    return body if isinstance(body, dict) else None


def as_dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def as_list(value: object) -> list[dict[str, Any]]:
    """The objects of a JSON list (anything else in it is left out)."""
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def as_text(value: object) -> str:
    return value if isinstance(value, str) else ""


def as_count(value: object) -> int:
    """A count as a network gives it: an int (never a bool), else 0."""
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def header_int(value: str | None) -> int | None:
    try:
        return int(value.strip()) if value is not None else None
    except ValueError:
        return None


def parse_time(value: object) -> datetime | None:
    """An ISO 8601 time as networks write it (``Z``, ``+00:00``, Meta's ``+0000``; a
    naive one is UTC), in UTC; ``None`` when it is not one."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def reset_time(value: str | None) -> datetime | None:
    """A rate limit's reset: Unix seconds (X, Bluesky) or an ISO 8601 time (Mastodon)."""
    if value is None:
        return None
    seconds = header_int(value)
    if seconds is not None:
        return datetime.fromtimestamp(seconds, UTC)
    return parse_time(value)


def budget_from(headers: Mapping[str, str], prefix: str) -> RateBudget | None:
    """``{prefix}limit``, ``-remaining`` and ``-reset`` as a ``RateBudget``; ``None``
    when the answer carries none of them. Header names are case-insensitive."""
    named = httpx.Headers(headers)
    limit = header_int(named.get(f"{prefix}limit"))
    remaining = header_int(named.get(f"{prefix}remaining"))
    reset = reset_time(named.get(f"{prefix}reset"))
    if limit is None and remaining is None and reset is None:
        return None
    return RateBudget(limit, remaining, to_iso(reset) if reset is not None else None)


def rate_limit_wait(
    headers: Mapping[str, str], reset_header: str | None, now: datetime
) -> float | None:
    """How long a 429 asks to wait: ``Retry-After`` (seconds or an HTTP date), else
    the time until the rate window's reset, else ``None`` (the caller's backoff)."""
    named = httpx.Headers(headers)
    wait = retry_after_seconds(named.get("Retry-After"))
    if wait is not None or reset_header is None:
        return wait
    reset = reset_time(named.get(reset_header))
    return None if reset is None else max(0.0, (reset - now).total_seconds())


def hide_secrets(text: str, secrets: Iterable[str], shortest: int = SHORTEST_SECRET) -> str:
    """``text`` with every secret in it (longest first) replaced by ``[hidden]``."""
    for secret in sorted((s for s in secrets if s), key=len, reverse=True):
        if len(secret) >= shortest:
            text = text.replace(secret, HIDDEN)
    return text


async def request(
    client: httpx.AsyncClient, method: str, url: str, name: str, **kwargs: Any
) -> httpx.Response | Transient:
    """One request; what is not an answer becomes a ``Transient`` saying so (never
    the error's own text, which can hold the request's URL)."""
    try:
        return await client.request(method, url, **kwargs)
    except httpx.TimeoutException:
        return Transient(
            english("{network} did not answer in time.", network=name), unreachable=True
        )
    except httpx.RequestError as error:
        return Transient(
            english(
                "{network} could not be reached ({kind}).",
                network=name,
                kind=error.__class__.__name__,
            ),
            unreachable=True,
        )


def found_or_raise(found: Published | Failure | None) -> Published | None:
    """A look-up's result for ``find``: the post, ``None``, or ``LookupFailed`` when
    the network could not be asked (``find`` never guesses "not there")."""
    if found is None or isinstance(found, Published):
        return found
    raise LookupFailed(found.message)


# -- what some networks' APIs cannot do ----------------------------------------------------


class NoSchedulerNoPins:
    """For a network whose API has no scheduler of its own and cannot pin: Cordon sends
    posts at their time, nothing waits on the network to pull back, and pinning is
    refused with a whole sentence saying where to do it by hand (``CANNOT_PIN``,
    ``CANNOT_UNPIN``: each network's own, written with ``english``)."""

    NAME: ClassVar[str]
    CANNOT_PIN: ClassVar[str]  # e.g. "Threads' API cannot pin posts: pin it in the Threads app."
    CANNOT_UNPIN: ClassVar[str]

    async def schedule(self, target: Claimed, at_utc: str) -> Outcome:
        return Rejected(
            english(
                "The {network} API does not schedule posts; Cordon sends them at their time.",
                network=self.NAME,
            )
        )

    async def unschedule(self, scheduled_id: str) -> Failure | None:
        return None

    async def scheduled(self) -> list[ScheduledItem] | Failure:
        return []  # no scheduler of its own: nothing can be waiting there

    async def pin(self, remote_id: str) -> Failure | None:
        return Rejected(self.CANNOT_PIN)

    async def unpin(self, remote_id: str) -> Failure | None:
        return Rejected(self.CANNOT_UNPIN)


# -- the adapter base --------------------------------------------------------------------


class HttpAdapter:
    """The client, the transport, the budget and the secrets of one channel adapter.

    ``NAME`` is how sentences name the network ("X", "Facebook"); ``RATE_HEADERS``
    the prefix of its rate-limit headers (``x-rate-limit-``), or empty where it sends
    none (an adapter may override ``_note_budget`` instead, as Meta's do).
    """

    network: str
    NAME: ClassVar[str]
    RATE_HEADERS: ClassVar[str] = ""

    def __init__(
        self,
        account: Account,
        on_secrets: SecretsSink | None = None,
        *,
        base_url: str = "",
        timeout: httpx.Timeout | float = TIMEOUT,
        clock: Clock = system_clock,
        transport: httpx.AsyncBaseTransport | None = None,
        headers: Mapping[str, str] | None = None,
        client: httpx.AsyncClient | None = None,
    ) -> None:
        self._account = account
        self._secrets = dict(account.secrets)
        self._expires_utc = account.expires_utc
        self._on_secrets = on_secrets
        self._clock = clock
        self._owns_client = client is None
        self._client = client or httpx.AsyncClient(
            base_url=base_url,
            timeout=timeout,
            transport=transport,
            headers={"User-Agent": USER_AGENT, **(headers or {})},
        )
        self._budget = RateBudget()

    def __repr__(self) -> str:  # never the secrets
        return f"{type(self).__name__}({self._account!r})"

    async def _send(self, method: str, url: str, **kwargs: Any) -> httpx.Response | Transient:
        """One request (``request``), its rate-limit headers noted."""
        response = await request(self._client, method, url, self.NAME, **kwargs)
        if isinstance(response, httpx.Response):
            self._note_budget(response)
        return response

    def _note_budget(self, response: httpx.Response) -> None:
        if not self.RATE_HEADERS:
            return
        budget = budget_from(response.headers, self.RATE_HEADERS)
        if budget is not None:
            self._budget = budget

    def _wait(self, response: httpx.Response) -> float | None:
        """How long a 429 asks to wait (``Retry-After``, else the rate window's reset)."""
        reset = f"{self.RATE_HEADERS}reset" if self.RATE_HEADERS else None
        return rate_limit_wait(response.headers, reset, self._clock())

    def budget(self) -> RateBudget:
        return self._budget

    # -- answers as outcomes ---------------------------------------------------------

    def _said(self, response: httpx.Response) -> str:
        """The network's own words in a refusal (each network says them its own way)."""
        return response.reason_phrase or f"HTTP {response.status_code}"

    def _unreadable(self) -> Transient:
        return Transient(english("The answer from {network} could not be read.", network=self.NAME))

    def _failure(self, response: httpx.Response) -> Failure:
        """An answer that is not what was asked for, as an outcome: a 429 waits as the
        network asks, a 5xx is tried again, a 401 needs reconnecting, a 2xx that was
        not readable is tried again, and any other refusal is the network's words."""
        status = response.status_code
        message = self._scrub(self._said(response))
        if status == 429:
            return Transient(
                english(
                    "{network} is limiting Cordon for now: {message}.",
                    network=self.NAME,
                    message=message,
                ),
                self._wait(response),
            )
        if status >= 500:
            return Transient(
                english(
                    "{network} failed (HTTP {status}): {message}.",
                    network=self.NAME,
                    status=status,
                    message=message,
                )
            )
        if status == 401:
            return NeedsReconnect(
                english(
                    "{network} no longer accepts Cordon's access ({message}): reconnect the "
                    "{network} account.",
                    network=self.NAME,
                    message=message,
                )
            )
        if 200 <= status < 300:
            return self._unreadable()
        return Rejected(message)

    def _answer_body(self, answer: httpx.Response | Failure) -> dict[str, Any] | Failure:
        """A successful answer's JSON object, or the failure that stands for it."""
        if not isinstance(answer, httpx.Response):
            return answer
        if not answer.is_success:
            return self._failure(answer)
        body = json_object(answer)
        return body if body is not None else self._unreadable()

    def _body_or_raise(self, answer: httpx.Response | Failure) -> dict[str, Any]:
        """``_answer_body`` for ``find``: ``LookupFailed`` when there is no body."""
        body = self._answer_body(answer)
        if not isinstance(body, dict):
            raise LookupFailed(body.message)
        return body

    def _scrub(self, text: str) -> str:
        """The network's words, with any of this channel's secrets it echoed taken out."""
        return hide_secrets(text, self._secrets.values())

    async def _take_tokens(self, body: dict[str, Any]) -> None:
        """Keep an OAuth token answer (``access_token``, a rotated ``refresh_token``,
        ``expires_in`` seconds) and hand the secrets to the store."""
        self._secrets["access_token"] = as_text(body.get("access_token"))
        if as_text(body.get("refresh_token")):
            self._secrets["refresh_token"] = as_text(body.get("refresh_token"))
        lifetime = body.get("expires_in")
        self._expires_utc = (
            to_iso(self._clock() + timedelta(seconds=float(lifetime)))
            if isinstance(lifetime, int | float) and not isinstance(lifetime, bool)
            else None
        )
        await self._keep_secrets()

    async def _keep_secrets(self) -> None:
        """Hand renewed secrets to the store. A failure to keep them is logged (never
        the values): the new ones still work for this session."""
        if self._on_secrets is None:
            return
        try:
            await self._on_secrets(dict(self._secrets), self._expires_utc)
        except Exception as error:
            log.error("could not keep %s's renewed tokens (%s)", self.NAME, type(error).__name__)

    async def aclose(self) -> None:
        if self._owns_client:
            await self._client.aclose()
