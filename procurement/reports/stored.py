"""A stored analysis and the engine's frozen Report, both ways: the one place that knows the rows' shape."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from procurement.documents.model import Location
from procurement.matching import Evidence, Finding, ProductGroupMatch, Report, ThemeScore
from procurement.matching.contract import evidence_dict
from procurement.models import Analysis
from procurement.models import Finding as FindingRow
from procurement.models import FindingReview as ReviewRow

SIMILARITY_DIGITS = 3  # what a row keeps of a finding's similarity


@dataclass(frozen=True, slots=True)
class Review:
    """A reviewer's decision on a stored finding: confirmed, or overridden to `status` with a reason."""

    decision: str  # "confirm" | "override"
    status: str  # the status after review
    reason: str
    reviewer: str  # the name as it was then
    reviewed_at: datetime | None
    carried_because: str | None  # "evidence" | "status" when carried over from the previous analysis
    carried_over: bool


@dataclass(frozen=True, slots=True)
class StoredFinding:
    """What the rows hold of a finding beyond the engine's judgement: its id (review forms post it), its review."""

    finding_id: int
    review: Review | None = None


def rows_from_report(report: Report, analysis: Analysis) -> list[FindingRow]:
    """Write the report onto its analysis row and give it one finding row per finding, in the matcher's order.

    The analysis' catalogue version is the caller's to set: a row refers to it by key, the report by name.
    """
    analysis.engine_version = report.engine_version
    analysis.score = report.score
    analysis.essential_complete = report.essential_complete
    analysis.themes = {
        theme: {"score": s.score, "met": s.met, "partial": s.partial, "missing": s.missing, "applicable": s.applicable}
        for theme, s in report.themes.items()
    }
    analysis.product_groups = [
        {"id": g.id, "source": g.source, "evidence": g.evidence, "confidence": g.confidence}
        for g in report.product_groups
    ]
    rows = [
        FindingRow(
            position=position,
            criterion=f.criterion,
            theme=f.theme,
            kind=f.kind,
            essential=f.essential,
            status=f.status,
            similarity=round(f.similarity, SIMILARITY_DIGITS),
            missing_elements=list(f.missing_elements),
            evidence=[evidence_dict(e) for e in f.evidence],  # the check contract's shape
            explanation=f.explanation,
        )
        for position, f in enumerate(report.findings)
    ]
    analysis.findings = rows
    return rows


def report_from_rows(analysis: Analysis) -> Report:
    """The stored analysis as the matcher's frozen report (similarities as stored, to three digits)."""
    version = analysis.catalogue_version
    return Report(
        catalogue_version=version.version if version is not None else "",
        engine_version=analysis.engine_version,
        product_groups=tuple(
            ProductGroupMatch(g["id"], g["source"], g.get("evidence", ""), g.get("confidence", 1.0))
            for g in analysis.product_groups or ()
        ),
        findings=tuple(_finding(f) for f in analysis.findings),
        themes={
            theme: ThemeScore(
                score=s.get("score"), met=s.get("met", 0), partial=s.get("partial", 0), missing=s.get("missing", 0),
                applicable=s.get("applicable", 0),
            )
            for theme, s in (analysis.themes or {}).items()
        },
        score=analysis.score,
        essential_complete=bool(analysis.essential_complete),
    )


def stored_findings(analysis: Analysis) -> dict[str, StoredFinding]:
    """Criterion -> its finding's id and review, for the findings of `report_from_rows(analysis)`."""
    return {f.criterion: StoredFinding(f.id, _review(f.review)) for f in analysis.findings}


def _finding(row: FindingRow) -> Finding:
    return Finding(
        criterion=row.criterion,
        theme=row.theme,
        kind=row.kind,
        essential=row.essential,
        status=row.status,
        similarity=row.similarity,
        missing_elements=tuple(row.missing_elements or ()),
        evidence=tuple(_evidence(e) for e in row.evidence or ()),
        explanation=row.explanation or "",
    )


def _evidence(data: dict[str, Any]) -> Evidence:
    """Rows written before a field existed lack it: it reads as the field's default."""
    loc = data.get("location") or {}
    return Evidence(
        text=data.get("text", ""),
        location=Location(loc.get("section"), loc.get("paragraph", 0), loc.get("page")),
        matched_phrases=tuple(data.get("matched_phrases", ())),
        cues=tuple(data.get("cues", ())),
        file=data.get("file"),
        context=bool(data.get("context", False)),
    )


def _review(row: ReviewRow | None) -> Review | None:
    if row is None:
        return None
    return Review(
        decision=row.decision, status=row.status, reason=row.reason, reviewer=row.reviewer_name,
        reviewed_at=row.reviewed_at, carried_because=row.carried_because, carried_over=row.carried_from_id is not None,
    )
