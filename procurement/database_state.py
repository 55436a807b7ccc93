"""The one error of the start-up check, in a module of its own: every command catches it, and importing it must not
pull in what the check needs (alembic, SQLAlchemy), which `procurement check` never loads."""

from __future__ import annotations


class DatabaseNotReady(RuntimeError):
    """The database is not what this code serves: no schema, another migration, no catalogue (Dutch message)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
