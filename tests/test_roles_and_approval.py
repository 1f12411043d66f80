"""Roles, four-eyes approval, late approval, blocked words, users, settings.

Every rule is checked in the core service that performs the action: these tests
call the services directly, as the window and the command line do.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from console import approval, channel_admin, settings
from console import users as user_admin
from console.approval import ApprovalNeedsNewTime
from console.permissions import ALLOWED, Action, NotPermitted, may, needs_sentence, require
from console.posts import cancel_post, create_post, edit_post
from console.session import SignInThrottle
from storage import audit, posts
from storage.errors import StoreError, TooManyAttempts, WrongPassword
from storage.lifecycle import open_store
from storage.records import ApprovalState, ContentKind, Role, TargetStatus, User
from tests.helpers import FAST_KDF, put_keyfile
from tests.team import Team

pytestmark = pytest.mark.asyncio

# The roles as the product states them, written out independently of the code's table.
EXPECTED: dict[Role, set[Action]] = {
    Role.DUTY_OFFICER: {
        Action.READ, Action.COMPOSE, Action.SCHEDULE, Action.EDIT, Action.CANCEL,
        Action.ENGAGE_INCIDENT, Action.SEND_PREAPPROVED_STATEMENT,
        Action.READ_INBOX, Action.WORK_INBOX, Action.REPLY, Action.ACKNOWLEDGE_ALERT,
        Action.RECORD_REPORTS, Action.VIEW_REPORTS, Action.EXPORT_REPORTS,
    },
    Role.APPROVER: {
        Action.READ, Action.COMPOSE, Action.SCHEDULE, Action.EDIT, Action.CANCEL,
        Action.ENGAGE_INCIDENT, Action.SEND_PREAPPROVED_STATEMENT,
        Action.APPROVE, Action.RELEASE_HELD, Action.AMEND_HELD, Action.STAND_DOWN,
        Action.MANAGE_TEMPLATES, Action.READ_INBOX, Action.WORK_INBOX,
        Action.MANAGE_SAVED_REPLIES, Action.REPLY, Action.ACKNOWLEDGE_ALERT,
        Action.MANAGE_LISTENING,
        Action.RECORD_REPORTS, Action.VIEW_REPORTS, Action.EXPORT_REPORTS,
    },
    Role.ADMINISTRATOR: {
        Action.READ, Action.MANAGE_USERS, Action.MANAGE_ROLES, Action.MANAGE_CHANNELS,
        Action.MANAGE_SETTINGS, Action.MANAGE_CREDENTIALS, Action.MANAGE_INBOX_TEAMS,
        Action.ERASE_EXPIRED, Action.MANAGE_THREAT_PHRASES,
    },
    Role.OBSERVER: {Action.READ, Action.READ_INBOX, Action.VIEW_REPORTS},
    Role.TRAINER: {
        Action.READ, Action.READ_INBOX, Action.VIEW_REPORTS, Action.CONTROL_EXERCISE,
    },
}  # fmt: skip


def _user(*roles: Role, active: bool = True) -> User:
    return User(1, "x", "X", active, frozenset(roles), "")


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("action", list(Action))
async def test_each_role_against_each_action(role: Role, action: Action) -> None:
    assert may(_user(role), action) == (action in EXPECTED[role])


async def test_roles_add_up_and_a_refusal_names_the_role_needed() -> None:
    both = _user(Role.DUTY_OFFICER, Role.ADMINISTRATOR)
    assert may(both, Action.COMPOSE)
    assert may(both, Action.MANAGE_USERS)
    assert not may(both, Action.APPROVE)
    with pytest.raises(NotPermitted) as caught:
        require(both, Action.APPROVE)
    assert str(caught.value) == (
        "Approving or rejecting content needs the Approver role; "
        "you hold Administrator, Duty officer."
    )
    assert not may(_user(Role.APPROVER, active=False), Action.READ)
    assert set(ALLOWED) == set(Action)


async def _actions(team: Team) -> list[tuple[str, str, str]]:
    entries = await team.admin.store.run(lambda db: list(audit.iter_entries(db)))
    return [(e.actor, e.action, e.justification) for e in entries]


# -- who may do what, in the services ------------------------------------------------------


async def test_observer_and_administrator_cannot_compose(team: Team) -> None:
    for name in ("olly", "alice"):
        with pytest.raises(NotPermitted, match="Composing a post needs"):
            await create_post(team[name], body="Hello", channel_ids=[1], scheduled_utc=team.at(30))


async def test_a_locked_session_does_nothing_in_the_officers_name(team: Team) -> None:
    """The window closes everything at the lock; the core refuses too, so a window left
    open or a request already on its way cannot act for the officer who locked it.
    The same officer unlocking carries on; after a handover the old session stays
    locked for good."""
    dora = team["dora"]
    await dora.lock("away from the desk")
    with pytest.raises(NotPermitted, match="The console is locked: dora must unlock it first"):
        await create_post(dora, body="Road closed", channel_ids=[1], scheduled_utc=team.at(30))
    assert not may(dora.user, Action.COMPOSE)
    entries = await dora.store.run(lambda db: [e.action for e in audit.iter_entries(db)])
    assert entries[-1] == "session.lock" and "post.create" not in entries

    back = await dora.unlock("dora", "dora password 1")
    assert back is dora and not dora.user.locked
    await create_post(dora, body="Road closed", channel_ids=[1], scheduled_utc=team.at(30))

    await dora.lock("end of shift")
    gold = await dora.unlock("gold", "gold password 1")  # a handover: gold's own session
    assert gold is not dora and not gold.user.locked
    with pytest.raises(NotPermitted, match="The console is locked"):
        await create_post(dora, body="Late", channel_ids=[1], scheduled_utc=team.at(30))


async def test_duty_officer_composes_and_cancels_but_cannot_approve_or_manage(team: Team) -> None:
    await approval.set_rule(team.admin, 1, ContentKind.POST, True)
    post = await create_post(
        team["dora"], body="Road closed", channel_ids=[1], scheduled_utc=team.at(30)
    )
    with pytest.raises(NotPermitted, match="needs the Approver role; you hold Duty officer"):
        await approval.approve(team["dora"], post.id)
    with pytest.raises(NotPermitted, match="Managing users needs the Administrator role"):
        await user_admin.add_user(
            team["dora"], name="eve", password="x" * 12, roles=[Role.OBSERVER]
        )
    with pytest.raises(NotPermitted, match="Changing settings needs the Administrator role"):
        await settings.change(team["dora"], settings.IDLE_LOCK_MINUTES, 10)
    cancelled = await cancel_post(team["dora"], post.id, reason="wrong road")
    assert {t.status for t in cancelled.targets} == {TargetStatus.CANCELLED}
    with pytest.raises(NotPermitted):
        await cancel_post(team["olly"], post.id, reason="x")


# -- four eyes -----------------------------------------------------------------------------


async def test_content_needing_approval_waits_and_the_author_cannot_approve_it(team: Team) -> None:
    await approval.set_rule(team.admin, 1, ContentKind.POST, True, reason="press office policy")
    post = await create_post(
        team["both"], body="Appeal for witnesses", channel_ids=[1, 2], scheduled_utc=team.at(60)
    )
    by_channel = {t.channel_id: t.approval for t in post.targets}
    assert by_channel == {1: ApprovalState.AWAITING, 2: ApprovalState.NOT_REQUIRED}
    # The author holds the approver role too: four eyes still means another person.
    with pytest.raises(
        StoreError, match=r"You wrote this post, so another approver must approve it"
    ):
        await approval.approve(team["both"], post.id, reason="fine")
    approved = await approval.approve(team["gold"], post.id, reason="checked with SIO")
    assert {t.channel_id: t.approval for t in approved.targets} == {
        1: ApprovalState.APPROVED,
        2: ApprovalState.NOT_REQUIRED,
    }
    assert ("gold", "post.approve", "checked with SIO") in await _actions(team)
    with pytest.raises(StoreError, match="is not awaiting approval"):
        await approval.approve(team["silver"], post.id)


async def test_rejection_returns_the_post_to_its_author_with_the_reason(team: Team) -> None:
    await approval.set_rule(team.admin, 1, ContentKind.POST, True)
    post = await create_post(
        team["dora"], body="Draft text", channel_ids=[1], scheduled_utc=team.at(60)
    )
    with pytest.raises(StoreError, match="Say why the post is rejected"):
        await approval.reject(team["gold"], post.id, reason=" ")
    rejected = await approval.reject(team["gold"], post.id, reason="Names a suspect")
    assert rejected.review_note == "Names a suspect"
    assert [(t.status, t.approval) for t in rejected.targets] == [
        (TargetStatus.DRAFT, ApprovalState.REJECTED)
    ]
    assert ("gold", "post.reject", "Names a suspect") in await _actions(team)


async def test_late_approval_asks_for_a_new_time(team: Team) -> None:
    await approval.set_rule(team.admin, 1, ContentKind.POST, True)
    post = await create_post(
        team["dora"], body="Event today", channel_ids=[1], scheduled_utc=team.at(15)
    )
    team.clock.advance(minutes=20)  # gold reads it after its time
    with pytest.raises(ApprovalNeedsNewTime) as caught:
        await approval.approve(team["gold"], post.id)
    assert str(caught.value) == (
        "This post was due at Sat 28 Nov 2026 09:15:00 GMT, before it was approved: "
        "choose a new time so that nothing goes out late by surprise."
    )
    unchanged = await team.admin.store.run(lambda db: posts.get(db, post.id))
    assert unchanged is not None
    assert unchanged.targets[0].approval is ApprovalState.AWAITING
    with pytest.raises(StoreError, match="already passed"):
        await approval.approve(team["gold"], post.id, new_time_utc=team.at(-1))
    approved = await approval.approve(team["gold"], post.id, new_time_utc=team.at(10))
    assert approved.targets[0].scheduled_utc == team.at(10)
    assert approved.targets[0].approval is ApprovalState.APPROVED


async def test_blocked_words_send_content_to_approval_whatever_the_channel_says(
    team: Team,
) -> None:
    await approval.add_blocked_phrase(team.admin, "Operation Kestrel", reason="embargoed")
    await approval.add_blocked_phrase(team.admin, "arms")
    with pytest.raises(StoreError, match="already on the blocked list"):
        await approval.add_blocked_phrase(team.admin, "ARMS")
    held = await create_post(
        team["dora"],
        body="Update on operation   KESTREL tonight",
        channel_ids=[1, 2],
        scheduled_utc=team.at(30),
    )
    assert {t.approval for t in held.targets} == {ApprovalState.AWAITING}
    clear = await create_post(
        team["dora"],
        body="Firearms amnesty ends Friday",
        channel_ids=[1],
        scheduled_utc=team.at(30),
    )
    assert clear.targets[0].approval is ApprovalState.NOT_REQUIRED  # 'arms' is not a whole word
    words = await approval.blocked_phrases(team["olly"])
    assert words == ["arms", "Operation Kestrel"]
    with pytest.raises(NotPermitted):
        await approval.add_blocked_phrase(team["gold"], "anything")
    await approval.remove_blocked_phrase(team.admin, "arms", reason="too broad")
    entries = await _actions(team)
    assert ("alice", "approval.block_phrase", "embargoed") in entries
    assert ("alice", "approval.unblock_phrase", "too broad") in entries


async def test_editing_a_post_judges_a_channels_own_version_as_it_goes_out(team: Team) -> None:
    """The whole post edited: a channel with its own version keeps it, so that version
    (not the new body) is what is judged for approval and checked against the limit."""
    await approval.add_blocked_phrase(team.admin, "Operation Kestrel", reason="embargoed")
    x = await channel_admin.add_channel(team.admin, name="Real X", network="x", account="rx")
    post = await create_post(
        team["dora"],
        body="Road closed at Eastbridge",
        channel_ids=[1, x.id],
        variants={1: "Road closed: Operation Kestrel", x.id: "Road closed"},
        scheduled_utc=team.at(30),
    )
    awaiting = {t.channel_id: t.approval for t in post.targets}
    assert awaiting == {1: ApprovalState.AWAITING, x.id: ApprovalState.NOT_REQUIRED}
    longer = "Road closed at Eastbridge after a collision. " * 7  # over X's 280
    edited = await edit_post(team["dora"], post.id, longer, seen=post)
    after = {t.channel_id: t.approval for t in edited.targets}
    assert after[1] is ApprovalState.AWAITING  # its own words still hold the phrase
    assert after[x.id] is ApprovalState.NOT_REQUIRED  # X keeps its own short version
    assert edited.body == longer


# -- users -------------------------------------------------------------------------------------


async def test_the_last_administrator_stays(team: Team) -> None:
    with pytest.raises(StoreError, match="alice is the last active administrator"):
        await user_admin.set_roles(team.admin, "alice", [Role.DUTY_OFFICER], reason="x")
    with pytest.raises(StoreError, match="cannot disable yourself"):
        await user_admin.disable_user(team.admin, "alice", reason="x")
    await user_admin.set_roles(
        team.admin, "gold", [Role.APPROVER, Role.ADMINISTRATOR], reason="deputy"
    )
    gold = await team.refresh("gold")
    await user_admin.set_roles(team.admin, "alice", [Role.DUTY_OFFICER], reason="moving on")
    assert team.admin.user.roles == frozenset({Role.DUTY_OFFICER})  # the session follows
    with pytest.raises(StoreError, match="gold is the last active administrator"):
        await user_admin.set_roles(gold, "gold", [Role.APPROVER], reason="x")


async def test_disable_reset_and_change_password(team: Team) -> None:
    store = team.admin.store
    await user_admin.reset_password(
        team.admin, "dora", "a brand new phrase", reason="forgot", kdf=FAST_KDF
    )
    with pytest.raises(WrongPassword):
        await _unlocks(store.where, "dora", "dora password 1")
    await _unlocks(store.where, "dora", "a brand new phrase")

    dora = team["dora"]
    with pytest.raises(WrongPassword, match="current password is not right"):
        await user_admin.change_own_password(dora, "nope", "another good phrase", kdf=FAST_KDF)
    with pytest.raises(StoreError, match="at least 10 characters"):
        await user_admin.change_own_password(dora, "a brand new phrase", "short", kdf=FAST_KDF)
    await user_admin.change_own_password(
        dora, "a brand new phrase", "another good phrase", kdf=FAST_KDF
    )
    await _unlocks(store.where, "dora", "another good phrase")

    await user_admin.disable_user(team.admin, "dora", reason="left the force")
    with pytest.raises(WrongPassword):
        await _unlocks(store.where, "dora", "another good phrase")
    listed = {u.name: u.active for u in await user_admin.list_users(team["olly"])}
    assert listed["dora"] is False  # history stays
    entries = await _actions(team)
    assert ("alice", "user.reset_password", "forgot") in entries
    assert ("dora", "user.change_password", "") in entries
    assert ("alice", "user.disable", "left the force") in entries


async def _unlocks(path: Path | str, name: str, password: str) -> None:
    store, _ = await open_store(path, name, password)
    await store.close()


async def test_a_disabled_user_whose_slot_survived_is_still_refused(team: Team) -> None:
    # Even if removing the slot had failed after the commit, sign-in checks the record.
    keyfile = team.admin.store.keyfile
    await user_admin.disable_user(team.admin, "olly", reason="test")
    put_keyfile(team.admin.store.where, keyfile)  # the old slots back, as if removal failed
    with pytest.raises(StoreError, match="olly may no longer open this store"):
        await _unlocks(team.admin.store.where, "olly", "olly password 1")
    put_keyfile(team.admin.store.where, team.admin.store.keyfile)


async def test_a_disabled_user_is_enabled_again_with_a_new_password_and_a_reason(
    team: Team,
) -> None:
    store = team.admin.store
    await user_admin.disable_user(team.admin, "dora", reason="on secondment")
    with pytest.raises(StoreError, match="dora is disabled"):
        await user_admin.reset_password(team.admin, "dora", "a brand new phrase", reason="x")
    with pytest.raises(NotPermitted):
        await user_admin.enable_user(
            team["olly"], "dora", "back from secondment", reason="back", kdf=FAST_KDF
        )
    with pytest.raises(StoreError, match="Say why dora is enabled"):
        await user_admin.enable_user(
            team.admin, "dora", "back from secondment", reason=" ", kdf=FAST_KDF
        )
    enabled = await user_admin.enable_user(
        team.admin, "dora", "back from secondment", reason="back at the force", kdf=FAST_KDF
    )
    assert enabled.active
    await _unlocks(store.where, "dora", "back from secondment")
    with pytest.raises(StoreError, match="dora is already enabled"):
        await user_admin.enable_user(
            team.admin, "dora", "back from secondment", reason="again", kdf=FAST_KDF
        )
    assert ("alice", "user.enable", "back at the force") in await _actions(team)


@pytest.mark.parametrize(
    ("name", "display_name", "refusal"),
    [
        ("x" * 41, "", "1 to 40 letters, digits"),
        ("<b>bold</b>", "", "1 to 40 letters, digits"),
        ("a/b\\c;DROP", "", "1 to 40 letters, digits"),
        ("two words", "", "with no spaces"),
        ("ok.name", "y" * 81, "full name to 80 characters"),
        ("ok.name", "Sgt\tLee", "control characters"),
    ],
)
async def test_user_names_are_limited_in_length_and_characters(
    team: Team, name: str, display_name: str, refusal: str
) -> None:
    with pytest.raises(StoreError, match=refusal):
        await user_admin.add_user(
            team.admin, name=name, password="a sensible phrase", roles=[Role.OBSERVER],
            display_name=display_name, kdf=FAST_KDF,
        )  # fmt: skip
    added = await user_admin.add_user(
        team.admin, name="pc_lee-2.x" + "y" * 30, password="a sensible phrase",
        roles=[Role.OBSERVER], display_name="Sgt Lee " + "z" * 72, kdf=FAST_KDF,
    )  # fmt: skip
    assert added.active


# -- settings ----------------------------------------------------------------------------------


async def test_idle_lock_setting_is_typed_checked_and_audited(team: Team) -> None:
    store = team.admin.store
    assert await settings.get(store, settings.IDLE_LOCK_MINUTES) == 5
    with pytest.raises(StoreError, match="between 1 and 240 minutes"):
        await settings.change(team.admin, settings.IDLE_LOCK_MINUTES, 0)
    await settings.change(team.admin, settings.IDLE_LOCK_MINUTES, 15, reason="night shift")
    assert await settings.get(store, settings.IDLE_LOCK_MINUTES) == 15
    entries = await store.run(lambda db: list(audit.iter_entries(db)))
    assert entries[-1].action == "settings.change"
    assert entries[-1].before == '{"value":5}' and entries[-1].after == '{"value":15}'


async def test_statement_card_settings_are_saved_all_or_nothing(team: Team) -> None:
    store = team.admin.store
    with pytest.raises(StoreError, match=r"six hexadecimal digits.*Nothing was changed"):
        await settings.change_all(
            team.admin,
            [(settings.CARD_FORCE_NAME, "Dyfed-Powys Police"), (settings.CARD_COLOUR, "red")],
        )
    assert await settings.get(store, settings.CARD_FORCE_NAME) == ""
    await settings.change_all(
        team.admin,
        [(settings.CARD_FORCE_NAME, "Dyfed-Powys Police"), (settings.CARD_COLOUR, "#aa0000")],
    )
    assert await settings.get(store, settings.CARD_FORCE_NAME) == "Dyfed-Powys Police"
    assert await settings.get(store, settings.CARD_COLOUR) == "#aa0000"


async def test_editing_approved_content_sends_it_back_for_approval(team: Team) -> None:
    from console.posts import edit_post

    await approval.set_rule(team.admin, 1, ContentKind.POST, True)
    post = await create_post(
        team["dora"], body="Approved words", channel_ids=[1, 2], scheduled_utc=team.at(60)
    )
    await approval.approve(team["gold"], post.id, reason="fine")
    edited = await edit_post(team["dora"], post.id, "Different words", reason="typo")
    by_channel = {t.channel_id: t.approval for t in edited.targets}
    assert by_channel == {1: ApprovalState.AWAITING, 2: ApprovalState.NOT_REQUIRED}
    assert edited.body == "Different words"
    with pytest.raises(NotPermitted, match="Editing a post needs"):
        await edit_post(team["olly"], post.id, "x")
    await cancel_post(team["dora"], post.id, reason="done")
    with pytest.raises(StoreError, match="Nothing of this post can be edited"):
        await edit_post(team["dora"], post.id, "again")


async def test_guessing_the_current_password_meets_the_sign_in_s_growing_delay(
    team: Team,
) -> None:
    """Changing one's own password proves the current one: from an unlocked console
    that was a way to guess it with no delay at all."""
    clock = [1000.0]
    throttle = SignInThrottle(monotonic=lambda: clock[0])
    dora = team["dora"]

    async def change(current: str) -> None:
        await user_admin.change_own_password(
            dora, current, "another good phrase", kdf=FAST_KDF, throttle=throttle
        )

    for _try in range(2):
        with pytest.raises(WrongPassword, match="current password is not right"):
            await change("a guess")
    with pytest.raises(WrongPassword, match=r"Wait 1 s before the next try\.$"):
        await change("a third guess")
    with pytest.raises(TooManyAttempts):
        await change("dora password 1")  # even the right one waits
    clock[0] += 1.5
    await change("dora password 1")
    assert throttle.remaining(dora.store.location) == 0


@pytest.mark.usefixtures("welsh")
async def test_the_wait_after_wrong_passwords_is_told_in_welsh() -> None:
    throttle = SignInThrottle(monotonic=lambda: 0.0)
    for _try in range(2):
        throttle.failed("s.cordon")
    told = throttle.counted("s.cordon", WrongPassword("Cyfrinair anghywir."))
    assert str(told).startswith("Cyfrinair anghywir. ")
    assert "before the next try" not in str(told)


async def test_a_refusal_lists_three_or_more_roles_as_a_sentence_does() -> None:
    """ "A, B, C or D", not "A or B or C or D"; in Welsh as read back from the kept English."""
    nobody = User(1, "nobody", "Nobody", True, frozenset(), "2026-12-07T00:00:00Z")
    with pytest.raises(NotPermitted) as refused:
        require(nobody, Action.READ_INBOX)
    said = str(refused.value)
    assert " or " in said and said.count(" or ") == 1, said
    assert ", " in said.split(" role;")[0], said
    assert needs_sentence(Action.READ_INBOX).count(" or ") == 1
