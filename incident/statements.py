"""Holding statements: templates with named fields, a text per network, and sending.

A template's ``{fields}`` must all be filled before it can go. Each chosen channel
gets the template's text for its network (its own variant where one is written)
and is checked against that network's limits before anything is stored. The
statement goes to every chosen channel at once: one post, one target per channel,
each cleared of the incident's holds, published in parallel by the engine and
each with its own result.

A template gold has **pre-approved** goes out on a duty officer's click; any other
needs an approver who did not send it (``console.approval.approve``).
"""

from __future__ import annotations

import asyncio
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta
from pathlib import Path

import resources
from console import settings
from console.approval import matching_phrases
from console.bilingual import SEPARATOR, Form, missing_sentence
from console.fields import fields_of, fill, missing_fields
from console.networks import NETWORKS, channel_rule, check_text
from console.permissions import Action, require
from console.posts import NewPost, create_in
from console.session import Session
from console.statement_card import CardStyle, render_card
from console.timezone import FORCE_ZONE
from storage import approval as approval_rows
from storage import channels, posts, pullbacks
from storage import incidents as rows
from storage.errors import StoreError
from storage.i18n import _
from storage.incidents import Template
from storage.records import ApprovalState, AuditCategory, ContentKind
from storage.sql import is_duplicate
from storage.store import Store, Transaction
from storage.timeutil import from_iso

SHIPPED = resources.path("holding_statements.toml")
PROMISE_FIELD = "next_update"  # the field the public reads the next update's time in

# A clock time as an officer types it: 13:30, 13.30, 1:30pm, 1.30 p.m., 2 pm.
_CLOCK = re.compile(
    r"(?<![\d:.])(\d{1,2})(?:[:.](\d{2})\s*([ap]\.?m\.?)?|\s*([ap]\.?m\.?))(?![\d:a-z])",
    re.IGNORECASE,
)


def promised_time(text: str) -> time | None:
    """The clock time a statement's ``{next_update}`` promises ("13:30", "1.30pm",
    "2 pm", "by 14:00"), or None when it names none ("within the hour")."""
    for found in _CLOCK.finditer(text):
        hour, minute = int(found.group(1)), int(found.group(2) or 0)
        half = (found.group(3) or found.group(4) or "")[:1].lower()
        if half:
            if not 1 <= hour <= 12:
                continue
            hour = hour % 12 + (12 if half == "p" else 0)
        if hour < 24 and minute < 60:
            return time(hour, minute)
    return None


def promised_moment(promised: time, now_local: datetime) -> datetime:
    """The wall-clock time (naive, UK) a promised clock time means at ``now_local``
    (UK time): today's, or tomorrow's when today's is not still ahead."""
    wall = now_local.replace(tzinfo=None)
    moment = datetime.combine(wall.date(), promised)
    return moment if moment > wall else moment + timedelta(days=1)


def promise_problem(values: Mapping[str, str], reminder: datetime) -> str:
    """Why a reminder for ``reminder`` (UK wall-clock time) does not match the time the
    statement's ``{next_update}`` promises the public ("": it does, or names none)."""
    promised = promised_time(values.get(PROMISE_FIELD, ""))
    if promised is None or reminder.time().replace(second=0, microsecond=0) == promised:
        return ""
    return _(
        "The statement promises the next update at {promised}, but the reminder "
        "is for {reminder}: make them the same."
    ).format(promised=f"{promised:%H:%M}", reminder=f"{reminder:%H:%M}")


def require_ahead(next_update_utc: str, now_utc: str) -> None:
    """Refuse a next update that is not still ahead of ``now_utc`` (stored UTC text)."""
    if next_update_utc <= now_utc:
        raise StoreError(_("The next update must be promised for a time still ahead."))


def template_fields(template: Template) -> list[str]:
    names: dict[str, None] = dict.fromkeys(fields_of(template.body, whose="template"))
    for text in (*template.variants.values(), template.welsh):
        names.update(dict.fromkeys(fields_of(text, whose="template")))
    return list(names)


@dataclass(frozen=True)
class Preview:
    channel_id: int
    channel: str
    network: str
    text: str
    problem: str | None  # a sentence when this channel's network would refuse it
    card: bytes | None = None  # the statement card it goes out as (Instagram), a JPEG
    used: int = 0  # the text's length as this channel's network counts it
    limit: int = 0  # and how many it takes
    unit: str = "characters"


async def preview(
    store: Store, template: Template, values: Mapping[str, str], channel_ids: Sequence[int]
) -> list[Preview]:
    """The text each chosen channel would get, whether its network takes it, and the
    statement card a network that needs an image (Instagram) would get: the card the
    adapter draws from the same text and settings when it publishes."""

    def read(db: object) -> list[tuple[Preview, CardStyle | None]]:
        choice = settings.read(db, settings.BILINGUAL)
        result = []
        for channel_id in dict.fromkeys(channel_ids):
            channel = channels.get(db, channel_id)
            if channel is None:
                continue
            source = template.text_for(channel.network)
            if choice.on:  # both languages, as the force sends them
                source = SEPARATOR.join(choice.ordered(template.welsh, source))
            missing = missing_fields(source, values)
            rule = channel_rule(db, channel_id, channel.network)
            if missing:
                text = source
                problem: str | None = _("Fill in {fields}.").format(
                    fields=", ".join(f"{{{n}}}" for n in missing)
                )
            elif choice.on and not template.welsh.strip():
                text = fill(source, values)
                problem = missing_sentence("", text)
            elif choice.form is Form.TWO:  # each of two linked posts against the limit
                text = fill(source, values)
                parts = text.split(SEPARATOR, 1)
                problem = next(
                    (p for part in parts if (p := check_text(channel.network, part, rule))), None
                )
            else:
                text = fill(source, values)
                problem = check_text(channel.network, text, rule)
            needs_card = NETWORKS[channel.network].needs_image
            style = settings.card_style(db, channel.name) if needs_card else None
            shown = Preview(channel_id, channel.name, channel.network, text, problem,
                            used=rule.count(text), limit=rule.limit,
                            unit=NETWORKS[channel.network].unit)  # fmt: skip
            result.append((shown, style))
        return result

    found = []
    for item, style in await store.run(read):
        if style is not None and item.problem is None:
            item = replace(item, card=await asyncio.to_thread(render_card, item.text, style))
        found.append(item)
    return found


@dataclass(frozen=True)
class Sent:
    post_id: int
    target_ids: tuple[int, ...]
    awaiting_approval: bool
    blocked_phrases: tuple[str, ...] = ()  # why a pre-approved one still needs an approver


async def send(
    session: Session,
    template_id: int,
    values: Mapping[str, str],
    channel_ids: Sequence[int],
    *,
    next_update_utc: str | None = None,
) -> Sent:
    """Send the filled template to the chosen channels now (a pre-approved one), or
    put it before an approver (any other)."""
    require(session.user, Action.SEND_PREAPPROVED_STATEMENT)
    if not channel_ids:
        raise StoreError(_("Choose at least one channel for the holding statement."))

    def write(tx: Transaction) -> Sent:
        incident = rows.active(tx.db)
        if incident is None:
            raise StoreError(
                _(
                    "Incident mode is not engaged: engage it first, so the "
                    "statement is part of the incident's record."
                )
            )
        template = rows.template(tx.db, template_id)
        if template is None:
            raise StoreError(_("That template was retired or deleted: choose another."))
        chosen = list(dict.fromkeys(channel_ids))
        texts: dict[int, str] = {}
        for channel_id in chosen:
            channel = channels.get(tx.db, channel_id)
            if channel is None:
                raise StoreError(
                    _("There is no channel number {channel_id}.").format(channel_id=channel_id)
                )
            texts[channel_id] = fill(template.text_for(channel.network), values)
        body = fill(template.body, values)
        # In both languages when the force posts so: the Welsh, and the English (a
        # network's own English where the template has one), by the force's form.
        welsh = fill(template.welsh, values) if template.welsh.strip() else ""
        both = settings.read(tx.db, settings.BILINGUAL).on
        now = tx.now()
        if next_update_utc is not None:  # the reminder: ahead, and at the promised time
            require_ahead(next_update_utc, now)
            if problem := promise_problem(values, from_iso(next_update_utc).astimezone(FORCE_ZONE)):
                raise StoreError(problem)
        post = create_in(
            tx,
            session,
            NewPost(
                body=body,
                channel_ids=chosen,
                scheduled_utc=now,
                kind=ContentKind.HOLDING_STATEMENT,
                variants={c: t for c, t in texts.items() if t != body},
                cleared_incident_id=incident.id,
                welsh=welsh if both else "",
                english=body if both else "",
            ),
        )
        target_ids = tuple(t.id for t in post.targets)
        # Pre-approved words go on the officer's click, but what was typed into the
        # fields is still checked against the blocked phrases.
        phrases = approval_rows.blocked_phrases(tx.db)
        said = [*texts.values(), *([welsh] if both else [])]
        flagged = sorted({p for t in said for p in matching_phrases(t, phrases)})
        awaiting = not template.pre_approved or bool(flagged)
        approval = ApprovalState.AWAITING if awaiting else ApprovalState.NOT_REQUIRED
        posts.set_review(tx.db, target_ids, approval=approval, now=now)
        if next_update_utc is not None:
            rows.update(tx.db, incident.id, next_update_utc=next_update_utc)
        tx.audit(
            actor=session.user.name,
            action="incident.statement",
            category=AuditCategory.ALTERATION,
            object_type="post",
            object_id=post.id,
            after={
                "incident": incident.id,
                "template": template.name,
                "channels": chosen,
                "fields": dict(values),
                "pre_approved": template.pre_approved,
                "blocked_phrases": flagged,
                "next_update_utc": next_update_utc,
            },
        )
        return Sent(post.id, target_ids, awaiting, tuple(flagged))

    return await session.store.write(write)


# -- the template library -------------------------------------------------------------------


async def templates(store: Store) -> list[Template]:
    return await store.run(rows.templates)


async def ensure_shipped(store: Store, *, actor: str = "system") -> int:
    """A store that has never had a template gets the shipped ones. Returns how many."""
    shipped = load_shipped()

    def write(tx: Transaction) -> int:
        if rows.any_template_ever(tx.db):
            return 0
        now = tx.now()
        for item in shipped:
            template_id = rows.save_template(
                tx.db,
                template_id=None,
                name=item.name,
                incident_type=item.incident_type,
                body=item.body,
                variants=item.variants,
                edited_by=None,
                words_changed=True,
                now=now,
                welsh=item.welsh,
            )
            tx.audit(
                actor=actor,
                action="template.create",
                category=AuditCategory.COLLECTION,
                object_type="template",
                object_id=template_id,
                after={"name": item.name, "shipped": True},
            )
        return len(shipped)

    return await store.write(write)


def load_shipped(path: Path = SHIPPED) -> list[Template]:
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    found = []
    for item in data.get("template", []):
        template = Template(
            id=0,
            name=str(item["name"]),
            incident_type=str(item["incident_type"]),
            body=str(item["text"]).strip(),
            variants={str(k): str(v).strip() for k, v in item.get("variants", {}).items()},
            pre_approved=False,
            welsh=str(item.get("text_cy", "")).strip(),
        )
        template_fields(template)  # a broken shipped template fails loudly, in tests
        found.append(template)
    return found


async def save_template(
    session: Session,
    *,
    template_id: int | None,
    name: str,
    incident_type: str,
    body: str,
    variants: Mapping[str, str],
    reason: str = "",
    welsh: str = "",
) -> int:
    """Create or change a template (approvers); ``welsh``: its text in Welsh, beside the
    English ``body``. Changed words withdraw its
    pre-approval: another approver must read them. Returns its id."""
    require(session.user, Action.MANAGE_TEMPLATES)
    if not name.strip():
        raise StoreError(_("Give the template a name."))
    if not body.strip():
        raise StoreError(_("The template's text is empty."))
    cleaned = {k: v.strip() for k, v in variants.items() if v.strip()}
    welsh = welsh.strip()
    template_fields(Template(0, name, incident_type, body, cleaned, False, welsh=welsh))

    def write(tx: Transaction) -> int:
        before = rows.template(tx.db, template_id) if template_id is not None else None
        if template_id is not None and before is None:
            raise StoreError(_("That template was retired or deleted."))
        changed = (
            before is None
            or before.body != body.strip()
            or before.variants != cleaned
            or before.welsh != welsh
        )
        try:
            saved = rows.save_template(
                tx.db,
                template_id=template_id,
                name=name.strip(),
                incident_type=incident_type.strip() or "General",
                body=body.strip(),
                variants=cleaned,
                edited_by=session.user.id if changed else (before.edited_by if before else None),
                words_changed=changed,
                now=tx.now(),
                welsh=welsh,
            )
        except Exception as error:
            if is_duplicate(error):
                raise StoreError(
                    _("A template called “{name}” already exists.").format(name=name.strip())
                ) from error
            raise
        after = Template(
            saved, name.strip(), incident_type, body.strip(), cleaned, False, welsh=welsh
        )
        tx.audit(
            actor=session.user.name,
            action="template.create" if before is None else "template.change",
            category=AuditCategory.COLLECTION if before is None else AuditCategory.ALTERATION,
            object_type="template",
            object_id=saved,
            before=None if before is None else _template_json(before),
            after={
                **_template_json(after),
                "pre_approved": bool(before and before.pre_approved and not changed),
            },
            justification=reason,
        )
        return saved

    return await session.store.write(write)


async def pre_approve(
    session: Session, template_id: int, *, approve: bool = True, reason: str
) -> None:
    """Gold's pre-approval: the template's words may go out on a duty officer's
    click. Never by the approver who last changed the words (four eyes)."""
    require(session.user, Action.MANAGE_TEMPLATES)
    if not reason.strip():
        raise StoreError(_("Say why: it goes in the audit trail."))

    def write(tx: Transaction) -> None:
        template = rows.template(tx.db, template_id)
        if template is None:
            raise StoreError(_("That template was retired or deleted."))
        if approve and template.edited_by == session.user.id:
            raise StoreError(
                _("You wrote these words, so another approver must pre-approve them (four eyes).")
            )
        rows.set_pre_approval(tx.db, template_id, session.user.id if approve else None, tx.now())
        tx.audit(
            actor=session.user.name,
            action="template.pre_approve" if approve else "template.withdraw_pre_approval",
            category=AuditCategory.ALTERATION,
            object_type="template",
            object_id=template_id,
            before={"pre_approved": template.pre_approved},
            after={"pre_approved": approve, "name": template.name},
            justification=reason.strip(),
        )

    await session.store.write(write)


def _template_json(template: Template) -> dict[str, object]:
    return {
        "name": template.name,
        "body": template.body,
        "welsh": template.welsh,
        "variants": template.variants,
        "pre_approved": template.pre_approved,
    }


async def retire_template(session: Session, template_id: int, *, reason: str) -> None:
    require(session.user, Action.MANAGE_TEMPLATES)
    if not reason.strip():
        raise StoreError(_("Say why the template is retired: it goes in the audit trail."))

    def write(tx: Transaction) -> None:
        if rows.template(tx.db, template_id) is None:
            raise StoreError(_("That template was already retired."))
        rows.retire_template(tx.db, template_id, tx.now())
        tx.audit(
            actor=session.user.name,
            action="template.retire",
            category=AuditCategory.ALTERATION,
            object_type="template",
            object_id=template_id,
            justification=reason.strip(),
        )

    await session.store.write(write)


async def request_pin(session: Session, target_ids: Sequence[int]) -> int:
    """Ask the engine to pin published holding statements to the top of their
    profile or Page (where the network can; the result shows per channel)."""
    require(session.user, Action.SEND_PREAPPROVED_STATEMENT)

    def write(tx: Transaction) -> int:
        chosen = pullbacks.request_pin(tx.db, list(target_ids))
        if not chosen:
            raise StoreError(_("Only a statement that has gone out can be pinned."))
        for target_id in chosen:
            tx.audit(
                actor=session.user.name,
                action="target.pin_requested",
                category=AuditCategory.ALTERATION,
                object_type="target",
                object_id=target_id,
            )
        return len(chosen)

    return await session.store.write(write)


async def request_unpin(session: Session, target_ids: Sequence[int]) -> int:
    """Ask the engine to take pinned holding statements off the top again (stand-down
    offers it for the whole incident; this serves a chosen few, or a retry after the
    network refused)."""
    require(session.user, Action.SEND_PREAPPROVED_STATEMENT)

    def write(tx: Transaction) -> int:
        chosen = ask_unpin(tx, session.user.name, target_ids)
        if not chosen:
            raise StoreError(_("Only a pinned statement can be unpinned."))
        return len(chosen)

    return await session.store.write(write)


def ask_unpin(
    tx: Transaction, actor: str, target_ids: Sequence[int], incident_id: int | None = None
) -> list[int]:
    """In ``tx``: mark pinned targets to be unpinned, each with its audit entry;
    returns those that were pinned."""
    chosen = pullbacks.request_unpin(tx.db, list(target_ids))
    for target_id in chosen:
        tx.audit(
            actor=actor,
            action="target.unpin_requested",
            category=AuditCategory.ALTERATION,
            object_type="target",
            object_id=target_id,
            after={"incident": incident_id} if incident_id is not None else None,
        )
    return chosen


async def pin_states(store: Store, target_ids: Sequence[int]) -> dict[int, tuple[str, str]]:
    """(state, the network's sentence) per target asked to pin: requested, pinned or
    failed, then unpinning, unpinned or unpin_failed."""
    return await store.run(lambda db: pullbacks.pin_states(db, list(target_ids)))
