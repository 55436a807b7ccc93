"""Product groups are read from the cover page and the subject of the contract, not from whatever the first
articles or a table of contents happen to name, and a group word's homonyms do not count."""

from __future__ import annotations

import io

import pytest
from docx import Document as WordDocument

from procurement.catalogue import load
from procurement.documents import parse
from procurement.matching import compile_catalogue

SUBJECT = "Deze opdracht betreft een raamovereenkomst voor schoonmaakdiensten in de stedelijke gebouwen."


@pytest.fixture(scope="module")
def matcher():
    return compile_catalogue(load())


def groups(matcher, *parts: tuple[str, str]) -> dict[str, str]:
    """The detected groups and their evidence for a .docx of (kind, text) parts: 'title', 'heading', 'text'."""
    word = WordDocument()
    for kind, text in parts:
        if kind == "title":
            word.add_heading(text, 0)
        elif kind == "heading":
            word.add_heading(text, 1)
        else:
            word.add_paragraph(text)
    out = io.BytesIO()
    word.save(out)
    found = matcher.detect_product_groups(parse(out.getvalue(), "bestek.docx"))
    return {g.id: g.evidence for g in found}


def test_the_subject_of_the_contract_is_read_under_its_heading_only(matcher) -> None:
    found = groups(
        matcher,
        ("title", "Bestek nr. 2026/014 – Openbare procedure"),
        ("heading", "Voorwerp van de opdracht"),
        ("text", SUBJECT),
        ("heading", "Artikel 2 – Schade"),
        ("text", "Schade aan gebouwen, meubilair of installaties wordt op kosten van de opdrachtnemer hersteld."),
    )
    assert found == {"cleaning-services": "voorwerp van de opdracht"}


def test_the_first_article_and_the_table_of_contents_are_not_the_title(matcher) -> None:
    found = groups(
        matcher,
        ("text", "Lastenboek 2026/403"),
        ("text", "Inhoudstafel"),
        ("text", "Artikel 1 – Hergebruik van hemelwater voor toiletten en schoonmaak ............ 12"),
        ("heading", "Artikel 1 – Algemene bepalingen"),
        ("text", "Schade aan gebouwen, meubilair of installaties van de stad wordt op kosten van de opdrachtnemer "
                 "hersteld."),
    )
    assert found == {}


def test_a_short_title_on_the_cover_page_still_names_the_group(matcher) -> None:
    found = groups(
        matcher,
        ("text", "Stad Mechelen"),
        ("text", "Bestek voor de levering van kantoormeubilair"),
        ("heading", "Artikel 1 – Algemene bepalingen"),
        ("text", "De prijzen zijn vast en niet herzienbaar gedurende de eerste twaalf maanden van de opdracht."),
    )
    assert found == {"furniture": "titel van het bestek"}


@pytest.mark.parametrize("line, group", [
    ("Bij de offerte: Uniform Europees Aanbestedingsdocument, ingevuld en ondertekend", "work-clothing"),
    ("Plaatsing van de tabletten van de vensters in natuursteen", "ict-hardware"),
])
def test_a_homonym_of_a_group_word_names_no_group(matcher, line: str, group: str) -> None:
    assert group not in groups(matcher, ("title", line), ("heading", "Voorwerp van de opdracht"), ("text", line))


def test_uniforms_bought_still_name_work_clothing(matcher) -> None:
    found = groups(matcher, ("title", "Bestek voor de levering van uniformen voor de politiezone"))
    assert "work-clothing" in found


def test_the_subject_under_a_sub_heading_of_voorwerp_is_read(matcher) -> None:
    word = WordDocument()
    word.add_heading("Voorwerp van de opdracht", 1)
    word.add_heading("1.1 Omschrijving", 2)
    word.add_paragraph("Raamovereenkomst voor schoonmaakdiensten in de stedelijke gebouwen.")
    word.add_heading("Artikel 2 – Schade", 1)
    word.add_paragraph("Schade aan meubilair wordt op kosten van de opdrachtnemer hersteld.")
    out = io.BytesIO()
    word.save(out)
    found = {g.id: g.evidence for g in matcher.detect_product_groups(parse(out.getvalue(), "bestek.docx"))}
    assert found == {"cleaning-services": "voorwerp van de opdracht"}
