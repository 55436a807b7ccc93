"""The start-up steps, each explicit and idempotent: `create_app()` builds the app and changes nothing.

    upgrade_database   the schema to the newest migration (`procurement db upgrade`)
    sync_catalogue     criteria/ into the database, a new version when its content is new (`catalogue sync`)
    demo_accounts      the embedded default's demo accounts, or the end of them (`procurement demo seed` / `demo off`)
    seed_examples      the example bestekken of the embedded default (`procurement demo seed`)
    recover_analyses   analyses left running by a process that died: queued again or failed (`procurement analyses
                       requeue`; also at the start of every worker)

`prepare()` runs the first four in order for the app's configuration (`procurement setup`, `procurement serve`, the
test fixtures); `check_database()` is what `create_app()` reads to refuse a database that is not ready.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask
from sqlalchemy import Connection, create_engine, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from procurement import config
from procurement.database_state import DatabaseNotReady as DatabaseNotReady  # re-exported: app, serve, tests
from procurement.extensions import db, originals, set_worker, worker

if TYPE_CHECKING:
    from procurement.worker import Worker

log = logging.getLogger(__name__)
MIGRATIONS = config.ROOT / "migrations"
UPGRADE = "procurement db upgrade"
SYNC = "procurement catalogue sync"


@dataclass(slots=True)
class Prepared:
    """What `prepare()` did, for the command that ran it to print."""

    revision_before: str | None = None
    revision: str | None = None
    catalogue_added: str | None = None  # the version criteria/ became, None when it was known
    demo_accounts: list[Any] = field(default_factory=list)  # services.users.DemoAccount
    demo_ended: int = 0
    examples: int = 0


# --- reading: what create_app() checks ------------------------------------------------------------------------

@cache
def head_revision(directory: Path = MIGRATIONS) -> str:
    """The newest migration of this code (one head: the migrations are a line)."""
    settings = Config()
    settings.set_main_option("script_location", str(directory))
    head = ScriptDirectory.from_config(settings).get_current_head()
    if head is None:
        raise LookupError(f"no migrations in {directory}")
    return head


def sqlite_path(uri: str) -> Path | None:
    """The file of a SQLite URI; None for another database (or SQLite in memory)."""
    url = make_url(uri)
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database)


@contextmanager
def _reading(app: Flask) -> Iterator[Connection | None]:
    """A connection that cannot write, or None for a SQLite file that does not exist or is empty (opening it
    would make it, readable to everyone, before the upgrade step makes it private)."""
    uri: str = app.config["SQLALCHEMY_DATABASE_URI"]
    path = sqlite_path(uri)
    if path is not None:
        if not path.exists() or path.stat().st_size == 0:
            yield None
            return
        # read-only, and without the app's pragmas (journal_mode=WAL would convert an old file)
        address = f"{path.resolve().as_uri()}?mode=ro"
        engine = create_engine("sqlite://", poolclass=NullPool,
                               creator=lambda: sqlite3.connect(address, uri=True, timeout=15))
        try:
            with engine.connect() as connection:
                yield connection
        finally:
            engine.dispose()
        return
    with app.app_context(), db.engine.connect() as connection:  # closed without a commit: nothing written
        yield connection


def current_revision(app: Flask) -> str | None:
    """The database's migration, None when it has none (an empty database). Reads only."""
    with _reading(app) as connection:
        if connection is None:
            return None
        heads = MigrationContext.configure(connection).get_current_heads()
        return heads[0] if heads else None


def check_schema(app: Flask) -> str:
    """The database's migration when it is this code's newest; DatabaseNotReady (in Dutch) otherwise."""
    head = head_revision()
    current = current_revision(app)
    if current == head:
        return current
    if current is None:
        raise DatabaseNotReady(f"De database is nog leeg (geen tabellen). Voer eerst `{UPGRADE}` uit "
                               "(of `procurement setup`), dan start de toepassing.")
    _refuse_unknown(current)
    raise DatabaseNotReady(f"De database staat op migratie {current}; deze versie van de toepassing verwacht "
                           f"{head}. Voer eerst `{UPGRADE}` uit, dan start de toepassing.")


def _refuse_unknown(revision: str) -> None:
    """A migration this code does not have: a newer version upgraded the database (never downgraded here)."""
    settings = Config()
    settings.set_main_option("script_location", str(MIGRATIONS))
    if revision not in {script.revision for script in ScriptDirectory.from_config(settings).walk_revisions()}:
        raise DatabaseNotReady(f"De database staat op migratie {revision}, die deze versie van de toepassing niet "
                               f"kent (de nieuwste hier is {head_revision()}): een nieuwere versie heeft de database "
                               "bijgewerkt. Start die versie, niet deze.")


def check_database(app: Flask) -> None:
    """The schema at the newest migration and a catalogue version in it, or DatabaseNotReady (in Dutch)."""
    check_schema(app)
    from procurement.models import CatalogueVersion

    with _reading(app) as connection:
        if connection is None or connection.scalar(select(CatalogueVersion.id).limit(1)) is None:
            raise DatabaseNotReady(f"De database heeft nog geen catalogusversie. Voer eerst `{SYNC}` uit "
                                   "(of `procurement setup`), dan start de toepassing.")


# --- the steps: each changes the database, and a second run finds nothing left to do -------------------------

def upgrade_database(app: Flask, attempts: int = 3) -> tuple[str | None, str]:
    """The schema to the newest migration: an existing database upgraded in place, never rebuilt; (before, after).

    A new SQLite file is made private first (0600 in a folder of 0700). Several processes may upgrade a new
    database at once: the loser of that race sees the winner's tables and tries again, and then the migration
    table says there is nothing left to do.
    """
    from flask_migrate import upgrade

    path = sqlite_path(app.config["SQLALCHEMY_DATABASE_URI"])
    if path is not None:
        private_file(path, Path(app.instance_path))
    before = current_revision(app)
    if before is not None:
        _refuse_unknown(before)
    with app.app_context():
        for attempt in range(1, attempts + 1):
            try:
                upgrade(directory=str(MIGRATIONS))
                break
            except DBAPIError:
                if attempt == attempts:
                    raise
                log.warning("database upgrade raced another process; retrying")
                db.session.remove()
                time.sleep(0.5 * attempt)
        db.session.remove()
    return before, check_schema(app)


def private_file(path: Path, instance: Path) -> None:
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


def sync_catalogue(app: Flask) -> str | None:
    """criteria/ (CATALOGUE_DIR) becomes the new current catalogue version when its content is new: that
    version, or None when the database knew it."""
    from procurement.checker import read_folder
    from procurement.services import sync_folder

    catalogue, source = read_folder(app.config["CATALOGUE_DIR"])
    with app.app_context():
        row = sync_folder(db.session, catalogue, source)
        added = None if row is None else row.version
        db.session.remove()
    return added


def demo_accounts(app: Flask) -> tuple[list[Any], int]:
    """With DEMO_ACCOUNTS (the embedded default only): one demo account per role with a fresh password, returned
    for the command to print. Without: every active demo account ends (deactivated, audited).
    (accounts, how many ended)."""
    from procurement.services.users import deactivate_demo_accounts, ensure_demo_accounts

    with app.app_context():
        if app.config["DEMO_ACCOUNTS"]:
            accounts, ended = ensure_demo_accounts(db.session), 0
        else:  # the same database, started without the demo (wsgi.py, a public host): its demo accounts end here
            accounts, ended = [], deactivate_demo_accounts(db.session)
        db.session.remove()
    return accounts, ended


def seed_examples(app: Flask) -> int:
    """With SEED_DEMO (the embedded default): the example tender and the real-size demo, analysed in this
    process, once (never with a job queue: no analysis runs in a web process then); how many were made."""
    if not app.config["SEED_DEMO"] or app.config["ANALYSIS_MODE"] == "queue":
        return 0
    from procurement.reports.format import LOCAL
    from procurement.services import current_checker, seed_demo, seed_demo_set

    with app.app_context():
        checker = current_checker(db.session)
        made = 1 if seed_demo(db.session, originals(), checker) else 0
        started = time.monotonic()
        examples = seed_demo_set(db.session, originals(), checker, datetime.now(LOCAL).date())
        if examples:
            log.info("%s example tenders seeded in %.1f s", examples, time.monotonic() - started)
        db.session.remove()
    return made + examples


def recover_analyses(app: Flask) -> tuple[int, int]:
    """Analyses left running by a process that died: those of a process on this host that no longer runs are
    queued again, those without progress for STALE_ANALYSIS_MINUTES are failed; (requeued, failed)."""
    from procurement.services import fail_stale
    from procurement.services.analyses import requeue_abandoned
    from procurement.worker import abandoned_here

    with app.app_context():
        requeued = requeue_abandoned(db.session, abandoned_here)
        failed = fail_stale(db.session, float(app.config["STALE_ANALYSIS_MINUTES"]))
        db.session.remove()
    return requeued, failed


def prepare(app: Flask) -> Prepared:
    """The steps a database needs before this configuration serves, in order: the schema, the catalogue, the
    demo accounts (or their end), the examples. Run by `procurement setup` and `procurement serve`."""
    done = Prepared()
    done.revision_before, done.revision = upgrade_database(app)
    done.catalogue_added = sync_catalogue(app)
    done.demo_accounts, done.demo_ended = demo_accounts(app)
    done.examples = seed_examples(app)
    check_database(app)
    return done


def start_worker(app: Flask) -> Worker | None:
    """With ANALYSIS_MODE "thread": first `recover_analyses`, then the analysis thread of this process; the
    worker, or None in another mode."""
    if app.config["ANALYSIS_MODE"] != "thread":
        return None
    from procurement.worker import Worker

    running = worker(app)
    if running is None:
        recover_analyses(app)
        running = Worker(
            app,
            poll_seconds=float(app.config["WORKER_POLL_SECONDS"]),
            stale_minutes=float(app.config["STALE_ANALYSIS_MINUTES"]),
        )
        set_worker(app, running)
        running.start()
    return running
