"""create_app(): configuration, extensions, database upgrade, catalogue, worker, permissions, blueprints, errors."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import event
from sqlalchemy.exc import DBAPIError

from procurement import config
from procurement.checker import read_folder
from procurement.extensions import RUNTIME_KEY, Runtime, csrf, db, migrate
from procurement.sandbox import Limits
from procurement.storage import DatabaseStorage, Originals, Storage

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
        rt = Runtime(storage=storage, engine=db.engine, limits=Limits.of(app.config))
        app.extensions[RUNTIME_KEY] = rt
        if db.engine.dialect.name == "sqlite":
            event.listen(db.engine, "connect", _sqlite_pragmas)
        _upgrade()
        _start(app, rt)
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
    """Make the folder of a SQLite file (0700) and the file itself (0600) before SQLite would make it readable
    to everyone; give SQLite time to wait for a lock instead of failing."""
    uri: str = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("sqlite:///") and uri != "sqlite:///:memory:":
        _private_file(Path(uri.removeprefix("sqlite:///")), Path(app.instance_path))
    if uri.startswith("sqlite"):
        options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
        options.setdefault("connect_args", {"timeout": 15})
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options


def _private_file(path: Path, instance: Path) -> None:
    """The database file only for this account: its folder 0700 when we make it (the instance folder always),
    the file 0600 (SQLite gives its -wal and -shm files the same mode)."""
    folder = path.parent
    if not folder.exists():
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if folder.resolve() == instance.resolve():
        folder.chmod(0o700)
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    os.close(fd)
    if path.stat().st_mode & 0o077:
        path.chmod(0o600)


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    # WAL: readers (the report page polling) never wait for the worker's writes; foreign keys are off by default
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _start(app: Flask, rt: Runtime) -> None:
    """criteria/ into the database when new; the demo on a first start; thread mode starts the worker."""
    from procurement.reports.format import LOCAL
    from procurement.services import current_checker, fail_stale, seed_demo, seed_demo_set, sync_folder
    from procurement.services.analyses import requeue_abandoned
    from procurement.services.users import deactivate_demo_accounts, ensure_demo_accounts
    from procurement.worker import Worker, abandoned_here

    catalogue, source = read_folder(app.config["CATALOGUE_DIR"])
    sync_folder(db.session, catalogue, source)
    requeue_abandoned(db.session, abandoned_here)  # left running by a process on this host that died
    fail_stale(db.session, float(app.config["STALE_ANALYSIS_MINUTES"]))  # left running by a process that died
    if app.config["DEMO_ACCOUNTS"]:
        rt.demo_accounts = ensure_demo_accounts(db.session)
    else:  # the same database, started without the demo (wsgi.py, a public host): its demo accounts end here
        deactivate_demo_accounts(db.session)
    if app.config["SEED_DEMO"] and app.config["ANALYSIS_MODE"] != "queue":  # seeding analyses in this process
        checker = current_checker(db.session)
        seed_demo(db.session, rt.storage, checker)
        started = time.monotonic()
        made = seed_demo_set(db.session, rt.storage, checker, datetime.now(LOCAL).date())
        if made:
            log.info("%s example tenders seeded in %.1f s", made, time.monotonic() - started)
    if app.config["ANALYSIS_MODE"] == "thread":
        rt.worker = Worker(
            app,
            poll_seconds=float(app.config["WORKER_POLL_SECONDS"]),
            stale_minutes=float(app.config["STALE_ANALYSIS_MINUTES"]),
        )
        rt.worker.start()
    db.session.remove()


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
