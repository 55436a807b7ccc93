"""The audit trail, read-only: per tender, and as a whole with filters; nothing here changes or deletes a line."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Blueprint, render_template, request
from sqlalchemy import Select, func, select

from procurement.extensions import db
from procurement.models import AuditEvent, Tender
from procurement.reports import format as fmt
from procurement.services.audit import ACTION_GROUPS, ACTION_NAMES
from procurement.services.catalogue import current_version
from procurement.sessions import DbSession
from procurement.web.errors import MAX_ID, bounded_int

bp = Blueprint("audit", __name__)
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


@bp.get("/bestekken/<int:tender_id>/audit")
def tender(tender_id: int) -> str:
    found = db.get_or_404(Tender, tender_id)
    return render_template("audit/tender.html", tender=found, trail=tender_trail(db.session, found.id))


@bp.get("/audit/")
def index() -> str:
    group = request.args.get("soort", "")
    group = group if group in ACTION_GROUPS else ""
    who = request.args.get("wie", "").strip()[:120]
    page = max(1, request.args.get("pagina", 1, type=bounded_int(1, MAX_ID // PAGE_SIZE)) or 1)
    query = select(AuditEvent)
    if group:
        query = query.where(AuditEvent.action.startswith(f"{group}."))
    if who:
        query = query.where(AuditEvent.actor_name == who)
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    query = query.order_by(AuditEvent.id.desc()).offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)
    actors = list(db.session.scalars(select(AuditEvent.actor_name).distinct().order_by(AuditEvent.actor_name)))
    return render_template(
        "audit/index.html", trail=rows(db.session, query), groups=list(ACTION_GROUPS.items()), group=group,
        who=who, actors=actors, page=page, pages=max(1, -(-total // PAGE_SIZE)), total=total,
    )
