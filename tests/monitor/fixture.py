"""Tenders for the monitor tests, built through the real services: upload, analysis, submission, review."""

from __future__ import annotations

from datetime import UTC, datetime

from accounts import make_user
from builders import DOCX_NAME, cleaning_bestek, offer
from flask import Flask
from sqlalchemy import select

from procurement import services
from procurement.extensions import db, originals
from procurement.models import Finding, Tender, User
from procurement.services import current_checker, review


def tender(app: Flask, title: str, department: str, created: datetime, *, ilo: bool, run: bool = True) -> int:
    """A cleaning tender made on `created`, analysed unless `run` is false."""
    with app.app_context():
        offer(department)
        made = services.create_tender_with_documents(
            db.session, originals(app), current_checker(db.session).catalogue, title=title, reference=title.lower(),
            department=department, files=[(DOCX_NAME, cleaning_bestek(ilo=ilo))],
        )
        made.created_at = created  # the day it was made decides its period
        db.session.commit()
        if run:
            services.run_analysis(db.session, made.analyses[0].id, current_checker(db.session), storage=originals(app))
        return made.id


def submit_and_mark_met(app: Flask, tender_id: int) -> None:
    """The procurement office submits; the sustainability office overrides every missing or partial finding to met."""
    office = make_user(app, "aankoopdienst", name="aankoopdienst")
    reviewer = make_user(app, "duurzaamheid", name="duurzaamheid")
    with app.app_context():
        analysis = services.latest_analysis(db.session, tender_id, done_only=True)
        assert analysis is not None
        review.submit(db.session, db.session.get(User, office), tender_id, analysis.id)
        short = select(Finding.id).where(Finding.analysis_id == analysis.id, Finding.status.in_(("missing", "partial")))
        for finding_id in list(db.session.scalars(short)):
            review.review_finding(db.session, db.session.get(User, reviewer), tender_id, finding_id,
                                  decision="override", status="met", reason="Staat in bijlage B.")


def review_all(app: Flask, tender_id: int, met: tuple[str, ...] = ()) -> None:
    """The sustainability office sets every applicable finding: `met` to met, every other one to missing.

    So the statuses after review do not depend on what the engine found; only the machine's figures do.
    """
    reviewer = make_user(app, "duurzaamheid", name="duurzaamheid")
    with app.app_context():
        analysis = services.latest_analysis(db.session, tender_id, done_only=True)
        assert analysis is not None
        applicable = select(Finding).where(Finding.analysis_id == analysis.id, Finding.status != "not_applicable")
        for finding_id, machine, criterion in [(f.id, f.status, f.criterion) for f in db.session.scalars(applicable)]:
            wanted = "met" if criterion in met else "missing"
            review.review_finding(db.session, db.session.get(User, reviewer), tender_id, finding_id,
                                  decision="confirm" if machine == wanted else "override", status=wanted,
                                  reason="" if machine == wanted else "Nagekeken in het bestek.")


def machine_scores(app: Flask, *tender_ids: int) -> list[float]:
    """The scores the engine gave these tenders (their latest finished analysis)."""
    with app.app_context():
        found = [services.latest_analysis(db.session, t, done_only=True) for t in tender_ids]
        return [a.score for a in found if a is not None and a.score is not None]


def day(y: int, m: int, d: int) -> datetime:
    return datetime(y, m, d, 10, 0, tzinfo=UTC)


def state_of(app: Flask, tender_id: int) -> str:
    with app.app_context():
        return db.session.get_one(Tender, tender_id).review_state
