"""create_app(): configuration, extensions, permissions, blueprints, errors; it changes nothing.

The app is only built here: it never writes to the database or the disk (beyond the generated secret key, which
is configuration). What a database needs before it serves are explicit steps (procurement/startup.py:
`procurement db upgrade`, `procurement catalogue sync`, `procurement setup`, run by `procurement serve` itself);
create_app() reads whether they ran and refuses a database that is not ready, saying which command to run.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import event

from procurement import config
from procurement.extensions import csrf, db, migrate, register
from procurement.sandbox import Limits
from procurement.startup import MIGRATIONS, DatabaseNotReady, check_database
from procurement.storage import DatabaseStorage, Originals, Storage

log = logging.getLogger(__name__)
__all__ = ["MIGRATIONS", "DatabaseNotReady", "create_app"]


def create_app(test_config: Mapping[str, Any] | None = None, *, check: bool = True) -> Flask:
    """The app for this configuration (defaults, PROCUREMENT_* variables, then `test_config`).

    With `check` (every process that serves or works) a database that is not at this code's newest migration,
    or holds no catalogue version, is refused with DatabaseNotReady, its message in Dutch naming the command to
    run; the start-up steps themselves build the app without it (procurement/startup.py).
    """
    app = Flask(
        __name__,
        instance_path=str(config.INSTANCE),
        template_folder=str(config.ROOT / "templates"),
        static_folder=str(config.ROOT / "static"),
    )
    app.config.from_mapping(config.defaults(config.INSTANCE))
    app.config.from_prefixed_env("PROCUREMENT")
    if "PROCUREMENT_SECRET_KEY" in os.environ:  # a key is text: "12345" must not become the number 12345
        app.config["SECRET_KEY"] = os.environ["PROCUREMENT_SECRET_KEY"]
    if test_config is not None:
        app.config.from_mapping(test_config)
    _check_security(app.config)
    if app.config.get("REDIS_URL"):  # production: the web process only enqueues, workers analyse
        app.config["ANALYSIS_MODE"] = "queue"
    if app.config["ANALYSIS_MODE"] not in config.ANALYSIS_MODES:
        raise ValueError(f"ANALYSIS_MODE must be one of {config.ANALYSIS_MODES}")
    if app.config["ORIGINALS"] not in config.ORIGINALS:
        raise ValueError(f"ORIGINALS must be one of {config.ORIGINALS}")
    if app.config["ANALYSIS_MODE"] == "queue" and not app.config.get("REDIS_URL"):
        raise ValueError("ANALYSIS_MODE 'queue' needs REDIS_URL, e.g. PROCUREMENT_REDIS_URL=redis://localhost:6379/0")
    if app.config["DEMO_ACCOUNTS"] and not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        raise ValueError("DEMO_ACCOUNTS is for the embedded default (SQLite) only, never for a production database")
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = config.secret_key(Path(app.instance_path))
    _sqlite_setup(app)

    db.init_app(app)
    csrf.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS), render_as_batch=True)

    from procurement.web.errors import IdConverter

    app.url_map.converters["int"] = IdConverter  # before any route is added: every <int:...> is a bounded id
    _register_web(app)

    with app.app_context():
        storage: Originals = (DatabaseStorage(db.engine) if app.config["ORIGINALS"] == "database"
                              else Storage(app.config["UPLOAD_DIR"]))
        register(app, originals=storage, limits=Limits.of(app.config))
        if db.engine.dialect.name == "sqlite":
            event.listen(db.engine, "connect", _sqlite_pragmas)
    if check:
        try:
            check_database(app)
        except DatabaseNotReady as exc:
            log.error("%s", exc.message)
            with app.app_context():
                db.engine.dispose()
            raise
    return app


def _check_security(settings: Mapping[str, Any]) -> None:
    """Refuse to start with a guessable key or without the Host names the app answers to (tests excepted)."""
    key = settings.get("SECRET_KEY")
    if key is not None and not isinstance(key, str):
        raise ValueError("SECRET_KEY must be a string")
    if settings.get("TESTING"):
        return
    if key and len(key.encode("utf-8")) < config.SECRET_KEY_MIN_BYTES:
        raise ValueError(f"SECRET_KEY must be at least {config.SECRET_KEY_MIN_BYTES} bytes; "
                         "make one with: python3 -c 'import secrets; print(secrets.token_hex(32))'")
    hosts = settings.get("TRUSTED_HOSTS")
    if hosts is None:
        raise ValueError("TRUSTED_HOSTS is required: the host names of this server, e.g. "
                         "PROCUREMENT_TRUSTED_HOSTS='[\"aankopen.stad.be\"]'")
    if not isinstance(hosts, list | tuple) or not all(isinstance(h, str) for h in hosts):
        raise ValueError("TRUSTED_HOSTS must be a list of host names")


def _sqlite_setup(app: Flask) -> None:
    """Give SQLite time to wait for a lock instead of failing. (The upgrade step makes a new file private.)"""
    uri: str = app.config["SQLALCHEMY_DATABASE_URI"]
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


def _register_web(app: Flask) -> None:
    from procurement.web import (
        admin,
        api,
        audit,
        auth,
        bundles,
        catalogue,
        catalogue_admin,
        departments,
        errors,
        headers,
        main,
        monitor,
        permissions,
        review,
        tenders,
    )

    permissions.register(app)  # every request passes the permission table first (procurement/web/permissions.py)
    headers.register(app)
    from procurement.reports.format import count

    app.add_template_filter(count, "aantal")  # {{ n|aantal("bevinding", "bevindingen") }}
    app.register_blueprint(auth.bp)
    app.register_blueprint(main.bp)
    app.register_blueprint(catalogue.bp)
    app.register_blueprint(bundles.bp)
    app.register_blueprint(catalogue_admin.bp)
    app.register_blueprint(tenders.bp)
    app.register_blueprint(review.bp)
    app.register_blueprint(audit.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(monitor.bp)
    app.register_blueprint(departments.bp)
    errors.register(app)
