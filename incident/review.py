"""Gold command's review of what incident mode holds: release, amend, cancel.

Every decision names its reason, which goes in the audit trail with who made it.
Releasing during an incident needs an approver who did not write the post (four
eyes), and, in **suspend** mode, is refused until the incident is switched to
**review**: suspend means nothing goes out until gold has decided that posts may
be looked at one by one. Cancelling is allowed in either mode.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from console.bilingual import First, first_language
from console.concurrency import require_targets_unchanged
from console.networks import TextRule, channel_rule
from console.permissions import Action, require
from console.posts import check_length, check_linked
from console.session import Session
from console.timezone import local_text
from storage import channels, posts, queue
from storage import incidents as rows
from storage.errors import StoreError
from storage.i18n import N_, _
from storage.incidents import Incident
from storage.queue import QueueRow
from storage.records import AuditCategory, IncidentMode, TargetStatus
from storage.store import Store, Transaction
from storage.timeutil import to_iso


@dataclass(frozen=True)
class When:
    """When a released post goes out: its original time, now, or a new time."""

    kind: str  # original | now | at
    at_utc: str | None = None

    @classmethod
    def original(cls) -> When:
        return cls("original")

    @classmethod
    def now(cls) -> When:
        return cls("now")

    @classmethod
    def at(cls, at_utc: str) -> When:
        return cls("at", at_utc)


async def held(store: Store, incident_id: int) -> list[QueueRow]:
    """Every target the incident holds, by original time."""

    def read(db: object) -> list[QueueRow]:
        ids = rows.held_ids(db, incident_id)
        found = queue.rows(db, ids)
        return [found[i] for i in ids if i in found]

    return await store.run(read)


# Decisions on a big selection go in batches, so a bulk cancel of a week's content
# never holds the store's one writer for seconds while a statement waits to go.
BATCH = 2_000


def _batches(target_ids: Sequence[int]) -> list[list[int]]:
    ids = list(dict.fromkeys(target_ids))
    return [ids[i : i + BATCH] for i in range(0, len(ids), BATCH)]


async def release(
    session: Session,
    target_ids: Sequence[int],
    when: When,
    *,
    reason: str,
    seen: Mapping[int, QueueRow] | None = None,
) -> int:
    """Put held targets back on the queue (approved), at their original time if it
    is still ahead, now, or at a new time. Returns how many were released. ``seen``:
    the rows as the officer's screen showed them; if another officer changed one
    meanwhile (amended its words, released or cancelled it), nothing of that batch
    is released and the sentence says who and when (``console.concurrency``)."""
    require(session.user, Action.RELEASE_HELD)
    _need_reason(reason, "released")
    if when.kind == "at" and (not when.at_utc or when.at_utc <= to_iso(session.store.clock())):
        raise StoreError(_("That time has passed: choose a time in the future."))
    if when.kind == "original":
        await _check_original_times(session, target_ids)
    done = 0
    for batch in _batches(target_ids):
        done += await session.store.write(_releaser(session, batch, when, reason, seen))
    if not done:
        raise StoreError(_("None of the chosen posts is held any more: the list was out of date."))
    return done


async def _check_original_times(session: Session, target_ids: Sequence[int]) -> None:
    """Refuse the whole release, before any of it, if some original times passed."""
    now = to_iso(session.store.clock())
    found = await session.store.run(lambda db: queue.rows(db, list(target_ids)))
    passed = [
        r
        for r in found.values()
        if r.status is TargetStatus.HELD and (r.scheduled_utc or "") <= now
    ]
    if len(passed) == 1:
        row = passed[0]
        raise StoreError(
            _(
                "“{value}” on {row.channel} was due at {value2}, which has "
                "passed: release it now or at a new time."
            ).format(value=_short(row.text), row=row, value2=local_text(row.scheduled_utc or now))
        )
    if passed:
        raise StoreError(
            _(
                "{n} of the chosen posts were due before now: release those "
                "now or at a new time, and the others at their original time."
            ).format(n=len(passed))
        )


def _seen_of(
    seen: Mapping[int, QueueRow] | None, target_ids: Sequence[int]
) -> dict[int, QueueRow] | None:
    if seen is None:
        return None
    return {t: seen[t] for t in target_ids if t in seen}


def _releaser(
    session: Session,
    target_ids: list[int],
    when: When,
    reason: str,
    seen: Mapping[int, QueueRow] | None,
) -> Callable[[Transaction], int]:
    def write(tx: Transaction) -> int:
        incident = _active(tx)
        require_targets_unchanged(tx, _seen_of(seen, target_ids))
        if incident.mode is IncidentMode.SUSPEND:
            raise StoreError(
                _(
                    "Incident mode is suspending everything: switch the incident "
                    "to review before releasing posts one by one."
                )
            )
        chosen = rows.held_of(tx.db, incident.id, target_ids)
        _four_eyes(tx, session, chosen)
        now = tx.now()
        found = queue.rows(tx.db, chosen)
        times: dict[int, str] = {}
        for target_id in chosen:
            original = found[target_id].scheduled_utc or ""
            if when.kind == "now":
                times[target_id] = now
            elif when.kind == "at" and when.at_utc:
                times[target_id] = when.at_utc
            elif original > now:
                times[target_id] = original
            else:  # its time passed since the check: the officer chooses again
                raise StoreError(
                    _(
                        "“{value}” on {value2} was due at {value3}, which has "
                        "passed: release it now or at a new time."
                    ).format(
                        value=_short(found[target_id].text),
                        value2=found[target_id].channel,
                        value3=local_text(original),
                    )
                )
        for target_id in chosen:
            rows.release(tx.db, target_id, incident.id, times[target_id], now)
            tx.audit(
                actor=session.user.name,
                action="incident.release",
                category=AuditCategory.ALTERATION,
                object_type="target",
                object_id=target_id,
                before={"status": "held", "scheduled_utc": found[target_id].scheduled_utc},
                after={
                    "status": "queued",
                    "scheduled_utc": times[target_id],
                    "incident": incident.id,
                },
                justification=reason.strip(),
            )
        return len(chosen)

    return write


@dataclass(frozen=True)
class Wording:
    """A held target's words as gold amends them: the row as the screen shows it (for
    ``seen``), its first post's text and, for two linked posts, the second's with the
    language each is in, and how its channel counts a post."""

    row: QueueRow
    first: str
    second: str | None
    first_language: First
    rule: TextRule


async def wording(store: Store, target_id: int) -> Wording | None:
    """The words of a held target, for the amend dialog; None when it is gone."""

    def read(db: Any) -> Wording | None:
        row = queue.rows(db, [target_id]).get(target_id)
        channel_id = rows.channel_of(db, target_id)
        post = posts.get(db, row.post_id) if row is not None else None
        channel = channels.get(db, channel_id) if channel_id is not None else None
        if row is None or post is None or channel is None:
            return None
        first = row.first_text
        language = (
            First.WELSH if row.second_text is None else first_language(post, first, row.second_text)
        )
        rule = channel_rule(db, channel.id, channel.network)
        return Wording(row, first, row.second_text, language, rule)

    return await store.run(read)


async def amend(
    session: Session,
    target_id: int,
    text: str,
    *,
    second: str | None = None,
    reason: str,
    seen: QueueRow | None = None,
) -> None:
    """Change a held post's text on its channel (it stays held until released, and
    whoever amends it may not also release it). A target that goes out as two linked
    posts (``console.bilingual``) is amended with both texts: ``text`` the first's,
    ``second`` the second's, each within the channel's limit; with one only, nothing
    is saved. ``seen``: the row as the officer's screen showed it; changed meanwhile,
    nothing is saved (``console.concurrency``)."""
    require(session.user, Action.AMEND_HELD)
    _need_reason(reason, "amended")
    if not text.strip() and second is None:
        raise StoreError(_("The amended text is empty: write something, or cancel the post."))

    def write(tx: Transaction) -> None:
        incident = _active(tx)
        require_targets_unchanged(tx, None if seen is None else {target_id: seen})
        chosen = _held_of(tx, incident, [target_id])
        row = queue.rows(tx.db, chosen)[target_id]
        channel_id = rows.channel_of(tx.db, target_id)
        assert channel_id is not None
        before: dict[str, object] = {"text": row.first_text}
        after: dict[str, object] = {"text": text}
        if row.second_text is None:
            if second is not None:
                raise StoreError(
                    _("This post goes out as one post: amend it with one text, not two.")
                )
            check_length(tx, text, channel_id)
        else:
            if not text.strip() or second is None or not second.strip():
                raise StoreError(
                    _(
                        "This post goes out as two linked posts, one in Welsh and one in "
                        "English: amend it with both texts, neither empty."
                    )
                )
            check_linked(tx, text, second, channel_id)
            before["second_text"] = row.second_text
            after["second_text"] = second
        rows.amend(tx.db, target_id, text, session.user.id, tx.now(), second=second)
        tx.audit(
            actor=session.user.name,
            action="incident.amend",
            category=AuditCategory.ALTERATION,
            object_type="target",
            object_id=target_id,
            before=before,
            after={**after, "incident": incident.id},
            justification=reason.strip(),
        )

    await session.store.write(write)


async def cancel(
    session: Session,
    target_ids: Sequence[int],
    *,
    reason: str,
    seen: Mapping[int, QueueRow] | None = None,
) -> int:
    """Cancel held targets: they will not go out. Returns how many. ``seen`` as for
    ``release``."""
    require(session.user, Action.CANCEL)
    _need_reason(reason, "cancelled")
    done = 0
    for batch in _batches(target_ids):
        done += await session.store.write(_canceller(session, batch, reason, seen))
    if not done:
        raise StoreError(_("None of the chosen posts is held any more: the list was out of date."))
    return done


def _canceller(
    session: Session, target_ids: list[int], reason: str, seen: Mapping[int, QueueRow] | None
) -> Callable[[Transaction], int]:
    def write(tx: Transaction) -> int:
        incident = _active(tx)
        require_targets_unchanged(tx, _seen_of(seen, target_ids))
        chosen = rows.held_of(tx.db, incident.id, target_ids)
        now = tx.now()
        for target_id in chosen:
            rows.cancel_held(tx.db, target_id, incident.id, now)
            tx.audit(
                actor=session.user.name,
                action="incident.cancel",
                category=AuditCategory.ALTERATION,
                object_type="target",
                object_id=target_id,
                before={"status": "held"},
                after={"status": "cancelled", "incident": incident.id},
                justification=reason.strip(),
            )
        return len(chosen)

    return write


def _active(tx: Transaction) -> Incident:
    incident = rows.active(tx.db)
    if incident is None:
        raise StoreError(_("Incident mode is not engaged: nothing is held by an incident."))
    return incident


def _held_of(tx: Transaction, incident: Incident, target_ids: Sequence[int]) -> list[int]:
    chosen = rows.held_of(tx.db, incident.id, target_ids)
    if not chosen:
        raise StoreError(_("None of the chosen posts is held any more: the list was out of date."))
    return chosen


def _four_eyes(tx: Transaction, session: Session, target_ids: list[int]) -> None:
    """Whoever wrote a post's words (its author, or gold who amended it) may not
    also release it: a second person reads what goes out."""
    amenders = rows.amenders_of(tx.db, target_ids)
    amended = [t for t in target_ids if amenders.get(t) == session.user.id]
    if amended:
        which = "this post" if len(target_ids) == 1 else f"{len(amended)} of the chosen posts"
        raise StoreError(
            _(
                "You amended the words of {which}: another approver must "
                "release what you wrote (four eyes)."
            ).format(which=which)
        )
    authors = rows.authors_of(tx.db, target_ids)
    own = [t for t in target_ids if authors.get(t) == session.user.id]
    if len(own) == 1 and len(target_ids) == 1:
        raise StoreError(_("You wrote this post: another approver must release it (four eyes)."))
    if own:
        raise StoreError(
            _(
                "You wrote {n} of the {n2} chosen posts: another approver "
                "must release what you wrote (four eyes)."
            ).format(n=len(own), n2=len(target_ids))
        )


def _need_reason(reason: str, done: str) -> None:
    if not reason.strip():
        raise StoreError(_(_REASON_NEEDED[done]))


_REASON_NEEDED = {
    "released": N_("Say why these posts are released: it goes in the audit trail."),
    "amended": N_("Say why these posts are amended: it goes in the audit trail."),
    "cancelled": N_("Say why these posts are cancelled: it goes in the audit trail."),
}


def _short(text: str, length: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"
