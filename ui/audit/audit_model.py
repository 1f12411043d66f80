"""The audit log as a lazy table (``ui.common.lazy_model``): entry numbers, then pages."""

from __future__ import annotations

import json
from collections.abc import Callable, Coroutine
from typing import Any

from PySide6.QtCore import QObject

from console.timezone import local_text
from storage.audit import AuditFilter
from storage.records import AuditEntry
from ui.common.lazy_model import LOADING, PAGE_SIZE, LazyTableModel
from ui.common.tasks import Tasks
from ui.common.translations import QT_TRANSLATE_NOOP

__all__ = ["LOADING", "PAGE_SIZE", "AuditTableModel", "summarise"]


def summarise(before: str | None, after: str | None, limit: int = 140) -> str:
    """``{"a": 1}`` -> ``a: 1``; before and after as ``a: 1 → 2`` where both exist.
    Keys starting with ``_`` are the trail's own machinery (the digest of the rows an
    entry changed): left out of the one-line summary, shown in the entry's detail."""
    old = json.loads(before) if before else {}
    new = json.loads(after) if after else {}
    parts = []
    for key in sorted(k for k in set(old) | set(new) if not k.startswith("_")):
        if key in old and key in new and old[key] != new[key]:
            parts.append(f"{key}: {_short(old[key])} → {_short(new[key])}")
        elif key in new:
            parts.append(f"{key}: {_short(new[key])}")
        else:
            parts.append(f"{key}: {_short(old[key])} → (removed)")
    text = "; ".join(parts)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _short(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _why(entry: AuditEntry) -> str:
    if entry.recipient:
        return f"{entry.justification} (to {entry.recipient})"
    return entry.justification


class AuditTableModel(LazyTableModel[AuditFilter, AuditEntry]):
    """The whole audit log, newest first, a page at a time."""

    COLUMNS = (
        (QT_TRANSLATE_NOOP("AuditTableModel", "#"), lambda e: str(e.seq)),
        (
            QT_TRANSLATE_NOOP("AuditTableModel", "Time (UK)"),
            lambda e: local_text(e.at_utc, compact=True),
        ),
        (QT_TRANSLATE_NOOP("AuditTableModel", "Officer"), lambda e: e.actor),
        (QT_TRANSLATE_NOOP("AuditTableModel", "Action"), lambda e: e.action),
        (QT_TRANSLATE_NOOP("AuditTableModel", "Category"), lambda e: e.category.value),
        (QT_TRANSLATE_NOOP("AuditTableModel", "On"), lambda e: f"{e.object_type} {e.object_id}"),
        (QT_TRANSLATE_NOOP("AuditTableModel", "Details"), lambda e: summarise(e.before, e.after)),
        (QT_TRANSLATE_NOOP("AuditTableModel", "Why / to whom"), _why),
        (QT_TRANSLATE_NOOP("AuditTableModel", "Hash"), lambda e: e.hash[:12]),
    )
    TOOLTIP_COLUMNS = frozenset({6, 7})
    RIGHT_ALIGNED = frozenset({0})

    def __init__(
        self,
        matching: Callable[[AuditFilter], Coroutine[Any, Any, list[int]]],
        fetch: Callable[[list[int]], Coroutine[Any, Any, dict[int, AuditEntry]]],
        tasks: Tasks,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(matching, fetch, tasks, AuditFilter(), parent)

    def id_text(self, record_id: int, column: int) -> str | None:
        return str(record_id) if column == 0 else None

    def entry_at(self, row: int) -> AuditEntry | None:
        return self.record_at(row)

    def seq_at(self, row: int) -> int | None:
        return self.id_at(row)
