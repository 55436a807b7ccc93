"""The audit trail, read-only: per tender, and as a whole with filters; nothing here changes or deletes a line."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from procurement.extensions import db
from procurement.models import Tender
from procurement.queries import audit
from procurement.queries.audit import PAGE_SIZE
from procurement.services.audit import ACTION_GROUPS
from procurement.web.errors import MAX_ID, bounded_int

bp = Blueprint("audit", __name__)


@bp.get("/bestekken/<int:tender_id>/audit")
def tender(tender_id: int) -> str:
    found = db.get_or_404(Tender, tender_id)
    return render_template("audit/tender.html", tender=found, trail=audit.tender_trail(db.session, found.id))


@bp.get("/audit/")
def index() -> str:
    group = request.args.get("soort", "")
    group = group if group in ACTION_GROUPS else ""
    who = request.args.get("wie", "").strip()[:120]
    page = max(1, request.args.get("pagina", 1, type=bounded_int(1, MAX_ID // PAGE_SIZE)) or 1)
    found = audit.trail_page(db.session, group=group, who=who, page=page)
    return render_template(
        "audit/index.html", trail=found.rows, groups=list(ACTION_GROUPS.items()), group=group,
        who=who, actors=found.actors, page=page, pages=found.pages, total=found.total,
    )
