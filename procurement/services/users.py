"""Users: create, set roles, (de)activate, set a password, authenticate; demo accounts of the embedded default."""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from procurement.models import AuditEvent, User, now
from procurement.passwords import hash_password, needs_rehash, password_problem, verify_password
from procurement.roles import BEHEERDER, ROLES, role_names
from procurement.services.audit import record
from procurement.services.errors import ServiceError
from procurement.services.transaction import committing
from procurement.sessions import DbSession

log = logging.getLogger(__name__)
NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,79}$")
DEMO_PREFIX = "demo-"


class UserError(ServiceError):
    """A user change that is refused; `field` names the form field at fault, when there is one."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class SignInThrottled(ServiceError):
    """Too many failed sign-ins on this account or from this address within the window."""

    def __init__(self, minutes: int) -> None:
        super().__init__(f"Te veel mislukte aanmeldpogingen. Wacht {minutes} minuten en probeer het dan opnieuw.")
        self.minutes = minutes


@dataclass(frozen=True, slots=True)
class Throttle:
    """How many failed sign-ins (per account name, per client address) a window of minutes allows."""

    minutes: int = 15
    per_account: int = 5
    per_address: int = 20


REAUTH_FIELD = "current_password"
REAUTH_MESSAGE = "Bevestig met je eigen huidige wachtwoord."


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
    session: DbSession,
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
    # made by a demo account (the embedded default): a demo account too, deactivated when the demo ends
    demo = demo or bool(actor is not None and actor.demo)
    user = User(name=name, full_name=full_name.strip()[:120], password_hash=hash_password(password),
                roles=wanted, active=True, demo=demo)
    with committing(session):
        session.add(user)
        try:
            session.flush()
        except IntegrityError as exc:  # created by someone else meanwhile
            raise UserError(f"De gebruikersnaam {name} bestaat al.", "name") from exc
        record(session, actor, "user.created",
               f"Gebruiker {name} aangemaakt met {'de rol' if len(wanted) == 1 else 'de rollen'} {role_names(wanted)}.",
               subject_id=user.id, data={"roles": wanted})
    log.info("user %s created", name)
    return user


def update_user(
    session: DbSession, actor: User, user_id: int, *, roles: Iterable[str], full_name: str,
    actor_password: str | None = None,
) -> User:
    """Set a user's roles and full name; the last active administrator keeps that role.

    A change of roles needs the administrator's own password again (`actor_password`).
    """
    with committing(session):
        user = _get(session, user_id)
        wanted = _roles(roles)
        if user.roles != wanted:
            _reauthenticate(actor, actor_password)
            if BEHEERDER in user.roles and BEHEERDER not in wanted and user.active:
                _keep_an_admin(session, user)
            before = list(user.roles)
            user.roles = wanted
            record(session, actor, "user.roles_changed",
                   f"Rollen van {user.name}: {role_names(before)} → {role_names(wanted)}.",
                   subject_id=user.id, data={"before": before, "after": wanted})
        user.full_name = full_name.strip()[:120]
    return user


def deactivate(session: DbSession, actor: User, user_id: int) -> User:
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


def activate(session: DbSession, actor: User, user_id: int) -> User:
    with committing(session):
        user = _get(session, user_id)
        if user.active:
            return user
        user.active = True
        record(session, actor, "user.activated", f"Gebruiker {user.name} opnieuw geactiveerd.", subject_id=user.id)
    return user


def set_password(
    session: DbSession, actor: User | None, user_id: int, password: str, *, actor_password: str | None = None
) -> User:
    """A new password for a user; an administrator confirms with their own password (the CLI, actor None, not)."""
    with committing(session):
        if actor is not None:
            _reauthenticate(actor, actor_password)
        user = _get(session, user_id)
        problem = password_problem(password, user.name)
        if problem:
            raise UserError(problem, "password")
        user.password_hash = hash_password(password)
        user.session_epoch += 1  # a stolen or forgotten session ends with the old password
        record(session, actor, "user.password_set", f"Nieuw wachtwoord voor {user.name}.", subject_id=user.id)
    return user


def change_own_password(session: DbSession, user: User, current: str, password: str) -> User:
    """A user sets their own password, after giving the current one; their other sessions end."""
    if not verify_password(user.password_hash, current):
        raise UserError("Je huidige wachtwoord klopt niet.", REAUTH_FIELD)
    if verify_password(user.password_hash, password):
        raise UserError("Kies een ander wachtwoord dan het huidige.", "password")
    return set_password(session, user, user.id, password, actor_password=current)


def end_sessions(session: DbSession, user: User) -> None:
    """Signing out: every session of this user ends on the server, also a copy of the cookie."""
    with committing(session):
        user.session_epoch += 1


def sign_in(
    session: DbSession, name: str, password: str, *, address: str, throttle: Throttle = Throttle(),
    demo_accounts: bool = False,
) -> User | None:
    """authenticate() behind a throttle: too many recent failures on the name or from the address refuse
    without checking the password (SignInThrottled); every failure is audited as `user.signin_failed`."""
    name = normalise_name(name)[:80]
    since = now() - timedelta(minutes=throttle.minutes)
    recent = select(func.count(AuditEvent.id)).where(AuditEvent.action == "user.signin_failed",
                                                     AuditEvent.at >= since)
    on_account = session.scalar(recent.where(AuditEvent.data["name"].as_string() == name)) or 0
    from_address = session.scalar(recent.where(AuditEvent.data["address"].as_string() == address)) or 0
    if on_account >= throttle.per_account or from_address >= throttle.per_address:
        log.warning("sign-in throttled (account %s failures, address %s failures)", on_account, from_address)
        raise SignInThrottled(throttle.minutes)
    user = authenticate(session, name, password, demo_accounts=demo_accounts)
    if user is None:
        known = session.scalar(select(User.id).where(User.name == name))
        with committing(session):
            record(session, None, "user.signin_failed", f"Mislukte aanmelding als {name or '(leeg)'} vanaf {address}.",
                   subject_id=known, data={"name": name, "address": address})
        log.info("failed sign-in from %s", address)
    return user


def authenticate(session: DbSession, name: str, password: str, *, demo_accounts: bool = False) -> User | None:
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


def ensure_demo_accounts(session: DbSession) -> list[DemoAccount]:
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


def deactivate_demo_accounts(session: DbSession) -> int:
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


def _reauthenticate(actor: User, password: str | None) -> None:
    if not password or not verify_password(actor.password_hash, password):
        raise UserError(REAUTH_MESSAGE if not password else "Je eigen wachtwoord klopt niet.", REAUTH_FIELD)


def _roles(roles: Iterable[str]) -> list[str]:
    wanted = set(roles)
    unknown = wanted - set(ROLES)
    if unknown:
        raise UserError(f"Onbekende {'rol' if len(unknown) == 1 else 'rollen'}: {', '.join(sorted(unknown))}.", "roles")
    if not wanted:
        raise UserError("Kies minstens één rol.", "roles")
    return [r for r in ROLES if r in wanted]


def _get(session: DbSession, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise UserNotFound()
    return user


def _keep_an_admin(session: DbSession, leaving: User) -> None:
    admins = [u for u in session.scalars(select(User).where(User.active.is_(True), User.id != leaving.id))
              if BEHEERDER in u.roles]
    if not admins:
        raise UserError("Er moet minstens één actieve beheerder blijven.")

