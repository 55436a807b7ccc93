"""Which reviews move to a newer analysis: the same status again, or (for an override) the same passage still there."""

from __future__ import annotations

from typing import Any

from procurement.models import Finding, FindingReview
from procurement.services.review import EVIDENCE, SAME_STATUS, carry_reason

PASSAGE = "De opdrachtnemer respecteert het verbod op kinderarbeid."


def finding(status: str, *texts: str, review: tuple[str, str] | None = None) -> Finding:
    evidence: list[dict[str, Any]] = [{"text": t, "location": {}} for t in texts]
    made = Finding(criterion="hr-ilo-core-conventions", theme="human-rights", kind="execution-condition",
                   essential=True, status=status, evidence=evidence)
    if review:
        made.review = FindingReview(decision=review[0], status=review[1], reason="reden")
    return made


def test_an_override_is_carried_when_the_analysis_gives_the_same_status_again() -> None:
    old = finding("missing", review=("override", "met"))

    assert carry_reason(old, finding("missing")) == SAME_STATUS


def test_an_override_is_carried_when_its_passage_is_still_among_the_evidence() -> None:
    old = finding("met", PASSAGE, review=("override", "missing"))

    assert carry_reason(old, finding("partial", "Inleiding.  " + PASSAGE.upper() + " En meer.")) == EVIDENCE


def test_an_override_lapses_when_both_the_status_and_the_passage_changed() -> None:
    old = finding("met", PASSAGE, review=("override", "missing"))

    assert carry_reason(old, finding("partial", "Een andere passage over dwangarbeid.")) is None
    assert carry_reason(finding("missing", review=("override", "met")), finding("met", PASSAGE)) is None


def test_a_confirmation_is_carried_only_for_the_same_status() -> None:
    old = finding("met", PASSAGE, review=("confirm", "met"))

    assert carry_reason(old, finding("met", PASSAGE)) == SAME_STATUS
    assert carry_reason(old, finding("partial", PASSAGE)) is None


def test_an_unreviewed_finding_carries_nothing() -> None:
    assert carry_reason(finding("met", PASSAGE), finding("met", PASSAGE)) is None
