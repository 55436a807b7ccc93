"""The home page: recent tenders and figures for who sees tenders, and the way to each role's own pages."""

from __future__ import annotations

from flask import Blueprint, render_template

from procurement.extensions import db
from procurement.queries import tenders as queries
from procurement.web.permissions import can

bp = Blueprint("main", __name__)


@bp.get("/")
def index() -> str:
    show_tenders = can("tenders.index")
    return render_template(
        "main/index.html",
        show_tenders=show_tenders,
        tenders=queries.tender_rows(db.session, limit=10) if show_tenders else [],
        figures=queries.figures(db.session) if show_tenders else None,
        queue=queries.review_queue(db.session) if can("review.decide") else None,
    )
