"""A stored analysis as a report ready to show or export: Dutch labels, numbers, bestek order, reviews applied."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from procurement.catalogue.model import KIND_NAMES, SECTION_NAMES, SECTIONS, THEME_NAMES, THEMES
from procurement.matching import STATUS_NAMES, Report, ThemeScore
from procurement.matching import Finding as Judged
from procurement.matching.scoring import CREDIT, ESSENTIAL_WEIGHT, essential_complete, score, theme_scores
from procurement.models import Analysis
from procurement.reports import format as fmt
from procurement.reports.stored import Review, StoredFinding, report_from_rows, stored_findings
from procurement.review import CARRIED_NAMES

TODO = ("missing", "partial")
WORKLIST_STATUSES = ("missing", "partial", "met")  # the order of the counts in the worklist bar
SOURCE_NAMES = {"detected": "herkend in het bestek", "given": "opgegeven"}
NOT_STORED = StoredFinding(0)  # a finding of a report that was never stored: no id, no review


def _number(value: float) -> str:
    return f"{value:g}".replace(".", ",")


SCORE_FORMULA = (
    "Score = 100 × Σ (gewicht × krediet) / Σ gewicht, over de criteria die op dit bestek van toepassing zijn. "
    f"Krediet: aanwezig {_number(CREDIT['met'])}, gedeeltelijk {_number(CREDIT['partial'])}, "
    f"ontbreekt {_number(CREDIT['missing'])}. Gewicht: essentieel criterium {_number(ESSENTIAL_WEIGHT)}, "
    "ander criterium 1. Een thema zonder toepasselijke criteria krijgt geen score. "
    "‘Alle essentiële criteria aanwezig’ betekent: elk toepasselijk essentieel criterium is volledig aanwezig. "
    "De score na beoordeling rekent met de status die de dienst duurzaamheid gaf, waar ze die aanpaste."
)


@dataclass(frozen=True, slots=True)
class ReviewView:
    decision: str  # "confirm" | "override"
    status: str
    status_name: str
    reason: str
    reviewer: str
    when: str
    carried: str  # why it was carried over from the previous analysis; "" when decided on this one


@dataclass(frozen=True, slots=True)
class EvidenceView:
    text: str
    where: str
    file: str | None
    section: str | None
    paragraph: int | None
    page: int | None
    context: bool = False  # quoted before the clause, not part of it


@dataclass(frozen=True, slots=True)
class FindingView:
    criterion: str
    title: str
    theme: str
    theme_name: str
    kind_name: str
    section: str
    section_name: str
    essential: bool
    status: str
    status_name: str
    similarity: str
    explanation: str
    missing_elements: tuple[str, ...]
    evidence: tuple[EvidenceView, ...]
    clause: str  # the standard text to insert (paragraphs apart by a blank line); empty unless missing or partial
    clause_paragraphs: tuple[str, ...]
    known: bool  # still in the current catalogue (so a link to its page works)
    finding_id: int = 0
    review: ReviewView | None = None
    final_status: str = ""  # after review: the reviewer's status where it was overridden
    final_status_name: str = ""

    @property
    def overridden(self) -> bool:
        return self.review is not None and self.review.decision == "override"


@dataclass(frozen=True, slots=True)
class ThemeView:
    id: str
    name: str
    score: str
    percent: int
    has_score: bool
    counts: str
    findings: tuple[FindingView, ...]
    reviewed_score: str = "–"


@dataclass(frozen=True, slots=True)
class GroupView:
    id: str
    name: str
    source: str
    evidence: str


@dataclass(frozen=True, slots=True)
class ReportView:
    score: str
    percent: int
    essential_complete: bool
    essential_gaps: tuple[FindingView, ...]
    themes: tuple[ThemeView, ...]
    groups: tuple[GroupView, ...]
    findings: tuple[FindingView, ...]  # applicable, in catalogue order
    not_applicable: tuple[FindingView, ...]
    todo: tuple[FindingView, ...]  # missing and partial, in bestek order (section, essential first)
    catalogue_version: str
    engine_version: str
    finished: str
    formula: str = SCORE_FORMULA
    reviews: int = 0  # findings confirmed or overridden
    overrides: int = 0
    reviewed_score: str = "–"
    reviewed_percent: int = 0
    reviewed_essential_complete: bool = False
    counts: tuple[StatusCount, ...] = ()  # applicable findings per status after review, for the worklist bar
    to_review: int = 0  # applicable findings nobody reviewed yet

    @property
    def shown_essential_complete(self) -> bool:
        """What the page states: after review once someone reviewed, else the analysis' own answer."""
        return self.reviewed_essential_complete if self.reviews else self.essential_complete


@dataclass(frozen=True, slots=True)
class StatusCount:
    status: str
    name: str
    count: int


@dataclass(frozen=True, slots=True)
class ApprovalCheck:
    """What approving would overlook: essentials not met and findings not reviewed, with the score after review."""

    reviewed_score: str
    essentials_missing: int
    unreviewed: int

    @property
    def needs_confirmation(self) -> bool:
        return bool(self.essentials_missing or self.unreviewed)

    @property
    def warning(self) -> str:
        """The safeguard's sentence above the approval button (Dutch)."""
        parts = []
        if self.essentials_missing:
            parts.append("1 essentieel criterium is niet volledig aanwezig" if self.essentials_missing == 1
                         else f"{self.essentials_missing} essentiële criteria zijn niet volledig aanwezig")
        if self.unreviewed:
            parts.append("1 bevinding is nog niet beoordeeld" if self.unreviewed == 1
                         else f"{self.unreviewed} bevindingen zijn nog niet beoordeeld")
        return f"Score na beoordeling: {self.reviewed_score} / 100. " + (
            " en ".join(parts) + "." if parts else "Alle essentiële criteria zijn aanwezig.")


def build(analysis: Analysis, current_ids: frozenset[str] = frozenset()) -> ReportView:
    """The report of a finished analysis, with the criterion texts of the catalogue version it used."""
    version = analysis.catalogue_version
    return from_report(
        report_from_rows(analysis),
        stored_findings(analysis),
        snapshot=version.criteria if version else {},
        group_names=version.product_groups if version else {},
        finished_at=analysis.finished_at,
        current_ids=current_ids,
    )


def from_report(
    report: Report,
    stored: Mapping[str, StoredFinding],
    *,
    snapshot: Mapping[str, Any],
    group_names: Mapping[str, str],
    finished_at: datetime | None = None,
    current_ids: frozenset[str] = frozenset(),
) -> ReportView:
    """The report from the engine's findings, their reviews (`stored`, by criterion) and the catalogue snapshot.

    Where a reviewer overrode a finding, the lists (to add, per theme, not applicable) follow the reviewed
    status; the machine's own score stays beside the score after review.
    """
    views = [
        _finding(f, stored.get(f.criterion, NOT_STORED), snapshot.get(f.criterion, {}), f.criterion in current_ids)
        for f in report.findings
    ]
    applicable = tuple(v for v in views if v.final_status != "not_applicable")
    judged = final_findings(report.findings, stored)
    reviewed_themes = theme_scores(judged)
    reviewed = score(judged)
    themes = tuple(_theme(t, report.themes.get(t), applicable, reviewed_themes[t].score) for t in THEMES)
    todo = tuple(
        sorted(
            (v for v in applicable if v.final_status in TODO),
            key=lambda v: (_section_rank(v.section), not v.essential, THEMES.index(v.theme), v.criterion),
        )
    )
    groups = tuple(
        GroupView(id=g.id, name=group_names.get(g.id, g.id), source=SOURCE_NAMES.get(g.source, g.source),
                  evidence=g.evidence)
        for g in report.product_groups
    )
    counts = tuple(
        StatusCount(code, STATUS_NAMES[code], sum(1 for v in applicable if v.final_status == code))
        for code in WORKLIST_STATUSES
    )
    return ReportView(
        score=fmt.score(report.score),
        percent=fmt.percent(report.score),
        essential_complete=report.essential_complete,
        essential_gaps=tuple(v for v in applicable if v.essential and v.final_status != "met"),
        themes=themes,
        groups=groups,
        findings=applicable,
        not_applicable=tuple(v for v in views if v.final_status == "not_applicable"),
        todo=todo,
        catalogue_version=report.catalogue_version,
        engine_version=report.engine_version,
        finished=fmt.when(finished_at),
        reviews=sum(1 for v in views if v.review is not None),
        overrides=sum(1 for v in views if v.overridden),
        reviewed_score=fmt.score(reviewed),
        reviewed_percent=fmt.percent(reviewed),
        reviewed_essential_complete=essential_complete(judged),
        counts=counts,
        to_review=sum(1 for v in applicable if v.review is None),
    )


def approval_check(view: ReportView) -> ApprovalCheck:
    """The safeguard before approving the report `view`: what is missing or unreviewed, after review."""
    return ApprovalCheck(
        reviewed_score=view.reviewed_score,
        essentials_missing=len(view.essential_gaps),
        unreviewed=view.to_review,
    )


def final_status(f: Judged, stored: StoredFinding | None) -> str:
    """The status after review: the reviewer's where the finding was reviewed, else the machine's."""
    return stored.review.status if stored is not None and stored.review is not None else f.status


def final_findings(findings: Iterable[Judged], stored: Mapping[str, StoredFinding]) -> list[Judged]:
    """The engine's findings with reviewed statuses, for the scoring module (which stays pure)."""
    return [replace(f, status=final_status(f, stored.get(f.criterion))) for f in findings]


def _review(r: Review | None) -> ReviewView | None:
    if r is None:
        return None
    return ReviewView(
        decision=r.decision, status=r.status, status_name=STATUS_NAMES.get(r.status, r.status), reason=r.reason,
        reviewer=r.reviewer, when=fmt.when(r.reviewed_at), carried=CARRIED_NAMES.get(r.carried_because or "", ""),
    )


def _finding(f: Judged, stored: StoredFinding, snap: Mapping[str, Any], known: bool) -> FindingView:
    section = snap.get("section", "")
    final = final_status(f, stored)
    paragraphs = clause_paragraphs(snap.get("clause", "")) if final in TODO else ()
    return FindingView(
        criterion=f.criterion,
        title=snap.get("title", f.criterion),
        theme=f.theme,
        theme_name=THEME_NAMES.get(f.theme, f.theme),
        kind_name=KIND_NAMES.get(f.kind, f.kind),
        section=section,
        section_name=SECTION_NAMES.get(section, section),
        essential=f.essential,
        status=f.status,
        status_name=STATUS_NAMES.get(f.status, f.status),
        similarity=f"{round(f.similarity * 100)} %",
        explanation=f.explanation,
        missing_elements=f.missing_elements,
        evidence=tuple(
            EvidenceView(
                text=e.text,
                where=fmt.location(e.location, e.file),
                file=e.file,
                section=e.location.section,
                paragraph=e.location.paragraph,
                page=e.location.page,
                context=e.context,
            )
            for e in f.evidence
        ),
        clause="\n\n".join(paragraphs),
        clause_paragraphs=paragraphs,
        known=known,
        finding_id=stored.finding_id,
        review=_review(stored.review),
        final_status=final,
        final_status_name=STATUS_NAMES.get(final, final),
    )


def clause_paragraphs(clause: str) -> tuple[str, ...]:
    """A catalogue clause as paragraphs: YAML line wrapping undone, blank lines kept as paragraph breaks."""
    return tuple(" ".join(p.split()) for p in clause.split("\n\n") if p.strip())


def _theme(
    theme: str, scored: ThemeScore | None, applicable: tuple[FindingView, ...], reviewed: float | None
) -> ThemeView:
    value = scored.score if scored is not None else None
    counts = (
        f"{scored.met} aanwezig, {scored.partial} gedeeltelijk, {scored.missing} ontbreekt"
        if scored is not None and scored.applicable
        else "geen toepasselijke criteria"
    )
    return ThemeView(
        id=theme,
        name=THEME_NAMES[theme],
        score=fmt.score(value),
        percent=fmt.percent(value),
        has_score=value is not None,
        counts=counts,
        findings=tuple(v for v in applicable if v.theme == theme),
        reviewed_score=fmt.score(reviewed),
    )


def _section_rank(section: str) -> int:
    return SECTIONS.index(section) if section in SECTIONS else len(SECTIONS)
