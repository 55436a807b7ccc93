"""The JSON API: an analysis in the shape of the `procurement check` contract, with the tender around it."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort
from sqlalchemy import select

from procurement import services
from procurement.documents.model import Location
from procurement.extensions import db
from procurement.matching import Evidence, Finding, ProductGroupMatch, Report, ThemeScore
from procurement.matching.contract import document_dict, error_dict, output
from procurement.models import DONE, FAILED, Analysis, StoredDocument

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
    version = a.catalogue_version.version if a.catalogue_version else None
    documents = []
    if a.status == DONE:
        entry = document_dict(", ".join(files), _report(a, version or ""))
        entry["files"] = files
        documents.append(entry)
    elif a.status == FAILED:  # the contract: a document that could not be checked has "error" and no findings
        entry = error_dict(", ".join(files), a.error or "De analyse is mislukt.")
        entry["files"] = files
        documents.append(entry)
    body = output(version or "", a.engine_version, documents)
    body["tender"] = {"id": a.tender.id, "title": a.tender.title, "reference": a.tender.reference,
                      "department": a.tender.department, "review_state": a.tender.review_state}
    # the reviewers' decisions on this analysis' findings (the findings above are the machine's)
    body["reviews"] = {
        f.criterion: {"decision": f.review.decision, "status": f.review.status, "reason": f.review.reason,
                      "reviewer": f.review.reviewer_name, "carried_over": f.review.carried_from_id is not None}
        for f in a.findings if f.review is not None
    }
    body["analysis"] = {"id": a.id, "status": a.status, "progress": a.progress, "error": a.error,
                        "batch": a.batch, "files": files}
    return body


def _report(a: Analysis, version: str) -> Report:
    """The stored rows back into the matcher's frozen report, so the contract's own code shapes the JSON."""
    findings = tuple(
        Finding(
            criterion=f.criterion, theme=f.theme, kind=f.kind, essential=f.essential, status=f.status,
            similarity=f.similarity, missing_elements=tuple(f.missing_elements),
            evidence=tuple(
                Evidence(
                    text=e["text"],
                    location=Location(e["location"]["section"], e["location"]["paragraph"], e["location"]["page"]),
                    matched_phrases=tuple(e.get("matched_phrases", ())),
                    cues=tuple(e.get("cues", ())),
                    file=e.get("file"),
                    context=bool(e.get("context", False)),
                )
                for e in f.evidence
            ),
            explanation=f.explanation,
        )
        for f in a.findings
    )
    return Report(
        catalogue_version=version,
        engine_version=a.engine_version,
        product_groups=tuple(
            ProductGroupMatch(g["id"], g["source"], g["evidence"], g.get("confidence", 1.0)) for g in a.product_groups
        ),
        findings=findings,
        themes={t: ThemeScore(**s) for t, s in a.themes.items()},
        score=a.score,
        essential_complete=bool(a.essential_complete),
    )
