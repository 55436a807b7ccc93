"""OpenDocument text: headings, paragraphs, lists, tables, tracked changes, furniture and refusals."""

from __future__ import annotations

import pytest

from procurement.documents import UnreadableDocument, parse

from .builders import odt_bytes

BODY = (
    '<text:tracked-changes><text:changed-region text:id="c1"><text:deletion>'
    "<text:p>Geschrapte tekst.</text:p></text:deletion></text:changed-region></text:tracked-changes>"
    '<text:h text:outline-level="1">Administratieve bepalingen</text:h>'
    "<text:p>De opdrachtnemer<text:s/>levert <text:span>franco</text:span>.<text:change "
    'text:change-id="c1"/></text:p>'
    '<text:h text:outline-level="2">Milieu</text:h>'
    "<text:list><text:list-item><text:p>Herbruikbare verpakking;</text:p></text:list-item>"
    "<text:list-item><text:p>Geen PVC.<text:note><text:note-body><text:p>Voetnoot.</text:p></text:note-body>"
    "</text:note></text:p></text:list-item></text:list>"
    "<table:table><table:table-row>"
    "<table:table-cell><text:p>Cel 1</text:p><text:p>tweede regel</text:p></table:table-cell>"
    "<table:covered-table-cell/>"
    "<table:table-cell><table:table><table:table-row><table:table-cell><text:p>Genest</text:p>"
    "</table:table-cell></table:table-row></table:table><text:p>Cel 2</text:p></table:table-cell>"
    "</table:table-row></table:table>"
    "<text:p>Slot<text:tab/>tekst.</text:p>"
)


def test_odt_headings_paragraphs_lists_and_tables_are_read_in_order() -> None:
    result = parse(odt_bytes(BODY), "bestek.odt")

    assert result.format == "odt"
    assert [(b.kind, b.level, b.text) for b in result.blocks] == [
        ("heading", 1, "Administratieve bepalingen"),
        ("paragraph", None, "De opdrachtnemer levert franco."),
        ("heading", 2, "Milieu"),
        ("list-item", None, "Herbruikbare verpakking;"),
        ("list-item", None, "Geen PVC."),
        ("table-cell", None, "Cel 1\ntweede regel"),
        ("table-cell", None, "Cel 2"),
        ("table-cell", None, "Genest"),
        ("paragraph", None, "Slot tekst."),
    ]
    assert result.blocks[4].location.section == "Milieu"


def test_odt_headers_and_footers_go_to_furniture() -> None:
    result = parse(
        odt_bytes("<text:p>Inhoud.</text:p>", header="Stad Gent", footer="Bestek 2024/17"), "x.odt"
    )

    assert [b.text for b in result.blocks] == ["Inhoud."]
    assert result.furniture == ("Stad Gent", "Bestek 2024/17")


def test_odt_with_a_password_is_refused_in_dutch() -> None:
    data = odt_bytes("<text:p>x</text:p>", manifest_extra='<manifest:encryption-data manifest:checksum="x"/>')

    with pytest.raises(UnreadableDocument, match="wachtwoord"):
        parse(data, "geheim.odt")


def test_odt_entity_tricks_are_refused_for_their_doctype() -> None:
    prolog = (
        '<!DOCTYPE office:document-content [<!ENTITY a "hahahahahahahahahaha">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
    )
    data = odt_bytes("<text:p>Tekst &c; einde.</text:p>", prolog=prolog)

    with pytest.raises(UnreadableDocument, match="DOCTYPE-declaratie in content.xml"):
        parse(data, "x.odt")


def test_odt_without_text_is_refused() -> None:
    with pytest.raises(UnreadableDocument, match="geen tekst"):
        parse(odt_bytes("<text:p> </text:p>"), "leeg.odt")
