"""A topic named only as the object of another duty is not that topic's requirement: the task a social-economy
clause hands over, the subject of a training; and under a heading naming a topic, a paragraph that says nothing
of the criterion does not bind for it."""

from __future__ import annotations

import pytest

from procurement.catalogue import load
from procurement.documents.model import Block, Document, Location
from procurement.matching import compile_catalogue
from procurement.matching.frames import SOCIAL_ECONOMY, TRAINING, spans
from tests.matching.test_unseen_passages import document


@pytest.fixture(scope="module")
def matcher():
    return compile_catalogue(load())


def themes(matcher, heading: str, text: str) -> set[str]:
    report = matcher.run(document(heading, text), all_criteria=True)
    return {f.theme for f in report.findings if f.status in ("met", "partial")}


@pytest.mark.parametrize("text, heading", [
    ("De inschrijver die de inzameling en verwerking van het koffiedik laat uitvoeren door een maatwerkbedrijf, "
     "krijgt 5 punten.", "Gunningscriteria"),
    ("U die het onkruidbeheer op begraafplaatsen en het maaien van bermen laat uitvoeren door een onderneming uit de "
     "sociale economie, krijgt 10 punten.", "Gunningscriteria"),
])
def test_a_task_handed_to_the_social_economy_is_no_requirement_on_the_task(matcher, text: str, heading: str) -> None:
    assert themes(matcher, heading, text) == {"social-economy"}


def test_the_subject_of_a_training_is_no_requirement_on_that_subject(matcher) -> None:
    text = ("De opdrachtnemer zorgt ervoor dat elke schoonmaker binnen vier weken een opleiding heeft gevolgd over het "
            "veilig gebruik van de producten en de doseersystemen en over ergonomische werkhoudingen.")
    assert "environment" not in themes(matcher, "Uitvoeringsvoorwaarden", text)


def test_the_explanation_says_the_topic_was_only_named_as_a_task(matcher) -> None:
    text = ("De inschrijver die de inzameling en verwerking van het koffiedik laat uitvoeren door een maatwerkbedrijf, "
            "krijgt 5 punten.")
    report = matcher.run(document("Gunningscriteria", text), all_criteria=True)
    finding = next(f for f in report.findings if f.criterion == "coffee-circ-coffee-grounds")
    assert finding.status == "missing"
    assert "enkel genoemd als taak die de sociale economie uitvoert" in finding.explanation


def test_the_same_words_outside_a_frame_still_make_a_requirement(matcher) -> None:
    text = ("De opdrachtnemer gebruikt uitsluitend doseersystemen die de juiste dosis schoonmaakproduct afmeten, en "
            "microvezeldoeken die hij na gebruik wast.")
    assert "environment" in themes(matcher, "Uitvoeringsvoorwaarden", text)


def test_frames_are_spans_of_the_folded_sentence() -> None:
    task = "de opdrachtnemer laat de teruggenomen toestellen herstellen door een maatwerkbedrijf."
    assert [frame for frame, _, _ in spans(task)] == [SOCIAL_ECONOMY]
    training = "elke chauffeur volgt een opleiding in zuinig rijden."
    assert [(frame, training[start:end]) for frame, start, end in spans(training)] == [
        (TRAINING, "opleiding in zuinig rijden.")]
    assert list(spans("de opdrachtnemer levert gerecycleerd papier.")) == []


def test_a_paragraph_under_a_topic_heading_that_says_nothing_of_it_does_not_bind(matcher) -> None:
    parts = [
        ("heading", "Artikel 1 – Afval voorkomen, gescheiden inzamelen en hoogwaardig verwerken"),
        ("paragraph", "Vrije varianten en opties zijn niet toegelaten."),
        ("paragraph", "Het jaarverslag van de dienst aankoop vermeldt afval voorkomen, gescheiden inzamelen en "
                      "hoogwaardig laten verwerken bij de besproken initiatieven."),
    ]
    blocks, section = [], None
    for kind, text in parts:
        section = text if kind == "heading" else section
        blocks.append(Block(text, kind, Location(section, len(blocks) + 1), level=2 if kind == "heading" else None))
    report = matcher.run(Document("bestek.docx", "docx", tuple(blocks)), all_criteria=True)
    finding = next(f for f in report.findings if f.criterion == "circ-waste-prevention-recycling")
    assert finding.status == "missing"


@pytest.mark.parametrize("text, theme", [
    ("De opdrachtnemer garandeert dat alle gebruikte schoonmaakmiddelen voldoen aan het EU Ecolabel en dat minstens "
     "10 % van de uren wordt uitgevoerd door een maatwerkbedrijf.", "environment"),
    ("De leverancier voorziet een opleiding in het gebruik van het toestel en levert uitsluitend toestellen met het "
     "Energy Star-label.", "energy-efficiency"),
    ("De dienstverlener verstrekt instructies in het Nederlands en gebruikt uitsluitend producten met het EU "
     "Ecolabel.", "environment"),
])
def test_a_requirement_beside_a_frame_in_one_sentence_is_still_found(matcher, text: str, theme: str) -> None:
    assert theme in themes(matcher, "Uitvoeringsvoorwaarden", text)


def test_a_lot_reserved_for_the_social_economy_frames_only_its_own_lot() -> None:
    text = "perceel 1 omvat led-verlichting met 120 lm/w; perceel 2 is voorbehouden aan maatwerkbedrijven."
    assert [text[start:end] for _, start, end in spans(text)] == ["perceel 2 is voorbehouden aan maatwerkbedrijven"]
