"""The tender lists and the figures across tenders, as rows ready to show."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from sqlalchemy import func, or_, select

from procurement.catalogue.model import THEME_NAMES, THEMES
from procurement.models import ANALYSIS_STATUS_NAMES, Analysis, Tender
from procurement.queries.analyses import LatestAnalysis, latest_analyses, latest_ids
from procurement.reports import format as fmt
from procurement.review import STATE_NAMES, TER_CONTROLE
from procurement.sessions import DbSession


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
class TenderFilters:
    """What the tender list is narrowed to; empty fields do not filter."""

    review_state: str = ""
    department: str = ""
    product_group: str = ""  # given or detected in the latest finished analysis
    score_min: float | None = None
    score_max: float | None = None
    created_from: date | None = None
    created_to: date | None = None  # included
    sort: str = "nieuwste"  # SORTS


SORTS = {"nieuwste": "nieuwste eerst", "oudste": "oudste eerst", "score-hoog": "hoogste score eerst",
         "score-laag": "laagste score eerst", "titel": "titel"}


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


def like_escaped(text: str) -> str:
    """Search text as itself in a LIKE pattern: % and _ are letters, not wildcards (escaped with a backslash)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def tender_rows(
    session: DbSession, *, search: str = "", limit: int | None = None, filters: TenderFilters | None = None
) -> list[TenderRow]:
    """Tenders, newest first (or as `filters.sort` says), with their latest analysis (status) and their latest
    finished score; `filters` narrow them by review state, department, product group, score and date."""
    f = filters or TenderFilters()
    oldest = f.sort == "oudste"
    query = select(Tender).order_by(*((Tender.created_at, Tender.id) if oldest else
                                      (Tender.created_at.desc(), Tender.id.desc())))
    if f.review_state:
        query = query.where(Tender.review_state == f.review_state)
    if f.department:
        query = query.where(Tender.department == f.department)
    if f.created_from:
        query = query.where(Tender.created_at >= _utc(f.created_from))
    if f.created_to:
        query = query.where(Tender.created_at < _utc(date.fromordinal(f.created_to.toordinal() + 1)))
    if search:
        pattern = "%" + like_escaped(search.strip()) + "%"
        query = query.where(or_(*(column.ilike(pattern, escape="\\")
                                  for column in (Tender.title, Tender.reference, Tender.department))))
    narrowed = bool(f.product_group or f.score_min is not None or f.score_max is not None)
    if limit and not narrowed:
        query = query.limit(limit)
    tenders = list(session.scalars(query))
    ids = [t.id for t in tenders]
    latest = latest_analyses(session, ids)
    done = latest_analyses(session, ids, done_only=True)
    rows = []
    for t in tenders:
        current, scored = latest.get(t.id), done.get(t.id)
        if not _kept(f, scored):
            continue
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
    if f.sort in ("score-hoog", "score-laag"):
        scores: dict[int, float] = {}
        for t in tenders:
            value = done[t.id].score if t.id in done else None
            scores[t.id] = value if value is not None else -1.0  # no score: last when highest first
        rows.sort(key=lambda r: scores[r.id], reverse=f.sort == "score-hoog")
    elif f.sort == "titel":
        rows.sort(key=lambda r: r.title.casefold())
    return rows[:limit] if limit else rows


def review_queue(session: DbSession) -> list[TenderRow]:
    """"Te beoordelen": the tenders submitted to the sustainability office, oldest first."""
    return tender_rows(session, filters=TenderFilters(review_state=TER_CONTROLE, sort="oudste"))


def departments(session: DbSession) -> list[str]:
    """The departments tenders name, for a filter."""
    names = session.scalars(select(Tender.department).distinct().where(Tender.department != ""))
    return sorted(names, key=str.casefold)


def _kept(f: TenderFilters, scored: LatestAnalysis | None) -> bool:
    """The filters that need the latest finished analysis: product group and score range."""
    if f.product_group and (scored is None or f.product_group not in scored.product_groups):
        return False
    score = scored.score if scored is not None else None
    if f.score_min is not None and (score is None or score < f.score_min):
        return False
    return not (f.score_max is not None and (score is None or score > f.score_max))


def _utc(day: date) -> datetime:
    """The start of a Belgian day in UTC, as moments are stored."""
    return datetime.combine(day, time(), tzinfo=fmt.LOCAL).astimezone(UTC)


def figures(session: DbSession) -> Figures:
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
