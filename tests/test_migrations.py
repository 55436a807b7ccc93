"""The schema comes from the Alembic migrations: made on an empty file, upgraded in place, never rebuilt."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from builders import DOCX_NAME, cleaning_bestek, post_tender
from flask import Flask
from sqlalchemy import create_engine, func, inspect, select, text

from procurement.extensions import db
from procurement.models import Base, Tender

TABLES = {"alembic_version", "catalogue_version", "tender", "stored_document", "analysis", "finding"}


def test_the_migrations_create_the_schema_on_an_empty_file(make_app: Callable[..., Flask], tmp_path: Path) -> None:
    assert not (tmp_path / "procurement.sqlite").exists()

    make_app()

    engine = create_engine(f"sqlite:///{tmp_path / 'procurement.sqlite'}")
    try:
        assert set(inspect(engine).get_table_names()) == TABLES
        with engine.connect() as connection:
            assert connection.scalar(text("select version_num from alembic_version")) is not None
    finally:
        engine.dispose()


def test_the_models_and_the_migrations_agree(app: Flask) -> None:
    with app.app_context(), db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)

    assert differences == []


def test_a_second_start_keeps_the_data(make_app: Callable[..., Flask]) -> None:
    first = make_app()
    post_tender(first.test_client(), [(DOCX_NAME, cleaning_bestek())])

    second = make_app()

    with second.app_context():
        assert db.session.scalar(select(func.count(Tender.id))) == 1
    assert "Schoonmaak stadsgebouwen" in second.test_client().get("/bestekken/").get_data(as_text=True)


def test_sqlite_runs_in_wal_mode_with_foreign_keys_on(app: Flask) -> None:
    with app.app_context(), db.engine.connect() as connection:
        assert connection.scalar(text("pragma journal_mode")) == "wal"
        assert connection.scalar(text("pragma foreign_keys")) == 1
