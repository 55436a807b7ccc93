"""No clause counted twice within a theme (engine.counted_once), on the catalogue's own clause and by the rule."""

from __future__ import annotations

import pytest

from procurement.catalogue import load
from procurement.documents.model import Block, Document, Location
from procurement.matching import compile_catalogue
from procurement.matching.engine import counted_once
from procurement.matching.model import Evidence, Finding


@pytest.fixture(scope="module")
def catalogue():
    return load()


def bestek(heading: str, text: str) -> Document:
    blocks = (
        Block("Bestek voor de levering van kopieerpapier en printers", "heading", Location(None, 1), level=1),
        Block(heading, "heading", Location(heading, 2), level=2),
        Block(text, "paragraph", Location(heading, 3)),
    )
    return Document("bestek.docx", "docx", blocks)


def test_the_duplex_clause_is_not_also_a_partial_recycled_paper_clause(catalogue) -> None:
    duplex = catalogue.criterion("copy-circ-duplex-and-paper-compatibility")
    matcher = compile_catalogue(catalogue)
    doc = bestek("Artikel 7 – Technische specificaties", duplex.clause)
    for report in (matcher.run(doc, product_groups=["copiers-paper"]), matcher.run(doc, all_criteria=True)):
        by_id = {f.criterion: f for f in report.findings}
        assert by_id[duplex.id].status == "met"
        recycled = by_id["copy-circ-recycled-paper"]
        assert recycled.status == "missing" and recycled.evidence == ()
        assert "Niet apart gevonden" in recycled.explanation and duplex.title in recycled.explanation


def evidence(paragraph: int) -> Evidence:
    return Evidence("tekst", Location("Artikel 1", paragraph), ("x",))


def finding(cid: str, theme: str, status: str, *paragraphs: int) -> Finding:
    return Finding(cid, theme, "technical-specification", False, status, 0.5, (), tuple(map(evidence, paragraphs)))


def test_only_a_met_owner_of_the_same_theme_takes_over_every_passage() -> None:
    findings = [
        finding("a", "circularity", "met", 3, 4),
        finding("b", "circularity", "partial", 3),  # only a's text: taken over
        finding("c", "circularity", "partial", 3, 9),  # a passage of its own: kept
        finding("d", "environment", "partial", 3),  # another theme: one passage may carry two themes
        finding("e", "circularity", "met", 3),  # met itself: kept
        finding("f", "energy-efficiency", "met", 5),
        finding("g", "energy-efficiency", "partial", 5),  # f is not an owner (another product group)
    ]
    result = {f.criterion: f for f in counted_once(findings, {"a": "A", "b": "B", "c": "C", "e": "E"})}
    assert result["b"].status == "missing" and "'A'" in result["b"].explanation and result["b"].evidence == ()
    assert [result[k].status for k in "acdefg"] == ["met", "partial", "partial", "met", "met", "partial"]


def test_only_the_passage_that_made_the_owner_met_is_taken_over_not_the_others_it_quotes() -> None:
    # a is met by its clause in paragraphs 3-4 and quotes another binding passage (8) beside it
    findings = [finding("a", "circularity", "met", 3, 4, 8), finding("b", "circularity", "partial", 8),
                finding("c", "circularity", "partial", 4)]
    result = {f.criterion: f for f in counted_once(findings, {"a": "A", "b": "B", "c": "C"})}
    assert result["b"].status == "partial"  # its own clause, only quoted by a
    assert result["c"].status == "missing"  # inside the clause that made a met
