"""Catalogue search over the real catalogue: typos, compounds, Flemish variants, synonyms, filters, ranking."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from procurement.catalogue import Catalogue, load
from procurement.catalogue.model import ALL_TENDERS
from procurement.checker import search_index
from procurement.search import Query, Results
from procurement.text import search_stem

ILO_ID = "hr-ilo-core-conventions"


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load()


def ids(results: Results) -> list[str]:
    return [h.criterion.id for h in results.hits]


def find(catalogue: Catalogue, text: str, **filters: object) -> Results:
    return search_index(catalogue).search(Query(text=text, **filters))  # type: ignore[arg-type]


def test_kinderarbeid_finds_the_ilo_clause_first(catalogue: Catalogue) -> None:
    results = find(catalogue, "kinderarbeid")

    assert ids(results)[0] == ILO_ID
    assert results.complete and not results.corrections


def test_kinder_arbeid_written_apart_finds_the_same_as_written_together(catalogue: Catalogue) -> None:
    assert ids(find(catalogue, "kinder arbeid")) == ids(find(catalogue, "kinderarbeid"))


def test_a_typo_still_finds_the_ilo_clause_and_says_what_was_meant(catalogue: Catalogue) -> None:
    results = find(catalogue, "kinderarbied")

    assert ids(results)[0] == ILO_ID
    assert set(ids(results)) == set(ids(find(catalogue, "kinderarbeid")))
    assert results.corrections == (("kinderarbied", "kinderarbeid"),)


@pytest.mark.parametrize("typo", ["biologish", "energiezuinge", "fairtrde", "ecolabl", "pesticden"])
def test_common_typos_find_what_the_right_spelling_finds(catalogue: Catalogue, typo: str) -> None:
    right = {"biologish": "biologisch", "energiezuinge": "energiezuinig", "fairtrde": "fairtrade",
             "ecolabl": "ecolabel", "pesticden": "pesticiden"}[typo]

    assert ids(find(catalogue, typo))[:3] == ids(find(catalogue, right))[:3]
    assert find(catalogue, typo).corrections


def test_iao_and_ilo_are_the_same_search(catalogue: Catalogue) -> None:
    iao, ilo = find(catalogue, "IAO"), find(catalogue, "ILO")

    assert ids(iao) == ids(ilo)
    assert ids(iao)[0] == ILO_ID
    assert ids(find(catalogue, "Internationale Arbeidsorganisatie")) == ids(ilo)


def test_ecolabel_with_or_without_a_hyphen_is_the_same_search(catalogue: Catalogue) -> None:
    together = ids(find(catalogue, "ecolabel"))

    assert together == ids(find(catalogue, "eco-label")) == ids(find(catalogue, "eco label"))
    assert "clean-env-ecolabel-products" in together


def test_bio_finds_the_organic_criteria_as_biologisch_does(catalogue: Catalogue) -> None:
    bio = ids(find(catalogue, "bio"))

    assert bio == ids(find(catalogue, "biologisch"))
    assert {"cat-env-organic", "coffee-env-organic", "cloth-env-organic-cotton"} <= set(bio)


def test_fairtrade_fair_trade_and_eerlijke_handel_find_the_same_criteria(catalogue: Catalogue) -> None:
    fairtrade = set(ids(find(catalogue, "fairtrade")))

    assert fairtrade == set(ids(find(catalogue, "fair trade"))) == set(ids(find(catalogue, "eerlijke handel")))
    assert {"cat-hr-fairtrade", "coffee-hr-fair-trade"} <= fairtrade


def test_energiezuinig_finds_the_energy_efficient_equipment_in_any_inflection(catalogue: Catalogue) -> None:
    plain = ids(find(catalogue, "energiezuinig"))

    assert set(plain) == set(ids(find(catalogue, "energiezuinige")))
    assert len(plain) >= 5
    themes = {catalogue.criterion(i).theme for i in plain[:5]}
    assert themes == {"energy-efficiency"}


@pytest.mark.parametrize(("plural", "singular"), [("verpakkingen", "verpakking"), ("lampen", "lamp"),
                                                  ("schoonmaakdiensten", "schoonmaakdienst"), ("labels", "label")])
def test_a_plural_finds_the_same_criteria_as_its_singular(catalogue: Catalogue, plural: str, singular: str) -> None:
    found = ids(find(catalogue, plural))

    assert found
    assert set(found) == set(ids(find(catalogue, singular)))


@pytest.mark.parametrize(("flemish", "standard"), [("kuisen", "schoonmaak"), ("werkkledij", "werkkleding"),
                                                   ("energie-etiket", "energielabel"), ("wc-papier", "toiletpapier"),
                                                   ("beschutte werkplaats", "maatwerkbedrijf")])
def test_flemish_words_find_what_the_standard_word_finds(catalogue: Catalogue, flemish: str, standard: str) -> None:
    found = ids(find(catalogue, flemish))

    assert found
    assert found == ids(find(catalogue, standard))


@pytest.mark.parametrize(("word", "expected"), [("CSR", "hr-mvo-charter"), ("MVO", "hr-mvo-charter")])
def test_abbreviations_and_their_english_twins_are_synonyms(catalogue: Catalogue, word: str, expected: str) -> None:
    assert ids(find(catalogue, word))[0] == expected


def test_social_return_and_sroi_are_the_same_search(catalogue: Catalogue) -> None:
    assert ids(find(catalogue, "SROI")) == ids(find(catalogue, "social return"))


def test_a_word_in_the_title_or_the_recognition_phrases_ranks_above_one_only_in_the_clause(
    catalogue: Catalogue,
) -> None:
    for text in ("dwangarbeid", "ecolabel", "verpakking", "palmolie", "kerstverlichting"):
        hits = find(catalogue, text).hits
        strong = [i for i, h in enumerate(hits) if h.fields[0] in ("titel", "trefwoorden")]
        weak = [i for i, h in enumerate(hits) if h.fields == ("clausule",)]
        assert strong, text
        assert not weak or max(strong) < min(weak), text


def test_every_criterion_is_found_among_the_first_three_by_its_own_title(catalogue: Catalogue) -> None:
    misplaced = [c.id for c in catalogue.criteria if c.id not in ids(find(catalogue, c.title))[:3]]

    assert misplaced == []


def test_several_words_must_all_be_found(catalogue: Catalogue) -> None:
    results = find(catalogue, "gerecycleerd papier")

    assert results.complete
    for hit in results.hits:
        c = hit.criterion
        groups = " ".join(catalogue.product_group(g).name for g in c.product_groups)
        text = f"{c.title} {c.clause} {' '.join(c.recognition.phrases)} {' '.join(c.labels)} {c.proof} {groups}".lower()
        assert "papier" in text and "recycl" in text, c.id


def test_an_unknown_word_finds_nothing_and_is_named(catalogue: Catalogue) -> None:
    results = find(catalogue, "zzzzonbestaandwoord")

    assert results.hits == ()
    assert results.unknown == ("zzzzonbestaandwoord",)


def test_a_known_and_an_unknown_word_give_the_best_partial_results_marked_incomplete(catalogue: Catalogue) -> None:
    results = find(catalogue, "kinderarbeid qqqqxx")

    assert ids(results)[0] == ILO_ID
    assert not results.complete
    assert results.unknown == ("qqqqxx",)


def test_an_empty_query_lists_the_whole_live_catalogue_in_catalogue_order(catalogue: Catalogue) -> None:
    assert ids(find(catalogue, "")) == [c.id for c in catalogue.criteria if not c.retired]
    assert ids(find(catalogue, "de het een")) == ids(find(catalogue, ""))  # stop words only


@pytest.mark.parametrize(
    ("filters", "holds"),
    [
        ({"theme": "human-rights"}, lambda c: c.theme == "human-rights"),
        ({"kind": "award-criterion"}, lambda c: c.kind == "award-criterion"),
        ({"ambition": 3}, lambda c: c.ambition == 3),
        ({"essential": True}, lambda c: c.essential),
        ({"essential": False}, lambda c: not c.essential),
        ({"sdg": 5}, lambda c: 5 in c.sdgs),
        ({"group": ALL_TENDERS}, lambda c: c.applies_to_all),
        ({"group": "cleaning-services"}, lambda c: c.applies_to_all or "cleaning-services" in c.product_groups),
    ],
)
def test_a_filter_without_words_lists_exactly_the_criteria_that_meet_it(
    catalogue: Catalogue, filters: dict[str, object], holds: object
) -> None:
    found = ids(find(catalogue, "", **filters))

    expected = [c.id for c in catalogue.criteria if not c.retired and holds(c)]  # type: ignore[operator]
    assert found == expected
    assert 0 < len(found) < len(catalogue.criteria)


def test_a_product_group_filter_keeps_the_general_criteria(catalogue: Catalogue) -> None:
    found = ids(find(catalogue, "", group="cleaning-services"))

    assert ILO_ID in found
    assert "cat-env-organic" not in found


def test_words_and_filters_combine(catalogue: Catalogue) -> None:
    results = find(catalogue, "ecolabel", group="cleaning-services", kind="technical-specification")

    assert ids(results)[0] == "clean-env-ecolabel-products"
    for hit in results.hits:
        assert hit.criterion.kind == "technical-specification"
        assert hit.criterion.applies_to_all or "cleaning-services" in hit.criterion.product_groups


def test_sdg_and_eforms_codes_can_be_searched(catalogue: Catalogue) -> None:
    assert set(ids(find(catalogue, "SDG 5"))) == {c.id for c in catalogue.criteria if 5 in c.sdgs}
    assert set(ids(find(catalogue, "BT-775"))) >= {c.id for c in catalogue.criteria if "BT-775" in c.eforms}


def test_the_light_stemmer_maps_plurals_and_inflections_to_one_form() -> None:
    assert search_stem("lampen") == search_stem("lamp") == "lamp"
    assert search_stem("duurzame") == search_stem("duurzaam")
    assert search_stem("materialen") == "materiaal"
    assert search_stem("stoffen") == "stof"
    assert search_stem("mogelijkheden") == "mogelijkheid"


def test_the_index_is_built_once_per_catalogue_version(catalogue: Catalogue) -> None:
    assert search_index(catalogue) is search_index(catalogue)
    assert search_index(load()) is search_index(catalogue)  # loaded again, same version


def test_searching_twice_gives_the_same_results_in_the_same_order(catalogue: Catalogue) -> None:
    assert find(catalogue, "afval scheiding") == find(catalogue, "afval scheiding")


def test_importing_the_search_loads_no_flask_sqlalchemy_or_wtforms() -> None:
    code = (
        "import sys, json; import procurement.search; "
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('flask','sqlalchemy','wtforms',"
        "'flask_sqlalchemy','flask_wtf'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []
