"""The Flask extensions, made unbound, and what an app keeps beside them: its originals, its limits, its worker."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Flask, current_app
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect

from procurement.models import Base
from procurement.sandbox import Limits
from procurement.storage import Originals

if TYPE_CHECKING:
    from procurement.worker import Worker

db = SQLAlchemy(model_class=Base)
csrf = CSRFProtect()
migrate = Migrate()
ORIGINALS_KEY = "procurement.originals"
LIMITS_KEY = "procurement.limits"
WORKER_KEY = "procurement.worker"


def register(app: Flask, *, originals: Originals, limits: Limits) -> None:
    """Keep where this app's originals live and what reading one document may take (create_app, once)."""
    app.extensions[ORIGINALS_KEY] = originals
    app.extensions[LIMITS_KEY] = limits


def originals(app: Flask | None = None) -> Originals:
    """Where this app keeps the uploaded originals: a folder or the database (ORIGINALS)."""
    found: Originals = (app or current_app).extensions[ORIGINALS_KEY]
    return found


def limits(app: Flask | None = None) -> Limits:
    """What reading and checking one document may take in this app (PARSE_MEMORY_MB, PARSE_SECONDS)."""
    found: Limits = (app or current_app).extensions[LIMITS_KEY]
    return found


def worker(app: Flask | None = None) -> Worker | None:
    """The analysis thread this process started for the app, or None (not started, or another ANALYSIS_MODE)."""
    found: Worker | None = (app or current_app).extensions.get(WORKER_KEY)
    return found


def set_worker(app: Flask, started: Worker) -> None:
    """Keep the analysis thread `startup.start_worker` started for this app."""
    app.extensions[WORKER_KEY] = started
