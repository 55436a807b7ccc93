"""create_app(): configuration, extensions, database upgrade, catalogue, worker, blueprints, error handlers."""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import event
from sqlalchemy.exc import DBAPIError

from procurement import config
from procurement.checker import checker_for
from procurement.extensions import RUNTIME_KEY, Runtime, csrf, db, migrate
from procurement.storage import Storage

log = logging.getLogger(__name__)
MIGRATIONS = config.ROOT / "migrations"


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_path=str(config.INSTANCE),
        template_folder=str(config.ROOT / "templates"),
        static_folder=str(config.ROOT / "static"),
    )
    app.config.from_mapping(config.defaults(config.INSTANCE))
    app.config.from_prefixed_env("PROCUREMENT")
    if test_config is not None:
        app.config.from_mapping(test_config)
    if app.config["ANALYSIS_MODE"] not in config.ANALYSIS_MODES:
        raise ValueError(f"ANALYSIS_MODE must be one of {config.ANALYSIS_MODES}")
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = config.secret_key(Path(app.instance_path))
    _sqlite_setup(app)

    db.init_app(app)
    csrf.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS), render_as_batch=True)

    _register_web(app)

    rt = Runtime(storage=Storage(app.config["UPLOAD_DIR"]), checker=checker_for(app.config["CATALOGUE_DIR"]))
    app.extensions[RUNTIME_KEY] = rt
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            event.listen(db.engine, "connect", _sqlite_pragmas)
        _upgrade()
        _start(app, rt)
    return app


def _upgrade(attempts: int = 3) -> None:
    """Bring the schema to the newest migration; an existing database is upgraded in place, never rebuilt.

    Several processes may start at once on a new database: the loser of that race sees the winner's tables
    and tries again, and by then the migration table says there is nothing left to do.
    """
    for attempt in range(1, attempts + 1):
        try:
            upgrade(directory=str(MIGRATIONS))
            return
        except DBAPIError:
            if attempt == attempts:
                raise
            log.warning("database upgrade raced another process; retrying")
            db.session.remove()
            time.sleep(0.5 * attempt)


def _sqlite_setup(app: Flask) -> None:
    """Make the folder of a SQLite file and give SQLite time to wait for a lock instead of failing."""
    uri: str = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("sqlite:///") and uri != "sqlite:///:memory:":
        Path(uri.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    if uri.startswith("sqlite"):
        options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
        options.setdefault("connect_args", {"timeout": 15})
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    # WAL: readers (the report page polling) never wait for the worker's writes; foreign keys are off by default
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _start(app: Flask, rt: Runtime) -> None:
    """The first start seeds the demo; thread mode starts the background worker."""
    from procurement.services import ensure_catalogue_version, fail_stale, seed_demo
    from procurement.worker import Worker

    ensure_catalogue_version(db.session, rt.checker.catalogue)
    fail_stale(db.session, float(app.config["STALE_ANALYSIS_MINUTES"]))  # left running by a process that died
    if app.config["SEED_DEMO"]:
        seed_demo(db.session, rt.storage, rt.checker)
    if app.config["ANALYSIS_MODE"] == "thread":
        rt.worker = Worker(
            app,
            poll_seconds=float(app.config["WORKER_POLL_SECONDS"]),
            stale_minutes=float(app.config["STALE_ANALYSIS_MINUTES"]),
        )
        rt.worker.start()
    db.session.remove()


def _register_web(app: Flask) -> None:
    from procurement.web import api, catalogue, errors, main, tenders

    app.register_blueprint(main.bp)
    app.register_blueprint(catalogue.bp)
    app.register_blueprint(tenders.bp)
    app.register_blueprint(api.bp)
    errors.register(app)
