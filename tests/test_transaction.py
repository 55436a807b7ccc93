"""One commit per operation: a service's work is kept whole when it succeeds and not at all when it is refused."""

from __future__ import annotations

import signal

import pytest
from builders import DOCX_NAME, cleaning_bestek
from flask import Flask
from sqlalchemy import func, select, text

from procurement import services
from procurement.extensions import db, originals
from procurement.models import Analysis, AuditEvent, User
from procurement.services import current_checker
from procurement.services.catalogue_edit import recheck
from procurement.services.errors import ServiceError
from procurement.services.transaction import committing
from procurement.services.users import UserError, create_user, update_user


def _audit_lines() -> int:
    return int(db.session.scalar(select(func.count()).select_from(AuditEvent)) or 0)


def test_a_block_that_ends_is_committed(app: Flask) -> None:
    with app.app_context():
        with committing(db.session):
            db.session.add(User(name="an", password_hash="x", roles=["aankoper"]))
        db.session.remove()

        assert db.session.scalar(select(User.name).where(User.name == "an")) == "an"


def test_a_refusal_in_the_block_rolls_everything_back_and_the_session_stays_usable(app: Flask) -> None:
    with app.app_context():
        with pytest.raises(ServiceError), committing(db.session):
            db.session.add(User(name="bo", password_hash="x", roles=["aankoper"]))
            db.session.flush()
            raise ServiceError("Nee.")

        assert db.session.scalar(select(User.id).where(User.name == "bo")) is None


def test_a_refused_service_leaves_no_change_and_no_audit_line_behind(app: Flask) -> None:
    with app.app_context():
        admin = create_user(db.session, None, name="beheer", password="een lang wachtwoord 42",
                            roles=["beheerder"])
        lines = _audit_lines()

        with pytest.raises(UserError):  # the last active administrator keeps that role
            update_user(db.session, admin, admin.id, roles=["aankoper"], full_name="Iemand anders",
                        actor_password="een lang wachtwoord 42")
        db.session.remove()

        kept = db.session.scalar(select(User).where(User.name == "beheer"))
        assert kept is not None and kept.roles == ["beheerder"] and kept.full_name == ""
        assert _audit_lines() == lines


def test_a_batch_of_rechecks_is_one_operation_and_a_second_post_of_its_form_is_a_duplicate(app: Flask) -> None:
    with app.app_context():
        catalogue = current_checker(db.session).catalogue
        first = services.create_tender_with_documents(db.session, originals(app), catalogue, title="Een",
                                                      files=[(DOCX_NAME, cleaning_bestek())])
        second = services.create_tender_with_documents(db.session, originals(app), catalogue, title="Twee",
                                                       files=[(DOCX_NAME, cleaning_bestek())])
        ids = [first.id, second.id]
        before = int(db.session.scalar(select(func.count()).select_from(Analysis)) or 0)

        made = recheck(db.session, None, ids, catalogue, form_token="t")
        db.session.remove()

        assert len(made) == 2
        assert db.session.scalar(select(func.count()).select_from(Analysis)) == before + 2
        with pytest.raises(services.DuplicateSubmission):
            recheck(db.session, None, ids, catalogue, form_token="t")


class Interrupted(Exception):
    """What a job's timeout raises: a signal handler's exception in the middle of a statement."""


def test_an_interruption_mid_statement_comes_through_and_the_session_takes_a_fresh_connection(app: Flask) -> None:
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("SQLite finishes a statement before Python sees the signal")
        previous = signal.signal(signal.SIGALRM, lambda *_: (_ for _ in ()).throw(Interrupted()))
        try:
            signal.setitimer(signal.ITIMER_REAL, 0.3)
            with pytest.raises(Interrupted), committing(db.session):
                db.session.execute(text("SELECT pg_sleep(5)"))  # psycopg waits in Python: the signal lands here
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)

        assert db.session.scalar(text("SELECT 1")) == 1
