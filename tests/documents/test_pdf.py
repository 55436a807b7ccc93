"""PDF files: pages, paragraphs rebuilt from lines, hyphenation, headings, headers and footers."""

from __future__ import annotations

import pypdfium2
import pytest

from procurement.documents import Document, UnreadableDocument, parse
from procurement.documents.pdf import MAX_PAGES

from .pdfmaker import Line, PageSpec, make_blank_pdf, make_pdf

BODY = [
    "De opdrachtnemer levert alle goederen franco op het adres dat de aanbestedende overheid",
    "opgeeft in de bestelbon. Hij draagt de kosten van verpakking, vervoer en verzekering tot",
    "de levering volledig is uitgevoerd en door de leidend ambtenaar werd aanvaard zonder",
    "voorbehoud. Elke levering gaat vergezeld van een leveringsbon met de referentie van de",
    "bestelling en het aantal geleverde eenheden per artikel van de inventaris van de opdracht.",
]


def texts(document: Document) -> list[str]:
    return [block.text for block in document.blocks]


def block_with(document: Document, words: str) -> str:
    found = [block.text for block in document.blocks if words in block.text]
    assert len(found) == 1, found
    return found[0]


def test_pdf_blocks_know_their_page_and_the_document_its_page_count() -> None:
    data = make_pdf([BODY, ["Een alinea op de tweede pagina."], ["En een op de derde."]])

    result = parse(data, "bestek.pdf")

    assert result.format == "pdf" and result.pages == 3
    assert [b.location.page for b in result.blocks] == [1, 2, 3]
    assert [b.location.paragraph for b in result.blocks] == [1, 2, 3]


def test_pdf_wrapped_lines_are_joined_into_one_paragraph() -> None:
    result = parse(make_pdf([BODY]), "x.pdf")

    assert texts(result) == [" ".join(BODY)]


def test_pdf_blank_lines_list_markers_and_short_sentence_ends_start_new_blocks() -> None:
    page: PageSpec = [
        *BODY[:2],
        "de levering volledig is uitgevoerd.",
        "Een nieuwe alinea volgt op een korte regel die met een punt eindigt en loopt dan verder",
        "over een tweede regel.",
        "",
        "Na een witregel begint ook een nieuwe alinea.",
        "De inschrijver voegt bij zijn offerte:",
        "• een ingevuld inventaris;",
        "- het attest van plaatsbezoek;",
        "a) de technische fiche van elk product.",
    ]

    result = parse(make_pdf([page]), "x.pdf")

    assert texts(result) == [
        " ".join([*BODY[:2], "de levering volledig is uitgevoerd."]),
        "Een nieuwe alinea volgt op een korte regel die met een punt eindigt en loopt dan verder "
        "over een tweede regel.",
        "Na een witregel begint ook een nieuwe alinea.",
        "De inschrijver voegt bij zijn offerte:",
        "• een ingevuld inventaris;",
        "- het attest van plaatsbezoek;",
        "a) de technische fiche van elk product.",
    ]
    assert [b.kind for b in result.blocks[-3:]] == ["list-item"] * 3


def test_pdf_hyphenation_at_line_ends_is_undone_but_real_hyphens_stay() -> None:
    page: PageSpec = [
        "De opdrachtnemer is ver-",
        "plicht om uitsluitend hout met het FSC-",
        "label te leveren, ook in Noord-",
        "Brabant, en leeft de beleids-",
        "en uitvoeringsregels van de stad na.",
    ]

    result = parse(make_pdf([page]), "x.pdf")

    assert texts(result) == [
        "De opdrachtnemer is verplicht om uitsluitend hout met het FSC-label te leveren, ook in "
        "Noord-Brabant, en leeft de beleids- en uitvoeringsregels van de stad na."
    ]


def test_pdf_repeated_headers_and_footers_and_page_numbers_are_dropped() -> None:
    pages = [[f"Artikel {n} – Bepalingen", *BODY[: 2 + i]] for i, n in enumerate((3, 7, 12, 15))]
    data = make_pdf(
        pages, header="Stad Gent – Bestek 2024/17 – pagina {page}", footer="Pagina {page} van {pages}"
    )

    result = parse(data, "x.pdf")

    joined = "\n".join(texts(result))
    assert "Stad Gent" not in joined and "Pagina" not in joined
    assert result.furniture == ("Stad Gent – Bestek 2024/17 – pagina 1",)
    assert [b.kind for b in result.blocks] == ["heading", "paragraph"] * 4


@pytest.mark.parametrize("footer", ["{page}", "- {page} -", "{page}/{pages}", "blz. {page}"])
def test_pdf_bare_page_numbers_are_dropped_even_on_short_documents(footer: str) -> None:
    result = parse(make_pdf([BODY, BODY], footer=footer), "x.pdf")

    assert texts(result) == [" ".join(BODY)] * 2


def test_pdf_a_paragraph_running_over_a_page_break_stays_one_block_on_its_first_page() -> None:
    pages = [
        ["Inleiding.", *BODY, "", "De inschrijver verbindt zich ertoe de fundamentele"],
        ["arbeidsnormen van de IAO na te leven in de hele toeleveringsketen.", "", "Volgende alinea."],
    ]

    result = parse(make_pdf(pages), "x.pdf")

    assert block_with(result, "fundamentele arbeidsnormen") == (
        "De inschrijver verbindt zich ertoe de fundamentele arbeidsnormen van de IAO na te leven in de hele "
        "toeleveringsketen."
    )
    assert [b.location.page for b in result.blocks if "IAO" in b.text] == [1]
    assert result.blocks[-1].location.page == 2


def test_pdf_headings_come_from_larger_or_bold_fonts_and_from_numbering() -> None:
    page: PageSpec = [
        Line("Administratieve bepalingen", size=14, bold=True, gap=1),
        *BODY[:2],
        Line("Uitvoering", size=11, bold=True, gap=1),
        *BODY[:2],
        "",
        "3.2 Sociale bepalingen",
        *BODY[:2],
        "",
        "Artikel 14 – Prijsherziening",
        *BODY[:2],
        "",
        "MILIEUBEPALINGEN",
        *BODY[:2],
    ]

    result = parse(make_pdf([page]), "x.pdf")

    headings = [(b.text, b.level) for b in result.blocks if b.kind == "heading"]
    assert headings == [
        ("Administratieve bepalingen", 1),
        ("Uitvoering", 2),
        ("3.2 Sociale bepalingen", 2),
        ("Artikel 14 – Prijsherziening", 2),
        ("MILIEUBEPALINGEN", 1),
    ]
    sections = [b.location.section for b in result.blocks if b.kind == "paragraph"]
    assert sections == [
        "Administratieve bepalingen",
        "Uitvoering",
        "3.2 Sociale bepalingen",
        "Artikel 14 – Prijsherziening",
        "MILIEUBEPALINGEN",
    ]


def test_pdf_a_numbered_sentence_is_not_taken_for_a_heading() -> None:
    page: PageSpec = [
        *BODY,
        "",
        "3.2 De opdrachtnemer levert gerecycleerd papier volgens de norm EN 12281 en",
        "legt het bewijs voor.",
    ]

    result = parse(make_pdf([page]), "x.pdf")

    assert [b.kind for b in result.blocks] == ["paragraph", "paragraph"]
    assert result.blocks[1].text.endswith("EN 12281 en legt het bewijs voor.")


def test_pdf_accents_and_typographic_characters_survive() -> None:
    result = parse(make_pdf([["Café – crème brûlée à € 5, “eerlijke” handel en coöperatie."]]), "x.pdf")

    assert texts(result) == ["Café – crème brûlée à € 5, “eerlijke” handel en coöperatie."]


def test_pdf_with_a_password_is_refused_in_dutch() -> None:
    data = make_pdf([["Vertrouwelijk bestek."]], user_password="geheim")
    opened = pypdfium2.PdfDocument(data, password="geheim")  # the file itself is sound
    opened.close()

    with pytest.raises(UnreadableDocument, match="wachtwoord"):
        parse(data, "beveiligd.pdf")


def test_pdf_without_text_is_refused_as_a_probable_scan() -> None:
    with pytest.raises(UnreadableDocument, match="scan"):
        parse(make_blank_pdf(2), "scan.pdf")


def test_pdf_with_some_pages_without_text_says_so_in_the_notes() -> None:
    data = make_pdf([BODY, [], BODY])

    result = parse(data, "x.pdf")

    assert len(result.blocks) == 2
    assert result.notes == (
        "1 van de 3 pagina's bevat geen tekst (scans?); wat daarop staat is niet gelezen.",
    )


def test_pdf_that_is_garbage_after_its_header_is_refused_as_damaged() -> None:
    with pytest.raises(UnreadableDocument, match="beschadigd"):
        parse(b"%PDF-1.7\n" + bytes(range(256)) * 20, "x.pdf")


def test_pdf_with_thousands_of_pages_is_read_up_to_the_page_cap() -> None:
    data = make_pdf([[f"Regel {n} van het lange bestek."] for n in range(MAX_PAGES + 500)])

    result = parse(data, "lang.pdf")

    assert result.pages == MAX_PAGES + 500
    assert len(result.blocks) == MAX_PAGES
    assert result.notes == (f"Alleen de eerste {MAX_PAGES} van de {MAX_PAGES + 500} pagina's zijn gelezen.",)


def test_pdf_of_300_dense_pages_is_read_whole() -> None:
    # speed is measured in benchmarks/speed.py, never asserted in a test
    data = make_pdf([BODY * 9 for _ in range(300)])  # 1.2 million characters, like a 300-page bestek
    result = parse(data, "groot.pdf")

    assert result.pages == 300 and result.word_count > 150_000


@pytest.mark.parametrize("indent", [72, 84])
def test_pdf_list_item_runs_on_over_its_lines_and_ends_at_a_sentence_back_at_the_margin(indent: int) -> None:
    page: PageSpec = [
        *BODY,
        "",
        "De inschrijver voegt bij zijn offerte:",
        Line("• een verklaring van de Belastingdienst over zijn betalingsgedrag die maximaal zes", x=72),
        Line("maanden oud is op het ogenblik van de indiening van de offerte.", x=indent),
        Line("Daarna volgt gewone tekst, weer op de marge van de bladzijde en zonder opsommingsteken.", x=72),
    ]

    result = parse(make_pdf([page]), "x.pdf")

    assert [(b.kind, b.text) for b in result.blocks[2:]] == [
        (
            "list-item",
            "• een verklaring van de Belastingdienst over zijn betalingsgedrag die maximaal zes maanden "
            "oud is op het ogenblik van de indiening van de offerte.",
        ),
        (
            "paragraph",
            "Daarna volgt gewone tekst, weer op de marge van de bladzijde en zonder opsommingsteken.",
        ),
    ]


def test_a_word_hyphenated_at_the_foot_of_a_page_is_whole_again_and_the_footer_stays_out() -> None:
    # pdfium runs the hyphenated last line into the footer it draws next ("voo-Pagina 1 van 3 ..."):
    # the baselines tell them apart, and the word is glued to its rest on the next page.
    body = ["De aanbestedende overheid stelt eisen inzake de voo-"]
    pages = [
        [*["Gewone tekst van de eerste bladzijde zonder afbreking."] * 3, *body],
        ["rbehouden opdracht voor maatwerkbedrijven en sociale ondernemingen.", "Nog een zin op bladzijde twee."],
        ["Derde bladzijde met gewone tekst."],
    ]
    document = parse(make_pdf(pages, footer="Pagina {page} van {pages}"), "afbreking.pdf")
    texts = [block.text for block in document.blocks]
    assert any("inzake de voorbehouden opdracht voor maatwerkbedrijven" in text for text in texts), texts
    assert not any("Pagina" in text for text in texts)
