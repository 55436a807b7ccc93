"""The Flask extensions and the per-app runtime (storage, catalogue checker, worker), made unbound."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from flask import Flask, current_app
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect

from procurement.checker import Checker
from procurement.models import Base
from procurement.storage import Storage

if TYPE_CHECKING:
    from procurement.worker import Worker

db = SQLAlchemy(model_class=Base)
csrf = CSRFProtect()
migrate = Migrate()
RUNTIME_KEY = "procurement"


@dataclass(slots=True)
class Runtime:
    """What this app analyses with: where originals live, the compiled catalogue, the background worker."""

    storage: Storage
    checker: Checker
    worker: Worker | None = None


def runtime(app: Flask | None = None) -> Runtime:
    found: Runtime = (app or current_app).extensions[RUNTIME_KEY]
    return found
