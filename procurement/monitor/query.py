"""The monitor's facts from the database: each tender with its latest finished analysis, read through the
one stored-report mapper (reports/stored.py) with its reviewed statuses."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import UTC, date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from procurement.matching.scoring import SCORED
from procurement.models import DONE, Analysis, AuditEvent, CatalogueVersion, Tender
from procurement.models import Finding as FindingRow
from procurement.monitor.figures import TenderFacts
from procurement.queries.analyses import latest_ids
from procurement.reports.format import LOCAL
from procurement.reports.stored import report_from_rows, stored_findings
from procurement.reports.view import final_findings
from procurement.sessions import DbSession


@dataclass(frozen=True, slots=True)
class Facts:
    tenders: tuple[TenderFacts, ...]
    titles: dict[str, str]  # criterion id -> title (the newest catalogue version that knows it)
    group_names: dict[str, str]  # product group id -> Dutch name


def facts(session: DbSession) -> Facts:
    """Every tender that has a finished analysis, with that analysis' applicable findings and their reviews.

    The analyses are loaded for reading only (their findings collection holds the applicable ones): the session
    is expunged of them before it returns, so nothing later sees the narrowed collection.
    """
    analyses = list(session.scalars(
        select(Analysis)
        .where(Analysis.id.in_(latest_ids(done_only=True)))
        # a criterion that does not apply counts nowhere in the monitor: its rows stay in the database
        .options(selectinload(Analysis.tender),
                 selectinload(Analysis.findings.and_(FindingRow.status.in_(SCORED))).selectinload(FindingRow.review))
        .order_by(Analysis.tender_id)
    ))
    tenders = []
    for analysis in analyses:
        tender: Tender = analysis.tender
        report = report_from_rows(analysis)
        tenders.append(TenderFacts(
            id=tender.id, title=tender.title, reference=tender.reference, department=tender.department,
            review_state=tender.review_state, created=local_day(tender),
            groups=tuple(g.id for g in report.product_groups),
            machine=report.findings,
            reviewed=tuple(final_findings(report.findings, stored_findings(analysis))),
        ))
    for analysis in analyses:
        session.expunge(analysis)  # and its narrowed findings (cascade): a later load in this session reads them all
    titles: dict[str, str] = {}
    names: dict[str, str] = {}
    for version in session.scalars(select(CatalogueVersion).order_by(CatalogueVersion.id)):
        titles.update({cid: str(c.get("title", cid)) for cid, c in (version.criteria or {}).items()})
        names.update(version.product_groups or {})
    return Facts(tuple(tenders), titles, names)


class FactsCache:
    """The last facts read, kept while nothing they rest on changed (one entry: the monitor's figures are read
    far more often than tenders change). Every change the facts see leaves a trace in the stamp: a new or
    finished analysis, a review or a review state (audit trail), a catalogue version (titles)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entry: tuple[tuple[Any, ...], Facts] | None = None

    def get(self, session: DbSession) -> Facts:
        key = stamp(session)
        with self._lock:
            if self._entry is not None and self._entry[0] == key:
                return self._entry[1]
        found = facts(session)
        with self._lock:
            self._entry = (key, found)
        return found


def stamp(session: DbSession) -> tuple[Any, ...]:
    """What changes whenever the monitor's facts may have changed."""
    analyses = session.execute(
        select(func.max(Analysis.id), func.count(Analysis.id), func.max(Analysis.finished_at))
        .where(Analysis.status == DONE)
    ).one()
    return (*analyses, session.scalar(select(func.max(Analysis.id))), session.scalar(select(func.max(AuditEvent.id))),
            session.scalar(select(func.max(CatalogueVersion.id))), session.scalar(select(func.count(Tender.id))))


def local_day(tender: Tender) -> date:
    """The day the tender was made, in Belgian time (SQLite hands back naive UTC moments)."""
    moment = tender.created_at
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(LOCAL).date()
