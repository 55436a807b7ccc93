"""The home page: recent tenders with their score and status, and the figures per theme across tenders."""

from __future__ import annotations

from flask import Blueprint, render_template

from procurement.extensions import db
from procurement.web import queries

bp = Blueprint("main", __name__)


@bp.get("/")
def index() -> str:
    return render_template(
        "main/index.html",
        tenders=queries.tender_rows(db.session, limit=10),
        figures=queries.figures(db.session),
    )
