"""The audit trail as rows to read: per tender, and as a whole by kind of action and person, a page at a time."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select

from procurement.models import AuditEvent, Tender
from procurement.reports import format as fmt
from procurement.services.audit import ACTION_GROUPS, ACTION_NAMES
from procurement.services.catalogue import current_version
from procurement.sessions import DbSession

PAGE_SIZE = 100


@dataclass(frozen=True, slots=True)
class AuditRow:
    id: int
    when: str
    who: str
    action: str
    action_name: str
    tender_id: int | None
    tender_title: str
    criterion: str
    criterion_title: str  # what a person reads; the id stays for who searches the catalogue
    analysis_id: int | None
    summary: str


def rows(session: DbSession, query: Select[Any]) -> list[AuditRow]:
    events: list[AuditEvent] = list(session.scalars(query))
    ids = {e.tender_id for e in events if e.tender_id}
    titles = {row.id: row.title for row in session.execute(select(Tender.id, Tender.title).where(Tender.id.in_(ids)))}
    newest = current_version(session) if any(e.criterion for e in events) else None
    criteria = newest.criteria if newest is not None else {}
    return [
        AuditRow(
            id=e.id, when=fmt.when(e.at), who=e.actor_name, action=e.action,
            action_name=ACTION_NAMES.get(e.action, e.action), tender_id=e.tender_id,
            tender_title=titles.get(e.tender_id, "") if e.tender_id else "", criterion=e.criterion or "",
            criterion_title=str((criteria.get(e.criterion or "") or {}).get("title") or e.criterion or ""),
            analysis_id=e.analysis_id, summary=e.summary,
        )
        for e in events
    ]


def tender_trail(session: DbSession, tender_id: int, limit: int | None = None) -> list[AuditRow]:
    """Newest first."""
    query = select(AuditEvent).where(AuditEvent.tender_id == tender_id).order_by(AuditEvent.id.desc())
    return rows(session, query.limit(limit) if limit else query)


@dataclass(frozen=True, slots=True)
class TrailPage:
    rows: list[AuditRow]
    actors: list[str]  # everyone in the trail, to filter on
    total: int  # lines that match, on every page
    pages: int


def trail_page(session: DbSession, *, group: str = "", who: str = "", page: int = 1) -> TrailPage:
    """Newest first, PAGE_SIZE lines a page; `group` one of ACTION_GROUPS (or every kind), `who` one person."""
    query = select(AuditEvent)
    if group in ACTION_GROUPS:
        query = query.where(AuditEvent.action.startswith(f"{group}."))
    if who:
        query = query.where(AuditEvent.actor_name == who)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    query = query.order_by(AuditEvent.id.desc()).offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)
    actors = list(session.scalars(select(AuditEvent.actor_name).distinct().order_by(AuditEvent.actor_name)))
    return TrailPage(rows=rows(session, query), actors=actors, total=total, pages=max(1, -(-total // PAGE_SIZE)))
