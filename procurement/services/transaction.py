"""One commit per operation: the public entry of a service wraps its work; the functions it calls only flush."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from procurement.sessions import DbSession


@contextmanager
def committing(session: DbSession) -> Iterator[DbSession]:
    """Commit when the block ends; on any exception (a ServiceError refusal included) roll back and re-raise.

    Not nested: a public entry calls the inner functions of another service, never its public entry.
    """
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
