"""The session every service and query takes: a plain SQLAlchemy Session or the app's scoped `db.session`."""

from __future__ import annotations

from typing import Any, TypeAlias

from sqlalchemy.orm import Session, scoped_session

# The CLI and the worker open a Session on the engine; web views pass Flask-SQLAlchemy's scoped session, a
# proxy that forwards every call to the request's own Session. Both answer the same methods.
DbSession: TypeAlias = Session | scoped_session[Any]
