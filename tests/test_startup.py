"""Start-up without side effects: create_app() changes nothing, the steps are explicit commands that a second run
finds nothing left for, a command that reads changes nothing, and a database that is not ready is refused with
the command to run. The commands run as processes of their own, as an operator runs them."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import app_config, close, database_uri, run_procurement, upgrade_database
from flask import Flask
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.pool import NullPool

from procurement.app import create_app
from procurement.config import ROOT
from procurement.extensions import db
from procurement.services import users
from procurement.startup import DatabaseNotReady, head_revision, sqlite_path

Snapshot = dict[str, list[str]]


def snapshot(uri: str) -> Snapshot:
    """Every row of every table (an empty dict for an empty database or a SQLite file that is not there)."""
    path = sqlite_path(uri)
    if path is not None and not path.exists():
        return {}
    engine = create_engine(uri, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            return {name: sorted(repr(tuple(row)) for row in connection.execute(text(f'SELECT * FROM "{name}"')))
                    for name in sorted(inspect(connection).get_table_names())}
    finally:
        engine.dispose()


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def refused(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, result.stdout + result.stderr
    return result.stdout + result.stderr


@pytest.mark.empty_database
def test_create_app_on_an_empty_database_writes_nothing_and_names_the_command_to_run(tmp_path: Path) -> None:
    settings = app_config(tmp_path, migrated=False)
    uri = settings["SQLALCHEMY_DATABASE_URI"]

    with pytest.raises(DatabaseNotReady, match="De database is nog leeg.*`procurement db upgrade`"):
        create_app(settings)
    built = create_app(settings, check=False)  # what the steps build on: still nothing written
    close(built)

    assert snapshot(uri) == {}
    path = sqlite_path(uri)
    assert path is None or not path.exists()  # not even an empty SQLite file
    assert not (tmp_path / "uploads").exists()


@pytest.mark.sqlite_only
def test_create_app_on_an_empty_sqlite_file_leaves_it_empty(tmp_path: Path) -> None:
    path = tmp_path / "leeg.sqlite"
    path.touch()

    with pytest.raises(DatabaseNotReady, match="nog leeg"):
        create_app(app_config(tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}"))

    assert path.stat().st_size == 0 and sorted(p.name for p in tmp_path.iterdir()) == ["leeg.sqlite"]


def test_create_app_and_users_list_on_a_ready_database_change_nothing_not_even_its_demo_accounts(
    make_app: Callable[..., Flask], tmp_path: Path
) -> None:
    app = make_app()
    with app.app_context():  # a demo account left active (as the embedded default leaves them)
        users.create_user(db.session, None, name="demo-proef", password="een lang wachtwoord", roles=["aankoper"],
                          demo=True)
        db.session.remove()
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    before = snapshot(uri)

    for _ in range(2):
        close(create_app(app_config(tmp_path, SQLALCHEMY_DATABASE_URI=uri)))
    listed = ok(run_procurement("users", "list", database=uri, tmp_path=tmp_path))
    status = ok(run_procurement("db", "status", database=uri, tmp_path=tmp_path))

    assert "demo-proef" in listed and "actief" in listed and "(demo)" in listed
    assert f"nieuwste migratie ({head_revision()})" in status
    assert snapshot(uri) == before


@pytest.mark.empty_database
def test_an_old_database_is_refused_until_db_upgrade_and_catalogue_sync_ran_and_each_is_idempotent(
    tmp_path: Path,
) -> None:
    settings = app_config(tmp_path, migrated=False)
    uri = settings["SQLALCHEMY_DATABASE_URI"]
    upgrade_database(uri, "0005")
    old = snapshot(uri)
    head = head_revision()

    with pytest.raises(DatabaseNotReady, match=f"migratie 0005; deze versie van de toepassing verwacht {head}"):
        create_app(settings)
    status = refused(run_procurement("db", "status", database=uri, tmp_path=tmp_path))
    assert "`procurement db upgrade`" in status and snapshot(uri) == old  # refusing wrote nothing

    first = ok(run_procurement("db", "upgrade", database=uri, tmp_path=tmp_path))
    upgraded = snapshot(uri)
    second = ok(run_procurement("db", "upgrade", database=uri, tmp_path=tmp_path))

    assert f"van migratie 0005 naar migratie {head}" in first
    assert "niets te doen" in second and snapshot(uri) == upgraded
    with pytest.raises(DatabaseNotReady, match="nog geen catalogusversie.*`procurement catalogue sync`"):
        create_app(settings)

    first = ok(run_procurement("catalogue", "sync", database=uri, tmp_path=tmp_path))
    synced = snapshot(uri)
    second = ok(run_procurement("catalogue", "sync", database=uri, tmp_path=tmp_path))

    assert "bewaard als nieuwe catalogusversie" in first and len(synced["catalogue_version"]) == 1
    assert "al bekend" in second and snapshot(uri) == synced
    close(create_app(settings))  # ready now


@pytest.mark.empty_database
def test_setup_makes_an_empty_database_ready_and_a_second_setup_changes_nothing(tmp_path: Path) -> None:
    uri = database_uri(tmp_path, migrated=False)

    first = ok(run_procurement("setup", database=uri, tmp_path=tmp_path))
    ready = snapshot(uri)
    second = ok(run_procurement("setup", database=uri, tmp_path=tmp_path))

    assert f"van een lege database naar migratie {head_revision()}" in first
    assert "bewaard als nieuwe catalogusversie" in first
    assert second.count("niets te doen") == 3, second  # the schema, the catalogue, the analyses
    assert snapshot(uri) == ready
    assert ready["account"] == []  # no default account: `procurement users create` makes the first one
    ok(run_procurement("users", "create", "beheer", "--role", "beheerder", "--password-stdin", database=uri,
                       tmp_path=tmp_path, stdin="een lang beheerderswachtwoord\n"))


def test_a_database_a_newer_version_upgraded_is_refused_and_never_downgraded(
    make_app: Callable[..., Flask], tmp_path: Path
) -> None:
    app = make_app()
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    close(app)
    engine = create_engine(uri, poolclass=NullPool)
    with engine.begin() as connection:
        connection.execute(text("update alembic_version set version_num = '9999'"))
    engine.dispose()
    before = snapshot(uri)

    with pytest.raises(DatabaseNotReady, match="migratie 9999, die deze versie van de toepassing niet kent"):
        create_app(app_config(tmp_path, SQLALCHEMY_DATABASE_URI=uri))
    upgrade = refused(run_procurement("db", "upgrade", database=uri, tmp_path=tmp_path))
    setup = refused(run_procurement("setup", database=uri, tmp_path=tmp_path))

    assert "nieuwere versie" in upgrade and "nieuwere versie" in setup
    assert snapshot(uri) == before


@pytest.mark.empty_database
def test_the_worker_the_wsgi_app_and_users_refuse_a_database_that_is_not_ready_in_dutch(tmp_path: Path) -> None:
    uri = database_uri(tmp_path, migrated=False)
    queue = {"PROCUREMENT_REDIS_URL": "redis://127.0.0.1:9/0"}  # never reached: the database is refused first

    worker = refused(run_procurement("worker", "--burst", database=uri, tmp_path=tmp_path, env=queue))
    listing = refused(run_procurement("users", "list", database=uri, tmp_path=tmp_path))
    wsgi = subprocess.run(
        [sys.executable, "-c", "import wsgi"], cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**run_env(uri, tmp_path), "PROCUREMENT_TRUSTED_HOSTS": '["aankopen.stad.be"]'},
    )

    for said in (worker, listing):
        assert "De database is nog leeg" in said and "`procurement db upgrade`" in said and "Traceback" not in said
    assert wsgi.returncode != 0 and "Voer eerst `procurement db upgrade` uit" in wsgi.stderr
    assert snapshot(uri) == {}
    path = sqlite_path(uri)
    assert path is None or not path.exists()


def run_env(uri: str, tmp_path: Path) -> dict[str, str]:
    import os

    return {**os.environ, "PROCUREMENT_SQLALCHEMY_DATABASE_URI": uri, "PROCUREMENT_UPLOAD_DIR": str(tmp_path / "u"),
            "PROCUREMENT_SECRET_KEY": "wsgi-test-" + "k" * 32}


def test_demo_seed_refuses_a_database_that_is_not_the_embedded_sqlite_file(tmp_path: Path) -> None:
    production = "postgresql+psycopg://procurement@/procurement?host=/nonexistent"

    said = refused(run_procurement("demo", "seed", database=production, tmp_path=tmp_path))

    assert "enkel bij de ingebouwde standaard" in said


@pytest.mark.slow
@pytest.mark.sqlite_only
def test_demo_seed_makes_the_accounts_and_examples_once_and_demo_off_ends_the_accounts(
    make_app: Callable[..., Flask], tmp_path: Path
) -> None:
    app = make_app()
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    close(app)

    first = ok(run_procurement("demo", "seed", database=uri, tmp_path=tmp_path))
    seeded = snapshot(uri)
    second = ok(run_procurement("demo", "seed", database=uri, tmp_path=tmp_path))
    ended = ok(run_procurement("demo", "off", database=uri, tmp_path=tmp_path))
    off = snapshot(uri)
    again = ok(run_procurement("demo", "off", database=uri, tmp_path=tmp_path))

    assert first.count("wachtwoord") >= 4 and "voorbeeldbestekken aangemaakt en gecontroleerd" in first
    assert "niets toegevoegd" in second and len(seeded["tender"]) > 1
    assert "4 demo-accounts gedeactiveerd" in ended and "niets te doen" in again
    assert snapshot(uri) == off
    assert len(off["tender"]) == len(seeded["tender"])
