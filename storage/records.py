"""Record types and the closed sets of values the schema allows.

Plain dataclasses and enums, shared by the core and (read-only) by the widgets.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from storage.i18n import N_, _


class StoreKind(StrEnum):
    LIVE = "live"
    EXERCISE = "exercise"


class Role(StrEnum):
    DUTY_OFFICER = "duty_officer"
    APPROVER = "approver"
    ADMINISTRATOR = "administrator"
    OBSERVER = "observer"
    TRAINER = "trainer"  # runs an exercise: observer rights plus the exercise's controls

    @property
    def label(self) -> str:
        return _(_ROLE_LABELS[self])

    @property
    def english_label(self) -> str:
        """The label in English: a kept sentence's value, translated where it is shown."""
        return _ROLE_LABELS[self]


_ROLE_LABELS = {
    Role.DUTY_OFFICER: N_("Duty officer"),
    Role.APPROVER: N_("Approver"),
    Role.ADMINISTRATOR: N_("Administrator"),
    Role.OBSERVER: N_("Observer"),
    Role.TRAINER: N_("Trainer"),
}


# Networks with no open posting API (console/networks.py): an officer posts by hand and
# says so in Cordon. The publisher never sends their targets, sync never reads them.
MANUAL_NETWORKS = ("nextdoor", "whatsapp_channel", "website")


class TargetStatus(StrEnum):
    """The state of one post on one channel (DESIGN.md, 'States of a post')."""

    DRAFT = "draft"
    QUEUED = "queued"
    PUBLISHING = "publishing"
    PUBLISHED = "published"
    HELD = "held"
    MISSED = "missed"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        """The state in words, in the officer's language (``value`` is the key)."""
        return _(_STATUS_LABELS[self])


_STATUS_LABELS = {
    TargetStatus.DRAFT: N_("draft"),
    TargetStatus.QUEUED: N_("queued"),
    TargetStatus.PUBLISHING: N_("publishing"),
    TargetStatus.PUBLISHED: N_("published"),
    TargetStatus.HELD: N_("held"),
    TargetStatus.MISSED: N_("missed"),
    TargetStatus.FAILED: N_("failed"),
    TargetStatus.CANCELLED: N_("cancelled"),
}


class ApprovalState(StrEnum):
    NOT_REQUIRED = "not_required"
    AWAITING = "awaiting"
    APPROVED = "approved"
    REJECTED = "rejected"


class ContentKind(StrEnum):
    POST = "post"
    HOLDING_STATEMENT = "holding_statement"
    REPLY = "reply"


class IncidentMode(StrEnum):
    SUSPEND = "suspend"
    REVIEW = "review"


class AuditCategory(StrEnum):
    """What kind of processing an entry records.

    The first six are the operations the Data Protection Act 2018 s.62 requires
    to be logged; ``access`` (sign-in, sign-out, lock) and ``system`` (schema
    upgrades, integrity checks) complete the record of who did what.
    """

    COLLECTION = "collection"
    ALTERATION = "alteration"
    CONSULTATION = "consultation"
    DISCLOSURE = "disclosure"
    COMBINATION = "combination"
    ERASURE = "erasure"
    ACCESS = "access"
    SYSTEM = "system"

    @property
    def needs_justification(self) -> bool:
        # s.62(3): the log of consultation and disclosure shows why it happened.
        return self in (AuditCategory.CONSULTATION, AuditCategory.DISCLOSURE)


@dataclass(frozen=True)
class User:
    id: int
    name: str
    display_name: str
    active: bool
    roles: frozenset[Role]
    created_utc: str
    # Set on the session's copy while its console is locked: nothing is done in the
    # officer's name until they (or another officer) sign in at the lock screen.
    locked: bool = False

    def has(self, role: Role) -> bool:
        return role in self.roles


@dataclass(frozen=True)
class Channel:
    id: int
    name: str
    network: str
    account: str
    area: str
    enabled: bool


@dataclass(frozen=True)
class ServerLimits:
    """What a channel's own server accepts, as its server said (Mastodon-compatible
    servers: nodeinfo's software and ``/api/v2/instance``'s configuration). ``None``
    where the server did not say; ``counting`` names a way of counting in
    ``console.networks``."""

    counting: str
    max_characters: int | None = None
    url_length: int | None = None
    images_max: int | None = None
    image_max_bytes: int | None = None
    software: str = ""  # the server software and version, for people


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at_utc: str
    actor: str
    action: str
    category: AuditCategory
    object_type: str
    object_id: str
    before: str | None
    after: str | None
    justification: str
    recipient: str
    prev_hash: str
    hash: str


@dataclass(frozen=True)
class Checkpoint:
    """The newest audit hash: proof, held outside the store, of how far history went."""

    store_id: str
    seq: int
    hash: str
    at_utc: str
