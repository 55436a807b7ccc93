"""The example bestek of the first start: a cleaning-services bestek written as .docx by code."""

from __future__ import annotations

import io

from docx import Document as new_docx
from docx.shared import Pt

DEMO_FILENAME = "voorbeeld-bestek-schoonmaak-stadsgebouwen.docx"
DEMO_TITLE = "Voorbeeld: schoonmaak van de stadsgebouwen 2026-2029"
DEMO_REFERENCE = "VB-2026/017"
DEMO_DEPARTMENT = "Facilitair beheer"

# (heading, paragraphs) per section; some sustainability clauses are complete, some partial, some absent,
# so the first report shows every status.
_SECTIONS: list[tuple[str, list[str]]] = [
    ("1. Voorwerp van de opdracht", [
        "Deze opdracht betreft de schoonmaak van de administratieve gebouwen, de bibliotheek en de "
        "sporthal van de stad, inclusief het glazenwassen en de levering van de sanitaire verbruiksgoederen.",
        "CPV-code: 90910000-9 (Reinigingsdiensten). Bijkomende CPV-code: 90911200-8 (Reinigen van gebouwen).",
        "De opdracht wordt gegund bij openbare procedure voor een duur van drie jaar, eenmaal verlengbaar "
        "met één jaar.",
    ]),
    ("2. Selectie", [
        "De inschrijver toont zijn technische bekwaamheid aan met een lijst van ten minste drie gelijkaardige "
        "schoonmaakopdrachten uit de voorbije drie jaar.",
        "De inschrijver moet beschikken over een certificaat ISO 14001 of een EMAS-registratie voor zijn "
        "schoonmaakactiviteiten, of gelijkwaardige milieubeheersmaatregelen aantonen met een ander bewijs. "
        "Het toepassingsgebied van het certificaat omvat de activiteiten van deze opdracht.",
    ]),
    ("3. Technische specificaties", [
        "De opdrachtnemer reinigt de kantoren dagelijks en de sanitaire ruimten tweemaal per dag volgens het "
        "schoonmaakprogramma in bijlage.",
        "De opdrachtnemer gebruikt uitsluitend schoonmaakproducten met het EU-Ecolabel, het Nordic Swan-label of "
        "een gelijkwaardig label. Bij de start van de opdracht bezorgt hij een lijst van de producten met hun "
        "labelcertificaat of, voor een gelijkwaardig product, een technisch dossier.",
        "De opdrachtnemer werkt met doseersystemen en microvezeltechniek; de voorgeschreven dosering wordt nooit "
        "overschreden. Hij houdt het verbruik van de producten bij en bezorgt dat overzicht jaarlijks aan de stad.",
        "Wegwerpdoeken zijn niet toegelaten.",
        "Milieu: de stad hecht belang aan een duurzame werking.",
    ]),
    ("4. Gunningscriteria", [
        "De opdracht wordt gegund aan de economisch meest voordelige offerte op basis van de volgende "
        "criteria:",
        "Prijs (60 punten).",
        "Kwaliteit van het schoonmaakplan en de organisatie van de ploegen (30 punten).",
        "Opleiding van het personeel in ecologisch schoonmaken en correct doseren (10 punten).",
    ]),
    ("5. Uitvoeringsvoorwaarden", [
        "De opdrachtnemer verbindt zich ertoe om bij de uitvoering van deze opdracht de fundamentele "
        "arbeidsnormen van de Internationale Arbeidsorganisatie (IAO) na te leven: het verbod op dwangarbeid "
        "(verdragen nr. 29 en 105), de vrijheid van vereniging en het recht op collectief onderhandelen "
        "(nr. 87 en 98), gelijke beloning en het verbod op discriminatie (nr. 100 en 111) en het verbod op "
        "kinderarbeid (nr. 138 en 182). Hij legt deze verplichting op aan zijn onderaannemers en leveranciers "
        "in de hele toeleveringsketen.",
        "De opdrachtnemer mag bij de uitvoering van de opdracht niet discrimineren op grond van nationaliteit, "
        "afkomst, geslacht, leeftijd of handicap.",
        "De opdrachtnemer besteedt ten minste 5 % van de waarde van de opdracht uit aan een maatwerkbedrijf of "
        "een andere onderneming uit de sociale economie. Bij de offerte voegt hij een intentieverklaring; tijdens "
        "de uitvoering legt hij de facturen voor.",
        "De opdrachtnemer betaalt zijn werknemers minstens de lonen volgens de cao's van het paritair comité voor "
        "de schoonmaak (PC 121).",
    ]),
    ("6. Facturatie en betaling", [
        "De opdrachtnemer factureert maandelijks na uitvoering van de prestaties. De betaling gebeurt binnen "
        "dertig dagen na ontvangst van een regelmatige factuur.",
    ]),
]


def build_demo_bestek() -> bytes:
    """The .docx bytes of the example bestek (deterministic apart from the file's timestamps)."""
    doc = new_docx()
    doc.styles["Normal"].font.size = Pt(11)
    doc.sections[0].header.paragraphs[0].text = "Stad Voorbeeld — dienst overheidsopdrachten"
    doc.add_heading("Bestek: schoonmaak van de stadsgebouwen 2026-2029", level=0)
    doc.add_paragraph(f"Referentie {DEMO_REFERENCE} — opdrachtdocumenten voor een openbare procedure.")
    for heading, paragraphs in _SECTIONS:
        doc.add_heading(heading, level=1)
        for text in paragraphs:
            doc.add_paragraph(text)
    table = doc.add_table(rows=3, cols=2)
    for row, (place, frequency) in zip(
        table.rows,
        [("Plaats", "Frequentie"), ("Kantoren", "dagelijks"), ("Sanitaire ruimten", "tweemaal per dag")],
        strict=True,
    ):
        row.cells[0].text, row.cells[1].text = place, frequency
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
