"""The example tender of the first start: created and analysed once, whatever the number of processes."""

from __future__ import annotations

import logging

from sqlalchemy import select

from procurement.checker import Checker
from procurement.demo import DEMO_DEPARTMENT, DEMO_FILENAME, DEMO_REFERENCE, DEMO_TITLE, build_demo_bestek
from procurement.models import Tender
from procurement.services.analyses import run_analysis
from procurement.services.errors import DuplicateSubmission
from procurement.services.tenders import create_tender_with_documents
from procurement.sessions import DbSession
from procurement.storage import Originals

log = logging.getLogger(__name__)

# The demo's form token: the unique constraint on it keeps a second start (or process) from seeding again.
DEMO_TOKEN = "demo-seed-1"


def seed_demo(session: DbSession, storage: Originals, checker: Checker) -> Tender | None:
    """Create and analyse the example tender unless it was ever made; return it when made now."""
    if session.scalar(select(Tender.id).where(Tender.form_token == DEMO_TOKEN)) is not None:
        return None
    try:
        tender = create_tender_with_documents(
            session, storage, checker.catalogue,
            title=DEMO_TITLE, reference=DEMO_REFERENCE, department=DEMO_DEPARTMENT,
            files=[(DEMO_FILENAME, build_demo_bestek())], form_token=DEMO_TOKEN, demo=True,
        )
    except DuplicateSubmission:
        return None
    # Analysed right away, so the first screen already shows a report.
    run_analysis(session, tender.analyses[0].id, checker, storage=storage, worker="demo")
    log.info("demo tender %s seeded", tender.id)
    return tender
