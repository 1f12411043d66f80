"""Creating and cancelling posts: the first services on posts and targets.

The compose-and-schedule work builds the composer, validation per network and
the publishing engine on these. Here: who may create and cancel, and whether each
target needs approval (``console.approval``) before the publisher may claim it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from console import settings
from console.approval import verdict
from console.bilingual import Form, missing_sentence
from console.concurrency import require_post_unchanged
from console.networks import NETWORKS, channel_rule, check_images, check_text, image_type
from console.permissions import Action, require
from console.session import Session
from storage import channels, incidents, posts
from storage.errors import StoreError
from storage.i18n import _, ngettext
from storage.records import ApprovalState, AuditCategory, ContentKind, TargetStatus
from storage.store import Transaction

# What an officer may cancel from the queue. Held targets are not here: gold
# decides on them in incident mode, with a reason, in the incident's record.
OPEN = (
    TargetStatus.DRAFT,
    TargetStatus.QUEUED,
    TargetStatus.MISSED,
    TargetStatus.FAILED,
)


@dataclass(frozen=True)
class NewPost:
    """What an officer asks for: a text, channels, a time (or a draft), variants."""

    body: str
    channel_ids: Sequence[int]
    scheduled_utc: str | None
    kind: ContentKind = ContentKind.POST
    draft: bool = False
    variants: Mapping[int, str] = field(default_factory=dict)  # channel id -> its own text
    images: Sequence[tuple[str, bytes, str]] = ()  # (file name, bytes, alt text), in order
    cleared_incident_id: int | None = None  # a holding statement: its incident's holds let it go
    # Both languages (console.bilingual), when the force posts in Welsh and English;
    # ``variants`` then give a channel its own English text.
    welsh: str = ""
    english: str = ""

    def text_for(self, channel_id: int) -> str:
        return self.variants.get(channel_id) or self.body

    @property
    def has_languages(self) -> bool:
        return bool(self.welsh.strip() or self.english.strip())


@dataclass(frozen=True)
class Texts:
    """What a post sends: its body, each channel's text (its first post), and for two
    linked posts each channel's second text; the two languages when bilingual."""

    body: str
    first: dict[int, str]
    second: dict[int, str]
    bilingual: posts.Bilingual | None = None


def texts_of(tx: Transaction, wanted: NewPost) -> Texts:
    """The texts ``wanted`` goes out with under the force's bilingual setting, checked
    against each channel's network; refused with a sentence when a language is missing
    or a text is too long."""
    chosen = list(dict.fromkeys(wanted.channel_ids))
    choice = settings.read(tx.db, settings.BILINGUAL)
    bilingual = choice.on and wanted.kind is not ContentKind.REPLY
    welsh = wanted.welsh.strip()
    english = (wanted.english or ("" if wanted.has_languages else wanted.body)).strip()
    if not bilingual and not (welsh and wanted.has_languages and english):
        # One language (the setting may have been turned off after the texts were
        # written): a post as any other.
        if wanted.has_languages:
            wanted = replace(wanted, body=welsh or english)
        for channel_id in chosen:
            check_length(tx, wanted.text_for(channel_id), channel_id, list(wanted.images))
        texts = {c: wanted.text_for(c) for c in chosen}
        return Texts(wanted.body, texts, {})
    # A draft too: a bilingual post is changed only as a whole, so it holds both.
    if problem := missing_sentence(welsh, english):
        raise StoreError(problem)
    choice = choice.for_both  # both written, and the setting turned off since: one post
    first: dict[int, str] = {}
    second: dict[int, str] = {}
    for channel_id in chosen:
        own_english = (wanted.variants.get(channel_id) or english).strip()
        if choice.form is Form.ONE:
            first[channel_id] = choice.combined(welsh, own_english)
            check_combined(tx, first[channel_id], channel_id, list(wanted.images))
        else:
            first[channel_id], second[channel_id] = choice.ordered(welsh, own_english)
            check_linked(tx, first[channel_id], second[channel_id], channel_id, list(wanted.images))
    if choice.form is Form.ONE:
        body = choice.combined(welsh, english)
    else:
        body = choice.ordered(welsh, english)[0]
    return Texts(body, first, second, posts.Bilingual(welsh, english, choice.form.value))


async def create_post(
    session: Session,
    *,
    body: str,
    channel_ids: Sequence[int],
    scheduled_utc: str | None,
    kind: ContentKind = ContentKind.POST,
    draft: bool = False,
    variants: Mapping[int, str] | None = None,
    images: Sequence[tuple[str, bytes, str]] = (),
    welsh: str = "",
    english: str = "",
) -> posts.Post:
    """Queue ``body`` on each channel at ``scheduled_utc`` (UTC, stored format), or
    keep it as a draft (no time needed) when ``draft``; ``variants`` gives a channel
    its own text. ``welsh`` and ``english``: both texts, when the force posts in both
    languages (``console.bilingual``; ``body`` is then made from them)."""
    wanted = NewPost(
        body,
        channel_ids,
        scheduled_utc,
        kind,
        draft,
        dict(variants or {}),
        tuple(images),
        welsh=welsh,
        english=english,
    )
    check_request(session, wanted)
    return await session.store.write(lambda tx: create_in(tx, session, wanted))


def check_request(session: Session, wanted: NewPost) -> None:
    """What can be refused before touching the store."""
    require(session.user, Action.COMPOSE)
    if not wanted.draft:
        require(session.user, Action.SCHEDULE)
        if wanted.scheduled_utc is None:
            raise StoreError(_("Choose when the post goes out, or save it as a draft."))
    if not wanted.body.strip() and not wanted.has_languages:
        raise StoreError(_("The post is empty: write something first."))
    if not wanted.channel_ids:
        raise StoreError(_("Choose at least one channel."))


def create_in(tx: Transaction, session: Session, wanted: NewPost) -> posts.Post:
    """Create the post and its targets inside ``tx`` (one of several, for an import)."""
    author = session.user
    texts = texts_of(tx, wanted)
    now = tx.now()
    post_id = posts.insert_post(
        tx.db,
        author_id=author.id,
        kind=wanted.kind,
        body=texts.body,
        now=now,
        bilingual=texts.bilingual,
    )
    posts.insert_images(
        tx.db,
        post_id,
        [
            posts.Image(n, name, image_type(data) or "", data, alt.strip())
            for n, (name, data, alt) in enumerate(wanted.images)
        ],
        now,
    )
    needs = {}
    target_ids = []
    for channel_id, text in texts.first.items():
        second = texts.second.get(channel_id)  # two linked posts: the second's text
        words = text if second is None else text + "\n\n" + second  # an approver reads both
        decision = verdict(tx.db, channel_id, wanted.kind, words)
        needs[channel_id] = list(decision.reasons)
        target_id = posts.insert_target(
            tx.db,
            post_id=post_id,
            channel_id=channel_id,
            status=TargetStatus.DRAFT if wanted.draft else TargetStatus.QUEUED,
            approval=ApprovalState.AWAITING if decision.needed else ApprovalState.NOT_REQUIRED,
            scheduled_utc=wanted.scheduled_utc,
            now=now,
            body_override=None if text == texts.body else text,
            cleared_incident_id=wanted.cleared_incident_id,
            second_text=second,
        )
        target_ids.append(target_id)
    held = 0
    if not wanted.draft:  # composed during an incident: held at once if its scope covers it
        held = incidents.hold_if_active(tx.db, target_ids, now)
    tx.audit(
        actor=author.name,
        action="post.create",
        category=AuditCategory.COLLECTION,
        object_type="post",
        object_id=post_id,
        after={
            "kind": wanted.kind.value,
            "channels": list(needs),
            "scheduled_utc": wanted.scheduled_utc,
            "draft": wanted.draft,
            "variants": sorted(wanted.variants),
            "images": [{"file": name, "alt": alt.strip()} for name, _data, alt in wanted.images],
            "awaiting_approval": {str(c): r for c, r in needs.items() if r},
            **({"bilingual": texts.bilingual.form} if texts.bilingual else {}),
            **({"held_by_incident": held} if held else {}),
        },
    )
    post = posts.get(tx.db, post_id)
    assert post is not None
    return post


def check_length(
    tx: Transaction,
    text: str,
    channel_id: int,
    images: list[tuple[str, bytes, str]] | None = None,
) -> None:
    """Refuse, with a sentence, what a channel's network would reject."""
    channel = channels.get(tx.db, channel_id)
    if channel is None:
        raise StoreError(
            _("There is no channel number {channel_id}.").format(channel_id=channel_id)
        )
    rule = channel_rule(tx.db, channel_id, channel.network)
    if problem := check_text(channel.network, text, rule):
        raise StoreError(_("{channel.name}: {problem}").format(channel=channel, problem=problem))
    limits = channels.limits_of(tx.db, channel_id)
    if images and (problem := check_images(channel.network, images, limits)):
        raise StoreError(_("{channel.name}: {problem}").format(channel=channel, problem=problem))


def check_linked(
    tx: Transaction,
    first: str,
    second: str,
    channel_id: int,
    images: list[tuple[str, bytes, str]] | None = None,
) -> None:
    """Two linked posts: each is a post of its own on the channel, so each is checked
    against its limit on its own; the images go with the first."""
    check_length(tx, first, channel_id, images)
    check_length(tx, second, channel_id)


def check_combined(
    tx: Transaction, text: str, channel_id: int, images: list[tuple[str, bytes, str]]
) -> None:
    """One bilingual post's text: over the network's limit, a sentence saying the two
    languages together are too long; anything else as ``check_length``."""
    channel = channels.get(tx.db, channel_id)
    if channel is not None and text.strip():
        rule = channel_rule(tx.db, channel_id, channel.network)
        over = -rule.remaining(text)
        if over > 0:
            raise StoreError(
                ngettext(
                    "{channel}: the Welsh and English together come to {used} {unit}, and "
                    "{network} allows {limit}: {over} character too many. Shorten them, or "
                    "ask an administrator to post the two languages as two linked posts.",
                    "{channel}: the Welsh and English together come to {used} {unit}, and "
                    "{network} allows {limit}: {over} characters too many. Shorten them, or "
                    "ask an administrator to post the two languages as two linked posts.",
                    over,
                ).format(
                    channel=channel.name,
                    used=rule.count(text),
                    unit=_(NETWORKS[channel.network].unit),
                    network=NETWORKS[channel.network].label,
                    limit=rule.limit,
                    over=over,
                )
            )
    check_length(tx, text, channel_id, images)


async def cancel_post(
    session: Session, post_id: int, *, reason: str, seen: posts.Post | None = None
) -> posts.Post:
    """Cancel every target of the post that has not gone out (held ones are gold's).
    ``seen``: the post as the officer's screen showed it (refused if it changed)."""
    require(session.user, Action.CANCEL)
    if not reason.strip():
        raise StoreError(_("Say why the post is cancelled: it goes in the audit trail."))

    def write(tx: Transaction) -> posts.Post:
        post = posts.get(tx.db, post_id)
        if post is None:
            raise StoreError(_("There is no post number {post_id}.").format(post_id=post_id))
        require_post_unchanged(tx, post, seen)
        open_targets = [t for t in post.targets if t.status in OPEN]
        if not open_targets and any(t.status is TargetStatus.HELD for t in post.targets):
            raise StoreError(_HELD_SENTENCE)
        if not open_targets:
            raise StoreError(
                _("Post {post_id} has nothing left to cancel.").format(post_id=post_id)
            )
        now = tx.now()
        for target in open_targets:
            posts.set_status(tx.db, target.id, TargetStatus.CANCELLED, now)
        tx.audit(
            actor=session.user.name,
            action="post.cancel",
            category=AuditCategory.ALTERATION,
            object_type="post",
            object_id=post_id,
            before={str(t.id): t.status.value for t in open_targets},
            after={"status": "cancelled"},
            justification=reason,
        )
        result = posts.get(tx.db, post_id)
        assert result is not None
        return result

    return await session.store.write(write)


_HELD_SENTENCE = (
    "This post is held by incident mode: gold decides on it in the Incident area "
    "(release, amend or cancel)."
)

EDITABLE = (TargetStatus.DRAFT, TargetStatus.QUEUED, TargetStatus.MISSED, TargetStatus.FAILED)


async def edit_post(
    session: Session,
    post_id: int,
    body: str,
    *,
    welsh: str = "",
    english: str = "",
    reason: str = "",
    seen: posts.Post | None = None,
) -> posts.Post:
    """Change a post's text on every target that has not gone out. ``seen``: the post
    as the officer's editor was opened on: if anyone changed it since, nothing is
    saved and the sentence says who and when (``console.concurrency``). A bilingual
    post is changed with both texts (``welsh``, ``english``; ``body`` unused), which go
    out as the force's bilingual setting now says, as a new post's would.

    Changed content is judged again: a target that needs approval goes back to
    awaiting it, even if the old text was approved, so an approval never covers
    words the approver did not read. Held targets are amended through incident
    mode, and sent ones cannot be changed here.
    """
    require(session.user, Action.EDIT)
    languages = bool(welsh.strip() or english.strip())
    if not languages and not body.strip():
        raise StoreError(_("The post is empty: write something first."))

    def write(tx: Transaction) -> posts.Post:
        post = posts.get(tx.db, post_id)
        if post is None:
            raise StoreError(_("There is no post number {post_id}.").format(post_id=post_id))
        require_post_unchanged(tx, post, seen)
        if post.bilingual and not languages:
            raise StoreError(_("This post is in Welsh and English: change it with both texts."))
        open_targets = [t for t in post.targets if t.status in EDITABLE]
        if not open_targets and any(t.status is TargetStatus.HELD for t in post.targets):
            raise StoreError(_HELD_SENTENCE)
        if not open_targets:
            raise StoreError(_("Nothing of this post can be edited: it has gone out."))
        now = tx.now()
        whole = len(open_targets) == len(post.targets)
        if post.bilingual:
            words = _set_both(tx, post, open_targets, welsh, english, whole=whole)
            before: dict[str, object] = {"welsh": post.welsh, "english": post.english}
            after: dict[str, object] = {"welsh": welsh.strip(), "english": english.strip()}
        else:
            # A channel given its own version keeps it when the whole post is edited:
            # its words (checked, and judged for approval) are that version, not the body.
            own = posts.own_texts(tx.db, [t.id for t in open_targets]) if whole else {}
            words = {target.id: own.get(target.id) or body for target in open_targets}
            for target in open_targets:
                check_length(tx, words[target.id], target.channel_id)
            if whole:
                posts.set_body(tx.db, post_id, body, now)
            else:  # some went out or are held: their words stay as they were
                for target in open_targets:
                    posts.set_target_text(tx.db, target.id, body, now)
            before, after = {"body": post.body}, {"body": body}
        for target in open_targets:
            decision = verdict(tx.db, target.channel_id, post.kind, words[target.id])
            # A holding statement's words always go back to an approver.
            needed = decision.needed or post.kind is ContentKind.HOLDING_STATEMENT
            approval = ApprovalState.AWAITING if needed else ApprovalState.NOT_REQUIRED
            posts.set_review(tx.db, [target.id], approval=approval, now=now)
        # Released by gold and now changed: held again until gold has seen the change.
        held_again = incidents.unclear(tx.db, [t.id for t in open_targets], now)
        tx.audit(
            actor=session.user.name,
            action="post.edit",
            category=AuditCategory.ALTERATION,
            object_type="post",
            object_id=post_id,
            before=before,
            after={
                **after,
                "targets": [t.id for t in open_targets],
                **({"held_again": held_again} if held_again else {}),
            },
            justification=reason,
        )
        edited = posts.get(tx.db, post_id)
        assert edited is not None
        return edited

    return await session.store.write(write)


def _set_both(
    tx: Transaction,
    post: posts.Post,
    open_targets: list[posts.Target],
    welsh: str,
    english: str,
    *,
    whole: bool,
) -> dict[int, str]:
    """A bilingual post's new texts on its open targets (the post's own texts too when
    none has gone out, else the sent ones keep theirs); each target's words as an
    approver reads them."""
    if problem := missing_sentence(welsh.strip(), english.strip()):
        raise StoreError(problem)  # a bilingual post stays bilingual, setting or not
    wanted = NewPost(
        "", [t.channel_id for t in open_targets], None, post.kind, welsh=welsh, english=english
    )
    texts = texts_of(tx, wanted)  # each channel's limits checked
    now = tx.now()
    if whole and texts.bilingual is not None:
        posts.set_languages(tx.db, post.id, texts.body, texts.bilingual, now)
    words = {}
    for target in open_targets:
        first, second = texts.first[target.channel_id], texts.second.get(target.channel_id)
        own = None if whole and first == texts.body else first
        posts.set_target_texts(tx.db, target.id, own, second, now)
        words[target.id] = first if second is None else first + "\n\n" + second
    return words
