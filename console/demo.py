"""The demo store: an exercise store anyone can open to look around.

It is an *exercise* store (it can never hold real credentials or reach a live
channel), so its sign-in is published here and shown on the sign-in screen. The
compose and schedule work fills it with sample channels and a week of content.
"""

from __future__ import annotations

from pathlib import Path

from console.paths import demo_store_path, ensure_data_dir
from storage.keyslots import KdfParams
from storage.lifecycle import create_store
from storage.records import StoreKind

DEMO_USER = "trainer"
DEMO_PASSWORD = "exercise"  # noqa: S105 - an exercise store's published sign-in


async def ensure_demo_store(path: Path | None = None, kdf: KdfParams | None = None) -> Path:
    """Create the demo store if it does not exist yet; return its path."""
    path = path or demo_store_path()
    if path.exists():
        return path
    ensure_data_dir()
    store = await create_store(
        path,
        user=DEMO_USER,
        password=DEMO_PASSWORD,
        display_name="Exercise trainer",
        kind=StoreKind.EXERCISE,
        kdf=kdf,
    )
    await store.close()
    return path
