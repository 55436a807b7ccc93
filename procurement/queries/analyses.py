"""A tender's latest analysis: the one definition (the highest id of the tender's analyses, or finished ones)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select

from procurement.models import DONE, Analysis, CatalogueVersion
from procurement.sessions import DbSession


@dataclass(frozen=True, slots=True)
class LatestAnalysis:
    """What the lists need of a tender's latest analysis."""

    id: int
    tender_id: int
    status: str
    score: float | None
    essential_complete: bool | None
    product_groups: tuple[str, ...]  # the ids the analysis ran for (given or detected)
    catalogue_version_id: int | None
    catalogue_version: str | None  # its version string


def latest_ids(done_only: bool = False) -> Select[Any]:
    """The id of each tender's latest analysis (or latest finished one), as a subquery to filter on."""
    query = select(func.max(Analysis.id)).group_by(Analysis.tender_id)
    return query.where(Analysis.status == DONE) if done_only else query


def latest_analysis(session: DbSession, tender_id: int, *, done_only: bool = False) -> Analysis | None:
    """The tender's latest analysis (or latest finished one): what the report and the review work on."""
    query = select(Analysis).where(Analysis.tender_id == tender_id)
    if done_only:
        query = query.where(Analysis.status == DONE)
    return session.scalar(query.order_by(Analysis.id.desc()).limit(1))


def latest_analyses(
    session: DbSession, tender_ids: Iterable[int] | None = None, *, done_only: bool = False
) -> dict[int, LatestAnalysis]:
    """Tender id -> its latest analysis (or latest finished one), for these tenders or every tender."""
    query = (
        select(Analysis.id, Analysis.tender_id, Analysis.status, Analysis.score, Analysis.essential_complete,
               Analysis.product_groups, Analysis.catalogue_version_id, CatalogueVersion.version)
        .outerjoin(CatalogueVersion, CatalogueVersion.id == Analysis.catalogue_version_id)
        .where(Analysis.id.in_(latest_ids(done_only)))
    )
    if tender_ids is not None:
        query = query.where(Analysis.tender_id.in_(list(tender_ids)))
    return {
        row.tender_id: LatestAnalysis(
            id=row.id, tender_id=row.tender_id, status=row.status, score=row.score,
            essential_complete=row.essential_complete,
            product_groups=tuple(str(g["id"]) for g in row.product_groups or () if isinstance(g, dict) and "id" in g),
            catalogue_version_id=row.catalogue_version_id, catalogue_version=row.version,
        )
        for row in session.execute(query)
    }
