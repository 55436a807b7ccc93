"""The JSON shape of `procurement check` (docs: shared check-output contract); also used by the web API."""

from __future__ import annotations

from typing import Any

from procurement.matching.model import Evidence, Finding, Report


def evidence_dict(e: Evidence) -> dict[str, Any]:
    loc = e.location
    return {
        "text": e.text,
        "location": {"section": loc.section, "paragraph": loc.paragraph, "page": loc.page},
        "matched_phrases": list(e.matched_phrases),
        "cues": list(e.cues),
        "file": e.file,
        "context": e.context,
    }


def finding_dict(f: Finding) -> dict[str, Any]:
    return {
        "criterion": f.criterion,
        "theme": f.theme,
        "type": f.kind,
        "essential": f.essential,
        "status": f.status,
        "similarity": round(f.similarity, 2),
        "missing_elements": list(f.missing_elements),
        "evidence": [evidence_dict(e) for e in f.evidence],
        "explanation": f.explanation,
    }


def document_dict(file: str, report: Report) -> dict[str, Any]:
    return {
        "file": file,
        "error": None,
        "product_groups": [{"id": g.id, "source": g.source, "evidence": g.evidence} for g in report.product_groups],
        "score": report.score,
        "essential_complete": report.essential_complete,
        "themes": {
            theme: {
                "score": s.score,
                "met": s.met,
                "partial": s.partial,
                "missing": s.missing,
                "applicable": s.applicable,
            }
            for theme, s in report.themes.items()
        },
        "findings": [finding_dict(f) for f in report.findings],
    }


def error_dict(file: str, reason: str) -> dict[str, Any]:
    return {
        "file": file,
        "error": reason,
        "product_groups": [],
        "score": None,
        "essential_complete": False,
        "themes": {},
        "findings": [],
    }


def output(catalogue_version: str, engine_version: str, documents: list[dict[str, Any]]) -> dict[str, Any]:
    return {"catalogue_version": catalogue_version, "engine_version": engine_version, "documents": documents}
