"""The teams inbox conversations can be assigned to: free names an administrator
adds and retires (a retired team takes no new work and keeps what it has)."""

from __future__ import annotations

from console.permissions import Action, may, require
from console.session import Session
from storage import conversations as rows
from storage import users
from storage.conversations import Team
from storage.errors import StoreError
from storage.i18n import _
from storage.records import AuditCategory, User
from storage.store import Transaction

NAME_LIMIT = 60


async def list_teams(session: Session, *, active_only: bool = False) -> list[Team]:
    require(session.user, Action.READ_INBOX)
    return await session.store.run(lambda db: rows.teams(db, active_only=active_only))


async def add_team(session: Session, name: str) -> Team:
    require(session.user, Action.MANAGE_INBOX_TEAMS)
    clean = " ".join(name.split())
    if not clean:
        raise StoreError(_("Give the team a name."))
    if len(clean) > NAME_LIMIT:
        raise StoreError(
            _("A team's name holds at most {NAME_LIMIT} characters.").format(NAME_LIMIT=NAME_LIMIT)
        )

    def write(tx: Transaction) -> Team:
        if (existing := rows.team_by_name(tx.db, clean)) is not None:
            raise StoreError(
                _("There is already a team called {existing.name}.").format(existing=existing)
            )
        team_id = rows.add_team(tx.db, clean, tx.now())
        tx.audit(
            actor=session.user.name,
            action="inbox.team_add",
            category=AuditCategory.ALTERATION,
            object_type="inbox_team",
            object_id=team_id,
            after={"name": clean},
        )
        return Team(team_id, clean, True)

    return await session.store.write(write)


async def retire_team(session: Session, name: str, *, reason: str) -> Team:
    require(session.user, Action.MANAGE_INBOX_TEAMS)
    if not reason.strip():
        raise StoreError(_("Say why the team is retired."))

    def write(tx: Transaction) -> Team:
        team = rows.team_by_name(tx.db, name)
        if team is None:
            raise StoreError(_("No team is called {name}.").format(name=name.strip()))
        if not team.active:
            raise StoreError(_("The {team.name} team is already retired.").format(team=team))
        rows.set_team_active(tx.db, team.id, False)
        tx.audit(
            actor=session.user.name,
            action="inbox.team_retire",
            category=AuditCategory.ALTERATION,
            object_type="inbox_team",
            object_id=team.id,
            before={"name": team.name, "active": True},
            after={"name": team.name, "active": False},
            justification=reason.strip(),
        )
        return Team(team.id, team.name, False)

    return await session.store.write(write)


async def assignable_officers(session: Session) -> list[User]:
    """Active users who may work the inbox (whom a conversation can be given to)."""
    require(session.user, Action.READ_INBOX)
    people = await session.store.run(users.all_users)
    return [u for u in people if u.active and may(u, Action.WORK_INBOX)]
