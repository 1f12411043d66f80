"""The audit trail as the window and the command line use it.

Verification walks the chain in batches, one ``store.run`` each, so a long walk
shares the store's thread with publishing instead of stopping it; progress is
reported on the caller's event loop, never on the store's thread.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from console import pdf_sign
from console.marking import mark_of
from storage import audit, state
from storage.audit import AuditFilter, ChainWalk, Verdict
from storage.files import atomic_write_bytes, out_path
from storage.i18n import _, ngettext
from storage.records import AuditCategory, AuditEntry, Checkpoint
from storage.staging import Staged, write_with_files
from storage.state import StateVerdict
from storage.store import Store, Transaction
from storage.timeutil import to_iso

VERIFY_BATCH = 20_000


async def verify(
    store: Store,
    checkpoint: Checkpoint | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Verdict | None:
    """Walk the whole chain. Returns None if ``cancelled()`` became true."""
    total = await store.run(audit.count)
    walk = ChainWalk(store.store_id, checkpoint)
    while not await store.run(lambda db: walk.step(db, VERIFY_BATCH)):
        if progress is not None:
            progress(walk.walked, total)
        if cancelled is not None and cancelled():
            return None
        await asyncio.sleep(0)
    verdict = walk.verdict()
    if progress is not None:
        progress(verdict.count, max(total, verdict.count))
    return verdict


async def check_state(store: Store) -> StateVerdict:
    """Every tracked row against what the trail says it became, and the triggers
    that guard the trail (``storage.state``): one read of the store."""
    expected = await asyncio.to_thread(state.expected_triggers_for, store.team)
    return await store.run(lambda db: state.check(db, expected))


def state_lines(found: StateVerdict) -> list[str]:
    """What the state check found, in sentences (the command line and the window)."""
    lines = list(found.triggers)
    lines += [
        _("State: NOT as the audit trail says: {sentence}").format(sentence=sentence)
        for sentence in found.at_upgrade
    ]
    if found.since is None:
        lines.append(
            _(
                "State: cannot be checked: this store has not recorded what its writes made of "
                "its rows yet (it was last written by an older Cordon). Opening it for writing "
                "records them from then on; nothing before that can be checked."
            )
        )
    elif found.first is not None:
        others = found.problems - 1
        if others:
            lines.append(
                ngettext(
                    "State: NOT as the audit trail says: {sentence} ({n} more row disagrees)",
                    "State: NOT as the audit trail says: {sentence} ({n} more rows disagree)",
                    others,
                ).format(sentence=found.first.sentence, n=others)
            )
        else:
            lines.append(
                _("State: NOT as the audit trail says: {sentence}").format(
                    sentence=found.first.sentence
                )
            )
    elif found.since == 0:
        lines.append(
            ngettext(
                "State: the {rows} row of posts, targets, incidents, holds and users is what "
                "the audit trail says it became (recorded since the store was made).",
                "State: the {rows} rows of posts, targets, incidents, holds and users are what "
                "the audit trail says they became (recorded since the store was made).",
                found.rows,
            ).format(rows=found.rows)
        )
    else:
        lines.append(
            ngettext(
                "State: the {rows} row of posts, targets, incidents, holds and users is what "
                "the audit trail says it became (recorded since entry #{since}, when this "
                "store was upgraded: changes before it cannot be checked).",
                "State: the {rows} rows of posts, targets, incidents, holds and users are what "
                "the audit trail says they became (recorded since entry #{since}, when this "
                "store was upgraded: changes before it cannot be checked).",
                found.rows,
            ).format(rows=found.rows, since=found.since)
        )
    return lines


async def current_checkpoint(store: Store) -> Checkpoint:
    head = await store.run(lambda db: audit.head(db, store.store_id))
    return audit.checkpoint_of(store.store_id, head, to_iso(store.clock()))


async def save_checkpoint(store: Store, out: Path) -> Checkpoint:
    """Write the newest hash to ``out``: keep it away from the store's machine."""
    out = out_path(out, (".json",), "the checkpoint")
    checkpoint = await current_checkpoint(store)
    data = audit.checkpoint_bytes(checkpoint, mark_of(store))
    await asyncio.to_thread(atomic_write_bytes, out, data)
    return checkpoint


async def export(
    store: Store,
    out: Path,
    *,
    actor: str,
    reason: str,
    recipient: str,
    flt: AuditFilter | None = None,
) -> tuple[int, Checkpoint]:
    """Export the log as a disclosure: the export is audited first (why, to whom),
    so the file and its checkpoint include the record of their own making."""
    out = out_path(out, (".csv", ".jsonl"), "the audit trail")

    def disclose(tx: Transaction, staged: Staged) -> tuple[int, Checkpoint]:
        # The file and its checkpoint appear only once the disclosure commits; if
        # they cannot be written, the disclosure is not recorded.
        entry = tx.audit(
            actor=actor,
            action="audit.export",
            category=AuditCategory.DISCLOSURE,
            object_type="audit_log",
            object_id="all" if flt is None or flt == AuditFilter() else "filtered",
            after={"file": out.name, "filter": _describe(flt)},
            justification=reason,
            recipient=recipient,
        )
        checkpoint = audit.checkpoint_of(
            store.store_id, audit.ChainHead(entry.seq, entry.hash), entry.at_utc
        )
        written = audit.export(tx.db, out, checkpoint, flt, mark_of(store), staged.writer)
        staged.write_bytes(out.parent / VERIFIER, verifier_bytes())
        return written, checkpoint

    return await write_with_files(store, disclose)


# The standalone verifier (stdlib only) that every export ships with.
VERIFIER = "verify_cordon.py"


def verifier_bytes() -> bytes:
    return resources.files("storage").joinpath(VERIFIER).read_bytes()


def ship_checkpoint(
    staged: Staged, out: Path, store_id: str, entry: AuditEntry, marking: str = ""
) -> None:
    """Beside a disclosed file: its checkpoint (the disclosure entry, whole, so the
    verifier can recompute its hash) and the verifier; both appear on commit."""
    checkpoint = audit.checkpoint_of(store_id, audit.ChainHead(entry.seq, entry.hash), entry.at_utc)
    staged.write_bytes(
        audit.checkpoint_path_for(out), audit.checkpoint_bytes(checkpoint, marking, entry)
    )
    staged.write_bytes(out.parent / VERIFIER, verifier_bytes())


async def export_certificate(store: Store, out: Path, *, actor: str) -> str:
    """Write the store's signing certificate (PEM) for the force to publish or pin;
    returns its SHA-256 fingerprint, the one each signed report's disclosure records."""
    who = await pdf_sign.identity(store, actor=actor)

    def record(tx: Transaction, staged: Staged) -> None:
        tx.audit(
            actor=actor,
            action="store.certificate_export",
            category=AuditCategory.SYSTEM,
            object_type="store",
            object_id=store.store_id,
            after={"file": out.name, "certificate_sha256": who.fingerprint},
        )
        staged.write_bytes(out, who.certificate_pem())

    await write_with_files(store, record)
    return who.fingerprint


def _describe(flt: AuditFilter | None) -> dict[str, str]:
    if flt is None:
        return {}
    return {k: v for k, v in vars(flt).items() if v}


# -- reading, for the audit view ---------------------------------------------------


async def matching_seqs(store: Store, flt: AuditFilter) -> list[int]:
    """Every entry number that passes ``flt``, newest first (ints only: cheap)."""
    return await store.run(lambda db: audit.matching_seqs(db, flt))


async def entries(store: Store, seqs: list[int]) -> dict[int, AuditEntry]:
    return await store.run(lambda db: audit.entries_by_seq(db, seqs))


async def filter_choices(store: Store) -> tuple[list[str], list[str]]:
    """The officers and the actions that occur in the log, for the filter lists."""

    def both(db: object) -> tuple[list[str], list[str]]:
        return audit.distinct_values(db, "actor"), audit.distinct_values(db, "action")

    return await store.run(both)
