"""The monitor's facts from the database: each tender with its latest finished analysis, read through the
one stored-report mapper (reports/stored.py) with its reviewed statuses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from procurement.models import Analysis, CatalogueVersion, Tender
from procurement.models import Finding as FindingRow
from procurement.monitor.figures import TenderFacts
from procurement.reports.format import LOCAL
from procurement.reports.stored import report_from_rows, stored_findings
from procurement.reports.view import final_findings
from procurement.web.queries import latest_ids


@dataclass(frozen=True, slots=True)
class Facts:
    tenders: tuple[TenderFacts, ...]
    titles: dict[str, str]  # criterion id -> title (the newest catalogue version that knows it)
    group_names: dict[str, str]  # product group id -> Dutch name


def facts(session: Session) -> Facts:
    """Every tender that has a finished analysis, with that analysis' findings and reviews."""
    analyses = session.scalars(
        select(Analysis)
        .where(Analysis.id.in_(latest_ids(done_only=True)))
        .options(selectinload(Analysis.tender), selectinload(Analysis.findings).selectinload(FindingRow.review))
        .order_by(Analysis.tender_id)
    )
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
    titles: dict[str, str] = {}
    names: dict[str, str] = {}
    for version in session.scalars(select(CatalogueVersion).order_by(CatalogueVersion.id)):
        titles.update({cid: str(c.get("title", cid)) for cid, c in (version.criteria or {}).items()})
        names.update(version.product_groups or {})
    return Facts(tuple(tenders), titles, names)


def local_day(tender: Tender) -> date:
    """The day the tender was made, in Belgian time (SQLite hands back naive UTC moments)."""
    moment = tender.created_at
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(LOCAL).date()
