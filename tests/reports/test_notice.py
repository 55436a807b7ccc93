"""eForms BT-774 / BT-775 / BT-805 and the OCDS sustainability extension follow from the met criteria."""

from __future__ import annotations

from procurement.matching import Finding
from procurement.reports.notice import gpp_source, notice


def finding(criterion: str, theme: str, kind: str, status: str = "met") -> Finding:
    return Finding(criterion=criterion, theme=theme, kind=kind, essential=False, status=status, similarity=1.0)


SNAPSHOT = {
    "energy": {"source": "EU GPP-criteria voor computers (2021)"},
    "waste": {"source": "Vlaamse MVOO-criteria"},
    "ilo": {"source": "Vlaamse standaardclausule naleving IAO-basisverdragen"},
}


def test_met_green_and_social_criteria_give_their_codes_and_ocds_goals() -> None:
    result = notice([
        finding("energy", "energy-efficiency", "technical-specification"),
        finding("waste", "circularity", "execution-condition"),
        finding("ilo", "human-rights", "execution-condition"),
        finding("reserved", "social-economy", "reserved-contract"),
        finding("missing", "environment", "award-criterion", status="missing"),
        finding("partial", "environment", "award-criterion", status="partial"),
    ], SNAPSHOT)

    assert [c.code for c in result.green] == ["clim-mitig", "circ-econ"]
    assert [c.code for c in result.social] == ["opp", "hum-right"]
    assert [(c.code, c.criteria) for c in result.gpp] == [("eu", ("energy",)), ("national", ("waste",))]
    goals = {g["goal"]: g["strategies"] for g in result.ocds}
    assert goals == {
        "environmental.climateChangeMitigation": ["technicalSpecifications"],
        "environmental.circularEconomy": ["contractPerformanceConditions"],
        "social.humanRightsDueDiligence": ["contractPerformanceConditions"],
        "social.disadvantagedEmploymentOpportunities": [],  # a reserved contract is no OCDS strategy
    }
    assert result.as_json()["ocds"]["tender"]["sustainability"] == list(result.ocds)


def test_without_a_met_green_criterion_bt_805_says_none() -> None:
    result = notice([finding("ilo", "human-rights", "execution-condition")], SNAPSHOT)

    assert result.green == () and [c.code for c in result.gpp] == ["none"]


def test_the_source_decides_eu_national_or_other_gpp_criteria() -> None:
    assert gpp_source("EU GPP-criteria tuinbouwdiensten") == "eu"
    assert gpp_source("federale Gids voor Duurzame Aankopen") == "national"
    assert gpp_source("praktijk van steden") == "other" and gpp_source("") == "other"
