"""The monitor's facts kept per tender (models.MonitorFact): the judgement of its latest finished analysis, written in
the transaction that changes it, so the monitor never reads findings.

What changes a tender's facts, and calls `refresh` before its commit: an analysis done (services/analyses.py, with
the reviews it carries over), a finding reviewed (services/review.py; confirming the rest keeps the machine's
statuses, so it changes nothing here). A deleted tender or analysis takes its row along (ON DELETE CASCADE). What
the tender row itself holds (title, department, review state, day) is read from there, so renaming a department or
moving a tender changes no fact.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import Select, delete, func, insert, select

from procurement.matching import Finding, ThemeScore
from procurement.matching.scoring import SCORED
from procurement.models import DONE, Analysis, FindingReview, MonitorFact, Tender, now
from procurement.models import Finding as FindingRow
from procurement.monitor.figures import Judgement, judge
from procurement.sessions import DbSession


def refresh(session: DbSession, tender_id: int) -> None:
    """Bring the tender's facts up to date with its latest finished analysis and that analysis' reviews (only
    flushes: the caller's transaction commits them with the change itself)."""
    session.flush()
    # One refresh of a tender at a time (PostgreSQL; SQLite has one writer anyway): what is read below then holds
    # every change committed before, so of two reviews saved at once neither is lost. NO KEY UPDATE: the audit
    # lines that refer to the tender (a key share) do not wait for it.
    session.execute(select(Tender.id).where(Tender.id == tender_id).with_for_update(key_share=True))
    latest = select(func.max(Analysis.id)).where(Analysis.tender_id == tender_id, Analysis.status == DONE)
    _write(session, latest, [tender_id])


def rebuild(session: DbSession) -> int:
    """Every tender's facts anew from its findings (a repair, or rows copied by SQL); only flushes. How many."""
    session.flush()
    latest = select(func.max(Analysis.id)).where(Analysis.status == DONE).group_by(Analysis.tender_id)
    return _write(session, latest, None)


def _write(session: DbSession, analyses: Select[Any], tender_ids: Sequence[int] | None) -> int:
    rows = [
        {"tender_id": tender_id, "analysis_id": analysis_id, "product_groups": groups, **columns(judgement),
         "token": uuid.uuid4().hex, "updated_at": now()}
        for tender_id, analysis_id, groups, judgement in judgements(session, analyses)
    ]
    clear = delete(MonitorFact)
    if tender_ids is not None:
        clear = clear.where(MonitorFact.tender_id.in_(tender_ids))
    session.execute(clear)
    if rows:
        session.execute(insert(MonitorFact), rows)
    return len(rows)


def judgements(session: DbSession, analyses: Select[Any]) -> list[tuple[int, int, list[str], Judgement]]:
    """(tender id, analysis id, product group ids, judgement) of each analysis whose id `analyses` selects."""
    findings: dict[int, list[tuple[Finding, str | None]]] = {}
    for row in session.execute(
        select(FindingRow.analysis_id, FindingRow.criterion, FindingRow.theme, FindingRow.kind, FindingRow.essential,
               FindingRow.status, FindingReview.status.label("reviewed"))
        .outerjoin(FindingReview, FindingReview.finding_id == FindingRow.id)
        # a criterion the engine found not applicable counts nowhere in the monitor, reviewed or not
        .where(FindingRow.analysis_id.in_(analyses), FindingRow.status.in_(SCORED))
        .order_by(FindingRow.analysis_id, FindingRow.position)
    ):
        finding = Finding(row.criterion, row.theme, row.kind, row.essential, row.status, 0.0)
        findings.setdefault(row.analysis_id, []).append((finding, row.reviewed))
    found = []
    for analysis_id, tender_id, groups in session.execute(
        select(Analysis.id, Analysis.tender_id, Analysis.product_groups).where(Analysis.id.in_(analyses))
    ):
        pairs = findings.get(analysis_id, [])
        judgement = judge([f for f, _ in pairs], [replace(f, status=r) if r is not None else f for f, r in pairs])
        found.append((tender_id, analysis_id, group_ids(groups), judgement))
    return found


def group_ids(groups: Iterable[Any] | None) -> list[str]:
    """The product group ids of an analysis' stored matches."""
    return [str(g["id"]) for g in groups or () if isinstance(g, dict) and "id" in g]


def columns(j: Judgement) -> dict[str, Any]:
    """A judgement as MonitorFact's columns."""
    return {
        "score_machine": j.score_machine,
        "score_reviewed": j.score_reviewed,
        "essential_machine": j.essential_machine,
        "essential_reviewed": j.essential_reviewed,
        "themes": {theme: {"score": s.score, "met": s.met, "partial": s.partial, "missing": s.missing,
                           "applicable": s.applicable} for theme, s in j.themes.items()},
        "criteria": {theme: {status: list(ids) for status, ids in by.items()} for theme, by in j.criteria.items()},
    }


def judgement(score_machine: float | None, score_reviewed: float | None, essential_machine: bool,
              essential_reviewed: bool, themes: Mapping[str, Mapping[str, Any]],
              criteria: Mapping[str, Mapping[str, Sequence[str]]]) -> Judgement:
    """MonitorFact's columns as the judgement they hold."""
    return Judgement(
        score_machine=score_machine,
        score_reviewed=score_reviewed,
        essential_machine=bool(essential_machine),
        essential_reviewed=bool(essential_reviewed),
        themes={theme: ThemeScore(s["score"], s["met"], s["partial"], s["missing"], s["applicable"])
                for theme, s in themes.items()},
        criteria={theme: {status: tuple(ids) for status, ids in by.items()} for theme, by in criteria.items()},
    )
