"""What a Mastodon-compatible server accepts: its software and its limits.

Servers that speak Mastodon's API count a post in different ways (``console.networks``
says how each does), so Cordon asks the server which software it runs and what it
accepts, when the channel is connected and on every sync pass:

* the software: NodeInfo (nodeinfo.diaspora.software/protocol): ``GET
  /.well-known/nodeinfo`` lists links to schema documents; the 2.1 or 2.0 document says
  ``software.name`` (``mastodon``, ``gotosocial``, ``pleroma``, ``akkoma``, ...) and
  ``software.version``. A link to another host is not followed.
* the limits: ``GET /api/v2/instance`` (docs.joinmastodon.org/methods/instance/#v2):
  ``configuration.statuses.max_characters``, ``characters_reserved_per_url`` and
  ``max_media_attachments``, and ``configuration.media_attachments.image_size_limit``
  (bytes). A server without v2 answers 404 there; ``GET /api/v1/instance`` then has the
  same ``configuration`` (Mastodon 3.4 and later) or Pleroma's ``max_toot_chars``.

Both are public: no token is sent.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import httpx

from console.channels.base import Failure, Transient
from console.channels.http import request
from console.channels.mastodon_answers import json_of, server_failure
from console.networks import MASTODON, counting_for_software
from storage.records import ServerLimits
from storage.stored_words import english

NODEINFO_SCHEMAS = (
    "http://nodeinfo.diaspora.software/ns/schema/2.1",
    "http://nodeinfo.diaspora.software/ns/schema/2.0",
)


async def read_server_limits(
    client: httpx.AsyncClient, base_url: str, where: str = "Mastodon"
) -> ServerLimits | Failure:
    """The server's software and limits, or why they could not be read."""
    software = await _software(client, base_url, where)
    if not isinstance(software, tuple):
        return software
    name, version = software
    instance = await _instance(client, base_url, where)
    if not isinstance(instance, dict):
        return instance
    return limits_from(name, version, instance)


def limits_from(name: str, version: str, instance: dict[str, object]) -> ServerLimits:
    """``ServerLimits`` from the software's name and an Instance (v2 or v1)."""
    configuration = _dict(instance.get("configuration"))
    statuses = _dict(configuration.get("statuses"))
    media = _dict(configuration.get("media_attachments"))
    max_characters = _positive(statuses.get("max_characters")) or _positive(
        instance.get("max_toot_chars")
    )
    counting = counting_for_software(name) if name else MASTODON
    label = f"{name} {version}".strip() if name else ""
    return ServerLimits(
        counting=counting,
        max_characters=max_characters,
        url_length=_positive(statuses.get("characters_reserved_per_url")),
        images_max=_positive(statuses.get("max_media_attachments")),
        image_max_bytes=_positive(media.get("image_size_limit")),
        software=label,
    )


def nodeinfo_link(index: object, base_url: str) -> str | None:
    """The NodeInfo 2.1 (or 2.0) document's address on the server's own host."""
    links = _dict(index).get("links")
    if not isinstance(links, list):
        return None
    home = urlsplit(base_url)
    for schema in NODEINFO_SCHEMAS:
        for link in links:
            link = _dict(link)
            href = link.get("href")
            if link.get("rel") != schema or not isinstance(href, str):
                continue
            target = urlsplit(urljoin(base_url, href))
            if (target.scheme, target.netloc) == (home.scheme, home.netloc):
                return target.geturl()
    return None


def software_of(document: object) -> tuple[str, str] | None:
    """NodeInfo's ``software.name`` and ``software.version``."""
    software = _dict(_dict(document).get("software"))
    name = software.get("name")
    if not isinstance(name, str) or not name.strip():
        return None
    version = software.get("version")
    return name.strip().lower(), version.strip() if isinstance(version, str) else ""


async def _software(
    client: httpx.AsyncClient, base_url: str, where: str
) -> tuple[str, str] | Failure:
    """(name, version); ("", "") when the server publishes no NodeInfo."""
    index = await _get(client, f"{base_url}/.well-known/nodeinfo", where)
    if not isinstance(index, httpx.Response):
        return index
    if index.status_code == 404:
        return "", ""
    link = nodeinfo_link(json_of(index), base_url) if index.is_success else None
    if link is None:
        return "", ""
    document = await _get(client, link, where)
    if not isinstance(document, httpx.Response):
        return document
    found = software_of(json_of(document)) if document.is_success else None
    return found or ("", "")


async def _instance(
    client: httpx.AsyncClient, base_url: str, where: str
) -> dict[str, object] | Failure:
    for path in ("/api/v2/instance", "/api/v1/instance"):
        answer = await _get(client, f"{base_url}{path}", where)
        if not isinstance(answer, httpx.Response):
            return answer
        if answer.status_code in (404, 410):
            continue
        body = json_of(answer)
        if answer.is_success and isinstance(body, dict):
            return body
        if answer.is_success:
            return Transient(english("The answer from {network} could not be read.", network=where))
        return server_failure(answer) or Transient(
            english(
                "{network} did not say what it accepts ({status}): Cordon will ask again.",
                network=where,
                status=answer.status_code,
            )
        )
    return Transient(
        english("{network} did not say what it accepts: Cordon will ask again.", network=where)
    )


async def _get(client: httpx.AsyncClient, url: str, where: str) -> httpx.Response | Failure:
    answer = await request(client, "GET", url, where, headers={"Accept": "application/json"})
    if not isinstance(answer, httpx.Response):
        return answer
    return server_failure(answer) or answer


def _dict(value: object) -> dict[str, object]:
    return value if isinstance(value, dict) else {}


def _positive(value: object) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    return None
