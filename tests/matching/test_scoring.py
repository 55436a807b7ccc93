"""The score formula: essential criteria weigh double, partial counts half, themes without criteria have none."""

from procurement.matching.model import Finding
from procurement.matching.scoring import essential_complete, score, theme_scores


def finding(status: str, essential: bool = False, theme: str = "environment") -> Finding:
    return Finding("c", theme, "technical-specification", essential, status, 0.0)


def test_essential_criteria_weigh_double_and_partial_counts_half() -> None:
    # essential met (2 x 1) + normal partial (1 x 0.5) + normal missing (1 x 0) = 2.5 of 4
    assert score([finding("met", True), finding("partial"), finding("missing")]) == 62.5


def test_not_applicable_findings_do_not_count() -> None:
    assert score([finding("met"), finding("not_applicable")]) == 100.0
    assert score([finding("not_applicable")]) is None


def test_a_theme_without_applicable_criteria_has_no_score() -> None:
    themes = theme_scores([finding("met", theme="circularity")])
    assert themes["circularity"].score == 100.0
    assert themes["social-economy"].score is None
    assert themes["social-economy"].applicable == 0


def test_essential_complete_needs_every_essential_criterion_met() -> None:
    assert essential_complete([finding("met", True), finding("missing")])
    assert not essential_complete([finding("met", True), finding("partial", True)])
