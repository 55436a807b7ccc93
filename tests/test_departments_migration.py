"""Revision 0006 makes the managed list of departments from the free text tenders hold, one spelling each."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import create_engine, select

from procurement.app import MIGRATIONS
from procurement.extensions import db, migrate
from procurement.models import Department, Tender


@pytest.mark.sqlite_only
def test_existing_departments_become_the_list_and_the_tenders_take_one_spelling(
    make_app: Callable[..., Flask], tmp_path: Path
) -> None:
    path = tmp_path / "procurement.sqlite"
    old = Flask("old-install")
    old.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{path}"
    db.init_app(old)
    migrate.init_app(old, db, directory=str(MIGRATIONS), render_as_batch=True)
    with old.app_context():
        upgrade(directory=str(MIGRATIONS), revision="0005")
        db.engine.dispose()
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        for n, department in enumerate(("Facilitair beheer", "  facilitair   Beheer ", "Sport", "", "sport")):
            connection.exec_driver_sql(
                "insert into tender (id, title, reference, department, product_groups, demo, created_at, "
                "review_state, review_comment) values (?, ?, '', ?, '[]', 0, '2026-01-01 10:00:00', 'concept', '')",
                (n + 1, f"Bestek {n + 1}", department),
            )
    engine.dispose()

    app = make_app()

    with app.app_context():
        assert list(db.session.scalars(select(Department.name).order_by(Department.name))) == [
            "Facilitair beheer", "Sport"]
        assert list(db.session.scalars(select(Tender.department).order_by(Tender.id))) == [
            "Facilitair beheer", "Facilitair beheer", "Sport", "", "Sport"]
