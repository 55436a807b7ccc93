"""Real passages from public criteria sets, model clauses and real contract texts (tests/matching/public_passages.yaml).

Chosen and labelled from their sources without looking at the catalogue or the matcher: positives must be found
in every theme they require, look-alikes (guidance, explanations, ordinary contract text) in none.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from procurement.catalogue import load
from procurement.matching import compile_catalogue
from tests.matching.test_unseen_passages import document

PASSAGES = yaml.safe_load((Path(__file__).parent / "public_passages.yaml").read_text(encoding="utf-8"))["passages"]
# Known misses, each with the reason; a test below fails when one of them starts to pass, so the list stays true.
KNOWN_MISSES = {
    "sdgik-390-ict-herkomstlijst-fabrieken": "a factory list for ICT: no element of the catalogue's ICT criteria",
    "sdgik-frm1520-bedrijfskleding-gender": "a gender policy of the bidder: no catalogue criterion",
    "sdgik-368-bedrijfskleding-nanomaterialen": "a nanomaterials risk report: no element of a catalogue criterion",
    "sdgik-376-catering-plantaardig-topkeurmerk": "an ecolabel for plant-based food: no catalogue criterion",
    "dbo-catering-geschiktheidseis-milieumanagementsysteem": "a management system by its topics, without ISO/EMAS",
    "sdgik-frm1520-bedrijfskleding-transport-automatenpark": "transport CO2 budgeted: no element of a criterion",
    "zaanstad-elektrische-personenautos-opdracht": "the subject of the contract ('wenst een levering van ...')",
    "ws-verf-witte-pigmenten-verklaring": "white pigments in paint (EU Ecolabel): no catalogue criterion for paint",
    "lne-checklist-textielwasmiddelen-dosering": "a flattened dosage table whose row label runs into the sentence",
    "gdena-circulair-administratief-centrum-voorwerp": "the contract's own subject (a circular building), no duty",
    "b4-vl-ethische-clausule-uvrm": "items of a list of norms, cut from the binding lead-in that stands before them",
    "b5-vl-ethische-clausule-organisatie-non-discriminatie": "the same: list items without their binding lead-in",
    "b6-vgc-schoonmaak-toxiciteit-kvv": "a limit whose value stood in a table cell, flattened out of reach",
    "b8-sloopcirculair-me-r-strategie-opslag": "the duty says 'op een circulaire wijze laten slopen'; the demolition "
                                               "topic words stand only in the sentences that describe the process",
    "b8-sloopcirculair-me-brl-svms007": "found as circularity; the collector also labelled environment, which a "
                                        "demolition certificate alone does not carry in our reading",
    "b8-sloopcirculair-emvi-fictieve-korting": "scored (fictieve korting) on circular demolition, but it names no "
                                               "element of the clause: partial needs one",
    "b8-standaardbestek-duurzaam-beton-projectcertificaat": "the duty is to hand in a 'projectcertificaat'; the "
                                                            "concrete topic stands only in the describing sentence",
    "b8-standaardbestek-beton-mki-secundair": "a template whose values are empty fields ('…..'): refused as a "
                                              "placeholder, as the labelling rules of the eval set ask",
    "b8-moederbestek-asfalt-circulariteit-algemeen": "says the bestek holds requirements elsewhere: a reference, "
                                                     "which the labelling rules do not count",
    "b8-moederbestek30-beton-aanbrengen-xxx": "'XXX' placeholders, and no element of the recycled-aggregates clause",
    "b8-standaardbestek-keuringsrapport-mki": "a template of empty fields ('Van: …..'): refused as a placeholder",
}
# Look-alikes the checker still takes for a requirement, with why (each fails loudly once it is refused).
KNOWN_FALSE = {
    "b4-neg-catering-verificatie-ems": "a proof paragraph read as the selection requirement it verifies",
    "b4-neg-pefc-factuurcontrole": "advice to the buyer whose second sentence reads as a duty on subcontractors",
    "b6-vsdverlaan-microvezel-concept": "a draft label criterion in a news item: only the heading says it is news",
    "b6-vlarema-gescheiden-bedrijfsafval": "the waste law's own duty on every waste producer, worded as a requirement",
    "b7-neg-rijk-social-return-plan-van-aanpak-beschrijving": "a page's summary of an award criterion (the collector "
                                                              "was unsure: it reads as the criterion itself)",
    "b8-duravermeer-toolbox-inkoop-hout": "a contractor's internal rule worded exactly as a bestek requirement",
    "b8-docufacts-ecodesign-printers": "the ecodesign regulation's limits restated in a news item as duties on the "
                                       "goods; only the heading 'Nieuws' says it is news",
}


@pytest.fixture(scope="module")
def matcher():
    return compile_catalogue(load())


def themes_found(matcher, passage: dict) -> set[str]:
    report = matcher.run(document(passage["heading"], passage["text"]), all_criteria=True)
    return {f.theme for f in report.findings if f.status in ("met", "partial")}


def test_every_passage_names_its_source_and_the_set_holds_both_kinds() -> None:
    assert all(p["source"] and p["text"] and p["kind"] in ("positive", "negative") for p in PASSAGES)
    assert len({p["id"] for p in PASSAGES}) == len(PASSAGES)
    kinds = [p["kind"] for p in PASSAGES]
    assert kinds.count("positive") >= 45 and kinds.count("negative") >= 45


@pytest.mark.parametrize("passage", [p for p in PASSAGES if p["kind"] == "positive"], ids=lambda p: p["id"])
def test_a_real_requirement_is_found_in_its_themes(matcher, passage: dict) -> None:
    found = themes_found(matcher, passage)
    if passage["id"] in KNOWN_MISSES:
        assert not set(passage["themes"]) <= found, "a known miss is found now: remove it from KNOWN_MISSES"
    else:
        assert set(passage["themes"]) <= found


@pytest.mark.parametrize("passage", [p for p in PASSAGES if p["kind"] == "negative"], ids=lambda p: p["id"])
def test_a_real_look_alike_is_found_in_no_theme(matcher, passage: dict) -> None:
    if passage["id"] in KNOWN_FALSE:
        assert themes_found(matcher, passage), "a known false finding is refused now: remove it from KNOWN_FALSE"
    else:
        assert themes_found(matcher, passage) == set()
