"""The binding test: obligations on the bidder or contractor versus mentions, guidance, policy and law."""

import pytest

from procurement.matching.cues import judge


@pytest.mark.parametrize(
    ("sentence", "section"),
    [
        ("De opdrachtnemer verbindt zich ertoe de IAO-basisverdragen na te leven.", None),
        ("De inschrijver moet EMAS of ISO 14001 gecertificeerd zijn.", "Kwalitatieve selectie"),
        ("Toon aan dat geen van de door u geleverde goederen met kinderarbeid is gemaakt.", None),
        ("(1 punt): ten minste 80 % van de toestellen draagt het Energy Star-label.", "Gunningscriteria"),
        ("De opdrachtnemer is verplicht minimaal 5% van de aanneemsom te besteden aan werkzoekenden.", None),
        ("De leverancier neemt de verpakkingen kosteloos terug.", "Uitvoeringsvoorwaarden"),
        # the Brussels and EU wording of a reservation, a Dutch EMVI score, a scoring formula
        ("De opdracht is gereserveerd voor sociale of beschutte werkplaatsen.", "Aankondiging"),
        ("Op basis van het beschreven criterium wordt de fictieve korting toegekend.", "Beoordeling"),
        ("(A) % herbruikbaar aan het einde van de levensduur. Formule: (2A + B) / 3 x 100", "Gunningscriteria"),
        # what the works set free "vervalt aan de aannemer": it becomes his, the article does not lapse
        ("Het vrijkomend betonpuin vervalt aan de aannemer die het aantoonbaar verwerkt als toeslagmateriaal.",
         "Technische bepalingen"),
    ],
)
def test_obligations_on_the_bidder_or_contractor_bind(sentence: str, section: str | None) -> None:
    assert judge(sentence, section).binding


@pytest.mark.parametrize(
    ("sentence", "section"),
    [
        ("Zo moet een computer energiezuinig zijn.", "Situering"),
        ("U kan in het bestek een clausule over kinderarbeid opnemen.", None),
        ("De aanbestedende overheid kan opdrachten voorbehouden aan maatwerkbedrijven.", None),
        ("De stad streeft naar duurzame aankopen.", None),
        ("Sociale clausule: niet van toepassing.", "Uitvoeringsvoorwaarden"),
        ("B.5 Naleving van milieu-, sociaal en arbeidsrecht .......... 6", None),
        ("Het FSC-keurmerk staat voor verantwoord bosbeheer.", "Toelichting"),
        ("[invullen]", "Sociale clausule"),
        ("Artikel 12: vervalt.", "Technische bepalingen"),
    ],
)
def test_mentions_guidance_policy_and_placeholders_do_not_bind(sentence: str, section: str | None) -> None:
    assert not judge(sentence, section).binding


def test_a_verdict_names_the_words_that_decided_it() -> None:
    verdict = judge("De opdrachtnemer verbindt zich ertoe de normen na te leven.")
    assert any("opdrachtnemer" in cue for cue in verdict.cues)


def test_every_rule_has_a_dutch_name_and_the_verdict_names_the_rules_that_applied() -> None:
    from procurement.matching.cues import OBLIGATIONS, SIGNALS, VETOES

    rules = (*VETOES, *OBLIGATIONS, *SIGNALS)
    assert len({r.name for r in rules}) == len(rules)
    assert all(r.name and r.name == r.name.lower() for r in rules)
    verdict = judge("De opdrachtnemer moet minstens 50 % gerecycleerd papier leveren.", "Technische specificaties")
    assert verdict.binding
    assert verdict.cues[0].startswith("verplichting van de inschrijver of opdrachtnemer: opdrachtnemer … moet")
    assert "onder een titel met eisen: 'Technische specificaties'" in verdict.cues
    assert any(c.startswith("drempelwaarde: minstens 50") for c in verdict.cues)


def test_a_condition_a_wish_and_a_described_clause_do_not_bind() -> None:
    for sentence in (
        "b. indien de gegadigde voldoende maatregelen heeft genomen om het vertrouwen te herstellen;",
        "Idealiter neemt de leverancier de verpakking terug met het oog op hergebruik.",
        "Deze clausule stelt dat de aannemer een aantal langdurig werklozen moet inzetten op de werf.",
    ):
        assert not judge(sentence).binding, sentence


@pytest.mark.parametrize(("sentence", "section"), [
    ("Het hout komt uit duurzaam beheerde bossen.", "Technische specificaties"),
    ("De stroom komt voor 100 % uit hernieuwbare bronnen.", "Technische specificaties"),
    ("Alle toestellen worden geleverd met de energiebesparende instellingen geactiveerd.", "Technische specificaties"),
    ("De producten worden geleverd in herbruikbare kratten.", "Technische specificaties"),
    ("Score = (2A + B) / 3 x 100", "Gunningscriteria"),
])
def test_goods_from_a_source_in_a_state_and_a_scoring_formula_bind(sentence: str, section: str) -> None:
    assert judge(sentence, section).binding


@pytest.mark.parametrize(("sentence", "section"), [
    ("Score:", None),
    ("De prijs wordt berekend volgens de formule:", None),
    ("De goederen worden geleverd met de vrachtwagen van de leverancier.", "Technische specificaties"),
    ("De facturen worden geleverd met vermelding van het bestelbonnummer.", "Technische specificaties"),
    ("Gebouwen met een bouwjaar lager dan 1990 worden eerst onderzocht.", "Technische specificaties"),
    ("Er wordt geen onderscheid gemaakt tussen de materialen die worden gebruikt.", None),
    ("8.1 De aanbestedende overheid behandelt de inschrijvers gelijk.", None),
    ("Gelijke behandeling: de aanbestedende overheid behandelt de inschrijvers gelijk.", None),
    ("De huidige leverancier laat de inzameling van het koffiedik uitvoeren door een maatwerkbedrijf.",
     "Uitvoeringsvoorwaarden"),
    ("Koelmiddelen met een GWP lager dan 150 zijn beter voor het klimaat.", "Uitvoeringsvoorwaarden"),
])
def test_look_alikes_of_those_forms_do_not_bind(sentence: str, section: str | None) -> None:
    assert not judge(sentence, section).binding
