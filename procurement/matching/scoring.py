"""Compliance scores: per theme and overall, essential criteria weighing double (pure).

Formula (also in the README and shown in the app):
    credit(met) = 1, credit(partial) = 0.5, credit(missing) = 0; weight = 2 if essential else 1
    score = 100 * sum(weight * credit) / sum(weight), over the applicable criteria (one decimal);
    a theme without applicable criteria has no score (None).
    essential_complete = every applicable essential criterion is `met`.
"""

from __future__ import annotations

from collections.abc import Iterable

from procurement.catalogue.model import THEMES
from procurement.matching.model import Finding, ThemeScore

CREDIT: dict[str, float] = {"met": 1.0, "partial": 0.5, "missing": 0.0}
ESSENTIAL_WEIGHT = 2.0
SCORED = frozenset(CREDIT)


def weight(finding: Finding) -> float:
    return ESSENTIAL_WEIGHT if finding.essential else 1.0


def score(findings: Iterable[Finding]) -> float | None:
    """Weighted score 0-100 of the applicable findings, or None when none applies."""
    total = earned = 0.0
    for f in findings:
        if f.status in SCORED:
            total += weight(f)
            earned += weight(f) * CREDIT[f.status]
    return round(100.0 * earned / total, 1) if total else None


def theme_scores(findings: Iterable[Finding]) -> dict[str, ThemeScore]:
    by_theme: dict[str, list[Finding]] = {t: [] for t in THEMES}
    for f in findings:
        by_theme[f.theme].append(f)
    result = {}
    for theme, items in by_theme.items():
        counts = {s: sum(1 for f in items if f.status == s) for s in SCORED}
        result[theme] = ThemeScore(
            score=score(items),
            met=counts["met"],
            partial=counts["partial"],
            missing=counts["missing"],
            applicable=sum(counts.values()),
        )
    return result


def essential_complete(findings: Iterable[Finding]) -> bool:
    return all(f.status == "met" for f in findings if f.essential and f.status in SCORED)
