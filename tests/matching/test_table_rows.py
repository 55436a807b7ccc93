"""A row of a table in a real .docx is read as one line: the topic in one cell, the requirement in the next."""

from __future__ import annotations

import io

import pytest
from docx import Document as WordDocument

from procurement.catalogue import load
from procurement.documents import parse
from procurement.matching import compile_catalogue


@pytest.fixture(scope="module")
def matcher():
    return compile_catalogue(load())


def bestek(heading: str, rows: list[list[str]]) -> bytes:
    word = WordDocument()
    word.add_heading("Bestek voor schoonmaakdiensten in de stedelijke gebouwen", 1)
    word.add_paragraph("De prijzen zijn vast gedurende de eerste twaalf maanden van de opdracht.")
    word.add_heading(heading, 2)
    table = word.add_table(rows=len(rows), cols=len(rows[0]))
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            table.cell(r, c).text = text
    word.add_heading("Betalingen", 2)
    word.add_paragraph("De betaling gebeurt binnen dertig dagen na ontvangst van de factuur.")
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def statuses(matcher, data: bytes) -> dict[str, str]:
    report = matcher.run(parse(data, "bestek.docx"), product_groups=["cleaning-services"])
    return {f.criterion: f.status for f in report.findings}


REQUIREMENTS = [
    ["Onderdeel", "Minimumeis"],
    ["Schoonmaakproducten", "EU Ecolabel, Nordic Swan of een gelijkwaardig milieukeurmerk; lijst van de producten "
                            "met het labelcertificaat"],
]


def test_the_cells_of_a_docx_table_know_their_row() -> None:
    document = parse(bestek("Technische specificaties", REQUIREMENTS), "bestek.docx")
    cells = [b for b in document.blocks if b.kind == "table-cell"]
    assert [b.row for b in cells] == [(1, 1), (1, 1), (1, 2), (1, 2)]
    assert all(b.row is None for b in document.blocks if b.kind != "table-cell")


def test_a_row_under_a_requirements_column_binds(matcher) -> None:
    found = statuses(matcher, bestek("Technische specificaties", REQUIREMENTS))
    assert found["clean-env-ecolabel-products"] == "met"


def test_the_same_table_under_an_explanatory_heading_does_not(matcher) -> None:
    found = statuses(matcher, bestek("Toelichting bij de producten", REQUIREMENTS))
    assert found["clean-env-ecolabel-products"] == "missing"


def test_a_cell_that_says_not_applicable_rules_its_row_out(matcher) -> None:
    rows = [["Onderdeel", "Minimumeis"],
            ["Schoonmaakproducten met EU Ecolabel of gelijkwaardig", "niet van toepassing"]]
    found = statuses(matcher, bestek("Technische specificaties", rows))
    assert found["clean-env-ecolabel-products"] == "missing"


def test_a_table_of_facts_without_requirement_column_or_limit_does_not_bind(matcher) -> None:
    rows = [["Gebouw", "Huidige producten"], ["Stadhuis", "schoonmaakproducten met EU Ecolabel en Nordic Swan"]]
    found = statuses(matcher, bestek("Technische specificaties", rows))
    assert found["clean-env-ecolabel-products"] == "missing"


RULE = ("De opdrachtnemer gebruikt uitsluitend schoonmaakproducten met het EU Ecolabel, Nordic Swan of een "
        "gelijkwaardig milieukeurmerk en bezorgt de lijst van de gebruikte producten met de labelcertificaten.")


@pytest.mark.parametrize(
    "rows",
    [
        [["Nr", "Eis", "Voldaan"], ["1", RULE, "ja / nee / nvt"]],  # a compliance checklist
        [["Omschrijving", "Aanbod inschrijver"], [RULE, "Merk en type: ……………"]],  # an empty field beside it
        [["Art. 12", "Schoonmaakproducten. " + RULE + " Artikel 37 van het KB van 14 januari 2013 is niet van "
                     "toepassing."]],  # a layout table: one article a row
    ],
)
def test_a_requirement_in_prose_is_judged_on_its_own_not_ruled_out_by_its_neighbours(matcher, rows) -> None:
    assert statuses(matcher, bestek("Technische specificaties", rows))["clean-env-ecolabel-products"] == "met"


@pytest.mark.parametrize(
    ("heading", "rows"),
    [
        ("Bijlage C: Offerteformulier - technische fiche",  # the bidder's answers in the bidder's form
         [["Kenmerk", "Gevraagd", "Aangeboden (in te vullen door de inschrijver)"],
          ["Schoonmaakproducten", "volgens bestek", "Allesreiniger met EU Ecolabel of Nordic Swan"]]),
        ("Inventaris (meetstaat)",  # a price schedule: 'gevraagde hoeveelheid' is no requirements column
         [["Post", "Omschrijving", "Eenheid", "Gevraagde hoeveelheid", "Eenheidsprijs"],
          ["2", "Allesreiniger met EU Ecolabel of gelijkwaardig milieukeurmerk", "liter", "50", ""]]),
        ("Planning",  # a mandatory date is no requirement on the products
         [["Fase", "Verplichte datum"],
          ["Evaluatie van het vorige contract (schoonmaakproducten met EU Ecolabel en Nordic Swan)", "15 maart"]]),
        ("Bijlage D: Vragenlijst duurzaamheid",  # a question to the bidder and his answer
         [["Vraag", "Toelichting"],
          ["Welke schoonmaakproducten gebruikt u momenteel?", "Allesreiniger met EU Ecolabel of gelijkwaardig"]]),
    ],
)
def test_forms_price_schedules_plannings_and_questions_in_tables_do_not_bind(matcher, heading, rows) -> None:
    assert statuses(matcher, bestek(heading, rows))["clean-env-ecolabel-products"] == "missing"


def test_a_title_row_spanning_the_table_does_not_hide_the_header_below_it(matcher) -> None:
    word = WordDocument()
    word.add_heading("Bestek voor schoonmaakdiensten in de stedelijke gebouwen", 1)
    word.add_heading("Technische specificaties", 2)
    table = word.add_table(rows=3, cols=2)
    for r, cells in enumerate([["", ""], *REQUIREMENTS]):
        for c, text in enumerate(cells):
            table.cell(r, c).text = text
    title = table.cell(0, 0).merge(table.cell(0, 1))
    title.text = "Tabel 2 - Schoonmaakproducten"
    out = io.BytesIO()
    word.save(out)
    assert statuses(matcher, out.getvalue())["clean-env-ecolabel-products"] == "met"
