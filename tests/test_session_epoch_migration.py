"""Revision 0005 gives every existing account a session epoch of 0, in place, so open sessions carry on."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from accounts import PASSWORD, password_hash
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import create_engine, select

from procurement.app import MIGRATIONS
from procurement.extensions import db, migrate
from procurement.models import User


@pytest.mark.sqlite_only
def test_an_account_made_before_revision_0005_keeps_signing_in_with_epoch_zero(
    make_app: Callable[..., Flask], tmp_path: Path
) -> None:
    path = tmp_path / "procurement.sqlite"
    old = Flask("old-install")
    old.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{path}"
    db.init_app(old)
    migrate.init_app(old, db, directory=str(MIGRATIONS), render_as_batch=True)
    with old.app_context():
        upgrade(directory=str(MIGRATIONS), revision="0004")
        db.engine.dispose()
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "insert into account (id, name, full_name, password_hash, roles, active, demo, created_at) values "
            "(1, 'hanne', 'Hanne', ?, '[\"aankoopdienst\"]', 1, 0, '2026-01-01 10:00:00')",
            (password_hash(),),
        )
    engine.dispose()

    app = make_app()

    with app.app_context():
        user = db.session.scalar(select(User).where(User.name == "hanne"))
        assert user is not None and user.session_epoch == 0
    client = app.test_client(roles=())
    client.post("/aanmelden", data={"name": "hanne", "password": PASSWORD})
    assert client.get("/bestekken/").status_code == 200
