"""One commit per operation: the public entry of a service wraps its work; the functions it calls only flush."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import scoped_session

from procurement.sessions import DbSession

log = logging.getLogger(__name__)


@contextmanager
def committing(session: DbSession) -> Iterator[DbSession]:
    """Commit when the block ends; on any exception (a ServiceError refusal included) roll back and re-raise.

    Not nested: a public entry calls the inner functions of another service, never its public entry.
    """
    try:
        yield session
        session.commit()
    except BaseException:
        try:
            session.rollback()
        except Exception:
            # interrupted mid-statement (a job's timeout strikes while the database answers): the connection
            # cannot even roll back. Drop it (the database ends its transaction) and let the first error through.
            log.warning("rollback failed; the connection is dropped", exc_info=True)
            (session() if isinstance(session, scoped_session) else session).invalidate()
        raise
