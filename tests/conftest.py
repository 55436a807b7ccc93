"""Shared fixtures: a fresh app on a temp-file SQLite database per test, its client and CLI runner."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from procurement.app import create_app
from procurement.extensions import db, runtime


def app_config(tmp_path: Path, **overrides: Any) -> dict[str, Any]:
    return {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'procurement.sqlite'}",
        "UPLOAD_DIR": str(tmp_path / "uploads"),
        "SECRET_KEY": "test",
        "ANALYSIS_MODE": "inline",
        "SEED_DEMO": False,
        "WTF_CSRF_ENABLED": False,
        **overrides,
    }


def close(app: Flask) -> None:
    """Stop the app's worker and close its database connections (the temp folder goes next)."""
    rt = runtime(app)
    if rt.worker is not None:
        rt.worker.stop()
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def make_app(tmp_path: Path) -> Iterator[Callable[..., Flask]]:
    """create_app with the test config plus overrides; every app made is closed after the test."""
    made: list[Flask] = []

    def make(**overrides: Any) -> Flask:
        app = create_app(app_config(tmp_path, **overrides))
        made.append(app)
        return app

    yield make
    for app in made:
        close(app)


@pytest.fixture
def app(make_app: Callable[..., Flask]) -> Flask:
    return make_app()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()
