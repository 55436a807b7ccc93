"""Users: create, set roles, (de)activate, set a password, authenticate; demo accounts of the embedded default."""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from procurement.models import User, now
from procurement.passwords import hash_password, needs_rehash, password_problem, verify_password
from procurement.roles import BEHEERDER, ROLES, role_names
from procurement.services.audit import record
from procurement.services.errors import ServiceError
from procurement.services.transaction import committing

log = logging.getLogger(__name__)
NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,79}$")
DEMO_PREFIX = "demo-"


class UserError(ServiceError):
    """A user change that is refused; `field` names the form field at fault, when there is one."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class UserNotFound(ServiceError):
    def __init__(self) -> None:
        super().__init__("Deze gebruiker bestaat niet.")


@dataclass(frozen=True, slots=True)
class DemoAccount:
    name: str
    role: str
    password: str


def normalise_name(name: str) -> str:
    return (name or "").strip().lower()


def create_user(
    session: Session,
    actor: User | None,
    *,
    name: str,
    password: str,
    roles: Iterable[str],
    full_name: str = "",
    demo: bool = False,
) -> User:
    """A new active user; the name is unique (case-insensitive) and the password meets the rules."""
    name = normalise_name(name)
    if not NAME.match(name):
        raise UserError(
            "Een gebruikersnaam heeft 2 tot 80 tekens: kleine letters, cijfers, punt, koppelteken of liggend "
            "streepje, en begint met een letter of cijfer.",
            "name",
        )
    wanted = _roles(roles)
    problem = password_problem(password, name)
    if problem:
        raise UserError(problem, "password")
    if session.scalar(select(User.id).where(User.name == name)) is not None:
        raise UserError(f"De gebruikersnaam {name} bestaat al.", "name")
    user = User(name=name, full_name=full_name.strip()[:120], password_hash=hash_password(password),
                roles=wanted, active=True, demo=demo)
    with committing(session):
        session.add(user)
        try:
            session.flush()
        except IntegrityError as exc:  # created by someone else meanwhile
            raise UserError(f"De gebruikersnaam {name} bestaat al.", "name") from exc
        record(session, actor, "user.created", f"Gebruiker {name} aangemaakt met rol(len) {role_names(wanted)}.",
               subject_id=user.id, data={"roles": wanted})
    log.info("user %s created", name)
    return user


def update_user(session: Session, actor: User, user_id: int, *, roles: Iterable[str], full_name: str) -> User:
    """Set a user's roles and full name; the last active administrator keeps that role."""
    with committing(session):
        user = _get(session, user_id)
        wanted = _roles(roles)
        if user.roles != wanted:
            if BEHEERDER in user.roles and BEHEERDER not in wanted and user.active:
                _keep_an_admin(session, user)
            before = list(user.roles)
            user.roles = wanted
            record(session, actor, "user.roles_changed",
                   f"Rollen van {user.name}: {role_names(before)} → {role_names(wanted)}.",
                   subject_id=user.id, data={"before": before, "after": wanted})
        user.full_name = full_name.strip()[:120]
    return user


def deactivate(session: Session, actor: User, user_id: int) -> User:
    """The user can no longer sign in, and an open session ends at the next request; the row stays."""
    with committing(session):
        user = _get(session, user_id)
        if user.id == actor.id:
            raise UserError("Je kan jezelf niet deactiveren.")
        if not user.active:
            return user
        if BEHEERDER in user.roles:
            _keep_an_admin(session, user)
        user.active = False
        user.session_epoch += 1  # a session from before stays ended after a reactivation
        record(session, actor, "user.deactivated", f"Gebruiker {user.name} gedeactiveerd.", subject_id=user.id)
    return user


def activate(session: Session, actor: User, user_id: int) -> User:
    with committing(session):
        user = _get(session, user_id)
        if user.active:
            return user
        user.active = True
        record(session, actor, "user.activated", f"Gebruiker {user.name} opnieuw geactiveerd.", subject_id=user.id)
    return user


def set_password(session: Session, actor: User | None, user_id: int, password: str) -> User:
    with committing(session):
        user = _get(session, user_id)
        problem = password_problem(password, user.name)
        if problem:
            raise UserError(problem, "password")
        user.password_hash = hash_password(password)
        user.session_epoch += 1  # a stolen or forgotten session ends with the old password
        record(session, actor, "user.password_set", f"Nieuw wachtwoord voor {user.name}.", subject_id=user.id)
    return user


def authenticate(session: Session, name: str, password: str, *, demo_accounts: bool = False) -> User | None:
    """The active user with this name and password, or None (the same answer for every kind of failure).

    A demo account signs in only where demo accounts are on (the embedded default), never elsewhere.
    """
    user = session.scalar(select(User).where(User.name == normalise_name(name)))
    if not verify_password(user.password_hash if user else None, password) or user is None or not user.active:
        return None
    if user.demo and not demo_accounts:
        return None
    with committing(session):
        if needs_rehash(user.password_hash):
            user.password_hash = hash_password(password)
        user.last_login_at = now()
    return user


def ensure_demo_accounts(session: Session) -> list[DemoAccount]:
    """One demo account per role with a fresh random password (printed at start-up, never a fixed one)."""
    accounts = []
    with committing(session):
        for role in ROLES:
            name = f"{DEMO_PREFIX}{role}"
            password = secrets.token_urlsafe(9)
            user = session.scalar(select(User).where(User.name == name))
            if user is None:
                session.add(User(name=name, full_name=f"Demo {role}", password_hash=hash_password(password),
                                 roles=[role], active=True, demo=True))
            elif user.demo:
                user.password_hash, user.roles, user.active = hash_password(password), [role], True
            else:  # a real user took this name: leave it alone
                continue
            accounts.append(DemoAccount(name, role, password))
    return accounts


def deactivate_demo_accounts(session: Session) -> int:
    """Started without demo accounts: every active demo account is deactivated (and audited); how many."""
    with committing(session):
        ended = list(session.scalars(select(User).where(User.demo.is_(True), User.active.is_(True))))
        for user in ended:
            user.active = False
            user.session_epoch += 1
            record(session, None, "user.deactivated",
                   f"Demo-account {user.name} gedeactiveerd: de toepassing draait zonder demo-accounts.",
                   subject_id=user.id)
    if ended:
        log.info("%s demo account(s) deactivated", len(ended))
    return len(ended)


def _roles(roles: Iterable[str]) -> list[str]:
    wanted = set(roles)
    unknown = wanted - set(ROLES)
    if unknown:
        raise UserError(f"Onbekende rol(len): {', '.join(sorted(unknown))}.", "roles")
    if not wanted:
        raise UserError("Kies minstens één rol.", "roles")
    return [r for r in ROLES if r in wanted]


def _get(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise UserNotFound()
    return user


def _keep_an_admin(session: Session, leaving: User) -> None:
    admins = [u for u in session.scalars(select(User).where(User.active.is_(True), User.id != leaving.id))
              if BEHEERDER in u.roles]
    if not admins:
        raise UserError("Er moet minstens één actieve beheerder blijven.")

