"""The Flask extensions and the per-app runtime (storage, database, current catalogue, worker), made unbound."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from flask import Flask, current_app
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from procurement.checker import Checker
from procurement.models import Base
from procurement.sandbox import Limits
from procurement.storage import Originals

if TYPE_CHECKING:
    from procurement.worker import Worker

db = SQLAlchemy(model_class=Base)
csrf = CSRFProtect()
migrate = Migrate()
RUNTIME_KEY = "procurement"


@dataclass(slots=True)
class Runtime:
    """What this app works with: where originals live, its database, the background worker, demo accounts."""

    storage: Originals
    engine: Engine
    limits: Limits = field(default_factory=Limits)  # what reading and checking one document may take
    worker: Worker | None = None
    demo_accounts: list[Any] = field(default_factory=list)  # services.users.DemoAccount, printed at start-up

    @property
    def checker(self) -> Checker:
        """The checker of the current catalogue version in the database (another process may have published)."""
        from procurement.services.catalogue import current_checker

        with Session(self.engine) as session:
            return current_checker(session)


def runtime(app: Flask | None = None) -> Runtime:
    found: Runtime = (app or current_app).extensions[RUNTIME_KEY]
    return found
