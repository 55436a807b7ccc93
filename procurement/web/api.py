"""The JSON API: an analysis in the shape of the `procurement check` contract, with the tender around it."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort
from sqlalchemy import select

from procurement import services
from procurement.extensions import db
from procurement.matching.contract import document_dict, error_dict, output
from procurement.models import DONE, FAILED, Analysis, StoredDocument
from procurement.reports.notice import of_analysis
from procurement.reports.stored import report_from_rows, stored_findings

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/analyses/<int:analysis_id>")
def analysis(analysis_id: int) -> dict[str, Any]:
    found = db.session.get(Analysis, analysis_id)
    if found is None:
        abort(404)
    return analysis_json(found)


@bp.get("/bestekken/<int:tender_id>")
def tender(tender_id: int) -> dict[str, Any]:
    """The tender's latest analysis (whatever its status)."""
    latest = services.latest_analysis(db.session, tender_id)
    if latest is None:
        abort(404)
    return analysis_json(latest)


def analysis_json(a: Analysis) -> dict[str, Any]:
    """The contract's keys (catalogue_version, engine_version, documents[...]) plus `tender` and `analysis`.

    A tender's documents are checked together, so `documents` holds one entry for the whole tender: its
    `file` names the files joined by ", ", `files` lists them, and each evidence names its own file.
    """
    files = list(
        db.session.scalars(
            select(StoredDocument.filename)
            .where(StoredDocument.tender_id == a.tender_id, StoredDocument.batch == a.batch)
            .order_by(StoredDocument.id)
        )
    )
    report = report_from_rows(a)
    documents = []
    if a.status == DONE:
        entry = document_dict(", ".join(files), report)
        entry["files"] = files
        documents.append(entry)
    elif a.status == FAILED:  # the contract: a document that could not be checked has "error" and no findings
        entry = error_dict(", ".join(files), a.error or "De analyse is mislukt.")
        entry["files"] = files
        documents.append(entry)
    body = output(report.catalogue_version, report.engine_version, documents)
    body["tender"] = {"id": a.tender.id, "title": a.tender.title, "reference": a.tender.reference,
                      "department": a.tender.department, "review_state": a.tender.review_state}
    # the reviewers' decisions on this analysis' findings (the findings above are the machine's)
    reviews = {criterion: s.review for criterion, s in stored_findings(a).items() if s.review is not None}
    body["reviews"] = {
        criterion: {"decision": r.decision, "status": r.status, "reason": r.reason, "reviewer": r.reviewer,
                    "carried_over": r.carried_over}
        for criterion, r in reviews.items()
    }
    # eForms BT-774 / BT-775 / BT-805 and OCDS tender.sustainability from the criteria met after review
    body["notice"] = of_analysis(a).as_json() if a.status == DONE else None
    body["analysis"] = {"id": a.id, "status": a.status, "progress": a.progress, "error": a.error,
                        "batch": a.batch, "files": files}
    return body

