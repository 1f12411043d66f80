"""How the command line names a store: a file's path, or a team store's URL."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from storage import pg

if TYPE_CHECKING:
    from storage.lifecycle import Where


def store_arg(text: str) -> Where:
    """``cordon VERB STORE``: ``postgresql://...`` names a team store (kept as given,
    password and all, and never printed); anything else is a store file's path."""
    if pg.is_team_url(text):
        return text.strip()
    return Path(text)
