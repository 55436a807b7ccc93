"""Detection on clause texts the catalogue was not written from: other authors' wording, and mentions.

Each case is a short passage under a realistic heading, in words of our own that mimic how other cities,
agencies and label owners write (not copied from the catalogue). Positives must be found in their theme;
traps (policy, guidance, law explained, headings, placeholders, generic legal compliance) in none.
"""

from __future__ import annotations

import pytest

from procurement.catalogue import load
from procurement.documents.model import Block, Document, Location
from procurement.matching import compile_catalogue

FRAME_BEFORE = [
    ("heading", "Artikel 3 – Prijsherziening"),
    ("paragraph", "De prijzen zijn vast en niet herzienbaar gedurende de eerste twaalf maanden van de opdracht."),
]
FRAME_AFTER = [
    ("heading", "Artikel 21 – Betalingen"),
    ("paragraph", "De betaling gebeurt binnen dertig dagen na de datum van ontvangst van de factuur."),
]

POSITIVES = [
    # social economy
    ("social-economy", "Artikel 14 – Sociale clausule",
     "Bij de uitvoering van de opdracht zet de opdrachtnemer ten minste twee werkervaringsplaatsen in voor "
     "personen uit de kansengroepen, in samenwerking met de VDAB."),
    ("social-economy", "Artikel 2 – Voorbehouden opdracht",
     "Deze opdracht is voorbehouden aan maatwerkbedrijven zoals bedoeld in artikel 15 van de wet van 17 juni 2016."),
    ("social-economy", "Uitvoeringsvoorwaarden",
     "De inschrijver vertrouwt minimaal 10 % van de waarde van de opdracht toe aan een onderaannemer uit de "
     "sociale economie."),
    ("social-economy", "Gunningscriteria",
     "Sociale meerwaarde (20 punten): de inschrijver beschrijft hoe hij mensen met een afstand tot de "
     "arbeidsmarkt inzet bij de uitvoering van de opdracht."),
    ("social-economy", "Bijzondere uitvoeringsvoorwaarden",
     "Social return: de opdrachtnemer besteedt ten minste 5 % van de opdrachtwaarde aan de inzet van "
     "werkzoekenden met een uitkering en legt daartoe binnen een maand een plan voor."),
    # energy efficiency
    ("energy-efficiency", "Technische specificaties",
     "Alle geleverde beeldschermen voldoen aan de meest recente Energy Star-norm of gelijkwaardig."),
    ("energy-efficiency", "Technische specificaties",
     "De geleverde elektriciteit is voor 100 % afkomstig uit hernieuwbare bronnen; de leverancier bezorgt "
     "jaarlijks de garanties van oorsprong."),
    ("energy-efficiency", "Gunningscriteria",
     "Energieverbruik (30 punten): het jaarlijkse energieverbruik in kWh van de aangeboden toestellen wordt "
     "beoordeeld op basis van de technische fiches."),
    ("energy-efficiency", "Technische specificaties",
     "De toestellen schakelen na maximaal 15 minuten inactiviteit automatisch over naar een "
     "energiebesparende slaapstand."),
    # circularity
    ("circularity", "Uitvoeringsvoorwaarden",
     "De leverancier neemt de lege tonercartridges kosteloos terug en zorgt voor hergebruik of recyclage."),
    ("circularity", "Technische specificaties",
     "Minstens 50 % van de vezels van het geleverde papier is afkomstig van gerecycleerd papier."),
    ("circularity", "Technische specificaties",
     "De fabrikant garandeert de beschikbaarheid van reserveonderdelen gedurende minstens vijf jaar na de "
     "levering."),
    ("circularity", "Bijzondere uitvoeringsvoorwaarden",
     "De aannemer sorteert het bouw- en sloopafval op de werf in minstens zes fracties en voert het af naar "
     "een erkende verwerker met het oog op hergebruik."),
    # human rights
    ("human-rights", "Ethische clausule",
     "De opdrachtnemer garandeert dat de geleverde kledij geproduceerd wordt met respect voor de "
     "fundamentele arbeidsnormen van de IAO, ook bij zijn toeleveranciers."),
    ("human-rights", "Technische specificaties",
     "Koffie, thee en suiker dragen het Fairtrade-label of een gelijkwaardig label."),
    ("human-rights", "Uitvoeringsvoorwaarden",
     "De opdrachtnemer past bij de uitvoering geen enkele vorm van discriminatie toe op grond van geslacht, "
     "afkomst, leeftijd, handicap of seksuele geaardheid, en legt die verplichting op aan zijn onderaannemers."),
    # environment
    ("environment", "Technische specificaties",
     "De gebruikte schoonmaakproducten dragen het EU Ecolabel, het Nordic Swan-label of een gelijkwaardig label."),
    ("environment", "Uitvoeringsvoorwaarden",
     "Het gebruik van chemische bestrijdingsmiddelen is verboden op het hele terrein."),
    ("environment", "Kwalitatieve selectie",
     "De inschrijver beschikt over een milieubeheersysteem volgens ISO 14001 of EMAS, of een gelijkwaardig "
     "systeem."),
    ("environment", "Technische specificaties",
     "Minstens 30 % van de ingrediënten van de maaltijden is afkomstig uit de biologische landbouw."),
    ("environment", "Technische specificaties",
     "Het geleverde hout is afkomstig uit duurzaam beheerde bossen en draagt het FSC- of PEFC-label."),
]

POSITIVES += [
    ("environment", "Uitvoeringsvoorwaarden",
     "De leverancier bundelt zijn leveringen tot hoogstens één levering per week, om de CO2-uitstoot van het "
     "transport te beperken."),
    ("environment", "Technische specificaties",
     "Het geluidsvermogen van de bladblazers en bosmaaiers bedraagt maximaal 90 dB(A)."),
    ("energy-efficiency", "Technische specificaties",
     "Het gebouw haalt na de werken een E-peil van maximaal E30 volgens de EPB-regelgeving."),
    ("energy-efficiency", "Uitvoeringsvoorwaarden",
     "De opdrachtnemer levert gedurende de hele looptijd 100 % groene stroom."),
    ("human-rights", "Onderaanneming",
     "De opdrachtnemer ziet erop toe dat zijn onderaannemers de Belgische sociale en arbeidswetgeving naleven "
     "en legt hun dezelfde verplichtingen op als die van dit bestek."),
    ("circularity", "Leveringsvoorwaarden",
     "Verpakkingen die de opdrachtnemer bij de levering terugneemt, worden hergebruikt of gerecycleerd; "
     "hij rapporteert jaarlijks de hoeveelheden."),
    ("social-economy", "Gunningscriteria",
     "Criterium 3 – Sociale tewerkstelling (15 %): de inschrijver die bij de uitvoering mensen uit een "
     "maatwerkbedrijf of sociale werkplaats inzet, krijgt punten naar rato van het aantal uren."),
]

# the styles of label criteria, EU GPP texts and Dutch government model clauses
POSITIVES += [
    ("environment", "Criterium 3 – Uitgesloten stoffen",
     "Het product mag geen stoffen bevatten die ingedeeld zijn als kankerverwekkend of giftig voor in het water "
     "levende organismen. Beoordeling en verificatie: de aanvrager legt een verklaring van de fabrikant over."),
    ("energy-efficiency", "Technische specificatie TS2 – Energieverbruik",
     "Het typische elektriciteitsverbruik (TEC) van de beeldvormende apparatuur mag de ENERGY STAR-grenswaarde "
     "niet overschrijden. Verificatie: de inschrijver vermeldt het TEC-getal per toestel."),
    ("circularity", "Eis",
     "Eis 4: De opdrachtnemer zorgt ervoor dat minimaal 80 % van het vrijkomende afval wordt hergebruikt of "
     "gerecycled en toont dit jaarlijks aan met de afvalregistratie."),
    ("human-rights", "Gunningscriterium",
     "Gunningscriterium 2 (10 punten): de mate waarin de inschrijver aannemelijk maakt dat in zijn "
     "productieketen leefbare lonen worden betaald en de vrijheid van vakvereniging wordt gerespecteerd."),
    ("environment", "Minimumeisen",
     "Ten minste 20 % van de voertuigen die de opdrachtnemer inzet, voldoet aan de Euro 6-emissienorm of is "
     "emissievrij."),
    ("environment", "Selectiecriteria",
     "De inschrijver toont aan dat hij beschikt over een gecertificeerd milieuzorgsysteem (ISO 14001, EMAS of "
     "gelijkwaardig)."),
    ("social-economy", "Contractvoorwaarde sociale clausule",
     "Contractvoorwaarde: de opdrachtnemer zet gedurende de uitvoering minstens één leerling uit het "
     "deeltijds beroepssecundair onderwijs of een werkzoekende in opleiding in, begeleid door een mentor."),
    ("energy-efficiency", "Gunningscriteria",
     "Energie-efficiëntie (20 %): de inschrijver met het laagste jaarlijkse energieverbruik van de "
     "verlichtingsinstallatie krijgt de maximale score; de andere inschrijvers krijgen punten naar verhouding."),
    ("circularity", "Technische specificaties",
     "De laptops zijn zo ontworpen dat de batterij, het geheugen en de opslag zonder speciaal gereedschap "
     "vervangen kunnen worden; de fabrikant stelt een herstelhandleiding ter beschikking."),
]

# passive and impersonal requirements, labelled requirements, the economic operator of Belgian law
POSITIVES += [
    ("environment", "Uitvoeringsvoorwaarden",
     "Er mogen geen chemische onkruidbestrijdingsmiddelen worden gebruikt op de verhardingen en in de plantvakken."),
    ("circularity", "Technische specificaties",
     "Minimumeis: de meubelen zijn demonteerbaar en alle onderdelen zijn gedurende tien jaar als reserveonderdeel "
     "verkrijgbaar."),
    ("human-rights", "Ethische clausule",
     "De ondernemer waarborgt dat de goederen geleverd in het kader van deze opdracht niet vervaardigd zijn met "
     "kinderarbeid of dwangarbeid zoals gedefinieerd in de IAO-conventies."),
    ("energy-efficiency", "Uitvoeringsvoorwaarden",
     "Tijdens de uitvoering wordt uitsluitend elektriciteit uit hernieuwbare bronnen gebruikt voor de werfketen."),
]

# general purchasing conditions style: the party without article, "draagt er zorg voor", obligations in a list
POSITIVES += [
    ("circularity", "Artikel 8 Verpakking",
     "Opdrachtnemer draagt er zorg voor dat de verpakking na aflevering door hem wordt teruggenomen en "
     "hergebruikt of op milieuvriendelijke wijze wordt verwerkt."),
    ("human-rights", "Artikel 22 Maatschappelijk verantwoord ondernemen",
     "Leverancier spant zich aantoonbaar in om schendingen van mensenrechten en arbeidsnormen in de keten, "
     "zoals dwangarbeid en kinderarbeid, te voorkomen en rapporteert hierover op verzoek van de opdrachtgever."),
    ("energy-efficiency", "Eisen aan de verlichting",
     "Alle armaturen hebben een lichtrendement van minimaal 140 lm/W en zijn dimbaar."),
    ("environment", "Eisen aan de schoonmaakmiddelen",
     "Opdrachtnemer gebruikt uitsluitend schoonmaakmiddelen die voldoen aan de criteria van het EU Ecolabel of "
     "een gelijkwaardig keurmerk."),
]

TRAPS = [
    ("Inleiding", "De stad wil tegen 2030 klimaatneutraal zijn en koopt daarom duurzaam aan."),
    ("Toelichting", "Sociale clausules kunnen worden opgenomen in opdrachten voor werken en diensten."),
    ("Sociale clausule", "In dit bestek werd geen sociale clausule opgenomen."),
    ("Inhoudstafel", "Artikel 12 – Duurzaamheid en sociale economie ........ 14"),
    ("Toelichting", "Het EU Ecolabel is een Europees keurmerk voor producten met een beperkte milieu-impact."),
    ("Context", "De Vlaamse overheid ondertekende in 2017 de Green Deal Circulair Aankopen."),
    ("Hernieuwbare energie", "[in te vullen door het bestuur]"),
    ("Inleiding", "OVAM, de Openbare Vlaamse Afvalstoffenmaatschappij, publiceerde richtlijnen voor aankopers."),
    ("Voorwerp van de opdracht",
     "De opdracht betreft de begeleiding van werkzoekenden met een afstand tot de arbeidsmarkt naar werk."),
    ("Algemene bepalingen",
     "De opdrachtnemer leeft alle toepasselijke wetgeving na, met inbegrip van de milieuwetgeving."),
    ("Wettelijk kader",
     "Artikel 15 van de wet van 17 juni 2016 laat toe om opdrachten voor te behouden aan maatwerkbedrijven."),
    ("Tips voor de aankoper",
     "U kunt in uw bestek eisen dat de toestellen het Energy Star-label dragen."),
    ("Achtergrond",
     "Kinderarbeid komt nog steeds voor in de katoenteelt en in de mijnbouw voor elektronica."),
    ("Beleid", "Circulair aankopen betekent dat we producten zo lang mogelijk in gebruik houden."),
    ("Energie", "Niet van toepassing."),
    ("Toepasselijke voorwaarden",
     "De Algemene Inkoopvoorwaarden van de stad, waaronder de bepalingen over duurzaamheid, zijn van toepassing."),
    ("Situering", "Momenteel haalt de stad 40 % van haar elektriciteit uit hernieuwbare bronnen."),
    ("Definities", "Onder kansengroepen wordt verstaan: personen die moeilijk toegang vinden tot de arbeidsmarkt."),
    ("Bijlagen", "Bijlage 4: Charter duurzaam ondernemen (niet bijgevoegd)."),
    ("Inleiding",
     "Met dit bestek wil het bestuur bijdragen aan de doelstellingen van het klimaatplan en de circulaire economie."),
    ("Toelichting",
     "De aanbestedende overheid mag geen specifiek label eisen zonder ook gelijkwaardige labels te aanvaarden."),
    ("Over het EU Ecolabel",
     "Producten met het EU Ecolabel voldoen aan strenge eisen voor de hele levenscyclus, van grondstof tot afval."),
    ("Achtergrond",
     "Volgens de Internationale Arbeidsorganisatie werken wereldwijd nog 160 miljoen kinderen."),
    ("Naleving van milieu-, sociaal en arbeidsrecht",
     "Overeenkomstig artikel 7 van de wet leven de ondernemers alle toepasselijke verplichtingen na op het gebied "
     "van het milieu-, sociaal en arbeidsrecht."),
    ("Toelichting",
     "Aanbestedende overheden mogen geen specifiek merk of keurmerk opleggen zonder gelijkwaardige te aanvaarden."),
    ("Toelichting bij de gunningscriteria",
     "Een gunningscriterium over social return kan enkel als het verband houdt met het voorwerp van de opdracht."),
]


@pytest.fixture(scope="module")
def matcher():
    return compile_catalogue(load())


def document(heading: str, passage: str) -> Document:
    parts = [*FRAME_BEFORE, ("heading", heading), ("paragraph", passage), *FRAME_AFTER]
    blocks = []
    section = None
    for kind, text in parts:
        if kind == "heading":
            section = text
        blocks.append(Block(text, kind, Location(section, len(blocks) + 1), level=2 if kind == "heading" else None))
    return Document("geval.docx", "docx", tuple(blocks))


def found_themes(matcher, doc: Document) -> dict[str, list[str]]:
    report = matcher.run(doc, all_criteria=True)
    themes: dict[str, list[str]] = {}
    for f in report.findings:
        if f.status in ("met", "partial"):
            themes.setdefault(f.theme, []).append(f.criterion)
    return themes


@pytest.mark.parametrize(("theme", "heading", "passage"), POSITIVES, ids=[p[2][:40] for p in POSITIVES])
def test_a_requirement_in_other_words_is_found_in_its_theme(matcher, theme: str, heading: str, passage: str) -> None:
    assert theme in found_themes(matcher, document(heading, passage))


@pytest.mark.parametrize(("heading", "passage"), TRAPS, ids=[t[1][:40] for t in TRAPS])
def test_a_mere_mention_is_not_counted_as_a_clause(matcher, heading: str, passage: str) -> None:
    assert found_themes(matcher, document(heading, passage)) == {}
