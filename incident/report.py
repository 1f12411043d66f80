"""The incident report: everything from engage to stand-down, from the audit trail.

The report is built only from the audit entries between the incident's engage
and its stand-down (or the newest entry, for an incident still running) and the
targets they name, so it says nothing the store cannot prove. It carries the
audit checkpoint (store id, newest entry, its hash) taken when it was made:
``cordon audit verify STORE --checkpoint`` with those values shows later that the
history it was made from has not been changed.

Exported as CSV (one row per timeline entry) and as PDF (a summary, the holding
statements with their links, posts already sending at engage, and the timeline).
"""

from __future__ import annotations

import asyncio
import csv
import hashlib
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from console import audit_trail, pdf_sign
from console.audit_trail import ship_checkpoint
from console.marking import EXERCISE_MARK
from console.timezone import local_text
from storage import audit, pullbacks, queue, state
from storage import incidents as rows
from storage.conversations import ConversationState
from storage.errors import StoreError
from storage.files import out_path
from storage.i18n import _, ngettext
from storage.incidents import Counts, Incident, Scope
from storage.posts import SEPARATOR
from storage.pullbacks import PullBack
from storage.queue import QueueRow
from storage.records import AuditCategory, AuditEntry, Checkpoint, StoreKind
from storage.staging import Staged, write_with_files
from storage.store import Store, Transaction
from storage.stored_words import shown

# Claims are the engine's bookkeeping between a decision and its outcome: the
# outcome (published, retry, failed) is in the timeline, the claim adds nothing.
_QUIET = frozenset({"target.claim"})


@dataclass(frozen=True)
class Line:
    seq: int
    at_utc: str
    actor: str
    action: str
    what: str
    why: str
    link: str
    hash: str


@dataclass(frozen=True)
class Report:
    incident: Incident
    counts: Counts
    statements: tuple[QueueRow, ...]
    in_flight: tuple[QueueRow, ...]
    pulled_back: tuple[PullBack, ...]
    timeline: tuple[Line, ...]
    checkpoint: Checkpoint
    exercise: bool
    channel_names: dict[int, str]
    channel_areas: tuple[str, ...] = ()  # every area a channel is in

    @property
    def scope(self) -> str:
        """The incident's scope; an area no channel is in is said plainly."""
        return self.incident.scope.describe(self.channel_names, self.channel_areas)


async def build(store: Store, incident_id: int) -> Report:
    checkpoint = await audit_trail.current_checkpoint(store)

    def read(db: Any) -> Report:
        incident = rows.get(db, incident_id)
        if incident is None or incident.engage_seq is None:
            raise StoreError(
                _("There is no incident number {incident_id} in this store.").format(
                    incident_id=incident_id
                )
            )
        entries = audit.entries_between(
            db, incident.engage_seq, incident.stand_down_seq or checkpoint.seq
        )
        names = channel_names(db)
        texts = target_rows(db, entries)
        statement_ids = rows.statement_targets(db, incident_id)
        counted = rows.target_ids_of(db, incident_id)  # what the counts are made of
        refuse_disagreement(
            db,
            {
                "incidents": [incident_id],
                "holds": rows.hold_ids(db, incident_id),
                "targets": sorted({*texts, *statement_ids, *incident.in_flight, *counted}),
            },
        )
        found = queue.rows(db, statement_ids + list(incident.in_flight))
        return Report(
            incident=incident,
            counts=rows.counts(db, incident_id),
            statements=tuple(found[i] for i in statement_ids if i in found),
            in_flight=tuple(found[i] for i in incident.in_flight if i in found),
            pulled_back=tuple(pullbacks.of_incident(db, incident_id)),
            timeline=tuple(
                timeline_line(e, texts, names) for e in entries if e.action not in _QUIET
            ),
            checkpoint=checkpoint,
            exercise=store.kind is StoreKind.EXERCISE,
            channel_names=names,
            channel_areas=tuple(rows.channel_areas(db)),
        )

    return await store.run(read)


class Disagrees(StoreError):
    """A row the report would state disagrees with the audit trail."""


def refuse_disagreement(db: Any, wanted: dict[str, list[int]] | None = None) -> None:
    """Every row a report states facts from (for the incident report: the incident's
    times and people, its holds' scope, every target it held, cleared or names) is
    checked against what the audit trail says it became before anything is printed
    (``storage.state``); a row that disagrees stops the report."""
    found = state.first_disagreement(db, wanted)
    if found is not None:
        raise Disagrees(
            _(
                "The report was not made: {found.sentence} Run `cordon store "
                "check` and restore the store from a backup."
            ).format(found=found)
        )


async def statement_rows(store: Store, incident_id: int) -> list[QueueRow]:
    """The incident's holding statements, one row per channel, in the order sent."""

    def read(db: Any) -> list[QueueRow]:
        ids = rows.statement_targets(db, incident_id)
        found = queue.rows(db, ids)
        return [found[i] for i in ids if i in found]

    return await store.run(read)


def channel_names(db: Any) -> dict[int, str]:
    """Every channel's name by its id (the trail names channels by id)."""
    return {int(r[0]): str(r[1]) for r in db.execute("SELECT id, name FROM channels")}


def target_rows(db: Any, entries: list[AuditEntry]) -> dict[int, QueueRow]:
    """The posts on their channels that ``entries`` are about, by target id."""
    ids = sorted({int(e.object_id) for e in entries if e.object_type == "target"})
    found: dict[int, QueueRow] = {}
    for start in range(0, len(ids), 500):
        found.update(queue.rows(db, ids[start : start + 500]))
    return found


def timeline_line(entry: AuditEntry, targets: dict[int, QueueRow], names: dict[int, str]) -> Line:
    """``entry`` as a line of the timeline, in plain words."""
    after = json.loads(entry.after) if entry.after else {}
    before = json.loads(entry.before) if entry.before else {}
    what, link = _describe(entry, before, after, targets, names)
    return Line(
        entry.seq,
        entry.at_utc,
        entry.actor,
        entry.action,
        what,
        _why(entry.justification),
        link,
        entry.hash,
    )


def _why(stored: str) -> str:
    """The entry's reason as recorded; one Cordon wrote (``storage.stored_words``) with
    its translation beside it, so an officer's own words are never changed."""
    said = shown(stored)
    return stored if said == stored else f"{stored} ({said})"


def _short(text: str, length: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"


def _describe(
    entry: AuditEntry,
    before: dict[str, Any],
    after: dict[str, Any],
    targets: dict[int, QueueRow],
    names: dict[int, str],
) -> tuple[str, str]:
    """The entry in words, in the current language: each a whole sentence with named
    places; only a post ("“…” on Channel") and a mode are phrases put into them."""
    action = entry.action
    row = targets.get(int(entry.object_id)) if entry.object_type == "target" else None
    post = (
        _("“{text}” on {channel}").format(text=_short(row.text), channel=row.channel)
        if row
        else _("target {id}").format(id=entry.object_id)
    )
    error = shown(str(after.get("error", "")))  # kept in English (storage.stored_words)
    if action == "incident.engage":
        scope = after.get("scope", "all")
        mode = mode_words(after.get("mode"))
        flight = len(after.get("in_flight", []))
        if scope == "channels":
            listed = ", ".join(names.get(c, f"#{c}") for c in after.get("channels", []))
            said = _("Incident mode engaged ({mode}): hold on channels {channels}.").format(
                mode=mode, channels=listed
            )
        elif scope == "areas":
            said = _("Incident mode engaged ({mode}): hold on areas {areas}.").format(
                mode=mode, areas=", ".join(after.get("areas", []))
            )
        else:
            said = _("Incident mode engaged ({mode}): hold on all channels.").format(mode=mode)
        if flight:
            said += " " + ngettext(
                "{n} post was already sending.", "{n} posts were already sending.", flight
            ).format(n=flight)
        return said, ""
    if action == "incident.hold_targets":
        held = int(after.get("held", 0))
        return ngettext(
            "{n} queued post moved to held.", "{n} queued posts moved to held.", held
        ).format(n=held), ""
    if action == "incident.describe":
        return _("Incident named “{name}”, reference {reference}, gold {gold}.").format(
            name=after.get("name"),
            reference=after.get("reference") or "-",
            gold=after.get("gold_commander") or "-",
        ), ""
    if action == "incident.scope":
        return _("Scope changed to {scope}; {n} more held.").format(
            scope=_scope_words(after, names), n=after.get("held", 0)
        ), ""
    if action == "incident.mode":
        return _("Mode changed from {before} to {after}.").format(
            before=mode_words(before.get("mode")), after=mode_words(after.get("mode"))
        ), ""
    if action == "incident.statement":
        name = after.get("template")
        if after.get("pre_approved"):
            return _("Holding statement “{name}” sent (pre-approved).").format(name=name), ""
        return _("Holding statement “{name}” sent (for approval).").format(name=name), ""
    if action == "incident.release":
        return _("Released {post} for {when}.").format(
            post=post, when=local_text(str(after.get("scheduled_utc")))
        ), ""
    if action == "incident.amend":
        words = str(after.get("text", ""))
        if "second_text" in after:  # two linked posts: both, as the queue shows them
            words += SEPARATOR + str(after["second_text"])
        return _("Amended {post}: “{text}”.").format(post=post, text=_short(words)), ""
    if action == "incident.cancel":
        return _("Cancelled {post}.").format(post=post), ""
    if action == "incident.stand_down":
        sent = int(after.get("statements_sent", 0))
        said = ngettext(
            "Stood down: {released} released, {cancelled} cancelled, {sent} statement sent.",
            "Stood down: {released} released, {cancelled} cancelled, {sent} statements sent.",
            sent,
        ).format(released=after.get("released", 0), cancelled=after.get("cancelled", 0), sent=sent)
        if unpinned := int(after.get("statements_unpinned", 0)):
            said += " " + ngettext(
                "{n} pinned statement to be unpinned.",
                "{n} pinned statements to be unpinned.",
                unpinned,
            ).format(n=unpinned)
        if left := int(after.get("statements_left_pinned", 0)):
            said += " " + ngettext(
                "{n} statement left pinned.", "{n} statements left pinned.", left
            ).format(n=left)
        return said, ""
    if action in ("target.published", "target.reconcile_published"):
        return _("Published {post}.").format(post=post), str(after.get("url", ""))
    if action == "target.retry":
        return _("Sending {post} failed for now, will retry: {error}").format(
            post=post, error=error
        ), ""
    if action == "target.failed":
        return _("Sending {post} failed: {error}").format(post=post, error=error), ""
    if action == "target.missed":
        return _("{post} missed its time.").format(post=post), ""
    name = after.get("name", "")
    if action == "template.pre_approve":
        return _("Holding statement template “{name}” pre-approved.").format(name=name), ""
    if action == "template.withdraw_pre_approval":
        return _("Holding statement template “{name}”: pre-approval withdrawn.").format(
            name=name
        ), ""
    if action == "template.create":
        return _("Holding statement template “{name}” added.").format(name=name), ""
    if action == "template.change":
        return _("Holding statement template “{name}” changed.").format(name=name), ""
    if action == "incident.pullback_found":
        return _(
            "Found in the network's own schedule (due {due}): “{text}”; a held copy kept."
        ).format(
            due=local_text(str(after.get("scheduled_utc"))),
            text=_short(str(after.get("text", ""))),
        ), ""
    if action == "incident.pulled_back":
        return _("Pull-back {id} removed from the network's schedule.").format(
            id=entry.object_id
        ), ""
    if action == "incident.pullback_failed":
        return _("Pull-back {id} failed for now: {error}").format(
            id=entry.object_id, error=error
        ), ""
    if action == "incident.pullback_list_failed":
        return _("A channel's own schedule could not be read: {error}").format(error=error), ""
    if action == "target.pin":
        return _("Pinned {post}.").format(post=post), ""
    if action == "target.pin_failed":
        return _("Could not pin {post}: {error}").format(post=post, error=error), ""
    if action == "target.posted_by_hand":
        return _("Posted {post} by hand (said by {who}).").format(
            post=post, who=after.get("said_by", entry.actor)
        ), str(after.get("url", ""))
    if action == "target.unpin_requested":
        return _("Asked to unpin {post}.").format(post=post), ""
    if action == "target.unpin":
        return _("Unpinned {post}.").format(post=post), ""
    if action == "target.unpin_failed":
        return _("Could not unpin {post}: {error}").format(post=post, error=error), ""
    if action == "exercise.reaction":
        replies = int(after.get("replies", 0))
        return ngettext(
            "{n} reply from the public to a post on {channel}.",
            "{n} replies from the public to a post on {channel}.",
            replies,
        ).format(n=replies, channel=after.get("channel", "")), ""
    if action == "threat.alert":
        channel = names.get(int(after.get("channel", 0))) or _("a channel")
        phrases = ", ".join(f"“{p}”" for p in after.get("phrases", []))
        return _("Threat-to-life alert on {channel}: a message holds {phrases}.").format(
            channel=channel, phrases=phrases
        ), ""
    if action in ("channel.sync_offline", "channel.needs_reconnect"):
        channel = names.get(int(entry.object_id)) or _("Channel {id}").format(id=entry.object_id)
        return f"{channel}: {error}", ""
    if action == "post.approve":
        return _("Post {id} approved.").format(id=entry.object_id), ""
    if action == "post.create":
        kind = after.get("kind", "post")
        if kind == "holding_statement":
            chosen = [names.get(int(c)) or str(c) for c in after.get("channels", [])]
            if chosen:
                return _("Holding statement written for {channels} (post {id}).").format(
                    channels=", ".join(chosen), id=entry.object_id
                ), ""
            return _("Holding statement {id} written.").format(id=entry.object_id), ""
        if kind == "reply":
            return _("Reply {id} written.").format(id=entry.object_id), ""
        return _("Post {id} created.").format(id=entry.object_id), ""
    if action == "inbox.consult":
        return _("Conversation {id} opened.").format(id=entry.object_id), ""
    if action in ("inbox.assign", "inbox.reassign"):
        whom = after.get("officer") or after.get("team") or "-"
        return _("Conversation {id} assigned to {whom}.").format(id=entry.object_id, whom=whom), ""
    if action == "inbox.state":
        return _("Conversation {id} marked {state}.").format(
            id=entry.object_id, state=ConversationState.words(str(after.get("state", "")))
        ), ""
    if action == "inbox.note":
        return _("Note added to conversation {id}.").format(id=entry.object_id), ""
    if action == "reply.create":
        return _("Reply {id} written.").format(id=entry.object_id), ""
    if action == "report.create":
        return _("Report {reference} raised.").format(reference=entry.object_id), ""
    told = _people_and_posts(entry, after, post, names)
    if told:
        return told, ""
    # Anything else by its key in the trail (as the audit export names it).
    return _("Audit entry {action} ({object} {id}).").format(
        action=action, object=entry.object_type, id=entry.object_id
    ), ""


def _people_and_posts(
    entry: AuditEntry, after: dict[str, Any], post: str, names: dict[int, str]
) -> str:
    """What officers did around the incident (signing in and out, locking, cancelling,
    rescheduling, acknowledging), in words; "" for an action not worded here."""
    action = entry.action
    if action == "session.lock":
        reason = str(after.get("reason", ""))  # the window's words, in its language
        return (
            _("Console locked ({reason}).").format(reason=reason)
            if reason
            else _("Console locked.")
        )
    if action == "session.unlock":
        return _("Console unlocked.")
    if action == "session.sign_in":
        previous = after.get("taking_over_from")
        if previous:
            return _("Signed in, taking over from {name}.").format(name=previous)
        return _("Signed in.")
    if action == "session.sign_out":
        return _("Signed out.")
    if action == "post.cancel":
        return _("Post {id} cancelled on every channel it was still due on.").format(
            id=entry.object_id
        )
    if action == "target.cancel":
        return _("Cancelled {post}.").format(post=post)
    if action == "post.edit":
        return _("Post {id} edited.").format(id=entry.object_id)
    if action == "post.reject":
        return _("Post {id} rejected: back to its author as a draft.").format(id=entry.object_id)
    if action == "target.reschedule":
        when = after.get("scheduled_utc")
        if when:
            return _("Rescheduled {post} to {when}.").format(post=post, when=local_text(str(when)))
        return _("Rescheduled {post}.").format(post=post)
    if action == "threat.acknowledge":
        return _("Threat-to-life alert acknowledged: the message was read.")
    if action == "report.open":
        return _("Report {reference} opened.").format(reference=entry.object_id)
    if action == "engine.start":
        return _("The engine started: publishing and sync on.")
    if action == "engine.stop":
        reason = shown(str(after.get("reason", "")))  # kept in English
        return (
            _("The engine stopped: {reason}").format(reason=reason)
            if reason
            else _("The engine stopped.")
        )
    if action == "channel.sync_paused":
        channel = names.get(int(entry.object_id)) or _("Channel {id}").format(id=entry.object_id)
        paused = bool(after.get("paused"))
        said = _("Sync paused on {channel}.") if paused else _("Sync resumed on {channel}.")
        return said.format(channel=channel)
    if action == "inbox.reopen":
        return _("Conversation {id} reopened.").format(id=entry.object_id)
    if action == "inbox.unassign":
        return _("Conversation {id} unassigned.").format(id=entry.object_id)
    return ""


def _scope_words(after: dict[str, Any], names: dict[int, str]) -> str:
    """A hold's scope as the trail keeps it (``Scope.as_json``), in words."""
    scope = Scope(
        str(after.get("scope", "all")),
        channel_ids=frozenset(int(c) for c in after.get("channels", [])),
        areas=frozenset(str(a) for a in after.get("areas", [])),
    )
    return scope.describe(names)


def mode_words(value: object) -> str:
    """A mode in words for the timeline and the report (the trail keeps its key)."""
    if value == "suspend":
        return _("suspend")
    if value == "review":
        return _("review")
    return str(value)


# -- exports --------------------------------------------------------------------------------


def csv_bytes(report: Report) -> bytes:
    marker = EXERCISE_MARK if report.exercise else ""
    handle = io.StringIO(newline="")
    writer = csv.writer(handle)
    if marker:
        writer.writerow([marker])
    writer.writerow(
        ["seq", "time_utc", "time_local", "who", "action", "what", "why", "link", "hash"]
    )
    for line in report.timeline:
        writer.writerow(
            [
                line.seq,
                line.at_utc,
                local_text(line.at_utc),
                _safe(line.actor),
                line.action,
                _safe(line.what),
                _safe(line.why),
                line.link,
                line.hash,
            ]
        )
    cp = report.checkpoint
    writer.writerow([])
    writer.writerow(["checkpoint", cp.store_id, cp.seq, cp.hash, cp.at_utc])
    return handle.getvalue().encode("utf-8")


def _safe(value: str) -> str:
    """A spreadsheet must not run a cell as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def pdf_bytes(report: Report) -> bytes:
    from incident.pdf import render

    return render(report)


@dataclass(frozen=True)
class Disclosed:
    path: Path
    entry: AuditEntry  # the disclosure: who, to whom, why, and the file's SHA-256


async def export(
    store: Store, report: Report, out: Path, *, actor: str, reason: str, recipient: str
) -> Disclosed:
    """Write the report (by the file's extension: .pdf or .csv) as a disclosure.

    The file, its checkpoint (``FILE.checkpoint.json``: the disclosure entry itself,
    whose ``after`` records the file's SHA-256 and, for a PDF, the SHA-256 of the
    store's certificate it is signed with) and the standalone verifier
    (``verify_cordon.py``) appear beside it only once the disclosure commits, all
    private (0600). ``python3 verify_cordon.py --report FILE`` then shows anyone
    that the file is the one disclosed, without Cordon."""
    if not reason.strip() or not recipient.strip():
        raise StoreError(_("Handing out an incident report is a disclosure: say why, and to whom."))
    out = out_path(out, (".pdf", ".csv"), "the incident report")
    pdf = out.suffix.lower() == ".pdf"
    data = await asyncio.to_thread(pdf_bytes if pdf else csv_bytes, report)
    signed: dict[str, str] = {}
    if pdf:  # signed with the store's own certificate (PAdES)
        who = await pdf_sign.identity(store, actor=actor)
        pdf_sign.load()  # imported here, not on the worker thread (see load)
        data = await asyncio.to_thread(
            pdf_sign.sign,
            data,
            who,
            reason=_("Incident report: {title}").format(title=report.incident.title),
        )
        signed = {"certificate_sha256": who.fingerprint}
    digest = hashlib.sha256(data).hexdigest()
    marking = EXERCISE_MARK if report.exercise else ""

    def disclose(tx: Transaction, staged: Staged) -> AuditEntry:
        entry = tx.audit(
            actor=actor,
            action="incident.report_export",
            category=AuditCategory.DISCLOSURE,
            object_type="incident",
            object_id=report.incident.id,
            after={
                "file": out.name,
                "format": out.suffix.lower()[1:],
                "sha256": digest,
                "report_checkpoint": report.checkpoint.seq,
                **signed,
            },
            justification=reason.strip(),
            recipient=recipient.strip(),
        )
        staged.write_bytes(out, data)
        ship_checkpoint(staged, out, store.store_id, entry, marking)
        return entry

    return Disclosed(out, await write_with_files(store, disclose))
