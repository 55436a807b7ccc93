"""Phrase matching: prefixes, compounds written apart or joined, exact short words and numbers."""

import pytest

from procurement.matching.phrases import PhraseIndex
from procurement.text import fold, inflected, sentences, tokens


def found(phrases: list[str], text: str) -> list[str]:
    index = PhraseIndex(phrases)
    return sorted({index.phrases[h.phrase] for h in index.find(tokens(text))})


@pytest.mark.parametrize(
    ("phrase", "text"),
    [
        ("verpakking", "De verpakkingen worden teruggenomen."),
        ("kinderarbeid", "Er mag geen kinder arbeid gebruikt worden."),
        ("kinderarbeid", "Geen kinder-arbeid."),
        ("energie zuinig", "Enkel energiezuinige toestellen."),
        ("energie-efficientie", "De energie-efficiëntie van de toestellen."),
        ("iso 14001", "Gecertificeerd volgens ISO 14.001 of EMAS."),
        ("ilo", "De ILO-verdragen gelden."),
        ("fsc", "Hout met FSC-label."),
    ],
)
def test_a_phrase_is_found_in_its_usual_variants(phrase: str, text: str) -> None:
    assert found([phrase], text) == [phrase]


@pytest.mark.parametrize(
    ("phrase", "text"),
    [
        ("ilo", "Een kilo appelen."),
        ("ilo", "Ilona komt morgen."),
        ("138", "Artikel 1389 van het wetboek."),
        ("arbeid", "Kinderarbeid is verboden."),
    ],
)
def test_short_words_and_numbers_match_only_exactly_and_compound_middles_do_not_match(phrase: str, text: str) -> None:
    assert found([phrase], text) == []


def test_phrases_do_not_cross_a_block_boundary_marker() -> None:
    index = PhraseIndex(["sociale economie"])
    assert index.find(["sociale", "|", "economie"]) == []


def test_folding_removes_accents_and_thousands_dots() -> None:
    assert fold("Énergie-efficiëntie ISO 14.001") == "energie-efficientie iso 14001"


def test_sentences_split_at_full_stops_line_breaks_and_clause_colons() -> None:
    parts = sentences("Kinderarbeid (eis): Toon aan dat niets met kinderarbeid is gemaakt. Dit geldt overal.\nNieuw")
    assert parts == [
        "Kinderarbeid (eis):",
        "Toon aan dat niets met kinderarbeid is gemaakt.",
        "Dit geldt overal.",
        "Nieuw",
    ]


def test_an_adjective_finds_its_inflected_form() -> None:
    assert inflected("afbreekbaar") == {"afbreekbaar", "afbreekbare"}
    assert inflected("europees") == {"europees", "europese"}
    assert inflected("innovatief") == {"innovatief", "innovatieve"}
    assert inflected("energie") == {"energie"}
    index = PhraseIndex(["biologisch afbreekbaar", "duurzaam beheerde bossen"])
    words = tokens("biologisch afbreekbare oliën uit duurzame beheerde bossen")
    found = {index.phrases[h.phrase] for h in index.find(words)}
    assert found == {"biologisch afbreekbaar", "duurzaam beheerde bossen"}
