"""Plain text files: encodings, paragraphs, headings, list items and pipe tables."""

from __future__ import annotations

import pytest

from procurement.documents import Document, UnreadableDocument, parse


def texts(document: Document) -> list[str]:
    return [block.text for block in document.blocks]


WRAPPED = """De opdrachtnemer levert alle goederen franco op het adres dat de
aanbestedende overheid opgeeft. Hij draagt de kosten van verpakking en
vervoer tot de levering volledig is uitgevoerd.

Tweede alinea van het bestek, die over twee regels loopt omdat ze met de
hand werd afgebroken.
"""


def test_txt_paragraphs_split_on_blank_lines_and_wrapped_lines_are_joined() -> None:
    result = parse(WRAPPED.encode(), "bestek.txt")

    assert result.format == "txt" and result.pages is None
    assert texts(result) == [
        "De opdrachtnemer levert alle goederen franco op het adres dat de aanbestedende overheid opgeeft. "
        "Hij draagt de kosten van verpakking en vervoer tot de levering volledig is uitgevoerd.",
        "Tweede alinea van het bestek, die over twee regels loopt omdat ze met de hand werd afgebroken.",
    ]


def test_txt_windows_line_ends_and_a_utf8_bom_are_handled() -> None:
    data = b"\xef\xbb\xbf" + WRAPPED.replace("\n", "\r\n").encode()

    assert texts(parse(data, "x.txt")) == texts(parse(WRAPPED.encode(), "x.txt"))


def test_txt_in_windows_1252_is_decoded_when_it_is_not_utf8() -> None:
    data = "Café – prijs € 5, “eerlijke” handel en coöperatie.".encode("cp1252")

    assert texts(parse(data, "oud.txt")) == ["Café – prijs € 5, “eerlijke” handel en coöperatie."]


def test_txt_in_utf16_with_a_bom_is_decoded() -> None:
    data = "Sociale clausule voor de coöperatie.\n".encode("utf-16")

    assert texts(parse(data, "x.txt")) == ["Sociale clausule voor de coöperatie."]


def test_txt_heading_lines_stand_alone_and_name_the_section() -> None:
    text = """BESTEK VOOR LEVERINGEN

Administratieve bepalingen
==========================

Artikel 14 – Prijsherziening
De prijzen zijn vast voor de duur van de opdracht.

3.2 Sociale bepalingen
De opdrachtnemer leeft de IAO-conventies na.

## Milieu
Verpakkingen zijn herbruikbaar.
"""
    result = parse(text.encode(), "x.txt")

    assert [(b.kind, b.level, b.text) for b in result.blocks] == [
        ("heading", 1, "BESTEK VOOR LEVERINGEN"),
        ("heading", 1, "Administratieve bepalingen"),
        ("heading", 2, "Artikel 14 – Prijsherziening"),
        ("paragraph", None, "De prijzen zijn vast voor de duur van de opdracht."),
        ("heading", 2, "3.2 Sociale bepalingen"),
        ("paragraph", None, "De opdrachtnemer leeft de IAO-conventies na."),
        ("heading", 2, "Milieu"),
        ("paragraph", None, "Verpakkingen zijn herbruikbaar."),
    ]
    assert result.blocks[5].location.section == "3.2 Sociale bepalingen"


def test_txt_list_items_are_blocks_of_their_own() -> None:
    text = """De inschrijver voegt bij zijn offerte:
- een ingevuld inventaris;
- het attest van plaatsbezoek, dat hij
  laat ondertekenen;
1. de technische fiche.
"""
    result = parse(text.encode(), "x.txt")

    assert [(b.kind, b.text) for b in result.blocks] == [
        ("paragraph", "De inschrijver voegt bij zijn offerte:"),
        ("list-item", "- een ingevuld inventaris;"),
        ("list-item", "- het attest van plaatsbezoek, dat hij laat ondertekenen;"),
        ("list-item", "1. de technische fiche."),
    ]


def test_txt_pipe_tables_give_one_block_per_cell() -> None:
    text = "Nr. | Omschrijving | Bewijsmiddel\n|---|---|---|\n1 | Social return van 5% | Bij de offerte\n"

    result = parse(text.encode(), "x.txt")

    assert [(b.kind, b.text) for b in result.blocks] == [
        ("table-cell", "Nr."),
        ("table-cell", "Omschrijving"),
        ("table-cell", "Bewijsmiddel"),
        ("table-cell", "1"),
        ("table-cell", "Social return van 5%"),
        ("table-cell", "Bij de offerte"),
    ]


def test_txt_with_one_long_paragraph_per_line_keeps_each_line_apart() -> None:
    first = "De opdrachtnemer levert " + "alle goederen franco en draagt de kosten " * 6
    second = "De aanbestedende overheid controleert " + "de leveringen en de facturen grondig " * 6
    text = f"{first}\n{second}\n"

    assert texts(parse(text.encode(), "x.txt")) == [first.strip(), second.strip()]


def test_txt_tabs_and_repeated_spaces_are_collapsed() -> None:
    assert texts(parse("Prijs:\t\t 5  euro\u00a0per stuk.".encode(), "x.txt")) == ["Prijs: 5 euro per stuk."]


def test_txt_with_only_whitespace_is_refused() -> None:
    with pytest.raises(UnreadableDocument, match="geen tekst"):
        parse(b"  \n\n\t \r\n", "leeg.txt")


def test_txt_with_nul_bytes_is_refused_as_binary() -> None:
    with pytest.raises(UnreadableDocument, match="binaire gegevens"):
        parse(b"Bestek\x00\x00\x01\x02 met binaire rommel", "x.txt")


def test_txt_with_a_utf16_mark_but_binary_content_is_refused() -> None:
    data = b"\xff\xfe" + bytes(range(1, 256)) * 8

    with pytest.raises(UnreadableDocument, match="binaire gegevens"):
        parse(data, "x.txt")


def test_txt_mentioning_the_pdf_header_is_still_text() -> None:
    result = parse(b"Een PDF begint met %PDF-1.7 in de eerste regel.", "uitleg.txt")

    assert result.format == "txt"


def test_a_text_file_of_millions_of_short_lines_is_read_up_to_a_line_cap_with_a_note() -> None:
    # the reading stays linear in the text (a 50 MB file must not tie up a server thread for hours)
    from procurement.documents.text import MAX_LINES

    document = parse(("Een regel\n" * (MAX_LINES + 10)).encode(), "lang.txt")

    expected = f"Alleen de eerste {MAX_LINES:,} van de {MAX_LINES + 10:,} regels zijn gelezen.".replace(",", ".")
    assert document.notes == (expected,)
    assert document.blocks


def test_table_rows_of_a_text_file_are_numbered_per_table() -> None:
    from procurement.documents.text import blocks_from_lines

    lines = ["Titel", "", "| Onderdeel | Eis |", "|---|---|", "| Papier | gerecycleerd |", "", "Tekst.", "| a | b |"]
    rows = [(b.text, b.row) for b in blocks_from_lines(lines) if b.kind == "table-cell"]
    assert rows == [("Onderdeel", (1, 1)), ("Eis", (1, 1)), ("Papier", (1, 2)), ("gerecycleerd", (1, 2)),
                    ("a", (2, 1)), ("b", (2, 1))]
