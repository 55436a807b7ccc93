"""What the notice says about sustainability, derived from the met criteria: eForms BT-774, BT-775, BT-805 and the
OCDS sustainability extension (`notice` is pure; the tables below are the mapping, also written in the README).

A criterion counts when its status after review is met. Its theme gives the eForms value and the OCDS goal, its
kind the OCDS strategy, its source (the catalogue's `source:`) the BT-805 value.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from procurement.matching import Finding
from procurement.models import Analysis
from procurement.reports.stored import report_from_rows, stored_findings
from procurement.reports.view import final_findings

GREEN_THEMES = ("energy-efficiency", "circularity", "environment")
SOCIAL_THEMES = ("social-economy", "human-rights")

# BT-774 Green Procurement (code list environmental-impact) per theme
BT_774: dict[str, str] = {"energy-efficiency": "clim-mitig", "circularity": "circ-econ", "environment": "pollu-prev"}
# BT-775 Social Procurement (code list social-objective) per theme
BT_775: dict[str, str] = {"social-economy": "opp", "human-rights": "hum-right"}
BT_774_NAMES = {"clim-mitig": "Beperking van de klimaatverandering",
                "circ-econ": "Overgang naar een circulaire economie",
                "pollu-prev": "Preventie en bestrijding van verontreiniging"}
BT_775_NAMES = {"opp": "Werkgelegenheid voor kansengroepen", "hum-right": "Mensenrechten"}
# BT-805 Green Procurement Criteria (code list gpp-criteria): the first rule whose words stand in the source wins
BT_805_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("eu", ("eu gpp", "eu-gpp", "europese gpp")),
    ("national", ("federale gids", "vlaams", "vlaamse", "mvoo", "belgisch", "nationaal", "nationale")),
)
BT_805_NAMES = {"eu": "EU-GPP-criteria", "national": "nationale GPP-criteria", "other": "andere GPP-criteria",
                "none": "geen GPP-criteria"}
# OCDS sustainability extension: goal per theme, strategy per kind (a kind without a strategy adds none)
OCDS_GOALS: dict[str, str] = {
    "energy-efficiency": "environmental.climateChangeMitigation",
    "circularity": "environmental.circularEconomy",
    "environment": "environmental.pollutionPrevention",
    "social-economy": "social.disadvantagedEmploymentOpportunities",
    "human-rights": "social.humanRightsDueDiligence",
}
OCDS_STRATEGIES: dict[str, str] = {
    "technical-specification": "technicalSpecifications",
    "selection-criterion": "selectionCriteria",
    "exclusion-ground": "selectionCriteria",
    "award-criterion": "awardCriteria",
    "execution-condition": "contractPerformanceConditions",
    "general-provision": "contractPerformanceConditions",
}


@dataclass(frozen=True, slots=True)
class Coded:
    code: str
    name: str
    criteria: tuple[str, ...]  # the met criteria behind it


@dataclass(frozen=True, slots=True)
class Notice:
    green: tuple[Coded, ...]  # BT-774
    social: tuple[Coded, ...]  # BT-775
    gpp: tuple[Coded, ...]  # BT-805 ("none" alone when no green criterion is met)
    ocds: tuple[dict[str, Any], ...]  # tender.sustainability

    def as_json(self) -> dict[str, Any]:
        def codes(items: tuple[Coded, ...]) -> list[dict[str, Any]]:
            return [{"code": c.code, "criteria": list(c.criteria)} for c in items]

        return {"BT-774": codes(self.green), "BT-775": codes(self.social), "BT-805": codes(self.gpp),
                "ocds": {"tender": {"sustainability": list(self.ocds)}}}


def gpp_source(source: str) -> str:
    folded = source.casefold()
    return next((code for code, words in BT_805_RULES if any(w in folded for w in words)), "other")


def notice(findings: Iterable[Finding], snapshot: Mapping[str, Mapping[str, Any]]) -> Notice:
    """The codes of the findings whose status (after review, as given) is met."""
    met = [f for f in findings if f.status == "met"]
    green: dict[str, list[str]] = {}
    social: dict[str, list[str]] = {}
    gpp: dict[str, list[str]] = {}
    goals: dict[str, dict[str, list[str]]] = {}
    for f in met:
        if f.theme in BT_774:
            green.setdefault(BT_774[f.theme], []).append(f.criterion)
            gpp.setdefault(gpp_source(str(snapshot.get(f.criterion, {}).get("source", ""))), []).append(f.criterion)
        if f.theme in BT_775:
            social.setdefault(BT_775[f.theme], []).append(f.criterion)
        if f.theme in OCDS_GOALS:
            strategies = goals.setdefault(OCDS_GOALS[f.theme], {})
            strategy = OCDS_STRATEGIES.get(f.kind)
            if strategy:
                strategies.setdefault(strategy, []).append(f.criterion)
    ocds = tuple(
        {"goal": goal, "strategies": sorted(strategies)}
        for goal, strategies in sorted(goals.items())
    )
    return Notice(
        green=_coded(green, BT_774_NAMES, list(BT_774.values())),
        social=_coded(social, BT_775_NAMES, list(BT_775.values())),
        gpp=_coded(gpp, BT_805_NAMES, ["eu", "national", "other"]) or (Coded("none", BT_805_NAMES["none"], ()),),
        ocds=ocds,
    )


def of_analysis(analysis: Analysis) -> Notice:
    """The notice's codes of a finished analysis, from its statuses after review."""
    report = report_from_rows(analysis)
    version = analysis.catalogue_version
    return notice(final_findings(report.findings, stored_findings(analysis)), version.criteria if version else {})


def _coded(found: dict[str, list[str]], names: Mapping[str, str], order: list[str]) -> tuple[Coded, ...]:
    return tuple(Coded(code, names[code], tuple(found[code])) for code in order if code in found)
