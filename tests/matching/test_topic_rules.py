"""No finding without its topic: the topic in the binding sentence, its lead-in or its heading chain; elements
only in the clause's own sentences; numbers only in a qualified form; partial only with an element."""

from __future__ import annotations

import pytest

from procurement.catalogue import load
from procurement.documents.model import Block, Document, Location
from procurement.matching import compile_catalogue, cues
from procurement.text import tokens

ILO = "hr-ilo-core-conventions"


@pytest.fixture(scope="module")
def matcher():
    return compile_catalogue(load())


def bestek(*parts: tuple[str, str] | tuple[str, str, int]) -> Document:
    """Blocks from (kind, text[, heading level]); each block's section is the nearest heading."""
    blocks, section = [], None
    for part in parts:
        kind, text = part[0], part[1]
        level = part[2] if len(part) > 2 else (2 if kind == "heading" else None)  # type: ignore[misc]
        if kind == "heading":
            section = text
        blocks.append(Block(text, kind, Location(section, len(blocks) + 1), level=level))
    return Document("bestek.docx", "docx", tuple(blocks))


def finding(matcher, doc: Document, criterion: str):
    return next(f for f in matcher.run(doc, all_criteria=True).findings if f.criterion == criterion)


def found_themes(matcher, doc: Document) -> set[str]:
    return {f.theme for f in matcher.run(doc, all_criteria=True).findings if f.status in ("met", "partial")}


def test_numbers_after_a_convention_noun_are_marked_and_bare_numbers_are_not() -> None:
    assert tokens("IAO-verdragen 29, 105 en 138") == ["iao", "verdragen", "nr", "29", "nr", "105", "en", "nr", "138"]
    assert tokens("verdrag nr. 182") == ["verdrag", "nr", "182"]
    assert tokens("C138") == ["nr", "138"]
    assert tokens("een boete van 100 euro na 29 kalenderdagen") == ["een", "boete", "van", "100", "euro", "na", "29",
                                                                   "kalenderdagen"]
    assert tokens("30 % gerecycleerd") == ["30", "procent", "gerecycleerd"]


def test_a_fine_and_a_deadline_do_not_count_as_ilo_conventions(matcher) -> None:
    doc = bestek(
        ("heading", "Artikel 9 – Kinderarbeid"),
        ("paragraph", "De opdrachtnemer garandeert dat bij de productie geen kinderarbeid wordt ingezet. "
                      "Bij een inbreuk geldt een boete van 100 euro per dag, te betalen binnen 29 kalenderdagen."),
    )
    f = finding(matcher, doc, ILO)
    assert f.status == "partial"
    assert "verbod op dwangarbeid (IAO-verdragen 29 en 105)" in f.missing_elements
    assert "gelijke beloning en geen discriminatie (IAO-verdragen 100 en 111)" in f.missing_elements


def test_the_same_conventions_named_by_number_do_count(matcher) -> None:
    doc = bestek(
        ("heading", "Ethische clausule"),
        ("paragraph", "De opdrachtnemer leeft de IAO-verdragen nr. 29, 87, 98, 100, 105, 111, 138 en 182 na en legt "
                      "die verplichting op aan zijn onderaannemers."),
    )
    assert finding(matcher, doc, ILO).status == "met"


def test_a_topic_in_one_sentence_and_a_duty_in_another_is_not_a_clause(matcher) -> None:
    doc = bestek(
        ("heading", "Artikel 4 – Uitvoeringstermijn"),
        ("paragraph", "Kinderarbeid en dwangarbeid komen wereldwijd nog voor in de katoenteelt. De opdrachtnemer "
                      "moet de werken binnen zestig kalenderdagen voltooien."),
    )
    assert finding(matcher, doc, ILO).status == "missing"


def test_a_lead_in_carries_the_duty_to_the_list_items_that_name_the_topic(matcher) -> None:
    doc = bestek(
        ("heading", "Artikel 12 – Uitvoeringsvoorwaarden"),
        ("paragraph", "De opdrachtnemer verbindt zich tot het volgende:"),
        ("list-item", "geen kinderarbeid en geen dwangarbeid, zoals bepaald in de IAO-verdragen;"),
        ("list-item", "vrijheid van vereniging en collectieve onderhandelingen in de hele toeleveringsketen."),
    )
    assert finding(matcher, doc, ILO).status in ("met", "partial")


def test_a_heading_chain_names_the_topic_of_numbered_sub_articles(matcher) -> None:
    doc = bestek(
        ("heading", "Artikel 7 – Ethische clausule (IAO-basisnormen)", 2),
        ("heading", "7.1 Toepassingsgebied", 3),
        ("paragraph", "De opdrachtnemer leeft bij de uitvoering de verboden op dwangarbeid en kinderarbeid na."),
        ("heading", "7.2 Keten", 3),
        ("paragraph", "De opdrachtnemer legt dezelfde verplichtingen op aan zijn onderaannemers en toeleveranciers."),
    )
    assert finding(matcher, doc, ILO).status in ("met", "partial")


def test_a_warranty_remedy_is_not_a_repair_clause(matcher) -> None:
    doc = bestek(
        ("heading", "Artikel 18 – Garanties"),
        ("paragraph", "De leverancier herstelt of vervangt elk gebrekkig product binnen tien werkdagen na de melding, "
                      "zonder kosten voor de aanbestedende overheid. De waarborgtermijn bedraagt twaalf maanden."),
    )
    assert "circularity" not in found_themes(matcher, doc)


def test_returned_packaging_costs_are_not_a_take_back_scheme(matcher) -> None:
    doc = bestek(
        ("heading", "Artikel 16 – Levering"),
        ("paragraph", "De kosten van verpakking, vervoer en verzekering zijn in de prijs inbegrepen. Verpakkingen die "
                      "aan de leverancier worden teruggestuurd, zijn voor zijn rekening."),
    )
    assert "circularity" not in found_themes(matcher, doc)


def test_training_the_buyers_staff_to_use_a_machine_is_not_a_social_clause(matcher) -> None:
    doc = bestek(
        ("heading", "Artikel 22 – Opleiding"),
        ("paragraph", "De leverancier voorziet na de installatie een opleiding van twee uur voor het personeel van de "
                      "aanbestedende overheid over het gebruik van de toestellen."),
    )
    assert "social-economy" not in found_themes(matcher, doc)


def test_a_reservation_described_in_a_notice_model_is_not_a_reserved_contract(matcher) -> None:
    doc = bestek(
        ("heading", "Bijlage – Inhoud van de aankondiging"),
        ("list-item", "2. Indien van toepassing, de vermelding dat het gaat om een overheidsopdracht die is "
                      "voorbehouden aan sociale werkplaatsen."),
        ("list-item", "3. Een aanbestedende dienst vermeldt in de aankondiging dat de opdracht is voorbehouden aan "
                      "maatwerkbedrijven."),
    )
    assert "social-economy" not in found_themes(matcher, doc)


def test_goods_as_subject_under_a_specification_heading_bind(matcher) -> None:
    doc = bestek(
        ("heading", "Technische specificaties"),
        ("paragraph", "Het product moet voldoen aan de criteria van het EU Ecolabel voor reinigingsmiddelen of aan "
                      "gelijkwaardige criteria; een gelijkwaardig label wordt aanvaard."),
    )
    assert "environment" in found_themes(matcher, doc)


def test_a_partial_finding_always_names_what_it_found_and_what_is_missing(matcher) -> None:
    doc = bestek(
        ("heading", "Artikel 14 – Sociale clausule"),
        ("paragraph", "De opdrachtnemer is verantwoordelijk voor het realiseren van social return."),
        ("heading", "Artikel 15 – Ethische clausule"),
        ("paragraph", "De opdrachtnemer waarborgt dat de goederen niet met kinderarbeid vervaardigd zijn."),
    )
    for f in matcher.run(doc, all_criteria=True).findings:
        if f.status == "partial":
            assert f.missing_elements, f.criterion
            assert "ontbreekt" in f.explanation and "0 van de" not in f.explanation, f.explanation


def test_a_scored_clause_no_award_criterion_takes_is_half_of_the_requirement(matcher) -> None:
    # renewable heat, scored: the building-energy award twin shares a topic word but neither its topic nor an
    # element stands here, so the requirement takes it, at most partial, and says it is only scored
    doc = bestek(
        ("heading", "Gunningscriteria"),
        ("paragraph", "Ten minste 70 % van de energie voor verwarming moet uit hernieuwbare energiebronnen komen "
                      "(2 punten)."),
    )
    renewable = finding(matcher, doc, "energy-renewable-electricity-execution")
    assert renewable.status == "partial"
    assert any("enkel gescoord" in m for m in renewable.missing_elements)


def test_a_scored_clause_its_award_twin_takes_is_not_the_requirement(matcher) -> None:
    doc = bestek(
        ("heading", "Gunningscriteria"),
        ("paragraph", "Energieprestatie (20 punten): de inschrijver die een E-peil haalt dat lager is dan de "
                      "wettelijke eis, krijgt punten naar verhouding; het E-peil volgt uit de EPB-berekening."),
    )
    award = finding(matcher, doc, "build-energy-performance-award")
    assert award.status in ("met", "partial")
    requirement = finding(matcher, doc, "build-energy-e-level-requirement")
    assert requirement.status == "missing"


def test_a_limit_stated_in_the_present_tense_binds_under_a_specification_heading() -> None:
    verdict = cues.judge("De dosering is niet hoger dan 1,0 g per kg was.", "Technische specificaties")
    assert verdict.binding and any(c.startswith("eigenschap van de levering") for c in verdict.cues)
    assert not cues.judge("De dosering is niet hoger dan 1,0 g per kg was.", "Toelichting").binding


@pytest.mark.parametrize(
    "sentence",
    [
        "Het geleverde hout is afkomstig uit duurzaam beheerde bossen.",
        "Het textiel is vrij van gevaarlijke stoffen volgens OEKO-TEX of gelijkwaardig.",
        "De koelkasten behoren tot de hoogste energieklasse die op de markt beschikbaar is.",
        "Het verbruik van de printers mag de ENERGY STAR-grenswaarde niet overschrijden.",
        "Bevat het product ongecertificeerd hout, dan moet worden aangetoond dat het van een legale bron komt.",
        "Het papier is gebleekt zonder elementair chloor (ECF) of volledig chloorvrij (TCF).",
        "De vis is gecertificeerd met het MSC- of ASC-label of een gelijkwaardig label.",
        "De aanbestedende overheid eist dat alle geleverde houten producten FSC- of PEFC-gecertificeerd zijn.",
        "Het is de opdrachtnemer verboden wegwerpservies te gebruiken bij de recepties.",
        "Alle gebruikte verven bevatten minder dan 30 g/l vluchtige organische stoffen.",
        "De geleverde bananen en koffie zijn Fairtrade-gecertificeerd of gelijkwaardig.",
        "De reinigingsmiddelen zijn niet ingedeeld met de gevarenaanduidingen H300, H310 of H350.",
    ],
)
def test_specification_language_of_the_public_sets_binds_under_a_specification_heading(sentence: str) -> None:
    assert cues.judge(sentence, "Technische specificaties").binding


@pytest.mark.parametrize(
    "sentence",
    [
        "Het bestek is gepubliceerd met het nummer 2024-12.",
        "Het project is gefinancierd door Europa.",
        "De prijs is niet herzienbaar.",
        "De offerte komt in aanmerking indien volledig.",
        "De waarborg is vrij van kosten.",
        "Regenwaterrecuperatie niet te voorzien door de aannemer.",
        "De betaling gebeurt binnen een termijn van ten hoogste 30 dagen.",
    ],
)
def test_ordinary_contract_sentences_do_not_bind_under_a_specification_heading(sentence: str) -> None:
    assert not cues.judge(sentence, "Technische specificaties").binding


def test_a_count_is_not_a_weight() -> None:
    assert not cues.judge("Het huidige wagenpark telt 25 % elektrische voertuigen.", "Algemeen").binding


def test_a_weight_in_percent_scores_an_award_criterion() -> None:
    verdict = cues.judge("De totale eigendomskosten over tien jaar tellen voor 30 % mee.", "Gunningscriteria")
    assert verdict.binding and any(c.startswith(cues.SCORED_RULE) for c in verdict.cues)


def test_the_strongest_obligation_counts_not_the_first_listed() -> None:
    # "is gecertificeerd" is a weak modal word (1); the goods made in a stated way weigh 2
    verdict = cues.judge("De vis is gecertificeerd met het MSC-label.", "Technische specificaties")
    assert verdict.cues[0].startswith("eigenschap van de levering")


def test_elements_in_an_empty_field_do_not_count_for_an_ordinary_duty_beside_it(matcher) -> None:
    doc = bestek(
        ("heading", "Artikel 8 – Bescherming van werknemers tegen trillingen, lawaai, hitte en uv"),
        ("paragraph", "Bescherming van werknemers tegen trillingen, lawaai, hitte en uv: [keuze aankoper]"),
        ("paragraph", "De opdrachtnemer sluit een verzekering af die zijn burgerlijke aansprakelijkheid dekt."),
    )
    assert finding(matcher, doc, "green-hr-worker-health").status == "missing"


def test_belgian_bestek_language_to_be_provided_by_the_contractor_binds() -> None:
    verdict = cues.judge("Filterinstallatie en regenwaterrecuperatie mee te voorzien door aannemer.", "Riolering")
    assert verdict.binding and any(c.startswith("bestektaal: te voorzien") for c in verdict.cues)


@pytest.mark.parametrize(
    "sentence",
    [
        "Indien de inschrijver kan aantonen dat de mineralen op verantwoorde wijze worden ontgonnen, wordt dit hoger "
        "gewaardeerd.",
        "Een plan dat de uitstoot meetbaar vermindert, wordt positief beoordeeld.",
        "Hoe groter het aandeel gerecycleerd materiaal, hoe hoger de score.",
        "Elke bijkomende maatregel levert extra punten op.",
    ],
)
def test_an_award_said_in_words_rather_than_points_is_scored(sentence: str) -> None:
    judged = cues.judge(sentence, "Algemeen")
    assert judged.binding and any(cue.startswith(cues.SCORED_RULE) for cue in judged.cues)


def test_a_higher_price_is_not_a_score() -> None:
    assert not cues.judge("Bij een hogere index wordt de prijs hoger.", "Algemeen").binding


@pytest.mark.parametrize(
    "sentence",
    [
        "Het EU Ecolabel is het officiële milieukeurmerk van de Europese Unie.",
        "Het product is een toestel voor het reinigen van vloeren.",
        "De leveringen zijn de goederen die in de inventaris staan.",
    ],
)
def test_a_definition_with_is_or_zijn_is_not_a_property_of_the_goods(sentence: str) -> None:
    assert not cues.judge(sentence, "Technische specificaties").binding


def test_goods_that_carry_a_label_are_a_stated_property() -> None:
    assert cues.judge("Eis: alle producten dragen het EU Ecolabel of een gelijkwaardig label.",
                      "Technische specificaties").binding


@pytest.mark.parametrize(
    "sentence",
    [
        "Geef inschrijvers het gunningsvoordeel dat overeenkomt met hun ambitieniveau.",
        "Vraag de inschrijver om een kopie van het certificaat.",
        "Neem de teksten van het gunningscriterium op in de opdrachtdocumenten.",
    ],
)
def test_an_order_to_the_buyer_about_the_bidders_is_guidance(sentence: str) -> None:
    assert not cues.judge(sentence, "Gunningscriteria").binding


def test_an_order_to_the_bidder_still_binds() -> None:
    assert cues.judge("Geef aan hoe u het afval sorteert en laat verwerken.", "Gunningscriteria").binding


def test_a_duration_in_words_is_a_threshold_and_a_plural_without_article_is_the_goods() -> None:
    judged = cues.judge("Reserveonderdelen moeten gedurende ten minste vijf jaar beschikbaar zijn.", None)
    assert judged.binding
    assert any(cue.startswith("drempelwaarde") for cue in judged.cues)
    assert any(cue.startswith("eis aan de levering") for cue in judged.cues)


def test_a_count_in_words_of_fixings_is_no_threshold() -> None:
    assert not cues.judge("Zij worden geplaatst in minstens twee daartoe voorziene groeven.", None).binding


@pytest.mark.parametrize(
    "sentence",
    [
        "De batterij moet door de gebruiker vervangen kunnen worden.",
        "De opdrachtnemer neemt de producten aan het einde van hun levensduur terug voor hergebruik of recyclage.",
        "De meubelen zijn modulair opgebouwd en demonteerbaar zonder schade.",
        "De fabrikant stelt informatie over herstelling ter beschikking van onafhankelijke herstellers.",
    ],
)
def test_repairable_goods_of_any_product_group_are_circularity(matcher, sentence: str) -> None:
    doc = bestek(("heading", "Technische specificaties"), ("paragraph", sentence))
    assert "circularity" in found_themes(matcher, doc)


@pytest.mark.parametrize(
    "sentence",
    [
        "Tijdens de waarborgperiode herstelt of vervangt de leverancier kosteloos elk product dat een gebrek vertoont.",
        "De leverancier vervangt defecte onderdelen binnen 48 uur.",
        "Het gebouw is ontworpen door een bekend architectenbureau.",
    ],
)
def test_a_warranty_remedy_or_a_designer_is_no_circularity(matcher, sentence: str) -> None:
    doc = bestek(("heading", "Technische specificaties"), ("paragraph", sentence))
    assert "circularity" not in found_themes(matcher, doc)


@pytest.mark.parametrize(
    ("sentence", "theme"),
    [
        ("De opdrachtnemer verbindt zich ertoe een deel van de opdracht in onderaanneming te geven aan een sociale "
         "onderneming.", "social-economy"),
        ("De opdrachtnemer zet voor de schoonmaak medewerkers uit een beschutte werkplaats in.", "social-economy"),
        ("De opdrachtnemer betaalt zijn werknemers minstens het wettelijk minimumloon en respecteert de arbeidstijden.",
         "human-rights"),
        ("De opdrachtnemer leeft de bepalingen van het sociaal recht na, ook bij zijn onderaannemers.", "human-rights"),
        ("De leverancier waarborgt dat de kledij geproduceerd wordt met respect voor de fundamentele arbeidsrechten.",
         "human-rights"),
        ("De elektriciteit wordt voor 100 % opgewekt uit hernieuwbare bronnen.", "energy-efficiency"),
        ("Het stand-byverbruik bedraagt maximaal 0,5 W.", "energy-efficiency"),
        ("Minstens 50 % van de groenten is van het seizoen en biologisch.", "environment"),
    ],
)
def test_requirements_in_ordinary_bestek_wording_are_found_in_their_theme(matcher, sentence: str, theme: str) -> None:
    doc = bestek(("heading", "Uitvoeringsvoorwaarden"), ("paragraph", sentence))
    assert theme in found_themes(matcher, doc)


@pytest.mark.parametrize(
    "sentence",
    [
        "De stad respecteert de mensenrechten en verwacht dat ook van haar partners.",
        "De opdrachtnemer leeft alle wetgeving na, ook het sociaal recht en het milieurecht.",
        "De stroom wordt geproduceerd door de centrale van Doel.",
    ],
)
def test_a_policy_or_a_general_duty_to_obey_the_law_is_no_requirement(matcher, sentence: str) -> None:
    doc = bestek(("heading", "Uitvoeringsvoorwaarden"), ("paragraph", sentence))
    assert found_themes(matcher, doc) == set()


def test_points_awarded_in_words_are_a_score_and_the_award_criterion_counts_its_scoring_element(matcher) -> None:
    assert cues.judge("Er worden punten toegekend aan inschrijvers die producten met het EU Ecolabel aanbieden.",
                      "Gunningscriteria").binding
    doc = bestek(("heading", "Gunningscriteria"),
                 ("paragraph", "Bij de beoordeling van de kwaliteit wordt rekening gehouden met het energieverbruik "
                               "van de toestellen."))
    award = finding(matcher, doc, "ict-energy-consumption-award")
    assert award.status == "partial"
    assert not any("punten of weging" in m for m in award.missing_elements)


def test_a_clause_on_the_product_with_only_its_proof_is_not_the_products_label_requirement(matcher) -> None:
    doc = bestek(("heading", "Technische specificaties"),
                 ("paragraph", "Zeepdispensers geven per bediening ten hoogste 0,7 ml schuimzeep; de inschrijver "
                               "vermeldt de dosis in de technische fiche."))
    soap = finding(matcher, doc, "san-env-ecolabel-soap")
    assert soap.status == "missing" and "enkel hoe de eis bewezen wordt" in soap.explanation


@pytest.mark.parametrize(
    ("sentence", "theme"),
    [
        ("De organisator voorziet herbruikbare bekers en zorgt voor gescheiden afvalinzameling op het evenement.",
         "circularity"),
        ("De printer beschikt over een automatische duplexfunctie die standaard is ingeschakeld.", "circularity"),
        ("Het drukwerk wordt gedrukt op papier met het FSC-label.", "environment"),
        ("Het asfalt bevat minstens 30 % gerecycleerd asfaltgranulaat.", "circularity"),
        ("De opdrachtnemer gebruikt geen plastic wegwerpartikelen bij de uitvoering.", "circularity"),
    ],
)
def test_specifications_of_the_goods_in_the_present_tense_are_found(matcher, sentence: str, theme: str) -> None:
    doc = bestek(("heading", "Technische specificaties"), ("paragraph", sentence))
    assert theme in found_themes(matcher, doc)


@pytest.mark.parametrize(
    "sentence",
    ["De stad zorgt voor de elektriciteit op het evenement.", "Het gebouw beschikt over een parking met 40 plaatsen."],
)
def test_what_the_buyer_provides_or_a_building_has_is_no_requirement(sentence: str) -> None:
    assert not cues.judge(sentence, "Algemeen").binding


@pytest.mark.parametrize(
    "sentence",
    [
        "De leverancier onderschrijft de Verklaring van de Rechten van de Mens en legt die op aan zijn "
        "toeleveranciers.",
        "De inschrijver bezorgt een lijst van alle productielocaties met naam en adres.",
        "De opdrachtnemer betaalt een leefbaar loon aan de werknemers in de productieketen.",
        "De opdrachtnemer respecteert de gelijke behandeling van mannen en vrouwen en voert een "
        "non-discriminatiebeleid.",
    ],
)
def test_labour_and_human_rights_in_other_words_are_human_rights(matcher, sentence: str) -> None:
    doc = bestek(("heading", "Uitvoeringsvoorwaarden"), ("paragraph", sentence))
    assert "human-rights" in found_themes(matcher, doc)


def test_the_equal_treatment_of_bidders_is_procurement_law_not_a_human_rights_clause(matcher) -> None:
    doc = bestek(("heading", "Uitvoeringsvoorwaarden"),
                 ("paragraph", "De opdrachtnemer respecteert bij de uitvoering het beginsel van gelijke behandeling "
                               "van de inschrijvers."))
    assert found_themes(matcher, doc) == set()


@pytest.mark.parametrize(
    ("sentence", "theme"),
    [
        ("Alle houten producten zijn FSC- of PEFC-gecertificeerd.", "environment"),
        ("Het vermogen in de uit-stand bedraagt ten hoogste 0,3 W.", "energy-efficiency"),
        ("Er worden uitsluitend inheemse en streekeigen plantensoorten aangeplant.", "environment"),
    ],
)
def test_certified_goods_a_power_limit_and_only_what_is_allowed_are_requirements(
    matcher, sentence: str, theme: str
) -> None:
    doc = bestek(("heading", "Technische specificaties"), ("paragraph", sentence))
    assert theme in found_themes(matcher, doc)


@pytest.mark.parametrize(
    ("sentence", "theme"),
    [
        ("De opdrachtnemer levert een inspanning om jongeren zonder diploma een opleidingsplaats te geven.",
         "social-economy"),
        ("De gebouwen moeten bijna-energieneutraal (BEN) zijn.", "energy-efficiency"),
    ],
)
def test_training_places_for_young_people_and_nearly_zero_energy_buildings(matcher, sentence: str, theme: str) -> None:
    doc = bestek(("heading", "Bijzondere uitvoeringsvoorwaarden"), ("paragraph", sentence))
    assert theme in found_themes(matcher, doc)


def test_training_staff_in_the_software_is_no_social_clause(matcher) -> None:
    doc = bestek(("heading", "Bijzondere uitvoeringsvoorwaarden"),
                 ("paragraph", "De opdrachtnemer organiseert een opleiding voor zijn nieuwe medewerkers over de "
                               "werking van de software."))
    assert found_themes(matcher, doc) == set()


@pytest.mark.parametrize(
    ("sentence", "section"),
    [
        ("De formaldehyde-emissie van platen op houtbasis bedraagt maximaal 8 mg per 100 mg droge stof.",
         "Technische specificaties"),
        ("Het product wordt geoogst bij kleine producenten, in een samenwerking van lange duur.",
         "Technische specificaties – eerlijke handel"),
        ("Het gehalte aan vluchtige organische stoffen bedraagt ten hoogste 30 g/l.", "A. Verplichte onderdelen"),
    ],
)
def test_an_amount_within_a_limit_and_goods_grown_by_someone_bind(sentence: str, section: str) -> None:
    assert cues.judge(sentence, section).binding


@pytest.mark.parametrize(
    ("sentence", "section"),
    [
        ("Het aandeel groene stroom in het huidige contract bedraagt 50 %.", "Beschrijving van de opdracht"),
        ("Het jaarlijkse papierverbruik van de stad bedraagt 12 ton.", "Beschrijving van de opdracht"),
        ("Het drukwerk wordt gedrukt door de stedelijke drukkerij op gerecycleerd papier.", "Omschrijving"),
        ("De werkkledij wordt gewassen door de stedelijke wasserij.", "Uitvoering van de opdracht"),
        ("De reinigingsmiddelen zijn biologisch afbreekbaar en dragen het EU Ecolabel.",
         "B. Niet-verplichte onderdelen"),
    ],
)
def test_a_present_amount_who_prints_or_washes_and_optional_parts_do_not_bind(sentence: str, section: str) -> None:
    assert not cues.judge(sentence, section).binding


def test_all_recycled_copier_paper_meets_both_the_recycled_and_the_fibre_origin_criterion(matcher) -> None:
    doc = bestek(
        ("heading", "Artikel 4 – Technische specificaties"),
        ("paragraph", "Het geleverde kopieerpapier moet voor 100 % bestaan uit gerecycleerde vezels, chloorvrij "
                      "gebleekt zijn en het EU Ecolabel of de Blauer Engel dragen, of een gelijkwaardig label."),
    )
    report = matcher.run(doc, product_groups=["copiers-paper"])
    status = {f.criterion: f.status for f in report.findings}
    assert status["copy-env-paper-fibre-origin"] == "met"
    assert status["copy-circ-recycled-paper"] == "met"


def test_the_weed_plan_award_and_the_thermal_weeding_duty_are_each_found_in_their_own_words(matcher) -> None:
    plan = bestek(("heading", "Gunningscriteria"),
                  ("paragraph", "Plan van aanpak onkruidbestrijding (20 punten): de inschrijver beschrijft de "
                                "preventieve maatregelen, de technieken per terrein en de afstemming op de "
                                "beheerniveaus."))
    thermal = bestek(("heading", "Uitvoeringsvoorwaarden"),
                     ("paragraph", "De opdrachtnemer gebruikt hetelucht- en heetwatertechnieken enkel waar mechanisch "
                                   "wieden niet volstaat en rapporteert maandelijks het gasverbruik per m2."))
    assert finding(matcher, plan, "green-env-weed-control-plan").status == "met"
    assert finding(matcher, plan, "green-energy-thermal-weeding-efficiency").status == "missing"
    assert finding(matcher, thermal, "green-energy-thermal-weeding-efficiency").status == "met"


@pytest.mark.parametrize("heading, text, theme", [
    # a share of a stated source, a passive ban, a property with its adverb, a state at delivery
    ("Technische specificaties", "De geleverde elektriciteit is voor 100% afkomstig uit hernieuwbare energiebronnen, "
     "aangetoond met garanties van oorsprong.", "energy-efficiency"),
    ("Uitvoeringsvoorwaarden", "Bij het onderhoud van het openbaar groen worden geen chemische bestrijdingsmiddelen "
     "gebruikt.", "environment"),
    ("Technische specificaties", "De meubelen zijn eenvoudig demonteerbaar en de onderdelen zijn afzonderlijk "
     "vervangbaar.", "circularity"),
    ("Technische specificaties", "Alle toestellen worden geleverd met de energiebesparende instellingen geactiveerd.",
     "energy-efficiency"),
    # the wording of the anti-discrimination law, trainees as the target group, the ILO norms as a whole
    ("Uitvoeringsvoorwaarden", "De opdrachtnemer verbindt zich ertoe geen onderscheid te maken op grond van geslacht, "
     "afkomst of handicap bij de aanwerving van personeel voor deze opdracht.", "human-rights"),
    ("Uitvoeringsvoorwaarden", "De opdrachtnemer moet minimaal 2% van de loonsom besteden aan de opleiding van "
     "stagiairs of leerlingen.", "social-economy"),
    ("Uitvoeringsvoorwaarden", "De opdrachtnemer ziet erop toe dat de producten geleverd in het kader van deze "
     "opdracht vervaardigd zijn met respect voor de fundamentele arbeidsnormen van de IAO.", "human-rights"),
    # what a product can undergo is a property, not a choice for the buyer; a limit as a comparison; equipped with
    ("Technische specificaties", "De laptops moeten een batterij hebben die door de gebruiker zelf kan worden "
     "vervangen, en reserveonderdelen moeten minstens vijf jaar beschikbaar zijn.", "circularity"),
    ("Technische specificaties", "De airconditioning gebruikt een koelmiddel met een GWP-waarde lager dan 150.",
     "environment"),
    ("Technische specificaties", "De printers zijn uitgerust met een functie voor automatisch dubbelzijdig afdrukken "
     "die standaard is ingesteld.", "circularity"),
    # the ILO conventions as a whole, a minimum Ecoscore, parts replaced one by one
    ("Uitvoeringsvoorwaarden", "De opdrachtnemer respecteert tijdens de uitvoering van de opdracht de fundamentele "
     "conventies van de Internationale Arbeidsorganisatie.", "human-rights"),
    ("Technische specificaties", "De aangeboden personenwagens hebben een ecoscore van minimaal 70.", "environment"),
    ("Technische specificaties", "De bureaustoelen zijn zo ontworpen dat versleten onderdelen zoals zitting, "
     "rugleuning en wielen afzonderlijk kunnen worden vervangen.", "circularity"),
    # a building's energy performance as a thermal resistance
    ("Technische specificaties", "De isolatie van de buitenmuren heeft een warmteweerstand van minstens 4 m²K/W.",
     "energy-efficiency"),
])
def test_common_public_wordings_of_a_requirement_are_found(matcher, heading: str, text: str, theme: str) -> None:
    doc = bestek(("heading", heading), ("paragraph", text))
    assert theme in found_themes(matcher, doc)


@pytest.mark.parametrize("heading, text", [
    # the buyer as subject: a verb before "de inschrijvers" does not make them the subject
    ("Artikel 8 – Gelijke behandeling", "De aanbestedende overheid behandelt de inschrijvers gelijk en maakt geen "
     "onderscheid op grond van nationaliteit."),
    # trainees named among the staff, not a place offered to them
    ("Artikel 3 – Personeel", "Het personeel van de opdrachtnemer, stagiairs inbegrepen, draagt een "
     "identificatiebadge."),
    ("Artikel 12 – Facturatie", "De facturen worden geleverd met vermelding van het bestelbonnummer."),
    ("Toelichting", "In het kader van het klimaatplan worden geen chemische bestrijdingsmiddelen meer gebruikt in de "
     "parken van de stad sinds 2015."),
    ("Toelichting", "Er kan worden gekozen voor gerecycleerd papier of voor papier met een FSC-label."),
    ("Situering", "De CO2-uitstoot van de huidige dienstwagens ligt lager dan 150 g/km."),
    ("Beschrijving", "De bestaande spouwmuur heeft een geschatte R-waarde van 0,5 m²K/W."),
    ("Materialen", "Isolatieplaten in PIR, dikte 12 cm, lambda 0,022 W/mK, Rd-waarde 5,45 m²K/W, met cachering."),
])
def test_look_alikes_of_those_wordings_are_refused(matcher, heading: str, text: str) -> None:
    assert found_themes(matcher, bestek(("heading", heading), ("paragraph", text))) == set()


def test_a_heat_pumps_seasonal_performance_is_no_seasonal_food(matcher) -> None:
    doc = bestek(("heading", "Technische specificaties"),
                 ("paragraph", "De seizoensgebonden prestatiefactor (SCOP) van de warmtepomp bedraagt minimaal 4."))
    assert found_themes(matcher, doc) == {"energy-efficiency"}
