"""A stored analysis and the engine's frozen Report, both ways: the one place that knows the rows' shape.

Evidence is bounded here, both ways (rows written before the bound are clipped as they are read): a quote of at
most QUOTE_CHARS characters, at most EVIDENCE_ITEMS quotes a finding, each clipped one ending with where the
whole passage stands. So no stored analysis, report page or export grows with the upload.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from procurement.documents.model import Location
from procurement.matching import Evidence, Finding, ProductGroupMatch, Report, ThemeScore
from procurement.matching.contract import evidence_dict
from procurement.models import Analysis
from procurement.models import Finding as FindingRow
from procurement.models import FindingReview as ReviewRow
from procurement.reports.format import location as where

SIMILARITY_DIGITS = 3  # what a row keeps of a finding's similarity
QUOTE_CHARS = 1_500  # of one evidence passage (a long clause is some 1,000)
EVIDENCE_ITEMS = 12  # quotes of one finding
CLIPPED = " […] (ingekort: de hele passage telt {chars} tekens en staat in {where})"
MORE = " Nog {count} {places} niet getoond: {where}."


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
        for position, f in enumerate(bounded(finding) for finding in report.findings)
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


def bounded(finding: Finding) -> Finding:
    """The finding with at most EVIDENCE_ITEMS quotes of at most QUOTE_CHARS characters; what is left out is
    named by its place (in the explanation for whole quotes, at the end of a clipped one)."""
    if len(finding.evidence) <= EVIDENCE_ITEMS and all(len(e.text) <= QUOTE_CHARS for e in finding.evidence):
        return finding
    kept, left = finding.evidence[:EVIDENCE_ITEMS], finding.evidence[EVIDENCE_ITEMS:]
    explanation = finding.explanation
    if left:
        places = "; ".join(where(e.location, e.file) for e in left[:5]) + ("; …" if len(left) > 5 else "")
        explanation += MORE.format(count=len(left), places="vindplaats" if len(left) == 1 else "vindplaatsen",
                                   where=places)
    return replace(finding, evidence=tuple(clip(e) for e in kept), explanation=explanation)


def clip(evidence: Evidence) -> Evidence:
    """A quote of at most QUOTE_CHARS characters (the note included, so clipping again changes nothing) around
    its first matched phrase, ending with where the whole passage stands."""
    text = evidence.text
    if len(text) <= QUOTE_CHARS:
        return evidence
    note = CLIPPED.format(chars=f"{len(text):,}".replace(",", "."), where=where(evidence.location, evidence.file))
    room = max(200, QUOTE_CHARS - len(note) - len("[…] "))
    folded = text.casefold()
    found = [i for i in (folded.find(p.casefold()) for p in evidence.matched_phrases if p) if i >= 0]
    start = max(0, min(found, default=0) - room // 4)
    if start:  # begin at a word
        space = text.find(" ", start, start + 40)
        start = space + 1 if space >= 0 else start
    end = start + room
    space = text.rfind(" ", end - 40, end)
    end = space if space > start else end
    quote = ("[…] " if start else "") + text[start:end].strip()
    return replace(evidence, text=(quote + note)[:QUOTE_CHARS])


def _finding(row: FindingRow) -> Finding:
    return bounded(Finding(
        criterion=row.criterion,
        theme=row.theme,
        kind=row.kind,
        essential=row.essential,
        status=row.status,
        similarity=row.similarity,
        missing_elements=tuple(row.missing_elements or ()),
        evidence=tuple(_evidence(e) for e in row.evidence or ()),
        explanation=row.explanation or "",
    ))


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
