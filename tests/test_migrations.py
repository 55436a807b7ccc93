"""The schema comes from the Alembic migrations: made on an empty file, upgraded in place, never rebuilt."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from builders import DOCX_NAME, cleaning_bestek, post_tender
from flask import Flask
from sqlalchemy import create_engine, func, inspect, select, text

from procurement.extensions import db
from procurement.models import Base, Tender

TABLES = {
    "alembic_version", "catalogue_version", "tender", "stored_document", "analysis", "finding",
    "account", "audit_event", "finding_review", "catalogue_draft", "department", "saved_bundle", "original",
    "monitor_fact",
}


@pytest.mark.empty_database
@pytest.mark.sqlite_only
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


@pytest.mark.sqlite_only
def test_sqlite_runs_in_wal_mode_with_foreign_keys_on(app: Flask) -> None:
    with app.app_context(), db.engine.connect() as connection:
        assert connection.scalar(text("pragma journal_mode")) == "wal"
        assert connection.scalar(text("pragma foreign_keys")) == 1


def database_at_first_revision(path: Path) -> None:
    """A database made by revision 0001 only, as an installation before accounts, review and catalogue editing."""
    from flask_migrate import upgrade

    from procurement.app import MIGRATIONS
    from procurement.extensions import migrate

    old = Flask("old-install")
    old.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{path}"
    db.init_app(old)
    migrate.init_app(old, db, directory=str(MIGRATIONS), render_as_batch=True)
    with old.app_context():
        upgrade(directory=str(MIGRATIONS), revision="0001")
        db.engine.dispose()


ROWS_AT_0001 = [
    "insert into catalogue_version (id, version, label, content_hash, criteria, product_groups, created_at) values "
    "(1, '2025.9+abcdef0', '2025.9', 'abcdef0123', '{\"old-criterion\": {\"title\": \"Oud criterium\"}}', '{}', "
    "'2025-09-01 10:00:00')",
    "insert into tender (id, title, reference, department, product_groups, form_token, demo, created_at) values "
    "(1, 'Schoonmaak 2025', 'R/1', 'Facilitair', '[]', null, 0, '2025-09-01 10:00:00')",
    "insert into stored_document (id, tender_id, batch, filename, sha256, size, format, storage_key, uploaded_at) "
    "values (1, 1, 1, 'bestek.docx', '" + "a" * 64 + "', 10, 'docx', '" + "a" * 64 + "', '2025-09-01 10:00:00')",
    "insert into analysis (id, tender_id, batch, catalogue_version_id, engine_version, status, progress, message, "
    "score, essential_complete, themes, product_groups, created_at) values (1, 1, 1, 1, '0.9', 'done', 100, 'klaar', "
    "55.5, 0, '{}', '[]', '2025-09-01 10:00:00')",
    "insert into finding (id, analysis_id, position, criterion, theme, kind, essential, status, similarity, "
    "missing_elements, evidence, explanation) values (1, 1, 0, 'old-criterion', 'human-rights', "
    "'execution-condition', 1, 'missing', 0.0, '[]', '[]', '')",
]


@pytest.mark.sqlite_only
def test_a_database_of_the_first_revision_is_upgraded_in_place_and_keeps_its_data(
    make_app: Callable[..., Flask], tmp_path: Path
) -> None:
    path = tmp_path / "procurement.sqlite"
    database_at_first_revision(path)
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        for statement in ROWS_AT_0001:
            connection.exec_driver_sql(statement)
    engine.dispose()

    app = make_app()

    from procurement.models import Analysis, CatalogueVersion, Finding, MonitorFact, StoredDocument

    with app.app_context():
        tender = db.session.get(Tender, 1)
        assert tender is not None and tender.title == "Schoonmaak 2025" and tender.review_state == "concept"
        assert tender.review_comment == "" and tender.created_by_id is None
        assert [d.filename for d in tender.documents] == ["bestek.docx"]  # not lost when the table was rebuilt
        analysis = db.session.get(Analysis, 1)
        assert analysis is not None and analysis.score == 55.5 and analysis.catalogue_version_id == 1
        finding = db.session.get(Finding, 1)
        assert finding is not None and finding.criterion == "old-criterion" and finding.review is None
        assert db.session.scalar(select(func.count(StoredDocument.id))) == 1
        old = db.session.get(CatalogueVersion, 1)
        assert old is not None and old.source is None and old.origin == "criteria"
        assert old.criteria == {"old-criterion": {"title": "Oud criterium"}}  # the old report's texts
        fact = db.session.get(MonitorFact, 1)  # the monitor's facts of the analysis made before them (0009)
        assert fact is not None and fact.analysis_id == 1
        assert fact.criteria == {"human-rights": {"missing": ["old-criterion"]}}
        assert (fact.score_machine, fact.essential_machine, fact.score_reviewed) == (0.0, False, 0.0)
        newest = db.session.scalars(select(CatalogueVersion).order_by(CatalogueVersion.id.desc())).first()
        assert newest is not None and newest.id != 1 and newest.source is not None  # criteria/ imported beside it
    with engine.connect() as connection:
        assert connection.scalar(text("select version_num from alembic_version")) == "0009"
    engine.dispose()
    page = app.test_client().get("/bestekken/1").get_data(as_text=True)
    assert "Schoonmaak 2025" in page and "Oud criterium" in page
