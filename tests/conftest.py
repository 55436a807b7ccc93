"""Shared fixtures: a fresh app on a temp-file SQLite database per test, its client and CLI runner.

Every test client is signed in as a user with all roles (tests/accounts.py), so a test about something else
never meets the login page; `app.test_client(roles=())` is anonymous, `roles=("aankoper",)` one role.

A test's database starts as a copy of one template the migrations made once per run (running them takes longer
than building the rest of an app). `create_app()` changes nothing, so `make_app` runs the start-up steps itself
after building the app, as `procurement serve` does (procurement/startup.py `prepare`: the upgrade, which then
finds nothing left to do, the catalogue sync, the demo accounts or their end, the examples; and in thread mode
the worker). A test marked `empty_database` starts on an empty file, as a first installation does, and its
upgrade step runs every migration.
"""

from __future__ import annotations

import atexit
import hashlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from accounts import PASSWORD, SignedInClient, make_user
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from procurement.app import create_app
from procurement.checker import Checker
from procurement.extensions import db, worker
from procurement.roles import ROLES
from procurement.services import current_checker
from procurement.startup import Prepared, prepare, start_worker

# PROCUREMENT_TEST_POSTGRESQL=postgresql+psycopg://user@/postgres?host=...: every test gets a fresh database on
# that server instead of a SQLite file (python3 manage.py test runs the suite both ways, on a private cluster)
POSTGRESQL = "PROCUREMENT_TEST_POSTGRESQL"
# the catalogue's parse cache of this run lives in its own folder, not in the developer's ~/.cache (and the
# processes the tests start inherit it)
os.environ["PROCUREMENT_CACHE_DIR"] = _CACHE = tempfile.mkdtemp(prefix="procurement-test-cache-")
atexit.register(shutil.rmtree, _CACHE, True)
_made: list[str] = []  # databases made by the running test, dropped after it
_templates: dict[str, str] = {}  # the migrated template of this run: "sqlite" its file, "postgresql" its database


def database_uri(tmp_path: Path, *, migrated: bool = True) -> str:
    """A fresh database for this test, migrated (a copy of the template) or empty: a SQLite file in its folder,
    or a PostgreSQL database. A file already there (a test made it at an old revision, or a second app of the
    same test) is kept as it is."""
    server = os.environ.get(POSTGRESQL)
    if not server:
        path = tmp_path / "procurement.sqlite"
        if migrated and not path.exists():
            _copy_file(Path(_sqlite_template()), path)
        return f"sqlite:///{path}"
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = "t_" + hashlib.sha256(str(tmp_path).encode()).hexdigest()[:20]
    if name not in _made:
        template = f' TEMPLATE "{_postgresql_template(server)}"' if migrated else ""
        engine = create_engine(server, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{name}"{template}'))
        engine.dispose()
        _made.append(name)
    return make_url(server).set(database=name).render_as_string(hide_password=False)


def upgrade_database(uri: str, revision: str = "head") -> None:
    """Run the migrations on the database at `uri` up to `revision`, as `procurement db upgrade` does."""
    from flask_migrate import upgrade

    from procurement.app import MIGRATIONS
    from procurement.extensions import migrate

    bare = Flask("migrations")
    bare.config["SQLALCHEMY_DATABASE_URI"] = uri
    db.init_app(bare)
    migrate.init_app(bare, db, directory=str(MIGRATIONS), render_as_batch=True)
    with bare.app_context():
        upgrade(directory=str(MIGRATIONS), revision=revision)
        db.engine.dispose()


def _sqlite_template() -> str:
    if "sqlite" not in _templates:
        path = Path(tempfile.mkdtemp(prefix="procurement-template-")) / "procurement.sqlite"
        upgrade_database(f"sqlite:///{path}")
        _templates["sqlite"] = str(path)
    return _templates["sqlite"]


def _copy_file(template: Path, path: Path) -> None:
    """The template's bytes in a new file only this account reads (as the app makes its database file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with template.open("rb") as source, os.fdopen(fd, "wb") as copy:
        shutil.copyfileobj(source, copy)


def _postgresql_template(server: str) -> str:
    """A database migrated once per run; CREATE DATABASE ... TEMPLATE copies it for each test."""
    if "postgresql" not in _templates:
        from sqlalchemy import create_engine, text
        from sqlalchemy.engine import make_url

        name = f"t_template_{os.getpid()}"
        engine = create_engine(server, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
        upgrade_database(make_url(server).set(database=name).render_as_string(hide_password=False))
        _templates["postgresql"] = name
    return _templates["postgresql"]


def _drop_templates() -> None:
    if "sqlite" in _templates:
        shutil.rmtree(Path(_templates.pop("sqlite")).parent, ignore_errors=True)
    if "postgresql" in _templates:
        _drop([_templates.pop("postgresql")])


def _drop(names: list[str]) -> None:
    server = os.environ.get(POSTGRESQL)
    if not server or not names:
        return
    from sqlalchemy import create_engine, text

    engine = create_engine(server, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        for name in names:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()
    for name in names:
        if name in _made:
            _made.remove(name)


@pytest.fixture(autouse=True, scope="session")
def _drop_shared_test_databases() -> Iterator[None]:
    """Databases of module-scoped apps live until the end, the template too."""
    yield
    _drop(list(_made))
    _drop_templates()


@pytest.fixture(autouse=True)
def _drop_test_databases() -> Iterator[None]:
    """The databases a test made go with it (those of wider fixtures were made before it started)."""
    before = set(_made)
    yield
    _drop([name for name in _made if name not in before])


def on_postgresql() -> bool:
    return bool(os.environ.get(POSTGRESQL))


# a test that makes an app (through these fixtures or create_app itself) touches the database
_APP_FIXTURES = frozenset({"make_prepared", "make_app", "app", "client", "runner", "live", "page"})


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark the tests that touch a database `database` (manage.py runs those again on PostgreSQL); skip the
    `sqlite_only` ones there, with the reason."""
    sources: dict[str, bool] = {}
    for item in items:
        path = str(item.path)
        if path not in sources:
            text = item.path.read_text(encoding="utf-8")
            sources[path] = "create_app(" in text or "ready_app(" in text
        if _APP_FIXTURES.intersection(getattr(item, "fixturenames", ())) or sources[path]:
            item.add_marker(pytest.mark.database)
        if on_postgresql() and item.get_closest_marker("sqlite_only"):
            item.add_marker(pytest.mark.skip(reason="about SQLite itself (its file, its locking): not on PostgreSQL"))


def app_config(tmp_path: Path, *, migrated: bool = True, **overrides: Any) -> dict[str, Any]:
    if "SQLALCHEMY_DATABASE_URI" not in overrides:  # no database made for nothing
        overrides["SQLALCHEMY_DATABASE_URI"] = database_uri(tmp_path, migrated=migrated)
    return {
        "TESTING": True,
        "UPLOAD_DIR": str(tmp_path / "uploads"),
        "SECRET_KEY": "test",
        "ANALYSIS_MODE": "inline",
        "SEED_DEMO": False,
        "WTF_CSRF_ENABLED": False,
        **overrides,
    }


def close(app: Flask) -> None:
    """Stop the app's worker and close its database connections (the temp folder goes next)."""
    running = worker(app)
    if running is not None:
        running.stop()
    with app.app_context():
        db.engine.dispose()


def run_procurement(*args: str, database: str, tmp_path: Path, env: Mapping[str, str] | None = None,
                    stdin: str | None = None, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """`procurement ARGS` in a process of its own on this database, as an operator runs it (the environment
    names the database, this test's uploads and a key; nothing else is configured)."""
    from procurement.config import ROOT

    environment = {
        **os.environ,
        "PROCUREMENT_SQLALCHEMY_DATABASE_URI": database,
        "PROCUREMENT_UPLOAD_DIR": str(tmp_path / "uploads"),
        "PROCUREMENT_SECRET_KEY": "command-test-" + "k" * 32,
        **(env or {}),
    }
    return subprocess.run([sys.executable, "-m", "procurement.cli", *args], cwd=ROOT, env=environment,
                          input=stdin, capture_output=True, text=True, timeout=timeout)


def current_checker_of(app: Flask) -> Checker:
    """The app's current checker, read as a request reads it: services.current_checker on db.session."""
    with app.app_context():
        return current_checker(db.session)


def prepared_app(settings: dict[str, Any]) -> tuple[Flask, Prepared]:
    """create_app, then the start-up steps `procurement serve` runs (the worker too in thread mode): the app and
    what the steps did (the demo accounts with their passwords, which `serve` prints)."""
    app = create_app(settings, check=False)
    app.test_client_class = SignedInClient
    try:
        prepared = prepare(app)
    except BaseException:
        close(app)
        raise
    start_worker(app)
    return app, prepared


def ready_app(settings: dict[str, Any]) -> Flask:
    """create_app, then the start-up steps `procurement serve` runs (the worker too in thread mode)."""
    return prepared_app(settings)[0]


@pytest.fixture
def make_prepared(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Callable[..., tuple[Flask, Prepared]]]:
    """create_app with the test config plus overrides, and its start-up steps: the app and what the steps did;
    every app made is closed after the test."""
    made: list[Flask] = []
    migrated = request.node.get_closest_marker("empty_database") is None

    def make(**overrides: Any) -> tuple[Flask, Prepared]:
        app, prepared = prepared_app(app_config(tmp_path, migrated=migrated, **overrides))
        made.append(app)
        return app, prepared

    yield make
    for app in made:
        close(app)


@pytest.fixture
def make_app(make_prepared: Callable[..., tuple[Flask, Prepared]]) -> Callable[..., Flask]:
    """create_app with the test config plus overrides, and its start-up steps; every app made is closed after
    the test."""

    def make(**overrides: Any) -> Flask:
        return make_prepared(**overrides)[0]

    return make


@pytest.fixture
def app(make_app: Callable[..., Flask]) -> Flask:
    return make_app()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


# -- browser tests: the app under waitress and a real Chromium driven by Playwright --------------------------

CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")


def chromium() -> str:
    for path in (os.environ.get("PROCUREMENT_CHROMIUM", ""), *CANDIDATES):
        if path and Path(path).exists():
            return path
    found = shutil.which("chromium")
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("Chromium is needed for the browser tests (python3 manage.py test installs it)")
    pytest.skip("no Chromium on this machine")


@pytest.fixture
def live_config() -> dict[str, Any]:
    """Extra configuration of the live app; a test module overrides this fixture (e.g. CSRF on)."""
    return {}


@pytest.fixture
def live(make_app: Callable[..., Flask], live_config: dict[str, Any]) -> Iterator[tuple[Flask, str]]:
    """The app under waitress on a free port, with its background worker (a slow poll: uploads wake it)."""
    from waitress import create_server

    app = make_app(ANALYSIS_MODE="thread", WORKER_POLL_SECONDS=3, **live_config)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = create_server(app, host="127.0.0.1", port=port, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield app, f"http://127.0.0.1:{port}"
    server.close()
    thread.join(5)


@pytest.fixture
def page(live: tuple[Flask, str]) -> Iterator[Any]:
    """A Chromium page signed in (through the login page) as a user with every role."""
    from playwright.sync_api import sync_playwright

    app, url = live
    make_user(app, *ROLES, name="test")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=["--no-sandbox"])
        context = browser.new_context(locale="nl-BE")
        signed_in = context.new_page()
        sign_in(signed_in, url, "test")
        yield signed_in
        context.close()
        browser.close()


def sign_in(page: Any, url: str, name: str, password: str = PASSWORD) -> None:
    """Sign in through the login page, as a person would."""
    page.goto(f"{url}/aanmelden")
    page.fill("#name", name)
    page.fill("#password", password)
    page.click("form.signin button[type=submit]")
    page.wait_for_url(f"{url}/", timeout=10000)
