"""The example tenders of the first start: created and analysed once, whatever the number of processes."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, time

from sqlalchemy import select

from procurement.checker import Checker
from procurement.demo import DEMO_DEPARTMENT, DEMO_FILENAME, DEMO_REFERENCE, DEMO_TITLE, build_demo_bestek
from procurement.demo_set import build_bestek, example_tenders
from procurement.models import Department, Finding, Tender
from procurement.reports.format import LOCAL
from procurement.review import AAN_TE_PASSEN, APPROVE, CONCEPT, GOEDGEKEURD, SEND_BACK
from procurement.services import departments, review
from procurement.services.analyses import run_analysis
from procurement.services.errors import DuplicateSubmission, UnknownDepartment
from procurement.services.tenders import create_tender_with_documents
from procurement.services.transaction import committing
from procurement.sessions import DbSession
from procurement.storage import Originals

log = logging.getLogger(__name__)

# The demo's form token: the unique constraint on it keeps a second start (or process) from seeding again.
DEMO_TOKEN = "demo-seed-1"


def seed_demo(session: DbSession, storage: Originals, checker: Checker) -> Tender | None:
    """Create and analyse the example tender unless it was ever made; return it when made now."""
    if session.scalar(select(Tender.id).where(Tender.form_token == DEMO_TOKEN)) is not None:
        return None
    _ensure_departments(session, {DEMO_DEPARTMENT})
    try:
        tender = create_tender_with_documents(
            session, storage, checker.catalogue,
            title=DEMO_TITLE, reference=DEMO_REFERENCE, department=DEMO_DEPARTMENT,
            files=[(DEMO_FILENAME, build_demo_bestek())], form_token=DEMO_TOKEN, demo=True,
        )
    except (DuplicateSubmission, UnknownDepartment):  # made meanwhile; its department no longer offered
        return None
    # Analysed right away, so the first screen already shows a report.
    run_analysis(session, tender.analyses[0].id, checker, storage=storage, worker="demo")
    log.info("demo tender %s seeded", tender.id)
    return tender


SET_TOKEN = "demo-set-{}"  # one form token per example: a second start (or process) skips what exists
_REASON = "Staat in de bijlage bij het bestek (gecontroleerd door de dienst duurzaamheid)."


def seed_demo_set(session: DbSession, storage: Originals, checker: Checker, today: date) -> int:
    """The real-size demo: the example bestekken of demo_set, analysed by the real checker, dated over the last
    two years and brought to their review state; the departments they name join the managed list. Only on a
    database that holds no tender of its own (never over real data); returns how many were made now."""
    if session.scalar(select(Tender.id).where(Tender.demo.is_(False)).limit(1)) is not None:
        return 0
    made = set(session.scalars(select(Tender.form_token).where(Tender.form_token.like("demo-set-%"))))
    examples = [e for e in example_tenders(checker.catalogue, today) if SET_TOKEN.format(e.number) not in made]
    if not examples:
        return 0
    log.info("demo set: checking %s example tenders (a first start only)", len(examples))
    _ensure_departments(session, {e.department for e in examples})
    groups = {g.id: g for g in checker.catalogue.product_groups}
    count = 0
    for example in examples:
        try:
            tender = create_tender_with_documents(
                session, storage, checker.catalogue,
                title=example.title, reference=example.reference, department=example.department,
                product_groups=[example.group],
                files=[(f"bestek-{example.reference.replace('/', '-').lower()}.docx",
                        build_bestek(example, groups[example.group]))],
                form_token=SET_TOKEN.format(example.number), demo=True,
            )
        except (DuplicateSubmission, UnknownDepartment):  # another process seeds it; a department since retired
            continue
        analysis_id = tender.analyses[0].id
        with committing(session):
            made_on = datetime.combine(example.created, time(10), tzinfo=LOCAL).astimezone(UTC)
            tender.created_at = min(made_on, datetime.now(UTC))  # today's examples not later than now
        run_analysis(session, analysis_id, checker, storage=storage, worker="demo")
        _review(session, tender.id, analysis_id, example.state, override=example.number % 3 == 0)
        count += 1
    log.info("demo set: %s example tenders seeded", count)
    return count


def _ensure_departments(session: DbSession, names: set[str]) -> None:
    known = {n.casefold() for n in session.scalars(select(Department.name))}  # a retired one stays retired
    for name in sorted(names):
        if name.casefold() not in known:
            departments.add(session, None, name)


def _review(session: DbSession, tender_id: int, analysis_id: int, state: str, *, override: bool) -> None:
    """Bring a seeded tender to its state through the review's own moves (the system acts, audited)."""
    if state == CONCEPT:
        return
    review.submit(session, None, tender_id, analysis_id)
    if state == AAN_TE_PASSEN:
        review.decide(session, None, tender_id, SEND_BACK, "Voeg de ontbrekende essentiële clausules toe.",
                      analysis_id=analysis_id)
    elif state == GOEDGEKEURD:
        missing = session.scalar(
            select(Finding.id).where(Finding.analysis_id == analysis_id, Finding.status == "missing")
            .order_by(Finding.id).limit(1))
        if override and missing is not None:  # once the reviewer knows better than the machine (with a reason)
            review.review_finding(session, None, tender_id, missing, decision=review.OVERRIDE, status="met",
                                  reason=_REASON)
        review.decide(session, None, tender_id, APPROVE, analysis_id=analysis_id, acknowledged=True)
