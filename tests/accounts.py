"""Users for tests: made with one password hash computed once, signed in by writing the session directly."""

from __future__ import annotations

import time
from functools import cache

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from procurement.extensions import db
from procurement.models import User
from procurement.passwords import hash_password
from procurement.roles import ROLES
from procurement.web.auth import EPOCH, SEEN_AT, SIGNED_IN_AT, USER

PASSWORD = "een lang testwachtwoord"


@cache
def password_hash() -> str:
    return hash_password(PASSWORD)  # argon2 takes a moment: once per test session


def make_user(app: Flask, *roles: str, name: str | None = None) -> int:
    """The id of a user with exactly these roles (made when missing), password PASSWORD."""
    wanted = [r for r in ROLES if r in roles]
    name = name or ("test-" + "-".join(wanted) if wanted else "test-geen-rol")
    with app.app_context():
        user = db.session.scalar(select(User).where(User.name == name))
        if user is None:
            user = User(name=name, full_name=name, password_hash=password_hash(), roles=wanted, active=True)
            db.session.add(user)
            db.session.commit()
        return user.id


def login(client: FlaskClient, *roles: str, name: str | None = None) -> int:
    """Sign the client in as a user with these roles (all roles when none are given); returns the user id."""
    user_id = make_user(client.application, *(roles or ROLES), name=name)
    with client.application.app_context():
        epoch = db.session.get_one(User, user_id).session_epoch  # signing out elsewhere bumped it
    moment = time.time()
    with client.session_transaction() as session:
        session.clear()
        session.permanent = True
        session.update({USER: user_id, SIGNED_IN_AT: moment, SEEN_AT: moment, EPOCH: epoch})
    return user_id


class SignedInClient(FlaskClient):
    """A test client signed in as a user with every role, unless made with `roles=()` (anonymous) or others."""

    def __init__(self, *args: object, roles: tuple[str, ...] | None = ROLES, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if roles:
            login(self, *roles, name="test" if tuple(roles) == ROLES else None)
