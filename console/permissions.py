"""Who may do what. Every service checks here before it acts; the window only
hides what these rules would refuse anyway.

Roles: a *duty officer* composes, schedules, edits and cancels posts,
engages incident mode and sends pre-approved holding statements; an *approver*
does all that and approves, releases and amends; an *administrator* manages users,
roles, channels, settings and credentials; an *observer* reads and changes nothing.
A *trainer* (training exercises) reads what an observer reads and controls an exercise.
A user may hold several roles.
"""

from __future__ import annotations

from enum import StrEnum

from storage.errors import StoreError
from storage.i18n import N_, _, ngettext
from storage.records import Role, User
from storage.stored_words import english


class NotPermitted(StoreError):
    """The signed-in user lacks the role an action needs; the sentence names it."""


class Action(StrEnum):
    READ = "read"
    COMPOSE = "compose"
    SCHEDULE = "schedule"
    EDIT = "edit"
    CANCEL = "cancel"
    ENGAGE_INCIDENT = "engage_incident"
    SEND_PREAPPROVED_STATEMENT = "send_preapproved_statement"
    APPROVE = "approve"
    RELEASE_HELD = "release_held"
    AMEND_HELD = "amend_held"
    STAND_DOWN = "stand_down"
    MANAGE_TEMPLATES = "manage_templates"
    MANAGE_USERS = "manage_users"
    MANAGE_ROLES = "manage_roles"
    MANAGE_CHANNELS = "manage_channels"
    MANAGE_SETTINGS = "manage_settings"
    MANAGE_CREDENTIALS = "manage_credentials"
    READ_INBOX = "read_inbox"
    WORK_INBOX = "work_inbox"
    MANAGE_SAVED_REPLIES = "manage_saved_replies"
    MANAGE_INBOX_TEAMS = "manage_inbox_teams"
    ERASE_EXPIRED = "erase_expired"
    REPLY = "reply"
    ACKNOWLEDGE_ALERT = "acknowledge_alert"
    MANAGE_LISTENING = "manage_listening"
    MANAGE_THREAT_PHRASES = "manage_threat_phrases"
    RECORD_REPORTS = "record_reports"
    VIEW_REPORTS = "view_reports"
    EXPORT_REPORTS = "export_reports"
    CONTROL_EXERCISE = "control_exercise"

    @property
    def label(self) -> str:
        return _(_LABELS[self])


_LABELS = {
    Action.READ: N_("Reading the store"),
    Action.COMPOSE: N_("Composing a post"),
    Action.SCHEDULE: N_("Scheduling a post"),
    Action.EDIT: N_("Editing a post"),
    Action.CANCEL: N_("Cancelling a post"),
    Action.ENGAGE_INCIDENT: N_("Engaging incident mode"),
    Action.SEND_PREAPPROVED_STATEMENT: N_("Sending a pre-approved holding statement"),
    Action.APPROVE: N_("Approving or rejecting content"),
    Action.RELEASE_HELD: N_("Releasing a held post"),
    Action.AMEND_HELD: N_("Amending a held post"),
    Action.STAND_DOWN: N_("Standing down incident mode"),
    Action.MANAGE_TEMPLATES: N_("Managing holding statement templates"),
    Action.MANAGE_USERS: N_("Managing users"),
    Action.MANAGE_ROLES: N_("Changing roles"),
    Action.MANAGE_CHANNELS: N_("Managing channels"),
    Action.MANAGE_SETTINGS: N_("Changing settings"),
    Action.MANAGE_CREDENTIALS: N_("Managing channel credentials"),
    Action.READ_INBOX: N_("Reading the inbox"),
    Action.WORK_INBOX: N_("Working the inbox (states, assignment, notes)"),
    Action.MANAGE_SAVED_REPLIES: N_("Managing saved replies"),
    Action.MANAGE_INBOX_TEAMS: N_("Managing inbox teams"),
    Action.ERASE_EXPIRED: N_("Erasing expired inbox items"),
    Action.REPLY: N_("Replying to the public through a channel"),
    Action.ACKNOWLEDGE_ALERT: N_("Acknowledging a threat-to-life alert"),
    Action.MANAGE_LISTENING: N_("Managing listening rules"),
    Action.MANAGE_THREAT_PHRASES: N_("Managing the threat-to-life phrases"),
    Action.RECORD_REPORTS: N_("Recording or changing a report from the public"),
    Action.VIEW_REPORTS: N_("Viewing reports from the public"),
    Action.EXPORT_REPORTS: N_("Handing over (exporting) a report from the public"),
    Action.CONTROL_EXERCISE: N_("Controlling an exercise (its clock and injects)"),
}

_OFFICERS = frozenset({Role.DUTY_OFFICER, Role.APPROVER})
_ALL = frozenset(Role)

# The one table of the rules: each action and the roles that may take it.
ALLOWED: dict[Action, frozenset[Role]] = {
    Action.READ: _ALL,
    Action.COMPOSE: _OFFICERS,
    Action.SCHEDULE: _OFFICERS,
    Action.EDIT: _OFFICERS,
    Action.CANCEL: _OFFICERS,
    Action.ENGAGE_INCIDENT: _OFFICERS,
    Action.SEND_PREAPPROVED_STATEMENT: _OFFICERS,
    Action.APPROVE: frozenset({Role.APPROVER}),
    Action.RELEASE_HELD: frozenset({Role.APPROVER}),
    Action.AMEND_HELD: frozenset({Role.APPROVER}),
    Action.STAND_DOWN: frozenset({Role.APPROVER}),
    Action.MANAGE_TEMPLATES: frozenset({Role.APPROVER}),
    Action.MANAGE_USERS: frozenset({Role.ADMINISTRATOR}),
    Action.MANAGE_ROLES: frozenset({Role.ADMINISTRATOR}),
    Action.MANAGE_CHANNELS: frozenset({Role.ADMINISTRATOR}),
    Action.MANAGE_SETTINGS: frozenset({Role.ADMINISTRATOR}),
    Action.MANAGE_CREDENTIALS: frozenset({Role.ADMINISTRATOR}),
    # The inbox holds the public's personal data: officers work it, observers read it
    # (each opening audited); administrators run its teams and its retention.
    Action.READ_INBOX: frozenset({Role.DUTY_OFFICER, Role.APPROVER, Role.OBSERVER, Role.TRAINER}),
    Action.WORK_INBOX: _OFFICERS,
    Action.MANAGE_SAVED_REPLIES: frozenset({Role.APPROVER}),
    Action.MANAGE_INBOX_TEAMS: frozenset({Role.ADMINISTRATOR}),
    Action.ERASE_EXPIRED: frozenset({Role.ADMINISTRATOR}),
    Action.REPLY: _OFFICERS,
    Action.ACKNOWLEDGE_ALERT: _OFFICERS,
    Action.MANAGE_LISTENING: frozenset({Role.APPROVER}),
    Action.MANAGE_THREAT_PHRASES: frozenset({Role.ADMINISTRATOR}),
    # Reports hold the public's personal data: the desk records and hands them
    # over; an observer may read them (each view audited); an administrator,
    # who runs the system, has no need to see them.
    Action.RECORD_REPORTS: _OFFICERS,
    Action.VIEW_REPORTS: _OFFICERS | {Role.OBSERVER, Role.TRAINER},
    Action.EXPORT_REPORTS: _OFFICERS,
    # The trainer starts, pauses, speeds up and jumps the exercise clock; what the
    # team does with the injects is theirs (a trainer is otherwise an observer).
    Action.CONTROL_EXERCISE: frozenset({Role.TRAINER}),
}


def may(user: User, action: Action) -> bool:
    return user.active and not user.locked and bool(user.roles & ALLOWED[action])


def needs_sentence(action: Action) -> str:
    """``Acknowledging a threat-to-life alert needs the Duty officer or Approver role.``
    (a control's tooltip when the officer may not use it)."""
    needed = sorted(ALLOWED[action])
    names = _either([role.label for role in needed], _(" or "))
    return ngettext(
        "{action.label} needs the {names} role.", "{action.label} needs the {names} roles.",
        len(needed),
    ).format(action=action, names=names)  # fmt: skip


def _either(names: list[str], or_word: str) -> str:
    """``A``, ``A or B``, ``A, B or C``: roles any one of which will do."""
    return or_word.join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else names[0]


def require(user: User, action: Action) -> None:
    """Raise ``NotPermitted`` with a sentence naming the role the action needs (kept:
    the engine may refuse a window's request with it, for a window in another
    language to read)."""
    if may(user, action):
        return
    if user.locked:  # a window left open over the lock screen, a request in flight
        raise NotPermitted.kept(
            english("The console is locked: {user.display_name} must unlock it first.", user=user)
        )
    if not user.active:
        raise NotPermitted.kept(
            english("{user.display_name}'s account is disabled: ask an administrator.", user=user)
        )
    # The English labels, each translated where it is shown (stored_words.LABEL_FIELDS).
    needed = [role.english_label for role in sorted(ALLOWED[action])]
    held = ", ".join(role.english_label for role in sorted(user.roles))
    raise NotPermitted.kept(
        english(
            "{action} needs the {roles} role; you hold {roles_held}.",
            action=_LABELS[action],
            roles=_either(needed, " or "),
            roles_held=held or N_("no role"),
        )
    )
