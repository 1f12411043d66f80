"""Public profile figures an item's network JSON carries about its author
(followers, when the account was made), where the network gives them. Nothing
is fetched: only what arrived with the item, which the network makes public."""

from __future__ import annotations

import json
from typing import Any


def _dig(data: Any, *path: str) -> Any:
    for key in path:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


# Where each network puts the author's public figures in an item's JSON.
_PLACES: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "mastodon": (
        ("Followers", ("account", "followers_count")),
        ("Following", ("account", "following_count")),
        ("Posts", ("account", "statuses_count")),
        ("Account made", ("account", "created_at")),
    ),
    "x": (
        ("Followers", ("author", "public_metrics", "followers_count")),
        ("Following", ("author", "public_metrics", "following_count")),
        ("Account made", ("author", "created_at")),
    ),
    "bluesky": (
        ("Followers", ("author", "followersCount")),
        ("Account made", ("author", "createdAt")),
    ),
    "facebook": (("Followers", ("from", "followers_count")),),
    "simulator": (
        ("Followers", ("author", "followers")),
        ("Account made", ("author", "created_at")),
    ),
}


def public_figures(network: str, raw: str) -> list[tuple[str, str]]:
    """(label, value) pairs, in a fixed order; empty when the network gave none."""
    try:
        data = json.loads(raw) if raw else {}
    except ValueError:
        return []
    found = []
    for label, path in _PLACES.get(network, ()):
        value = _dig(data, *path)
        if value is None or value == "":
            continue
        found.append((label, f"{value:,}" if isinstance(value, int) else str(value)))
    return found
