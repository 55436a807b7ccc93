"""Read-only queries of the pages, returning rows ready to show (tender lists, figures per theme)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from procurement.catalogue.model import THEME_NAMES, THEMES
from procurement.models import ANALYSIS_STATUS_NAMES, DONE, Analysis, Tender
from procurement.reports import format as fmt
from procurement.review import STATE_NAMES


@dataclass(frozen=True, slots=True)
class TenderRow:
    id: int
    title: str
    reference: str
    department: str
    created: str
    status: str
    status_name: str
    score: str
    percent: int
    essential_complete: bool | None
    demo: bool
    review_state: str = "concept"
    review_state_name: str = "concept"


@dataclass(frozen=True, slots=True)
class ThemeFigure:
    id: str
    name: str
    average: str
    percent: int
    tenders: int


@dataclass(frozen=True, slots=True)
class Figures:
    tenders: int
    analysed: int
    average: str
    essential_complete: int
    themes: tuple[ThemeFigure, ...]


def latest_ids(done_only: bool = False) -> Select[Any]:
    """The id of each tender's latest analysis (or latest finished one): the same as services.latest_analysis."""
    query = select(func.max(Analysis.id)).group_by(Analysis.tender_id)
    return query.where(Analysis.status == DONE) if done_only else query


def like_escaped(text: str) -> str:
    """Search text as itself in a LIKE pattern: % and _ are letters, not wildcards (escaped with a backslash)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def tender_rows(session: Session, *, search: str = "", limit: int | None = None) -> list[TenderRow]:
    """Tenders, newest first, with their latest analysis (status) and their latest finished score."""
    query = select(Tender).order_by(Tender.created_at.desc(), Tender.id.desc())
    if search:
        pattern = "%" + like_escaped(search.strip()) + "%"
        query = query.where(or_(*(column.ilike(pattern, escape="\\")
                                  for column in (Tender.title, Tender.reference, Tender.department))))
    if limit:
        query = query.limit(limit)
    tenders = list(session.scalars(query))
    ids = [t.id for t in tenders]
    of_these = Analysis.tender_id.in_(ids)
    latest = {a.tender_id: a for a in session.scalars(select(Analysis).where(of_these, Analysis.id.in_(latest_ids())))}
    done = {
        a.tender_id: a for a in session.scalars(select(Analysis).where(of_these, Analysis.id.in_(latest_ids(True))))
    }
    rows = []
    for t in tenders:
        current, scored = latest.get(t.id), done.get(t.id)
        rows.append(
            TenderRow(
                id=t.id, title=t.title, reference=t.reference, department=t.department,
                created=fmt.when(t.created_at),
                status=current.status if current else "",
                status_name=ANALYSIS_STATUS_NAMES.get(current.status, "") if current else "geen analyse",
                score=fmt.score(scored.score) if scored else "–",
                percent=fmt.percent(scored.score) if scored else 0,
                essential_complete=scored.essential_complete if scored else None,
                demo=t.demo,
                review_state=t.review_state,
                review_state_name=STATE_NAMES.get(t.review_state, t.review_state),
            )
        )
    return rows


def figures(session: Session) -> Figures:
    """Figures across tenders, from each tender's latest finished analysis."""
    analyses = list(session.scalars(select(Analysis).where(Analysis.id.in_(latest_ids(True)))))
    tenders = session.scalar(select(func.count(Tender.id))) or 0
    scores = [a.score for a in analyses if a.score is not None]
    themes = []
    for theme in THEMES:
        values = [a.themes[theme]["score"] for a in analyses
                  if (a.themes.get(theme) or {}).get("score") is not None]
        average = sum(values) / len(values) if values else None
        themes.append(ThemeFigure(theme, THEME_NAMES[theme], fmt.score(average), fmt.percent(average), len(values)))
    return Figures(
        tenders=tenders,
        analysed=len(analyses),
        average=fmt.score(sum(scores) / len(scores) if scores else None),
        essential_complete=sum(1 for a in analyses if a.essential_complete),
        themes=tuple(themes),
    )
